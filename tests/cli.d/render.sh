# newskg render: sourced by tests/cli.sh (uses check, $BIN, $T).
MINI=tests/data/render-mini.jsonl

check "render --help" 0 "$BIN" render --help
grep -q -- "--layout" "$T/out" || bad "render --help: no --layout"

# DOT on stdout (the default), accepted by Graphviz's own dot.
check "render dot" 0 "$BIN" render "$MINI"
grep -q '^digraph' "$T/out" || bad "render dot: not DOT"
if command -v dot >/dev/null 2>&1; then
    dot -Tsvg "$T/out" >/dev/null 2>&1 || bad "render dot: dot -Tsvg rejects it"
fi
cp "$T/out" "$T/mini.dot"

# Standard input with --input; same DOT.
check "render stdin" 0 sh -c "\"$BIN\" render -i jsonl - < $MINI"
cmp -s "$T/out" "$T/mini.dot" || bad "render stdin: differs from file input"

# PNG by suffix, written atomically: the file and nothing else.
mkdir -p "$T/r"
check "render png" 0 "$BIN" render "$MINI" -o "$T/r/mini.png"
[ "$(head -c 4 "$T/r/mini.png" | od -An -c | tr -d ' ')" = "211PNG" ] || bad "render png: not a PNG"
[ "$(ls "$T/r")" = "mini.png" ] || bad "render png: stray files: $(ls "$T/r")"
check "render svg -f" 0 "$BIN" render "$MINI" -f svg --title "A <title> & more"
grep -q '<svg' "$T/out" || bad "render svg: no <svg"
grep -q 'A &lt;title&gt; &amp; more' "$T/out" || bad "render svg: title missing"

# Turtle, then back from Turtle (detected by extension) to the same DOT.
check "render turtle" 0 "$BIN" render "$MINI" -o "$T/r/mini.ttl"
grep -q '^@prefix nk:' "$T/r/mini.ttl" || bad "render turtle: no nk: prefix"
check "render from turtle" 0 "$BIN" render "$T/r/mini.ttl" -f dot
grep -q 'Valdorian diplomats' "$T/out" || bad "render from turtle: entity missing"
check "render canonical" 0 "$BIN" render "$MINI" --canonical -o "$T/r/a.nt"
check "render canonical again" 0 "$BIN" render "$T/r/mini.ttl" --canonical -o "$T/r/b.nt"
cmp -s "$T/r/a.nt" "$T/r/b.nt" || bad "render canonical: JSONL and Turtle inputs differ"
cp "$T/r/a.nt" "$T/r/sniffed"
check "render sniffs N-Triples" 0 "$BIN" render "$T/r/sniffed" -f jsonl
grep -q '"lemma": "expel"' "$T/out" || bad "render sniff: no facts"

# Malformed JSONL: exit 2, file:line in the message, no output file.
sed '3s/.*/{"doc": "render-mini", "sentence": 2, "action": /' "$MINI" > "$T/bad.jsonl"
check "render bad jsonl" 2 "$BIN" render "$T/bad.jsonl" -o "$T/r/bad.png"
grep -q 'bad.jsonl:3:[0-9]*: error' "$T/err" || bad "render bad jsonl: no file:line:col: $(cat "$T/err")"
[ ! -e "$T/r/bad.png" ] || bad "render bad jsonl: output written"

check "render unknown format" 2 "$BIN" render "$MINI" -f gif
check "render unknown suffix" 2 "$BIN" render "$MINI" -o "$T/r/x.gif"
check "render canonical turtle" 2 "$BIN" render "$MINI" -f turtle --canonical
check "render unknown option" 2 "$BIN" render --frobnicate "$MINI"
check "render missing file" 2 "$BIN" render "$T/nonexistent.jsonl"
check "render unwritable" 2 "$BIN" render "$MINI" -o "$T/no/such/dir/x.png"
check "render bad engine" 2 "$BIN" render "$MINI" -f svg --layout no-such-engine
check "render sfdp" 0 "$BIN" render "$MINI" -f svg --layout sfdp

# --ontology: facts without a class get the one their lemma evokes.
printf '%s\n' '{"doc": "o", "sentence": 1, "actor": {"label": "A", "type": "Country"}, "action": {"lemma": "expel"}, "target": {"label": "B", "type": "Group"}}' > "$T/noclass.jsonl"
check "render --ontology" 0 "$BIN" render "$T/noclass.jsonl" --ontology "" -f jsonl
grep -q '"class": "Expel"' "$T/out" || bad "render --ontology: lemma not classified"
check "render --ontology missing" 2 "$BIN" render "$T/noclass.jsonl" --ontology "$T/none.ttl"
