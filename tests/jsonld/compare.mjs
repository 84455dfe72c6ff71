// Test helper (tests/jsonld.sh): turn newskg's JSON-LD (argv[2]) into
// N-Quads with the jsonld processor -- offline: a document loader that
// refuses every remote document -- and compare them with newskg's own
// N-Quads (argv[3]).  Both sides are normalised the same way: \u escapes
// decoded (raptor writes them, jsonld.js writes UTF-8), lines sorted.
// Exit 0 when they hold the same quads; else print the differences.
import fs from 'node:fs';
import jsonld from 'jsonld';

const documentLoader = async (url) => {
  throw new Error(`no remote documents in tests: ${url}`);
};
const unescape = (line) =>
  line
    .replace(/\\U([0-9A-Fa-f]{8})/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/\\u([0-9A-Fa-f]{4})/g, (_, h) => String.fromCodePoint(parseInt(h, 16)));
const lines = (text) =>
  [...new Set(text.split('\n').filter((l) => l.trim() !== '').map(unescape))].sort();

const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const theirs = lines(await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader }));
const ours = lines(fs.readFileSync(process.argv[3], 'utf8'));
const missing = ours.filter((l) => !theirs.includes(l));
const extra = theirs.filter((l) => !ours.includes(l));
if (missing.length || extra.length) {
  for (const l of missing.slice(0, 10)) console.log(`only in newskg's N-Quads: ${l}`);
  for (const l of extra.slice(0, 10)) console.log(`only in the JSON-LD: ${l}`);
  process.exit(1);
}
console.log(`${ours.length} quads agree`);
