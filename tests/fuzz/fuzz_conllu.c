/* fuzz_conllu.c: CoNLL-U (parse --input conllu, eval-parse, train).  What
 * reads must write, read back, and write the same bytes again; scoring a
 * document against itself must work. */
#include <string.h>

#include "conllu.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nk_doc *doc = (nk_doc *)1;
    int rc = nk_conllu_read(&doc, "fuzz.conllu", (const char *)data, size, NULL);
    if (rc != NK_OK) {
        NK_FUZZ_CHECK(rc == NK_ERR_PARSE || rc == NK_ERR_INVALID);
        NK_FUZZ_CHECK(doc == NULL);
        return 0;
    }
    nk_buf out = {0}, again = {0};
    nk_conllu_write(doc, &out);
    nk_doc *back = NULL;
    NK_FUZZ_CHECK(nk_conllu_read(&back, "again.conllu", out.data ? out.data : "", out.len,
                                 NULL) == NK_OK);
    nk_conllu_write(back, &again);
    NK_FUZZ_CHECK(out.len == again.len && (out.len == 0 || memcmp(out.data, again.data, out.len) == 0));
    nk_conllu_eval ev;
    (void)nk_conllu_evaluate(doc, back, &ev, NULL);
    nk_doc_free(back);
    nk_doc_free(doc);
    nk_buf_free(&out);
    nk_buf_free(&again);
    return 0;
}
