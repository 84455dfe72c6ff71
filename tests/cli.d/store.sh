# CLI tests of load, query and drop (sourced by tests/cli.sh: uses check,
# ok, bad, $BIN, $T).  The embedded store in $T; every bad input; a load
# killed with SIGKILL at random points; two loads at once; a full disk.
export NEWSKG_DATA=${NEWSKG_DATA:-.}
S="$T/store.db"
NK='https://w3id.org/newskg/ns#'

check "load --help" 0 "$BIN" load --help
check "query --help" 0 "$BIN" query --help
check "drop --help" 0 "$BIN" drop --help
check "load no files" 2 "$BIN" load --store "$S"
check "load unknown -i" 2 "$BIN" load --store "$S" -i frob graphs/harbour-strike.ttl

# newskg's own Turtle: one graph per article version
check "load turtle" 0 "$BIN" load --store "$S" graphs/harbour-strike.ttl graphs/border-talks.ttl
check "load --list" 0 "$BIN" load --store "$S" --list
if [ "$(grep -c '/doc/' "$T/out")" = 2 ]; then ok; else bad "load --list: want 2 graphs"; cat "$T/out"; fi
count() { "$BIN" query --store "$S" -f csv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' 2>/dev/null | tail -n 1 | tr -d '\r'; }
n1=$(count)
check "reload the same version" 0 "$BIN" load --store "$S" graphs/harbour-strike.ttl
if grep -q '1 replaced' "$T/err" && [ "$(count)" = "$n1" ]; then ok; else bad "reload changed the count ($n1 -> $(count))"; cat "$T/err"; fi

# an article text extracted on the fly, a second version of it, JSONL facts
check "load article text" 0 "$BIN" load --store "$S" --date 2025-10-08 graphs/articles/chip-merger.txt
sed 's/Helion/Halion/' graphs/articles/chip-merger.txt >"$T/chip-merger.txt"
check "load a second version" 0 "$BIN" load --store "$S" --date 2025-10-09 "$T/chip-merger.txt"
if [ "$("$BIN" load --store "$S" --list | grep -c '/doc/chip_merger')" = 2 ]; then ok
else bad "two versions of an article are not two graphs"; "$BIN" load --store "$S" --list; fi
check "load jsonl" 0 "$BIN" load --store "$S" graphs/border-talks.jsonl
check "NEWSKG_STORE" 0 env NEWSKG_STORE="$S" "$BIN" load --list
if grep -q chip_merger "$T/out"; then ok; else bad "NEWSKG_STORE not used"; fi

# queries: every format, named graphs, ready queries, --set
Q="SELECT ?l WHERE { ?e <${NK}negated> true ; <${NK}lemma> ?l } ORDER BY ?l"
for f in table csv tsv json xml; do
    check "query -f $f" 0 "$BIN" query --store "$S" -f "$f" "$Q"
    if grep -q review "$T/out"; then ok; else bad "query -f $f: no answer"; cat "$T/out"; fi
done
check "query json is JSON" 0 sh -c "\"$BIN\" query --store \"$S\" -f json '$Q' | python3 -m json.tool"
check "query GRAPH ?g" 0 "$BIN" query --store "$S" -f tsv "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e <${NK}lemma> \"review\" } }"
if [ "$(grep -c '/doc/chip_merger' "$T/out")" = 2 ]; then ok; else bad "GRAPH ?g: want both versions"; cat "$T/out"; fi
check "query construct" 0 "$BIN" query --store "$S" -f ntriples "CONSTRUCT { ?e <${NK}lemma> ?l } WHERE { ?e <${NK}negated> true ; <${NK}lemma> ?l }"
if command -v rapper >/dev/null 2>&1; then
    if rapper -q -i ntriples -c "$T/out" 2>/dev/null; then ok; else bad "construct: not N-Triples"; fi
fi
check "query describe turtle" 0 "$BIN" query --store "$S" "DESCRIBE <https://w3id.org/newskg/id/entity/Q114>"
check "query table for construct" 2 "$BIN" query --store "$S" -f csv "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
check "query -q file -o" 0 "$BIN" query --store "$S" -q scripts/queries/who-acted-against-whom.rq -o "$T/who.csv"
if grep -q '^actor,action,target,events' "$T/who.csv"; then ok; else bad "ready query: no header"; head -3 "$T/who.csv"; fi
for q in scripts/queries/*.rq; do
    check "ready query $(basename "$q")" 0 "$BIN" query --store "$S" -q "$q" -f csv
done
check "query --set" 0 "$BIN" query --store "$S" -q scripts/queries/entity-facts.rq --set entity=Kenya -f csv
if grep -q '^Kenya,' "$T/out" && ! grep -qv '^Kenya,\|^name,' "$T/out"; then ok; else bad "--set entity=Kenya"; cat "$T/out"; fi
old=$("$BIN" load --store "$S" --list | grep chip_merger | cut -f1 | head -n 1)
new=$("$BIN" load --store "$S" --list | grep chip_merger | cut -f1 | tail -n 1)
check "version changes" 0 "$BIN" query --store "$S" -q scripts/queries/version-changes.rq --set "old=$old" --set "new=$new" -f csv
if grep -q '^added,\|^removed,' "$T/out"; then ok; else bad "version changes: none found"; cat "$T/out"; fi

# the same answers as Redland's own bdb hashes store (rdfproc): librdf's
# own SPARQL glue has no named graphs, so the ready queries are asked of
# the default graph (their GRAPH ?version { } taken away)
if command -v rdfproc >/dev/null 2>&1; then
    mkdir -p "$T/bdb"
    for f in graphs/harbour-strike.ttl graphs/border-talks.ttl graphs/chip-merger.ttl; do
        (cd "$T/bdb" && rdfproc -q -s hashes -t "hash-type='bdb',dir='.'" x parse "file://$OLDPWD/$f" turtle) >/dev/null 2>&1
    done
    "$BIN" load -q --store "$T/cmp.db" graphs/harbour-strike.ttl graphs/border-talks.ttl graphs/chip-merger.ttl
    for q in who-acted-against-whom claims negated-or-hypothetical entity-facts; do
        sed -e '/GRAPH ?version {/d' -e '/^  }$/d' "scripts/queries/$q.rq" >"$T/$q.rq"
        "$BIN" query --store "$T/cmp.db" -q "$T/$q.rq" -f json >"$T/$q.ours.json" 2>/dev/null
        (cd "$T/bdb" && rdfproc -q -r json -s hashes -t "hash-type='bdb',dir='.'" x query sparql - \
            "$(cat "$T/$q.rq")") >"$T/$q.theirs.json" 2>/dev/null
        if python3 - "$T/$q.ours.json" "$T/$q.theirs.json" <<'EOF'
import json, sys
def rows(p):
    d = json.load(open(p))
    return sorted(tuple(sorted((k, v['value']) for k, v in b.items() if v.get('value') is not None))
                  for b in d['results']['bindings'])
a, b = rows(sys.argv[1]), rows(sys.argv[2])
sys.exit(0 if a == b and a else 1)
EOF
        then ok; else bad "$q: answers differ from rdfproc's bdb hashes store"; fi
    done
fi

# drop: one transaction; an unknown graph drops nothing
check "drop unknown graph" 2 "$BIN" drop --store "$S" "$old" "https://example.org/nothing"
if "$BIN" load --store "$S" --list | grep -q "$old"; then ok; else bad "a failed drop dropped something"; fi
check "drop" 0 "$BIN" drop --store "$S" "$old"
if "$BIN" load --store "$S" --list | grep -q "$old"; then bad "drop left the graph"; else ok; fi
check "drop nothing named" 2 "$BIN" drop --store "$S"

# bad inputs: each loads nothing and names its position
n2=$(count)
printf '<http://x/a> <http://x/b> <http://x/c> <http://x/g> .\n<http://x/a> <http://x/b> "x" <http://x/g> junk .\n' >"$T/bad.nq"
check "malformed N-Quads" 2 "$BIN" load --store "$S" "$T/bad.nq"
if grep -q 'bad.nq:2:44: error' "$T/err"; then ok; else bad "malformed N-Quads: position"; cat "$T/err"; fi
printf '@prefix ex: <http://x/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n' >"$T/bad.ttl"
check "malformed Turtle" 2 "$BIN" load --store "$S" "$T/bad.ttl" graphs/chip-merger.ttl
if grep -q 'bad.ttl:3:11: error' "$T/err"; then ok; else bad "malformed Turtle: position"; cat "$T/err"; fi
if grep -q 'chip-merger.ttl: .* triples' "$T/err"; then ok; else bad "the good file after a bad one was not loaded"; fi
printf '{"sentence": 1, "action": {"lemma": "x"}}\n{"sentence": 1, "action": \n' >"$T/bad.jsonl"
check "malformed JSONL" 2 "$BIN" load --store "$S" "$T/bad.jsonl"
if grep -q 'bad.jsonl:2:' "$T/err"; then ok; else bad "malformed JSONL: position"; cat "$T/err"; fi
printf 'Fine line.\nBad \377 byte.\n' >"$T/bad.txt"
check "invalid UTF-8 article" 2 "$BIN" load --store "$S" "$T/bad.txt"
check "missing file" 2 "$BIN" load --store "$S" "$T/none.nq"
"$BIN" load -q --store "$S" graphs/chip-merger.ttl 2>/dev/null
n3=$(count)
if [ "$n3" -ge "$n2" ]; then ok; else bad "bad inputs changed the store ($n2 -> $n3)"; fi
check "malformed query" 2 "$BIN" query --store "$S" 'SELECT ?x WHERE {
  ?x ?y }'
if grep -q '<query>:2:9: error' "$T/err"; then ok; else bad "malformed query: position"; cat "$T/err"; fi
printf 'SELECT * WHERE { ?s ?p ?o ' >"$T/bad.rq"
check "malformed query file" 2 "$BIN" query --store "$S" -q "$T/bad.rq"
if grep -q 'bad.rq:1:' "$T/err"; then ok; else bad "malformed query file: position"; cat "$T/err"; fi
check "query --set without =" 2 "$BIN" query --store "$S" --set entity "ASK {}"
check "query unknown format" 2 "$BIN" query --store "$S" -f frob "ASK {}"
check "query no store" 2 "$BIN" query --store "$T/none.db" "ASK { ?s ?p ?o }"
if [ -e "$T/none.db" ]; then bad "query created a store"; else ok; fi
check "unwritable store path" 2 "$BIN" load --store "$T/no/such/dir/s.db" graphs/chip-merger.ttl
printf 'just some text, not a database at all, long enough for a header\n' >"$T/text.db"
cp "$T/text.db" "$T/text.orig"
check "store that is not a database" 2 "$BIN" load --store "$T/text.db" graphs/chip-merger.ttl
if grep -q 'not a newskg store' "$T/err" && cmp -s "$T/text.db" "$T/text.orig"; then ok
else bad "a text file as store: message or file changed"; cat "$T/err"; fi
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES(1);'
    check "store of another application" 2 "$BIN" query --store "$T/other.db" "ASK { ?s ?p ?o }"
    if grep -q 'another application' "$T/err"; then ok; else bad "other sqlite db: message"; cat "$T/err"; fi
fi
check "store is a directory" 2 "$BIN" load --store "$T" graphs/chip-merger.ttl

# a full disk (a file size limit): the load fails, the store keeps its content
# (smaller under AddressSanitizer, whose full unwinding makes loads slow)
n4=$(count)
BIGN=60000; LIMIT=2048
if [ -n "${ASAN_OPTIONS:-}" ]; then BIGN=6000; LIMIT=256; fi
awk -v n="$BIGN" 'BEGIN { for (i = 0; i < n; i++) printf "<http://x/s%d> <http://x/p> \"%d some longer text to fill pages\" .\n", i, i }' >"$T/big.nt"
check "full disk" 2 sh -c "trap '' XFSZ; ulimit -f $LIMIT; exec \"$BIN\" load --store \"$S\" --graph urn:x-test:big \"$T/big.nt\""
if [ "$(count)" = "$n4" ]; then ok; else bad "a failed load changed the store"; fi
check "store answers after a full disk" 0 "$BIN" query --store "$S" -f csv "ASK { ?s ?p ?o }"

# kill -9 at random points of a load: the store opens and answers with the
# content before the load, or after it, never between
base=$(count)
t0=$(date +%s%N)
check "load big for its size" 0 "$BIN" load --store "$T/probe.db" --graph urn:x-test:big "$T/big.nt"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
full=$("$BIN" query --store "$T/probe.db" -f csv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | tail -n 1 | tr -d '\r')
KILLS=${NK_KILLS:-12}
if [ -n "${ASAN_OPTIONS:-}" ]; then KILLS=${NK_KILLS:-6}; fi
i=0; seen_before=0; seen_after=0
while [ $i -lt "$KILLS" ]; do
    "$BIN" load -q --store "$S" --graph urn:x-test:big "$T/big.nt" 2>/dev/null &
    pid=$!
    # anywhere from the start to past the end of the load (it took $ms ms)
    sleep "$(awk -v s="$i" -v ms="$ms" 'BEGIN { srand(s * 7919 + 17); printf "%.3f", rand() * ms * 1.3 / 1000 }')"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    now=$(count)
    if [ "$now" = "$base" ]; then seen_before=$((seen_before + 1))
    elif [ "$now" = "$((base + full))" ]; then
        seen_after=$((seen_after + 1))
        "$BIN" drop --store "$S" urn:x-test:big 2>/dev/null
    else bad "kill -9 #$i: the store holds $now quads, not $base or $((base + full))"; fi
    i=$((i + 1))
done
if [ "$(count)" = "$base" ]; then ok; else bad "kill -9: the store did not come back to $base quads"; fi
if command -v sqlite3 >/dev/null 2>&1; then
    if [ "$(sqlite3 "$S" 'PRAGMA integrity_check')" = ok ]; then ok; else bad "kill -9: integrity_check fails"; fi
fi
echo "kill -9: $KILLS kills, $seen_before left the content before the load, $seen_after after it"

# two loads at once into one store: both succeed (the second waits)
rm -f "$T/two.db"
"$BIN" load -q --store "$T/two.db" --graph urn:x-test:a "$T/big.nt" 2>"$T/err.a" &
pa=$!
"$BIN" load -q --store "$T/two.db" graphs/harbour-strike.ttl graphs/border-talks.ttl 2>"$T/err.b" &
pb=$!
wait "$pa"; ra=$?
wait "$pb"; rb=$?
if [ "$ra" = 0 ] && [ "$rb" = 0 ]; then ok; else bad "concurrent loads: exit $ra and $rb"; cat "$T/err.a" "$T/err.b"; fi
if [ "$("$BIN" load --store "$T/two.db" --list | grep -c 'urn:x-test:a\|/doc/')" = 3 ]; then ok
else bad "concurrent loads: graphs missing"; "$BIN" load --store "$T/two.db" --list; fi

# IRI scopes across articles (issue 13): in a store of several articles,
# only named or linked entities are shared between two articles; two
# versions of one article share their events
"$BIN" load -q --store "$T/scope.db" graphs/harbour-strike.ttl graphs/border-talks.ttl graphs/chip-merger.ttl
sed 's/Helion/Halion/' graphs/articles/chip-merger.txt >"$T/cm2.txt"
"$BIN" load -q --store "$T/scope.db" --id chip-merger --date 2025-10-09 "$T/cm2.txt"
cat >"$T/scope.rq" <<'EOQ'
PREFIX nk: <https://w3id.org/newskg/ns#>
SELECT DISTINCT ?x ?kind WHERE {
  GRAPH ?g1 { ?v1 nk:versionOf ?a1 . ?x ?p ?o }
  GRAPH ?g2 { ?v2 nk:versionOf ?a2 . ?x ?q ?r }
  FILTER(?a1 != ?a2)
  OPTIONAL { ?x nk:entityKind ?kind }
}
EOQ
check "nodes shared by two articles" 0 "$BIN" query --store "$T/scope.db" -q "$T/scope.rq" -f tsv
if [ "$(grep -c . "$T/out")" -gt 1 ] && ! tail -n +2 "$T/out" | grep -qv '"name"$'; then ok
else bad "a node other than a named entity is shared by two articles"; cat "$T/out"; fi
cat >"$T/versions.rq" <<'EOQ'
PREFIX nk: <https://w3id.org/newskg/ns#>
SELECT (COUNT(DISTINCT STR(?e)) AS ?n) WHERE {
  GRAPH ?g1 { ?v1 nk:versionOf ?a . ?e a nk:Event }
  GRAPH ?g2 { ?v2 nk:versionOf ?a . ?e a nk:Event }
  FILTER(?v1 != ?v2)
}
EOQ
check "events shared by two versions" 0 "$BIN" query --store "$T/scope.db" -q "$T/versions.rq" -f csv
if [ "$(tail -n 1 "$T/out" | tr -d '\r')" -gt 5 ]; then ok; else bad "two versions share no events"; cat "$T/out"; fi
check "a device as store" 2 "$BIN" load --store /dev/null graphs/chip-merger.ttl
if [ -c /dev/null ] && grep -q 'not a regular file' "$T/err"; then ok; else bad "/dev/null as store"; cat "$T/err"; fi

# a server that misbehaves on purpose (tests/endpoint-mock.py): 413 makes
# the chunks smaller until the server takes them, 403 and 5xx are errors
# with the server's message, a server that is down is named as such
if command -v python3 >/dev/null 2>&1; then
    : >"$T/mock.log"
    python3 tests/endpoint-mock.py "$T/mock.port" "$T/mock.log" &
    mock=$!
    i=0; while [ ! -s "$T/mock.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    M="--endpoint http://127.0.0.1:$(cat "$T/mock.port")/sparql"
    # shellcheck disable=SC2086
    check "endpoint: chunks after 413" 0 "$BIN" load $M --chunk 100 graphs/border-talks.ttl
    if grep -q ' 413$' "$T/mock.log" && grep -q '^POST .* 201$' "$T/mock.log"; then ok
    else bad "endpoint: no 413 then smaller PUT/POSTs"; cat "$T/mock.log"; fi
    # shellcheck disable=SC2086
    check "endpoint: list" 0 "$BIN" query $M -f csv 'SELECT ?g ?n WHERE { ?g ?p ?n }'
    got=$(grep 'border_talks' "$T/out" | cut -d, -f2 | tr -d '\r')
    if [ -n "$got" ] && [ "$got" -gt 300 ]; then ok; else bad "endpoint: the chunks did not all arrive ($got)"; cat "$T/out"; fi
    # shellcheck disable=SC2086
    check "endpoint: 403" 2 "$BIN" load $M --graph urn:x:forbidden graphs/border-talks.ttl
    if grep -q 'forbidden (403).*permission denied' "$T/err"; then ok; else bad "endpoint: 403 message"; cat "$T/err"; fi
    # shellcheck disable=SC2086
    check "endpoint: 500" 2 "$BIN" query $M 'SELECT * WHERE { ?s ?p "boom" }'
    if grep -q 'HTTP 500: Virtuoso 37000 Error SP030' "$T/err"; then ok; else bad "endpoint: 500 message"; cat "$T/err"; fi
    # shellcheck disable=SC2086
    check "endpoint: not SPARQL results" 2 "$BIN" query $M 'SELECT * WHERE { ?s ?p "html" }'
    # shellcheck disable=SC2086
    check "endpoint: drop unknown" 2 "$BIN" drop $M urn:x:nothing
    if grep -q 'no graph <urn:x:nothing>' "$T/err"; then ok; else bad "endpoint: 404 message"; cat "$T/err"; fi
    kill "$mock" 2>/dev/null
    wait "$mock" 2>/dev/null
    # shellcheck disable=SC2086
    check "endpoint: server down" 2 "$BIN" query $M --timeout 5 'ASK {}'
    if grep -q 'does not answer' "$T/err"; then ok; else bad "endpoint: down message"; cat "$T/err"; fi
fi
check "endpoint: not http" 2 "$BIN" query --endpoint ftp://example.org/sparql 'ASK {}'
