/* store.c: see store.h.  The SQLite layer (schema, term dictionary, quads)
 * and the librdf storage module "newskg" on top of it; the bulk loader is
 * in store_load.c, SPARQL in store_query.c. */
#include "store_internal.h"

#include <rdf_storage_module.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define STORAGE_NAME "newskg"
#define DEFAULT_BUSY_MS 600000u
#define ENC_MIN_CAP ((size_t)1 << 16)
#define ENC_MAX_CAP ((size_t)1 << 21)
#define DEC_CAP ((size_t)1 << 16)

/* ---- hashing ---------------------------------------------------------------- */

/* Two 64-bit hashes of a term in one pass, 8 bytes at a time: two
 * multiply-rotate lanes with different constants, each finished with an
 * avalanche.  h1 is stored (terms.h); the pair keys the loader's cache. */
typedef struct hash2 {
    uint64_t a, b;
} hash2;

static uint64_t rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

static void hash2_word(hash2 *h, uint64_t k)
{
    h->a = rotl64(h->a ^ (k * 0x87c37b91114253d5ULL), 31) * 5 + 0x52dce729;
    h->b = rotl64(h->b ^ (k * 0x4cf5ad432745937fULL), 27) * 9 + 0x38495ab5;
}

/* A counted part: its length first, so parts cannot run into each other. */
static void hash2_part(hash2 *h, const char *s, size_t len)
{
    hash2_word(h, (uint64_t)len);
    const unsigned char *p = (const unsigned char *)s;
    while (len >= 8) {
        uint64_t k;
        memcpy(&k, p, 8);
        hash2_word(h, k);
        p += 8;
        len -= 8;
    }
    if (len) {
        uint64_t k = 0;
        for (size_t i = 0; i < len; i++)
            k |= (uint64_t)p[i] << (8 * i);
        hash2_word(h, k);
    }
}

static uint64_t avalanche(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

void store_term_hash(const term_view *t, uint64_t *h1, uint64_t *h2)
{
    uint64_t kind = (uint64_t)(unsigned)t->kind;
    hash2 h = {0x9e3779b97f4a7c15ULL ^ kind,
               0xc2b2ae3d27d4eb4fULL + kind};
    hash2_part(&h, t->value, t->len);
    if (t->kind == TERM_LITERAL) {
        hash2_part(&h, t->lang ? t->lang : "", t->lang ? t->lang_len : 0);
        hash2_part(&h, t->dt ? t->dt : "", t->dt ? t->dt_len : 0);
    }
    *h1 = avalanche(h.a);
    *h2 = avalanche(h.b ^ rotl64(h.a, 17));
}

/* ---- errors ----------------------------------------------------------------- */

void store_set_error(nk_db *d, const char *what)
{
    int code = d->sql ? sqlite3_extended_errcode(d->sql) : SQLITE_ERROR;
    const char *msg = d->sql ? sqlite3_errmsg(d->sql) : "no database";
    if ((code & 0xff) == SQLITE_FULL)
        msg = "the disk is full";
    snprintf(d->error, sizeof d->error, "%s: %s", what, msg);
}

int store_exec(nk_db *d, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(d->sql, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        int code = sqlite3_extended_errcode(d->sql);
        snprintf(d->error, sizeof d->error, "%s",
                 (code & 0xff) == SQLITE_FULL ? "the disk is full"
                 : err                        ? err
                                              : sqlite3_errstr(rc));
    }
    sqlite3_free(err);
    return rc;
}

/* ---- caches ----------------------------------------------------------------- */

static int64_t enc_get(const nk_db *d, uint64_t h1, uint64_t h2)
{
    if (!d->enc)
        return 0;
    size_t mask = d->enc_cap - 1;
    for (size_t i = (size_t)h1 & mask;; i = (i + 1) & mask) {
        const enc_entry *e = &d->enc[i];
        if (!e->id)
            return 0;
        if (e->h1 == h1 && e->h2 == h2)
            return e->id;
    }
}

static void enc_put(nk_db *d, uint64_t h1, uint64_t h2, int64_t id)
{
    if (!d->enc || (d->enc_n + 1) * 2 > d->enc_cap) {
        size_t cap = d->enc ? d->enc_cap * 2 : ENC_MIN_CAP;
        if (cap > ENC_MAX_CAP) {
            /* bounded memory: start again rather than grow */
            memset(d->enc, 0, d->enc_cap * sizeof *d->enc);
            d->enc_n = 0;
        } else {
            enc_entry *old = d->enc;
            size_t oldcap = d->enc_cap;
            d->enc = nk_xcalloc(cap, sizeof *d->enc);
            d->enc_cap = cap;
            d->enc_n = 0;
            for (size_t i = 0; i < oldcap; i++)
                if (old[i].id)
                    enc_put(d, old[i].h1, old[i].h2, old[i].id);
            free(old);
        }
    }
    size_t mask = d->enc_cap - 1;
    size_t i = (size_t)h1 & mask;
    while (d->enc[i].id && !(d->enc[i].h1 == h1 && d->enc[i].h2 == h2))
        i = (i + 1) & mask;
    if (!d->enc[i].id)
        d->enc_n++;
    d->enc[i].h1 = h1;
    d->enc[i].h2 = h2;
    d->enc[i].id = id;
}

void store_caches_reset(nk_db *d)
{
    for (size_t i = 0; d->uris && i < d->uris_cap; i++) {
        if (d->uris[i].uri)
            raptor_free_uri(d->uris[i].uri);
        d->uris[i].uri = NULL;
        d->uris[i].id = 0;
    }
    if (d->enc)
        memset(d->enc, 0, d->enc_cap * sizeof *d->enc);
    d->enc_n = 0;
    for (size_t i = 0; d->dec && i < d->dec_cap; i++) {
        if (d->dec[i].node)
            librdf_free_node(d->dec[i].node);
        d->dec[i].node = NULL;
        d->dec[i].id = 0;
    }
}

/* ---- the dictionary ---------------------------------------------------------- */

static bool same_bytes(const void *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

int64_t store_intern(nk_db *d, const term_view *t, bool create)
{
    if (t->len > 1000000000u || t->lang_len > 1000 || t->dt_len > 100000) {
        snprintf(d->error, sizeof d->error, "a term of %zu bytes is too long", t->len);
        return NK_ERR_INVALID;
    }
    uint64_t h1, h2;
    store_term_hash(t, &h1, &h2);
    int64_t id = enc_get(d, h1, h2);
    if (id)
        return id;
    int64_t dt = 0;
    if (t->kind == TERM_LITERAL && t->dt) {
        term_view dv = {TERM_IRI, t->dt, t->dt_len, NULL, 0, NULL, 0};
        dt = store_intern(d, &dv, create);
        if (dt <= 0)
            return dt;
    }
    sqlite3_stmt *q = d->term_by_h;
    sqlite3_bind_int64(q, 1, (sqlite3_int64)h1);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (sqlite3_column_int(q, 1) != t->kind)
            continue;
        const void *v = sqlite3_column_blob(q, 2);
        size_t vlen = (size_t)sqlite3_column_bytes(q, 2);
        if (!same_bytes(v, vlen, t->value, t->len))
            continue;
        if (t->kind == TERM_LITERAL) {
            const void *l = sqlite3_column_blob(q, 3);
            size_t llen = l ? (size_t)sqlite3_column_bytes(q, 3) : 0;
            if ((l != NULL) != (t->lang != NULL) ||
                (l && !same_bytes(l, llen, t->lang, t->lang_len)))
                continue;
            if (sqlite3_column_int64(q, 4) != dt)
                continue;
        }
        id = sqlite3_column_int64(q, 0);
        break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        store_set_error(d, "reading the term dictionary");
        sqlite3_reset(q);
        return NK_ERR_IO;
    }
    sqlite3_reset(q);
    if (!id && create) {
        q = d->term_insert;
        sqlite3_bind_int64(q, 1, (sqlite3_int64)h1);
        sqlite3_bind_int(q, 2, t->kind);
        sqlite3_bind_text(q, 3, t->len ? t->value : "", (int)t->len, SQLITE_STATIC);
        if (t->kind == TERM_LITERAL && t->lang)
            sqlite3_bind_text(q, 4, t->lang, (int)t->lang_len, SQLITE_STATIC);
        else
            sqlite3_bind_null(q, 4);
        if (dt)
            sqlite3_bind_int64(q, 5, dt);
        else
            sqlite3_bind_null(q, 5);
        rc = sqlite3_step(q);
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
        if (rc != SQLITE_DONE) {
            store_set_error(d, "writing the term dictionary");
            return NK_ERR_IO;
        }
        id = sqlite3_last_insert_rowid(d->sql);
    }
    if (id)
        enc_put(d, h1, h2, id);
    return id;
}

void store_view_of_node(librdf_node *node, term_view *out)
{
    memset(out, 0, sizeof *out);
    raptor_term *t = node;
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI:
        out->kind = TERM_IRI;
        out->value = (const char *)raptor_uri_as_counted_string(t->value.uri, &out->len);
        break;
    case RAPTOR_TERM_TYPE_BLANK:
        out->kind = TERM_BLANK;
        out->value = (const char *)t->value.blank.string;
        out->len = t->value.blank.string_len;
        break;
    case RAPTOR_TERM_TYPE_LITERAL:
        out->kind = TERM_LITERAL;
        out->value = (const char *)t->value.literal.string;
        out->len = t->value.literal.string_len;
        if (t->value.literal.language && t->value.literal.language_len) {
            out->lang = (const char *)t->value.literal.language;
            out->lang_len = t->value.literal.language_len;
        }
        if (t->value.literal.datatype)
            out->dt = (const char *)raptor_uri_as_counted_string(t->value.literal.datatype,
                                                                &out->dt_len);
        break;
    case RAPTOR_TERM_TYPE_UNKNOWN:
    default:
        out->kind = 0;
        break;
    }
    if (!out->value)
        out->value = "";
}

