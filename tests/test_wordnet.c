/* Unit tests for wordnet.c on the real WordNet 3.0 files of Debian's
 * wordnet-base (installed by scripts/install-deps), and on small broken
 * copies written into a temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_sink.h"
#include "util.h"
#include "wordnet.h"


static nk_wordnet *W;

static int setup(void **state)
{
    (void)state;
    seen s = {0};
    nk_diag_sink sink = {record, &s, 0, 0};
    int rc = nk_wordnet_load(&W, NULL, &sink);
    if (rc != NK_OK)
        fprintf(stderr, "wordnet: %s (%s: %s)\n", nk_strerror(rc), s.file, s.message);
    return rc == NK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nk_wordnet_free(W);
    W = NULL;
    return 0;
}

static void test_counts(void **state)
{
    (void)state;
    /* WordNet 3.0: 117,798 noun and 11,529 verb lemmas; 82,115 noun and
     * 13,767 verb synsets */
    assert_int_equal(nk_wordnet_lemma_count(W, NK_WN_NOUN), 117798);
    assert_int_equal(nk_wordnet_lemma_count(W, NK_WN_VERB), 11529);
    assert_int_equal(nk_wordnet_synset_count(W, NK_WN_NOUN), 82115);
    assert_int_equal(nk_wordnet_synset_count(W, NK_WN_VERB), 13767);
    assert_true(nk_wordnet_memory(W) < 16u * 1024 * 1024);
    nk_wordnet_free(NULL);
}

static void test_noun_classes(void **state)
{
    (void)state;
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "official"), NK_WN_NOUN_PERSON);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "police"), NK_WN_NOUN_GROUP);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "missile"), NK_WN_NOUN_ARTIFACT);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "country"), NK_WN_NOUN_GROUP);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "Tuesday"), NK_WN_NOUN_TIME);
    /* multi-word lemmas, with spaces or underscores, any case */
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "Prime Minister"), NK_WN_NOUN_PERSON);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "prime_minister"), NK_WN_NOUN_PERSON);
    /* "head": a body part first, a person among its senses */
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "head"), NK_WN_NOUN_BODY);
    assert_true(nk_wordnet_has_class(W, NK_WN_NOUN, "head", NK_WN_NOUN_PERSON));
    assert_false(nk_wordnet_has_class(W, NK_WN_NOUN, "missile", NK_WN_NOUN_PERSON));
    /* unknown words and forms that are not lemmas */
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "xqzzy"), NK_WN_NONE);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, "villagers"), NK_WN_NONE);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, ""), NK_WN_NONE);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_NOUN, NULL), NK_WN_NONE);
}

static void test_senses_and_shares(void **state)
{
    (void)state;
    nk_wn_sense s[80];
    size_t n = nk_wordnet_senses(W, NK_WN_NOUN, "stone", s, 80);
    assert_int_equal(n, 13);
    assert_int_equal(s[0].cls, NK_WN_NOUN_OBJECT);
    assert_true(s[0].count > s[1].count); /* tag counts from cntlist.rev */
    /* a short buffer still gives the total */
    assert_int_equal(nk_wordnet_senses(W, NK_WN_NOUN, "stone", s, 1), 13);
    assert_int_equal(nk_wordnet_senses(W, NK_WN_NOUN, "stone", NULL, 0), 13);
    /* "stone" has seven noun.person senses (people called Stone), all
     * untagged: a small share next to the tagged object sense */
    double share = nk_wordnet_class_share(W, NK_WN_NOUN, "stone", NK_WN_NOUN_PERSON);
    assert_true(share > 0.0 && share < 0.2);
    assert_true(nk_wordnet_class_share(W, NK_WN_VERB, "say", NK_WN_VERB_COMMUNICATION) > 0.9);
    assert_true(nk_wordnet_class_share(W, NK_WN_VERB, "xqzzy", NK_WN_VERB_COMMUNICATION) == 0.0);
    assert_int_equal(nk_wordnet_dominant_class(W, NK_WN_NOUN, "head", &share), NK_WN_NOUN_BODY);
    assert_true(share > 0.5);
    assert_int_equal(nk_wordnet_dominant_class(W, NK_WN_NOUN, "xqzzy", &share), NK_WN_NONE);
    assert_true(share == 0.0);
}

