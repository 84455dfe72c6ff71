/* fuzz_rdf.h: the body shared by the RDF reader targets (fuzz_turtle.c,
 * fuzz_ntriples.c, fuzz_nquads.c), which define NK_FUZZ_RDF_FORMAT and
 * NK_FUZZ_RDF_NAME and include this file once.  What reads must build a
 * graph, write JSONL and read that back. */
#include "facts_jsonl.h"
#include "fuzz.h"
#include "graph.h"
#include "rdf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nk_factset *set = (nk_factset *)1;
    int rc = nk_rdf_read(&set, (const char *)data, size, NK_FUZZ_RDF_FORMAT, NK_FUZZ_RDF_NAME,
                         NULL);
    if (rc != NK_OK) {
        NK_FUZZ_CHECK(rc < 0);
        NK_FUZZ_CHECK(set == NULL);
        return 0;
    }
    nk_graph *g = NULL;
    NK_FUZZ_CHECK(nk_graph_build(&g, set, NULL, NULL) == NK_OK);
    nk_buf out = {0};
    nk_facts_write_jsonl(set, &out);
    nk_factset *back = NULL;
    NK_FUZZ_CHECK(nk_facts_read_jsonl(&back, out.data ? out.data : "", out.len, "fuzz.jsonl",
                                      NULL) == NK_OK);
    NK_FUZZ_CHECK(back->count == set->count);
    nk_factset_free(back);
    nk_buf_free(&out);
    nk_graph_free(g);
    nk_factset_free(set);
    return 0;
}
