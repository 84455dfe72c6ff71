/* Tests of corpus mode (corpus.h): the readers (JSON Lines, directory,
 * list, files) with bad records reported by line and skipped, and the
 * runner: results in input order whatever the number of threads, the same
 * facts as one-at-a-time extraction, the render hook, a callback that
 * stops the run, diagnostics of an article in order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "facts_jsonl.h"

static nk_resources *RES;
static char DIR_[64];

static int setup(void **state)
{
    (void)state;
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    snprintf(DIR_, sizeof DIR_, "/tmp/nk-corpus-test-XXXXXX");
    if (!mkdtemp(DIR_))
        return -1;
    return nk_resources_load(&RES, NULL, &sink) == NK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nk_resources_free(RES);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    return system(cmd) == 0 ? 0 : -1;
}

static char *write_file(const char *name, const char *text)
{
    nk_buf p = {0};
    nk_buf_printf(&p, "%s/%s", DIR_, name);
    FILE *f = fopen(p.data, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return nk_buf_detach(&p);
}

/* Diagnostics collected as "line:col: message" lines. */
static void collect(void *ctx, const nk_diag *d)
{
    nk_buf_printf(ctx, "%u:%u: %s\n", d->line, d->column, d->message);
}

static void test_count_words(void **state)
{
    (void)state;
    assert_int_equal(nk_count_words("", 0), 0);
    assert_int_equal(nk_count_words("  one\ttwo\n\nthree ", 17), 3);
    assert_true(nk_cpu_count() >= 1);
}

static void test_jsonl_reader(void **state)
{
    (void)state;
    char *path = write_file("c.jsonl",
        "{\"id\": \"a\", \"title\": \"A\", \"date\": \"2024-09-12T10:00:00Z\", \"text\": \"One.\", \"x\": [1]}\n"
        "\n"
        "{\"id\": \"b\", \"text\": \n"                        /* line 3: invalid JSON */
        "{\"id\": \"c\"}\n"                                   /* line 4: no text */
        "{\"id\": \"d\", \"text\": \"bad \xff byte\"}\n"      /* line 5: not UTF-8 */
        "[1, 2]\n"                                            /* line 6: not an object */
        "{\"id\": 7, \"url\": \"http://x/\", \"text\": \"Two words.\"}\n"
        "{\"text\": \"No id.\", \"date\": \"soon\"}\n");      /* line 8: id from the line */
    nk_buf msgs = {0};
    nk_diag_sink sink = {collect, &msgs, 0, 0};
    nk_corpus_reader *r = NULL;
    assert_int_equal(nk_corpus_reader_open(&r, NK_CORPUS_JSONL, path, &sink), NK_OK);
    const nk_article *a;
    assert_int_equal(nk_corpus_reader_next(r, &a), 1);
    assert_string_equal(a->id, "a");
    assert_string_equal(a->title, "A");
    assert_string_equal(a->date, "2024-09-12");
    assert_string_equal(a->text, "One.");
    assert_int_equal(a->line, 1);
    assert_int_equal(a->index, 0);
    assert_int_equal(a->words, 1);
    assert_int_equal(nk_corpus_reader_next(r, &a), NK_ERR_PARSE);
    assert_null(a);
    assert_int_equal(nk_corpus_reader_next(r, &a), NK_ERR_INVALID);
    assert_int_equal(nk_corpus_reader_next(r, &a), NK_ERR_PARSE);
    assert_int_equal(nk_corpus_reader_next(r, &a), NK_ERR_INVALID);
    assert_int_equal(nk_corpus_reader_next(r, &a), 1);
    assert_string_equal(a->id, "7");
    assert_string_equal(a->url, "http://x/");
    assert_int_equal(a->line, 7);
    assert_int_equal(a->index, 5);
    assert_int_equal(a->words, 2);
    assert_int_equal(nk_corpus_reader_next(r, &a), 1);
    assert_string_equal(a->id, "c-8");
    assert_null(a->date);
    assert_int_equal(nk_corpus_reader_next(r, &a), 0);
    assert_int_equal(nk_corpus_reader_skipped(r), 4);
    size_t done, total;
    nk_corpus_reader_progress(r, &done, &total);
    assert_true(total > 0 && done == total);
    nk_corpus_reader_free(r);
    /* every bad record named by its line */
    assert_non_null(strstr(msgs.data, "3:"));
    assert_non_null(strstr(msgs.data, "4:1: no \"text\""));
    assert_non_null(strstr(msgs.data, "5:26: invalid UTF-8 at byte 25 of the record"));
    assert_non_null(strstr(msgs.data, "6:1: an article must be a JSON object"));
    assert_non_null(strstr(msgs.data, "8:"));  /* the date warning */
    assert_int_equal(sink.errors, 4);
    assert_int_equal(sink.warnings, 1);
    nk_buf_free(&msgs);
    free(path);
    nk_corpus_reader_free(NULL);
}

