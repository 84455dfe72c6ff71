#!/bin/sh
# `make install` into a temporary prefix (and a staged DESTDIR), then the
# README's C example ("Embedding newskg") built against the installed
# library with pkg-config, shared and static, and run on a small corpus.
# Prints "N passed, N failed" as its last line.
set -u
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
P=$T/prefix
if make --no-print-directory -s B="$B" PREFIX="$P" install >"$T/install.log" 2>&1; then ok
else bad "make install"; cat "$T/install.log"; fi
for f in bin/newskg lib/libnewskg.a lib/libnewskg.so lib/pkgconfig/newskg.pc \
         include/newskg/corpus.h include/newskg/util.h share/newskg/models/parser.bin; do
    [ -e "$P/$f" ] && ok || bad "make install: no $f"
done
# DESTDIR stages the same tree under another root
make --no-print-directory -s B="$B" PREFIX=/opt/nk DESTDIR="$T/stage" install >"$T/stage.log" 2>&1 &&
    [ -e "$T/stage/opt/nk/lib/pkgconfig/newskg.pc" ] && ok || bad "make install DESTDIR"
grep -q '^prefix=/opt/nk$' "$T/stage/opt/nk/lib/pkgconfig/newskg.pc" 2>/dev/null && ok ||
    bad "newskg.pc: prefix is not PREFIX"

# The example: the C block after "<!-- example: count.c -->" in the README.
awk '/<!-- example: count.c -->/ {on = 1; next} on && /^```c/ {code = 1; next}
     code && /^```/ {exit} code {print}' README.md >"$T/count.c"
[ -s "$T/count.c" ] && ok || bad "README: no C example"
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
# shellcheck disable=SC2046
if cc -std=c17 -Wall -Wextra -Werror -o "$T/count" "$T/count.c" $(pkg-config --cflags --libs newskg) 2>"$T/cc.err"; then ok
else bad "example: does not build against the installed library"; cat "$T/cc.err"; fi
# shellcheck disable=SC2046
# libnewskg.a with its dependencies shared (Debian ships no static mhash)
if cc -std=c17 -o "$T/count-static" "$T/count.c" $(pkg-config --cflags newskg) "$P/lib/libnewskg.a" \
      $(pkg-config --libs redland raptor2 libgvc libcgraph) -lm -pthread 2>"$T/cc2.err"; then ok
else bad "example: does not link statically"; cat "$T/cc2.err"; fi
printf '%s\n' '{"id": "a1", "text": "Russia expelled six British diplomats on Thursday."}' \
    '{"id": "bad", "text": 3}' \
    '{"id": "a2", "text": "Police arrested two men in Lyon."}' >"$T/in.jsonl"
for exe in count count-static; do
    [ -x "$T/$exe" ] || continue
    if (cd "$T" && env -u NEWSKG_DATA LD_LIBRARY_PATH="$P/lib" NEWSKG_DATA="$P/share/newskg" \
          "./$exe" in.jsonl >"$T/$exe.out" 2>"$T/$exe.err"); then ok
    else bad "$exe: exit status $?"; cat "$T/$exe.err"; fi
    grep -q '^a1: [1-9][0-9]* facts' "$T/$exe.out" && grep -q 'Russia expel' "$T/$exe.out" &&
        grep -q '^a2: ' "$T/$exe.out" && ok || bad "$exe: output: $(cat "$T/$exe.out")"
    grep -q 'in.jsonl:2:' "$T/$exe.err" && ok || bad "$exe: the bad record is not reported"
done
[ "$(ldd "$T/count" 2>/dev/null | grep -c 'libnewskg.so')" -eq 1 ] && ok || bad "count: not linked to libnewskg.so"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
