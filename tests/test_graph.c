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
                    (*l >= '0' && *l <= '9') || *l == '_');
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
    nk_graph_entity_iri(&b, NULL, &linked);
    assert_string_equal(b.data, NK_DEFAULT_BASE "entity/Q159");
    nk_buf_clear(&b);
    nk_entity_ref plain = {.label = "Foreign Office spokesperson", .type = "Person", .iri = NULL, .wikidata = NULL};
    nk_graph_entity_iri(&b, "http://ex.org/", &plain);
    assert_string_equal(b.data, "http://ex.org/entity/person_foreign_office_spokesperson");
    nk_buf_clear(&b);
    nk_entity_ref digits = {.label = "2024 group", .type = NULL, .iri = NULL, .wikidata = NULL};
    nk_graph_entity_iri(&b, NULL, &digits);
    assert_string_equal(b.data, NK_DEFAULT_BASE "entity/thing_2024_group");
    nk_buf_clear(&b);
    nk_entity_ref cyr = {.label = "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", .type = "Location", .iri = NULL, .wikidata = NULL};
    nk_graph_entity_iri(&b, NULL, &cyr);
    assert_abbreviable(b.data, NK_DEFAULT_BASE "entity/");
    nk_buf_clear(&b);
    nk_entity_ref given = {.label = "X", .type = "Person", .iri = "http://other.org/x", .wikidata = "Q1"};
    nk_graph_entity_iri(&b, NULL, &given);
    assert_string_equal(b.data, "http://other.org/x");
    nk_buf_free(&b);
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
    assert_string_equal(g->entities[1].iri, NK_DEFAULT_BASE "entity/group_six_british_diplomats");
    assert_int_equal(g->nevents, 6);
    assert_int_equal(g->events[0].occurrences, 2);
    assert_int_equal(g->events[0].fact_index, 0);
    assert_int_equal(g->nmentions, 7);
    for (size_t i = 0; i < g->nevents; i++) {
        assert_abbreviable(g->events[i].iri, NK_DEFAULT_BASE "event/");
        assert_int_equal(strlen(local_part(g->events[i].iri)), 17);
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
    assert_string_equal(g2->version_iri, NK_DEFAULT_BASE "doc/d_1_v_v2");
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
    assert_string_not_equal(ga->mentions[0].iri, gb->mentions[0].iri);
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
    assert_true(strlen(strstr(ga->mentions[2].iri, "_40_50")) == 6);
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
        cmocka_unit_test(test_event_identity),
        cmocka_unit_test(test_version_from_content),
        cmocka_unit_test(test_mini_links),
        cmocka_unit_test(test_shared_span),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
