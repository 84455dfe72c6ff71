# CLI tests of extract (sourced by tests/cli.sh: uses check, ok, bad, $BIN, $T).
export NEWSKG_DATA=${NEWSKG_DATA:-.}

printf 'Russia expelled six British diplomats on Thursday.\nThe Foreign Office said the accusations were baseless.\n' >"$T/a.txt"
check "extract --help" 0 "$BIN" extract --help
check "extract turtle" 0 "$BIN" extract "$T/a.txt" -o "$T/a.ttl"
if command -v rapper >/dev/null 2>&1; then
    if rapper -q -i turtle -c "$T/a.ttl" 2>"$T/rapper.err"; then ok; else bad "extract: rapper rejects the Turtle"; cat "$T/rapper.err"; fi
fi
if grep -q '_:' "$T/a.ttl"; then bad "extract: blank nodes in the Turtle"; else ok; fi
check "extract jsonl + side outputs" 0 "$BIN" extract --date 2024-09-12 -f jsonl "$T/a.txt" \
    -o "$T/a.jsonl" --rdf "$T/b.nt" --dot "$T/a.dot" --png "$T/a.png"
if grep -q '"lemma": "expel"' "$T/a.jsonl" && grep -q '"time": "2024-09-12"' "$T/a.jsonl"; then ok
else bad "extract jsonl: no dated expel fact"; cat "$T/a.jsonl"; fi
if [ -s "$T/b.nt" ] && [ -s "$T/a.dot" ] && head -c 8 "$T/a.png" | od -An -c | grep -q 'P   N   G'; then ok
else bad "extract: side outputs missing"; fi
check "render reads extract's jsonl" 0 "$BIN" render "$T/a.jsonl" -o "$T/r.ttl"
check "extract stdin" 0 sh -c "\"$BIN\" extract -f jsonl - <\"$T/a.txt\" >\"$T/s.jsonl\""
if [ "$(grep -c . "$T/s.jsonl")" = "$(grep -c . "$T/a.jsonl")" ]; then ok; else bad "extract stdin differs"; fi
# same input, same bytes
"$BIN" extract "$T/a.txt" -f ntriples --canonical -o "$T/c1.nt" 2>/dev/null
"$BIN" extract "$T/a.txt" -f ntriples --canonical -o "$T/c2.nt" 2>/dev/null
if cmp -s "$T/c1.nt" "$T/c2.nt"; then ok; else bad "extract --canonical is not byte-stable"; fi
# several articles: one named graph each
cp "$T/a.txt" "$T/other.txt"
check "extract nquads, two files" 0 "$BIN" extract -f nquads "$T/a.txt" "$T/other.txt" -o "$T/two.nq"
if [ "$(awk '{print $(NF-1)}' "$T/two.nq" | sort -u | wc -l)" -ge 2 ]; then ok; else bad "extract nquads: fewer than two graphs"; fi
# errors: nothing written, file and position named
printf 'Fine line.\nBad \377 byte.\n' >"$T/bad.txt"
check "extract invalid UTF-8" 2 "$BIN" extract "$T/bad.txt" -o "$T/extract-bad.ttl"
if grep -q 'bad.txt:2:5' "$T/err"; then ok; else bad "invalid UTF-8: position not named"; cat "$T/err"; fi
if [ -e "$T/extract-bad.ttl" ]; then bad "invalid UTF-8: output written"; else ok; fi
check "extract missing file" 2 "$BIN" extract "$T/nope.txt"
check "extract without WordNet" 2 "$BIN" extract --wordnet "$T/no-wordnet" "$T/a.txt" -o "$T/nown.ttl"
if grep -q 'no-wordnet/data.noun: error: .*wordnet-base' "$T/err" && [ ! -e "$T/nown.ttl" ]; then ok
else bad "extract --wordnet: missing files not named, or output written"; cat "$T/err"; fi
check "extract bad date" 2 "$BIN" extract --date 2024-13-40 "$T/a.txt"
check "extract bad format" 2 "$BIN" extract -f frob "$T/a.txt"
check "extract unknown option" 2 "$BIN" extract --frob "$T/a.txt"
check "extract unwritable output" 2 "$BIN" extract "$T/a.txt" -o "$T/no/such/dir/x.ttl"
# versions of one article (--id with several files): one document, each
# version revising the one before; --previous names it for a single text
printf 'Russia expelled seven British diplomats on Thursday.\nThe Foreign Office said the accusations were baseless.\n' >"$T/a2.txt"
check "extract --id versions" 0 "$BIN" extract --id story -f nquads "$T/a.txt" "$T/a2.txt" -o "$T/v.nq"
if [ "$(awk '{print $(NF-1)}' "$T/v.nq" | sort -u | wc -l)" -eq 2 ] &&
   grep -q '^<[^>]*/doc/story-h[0-9a-f]*> <http://www.w3.org/ns/prov#wasRevisionOf> <[^>]*/doc/story-h[0-9a-f]*> ' "$T/v.nq" &&
   [ "$(grep -c 'wasRevisionOf' "$T/v.nq")" -eq 1 ]; then ok
else bad "extract --id versions: no two graphs with a revision"; fi
rev=$(sed -n 's/.*#wasRevisionOf> <\([^>]*\)>.*/\1/p' "$T/v.nq")
check "extract --previous file" 0 "$BIN" extract --id story --previous "$T/a.txt" -f ntriples "$T/a2.txt"
grep -q "#wasRevisionOf> <$rev> \." "$T/out" || bad "extract --previous FILE: not the first version's IRI"
check "extract --previous missing" 2 "$BIN" extract --previous "$T/none.txt" "$T/a2.txt"

# --words: a user's word lists widen or narrow the rules without C.
echo 'Russia launched an attack on Kyiv.' >"$T/launch.txt"
printf 'light-verb\t!launch\n' >"$T/nolight.tsv"
check "extract light verb" 0 "$BIN" extract -f jsonl "$T/launch.txt"
grep -q '"lemma": "attack"' "$T/out" || bad "extract: 'launched an attack' is no attack"
check "extract --words removes a light verb" 0 "$BIN" extract -f jsonl --words "$T/nolight.tsv" "$T/launch.txt"
grep -q '"lemma": "launch"' "$T/out" || bad "extract --words: '!launch' kept the light verb"
printf 'org-word\tmotors\nno-such-list\tword\n' >"$T/badwords.tsv"
check "extract --words malformed" 2 "$BIN" extract --words "$T/badwords.tsv" "$T/launch.txt"
grep -q "badwords.tsv:2:1: error: unknown word list 'no-such-list'" "$T/err" ||
    bad "extract --words malformed: $(cat "$T/err")"
[ ! -s "$T/out" ] || bad "extract --words malformed: wrote output"
