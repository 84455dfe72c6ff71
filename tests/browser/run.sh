#!/bin/sh
# Browser tests of the story view: build pages with the newskg binary, then
# drive Debian's Chromium headless through puppeteer-core (installed here,
# from the committed package.json and package-lock.json, into the build
# tree: tests only, never at run time).  Screenshots go to $B/browser/shots.
#   tests/browser/run.sh            (from the repository root; B, NEWSKG_BIN)
# Prints "N passed, N failed" as its last line.
set -eu
B=${B:-build}
BIN=${NEWSKG_BIN:-$B/newskg}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
OUT=$B/browser
SHARED=${SHARED:-../shared}
if [ ! -x "$CHROMIUM" ]; then
    echo "browser tests: $CHROMIUM not found (scripts/install-deps --browser installs it)" >&2
    exit 1
fi
mkdir -p "$OUT/pages" "$OUT/shots"
# puppeteer-core, pinned by the lock file; reinstalled when the lock changes
if ! cmp -s tests/browser/package-lock.json "$OUT/package-lock.json" 2>/dev/null ||
   [ ! -d "$OUT/node_modules/puppeteer-core" ]; then
    cp tests/browser/package.json tests/browser/package-lock.json "$OUT/"
    (cd "$OUT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
P=$OUT/pages
A=graphs/articles/harbour-strike.txt
"$BIN" extract --title "Rotterdam dock workers strike over pay" --date 2025-03-05 \
    --jsonl "$P/story.jsonl" -o "$P/story.html" "$A"
cp "$A" "$P/story.txt"
"$BIN" extract --jsonl "$P/hostile.jsonl" -o "$P/hostile.html" tests/browser/hostile.txt
cp tests/browser/hostile.txt "$P/hostile.txt"
"$BIN" render -o "$P/hostile-facts.html" tests/browser/hostile.jsonl
status=0
"$BIN" diff -o "$P/diff.html" tests/data/diff/story.txt tests/data/diff/story.v2.txt || status=$?
[ "$status" -le 1 ] || exit 2
"$BIN" diff -f jsonl -o "$P/diff.jsonl" tests/data/diff/story.txt tests/data/diff/story.v2.txt || true
SEED=$SHARED/seeds/000_953c0e5e0c1eaaae.txt
if [ -f "$SEED" ]; then
    "$BIN" extract --title "Russia expels six British diplomats" --jsonl "$P/seed.jsonl" \
        -o "$P/seed.html" "$SEED"
fi
# about 200 facts: the first eight development articles as one page
set -- "$SHARED"/eval/dev/dev-0[1-8].txt
if [ -f "$1" ]; then
    "$BIN" extract --title "Eight articles" --jsonl "$P/big.jsonl" -o "$P/big.html" "$@"
fi
exec node tests/browser/story.mjs "$OUT" "$CHROMIUM"
