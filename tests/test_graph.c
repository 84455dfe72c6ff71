/* Unit tests for graph.c: deterministic IRIs, merging, mentions, links. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"
#include "graph.h"

static nk_factset *read_mini(void)
{
    char *text = NULL;
    size_t len = 0;
    nk_factset *set = NULL;
    assert_int_equal(nk_file_read("tests/data/golden/mini.jsonl", &text, &len, NULL), NK_OK);
    assert_int_equal(nk_facts_read_jsonl(&set, text, len, "mini.jsonl", NULL), NK_OK);
    free(text);
    return set;
}

/* The local part after the last '/' of an IRI. */
static const char *local_part(const char *iri)
{
    const char *s = strrchr(iri, '/');
    return s ? s + 1 : iri;
}

static void assert_abbreviable(const char *iri, const char *ns)
{
    if (strncmp(iri, ns, strlen(ns)) != 0)
        fail_msg("%s not in %s", iri, ns);
    const char *l = iri + strlen(ns);
    assert_true(*l != '\0');
    assert_null(strchr(l, '/'));
    assert_false(*l >= '0' && *l <= '9');
    for (; *l; l++)
        assert_true((*l >= 'a' && *l <= 'z') || (*l >= 'A' && *l <= 'Z') ||
                    (*l >= '0' && *l <= '9') || *l == '_' || *l == '-');
}

static void add_fact(nk_factset *s, unsigned sentence, size_t b, size_t e,
                     const char *lemma, const char *cls, const char *text,
                     bool neg, nk_modality mod)
{
    nk_fact *f = nk_factset_add(s);
    f->doc = nk_factset_str(s, "d-1");
    f->sentence = sentence;
    f->span_begin = b;
    f->span_end = e;
    f->actor = nk_factset_entity(s, "Russia", "Country", NULL, "Q159");
    f->target = nk_factset_entity(s, "six British diplomats", "Group", NULL, NULL);
    f->lemma = nk_factset_str(s, lemma);
    f->action_class = nk_factset_str(s, cls);
    f->action_text = nk_factset_str(s, text);
    f->negated = neg;
    f->modality = mod;
}

static void test_entity_iris(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_entity_ref linked = {.label = "Russia", .type = "Country", .iri = NULL, .wikidata = "Q159"};
    nk_graph_entity_iri(&b, NULL, "d-1", &linked);
    assert_string_equal(b.data, NK_DEFAULT_BASE "entity/Q159");
    nk_buf_clear(&b);
    /* a name: store-wide */
    nk_entity_ref name = {.label = "Keir Starmer", .type = "Person"};
    nk_graph_entity_iri(&b, "http://ex.org/", "d-1", &name);
    assert_string_equal(b.data, "http://ex.org/entity/person_keir_starmer");
    nk_buf_clear(&b);
    /* a description: scoped to its article */
    nk_entity_ref plain = {.label = "Foreign Office spokesperson", .type = "Person"};
    nk_graph_entity_iri(&b, "http://ex.org/", "d-1", &plain);
    assert_string_equal(b.data, "http://ex.org/entity/d_1-person_foreign_office_spokesperson");
    nk_buf_clear(&b);
    nk_entity_ref digits = {.label = "2024 group", .type = NULL};
    nk_graph_entity_iri(&b, NULL, "7 days", &digits);
    assert_string_equal(b.data, NK_DEFAULT_BASE "entity/d7_days-thing_2024_group");
    assert_abbreviable(b.data, NK_DEFAULT_BASE "entity/");
    nk_buf_clear(&b);
    /* what the producer says wins over the label */
    nk_entity_ref said = {.label = "the Squad", .type = "Group", .kind = NK_ENTITY_NAME};
    nk_graph_entity_iri(&b, NULL, "d-1", &said);
    assert_string_equal(b.data, NK_DEFAULT_BASE "entity/group_the_squad");
    nk_buf_clear(&b);
    nk_entity_ref cyr = {.label = "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", .type = "Location", .iri = NULL, .wikidata = NULL};
    nk_graph_entity_iri(&b, NULL, "d-1", &cyr);
    assert_abbreviable(b.data, NK_DEFAULT_BASE "entity/");
    nk_buf_clear(&b);
    nk_entity_ref given = {.label = "X", .type = "Person", .iri = "http://other.org/x", .wikidata = "Q1"};
    nk_graph_entity_iri(&b, NULL, "d-1", &given);
    assert_string_equal(b.data, "http://other.org/x");
    nk_buf_free(&b);
}

