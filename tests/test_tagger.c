/* Unit tests for tagger.c and lemmatizer.c. */
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
#include "lemmatizer.h"
#include "tagger.h"

static nk_diag_sink quiet = {NULL, NULL, 0, 0};

/* A sentence of the space-separated WORDS in ARENA. */
static nk_sentence make_sentence(nk_arena *arena, const char *words)
{
    nk_sentence s;
    memset(&s, 0, sizeof s);
    char *copy = nk_arena_strdup(arena, words);
    size_t n = 1;
    for (const char *p = words; *p; p++)
        n += *p == ' ';
    s.tokens = nk_arena_alloc(arena, n * sizeof *s.tokens);
    for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
        nk_token *t = &s.tokens[s.ntokens++];
        t->form = tok;
        t->head = -1;
        t->begin = t->end = NK_NO_OFFSET;
    }
    return s;
}

/* A copy of GOLD's sentence with the annotation cleared. */
static nk_sentence blank(nk_arena *arena, const nk_sentence *gold)
{
    nk_sentence s = *gold;
    s.tokens = nk_arena_alloc(arena, gold->ntokens * sizeof *s.tokens);
    for (size_t i = 0; i < gold->ntokens; i++) {
        s.tokens[i].form = gold->tokens[i].form;
        s.tokens[i].head = -1;
    }
    return s;
}

static nk_tagger *train_tiny_wordnet(const char *wordnet)
{
    nk_doc *doc = NULL;
    assert_int_equal(nk_conllu_read_file(&doc, "tests/data/tiny.conllu", &quiet),
                     NK_OK);
    nk_tagger_train_options o = NK_TAGGER_TRAIN_OPTIONS_INIT;
    o.dict_min_count = 2;
    o.prune = 0;
    o.passes = 2;
    o.wordnet_dir = wordnet;
    nk_tagger *t = NULL;
    const nk_doc *docs[] = {doc};
    assert_int_equal(nk_tagger_train(&t, docs, 1, &o, &quiet), NK_OK);
    assert_non_null(t);
    nk_doc_free(doc);
    return t;
}

/* Trained with the few synsets of tests/data/wordnet (reading the real
 * WordNet would make the tests slow under valgrind). */
static nk_tagger *train_tiny(void)
{
    return train_tiny_wordnet("tests/data/wordnet");
}

static char *temp_path(const char *name)
{
    char dir[] = "/tmp/nk_tagger_testXXXXXX";
    assert_non_null(mkdtemp(dir));
    nk_buf b = {0};
    nk_buf_printf(&b, "%s/%s", dir, name);
    return nk_buf_detach(&b);
}

static void remove_temp(char *path)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    rmdir(path);
    free(path);
}

static void test_free_null(void **state)
{
    (void)state;
    nk_tagger_free(NULL);
    nk_tagger_tag(NULL, NULL, NULL);
}

/* T tags its own training sentences with PASSES passes at least MIN % right. */
static void check_own_sentences(const nk_tagger *t, unsigned passes, size_t min)
{
    nk_doc *gold = NULL;
    assert_int_equal(nk_conllu_read_file(&gold, "tests/data/tiny.conllu", &quiet),
                     NK_OK);
    nk_arena *arena = nk_arena_new();
    size_t n = 0, upos = 0, xpos = 0, lemma = 0;
    for (size_t s = 0; s < gold->nsentences; s++) {
        nk_sentence sys = blank(arena, &gold->sentences[s]);
        nk_tagger_tag_passes(t, &sys, arena, passes);
        for (size_t i = 0; i < sys.ntokens; i++) {
            const nk_token *g = &gold->sentences[s].tokens[i];
            const nk_token *y = &sys.tokens[i];
            assert_non_null(y->upos);
            assert_non_null(y->lemma);
            assert_non_null(y->feats);
            n++;
            upos += strcmp(g->upos, y->upos) == 0;
            xpos += strcmp(g->xpos, y->xpos) == 0;
            lemma += strcmp(g->lemma, y->lemma) == 0;
        }
    }
    assert_true(upos * 100 >= n * min);
    assert_true(xpos * 100 >= n * min);
    assert_true(lemma * 100 >= n * min);
    nk_arena_free(arena);
    nk_doc_free(gold);
}

