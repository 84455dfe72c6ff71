# CLI tests of corpus mode (sourced by tests/cli.sh: uses check, ok, bad, $BIN, $T).
# Under `make asan` and `make tsan` the same checks run the sanitised binary,
# the -j runs being the threads' stress case.
export NEWSKG_DATA=${NEWSKG_DATA:-.}
C=$T/corpus
mkdir -p "$C"

# graphs (4th field) of an N-Quads file, in order of first appearance
graphs_of() { awk '{g = $(NF-1)} !(g in s) {s[g] = 1; print g}' "$1"; }

# A JSONL corpus: the example articles, with bad records between them.
i=0
for f in graphs/articles/*.txt; do
    i=$((i + 1))
    id=$(basename "$f" .txt)
    printf '{"id": "%s", "title": "Article %s", "date": "2024-09-1%s", "text": "%s", "extra": 1}\n' \
        "$id" "$i" "$i" "$(sed 's/\\/\\\\/g; s/"/\\"/g' "$f" | awk '{printf "%s\\n", $0}')" >>"$C/good.jsonl"
done
{
    sed -n 1p "$C/good.jsonl"
    echo '{"id": "broken", "text": "no end'
    sed -n 2p "$C/good.jsonl"
    echo '{"id": "notext", "title": "x"}'
    printf '{"id": "latin1", "text": "caf\351"}\n'
    sed -n 3p "$C/good.jsonl"
} >"$C/mixed.jsonl"

check "corpus jsonl -j1" 0 "$BIN" extract --input jsonl -j 1 -f nquads "$C/good.jsonl" -o "$C/j1.nq"
grep -q '^newskg extract: 3 articles' "$T/err" || bad "corpus: no summary: $(cat "$T/err")"
[ "$(graphs_of "$C/j1.nq" | wc -l)" -eq 3 ] || bad "corpus: want 3 named graphs"
graphs_of "$C/j1.nq" | sed 's/.*doc\///; s/_v_.*//' | tr '\n' ' ' >"$C/order"
first=$(basename "$(ls graphs/articles/*.txt | head -1)" .txt)
case $(cat "$C/order") in "$(echo "$first" | tr - _)"*) ok ;; *) bad "corpus: graphs not in input order: $(cat "$C/order")" ;; esac
grep -q '"Article 1"' "$C/j1.nq" || bad "corpus: the record's title is not in the RDF"
check "corpus jsonl -j3" 0 "$BIN" extract --input jsonl -j 3 -f nquads "$C/good.jsonl" -o "$C/j3.nq"
cmp -s "$C/j1.nq" "$C/j3.nq" && ok || bad "corpus: -j 3 N-Quads differ from -j 1"