static librdf_node *build_node(nk_db *d, int64_t id)
{
    sqlite3_stmt *q = d->term_get;
    librdf_node *n = NULL;
    sqlite3_bind_int64(q, 1, id);
    if (sqlite3_step(q) != SQLITE_ROW) {
        store_set_error(d, "reading a term");
        sqlite3_reset(q);
        return NULL;
    }
    int kind = sqlite3_column_int(q, 0);
    const unsigned char *v = sqlite3_column_text(q, 1);
    size_t vlen = (size_t)sqlite3_column_bytes(q, 1);
    if (!v)
        v = (const unsigned char *)"";
    if (kind == TERM_IRI) {
        n = librdf_new_node_from_counted_uri_string(d->world, v, vlen);
    } else if (kind == TERM_BLANK) {
        n = librdf_new_node_from_counted_blank_identifier(d->world, v, vlen);
    } else {
        const char *lang = (const char *)sqlite3_column_text(q, 2);
        size_t llen = lang ? (size_t)sqlite3_column_bytes(q, 2) : 0;
        int64_t dt = sqlite3_column_int64(q, 3);
        /* copy what the nested lookup of the datatype would overwrite */
        char *vcopy = nk_xstrndup((const char *)v, vlen);
        char *lcopy = lang ? nk_xstrndup(lang, llen) : NULL;
        sqlite3_reset(q);
        librdf_node *dtn = dt ? store_node_of(d, dt) : NULL;
        librdf_uri *dturi = dtn ? librdf_node_get_uri(dtn) : NULL;
        if (!dt || dtn)
            n = librdf_new_node_from_typed_counted_literal(
                d->world, (const unsigned char *)vcopy, vlen, lcopy, llen, dturi);
        if (dtn)
            librdf_free_node(dtn);
        free(vcopy);
        free(lcopy);
        return n;
    }
    sqlite3_reset(q);
    return n;
}

#define URI_CAP ((size_t)1 << 14)

int64_t store_intern_node(nk_db *d, librdf_node *node, bool create)
{
    raptor_term *t = node;
    if (t->type != RAPTOR_TERM_TYPE_URI || !d->uris) {
        term_view v;
        store_view_of_node(node, &v);
        return v.kind ? store_intern(d, &v, create) : NK_ERR_INVALID;
    }
    raptor_uri *u = t->value.uri;
    uri_entry *e = &d->uris[((uintptr_t)u >> 4) & (d->uris_cap - 1)];
    if (e->uri == u)
        return e->id;
    term_view v;
    store_view_of_node(node, &v);
    int64_t id = store_intern(d, &v, create);
    if (id > 0) {
        if (e->uri)
            raptor_free_uri(e->uri);
        e->uri = raptor_uri_copy(u);
        e->id = id;
    }
    return id;
}

librdf_node *store_node_of(nk_db *d, int64_t id)
{
    dec_entry *e = &d->dec[(size_t)id & (d->dec_cap - 1)];
    if (e->node && e->id == id)
        return librdf_new_node_from_node(e->node);
    librdf_node *n = build_node(d, id);
    if (!n)
        return NULL;
    if (e->node)
        librdf_free_node(e->node);
    e->node = librdf_new_node_from_node(n);
    e->id = e->node ? id : 0;
    return n;
}

/* ---- transactions and writes ------------------------------------------------------ */

int store_begin(nk_db *d)
{
    if (d->txn) {
        snprintf(d->error, sizeof d->error, "a transaction is already open");
        return NK_ERR_INVALID;
    }
    if (store_exec(d, "BEGIN IMMEDIATE") != SQLITE_OK)
        return NK_ERR_IO;
    d->txn = 1;
    return NK_OK;
}

int store_commit(nk_db *d)
{
    if (!d->txn)
        return NK_OK;
    if (store_exec(d, "COMMIT") != SQLITE_OK) {
        store_rollback(d);
        return NK_ERR_IO;
    }
    d->txn = 0;
    return NK_OK;
}

void store_rollback(nk_db *d)
{
    if (sqlite3_get_autocommit(d->sql) == 0) {
        char keep[sizeof d->error];
        memcpy(keep, d->error, sizeof keep);
        (void)store_exec(d, "ROLLBACK");
        memcpy(d->error, keep, sizeof keep);
    }
    d->txn = 0;
    store_caches_reset(d);
}

/* Bind the four ids of a quad to ?1..?4 of Q (g, s, p, o). */
static void bind_quad(sqlite3_stmt *q, int64_t g, int64_t s, int64_t p, int64_t o)
{
    sqlite3_bind_int64(q, 1, g);
    sqlite3_bind_int64(q, 2, s);
    sqlite3_bind_int64(q, 3, p);
    sqlite3_bind_int64(q, 4, o);
}

static int step_done(nk_db *d, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store_set_error(d, what);
        return NK_ERR_IO;
    }
    return NK_OK;
}

/* The default graph's row of (s, p, o): count one more or one fewer graph
 * holding it, and remove it at zero. */
int store_triple_count(nk_db *d, int64_t s, int64_t p, int64_t o, int64_t delta)
{
    if (delta == 0)
        return NK_OK;
    sqlite3_stmt *q = delta > 0 ? d->triple_inc : d->triple_dec;
    sqlite3_bind_int64(q, 1, s);
    sqlite3_bind_int64(q, 2, p);
    sqlite3_bind_int64(q, 3, o);
    sqlite3_bind_int64(q, 4, delta > 0 ? delta : -delta);
    NK_TRY(step_done(d, q, "writing the default graph"));
    if (delta > 0)
        return NK_OK;
    q = d->triple_gone;
    sqlite3_bind_int64(q, 1, s);
    sqlite3_bind_int64(q, 2, p);
    sqlite3_bind_int64(q, 3, o);
    return step_done(d, q, "writing the default graph");
}