static void test_train_tiny(void **state)
{
    (void)state;
    nk_tagger *t = train_tiny();
    nk_tagger_stats st;
    nk_tagger_get_stats(t, &st);
    assert_true(st.nclasses >= 10);
    assert_true(st.nweights > 0);
    assert_int_equal(nk_tagger_passes(t), 2);
    /* the first pass learns its training sentences (almost) exactly; the
     * second learned from first-pass tags of taggers trained on the other
     * folds (here: four sentences each), so it trusts the first pass less */
    check_own_sentences(t, 1, 95);
    check_own_sentences(t, 0, 85);
    /* without WordNet (none given, or a directory without it) the model
     * has no WordNet table and is smaller */
    nk_tagger *none = train_tiny_wordnet("");
    nk_tagger *missing = train_tiny_wordnet("tests/data/no-such-wordnet");
    nk_tagger_stats s0, s1;
    nk_tagger_get_stats(none, &s0);
    nk_tagger_get_stats(missing, &s1);
    assert_true(s0.bytes < st.bytes);
    assert_int_equal(s0.bytes, s1.bytes);
    check_own_sentences(none, 1, 95);
    nk_tagger_free(none);
    nk_tagger_free(missing);
    nk_tagger_free(t);
}

static void test_round_trip(void **state)
{
    (void)state;
    nk_tagger *t = train_tiny();
    nk_tagger *t2 = train_tiny();
    char *path = temp_path("tagger.bin");
    char *path2 = temp_path("tagger2.bin");
    assert_int_equal(nk_tagger_save(t, path, &quiet), NK_OK);
    assert_int_equal(nk_tagger_save(t2, path2, &quiet), NK_OK);
    /* deterministic training: byte-identical models */
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(nk_file_read(path, &a, &na, &quiet), NK_OK);
    assert_int_equal(nk_file_read(path2, &b, &nb, &quiet), NK_OK);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);

    nk_tagger *loaded = NULL;
    assert_int_equal(nk_tagger_load(&loaded, path, &quiet), NK_OK);
    nk_arena *arena = nk_arena_new();
    const char *text[] = {"The diplomats said he went home .",
                          "Police fled the city on Monday .",
                          "Unknownword frobnicated six zorbs ."};
    for (size_t k = 0; k < 3; k++) {
        nk_sentence s1 = make_sentence(arena, text[k]);
        nk_sentence s2 = make_sentence(arena, text[k]);
        nk_tagger_tag(t, &s1, arena);
        nk_tagger_tag(loaded, &s2, arena);
        for (size_t i = 0; i < s1.ntokens; i++) {
            assert_string_equal(s1.tokens[i].upos, s2.tokens[i].upos);
            assert_string_equal(s1.tokens[i].xpos, s2.tokens[i].xpos);
            assert_string_equal(s1.tokens[i].lemma, s2.tokens[i].lemma);
            assert_string_equal(s1.tokens[i].feats, s2.tokens[i].feats);
        }
    }
    nk_arena_free(arena);
    nk_tagger_free(loaded);
    nk_tagger_free(t);
    nk_tagger_free(t2);
    remove_temp(path);
    remove_temp(path2);
}

static void write_bytes(const char *path, const char *data, size_t len);

/* A model of the first round's format (version 1: 12 header words, one
 * pass, no WordNet section) is still read: a one-pass model without
 * WordNet rewritten in that format loads and tags with the features of
 * that round. */
