/* rdf.c: the RDF writers (see rdf.h, "Writers").
 *
 * N-Triples and N-Quads stream: each statement from nk_rdf_emit goes to
 * raptor's serializer as it comes, with terms built on the stack (literals
 * point at the graph's own strings) and IRIs interned once per graph, so
 * writing allocates almost nothing per statement.  Turtle and RDF/XML go
 * through a librdf model, serialised when the writer is closed.  Canonical
 * N-Triples is streamed into a buffer whose lines are sorted at the end.
 */
#include "rdf.h"

#include <redland.h>

#include "rdf_jsonld.h"

#include <pthread.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- formats ------------------------------------------------------------ */

static const char *const FORMAT_NAMES[] = {"turtle", "ntriples", "canonical",
                                           "nquads", "rdfxml", "jsonld"};

int nk_rdf_format_parse(const char *name)
{
    static const struct { const char *name; nk_rdf_format f; } aliases[] = {
        {"turtle", NK_RDF_TURTLE},     {"ttl", NK_RDF_TURTLE},
        {"ntriples", NK_RDF_NTRIPLES}, {"nt", NK_RDF_NTRIPLES},
        {"n-triples", NK_RDF_NTRIPLES}, {"canonical", NK_RDF_NTRIPLES_CANONICAL},
        {"nquads", NK_RDF_NQUADS},     {"nq", NK_RDF_NQUADS},
        {"n-quads", NK_RDF_NQUADS},    {"rdfxml", NK_RDF_RDFXML},
        {"rdf/xml", NK_RDF_RDFXML},    {"xml", NK_RDF_RDFXML},
        {"rdf", NK_RDF_RDFXML},        {"owl", NK_RDF_RDFXML},
        {"jsonld", NK_RDF_JSONLD},     {"json-ld", NK_RDF_JSONLD},
    };
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcasecmp(name, aliases[i].name) == 0)
            return (int)aliases[i].f;
    return -1;
}

int nk_rdf_format_from_path(const char *path)
{
    const char *ext = path ? nk_path_ext(path) : "";
    if (!*ext || strcasecmp(ext, "canonical") == 0)
        return -1;
    return nk_rdf_format_parse(ext);
}

const char *nk_rdf_format_name(nk_rdf_format format)
{
    return (unsigned)format <= NK_RDF_JSONLD ? FORMAT_NAMES[format] : "turtle";
}

bool nk_rdf_format_streams(nk_rdf_format format)
{
    return format == NK_RDF_NTRIPLES || format == NK_RDF_NQUADS || format == NK_RDF_JSONLD;
}

/* ---- IRIs interned for raptor: string -> raptor_uri ------------------------- */

typedef struct uri_slot {
    char *key;        /* malloc'd; NULL: empty */
    raptor_uri *uri;
} uri_slot;

typedef struct uri_cache {
    uri_slot *slots;
    size_t cap;       /* power of two */
    size_t used;
} uri_cache;

static void cache_clear(uri_cache *c)
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].key) {
            free(c->slots[i].key);
            raptor_free_uri(c->slots[i].uri);
            c->slots[i].key = NULL;
        }
    c->used = 0;
}

static void cache_free(uri_cache *c)
{
    cache_clear(c);
    free(c->slots);
    memset(c, 0, sizeof *c);
}

static size_t cache_find(const uri_cache *c, const char *s, uint64_t h)
{
    size_t i = (size_t)h & (c->cap - 1);
    while (c->slots[i].key && strcmp(c->slots[i].key, s) != 0)
        i = (i + 1) & (c->cap - 1);
    return i;
}

/* The raptor_uri of IRI S (owned by the cache), or NULL when raptor fails. */
static raptor_uri *cache_get(uri_cache *c, raptor_world *rw, const char *s)
{
    if (c->used * 2 >= c->cap) {
        uri_cache bigger = {nk_xcalloc(c->cap ? c->cap * 2 : 256, sizeof(uri_slot)),
                            c->cap ? c->cap * 2 : 256, c->used};
        for (size_t i = 0; i < c->cap; i++)
            if (c->slots[i].key) {
                const char *k = c->slots[i].key;
                bigger.slots[cache_find(&bigger, k, nk_hash64(k, strlen(k), NK_HASH_SEED))] =
                    c->slots[i];
            }
        free(c->slots);
        *c = bigger;
    }
    size_t n = strlen(s);
    size_t i = cache_find(c, s, nk_hash64(s, n, NK_HASH_SEED));
    if (!c->slots[i].key) {
        raptor_uri *u = raptor_new_uri_from_counted_string(rw, (const unsigned char *)s, n);
        if (!u)
            return NULL;
        c->slots[i].key = nk_xstrndup(s, n);
        c->slots[i].uri = u;
        c->used++;
    }
    return c->slots[i].uri;
}

