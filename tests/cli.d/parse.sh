# CLI tests of parse, eval-parse and train (sourced by tests/cli.sh: uses
# check, ok, bad, $BIN, $T).  Needs the committed models (NEWSKG_DATA=.).
export NEWSKG_DATA=${NEWSKG_DATA:-.}

check "parse --help" 0 "$BIN" parse --help
check "eval-parse --help" 0 "$BIN" eval-parse --help
check "train --help" 0 "$BIN" train --help

printf 'The diplomats were expelled by Russia.\nOfficials said they had spied.\n' >"$T/in.txt"
check "parse text" 0 "$BIN" parse "$T/in.txt" -o "$T/p.conllu"
# valid CoNLL-U: 10 columns on word lines, # text lines, one root per sentence
if awk -F'\t' '
    /^# text = / { texts++ }
    /^[0-9]/ { if (NF != 10 || $7 !~ /^[0-9]+$/ || $8 == "_" || $10 !~ /TokenRange=/) bad = 1
               if ($7 == 0) roots++ }
    /^$/ { sents++ }
    END { exit !(bad == 0 && texts == 2 && sents == 2 && roots == 2) }' "$T/p.conllu"
then ok; else bad "parse text: output is not valid CoNLL-U"; cat "$T/p.conllu"; fi
check "parse stdin" 0 sh -c "\"$BIN\" parse - <\"$T/in.txt\" >\"$T/p2.conllu\""
if cmp -s "$T/p2.conllu" "$T/p.conllu" || [ "$(grep -c '	' "$T/p2.conllu")" = "$(grep -c '	' "$T/p.conllu")" ]
then ok; else bad "parse stdin differs from parse FILE"; fi

check "parse --input conllu" 0 "$BIN" parse --input conllu tests/data/parser-tiny.conllu -o "$T/re.conllu"
check "eval-parse self" 0 "$BIN" eval-parse tests/data/parser-tiny.conllu tests/data/parser-tiny.conllu
if grep -q '^LAS  *|  *100.00 |  *100.00 |  *100.00' "$T/out"; then ok; else bad "eval-parse self: LAS not 100"; cat "$T/out"; fi
check "eval-parse re-analysed" 0 "$BIN" eval-parse tests/data/parser-tiny.conllu "$T/re.conllu"
if grep -q '^Tokens  *|  *100.00' "$T/out"; then ok; else bad "eval-parse: tokens not aligned"; fi

check "eval-parse bad conllu" 2 "$BIN" eval-parse tests/data/parser-bad.conllu tests/data/parser-tiny.conllu
if grep -q 'parser-bad.conllu:4:' "$T/err"; then ok; else bad "bad CoNLL-U error does not name line 4"; cat "$T/err"; fi
check "parse bad conllu" 2 "$BIN" parse --input conllu tests/data/parser-bad.conllu
check "parse missing file" 2 "$BIN" parse "$T/no-such-file.txt"
check "parse bad option" 2 "$BIN" parse --frobnicate
check "parse bad input format" 2 "$BIN" parse --input xml "$T/in.txt"
check "eval-parse one file" 2 "$BIN" eval-parse tests/data/parser-tiny.conllu
check "parse missing model" 2 "$BIN" parse --parser "$T/none.bin" "$T/in.txt"
printf 'not a model' >"$T/bad.bin"
check "parse corrupt model" 2 "$BIN" parse --parser "$T/bad.bin" "$T/in.txt"

# train: a tiny parser, then use it; failing output leaves no file behind
mkdir -p "$T/models"
check "train parser" 0 "$BIN" train --parser --gold-tags --quiet --epochs 5 \
    --train tests/data/parser-tiny.conllu -o "$T/models"
if [ -s "$T/models/parser.bin" ]; then ok; else bad "train wrote no parser.bin"; fi
check "parse with trained model" 0 "$BIN" parse --input conllu --parser "$T/models/parser.bin" \
    tests/data/parser-tiny.conllu -o "$T/tiny.conllu"
check "train without mode" 2 "$BIN" train --train tests/data/parser-tiny.conllu -o "$T/models"
check "train bad data" 2 "$BIN" train --parser --gold-tags --train tests/data/parser-bad.conllu -o "$T/models"
check "train no dir" 2 "$BIN" train --parser --gold-tags --train tests/data/parser-tiny.conllu -o "$T/nodir"

# the beam parser: train it, decode with it at several widths
check "train beam parser" 0 "$BIN" train --beam-parser --beam 4 --gold-tags --quiet --epochs 10 \
    --train tests/data/parser-tiny.conllu -o "$T/models"
if [ -s "$T/models/parser-beam.bin" ]; then ok; else bad "train wrote no parser-beam.bin"; fi
check "parse best mode, trained beam model" 0 "$BIN" parse --input conllu --mode best \
    --parser "$T/models/parser-beam.bin" tests/data/parser-tiny.conllu -o "$T/tinyb.conllu"
check "eval beam parse" 0 "$BIN" eval-parse tests/data/parser-tiny.conllu "$T/tinyb.conllu"
if awk '/^UAS/ { exit !($NF >= 90) }' "$T/out"; then ok; else bad "beam parser does not learn its training trees"; cat "$T/out"; fi
check "parse --beam 1 with a beam model" 0 "$BIN" parse --input conllu --beam 1 \
    --parser "$T/models/parser-beam.bin" tests/data/parser-tiny.conllu -o "$T/tinyb1.conllu"