static void test_entity_kinds(void **state)
{
    (void)state;
    static const struct { const char *label, *type, *wd; nk_entity_kind want; } cases[] = {
        {"Keir Starmer", "Person", NULL, NK_ENTITY_NAME},
        {"Bank of England", "Organization", NULL, NK_ENTITY_NAME},
        {"Federal Security Service", "Organization", NULL, NK_ENTITY_NAME},
        {"FSB", "Organization", NULL, NK_ENTITY_NAME},
        {"\xc3\x96sterreich", "Location", NULL, NK_ENTITY_NAME},
        {"Kenyan interior ministry", "Organization", NULL, NK_ENTITY_DESCRIPTION},
        {"Foreign Office spokesperson", "Person", NULL, NK_ENTITY_DESCRIPTION},
        {"six British diplomats", "Group", NULL, NK_ENTITY_DESCRIPTION},
        {"police", "Group", NULL, NK_ENTITY_DESCRIPTION},
        {"$12 million in humanitarian aid", NULL, NULL, NK_ENTITY_DESCRIPTION},
        {"accusations", NULL, NULL, NK_ENTITY_DESCRIPTION},
        {"the government", "Organization", "Q42", NK_ENTITY_NAME},
        {"its neighbour", "Country", NULL, NK_ENTITY_NAME},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nk_entity_ref e = {.label = cases[i].label, .type = cases[i].type, .wikidata = cases[i].wd};
        if (nk_graph_entity_kind(&e) != cases[i].want)
            fail_msg("%s: wrong kind", cases[i].label);
    }
}

/* Two articles loaded together share only named and linked entities. */
static void test_scopes(void **state)
{
    (void)state;
    nk_factset *a = nk_factset_new(), *b = nk_factset_new();
    nk_factset *sets[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        nk_factset *s = sets[k];
        s->doc = k == 0 ? "story-a" : "story-b";
        nk_fact *f = nk_factset_add(s);
        f->doc = s->doc;
        f->sentence = 1;
        f->actor = nk_factset_entity(s, "spokesperson", "Person", NULL, NULL);
        f->target = nk_factset_entity(s, "Keir Starmer", "Person", NULL, NULL);
        f->lemma = "criticize";
        f->action_class = "Criticize";
        f->sentence_text = "A spokesperson criticised Keir Starmer.";
        f->sentence_begin = 0;
        f->span_begin = 0;
        f->span_end = 25;
        f->target->affiliation = nk_factset_entity(s, "Britain", "Country", NULL, "Q145");
    }
    nk_graph *ga = NULL, *gb = NULL;
    assert_int_equal(nk_graph_build(&ga, a, NULL, NULL), NK_OK);
    assert_int_equal(nk_graph_build(&gb, b, NULL, NULL), NK_OK);
    /* spokesperson, Starmer and his affiliation */
    assert_int_equal(ga->nentities, 3);
    assert_string_not_equal(ga->entities[0].iri, gb->entities[0].iri);
    assert_int_equal(ga->entities[0].kind, NK_ENTITY_DESCRIPTION);
    assert_string_equal(ga->entities[1].iri, gb->entities[1].iri);
    assert_int_equal(ga->entities[1].kind, NK_ENTITY_NAME);
    assert_int_equal(ga->entities[1].affiliation, 2);
    assert_string_equal(ga->entities[2].iri, NK_DEFAULT_BASE "entity/Q145");
    assert_int_equal(ga->entities[2].mentions, 0);
    assert_true(ga->entities[2].roles & NK_ROLE_BIT_AFFILIATION);
    assert_true(ga->entities[0].roles & NK_ROLE_BIT_ACTOR);
    assert_true(ga->entities[1].roles & NK_ROLE_BIT_TARGET);
    /* events, mentions and the article are the article's own */
    assert_string_not_equal(ga->events[0].iri, gb->events[0].iri);
    assert_string_not_equal(ga->mentions[0].iri, gb->mentions[0].iri);
    assert_string_equal(ga->article_iri, NK_DEFAULT_BASE "doc/story_a");
    assert_abbreviable(ga->events[0].iri, NK_DEFAULT_BASE "event/");
    assert_non_null(strstr(ga->events[0].iri, "/event/story_a-e"));
    nk_graph_free(ga);
    nk_graph_free(gb);
    nk_factset_free(a);
    nk_factset_free(b);
}

