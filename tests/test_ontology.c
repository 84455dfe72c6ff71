/* Unit tests for ontology.c: the shipped ontology and lexicon, lookups,
 * overrides and error reporting.  Run from the repository root with
 * NEWSKG_DATA=. (make test does). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"
#include "ontology.h"

/* The default ontology, loaded once for the read-only tests. */
static nk_ontology *shared;

static int setup_shared(void **state)
{
    (void)state;
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    return nk_ontology_load(&shared, NULL, 0, &sink) == NK_OK ? 0 : -1;
}

static int teardown_shared(void **state)
{
    (void)state;
    nk_ontology_free(shared);
    shared = NULL;
    return 0;
}

/* A sink that keeps the diagnostics as text, one per line. */
typedef struct captured {
    nk_buf text;
} captured;

static void capture(void *ctx, const nk_diag *d)
{
    captured *c = ctx;
    nk_buf_printf(&c->text, "%s:%u:%u: %s\n", d->file ? d->file : "-", d->line,
                  d->column, d->message);
}

/* Write TEXT to a new file in DIR named NAME; the path goes to OUT. */
static void write_file(const char *dir, const char *name, const char *text,
                       char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", dir, name);
    assert_int_equal(nk_file_write_atomic(out, text, strlen(text), NULL), NK_OK);
}

static void test_loads(void **state)
{
    (void)state;
    assert_non_null(shared);
    assert_true(nk_ontology_class_count(shared) >= 100);
    assert_true(nk_ontology_property_count(shared) >= 30);
    size_t single = 0;
    for (size_t i = 0; i < nk_ontology_lexicon_count(shared); i++) {
        const nk_lex_entry *e = nk_ontology_lexicon_at(shared, i);
        if (!e->particle && !e->object)
            single++;
    }
    assert_true(single >= 300);
    assert_true(nk_ontology_lexicon_count(shared) > single + 100);
    assert_null(nk_ontology_class_at(shared, nk_ontology_class_count(shared)));
}

static void test_entries_point_at_declared_classes(void **state)
{
    (void)state;
    const nk_lex_entry *prev = NULL;
    for (size_t i = 0; i < nk_ontology_lexicon_count(shared); i++) {
        const nk_lex_entry *e = nk_ontology_lexicon_at(shared, i);
        assert_non_null(e->cls);
        assert_non_null(e->lemma);
        assert_ptr_equal(nk_ontology_class(shared, e->cls->iri), e->cls);
        assert_true(nk_ontology_has_class(shared, e->cls->name));
        /* Every evoked class is an action: a subclass of nk:Event. */
        if (!nk_ontology_is_a(shared, e->cls->name, "Event"))
            fail_msg("%s evokes %s, not an nk:Event", e->iri, e->cls->name);
        /* Entries can be found by their own key. */
        assert_ptr_equal(nk_ontology_lookup_exact(shared, e->lemma, e->particle,
                                                  e->object), e);
        /* Sorted by lemma first. */
        if (prev)
            assert_true(strcmp(prev->lemma, e->lemma) <= 0);
        prev = e;
    }
}

static void test_labels_and_comments(void **state)
{
    (void)state;
    size_t n = 0;
    for (size_t i = 0; i < nk_ontology_class_count(shared); i++) {
        const nk_onto_class *c = nk_ontology_class_at(shared, i);
        if (!c->label || !*c->label || !c->comment || !*c->comment)
            fail_msg("class %s lacks rdfs:label or rdfs:comment", c->iri);
        assert_ptr_equal(nk_ontology_class(shared, c->name), c);
        n++;
    }
    for (size_t i = 0; i < nk_ontology_property_count(shared); i++) {
        const nk_onto_property *p = nk_ontology_property_at(shared, i);
        if (!p->label || !*p->label || !p->comment || !*p->comment)
            fail_msg("property %s lacks rdfs:label or rdfs:comment", p->iri);
        assert_ptr_equal(nk_ontology_property(shared, p->name), p);
        n++;
    }
    assert_true(n > 0);
}