check "bad beam width" 2 "$BIN" parse --beam 0 "$T/in.txt"
check "bad beam width 2" 2 "$BIN" parse --beam 65 "$T/in.txt"
# the mean of two beam parsers trained on different shuffles (seeds 3, 4)
mkdir -p "$T/mixed"
check "train mixed beam parser" 0 "$BIN" train --beam-parser --beam 4 --beam-runs 2 --seed 3 \
    --gold-tags --quiet --epochs 10 --train tests/data/parser-tiny.conllu -o "$T/mixed"
check "parse with mixed beam model" 0 "$BIN" parse --input conllu --mode best \
    --parser "$T/mixed/parser-beam.bin" tests/data/parser-tiny.conllu -o "$T/tinymix.conllu"
check "eval mixed beam parse" 0 "$BIN" eval-parse tests/data/parser-tiny.conllu "$T/tinymix.conllu"
if awk '/^UAS/ { exit !($NF >= 90) }' "$T/out"; then ok; else bad "mixed beam parser does not learn its training trees"; cat "$T/out"; fi
if cmp -s "$T/mixed/parser-beam.bin" "$T/models/parser-beam.bin"
then bad "--beam-runs 2 --seed 3 gave the model of one run with seed 1"; else ok; fi
check "train bad beam runs" 2 "$BIN" train --beam-parser --beam-runs 0 --gold-tags \
    --train tests/data/parser-tiny.conllu -o "$T/mixed"
check "train bad seed" 2 "$BIN" train --beam-parser --seed x --gold-tags \
    --train tests/data/parser-tiny.conllu -o "$T/mixed"
check "train bad beam width" 2 "$BIN" train --beam-parser --beam 1 --gold-tags \
    --train tests/data/parser-tiny.conllu -o "$T/models"
check "unknown mode" 2 "$BIN" parse --mode slow "$T/in.txt"
# beam pruning: no margin is the plain beam; a huge one too
check "parse --beam-margin 0" 0 "$BIN" parse --input conllu --mode best --beam-margin 0 \
    --parser "$T/models/parser-beam.bin" tests/data/parser-tiny.conllu -o "$T/tinym0.conllu"
check "parse --beam-margin huge" 0 "$BIN" parse --input conllu --mode best --beam-margin 1e9 \
    --parser "$T/models/parser-beam.bin" tests/data/parser-tiny.conllu -o "$T/tinym9.conllu"
if cmp -s "$T/tinym0.conllu" "$T/tinym9.conllu"
then ok; else bad "--beam-margin 1e9 differs from the plain beam (0)"; fi
check "parse --beam-margin small" 0 "$BIN" parse --input conllu --mode best --beam 4 \
    --beam-margin 1 --parser "$T/models/parser-beam.bin" tests/data/parser-tiny.conllu -o "$T/tinym1.conllu"
check "bad beam margin" 2 "$BIN" parse --beam-margin -1 "$T/in.txt"
check "bad beam margin 2" 2 "$BIN" parse --beam-margin x "$T/in.txt"

# joint tagging: a beam parser trained on the installed tagger's tags and
# their alternatives chooses tags in best mode and still learns the trees
mkdir -p "$T/joint"
check "train joint beam parser" 0 "$BIN" train --beam-parser --beam 4 --jackknife 0 \
    --joint-margin 100000 --quiet --epochs 10 --train tests/data/parser-tiny.conllu -o "$T/joint"
check "parse best mode, joint model" 0 "$BIN" parse --input conllu --mode best \
    --parser "$T/joint/parser-beam.bin" tests/data/parser-tiny.conllu -o "$T/tinyj.conllu"
check "eval joint parse" 0 "$BIN" eval-parse tests/data/parser-tiny.conllu "$T/tinyj.conllu"
if awk '/^UAS/ { exit !($NF >= 90) }' "$T/out"; then ok; else bad "joint parser does not learn its training trees"; cat "$T/out"; fi
check "train bad joint margin" 2 "$BIN" train --beam-parser --joint-margin x \
    --train tests/data/parser-tiny.conllu -o "$T/joint"

# the installed models in both modes: one tree per sentence
for m in fast best; do
    check "parse --mode $m" 0 "$BIN" parse --mode $m "$T/in.txt" -o "$T/p-$m.conllu"
    if awk -F'\t' '/^[0-9]/ { if ($7 == 0) roots++ } /^$/ { sents++ }
        END { exit !(sents == 2 && roots == 2) }' "$T/p-$m.conllu"
    then ok; else bad "parse --mode $m: not one root per sentence"; cat "$T/p-$m.conllu"; fi
done
check "extract --mode best" 0 "$BIN" extract --mode best -f jsonl "$T/in.txt"
check "extract --mode bad" 2 "$BIN" extract --mode nope -f jsonl "$T/in.txt"

# --keep-tags: gold tags in, only the tree made; tags unchanged
check "parse --keep-tags" 0 "$BIN" parse --input conllu --keep-tags tests/data/parser-tiny.conllu \
    -o "$T/kept.conllu"
if [ "$(grep -v '^#' tests/data/parser-tiny.conllu | cut -f1-6)" = "$(grep -v '^#' "$T/kept.conllu" | cut -f1-6)" ]
then ok; else bad "parse --keep-tags changed the tags"; fi
check "--keep-tags needs conllu" 2 "$BIN" parse --keep-tags "$T/in.txt"
