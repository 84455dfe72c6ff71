/* fuzz_rdf.h: the body shared by the RDF reader targets (fuzz_turtle.c,
 * fuzz_ntriples.c, fuzz_nquads.c), which define NK_FUZZ_RDF_FORMAT and
 * NK_FUZZ_RDF_NAME and include this file once.  What reads must build a
 * graph and write JSONL that reads back (nk_fuzz_check_facts). */
#include "fuzz.h"
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
    nk_fuzz_check_facts(set, 0);
    nk_factset_free(set);
    return 0;
}
