/* fuzz_extract.c: raw article text through the whole pipeline — tokenize,
 * tag, parse, entities, events — then the graph, its DOT and JSONL, and the
 * JSONL read back.  The models, gazetteer and ontology are loaded once per
 * process (NEWSKG_DATA names the repository or install), as a long-running
 * user of the library would. */
#include <string.h>

#include "dot.h"
#include "extract.h"
#include "fuzz.h"

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
    nk_factset_free(set);
    return 0;
}
