/* Pathological and mutated inputs for every input format: facts JSON Lines,
 * CoNLL-U, newskg's Turtle/N-Triples, and article text through the whole
 * extraction.  Each seed file is mutated deterministically (bytes flipped,
 * deleted, duplicated, truncated) and every mutant must give either a result
 * or a clean error: no crash, no leak, nothing half-built (run under
 * `make asan` and `make valgrind` to see the memory side).  A standalone
 * replay of the same inputs, without a fuzzing engine. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "conllu.h"
#include "extract.h"
#include "facts_jsonl.h"
#include "graph.h"
#include "rdf.h"

#define MUTANTS 250

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* xorshift64*: fixed seed, so every run sees the same mutants */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

/* A mutant of TEXT[0..len) in OUT (malloc'd, NUL-terminated). */
static char *mutate(const char *text, size_t len, size_t *out_len)
{
    size_t cap = len * 2 + 16;
    char *m = malloc(cap + 1);
    memcpy(m, text, len);
    size_t n = len;
    unsigned edits = 1 + (unsigned)(rng() % 6);
    for (unsigned e = 0; e < edits && n > 0; e++) {
        size_t at = (size_t)(rng() % n);
        switch (rng() % 5) {
        case 0: /* flip a byte */
            m[at] = (char)(rng() & 0xFF);
            break;
        case 1: /* delete a run */
        {
            size_t k = 1 + (size_t)(rng() % 16);
            if (at + k > n)
                k = n - at;
            memmove(m + at, m + at + k, n - at - k);
            n -= k;
            break;
        }
        case 2: /* duplicate a run */
        {
            size_t k = 1 + (size_t)(rng() % 32);
            if (at + k > n)
                k = n - at;
            if (n + k <= cap) {
                memmove(m + at + k, m + at, n - at);
                n += k;
            }
            break;
        }
        case 3: /* truncate */
            n = at;
            break;
        default: /* a structural character */
        {
            static const char pick[] = "{}[]\":,\\\t\n<>.@_-0123456789";
            m[at] = pick[rng() % (sizeof pick - 1)];
        }
        }
    }
    m[n] = '\0';
    *out_len = n;
    return m;
}

static char *slurp(const char *path, size_t *len)
{
    char *text = NULL;
    assert_int_equal(nk_file_read(path, &text, len, NULL), NK_OK);
    return text;
}

static void test_jsonl_mutants(void **state)
{
    (void)state;
    rng_state = 0x1234567ULL;
    size_t len;
    char *seed = slurp("tests/data/golden/mini.jsonl", &len);
    for (int i = 0; i < MUTANTS * 4; i++) {
        size_t n;
        char *m = mutate(seed, len, &n);
        nk_factset *set = (nk_factset *)1;
        int rc = nk_facts_read_jsonl(&set, m, n, "mutant.jsonl", NULL);
        if (rc == NK_OK) {
            /* whatever reads must also build and serialise */
            nk_graph *g = NULL;
            assert_int_equal(nk_graph_build(&g, set, NULL, NULL), NK_OK);
            nk_buf out = {0};
            assert_int_equal(nk_rdf_write(g, NK_RDF_NTRIPLES_CANONICAL, &out, NULL), NK_OK);
            nk_buf_free(&out);
            nk_graph_free(g);
            nk_factset_free(set);
        } else {
            assert_null(set); /* nothing half-loaded */
        }
        free(m);
    }
    free(seed);
}

static void test_conllu_mutants(void **state)
{
    (void)state;
    rng_state = 0x2345678ULL;
    size_t len;
    char *seed = slurp("tests/data/conllu-small.conllu", &len);
    for (int i = 0; i < MUTANTS * 4; i++) {
        size_t n;
        char *m = mutate(seed, len, &n);
        nk_doc *doc = (nk_doc *)1;
        int rc = nk_conllu_read(&doc, "mutant.conllu", m, n, NULL);
        if (rc == NK_OK) {
            nk_buf out = {0};
            nk_conllu_write(doc, &out);
            nk_buf_free(&out);
            nk_doc_free(doc);
        } else {
            assert_null(doc);
        }
        free(m);
    }
    free(seed);
}

static void test_rdf_mutants(void **state)
{
    (void)state;
    rng_state = 0x3456789ULL;
    size_t len;
    char *seed = slurp("tests/data/golden/mini.nt", &len);
    for (int i = 0; i < MUTANTS; i++) {
        size_t n;
        char *m = mutate(seed, len, &n);
        nk_factset *set = (nk_factset *)1;
        int rc = nk_rdf_read(&set, m, n, NK_RDF_NTRIPLES, "mutant.nt", NULL);
        if (rc == NK_OK)
            nk_factset_free(set);
        else
            assert_null(set);
        free(m);
    }
    free(seed);
}

static void test_text_mutants(void **state)
{
    (void)state;
    rng_state = 0x456789AULL;
    nk_resources *res = NULL;
    assert_int_equal(nk_resources_load(&res, NULL, NULL), NK_OK);
    size_t len;
    char *seed = slurp("graphs/articles/harbour-strike.txt", &len);
    for (int i = 0; i < MUTANTS / 2; i++) {
        size_t n;
        char *m = mutate(seed, len, &n);
        nk_factset *set = (nk_factset *)1;
        int rc = nk_extract_text(res, "mutant.txt", m, n, NULL, &set, NULL, NULL);
        if (rc == NK_OK) {
            nk_graph *g = NULL;
            assert_int_equal(nk_graph_build(&g, set, NULL, NULL), NK_OK);
            nk_graph_free(g);
            nk_factset_free(set);
        } else {
            assert_int_equal(rc, NK_ERR_PARSE); /* invalid UTF-8 only */
            assert_null(set);
        }
        free(m);
    }
    free(seed);
    /* shapes no news article has */
    static const char *const odd[] = {
        "", "\n", "....", "\"\"\"\"", "(((((((((((", "A", "he he he he he",
        "They said that they said that they said that they said it.",
        "Russia Russia Russia Russia Russia Russia Russia Russia Russia.",
        "- - - - - - - - -", "$ $ $ 1 2 3 % % %", "\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\x98",
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        nk_factset *set = NULL;
        assert_int_equal(nk_extract_text(res, "odd.txt", odd[i], strlen(odd[i]), NULL, &set,
                                         NULL, NULL),
                         NK_OK);
        nk_factset_free(set);
    }
    /* a long line without punctuation, and a deep chain of clauses */
    nk_buf b = {0};
    for (int i = 0; i < 3000; i++)
        nk_buf_puts(&b, "officials said ");
    nk_buf_puts(&b, "Russia expelled diplomats\n");
    nk_factset *set = NULL;
    assert_int_equal(nk_extract_text(res, "long.txt", b.data, b.len, NULL, &set, NULL, NULL),
                     NK_OK);
    nk_factset_free(set);
    nk_buf_free(&b);
    nk_resources_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_mutants),
        cmocka_unit_test(test_conllu_mutants),
        cmocka_unit_test(test_rdf_mutants),
        cmocka_unit_test(test_text_mutants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