/* A claim is one speech act: what it says is part of its identity. */
static void test_claims(void **state)
{
    (void)state;
    nk_factset *s = nk_factset_new();
    s->doc = "c";
    static const char *const contents[] = {"cut", "close", "cut"};
    for (int k = 0; k < 3; k++) {
        nk_fact *claim = nk_factset_add(s);
        claim->doc = "c";
        claim->sentence = (unsigned)k + 1;
        claim->actor = nk_factset_entity(s, "Infineon", "Organization", NULL, NULL);
        claim->lemma = "say";
        claim->action_class = "MakeStatement";
        size_t ci = s->count - 1;
        nk_fact *content = nk_factset_add(s);
        content->doc = "c";
        content->sentence = (unsigned)k + 1;
        content->actor = nk_factset_entity(s, "Infineon", "Organization", NULL, NULL);
        content->lemma = contents[k];
        content->content_of = ci;
    }
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, s, NULL, NULL), NK_OK);
    /* two different things said: two claims; the third repeats the first */
    assert_int_equal(g->nevents, 4);
    assert_string_not_equal(g->events[0].iri, g->events[2].iri);
    assert_int_equal(g->events[0].occurrences, 2);
    assert_int_equal(g->events[1].content_of, 0);
    assert_int_equal(g->events[3].content_of, 2);
    /* the same statement in another version, elsewhere in the text: the
     * same IRI */
    nk_factset *v2 = nk_factset_new();
    v2->doc = "c";
    nk_factset_append(v2, s);
    for (size_t i = 0; i < v2->count; i++)
        v2->facts[i].sentence += 5;
    nk_graph *g2 = NULL;
    assert_int_equal(nk_graph_build(&g2, v2, NULL, NULL), NK_OK);
    for (size_t i = 0; i < g->nevents; i++)
        assert_string_equal(g->events[i].iri, g2->events[i].iri);
    nk_graph_free(g);
    nk_graph_free(g2);
    nk_factset_free(s);
    nk_factset_free(v2);
}

