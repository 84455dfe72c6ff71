/* Unit tests for parser.c and pipeline.c.  Run from the repository root
 * with NEWSKG_DATA=. (the committed models are used for the last tests). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conllu.h"
#include "parser.h"
#include "pipeline.h"

#define TINY "tests/data/parser-tiny.conllu"

static unsigned tiny_runs = 1; /* runs mixed by train_tiny_beam */

static nk_parser *train_tiny_beam(nk_doc **doc_out, unsigned beam)
{
    nk_doc *doc = NULL;
    assert_int_equal(nk_conllu_read_file(&doc, TINY, NULL), NK_OK);
    nk_parser_train_options o = NK_PARSER_TRAIN_OPTIONS_INIT;
    o.beam = beam;
    o.runs = tiny_runs;
    o.epochs = 20;
    o.trans_bits = 16;
    o.label_bits = 12;
    nk_parser *p = NULL;
    const nk_doc *docs[1] = {doc};
    assert_int_equal(nk_parser_train(&p, docs, 1, &o, NULL), NK_OK);
    assert_non_null(p);
    *doc_out = doc;
    return p;
}

static nk_parser *train_tiny(nk_doc **doc_out)
{
    return train_tiny_beam(doc_out, 1);
}

/* Parse a copy of sentence G's words with P, beam width K (0: the
 * model's) and pruning MARGIN (0: none). */
static nk_sentence reparse_pruned(const nk_parser *p, const nk_sentence *g,
                                  nk_arena *a, unsigned k, double margin)
{
    nk_sentence s = *g;
    s.tokens = nk_arena_alloc(a, g->ntokens * sizeof *s.tokens);
    memcpy(s.tokens, g->tokens, g->ntokens * sizeof *s.tokens);
    for (size_t t = 0; t < s.ntokens; t++) {
        s.tokens[t].head = -1;
        s.tokens[t].deprel = NULL;
    }
    nk_parser_parse_pruned(p, &s, a, k, margin, NULL);
    return s;
}

static nk_sentence reparse_beam(const nk_parser *p, const nk_sentence *g,
                                nk_arena *a, unsigned k)
{
    nk_sentence s = reparse_pruned(p, g, a, k, 1e30);
    /* nk_parser_parse_beam: the same tree */
    nk_sentence t = reparse_pruned(p, g, a, k, 0);
    nk_parser_parse_beam(p, &t, a, k);
    for (size_t i = 0; i < s.ntokens; i++) {
        assert_int_equal(s.tokens[i].head, t.tokens[i].head);
        assert_string_equal(s.tokens[i].deprel, t.tokens[i].deprel);
    }
    return s;
}

static nk_sentence reparse(const nk_parser *p, const nk_sentence *g, nk_arena *a)
{
    return reparse_beam(p, g, a, 0);
}

static void tiny_reproduces_training(unsigned beam)
{
    nk_doc *doc;
    nk_parser *p = train_tiny_beam(&doc, beam);
    assert_int_equal(nk_parser_beam(p), beam);
    nk_arena *a = nk_arena_new();
    for (size_t i = 0; i < doc->nsentences; i++) {
        const nk_sentence *g = &doc->sentences[i];
        nk_sentence s = reparse(p, g, a);
        for (size_t k = 0; k < g->ntokens; k++) {
            int want = g->tokens[k].head;
            /* sentence 6 is non-projective: "Who" is lifted to "say" */
            if (i == 5 && k == 0)
                want = 4;
            assert_int_equal(s.tokens[k].head, want);
            assert_string_equal(s.tokens[k].deprel, g->tokens[k].deprel);
        }
    }
    nk_arena_free(a);
    nk_parser_free(p);
    nk_doc_free(doc);
}

static void test_tiny_reproduces_training(void **state)
{
    (void)state;
    tiny_reproduces_training(1);
}

/* Global training with a beam learns the training trees too. */
static void test_beam_reproduces_training(void **state)
{
    (void)state;
    tiny_reproduces_training(4);
}

/* So does the mean of two globally trained perceptrons (parameter mixing,
 * newskg train --beam-runs 2). */
static void test_mixed_beam_reproduces_training(void **state)
{
    (void)state;
    tiny_runs = 2;
    tiny_reproduces_training(4);
    tiny_runs = 1;
}

/* P saved into a new temporary file PATH ("/tmp/nk-parser-XXXXXX") and
 * loaded back. */
