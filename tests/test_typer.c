/* Tests of the name typer (typer.h): the shipped model on names written
 * for these tests, in sentences the committed tagger and parser analyse
 * (run from the repository root with NEWSKG_DATA=.); the model file's
 * round trip and its errors; the reader of GUM's entity layer and of
 * gazetteer names; deterministic training. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "typer.h"

#include "test_sink.h"

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

static nk_typer_context context(void)
{
    return (nk_typer_context){RES->wordnet, RES->gazetteer, RES->words};
}

/* The model's class for NAME (its words, as the tokenizer splits them) in
 * the one-sentence TEXT; the head is the name's token whose governor lies
 * outside it. */
static nk_typer_class type_in(const nk_typer *t, const char *text, const char *name,
                              double *margin)
{
    nk_doc *doc = nk_doc_new("t.txt", text, strlen(text));
    assert_int_equal(nk_pipeline_analyse(RES->pipeline, doc, NULL), NK_OK);
    assert_int_equal(doc->nsentences, 1);
    nk_tree tree;
    nk_tree_init(&tree, &doc->sentences[0], doc->arena);
    size_t nwords = 1;
    for (const char *p = name; *p; p++)
        nwords += *p == ' ';
    size_t first = NK_NONE_TOKEN;
    for (size_t i = 0; i + nwords <= tree.n && first == NK_NONE_TOKEN; i++) {
        const char *p = name;
        size_t k = 0;
        for (; k < nwords; k++) {
            const char *form = nk_tree_form(&tree, i + k);
            size_t len = strlen(form);
            if (strncmp(p, form, len) != 0 || (p[len] != ' ' && p[len] != '\0'))
                break;
            p += len + (p[len] == ' ');
        }
        if (k == nwords)
            first = i;
    }
    assert_true(first != NK_NONE_TOKEN);
    size_t last = first + nwords - 1, head = last;
    for (size_t i = first; i <= last; i++) {
        size_t h = nk_tree_head(&tree, i);
        if (h == NK_NONE_TOKEN || h < first || h > last) {
            head = i;
            break;
        }
    }
    nk_typer_context ctx = context();
    nk_typer_name nm = {&tree, first, last, head};
    nk_typer_class c = nk_typer_classify(t, &ctx, &nm, margin);
    nk_doc_free(doc);
    return c;
}

static void test_shipped_model(void **state)
{
    (void)state;
    const nk_typer *t = RES->typer;
    assert_non_null(t);
    assert_true(nk_typer_feature_count(t) > 1000);
    assert_true(nk_typer_threshold(t) >= 0);
    /* places the gazetteer lacks */
    assert_int_equal(type_in(t, "Farmers across Eastern Europe braced for another dry summer.",
                             "Eastern Europe", NULL),
                     NK_TYPER_LOCATION);
    assert_int_equal(type_in(t, "Heavy rain flooded villages in the Tarvel Valley overnight.",
                             "Tarvel Valley", NULL),
                     NK_TYPER_LOCATION);
    /* organisations by their words */
    assert_int_equal(type_in(t, "The Brennan Institute published the survey.",
                             "Brennan Institute", NULL),
                     NK_TYPER_ORGANIZATION);
    assert_int_equal(type_in(t, "The deal was approved by the Kestrel Valley School Board.",
                             "Kestrel Valley School Board", NULL),
                     NK_TYPER_ORGANIZATION);
    /* people by their role in the sentence */
    assert_int_equal(type_in(t, "Tomasz Wilkowski told reporters he would resign.",
                             "Tomasz Wilkowski", NULL),
                     NK_TYPER_PERSON);
    assert_int_equal(type_in(t, "\"We will rebuild,\" said Amara Okonjo, who has run the farm since 1998.",
                             "Amara Okonjo", NULL),
                     NK_TYPER_PERSON);
    assert_int_equal(type_in(t, "Police searched the Grandview Hotel.", "Grandview Hotel", NULL),
                     NK_TYPER_LOCATION);
    /* not an actor: a treaty */
    assert_int_equal(type_in(t, "The Velmar Accord was signed in 1998.", "Velmar Accord", NULL),
                     NK_TYPER_OTHER);
}

static void test_class_names(void **state)
{
    (void)state;
    assert_string_equal(nk_typer_class_name(NK_TYPER_PERSON), "Person");
    assert_string_equal(nk_typer_class_name(NK_TYPER_LOCATION), "Location");
    assert_null(nk_typer_class_name(NK_TYPER_NCLASSES));
    nk_typer_free(NULL);
    nk_typer_corpus_free(NULL);
    assert_int_equal(nk_typer_classify(NULL, NULL, NULL, NULL), NK_TYPER_OTHER);
}