static void test_dir_and_list_readers(void **state)
{
    (void)state;
    char *b = write_file("b.txt", "Second article.\n");
    char *a = write_file("a.txt", "First article.\n");
    char *m = write_file("a.json", "{\"title\": \"The first\", \"date\": \"2024-01-02\"}");
    char *bad = write_file("z.txt", "Bad \xc3 byte.\n");
    char *ignored = write_file("notes.md", "not an article");
    nk_diag_sink sink = {NULL, NULL, 0, 0};
    nk_corpus_reader *r = NULL;
    assert_int_equal(nk_corpus_reader_open(&r, NK_CORPUS_DIR, DIR_, &sink), NK_OK);
    const nk_article *art;
    assert_int_equal(nk_corpus_reader_next(r, &art), 1);
    assert_string_equal(art->id, "a");
    assert_string_equal(art->title, "The first");
    assert_string_equal(art->date, "2024-01-02");
    assert_int_equal(nk_corpus_reader_next(r, &art), 1);
    assert_string_equal(art->id, "b");
    assert_null(art->title);
    assert_int_equal(nk_corpus_reader_next(r, &art), NK_ERR_PARSE); /* z.txt */
    assert_int_equal(nk_corpus_reader_next(r, &art), 0);
    nk_corpus_reader_free(r);

    nk_buf list = {0};
    nk_buf_printf(&list, "%s\n\n%s/missing.txt\n%s\n", b, DIR_, a);
    char *lp = write_file("list", list.data);
    assert_int_equal(nk_corpus_reader_open(&r, NK_CORPUS_LIST, lp, &sink), NK_OK);
    assert_int_equal(nk_corpus_reader_next(r, &art), 1);
    assert_string_equal(art->id, "b");
    assert_true(nk_corpus_reader_next(r, &art) < 0); /* missing: skipped */
    assert_int_equal(nk_corpus_reader_next(r, &art), 1);
    assert_string_equal(art->id, "a");
    assert_null(art->title); /* only a directory reads metadata files */
    assert_int_equal(nk_corpus_reader_next(r, &art), 0);
    assert_int_equal(nk_corpus_reader_skipped(r), 1);
    nk_corpus_reader_free(r);

    const char *paths[] = {a, b};
    assert_int_equal(nk_corpus_reader_open_files(&r, paths, 2, &sink), NK_OK);
    assert_int_equal(nk_corpus_reader_next(r, &art), 1);
    assert_string_equal(art->id, "a");
    assert_int_equal(nk_corpus_reader_next(r, &art), 1);
    assert_int_equal(nk_corpus_reader_next(r, &art), 0);
    nk_corpus_reader_free(r);

    assert_int_equal(nk_corpus_reader_open(&r, NK_CORPUS_DIR, "/nonexistent/dir", &sink),
                     NK_ERR_NOTFOUND);
    assert_null(r);
    remove(a); remove(b); remove(m); remove(bad); remove(ignored); remove(lp);
    free(a); free(b); free(m); free(bad); free(ignored); free(lp);
    nk_buf_free(&list);
}

/* ---- the runner ---------------------------------------------------------------- */

static const char *const TEXTS[] = {
    "Russia expelled six British diplomats on Thursday.",
    "The Foreign Office said the accusations were baseless.",
    "Police arrested two men in Lyon.\nThey were released on Friday.",
    "Germany and France signed a treaty.",
    "The union accused the company of breaking the law, a spokesperson said.",
};
#define NTEXTS (sizeof TEXTS / sizeof *TEXTS)

