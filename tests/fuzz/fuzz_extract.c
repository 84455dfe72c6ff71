/* fuzz_extract.c: raw article text through the whole pipeline — tokenize,
 * tag, parse, entities, events — then the graph, its DOT, JSONL and
 * N-Quads, each read back (the N-Quads must write the same statements
 * again: newskg's own RDF round-trips).  The models, gazetteer, ontology, WordNet and
 * name typer are loaded once per process (NEWSKG_DATA names the repository
 * or install), as a long-running user of the library would; per input it
 * does only what the input reaches (no files, no rendering). */
#include <string.h>

#include "dot.h"
#include "extract.h"
#include "fuzz.h"
#include "graph.h"
#include "rdf.h"

static nk_resources *res;

static void unload(void)
{
    nk_resources_free(res);
    nk_dot_shutdown();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    if (nk_resources_load(&res, NULL, &sink) != NK_OK) {
        fprintf(stderr, "fuzz_extract: cannot load the resources (set NEWSKG_DATA)\n");
        exit(1);
    }
    atexit(unload);
    return 0;
}

/* The graph of SET as N-Quads (the streaming writer `extract` and `load`
 * use); the caller frees OUT. */
static void write_nquads(const nk_factset *set, nk_buf *out)
{
    nk_graph *g = NULL;
    NK_FUZZ_CHECK(nk_graph_build(&g, set, NULL, NULL) == NK_OK);
    NK_FUZZ_CHECK(nk_rdf_write(g, NK_RDF_NQUADS, out, NULL) == NK_OK);
    nk_graph_free(g);
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of B (NUL-terminated in place), sorted; *N of them. */
static char **sorted_lines(nk_buf *b, size_t *n)
{
    size_t cap = 16, k = 0;
    char **lines = nk_xmalloc(cap * sizeof *lines);
    char *p = b->data;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (k == cap)
            lines = nk_xrealloc(lines, (cap *= 2) * sizeof *lines);
        lines[k++] = p;
        p = nl ? nl + 1 : p + strlen(p);
    }
    qsort(lines, k, sizeof *lines, cmp_line);
    *n = k;
    return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nk_factset *set = NULL;
    int rc = nk_extract_text(res, "fuzz.txt", (const char *)data, size, NULL, &set, NULL, NULL);
    if (rc != NK_OK) {
        /* the only input extraction refuses is text that is not UTF-8 */
        NK_FUZZ_CHECK(rc == NK_ERR_PARSE && !nk_utf8_valid((const char *)data, size, NULL));
        NK_FUZZ_CHECK(set == NULL);
        return 0;
    }
    /* what the extractor writes, the reader takes, fact for fact */
    nk_fuzz_check_facts(set, 1);
    /* its RDF (the streaming N-Quads writer) reads back, and what is read
     * back writes the same statements again (in another order: the facts
     * come back in reading order) */
    nk_buf nq = {0}, again = {0};
    write_nquads(set, &nq);
    nk_factset *back = NULL;
    NK_FUZZ_CHECK(nk_rdf_read(&back, nq.data ? nq.data : "", nq.len, NK_RDF_NQUADS,
                              "again.nq", NULL) == NK_OK);
    write_nquads(back, &again);
    nk_factset_free(back);
    size_t na = 0, nb = 0;
    char **a = sorted_lines(&nq, &na), **b = sorted_lines(&again, &nb);
    NK_FUZZ_CHECK(na == nb);
    for (size_t i = 0; i < na; i++)
        NK_FUZZ_CHECK(strcmp(a[i], b[i]) == 0);
    free(a);
    free(b);
    nk_buf_free(&nq);
    nk_buf_free(&again);
    nk_factset_free(set);
    return 0;
}
