/* Every RDF output of the golden tests and of `make demo` passes the SHACL
 * shapes of ontology/shapes.ttl, and every rdfs:domain and rdfs:range of
 * ontology/newskg.ttl holds for it.  No SHACL engine ships with Debian 12:
 * this checker reads the shapes (the SHACL Core constraints they use:
 * sh:targetClass, sh:path with one IRI, sh:minCount, sh:maxCount,
 * sh:datatype, sh:class, sh:in, sh:nodeKind sh:IRI), fetches the data each
 * constraint is about with SPARQL queries run through rasqal, and counts
 * violations.  Class membership follows rdfs:subClassOf in the ontology
 * (SHACL's instance-of, with the ontology as the shapes' vocabulary). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <redland.h>

#include "facts_jsonl.h"
#include "graph.h"
#include "rdf.h"

#define SH "http://www.w3.org/ns/shacl#"
#define XSD_STRING NK_XSD_NS "string"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    /* rasqal's queries through librdf lose rowsources and terms */
    return "leak:librasqal.so\nleak:rasqal_xsd_init\nleak:raptor_concepts_init\n";
}

static librdf_world *world;

static int quiet_logger(void *user, librdf_log_message *msg)
{
    (void)user;
    (void)msg;
    return 1;
}

static librdf_model *load(const char *text, size_t len, const char *syntax)
{
    librdf_storage *st = librdf_new_storage(world, "hashes", NULL, "hash-type='memory'");
    librdf_model *m = librdf_new_model(world, st, NULL);
    librdf_parser *p = librdf_new_parser(world, syntax, NULL, NULL);
    librdf_uri *base = librdf_new_uri(world, (const unsigned char *)"file:///newskg-shapes");
    assert_int_equal(librdf_parser_parse_counted_string_into_model(
                         p, (const unsigned char *)text, len, base, m), 0);
    librdf_free_uri(base);
    librdf_free_parser(p);
    /* the storage goes with the model: librdf_free_model does not free it */
    return m;
}

static void unload(librdf_model *m)
{
    librdf_storage *st = librdf_model_get_storage(m);
    librdf_free_model(m);
    librdf_free_storage(st);
}

static librdf_model *load_file(const char *path, const char *syntax)
{
    char *text = NULL;
    size_t len = 0;
    char *found = nk_data_find(path);
    assert_non_null(found);
    assert_int_equal(nk_file_read(found, &text, &len, NULL), NK_OK);
    librdf_model *m = load(text, len, syntax);
    free(text);
    free(found);
    return m;
}

/* ---- rows of a query ---------------------------------------------------------- */

#define NCOLS 4

typedef struct row {
    char *v[NCOLS];       /* the bindings as strings ("" when unbound,
                             "_:id" for a blank node) */
    bool literal[NCOLS];
    char *dt[NCOLS];      /* literal datatype IRI, or NULL */
} row;

typedef struct rows {
    row *r;
    size_t n, cap;
} rows;

static void rows_free(rows *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        for (int k = 0; k < NCOLS; k++) {
            free(rs->r[i].v[k]);
            free(rs->r[i].dt[k]);
        }
    free(rs->r);
    memset(rs, 0, sizeof *rs);
}

static void run_query(librdf_model *m, const char *q, rows *out)
{
    memset(out, 0, sizeof *out);
    librdf_query *query = librdf_new_query(world, "sparql", NULL, (const unsigned char *)q, NULL);
    assert_non_null(query);
    librdf_query_results *res = librdf_model_query_execute(m, query);
    assert_non_null(res);
    while (!librdf_query_results_finished(res)) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->r = realloc(out->r, out->cap * sizeof *out->r);
        }
        row *r = &out->r[out->n++];
        memset(r, 0, sizeof *r);
        int count = librdf_query_results_get_bindings_count(res);
        for (int i = 0; i < count && i < NCOLS; i++) {
            librdf_node *v = librdf_query_results_get_binding_value(res, i);
            const char *s = "";
            char blank[256];
            if (v && librdf_node_is_blank(v)) {
                snprintf(blank, sizeof blank, "_:%s",
                         (const char *)librdf_node_get_blank_identifier(v));
                s = blank;
            } else if (v && librdf_node_is_resource(v)) {
                s = (const char *)librdf_uri_as_string(librdf_node_get_uri(v));
            } else if (v && librdf_node_is_literal(v)) {
                s = (const char *)librdf_node_get_literal_value(v);
                r->literal[i] = true;
                librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(v);
                r->dt[i] = nk_xstrdup(dt ? (const char *)librdf_uri_as_string(dt) : XSD_STRING);
            }
            r->v[i] = nk_xstrdup(s);
            if (v)
                librdf_free_node(v);
        }
        for (int i = count < 0 ? 0 : count; i < NCOLS; i++)
            r->v[i] = nk_xstrdup("");
        librdf_query_results_next(res);
    }
    librdf_free_query_results(res);
    librdf_free_query(query);
}