static char *temp_path(const char *suffix)
{
    char *p = malloc(64);
    snprintf(p, 64, "/tmp/nk_typer_%ld_%s", (long)getpid(), suffix);
    return p;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static char *read_all(const char *path, size_t *len)
{
    char *data = NULL;
    assert_int_equal(nk_file_read(path, &data, len, NULL), NK_OK);
    return data;
}

static void test_round_trip_and_errors(void **state)
{
    (void)state;
    char *a = temp_path("a.bin"), *b = temp_path("b.bin");
    assert_int_equal(nk_typer_save(RES->typer, a, NULL), NK_OK);
    nk_typer *t = NULL;
    assert_int_equal(nk_typer_load(&t, a, NULL), NK_OK);
    assert_int_equal(nk_typer_feature_count(t), nk_typer_feature_count(RES->typer));
    assert_true(nk_typer_threshold(t) == nk_typer_threshold(RES->typer));
    assert_int_equal(nk_typer_save(t, b, NULL), NK_OK);
    size_t la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    double m1, m2;
    assert_int_equal(type_in(t, "Tomasz Wilkowski told reporters he would resign.", "Tomasz Wilkowski", &m1),
                     type_in(RES->typer, "Tomasz Wilkowski told reporters he would resign.",
                             "Tomasz Wilkowski", &m2));
    assert_true(m1 == m2);
    nk_typer_free(t);

    /* truncated, bad magic, missing: clear errors naming the file */
    seen s = {0};
    nk_diag_sink sink = {record, &s, 0, 0};
    write_file(b, da, la - 3);
    t = (nk_typer *)1;
    assert_int_equal(nk_typer_load(&t, b, &sink), NK_ERR_PARSE);
    assert_null(t);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.file, b);
    write_file(b, "NKTAGGER", 8);
    assert_int_equal(nk_typer_load(&t, b, &sink), NK_ERR_PARSE);
    assert_int_equal(s.errors, 2);
    unlink(b);
    assert_true(nk_typer_load(&t, b, &sink) < 0);
    assert_null(t);
    assert_int_equal(s.errors, 3);
    unlink(a);
    free(da);
    free(db);
    free(a);
    free(b);
}

/* Two sentences of GUM-style CoNLL-U: a person named twice (the second
 * mention is not a first mention), a place, an organisation nested in a
 * wider mention, and a common noun mention (no example). */
static const char GUM[] =
    "# newdoc id = t\n"
    "# sent_id = t-1\n"
    "# text = Mara Quill visited Lake Dorn for Velto Corp\n"
    "1\tMara\tMara\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(1-person-new-x-cf1-2-coref\n"
    "2\tQuill\tQuill\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)\n"
    "3\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\tLake\tLake\tPROPN\tNNP\t_\t3\tobj\t_\tEntity=(2-place-new-x-cf2-1-sgl\n"
    "5\tDorn\tDorn\tPROPN\tNNP\t_\t4\tflat\t_\tEntity=2)\n"
    "6\tfor\tfor\tADP\tIN\t_\t8\tcase\t_\t_\n"
    "7\tVelto\tVelto\tPROPN\tNNP\t_\t8\tcompound\t_\tEntity=(3-abstract-new-x-cf3-2-sgl(4-organization-new-x-cf4-2-sgl\n"
    "8\tCorp\tCorp\tPROPN\tNNP\t_\t3\tobl\t_\tEntity=4)3)\n"
    "\n"
    "# sent_id = t-2\n"
    "# text = Quill left the town\n"
    "1\tQuill\tQuill\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-x-cf1-1-coref)\n"
    "2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\tEntity=(5-place-new-x-cf5-2-sgl\n"
    "4\ttown\ttown\tNOUN\tNN\t_\t2\tobj\t_\tEntity=5)\n"
    "\n";