static void test_format_1(void **state)
{
    (void)state;
    nk_doc *doc = NULL;
    assert_int_equal(nk_conllu_read_file(&doc, "tests/data/tiny.conllu", &quiet),
                     NK_OK);
    nk_tagger_train_options o = NK_TAGGER_TRAIN_OPTIONS_INIT;
    o.dict_min_count = 2;
    o.prune = 0;
    o.passes = 1;
    o.wordnet_dir = "";
    nk_tagger *t = NULL;
    const nk_doc *docs[] = {doc};
    assert_int_equal(nk_tagger_train(&t, docs, 1, &o, &quiet), NK_OK);
    nk_doc_free(doc);
    char *path = temp_path("tagger.bin");
    assert_int_equal(nk_tagger_save(t, path, &quiet), NK_OK);
    nk_tagger_free(t);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &data, &len, &quiet), NK_OK);
    /* version 2: "NKTAGGER", 14 words (..., nstr, npass = 1, wncap = 0,
     * reserved); version 1: the first 11 words, then reserved */
    uint32_t h[14];
    memcpy(h, data + 8, sizeof h);
    assert_int_equal(h[0], 2);
    assert_int_equal(h[11], 1);
    assert_int_equal(h[12], 0);
    h[0] = 1;
    h[11] = 0;
    size_t n1 = len - 8;
    char *v1 = malloc(n1);
    assert_non_null(v1);
    memcpy(v1, data, 8);
    memcpy(v1 + 8, h, 12 * 4);
    memcpy(v1 + 8 + 48, data + 8 + 56, len - 8 - 56 - 8);
    uint64_t sum = nk_hash64(v1, n1 - 8, NK_HASH_SEED);
    memcpy(v1 + n1 - 8, &sum, 8);
    write_bytes(path, v1, n1);
    free(v1);
    free(data);
    nk_tagger *old = NULL;
    assert_int_equal(nk_tagger_load(&old, path, &quiet), NK_OK);
    assert_int_equal(nk_tagger_passes(old), 1);
    check_own_sentences(old, 1, 80);
    nk_tagger_free(old);
    remove_temp(path);
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void expect_bad(const char *path)
{
    nk_diag_sink sink = {NULL, NULL, 0, 0};
    nk_tagger *t = (nk_tagger *)&sink; /* must be reset to NULL */
    int rc = nk_tagger_load(&t, path, &sink);
    assert_true(rc < 0);
    assert_null(t);
    assert_true(sink.errors > 0);
}

static void test_corrupt(void **state)
{
    (void)state;
    nk_tagger *t = train_tiny();
    char *path = temp_path("tagger.bin");
    assert_int_equal(nk_tagger_save(t, path, &quiet), NK_OK);
    nk_tagger_free(t);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &data, &len, &quiet), NK_OK);
    assert_true(len > 100);

    /* truncated at many points */
    size_t cuts[] = {0, 1, 7, 8, 40, 63, 64, len / 3, len / 2, len - 9, len - 8,
                     len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_bytes(path, data, cuts[i]);
        expect_bad(path);
    }
    /* a flipped byte anywhere (the checksum catches it) */
    size_t flips[] = {0, 9, 12, 30, 60, len / 4, len / 2, len - 20, len - 1};
    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        data[flips[i]] ^= 0x41;
        write_bytes(path, data, len);
        expect_bad(path);
        data[flips[i]] ^= 0x41;
    }
    /* not a model at all */
    write_bytes(path, "hello, world\n", 13);
    expect_bad(path);
    /* the intact file still loads */
    write_bytes(path, data, len);
    assert_int_equal(nk_tagger_load(&t, path, &quiet), NK_OK);
    nk_tagger_free(t);
    free(data);
    remove_temp(path);

    /* missing file */
    nk_diag_sink sink = {NULL, NULL, 0, 0};
    t = NULL;
    assert_true(nk_tagger_load(&t, "/nonexistent/tagger.bin", &sink) < 0);
    assert_null(t);
}

