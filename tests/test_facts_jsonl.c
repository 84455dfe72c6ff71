/* Unit tests for facts_jsonl.c: reading, writing, round trip, bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"

#define MINI "tests/data/golden/mini.jsonl"

/* A sink that keeps every message as "file:line:col: message\n". */
static void collect(void *ctx, const nk_diag *d)
{
    nk_buf *b = ctx;
    nk_buf_printf(b, "%s:%u:%u: %s\n", d->file ? d->file : "", d->line, d->column,
                  d->message);
}

static void test_read_mini(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(MINI, &text, &len, NULL), NK_OK);
    nk_factset *set = NULL;
    nk_buf msgs = {0};
    nk_diag_sink sink = {collect, &msgs, 0, 0};
    assert_int_equal(nk_facts_read_jsonl(&set, text, len, MINI, &sink), NK_OK);
    assert_int_equal(sink.errors, 0);
    assert_non_null(set);
    assert_int_equal(set->count, 7);
    assert_string_equal(set->doc, "mini-01");
    const nk_fact *f = &set->facts[0];
    assert_string_equal(f->doc, "mini-01");
    assert_int_equal(f->sentence, 1);
    assert_int_equal(f->span_begin, 0);
    assert_int_equal(f->span_end, 50);
    assert_string_equal(f->actor->label, "Norvania");
    assert_string_equal(f->actor->type, "Country");
    assert_string_equal(f->actor->wikidata, "Q99990001");
    assert_null(f->actor->iri);
    assert_string_equal(f->lemma, "expel");
    assert_string_equal(f->action_class, "Expel");
    assert_string_equal(f->cameo, "174");
    assert_string_equal(f->place->label, "Port \xc3\x89lsin");
    assert_null(f->time);
    assert_null(f->attributed_to);
    assert_false(f->negated);
    assert_int_equal(f->modality, NK_MOD_ASSERTED);
    assert_true(f->confidence == 1.0);
    assert_int_equal(f->content_of, NK_NO_FACT);
    assert_non_null(f->sentence_text);
    f = &set->facts[2];
    assert_int_equal(f->content_of, 1);
    assert_true(f->confidence == 0.8);
    assert_string_equal(f->attributed_to->label, "Valdorian foreign ministry");
    assert_int_equal(set->facts[3].rejects, 2);
    f = &set->facts[4];
    assert_null(f->action_class);
    assert_int_equal(f->modality, NK_MOD_HYPOTHETICAL);
    assert_string_equal(f->time, "next month");
    nk_factset_free(set);
    nk_buf_free(&msgs);
    free(text);
}

static void test_round_trip(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(MINI, &text, &len, NULL), NK_OK);
    nk_factset *a = NULL, *b = NULL;
    assert_int_equal(nk_facts_read_jsonl(&a, text, len, MINI, NULL), NK_OK);
    nk_buf w1 = {0}, w2 = {0};
    nk_facts_write_jsonl(a, &w1);
    assert_int_equal(nk_facts_read_jsonl(&b, w1.data, w1.len, "w1", NULL), NK_OK);
    nk_facts_write_jsonl(b, &w2);
    assert_string_equal(w1.data, w2.data);
    /* one fact per line */
    size_t lines = 0;
    for (size_t i = 0; i < w1.len; i++)
        lines += w1.data[i] == '\n';
    assert_int_equal(lines, 7);
    /* the fixture was written in the same key order and formatting */
    assert_string_equal(w1.data, text);
    nk_factset_free(a);
    nk_factset_free(b);
    nk_buf_free(&w1);
    nk_buf_free(&w2);
    free(text);
}

static void test_blank_lines_and_defaults(void **state)
{
    (void)state;
    const char *in = "\n  \r\n{\"sentence\": 2, \"action\": {\"lemma\": \"go\"}}\r\n\n"
                     "{\"sentence\": 1, \"action\": {\"lemma\": \"say \\u201cno\\u201d\"},"
                     " \"negated\": true, \"confidence\": 0.333333333333333314829616256247,"
                     " \"future_key\": [1, {\"x\": 2}]}";
    nk_factset *set = NULL;
    assert_int_equal(nk_facts_read_jsonl(&set, in, strlen(in), "t", NULL), NK_OK);
    assert_int_equal(set->count, 2);
    assert_null(set->facts[0].doc);
    assert_null(set->facts[0].actor);
    assert_int_equal(set->facts[0].sentence, 2);
    assert_true(set->facts[0].confidence == 1.0);
    assert_string_equal(set->facts[1].lemma, "say \xe2\x80\x9cno\xe2\x80\x9d");
    assert_true(set->facts[1].negated);
    nk_buf w = {0};
    nk_facts_write_jsonl(set, &w);
    nk_factset *again = NULL;
    assert_int_equal(nk_facts_read_jsonl(&again, w.data, w.len, "w", NULL), NK_OK);
    assert_true(again->facts[1].confidence == set->facts[1].confidence);
    nk_factset_free(again);
    nk_factset_free(set);
    nk_buf_free(&w);

    /* empty input: an empty set */
    assert_int_equal(nk_facts_read_jsonl(&set, "", 0, "e", NULL), NK_OK);
    assert_int_equal(set->count, 0);
    nk_factset_free(set);
}

