/* The extraction spec: tests/spec/extraction.txt holds cases, each a text
 * and the facts expected from it, run by this one test (as cmark runs its
 * spec).  The format is described at the top of that file.  Every case is
 * run and every failure is reported (file:line, the expectation, and the
 * facts found) before the test fails. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#define SPEC_FILE "tests/spec/extraction.txt"

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

/* One expectation: "actor | lemma | target [| flag...]". */
typedef struct expect {
    unsigned line;
    bool absent;       /* "!>": no such fact */
    char actor[128], lemma[64], target[128];
    int negated;       /* -1: any */
    int modality;      /* -1: any */
    char per[128];     /* attributed to; "" any, "-" none */
    char of[128];      /* the actor's affiliation; "" any, "-" none */
    char kind[16];     /* the actor's kind: "name", "description"; "" any */
    char cls[64];      /* the action's ontology class ("PhoneCall"); "" any */
} expect;

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* Parse the fields after "=>" / "!>"; false on a malformed line. */
static bool parse_expect(char *body, expect *e)
{
    char *field[8];
    size_t n = 0;
    for (char *p = body; p && n < 8;) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        field[n++] = trim(p);
        p = bar ? bar + 1 : NULL;
    }
    if (n < 3)
        return false;
    copy(e->actor, sizeof e->actor, field[0]);
    copy(e->lemma, sizeof e->lemma, field[1]);
    copy(e->target, sizeof e->target, field[2]);
    e->negated = -1;
    e->modality = -1;
    e->per[0] = '\0';
    e->of[0] = '\0';
    e->kind[0] = '\0';
    e->cls[0] = '\0';
    for (size_t i = 3; i < n; i++) {
        if (strcmp(field[i], "not") == 0)
            e->negated = 1;
        else if (strcmp(field[i], "yes") == 0)
            e->negated = 0;
        else if (strncmp(field[i], "per ", 4) == 0)
            copy(e->per, sizeof e->per, trim(field[i] + 4));
        else if (strncmp(field[i], "of ", 3) == 0)
            copy(e->of, sizeof e->of, trim(field[i] + 3));
        else if (strcmp(field[i], "name") == 0 || strcmp(field[i], "description") == 0)
            copy(e->kind, sizeof e->kind, field[i]);
        else if (strncmp(field[i], "class ", 6) == 0)
            copy(e->cls, sizeof e->cls, trim(field[i] + 6));
        else if (nk_modality_parse(field[i]) >= 0)
            e->modality = nk_modality_parse(field[i]);
        else
            return false;
    }
    return true;
}

static bool label_is(const struct nk_entity_ref *ref, const char *want)
{
    if (strcmp(want, "*") == 0)
        return true;
    if (strcmp(want, "-") == 0)
        return ref == NULL;
    return ref && strcmp(ref->label, want) == 0;
}

static bool fact_matches(const nk_fact *f, const expect *e)
{
    if (!label_is(f->actor, e->actor) ||
        (strcmp(e->lemma, "*") != 0 && strcmp(f->lemma, e->lemma) != 0) ||
        !label_is(f->target, e->target))
        return false;
    if (e->negated >= 0 && f->negated != (e->negated == 1))
        return false;
    if (e->modality >= 0 && (int)f->modality != e->modality)
        return false;
    if (e->per[0] && !label_is(f->attributed_to, e->per))
        return false;
    if (e->of[0] && !(f->actor && label_is(f->actor->affiliation, e->of)))
        return false;
    if (e->kind[0] && !(f->actor && f->actor->kind == (strcmp(e->kind, "name") == 0
                                                            ? NK_ENTITY_NAME
                                                            : NK_ENTITY_DESCRIPTION)))
        return false;
    if (e->cls[0] && !(f->action_class && strcmp(f->action_class, e->cls) == 0))
        return false;
    return true;
}