static void test_verb_classes(void **state)
{
    (void)state;
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_VERB, "say"), NK_WN_VERB_COMMUNICATION);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_VERB, "buy"), NK_WN_VERB_POSSESSION);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_VERB, "attack"), NK_WN_VERB_COMPETITION);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_VERB, "hit"), NK_WN_VERB_CONTACT);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_VERB, "travel"), NK_WN_VERB_MOTION);
    assert_int_equal(nk_wordnet_first_class(W, NK_WN_VERB, "carry out"), NK_WN_VERB_CREATION);
    /* "cut": contact first, change among its senses */
    assert_true(nk_wordnet_has_class(W, NK_WN_VERB, "cut", NK_WN_VERB_CHANGE));
    assert_string_equal(nk_wordnet_class_name(NK_WN_VERB_COMPETITION), "verb.competition");
    assert_string_equal(nk_wordnet_class_name(NK_WN_NOUN_TOPS), "noun.Tops");
    assert_null(nk_wordnet_class_name(NK_WN_NONE));
    assert_int_equal(nk_wordnet_class_from_name("noun.group"), NK_WN_NOUN_GROUP);
    assert_int_equal(nk_wordnet_class_from_name("noun.nothing"), NK_WN_NONE);
}

static void test_hypernyms(void **state)
{
    (void)state;
    /* police -> force -> unit -> organization */
    assert_true(nk_wordnet_is_a(W, NK_WN_NOUN, "police", "organization", 1, true));
    assert_true(nk_wordnet_is_a(W, NK_WN_NOUN, "villager", "person", 1, true));
    assert_false(nk_wordnet_is_a(W, NK_WN_NOUN, "missile", "person", 1, false));
    /* instance hypernyms: Paris is an instance of national capital */
    assert_true(nk_wordnet_is_a(W, NK_WN_NOUN, "Paris", "city", 1, true));
    assert_true(nk_wordnet_is_a(W, NK_WN_VERB, "assassinate", "kill", 1, true));
    nk_wn_synset org = nk_wordnet_synset(W, NK_WN_NOUN, "organization", 1);
    assert_int_not_equal(org, NK_WN_NO_SYNSET);
    assert_int_equal(nk_wordnet_synset_class(W, org), NK_WN_NOUN_GROUP);
    assert_true(nk_wordnet_synset_is_a(W, org, org));
    assert_int_equal(nk_wordnet_synset(W, NK_WN_NOUN, "organization", 99), NK_WN_NO_SYNSET);
    assert_int_equal(nk_wordnet_synset(W, NK_WN_NOUN, "organization", 0), NK_WN_NO_SYNSET);
    assert_false(nk_wordnet_synset_is_a(W, NK_WN_NO_SYNSET, org));
    assert_int_equal(nk_wordnet_synset_class(W, NK_WN_NO_SYNSET), NK_WN_NONE);
}

static void test_actor(void **state)
{
    (void)state;
    static const struct {
        const char *lemma;
        nk_wn_actor first;
    } CASES[] = {
        {"official", NK_WN_ACTOR_PERSON},      {"villager", NK_WN_ACTOR_PERSON},
        {"photographer", NK_WN_ACTOR_PERSON},  {"investigator", NK_WN_ACTOR_PERSON},
        {"protester", NK_WN_ACTOR_PERSON},     {"police", NK_WN_ACTOR_ORGANIZATION},
        {"government", NK_WN_ACTOR_ORGANIZATION}, {"company", NK_WN_ACTOR_ORGANIZATION},
        {"army", NK_WN_ACTOR_ORGANIZATION},    {"agency", NK_WN_ACTOR_ORGANIZATION},
        {"parliament", NK_WN_ACTOR_ORGANIZATION}, {"court", NK_WN_ACTOR_ORGANIZATION},
        {"crowd", NK_WN_ACTOR_GROUP},          {"people", NK_WN_ACTOR_GROUP},
        {"public", NK_WN_ACTOR_GROUP},         {"missile", NK_WN_ACTOR_NONE},
        {"stone", NK_WN_ACTOR_NONE},           {"Tuesday", NK_WN_ACTOR_NONE},
        {"xqzzy", NK_WN_ACTOR_NONE},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        nk_wn_actor a = nk_wordnet_actor(W, CASES[i].lemma, NK_WN_FIRST_SENSE);
        if (a != CASES[i].first)
            fail_msg("%s: actor %d, expected %d", CASES[i].lemma, (int)a, (int)CASES[i].first);
    }
    /* "head" acts only in a minor sense; "stone" names people only rarely */
    assert_int_equal(nk_wordnet_actor(W, "head", NK_WN_FIRST_SENSE), NK_WN_ACTOR_NONE);
    assert_int_equal(nk_wordnet_actor(W, "head", NK_WN_DOMINANT), NK_WN_ACTOR_NONE);
    assert_int_equal(nk_wordnet_actor(W, "head", NK_WN_ANY_SENSE), NK_WN_ACTOR_PERSON);
    assert_int_equal(nk_wordnet_actor(W, "stone", NK_WN_DOMINANT), NK_WN_ACTOR_NONE);
    /* the person synset itself is filed among the top nouns */
    assert_int_equal(nk_wordnet_actor(W, "individual", NK_WN_FIRST_SENSE), NK_WN_ACTOR_PERSON);
    assert_int_equal(nk_wordnet_actor(W, "person", NK_WN_FIRST_SENSE), NK_WN_ACTOR_PERSON);
    assert_int_equal(nk_wordnet_actor(W, "official", NK_WN_DOMINANT), NK_WN_ACTOR_PERSON);
    /* "state": a condition first (noun.location/Tops), a government later */
    assert_int_equal(nk_wordnet_actor(W, "state", NK_WN_FIRST_SENSE), NK_WN_ACTOR_NONE);
    assert_int_equal(nk_wordnet_actor(W, "state", NK_WN_ANY_SENSE), NK_WN_ACTOR_ORGANIZATION);
}

