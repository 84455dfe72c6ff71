/* tagger-tool: train, evaluate and benchmark the tagger outside the CLI.
 * Built by scripts/train-tagger and scripts/bench-tagger.
 *
 *   tagger-tool train OUT.bin [--epochs N] [--passes 1|2] [--folds K]
 *                     [--dev F.conllu]... TRAIN.conllu...
 *   tagger-tool eval MODEL.bin GOLD.conllu...     (scores summed over files)
 *   tagger-tool bench MODEL.bin GOLD.conllu RUNS   (tokens/s of each run)
 *   tagger-tool load MODEL.bin                    (load time)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conllu.h"
#include "tagger.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static nk_diag_sink sink = {nk_diag_print, NULL, 0, 0};

/* A copy of GOLD's tokens with the annotation cleared. */
static nk_doc *blank_copy(const nk_doc *gold)
{
    nk_doc *d = nk_doc_new(gold->name, NULL, 0);
    for (size_t s = 0; s < gold->nsentences; s++) {
        const nk_sentence *gs = &gold->sentences[s];
        nk_sentence *ns = nk_doc_add_sentence(d, gs->ntokens);
        ns->text = gs->text;
        ns->id = gs->id;
        ns->begin = gs->begin;
        ns->end = gs->end;
        for (size_t i = 0; i < gs->ntokens; i++) {
            nk_token t = gs->tokens[i];
            t.lemma = t.upos = t.xpos = t.feats = t.deprel = NULL;
            t.head = -1;
            ns->tokens[i] = t;
        }
        ns->ntokens = gs->ntokens;
    }
    return d;
}

static int cmd_train(int argc, char **argv)
{
    nk_tagger_train_options o = NK_TAGGER_TRAIN_OPTIONS_INIT;
    const char *out = argv[0];
    nk_doc **train = calloc((size_t)argc, sizeof *train);
    nk_doc **dev = calloc((size_t)argc, sizeof *dev);
    size_t ntrain = 0, ndev = 0;
    for (int i = 1; i < argc; i++) {
        nk_doc *d = NULL;
        if (strcmp(argv[i], "--epochs") == 0 && i + 1 < argc) {
            o.epochs = (unsigned)atoi(argv[++i]);
        } else if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc) {
            o.passes = (unsigned)atoi(argv[++i]);
        } else if (strcmp(argv[i], "--folds") == 0 && i + 1 < argc) {
            o.folds = (unsigned)atoi(argv[++i]);
        } else if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc) {
            o.dict_min_count = (unsigned)atoi(argv[++i]);
        } else if (strcmp(argv[i], "--prune") == 0 && i + 1 < argc) {
            o.prune = atof(argv[++i]);
        } else if (strcmp(argv[i], "--dev") == 0 && i + 1 < argc) {
            if (nk_conllu_read_file(&d, argv[++i], &sink) != NK_OK)
                return 2;
            dev[ndev++] = d;
        } else {
            if (nk_conllu_read_file(&d, argv[i], &sink) != NK_OK)
                return 2;
            train[ntrain++] = d;
        }
    }
    o.dev_docs = (const nk_doc *const *)dev;
    o.ndev = ndev;
    nk_tagger *t = NULL;
    double t0 = now_s();
    int rc = nk_tagger_train(&t, (const nk_doc *const *)train, ntrain, &o, &sink);
    fprintf(stderr, "trained in %.1f s\n", now_s() - t0);
    if (rc == NK_OK)
        rc = nk_tagger_save(t, out, &sink);
    nk_tagger_free(t);
    for (size_t i = 0; i < ntrain; i++)
        nk_doc_free(train[i]);
    for (size_t i = 0; i < ndev; i++)
        nk_doc_free(dev[i]);
    free(train);
    free(dev);
    return rc == NK_OK ? 0 : 2;
}

static int cmd_eval(int argc, char **argv)
{
    nk_tagger *t = NULL;
    if (nk_tagger_load(&t, argv[0], &sink) != NK_OK)
        return 2;
    nk_conllu_eval sum;
    memset(&sum, 0, sizeof sum);
    for (int i = 1; i < argc; i++) {
        nk_doc *gold = NULL;
        if (nk_conllu_read_file(&gold, argv[i], &sink) != NK_OK)
            return 2;
        nk_doc *sys = blank_copy(gold);
        nk_tagger_tag_doc(t, sys);
        nk_conllu_eval e;
        if (nk_conllu_evaluate(gold, sys, &e, &sink) != NK_OK)
            return 2;
        nk_score *a[] = {&sum.upos, &sum.xpos, &sum.lemma};
        nk_score *b[] = {&e.upos, &e.xpos, &e.lemma};
        for (int k = 0; k < 3; k++) {
            a[k]->gold += b[k]->gold;
            a[k]->system += b[k]->system;
            a[k]->correct += b[k]->correct;
        }
        nk_doc_free(sys);
        nk_doc_free(gold);
    }
    printf("words %zu  UPOS %.2f  XPOS %.2f  Lemma %.2f\n", sum.upos.gold,
           nk_score_f1(&sum.upos), nk_score_f1(&sum.xpos),
           nk_score_f1(&sum.lemma));
    nk_tagger_free(t);
    return 0;
}

static int cmd_bench(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    double t0 = now_s();
    nk_tagger *t = NULL;
    if (nk_tagger_load(&t, argv[0], &sink) != NK_OK)
        return 2;
    double load = now_s() - t0;
    nk_doc *gold = NULL;
    if (nk_conllu_read_file(&gold, argv[1], &sink) != NK_OK)
        return 2;
    int runs = atoi(argv[2]);
    size_t ntok = 0;
    for (size_t s = 0; s < gold->nsentences; s++)
        ntok += gold->sentences[s].ntokens;
    printf("load %.4f s\n", load);
    for (int r = 0; r < runs; r++) {
        nk_doc *sys = blank_copy(gold);
        double a = now_s(), c = cpu_s();
        nk_tagger_tag_doc(t, sys);
        double el = now_s() - a, cel = cpu_s() - c;
        printf("run %d: %zu tokens in %.4f s = %.0f tokens/s "
               "(CPU %.4f s = %.0f tokens/s)\n",
               r + 1, ntok, el, (double)ntok / el, cel, (double)ntok / cel);
        nk_doc_free(sys);
    }
    nk_doc_free(gold);
    nk_tagger_free(t);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "train") == 0)
        return cmd_train(argc - 2, argv + 2);
    if (argc >= 4 && strcmp(argv[1], "eval") == 0)
        return cmd_eval(argc - 2, argv + 2);
    if (argc >= 5 && strcmp(argv[1], "bench") == 0)
        return cmd_bench(argc - 2, argv + 2);
    if (argc == 3 && strcmp(argv[1], "load") == 0) {
        double t0 = now_s();
        nk_tagger *t = NULL;
        int rc = nk_tagger_load(&t, argv[2], &sink);
        printf("load %.4f s\n", now_s() - t0);
        nk_tagger_free(t);
        return rc == NK_OK ? 0 : 2;
    }
    fprintf(stderr, "usage: tagger-tool train|eval|bench|load ...\n");
    return 2;
}
