/* Tests of the extraction rules' word lists (wordlists.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wordlists.h"

static char *write_tmp(const char *text)
{
    char *path = strdup("/tmp/nk-words-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_builtin(void **state)
{
    (void)state;
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    nk_wordlists *w = NULL;
    assert_int_equal(nk_wordlists_load(&w, NULL, 0, &sink), NK_OK);
    assert_true(nk_wordlists_has(w, NK_WL_ORG_WORD, "ministry"));
    assert_true(nk_wordlists_has(w, NK_WL_ORG_WORD, "Ministry")); /* case ignored */
    assert_false(nk_wordlists_has(w, NK_WL_ORG_WORD, "diplomat"));
    assert_true(nk_wordlists_has(w, NK_WL_LIGHT_VERB, "launch"));
    assert_true(nk_wordlists_has(w, NK_WL_SPEECH, "say"));
    assert_false(nk_wordlists_has(w, NK_WL_SPEECH, "launch"));
    for (int l = 0; l < NK_WL_COUNT; l++) {
        assert_non_null(nk_wordlist_name((nk_wordlist)l));
        assert_true(nk_wordlists_count(w, (nk_wordlist)l) > 0);
    }
    assert_false(nk_wordlists_has(NULL, NK_WL_SPEECH, "say"));
    nk_wordlists_free(w);
    nk_wordlists_free(NULL);
}

static void test_extend_and_remove(void **state)
{
    (void)state;
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    char *p1 = write_tmp("# a comment\n\nspeech\tquip\nlight-verb\tstage\n");
    char *p2 = write_tmp("light-verb\t!stage\n");
    const char *files[] = {p1, p2};
    nk_wordlists *w = NULL;
    assert_int_equal(nk_wordlists_load_files(&w, files, 2, &sink), NK_OK);
    assert_true(nk_wordlists_has(w, NK_WL_SPEECH, "QUIP"));
    assert_false(nk_wordlists_has(w, NK_WL_LIGHT_VERB, "stage"));
    assert_int_equal(nk_wordlists_count(w, NK_WL_LIGHT_VERB), 0);
    assert_int_equal(nk_wordlists_count(w, NK_WL_SPEECH), 1);
    nk_wordlists_free(w);
    remove(p1);
    remove(p2);
    free(p1);
    free(p2);
}

static void test_errors(void **state)
{
    (void)state;
    nk_diag_sink quiet = {NULL, NULL, 0, 0};
    const char *bad[] = {"speech quip\n", "no-such-list\tword\n", "speech\t\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *p = write_tmp(bad[i]);
        const char *files[] = {p};
        nk_wordlists *w = (nk_wordlists *)1;
        assert_int_equal(nk_wordlists_load_files(&w, files, 1, &quiet), NK_ERR_PARSE);
        assert_null(w);
        remove(p);
        free(p);
    }
    const char *missing[] = {"/nonexistent/words.tsv"};
    nk_wordlists *w = NULL;
    assert_int_not_equal(nk_wordlists_load_files(&w, missing, 1, &quiet), NK_OK);
    assert_null(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_extend_and_remove),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