static nk_parser *save_load(const nk_parser *p, char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(nk_parser_save(p, path, NULL), NK_OK);
    nk_parser *q = NULL;
    assert_int_equal(nk_parser_load(&q, path, NULL), NK_OK);
    assert_non_null(q);
    return q;
}

static bool same_tree(const nk_sentence *x, const nk_sentence *y)
{
    for (size_t t = 0; t < x->ntokens; t++)
        if (x->tokens[t].head != y->tokens[t].head ||
            strcmp(x->tokens[t].deprel, y->tokens[t].deprel) != 0)
            return false;
    return true;
}

/* Pruning: a margin no score difference reaches is the plain beam, a
 * margin below every difference keeps one hypothesis (greedy decoding);
 * the ones between still give trees. */
static void test_pruned_beam(void **state)
{
    (void)state;
    nk_doc *doc;
    nk_parser *p = train_tiny_beam(&doc, 4);
    nk_arena *a = nk_arena_new();
    for (size_t i = 0; i < doc->nsentences; i++) {
        const nk_sentence *g = &doc->sentences[i];
        nk_sentence beam = reparse_beam(p, g, a, 4);
        nk_sentence greedy = reparse_beam(p, g, a, 1);
        nk_sentence wide = reparse_pruned(p, g, a, 4, 1e30);
        nk_sentence narrow = reparse_pruned(p, g, a, 4, 1e-30);
        nk_sentence off = reparse_pruned(p, g, a, 4, 0);
        assert_true(same_tree(&wide, &beam));
        assert_true(same_tree(&off, &beam));
        assert_true(same_tree(&narrow, &greedy));
        for (double m = 0.5; m < 100; m *= 4) {
            nk_sentence s = reparse_pruned(p, g, a, 4, m);
            size_t roots = 0;
            for (size_t t = 0; t < s.ntokens; t++) {
                assert_true(s.tokens[t].head >= 0 && s.tokens[t].head <= (int)s.ntokens);
                roots += s.tokens[t].head == 0;
            }
            assert_int_equal(roots, 1);
        }
    }
    nk_arena_free(a);
    nk_parser_free(p);
    nk_doc_free(doc);
}

/* A beam model keeps its width through a file; any width decodes a tree. */
static void test_beam_roundtrip_and_widths(void **state)
{
    (void)state;
    nk_doc *doc;
    nk_parser *p = train_tiny_beam(&doc, 3);
    char path[] = "/tmp/nk-parser-XXXXXX";
    nk_parser *q = save_load(p, path);
    assert_int_equal(nk_parser_beam(q), 3);
    remove(path);
    nk_arena *a = nk_arena_new();
    for (unsigned k = 1; k <= 9; k += 4)
        for (size_t i = 0; i < doc->nsentences; i++) {
            nk_sentence s = reparse_beam(q, &doc->sentences[i], a, k);
            size_t roots = 0;
            for (size_t t = 0; t < s.ntokens; t++) {
                assert_true(s.tokens[t].head >= 0 && s.tokens[t].head <= (int)s.ntokens);
                assert_non_null(s.tokens[t].deprel);
                roots += s.tokens[t].head == 0;
            }
            assert_int_equal(roots, 1);
        }
    nk_arena_free(a);
    nk_parser_free(p);
    nk_parser_free(q);
    nk_doc_free(doc);
}

/* Joint tagging: in the tiny treebank every sentence's root word is
 * mistagged NN/NOUN with its gold tag as the alternative, and every noun
 * has VB/VERB as a wrong alternative.  A joint beam model learns to take
 * the right one, keeps its margin through a file, and the trees are the
 * training trees. */
static nk_tag_alt **tiny_alts(nk_doc *doc)
{
    nk_tag_alt **alts = nk_xcalloc(doc->nsentences, sizeof *alts);
    for (size_t i = 0; i < doc->nsentences; i++) {
        nk_sentence *s = &doc->sentences[i];
        alts[i] = nk_arena_alloc(doc->arena, s->ntokens * sizeof *alts[i]);
        for (size_t k = 0; k < s->ntokens; k++) {
            nk_token *t = &s->tokens[k];
            alts[i][k] = (nk_tag_alt){NULL, NULL, 0, -1};
            if (t->head == 0) {
                alts[i][k] = (nk_tag_alt){t->xpos, t->upos, 5, 1};
                t->xpos = "NN";
                t->upos = "NOUN";
            } else if (strcmp(t->upos, "NOUN") == 0) {
                alts[i][k] = (nk_tag_alt){"VB", "VERB", 5, 0};
            }
        }
    }
    return alts;
}

