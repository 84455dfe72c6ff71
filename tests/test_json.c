/* Unit tests for json.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "json.h"

static nk_json *parse_ok(nk_arena *a, const char *text)
{
    nk_json *v = NULL;
    size_t off = 0;
    const char *msg = NULL;
    int rc = nk_json_parse(&v, text, strlen(text), a, &off, &msg);
    if (rc != NK_OK)
        fail_msg("parse of '%s' failed at %zu: %s", text, off, msg);
    assert_non_null(v);
    return v;
}

/* Parse TEXT expecting an error at byte ERR_AT. */
static void parse_bad(const char *text, size_t len, size_t err_at)
{
    nk_arena *a = nk_arena_new();
    nk_json *v = (nk_json *)1;
    size_t off = 12345;
    const char *msg = NULL;
    assert_int_equal(nk_json_parse(&v, text, len, a, &off, &msg), NK_ERR_PARSE);
    assert_null(v);
    assert_non_null(msg);
    if (off != err_at)
        fail_msg("'%s': error at %zu (%s), expected %zu", text, off, msg, err_at);
    nk_arena_free(a);
}

static void test_scalars(void **state)
{
    (void)state;
    nk_arena *a = nk_arena_new();
    assert_int_equal(parse_ok(a, "null")->type, NK_JSON_NULL);
    assert_int_equal(parse_ok(a, " true ")->type, NK_JSON_TRUE);
    assert_int_equal(parse_ok(a, "\n\tfalse\r\n")->type, NK_JSON_FALSE);
    nk_json *n = parse_ok(a, "-12.5e2");
    assert_int_equal(n->type, NK_JSON_NUMBER);
    assert_true(n->number == -1250.0);
    assert_string_equal(n->str, "-12.5e2");
    assert_true(parse_ok(a, "0")->number == 0.0);
    assert_true(parse_ok(a, "1E+2")->number == 100.0);
    size_t sz;
    assert_true(nk_json_as_size(parse_ok(a, "42"), &sz));
    assert_int_equal(sz, 42);
    assert_false(nk_json_as_size(parse_ok(a, "4.5"), &sz));
    assert_false(nk_json_as_size(parse_ok(a, "-1"), &sz));
    assert_false(nk_json_as_size(parse_ok(a, "\"1\""), &sz));
    nk_arena_free(a);
}

static void test_strings(void **state)
{
    (void)state;
    nk_arena *a = nk_arena_new();
    nk_json *s = parse_ok(a, "\"a\\\"b\\\\c\\/d\\n\\t\\b\\f\\r\"");
    assert_string_equal(s->str, "a\"b\\c/d\n\t\b\f\r");
    /* \u escapes: BMP, 2- and 3-byte UTF-8, surrogate pair -> 4 bytes */
    s = parse_ok(a, "\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"");
    assert_string_equal(s->str, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    assert_int_equal(s->len, 10);
    /* raw UTF-8 passes through */
    s = parse_ok(a, "\"Zelensk\xc3\xbd \xe2\x80\x9cq\xe2\x80\x9d\"");
    assert_string_equal(s->str, "Zelensk\xc3\xbd \xe2\x80\x9cq\xe2\x80\x9d");
    /* \u0000 is kept, len tells */
    s = parse_ok(a, "\"a\\u0000b\"");
    assert_int_equal(s->len, 3);
    assert_int_equal(s->str[1], '\0');
    nk_arena_free(a);
}

static void test_containers(void **state)
{
    (void)state;
    nk_arena *a = nk_arena_new();
    nk_json *o = parse_ok(a, "{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\", \"e\": {}}");
    assert_int_equal(o->type, NK_JSON_OBJECT);
    assert_int_equal(o->count, 3);
    const nk_json *arr = nk_json_get(o, "a");
    assert_non_null(arr);
    assert_int_equal(arr->type, NK_JSON_ARRAY);
    assert_int_equal(arr->count, 3);
    assert_int_equal(arr->offset, 6);
    assert_int_equal(arr->key_offset, 1);
    assert_true(arr->child->number == 1.0);
    assert_true(arr->child->next->number == 2.0);
    assert_int_equal(nk_json_get(arr->child->next->next, "b")->type, NK_JSON_NULL);
    assert_string_equal(nk_json_get(o, "c")->str, "d");
    assert_int_equal(nk_json_get(o, "e")->count, 0);
    assert_null(nk_json_get(o, "zz"));
    assert_null(nk_json_get(arr, "a"));
    assert_null(nk_json_get(NULL, "a"));
    assert_int_equal(parse_ok(a, "[]")->count, 0);
    assert_string_equal(nk_json_type_name(NK_JSON_OBJECT), "object");
    nk_arena_free(a);
}

static void test_errors(void **state)
{
    (void)state;
    parse_bad("", 0, 0);
    parse_bad("   ", 3, 3);
    parse_bad("{\"a\": 1,}", 9, 8);        /* trailing comma */
    parse_bad("[1, 2", 5, 5);              /* unterminated */
    parse_bad("{\"a\" 1}", 7, 5);          /* missing colon */
    parse_bad("{a: 1}", 6, 1);             /* bare key */
    parse_bad("01", 2, 0);                 /* leading zero */
    parse_bad("1.", 2, 2);
    parse_bad("-", 1, 0);
    parse_bad("1e", 2, 2);
    parse_bad("NaN", 3, 0);
    parse_bad("tru", 3, 0);
    parse_bad("\"abc", 4, 0);              /* unterminated string */
    parse_bad("\"a\tb\"", 5, 2);           /* raw control char */
    parse_bad("\"\\x\"", 4, 1);            /* bad escape */
    parse_bad("\"\\u12G4\"", 8, 5);        /* bad hex */
    parse_bad("\"\\ud83d\"", 8, 1);        /* lone high surrogate */
    parse_bad("\"\\ude00\"", 8, 1);        /* lone low surrogate */
    parse_bad("\"\\ud83d\\u0041\"", 14, 1);
    parse_bad("\"\xff\"", 3, 1);           /* invalid UTF-8 */
    parse_bad("\"\xc0\x80\"", 4, 1);       /* overlong */
    parse_bad("\"\xe2\x82\"", 4, 1);       /* truncated sequence */
    parse_bad("1 2", 3, 2);                /* trailing value */
    parse_bad("{} x", 4, 3);
    parse_bad("[1]\0", 4, 3);              /* embedded NUL after value */
}

static void test_depth(void **state)
{
    (void)state;
    size_t n = 100000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    parse_bad(deep, 2 * n, NK_JSON_MAX_DEPTH + 1);
    /* at the limit it parses */
    nk_arena *a = nk_arena_new();
    size_t ok = NK_JSON_MAX_DEPTH + 1;
    memmove(deep + ok, deep + n, ok);
    nk_json *v = NULL;
    assert_int_equal(nk_json_parse(&v, deep, 2 * ok, a, NULL, NULL), NK_OK);
    assert_non_null(v);
    nk_arena_free(a);
    free(deep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),    cmocka_unit_test(test_strings),
        cmocka_unit_test(test_containers), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_depth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
