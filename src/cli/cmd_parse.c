/* cmd_parse.c: the NLP commands: parse, eval-parse, train. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "conllu.h"
#include "parser.h"
#include "pipeline.h"
#include "tagger.h"

/* ---- parse ------------------------------------------------------------------ */

static void parse_usage(FILE *f)
{
    fprintf(f,
            "usage: newskg parse [OPTIONS] [FILE|-]\n\n"
            "Tokenize, tag and parse English text; write CoNLL-U (with '# text' and\n"
            "byte offsets as TokenRange=B:E in MISC).\n\n"
            "  -i, --input FORMAT   text (default) or conllu: re-analyse the words of a\n"
            "                       CoNLL-U file, ignoring its annotation columns\n"
            "      --keep-tags      with --input conllu: keep the file's UPOS, XPOS,\n"
            "                       lemmas and features and only parse (e.g. to parse\n"
            "                       with gold tags)\n"
            "  -o, --output FILE    write to FILE (atomically) instead of stdout\n"
            "      --tagger PATH    tagger model (default: models/tagger.bin)\n"
            "      --parser PATH    parser model (default: models/parser.bin, or\n"
            "                       models/parser-beam.bin in best mode)\n"
            "  -m, --mode MODE      fast (default): the greedy parser (and the tagger's\n"
            "                       first pass, if it has two); best: a beam search with\n"
            "                       the globally trained parser, which also chooses the\n"
            "                       tags the tagger was unsure of (slower, more accurate)\n"
            "      --beam K         beam width (1: greedy decoding; default: fast 1,\n"
            "                       best the width the beam parser was trained for)\n"
            "      --beam-margin M  prune the beam: drop the hypotheses scoring more\n"
            "                       than M below the best one at each step (the model's\n"
            "                       score units; 0: none; default: best 320, fast 0);\n"
            "                       --mode best --beam 4 --beam-margin 160: about twice\n"
            "                       as fast as best mode, LAS between fast and best\n"
            "  -h, --help           show this help\n");
}