static void test_declarations(void **state)
{
    (void)state;
    /* Class names the fixtures use, and the actor types. */
    static const char *const classes[] = {
        "Expel", "Accuse", "MakeStatement", "RejectAccusation", "Threaten",
        "Consult", "ExpressIntent", "OccupyTerritory", "Appeal",
        "ReceiveMaterialAid", "Attack", "Meet", "Sanction", "Arrest", "Kill",
        "Negotiate", "SignAgreement", "Protest", "Investigate", "Demand",
        "Criticize", "Praise", "Cooperate", "ProvideAid",
        "ProvideHumanitarianAid", "Actor", "Person", "Organization", "Country",
        "Group", "Location", "Event", "Claim", "ArticleVersion", "Mention",
        "LexicalEntry", "Article", "Entity", "Thing"};
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (!nk_ontology_has_class(shared, classes[i]))
            fail_msg("class nk:%s is not declared", classes[i]);
    static const char *const props[] = {
        "actor", "target", "place", "time", "timeText", "negated", "modality",
        "attributedTo", "claimContent", "rejects", "mention", "versionOf",
        "sentence", "beginOffset", "endOffset", "sourceText", "sentenceText",
        "confidence", "lemma", "cameoCode", "ploverCategory", "wikidata",
        "actionText", "documentId", "title", "url", "date", "evokes",
        "particle", "objectLemma", "speechAct", "polarity", "contentHash",
        "entityKind", "affiliation"};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
        if (!nk_ontology_has_property(shared, props[i]))
            fail_msg("property nk:%s is not declared", props[i]);
    assert_true(nk_ontology_has_class(shared, "nk:Expel"));
    assert_true(nk_ontology_has_class(shared, NK_ONTOLOGY_NS "Expel"));
    assert_false(nk_ontology_has_class(shared, "NoSuchClass"));
    assert_false(nk_ontology_has_property(shared, "noSuchProperty"));
    assert_false(nk_ontology_has_class(shared, "actor"));
    assert_int_equal(nk_ontology_property(shared, "actor")->kind, NK_PROP_OBJECT);
    assert_int_equal(nk_ontology_property(shared, "negated")->kind,
                     NK_PROP_DATATYPE);

    /* The taxonomy: a subcode under its CAMEO top-level category. */
    assert_true(nk_ontology_is_a(shared, "Meet", "Consult"));
    assert_true(nk_ontology_is_a(shared, "Meet", "Event"));
    assert_true(nk_ontology_is_a(shared, "Expel", "CoerceCategory"));
    assert_false(nk_ontology_is_a(shared, "Expel", "Consult"));
    assert_true(nk_ontology_is_a(shared, "Person", "Actor"));
    assert_string_equal(nk_ontology_class(shared, "Meet")->parent->name, "Consult");
}