/* ---- the writer ------------------------------------------------------------------ */

struct nk_rdf_writer {
    nk_rdf_format format;
    nk_write_fn write;
    void *write_ctx;
    FILE *fp;                /* nk_rdf_writer_new_file */
    nk_diag_sink *sink;
    int status;              /* first error, or NK_OK */
    bool closed;
    /* JSON-LD: written graph by graph, by rdf_jsonld.c */
    size_t jsonld_graphs;
    nk_buf jsonld;
    /* raptor: N-Triples, N-Quads and canonical N-Triples */
    raptor_world *rw;
    raptor_serializer *ser;
    raptor_iostream *ios;
    uri_cache graph_uris;    /* cleared after each graph */
    uri_cache fixed_uris;    /* predicates, classes, datatypes: kept */
    nk_buf lines;            /* canonical: every line, sorted at close */
    nk_buf pending;          /* N-Triples/N-Quads bytes raptor wrote (mostly
                                one at a time), handed to WRITE once per
                                graph or every 64 KB */
    /* librdf: Turtle and RDF/XML */
    librdf_world *world;
    librdf_storage *storage;
    librdf_model *model;
    char *base;              /* the first graph's base, for the prefixes */
    nk_buf tmp;
};

static void fail(nk_rdf_writer *w, int status, const char *fmt, ...) NK_PRINTF(3, 4);

static void fail(nk_rdf_writer *w, int status, const char *fmt, ...)
{
    if (w->status == NK_OK)
        w->status = status;
    if (!fmt)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nk_diag_report(w->sink, NK_ERROR, NULL, 0, 0, SIZE_MAX, "%s", msg);
}

static void raptor_log(void *user, raptor_log_message *msg)
{
    nk_rdf_writer *w = user;
    if (msg->level < RAPTOR_LOG_LEVEL_WARN)
        return;
    if (msg->level >= RAPTOR_LOG_LEVEL_ERROR)
        fail(w, NK_ERR_EXTERNAL, "raptor: %s", msg->text ? msg->text : "error");
    else
        nk_diag_report(w->sink, NK_WARNING, NULL, 0, 0, SIZE_MAX, "raptor: %s",
                       msg->text ? msg->text : "warning");
}

static int on_librdf_log(void *user, librdf_log_message *msg)
{
    nk_rdf_writer *w = user;
    librdf_log_level level = librdf_log_message_level(msg);
    const char *text = librdf_log_message_message(msg);
    if (level >= LIBRDF_LOG_ERROR)
        fail(w, NK_ERR_EXTERNAL, "librdf: %s", text ? text : "error");
    else if (level >= LIBRDF_LOG_WARN)
        nk_diag_report(w->sink, NK_WARNING, NULL, 0, 0, SIZE_MAX, "librdf: %s",
                       text ? text : "warning");
    return 1;
}

/* Output bytes go to the sink, or (canonical) into the line buffer. */
static int put_bytes(nk_rdf_writer *w, const char *data, size_t len)
{
    if (w->status < 0)
        return w->status;
    int rc = w->write(w->write_ctx, data, len);
    if (rc < 0)
        fail(w, rc, NULL);
    return rc < 0 ? rc : NK_OK;
}

static int flush_pending(nk_rdf_writer *w)
{
    if (!w->pending.len)
        return w->status;
    int rc = put_bytes(w, w->pending.data, w->pending.len);
    w->pending.len = 0;
    return rc;
}

static int ios_write_bytes(void *ctx, const void *ptr, size_t size, size_t nmemb)
{
    nk_rdf_writer *w = ctx;
    size_t n = size * nmemb;
    /* raptor wants the number of items written, <= 0 on failure */
    if (w->format == NK_RDF_NTRIPLES_CANONICAL) {
        nk_buf_append(&w->lines, ptr, n);
    } else {
        nk_buf_append(&w->pending, ptr, n);
        if (w->pending.len >= 65536 && flush_pending(w) < 0)
            return -1;
    }
    return (int)nmemb;
}