/* A mention keeps its IRI when its sentence moves but does not change. */
static void test_mentions_across_versions(void **state)
{
    (void)state;
    const char *sent = "Norvania expelled the envoys.";
    nk_factset *v[2];
    for (int k = 0; k < 2; k++) {
        v[k] = nk_factset_new();
        v[k]->doc = "m";
        v[k]->version = k == 0 ? "v1" : "v2";
        size_t at = k == 0 ? 0 : 120; /* a paragraph was added above */
        add_fact(v[k], (unsigned)k * 3 + 1, at + 9, at + 17, "expel", "Expel", "expelled",
                 false, NK_MOD_ASSERTED);
        v[k]->facts[0].doc = "m";
        v[k]->facts[0].sentence_text = sent;
        v[k]->facts[0].sentence_begin = at;
    }
    nk_graph *g[2];
    for (int k = 0; k < 2; k++)
        assert_int_equal(nk_graph_build(&g[k], v[k], NULL, NULL), NK_OK);
    assert_string_equal(g[0]->mentions[0].iri, g[1]->mentions[0].iri);
    assert_true(g[0]->mentions[0].in_sentence);
    assert_int_equal(g[0]->mentions[0].begin, 9);
    assert_int_equal(g[0]->mentions[0].end, 17);
    assert_string_not_equal(g[0]->version_iri, g[1]->version_iri);
    /* a changed sentence: a new mention */
    v[1]->facts[0].sentence_text = "Norvania expelled the envoys on Friday.";
    nk_graph *g3 = NULL;
    assert_int_equal(nk_graph_build(&g3, v[1], NULL, NULL), NK_OK);
    assert_string_not_equal(g[0]->mentions[0].iri, g3->mentions[0].iri);
    /* the version this one revises */
    v[1]->previous = g[0]->version_iri;
    nk_graph *g4 = NULL;
    assert_int_equal(nk_graph_build(&g4, v[1], NULL, NULL), NK_OK);
    assert_string_equal(g4->previous_iri, g[0]->version_iri);
    nk_buf iri = {0};
    nk_graph_factset_version_iri(&iri, v[0], NULL);
    assert_string_equal(iri.data, g[0]->version_iri);
    nk_buf_free(&iri);
    nk_graph_free(g3);
    nk_graph_free(g4);
    for (int k = 0; k < 2; k++) {
        nk_graph_free(g[k]);
        nk_factset_free(v[k]);
    }
}