static void test_base(void **state)
{
    (void)state;
    const char *b[8];
    assert_int_equal(nk_wordnet_base(W, NK_WN_NOUN, "villagers", b, 8), 1);
    assert_string_equal(b[0], "villager");
    assert_int_equal(nk_wordnet_base(W, NK_WN_NOUN, "children", b, 8), 1);
    assert_string_equal(b[0], "child");
    assert_int_equal(nk_wordnet_base(W, NK_WN_NOUN, "policemen", b, 8), 1);
    assert_string_equal(b[0], "policeman");
    assert_int_equal(nk_wordnet_base(W, NK_WN_VERB, "went", b, 8), 1);
    assert_string_equal(b[0], "go");
    assert_int_equal(nk_wordnet_base(W, NK_WN_VERB, "seized", b, 8), 1);
    assert_string_equal(b[0], "seize");
    assert_int_equal(nk_wordnet_base(W, NK_WN_VERB, "Carried Out", b, 8), 1);
    assert_string_equal(b[0], "carry_out");
    assert_int_equal(nk_wordnet_base(W, NK_WN_NOUN, "prime ministers", b, 8), 1);
    assert_string_equal(b[0], "prime_minister");
    /* the form itself first, then its bases */
    size_t n = nk_wordnet_base(W, NK_WN_NOUN, "glasses", b, 8);
    assert_int_equal(n, 2);
    assert_string_equal(b[0], "glasses");
    assert_string_equal(b[1], "glass");
    /* exceptions with two bases */
    n = nk_wordnet_base(W, NK_WN_NOUN, "axes", b, 8);
    assert_true(n >= 2);
    assert_int_equal(nk_wordnet_base(W, NK_WN_NOUN, "axes", b, 1), n);
    assert_int_equal(nk_wordnet_base(W, NK_WN_NOUN, "xqzzies", b, 8), 0);
    assert_int_equal(nk_wordnet_base(W, NK_WN_NOUN, "s", b, 8), 1); /* the letter */
    assert_int_equal(nk_wordnet_base(W, NK_WN_VERB, "ing", b, 8), 0);
}