/* raptor writes most of a line byte by byte: append in place when there is
 * room (a call per byte into the sink cost ~5 % of an N-Quads run). */
static int ios_write_byte(void *ctx, const int byte)
{
    nk_rdf_writer *w = ctx;
    nk_buf *b = w->format == NK_RDF_NTRIPLES_CANONICAL ? &w->lines : &w->pending;
    if (b->len + 2 <= b->cap && b->len < 65535) {
        b->data[b->len++] = (char)byte;
        b->data[b->len] = '\0';
        return 0;
    }
    char c = (char)byte;
    return ios_write_bytes(ctx, &c, 1, 1) == 1 ? 0 : 1;
}

static int file_write(void *ctx, const char *data, size_t len)
{
    FILE *fp = ctx;
    return len && fwrite(data, 1, len, fp) != len ? NK_ERR_IO : NK_OK;
}

static const raptor_iostream_handler IOS_HANDLER = {
    2, NULL, NULL, ios_write_byte, ios_write_bytes, NULL, NULL, NULL,
};

/* raptor_new_world/raptor_world_open initialise libxml2's global state and
 * raptor_free_world calls libxml2's process-wide xmlCleanupParser: two
 * threads creating or freeing worlds at once double-free (seen with
 * `extract -j 2 -f nquads`).  Worlds are made and freed under this lock;
 * using them needs no lock. */
static pthread_mutex_t world_lock = PTHREAD_MUTEX_INITIALIZER;

void nk_rdf_world_lock(void)
{
    pthread_mutex_lock(&world_lock);
}

void nk_rdf_world_unlock(void)
{
    pthread_mutex_unlock(&world_lock);
}

static int open_raptor(nk_rdf_writer *w)
{
    nk_rdf_world_lock();
    w->rw = raptor_new_world();
    bool opened = w->rw && raptor_world_open(w->rw) == 0;
    nk_rdf_world_unlock();
    if (!opened)
        return NK_ERR_EXTERNAL;
    raptor_world_set_log_handler(w->rw, w, raptor_log);
    w->ser = raptor_new_serializer(w->rw, w->format == NK_RDF_NQUADS ? "nquads" : "ntriples");
    w->ios = raptor_new_iostream_from_handler(w->rw, w, &IOS_HANDLER);
    if (!w->ser || !w->ios || raptor_serializer_start_to_iostream(w->ser, NULL, w->ios) != 0)
        return NK_ERR_EXTERNAL;
    return NK_OK;
}

static int open_librdf(nk_rdf_writer *w)
{
    nk_rdf_world_lock();
    w->world = librdf_new_world();
    if (w->world) {
        librdf_world_set_logger(w->world, w, on_librdf_log);
        librdf_world_open(w->world);
    }
    nk_rdf_world_unlock();
    if (!w->world)
        return NK_ERR_EXTERNAL;
    w->storage = librdf_new_storage(w->world, "hashes", "newskg", "hash-type='memory'");
    if (!w->storage)
        return NK_ERR_EXTERNAL;
    w->model = librdf_new_model(w->world, w->storage, NULL);
    return w->model ? NK_OK : NK_ERR_EXTERNAL;
}

int nk_rdf_writer_new(nk_rdf_writer **out, nk_rdf_format format, nk_write_fn write,
                      void *write_ctx, nk_diag_sink *sink)
{
    *out = NULL;
    if ((unsigned)format > NK_RDF_JSONLD || !write) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX, "unknown RDF format");
        return NK_ERR_UNSUPPORTED;
    }
    nk_rdf_writer *w = nk_xcalloc(1, sizeof *w);
    w->format = format;
    w->write = write;
    w->write_ctx = write_ctx;
    w->sink = sink;
    int rc = format == NK_RDF_JSONLD                                ? NK_OK
             : format == NK_RDF_TURTLE || format == NK_RDF_RDFXML ? open_librdf(w)
                                                                 : open_raptor(w);
    if (rc < 0) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "cannot set up a %s writer (librdf/raptor)", nk_rdf_format_name(format));
        nk_rdf_writer_free(w);
        return rc;
    }
    *out = w;
    return NK_OK;
}