# One article at a time gives the same N-Quads as the corpus run.
: >"$C/alone.nq"
i=0
for f in graphs/articles/*.txt; do
    i=$((i + 1))
    "$BIN" extract -f nquads --id "$(basename "$f" .txt)" --title "Article $i" --date "2024-09-1$i" "$f" >>"$C/alone.nq" 2>/dev/null
done
cmp -s "$C/j1.nq" "$C/alone.nq" && ok || bad "corpus: N-Quads differ from one run per article"

# Bad records: named by line, skipped, the rest written, exit 2.
check "corpus bad records" 2 "$BIN" extract --input jsonl -j 2 -f nquads "$C/mixed.jsonl" -o "$C/mixed.nq"
grep -q "mixed.jsonl:2:[0-9]*: error: invalid JSON" "$T/err" || bad "corpus: invalid JSON not named: $(cat "$T/err")"
grep -q "mixed.jsonl:4:1: error: no \"text\"" "$T/err" || bad "corpus: missing text not named"
grep -q "mixed.jsonl:5:[0-9]*: error: invalid UTF-8 at byte" "$T/err" || bad "corpus: bad UTF-8 not named"
grep -q "3 articles.*3 skipped" "$T/err" || bad "corpus: summary does not count the skipped: $(tail -1 "$T/err")"
cmp -s "$C/j1.nq" "$C/mixed.nq" && ok || bad "corpus: good records of a mixed input differ"

# JSONL facts, standard input, the same for any -j.
check "corpus jsonl out" 0 "$BIN" extract --input jsonl -j 1 -f jsonl "$C/good.jsonl" -o "$C/j1.jsonl"
check "corpus jsonl stdin -j4" 0 sh -c "\"$BIN\" extract --input jsonl -j 4 -f jsonl - <\"$C/good.jsonl\" >\"$C/stdin.jsonl\""
cmp -s "$C/j1.jsonl" "$C/stdin.jsonl" && ok || bad "corpus: JSONL from stdin with -j 4 differs"
check "corpus jsonl reads back" 0 "$BIN" render "$C/j1.jsonl" -f dot -o "$C/all.dot"
grep -q 'label=.*3 articles' "$C/all.dot" || grep -q '3 articles' "$C/all.dot" ||
    bad "corpus: a graph of 3 articles is not titled by what it holds: $(grep -m1 label "$C/all.dot")"

# A directory with metadata beside the texts; a list of files.
mkdir -p "$C/dir"
cp graphs/articles/*.txt "$C/dir/"
printf '{"title": "Meta title", "date": "2024-01-02"}' >"$C/dir/$first.json"
check "corpus dir" 0 "$BIN" extract --input dir -f nquads "$C/dir" -o "$C/dir.nq"
grep -q '"Meta title"' "$C/dir.nq" || bad "corpus dir: metadata not read"
[ "$(graphs_of "$C/dir.nq" | wc -l)" -eq 3 ] || bad "corpus dir: want 3 graphs"
ls graphs/articles/*.txt >"$C/list"
check "corpus list" 0 "$BIN" extract --input list -f jsonl "$C/list" -o "$C/list.jsonl"
check "files" 0 "$BIN" extract -f jsonl graphs/articles/*.txt -o "$C/files.jsonl"
cmp -s "$C/list.jsonl" "$C/files.jsonl" && ok || bad "corpus list differs from the same files"

# --resume: a run over the first two records, then over all, equals one run.
head -2 "$C/good.jsonl" >"$C/two.jsonl"
for fmt in nq jsonl; do
    rm -f "$C/r.$fmt"
    check "resume first $fmt" 0 "$BIN" extract --input jsonl "$C/two.jsonl" -o "$C/r.$fmt"
    check "resume rest $fmt" 0 "$BIN" extract --input jsonl --resume "$C/good.jsonl" -o "$C/r.$fmt"
    grep -q "2 already in the output" "$T/err" || bad "resume $fmt: summary: $(cat "$T/err")"
    cmp -s "$C/r.$fmt" "$C/j1.$fmt" && ok || bad "resume $fmt: differs from one run"
done
check "resume needs -o" 2 "$BIN" extract --input jsonl --resume -f nquads "$C/good.jsonl"

# Bad options.
check "corpus bad -j" 2 "$BIN" extract --input jsonl -j 0 "$C/good.jsonl"
check "corpus bad --input" 2 "$BIN" extract --input frob "$C/good.jsonl"
check "corpus missing jsonl" 2 "$BIN" extract --input jsonl "$C/none.jsonl"

# --progress on a pipe: articles and words/s on stderr, nothing on stdout but facts.
check "corpus --progress" 0 "$BIN" extract --input jsonl --progress -f jsonl "$C/good.jsonl"
grep -q 'words/s' "$T/err" || bad "corpus --progress: no progress line"
cmp -s "$T/out" "$C/j1.jsonl" && ok || bad "corpus --progress: output changed"

# Side outputs only: nothing on stdout.
check "side outputs only" 0 "$BIN" extract --rdf "$C/s.ttl" --jsonl "$C/s.jsonl" --dot "$C/s.dot" graphs/articles/$first.txt
[ -s "$T/out" ] && bad "side outputs only: wrote to stdout" || ok
[ -s "$C/s.ttl" ] && [ -s "$C/s.jsonl" ] && [ -s "$C/s.dot" ] && ok || bad "side outputs only: missing"

# Stress: many small articles, bad ones among them, on 4 threads (the
# sanitizer builds run this too).
awk 'BEGIN {
    for (i = 0; i < 240; i++) {
        if (i % 37 == 5) { print "{\"id\": \"bad" i "\", \"text\": 12}"; continue }
        printf "{\"id\": \"s%d\", \"text\": \"Police arrested %d men in Lyon on Monday.\\nThe mayor said they had attacked a bank. It denied that.\"}\n", i, i % 9 + 2
    }
}' >"$C/stress.jsonl"
check "stress -j1" 2 "$BIN" extract --input jsonl -j 1 -f nquads "$C/stress.jsonl" -o "$C/st1.nq"
check "stress -j4" 2 "$BIN" extract --input jsonl -j 4 -f nquads "$C/stress.jsonl" -o "$C/st4.nq" --jsonl "$C/st4.jsonl"
cmp -s "$C/st1.nq" "$C/st4.nq" && ok || bad "stress: -j 4 differs from -j 1"
[ "$(graphs_of "$C/st4.nq" | wc -l)" -eq 233 ] || bad "stress: want 233 graphs, got $(graphs_of "$C/st4.nq" | wc -l)"

# Ctrl-C: stop reading, write whole articles only, exit 130; --resume then
# completes the output to what one run gives.  The input comes through a
# pipe that stalls after four records, so the signal lands mid-corpus.
i=0
while [ $i -lt 3 ]; do cat "$C/good.jsonl"; i=$((i + 1)); done |
    awk '{sub(/"id": "/, "\"id\": \"" NR "-"); print}' >"$C/long.jsonl"
"$BIN" extract --input jsonl -j 2 -f nquads "$C/long.jsonl" -o "$C/long-full.nq" 2>/dev/null
{ head -4 "$C/long.jsonl"; sleep 30; tail -n +5 "$C/long.jsonl"; } |
    "$BIN" extract --input jsonl -j 2 -f nquads - >"$C/long.nq" 2>"$C/int.err" &
pid=$!
n=0
while [ $n -lt 600 ] && [ "$(graphs_of "$C/long.nq" | wc -l)" -lt 4 ]; do
    sleep 0.1; n=$((n + 1))
done
kill -INT $pid 2>/dev/null
wait $pid
st=$?
[ $st -eq 130 ] && ok || bad "SIGINT: exit $st, want 130: $(cat "$C/int.err")"
grep -q 'interrupted' "$C/int.err" && ok || bad "SIGINT: the summary does not say so"
[ "$(graphs_of "$C/long.nq" | wc -l)" -eq 4 ] && ok || bad "SIGINT: want the 4 articles read"
graphs_of "$C/long.nq" >"$C/int.graphs"
awk 'NR == FNR {g[$1] = 1; next} ($(NF-1) in g)' "$C/int.graphs" "$C/long-full.nq" >"$C/long-expect.nq"
cmp -s "$C/long.nq" "$C/long-expect.nq" && ok || bad "SIGINT: the output is not whole articles"
check "resume after SIGINT" 0 "$BIN" extract --input jsonl -j 2 --resume "$C/long.jsonl" -o "$C/long.nq"
cmp -s "$C/long.nq" "$C/long-full.nq" && ok || bad "SIGINT + --resume: differs from one run"

# --version is listed in the help and answers.
check "--help lists --version" 0 "$BIN" --help
grep -q -- '--version' "$T/out" && ok || bad "newskg --help does not list --version"
check "extract --help lists --version" 0 "$BIN" extract --help
grep -q -- '--version' "$T/out" && ok || bad "extract --help does not list --version"
grep -q -- 'keep every article' "$T/out" && ok || bad "extract --help: which formats keep a model"
check "extract --version" 0 "$BIN" extract --version
grep -q '^newskg [0-9]' "$T/out" && ok || bad "extract --version: $(cat "$T/out")"
