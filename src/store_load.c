/* store_load.c: the bulk loader of the embedded store (see store.h).
 *
 * raptor parses the input chunk by chunk and hands each statement to
 * on_statement, which turns its terms into dictionary ids (writing new
 * terms as it goes) and keeps the quad as four integers.  Nothing is
 * built in memory but that array of ids.  At the end of the input the
 * quads are sorted in primary-key order, each graph the input names is
 * emptied and written again, and the one transaction around all of it
 * commits: a parse error, a write error or a kill leaves the store as it
 * was before the load.
 */
#define _XOPEN_SOURCE 700
#include "store_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define CHUNK ((size_t)1 << 18)
#define MAX_ERRORS 5

typedef struct quad {
    int64_t g, s, p, o;
} quad;

/* A change of the default graph: DELTA graphs more hold (s, p, o). */
typedef struct tdelta {
    int64_t s, p, o, delta;
} tdelta;

typedef struct loader {
    nk_store *st;
    tdelta *deltas;          /* the default graph's changes, applied sorted */
    size_t ndeltas, deltas_cap;
    nk_db *d;
    raptor_parser *parser;
    quad *q;
    size_t n, cap;
    int rc;                  /* first failure */
    uint64_t serial;         /* blank node scope */
    nk_buf tmp;
} loader;

const char *nk_store_raptor_parser(nk_rdf_format f)
{
    switch (f) {
    case NK_RDF_TURTLE: return "turtle";
    case NK_RDF_NTRIPLES:
    case NK_RDF_NTRIPLES_CANONICAL: return "ntriples";
    case NK_RDF_NQUADS: return "nquads";
    case NK_RDF_RDFXML: return "rdfxml";
    default: return NULL;
    }
}

static int64_t intern_term(loader *L, raptor_term *t)
{
    if (t->type == RAPTOR_TERM_TYPE_URI)
        return store_intern_node(L->d, t, true);
    term_view v;
    store_view_of_node(t, &v);
    if (!v.kind) {
        snprintf(L->d->error, sizeof L->d->error, "a term of unknown type");
        return NK_ERR_INVALID;
    }
    if (v.kind == TERM_BLANK) {
        /* blank nodes belong to the file they come from */
        nk_buf_clear(&L->tmp);
        nk_buf_printf(&L->tmp, "l%llu_", (unsigned long long)L->serial);
        nk_buf_append(&L->tmp, v.value, v.len);
        v.value = L->tmp.data;
        v.len = L->tmp.len;
    }
    return store_intern(L->d, &v, true);
}

/* A statement of our own N-Triples/N-Quads reader. */
static int on_nq(void *user, const term_view *t, int n)
{
    loader *L = user;
    int64_t ids[4] = {0, 0, 0, 0};
    for (int i = 0; i < n; i++) {
        term_view v = t[i];
        if (v.kind == TERM_BLANK) {
            /* blank nodes belong to the file they come from */
            nk_buf_clear(&L->tmp);
            nk_buf_printf(&L->tmp, "l%llu_", (unsigned long long)L->serial);
            nk_buf_append(&L->tmp, v.value, v.len);
            v.value = L->tmp.data;
            v.len = L->tmp.len;
        }
        if ((ids[i] = store_intern(L->d, &v, true)) < 0) {
            store_report(L->st, NK_ERROR, 0, 0, "%s", L->d->error);
            return (int)ids[i];
        }
    }
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 4096;
        L->q = nk_xrealloc(L->q, L->cap * sizeof *L->q);
    }
    quad x = {n == 4 ? ids[3] : 0, ids[0], ids[1], ids[2]};
    L->q[L->n++] = x;
    return NK_OK;
}

static void on_statement(void *user, raptor_statement *s)
{
    loader *L = user;
    if (L->rc < 0)
        return;
    if (L->st->errors > 0) {
        L->rc = NK_ERR_PARSE;
        raptor_parser_parse_abort(L->parser);
        return;
    }
    quad x = {0, 0, 0, 0};
    int64_t id;
    if (s->graph) {
        if ((id = intern_term(L, s->graph)) < 0)
            goto fail;
        x.g = id;
    }
    if ((id = intern_term(L, s->subject)) < 0)
        goto fail;
    x.s = id;
    if ((id = intern_term(L, s->predicate)) < 0)
        goto fail;
    x.p = id;
    if ((id = intern_term(L, s->object)) < 0)
        goto fail;
    x.o = id;
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 4096;
        L->q = nk_xrealloc(L->q, L->cap * sizeof *L->q);
    }
    L->q[L->n++] = x;
    return;