static void test_gum_reader(void **state)
{
    (void)state;
    char *path = temp_path("gum.conllu");
    write_file(path, GUM, sizeof GUM - 1);
    nk_typer_corpus *c = nk_typer_corpus_new();
    assert_int_equal(nk_typer_corpus_add(c, path, NULL), NK_OK);
    size_t n;
    const nk_typer_example *ex = nk_typer_corpus_examples(c, &n);
    assert_int_equal(n, 4);
    /* Mara Quill */
    assert_int_equal(ex[0].name.first, 0);
    assert_int_equal(ex[0].name.last, 1);
    assert_int_equal(ex[0].name.head, 0);
    assert_int_equal(ex[0].gold, NK_TYPER_PERSON);
    assert_true(ex[0].first);
    /* Lake Dorn */
    assert_int_equal(ex[1].name.first, 3);
    assert_int_equal(ex[1].name.last, 4);
    assert_int_equal(ex[1].gold, NK_TYPER_LOCATION);
    /* Velto Corp: the narrower mention (organization) decides */
    assert_int_equal(ex[2].name.first, 6);
    assert_int_equal(ex[2].name.last, 7);
    assert_int_equal(ex[2].name.head, 7);
    assert_int_equal(ex[2].gold, NK_TYPER_ORGANIZATION);
    /* Quill again: a later mention */
    assert_int_equal(ex[3].sent, 1);
    assert_int_equal(ex[3].gold, NK_TYPER_PERSON);
    assert_false(ex[3].first);
    assert_int_equal(nk_typer_corpus_files(c), 1);
    assert_int_equal(nk_typer_corpus_sentences(c, 0), 2);
    assert_non_null(nk_typer_corpus_tree(c, 0, 1));
    assert_null(nk_typer_corpus_tree(c, 0, 2));

    /* re-parsed by the installed models: GUM's mentions on predicted trees */
    nk_typer_corpus *rc = nk_typer_corpus_new();
    nk_typer_corpus_reparse(rc, RES->pipeline);
    assert_int_equal(nk_typer_corpus_add(rc, path, NULL), NK_OK);
    size_t nr;
    const nk_typer_example *rex = nk_typer_corpus_examples(rc, &nr);
    assert_true(nr >= 1);
    assert_int_equal(rex[0].name.first, 0);
    assert_int_equal(rex[0].gold, NK_TYPER_PERSON);
    const nk_tree *pt = nk_typer_corpus_tree(rc, 0, 0);
    assert_int_equal(pt->n, 8);
    assert_true(nk_tree_head(pt, 2) == NK_NONE_TOKEN); /* "visited" is the root */
    nk_typer_corpus_free(rc);

    /* gazetteer names: by their words alone */
    char *tsv = temp_path("names.tsv");
    const char names[] = "# comment\n"
                         "Velmora\tVelmora\tCountry\tname\tQ1\tVelmora\n"
                         "Velmorans\tVelmora\tCountry\tdemonym\t\tVelmora\n"
                         "Port Arlen\tPort Arlen\tLocation\tcity\t\tVelmora\n"
                         "Arlen Shipping Line\tArlen Shipping Line\tOrganization\torg\t\tVelmora\n"
                         "Ida Brekke\tIda Brekke\tPerson\tname\t\tVelmora\n"
                         "Red Hand\tRed Hand\tGroup\tname\t\tVelmora\n";
    write_file(tsv, names, sizeof names - 1);
    assert_int_equal(nk_typer_corpus_add_names(c, tsv, NULL), NK_OK);
    ex = nk_typer_corpus_examples(c, &n);
    assert_int_equal(n, 8);
    assert_int_equal(ex[4].gold, NK_TYPER_LOCATION);
    assert_int_equal(ex[5].gold, NK_TYPER_LOCATION);
    assert_int_equal(ex[6].gold, NK_TYPER_ORGANIZATION);
    assert_int_equal(ex[6].name.last, 2);
    assert_int_equal(ex[7].gold, NK_TYPER_PERSON);
    assert_int_equal(ex[7].name.head, NK_NONE_TOKEN);

    /* deterministic training; the model learns its examples */
    nk_typer_context ctx = context();
    nk_typer_train_options o = NK_TYPER_TRAIN_OPTIONS_INIT;
    nk_typer *t1 = NULL, *t2 = NULL;
    assert_int_equal(nk_typer_train(&t1, &ctx, ex, n, NULL, 0, &o), NK_OK);
    assert_int_equal(nk_typer_train(&t2, &ctx, ex, n, NULL, 0, &o), NK_OK);
    char *p1 = temp_path("t1.bin"), *p2 = temp_path("t2.bin");
    assert_int_equal(nk_typer_save(t1, p1, NULL), NK_OK);
    assert_int_equal(nk_typer_save(t2, p2, NULL), NK_OK);
    size_t l1, l2;
    char *d1 = read_all(p1, &l1), *d2 = read_all(p2, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(d1, d2, l1);
    for (size_t i = 0; i < n; i++)
        if (ex[i].first)
            assert_int_equal(nk_typer_classify(t1, &ctx, &ex[i].name, NULL), ex[i].gold);
    nk_typer_free(t1);
    nk_typer_free(t2);
    /* no first mentions: nothing to learn */
    assert_int_equal(nk_typer_train(&t2, &ctx, &ex[3], 1, NULL, 0, &o), NK_ERR_INVALID);
    assert_null(t2);
    unlink(p1);
    unlink(p2);
    free(d1);
    free(d2);
    free(p1);
    free(p2);

    /* malformed: a mention without a type, a short gazetteer line */
    seen s = {0};
    nk_diag_sink sink = {record, &s, 0, 0};
    const char bad[] = "1\tX\tX\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(7)\n\n";
    write_file(path, bad, sizeof bad - 1);
    assert_int_equal(nk_typer_corpus_add(c, path, &sink), NK_ERR_PARSE);
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.line, 1);
    write_file(tsv, "Velmora\tVelmora\n", 16);
    assert_int_equal(nk_typer_corpus_add_names(c, tsv, &sink), NK_ERR_PARSE);
    assert_int_equal(s.errors, 2);
    assert_string_equal(s.file, tsv);
    unlink(tsv);
    unlink(path);
    free(tsv);
    free(path);
    nk_typer_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_model),
        cmocka_unit_test(test_class_names),
        cmocka_unit_test(test_round_trip_and_errors),
        cmocka_unit_test(test_gum_reader),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
