/* fuzz_jsonl.c: facts as JSON Lines (render's and diff's input).  What
 * reads must build a graph and DOT, and its JSONL must read back and write
 * the same bytes again. */
#include <string.h>

#include "dot.h"
#include "facts_jsonl.h"
#include "fuzz.h"
#include "graph.h"

static void unload(void)
{
    nk_dot_shutdown();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    atexit(unload);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nk_factset *set = (nk_factset *)1;
    int rc = nk_facts_read_jsonl(&set, (const char *)data, size, "fuzz.jsonl", NULL);
    if (rc != NK_OK) {
        NK_FUZZ_CHECK(rc == NK_ERR_PARSE || rc == NK_ERR_INVALID);
        NK_FUZZ_CHECK(set == NULL); /* nothing half-read */
        return 0;
    }
    nk_graph *g = NULL;
    NK_FUZZ_CHECK(nk_graph_build(&g, set, NULL, NULL) == NK_OK);
    nk_buf out = {0}, again = {0};
    NK_FUZZ_CHECK(nk_dot_write(g, NULL, &out, NULL) == NK_OK);
    nk_buf_clear(&out);
    nk_facts_write_jsonl(set, &out);
    nk_factset *back = NULL;
    NK_FUZZ_CHECK(nk_facts_read_jsonl(&back, out.data ? out.data : "", out.len, "again.jsonl",
                                      NULL) == NK_OK);
    nk_facts_write_jsonl(back, &again);
    NK_FUZZ_CHECK(out.len == again.len && (out.len == 0 || memcmp(out.data, again.data, out.len) == 0));
    nk_factset_free(back);
    nk_buf_free(&out);
    nk_buf_free(&again);
    nk_graph_free(g);
    nk_factset_free(set);
    return 0;
}
