/* rdf_jsonld.c: JSON-LD, one named graph object per article version, built
 * on nk_rdf_emit (see rdf.h).
 *
 * The document is {"@context": {...}, "@graph": [G1, G2, ...]} where each
 * Gi is {"@id": <version>, "@graph": [node, ...]}: the version's named
 * graph.  A node is {"@id", "@type": [...], property: value or [values]},
 * with the statements of one subject together, in the order nk_rdf_emit
 * gives them.  IRIs are compacted with the prefixes of the context
 * (ontology/context.jsonld holds the same for the default base); literals
 * are plain JSON strings (xsd:string) or {"@value", "@type"} with their
 * exact lexical form.
 */
#include "rdf_jsonld.h"

#include <stdlib.h>
#include <string.h>

typedef struct prefix {
    const char *name;
    const char *ns;      /* NULL: under the base */
    const char *local;   /* under the base */
} prefix;

static const prefix PREFIXES[] = {
    {"nk", NK_ONTOLOGY_NS, NULL},  {"rdf", NK_RDF_NS, NULL},     {"rdfs", NK_RDFS_NS, NULL},
    {"owl", NK_OWL_NS, NULL},      {"xsd", NK_XSD_NS, NULL},     {"wd", NK_WD_NS, NULL},
    {"prov", NK_PROV_NS, NULL},    {"schema", NK_SCHEMA_NS, NULL},
    {"entity", NULL, "entity/"},   {"event", NULL, "event/"},    {"doc", NULL, "doc/"},
    {"mention", NULL, "mention/"},
};
#define NPREFIXES (sizeof PREFIXES / sizeof *PREFIXES)

static void put_json_str(nk_buf *b, const char *s)
{
    nk_buf_putc(b, '"');
    nk_buf_json_escape(b, s);
    nk_buf_putc(b, '"');
}

void nk_rdf_jsonld_context(nk_buf *out, const char *base)
{
    if (!base || !*base)
        base = NK_DEFAULT_BASE;
    nk_buf_puts(out, "{\n");
    for (size_t i = 0; i < NPREFIXES; i++) {
        nk_buf_printf(out, "    \"%s\": \"", PREFIXES[i].name);
        if (PREFIXES[i].ns) {
            nk_buf_json_escape(out, PREFIXES[i].ns);
        } else {
            nk_buf_json_escape(out, base);
            nk_buf_json_escape(out, PREFIXES[i].local);
        }
        nk_buf_printf(out, "\"%s\n", i + 1 < NPREFIXES ? "," : "");
    }
    nk_buf_puts(out, "  }");
}

/* IRI compacted with the context's prefixes when the rest is a plain local
 * name (letters, digits, '_', '-', '.'), else as it is. */
static void put_iri(nk_buf *b, const char *iri, const char *base)
{
    for (size_t i = 0; i < NPREFIXES; i++) {
        size_t nl = PREFIXES[i].ns ? strlen(PREFIXES[i].ns)
                                   : strlen(base) + strlen(PREFIXES[i].local);
        bool match = PREFIXES[i].ns ? strncmp(iri, PREFIXES[i].ns, nl) == 0
                                    : strncmp(iri, base, strlen(base)) == 0 &&
                                          strncmp(iri + strlen(base), PREFIXES[i].local,
                                                  strlen(PREFIXES[i].local)) == 0;
        if (!match || !iri[nl])
            continue;
        bool plain = true;
        for (const char *p = iri + nl; *p && plain; p++)
            plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
        if (!plain)
            continue;
        nk_buf_putc(b, '"');
        nk_buf_puts(b, PREFIXES[i].name);
        nk_buf_putc(b, ':');
        nk_buf_json_escape(b, iri + nl);
        nk_buf_putc(b, '"');
        return;
    }
    put_json_str(b, iri);
}

/* One statement, kept until its graph is written. */
typedef struct kept {
    char *s, *p, *o, *dt, *lang;
    bool literal;
    size_t order;
} kept;

typedef struct collector {
    kept *v;
    size_t n, cap;
} collector;

static char *dup_or_null(const char *s)
{
    return s ? nk_xstrdup(s) : NULL;
}

static int collect(void *ctx, const nk_statement *st)
{
    collector *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->v = nk_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    kept *k = &c->v[c->n];
    k->s = nk_xstrdup(st->subject.value);
    k->p = nk_xstrdup(st->predicate.value);
    k->o = nk_xstrdup(st->object.value);
    k->literal = st->object.kind == NK_TERM_LITERAL;
    k->dt = dup_or_null(st->object.datatype);
    k->lang = dup_or_null(st->object.lang);
    k->order = c->n++;
    return NK_OK;
}

/* Subjects in order of first appearance: the rank of each statement's
 * subject, then its predicate's first appearance within the subject. */
typedef struct ranked {
    kept *k;
    size_t subject_rank, predicate_rank;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->subject_rank != y->subject_rank)
        return x->subject_rank < y->subject_rank ? -1 : 1;
    if (x->predicate_rank != y->predicate_rank)
        return x->predicate_rank < y->predicate_rank ? -1 : 1;
    return (x->k->order > y->k->order) - (x->k->order < y->k->order);
}

