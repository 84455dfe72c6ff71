/* End-to-end tests of extraction (entities + events) on sentences written
 * for them, with the committed models, gazetteer and ontology (tests run
 * from the repository root with NEWSKG_DATA=.), and a golden test on one of
 * the example articles (sorted N-Triples and JSONL, byte for byte;
 * NK_UPDATE_GOLDEN=1 rewrites the golden files after a reviewed change). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "facts_jsonl.h"
#include "graph.h"
#include "rdf.h"

static nk_resources *RES;

static int setup(void **state)
{
    (void)state;
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    return nk_resources_load(&RES, NULL, &sink) == NK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nk_resources_free(RES);
    return 0;
}

static nk_factset *run(const char *text, const char *date)
{
    nk_doc_meta meta = {"t", NULL, NULL, date};
    nk_factset *set = NULL;
    assert_int_equal(nk_extract_text(RES, "t.txt", text, strlen(text), &meta, &set, NULL, NULL),
                     NK_OK);
    return set;
}

/* The fact with this actor, lemma and target label (NULL target: none;
 * "*": any), or NULL.  Labels compare exactly. */
static const nk_fact *find(const nk_factset *set, const char *actor, const char *lemma,
                           const char *target)
{
    for (size_t i = 0; i < set->count; i++) {
        const nk_fact *f = &set->facts[i];
        if (!f->actor || strcmp(f->actor->label, actor) != 0 || strcmp(f->lemma, lemma) != 0)
            continue;
        if (target && strcmp(target, "*") == 0)
            return f;
        if (!target ? !f->target : (f->target && strcmp(f->target->label, target) == 0))
            return f;
    }
    return NULL;
}

static void dump(const nk_factset *set)
{
    for (size_t i = 0; i < set->count; i++) {
        const nk_fact *f = &set->facts[i];
        fprintf(stderr, "  fact: %s | %s | %s%s\n", f->actor ? f->actor->label : "-", f->lemma,
                f->target ? f->target->label : "-", f->negated ? " (negated)" : "");
    }
}

/* The fact, or a test failure that lists what was found. */
static const nk_fact *expect_fact(const nk_factset *set, const char *actor, const char *lemma,
                                  const char *target)
{
    const nk_fact *f = find(set, actor, lemma, target);
    if (!f) {
        dump(set);
        fail_msg("no fact %s | %s | %s", actor, lemma, target ? target : "-");
    }
    return f;
}

#define EXPECT(set, a, l, t) expect_fact(set, a, l, t)

static void test_active_and_time(void **state)
{
    (void)state;
    nk_factset *s = run("Russia expelled six British diplomats on Thursday.\n", "2024-09-12");
    const nk_fact *f = find(s, "Russia", "expel", "six British diplomats");
    if (!f)
        dump(s);
    assert_non_null(f);
    assert_string_equal(f->action_class, "Expel");
    assert_string_equal(f->cameo, "174");
    assert_string_equal(f->actor->type, "Country");
    assert_string_equal(f->actor->wikidata, "Q159");
    assert_string_equal(f->target->type, "Group");
    /* 2024-09-12 was a Thursday */
    assert_string_equal(f->time, "2024-09-12");
    assert_false(f->negated);
    assert_int_equal(f->modality, NK_MOD_ASSERTED);
    assert_int_equal(f->sentence, 1);
    nk_factset_free(s);
}

static void test_passive_agent(void **state)
{
    (void)state;
    nk_factset *s = run("Six British diplomats were expelled by Russia.\n", NULL);
    const nk_fact *f = find(s, "Russia", "expel", "six British diplomats");
    if (!f)
        dump(s);
    assert_non_null(f);
    nk_factset_free(s);
}