static void test_event_identity(void **state)
{
    (void)state;
    nk_factset *s = nk_factset_new();
    /* same identity: other sentence, offsets, wording, lemma (same class) */
    add_fact(s, 1, 0, 41, "expel", "Expel", "Russia has expelled six British diplomats",
             false, NK_MOD_ASSERTED);
    add_fact(s, 4, 300, 340, "kick out", "Expel", "Moscow kicked out the six diplomats",
             false, NK_MOD_ASSERTED);
    s->facts[1].time = nk_factset_str(s, "2024-09-12");
    /* different identity: negation, modality, class */
    add_fact(s, 5, 400, 420, "expel", "Expel", "did not expel", true, NK_MOD_ASSERTED);
    add_fact(s, 6, 500, 520, "expel", "Expel", "could expel", false, NK_MOD_HYPOTHETICAL);
    add_fact(s, 7, 600, 620, "accuse", "Accuse", "accused", false, NK_MOD_ASSERTED);
    /* no class: the lemma counts */
    add_fact(s, 8, 700, 720, "snub", NULL, "snubbed", false, NK_MOD_ASSERTED);
    add_fact(s, 9, 800, 820, "ignore", NULL, "ignored", false, NK_MOD_ASSERTED);

    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, s, NULL, NULL), NK_OK);
    assert_int_equal(g->nentities, 2);
    assert_int_equal(g->entities[0].mentions, 7);
    assert_string_equal(g->entities[0].iri, NK_DEFAULT_BASE "entity/Q159");
    assert_string_equal(g->entities[1].iri, NK_DEFAULT_BASE "entity/d_1-group_six_british_diplomats");
    assert_int_equal(g->nevents, 6);
    assert_int_equal(g->events[0].occurrences, 2);
    assert_int_equal(g->events[0].fact_index, 0);
    assert_int_equal(g->nmentions, 7);
    for (size_t i = 0; i < g->nevents; i++) {
        assert_abbreviable(g->events[i].iri, NK_DEFAULT_BASE "event/");
        assert_int_equal(strlen(strstr(local_part(g->events[i].iri), "-e")), 18);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(g->events[i].iri, g->events[j].iri);
    }
    for (size_t i = 0; i < g->nmentions; i++)
        assert_abbreviable(g->mentions[i].iri, NK_DEFAULT_BASE "mention/");
    assert_abbreviable(g->version_iri, NK_DEFAULT_BASE "doc/");
    assert_int_equal(g->mentions[1].event, 0);

    /* a second article version with the fact reworded: the same event IRI */
    nk_factset *s2 = nk_factset_new();
    add_fact(s2, 3, 10, 30, "oust", "Expel", "Russia ousted six British diplomats",
             false, NK_MOD_ASSERTED);
    s2->version = "v2";
    nk_graph *g2 = NULL;
    assert_int_equal(nk_graph_build(&g2, s2, NULL, NULL), NK_OK);
    assert_string_equal(g2->events[0].iri, g->events[0].iri);
    assert_string_not_equal(g2->version_iri, g->version_iri);
    assert_string_equal(g2->version, "v2");
    assert_string_equal(g2->version_iri, NK_DEFAULT_BASE "doc/d_1-v2");
    char *label = nk_graph_version_label(g2->version_iri, "d-1");
    assert_string_equal(label, "v2");
    free(label);
    assert_null(nk_graph_version_label("http://x/doc/other_v_1", "d-1"));

    /* the same input twice: the same IRIs */
    nk_graph *g3 = NULL;
    assert_int_equal(nk_graph_build(&g3, s, NULL, NULL), NK_OK);
    assert_string_equal(g3->version_iri, g->version_iri);
    for (size_t i = 0; i < g->nevents; i++)
        assert_string_equal(g3->events[i].iri, g->events[i].iri);
    for (size_t i = 0; i < g->nmentions; i++)
        assert_string_equal(g3->mentions[i].iri, g->mentions[i].iri);

    /* a configured base */
    nk_graph_options o = NK_GRAPH_OPTIONS_INIT;
    o.base = "http://example.org/kg/";
    nk_graph *g4 = NULL;
    assert_int_equal(nk_graph_build(&g4, s, &o, NULL), NK_OK);
    assert_string_equal(g4->entities[0].iri, "http://example.org/kg/entity/Q159");
    assert_string_equal(local_part(g4->events[0].iri), local_part(g->events[0].iri));
    nk_graph_options bad = {99, NULL};
    nk_graph *g5 = (nk_graph *)1;
    assert_int_equal(nk_graph_build(&g5, s, &bad, NULL), NK_ERR_UNSUPPORTED);
    assert_null(g5);

    nk_graph_free(g);
    nk_graph_free(g2);
    nk_graph_free(g3);
    nk_graph_free(g4);
    nk_factset_free(s);
    nk_factset_free(s2);
}

static void test_version_from_content(void **state)
{
    (void)state;
    nk_factset *a = read_mini();
    nk_factset *b = read_mini();
    nk_graph *ga = NULL, *gb = NULL;
    assert_int_equal(nk_graph_build(&ga, a, NULL, NULL), NK_OK);
    assert_int_equal(ga->version[0], 'h');
    assert_int_equal(strlen(ga->version), 17);
    /* a change in any fact changes the content hash (the version) */
    b->facts[0].confidence = 0.5;
    assert_int_equal(nk_graph_build(&gb, b, NULL, NULL), NK_OK);
    assert_string_not_equal(ga->version_iri, gb->version_iri);
    assert_string_equal(ga->events[0].iri, gb->events[0].iri);
    /* mentions belong to the sentence, not the version */
    assert_string_equal(ga->mentions[0].iri, gb->mentions[0].iri);
    nk_graph_free(ga);
    nk_graph_free(gb);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_mini_links(void **state)
{
    (void)state;
    nk_factset *s = read_mini();
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, s, NULL, NULL), NK_OK);
    assert_string_equal(g->doc, "mini-01");
    /* 7 facts, the last two are one meeting */
    assert_int_equal(g->nevents, 6);
    assert_int_equal(g->nmentions, 7);
    assert_int_equal(g->events[5].occurrences, 2);
    /* entities: Norvania, envoys, Port Elsin, ministry, ships, Valdoria,
     * officials, Ilsa Marrow */
    assert_int_equal(g->nentities, 8);
    assert_string_equal(g->entities[g->events[0].actor].iri,
                        NK_DEFAULT_BASE "entity/Q99990001");
    assert_string_equal(g->entities[g->events[0].place].iri,
                        NK_DEFAULT_BASE "entity/location_port_elsin");
    /* the seizure is the content of the ministry's statement; the denial
     * rejects the seizure */
    assert_int_equal(g->events[2].content_of, 1);
    assert_int_equal(g->events[3].rejects, 2);
    assert_int_equal(g->events[0].content_of, NK_NONE);
    assert_int_equal(g->entities[g->events[2].attributed_to].mentions, 2);
    for (size_t i = 0; i < g->nevents; i++)
        assert_non_null(g->events[i].mention_iri);
    nk_graph_free(g);
    nk_factset_free(s);
    nk_graph_free(NULL);
}

