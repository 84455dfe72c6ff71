/* bench-nlp.c: speed of the NLP core, stage by stage (a program, not a test).
 *
 *   bench-nlp [--runs N] NAME=FILE.conllu ...
 *
 * For each CoNLL-U file: the raw text (its "# text" lines, one per line) is
 * tokenized; the file's own words (annotation removed) are tagged and
 * parsed.  Prints model load times and, per file, tokens per second of
 * tokenizing, tagging, parsing and tagging+parsing (median of N runs, on one
 * thread).  Peak memory is measured by the driver (scripts/bench-nlp) with
 * /usr/bin/time -v. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conllu.h"
#include "parser.h"
#include "tagger.h"
#include "tokenize.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void clear(nk_doc *doc)
{
    for (size_t i = 0; i < doc->nsentences; i++)
        for (size_t k = 0; k < doc->sentences[i].ntokens; k++) {
            nk_token *t = &doc->sentences[i].tokens[k];
            t->lemma = t->upos = t->xpos = t->feats = t->deprel = NULL;
            t->head = -1;
        }
}

#define MAX_RUNS 21

int main(int argc, char **argv)
{
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    int runs = 5, first = 1;
    if (argc > 2 && strcmp(argv[1], "--runs") == 0) {
        runs = atoi(argv[2]);
        first = 3;
    }
    if (runs < 1 || runs > MAX_RUNS || first >= argc) {
        fprintf(stderr, "usage: bench-nlp [--runs N<=%d] NAME=FILE.conllu ...\n", MAX_RUNS);
        return 2;
    }
    double t0 = now();
    nk_tagger *tagger = NULL;
    if (nk_tagger_load(&tagger, NULL, &sink) < 0)
        return 2;
    double t1 = now();
    nk_parser *parser = NULL;
    if (nk_parser_load(&parser, NULL, &sink) < 0)
        return 2;
    double t2 = now();
    printf("model load: tagger %.3f s, parser %.3f s\n", t1 - t0, t2 - t1);
    printf("%-16s %8s %12s %12s %12s %12s\n", "corpus", "tokens", "tokenize/s",
           "tag/s", "parse/s", "tag+parse/s");
    for (int a = first; a < argc; a++) {
        char *eq = strchr(argv[a], '=');
        const char *name = eq ? argv[a] : "corpus";
        const char *path = eq ? eq + 1 : argv[a];
        if (eq)
            *eq = '\0';
        nk_doc *gold = NULL;
        if (nk_conllu_read_file(&gold, path, &sink) < 0)
            return 2;
        nk_buf text = {0};
        size_t words = 0;
        for (size_t i = 0; i < gold->nsentences; i++) {
            if (gold->sentences[i].text) {
                nk_buf_puts(&text, gold->sentences[i].text);
                nk_buf_putc(&text, '\n');
            }
            words += gold->sentences[i].ntokens;
        }
        double tok[MAX_RUNS], tag[MAX_RUNS], par[MAX_RUNS], both[MAX_RUNS];
        size_t ntok = 0;
        for (int r = 0; r < runs; r++) {
            nk_doc *doc = nk_doc_new(name, text.data ? text.data : "", text.len);
            double s0 = now();
            if (nk_tokenize(doc, &sink) < 0)
                return 2;
            double s1 = now();
            ntok = 0;
            for (size_t i = 0; i < doc->nsentences; i++)
                ntok += doc->sentences[i].ntokens;
            tok[r] = (double)ntok / (s1 - s0);
            nk_doc_free(doc);
            clear(gold);
            s0 = now();
            for (size_t i = 0; i < gold->nsentences; i++)
                nk_tagger_tag(tagger, &gold->sentences[i], gold->arena);
            s1 = now();
            for (size_t i = 0; i < gold->nsentences; i++)
                nk_parser_parse(parser, &gold->sentences[i], gold->arena);
            double s2 = now();
            tag[r] = (double)words / (s1 - s0);
            par[r] = (double)words / (s2 - s1);
            both[r] = (double)words / (s2 - s0);
        }
        printf("%-16s %8zu %12.0f %12.0f %12.0f %12.0f\n", name, words,
               median(tok, runs), median(tag, runs), median(par, runs),
               median(both, runs));
        nk_buf_free(&text);
        nk_doc_free(gold);
    }
    nk_tagger_free(tagger);
    nk_parser_free(parser);
    return 0;
}