static void put_value(nk_buf *b, const kept *k, const char *base)
{
    if (!k->literal) {
        nk_buf_puts(b, "{\"@id\": ");
        put_iri(b, k->o, base);
        nk_buf_putc(b, '}');
    } else if (k->dt) {
        nk_buf_puts(b, "{\"@value\": ");
        put_json_str(b, k->o);
        nk_buf_puts(b, ", \"@type\": ");
        put_iri(b, k->dt, base);
        nk_buf_putc(b, '}');
    } else if (k->lang) {
        nk_buf_puts(b, "{\"@value\": ");
        put_json_str(b, k->o);
        nk_buf_puts(b, ", \"@language\": ");
        put_json_str(b, k->lang);
        nk_buf_putc(b, '}');
    } else {
        put_json_str(b, k->o);
    }
}

int nk_rdf_jsonld_graph(nk_buf *out, const nk_graph *g, bool first)
{
    collector c = {NULL, 0, 0};
    int rc = nk_rdf_emit(g, collect, &c);
    if (rc < 0)
        goto cleanup;
    /* ranks: first appearance of each subject, and of each (subject,
     * predicate); quadratic only within the small sets found by a hash */
    ranked *r = nk_xmalloc((c.n ? c.n : 1) * sizeof *r);
    {
        size_t cap = 64;
        while (cap < c.n * 2 + 2)
            cap *= 2;
        size_t *slot_first = nk_xmalloc(cap * sizeof *slot_first);
        for (size_t i = 0; i < cap; i++)
            slot_first[i] = (size_t)-1;
        size_t *pslot = nk_xmalloc(cap * sizeof *pslot);
        for (size_t i = 0; i < cap; i++)
            pslot[i] = (size_t)-1;
        for (size_t i = 0; i < c.n; i++) {
            r[i].k = &c.v[i];
            uint64_t h = nk_hash64(c.v[i].s, strlen(c.v[i].s), NK_HASH_SEED);
            size_t j = (size_t)h & (cap - 1);
            while (slot_first[j] != (size_t)-1 && strcmp(c.v[slot_first[j]].s, c.v[i].s) != 0)
                j = (j + 1) & (cap - 1);
            if (slot_first[j] == (size_t)-1)
                slot_first[j] = i;
            r[i].subject_rank = slot_first[j];
            uint64_t hp = nk_hash64(c.v[i].p, strlen(c.v[i].p), h);
            size_t k = (size_t)hp & (cap - 1);
            while (pslot[k] != (size_t)-1 && (strcmp(c.v[pslot[k]].s, c.v[i].s) != 0 ||
                                              strcmp(c.v[pslot[k]].p, c.v[i].p) != 0))
                k = (k + 1) & (cap - 1);
            if (pslot[k] == (size_t)-1)
                pslot[k] = i;
            r[i].predicate_rank = pslot[k];
        }
        free(slot_first);
        free(pslot);
    }
    qsort(r, c.n, sizeof *r, cmp_ranked);
    const char *base = g->base;
    nk_buf_puts(out, first ? "\n    " : ",\n    ");
    nk_buf_puts(out, "{\"@id\": ");
    put_iri(out, g->version_iri, base);
    nk_buf_puts(out, ", \"@graph\": [");
    for (size_t i = 0; i < c.n;) {
        size_t end = i;
        while (end < c.n && r[end].subject_rank == r[i].subject_rank)
            end++;
        nk_buf_puts(out, i == 0 ? "\n      {\"@id\": " : ",\n      {\"@id\": ");
        put_iri(out, r[i].k->s, base);
        /* rdf:type as "@type" */
        bool typed = false;
        for (size_t j = i; j < end; j++)
            if (!r[j].k->literal && strcmp(r[j].k->p, NK_RDF_NS "type") == 0) {
                nk_buf_puts(out, typed ? ", " : ", \"@type\": [");
                put_iri(out, r[j].k->o, base);
                typed = true;
            }
        if (typed)
            nk_buf_putc(out, ']');
        for (size_t j = i; j < end;) {
            size_t pe = j;
            while (pe < end && r[pe].predicate_rank == r[j].predicate_rank)
                pe++;
            if (!(strcmp(r[j].k->p, NK_RDF_NS "type") == 0 && !r[j].k->literal)) {
                nk_buf_puts(out, ", ");
                put_iri(out, r[j].k->p, base);
                nk_buf_puts(out, ": ");
                if (pe - j > 1)
                    nk_buf_putc(out, '[');
                for (size_t m = j; m < pe; m++) {
                    if (m > j)
                        nk_buf_puts(out, ", ");
                    put_value(out, r[m].k, base);
                }
                if (pe - j > 1)
                    nk_buf_putc(out, ']');
            }
            j = pe;
        }
        nk_buf_putc(out, '}');
        i = end;
    }
    nk_buf_puts(out, "\n    ]}");
    free(r);
cleanup:
    for (size_t i = 0; i < c.n; i++) {
        free(c.v[i].s);
        free(c.v[i].p);
        free(c.v[i].o);
        free(c.v[i].dt);
        free(c.v[i].lang);
    }
    free(c.v);
    return rc;
}

void nk_rdf_jsonld_begin(nk_buf *out, const char *base)
{
    nk_buf_puts(out, "{\n  \"@context\": ");
    nk_rdf_jsonld_context(out, base);
    nk_buf_puts(out, ",\n  \"@graph\": [");
}

void nk_rdf_jsonld_end(nk_buf *out)
{
    nk_buf_puts(out, "\n  ]\n}\n");
}