static void test_reported_speech(void **state)
{
    (void)state;
    /* with "that" */
    nk_factset *s = run("The FSB said that Russia had expelled the diplomats.\n", NULL);
    /* a known acronym is shown by its full name */
    const nk_fact *say = find(s, "Federal Security Service", "say", NULL);
    const nk_fact *exp = find(s, "Russia", "expel", "*");
    if (!say || !exp)
        dump(s);
    assert_non_null(say);
    assert_non_null(exp);
    assert_non_null(exp->attributed_to);
    assert_string_equal(exp->attributed_to->label, "Federal Security Service");
    assert_int_equal(exp->content_of, (size_t)(say - s->facts));
    nk_factset_free(s);
    /* without "that", and after a quote */
    s = run("Officials said the diplomats had spied for Britain.\n", NULL);
    exp = find(s, "diplomats", "spy", "*");
    if (!exp)
        dump(s);
    assert_non_null(exp);
    assert_string_equal(exp->attributed_to->label, "officials");
    nk_factset_free(s);
}

static void test_participial_clause(void **state)
{
    (void)state;
    nk_factset *s = run("Russia expelled six diplomats, accusing them of spying.\n", NULL);
    EXPECT(s, "Russia", "expel", "six diplomats");
    EXPECT(s, "Russia", "accuse", "six diplomats");
    nk_factset_free(s);
    s = run("Joe Biden travelled to Kyiv to meet Volodymyr Zelensky.\n", NULL);
    EXPECT(s, "Joe Biden", "meet", "Volodymyr Zelensky");
    nk_factset_free(s);
}

static void test_coordination(void **state)
{
    (void)state;
    nk_factset *s = run("France and Germany condemned the attack.\n", NULL);
    EXPECT(s, "France", "condemn", "attack");
    EXPECT(s, "Germany", "condemn", "attack");
    nk_factset_free(s);
    /* symmetric: one meeting, not two */
    s = run("Keir Starmer and Joe Biden met in Washington.\n", NULL);
    const nk_fact *f = EXPECT(s, "Keir Starmer", "meet", "Joe Biden");
    assert_null(find(s, "Joe Biden", "meet", "*"));
    assert_non_null(f->place);
    assert_string_equal(f->place->label, "Washington");
    assert_string_equal(f->place->type, "Location");
    nk_factset_free(s);
    /* each conjunct its own fact, the object shared */
    s = run("Russia expelled and accused the diplomats.\n", NULL);
    EXPECT(s, "Russia", "expel", "diplomats");
    EXPECT(s, "Russia", "accuse", "diplomats");
    nk_factset_free(s);
}

static void test_light_verb(void **state)
{
    (void)state;
    nk_factset *s = run("Russia launched an attack on Kyiv.\n", NULL);
    /* the capital attacked stands for its country */
    const nk_fact *f = EXPECT(s, "Russia", "attack", "Ukraine");
    assert_string_equal(f->action_class, "Attack");
    nk_factset_free(s);
}

static void test_negation(void **state)
{
    (void)state;
    nk_factset *s = run("Russia did not expel the diplomats.\n", NULL);
    assert_true(EXPECT(s, "Russia", "expel", "diplomats")->negated);
    nk_factset_free(s);
    s = run("Iran refused to release the prisoners.\n", NULL);
    assert_true(EXPECT(s, "Iran", "release", "prisoners")->negated);
    nk_factset_free(s);
    s = run("The Kremlin denied that Russian agents had attacked the embassy.\n", NULL);
    const nk_fact *f = EXPECT(s, "Russian agents", "attack", "embassy");
    assert_true(f->negated);
    assert_string_equal(f->attributed_to->label, "Russia");
    nk_factset_free(s);
}

static void test_modality(void **state)
{
    (void)state;
    nk_factset *s = run("Russia could expel more diplomats.\n", NULL);
    assert_int_equal(EXPECT(s, "Russia", "expel", "*")->modality, NK_MOD_HYPOTHETICAL);
    nk_factset_free(s);
    s = run("Britain will expel two Russian diplomats.\n", NULL);
    assert_int_equal(EXPECT(s, "Britain", "expel", "*")->modality, NK_MOD_PLANNED);
    nk_factset_free(s);
    s = run("The United Nations urged Russia to withdraw its troops.\n", NULL);
    EXPECT(s, "United Nations", "urge", "Russia");
    assert_int_equal(EXPECT(s, "Russia", "withdraw", "*")->modality, NK_MOD_REQUESTED);
    nk_factset_free(s);
}