int cmd_parse(int argc, char **argv)
{
    static const struct option opts[] = {
        {"input", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'},
        {"tagger", required_argument, NULL, 'T'},
        {"parser", required_argument, NULL, 'P'},
        {"keep-tags", no_argument, NULL, 'K'},
        {"beam", required_argument, NULL, 'B'},
        {"mode", required_argument, NULL, 'm'},
        {"beam-margin", required_argument, NULL, 'M'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *out_path = NULL, *tagger_path = NULL, *parser_path = NULL;
    bool conllu = false, keep_tags = false;
    unsigned beam = 0;
    double margin = -1;
    int mode = NK_NLP_DEFAULT;
    int c;
    while ((c = getopt_long(argc, argv, "i:o:m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i':
            if (strcmp(optarg, "conllu") == 0)
                conllu = true;
            else if (strcmp(optarg, "text") == 0)
                conllu = false;
            else {
                fprintf(stderr, "newskg parse: unknown input format '%s'\n", optarg);
                return NK_EXIT_ERROR;
            }
            break;
        case 'o': out_path = optarg; break;
        case 'T': tagger_path = optarg; break;
        case 'P': parser_path = optarg; break;
        case 'K': keep_tags = true; break;
        case 'm':
            mode = nk_nlp_mode_parse(optarg);
            if (mode < 0) {
                fprintf(stderr, "newskg parse: unknown mode '%s' (fast or best)\n", optarg);
                return NK_EXIT_ERROR;
            }
            break;
        case 'B': {
            char *end = NULL;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > NK_PARSER_MAX_BEAM) {
                fprintf(stderr, "newskg parse: bad beam width '%s' (1-%d)\n", optarg,
                        NK_PARSER_MAX_BEAM);
                return NK_EXIT_ERROR;
            }
            beam = (unsigned)v;
            break;
        }
        case 'M': {
            char *end = NULL;
            double v = strtod(optarg, &end);
            if (!*optarg || *end || !(v >= 0 && v <= 1e9)) {
                fprintf(stderr, "newskg parse: bad beam margin '%s' (a number >= 0)\n",
                        optarg);
                return NK_EXIT_ERROR;
            }
            margin = v;
            break;
        }
        case 'h': parse_usage(stdout); return NK_EXIT_OK;
        default: parse_usage(stderr); return NK_EXIT_ERROR;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "newskg parse: too many arguments\n");
        parse_usage(stderr);
        return NK_EXIT_ERROR;
    }
    if (keep_tags && !conllu) {
        fprintf(stderr, "newskg parse: --keep-tags needs --input conllu\n");
        return NK_EXIT_ERROR;
    }
    const char *in_path = optind < argc ? argv[optind] : "-";
    nk_diag_sink sink = nk_cli_sink();
    nk_pipeline *pl = NULL;
    nk_doc *doc = NULL;
    char *text = NULL;
    nk_buf out = {0};
    int rc;
    if (conllu) {
        NK_CHECK(nk_conllu_read_file(&doc, in_path, &sink));
    } else {
        size_t len = 0;
        NK_CHECK(nk_file_read(in_path, &text, &len, &sink));
        doc = nk_doc_new(in_path, text, len);
    }
    NK_CHECK(nk_pipeline_load_mode(&pl, (nk_nlp_mode)mode, tagger_path, parser_path, beam,
                                   &sink));
    if (margin >= 0)
        nk_pipeline_set_margin(pl, margin);
    if (keep_tags)
        nk_pipeline_parse_tokens(pl, doc);
    else if (conllu)
        nk_pipeline_analyse_tokens(pl, doc);
    else
        NK_CHECK(nk_pipeline_analyse(pl, doc, &sink));
    nk_conllu_write(doc, &out);
    NK_CHECK(nk_file_write_atomic(out_path, out.data ? out.data : "", out.len, &sink));
cleanup:
    nk_buf_free(&out);
    nk_doc_free(doc);
    free(text);
    nk_pipeline_free(pl);
    return rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
}

/* ---- eval-parse ---------------------------------------------------------------- */

static void eval_usage(FILE *f)
{
    fprintf(f,
            "usage: newskg eval-parse [OPTIONS] GOLD SYSTEM\n\n"
            "Score a system CoNLL-U file against a gold one as the CoNLL 2018 shared\n"
            "task does (words aligned over the text; LAS compares universal\n"
            "relations): precision, recall and F1 of tokens, sentences, UPOS, XPOS,\n"
            "lemmas, UAS and LAS.\n\n"
            "  -h, --help   show this help\n");
}

static void eval_line(const char *name, const nk_score *s)
{
    double p = s->system ? 100.0 * (double)s->correct / (double)s->system : 0;
    double r = s->gold ? 100.0 * (double)s->correct / (double)s->gold : 0;
    printf("%-11s| %9.2f | %9.2f | %9.2f\n", name, p, r, nk_score_f1(s));
}

int cmd_eval_parse(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            eval_usage(stdout);
            return NK_EXIT_OK;
        }
        eval_usage(stderr);
        return NK_EXIT_ERROR;
    }
    if (argc - optind != 2) {
        fprintf(stderr, "newskg eval-parse: expected GOLD and SYSTEM files\n");
        eval_usage(stderr);
        return NK_EXIT_ERROR;
    }
    nk_diag_sink sink = nk_cli_sink();
    nk_doc *gold = NULL, *sys = NULL;
    nk_conllu_eval ev;
    int rc;
    NK_CHECK(nk_conllu_read_file(&gold, argv[optind], &sink));
    NK_CHECK(nk_conllu_read_file(&sys, argv[optind + 1], &sink));
    NK_CHECK(nk_conllu_evaluate(gold, sys, &ev, &sink));
    printf("Metric     | Precision |    Recall |  F1 Score\n");
    printf("-----------+-----------+-----------+-----------\n");
    eval_line("Tokens", &ev.tokens);
    eval_line("Sentences", &ev.sentences);
    eval_line("UPOS", &ev.upos);
    eval_line("XPOS", &ev.xpos);
    eval_line("Lemmas", &ev.lemma);
    eval_line("UAS", &ev.uas);
    eval_line("LAS", &ev.las);
cleanup:
    nk_doc_free(gold);
    nk_doc_free(sys);
    return rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
}

/* ---- train ------------------------------------------------------------------------ */

static void train_usage(FILE *f)
{
    fprintf(f,
            "usage: newskg train (--tagger|--parser|--beam-parser|--all) --train FILE...\n"
            "                    [--dev FILE] -o DIR [OPTIONS]\n\n"
            "Train the tagger and/or the parsers on CoNLL-U files and write\n"
            "DIR/tagger.bin, DIR/parser.bin (greedy) and/or DIR/parser-beam.bin\n"
            "(atomically).  Training is deterministic: the same files and options\n"
            "give the same models.  The parsers are trained on tags predicted by the\n"
            "tagger (the one just trained with --all, else --tagger-model, else\n"
            "DIR/tagger.bin, else the installed one) unless --gold-tags is given or no\n"
            "tagger is found.\n\n"
            "      --tagger           train the tagger\n"
            "      --parser           train the greedy parser\n"
            "      --beam-parser      train the beam parser (global training)\n"
            "      --all              train all three (the tagger first)\n"
            "      --typer            train the name typer instead (its own options:\n"
            "                         newskg train --typer --help)\n"
            "  -t, --train FILE...    training files (more may follow as arguments)\n"
            "  -d, --dev FILE         held-out file: scores after each epoch; the\n"
            "                         parser keeps its best epoch on it\n"
            "  -o, --output DIR       where the models go\n"
            "  -e, --epochs N         passes over the data (default: tagger 10, parser\n"
            "                         10 per run, 12 with --runs 1; beam parser 8)\n"
            "      --runs N           parser: mix N perceptrons trained with different\n"
            "                         shuffles (mean of weights; default 3).  With one\n"
            "                         run the best epoch on --dev is kept\n"
            "      --beam K           beam parser: its width (default 8); trained with\n"
            "                         max-violation updates, the best epoch on --dev\n"
            "                         kept\n"
            "      --beam-runs N      beam parser: mix N perceptrons trained with\n"
            "                         different shuffles (mean of their weights after\n"
            "                         the last epoch; default 1: one, its best epoch on\n"
            "                         --dev kept)\n"
            "      --joint-margin M   beam parser: joint tagging; the beam chooses each\n"
            "                         word's tag between the tagger's and its second\n"
            "                         best when that scores within M of it (tagger\n"
            "                         score units; default 0: the tagger's tags)\n"
            "      --seed N           parsers: the seed of the shuffles (default 1; with\n"
            "                         --runs or --beam-runs R the runs take N .. N+R-1)\n"
            "      --tagger-passes N  tagger: 2 adds a second pass that sees the first\n"
            "                         pass's tags on both sides (default 1: faster,\n"
            "                         half the size, about as accurate)\n"
            "      --wordnet DIR      tagger: WordNet's dict directory, whose parts of\n"
            "                         speech of words become features kept in the model\n"
            "                         (default $NEWSKG_WORDNET, else /usr/share/wordnet\n"
            "                         from Debian's wordnet-base;\n"
            "                         '' for none)\n"
            "      --gold-tags        train the parser on the files' own tags\n"
            "      --tagger-model P   tagger used to tag the parser's training data\n"
            "      --jackknife K      tag the parser's training data with K taggers,\n"
            "                         each trained without the sentences it tags\n"
            "                         (default 4; 0: the one tagger)\n"
            "      --save-tagged FILE write the parser's training data, as tagged, to FILE\n"
            "      --max-rows N       parser: keep at most N transition feature rows\n"
            "                         and N/5 label rows (default 800000)\n"
            "  -q, --quiet            no progress notes\n"
            "  -h, --help             show this help\n");
}

static int read_docs(char **paths, size_t n, nk_doc ***out, nk_diag_sink *sink)
{
    nk_doc **docs = nk_xcalloc(n ? n : 1, sizeof *docs);
    for (size_t i = 0; i < n; i++) {
        int rc = nk_conllu_read_file(&docs[i], paths[i], sink);
        if (rc < 0) {
            for (size_t j = 0; j < i; j++)
                nk_doc_free(docs[j]);
            free(docs);
            return rc;
        }
    }
    *out = docs;
    return NK_OK;
}

static char *join_path(const char *dir, const char *file)
{
    nk_buf b = {0};
    nk_buf_printf(&b, "%s/%s", dir, file);
    return nk_buf_detach(&b);
}

/* Copy the tags FROM the tagger's strings into DOC's arena, so they outlive
 * a temporary tagger. */
static void own_tags(nk_doc *doc, nk_sentence *s)
{
    for (size_t k = 0; k < s->ntokens; k++) {
        nk_token *t = &s->tokens[k];
        t->upos = nk_arena_strdup(doc->arena, t->upos);
        t->xpos = nk_arena_strdup(doc->arena, t->xpos);
        t->lemma = nk_arena_strdup(doc->arena, t->lemma);
        t->feats = nk_arena_strdup(doc->arena, t->feats);
    }
}

/* Joint tagging: counts over the words tagged with alternatives. */
typedef struct alt_stats {
    size_t words, with_alt, first_gold, alt_gold;
} alt_stats;

/* Tag sentence S of DOC with T.  With ALTS (room for a pointer), also the
 * tag alternatives within MARGIN, copied into DOC's arena with their gold
 * field from the sentence's tags before tagging, counted in ST. */
static void tag_sentence(const nk_tagger *t, nk_doc *doc, nk_sentence *s,
                         unsigned margin, nk_tag_alt **alts, alt_stats *st)
{
    if (!alts) {
        nk_tagger_tag(t, s, doc->arena);
        own_tags(doc, s);
        return;
    }
    size_t n = s->ntokens;
    const char **gold = nk_xcalloc(2 * n + 1, sizeof *gold);
    for (size_t k = 0; k < n; k++) {
        gold[2 * k] = s->tokens[k].xpos;
        gold[2 * k + 1] = s->tokens[k].upos;
    }
    nk_tag_alt *a = nk_arena_alloc(doc->arena, (n ? n : 1) * sizeof *a);
    nk_tagger_tag_alts(t, s, doc->arena, 0, margin, a);
    own_tags(doc, s);
    for (size_t k = 0; k < n; k++) {
        const char *gx = gold[2 * k], *gu = gold[2 * k + 1];
        bool known = gx && gu;
        bool first = known && strcmp(gx, s->tokens[k].xpos) == 0 &&
                     strcmp(gu, s->tokens[k].upos) == 0;
        st->words++;
        if (!a[k].xpos)
            continue;
        a[k].xpos = nk_arena_strdup(doc->arena, a[k].xpos);
        a[k].upos = nk_arena_strdup(doc->arena, a[k].upos);
        bool second = known && strcmp(gx, a[k].xpos) == 0 && strcmp(gu, a[k].upos) == 0;
        a[k].gold = first ? 0 : second ? 1 : -1;
        st->with_alt++;
        st->first_gold += first;
        st->alt_gold += second;
    }
    free(gold);
    *alts = a;
}

static void alt_note(nk_diag_sink *progress, const char *what, const alt_stats *st)
{
    nk_diag_report(progress, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                   "joint tagging, %s: %.2f%% of %zu words have a tag alternative; "
                   "of those the tagger's tag is right for %.1f%%, the alternative "
                   "for %.1f%%",
                   what, st->words ? 100.0 * (double)st->with_alt / (double)st->words : 0.0,
                   st->words,
                   st->with_alt ? 100.0 * (double)st->first_gold / (double)st->with_alt : 0.0,
                   st->with_alt ? 100.0 * (double)st->alt_gold / (double)st->with_alt : 0.0);
}

/* Tag the training sentences with taggers that did not see them: sentence i
 * (counted over all documents) is in fold i % K; the tagger of fold k is
 * trained on the gold tags of the other folds.  With ALTS (one slot per
 * sentence), also the tag alternatives within MARGIN. */
static int jackknife_tags(nk_doc **docs, size_t ndocs, unsigned k,
                          const nk_tagger_train_options *base,
                          unsigned margin, nk_tag_alt **alts,
                          nk_diag_sink *sink, nk_diag_sink *progress)
{
    alt_stats ast = {0};
    nk_doc **folds = nk_xcalloc(k, sizeof *folds);
    int rc = NK_OK;
    for (unsigned f = 0; f < k; f++) {
        folds[f] = nk_doc_new("jackknife", NULL, 0);
        size_t i = 0;
        for (size_t d = 0; d < ndocs; d++)
            for (size_t j = 0; j < docs[d]->nsentences; j++, i++) {
                if (i % k == f)
                    continue;
                const nk_sentence *g = &docs[d]->sentences[j];
                nk_sentence *c = nk_doc_add_sentence(folds[f], g->ntokens);
                memcpy(c->tokens, g->tokens, g->ntokens * sizeof *g->tokens);
                c->ntokens = g->ntokens;
            }
    }
    for (unsigned f = 0; f < k; f++) {
        nk_tagger *t = NULL;
        nk_tagger_train_options to = *base;
        to.dev_docs = NULL;
        to.ndev = 0;
        const nk_doc *one[1] = {folds[f]};
        NK_CHECK(nk_tagger_train(&t, one, 1, &to, NULL));
        size_t i = 0;
        for (size_t d = 0; d < ndocs; d++)
            for (size_t j = 0; j < docs[d]->nsentences; j++, i++)
                if (i % k == f)
                    tag_sentence(t, docs[d], &docs[d]->sentences[j], margin,
                                 alts ? &alts[i] : NULL, &ast);
        nk_tagger_free(t);
        nk_diag_report(progress, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                       "parser: jackknife fold %u/%u tagged", f + 1, k);
    }
    if (alts)
        alt_note(progress, "training data", &ast);
cleanup:
    if (rc < 0)
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "jackknife tagging failed: %s", nk_strerror(rc));
    for (unsigned f = 0; f < k; f++)
        nk_doc_free(folds[f]);
    free(folds);
    return rc;
}