fail:
    L->rc = (int)id;
    raptor_parser_parse_abort(L->parser);
}

/* Primary-key order: (g, s, p, o). */
static int quad_cmp(const void *a, const void *b)
{
    const quad *x = a, *y = b;
    if (x->g != y->g)
        return x->g < y->g ? -1 : 1;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    if (x->o != y->o)
        return x->o < y->o ? -1 : 1;
    return 0;
}

/* The next blank-node scope: a counter in the meta table. */
static int next_serial(nk_db *d, uint64_t *out)
{
    if (store_exec(d, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='loads'") !=
        SQLITE_OK)
        return NK_ERR_IO;
    sqlite3_stmt *q = NULL;
    int rc = NK_ERR_IO;
    if (sqlite3_prepare_v2(d->sql, "SELECT value FROM meta WHERE key='loads'", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        *out = (uint64_t)sqlite3_column_int64(q, 0);
        rc = NK_OK;
    } else {
        store_set_error(d, "reading the load counter");
    }
    sqlite3_finalize(q);
    return rc;
}

static int64_t lookup_iri(nk_db *d, const char *iri)
{
    term_view v = {TERM_IRI, iri, strlen(iri), NULL, 0, NULL, 0};
    return store_intern(d, &v, false);
}

/* The graph of the triples read without one (Turtle, N-Triples, RDF/XML,
 * or N-Quads lines with three terms): the input's one article version,
 * else the input's own URI.  *g gets its id. */
static int default_graph(loader *L, const char *fallback_iri, int64_t *g)
{
    nk_store *st = L->st;
    int64_t type = lookup_iri(L->d, RDF_TYPE);
    int64_t av = lookup_iri(L->d, NK_ONTOLOGY_NS "ArticleVersion");
    if (type < 0 || av < 0)
        return NK_ERR_IO;
    /* the distinct subjects typed nk:ArticleVersion (a file holds few) */
    int64_t vs[8];
    size_t nfound = 0;
    for (size_t i = 0; type && av && i < L->n; i++) {
        const quad *x = &L->q[i];
        if (x->g != 0 || x->p != type || x->o != av)
            continue;
        bool seen = false;
        for (size_t j = 0; j < nfound && j < 8 && !seen; j++)
            seen = vs[j] == x->s;
        if (!seen) {
            if (nfound < 8)
                vs[nfound] = x->s;
            nfound++;
        }
    }
    int64_t found = nfound ? vs[0] : 0;
    if (nfound == 1) {
        *g = found;
        return NK_OK;
    }
    if (nfound > 1) {
        store_report(st, NK_ERROR, 0, 0,
                     "%zu article versions in one graph: write them as N-Quads "
                     "(extract -f nquads) to load one graph per version, or name one "
                     "graph with --graph; nothing was loaded",
                     nfound);
        return NK_ERR_INVALID;
    }
    if (!fallback_iri) {
        store_report(st, NK_ERROR, 0, 0,
                     "triples of no article version and no graph to put them in: "
                     "name one with --graph; nothing was loaded");
        return NK_ERR_INVALID;
    }
    term_view v = {TERM_IRI, fallback_iri, strlen(fallback_iri), NULL, 0, NULL, 0};
    *g = store_intern(L->d, &v, true);
    return *g < 0 ? (int)*g : NK_OK;
}

/* Quads the store holds, as its graph list counts them. */
static int64_t stored_quads(nk_db *d)
{
    sqlite3_stmt *q = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(d->sql, "SELECT coalesce(sum(triples), 0) FROM graphs", -1, &q,
                           NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static const char DROP_INDEXES[] =
    "DROP INDEX quads_gpo; DROP INDEX triples_pos; DROP INDEX triples_osp;";
static const char CREATE_INDEXES[] =
    "CREATE INDEX quads_gpo ON quads(g, p, o, s);"
    "CREATE INDEX triples_pos ON triples(p, o, s);"
    "CREATE INDEX triples_osp ON triples(o, s, p);";

/* The quads graph G holds now, sorted as quad_cmp sorts (malloc'd). */
static int old_quads(nk_db *d, int64_t g, quad **out, size_t *n)
{
    sqlite3_stmt *q = d->graph_quads;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    sqlite3_bind_int64(q, 1, g);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *out = nk_xrealloc(*out, cap * sizeof **out);
        }
        quad x = {g, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                  sqlite3_column_int64(q, 2)};
        (*out)[(*n)++] = x;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store_set_error(d, "reading a graph");
        free(*out);
        *out = NULL;
        *n = 0;
        return NK_ERR_IO;
    }
    return NK_OK;
}

static void add_delta(loader *L, const quad *x, int64_t delta)
{
    if (L->ndeltas == L->deltas_cap) {
        L->deltas_cap = L->deltas_cap ? L->deltas_cap * 2 : 4096;
        L->deltas = nk_xrealloc(L->deltas, L->deltas_cap * sizeof *L->deltas);
    }
    tdelta t = {x->s, x->p, x->o, delta};
    L->deltas[L->ndeltas++] = t;
}

static int delta_cmp(const void *a, const void *b)
{
    const tdelta *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    if (x->o != y->o)
        return x->o < y->o ? -1 : 1;
    return 0;
}

/* Apply the default graph's changes: sorted, summed per triple, so each
 * triple's row is written once and in key order. */
static int apply_deltas(loader *L)
{
    if (L->ndeltas > 1)
        qsort(L->deltas, L->ndeltas, sizeof *L->deltas, delta_cmp);
    size_t i = 0;
    while (i < L->ndeltas) {
        tdelta t = L->deltas[i++];
        while (i < L->ndeltas && delta_cmp(&t, &L->deltas[i]) == 0)
            t.delta += L->deltas[i++].delta;
        NK_TRY(store_triple_count(L->d, t.s, t.p, t.o, t.delta));
    }
    return NK_OK;
}

/* Make graph G hold exactly NEW[0..n) (sorted, may repeat): only the
 * difference from what it holds now is written, so loading a version
 * again costs a read.  *count gets the quads G then holds. */
static int replace_graph(loader *L, int64_t g, const quad *nq, size_t n, int64_t *count,
                         int64_t *had)
{
    nk_db *d = L->d;
    quad *oq = NULL;
    size_t on = 0;
    NK_TRY(old_quads(d, g, &oq, &on));
    *had = (int64_t)on;
    int rc = NK_OK;
    size_t i = 0, j = 0;
    int64_t kept = 0;
    while (rc >= 0 && (i < n || j < on)) {
        if (i > 0 && i < n && quad_cmp(&nq[i], &nq[i - 1]) == 0) {
            i++;   /* the same quad twice in the input */
            continue;
        }
        int c = i == n ? 1 : j == on ? -1 : quad_cmp(&nq[i], &oq[j]);
        if (c == 0) {
            kept++;
            i++;
            j++;
        } else if (c < 0) {
            rc = store_insert_quad(d, g, nq[i].s, nq[i].p, nq[i].o);
            if (rc > 0) {
                add_delta(L, &nq[i], 1);
                kept++;
            }
            i++;
        } else {
            rc = store_delete_quad(d, g, oq[j].s, oq[j].p, oq[j].o);
            if (rc > 0)
                add_delta(L, &oq[j], -1);
            j++;
        }
    }
    free(oq);
    *count = kept;
    return rc < 0 ? rc : NK_OK;
}

/* Replace every graph of the sorted quads.  A load at least half the size
 * of the store writes the tables alone and builds their secondary
 * indexes afterwards (sorting once beats a million random inserts); all of
 * it inside the load's transaction. */
static int write_graphs(loader *L, const char *source, nk_store_load_stats *stats)
{
    nk_db *d = L->d;
    int64_t have = stored_quads(d);
    bool rebuild = L->n >= 10000 && have >= 0 && (int64_t)L->n * 2 >= have;
    if (rebuild) {
        /* the find statements use the indexes: drop them first */
        for (int i = 0; i < FIND_SHAPES; i++) {
            for (int k = 0; k < d->finds[i].nfree; k++)
                sqlite3_finalize(d->finds[i].free[k]);
            d->finds[i].nfree = 0;
        }
        if (store_exec(d, DROP_INDEXES) != SQLITE_OK)
            return NK_ERR_IO;
    }
    int rc = NK_OK;
    size_t i = 0;
    while (i < L->n && rc == NK_OK) {
        size_t j = i;
        while (j < L->n && L->q[j].g == L->q[i].g)
            j++;
        int64_t g = L->q[i].g, count = 0, had = 0;
        rc = replace_graph(L, g, L->q + i, j - i, &count, &had);
        if (rc == NK_OK)
            rc = store_graph_set(d, g, count, source);
        if (stats && rc == NK_OK) {
            stats->triples += (size_t)count;
            stats->graphs++;
            if (had > 0)
                stats->replaced++;
        }
        i = j;
    }
    if (rc == NK_OK)
        rc = apply_deltas(L);
    if (rc == NK_OK && rebuild && store_exec(d, CREATE_INDEXES) != SQLITE_OK)
        rc = NK_ERR_IO;
    return rc;
}

/* Feed the input to the parser: FILE F, or TEXT when F is NULL. */
static int parse_all(loader *L, FILE *f, const char *text, size_t len, const char *base)
{
    raptor_world *rw = librdf_world_get_raptor(L->st->world);
    raptor_uri *buri = raptor_new_uri(rw, (const unsigned char *)base);
    if (!buri || raptor_parser_parse_start(L->parser, buri) != 0) {
        if (buri)
            raptor_free_uri(buri);
        store_report(L->st, NK_ERROR, 0, 0, "raptor cannot start parsing");
        return NK_ERR_EXTERNAL;
    }
    int rc = NK_OK;
    if (f) {
        unsigned char *buf = nk_xmalloc(CHUNK);
        for (;;) {
            size_t n = fread(buf, 1, CHUNK, f);
            if (n == 0 && ferror(f)) {
                store_report(L->st, NK_ERROR, 0, 0, "read error: %s", strerror(errno));
                rc = NK_ERR_IO;
                break;
            }
            bool end = n < CHUNK && feof(f);
            if (raptor_parser_parse_chunk(L->parser, buf, n, end ? 1 : 0) != 0 ||
                L->rc < 0 || L->st->errors >= MAX_ERRORS)
                break;
            if (end)
                break;
        }
        free(buf);
    } else {
        size_t off = 0;
        do {
            size_t n = len - off < CHUNK ? len - off : CHUNK;
            bool end = off + n == len;
            if (raptor_parser_parse_chunk(L->parser, (const unsigned char *)text + off, n,
                                          end ? 1 : 0) != 0 ||
                L->rc < 0)
                break;
            off += n;
        } while (off < len);
    }
    raptor_free_uri(buri);
    if (rc < 0)
        return rc;
    if (L->rc < 0 && L->st->errors == 0) {
        store_report(L->st, NK_ERROR, 0, 0, "%s", L->d->error);
        return L->rc;
    }
    if (L->st->errors > 0)
        return NK_ERR_PARSE;
    return L->rc;
}

/* The absolute file: URI of PATH (malloc'd), or NULL. */
static char *file_uri(nk_store *st, const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs)
        return NULL;
    unsigned char *u = raptor_uri_filename_to_uri_string(abs);
    free(abs);
    if (!u)
        return NULL;
    char *s = nk_xstrdup((const char *)u);
    raptor_free_memory(u);
    (void)st;
    return s;
}

/* Start a load: the transaction and the blank-node scope. */
static int load_begin(nk_store *st, loader *L, const char *name, nk_store_load_stats *stats,
                      nk_diag_sink *sink)
{
    nk_db *d = st->db;
    memset(stats, 0, sizeof *stats);
    memset(L, 0, sizeof *L);
    L->st = st;
    L->d = d;
    st->sink = sink;
    st->file = name;
    st->errors = 0;
    int rc = store_begin(d);
    if (rc == NK_OK)
        rc = next_serial(d, &L->serial);
    if (rc < 0) {
        store_report(st, NK_ERROR, 0, 0, "%s", d->error);
        if (d->txn)
            store_rollback(d);
    }
    return rc;
}

/* End a load begun by load_begin: when RC (what reading gave) is NK_OK,
 * put triples without a graph in theirs, write every graph and commit;
 * else, or on any failure, roll back.  Frees L's memory. */
static int load_finish(nk_store *st, loader *L, int rc, const char *name,
                       const char *fallback_graph, const nk_store_load_options *opts,
                       nk_store_load_stats *stats)
{
    nk_db *d = st->db;
    if (rc < 0)
        goto cleanup;
    if (opts && opts->graph) {
        term_view v = {TERM_IRI, opts->graph, strlen(opts->graph), NULL, 0, NULL, 0};
        int64_t g = store_intern(d, &v, true);
        if (g < 0) {
            rc = (int)g;
            store_report(st, NK_ERROR, 0, 0, "%s", d->error);
            goto cleanup;
        }
        for (size_t i = 0; i < L->n; i++)
            L->q[i].g = g;
    } else {
        bool any_default = false;
        for (size_t i = 0; i < L->n && !any_default; i++)
            any_default = L->q[i].g == 0;
        if (any_default) {
            int64_t g = 0;
            rc = default_graph(L, fallback_graph, &g);
            if (rc < 0) {
                if (st->errors == 0)
                    store_report(st, NK_ERROR, 0, 0, "%s", d->error);
                goto cleanup;
            }
            for (size_t i = 0; i < L->n; i++)
                if (L->q[i].g == 0)
                    L->q[i].g = g;
        }
    }
    if (L->n > 1)
        qsort(L->q, L->n, sizeof *L->q, quad_cmp);
    rc = write_graphs(L, opts && opts->source ? opts->source : name, stats);
    if (rc < 0) {
        store_report(st, NK_ERROR, 0, 0, "%s; nothing was loaded", d->error);
        goto cleanup;
    }
    rc = store_commit(d);
    if (rc < 0)
        store_report(st, NK_ERROR, 0, 0, "%s; nothing was loaded", d->error);
cleanup:
    if (rc < 0) {
        store_rollback(d);
        memset(stats, 0, sizeof *stats);
    }
    free(L->q);
    free(L->deltas);
    nk_buf_free(&L->tmp);
    st->sink = NULL;
    st->text = NULL;
    st->text_len = 0;
    st->input_path = NULL;
    return rc;
}

static int load(nk_store *st, FILE *f, const char *text, size_t len, nk_rdf_format format,
                const char *name, const char *base, const char *fallback_graph,
                const nk_store_load_options *opts, nk_store_load_stats *stats,
                nk_diag_sink *sink)
{
    const char *pname = nk_store_raptor_parser(format);
    nk_store_load_stats local;
    if (!stats)
        stats = &local;
    loader L;
    int rc = load_begin(st, &L, name, stats, sink);
    if (rc < 0) {
        st->sink = NULL;
        return rc;
    }
    if (format == NK_RDF_NTRIPLES || format == NK_RDF_NTRIPLES_CANONICAL ||
        format == NK_RDF_NQUADS) {
        /* the line formats: our own reader, a third of the time of raptor's */
        nk_diag_sink counted = {NULL, NULL, 0, 0};
        nk_diag_sink *to = sink ? sink : &counted;
        unsigned before = to->errors;
        rc = store_read_nquads(to, name, f, text, len, format == NK_RDF_NQUADS, on_nq, &L);
        st->errors += to->errors - before;
    } else if (!pname) {
        store_report(st, NK_ERROR, 0, 0, "cannot load this RDF format");
        rc = NK_ERR_UNSUPPORTED;
    } else if (!(L.parser = raptor_new_parser(librdf_world_get_raptor(st->world), pname))) {
        store_report(st, NK_ERROR, 0, 0, "raptor has no %s parser", pname);
        rc = NK_ERR_EXTERNAL;
    } else {
        raptor_parser_set_statement_handler(L.parser, &L, on_statement);
        rc = parse_all(&L, f, text, len, base);
    }
    if (L.parser)
        raptor_free_parser(L.parser);
    L.parser = NULL;
    return load_finish(st, &L, rc, name, fallback_graph, opts, stats);
}

/* A term of newskg's statement walker as a term view. */
static void view_of_term(const nk_term *t, term_view *v, nk_buf *lower)
{
    memset(v, 0, sizeof *v);
    v->kind = t->kind == NK_TERM_IRI ? TERM_IRI : TERM_LITERAL;
    v->value = t->value ? t->value : "";
    v->len = strlen(v->value);
    if (v->kind == TERM_LITERAL) {
        if (t->lang && *t->lang) {
            /* raptor (and so librdf) gives language tags in lower case */
            nk_buf_clear(lower);
            for (const char *p = t->lang; *p; p++)
                nk_buf_putc(lower, *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p);
            v->lang = lower->data;
            v->lang_len = lower->len;
        } else if (t->datatype) {
            v->dt = t->datatype;
            v->dt_len = strlen(t->datatype);
        }
    }
}

static int on_emitted(void *ctx, const nk_statement *s)
{
    loader *L = ctx;
    const nk_term *parts[3] = {&s->subject, &s->predicate, &s->object};
    int64_t ids[4];
    for (int i = 0; i < 3; i++) {
        term_view v;
        view_of_term(parts[i], &v, &L->tmp);
        if ((ids[i] = store_intern(L->d, &v, true)) < 0)
            return (int)ids[i];
    }
    ids[3] = 0;
    if (s->graph) {
        term_view v = {TERM_IRI, s->graph, strlen(s->graph), NULL, 0, NULL, 0};
        if ((ids[3] = store_intern(L->d, &v, true)) < 0)
            return (int)ids[3];
    }
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 4096;
        L->q = nk_xrealloc(L->q, L->cap * sizeof *L->q);
    }
    quad x = {ids[3], ids[0], ids[1], ids[2]};
    L->q[L->n++] = x;
    return NK_OK;
}

