/* cmd_typer.c: newskg train --typer: train the name typer (typer.h) on
 * CoNLL-U files with GUM's entity layer and score it, alone and inside the
 * entity resolver, against the resolver's own rules. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "entities.h"
#include "typer.h"

static void typer_usage(FILE *f)
{
    fprintf(f,
            "usage: newskg train --typer --train FILE... [--dev FILE]... [--test FILE]...\n"
            "                    [--names TSV] [--parse] (-o DIR | --model FILE) [-e N] [-q]\n\n"
            "Train the name typer (an averaged perceptron that types proper names\n"
            "no rule of the entity resolver decides) on CoNLL-U files that carry\n"
            "GUM's entity layer (Entity= in MISC) and write DIR/typer.bin\n"
            "(atomically, deterministically).  Then score each --dev and --test set:\n"
            "per class, the accuracy of the model alone, of the resolver's rules\n"
            "(gazetteer, descriptions, titles, word rules) and of the resolver with\n"
            "the model, on the names GUM marks (gold trees).\n\n"
            "  -t, --train FILE...  training files (more may follow as arguments)\n"
            "  -d, --dev FILE       development file (repeatable): the epoch most\n"
            "                       accurate on these is kept, and they are scored\n"
            "      --test FILE      test file (repeatable): scored only\n"
            "  -o, --output DIR     where typer.bin goes\n"
            "      --names FILE     also train on the names of a gazetteer TSV file\n"
            "                       (ontology/gazetteer.tsv), by their words alone\n"
            "      --model FILE     score this model instead of training one\n"
            "      --parse          re-tag and re-parse the --dev and --test files with\n"
            "                       the installed models, as extraction sees them: the\n"
            "                       epoch, the threshold and the scores are then on\n"
            "                       predicted trees (--train files keep their gold trees)\n"
            "  -e, --epochs N       passes over the data (default 10)\n"
            "  -q, --quiet          no progress notes\n"
            "  -h, --help           this help\n");
}

static int read_set(char **files, size_t n, const nk_pipeline *reparse, nk_typer_corpus **out,
                    nk_diag_sink *sink)
{
    *out = nk_typer_corpus_new();
    nk_typer_corpus_reparse(*out, reparse);
    for (size_t i = 0; i < n; i++) {
        int rc = nk_typer_corpus_add(*out, files[i], sink);
        if (rc < 0)
            return rc;
    }
    return NK_OK;
}

static nk_typer_class class_of_etype(nk_etype t)
{
    switch (t) {
    case NK_ETYPE_PERSON:
    case NK_ETYPE_GROUP: return NK_TYPER_PERSON;
    case NK_ETYPE_ORGANIZATION: return NK_TYPER_ORGANIZATION;
    case NK_ETYPE_COUNTRY:
    case NK_ETYPE_LOCATION: return NK_TYPER_LOCATION;
    default: return NK_TYPER_OTHER;
    }
}

static nk_role role_of(const nk_tree *t, size_t head)
{
    static const char *const places[] = {"in", "at", "near", "from", "into", "across", "to",
                                         "throughout", "outside", "inside", "around", NULL};
    const char *cs = nk_tree_case(t, head);
    return nk_tree_rel_is(t, head, NK_DEP_OBL) && cs && nk_str_in(cs, places) ? NK_ROLE_PLACE
                                                                              : NK_ROLE_ACTOR;
}

typedef struct resources {
    nk_gazetteer *gaz;
    nk_wordnet *wn;
    nk_wordlists *words;
} resources;

/* The resolver's class for every example of C, file by file, sentence by
 * sentence, with TYPER hooked in (or NULL: the rules alone). */
