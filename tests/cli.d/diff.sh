# newskg diff: sourced by tests/cli.sh (uses check, bad, $BIN, $T).
# Hand-written facts (JSONL, and Turtle/N-Triples rendered from them) keep
# these checks independent of the extractor; the article texts are only
# compared with themselves, or checked for "some change".
DD=tests/data/diff
V1=$DD/story.jsonl
V2=$DD/story.v2.jsonl

check "diff --help" 0 "$BIN" diff --help
grep -q -- "--format" "$T/out" || bad "diff --help: no --format"

# The same file: exit 0, nothing written, in every text format.
check "diff self jsonl" 0 "$BIN" diff -f jsonl "$V1" "$V1"
[ ! -s "$T/out" ] || bad "diff self jsonl: output: $(head -c 200 "$T/out")"
check "diff self text" 0 "$BIN" diff "$V1" "$V1"
[ ! -s "$T/out" ] || bad "diff self text: output"
check "diff self article" 0 "$BIN" diff -f jsonl $DD/story.txt $DD/story.txt
[ ! -s "$T/out" ] || bad "diff self article: output"

# The story's versions: a corrected number (two facts), a changed actor, an
# added denial, a dropped sentence; the reworded and the moved sentences
# are no change.
check "diff pair text" 1 "$BIN" diff "$V1" "$V2"
head -2 "$T/out" | tr '\n' '|' | grep -q "^--- $V1|+++ $V2|$" || bad "diff text: header"
[ "$(grep -c '^~ ' "$T/out")" = 4 ] || bad "diff text: want 4 changed: $(cat "$T/out")"
[ "$(grep -c '^- ' "$T/out")" = 1 ] || bad "diff text: want 1 removed"
grep -q '^  target: six Valdorian diplomats -> seven Valdorian diplomats$' "$T/out" ||
    bad "diff text: corrected number"
grep -q '^  expel: 6 -> 7 diplomats$' "$T/out" || bad "diff text: no changed quantity"
grep -q '^  actor: Federal Trade Commission -> Department of Justice$' "$T/out" ||
    bad "diff text: changed actor"
grep -q '^  negated: no -> yes$' "$T/out" || bad "diff text: denial"
grep -q '^  - The Norvanian navy seized' "$T/out" || bad "diff text: dropped sentence"
grep -q 'Marrow' "$T/out" && bad "diff text: reworded sentence shown as a change"
grep -q 'condemn' "$T/out" && bad "diff text: moved paragraph shown as a change"

check "diff pair jsonl" 1 "$BIN" diff --format jsonl "$V1" "$V2"
[ "$(wc -l < "$T/out")" -eq 5 ] || bad "diff jsonl: want 5 lines, got $(wc -l < "$T/out")"
[ "$(grep -c '^{"change": "changed", "fact": {.*}, "old": {.*}' "$T/out")" = 4 ] ||
    bad "diff jsonl: changed lines"
grep -q '^{"change": "removed", "fact": {"doc": "story", "sentence": 5,' "$T/out" ||
    bad "diff jsonl: removed line"
grep -q '"quantity": {"old": 6, "new": 7, "unit": "diplomats"}' "$T/out" ||
    bad "diff jsonl: no changed quantity"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$T/out" || bad "diff jsonl: not JSON"
fi

# Graphs newskg wrote (Turtle, sniffed N-Triples) give the same changes.
check "diff render v1" 0 "$BIN" render "$V1" -o "$T/v1.ttl"
check "diff render v2" 0 "$BIN" render "$V2" -o "$T/v2.ttl"
check "diff turtle" 1 "$BIN" diff -f jsonl "$T/v1.ttl" "$T/v2.ttl"
[ "$(wc -l < "$T/out")" -eq 5 ] || bad "diff turtle: want 5 changes: $(cat "$T/err")"
check "diff turtle self" 0 "$BIN" diff "$T/v1.ttl" "$T/v1.ttl"
check "diff render v1 nt" 0 "$BIN" render "$V1" --canonical -o "$T/v1.nt"
# NEW revises OLD: the patch says so
v1_iri=$(sed -n 's|^<\([^>]*\)> <[^>]*#type> <[^>]*#ArticleVersion> \.$|\1|p' "$T/v1.nt")
case "$v1_iri" in http*) ok ;; *) bad "diff: no version IRI in v1.nt" ;; esac
check "diff render v2 nt" 0 "$BIN" render "$V2" --previous "$v1_iri" --canonical -o "$T/v2.nt"
cp "$T/v2.nt" "$T/v2-sniffed"
check "diff jsonl vs sniffed nt" 1 "$BIN" diff -q "$V1" "$T/v2-sniffed"
[ ! -s "$T/out" ] || bad "diff -q: output"

# The RDF Patch applied to OLD's N-Triples gives NEW's, exactly.
check "diff rdfpatch" 1 "$BIN" diff -f rdfpatch "$V1" "$V2" -o "$T/p.rdfp"
head -1 "$T/p.rdfp" | grep -qx 'TX \.' || bad "diff rdfpatch: no TX"
grep -q "^A <[^>]*> <http://www.w3.org/ns/prov#wasRevisionOf> <$v1_iri> \.$" "$T/p.rdfp" ||
    bad "diff rdfpatch: NEW does not revise OLD"
