# Sharding with GNU parallel, as the README shows (sourced by tests/cli.sh):
# blocks of whole JSON lines through several newskg processes, outputs kept
# in input order, equal the N-Quads of one run.
export NEWSKG_DATA=${NEWSKG_DATA:-.}
if ! command -v parallel >/dev/null 2>&1; then
    bad "GNU parallel is missing (scripts/install-deps installs it)"
else
    P=$T/parallel
    mkdir -p "$P"
    scripts/make-corpus --articles-only --times 4 >"$P/in.jsonl"
    check "parallel: one run" 0 "$BIN" extract --input jsonl -j 1 -f nquads "$P/in.jsonl" -o "$P/one.nq"
    check "parallel: sharded" 0 sh -c "parallel --will-cite --pipe --block 6k --keep-order -j 2 \
        \"$BIN\" extract --input jsonl -j 1 -f nquads - <\"$P/in.jsonl\" >\"$P/sharded.nq\""
    [ "$(grep -c '^newskg extract: ' "$T/err")" -ge 3 ] && ok ||
        bad "parallel: fewer than 3 blocks: $(cat "$T/err")"
    [ -s "$P/one.nq" ] && cmp -s "$P/one.nq" "$P/sharded.nq" && ok ||
        bad "parallel: sharded N-Quads differ from one run"
fi