static void test_lookups(void **state)
{
    (void)state;
    const nk_lex_entry *e = nk_ontology_lookup(shared, "expel", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Expel");
    assert_string_equal(e->cameo, "174");
    assert_string_equal(e->plover, "COERCE");
    assert_false(e->speech_act);
    assert_int_equal(e->complement_modality, -1);
    /* Case does not matter. */
    assert_ptr_equal(nk_ontology_lookup(shared, "EXPEL", NULL, ""), e);

    e = nk_ontology_lookup(shared, "launch", NULL, "attack");
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Attack");
    assert_string_equal(e->object, "attack");
    assert_null(e->particle);
    assert_string_equal(e->cameo, "190");
    /* "launch" alone evokes nothing. */
    assert_null(nk_ontology_lookup(shared, "launch", NULL, NULL));
    assert_null(nk_ontology_lookup(shared, "launch", NULL, "banana"));

    /* Phrasal verbs; an unknown object falls back to the phrasal verb. */
    e = nk_ontology_lookup(shared, "call", "on", "government");
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Appeal");
    assert_int_equal(e->complement_modality, NK_MOD_REQUESTED);
    e = nk_ontology_lookup(shared, "carry", "out", "strike");
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Attack");
    e = nk_ontology_lookup(shared, "impose", NULL, "sanction");
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Sanction");
    assert_string_equal(e->cameo, "163");
    e = nk_ontology_lookup(shared, "hold", NULL, "talks");
    assert_null(e); /* objects are lemmas: "talk" */
    e = nk_ontology_lookup(shared, "hold", NULL, "talk");
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Consult");

    /* Speech acts, polarity, modality. */
    e = nk_ontology_lookup(shared, "deny", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(e->cls->name, "RejectAccusation");
    assert_true(e->speech_act);
    assert_int_equal(e->polarity, NK_POLARITY_NEGATIVE);
    e = nk_ontology_lookup(shared, "refuse", NULL, NULL);
    assert_int_equal(e->polarity, NK_POLARITY_NEGATIVE);
    e = nk_ontology_lookup(shared, "say", NULL, NULL);
    assert_true(e->speech_act);
    assert_int_equal(e->polarity, NK_POLARITY_POSITIVE);
    assert_string_equal(nk_ontology_lookup(shared, "plan", NULL, NULL)->cls->name,
                        "ExpressIntent");
    assert_int_equal(nk_ontology_lookup(shared, "plan", NULL, NULL)->complement_modality,
                     NK_MOD_PLANNED);

    /* Both spellings. */
    assert_string_equal(nk_ontology_lookup(shared, "criticise", NULL, NULL)->cls->name,
                        "Criticize");
    assert_string_equal(nk_ontology_lookup(shared, "criticize", NULL, NULL)->cls->name,
                        "Criticize");

    /* Unknown words and bad arguments. */
    assert_null(nk_ontology_lookup(shared, "frobnicate", NULL, NULL));
    assert_null(nk_ontology_lookup(shared, "", NULL, NULL));
    assert_null(nk_ontology_lookup(shared, NULL, NULL, NULL));
    assert_null(nk_ontology_lookup(NULL, "expel", NULL, NULL));
    char longword[1000];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    assert_null(nk_ontology_lookup(shared, longword, longword, longword));

    /* CAMEO codes of classes, inherited when a class has none. */
    assert_string_equal(nk_ontology_class_cameo(shared, "Expel"), "174");
    assert_string_equal(nk_ontology_class_cameo(shared, "Meet"), "044");
    assert_null(nk_ontology_class(shared, "ReceiveMaterialAid")->cameo);
    assert_string_equal(nk_ontology_class_cameo(shared, "ReceiveMaterialAid"), "06");
    assert_string_equal(nk_ontology_class_cameo(shared, "FightCategory"), "19");
    assert_null(nk_ontology_class_cameo(shared, "Event"));
    assert_null(nk_ontology_class_cameo(shared, "NoSuchClass"));
    assert_string_equal(nk_ontology_class_plover(shared, "Accuse"), "ACCUSE");
}

/* The seed fixture's (lemma, object, class) triples come out of the lexicon:
 * "made repeated appeals" (make + appeal), "acquiring ballistic missiles"
 * (acquire + missile: weapons received, not a purchase between firms). */
static void test_fixture_lemmas(void **state)
{
    (void)state;
    static const char *const triples[][3] = {
        {"expel", NULL, "Expel"},          {"accuse", NULL, "Accuse"},
        {"allege", NULL, "Accuse"},        {"claim", NULL, "MakeStatement"},
        {"describe", NULL, "MakeStatement"}, {"emphasize", NULL, "MakeStatement"},
        {"reiterate", NULL, "MakeStatement"}, {"dismiss", NULL, "RejectAccusation"},
        {"warn", NULL, "Threaten"},        {"meet", NULL, "Consult"},
        {"seek", NULL, "ExpressIntent"},   {"invade", NULL, "OccupyTerritory"},
        {"make", "appeal", "Appeal"},      {"acquire", "missile", "ReceiveMaterialAid"},
        /* senses the lexicon audit split by object */
        {"acquire", NULL, "EconomicCooperation"}, {"buy", "company", "EconomicCooperation"},
        {"cut", "job", "Restructure"},     {"call", "election", "Vote"},
        {"dismiss", "lawsuit", "CourtRuling"}, {"accept", "bribe", "CommitCrime"},
    };
    for (size_t i = 0; i < sizeof triples / sizeof triples[0]; i++) {
        const nk_lex_entry *e = nk_ontology_lookup(shared, triples[i][0], NULL, triples[i][1]);
        if (!e)
            fail_msg("no lexicon entry for %s %s", triples[i][0],
                     triples[i][1] ? triples[i][1] : "");
        if (!nk_ontology_is_a(shared, e->cls->name, triples[i][2]))
            fail_msg("%s %s evokes %s, not %s", triples[i][0],
                     triples[i][1] ? triples[i][1] : "", e->cls->name, triples[i][2]);
    }
    /* generic senses: no CAMEO class */
    static const char *const generic[][2] = {
        {"cut", "power"}, {"cut", "rate"}, {"move", NULL}, {"appeal", NULL},
        {"fight", "corruption"}, {"hit", "record"},
    };
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
        const nk_lex_entry *e = nk_ontology_lookup(shared, generic[i][0], NULL, generic[i][1]);
        assert_non_null(e);
        assert_string_equal(e->cls->name, "Event");
        assert_null(e->cameo);
    }
}

static void test_override(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_onto_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    write_file(dir, "extra.ttl",
               "@prefix nk: <https://w3id.org/newskg/ns#> .\n"
               "@prefix lex: <https://w3id.org/newskg/lex#> .\n"
               "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
               "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
               "# remap an existing entry by its IRI\n"
               "lex:expel nk:evokes nk:Attack .\n"
               "# replace an entry by its words, with a new IRI\n"
               "<http://example.org/warn> a nk:LexicalEntry ; nk:lemma \"Warn\" ;\n"
               "    nk:evokes nk:Praise ; nk:cameoCode \"999\" .\n"
               "# a new class and a blank-node entry for it\n"
               "nk:Frobnicate a owl:Class ; rdfs:subClassOf nk:Attack ;\n"
               "    rdfs:label \"frobnicate\"@en ; rdfs:comment \"Test.\"@en .\n"
               "[] a nk:LexicalEntry ; nk:lemma \"frobnicate\" ; nk:particle \"up\" ;\n"
               "    nk:evokes nk:Frobnicate ; nk:speechAct true .\n"
               "# remove an entry\n"
               "lex:say nk:evokes owl:Nothing .\n"
               "# not typed as an entry: ignored with a warning\n"
               "<http://example.org/z> nk:lemma \"zap\" ; nk:evokes nk:Attack .\n",
               path, sizeof path);
    const char *extra[] = {path};
    nk_ontology *ont = NULL;
    captured cap = {{0}};
    nk_diag_sink sink = {capture, &cap, 0, 0};
    assert_int_equal(nk_ontology_load(&ont, extra, 1, &sink), NK_OK);
    assert_non_null(ont);
    assert_int_equal(sink.errors, 0);
    assert_int_equal(sink.warnings, 1);
    assert_non_null(strstr(cap.text.data, ":18:0: http://example.org/z"));
    assert_null(nk_ontology_lookup(ont, "zap", NULL, NULL));

    const nk_lex_entry *e = nk_ontology_lookup(ont, "expel", NULL, NULL);
    assert_string_equal(e->cls->name, "Attack");
    assert_string_equal(e->cameo, "190");
    e = nk_ontology_lookup(ont, "warn", NULL, NULL);
    assert_string_equal(e->cls->name, "Praise");
    assert_string_equal(e->cameo, "999");
    assert_string_equal(e->iri, "http://example.org/warn");
    assert_string_equal(e->lemma, "warn");
    assert_false(e->speech_act);
    e = nk_ontology_lookup(ont, "frobnicate", "up", NULL);
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Frobnicate");
    assert_true(e->speech_act);
    assert_string_equal(e->cameo, "190"); /* inherited from nk:Attack */
    assert_null(nk_ontology_lookup(ont, "frobnicate", NULL, NULL));
    assert_null(nk_ontology_lookup(ont, "say", NULL, NULL));
    assert_true(nk_ontology_is_a(ont, "Frobnicate", "FightCategory"));
    /* Unchanged entries stay. */
    assert_string_equal(nk_ontology_lookup(ont, "accuse", NULL, NULL)->cls->name,
                        "Accuse");
    assert_int_equal(nk_ontology_lexicon_count(ont),
                     nk_ontology_lexicon_count(shared));
    nk_ontology_free(ont);

    /* The shared ontology is untouched. */
    assert_string_equal(nk_ontology_lookup(shared, "expel", NULL, NULL)->cls->name,
                        "Expel");
    remove(path);
    rmdir(dir);
    nk_buf_free(&cap.text);
}

static void test_malformed(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_onto_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    write_file(dir, "bad.ttl",
               "@prefix nk: <https://w3id.org/newskg/ns#> .\n"
               "nk:a nk:b nk:c .\n"
               "nk:a nk:b nk:c nk:d .\n"
               "nk:e nk:f nk:g .\n",
               path, sizeof path);
    const char *extra[] = {path};
    nk_ontology *ont = (nk_ontology *)(uintptr_t)1; /* must be reset */
    captured cap = {{0}};
    nk_diag_sink sink = {capture, &cap, 0, 0};
    assert_int_equal(nk_ontology_load(&ont, extra, 1, &sink), NK_ERR_PARSE);
    assert_null(ont);
    assert_true(sink.errors >= 1);
    char want[300];
    snprintf(want, sizeof want, "%s:3:", path);
    if (!cap.text.data || !strstr(cap.text.data, want))
        fail_msg("expected a diagnostic at %s, got: %s", want,
                 cap.text.data ? cap.text.data : "(nothing)");
    nk_buf_free(&cap.text);
    remove(path);

    /* Well-formed Turtle, invalid lexicon: an entry evoking an undeclared
     * class, named with its line. */
    write_file(dir, "invalid.ttl",
               "@prefix nk: <https://w3id.org/newskg/ns#> .\n"
               "\n"
               "<http://example.org/x> a nk:LexicalEntry ;\n"
               "    nk:lemma \"x\" ; nk:evokes nk:NoSuchClass .\n"
               "<http://example.org/y> a nk:LexicalEntry ;\n"
               "    nk:lemma \"y\" ; nk:evokes nk:Attack ; nk:polarity \"sideways\" .\n",
               path, sizeof path);
    sink.errors = 0;
    assert_int_equal(nk_ontology_load(&ont, extra, 1, &sink), NK_ERR_INVALID);
    assert_null(ont);
    assert_int_equal(sink.errors, 2);
    assert_non_null(strstr(cap.text.data, "NoSuchClass"));
    assert_non_null(strstr(cap.text.data, "sideways"));
    snprintf(want, sizeof want, "%s:6:", path);
    assert_non_null(strstr(cap.text.data, want));
    nk_buf_free(&cap.text);
    remove(path);

    /* A missing extra file. */
    snprintf(path, sizeof path, "%s/missing.ttl", dir);
    assert_int_equal(nk_ontology_load(&ont, extra, 1, &sink), NK_ERR_NOTFOUND);
    assert_null(ont);
    nk_buf_free(&cap.text);
    rmdir(dir);

    nk_ontology_free(NULL);
    assert_int_equal(nk_ontology_class_count(NULL), 0);
    assert_null(nk_ontology_class(NULL, "Expel"));
}

/* Lookups from several threads at once on one shared ontology. */
static void *lookup_many(void *arg)
{
    const nk_ontology *ont = arg;
    size_t hits = 0;
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < nk_ontology_lexicon_count(ont); i++) {
            const nk_lex_entry *e = nk_ontology_lexicon_at(ont, i);
            if (nk_ontology_lookup(ont, e->lemma, e->particle, e->object) == e &&
                nk_ontology_class_cameo(ont, e->cls->name) != (const char *)1)
                hits++;
        }
    return (void *)(uintptr_t)hits;
}

