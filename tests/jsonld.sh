#!/bin/sh
# JSON-LD as a JSON-LD processor reads it: newskg's -f jsonld, turned into
# N-Quads by npm's jsonld (test-only: installed under the build tree from
# tests/jsonld/package-lock.json, never at run time), must hold exactly the
# quads of newskg's own -f nquads, for one article and for several.
# Skipped (exit 0) without node and npm.  Last line: "N passed, N failed".
set -u
BIN=${NEWSKG_BIN:-build/newskg}
B=${B:-build}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "jsonld: node or npm missing: skipped"
    exit 0
fi
D=$B/jsonld-test
mkdir -p "$D"
for f in package.json package-lock.json compare.mjs; do
    cmp -s "tests/jsonld/$f" "$D/$f" || cp "tests/jsonld/$f" "$D/$f"
done
if [ ! -d "$D/node_modules/jsonld" ] || [ "$D/package-lock.json" -nt "$D/node_modules/.package-lock.json" ]; then
    (cd "$D" && npm ci --silent --no-audit --no-fund) >"$D/npm.log" 2>&1 ||
        { echo "jsonld: npm ci failed:"; cat "$D/npm.log"; echo "0 passed, 1 failed"; exit 1; }
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
one() { # one NAME ARGS...: render/extract ARGS as JSON-LD and N-Quads, compare
    name=$1; shift
    if "$@" -f jsonld -o "$T/$name.jsonld" && "$@" -f nquads -o "$T/$name.nq" &&
       node "$D/compare.mjs" "$T/$name.jsonld" "$T/$name.nq" >"$T/out" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: jsonld $name"; cat "$T/out"
    fi
}
one mini "$BIN" render tests/data/golden/mini.jsonl
for f in graphs/*.jsonl; do
    one "$(basename "$f" .jsonl)" "$BIN" render "$f"
done
one three "$BIN" extract --date 2025-03-05 graphs/articles/harbour-strike.txt \
    graphs/articles/border-talks.txt graphs/articles/chip-merger.txt
one versions "$BIN" extract --id strike graphs/articles/harbour-strike.txt tests/data/diff/story.txt
# the same JSON is valid JSON for anyone
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$T/three.jsonld" &&
    pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: jsonld: not JSON"; }
echo "jsonld: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