tail -1 "$T/p.rdfp" | grep -qx 'TC \.' || bad "diff rdfpatch: no TC"
grep -v '^T[XC] \.$' "$T/p.rdfp" | grep -qv '^[AD] <' && bad "diff rdfpatch: a row that is not A/D"
sed -n 's/^D //p' "$T/p.rdfp" | LC_ALL=C sort > "$T/dels"
sed -n 's/^A //p' "$T/p.rdfp" > "$T/adds"
LC_ALL=C sort "$T/v1.nt" | LC_ALL=C comm -23 - "$T/dels" | cat - "$T/adds" | LC_ALL=C sort > "$T/patched.nt"
LC_ALL=C sort "$T/v2.nt" | cmp -s - "$T/patched.nt" || bad "diff rdfpatch: patched OLD is not NEW"
check "diff rdfpatch self" 0 "$BIN" diff -f rdfpatch "$V1" "$V1"
[ ! -s "$T/out" ] || bad "diff rdfpatch self: rows"

# The overlay: DOT with a legend, a PNG written atomically, SVG.
check "diff dot" 1 "$BIN" diff -f dot "$V1" "$V2"
grep -q '^digraph' "$T/out" || bad "diff dot: not DOT"
grep -qi 'legend' "$T/out" || bad "diff dot: no legend"
mkdir -p "$T/d"
check "diff png" 1 "$BIN" diff "$V1" "$V2" -o "$T/d/diff.png"
[ "$(head -c 4 "$T/d/diff.png" | od -An -c | tr -d ' ')" = "211PNG" ] || bad "diff png: not a PNG"
[ "$(ls "$T/d")" = "diff.png" ] || bad "diff png: stray files: $(ls "$T/d")"
check "diff svg" 1 "$BIN" diff -f svg "$V1" "$V2" --title "v1 -> v2"
grep -q '<svg' "$T/out" || bad "diff svg: no <svg"

# Article texts, extracted on the fly: the versions differ somewhere.
check "diff articles" 1 "$BIN" diff $DD/story.txt $DD/story.v2.txt --date 2024-09-13

# Trouble: exit 2, file:line:col, nothing written.
sed '2s/.*/{"doc": "story", "sentence": 1, "action": /' "$V1" > "$T/bad.jsonl"
check "diff bad jsonl" 2 "$BIN" diff "$T/bad.jsonl" "$V2" -o "$T/d/bad.txt"
grep -q 'bad.jsonl:2:[0-9]*: error' "$T/err" || bad "diff bad jsonl: no file:line:col: $(cat "$T/err")"
[ ! -e "$T/d/bad.txt" ] || bad "diff bad jsonl: output written"
printf '@prefix nk: <https://w3id.org/newskg/ns#> .\nnk:a nk:b .\n' > "$T/bad.ttl"
check "diff bad turtle" 2 "$BIN" diff "$V1" "$T/bad.ttl"
grep -q 'bad.ttl:[0-9]*:[0-9]*: error' "$T/err" || bad "diff bad turtle: $(cat "$T/err")"
check "diff missing file" 2 "$BIN" diff "$V1" "$T/nonexistent.txt"
check "diff one input" 2 "$BIN" diff "$V1"
check "diff three inputs" 2 "$BIN" diff "$V1" "$V2" "$V2"
check "diff unknown format" 2 "$BIN" diff -f gif "$V1" "$V2"
check "diff unknown suffix" 2 "$BIN" diff "$V1" "$V2" -o "$T/d/x.gif"
check "diff unknown option" 2 "$BIN" diff --frobnicate "$V1" "$V2"
check "diff bad date" 2 "$BIN" diff --date 2024-13-01 "$V1" "$V2"
check "diff unwritable" 2 "$BIN" diff "$V1" "$V2" -o "$T/no/such/dir/x.txt"

# Bare claims ("X said" and nothing else): the overlay draws an added one
# (a diff picture shows every change); an unchanged one is left out and
# counted in the legend unless --bare-claims.
say='{"doc": "story", "sentence": 9, "span": [900, 930], "actor": {"label": "Valdorian Foreign Ministry", "type": "Organization"}, "action": {"lemma": "say", "class": "MakeStatement", "text": "said", "cameo": "010"}, "target": null, "place": null, "time": null, "negated": false, "modality": "asserted", "attributed_to": null, "confidence": 1.0, "sentence_text": "The Valdorian Foreign Ministry said on Friday."}'
cp "$V1" "$T/bare1.jsonl"
{ cat "$V1"; echo "$say"; } > "$T/bare2.jsonl"
{ cat "$V2"; echo "$say"; } > "$T/bare3.jsonl"
check "diff added bare claim" 1 "$BIN" diff -f dot "$T/bare1.jsonl" "$T/bare2.jsonl"
grep -q 'Valdorian Foreign Ministry' "$T/out" || bad "diff added bare claim: not drawn"
grep -q 'not drawn' "$T/out" && bad "diff added bare claim: counted as not drawn"
check "diff unchanged bare claim" 0 "$BIN" diff -f dot "$T/bare2.jsonl" "$T/bare2.jsonl"
check "diff unchanged bare claim, picture" 1 "$BIN" diff -f dot "$T/bare2.jsonl" "$T/bare3.jsonl"
grep -q '1 statement without content' "$T/out" || bad "diff unchanged bare claim: legend"
grep -q 'Valdorian Foreign Ministry' "$T/out" && bad "diff unchanged bare claim: drawn"
check "diff --bare-claims" 1 "$BIN" diff --bare-claims -f dot "$T/bare2.jsonl" "$T/bare3.jsonl"
grep -q 'Valdorian Foreign Ministry' "$T/out" || bad "diff --bare-claims: not drawn"
grep -q 'not drawn' "$T/out" && bad "diff --bare-claims: counted as not drawn"
