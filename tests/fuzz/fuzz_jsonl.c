/* fuzz_jsonl.c: facts as JSON Lines (render's and diff's input).  What
 * reads must build a graph and DOT, and its JSONL must read back and write
 * the same bytes again. */
#include "dot.h"
#include "facts_jsonl.h"
#include "fuzz.h"

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
    nk_fuzz_check_facts(set, 1);
    nk_factset_free(set);
    return 0;
}
