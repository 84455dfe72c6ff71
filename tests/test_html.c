/* Unit tests for html.c: the story page and the diff page, built from
 * hand-made facts and a hostile article text.  What the page does in a
 * browser is tested in tests/browser/ (make browser-test). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "graph.h"
#include "html.h"

/* An article whose text and labels try to break out of the page. */
static const char ARTICLE[] =
    "Valdoria <script>alert(1)</script> expelled six diplomats on Friday.\n"
    "The \"ministry\" said '</svg><img src=x onerror=alert(2)>' & more &amp; less.\n";

static size_t find(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    assert_non_null(p);
    return (size_t)(p - hay);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static nk_factset *facts(void)
{
    nk_factset *s = nk_factset_new();
    s->doc = nk_factset_str(s, "hostile");
    s->title = nk_factset_str(s, "A <b>title</b> & more");
    nk_fact *f = nk_factset_add(s);
    f->doc = s->doc;
    f->sentence = 1;
    f->span_begin = find(ARTICLE, "Valdoria");
    f->span_end = find(ARTICLE, " on Friday");
    f->actor = nk_factset_entity(s, "Valdoria</svg><script>alert(3)</script>", "Country", NULL,
                                 NULL);
    f->target = nk_factset_entity(s, "six \"diplomats\"", "Group", NULL, NULL);
    f->lemma = nk_factset_str(s, "expel");
    f->action_class = nk_factset_str(s, "Expel");
    f->cameo = nk_factset_str(s, "174");
    f->action_text = nk_factset_str(s, "expelled");
    f->sentence_text = nk_factset_str(
        s, "Valdoria <script>alert(1)</script> expelled six diplomats on Friday.");
    f = nk_factset_add(s);
    f->doc = s->doc;
    f->sentence = 2;
    f->span_begin = find(ARTICLE, "The \"ministry\" said");
    f->span_end = f->span_begin + strlen("The \"ministry\" said");
    f->actor = nk_factset_entity(s, "ministry", "Organization", NULL, NULL);
    f->lemma = nk_factset_str(s, "say");
    f->action_class = nk_factset_str(s, "MakeStatement");
    f->cameo = nk_factset_str(s, "010");
    f->negated = true;
    f->action_text = nk_factset_str(s, "said");
    f->sentence_text = nk_factset_str(
        s, "The \"ministry\" said '</svg><img src=x onerror=alert(2)>' & more &amp; less.");
    return s;
}

static void test_story_page(void **state)
{
    (void)state;
    nk_factset *s = facts();
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, s, NULL, NULL), NK_OK);
    nk_html_text tx = {ARTICLE, strlen(ARTICLE), "hostile.txt"};
    nk_buf out = {0};
    nk_diag_sink sink = {0};
    assert_int_equal(nk_html_write_story(g, &tx, NULL, &out, &sink), NK_OK);
    const char *p = out.data;
    assert_int_equal(strncmp(p, "<!DOCTYPE html>", 15), 0);
    /* one script, ours, allowed by its hash; nothing may be fetched */
    assert_int_equal(count(p, "<script"), 1);
    assert_non_null(strstr(p, "default-src 'none'; script-src 'sha256-"));
    /* the article's markup is text: escaped in the text, the table and the SVG */
    assert_null(strstr(p, "<script>alert"));
    assert_null(strstr(p, "<img"));
    assert_null(strstr(p, "</svg><"));
    assert_non_null(strstr(p, "&lt;script&gt;alert(3)&lt;/script&gt;"));
    assert_non_null(strstr(p, "&amp;amp; less"));
    assert_non_null(strstr(p, "<title>A &lt;b&gt;title&lt;/b&gt; &amp; more</title>"));
    assert_int_equal(count(p, "<svg"), 1);
    assert_int_equal(count(p, "</svg>"), 1);
    /* every fact: a row, a marked span, a drawn element */
    assert_int_equal(count(p, "<tr data-f="), 2);
    assert_non_null(strstr(p, "<mark class=\"m\" data-f=\"0\""));
    assert_non_null(strstr(p, "<mark class=\"m\" data-f=\"1\""));
    assert_non_null(strstr(p, " f0\""));
    assert_non_null(strstr(p, "data-cat=\"17\" data-neg=\"0\""));
    assert_non_null(strstr(p, "data-cls=\"MakeStatement\" data-cat=\"01\" data-neg=\"1\""));
    assert_non_null(strstr(p, "download=\"hostile.ttl\""));
    assert_int_equal(sink.errors, 0);
    nk_buf_free(&out);

    /* without the text: rebuilt from the sentences, spans at the action words */
    assert_int_equal(nk_html_write_story(g, NULL, NULL, &out, &sink), NK_OK);
    assert_non_null(strstr(out.data, "rebuilt from the facts"));
    assert_non_null(strstr(out.data, "data-f=\"0\" data-s=\"0\">expelled</mark>"));
    nk_buf_free(&out);

    /* a span past the end of the text is not marked, and nothing breaks */
    s->facts[1].span_end = 100000;
    assert_int_equal(nk_html_write_story(g, &tx, NULL, &out, &sink), NK_OK);
    assert_null(strstr(out.data, "<mark class=\"m\" data-f=\"1\""));
    nk_buf_free(&out);

    nk_html_options o = NK_HTML_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(nk_html_write_story(g, &tx, &o, &out, &sink), NK_ERR_UNSUPPORTED);
    assert_int_equal(nk_html_write_story(NULL, &tx, NULL, &out, &sink), NK_ERR_INVALID);
    nk_buf_free(&out);
    nk_graph_free(g);
    nk_factset_free(s);
}

static void test_diff_page(void **state)
{
    (void)state;
    nk_factset *a = facts(), *b = facts();
    b->facts[0].target = nk_factset_entity(b, "seven diplomats", "Group", NULL, NULL);
    b->facts[1].negated = false;
    nk_diff *d = NULL;
    assert_int_equal(nk_diff_compute(&d, a, b, NULL, NULL), NK_OK);
    nk_html_text tx = {ARTICLE, strlen(ARTICLE), "old.txt"};
    nk_buf out = {0};
    nk_diag_sink sink = {0};
    assert_int_equal(nk_html_write_diff(d, &tx, NULL, NULL, &out, &sink), NK_OK);
    const char *p = out.data;
    assert_int_equal(count(p, "<script"), 1);
    assert_null(strstr(p, "<img"));
    /* the changes, each naming its new and old fact (old ids after the new) */
    size_t listed = d->added + d->removed + d->changed;
    assert_true(listed > 0);
    assert_int_equal(count(p, "<li tabindex=\"0\""), listed);
    assert_non_null(strstr(p, "id=\"text-old\""));
    assert_non_null(strstr(p, "id=\"text-new\""));
    assert_non_null(strstr(p, "<del>six &quot;diplomats&quot;</del>"));
    assert_non_null(strstr(p, "data-f=\"0 2\""));
    nk_buf_free(&out);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_page),
        cmocka_unit_test(test_diff_page),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    nk_dot_shutdown();
    return rc;
}