static void test_joint_tagging(void **state)
{
    (void)state;
    nk_doc *gold = NULL, *doc = NULL;
    assert_int_equal(nk_conllu_read_file(&gold, TINY, NULL), NK_OK);
    assert_int_equal(nk_conllu_read_file(&doc, TINY, NULL), NK_OK);
    nk_tag_alt **alts = tiny_alts(doc);
    nk_parser_train_options o = NK_PARSER_TRAIN_OPTIONS_INIT;
    o.beam = 4;
    o.epochs = 20;
    o.trans_bits = 16;
    o.label_bits = 12;
    o.joint_margin = 10;
    o.alts = (const nk_tag_alt *const *)alts;
    nk_parser *p = NULL;
    const nk_doc *docs[1] = {doc};
    assert_int_equal(nk_parser_train(&p, docs, 1, &o, NULL), NK_OK);
    assert_int_equal(nk_parser_joint_margin(p), 10);
    char path[] = "/tmp/nk-parser-XXXXXX";
    nk_parser *q = save_load(p, path);
    remove(path);
    assert_int_equal(nk_parser_joint_margin(q), 10);
    assert_int_equal(nk_parser_beam(q), 4);
    nk_arena *a = nk_arena_new();
    for (size_t i = 0; i < doc->nsentences; i++) {
        const nk_sentence *g = &gold->sentences[i];
        nk_sentence s = nk_sentence_copy(&doc->sentences[i], a);
        nk_parser_parse_joint(q, &s, a, 0, alts[i]);
        for (size_t k = 0; k < g->ntokens; k++) {
            if (i == 5 && k == 0)
                continue; /* non-projective: lifted */
            assert_string_equal(s.tokens[k].xpos, g->tokens[k].xpos);
            assert_string_equal(s.tokens[k].upos, g->tokens[k].upos);
            assert_int_equal(s.tokens[k].head, g->tokens[k].head);
            assert_string_equal(s.tokens[k].deprel, g->tokens[k].deprel);
        }
        /* without alternatives the tags are the given ones */
        s = nk_sentence_copy(&doc->sentences[i], a);
        nk_parser_parse_joint(q, &s, a, 0, NULL);
        for (size_t k = 0; k < s.ntokens; k++)
            assert_string_equal(s.tokens[k].upos, doc->sentences[i].tokens[k].upos);
    }
    /* a model that is not joint has margin 0 */
    nk_doc *tiny;
    nk_parser *plain = train_tiny_beam(&tiny, 2);
    assert_int_equal(nk_parser_joint_margin(plain), 0);
    nk_parser_free(plain);
    nk_doc_free(tiny);
    nk_arena_free(a);
    free(alts);
    nk_parser_free(p);
    nk_parser_free(q);
    nk_doc_free(doc);
    nk_doc_free(gold);
}