/* ---- classes -------------------------------------------------------------------- */

typedef struct vocab {
    rows sub;     /* (subclass, superclass) pairs of the ontology */
} vocab;

/* True when class C is D or a subclass of it (transitively). */
static bool subclass_of(const vocab *o, const char *c, const char *d, int depth)
{
    if (strcmp(c, d) == 0)
        return true;
    if (depth > 20)
        return false;
    for (size_t i = 0; i < o->sub.n; i++)
        if (strcmp(o->sub.r[i].v[0], c) == 0 && subclass_of(o, o->sub.r[i].v[1], d, depth + 1))
            return true;
    return false;
}

/* The data's types: (node, class) rows, sorted by node. */
static int cmp_row0(const void *a, const void *b)
{
    return strcmp(((const row *)a)->v[0], ((const row *)b)->v[0]);
}

static bool instance_of(const vocab *o, const rows *types, const char *node, const char *cls)
{
    row key;
    memset(&key, 0, sizeof key);
    key.v[0] = (char *)node;
    row *hit = bsearch(&key, types->r, types->n, sizeof *types->r, cmp_row0);
    if (!hit)
        return false;
    while (hit > types->r && strcmp(hit[-1].v[0], node) == 0)
        hit--;
    for (; hit < types->r + types->n && strcmp(hit->v[0], node) == 0; hit++)
        if (subclass_of(o, hit->v[1], cls, 0))
            return true;
    return false;
}

/* ---- the checks -------------------------------------------------------------------- */

typedef struct report {
    const char *file;
    size_t violations;
    nk_buf text;
} report;

static void violation(report *rep, const char *fmt, ...) NK_PRINTF(2, 3);

static void violation(report *rep, const char *fmt, ...)
{
    if (++rep->violations > 30)
        return;
    va_list ap;
    va_start(ap, fmt);
    nk_buf_printf(&rep->text, "%s: ", rep->file);
    nk_buf_vprintf(&rep->text, fmt, ap);
    nk_buf_putc(&rep->text, '\n');
    va_end(ap);
}

/* The (subject, object) pairs of PATH in DATA. */
static void pairs_of(librdf_model *data, const char *path, rows *out)
{
    nk_buf q = {0};
    nk_buf_printf(&q, "SELECT ?x ?v WHERE { ?x <%s> ?v }", path);
    run_query(data, q.data, out);
    nk_buf_free(&q);
}

/* One rdfs:domain or rdfs:range statement of the ontology. */
static void check_domain_range(const vocab *o, librdf_model *data, const rows *types,
                               const char *prop, const char *cls, bool range, report *rep)
{
    rows ps;
    pairs_of(data, prop, &ps);
    bool datatype = strncmp(cls, NK_XSD_NS, strlen(NK_XSD_NS)) == 0;
    for (size_t i = 0; i < ps.n; i++) {
        const row *r = &ps.r[i];
        if (!range) {
            if (!instance_of(o, types, r->v[0], cls))
                violation(rep, "%s is the subject of <%s> but no <%s> (rdfs:domain)", r->v[0],
                          prop, cls);
        } else if (datatype) {
            if (!r->literal[1] || strcmp(r->dt[1], cls) != 0)
                violation(rep, "<%s> of %s is \"%s\", not a <%s> (rdfs:range)", prop, r->v[0],
                          r->v[1], cls);
        } else if (r->literal[1] || !instance_of(o, types, r->v[1], cls)) {
            violation(rep, "<%s> of %s is %s, no <%s> (rdfs:range)", prop, r->v[0], r->v[1], cls);
        }
    }
    rows_free(&ps);
}

/* One property shape PS of a node shape targeting class TARGET; SHAPES
 * holds (target, shape, key, value) rows, CELLS (cell, first, rest) rows of
 * the RDF lists. */