/* WordNet backs up the lexicon: a verb it lacks whose dominant WordNet class
 * is verb.communication evokes the class's entry; others stay generic. */
static void test_wordnet_fallback(void **state)
{
    (void)state;
    nk_wordnet *wn = NULL;
    assert_int_equal(nk_wordnet_load(&wn, NULL, NULL), NK_OK);
    nk_ontology *ont = NULL;
    assert_int_equal(nk_ontology_load(&ont, NULL, 0, NULL), NK_OK);
    /* "repeat" and "whisper": not in the lexicon, verbs of communication */
    assert_null(nk_ontology_lookup(ont, "whisper", NULL, NULL));
    nk_ontology_use_wordnet(ont, wn);
    const nk_lex_entry *e = nk_ontology_lookup(ont, "whisper", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(e->cls->name, "MakeStatement");
    assert_true(e->speech_act);
    assert_string_equal(e->lemma, NK_LEX_WORDNET_PREFIX "verb.communication");
    assert_non_null(nk_ontology_lookup(ont, "repeat", NULL, NULL));
    /* lexicon entries come first: "accuse" is Accuse, not a statement */
    e = nk_ontology_lookup(ont, "accuse", NULL, NULL);
    assert_non_null(e);
    assert_string_equal(e->cls->name, "Accuse");
    /* other classes have no entry: "search" (contact), "send" (motion),
     * "collect" (possession) stay generic; unknown verbs too */
    assert_null(nk_ontology_lookup(ont, "search", NULL, NULL));
    assert_null(nk_ontology_lookup(ont, "send", NULL, NULL));
    assert_null(nk_ontology_lookup(ont, "collect", NULL, NULL));
    assert_null(nk_ontology_lookup(ont, "xqzzy", NULL, NULL));
    /* the exact lookup never falls back */
    assert_null(nk_ontology_lookup_exact(ont, "whisper", NULL, NULL));
    nk_ontology_use_wordnet(ont, NULL);
    assert_null(nk_ontology_lookup(ont, "whisper", NULL, NULL));
    nk_ontology_free(ont);
    nk_wordnet_free(wn);

    /* a bad class name is an error naming the file */
    char dir[] = "/tmp/nk_onto_wn_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    write_file(dir, "wn.ttl",
               "@prefix nk: <https://w3id.org/newskg/ns#> .\n"
               "nk:x a nk:LexicalEntry ; nk:wordnetClass \"noun.person\" ;\n"
               "    nk:evokes nk:MakeStatement .\n",
               path, sizeof path);
    const char *extra[] = {path};
    captured cap = {{0}};
    nk_diag_sink sink = {capture, &cap, 0, 0};
    assert_int_equal(nk_ontology_load(&ont, extra, 1, &sink), NK_ERR_INVALID);
    assert_null(ont);
    assert_non_null(cap.text.data);
    assert_non_null(strstr(cap.text.data, "wordnetClass"));
    nk_buf_free(&cap.text);
    unlink(path);
    rmdir(dir);
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, lookup_many, shared), 0);
    for (int i = 0; i < 4; i++) {
        void *res = NULL;
        assert_int_equal(pthread_join(th[i], &res), 0);
        assert_int_equal((size_t)(uintptr_t)res,
                         50 * nk_ontology_lexicon_count(shared));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads),
        cmocka_unit_test(test_entries_point_at_declared_classes),
        cmocka_unit_test(test_labels_and_comments),
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_fixture_lemmas),
        cmocka_unit_test(test_override),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_wordnet_fallback),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup_shared, teardown_shared);
}