int nk_rdf_writer_new_file(nk_rdf_writer **out, nk_rdf_format format, FILE *fp,
                           nk_diag_sink *sink)
{
    int rc = nk_rdf_writer_new(out, format, file_write, fp, sink);
    if (rc == NK_OK)
        (*out)->fp = fp;
    return rc;
}

/* A raptor term for T, on the stack: literals point at T's strings, IRIs
 * at interned raptor URIs. */
static bool raptor_term_of(nk_rdf_writer *w, const nk_term *t, raptor_term *rt, bool fixed)
{
    memset(rt, 0, sizeof *rt);
    rt->world = w->rw;
    rt->usage = 1;
    if (t->kind == NK_TERM_IRI) {
        rt->type = RAPTOR_TERM_TYPE_URI;
        rt->value.uri = cache_get(fixed ? &w->fixed_uris : &w->graph_uris, w->rw, t->value);
        return rt->value.uri != NULL;
    }
    rt->type = RAPTOR_TERM_TYPE_LITERAL;
    size_t n = strlen(t->value);
    if (n > 0xFFFFFFFFu)
        return false;
    rt->value.literal.string = (unsigned char *)(uintptr_t)t->value;
    rt->value.literal.string_len = (unsigned)n;
    if (t->datatype) {
        rt->value.literal.datatype = cache_get(&w->fixed_uris, w->rw, t->datatype);
        if (!rt->value.literal.datatype)
            return false;
    } else if (t->lang) {
        size_t ln = strlen(t->lang);
        rt->value.literal.language = (unsigned char *)(uintptr_t)t->lang;
        rt->value.literal.language_len = (unsigned char)(ln < 255 ? ln : 255);
    }
    return true;
}

static int stream_statement(void *ctx, const nk_statement *st)
{
    nk_rdf_writer *w = ctx;
    raptor_term s, p, o, g;
    nk_term gt = {NK_TERM_IRI, st->graph, NULL, NULL};
    if (!raptor_term_of(w, &st->subject, &s, false) ||
        !raptor_term_of(w, &st->predicate, &p, true) ||
        !raptor_term_of(w, &st->object, &o, false) ||
        (st->graph && w->format == NK_RDF_NQUADS && !raptor_term_of(w, &gt, &g, false))) {
        fail(w, NK_ERR_EXTERNAL, "raptor rejected a term of %s", st->subject.value);
        return w->status;
    }
    raptor_statement rs;
    raptor_statement_init(&rs, w->rw);
    rs.subject = &s;
    rs.predicate = &p;
    rs.object = &o;
    rs.graph = st->graph && w->format == NK_RDF_NQUADS ? &g : NULL;
    if (raptor_serializer_serialize_statement(w->ser, &rs) != 0)
        fail(w, NK_ERR_EXTERNAL, "raptor could not write a statement of %s", st->subject.value);
    return w->status;
}

static librdf_node *librdf_node_of(nk_rdf_writer *w, const nk_term *t)
{
    if (t->kind == NK_TERM_IRI)
        return librdf_new_node_from_uri_string(w->world, (const unsigned char *)t->value);
    if (!t->datatype)
        return librdf_new_node_from_literal(w->world, (const unsigned char *)t->value, t->lang,
                                            0);
    librdf_uri *dt = librdf_new_uri(w->world, (const unsigned char *)t->datatype);
    if (!dt)
        return NULL;
    librdf_node *n = librdf_new_node_from_typed_literal(w->world,
                                                         (const unsigned char *)t->value,
                                                         NULL, dt);
    librdf_free_uri(dt);
    return n;
}

/* Add to the model (dependencies.md, pitfall 2: a statement from the nodes,
 * which it takes, then add_statement, which copies). */
static int model_statement(void *ctx, const nk_statement *st)
{
    nk_rdf_writer *w = ctx;
    librdf_node *s = librdf_node_of(w, &st->subject);
    librdf_node *p = librdf_node_of(w, &st->predicate);
    librdf_node *o = librdf_node_of(w, &st->object);
    if (!s || !p || !o) {
        if (s)
            librdf_free_node(s);
        if (p)
            librdf_free_node(p);
        if (o)
            librdf_free_node(o);
        fail(w, NK_ERR_EXTERNAL, "librdf rejected a term of %s", st->subject.value);
        return w->status;
    }
    librdf_statement *stmt = librdf_new_statement_from_nodes(w->world, s, p, o);
    if (!stmt || librdf_model_add_statement(w->model, stmt) != 0)
        fail(w, NK_ERR_EXTERNAL, "librdf rejected a triple of %s", st->subject.value);
    if (stmt)
        librdf_free_statement(stmt);
    return w->status;
}