static void test_entities(void **state)
{
    (void)state;
    /* acronym tied to its expansion */
    nk_factset *s = run("The Federal Security Service (FSB) accused the diplomats of spying. "
                        "The FSB arrested a British citizen.\n", NULL);
    EXPECT(s, "Federal Security Service", "accuse", "*");
    EXPECT(s, "Federal Security Service", "arrest", "British citizen");
    nk_factset_free(s);
    /* titles stripped, pronoun resolved */
    s = run("Prime Minister Keir Starmer criticised Russia. He later met President Joe Biden.\n",
            NULL);
    const nk_fact *f = EXPECT(s, "Keir Starmer", "criticise", "Russia");
    assert_string_equal(f->actor->type, "Person");
    EXPECT(s, "Keir Starmer", "meet", "Joe Biden");
    nk_factset_free(s);
    /* a capital acting is its country; as a place it stays a place */
    s = run("Moscow expelled two diplomats in London.\n", NULL);
    f = EXPECT(s, "Russia", "expel", "two diplomats");
    assert_string_equal(f->place->label, "London");
    nk_factset_free(s);
    /* a name that begins with a compass word is a region (word list
     * "compass"), unless an organisation word makes it a body */
    s = run("The army shelled Western Darfur and North Kivu. Western Pacific Bank fired Sara Lind.\n",
            NULL);
    f = EXPECT(s, "army", "shell", "Western Darfur");
    assert_string_equal(f->target->type, "Location");
    f = EXPECT(s, "army", "shell", "North Kivu");
    assert_string_equal(f->target->type, "Location");
    f = EXPECT(s, "Western Pacific Bank", "fire", "Sara Lind");
    assert_string_equal(f->actor->type, "Organization");
    nk_factset_free(s);
}

static void test_rejection_link(void **state)
{
    (void)state;
    nk_factset *s = run("Russia accused Britain of spying. A spokesperson for the Foreign "
                        "Office dismissed the accusations.\n", NULL);
    const nk_fact *acc = EXPECT(s, "Russia", "accuse", "Britain");
    const nk_fact *rej = EXPECT(s, "Foreign Office", "dismiss", "accusations");
    assert_int_equal(rej->rejects, (size_t)(acc - s->facts));
    nk_factset_free(s);
}

static void test_quotes_and_speakers(void **state)
{
    (void)state;
    /* speaker after the quote, and inverted "said X" */
    nk_factset *s = run("\"We will not negotiate under pressure,\" Marieke de Vries told "
                        "reporters.\n", NULL);
    expect_fact(s, "Marieke de Vries", "tell", "reporters");
    nk_factset_free(s);
    s = run("\"The fine is unfair,\" said the company's lawyer, Mark Delaney.\n", NULL);
    expect_fact(s, "Mark Delaney", "say", NULL);
    nk_factset_free(s);
}

static void test_organisations_act(void **state)
{
    (void)state;
    /* members act for their organisation; a party from a title */
    nk_factset *s = run("The Rapid Support Forces (RSF) said its fighters had struck military "
                        "targets.\n", NULL);
    expect_fact(s, "Rapid Support Forces", "strike", "*");
    nk_factset_free(s);
    s = run("Labour leader Keir Starmer said his party would reform the market.\n", NULL);
    expect_fact(s, "Labour Party", "reform", "market");
    nk_factset_free(s);
    /* "failed to" negates what follows */
    s = run("Ofgem said Shell had failed to protect vulnerable households.\n", NULL);
    assert_true(expect_fact(s, "Shell", "protect", "vulnerable households")->negated);
    nk_factset_free(s);
}

static void test_day_normalisation(void **state)
{
    (void)state;
    char out[11];
    /* 2024-09-12 is a Thursday */
    assert_true(nk_normalise_day("on Thursday", "2024-09-12", out));
    assert_string_equal(out, "2024-09-12");
    assert_true(nk_normalise_day("on Monday", "2024-09-12", out));
    assert_string_equal(out, "2024-09-09");
    assert_true(nk_normalise_day("yesterday", "2024-03-01", out));
    assert_string_equal(out, "2024-02-29");
    assert_false(nk_normalise_day("in August", "2024-09-12", out));
    assert_false(nk_normalise_day("on Monday", NULL, out));
    assert_false(nk_normalise_day("on Monday", "2024-13-01", out));
}