int store_insert_quad(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o)
{
    sqlite3_stmt *q = d->quad_insert;
    bind_quad(q, g, s, p, o);
    NK_TRY(step_done(d, q, "writing a quad"));
    return sqlite3_changes(d->sql) > 0 ? 1 : 0;
}

int store_delete_quad(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o)
{
    sqlite3_stmt *q = d->quad_delete;
    bind_quad(q, g, s, p, o);
    NK_TRY(step_done(d, q, "removing a quad"));
    return sqlite3_changes(d->sql) > 0 ? 1 : 0;
}

int store_insert_ids(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o)
{
    int r = store_insert_quad(d, g, s, p, o);
    if (r > 0)
        NK_TRY(store_triple_count(d, s, p, o, 1));
    return r;
}

int store_delete_ids(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o)
{
    int r = store_delete_quad(d, g, s, p, o);
    if (r > 0)
        NK_TRY(store_triple_count(d, s, p, o, -1));
    return r;
}

int store_clear_graph(nk_db *d, int64_t g, int64_t *removed)
{
    /* the default graph first: one graph fewer for each of its triples */
    sqlite3_stmt *q = d->graph_quads;
    sqlite3_bind_int64(q, 1, g);
    int rc;
    int64_t n = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int r = store_triple_count(d, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                                   sqlite3_column_int64(q, 2), -1);
        if (r < 0) {
            sqlite3_reset(q);
            return r;
        }
        n++;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store_set_error(d, "reading a graph");
        return NK_ERR_IO;
    }
    q = d->graph_clear;
    sqlite3_bind_int64(q, 1, g);
    NK_TRY(step_done(d, q, "removing a graph"));
    if (removed)
        *removed = n;
    q = d->graph_delete;
    sqlite3_bind_int64(q, 1, g);
    return step_done(d, q, "removing a graph");
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store_graph_set(nk_db *d, int64_t g, int64_t triples, const char *source)
{
    char now[32];
    utc_now(now, sizeof now);
    sqlite3_stmt *q = d->graph_set;
    sqlite3_bind_int64(q, 1, g);
    sqlite3_bind_int64(q, 2, triples);
    sqlite3_bind_text(q, 3, now, -1, SQLITE_TRANSIENT);
    if (source)
        sqlite3_bind_text(q, 4, source, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 4);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE) {
        store_set_error(d, "recording a graph");
        return NK_ERR_IO;
    }
    return NK_OK;
}

int64_t store_graph_triples(nk_db *d, int64_t g)
{
    sqlite3_stmt *q = d->graph_has;
    sqlite3_bind_int64(q, 1, g);
    int64_t n = 0;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    else if (rc != SQLITE_DONE) {
        store_set_error(d, "reading the graph list");
        n = NK_ERR_IO;
    }
    sqlite3_reset(q);
    return n;
}

/* Count a quad added to or removed from graph G by the librdf API. */
static int graph_adjust(nk_db *d, int64_t g, int delta)
{
    sqlite3_stmt *q = d->graph_touch;
    char now[32];
    utc_now(now, sizeof now);
    sqlite3_bind_int64(q, 1, g);
    sqlite3_bind_int(q, 2, delta);
    sqlite3_bind_text(q, 3, now, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store_set_error(d, "recording a graph");
        return NK_ERR_IO;
    }
    return NK_OK;
}

/* ---- opening: schema and statements ---------------------------------------------- */