/* Two events read from one span get distinct mentions whose IRIs do not
 * depend on the order of the facts. */
static void test_shared_span(void **state)
{
    (void)state;
    nk_factset *a = nk_factset_new(), *b = nk_factset_new();
    a->version = b->version = "v1";
    add_fact(a, 1, 0, 30, "expel", "Expel", "expelled and accused", false, NK_MOD_ASSERTED);
    add_fact(a, 1, 0, 30, "accuse", "Accuse", "expelled and accused", false, NK_MOD_ASSERTED);
    add_fact(a, 2, 40, 50, "expel", "Expel", "expelled", false, NK_MOD_ASSERTED);
    add_fact(b, 2, 40, 50, "expel", "Expel", "expelled", false, NK_MOD_ASSERTED);
    add_fact(b, 1, 0, 30, "accuse", "Accuse", "expelled and accused", false, NK_MOD_ASSERTED);
    add_fact(b, 1, 0, 30, "expel", "Expel", "expelled and accused", false, NK_MOD_ASSERTED);
    nk_factset *both[2] = {a, b};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < both[k]->count; i++) {
            nk_fact *f = &both[k]->facts[i];
            f->sentence_text = "Russia expelled and accused six British diplomats.";
            f->sentence_begin = f->sentence == 1 ? 0 : 40;
        }
    nk_graph *ga = NULL, *gb = NULL;
    assert_int_equal(nk_graph_build(&ga, a, NULL, NULL), NK_OK);
    assert_int_equal(nk_graph_build(&gb, b, NULL, NULL), NK_OK);
    assert_int_equal(ga->nmentions, 3);
    assert_int_equal(gb->nmentions, 3);
    for (size_t i = 0; i < 3; i++) {
        bool found = false;
        for (size_t j = 0; j < 3; j++)
            found |= strcmp(ga->mentions[i].iri, gb->mentions[j].iri) == 0;
        assert_true(found);
        assert_abbreviable(ga->mentions[i].iri, NK_DEFAULT_BASE "mention/");
    }
    /* the shared span carries the event key; the lone one does not */
    assert_non_null(strstr(ga->mentions[0].iri, "_0_30_e"));
    assert_true(strlen(strstr(ga->mentions[2].iri, "_0_10")) == 5);
    nk_graph_free(ga);
    nk_graph_free(gb);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_empty(void **state)
{
    (void)state;
    nk_factset *s = nk_factset_new();
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, s, NULL, NULL), NK_OK);
    assert_int_equal(g->nevents, 0);
    assert_int_equal(g->nentities, 0);
    assert_string_equal(g->doc, "unknown");
    assert_non_null(g->version_iri);
    nk_graph_free(g);
    nk_factset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entity_iris),
        cmocka_unit_test(test_entity_kinds),
        cmocka_unit_test(test_scopes),
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_mentions_across_versions),
        cmocka_unit_test(test_event_identity),
        cmocka_unit_test(test_version_from_content),
        cmocka_unit_test(test_mini_links),
        cmocka_unit_test(test_shared_span),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
