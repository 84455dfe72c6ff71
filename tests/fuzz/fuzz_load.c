/* fuzz_load.c: `newskg load`'s readers into the embedded store.  The first
 * byte of the input picks the reader (Turtle, N-Triples, N-Quads or facts
 * JSON Lines, by its value modulo 4); the rest is the file.
 *
 * A file loads whole or not at all: after a failed load the store holds
 * nothing; after a good one its graphs hold as many triples as the load
 * says it wrote, loading the same file again replaces every graph and
 * leaves the count unchanged, and dropping the graphs empties the store.
 * The store is a temporary file (nk_fuzz_store_path), made again
 * every few hundred inputs so that its term dictionary stays small. */
#include <stdbool.h>
#include <string.h>

#include "facts_jsonl.h"
#include "fuzz.h"
#include "graph.h"
#include "store.h"

static char path[256];
static nk_store *store;
static unsigned runs;

static void close_store(void)
{
    nk_store_free(store);
    store = NULL;
    nk_fuzz_remove_store(path);
}

static void open_store(void)
{
    close_store();
    NK_FUZZ_CHECK(nk_store_open(&store, path, NK_STORE_WRITE, NULL) == NK_OK);
    NK_FUZZ_CHECK(nk_store_size(store) == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nk_fuzz_store_path(path, sizeof path, "load");
    open_store();
    atexit(close_store);
    return 0;
}

/* Load TEXT as FORMAT (0-2: RDF, 3: JSONL) into the store. */
static int load(int format, const char *text, size_t len, nk_store_load_stats *stats)
{
    static const nk_rdf_format rdf[] = {NK_RDF_TURTLE, NK_RDF_NTRIPLES, NK_RDF_NQUADS};
    if (format < 3)
        return nk_store_load_text(store, text, len, rdf[format], "fuzz", NULL, stats, NULL);
    nk_factset *facts = NULL;
    nk_graph *g = NULL;
    int rc = nk_facts_read_jsonl(&facts, text, len, "fuzz.jsonl", NULL);
    if (rc == NK_OK)
        rc = nk_graph_build(&g, facts, NULL, NULL);
    if (rc == NK_OK) {
        const nk_graph *one[1] = {g};
        rc = nk_store_load_graphs(store, one, 1, "fuzz.jsonl", NULL, stats, NULL);
    } else {
        memset(stats, 0, sizeof *stats);
    }
    nk_graph_free(g);
    nk_factset_free(facts);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (++runs % 256 == 0)
        open_store();
    int format = data[0] % 4;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    nk_store_load_stats st = {1, 1, 1};
    int rc = load(format, text, len, &st);
    int64_t n = nk_store_size(store);
    if (rc < 0) {
        /* nothing of a bad file is loaded */
        NK_FUZZ_CHECK(n == 0);
        NK_FUZZ_CHECK(st.triples == 0 && st.graphs == 0);
        return 0;
    }
    NK_FUZZ_CHECK(n >= 0 && (size_t)n == st.triples);
    NK_FUZZ_CHECK(st.replaced == 0);

    nk_store_graph *gs = NULL;
    size_t ng = 0;
    NK_FUZZ_CHECK(nk_store_list(store, &gs, &ng, NULL) == NK_OK);
    size_t sum = 0;
    for (size_t i = 0; i < ng; i++)
        sum += gs[i].triples;
    NK_FUZZ_CHECK(sum == (size_t)n);
    NK_FUZZ_CHECK(ng == st.graphs || (n == 0 && ng == 0));

    /* the same file again: every graph replaced, the count unchanged
     * (unless a graph is a blank node, whose label is the load's own) */
    bool blank = false;
    for (size_t i = 0; i < ng; i++)
        blank = blank || !strchr(gs[i].iri, ':');
    if (!blank) {
        nk_store_load_stats again = {0, 0, 0};
        NK_FUZZ_CHECK(load(format, text, len, &again) == NK_OK);
        NK_FUZZ_CHECK(nk_store_size(store) == n);
        NK_FUZZ_CHECK(again.graphs == st.graphs && again.replaced == again.graphs);
        nk_store_graphs_free(gs, ng);
        gs = NULL;
        NK_FUZZ_CHECK(nk_store_list(store, &gs, &ng, NULL) == NK_OK);
    }

    if (ng > 0) {
        const char **iris = malloc(ng * sizeof *iris);
        if (!iris)
            abort();
        for (size_t i = 0; i < ng; i++)
            iris[i] = gs[i].iri;
        NK_FUZZ_CHECK(nk_store_drop(store, iris, ng, NULL) == NK_OK);
        free(iris);
    }
    nk_store_graphs_free(gs, ng);
    NK_FUZZ_CHECK(nk_store_size(store) == 0);
    return 0;
}