int nk_rdf_writer_add(nk_rdf_writer *w, const nk_graph *g)
{
    if (!w || w->closed)
        return NK_ERR_INVALID;
    if (w->status < 0 || !g)
        return w->status;
    if (w->model) {
        if (!w->base)
            w->base = nk_xstrdup(g->base);
        nk_rdf_emit(g, model_statement, w);
        return w->status;
    }
    if (w->format == NK_RDF_JSONLD) {
        nk_buf_clear(&w->jsonld);
        if (w->jsonld_graphs == 0)
            nk_rdf_jsonld_begin(&w->jsonld, g->base);
        int rc = nk_rdf_jsonld_graph(&w->jsonld, g, w->jsonld_graphs == 0);
        if (rc < 0)
            fail(w, rc, "cannot write %s as JSON-LD", g->version_iri);
        else
            put_bytes(w, w->jsonld.data, w->jsonld.len);
        w->jsonld_graphs++;
        return w->status;
    }
    nk_rdf_emit(g, stream_statement, w);
    cache_clear(&w->graph_uris);
    if (w->status == NK_OK && w->format != NK_RDF_NTRIPLES_CANONICAL &&
        raptor_serializer_flush(w->ser) != 0)
        fail(w, NK_ERR_EXTERNAL, "raptor could not flush");
    if (w->format != NK_RDF_NTRIPLES_CANONICAL)
        flush_pending(w); /* the graph reaches the sink before add returns */
    return w->status;
}

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Write the kept lines sorted bytewise, duplicates dropped. */
static void write_sorted_lines(nk_rdf_writer *w)
{
    char *text = w->lines.data;
    size_t len = w->lines.len, n = 0, cap = 64;
    char **lines = nk_xmalloc(cap * sizeof *lines);
    char *p = text, *end = text + len;
    while (p && p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl)
            *nl = '\0';
        if (*p) {
            if (n == cap) {
                cap *= 2;
                lines = nk_xrealloc(lines, cap * sizeof *lines);
            }
            lines[n++] = p;
        }
        p = nl ? nl + 1 : end;
    }
    qsort(lines, n, sizeof *lines, line_cmp);
    nk_buf chunk = {0};
    for (size_t i = 0; i < n && w->status == NK_OK; i++) {
        if (i > 0 && strcmp(lines[i], lines[i - 1]) == 0)
            continue;
        nk_buf_puts(&chunk, lines[i]);
        nk_buf_putc(&chunk, '\n');
        if (chunk.len >= 65536) {
            put_bytes(w, chunk.data, chunk.len);
            nk_buf_clear(&chunk);
        }
    }
    if (chunk.len && w->status == NK_OK)
        put_bytes(w, chunk.data, chunk.len);
    nk_buf_free(&chunk);
    free(lines);
}

static void set_ns(nk_rdf_writer *w, librdf_serializer *ser, const char *ns, const char *local,
                   const char *prefix)
{
    nk_buf_clear(&w->tmp);
    nk_buf_puts(&w->tmp, ns);
    nk_buf_puts(&w->tmp, local);
    librdf_uri *u = librdf_new_uri(w->world, (const unsigned char *)w->tmp.data);
    if (!u)
        return;
    /* a refusal only costs an abbreviation: not an error */
    (void)librdf_serializer_set_namespace(ser, u, prefix);
    librdf_free_uri(u);
}