static void test_empty_and_odd_input(void **state)
{
    (void)state;
    nk_factset *s = run("", NULL);
    assert_int_equal(s->count, 0);
    nk_factset_free(s);
    s = run("\n\n   \n", NULL);
    assert_int_equal(s->count, 0);
    nk_factset_free(s);
    s = run("READ MORE: Three men jailed\n!!! ??? ...\nhe she it they\n", NULL);
    nk_factset_free(s);
    /* invalid UTF-8 is an error, and nothing is returned */
    nk_factset *bad = (nk_factset *)1;
    nk_diag_sink sink = {0};
    assert_int_equal(nk_extract_text(RES, "bad.txt", "ok \xff\n", 4, NULL, &bad, NULL, &sink),
                     NK_ERR_PARSE);
    assert_null(bad);
    assert_true(sink.errors >= 1);
}

/* ---- golden: an example article ---------------------------------------------- */

static void compare_golden(const char *path, const char *got)
{
    if (getenv("NK_UPDATE_GOLDEN")) {
        assert_int_equal(nk_file_write_atomic(path, got, strlen(got), NULL), NK_OK);
        return;
    }
    char *want = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &want, &len, NULL), NK_OK);
    if (strcmp(want, got) != 0)
        fprintf(stderr, "%s differs from the extraction (NK_UPDATE_GOLDEN=1 after review)\n", path);
    assert_string_equal(want, got);
    free(want);
}

static void test_golden_article(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read("graphs/articles/harbour-strike.txt", &text, &len, NULL), NK_OK);
    nk_doc_meta meta = {"harbour-strike", NULL, NULL, "2025-03-05"};
    nk_factset *set = NULL;
    assert_int_equal(nk_extract_text(RES, "harbour-strike.txt", text, len, &meta, &set, NULL, NULL),
                     NK_OK);
    free(text);
    assert_true(set->count >= 10);
    nk_buf jsonl = {0}, nt = {0};
    nk_facts_write_jsonl(set, &jsonl);
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, set, NULL, NULL), NK_OK);
    assert_int_equal(nk_rdf_write(g, NK_RDF_NTRIPLES_CANONICAL, &nt, NULL), NK_OK);
    compare_golden("tests/data/golden/harbour-strike.jsonl", jsonl.data);
    compare_golden("tests/data/golden/harbour-strike.nt", nt.data);
    /* the same input gives the same bytes */
    nk_factset *again = NULL;
    assert_int_equal(nk_file_read("graphs/articles/harbour-strike.txt", &text, &len, NULL), NK_OK);
    assert_int_equal(nk_extract_text(RES, "harbour-strike.txt", text, len, &meta, &again, NULL,
                                     NULL),
                     NK_OK);
    free(text);
    nk_buf j2 = {0};
    nk_facts_write_jsonl(again, &j2);
    assert_string_equal(jsonl.data, j2.data);
    nk_buf_free(&j2);
    nk_factset_free(again);
    nk_graph_free(g);
    nk_buf_free(&jsonl);
    nk_buf_free(&nt);
    nk_factset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_active_and_time),   cmocka_unit_test(test_passive_agent),
        cmocka_unit_test(test_reported_speech),   cmocka_unit_test(test_participial_clause),
        cmocka_unit_test(test_coordination),      cmocka_unit_test(test_light_verb),
        cmocka_unit_test(test_negation),          cmocka_unit_test(test_modality),
        cmocka_unit_test(test_entities),          cmocka_unit_test(test_rejection_link),
        cmocka_unit_test(test_quotes_and_speakers), cmocka_unit_test(test_organisations_act),
        cmocka_unit_test(test_day_normalisation), cmocka_unit_test(test_empty_and_odd_input),
        cmocka_unit_test(test_golden_article),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