static void print_facts(const nk_factset *set)
{
    for (size_t i = 0; i < set->count; i++) {
        const nk_fact *f = &set->facts[i];
        fprintf(stderr, "      found: %s | %s | %s%s | %s%s%s\n", f->actor ? f->actor->label : "-",
                f->lemma, f->target ? f->target->label : "-", f->negated ? " | not" : "",
                nk_modality_name(f->modality), f->attributed_to ? " | per " : "",
                f->attributed_to ? f->attributed_to->label : "");
    }
}

typedef struct spec_state {
    char text[4096];
    size_t tlen;
    unsigned text_line;
    expect ex[32];
    size_t nex;
    size_t cases, failed;
} spec_state;

/* Run the case collected so far (if any) and reset. */
static void run_case(spec_state *st)
{
    if (!st->tlen) {
        st->nex = 0;
        return;
    }
    st->cases++;
    nk_factset *set = NULL;
    nk_doc_meta meta = {"spec", NULL, NULL, NULL};
    assert_int_equal(nk_extract_text(RES, "spec.txt", st->text, st->tlen, &meta, &set, NULL, NULL),
                     NK_OK);
    bool bad = false;
    for (size_t i = 0; i < st->nex; i++) {
        const expect *e = &st->ex[i];
        bool found = false;
        for (size_t j = 0; j < set->count && !found; j++)
            found = fact_matches(&set->facts[j], e);
        if (found == e->absent) {
            fprintf(stderr, "%s:%u: %s: %s | %s | %s\n", SPEC_FILE, e->line,
                    e->absent ? "unexpected fact" : "missing fact", e->actor, e->lemma, e->target);
            bad = true;
        }
    }
    if (bad) {
        fprintf(stderr, "    text (line %u): %s", st->text_line, st->text);
        print_facts(set);
        st->failed++;
    }
    nk_factset_free(set);
    st->tlen = 0;
    st->text[0] = '\0';
    st->nex = 0;
}

static void test_spec(void **state)
{
    (void)state;
    FILE *fp = fopen(SPEC_FILE, "r");
    if (!fp)
        fail_msg("cannot open %s", SPEC_FILE);
    static spec_state st;
    memset(&st, 0, sizeof st);
    char line[2048];
    unsigned ln = 0;
    bool in_expect = false;
    while (fgets(line, sizeof line, fp)) {
        ln++;
        bool is_expect = strncmp(line, "=>", 2) == 0 || strncmp(line, "!>", 2) == 0;
        if (line[0] == '#' || (line[0] == '\n' && !is_expect)) {
            if (in_expect || line[0] == '\n')
                run_case(&st);
            in_expect = false;
            continue;
        }
        if (is_expect) {
            if (!st.tlen)
                fail_msg("%s:%u: an expectation without a text", SPEC_FILE, ln);
            if (st.nex == sizeof st.ex / sizeof *st.ex)
                fail_msg("%s:%u: too many expectations in one case", SPEC_FILE, ln);
            expect *e = &st.ex[st.nex++];
            memset(e, 0, sizeof *e);
            e->line = ln;
            e->absent = line[0] == '!';
            if (!parse_expect(line + 2, e))
                fail_msg("%s:%u: malformed expectation", SPEC_FILE, ln);
            in_expect = true;
            continue;
        }
        if (in_expect) /* a new text right after expectations: a new case */
            run_case(&st);
        in_expect = false;
        size_t n = strlen(line);
        if (st.tlen + n + 1 >= sizeof st.text)
            fail_msg("%s:%u: text too long", SPEC_FILE, ln);
        if (!st.tlen)
            st.text_line = ln;
        memcpy(st.text + st.tlen, line, n + 1);
        st.tlen += n;
    }
    run_case(&st);
    fclose(fp);
    fprintf(stderr, "spec: %zu cases, %zu failed\n", st.cases, st.failed);
    assert_true(st.cases > 0);
    if (st.failed)
        fail_msg("%zu of %zu spec cases failed", st.failed, st.cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