int nk_store_load_graphs(nk_store *st, const nk_graph *const *graphs, size_t n,
                         const char *name, const nk_store_load_options *opts,
                         nk_store_load_stats *stats, nk_diag_sink *sink)
{
    nk_store_load_stats local;
    if (!stats)
        stats = &local;
    if (!name)
        name = "<graph>";
    loader L;
    int rc = load_begin(st, &L, name, stats, sink);
    if (rc < 0) {
        st->sink = NULL;
        return rc;
    }
    rc = nk_rdf_emit_graphs(graphs, n, on_emitted, &L);
    if (rc < 0 && st->errors == 0)
        store_report(st, NK_ERROR, 0, 0, "%s", L.d->error[0] ? L.d->error : nk_strerror(rc));
    return load_finish(st, &L, rc, name, NULL, opts, stats);
}

int nk_store_load_file(nk_store *st, const char *path, nk_rdf_format format,
                       const nk_store_load_options *opts, nk_store_load_stats *stats,
                       nk_diag_sink *sink)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "cannot open: %s", strerror(errno));
        return NK_ERR_IO;
    }
    char *uri = is_stdin ? NULL : file_uri(st, path);
    char base[PATH_MAX + 32];
    if (uri) {
        snprintf(base, sizeof base, "%s", uri);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd))
            snprintf(cwd, sizeof cwd, "/");
        snprintf(base, sizeof base, "file://%s/stdin", cwd);
    }
    st->input_path = is_stdin ? NULL : path;
    int rc = load(st, f, NULL, 0, format, name, base, uri, opts, stats, sink);
    if (!is_stdin)
        fclose(f);
    free(uri);
    return rc;
}

int nk_store_load_text(nk_store *st, const char *text, size_t len, nk_rdf_format format,
                       const char *name, const nk_store_load_options *opts,
                       nk_store_load_stats *stats, nk_diag_sink *sink)
{
    if (!name)
        name = "<input>";
    st->text = text;
    st->text_len = len;
    return load(st, NULL, text, len, format, name, "file:///newskg-input", NULL, opts, stats,
                sink);
}