static const char SCHEMA[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE terms(id INTEGER PRIMARY KEY, h INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, value TEXT NOT NULL, lang TEXT, dt INTEGER);"
    "CREATE INDEX terms_h ON terms(h);"
    "CREATE TABLE quads(g INTEGER NOT NULL, s INTEGER NOT NULL,"
    " p INTEGER NOT NULL, o INTEGER NOT NULL, PRIMARY KEY(g, s, p, o)) WITHOUT ROWID;"
    "CREATE INDEX quads_gpo ON quads(g, p, o, s);"
    "CREATE TABLE triples(s INTEGER NOT NULL, p INTEGER NOT NULL, o INTEGER NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY(s, p, o)) WITHOUT ROWID;"
    "CREATE INDEX triples_pos ON triples(p, o, s);"
    "CREATE INDEX triples_osp ON triples(o, s, p);"
    "CREATE TABLE graphs(g INTEGER PRIMARY KEY, triples INTEGER NOT NULL,"
    " loaded TEXT NOT NULL, source TEXT);"
    "INSERT INTO meta VALUES('format', 'newskg store'), ('schema', '1'),"
    " ('loads', '0');";

static int prepare(nk_db *d, const char *sql, sqlite3_stmt **out)
{
    if (sqlite3_prepare_v3(d->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) !=
        SQLITE_OK) {
        store_set_error(d, "preparing a statement");
        return NK_ERR_EXTERNAL;
    }
    return NK_OK;
}

static int64_t pragma_int(nk_db *d, const char *sql, int *rc_out)
{
    sqlite3_stmt *q = NULL;
    int64_t v = 0;
    int rc = sqlite3_prepare_v2(d->sql, sql, -1, &q, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int64(q, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK)
        store_set_error(d, "reading the file");
    sqlite3_finalize(q);
    *rc_out = rc;
    return v;
}

/* Switch to WAL: readers do not block the writer, a commit is one append,
 * and a killed writer leaves the last committed state.  Changing the
 * journal mode reads the file's header, then writes it; SQLite does not
 * call the busy handler for a lock wanted from inside a read (it could
 * deadlock with a writer waiting on that read), so two processes making a
 * new store at once got "database is locked" about one time in a hundred.
 * Retry SQLITE_BUSY here for up to the busy timeout; once the other
 * process has switched, this is a no-op. */
static int set_wal(nk_db *d)
{
    unsigned waited = 0;
    for (;;) {
        int rc = store_exec(d, "PRAGMA journal_mode=WAL");
        if ((rc & 0xff) != SQLITE_BUSY || waited >= d->busy_ms)
            return rc;
        unsigned ms = waited < 100 ? 1 : 10;
        sqlite3_sleep((int)ms);
        waited += ms;
    }
}

/* Check the file is our store, creating the schema in an empty one. */
static int check_schema(nk_db *d)
{
    int rc;
    int64_t app = pragma_int(d, "PRAGMA application_id", &rc);
    if (rc != SQLITE_OK) {
        if ((sqlite3_extended_errcode(d->sql) & 0xff) == SQLITE_NOTADB)
            snprintf(d->error, sizeof d->error,
                     "not a newskg store (the file is not an SQLite database)");
        return NK_ERR_INVALID;
    }
    int64_t tables = pragma_int(d, "SELECT count(*) FROM sqlite_schema", &rc);
    if (rc != SQLITE_OK)
        return NK_ERR_IO;
    if (app != STORE_APPLICATION_ID && tables > 0) {
        /* the two reads are two transactions: a concurrent writer may have
         * made the schema between them (two loads into a new store) */
        int64_t again = pragma_int(d, "PRAGMA application_id", &rc);
        if (rc == SQLITE_OK && again == STORE_APPLICATION_ID)
            app = again;
    }
    if (app == STORE_APPLICATION_ID) {
        int64_t v = pragma_int(d, "PRAGMA user_version", &rc);
        if (rc != SQLITE_OK)
            return NK_ERR_IO;
        if (v != STORE_SCHEMA_VERSION) {
            snprintf(d->error, sizeof d->error,
                     "a newskg store of schema %lld; this newskg reads schema %d",
                     (long long)v, STORE_SCHEMA_VERSION);
            return NK_ERR_INVALID;
        }
        return NK_OK;
    }
    if (tables > 0 || app != 0) {
        snprintf(d->error, sizeof d->error,
                 "not a newskg store (an SQLite database of another application)");
        return NK_ERR_INVALID;
    }
    if (d->readonly || !d->create) {
        snprintf(d->error, sizeof d->error, "not a newskg store (an empty database)");
        return NK_ERR_INVALID;
    }
    /* empty: create the schema, unless a concurrent writer just did.
     * 16 KB pages: shallower B-trees for the quad indexes (set before the
     * first page is written; a no-op when another writer made the file
     * first).  WAL before the schema, so that the schema is made under
     * BEGIN IMMEDIATE in WAL mode, where a concurrent creator waits. */
    if (store_exec(d, "PRAGMA page_size=16384") != SQLITE_OK)
        return NK_ERR_IO;
    if (set_wal(d) != SQLITE_OK)
        return NK_ERR_IO;
    if (store_exec(d, "BEGIN IMMEDIATE") != SQLITE_OK)
        return NK_ERR_IO;
    app = pragma_int(d, "PRAGMA application_id", &rc);
    if (rc == SQLITE_OK && app == 0) {
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                 STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
        if (store_exec(d, SCHEMA) != SQLITE_OK || store_exec(d, sql) != SQLITE_OK) {
            (void)sqlite3_exec(d->sql, "ROLLBACK", NULL, NULL, NULL);
            return NK_ERR_IO;
        }
    }
    if (store_exec(d, "COMMIT") != SQLITE_OK) {
        (void)sqlite3_exec(d->sql, "ROLLBACK", NULL, NULL, NULL);
        return NK_ERR_IO;
    }
    return NK_OK;
}

static void db_close(nk_db *d)
{
    for (int i = 0; i < FIND_SHAPES; i++) {
        for (int k = 0; k < d->finds[i].nfree; k++)
            sqlite3_finalize(d->finds[i].free[k]);
        d->finds[i].nfree = 0;
    }
    sqlite3_stmt **all[] = {&d->term_by_h, &d->term_insert, &d->term_get,
                            &d->quad_insert, &d->quad_delete, &d->graph_clear,
                            &d->graph_touch, &d->graph_count, &d->graph_set,
                            &d->graph_delete, &d->graph_has, &d->graph_quads,
                            &d->triple_inc, &d->triple_dec, &d->triple_gone};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
    store_caches_reset(d);
    free(d->enc);
    d->enc = NULL;
    d->enc_cap = 0;
    free(d->dec);
    d->dec = NULL;
    free(d->uris);
    d->uris = NULL;
    d->uris_cap = 0;
    if (d->sql) {
        if (d->txn)
            (void)sqlite3_exec(d->sql, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(d->sql);
        d->sql = NULL;
    }
    d->txn = 0;
}

static int db_open(nk_db *d)
{
    struct stat sb;
    if (stat(d->path, &sb) != 0) {
        if (errno != ENOENT || !d->create || d->readonly) {
            snprintf(d->error, sizeof d->error, "%s",
                     errno == ENOENT ? "no store here (load something into it first)"
                                     : strerror(errno));
            return NK_ERR_NOTFOUND;
        }
    } else if (S_ISDIR(sb.st_mode)) {
        snprintf(d->error, sizeof d->error, "is a directory, not a store");
        return NK_ERR_INVALID;
    } else if (!S_ISREG(sb.st_mode)) {
        snprintf(d->error, sizeof d->error, "not a newskg store (not a regular file)");
        return NK_ERR_INVALID;
    }
    int flags = d->readonly ? SQLITE_OPEN_READONLY
                            : SQLITE_OPEN_READWRITE | (d->create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(d->path, &d->sql, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(d->error, sizeof d->error, "cannot open the store: %s",
                 d->sql ? sqlite3_errmsg(d->sql) : "out of memory");
        if (errno == EACCES || errno == EROFS || errno == ENOENT)
            snprintf(d->error + strlen(d->error), sizeof d->error - strlen(d->error),
                     " (%s)", strerror(errno));
        sqlite3_close(d->sql);
        d->sql = NULL;
        return NK_ERR_IO;
    }
    sqlite3_extended_result_codes(d->sql, 1);
    sqlite3_busy_timeout(d->sql, (int)(d->busy_ms > 0x7fffffffu ? 0x7fffffffu : d->busy_ms));
    int rc = check_schema(d);
    if (rc < 0)
        return rc;
    /* WAL (a no-op on a store made by this newskg; see set_wal).
     * synchronous=NORMAL keeps every commit through a crash of the process
     * (not of the machine's power, where the last commits may be lost,
     * never the file). */
    if (!d->readonly && set_wal(d) != SQLITE_OK)
        return NK_ERR_IO;
    if (store_exec(d, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                      " PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF") != SQLITE_OK)
        return NK_ERR_IO;
    NK_TRY(prepare(d, "SELECT id, kind, value, lang, dt FROM terms WHERE h=?1", &d->term_by_h));
    NK_TRY(prepare(d, "INSERT INTO terms(h, kind, value, lang, dt) VALUES(?1,?2,?3,?4,?5)",
                   &d->term_insert));
    NK_TRY(prepare(d, "SELECT kind, value, lang, dt FROM terms WHERE id=?1", &d->term_get));
    NK_TRY(prepare(d, "INSERT OR IGNORE INTO quads(g, s, p, o) VALUES(?1,?2,?3,?4)",
                   &d->quad_insert));
    NK_TRY(prepare(d, "DELETE FROM quads WHERE g=?1 AND s=?2 AND p=?3 AND o=?4",
                   &d->quad_delete));
    NK_TRY(prepare(d, "DELETE FROM quads WHERE g=?1", &d->graph_clear));
    NK_TRY(prepare(d, "SELECT s, p, o FROM quads WHERE g=?1 ORDER BY s, p, o", &d->graph_quads));
    NK_TRY(prepare(d, "INSERT INTO triples(s, p, o, n) VALUES(?1,?2,?3,?4)"
                      " ON CONFLICT(s, p, o) DO UPDATE SET n=n+?4",
                   &d->triple_inc));
    NK_TRY(prepare(d, "UPDATE triples SET n=n-?4 WHERE s=?1 AND p=?2 AND o=?3", &d->triple_dec));
    NK_TRY(prepare(d, "DELETE FROM triples WHERE s=?1 AND p=?2 AND o=?3 AND n<=0",
                   &d->triple_gone));
    NK_TRY(prepare(d, "INSERT INTO graphs(g, triples, loaded) VALUES(?1, max(?2, 0), ?3)"
                      " ON CONFLICT(g) DO UPDATE SET triples=max(triples+?2, 0)",
                   &d->graph_touch));
    NK_TRY(prepare(d, "SELECT count(*) FROM quads", &d->graph_count));
    NK_TRY(prepare(d, "INSERT INTO graphs(g, triples, loaded, source) VALUES(?1,?2,?3,?4)"
                      " ON CONFLICT(g) DO UPDATE SET triples=?2, loaded=?3, source=?4",
                   &d->graph_set));
    NK_TRY(prepare(d, "DELETE FROM graphs WHERE g=?1", &d->graph_delete));
    NK_TRY(prepare(d, "SELECT triples FROM graphs WHERE g=?1", &d->graph_has));
    d->dec_cap = DEC_CAP;
    d->dec = nk_xcalloc(d->dec_cap, sizeof *d->dec);
    d->uris_cap = URI_CAP;
    d->uris = nk_xcalloc(d->uris_cap, sizeof *d->uris);
    return NK_OK;
}

/* ---- find: SQL per pattern shape, streams of statements --------------------------- */

enum { B_S = 1, B_P = 2, B_O = 4, B_G = 8 };

/* The SQL for a shape.  Without a graph, the default graph: the triples
 * table (each triple once, however many graphs hold it), by the index
 * whose leading columns are the bound ones.  With a graph, its quads, by
 * the primary key (g, s, p, o) or (g, p, o, s): a graph is one article
 * version, so a scan of it is short. */
static void find_sql(int shape, char *buf, size_t n)
{
    static const char *const INDEX[8] = {
        /* bound (s,p,o) -> index of triples */
        [0] = NULL, [B_S] = NULL, [B_P] = "triples_pos", [B_S | B_P] = NULL,
        [B_O] = "triples_osp", [B_S | B_O] = "triples_osp", [B_P | B_O] = "triples_pos",
        [B_S | B_P | B_O] = NULL,
    };
    int spo = shape & 7;
    size_t len;
    if (!(shape & B_G)) {
        len = (size_t)snprintf(buf, n, "SELECT 0, s, p, o FROM triples%s%s",
                               INDEX[spo] ? " INDEXED BY " : "", INDEX[spo] ? INDEX[spo] : "");
    } else {
        const char *index = (shape & B_S) || !(shape & (B_P | B_O)) ? NULL : "quads_gpo";
        len = (size_t)snprintf(buf, n, "SELECT g, s, p, o FROM quads%s%s",
                               index ? " INDEXED BY " : "", index ? index : "");
    }
    const char *sep = " WHERE ";
    static const char *const COLS[] = {"s", "p", "o", "g"};
    for (int i = 0; i < 4; i++)
        if (shape & (1 << i)) {
            len += (size_t)snprintf(buf + len, n - len, "%s%s=?", sep, COLS[i]);
            sep = " AND ";
        }
}

static sqlite3_stmt *find_take(nk_db *d, int shape)
{
    find_pool *p = &d->finds[shape];
    if (p->nfree > 0)
        return p->free[--p->nfree];
    char sql[256];
    find_sql(shape, sql, sizeof sql);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v3(d->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
        store_set_error(d, "preparing a find");
        librdf_log(d->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL, "%s", d->error);
        return NULL;
    }
    return q;
}

static void find_give_back(nk_db *d, int shape, sqlite3_stmt *q)
{
    if (!q)
        return;
    if (shape < 0 || shape >= FIND_SHAPES) {
        sqlite3_finalize(q);
        return;
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    find_pool *p = &d->finds[shape];
    if (p->nfree < FIND_POOL)
        p->free[p->nfree++] = q;
    else
        sqlite3_finalize(q);
}

typedef struct find_stream {
    nk_db *d;
    librdf_storage *storage;
    int shape;
    sqlite3_stmt *q;
    bool done;
    int64_t cur[4];           /* g (0: the default graph), s, p, o */
    librdf_statement *statement;  /* built on demand */
    librdf_node *context;
} find_stream;

static void find_clear_current(find_stream *f)
{
    if (f->statement) {
        librdf_free_statement(f->statement);
        f->statement = NULL;
    }
    if (f->context) {
        librdf_free_node(f->context);
        f->context = NULL;
    }
}

/* Step to the next row. */
static void find_advance(find_stream *f)
{
    find_clear_current(f);
    if (f->done)
        return;
    int rc = sqlite3_step(f->q);
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE) {
            store_set_error(f->d, "reading quads");
            librdf_log(f->d->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL, "%s",
                       f->d->error);
        }
        f->done = true;
        return;
    }
    for (int i = 0; i < 4; i++)
        f->cur[i] = sqlite3_column_int64(f->q, i);
}

static int find_is_end(void *ctx)
{
    return ((find_stream *)ctx)->done;
}

static int find_next(void *ctx)
{
    find_stream *f = ctx;
    find_advance(f);
    return f->done;
}

static void *find_get(void *ctx, int flags)
{
    find_stream *f = ctx;
    if (f->done)
        return NULL;
    if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT) {
        if (!f->cur[0])
            return NULL;
        if (!f->context)
            f->context = store_node_of(f->d, f->cur[0]);
        return f->context;
    }
    if (!f->statement) {
        librdf_node *s = store_node_of(f->d, f->cur[1]);
        librdf_node *p = store_node_of(f->d, f->cur[2]);
        librdf_node *o = store_node_of(f->d, f->cur[3]);
        if (!s || !p || !o) {
            if (s)
                librdf_free_node(s);
            if (p)
                librdf_free_node(p);
            if (o)
                librdf_free_node(o);
            return NULL;
        }
        f->statement = librdf_new_statement_from_nodes(f->d->world, s, p, o);
    }
    return f->statement;
}

static void find_finished(void *ctx)
{
    find_stream *f = ctx;
    find_clear_current(f);
    find_give_back(f->d, f->shape, f->q);
    if (f->storage)
        librdf_storage_remove_reference(f->storage);
    free(f);
}

/* A stream of the quads matching PATTERN (NULL parts are wildcards) in
 * graph CONTEXT, or in the default graph when CONTEXT is NULL. */
static librdf_stream *find_stream_new(librdf_storage *storage, librdf_statement *pattern,
                                      librdf_node *context)
{
    nk_db *d = librdf_storage_get_instance(storage);
    librdf_node *parts[4] = {NULL, NULL, NULL, context};
    if (pattern) {
        parts[0] = librdf_statement_get_subject(pattern);
        parts[1] = librdf_statement_get_predicate(pattern);
        parts[2] = librdf_statement_get_object(pattern);
    }
    int64_t ids[4];
    int shape = 0, nbound = 0;
    bool absent = false;
    for (int i = 0; i < 4; i++) {
        if (!parts[i])
            continue;
        int64_t id = store_intern_node(d, parts[i], false);
        if (id == NK_ERR_INVALID)
            id = 0;
        if (id < 0)
            return NULL;
        if (id == 0)
            absent = true;
        ids[nbound++] = id;
        shape |= 1 << i;
    }
    if (absent)
        return librdf_new_empty_stream(d->world);
    find_stream *f = nk_xcalloc(1, sizeof *f);
    f->d = d;
    f->shape = shape;
    f->q = find_take(d, shape);
    if (!f->q) {
        free(f);
        return NULL;
    }
    for (int i = 0; i < nbound; i++)
        sqlite3_bind_int64(f->q, i + 1, ids[i]);
    f->storage = storage;
    librdf_storage_add_reference(storage);
    find_advance(f);
    librdf_stream *s = librdf_new_stream(d->world, f, find_is_end, find_next, find_get,
                                         find_finished);
    if (!s)
        find_finished(f);
    return s;
}

/* ---- the librdf storage factory ------------------------------------------------------ */

static int sto_init(librdf_storage *storage, const char *name, librdf_hash *options)
{
    nk_db *d = nk_xcalloc(1, sizeof *d);
    d->world = librdf_storage_get_world(storage);
    d->storage = storage;
    d->path = nk_xstrdup(name && *name ? name : NK_STORE_DEFAULT_PATH);
    d->busy_ms = DEFAULT_BUSY_MS;
    if (options) {
        d->create = librdf_hash_get_as_boolean(options, "new") > 0;
        d->readonly = librdf_hash_get_as_boolean(options, "write") == 0;
        long ms = librdf_hash_get_as_long(options, "busy-timeout");
        if (ms > 0)
            d->busy_ms = (unsigned)(ms > 0x7fffffffL ? 0x7fffffffL : ms);
        librdf_free_hash(options);
    }
    librdf_storage_set_instance(storage, d);
    return 0;
}

static int sto_clone(librdf_storage *new_storage, librdf_storage *old_storage)
{
    nk_db *old = librdf_storage_get_instance(old_storage);
    nk_db *d = nk_xcalloc(1, sizeof *d);
    d->world = old->world;
    d->storage = new_storage;
    d->path = nk_xstrdup(old->path);
    d->busy_ms = old->busy_ms;
    d->readonly = old->readonly;
    librdf_storage_set_instance(new_storage, d);
    return 0;
}

static void sto_terminate(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    if (!d)
        return;
    db_close(d);
    free(d->path);
    free(d);
    librdf_storage_set_instance(storage, NULL);
}

static void log_error(nk_db *d)
{
    librdf_log(d->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL, "%s: %s", d->path,
               d->error);
}

static int sto_open(librdf_storage *storage, librdf_model *model)
{
    (void)model;
    nk_db *d = librdf_storage_get_instance(storage);
    if (d->sql)
        return 0;
    if (db_open(d) < 0) {
        log_error(d);
        db_close(d);
        return 1;
    }
    return 0;
}

static int sto_close(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    db_close(d);
    return 0;
}

static int sto_size(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    sqlite3_stmt *q = d->graph_count;
    int64_t n = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return n > 0x7fffffff ? 0x7fffffff : (int)n;
}

/* Ids of a statement's three nodes (and the context); 0 in an id when
 * the term is not in the store and !CREATE. */
static int statement_ids(nk_db *d, librdf_statement *st, librdf_node *context, bool create,
                         int64_t ids[4])
{
    librdf_node *parts[4] = {librdf_statement_get_subject(st),
                             librdf_statement_get_predicate(st),
                             librdf_statement_get_object(st), context};
    for (int i = 0; i < 4; i++) {
        ids[i] = 0;
        if (!parts[i])
            continue;
        int64_t id = store_intern_node(d, parts[i], create);
        if (id < 0)
            return (int)id;
        ids[i] = id;
    }
    return NK_OK;
}

/* Run one write inside the caller's transaction or in its own. */
static int write_begin(nk_db *d, bool *own)
{
    *own = !d->txn;
    if (*own && store_exec(d, "BEGIN IMMEDIATE") != SQLITE_OK)
        return NK_ERR_IO;
    return NK_OK;
}

static int write_end(nk_db *d, bool own, int rc)
{
    if (!own)
        return rc;
    if (rc < 0) {
        (void)sqlite3_exec(d->sql, "ROLLBACK", NULL, NULL, NULL);
        store_caches_reset(d);
        return rc;
    }
    if (store_exec(d, "COMMIT") != SQLITE_OK) {
        (void)sqlite3_exec(d->sql, "ROLLBACK", NULL, NULL, NULL);
        store_caches_reset(d);
        return NK_ERR_IO;
    }
    return rc;
}

/* The graph of a statement added without one: every quad is in a named
 * graph, so a triple added to "no context" goes to this one. */
#define DEFAULT_GRAPH_IRI "urn:x-newskg:default-graph"

static int sto_context_add_statement(librdf_storage *storage, librdf_node *context,
                                     librdf_statement *statement)
{
    nk_db *d = librdf_storage_get_instance(storage);
    if (d->readonly)
        return 1;
    bool own;
    if (write_begin(d, &own) < 0) {
        log_error(d);
        return 1;
    }
    int64_t ids[4];
    int rc = statement_ids(d, statement, context, true, ids);
    if (rc >= 0 && !context) {
        term_view dv = {TERM_IRI, DEFAULT_GRAPH_IRI, sizeof DEFAULT_GRAPH_IRI - 1, NULL, 0,
                        NULL, 0};
        int64_t g = store_intern(d, &dv, true);
        rc = g < 0 ? (int)g : NK_OK;
        ids[3] = g;
    }
    if (rc >= 0) {
        rc = store_insert_ids(d, ids[3], ids[0], ids[1], ids[2]);
        if (rc > 0)
            rc = graph_adjust(d, ids[3], 1);
    }
    rc = write_end(d, own, rc);
    if (rc < 0)
        log_error(d);
    return rc < 0 ? 1 : 0;
}

static int sto_add_statement(librdf_storage *storage, librdf_statement *statement)
{
    return sto_context_add_statement(storage, NULL, statement);
}

/* Remove a statement from graph CONTEXT, or from every graph when NULL. */
static int sto_context_remove_statement(librdf_storage *storage, librdf_node *context,
                                        librdf_statement *statement)
{
    nk_db *d = librdf_storage_get_instance(storage);
    if (d->readonly)
        return 1;
    bool own;
    if (write_begin(d, &own) < 0) {
        log_error(d);
        return 1;
    }
    int64_t ids[4];
    int rc = statement_ids(d, statement, context, false, ids);
    if (rc >= 0 && ids[0] && ids[1] && ids[2] && (!context || ids[3])) {
        if (context) {
            rc = store_delete_ids(d, ids[3], ids[0], ids[1], ids[2]);
            if (rc > 0)
                rc = graph_adjust(d, ids[3], -1);
        } else {
            /* from every graph: try each (a graph is a point lookup) */
            sqlite3_stmt *q = NULL;
            if (sqlite3_prepare_v2(d->sql, "SELECT g FROM graphs", -1, &q, NULL) != SQLITE_OK) {
                store_set_error(d, "removing a triple");
                rc = NK_ERR_IO;
            }
            while (rc >= 0 && q && sqlite3_step(q) == SQLITE_ROW) {
                int64_t g = sqlite3_column_int64(q, 0);
                rc = store_delete_ids(d, g, ids[0], ids[1], ids[2]);
                if (rc > 0)
                    rc = graph_adjust(d, g, -1);
            }
            sqlite3_finalize(q);
        }
    }
    rc = write_end(d, own, rc);
    if (rc < 0)
        log_error(d);
    return rc < 0 ? 1 : 0;
}

static int sto_remove_statement(librdf_storage *storage, librdf_statement *statement)
{
    return sto_context_remove_statement(storage, NULL, statement);
}

static int sto_context_remove_statements(librdf_storage *storage, librdf_node *context)
{
    nk_db *d = librdf_storage_get_instance(storage);
    if (d->readonly || !context)
        return 1;
    bool own;
    if (write_begin(d, &own) < 0) {
        log_error(d);
        return 1;
    }
    term_view v;
    store_view_of_node(context, &v);
    int64_t g = store_intern(d, &v, false);
    int rc = g < 0 ? (int)g : NK_OK;
    if (g > 0)
        rc = store_clear_graph(d, g, NULL);
    rc = write_end(d, own, rc);
    if (rc < 0)
        log_error(d);
    return rc < 0 ? 1 : 0;
}

static int sto_contains_statement(librdf_storage *storage, librdf_statement *statement)
{
    librdf_stream *s = find_stream_new(storage, statement, NULL);
    if (!s)
        return 0;
    int found = !librdf_stream_end(s);
    librdf_free_stream(s);
    return found;
}

static librdf_stream *sto_find_statements(librdf_storage *storage, librdf_statement *statement)
{
    return find_stream_new(storage, statement, NULL);
}

static librdf_stream *sto_find_statements_in_context(librdf_storage *storage,
                                                     librdf_statement *statement,
                                                     librdf_node *context)
{
    return find_stream_new(storage, statement, context);
}

/* Every quad, with its graph (serialise: no deduplication across graphs). */
static librdf_stream *sto_serialise(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    find_stream *f = nk_xcalloc(1, sizeof *f);
    f->d = d;
    f->shape = -1;   /* not from a pool: finalized when finished */
    if (sqlite3_prepare_v2(d->sql, "SELECT g, s, p, o FROM quads", -1, &f->q, NULL) !=
        SQLITE_OK) {
        store_set_error(d, "reading quads");
        log_error(d);
        free(f);
        return NULL;
    }
    f->storage = storage;
    librdf_storage_add_reference(storage);
    find_advance(f);
    librdf_stream *s = librdf_new_stream(d->world, f, find_is_end, find_next, find_get,
                                         find_finished);
    if (!s)
        find_finished(f);
    return s;
}

static librdf_stream *sto_context_serialise(librdf_storage *storage, librdf_node *context)
{
    return find_stream_new(storage, NULL, context);
}

/* get_contexts: the graphs holding triples. */
typedef struct graph_iter {
    nk_db *d;
    librdf_storage *storage;
    sqlite3_stmt *q;
    bool done;
    int64_t cur;
    librdf_node *node;
} graph_iter;

static void graph_iter_step(graph_iter *it)
{
    if (it->node) {
        librdf_free_node(it->node);
        it->node = NULL;
    }
    if (it->done)
        return;
    if (sqlite3_step(it->q) == SQLITE_ROW)
        it->cur = sqlite3_column_int64(it->q, 0);
    else
        it->done = true;
}

static int graph_iter_end(void *ctx)
{
    return ((graph_iter *)ctx)->done;
}

static int graph_iter_next(void *ctx)
{
    graph_iter *it = ctx;
    graph_iter_step(it);
    return it->done;
}

static void *graph_iter_get(void *ctx, int flags)
{
    graph_iter *it = ctx;
    if (it->done || flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
        return NULL;
    if (!it->node)
        it->node = store_node_of(it->d, it->cur);
    return it->node;
}

static void graph_iter_finished(void *ctx)
{
    graph_iter *it = ctx;
    if (it->node)
        librdf_free_node(it->node);
    sqlite3_finalize(it->q);
    if (it->storage)
        librdf_storage_remove_reference(it->storage);
    free(it);
}

static librdf_iterator *sto_get_contexts(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    graph_iter *it = nk_xcalloc(1, sizeof *it);
    it->d = d;
    if (sqlite3_prepare_v2(d->sql,
                           "SELECT g.g FROM graphs g JOIN terms t ON t.id = g.g"
                           " WHERE g.triples > 0 ORDER BY t.value",
                           -1, &it->q, NULL) != SQLITE_OK) {
        store_set_error(d, "listing graphs");
        log_error(d);
        free(it);
        return NULL;
    }
    it->storage = storage;
    librdf_storage_add_reference(storage);
    graph_iter_step(it);
    librdf_iterator *i = librdf_new_iterator(d->world, it, graph_iter_end, graph_iter_next,
                                             graph_iter_get, graph_iter_finished);
    if (!i)
        graph_iter_finished(it);
    return i;
}

static librdf_node *sto_get_feature(librdf_storage *storage, librdf_uri *feature)
{
    nk_db *d = librdf_storage_get_instance(storage);
    const char *f = (const char *)librdf_uri_as_string(feature);
    if (f && strcmp(f, LIBRDF_MODEL_FEATURE_CONTEXTS) == 0)
        return librdf_new_node_from_typed_literal(d->world, (const unsigned char *)"1", NULL,
                                                  NULL);
    return NULL;
}

static int sto_transaction_start(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    if (store_begin(d) < 0) {
        log_error(d);
        return 1;
    }
    return 0;
}

static int sto_transaction_commit(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    if (!d->txn)
        return 1;
    if (store_commit(d) < 0) {
        log_error(d);
        return 1;
    }
    return 0;
}

static int sto_transaction_rollback(librdf_storage *storage)
{
    nk_db *d = librdf_storage_get_instance(storage);
    if (!d->txn)
        return 1;
    store_rollback(d);
    return 0;
}

static void register_factory(librdf_storage_factory *f)
{
    f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
    f->init = sto_init;
    f->clone = sto_clone;
    f->terminate = sto_terminate;
    f->open = sto_open;
    f->close = sto_close;
    f->size = sto_size;
    f->add_statement = sto_add_statement;
    f->remove_statement = sto_remove_statement;
    f->contains_statement = sto_contains_statement;
    f->serialise = sto_serialise;
    f->find_statements = sto_find_statements;
    f->context_add_statement = sto_context_add_statement;
    f->context_remove_statement = sto_context_remove_statement;
    f->context_remove_statements = sto_context_remove_statements;
    f->context_serialise = sto_context_serialise;
    f->find_statements_in_context = sto_find_statements_in_context;
    f->get_contexts = sto_get_contexts;
    f->get_feature = sto_get_feature;
    f->transaction_start = sto_transaction_start;
    f->transaction_commit = sto_transaction_commit;
    f->transaction_rollback = sto_transaction_rollback;
}

int nk_store_register_factory(struct librdf_world_s *world)
{
    return librdf_storage_register_factory(world, STORAGE_NAME, "newskg SQLite quad store",
                                           register_factory) == 0
               ? NK_OK
               : NK_ERR_EXTERNAL;
}

/* ---- nk_store ------------------------------------------------------------------ */

void store_report(nk_store *st, nk_severity sev, unsigned line, unsigned col,
                  const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sev == NK_ERROR)
        st->errors++;
    nk_diag_report(st->sink, sev, st->file, line, col, SIZE_MAX, "%s", msg);
}

/* A quoted token in MESSAGE: 'x' (raptor: "syntax error at '\"'"; rasqal:
 * "syntax error, unexpected '}'") or an unquoted word after "unexpected". */
static bool quoted_token(const char *message, char *tok, size_t n)
{
    const char *q = strchr(message, '\'');
    if (q) {
        const char *e = strchr(q + 1, '\'');
        if (e == q + 1 && e[1] == '\'')
            e++;   /* the quote itself: ''' */
        if (e && e > q + 1 && (size_t)(e - q - 1) < n) {
            memcpy(tok, q + 1, (size_t)(e - q - 1));
            tok[e - q - 1] = '\0';
            return true;
        }
    }
    const char *u = strstr(message, "unexpected ");
    if (u) {
        u += strlen("unexpected ");
        size_t k = 0;
        while (u[k] && u[k] != ' ' && u[k] != ',' && k + 1 < n) {
            tok[k] = u[k];
            k++;
        }
        tok[k] = '\0';
        return k > 0 && strcmp(tok, "$end") != 0;
    }
    return false;
}

/* Line LINE of file PATH (malloc'd, without its newline), or NULL. */
static char *file_line(const char *path, unsigned line)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    nk_buf b = {0};
    unsigned l = 1;
    int c;
    while ((c = getc(f)) != EOF) {
        if (c == '\n') {
            if (l == line)
                break;
            l++;
            continue;
        }
        if (l == line) {
            if (b.len > 65536)
                break;
            nk_buf_putc(&b, (char)c);
        }
    }
    fclose(f);
    if (l != line) {
        nk_buf_free(&b);
        return NULL;
    }
    if (!b.data)
        nk_buf_puts(&b, "");
    return nk_buf_detach(&b);
}

unsigned store_guess_column(const nk_store *st, unsigned line, const char *message)
{
    if (line == 0)
        return 1;
    if (!st->text) {
        char *l = st->input_path ? file_line(st->input_path, line) : NULL;
        if (!l)
            return 1;
        nk_store tmp = *st;
        tmp.text = l;
        tmp.text_len = strlen(l);
        tmp.input_path = NULL;
        unsigned col = store_guess_column(&tmp, 1, message);
        free(l);
        return col;
    }
    const char *p = st->text, *end = st->text + st->text_len;
    for (unsigned l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return 1;
        p = nl + 1;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    char tok[64];
    if (message && strstr(message, "$end")) {
        /* the input ended too soon: just past the line's last character */
        const char *q = eol;
        while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
            q--;
        return (unsigned)(q - p) + 1;
    }
    if (!message || !quoted_token(message, tok, sizeof tok))
        return 1;
    size_t tl = strlen(tok);
    /* keyword tokens (NOT, WHERE) are matched case-insensitively */
    for (const char *s = p; s + tl <= eol; s++) {
        bool eq = true;
        for (size_t i = 0; i < tl && eq; i++) {
            char a = s[i], b = tok[i];
            if (a >= 'a' && a <= 'z')
                a = (char)(a - 32);
            if (b >= 'a' && b <= 'z')
                b = (char)(b - 32);
            eq = a == b;
        }
        if (eq)
            return (unsigned)(s - p) + 1;
    }
    return 1;
}

/* librdf's (and through it raptor's and rasqal's) messages. */
static int store_log(void *user, librdf_log_message *msg)
{
    nk_store *st = user;
    librdf_log_level level = librdf_log_message_level(msg);
    const char *text = librdf_log_message_message(msg);
    if (level < LIBRDF_LOG_WARN)
        return 1;
    if (level == LIBRDF_LOG_WARN && text &&
        (strstr(text, "was bound but is unused") || strstr(text, "was selected but is unused") ||
         strstr(text, "$$")))
        return 1;   /* rasqal's false alarms about COUNT(*) (dependencies.md) */
    raptor_locator *loc = librdf_log_message_locator(msg);
    int line = loc ? raptor_locator_line(loc) : -1;
    int col = loc ? raptor_locator_column(loc) : -1;
    unsigned uline = line > 0 ? (unsigned)line : 0;
    unsigned ucol = 0;
    if (uline)
        ucol = col >= 0 ? (unsigned)col + 1 : store_guess_column(st, uline, text);
    store_report(st, level >= LIBRDF_LOG_ERROR ? NK_ERROR : NK_WARNING, uline, ucol, "%s",
                 text ? text : "librdf error");
    return 1;
}

static void store_close_all(nk_store *st)
{
    if (st->model)
        librdf_free_model(st->model);
    if (st->storage)
        librdf_free_storage(st->storage);
    if (st->world) {
        nk_rdf_world_lock();   /* worlds touch libxml2's global state (rdf.h) */
        librdf_free_world(st->world);
        nk_rdf_world_unlock();
    }
    st->model = NULL;
    st->storage = NULL;
    st->world = NULL;
}

int nk_store_open(nk_store **out, const char *path, nk_store_mode mode, nk_diag_sink *sink)
{
    *out = NULL;
    if (!path || !*path)
        path = NK_STORE_DEFAULT_PATH;
    nk_store *st = nk_xcalloc(1, sizeof *st);
    st->path = nk_xstrdup(path);
    st->sink = sink;
    st->file = st->path;
    nk_rdf_world_lock();   /* worlds touch libxml2's global state (rdf.h) */
    st->world = librdf_new_world();
    if (st->world) {
        librdf_world_set_logger(st->world, st, store_log);
        librdf_world_open(st->world);
    }
    nk_rdf_world_unlock();
    if (!st->world) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "librdf: cannot make a world");
        nk_store_free(st);
        return NK_ERR_EXTERNAL;
    }
    int rc = nk_store_register_factory(st->world);
    if (rc == NK_OK)
        rc = store_query_setup(st);
    if (rc < 0) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                       "librdf refused the newskg storage module");
        nk_store_free(st);
        return rc;
    }
    st->storage = librdf_new_storage(st->world, STORAGE_NAME, st->path,
                                     mode == NK_STORE_WRITE ? "new='yes',write='yes'"
                                                            : "new='no',write='yes'");
    nk_db *d = st->storage ? librdf_storage_get_instance(st->storage) : NULL;
    if (d && db_open(d) < 0) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "%s", d->error);
        rc = strstr(d->error, "not a newskg store") || strstr(d->error, "directory")
                 ? NK_ERR_INVALID
             : strstr(d->error, "no store here") ? NK_ERR_NOTFOUND
                                                 : NK_ERR_IO;
        nk_store_free(st);
        return rc;
    }
    st->model = d ? librdf_new_model(st->world, st->storage, NULL) : NULL;
    if (!st->model) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "librdf: cannot open the store");
        nk_store_free(st);
        return NK_ERR_EXTERNAL;
    }
    st->db = d;
    st->sink = NULL;
    *out = st;
    return NK_OK;
}