static void check_property(const vocab *o, const rows *shapes, const rows *cells,
                           librdf_model *data, const rows *types, const char *target,
                           const char *ps_node, report *rep)
{
    const char *path = NULL, *dt = NULL, *cls = NULL, *kind = NULL, *list = NULL;
    long min = -1, max = -1;
    for (size_t i = 0; i < shapes->n; i++) {
        if (strcmp(shapes->r[i].v[1], ps_node) != 0)
            continue;
        const char *k = shapes->r[i].v[2], *v = shapes->r[i].v[3];
        if (strcmp(k, SH "path") == 0)
            path = v;
        else if (strcmp(k, SH "datatype") == 0)
            dt = v;
        else if (strcmp(k, SH "class") == 0)
            cls = v;
        else if (strcmp(k, SH "nodeKind") == 0)
            kind = v;
        else if (strcmp(k, SH "in") == 0)
            list = v;
        else if (strcmp(k, SH "minCount") == 0)
            min = strtol(v, NULL, 10);
        else if (strcmp(k, SH "maxCount") == 0)
            max = strtol(v, NULL, 10);
    }
    assert_non_null(path);
    /* sh:in: the members of the list, cell by cell */
    const char *members[32];
    size_t nmembers = 0;
    for (const char *cur = list; cur && nmembers < 32 && strcmp(cur, NK_RDF_NS "nil") != 0;) {
        const char *next = NULL;
        for (size_t i = 0; i < cells->n; i++)
            if (strcmp(cells->r[i].v[0], cur) == 0) {
                members[nmembers++] = cells->r[i].v[1];
                next = cells->r[i].v[2];
                break;
            }
        cur = next;
    }
    rows ps;
    pairs_of(data, path, &ps);
    /* value checks */
    for (size_t i = 0; i < ps.n; i++) {
        const row *r = &ps.r[i];
        if (!instance_of(o, types, r->v[0], target))
            continue;
        if (dt && (!r->literal[1] || strcmp(r->dt[1], dt) != 0))
            violation(rep, "<%s> of %s is \"%s\", not a <%s> (sh:datatype)", path, r->v[0],
                      r->v[1], dt);
        if (cls && (r->literal[1] || !instance_of(o, types, r->v[1], cls)))
            violation(rep, "<%s> of %s is %s, no <%s> (sh:class)", path, r->v[0], r->v[1], cls);
        if (kind && strcmp(kind, SH "IRI") == 0 && r->literal[1])
            violation(rep, "<%s> of %s is a literal, not an IRI (sh:nodeKind)", path, r->v[0]);
        if (list) {
            bool in = false;
            for (size_t k = 0; k < nmembers && !in; k++)
                in = strcmp(members[k], r->v[1]) == 0;
            if (!in)
                violation(rep, "<%s> of %s is \"%s\", not one of sh:in", path, r->v[0], r->v[1]);
        }
    }
    /* counts, per focus node of the target class */
    if (min >= 0 || max >= 0) {
        for (size_t t = 0; t < types->n; t++) {
            const char *node = types->r[t].v[0];
            if (t > 0 && strcmp(types->r[t - 1].v[0], node) == 0)
                continue;
            if (!instance_of(o, types, node, target))
                continue;
            long n = 0;
            for (size_t i = 0; i < ps.n; i++)
                n += strcmp(ps.r[i].v[0], node) == 0;
            if (min >= 0 && n < min)
                violation(rep, "%s has %ld <%s>, fewer than %ld (sh:minCount)", node, n, path, min);
            if (max >= 0 && n > max)
                violation(rep, "%s has %ld <%s>, more than %ld (sh:maxCount)", node, n, path, max);
        }
    }
    rows_free(&ps);
}

/* Check DATA (RDF text of SYNTAX, named NAME) against the shapes and the
 * ontology's domains and ranges; returns the number of violations and
 * appends them to MSGS. */
