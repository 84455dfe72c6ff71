/* bench-long.c: CPU time per word of tag + parse and of extraction
 * (entities + events) on texts of different lengths, for scripts/bench-long.
 * Each text is analysed RUNS times; extraction is repeated on the analysed
 * document until it has covered at least 200,000 words, so short texts are
 * timed as precisely as long ones.  Prints one line per file: words,
 * facts, microseconds per word (median of RUNS) of analysis and extraction.
 *   bench-long [--runs N] FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "extract.h"
#include "util.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    size_t runs = 3;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--runs") == 0) {
        runs = (size_t)strtoul(argv[2], NULL, 10);
        first = 3;
    }
    if (runs < 1 || runs > 99 || first >= argc) {
        fprintf(stderr, "usage: bench-long [--runs N] FILE...\n");
        return 2;
    }
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    nk_resources *res = NULL;
    if (nk_resources_load(&res, NULL, &sink) != NK_OK)
        return 2;
    printf("%8s %8s %14s %14s\n", "words", "facts", "analyse us/w", "extract us/w");
    for (int a = first; a < argc; a++) {
        size_t len = 0;
        char *text = NULL;
        if (nk_file_read(argv[a], &text, &len, &sink) != NK_OK)
            return 2;
        size_t words = 0;
        for (size_t i = 0; i < len; i++)
            if ((i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n') && text[i] != ' ' &&
                text[i] != '\n')
                words++;
        double ta[99], te[99];
        size_t facts = 0;
        for (size_t r = 0; r < runs; r++) {
            nk_doc *doc = nk_doc_new(argv[a], text, len);
            double t0 = cpu_now();
            if (nk_pipeline_analyse(res->pipeline, doc, &sink) != NK_OK)
                return 2;
            double t1 = cpu_now();
            size_t reps = words ? 200000 / words + 1 : 1;
            nk_extract_options eo = NK_EXTRACT_OPTIONS_INIT;
            eo.wordnet = res->wordnet;
            eo.words = res->words;
            for (size_t k = 0; k < reps; k++) {
                nk_factset *set = NULL;
                if (nk_extract_events(doc, res->gazetteer, res->ontology, &eo, &set, &sink) != NK_OK)
                    return 2;
                facts = set->count;
                nk_factset_free(set);
            }
            double t2 = cpu_now();
            ta[r] = 1e6 * (t1 - t0) / (double)words;
            te[r] = 1e6 * (t2 - t1) / (double)(words * reps);
            nk_doc_free(doc);
        }
        printf("%8zu %8zu %14.2f %14.2f\n", words, facts, median(ta, runs), median(te, runs));
        free(text);
    }
    nk_resources_free(res);
    return 0;
}
