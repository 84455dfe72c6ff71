/* bench-nlp.c: speed of the NLP core, stage by stage (a program, not a test).
 *
 *   bench-nlp [--runs N] [--beam K] [--margin M] NAME=FILE.conllu ...
 *
 * For each CoNLL-U file: the raw text (its "# text" lines, one per line) is
 * tokenized; the file's own words (annotation removed) are tagged and
 * parsed in the two modes: fast (the tagger's first pass, the greedy
 * parser) and best (both tagger passes, the beam parser
 * models/parser-beam.bin with width K, default its own, pruned with margin
 * M, default best mode's NK_NLP_BEST_MARGIN; a joint model also
 * chooses between the tagger's two best tags where it was unsure, and that
 * time counts as parsing).  Prints model load
 * times and, per file and mode, tokens per second of tokenizing, tagging,
 * parsing and tagging+parsing (median of N runs, on one thread).  Times are
 * the thread's CPU time, so that other processes on a shared machine do not
 * count; wall time is printed beside for tag+parse.  Peak memory is
 * measured by the driver (scripts/bench-nlp) with /usr/bin/time -v. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conllu.h"
#include "parser.h"
#include "pipeline.h"
#include "tagger.h"
#include "tokenize.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double wall(void)
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

/* One mode: tagger passes and parser (with its beam width). */
typedef struct mode {
    const char *name;
    unsigned passes;
    const nk_parser *parser;
    unsigned beam;
    double margin;
} mode;

int main(int argc, char **argv)
{
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    int runs = 5, first = 1;
    unsigned beam = 0;
    double margin = NK_NLP_BEST_MARGIN;
    while (first + 1 < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "--runs") == 0)
            runs = atoi(argv[first + 1]);
        else if (strcmp(argv[first], "--beam") == 0)
            beam = (unsigned)atoi(argv[first + 1]);
        else if (strcmp(argv[first], "--margin") == 0)
            margin = atof(argv[first + 1]);
        else
            break;
        first += 2;
    }
    if (runs < 1 || runs > MAX_RUNS || first >= argc) {
        fprintf(stderr, "usage: bench-nlp [--runs N<=%d] [--beam K] [--margin M] NAME=FILE.conllu ...\n",
                MAX_RUNS);
        return 2;
    }
    double t0 = wall();
    nk_tagger *tagger = NULL;
    if (nk_tagger_load(&tagger, NULL, &sink) < 0)
        return 2;
    double t1 = wall();
    nk_parser *parser = NULL;
    if (nk_parser_load(&parser, NULL, &sink) < 0)
        return 2;
    double t2 = wall();
    nk_parser *bparser = NULL;
    char *bpath = nk_data_find("models/parser-beam.bin");
    if (bpath && nk_parser_load(&bparser, bpath, &sink) < 0)
        return 2;
    double t3 = wall();
    free(bpath);
    printf("model load (wall): tagger %.3f s, parser %.3f s, beam parser %.3f s\n",
           t1 - t0, t2 - t1, bparser ? t3 - t2 : 0.0);
    mode modes[2] = {{"fast", 1, parser, 1, 0},
                     {"best", 2, bparser, beam ? beam : nk_parser_beam(bparser), margin}};
    int nmodes = bparser ? 2 : 1;
    printf("%-16s %-5s %4s %6s %8s %12s %12s %12s %12s %12s\n", "corpus", "mode", "beam",
           "margin", "tokens", "tokenize/s", "tag/s", "parse/s", "tag+parse/s", "(wall)");
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
        nk_tag_alt **alts = calloc(gold->nsentences + 1, sizeof *alts);
        for (size_t i = 0; i < gold->nsentences; i++)
            alts[i] = nk_arena_alloc(gold->arena,
                                     (gold->sentences[i].ntokens + 1) * sizeof *alts[i]);
        for (int mi = 0; mi < nmodes; mi++) {
            const mode *md = &modes[mi];
            double tok[MAX_RUNS], tag[MAX_RUNS], par[MAX_RUNS], both[MAX_RUNS],
                wboth[MAX_RUNS];
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
                /* a joint model (best mode) also decides the tags the
                 * tagger was unsure of: the tagger gives alternatives, the
                 * tokens the beam retags get their lemmas again */
                unsigned joint = md->beam > 1 ? nk_parser_joint_margin(md->parser) : 0;
                double w0 = wall();
                s0 = now();
                for (size_t i = 0; i < gold->nsentences; i++) {
                    nk_sentence *s = &gold->sentences[i];
                    if (joint)
                        nk_tagger_tag_alts(tagger, s, gold->arena, md->passes, joint,
                                           alts[i]);
                    else
                        nk_tagger_tag_passes(tagger, s, gold->arena, md->passes);
                }
                s1 = now();
                for (size_t i = 0; i < gold->nsentences; i++) {
                    nk_sentence *s = &gold->sentences[i];
                    nk_parser_parse_pruned(md->parser, s, gold->arena, md->beam,
                                           md->margin, joint ? alts[i] : NULL);
                    for (size_t k = 0; joint && k < s->ntokens; k++)
                        if (alts[i][k].xpos && s->tokens[k].xpos == alts[i][k].xpos &&
                            s->tokens[k].upos == alts[i][k].upos)
                            nk_tagger_retag(tagger, &s->tokens[k], alts[i][k].xpos,
                                            alts[i][k].upos, gold->arena);
                }
                double s2 = now();
                double w1 = wall();
                tag[r] = (double)words / (s1 - s0);
                par[r] = (double)words / (s2 - s1);
                both[r] = (double)words / (s2 - s0);
                wboth[r] = (double)words / (w1 - w0);
            }
            printf("%-16s %-5s %4u %6.0f %8zu %12.0f %12.0f %12.0f %12.0f %12.0f\n", name,
                   md->name, md->beam, md->margin, words, median(tok, runs), median(tag, runs),
                   median(par, runs), median(both, runs), median(wboth, runs));
        }
        nk_buf_free(&text);
        free(alts);
        nk_doc_free(gold);
    }
    nk_tagger_free(tagger);
    nk_parser_free(parser);
    nk_parser_free(bparser);
    return 0;
}
