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
