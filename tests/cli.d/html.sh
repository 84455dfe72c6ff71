# The story view from the command line: sourced by tests/cli.sh (uses
# check, bad, $BIN, $T).  What the page does in a browser is tested by
# tests/browser/ (make browser-test).
A=graphs/articles/harbour-strike.txt
mkdir -p "$T/h"
check "extract -o story.html" 0 "$BIN" extract -o "$T/h/story.html" "$A"
head -c 15 "$T/h/story.html" | grep -q '<!DOCTYPE html>' || bad "extract html: not a page"
grep -q '<svg xmlns="http://www.w3.org/2000/svg" class="nk-svg"' "$T/h/story.html" || bad "extract html: no inline SVG"
[ "$(grep -o '<script' "$T/h/story.html" | wc -l)" -eq 1 ] || bad "extract html: not exactly one script"
grep -q "Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-" "$T/h/story.html" || bad "extract html: no CSP"
grep -q 'href="data:text/turtle;charset=utf-8;base64,' "$T/h/story.html" || bad "extract html: no Turtle download"
grep -Eq 'https?://[a-z]*\.(com|org|net)/[^"]*\.(js|css)' "$T/h/story.html" && bad "extract html: refers to a script or stylesheet elsewhere"
[ "$(ls "$T/h")" = "story.html" ] || bad "extract html: stray files: $(ls "$T/h")"
# --html beside other outputs, -f html on stdout, the same page each time
check "extract --html" 0 "$BIN" extract --jsonl "$T/h/s.jsonl" --html "$T/h/side.html" -o "$T/h/s.ttl" "$A"
cmp -s "$T/h/story.html" "$T/h/side.html" || bad "extract --html differs from -o .html"
check "extract -f html" 0 "$BIN" extract -f html "$A"
cmp -s "$T/out" "$T/h/story.html" || bad "extract -f html differs from -o .html"
rows=$(grep -c '^<tr data-f=' "$T/h/story.html")
[ "$rows" -eq "$(wc -l < "$T/h/s.jsonl")" ] || bad "extract html: $rows rows for $(wc -l < "$T/h/s.jsonl") facts"
# render: facts with and without their article
check "render -f html" 0 "$BIN" render -f html -o "$T/h/r.html" "$T/h/s.jsonl"
grep -q 'rebuilt from the facts' "$T/h/r.html" || bad "render html: text not rebuilt from sentences"
check "render --text" 0 "$BIN" render --text "$A" -o "$T/h/rt.html" "$T/h/s.jsonl"
grep -q 'rebuilt from the facts' "$T/h/rt.html" && bad "render --text: text rebuilt anyway"
check "render --text missing" 2 "$BIN" render --text "$T/h/nope.txt" -o "$T/h/bad.html" "$T/h/s.jsonl"
[ -e "$T/h/bad.html" ] && bad "render --text missing: wrote a page"
# hostile text stays text
check "extract hostile html" 0 "$BIN" extract -o "$T/h/hostile.html" tests/browser/hostile.txt
[ "$(grep -o '<script' "$T/h/hostile.html" | wc -l)" -eq 1 ] || bad "hostile html: a script from the article"
grep -q '&lt;script&gt;' "$T/h/hostile.html" && grep -q '&lt;/svg&gt;&lt;img' "$T/h/hostile.html" ||
    bad "hostile html: markup not escaped"
grep -q '<img\|<iframe\|<textarea\|<style>body' "$T/h/hostile.html" && bad "hostile html: an element from the article"
# diff page: exit status as diff(1)
check "diff -o diff.html" 1 "$BIN" diff -o "$T/h/diff.html" tests/data/diff/story.txt tests/data/diff/story.v2.txt
grep -q 'id="text-old"' "$T/h/diff.html" && grep -q 'id="text-new"' "$T/h/diff.html" || bad "diff html: texts missing"
check "diff jsonl for html" 1 "$BIN" diff -f jsonl tests/data/diff/story.txt tests/data/diff/story.v2.txt
[ "$(grep -o '<li tabindex' "$T/h/diff.html" | wc -l)" -eq "$(wc -l < "$T/out")" ] || bad "diff html: change list length"