typedef struct collected {
    nk_buf jsonl;      /* every result's facts, in delivery order */
    nk_buf rendered;   /* what the render hook wrote */
    size_t next;       /* the index expected next */
    size_t stop_after; /* return an error after this many (0: never) */
    bool in_order;
} collected;

static int on_result(void *ctx, const nk_corpus_result *r)
{
    collected *c = ctx;
    if (r->article->index != c->next)
        c->in_order = false;
    c->next++;
    assert_int_equal(r->status, NK_OK);
    nk_facts_write_jsonl(r->facts, &c->jsonl);
    nk_buf_append(&c->rendered, r->rendered[1].data, r->rendered[1].len);
    if (c->stop_after && c->next == c->stop_after)
        return NK_ERR_IO;
    return NK_OK;
}

static int render(void *ctx, const nk_corpus_result *r)
{
    assert_int_equal(*(int *)ctx, 42);
    nk_buf_printf(&r->rendered[1], "%s:%zu\n", r->article->id, r->facts->count);
    return NK_OK;
}

static void run_corpus(unsigned threads, size_t n, collected *c, int *rc_out)
{
    int magic = 42;
    nk_corpus_options o = NK_CORPUS_OPTIONS_INIT;
    o.threads = threads;
    o.render = render;
    o.render_ctx = &magic;
    o.nrender = 2;
    nk_corpus *run = NULL;
    assert_int_equal(nk_corpus_new(&run, RES, &o, on_result, c, NULL), NK_OK);
    assert_int_equal(nk_corpus_threads(run), threads);
    int rc = NK_OK;
    for (size_t i = 0; i < n && rc == NK_OK; i++) {
        char id[32];
        snprintf(id, sizeof id, "art%zu", i);
        nk_article a = {id, NULL, NULL, "2024-09-12", TEXTS[i % NTEXTS],
                        strlen(TEXTS[i % NTEXTS]), "test", 0, i, 0};
        rc = nk_corpus_add(run, &a);
    }
    if (rc == NK_OK)
        rc = nk_corpus_finish(run);
    nk_corpus_free(run);
    *rc_out = rc;
}

static void test_runner_order_and_threads(void **state)
{
    (void)state;
    collected one = {{0}, {0}, 0, 0, true}, four = {{0}, {0}, 0, 0, true};
    int rc;
    run_corpus(1, 40, &one, &rc);
    assert_int_equal(rc, NK_OK);
    run_corpus(4, 40, &four, &rc);
    assert_int_equal(rc, NK_OK);
    assert_true(one.in_order);
    assert_true(four.in_order);
    assert_int_equal(one.next, 40);
    assert_int_equal(four.next, 40);
    assert_non_null(one.jsonl.data);
    assert_string_equal(one.jsonl.data, four.jsonl.data);
    assert_string_equal(one.rendered.data, four.rendered.data);
    assert_non_null(strstr(one.rendered.data, "art39:"));

    /* the same facts as extracting each article alone */
    nk_doc_meta meta = {"art2", NULL, NULL, "2024-09-12"};
    nk_factset *set = NULL;
    assert_int_equal(nk_extract_text(RES, "test", TEXTS[2], strlen(TEXTS[2]), &meta, &set,
                                     NULL, NULL), NK_OK);
    nk_buf alone = {0};
    nk_facts_write_jsonl(set, &alone);
    assert_true(set->count > 0);
    assert_non_null(strstr(one.jsonl.data, alone.data));
    nk_factset_free(set);
    nk_buf_free(&alone);
    nk_buf_free(&one.jsonl); nk_buf_free(&one.rendered);
    nk_buf_free(&four.jsonl); nk_buf_free(&four.rendered);
}

static void test_runner_stops(void **state)
{
    (void)state;
    collected c = {{0}, {0}, 0, 3, true};
    int rc;
    run_corpus(3, 30, &c, &rc);
    assert_int_equal(rc, NK_ERR_IO);
    assert_int_equal(c.next, 3); /* nothing after the failing callback */
    nk_buf_free(&c.jsonl);
    nk_buf_free(&c.rendered);
    nk_corpus_free(NULL);
}

