/* Unit tests for tree.c: the mends of a speaker that closes the sentence
 * ("..., officials said"), on trees written as the parser misreads them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "conllu.h"
#include "tree.h"

/* "Russia expelled six diplomats, officials said." with "officials" a
 * conjunct of "diplomats" and "said" a parataxis without a subject. */
static const char no_subject[] =
    "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    "2\texpelled\texpel\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tsix\tsix\tNUM\tCD\t_\t4\tnummod\t_\t_\n"
    "4\tdiplomats\tdiplomat\tNOUN\tNNS\t_\t2\tobj\t_\tSpaceAfter=No\n"
    "5\t,\t,\tPUNCT\t,\t_\t6\tpunct\t_\t_\n"
    "6\tofficials\tofficial\tNOUN\tNNS\t_\t4\tconj\t_\t_\n"
    "7\tsaid\tsay\tVERB\tVBD\t_\t2\tparataxis\t_\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

/* "Police arrested three men in Leeds, a spokesman said." with "men" a
 * first subject of "said". */
static const char two_subjects[] =
    "1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tarrested\tarrest\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthree\tthree\tNUM\tCD\t_\t4\tnummod\t_\t_\n"
    "4\tmen\tman\tNOUN\tNNS\t_\t10\tnsubj\t_\t_\n"
    "5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_\n"
    "6\tLeeds\tLeeds\tPROPN\tNNP\t_\t4\tnmod\t_\tSpaceAfter=No\n"
    "7\t,\t,\tPUNCT\t,\t_\t10\tpunct\t_\t_\n"
    "8\ta\ta\tDET\tDT\t_\t9\tdet\t_\t_\n"
    "9\tspokesman\tspokesman\tNOUN\tNN\t_\t10\tnsubj\t_\t_\n"
    "10\tsaid\tsay\tVERB\tVBD\t_\t2\tparataxis\t_\tSpaceAfter=No\n"
    "11\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

/* "The bank held rates on Wednesday, and Chair Anna Berg said it would
 * wait." with the name an apposition of "Wednesday" and "said" a
 * conjunct without a subject. */
static const char conjunct_subject[] =
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tbank\tbank\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\theld\thold\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\trates\trate\tNOUN\tNNS\t_\t3\tobj\t_\t_\n"
    "5\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_\n"
    "6\tWednesday\tWednesday\tPROPN\tNNP\t_\t3\tobl\t_\tSpaceAfter=No\n"
    "7\t,\t,\tPUNCT\t,\t_\t10\tpunct\t_\t_\n"
    "8\tand\tand\tCCONJ\tCC\t_\t9\tcc\t_\t_\n"
    "9\tChair\tChair\tPROPN\tNNP\t_\t10\tcompound\t_\t_\n"
    "10\tAnna\tAnna\tPROPN\tNNP\t_\t6\tappos\t_\t_\n"
    "11\tBerg\tBerg\tPROPN\tNNP\t_\t10\tflat\t_\t_\n"
    "12\tsaid\tsay\tVERB\tVBD\t_\t3\tconj\t_\t_\n"
    "13\tit\tit\tPRON\tPRP\t_\t15\tnsubj\t_\t_\n"
    "14\twould\twould\tAUX\tMD\t_\t15\taux\t_\t_\n"
    "15\twait\twait\tVERB\tVB\t_\t12\tccomp\t_\tSpaceAfter=No\n"
    "16\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

typedef struct fixture {
    nk_doc *doc;
    nk_arena *arena;
    nk_wordlists *words;
    nk_tree tree;
} fixture;

static void load(fixture *f, const char *conllu)
{
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    assert_int_equal(nk_conllu_read(&f->doc, "tree-test", conllu, strlen(conllu), &sink), NK_OK);
    assert_int_equal(nk_wordlists_load(&f->words, NULL, 0, &sink), NK_OK);
    f->arena = nk_arena_new();
    nk_tree_init(&f->tree, &f->doc->sentences[0], f->arena);
}

static void unload(fixture *f)
{
    nk_arena_free(f->arena);
    nk_wordlists_free(f->words);
    nk_doc_free(f->doc);
}

static void test_walks(void **state)
{
    (void)state;
    fixture f;
    load(&f, two_subjects);
    const nk_tree *t = &f.tree;
    assert_true(nk_tree_descends(t, 5, 3));  /* Leeds under men */
    assert_true(nk_tree_descends(t, 3, 3));  /* a token descends from itself */
    assert_false(nk_tree_descends(t, 1, 9)); /* the root under said: no */
    assert_true(nk_tree_after_comma(t, 8));  /* "a spokesman" after the comma */
    assert_false(nk_tree_after_comma(t, 3));
    assert_int_equal(nk_tree_trailing_subject(t, 9, 0), 8);
    assert_int_equal(nk_tree_trailing_subject(t, 9, 8), NK_NONE_TOKEN); /* none after "spokesman" */
    assert_true(nk_tree_closes_sentence(t, 9));
    assert_false(nk_tree_closes_sentence(t, 3)); /* "said" follows "men" and is not under it */
    unload(&f);
}

static void test_speaker_without_subject(void **state)
{
    (void)state;
    fixture f;
    load(&f, no_subject);
    nk_tree_mend_trailing_speaker(&f.tree, f.words);
    assert_int_equal(nk_tree_child(&f.tree, 6, NK_DEP_NSUBJ), 5); /* officials said */
    assert_int_equal(f.tree.hd[5], 6);
    assert_int_equal(nk_tree_child(&f.tree, 3, NK_DEP_CONJ), NK_NONE_TOKEN);
    unload(&f);
}

static void test_first_subject_is_object(void **state)
{
    (void)state;
    fixture f;
    load(&f, two_subjects);
    nk_tree_mend_trailing_speaker(&f.tree, f.words);
    assert_int_equal(nk_tree_child(&f.tree, 1, NK_DEP_OBJ), 3);       /* arrested ... men */
    assert_int_equal(nk_tree_child(&f.tree, 9, NK_DEP_NSUBJ), 8);     /* spokesman said */
    assert_int_equal(f.tree.hd[5], 3);                                /* Leeds stays with men */
    unload(&f);
}

static void test_no_speech_verb(void **state)
{
    (void)state;
    fixture f;
    load(&f, no_subject);
    /* without the word lists "said" is no speech verb: nothing changes */
    nk_tree_mend_trailing_speaker(&f.tree, NULL);
    assert_int_equal(f.tree.hd[5], 3);
    assert_int_equal(nk_tree_child(&f.tree, 6, NK_DEP_NSUBJ), NK_NONE_TOKEN);
    unload(&f);
}

static void test_conjunct_subject(void **state)
{
    (void)state;
    fixture f;
    load(&f, conjunct_subject);
    nk_tree_mend_tags(&f.tree, f.words, NULL);
    assert_int_equal(nk_tree_child(&f.tree, 11, NK_DEP_NSUBJ), 9); /* Anna Berg said */
    assert_int_equal(nk_tree_child(&f.tree, 11, NK_DEP_CC), 7);    /* and said */
    assert_int_equal(f.tree.hd[10], 9);                            /* Berg stays with Anna */
    assert_int_equal(nk_tree_child(&f.tree, 5, NK_DEP_APPOS), NK_NONE_TOKEN);
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walks),
        cmocka_unit_test(test_speaker_without_subject),
        cmocka_unit_test(test_first_subject_is_object),
        cmocka_unit_test(test_no_speech_verb),
        cmocka_unit_test(test_conjunct_subject),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