static size_t check(const char *name, const char *text, size_t len, const char *syntax,
                    nk_buf *msgs)
{
    librdf_model *onto = load_file("ontology/newskg.ttl", "turtle");
    librdf_model *shapes = load_file("ontology/shapes.ttl", "turtle");
    librdf_model *data = load(text, len, syntax);
    vocab o;
    run_query(onto, "SELECT ?c ?d WHERE { ?c <" NK_RDFS_NS "subClassOf> ?d }", &o.sub);
    rows types;
    run_query(data, "SELECT ?x ?t WHERE { ?x <" NK_RDF_NS "type> ?t }", &types);
    qsort(types.r, types.n, sizeof *types.r, cmp_row0);
    report rep = {name, 0, {0}};

    /* rdfs:domain and rdfs:range of every nk: property */
    for (int range = 0; range < 2; range++) {
        rows dr;
        run_query(onto,
                  range ? "SELECT ?p ?c WHERE { ?p <" NK_RDFS_NS "range> ?c }"
                        : "SELECT ?p ?c WHERE { ?p <" NK_RDFS_NS "domain> ?c }",
                  &dr);
        for (size_t i = 0; i < dr.n; i++)
            if (strncmp(dr.r[i].v[0], NK_ONTOLOGY_NS, strlen(NK_ONTOLOGY_NS)) == 0 &&
                *dr.r[i].v[1] /* an IRI: blank-node datatypes are checked by shapes */ &&
                strncmp(dr.r[i].v[1], "http", 4) == 0)
                check_domain_range(&o, data, &types, dr.r[i].v[0], dr.r[i].v[1], range, &rep);
        rows_free(&dr);
    }
    /* the shapes */
    rows sh, cells;
    run_query(shapes,
              "PREFIX sh: <" SH "> SELECT ?c ?p ?k ?v WHERE { "
              "?s sh:targetClass ?c . ?s sh:property ?p . ?p ?k ?v }",
              &sh);
    run_query(shapes,
              "SELECT ?l ?f ?r WHERE { ?l <" NK_RDF_NS "first> ?f . ?l <" NK_RDF_NS "rest> ?r }",
              &cells);
    size_t nshapes = 0;
    for (size_t i = 0; i < sh.n; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(sh.r[k].v[1], sh.r[i].v[1]) == 0;
        if (seen)
            continue;
        nshapes++;
        check_property(&o, &sh, &cells, data, &types, sh.r[i].v[0], sh.r[i].v[1], &rep);
    }
    assert_true(nshapes >= 20);
    rows_free(&sh);
    rows_free(&cells);
    rows_free(&types);
    rows_free(&o.sub);
    unload(data);
    unload(shapes);
    unload(onto);
    if (rep.text.len)
        nk_buf_append(msgs, rep.text.data, rep.text.len);
    nk_buf_free(&rep.text);
    return rep.violations;
}

static size_t check_file(const char *path, const char *syntax, nk_buf *msgs)
{
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &text, &len, NULL), NK_OK);
    size_t n = check(path, text, len, syntax, msgs);
    free(text);
    return n;
}

static void test_golden_and_demo(void **state)
{
    (void)state;
    static const char *const files[][2] = {
        {"tests/data/golden/harbour-strike.nt", "ntriples"},
        {"tests/data/golden/mini.nt", "ntriples"},
        {"graphs/harbour-strike.ttl", "turtle"},
        {"graphs/border-talks.ttl", "turtle"},
        {"graphs/chip-merger.ttl", "turtle"},
    };
    nk_buf msgs = {0};
    size_t n = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        n += check_file(files[i][0], files[i][1], &msgs);
    if (n) {
        print_error("%zu violations:\n%s", n, msgs.data);
        fail();
    }
    nk_buf_free(&msgs);
}

/* The checker finds what is wrong: an event without a lemma whose target
 * is untyped and whose modality is not one of the four. */
static void test_checker_fails(void **state)
{
    (void)state;
    const char *bad =
        "@prefix nk: <https://w3id.org/newskg/ns#> .\n"
        "<http://x/e> a nk:Event ; nk:target <http://x/t> ; nk:negated false ;\n"
        "  nk:modality \"maybe\" ; nk:mention <http://x/m> .\n"
        "<http://x/m> a nk:Mention ; nk:sentence \"1\"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> ;\n"
        "  nk:confidence 0.5 .\n"
        "<http://x/v> a nk:ArticleVersion ; nk:title 3 .\n";
    nk_buf msgs = {0};
    size_t n = check("bad.ttl", bad, strlen(bad), "turtle", &msgs);
    assert_non_null(msgs.data);
    if (n < 4 || !strstr(msgs.data, "sh:minCount") || !strstr(msgs.data, "sh:in") ||
        !strstr(msgs.data, "rdfs:range") || !strstr(msgs.data, "sh:datatype"))
        fail_msg("%zu violations found:\n%s", n, msgs.data);
    nk_buf_free(&msgs);
}

static int setup(void **state)
{
    (void)state;
    world = librdf_new_world();
    librdf_world_set_logger(world, NULL, quiet_logger);
    librdf_world_open(world);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    librdf_free_world(world);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_fails),
        cmocka_unit_test(test_golden_and_demo),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
