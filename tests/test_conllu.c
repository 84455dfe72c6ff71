/* Unit tests for conllu.c: reading, writing, scoring. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conllu.h"

static nk_doc *read_small(void)
{
    nk_doc *doc = NULL;
    assert_int_equal(nk_conllu_read_file(&doc, "tests/data/conllu-small.conllu", NULL), NK_OK);
    return doc;
}

static void test_read(void **state)
{
    (void)state;
    nk_doc *doc = read_small();
    assert_int_equal(doc->nsentences, 2);
    const nk_sentence *s = &doc->sentences[0];
    assert_int_equal(s->ntokens, 6);
    assert_string_equal(s->text, "Officials said the envoys left.");
    assert_string_equal(s->tokens[4].lemma, "leave");
    assert_int_equal(s->tokens[4].head, 2);
    assert_string_equal(s->tokens[4].deprel, "ccomp");
    assert_false(s->tokens[4].space_after);
    assert_int_equal(s->tokens[4].begin, 26);
    assert_int_equal(s->begin, 0);
    assert_int_equal(s->end, 31);
    /* the multiword range line is skipped */
    assert_int_equal(doc->sentences[1].ntokens, 5);
    assert_string_equal(doc->sentences[1].tokens[2].form, "n't");
    nk_doc_free(doc);
    nk_doc_free(NULL);
}

static void test_write_roundtrip(void **state)
{
    (void)state;
    nk_doc *doc = read_small();
    nk_buf out = {0};
    nk_conllu_write(doc, &out);
    nk_doc *again = NULL;
    assert_int_equal(nk_conllu_read(&again, "mem", out.data, out.len, NULL), NK_OK);
    nk_buf out2 = {0};
    nk_conllu_write(again, &out2);
    assert_string_equal(out.data, out2.data);
    nk_buf_free(&out);
    nk_buf_free(&out2);
    nk_doc_free(doc);
    nk_doc_free(again);
}

static void test_eval_self(void **state)
{
    (void)state;
    nk_doc *gold = read_small(), *sys = read_small();
    nk_conllu_eval ev;
    assert_int_equal(nk_conllu_evaluate(gold, sys, &ev, NULL), NK_OK);
    assert_true(nk_score_f1(&ev.las) == 100.0);
    assert_true(nk_score_f1(&ev.tokens) == 100.0);
    assert_true(nk_score_f1(&ev.sentences) == 100.0);
    /* break one head and one label */
    sys->sentences[0].tokens[3].head = 2;
    sys->sentences[1].tokens[0].deprel = "obj";
    assert_int_equal(nk_conllu_evaluate(gold, sys, &ev, NULL), NK_OK);
    assert_int_equal(ev.uas.correct, 10);
    assert_int_equal(ev.las.correct, 9);
    nk_doc_free(gold);
    nk_doc_free(sys);
}

static void test_eval_mismatch(void **state)
{
    (void)state;
    nk_doc *gold = read_small(), *sys = read_small();
    sys->sentences[0].tokens[0].form = "Official";
    nk_conllu_eval ev;
    nk_diag_sink sink = {0};
    assert_int_equal(nk_conllu_evaluate(gold, sys, &ev, &sink), NK_ERR_INVALID);
    assert_int_equal(sink.errors, 1);
    nk_doc_free(gold);
    nk_doc_free(sys);
}

static void test_bad_input(void **state)
{
    (void)state;
    const char *bad = "# text = x\n1\tx\tx\tX\tX\t_\t0\troot\t_\n";
    nk_doc *doc = (nk_doc *)1;
    nk_diag_sink sink = {0};
    assert_int_equal(nk_conllu_read(&doc, "bad.conllu", bad, strlen(bad), &sink), NK_ERR_PARSE);
    assert_null(doc);
    const char *badhead = "1\tx\tx\tX\tX\t_\t7\troot\t_\t_\n\n";
    assert_int_equal(nk_conllu_read(&doc, "bad.conllu", badhead, strlen(badhead), &sink), NK_ERR_INVALID);
    assert_null(doc);
    const char *seq = "2\tx\tx\tX\tX\t_\t0\troot\t_\t_\n\n";
    assert_int_equal(nk_conllu_read(&doc, "bad.conllu", seq, strlen(seq), &sink), NK_ERR_PARSE);
}

/* Remembers the position and text of the last diagnostic. */
typedef struct last_diag {
    unsigned line, column;
    char message[256];
} last_diag;

static void keep_diag(void *ctx, const nk_diag *d)
{
    last_diag *l = ctx;
    l->line = d->line;
    l->column = d->column;
    snprintf(l->message, sizeof l->message, "%s", d->message);
}

/* Trees that are not trees, and spans that run backwards: errors at the
 * offending field, nothing read. */
static void test_not_a_tree(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned line, column;
        const char *words;
    } cases[] = {
        /* 2 -> 3 -> 2 */
        {"# text = a b c\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t3\tdep\t_\t_\n"
         "3\tc\tc\tX\tX\t_\t2\tdep\t_\t_\n\n",
         3, 13, "cycle"},
        /* a cycle with no root at all, in the second sentence */
        {"1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n\n1\ta\ta\tX\tX\t_\t2\tdep\t_\t_\n"
         "2\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n",
         3, 13, "cycle"},
        {"1\ta\ta\tX\tX\t_\t1\troot\t_\t_\n\n", 1, 13, "own HEAD"},
        {"1\tab\tab\tX\tX\t_\t9\troot\t_\t_\n\n", 1, 15, "beyond"},
        {"1\ta\ta\tX\tX\t_\t0\troot\t_\tSpaceAfter=No|TokenRange=9:4\n\n", 1, 36, "ends before"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        last_diag l = {0, 0, ""};
        nk_diag_sink sink = {keep_diag, &l, 0, 0};
        nk_doc *doc = (nk_doc *)1;
        assert_int_equal(nk_conllu_read(&doc, "bad.conllu", cases[i].text, strlen(cases[i].text),
                                        &sink),
                         NK_ERR_INVALID);
        assert_null(doc);
        assert_int_equal(sink.errors, 1);
        assert_int_equal(l.line, cases[i].line);
        assert_int_equal(l.column, cases[i].column);
        assert_non_null(strstr(l.message, cases[i].words));
    }
    /* unparsed words ('_') and a forest of several roots are accepted */
    const char *ok = "1\ta\ta\tX\tX\t_\t_\t_\t_\t_\n2\tb\tb\tX\tX\t_\t0\troot\t_\t_\n"
                     "3\tc\tc\tX\tX\t_\t0\troot\t_\tTokenRange=4:4\n\n";
    nk_doc *doc = NULL;
    assert_int_equal(nk_conllu_read(&doc, "ok.conllu", ok, strlen(ok), NULL), NK_OK);
    nk_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),      cmocka_unit_test(test_write_roundtrip),
        cmocka_unit_test(test_eval_self), cmocka_unit_test(test_eval_mismatch),
        cmocka_unit_test(test_bad_input), cmocka_unit_test(test_not_a_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