static void serialise_model(nk_rdf_writer *w)
{
    librdf_serializer *ser = librdf_new_serializer(
        w->world, w->format == NK_RDF_TURTLE ? "turtle" : "rdfxml-abbrev", NULL, NULL);
    if (!ser) {
        fail(w, NK_ERR_EXTERNAL, "librdf has no %s serializer", nk_rdf_format_name(w->format));
        return;
    }
    const char *base = w->base ? w->base : NK_DEFAULT_BASE;
    set_ns(w, ser, NK_ONTOLOGY_NS, "", "nk");
    /* rdf: is declared by raptor's writers themselves */
    set_ns(w, ser, NK_RDFS_NS, "", "rdfs");
    set_ns(w, ser, NK_OWL_NS, "", "owl");
    set_ns(w, ser, NK_XSD_NS, "", "xsd");
    set_ns(w, ser, NK_WD_NS, "", "wd");
    set_ns(w, ser, NK_PROV_NS, "", "prov");
    set_ns(w, ser, NK_SCHEMA_NS, "", "schema");
    set_ns(w, ser, base, "entity/", "entity");
    set_ns(w, ser, base, "event/", "event");
    set_ns(w, ser, base, "doc/", "doc");
    set_ns(w, ser, base, "mention/", "mention");
    /* straight to the output through an iostream: a string of the whole
     * serialisation would cost as much again as the output (surgical change
     * by harden, issue 15's memory bound) */
    raptor_iostream *ios =
        raptor_new_iostream_from_handler(librdf_world_get_raptor(w->world), w, &IOS_HANDLER);
    /* NULL base URI: a base would make the writer emit relative IRIs */
    if (!ios || librdf_serializer_serialize_model_to_iostream(ser, NULL, w->model, ios) != 0)
        fail(w, NK_ERR_EXTERNAL, "librdf could not serialise the graph as %s",
             nk_rdf_format_name(w->format));
    /* the serializer frees IOS when it is done with it (librdf 1.0.17) */
    librdf_free_serializer(ser);
    flush_pending(w);
}

int nk_rdf_writer_close(nk_rdf_writer *w)
{
    if (!w || w->closed)
        return NK_ERR_INVALID;
    w->closed = true;
    if (w->status < 0)
        return w->status;
    if (w->model) {
        serialise_model(w);
    } else if (w->format == NK_RDF_JSONLD) {
        nk_buf_clear(&w->jsonld);
        if (w->jsonld_graphs == 0)
            nk_rdf_jsonld_begin(&w->jsonld, NULL);
        nk_rdf_jsonld_end(&w->jsonld);
        put_bytes(w, w->jsonld.data, w->jsonld.len);
    } else {
        if (raptor_serializer_serialize_end(w->ser) != 0)
            fail(w, NK_ERR_EXTERNAL, "raptor could not finish the output");
        if (w->format != NK_RDF_NTRIPLES_CANONICAL)
            flush_pending(w);
        if (w->format == NK_RDF_NTRIPLES_CANONICAL && w->status == NK_OK)
            write_sorted_lines(w);
    }
    if (w->fp && w->status == NK_OK && fflush(w->fp) != 0)
        fail(w, NK_ERR_IO, "cannot write the output");
    return w->status;
}

void nk_rdf_writer_free(nk_rdf_writer *w)
{
    if (!w)
        return;
    if (w->ser)
        raptor_free_serializer(w->ser);
    if (w->ios)
        raptor_free_iostream(w->ios);
    cache_free(&w->graph_uris);
    cache_free(&w->fixed_uris);
    if (w->model)
        librdf_free_model(w->model);
    if (w->storage)
        librdf_free_storage(w->storage);
    nk_rdf_world_lock();
    if (w->rw)
        raptor_free_world(w->rw);
    if (w->world)
        librdf_free_world(w->world);
    nk_rdf_world_unlock();
    nk_buf_free(&w->lines);
    nk_buf_free(&w->jsonld);
    nk_buf_free(&w->pending);
    nk_buf_free(&w->tmp);
    free(w->base);
    free(w);
}

/* ---- one call, into a buffer ---------------------------------------------------- */

static int buf_write(void *ctx, const char *data, size_t len)
{
    nk_buf_append(ctx, data, len);
    return NK_OK;
}

int nk_rdf_write_graphs(const nk_graph *const *graphs, size_t n, nk_rdf_format format,
                        nk_buf *out, nk_diag_sink *sink)
{
    nk_rdf_writer *w = NULL;
    int rc;
    NK_TRY(nk_rdf_writer_new(&w, format, buf_write, out, sink));
    for (size_t i = 0; i < n; i++)
        NK_CHECK(nk_rdf_writer_add(w, graphs[i]));
    rc = nk_rdf_writer_close(w);
cleanup:
    nk_rdf_writer_free(w);
    return rc;
}

int nk_rdf_write(const nk_graph *g, nk_rdf_format format, nk_buf *out, nk_diag_sink *sink)
{
    const nk_graph *one[1] = {g};
    return nk_rdf_write_graphs(one, g ? 1 : 0, format, out, sink);
}