static void test_irregular_rules(void **state)
{
    (void)state;
    nk_arena *a = nk_arena_new();
    static const char *const pairs[][3] = {
        {"said", "VBD", "say"},        {"went", "VBD", "go"},
        {"fled", "VBD", "flee"},       {"sought", "VBN", "seek"},
        {"struck", "VBD", "strike"},   {"withdrew", "VBD", "withdraw"},
        {"overthrew", "VBD", "overthrow"}, {"bore", "VBD", "bear"},
        {"hung", "VBN", "hang"},       {"understood", "VBD", "understand"},
        {"withheld", "VBN", "withhold"}, {"is", "VBZ", "be"},
        {"were", "VBD", "be"},         {"brought", "VBN", "bring"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *l = nk_lemma_irregular(pairs[i][0], pairs[i][1], a);
        assert_non_null(l);
        assert_string_equal(l, pairs[i][2]);
    }
    assert_null(nk_lemma_irregular("walked", "VBD", a));
    assert_null(nk_lemma_irregular("went", "NN", a));

    const char *c[8];
    size_t n = nk_lemma_candidates("stopped", "VBD", a, c, 8);
    assert_true(n >= 1);
    assert_string_equal(c[0], "stop");
    n = nk_lemma_candidates("hoped", "VBD", a, c, 8);
    assert_string_equal(c[0], "hope");
    n = nk_lemma_candidates("carried", "VBN", a, c, 8);
    assert_string_equal(c[0], "carry");
    n = nk_lemma_candidates("studies", "NNS", a, c, 8);
    assert_string_equal(c[0], "study");
    n = nk_lemma_candidates("making", "VBG", a, c, 8);
    assert_string_equal(c[0], "make");
    n = nk_lemma_candidates("bigger", "JJR", a, c, 8);
    assert_string_equal(c[0], "big");
    (void)n;
    nk_arena_free(a);
}

/* ---- the committed model --------------------------------------------------- */

static nk_tagger *real_model(void)
{
    nk_tagger *t = NULL;
    nk_diag_sink sink = {nk_diag_print, NULL, 0, 0};
    assert_int_equal(nk_tagger_load(&t, NULL, &sink), NK_OK);
    return t;
}

static const nk_token *find(const nk_sentence *s, const char *form)
{
    for (size_t i = 0; i < s->ntokens; i++)
        if (strcmp(s->tokens[i].form, form) == 0)
            return &s->tokens[i];
    fail_msg("no token %s", form);
    return NULL;
}

static void expect(const nk_sentence *s, const char *form, const char *upos,
                   const char *xpos, const char *lemma)
{
    const nk_token *t = find(s, form);
    if (upos)
        assert_string_equal(t->upos, upos);
    if (xpos)
        assert_string_equal(t->xpos, xpos);
    if (lemma)
        assert_string_equal(t->lemma, lemma);
}

static void test_real_model(void **state)
{
    (void)state;
    nk_tagger *t = real_model();
    nk_arena *a = nk_arena_new();

    nk_sentence s = make_sentence(a, "Russia has expelled six British diplomats .");
    nk_tagger_tag(t, &s, a);
    expect(&s, "Russia", "PROPN", "NNP", "Russia");
    expect(&s, "has", "AUX", "VBZ", "have");
    expect(&s, "expelled", "VERB", "VBN", "expel");
    expect(&s, "six", "NUM", "CD", "six");
    expect(&s, "diplomats", "NOUN", "NNS", "diplomat");
    expect(&s, ".", "PUNCT", ".", ".");

    s = make_sentence(a, "She said he went home .");
    nk_tagger_tag(t, &s, a);
    expect(&s, "She", "PRON", "PRP", "she");
    expect(&s, "said", "VERB", "VBD", "say");
    expect(&s, "went", "VERB", "VBD", "go");
    assert_string_equal(find(&s, "She")->feats,
                        "Case=Nom|Gender=Fem|Number=Sing|Person=3|PronType=Prs");

    s = make_sentence(a, "The FSB claimed the diplomats were spies .");
    nk_tagger_tag(t, &s, a);
    expect(&s, "FSB", "PROPN", "NNP", "FSB");
    expect(&s, "claimed", "VERB", "VBD", "claim");
    expect(&s, "were", "AUX", "VBD", "be");
    expect(&s, "spies", "NOUN", "NNS", "spy");

    s = make_sentence(a, "Protesters fled as troops struck the capital and the "
                         "army overthrew the government .");
    nk_tagger_tag(t, &s, a);
    expect(&s, "fled", "VERB", "VBD", "flee");
    /* VBD, though this model says VBN: the verb and its lemma are what
     * extraction needs */
    expect(&s, "struck", "VERB", NULL, "strike");
    expect(&s, "overthrew", "VERB", "VBD", "overthrow");

    s = make_sentence(a, "The United States withdrew its ambassador and sought "
                         "talks , officials said on Tuesday .");
    nk_tagger_tag(t, &s, a);
    expect(&s, "withdrew", "VERB", "VBD", "withdraw");
    expect(&s, "sought", "VERB", "VBD", "seek");
    expect(&s, "Tuesday", "PROPN", "NNP", "Tuesday");

    /* lemmas of forms the tagger may never have seen */
    static const char *const lem[][3] = {
        {"fled", "VBD", "flee"},        {"sought", "VBN", "seek"},
        {"struck", "VBD", "strike"},    {"withdrew", "VBD", "withdraw"},
        {"overthrew", "VBD", "overthrow"}, {"bore", "VBD", "bear"},
        {"hung", "VBD", "hang"},        {"went", "VBD", "go"},
        {"said", "VBD", "say"},         {"expelled", "VBN", "expel"},
        {"stopped", "VBD", "stop"},     {"hoped", "VBD", "hope"},
        {"carried", "VBD", "carry"},    {"arrested", "VBN", "arrest"},
        {"sanctioned", "VBN", "sanction"}, {"detained", "VBD", "detain"}};
    for (size_t i = 0; i < sizeof lem / sizeof lem[0]; i++) {
        const char *l = nk_tagger_lemma(t, lem[i][0], lem[i][1], "VERB", a);
        if (strcmp(l, lem[i][2]) != 0)
            fail_msg("lemma of %s/%s: %s, want %s", lem[i][0], lem[i][1], l,
                     lem[i][2]);
    }
    assert_string_equal(nk_tagger_lemma(t, "studies", "NNS", "NOUN", a), "study");
    assert_string_equal(nk_tagger_lemma(t, "Diplomats", "NNS", "NOUN", a),
                        "diplomat");

    /* a capitalised word never seen in training is no pronoun, determiner,
     * adposition, conjunction, auxiliary or particle, even after an
     * opening quote */
    s = make_sentence(a, "\u201c Anders was a stubborn visionary , \u201d she said .");
    nk_tagger_tag(t, &s, a);
    const char *u = find(&s, "Anders")->upos;
    if (strcmp(u, "PROPN") != 0 && strcmp(u, "NOUN") != 0 && strcmp(u, "ADJ") != 0)
        fail_msg("Anders tagged %s", u);

    /* empty sentence and a very long one do not crash */
    nk_sentence empty;
    memset(&empty, 0, sizeof empty);
    nk_tagger_tag(t, &empty, a);
    nk_buf b = {0};
    for (int i = 0; i < 400; i++)
        nk_buf_puts(&b, i ? " word" : "word");
    s = make_sentence(a, b.data);
    nk_tagger_tag(t, &s, a);
    assert_non_null(s.tokens[399].upos);
    nk_buf_free(&b);

    nk_arena_free(a);
    nk_tagger_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_train_tiny),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_format_1),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_irregular_rules),
        cmocka_unit_test(test_real_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