static char *read_all(const char *path, size_t *len)
{
    char *data = NULL;
    assert_int_equal(nk_file_read(path, &data, len, NULL), NK_OK);
    return data;
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_save_load_roundtrip(void **state)
{
    (void)state;
    nk_doc *doc;
    nk_parser *p = train_tiny(&doc);
    char path[] = "/tmp/nk-parser-XXXXXX";
    nk_parser *q = save_load(p, path);
    nk_arena *a = nk_arena_new();
    for (size_t i = 0; i < doc->nsentences; i++) {
        nk_sentence s1 = reparse(p, &doc->sentences[i], a);
        nk_sentence s2 = reparse(q, &doc->sentences[i], a);
        for (size_t k = 0; k < s1.ntokens; k++) {
            assert_int_equal(s1.tokens[k].head, s2.tokens[k].head);
            assert_string_equal(s1.tokens[k].deprel, s2.tokens[k].deprel);
        }
    }
    /* saving the loaded model gives the same bytes; training is deterministic */
    char path2[] = "/tmp/nk-parser-XXXXXX";
    int fd = mkstemp(path2);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(nk_parser_save(q, path2, NULL), NK_OK);
    size_t n1, n2;
    char *d1 = read_all(path, &n1), *d2 = read_all(path2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(d1, d2, n1);
    nk_doc *doc2;
    nk_parser *r = train_tiny(&doc2);
    assert_int_equal(nk_parser_save(r, path2, NULL), NK_OK);
    free(d2);
    d2 = read_all(path2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(d1, d2, n1);
    free(d1);
    free(d2);
    remove(path);
    remove(path2);
    nk_arena_free(a);
    nk_parser_free(p);
    nk_parser_free(q);
    nk_parser_free(r);
    nk_doc_free(doc);
    nk_doc_free(doc2);
}

static void test_corrupt_models(void **state)
{
    (void)state;
    nk_doc *doc;
    nk_parser *p = train_tiny(&doc);
    char path[] = "/tmp/nk-parser-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(nk_parser_save(p, path, NULL), NK_OK);
    size_t n;
    char *good = read_all(path, &n);
    nk_parser *q = (nk_parser *)(uintptr_t)1;
    nk_diag_sink sink = {NULL, NULL, 0, 0};
    /* truncated at many lengths */
    for (size_t cut = 0; cut < n; cut += 1 + cut / 3) {
        write_bytes(path, good, cut);
        assert_int_equal(nk_parser_load(&q, path, &sink), NK_ERR_PARSE);
        assert_null(q);
    }
    /* one flipped byte anywhere */
    for (size_t at = 0; at < n; at += 1 + at / 2) {
        good[at] ^= 0x41;
        write_bytes(path, good, n);
        assert_int_equal(nk_parser_load(&q, path, &sink), NK_ERR_PARSE);
        assert_null(q);
        good[at] ^= 0x41;
    }
    /* not a model at all; a missing file */
    write_bytes(path, "hello world, this is not a model\n", 33);
    assert_int_equal(nk_parser_load(&q, path, &sink), NK_ERR_PARSE);
    assert_true(sink.errors > 0);
    remove(path);
    assert_int_equal(nk_parser_load(&q, path, NULL), NK_ERR_NOTFOUND);
    assert_null(q);
    free(good);
    nk_parser_free(p);
    nk_doc_free(doc);
}

static void test_free_null_and_edges(void **state)
{
    (void)state;
    nk_parser_free(NULL);
    nk_pipeline_free(NULL);
    nk_doc *doc;
    nk_parser *p = train_tiny(&doc);
    nk_arena *a = nk_arena_new();
    nk_sentence empty = {0};
    nk_parser_parse(p, &empty, a);
    /* a long sentence of one repeated word still gets one root */
    size_t n = 600;
    nk_sentence s = {0};
    s.tokens = nk_arena_alloc(a, n * sizeof *s.tokens);
    s.ntokens = n;
    for (size_t k = 0; k < n; k++)
        s.tokens[k].form = k % 7 ? "spy" : ",";
    nk_parser_parse(p, &s, a);
    size_t roots = 0;
    for (size_t k = 0; k < n; k++) {
        assert_true(s.tokens[k].head >= 0 && s.tokens[k].head <= (int)n);
        assert_true(s.tokens[k].head != (int)k + 1);
        assert_non_null(s.tokens[k].deprel);
        roots += s.tokens[k].head == 0;
    }
    assert_int_equal(roots, 1);
    /* the same with a beam */
    for (size_t k = 0; k < n; k++)
        s.tokens[k].head = -1;
    nk_parser_parse_beam(p, &s, a, 8);
    roots = 0;
    for (size_t k = 0; k < n; k++)
        roots += s.tokens[k].head == 0;
    assert_int_equal(roots, 1);
    nk_arena_free(a);
    nk_parser_free(p);
    nk_doc_free(doc);
}

/* ---- the committed models ----------------------------------------------- */

static nk_pipeline *PL;      /* the one in use */
static nk_pipeline *PLS[2];  /* greedy, beam */

static int load_models(void **state)
{
    (void)state;
    if (nk_pipeline_load(&PLS[0], NULL) != NK_OK ||
        nk_pipeline_load_mode(&PLS[1], NK_NLP_BEST, NULL, NULL, 0, NULL) != NK_OK)
        return -1;
    PL = PLS[0];
    return 0;
}

static int free_models(void **state)
{
    (void)state;
    nk_pipeline_free(PLS[0]);
    nk_pipeline_free(PLS[1]);
    PL = PLS[0] = PLS[1] = NULL;
    return 0;
}

/* The phenomena below hold in both modes. */
static int use_greedy(void **state)
{
    (void)state;
    PL = PLS[0];
    return 0;
}

static int use_beam(void **state)
{
    (void)state;
    PL = PLS[1];
    return 0;
}

/* Index (1-based) of the word FORM in S. */
static int word(const nk_sentence *s, const char *form)
{
    for (size_t k = 0; k < s->ntokens; k++)
        if (strcmp(s->tokens[k].form, form) == 0)
            return (int)k + 1;
    fail_msg("no word '%s'", form);
    return 0;
}

/* Assert that DEP depends on HEAD with a relation starting with REL. */
static void arc(const nk_sentence *s, const char *head, const char *dep,
                const char *rel)
{
    const nk_token *t = &s->tokens[word(s, dep) - 1];
    if (t->head != word(s, head) || strncmp(t->deprel, rel, strlen(rel)) != 0)
        fail_msg("%s: want %s -%s-> %s, got head %d %s", s->text, head, rel,
                 dep, t->head, t->deprel);
}

static nk_doc *analyse(const char *text)
{
    nk_doc *doc = nk_doc_new("test", text, strlen(text));
    assert_int_equal(nk_pipeline_analyse(PL, doc, NULL), NK_OK);
    assert_int_equal(doc->nsentences, 1);
    const nk_sentence *s = &doc->sentences[0];
    size_t roots = 0;
    for (size_t k = 0; k < s->ntokens; k++)
        roots += s->tokens[k].head == 0;
    assert_int_equal(roots, 1);
    return doc;
}

static void test_passive_agent(void **state)
{
    (void)state;
    nk_doc *doc = analyse("The diplomats were expelled by Russia.");
    const nk_sentence *s = &doc->sentences[0];
    arc(s, "expelled", "diplomats", "nsubj:pass");
    arc(s, "expelled", "Russia", "obl");
    arc(s, "expelled", "were", "aux:pass");
    nk_doc_free(doc);
}

static void test_reported_speech(void **state)
{
    (void)state;
    nk_doc *doc = analyse("Officials said the diplomats had spied.");
    const nk_sentence *s = &doc->sentences[0];
    arc(s, "said", "Officials", "nsubj");
    arc(s, "said", "spied", "ccomp");
    arc(s, "spied", "diplomats", "nsubj");
    nk_doc_free(doc);
}

static void test_coordination(void **state)
{
    (void)state;
    nk_doc *doc = analyse("Russia expelled and accused the diplomats.");
    const nk_sentence *s = &doc->sentences[0];
    arc(s, "expelled", "Russia", "nsubj");
    arc(s, "expelled", "accused", "conj");
    arc(s, "accused", "and", "cc");
    nk_doc_free(doc);
}

static void test_participial_clause(void **state)
{
    (void)state;
    nk_doc *doc = analyse("Russia expelled six diplomats, accusing them of spying.");
    const nk_sentence *s = &doc->sentences[0];
    arc(s, "expelled", "Russia", "nsubj");
    arc(s, "expelled", "diplomats", "obj");
    arc(s, "expelled", "accusing", "advcl");
    arc(s, "accusing", "them", "obj");
    nk_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_tiny_reproduces_training),
        cmocka_unit_test(test_beam_reproduces_training),
        cmocka_unit_test(test_mixed_beam_reproduces_training),
        cmocka_unit_test(test_beam_roundtrip_and_widths),
        cmocka_unit_test(test_pruned_beam),
        cmocka_unit_test(test_save_load_roundtrip),
        cmocka_unit_test(test_joint_tagging),
        cmocka_unit_test(test_corrupt_models),
        cmocka_unit_test(test_free_null_and_edges),
    };
    const struct CMUnitTest models[] = {
        cmocka_unit_test_setup(test_passive_agent, use_greedy),
        cmocka_unit_test_setup(test_reported_speech, use_greedy),
        cmocka_unit_test_setup(test_coordination, use_greedy),
        cmocka_unit_test_setup(test_participial_clause, use_greedy),
        cmocka_unit_test_setup(test_passive_agent, use_beam),
        cmocka_unit_test_setup(test_reported_speech, use_beam),
        cmocka_unit_test_setup(test_coordination, use_beam),
        cmocka_unit_test_setup(test_participial_clause, use_beam),
    };
    int failed = cmocka_run_group_tests_name("parser", unit, NULL, NULL);
    failed += cmocka_run_group_tests_name("parser-models", models, load_models,
                                          free_models);
    return failed ? 1 : 0;
}
