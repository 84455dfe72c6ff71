/* Unit tests for diff.c: alignment of hand-built versions (a corrected
 * number, a changed actor, an added denial, a dropped sentence, rewording,
 * a moved paragraph), the writers, and applying the RDF Patch.  The facts
 * are built by hand, so these tests do not move when extraction does. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "facts_jsonl.h"
#include "graph.h"
#include "rdf.h"

/* ---- building versions ------------------------------------------------------ */

typedef struct spec {
    unsigned sentence;
    const char *actor, *actor_type;
    const char *lemma, *cls;
    const char *target, *target_type;
    bool negated;
    nk_modality modality;
    const char *time;
    const char *sentence_text;
} spec;

static nk_fact *add(nk_factset *s, const spec *p)
{
    nk_fact *f = nk_factset_add(s);
    f->doc = nk_factset_str(s, "story");
    f->sentence = p->sentence;
    f->span_begin = 100 * p->sentence;
    f->span_end = 100 * p->sentence + 20;
    if (p->actor)
        f->actor = nk_factset_entity(s, p->actor, p->actor_type, NULL, NULL);
    if (p->target)
        f->target = nk_factset_entity(s, p->target, p->target_type, NULL, NULL);
    f->lemma = nk_factset_str(s, p->lemma);
    f->action_class = nk_factset_str(s, p->cls);
    f->action_text = nk_factset_str(s, p->lemma);
    f->negated = p->negated;
    f->modality = p->modality;
    f->time = nk_factset_str(s, p->time);
    f->sentence_text = nk_factset_str(s, p->sentence_text);
    return f;
}

static nk_factset *version(const char *label, const spec *specs, size_t n)
{
    nk_factset *s = nk_factset_new();
    s->doc = nk_factset_str(s, "story");
    s->version = nk_factset_str(s, label);
    for (size_t i = 0; i < n; i++)
        add(s, &specs[i]);
    return s;
}

#define VERSION(label, arr) version(label, arr, sizeof arr / sizeof arr[0])

/* The first version of the story: one fact a sentence. */
static const spec V1[] = {
    {1, "Norvania", "Country", "expel", "Expel", "six Valdorian diplomats", "Group", false,
     NK_MOD_ASSERTED, "2024-09-12",
     "Norvania expelled six Valdorian diplomats on Thursday."},
    {2, "Federal Trade Commission", "Organization", "review", NULL, "merger", NULL, false,
     NK_MOD_PLANNED, NULL, "The Federal Trade Commission will review the merger."},
    {3, "Valdoria", "Country", "send", NULL, "troops", "Group", false, NK_MOD_ASSERTED, NULL,
     "Valdoria sent troops to the border."},
    {4, "Ilsa Marrow", "Person", "meet", "Meet", "Norvanian ambassador", "Person", false,
     NK_MOD_ASSERTED, NULL, "Foreign minister Ilsa Marrow met the Norvanian ambassador."},
    {5, "Valdoria", "Country", "condemn", "Disapprove", "expulsions", NULL, false,
     NK_MOD_ASSERTED, NULL, "Valdoria condemned the expulsions."},
    {6, "Norvania", "Country", "seize", "Seize", "fishing boat", NULL, false, NK_MOD_ASSERTED,
     NULL, "The Norvanian navy seized a fishing boat."},
};

static nk_diff *compute(const nk_factset *a, const nk_factset *b, const nk_diff_options *o)
{
    nk_diff *d = NULL;
    assert_int_equal(nk_diff_compute(&d, a, b, o, NULL), NK_OK);
    assert_non_null(d);
    /* every fact of both sides is accounted for */
    size_t seen_old = 0, seen_new = 0;
    for (size_t k = 0; k < d->count; k++) {
        if (d->changes[k].kind != NK_CHANGE_ADDED)
            seen_old++;
        if (d->changes[k].kind != NK_CHANGE_REMOVED)
            seen_new++;
    }
    assert_true(seen_old >= a->count);
    assert_true(seen_new >= b->count);
    return d;
}

static const nk_change *only_change(const nk_diff *d)
{
    const nk_change *found = NULL;
    for (size_t k = 0; k < d->count; k++)
        if (d->changes[k].kind != NK_CHANGE_UNCHANGED) {
            assert_null(found);
            found = &d->changes[k];
        }
    assert_non_null(found);
    return found;
}

/* ---- alignment ------------------------------------------------------------- */