static void resolve_all(const nk_typer_corpus *c, const resources *res, const nk_typer *typer,
                        nk_typer_class *out)
{
    size_t nex;
    const nk_typer_example *ex = nk_typer_corpus_examples(c, &nex);
    size_t e = 0;
    for (size_t d = 0; d < nk_typer_corpus_files(c); d++) {
        nk_factset *set = nk_factset_new();
        nk_entities *r = nk_entities_new(res->gaz, res->wn, res->words, set);
        nk_entities_use_typer(r, typer);
        for (size_t s = 0; s < nk_typer_corpus_sentences(c, d); s++) {
            const nk_tree *t = nk_typer_corpus_tree(c, d, s);
            nk_entities_sentence(r, t, s);
            for (; e < nex && ex[e].doc == d && ex[e].sent == s; e++) {
                nk_entity_ref *ref = nk_entities_resolve(r, ex[e].name.head, role_of(t, ex[e].name.head));
                out[e] = ref ? class_of_etype(nk_entity_type(ref)) : NK_TYPER_OTHER;
            }
        }
        nk_entities_free(r);
        nk_factset_free(set);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The margin from which the resolver had better trust TYPER than its word
 * rules: the candidate (0 and every 5th percentile of the model's margins
 * on DEV's names) under which the resolver types most of DEV's names
 * right; ties go to the lower one. */
static void choose_threshold(nk_typer *typer, const nk_typer_corpus *dev, const resources *res,
                             nk_diag_sink *progress)
{
    size_t nex;
    const nk_typer_example *ex = nk_typer_corpus_examples(dev, &nex);
    if (nex == 0)
        return;
    nk_typer_context ctx = {res->wn, res->gaz, res->words};
    double *margins = nk_xmalloc(nex * sizeof *margins);
    for (size_t i = 0; i < nex; i++)
        nk_typer_classify(typer, &ctx, &ex[i].name, &margins[i]);
    qsort(margins, nex, sizeof *margins, cmp_double);
    nk_typer_class *got = nk_xcalloc(nex, sizeof *got);
    double best = 0;
    size_t best_ok = 0;
    for (size_t q = 0; q <= 20; q++) {
        double th = q == 0 ? 0 : margins[(q - 1) * nex / 20];
        nk_typer_set_threshold(typer, th);
        resolve_all(dev, res, typer, got);
        size_t ok = 0;
        for (size_t i = 0; i < nex; i++)
            ok += got[i] == ex[i].gold;
        if (q == 0 || ok > best_ok) {
            best_ok = ok;
            best = th;
        }
    }
    nk_typer_set_threshold(typer, best);
    nk_diag_report(progress, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                   "typer: margin threshold %.3f (%zu of %zu dev names typed right)", best,
                   best_ok, nex);
    free(margins);
    free(got);
}

static void score(const char *label, const nk_typer_corpus *c, const resources *res,
                  const nk_typer *typer)
{
    size_t nex;
    const nk_typer_example *ex = nk_typer_corpus_examples(c, &nex);
    nk_typer_class *rules = nk_xcalloc(nex ? nex : 1, sizeof *rules);
    nk_typer_class *both = nk_xcalloc(nex ? nex : 1, sizeof *both);
    resolve_all(c, res, NULL, rules);
    resolve_all(c, res, typer, both);
    nk_typer_context ctx = {res->wn, res->gaz, res->words};
    printf("%s: %zu names in %zu files\n", label, nex, nk_typer_corpus_files(c));
    for (int first_only = 1; first_only >= 0; first_only--) {
        size_t total[NK_TYPER_NCLASSES + 1] = {0}, ok[3][NK_TYPER_NCLASSES + 1] = {{0}};
        for (size_t i = 0; i < nex; i++) {
            if (first_only && !ex[i].first)
                continue;
            nk_typer_class m = nk_typer_classify(typer, &ctx, &ex[i].name, NULL);
            size_t g = (size_t)ex[i].gold;
            total[g]++;
            total[NK_TYPER_NCLASSES]++;
            nk_typer_class got[3] = {m, rules[i], both[i]};
            for (size_t k = 0; k < 3; k++)
                if (got[k] == ex[i].gold) {
                    ok[k][g]++;
                    ok[k][NK_TYPER_NCLASSES]++;
                }
        }
        printf("  %-18s %6s %7s %7s %11s\n", first_only ? "first mentions" : "all mentions",
               "names", "model", "rules", "rules+model");
        for (size_t g = 0; g <= NK_TYPER_NCLASSES; g++) {
            double n = total[g] ? (double)total[g] : 1;
            printf("    %-16s %6zu %7.3f %7.3f %11.3f\n",
                   g < NK_TYPER_NCLASSES ? nk_typer_class_name((nk_typer_class)g) : "all",
                   total[g], (double)ok[0][g] / n, (double)ok[1][g] / n, (double)ok[2][g] / n);
        }
    }
    free(rules);
    free(both);
}

int cmd_train_typer(int argc, char **argv)
{
    enum { O_TYPER = 256, O_TEST, O_MODEL, O_NAMES, O_PARSE };
    static const struct option opts[] = {
        {"typer", no_argument, NULL, O_TYPER},
        {"train", required_argument, NULL, 't'},
        {"dev", required_argument, NULL, 'd'},
        {"test", required_argument, NULL, O_TEST},
        {"output", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, O_MODEL},
        {"names", required_argument, NULL, O_NAMES},
        {"parse", no_argument, NULL, O_PARSE},
        {"epochs", required_argument, NULL, 'e'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    char **train = nk_xcalloc((size_t)argc + 1, sizeof *train);
    char **dev = nk_xcalloc((size_t)argc + 1, sizeof *dev);
    char **test = nk_xcalloc((size_t)argc + 1, sizeof *test);
    size_t ntrain = 0, ndev = 0, ntest = 0;
    const char *out_dir = NULL, *model = NULL, *names = NULL;
    unsigned epochs = 0;
    bool quiet = false, parse = false;
    int status = NK_EXIT_ERROR, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "t:d:o:e:qh", opts, NULL)) != -1) {
        switch (c) {
        case O_TYPER: break;
        case 't': train[ntrain++] = optarg; break;
        case 'd': dev[ndev++] = optarg; break;
        case O_TEST: test[ntest++] = optarg; break;
        case 'o': out_dir = optarg; break;
        case O_MODEL: model = optarg; break;
        case O_NAMES: names = optarg; break;
        case O_PARSE: parse = true; break;
        case 'q': quiet = true; break;
        case 'e': {
            char *end = NULL;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || v == 0 || v > 1000) {
                fprintf(stderr, "newskg train: bad number '%s'\n", optarg);
                goto done;
            }
            epochs = (unsigned)v;
            break;
        }
        case 'h':
            typer_usage(stdout);
            status = NK_EXIT_OK;
            goto done;
        default:
            typer_usage(stderr);
            goto done;
        }
    }
    for (int i = optind; i < argc; i++)
        train[ntrain++] = argv[i];
    if (model ? ntrain > 0 || out_dir : ntrain == 0 || !out_dir) {
        fprintf(stderr, "newskg train --typer: need --train FILE and -o DIR, or --model FILE "
                        "to score a model\n");
        typer_usage(stderr);
        goto done;
    }
    nk_diag_sink sink = nk_cli_sink();
    resources res = {0};
    nk_typer_corpus *ctrain = NULL, *cdev = NULL, *ctest = NULL;
    nk_typer *typer = NULL;
    nk_pipeline *pipeline = NULL;
    char *path = NULL;
    int rc;
    struct stat sb;
    if (out_dir && (stat(out_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        nk_diag_report(&sink, NK_ERROR, out_dir, 0, 0, SIZE_MAX, "not a directory");
        rc = NK_ERR_NOTFOUND;
        goto cleanup;
    }
    NK_CHECK(nk_gazetteer_load(&res.gaz, NULL, 0, &sink));
    NK_CHECK(nk_wordnet_load(&res.wn, NULL, &sink));
    NK_CHECK(nk_wordlists_load(&res.words, NULL, 0, &sink));
    if (parse)
        NK_CHECK(nk_pipeline_load(&pipeline, &sink));
    NK_CHECK(read_set(dev, ndev, pipeline, &cdev, &sink));
    NK_CHECK(read_set(test, ntest, pipeline, &ctest, &sink));
    nk_typer_context ctx = {res.wn, res.gaz, res.words};
    if (model) {
        NK_CHECK(nk_typer_load(&typer, model, &sink));
    } else {
        NK_CHECK(read_set(train, ntrain, NULL, &ctrain, &sink));
        if (names)
            NK_CHECK(nk_typer_corpus_add_names(ctrain, names, &sink));
        size_t ntr, nd;
        const nk_typer_example *tr = nk_typer_corpus_examples(ctrain, &ntr);
        const nk_typer_example *dv = nk_typer_corpus_examples(cdev, &nd);
        nk_typer_train_options to = NK_TYPER_TRAIN_OPTIONS_INIT;
        to.epochs = epochs;
        to.progress = quiet ? NULL : &sink;
        rc = nk_typer_train(&typer, &ctx, tr, ntr, dv, nd, &to);
        if (rc < 0) {
            nk_diag_report(&sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                           "no names with entity types in the training files");
            goto cleanup;
        }
        choose_threshold(typer, cdev, &res, to.progress);
        nk_buf b = {0};
        nk_buf_printf(&b, "%s/typer.bin", out_dir);
        path = nk_buf_detach(&b);
        NK_CHECK(nk_typer_save(typer, path, &sink));
        size_t nfirst = 0;
        for (size_t i = 0; i < ntr; i++)
            nfirst += tr[i].first;
        nk_diag_report(quiet ? NULL : &sink, NK_NOTE, path, 0, 0, SIZE_MAX,
                       "typer written: trained on %zu first mentions, %zu feature buckets",
                       nfirst, nk_typer_feature_count(typer));
    }
    if (ndev)
        score("dev", cdev, &res, typer);
    if (ntest)
        score("test", ctest, &res, typer);
    rc = NK_OK;
cleanup:
    status = rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
    free(path);
    nk_typer_free(typer);
    nk_typer_corpus_free(ctrain);
    nk_typer_corpus_free(cdev);
    nk_typer_corpus_free(ctest);
    nk_gazetteer_free(res.gaz);
    nk_wordnet_free(res.wn);
    nk_wordlists_free(res.words);
    nk_pipeline_free(pipeline);
done:
    free(train);
    free(dev);
    free(test);
    return status;
}