/* Read IN expecting failure with status RC and a message containing each
 * of the NULL-terminated NEEDLES. */
static void expect_bad(const char *in, int rc, const char *needle1,
                       const char *needle2)
{
    nk_buf msgs = {0};
    nk_diag_sink sink = {collect, &msgs, 0, 0};
    nk_factset *set = (nk_factset *)1;
    assert_int_equal(nk_facts_read_jsonl(&set, in, strlen(in), "in.jsonl", &sink), rc);
    assert_null(set);
    assert_true(sink.errors >= 1);
    if (!msgs.data || !strstr(msgs.data, needle1) ||
        (needle2 && !strstr(msgs.data, needle2)))
        fail_msg("expected '%s' / '%s' in: %s", needle1, needle2 ? needle2 : "",
                 msgs.data ? msgs.data : "(nothing)");
    nk_buf_free(&msgs);
}

#define GOOD "{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}}\n"

static void test_bad_input(void **state)
{
    (void)state;
    /* malformed JSON on line 3 (after a blank line): line and column */
    expect_bad(GOOD "\n{\"sentence\": 1, \"action\": {\"lemma\": \"go\"},}\n", NK_ERR_PARSE,
               "in.jsonl:3:43:", "malformed JSON");
    /* missing keys */
    expect_bad(GOOD "{\"action\": {\"lemma\": \"go\"}}\n", NK_ERR_INVALID,
               "in.jsonl:2:1:", "key \"sentence\": missing");
    expect_bad("{\"sentence\": 1, \"action\": {\"class\": \"Go\"}}", NK_ERR_INVALID,
               "in.jsonl:1:27:", "key \"action.lemma\": missing");
    expect_bad("{\"sentence\": 1}", NK_ERR_INVALID, "key \"action\": missing", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"\"}}", NK_ERR_INVALID,
               "key \"action.lemma\": empty", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"actor\": {\"type\": \"Person\"}}",
               NK_ERR_INVALID, "key \"actor.label\": missing", NULL);
    /* wrong types */
    expect_bad("{\"sentence\": \"1\", \"action\": {\"lemma\": \"go\"}}", NK_ERR_INVALID,
               "in.jsonl:1:14:", "key \"sentence\": expected a positive integer, got string");
    expect_bad("{\"sentence\": 0, \"action\": {\"lemma\": \"go\"}}", NK_ERR_INVALID,
               "key \"sentence\"", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": 5}}", NK_ERR_INVALID,
               "key \"action.lemma\": expected a string, got number", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"negated\": \"no\"}",
               NK_ERR_INVALID, "key \"negated\"", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"actor\": \"Bob\"}",
               NK_ERR_INVALID, "key \"actor\": expected an object or null", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"span\": [5, 2]}",
               NK_ERR_INVALID, "key \"span\"", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"confidence\": 2}",
               NK_ERR_INVALID, "key \"confidence\"", NULL);
    expect_bad("[1, 2]", NK_ERR_INVALID, "in.jsonl:1:1:", "JSON object");
    /* bad values */
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"modality\": \"maybe\"}",
               NK_ERR_INVALID, "in.jsonl:1:56:", "key \"modality\": unknown modality");
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\", \"class\": \"a/b\"}}",
               NK_ERR_INVALID, "key \"action.class\"", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"place\": {\"label\": \"X\", \"type\": \"Planet\"}}",
               NK_ERR_INVALID, "key \"place.type\": unknown entity type", NULL);
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"actor\": {\"label\": \"X\", \"wikidata\": \"159\"}}",
               NK_ERR_INVALID, "key \"actor.wikidata\"", NULL);
    /* links: out of range, self */
    expect_bad(GOOD "{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"content_of\": 7}",
               NK_ERR_INVALID, "in.jsonl:2:", "key \"content_of\": no fact");
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"rejects\": 0}",
               NK_ERR_INVALID, "key \"rejects\": a fact cannot refer to itself", NULL);
    /* good lines before a bad one are not returned either */
    expect_bad(GOOD GOOD "{\"sentence\": 1, \"action\": {\"lemma\": \"go\"}, \"time\": 2024}",
               NK_ERR_INVALID, "in.jsonl:3:", "key \"time\"");
    /* invalid UTF-8 */
    expect_bad("{\"sentence\": 1, \"action\": {\"lemma\": \"g\xff\"}}", NK_ERR_PARSE,
               "in.jsonl:1:39:", "UTF-8");
}

static void test_free_null(void **state)
{
    (void)state;
    nk_factset_free(NULL);
    nk_buf b = {0};
    nk_facts_write_jsonl(NULL, &b);
    assert_int_equal(b.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_mini),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_blank_lines_and_defaults),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