void nk_store_free(nk_store *st)
{
    if (!st)
        return;
    if (st->db && st->db->sql && !st->db->readonly)
        (void)sqlite3_exec(st->db->sql, "PRAGMA optimize", NULL, NULL, NULL);
    store_close_all(st);
    free(st->path);
    free(st);
}

void nk_store_set_busy_timeout(nk_store *st, unsigned ms)
{
    if (!st || !st->db)
        return;
    st->db->busy_ms = ms;
    if (st->db->sql)
        sqlite3_busy_timeout(st->db->sql, (int)(ms > 0x7fffffffu ? 0x7fffffffu : ms));
}

int64_t nk_store_size(nk_store *st)
{
    sqlite3_stmt *q = st->db->graph_count;
    int64_t n = NK_ERR_IO;
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return n;
}

int nk_store_drop(nk_store *st, const char *const *graphs, size_t n, nk_diag_sink *sink)
{
    nk_db *d = st->db;
    int rc = store_begin(d);
    if (rc < 0) {
        nk_diag_report(sink, NK_ERROR, st->path, 0, 0, SIZE_MAX, "%s", d->error);
        return rc;
    }
    for (size_t i = 0; i < n && rc >= 0; i++) {
        term_view v = {TERM_IRI, graphs[i], strlen(graphs[i]), NULL, 0, NULL, 0};
        int64_t g = store_intern(d, &v, false);
        int64_t had = g > 0 ? store_graph_triples(d, g) : g;
        if (g < 0 || had < 0) {
            nk_diag_report(sink, NK_ERROR, st->path, 0, 0, SIZE_MAX, "%s", d->error);
            rc = NK_ERR_IO;
        } else if (g == 0 || had == 0) {
            nk_diag_report(sink, NK_ERROR, st->path, 0, 0, SIZE_MAX,
                           "no graph <%s> in the store; nothing was dropped", graphs[i]);
            rc = NK_ERR_NOTFOUND;
        } else {
            rc = store_clear_graph(d, g, NULL);
            if (rc < 0)
                nk_diag_report(sink, NK_ERROR, st->path, 0, 0, SIZE_MAX, "%s", d->error);
        }
    }
    if (rc < 0) {
        store_rollback(d);
        return rc;
    }
    rc = store_commit(d);
    if (rc < 0)
        nk_diag_report(sink, NK_ERROR, st->path, 0, 0, SIZE_MAX, "%s", d->error);
    return rc;
}