/* Readers on several threads see the same answers. */
static void *reader(void *arg)
{
    unsigned *bad = arg;
    for (int i = 0; i < 2000; i++) {
        if (nk_wordnet_actor(W, "police", NK_WN_DOMINANT) != NK_WN_ACTOR_ORGANIZATION ||
            nk_wordnet_first_class(W, NK_WN_VERB, "say") != NK_WN_VERB_COMMUNICATION)
            (*bad)++;
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t t[4];
    unsigned bad[4] = {0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, reader, &bad[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(bad[i], 0);
    }
}

/* ---- broken directories ------------------------------------------------------ */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_dir(const char *dir)
{
    static const char *const NAMES[] = {"data.noun", "data.verb", "index.noun", "index.verb",
                                        "noun.exc", "verb.exc", "cntlist.rev"};
    char path[512];
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, NAMES[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* A tiny WordNet: two noun synsets (offsets are byte positions), one verb. */
#define NOUN_DATA                                                              \
    "  1 licence text\n"                                                       \
    "00000017 03 n 01 entity 0 000 | a thing\n"                                \
    "00000057 18 n 02 official 0 functionary 0 001 @ 00000017 n 0000 | a person\n"
#define VERB_DATA "00000000 32 v 01 say 0 000 | to say\n"
#define NOUN_INDEX "entity n 1 0 1 0 00000017  \nofficial n 1 1 @ 1 1 00000057  \n"
#define VERB_INDEX "say v 1 0 1 1 00000000  \n"

static void make_tiny(char *dir)
{
    assert_non_null(mkdtemp(dir));
    write_file(dir, "data.noun", NOUN_DATA);
    write_file(dir, "data.verb", VERB_DATA);
    write_file(dir, "index.noun", NOUN_INDEX);
    write_file(dir, "index.verb", VERB_INDEX);
    write_file(dir, "noun.exc", "officialia official\n");
    write_file(dir, "verb.exc", "said say\n");
}

static void test_tiny_and_broken(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk-wordnet-XXXXXX";
    make_tiny(dir);
    seen s = {0};
    nk_diag_sink sink = {record, &s, 0, 0};
    nk_wordnet *wn = NULL;
    /* a directory without cntlist.rev loads (counts are all 0) */
    assert_int_equal(nk_wordnet_load(&wn, dir, &sink), NK_OK);
    assert_string_equal(nk_wordnet_dir(wn), dir);
    assert_int_equal(nk_wordnet_actor(wn, "official", NK_WN_FIRST_SENSE), NK_WN_ACTOR_PERSON);
    assert_true(nk_wordnet_is_a(wn, NK_WN_NOUN, "official", "entity", 1, true));
    const char *b[2];
    assert_int_equal(nk_wordnet_base(wn, NK_WN_VERB, "said", b, 2), 1);
    assert_string_equal(b[0], "say");
    nk_wordnet_free(wn);

    /* a wrong synset offset in the data file: file and line named */
    write_file(dir, "data.noun", "  1 licence text\n00000099 03 n 01 entity 0 000 | x\n");
    s = (seen){0};
    assert_int_equal(nk_wordnet_load(&wn, dir, &sink), NK_ERR_PARSE);
    assert_null(wn);
    assert_int_equal(s.line, 2);
    assert_non_null(strstr(s.file, "data.noun"));
    /* an index pointing at no synset */
    write_file(dir, "data.noun", NOUN_DATA);
    write_file(dir, "index.noun", "entity n 1 0 1 0 00000018  \n");
    s = (seen){0};
    assert_int_equal(nk_wordnet_load(&wn, dir, &sink), NK_ERR_PARSE);
    assert_non_null(strstr(s.file, "index.noun"));
    assert_int_equal(s.line, 1);
    /* a truncated line */
    write_file(dir, "index.noun", "entity n 1 0\n");
    assert_int_equal(nk_wordnet_load(&wn, dir, &sink), NK_ERR_PARSE);
    /* a hypernym pointing nowhere */
    write_file(dir, "index.noun", NOUN_INDEX);
    write_file(dir, "data.noun",
               "  1 licence text\n00000017 03 n 01 entity 0 001 @ 00000005 n 0000 | x\n");
    assert_int_equal(nk_wordnet_load(&wn, dir, &sink), NK_ERR_INVALID);
    /* a missing file: NOTFOUND, naming the file and the package */
    write_file(dir, "data.noun", NOUN_DATA);
    char path[512];
    snprintf(path, sizeof path, "%s/verb.exc", dir);
    unlink(path);
    s = (seen){0};
    assert_int_equal(nk_wordnet_load(&wn, dir, &sink), NK_ERR_NOTFOUND);
    assert_null(wn);
    assert_non_null(strstr(s.file, "verb.exc"));
    assert_non_null(strstr(s.message, "wordnet-base"));
    remove_dir(dir);
    assert_int_equal(nk_wordnet_load(&wn, "/nonexistent/wordnet", &sink), NK_ERR_NOTFOUND);
    assert_null(wn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_noun_classes),
        cmocka_unit_test(test_senses_and_shares),
        cmocka_unit_test(test_verb_classes),
        cmocka_unit_test(test_hypernyms),
        cmocka_unit_test(test_actor),
        cmocka_unit_test(test_base),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_tiny_and_broken),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