int cmd_train(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--typer") == 0)
            return cmd_train_typer(argc, argv); /* cmd_typer.c */
    enum { O_TAGGER = 256, O_PARSER, O_BPARSER, O_ALL, O_GOLD, O_TMODEL, O_ROWS, O_JACK, O_SAVE, O_RUNS,
           O_BEAM, O_PASSES, O_WORDNET, O_JOINT, O_SEED, O_BRUNS };
    static const struct option opts[] = {
        {"tagger", no_argument, NULL, O_TAGGER},
        {"parser", no_argument, NULL, O_PARSER},
        {"beam-parser", no_argument, NULL, O_BPARSER},
        {"all", no_argument, NULL, O_ALL},
        {"train", required_argument, NULL, 't'},
        {"dev", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"epochs", required_argument, NULL, 'e'},
        {"gold-tags", no_argument, NULL, O_GOLD},
        {"tagger-model", required_argument, NULL, O_TMODEL},
        {"max-rows", required_argument, NULL, O_ROWS},
        {"jackknife", required_argument, NULL, O_JACK},
        {"save-tagged", required_argument, NULL, O_SAVE},
        {"runs", required_argument, NULL, O_RUNS},
        {"beam", required_argument, NULL, O_BEAM},
        {"joint-margin", required_argument, NULL, O_JOINT},
        {"seed", required_argument, NULL, O_SEED},
        {"beam-runs", required_argument, NULL, O_BRUNS},
        {"tagger-passes", required_argument, NULL, O_PASSES},
        {"wordnet", required_argument, NULL, O_WORDNET},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    bool do_tagger = false, do_parser = false, do_beam = false, gold_tags = false;
    bool quiet = false;
    const char *dev_path = NULL, *out_dir = NULL, *tagger_model = NULL;
    const char *save_tagged = NULL, *wordnet = NULL;
    unsigned epochs = 0;
    size_t max_rows = 800000;
    unsigned jackknife = 4, runs = 3, beam = 8, passes = 1, joint_margin = 0, seed = 1;
    unsigned beam_runs = 1;
    char **train = nk_xcalloc((size_t)argc + 1, sizeof *train);
    size_t ntrain = 0;
    int c;
    while ((c = getopt_long(argc, argv, "t:d:o:e:qh", opts, NULL)) != -1) {
        switch (c) {
        case O_TAGGER: do_tagger = true; break;
        case O_PARSER: do_parser = true; break;
        case O_BPARSER: do_beam = true; break;
        case O_ALL: do_tagger = do_parser = do_beam = true; break;
        case O_GOLD: gold_tags = true; break;
        case O_TMODEL: tagger_model = optarg; break;
        case O_SAVE: save_tagged = optarg; break;
        case O_WORDNET: wordnet = optarg; break;
        case 't': train[ntrain++] = optarg; break;
        case 'd': dev_path = optarg; break;
        case 'o': out_dir = optarg; break;
        case 'q': quiet = true; break;
        case 'e':
        case O_BEAM:
        case O_PASSES:
        case O_JOINT:
        case O_SEED:
        case O_BRUNS:
        case O_RUNS:
        case O_JACK:
        case O_ROWS: {
            char *end = NULL;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || (v == 0 && c != O_JACK && c != O_JOINT) ||
                (c != O_ROWS && c != O_JOINT && v > 1000) || v > UINT32_MAX || (c == O_BEAM && (v < 2 || v > NK_PARSER_MAX_BEAM)) ||
                (c == O_PASSES && v > 2)) {
                fprintf(stderr, "newskg train: bad number '%s'\n", optarg);
                free(train);
                return NK_EXIT_ERROR;
            }
            if (c == 'e')
                epochs = (unsigned)v;
            else if (c == O_JACK)
                jackknife = (unsigned)v;
            else if (c == O_RUNS)
                runs = (unsigned)v;
            else if (c == O_BEAM)
                beam = (unsigned)v;
            else if (c == O_PASSES)
                passes = (unsigned)v;
            else if (c == O_JOINT)
                joint_margin = (unsigned)v;
            else if (c == O_SEED)
                seed = (unsigned)v;
            else if (c == O_BRUNS)
                beam_runs = (unsigned)v;
            else
                max_rows = (size_t)v;
            break;
        }
        case 'h':
            train_usage(stdout);
            free(train);
            return NK_EXIT_OK;
        default:
            train_usage(stderr);
            free(train);
            return NK_EXIT_ERROR;
        }
    }
    for (int i = optind; i < argc; i++)
        train[ntrain++] = argv[i];
    if ((!do_tagger && !do_parser && !do_beam) || ntrain == 0 || !out_dir) {
        fprintf(stderr, "newskg train: need --tagger, --parser, --beam-parser or --all, "
                        "--train FILE and -o DIR\n");
        train_usage(stderr);
        free(train);
        return NK_EXIT_ERROR;
    }
    nk_diag_sink sink = nk_cli_sink();
    nk_diag_sink *progress = quiet ? NULL : &sink;
    nk_doc **docs = NULL, *dev = NULL;
    nk_tag_alt **alts = NULL, **dev_alts = NULL;
    nk_tagger *tagger = NULL;
    nk_parser *parser = NULL;
    char *tagger_out = join_path(out_dir, "tagger.bin");
    char *parser_out = join_path(out_dir, "parser.bin");
    char *beam_out = join_path(out_dir, "parser-beam.bin");
    int rc;
    struct stat sb;
    if (stat(out_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        nk_diag_report(&sink, NK_ERROR, out_dir, 0, 0, SIZE_MAX, "not a directory");
        rc = NK_ERR_NOTFOUND;
        goto cleanup;
    }
    NK_CHECK(read_docs(train, ntrain, &docs, &sink));
    if (dev_path)
        NK_CHECK(nk_conllu_read_file(&dev, dev_path, &sink));
    nk_tagger_train_options to = NK_TAGGER_TRAIN_OPTIONS_INIT;
    to.passes = passes;
    to.wordnet_dir = wordnet ? wordnet : getenv("NEWSKG_WORDNET");
    if (epochs)
        to.epochs = epochs;
    if (do_tagger) {
        if (dev) {
            to.dev_docs = (const nk_doc *const *)&dev;
            to.ndev = 1;
        }
        clock_t t0 = clock();
        NK_CHECK(nk_tagger_train(&tagger, (const nk_doc *const *)docs, ntrain, &to, progress));
        NK_CHECK(nk_tagger_save(tagger, tagger_out, &sink));
        nk_diag_report(progress, NK_NOTE, tagger_out, 0, 0, SIZE_MAX,
                       "tagger written (%.0f s)", (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
    if (do_parser || do_beam) {
        if (!tagger && !gold_tags) {
            const char *path = tagger_model;
            if (!path && stat(tagger_out, &sb) == 0)
                path = tagger_out;
            rc = nk_tagger_load(&tagger, path, path ? &sink : NULL);
            if (rc < 0 && path)
                goto cleanup;
            if (rc < 0)
                nk_diag_report(progress, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                               "no tagger model: training the parser on gold tags");
        }
        if (tagger && !gold_tags) {
            /* joint tagging (beam parser): every sentence's tag alternatives */
            size_t nsent = 0;
            for (size_t i = 0; i < ntrain; i++)
                nsent += docs[i]->nsentences;
            if (do_beam && joint_margin)
                alts = nk_xcalloc(nsent ? nsent : 1, sizeof *alts);
            alt_stats ast = {0};
            if (jackknife >= 2) {
                NK_CHECK(jackknife_tags(docs, ntrain, jackknife, &to, joint_margin, alts,
                                        &sink, progress));
            } else {
                size_t si = 0;
                for (size_t i = 0; i < ntrain; i++)
                    for (size_t j = 0; j < docs[i]->nsentences; j++, si++)
                        tag_sentence(tagger, docs[i], &docs[i]->sentences[j], joint_margin,
                                     alts ? &alts[si] : NULL, &ast);
                if (alts)
                    alt_note(progress, "training data", &ast);
            }
            if (dev) {
                alt_stats dst = {0};
                if (alts)
                    dev_alts = nk_xcalloc(dev->nsentences ? dev->nsentences : 1,
                                          sizeof *dev_alts);
                for (size_t j = 0; j < dev->nsentences; j++)
                    tag_sentence(tagger, dev, &dev->sentences[j], joint_margin,
                                 dev_alts ? &dev_alts[j] : NULL, &dst);
                if (dev_alts)
                    alt_note(progress, "dev", &dst);
            }
            nk_diag_report(progress, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                           "parser: training on predicted tags%s",
                           jackknife >= 2 ? " (jackknifed)" : "");
        }
        if (save_tagged) {
            nk_buf b = {0};
            for (size_t i = 0; i < ntrain; i++)
                nk_conllu_write(docs[i], &b);
            rc = nk_file_write_atomic(save_tagged, b.data ? b.data : "", b.len, &sink);
            nk_buf_free(&b);
            if (rc < 0)
                goto cleanup;
        }
        for (int global = 0; global < 2; global++) {
            if (!(global ? do_beam : do_parser))
                continue;
            nk_parser_train_options po = NK_PARSER_TRAIN_OPTIONS_INIT;
            po.epochs = epochs ? epochs : global ? 8 : runs > 1 ? 10 : 12;
            po.dev = dev;
            po.verbose = !quiet;
            po.max_rows = max_rows;
            po.max_label_rows = max_rows / 5;
            po.runs = global ? beam_runs : runs;
            po.seed = seed;
            po.beam = global ? beam : 1;
            if (global && alts) {
                po.joint_margin = joint_margin;
                po.alts = (const nk_tag_alt *const *)alts;
                po.dev_alts = (const nk_tag_alt *const *)dev_alts;
            }
            const char *out = global ? beam_out : parser_out;
            clock_t t0 = clock();
            NK_CHECK(nk_parser_train(&parser, (const nk_doc *const *)docs, ntrain, &po,
                                     progress));
            NK_CHECK(nk_parser_save(parser, out, &sink));
            nk_parser_free(parser);
            parser = NULL;
            nk_diag_report(progress, NK_NOTE, out, 0, 0, SIZE_MAX, "%s written (%.0f s)",
                           global ? "beam parser" : "parser",
                           (double)(clock() - t0) / CLOCKS_PER_SEC);
        }
    }
    rc = NK_OK;
cleanup:
    if (docs)
        for (size_t i = 0; i < ntrain; i++)
            nk_doc_free(docs[i]);
    free(docs);
    nk_doc_free(dev);
    free(alts);
    free(dev_alts);
    nk_tagger_free(tagger);
    nk_parser_free(parser);
    free(tagger_out);
    free(parser_out);
    free(beam_out);
    free(train);
    return rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
}