/* An article whose text cannot be read fails alone, with its diagnostics
 * delivered before its result and named after the JSONL line. */
static int on_status(void *ctx, const nk_corpus_result *r)
{
    nk_buf *b = ctx;
    nk_buf_printf(b, "result %s %d\n", r->article->id, r->status < 0 ? -1 : 0);
    return NK_OK;
}

static void test_runner_failed_article(void **state)
{
    (void)state;
    nk_buf log = {0};
    nk_diag_sink sink = {collect, &log, 0, 0};
    nk_corpus_options o = NK_CORPUS_OPTIONS_INIT;
    o.threads = 2;
    nk_corpus *run = NULL;
    assert_int_equal(nk_corpus_new(&run, RES, &o, on_status, &log, &sink), NK_OK);
    nk_article good = {"good", NULL, NULL, NULL, TEXTS[0], strlen(TEXTS[0]), "c.jsonl", 1, 0, 0};
    nk_article badtext = {"bad", NULL, NULL, NULL, "ok\nbad \xff", 8, "c.jsonl", 2, 1, 0};
    assert_int_equal(nk_corpus_add(run, &good), NK_OK);
    assert_int_equal(nk_corpus_add(run, &badtext), NK_OK);
    assert_int_equal(nk_corpus_add(run, &good), NK_OK);
    assert_int_equal(nk_corpus_finish(run), NK_OK);
    nk_corpus_free(run);
    const char *want_diag = strstr(log.data, "2:0: article bad, text line 2 column 5");
    const char *bad_result = strstr(log.data, "result bad -1");
    assert_non_null(want_diag);
    assert_non_null(bad_result);
    assert_true(want_diag < bad_result);
    assert_true(strstr(log.data, "result good 0") < want_diag);
    nk_buf_free(&log);
}

/* Per-worker state: made once per worker, handed to the render hook of
 * that worker only, freed at the end; none reaches the ordered callback. */
typedef struct states {
    int made, freed, rendered, seen_in_callback;
} states;

static void *state_new(void *ctx)
{
    states *st = ctx;
    int *mine = malloc(sizeof *mine);
    *mine = 0;
    st->made++;
    return mine;
}

static void state_free(void *ctx, void *state)
{
    states *st = ctx;
    st->freed++;
    st->rendered += *(int *)state;
    free(state);
}

static int render_counting(void *ctx, const nk_corpus_result *r)
{
    (void)ctx;
    assert_non_null(r->worker);
    (*(int *)r->worker)++; /* only this worker's thread touches it */
    return NK_OK;
}

static int on_counted(void *ctx, const nk_corpus_result *r)
{
    states *st = ctx;
    if (r->worker)
        st->seen_in_callback++;
    return NK_OK;
}

static void test_runner_worker_state(void **state)
{
    (void)state;
    for (unsigned threads = 1; threads <= 3; threads += 2) {
        states st = {0, 0, 0, 0};
        nk_corpus_options o = NK_CORPUS_OPTIONS_INIT;
        o.threads = threads;
        o.render = render_counting;
        o.render_ctx = &st;
        o.worker_new = state_new;
        o.worker_free = state_free;
        nk_corpus *run = NULL;
        assert_int_equal(nk_corpus_new(&run, RES, &o, on_counted, &st, NULL), NK_OK);
        assert_int_equal(st.made, (int)threads);
        for (size_t i = 0; i < 12; i++) {
            nk_article a = {"w", NULL, NULL, NULL, TEXTS[i % NTEXTS], strlen(TEXTS[i % NTEXTS]),
                            "test", 0, i, 0};
            assert_int_equal(nk_corpus_add(run, &a), NK_OK);
        }
        assert_int_equal(nk_corpus_finish(run), NK_OK);
        nk_corpus_free(run);
        assert_int_equal(st.freed, (int)threads);
        assert_int_equal(st.rendered, 12);
        assert_int_equal(st.seen_in_callback, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_words),
        cmocka_unit_test(test_jsonl_reader),
        cmocka_unit_test(test_dir_and_list_readers),
        cmocka_unit_test(test_runner_order_and_threads),
        cmocka_unit_test(test_runner_stops),
        cmocka_unit_test(test_runner_failed_article),
        cmocka_unit_test(test_runner_worker_state),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