int nk_store_list(nk_store *st, nk_store_graph **out, size_t *n, nk_diag_sink *sink)
{
    nk_db *d = st->db;
    sqlite3_stmt *q = NULL;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(d->sql,
                           "SELECT t.value, g.triples, g.loaded, g.source FROM graphs g"
                           " JOIN terms t ON t.id = g.g WHERE g.triples > 0 ORDER BY t.value",
                           -1, &q, NULL) != SQLITE_OK) {
        store_set_error(d, "listing graphs");
        nk_diag_report(sink, NK_ERROR, st->path, 0, 0, SIZE_MAX, "%s", d->error);
        return NK_ERR_IO;
    }
    size_t cap = 0;
    nk_store_graph *gs = NULL;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            gs = nk_xrealloc(gs, cap * sizeof *gs);
        }
        nk_store_graph *g = &gs[(*n)++];
        const char *src = (const char *)sqlite3_column_text(q, 3);
        g->iri = nk_xstrdup((const char *)sqlite3_column_text(q, 0));
        g->triples = (size_t)sqlite3_column_int64(q, 1);
        g->loaded = nk_xstrdup((const char *)sqlite3_column_text(q, 2));
        g->source = src ? nk_xstrdup(src) : NULL;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        store_set_error(d, "listing graphs");
        nk_diag_report(sink, NK_ERROR, st->path, 0, 0, SIZE_MAX, "%s", d->error);
        nk_store_graphs_free(gs, *n);
        *n = 0;
        return NK_ERR_IO;
    }
    *out = gs;
    return NK_OK;
}

void nk_store_graphs_free(nk_store_graph *graphs, size_t n)
{
    for (size_t i = 0; graphs && i < n; i++) {
        free(graphs[i].iri);
        free(graphs[i].loaded);
        free(graphs[i].source);
    }
    free(graphs);
}
