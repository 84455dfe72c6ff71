/* Unit tests for util.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void test_buf(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_buf_puts(&b, "a");
    nk_buf_printf(&b, "%d-%s", 42, "x");
    assert_string_equal(b.data, "a42-x");
    nk_buf_clear(&b);
    nk_buf_json_escape(&b, "q\"\\\n\x01");
    assert_string_equal(b.data, "q\\\"\\\\\\n\\u0001");
    nk_buf_free(&b);
    nk_buf_free(NULL);
}

static void test_arena(void **state)
{
    (void)state;
    nk_arena *a = nk_arena_new();
    char *s = nk_arena_strdup(a, "hello");
    for (int i = 0; i < 10000; i++)
        assert_non_null(nk_arena_alloc(a, 100));
    char *big = nk_arena_alloc(a, 1 << 20);
    big[(1 << 20) - 1] = 'x';
    assert_string_equal(s, "hello");
    assert_string_equal(nk_arena_printf(a, "%u/%s", 7u, "b"), "7/b");
    assert_null(nk_arena_strdup(a, NULL));
    nk_arena_free(a);
    nk_arena_free(NULL);
}

static void test_slug(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_slug(&b, "Keir Starmer");
    assert_string_equal(b.data, "keir_starmer");
    nk_buf_clear(&b);
    nk_slug(&b, "  Russia\xe2\x80\x99s  Zelensk\xc3\xbd! ");
    assert_string_equal(b.data, "russias_zelensky");
    nk_buf_clear(&b);
    nk_slug(&b, "Foreign, Commonwealth & Development Office");
    assert_string_equal(b.data, "foreign_commonwealth_development_office");
    nk_buf_free(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    size_t bad = 0;
    assert_true(nk_utf8_valid("abc \xe2\x80\x9c", 7, &bad));
    assert_false(nk_utf8_valid("ab\xff", 3, &bad));
    assert_int_equal(bad, 2);
    assert_false(nk_utf8_valid("\xc0\x80", 2, &bad)); /* overlong */
}

static void test_line_col(void **state)
{
    (void)state;
    unsigned l, c;
    nk_line_col("ab\ncd", 5, 4, &l, &c);
    assert_int_equal(l, 2);
    assert_int_equal(c, 2);
}

static void test_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_util_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    assert_int_equal(nk_file_write_atomic(path, "hi\n", 3, NULL), NK_OK);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &data, &len, NULL), NK_OK);
    assert_int_equal(len, 3);
    assert_string_equal(data, "hi\n");
    free(data);
    nk_diag_sink sink = {0};
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_equal(nk_file_read(path, &data, &len, &sink), NK_ERR_NOTFOUND);
    assert_int_equal(sink.errors, 1);
    snprintf(path, sizeof path, "%s/nodir/x", dir);
    assert_int_equal(nk_file_write_atomic(path, "x", 1, &sink), NK_ERR_IO);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    remove(path);
    rmdir(dir);
    assert_string_equal(nk_path_ext("a/b.c/x.PNG"), "PNG");
    assert_string_equal(nk_path_ext("a.b/x"), "");
}

static void test_hash(void **state)
{
    (void)state;
    /* FNV-1a reference values */
    assert_true(nk_hash64("", 0, NK_HASH_SEED) == 0xcbf29ce484222325ULL);
    assert_true(nk_hash64("a", 1, NK_HASH_SEED) == 0xaf63dc4c8601ec8cULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf),   cmocka_unit_test(test_arena),
        cmocka_unit_test(test_slug),  cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_line_col), cmocka_unit_test(test_files),
        cmocka_unit_test(test_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