static void test_same(void **state)
{
    (void)state;
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", V1);
    nk_diff *d = compute(a, b, NULL);
    assert_false(nk_diff_has_changes(d));
    assert_int_equal(d->unchanged, 6);
    assert_int_equal(d->count, 6);
    nk_buf out = {0};
    nk_diff_write_jsonl(d, &out);
    nk_diff_write_text(d, "a", "b", &out);
    assert_int_equal(out.len, 0);
    nk_buf_free(&out);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_corrected_number(void **state)
{
    (void)state;
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    v2[0].target = "seven Valdorian diplomats";
    v2[0].sentence_text = "Norvania expelled seven Valdorian diplomats on Thursday.";
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    const nk_change *c = only_change(d);
    assert_int_equal(c->kind, NK_CHANGE_CHANGED);
    assert_int_equal(c->fields, NK_DIFF_TARGET);
    assert_int_equal(c->old_index, 0);
    assert_int_equal(c->new_index, 0);
    assert_int_equal(d->changed, 1);

    nk_buf out = {0};
    nk_diff_write_text(d, "old.txt", "new.txt", &out);
    assert_non_null(strstr(out.data, "--- old.txt\n+++ new.txt\n~ Norvania expel seven"));
    assert_non_null(strstr(out.data, "  target: six Valdorian diplomats -> seven Valdorian diplomats\n"));
    assert_non_null(strstr(out.data, "  - Norvania expelled six"));
    assert_non_null(strstr(out.data, "  + Norvania expelled seven"));
    nk_buf_clear(&out);
    nk_diff_write_jsonl(d, &out);
    assert_non_null(strstr(out.data, "{\"change\": \"changed\", \"fact\": {"));
    assert_non_null(strstr(out.data, "\"old\": {"));
    assert_non_null(strstr(out.data, "\"fields\": [\"target\"], \"quantity\": {\"old\": 6, \"new\": 7, \"unit\": \"diplomats\"}}\n"));
    /* one line, and the fact parts read back as facts */
    assert_int_equal(strchr(out.data, '\n') - out.data + 1, (long)out.len);
    const char *fact = strstr(out.data, "\"fact\": ") + 8;
    const char *end = strstr(fact, ", \"old\": ");
    nk_factset *back = NULL;
    assert_int_equal(nk_facts_read_jsonl(&back, fact, (size_t)(end - fact), "x", NULL), NK_OK);
    assert_int_equal(back->count, 1);
    assert_string_equal(back->facts[0].target->label, "seven Valdorian diplomats");
    nk_factset_free(back);
    nk_buf_free(&out);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_changed_actor(void **state)
{
    (void)state;
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    v2[1].actor = "Department of Justice";
    v2[1].sentence_text = "The Department of Justice will review the merger.";
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    const nk_change *c = only_change(d);
    assert_int_equal(c->kind, NK_CHANGE_CHANGED);
    assert_int_equal(c->fields, NK_DIFF_ACTOR);
    assert_int_equal(c->old_index, 1);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_added_denial(void **state)
{
    (void)state;
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    v2[2].negated = true;
    v2[2].sentence_text = "Valdoria denied that it had sent troops to the border.";
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    const nk_change *c = only_change(d);
    assert_int_equal(c->kind, NK_CHANGE_CHANGED);
    assert_int_equal(c->fields, NK_DIFF_NEGATION);
    nk_buf out = {0};
    nk_diff_write_text(d, NULL, NULL, &out);
    assert_non_null(strstr(out.data, "~ Valdoria not send troops"));
    assert_non_null(strstr(out.data, "  negated: no -> yes\n"));
    nk_buf_free(&out);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_dropped_and_added(void **state)
{
    (void)state;
    /* sentence 4 dropped; a new last sentence with a new fact */
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    memmove(&v2[3], &v2[4], 2 * sizeof v2[0]);
    v2[3].sentence = 4;
    v2[4].sentence = 5;
    v2[5] = (spec){6, "Ilsa Marrow", "Person", "urge", "Appeal", "Norvania", "Country", false,
                   NK_MOD_ASSERTED, NULL, "Ilsa Marrow urged Norvania to return the boat."};
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    assert_int_equal(d->removed, 1);
    assert_int_equal(d->added, 1);
    assert_int_equal(d->changed, 0);
    assert_int_equal(d->unchanged, 5);
    /* reading order: the removed fact right after the fact before it */
    assert_int_equal(d->changes[3].kind, NK_CHANGE_REMOVED);
    assert_int_equal(d->changes[3].old_index, 3);
    assert_int_equal(d->changes[d->count - 1].kind, NK_CHANGE_ADDED);
    nk_buf out = {0};
    nk_diff_write_text(d, "a", "b", &out);
    assert_string_equal(out.data,
                        "--- a\n+++ b\n"
                        "- Ilsa Marrow meet Norvanian ambassador  (sentence 4)\n"
                        "  - Foreign minister Ilsa Marrow met the Norvanian ambassador.\n"
                        "+ Ilsa Marrow urge Norvania  (sentence 6)\n"
                        "  + Ilsa Marrow urged Norvania to return the boat.\n");
    nk_buf_free(&out);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_reworded_and_moved(void **state)
{
    (void)state;
    /* the last paragraph moved to the top, every sentence reworded */
    spec v2[6];
    v2[0] = V1[5];
    v2[0].sentence_text = "A fishing boat was seized by the Norvanian navy.";
    for (size_t i = 0; i < 5; i++) {
        v2[i + 1] = V1[i];
        v2[i + 1].sentence_text = "Reworded entirely.";
    }
    for (unsigned i = 0; i < 6; i++)
        v2[i].sentence = i + 1;
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    assert_false(nk_diff_has_changes(d));
    assert_int_equal(d->unchanged, 6);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_details(void **state)
{
    (void)state;
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    v2[0].time = "2024-09-13";
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    const nk_change *c = only_change(d);
    assert_int_equal(c->kind, NK_CHANGE_CHANGED);
    assert_int_equal(c->fields, NK_DIFF_TIME);
    nk_diff_free(d);
    nk_diff_options o = NK_DIFF_OPTIONS_INIT;
    o.ignore_details = true;
    d = compute(a, b, &o);
    assert_false(nk_diff_has_changes(d));
    nk_diff_free(d);
    nk_factset_free(b);

    /* a time one reading missed, or said at more length, is the same */
    v2[0].time = NULL;
    v2[1].time = "on Friday in Brussels";
    v2[2].time = "Friday";
    spec v1[6];
    memcpy(v1, V1, sizeof v1);
    v1[1].time = "On Friday";
    v1[2].time = "within two weeks";
    nk_factset *a2 = VERSION("v1", v1);
    b = VERSION("v2", v2);
    d = compute(a2, b, NULL);
    c = only_change(d);
    assert_int_equal(c->kind, NK_CHANGE_CHANGED);
    assert_int_equal(c->old_index, 2);
    assert_int_equal(c->fields, NK_DIFF_TIME);
    nk_diff_free(d);
    nk_factset_free(a2);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_two_arguments_are_not_a_change(void **state)
{
    (void)state;
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    v2[5].actor = "Valdoria";
    v2[5].target = "oil tanker";
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    assert_int_equal(d->removed, 1);
    assert_int_equal(d->added, 1);
    assert_int_equal(d->changed, 0);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_far_apart_not_paired(void **state)
{
    (void)state;
    /* same action, one argument different, but nothing else in common */
    const spec a1[] = {
        {1, "Norvania", "Country", "say", "MakeStatement", NULL, NULL, false, NK_MOD_ASSERTED,
         NULL, "Norvania said something."},
        {2, "Filler", NULL, "x", NULL, NULL, NULL, false, NK_MOD_ASSERTED, NULL, "One."},
        {3, "Filler", NULL, "y", NULL, NULL, NULL, false, NK_MOD_ASSERTED, NULL, "Two."},
        {4, "Filler", NULL, "z", NULL, NULL, NULL, false, NK_MOD_ASSERTED, NULL, "Three."},
    };
    spec b1[4];
    memcpy(b1, a1, sizeof b1);
    b1[0] = (spec){4, "Valdoria", "Country", "say", "MakeStatement", NULL, NULL, false,
                   NK_MOD_ASSERTED, NULL, "Later on, Valdoria spoke up."};
    b1[3].sentence = 1;
    nk_factset *a = VERSION("v1", a1), *b = VERSION("v2", b1);
    nk_diff *d = compute(a, b, NULL);
    assert_int_equal(d->removed, 1);
    assert_int_equal(d->added, 1);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_repeats(void **state)
{
    (void)state;
    /* the expulsion stated again in another sentence, and read twice in
     * sentence 4 */
    spec a1[8];
    memcpy(a1, V1, sizeof V1);
    a1[6] = V1[0];
    a1[6].sentence = 7;
    a1[6].sentence_text = "Six diplomats were expelled, Norvania said again.";
    a1[7] = V1[3];
    a1[7].lemma = "speak";
    a1[7].cls = "Meet";
    nk_factset *a = VERSION("v1", a1), *b = VERSION("v2", V1);
    nk_diff *d = compute(a, b, NULL);
    const nk_change *c = only_change(d);
    assert_int_equal(c->kind, NK_CHANGE_REMOVED);
    assert_int_equal(c->old_index, 6);
    assert_int_equal(d->count, 8);
    nk_diff_free(d);
    nk_diff_options o = NK_DIFF_OPTIONS_INIT;
    o.ignore_repeats = true;
    d = compute(a, b, &o);
    assert_false(nk_diff_has_changes(d));
    assert_int_equal(d->count, 8);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    nk_factset *a = VERSION("v1", V1);
    nk_diff *d = (nk_diff *)1;
    assert_int_equal(nk_diff_compute(&d, a, NULL, NULL, NULL), NK_ERR_INVALID);
    assert_null(d);
    nk_diff_options o = NK_DIFF_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(nk_diff_compute(&d, a, a, &o, NULL), NK_ERR_UNSUPPORTED);
    nk_factset_free(a);
    nk_diff_free(NULL);
    nk_diff_overlay_free(NULL);
    assert_false(nk_diff_has_changes(NULL));
    assert_string_equal(nk_change_kind_name(NK_CHANGE_CHANGED), "changed");
}

/* ---- RDF Patch --------------------------------------------------------------- */

typedef struct lineset {
    char **v;
    size_t n, cap;
} lineset;

static void ls_add(lineset *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = strndup(s, n);
}

static void ls_split(lineset *l, const char *text)
{
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            ls_add(l, p, n);
        p = nl ? nl + 1 : NULL;
    }
}

static void ls_free(lineset *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void canonical(const nk_factset *s, nk_buf *out)
{
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, s, NULL, NULL), NK_OK);
    assert_int_equal(nk_rdf_write(g, NK_RDF_NTRIPLES_CANONICAL, out, NULL), NK_OK);
    nk_graph_free(g);
}

/* A small RDF Patch applier: TX/TC framing, then D rows delete a present
 * line and A rows add an absent one; the result sorted is N-Triples. */
static void apply_patch(lineset *l, const char *patch)
{
    lineset rows = {0};
    ls_split(&rows, patch);
    if (rows.n == 0)
        return;
    assert_string_equal(rows.v[0], "TX .");
    assert_string_equal(rows.v[rows.n - 1], "TC .");
    for (size_t r = 1; r + 1 < rows.n; r++) {
        const char *row = rows.v[r];
        assert_true((row[0] == 'A' || row[0] == 'D') && row[1] == ' ');
        const char *triple = row + 2;
        size_t at = l->n;
        for (size_t i = 0; i < l->n; i++)
            if (strcmp(l->v[i], triple) == 0)
                at = i;
        if (row[0] == 'D') {
            assert_true(at < l->n); /* deletes only what is there */
            free(l->v[at]);
            l->v[at] = l->v[--l->n];
        } else {
            assert_true(at == l->n); /* adds only what is missing */
            ls_add(l, triple, strlen(triple));
        }
    }
    ls_free(&rows);
}

static void check_patch(const nk_factset *a, const nk_factset *b)
{
    nk_diff *d = compute(a, b, NULL);
    nk_buf patch = {0}, ta = {0}, tb = {0};
    assert_int_equal(nk_diff_write_rdfpatch(d, &patch, NULL), NK_OK);
    canonical(a, &ta);
    canonical(b, &tb);
    lineset l = {0};
    ls_split(&l, ta.data);
    apply_patch(&l, patch.data);
    qsort(l.v, l.n, sizeof *l.v, cmp_line);
    nk_buf got = {0};
    for (size_t i = 0; i < l.n; i++) {
        nk_buf_puts(&got, l.v[i]);
        nk_buf_putc(&got, '\n');
    }
    assert_string_equal(got.data ? got.data : "", tb.data ? tb.data : "");
    ls_free(&l);
    nk_buf_free(&got);
    nk_buf_free(&patch);
    nk_buf_free(&ta);
    nk_buf_free(&tb);
    nk_diff_free(d);
}

static void test_rdfpatch(void **state)
{
    (void)state;
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    v2[0].target = "seven Valdorian diplomats";
    v2[1].actor = "Department of Justice";
    v2[2].negated = true;
    v2[3] = V1[5];
    v2[4].time = "2024-09-14";
    v2[5] = (spec){7, "Ilsa Marrow", "Person", "urge", "Appeal", "Norvania", "Country", false,
                   NK_MOD_REQUESTED, NULL, "Ilsa Marrow urged Norvania \"to talk\"."};
    nk_factset *a = VERSION("v1", V1), *b = VERSION("v2", v2);
    check_patch(a, b);
    check_patch(b, a);
    /* the same version: no patch rows at all */
    nk_diff *d = compute(a, a, NULL);
    nk_buf patch = {0};
    assert_int_equal(nk_diff_write_rdfpatch(d, &patch, NULL), NK_OK);
    assert_int_equal(patch.len, 0);
    nk_buf_free(&patch);
    nk_diff_free(d);
    /* from and to an empty version */
    nk_factset *e = nk_factset_new();
    e->doc = nk_factset_str(e, "story");
    check_patch(e, b);
    check_patch(a, e);
    nk_factset_free(e);
    nk_factset_free(a);
    nk_factset_free(b);
}

/* ---- overlay ---------------------------------------------------------------- */

static nk_dot_status event_status_of(const nk_diff_overlay *ov, const char *lemma,
                                     const char *target)
{
    for (size_t e = 0; e < ov->graph->nevents; e++) {
        const nk_fact *f = ov->graph->events[e].fact;
        if (strcmp(f->lemma, lemma) == 0 &&
            (!target || (f->target && strcmp(f->target->label, target) == 0)))
            return ov->event_status[e];
    }
    fail_msg("no event %s", lemma);
    return NK_DOT_PLAIN;
}

static nk_dot_status entity_status_of(const nk_diff_overlay *ov, const char *label)
{
    for (size_t e = 0; e < ov->graph->nentities; e++)
        if (strcmp(ov->graph->entities[e].label, label) == 0)
            return ov->entity_status[e];
    fail_msg("no entity %s", label);
    return NK_DOT_PLAIN;
}

static void test_overlay(void **state)
{
    (void)state;
    spec v2[6];
    memcpy(v2, V1, sizeof v2);
    v2[0].target = "seven Valdorian diplomats";
    v2[3] = (spec){4, "Ilsa Marrow", "Person", "urge", "Appeal", "Norvania", "Country", false,
                   NK_MOD_ASSERTED, NULL, "Ilsa Marrow urged Norvania to talk."};
    v2[4].time = "2024-09-14";
    spec v1[6];
    memcpy(v1, V1, sizeof v1);
    v1[4].time = "2024-09-13";
    nk_factset *a = VERSION("v1", v1), *b = VERSION("v2", v2);
    nk_diff *d = compute(a, b, NULL);
    nk_diff_overlay *ov = NULL;
    assert_int_equal(nk_diff_overlay_build(&ov, d, "a -> b", NULL), NK_OK);
    assert_string_equal(ov->facts->title, "a -> b");
    assert_int_equal(ov->facts->count, 12);
    assert_int_equal(event_status_of(ov, "expel", "seven Valdorian diplomats"), NK_DOT_CHANGED);
    assert_int_equal(event_status_of(ov, "expel", "six Valdorian diplomats"), NK_DOT_REMOVED);
    assert_int_equal(event_status_of(ov, "urge", NULL), NK_DOT_ADDED);
    assert_int_equal(event_status_of(ov, "meet", NULL), NK_DOT_REMOVED);
    assert_int_equal(event_status_of(ov, "condemn", NULL), NK_DOT_CHANGED);
    assert_int_equal(event_status_of(ov, "seize", NULL), NK_DOT_UNCHANGED);
    assert_int_equal(entity_status_of(ov, "seven Valdorian diplomats"), NK_DOT_ADDED);
    assert_int_equal(entity_status_of(ov, "Norvanian ambassador"), NK_DOT_REMOVED);
    assert_int_equal(entity_status_of(ov, "Norvania"), NK_DOT_UNCHANGED);
    /* the DOT writer takes the statuses and draws a legend */
    nk_dot_options dopt = NK_DOT_OPTIONS_INIT;
    dopt.event_status = ov->event_status;
    dopt.entity_status = ov->entity_status;
    nk_buf dot = {0};
    assert_int_equal(nk_dot_write(ov->graph, &dopt, &dot, NULL), NK_OK);
    assert_non_null(strstr(dot.data, "digraph"));
    nk_buf_free(&dot);
    nk_diff_overlay_free(ov);
    nk_diff_free(d);
    nk_factset_free(a);
    nk_factset_free(b);
    nk_dot_shutdown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same),
        cmocka_unit_test(test_corrected_number),
        cmocka_unit_test(test_changed_actor),
        cmocka_unit_test(test_added_denial),
        cmocka_unit_test(test_dropped_and_added),
        cmocka_unit_test(test_reworded_and_moved),
        cmocka_unit_test(test_details),
        cmocka_unit_test(test_two_arguments_are_not_a_change),
        cmocka_unit_test(test_far_apart_not_paired),
        cmocka_unit_test(test_repeats),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_rdfpatch),
        cmocka_unit_test(test_overlay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
