#!/bin/sh
# End-to-end tests of the newskg binary: exit codes, errors, atomic output.
# Prints "N passed, N failed" as its last line.
set -u
BIN=${NEWSKG_BIN:-build/newskg}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()   { pass=$((pass+1)); }
bad()  { fail=$((fail+1)); echo "FAIL: $*"; }
check() { # check NAME EXPECTED_STATUS CMD...
    name=$1; want=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want"; cat "$T/err"; fi
}

check "help" 0 "$BIN" --help
check "unknown command" 2 "$BIN" frobnicate
check "no command" 2 "$BIN"

# CLI_TESTS=NAME runs only tests/cli.d/NAME.sh (e.g. make tsan: corpus).
for f in tests/cli.d/${CLI_TESTS:-*}.sh; do
    [ -e "$f" ] || continue
    . "$f"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
