/* store_internal.h: what store.c (the SQLite layer and the librdf storage
 * module), store_load.c (the bulk loader) and store_query.c (SPARQL) share.
 * Not a public header. */
#ifndef NK_STORE_INTERNAL_H
#define NK_STORE_INTERNAL_H

#include <redland.h>
#include <sqlite3.h>

#include "store.h"

/* Schema version and the SQLite application_id marking our files ('NKGS'). */
#define STORE_SCHEMA_VERSION 2
#define STORE_APPLICATION_ID 0x4E4B4753

/* Term kinds as stored in terms.kind. */
enum { TERM_IRI = 1, TERM_BLANK = 2, TERM_LITERAL = 3 };

/* A term to encode, without Redland types: kind, value, language tag and
 * datatype IRI, all counted strings (lang/dt NULL when absent). */
typedef struct term_view {
    int kind;
    const char *value;
    size_t len;
    const char *lang;
    size_t lang_len;
    const char *dt;
    size_t dt_len;
} term_view;

/* The term -> id cache: open addressing on two independent 64-bit hashes. */
typedef struct enc_entry {
    uint64_t h1, h2;
    int64_t id;          /* 0: empty slot */
} enc_entry;

/* The IRI -> id cache by raptor_uri pointer (raptor interns IRIs; each
 * entry holds a reference, so a cached pointer stays that IRI). */
typedef struct uri_entry {
    raptor_uri *uri;
    int64_t id;
} uri_entry;

/* The id -> node cache: direct-mapped by id. */
typedef struct dec_entry {
    int64_t id;
    librdf_node *node;
} dec_entry;

/* Prepared find statements, one small pool per pattern shape (which of
 * s, p, o, g are bound): rasqal keeps several finds of one shape open. */
#define FIND_SHAPES 16
#define FIND_POOL 8
typedef struct find_pool {
    sqlite3_stmt *free[FIND_POOL];
    int nfree;
} find_pool;

/* The storage instance: one SQLite connection. */
typedef struct nk_db {
    librdf_world *world;
    librdf_storage *storage;
    char *path;
    bool create;             /* new='yes' */
    bool readonly;           /* write='no' */
    unsigned busy_ms;
    sqlite3 *sql;
    int txn;                 /* explicit transaction open (0/1) */
    sqlite3_stmt *term_by_h, *term_insert, *term_get, *quad_insert,
        *quad_delete, *graph_clear, *graph_touch, *graph_count, *graph_set,
        *graph_delete, *graph_has, *graph_quads, *triple_inc, *triple_dec, *triple_gone;
    find_pool finds[FIND_SHAPES];
    enc_entry *enc;
    size_t enc_cap, enc_n;
    dec_entry *dec;
    size_t dec_cap;
    uri_entry *uris;
    size_t uris_cap;
    /* the last error, for messages */
    char error[512];
} nk_db;

/* The public handle: a librdf world with our storage and a model on it. */
struct nk_store {
    librdf_world *world;
    librdf_storage *storage;
    librdf_model *model;
    nk_db *db;               /* the storage's instance (borrowed) */
    char *path;
    /* where librdf's and raptor's messages go during an operation */
    nk_diag_sink *sink;
    const char *file;        /* the name messages carry */
    const char *text;        /* the text being read, to find columns */
    size_t text_len;
    const char *input_path;  /* or the file being read */
    unsigned errors;
    bool quiet_unused;       /* drop rasqal's "bound but unused" warnings */
    uint64_t load_serial;    /* blank-node scope of the current load */
};

/* ---- store.c: the SQLite layer ------------------------------------------- */

/* Hash the canonical bytes of T (kind, value, lang, datatype). */
void store_term_hash(const term_view *t, uint64_t *h1, uint64_t *h2);
/* The id of T; 0 when absent and !CREATE; a negative status on error. */
int64_t store_intern(nk_db *d, const term_view *t, bool create);
/* The id of librdf NODE (an IRI or literal; blank nodes as they are);
 * as store_intern, through the IRI pointer cache. */
int64_t store_intern_node(nk_db *d, librdf_node *node, bool create);
/* The term view of librdf NODE (strings borrowed from it). */
void store_view_of_node(librdf_node *node, term_view *out);
/* A new reference to the node of ID (NULL on error). */
librdf_node *store_node_of(nk_db *d, int64_t id);
/* Forget cached ids (after a rollback: ids may be reused). */
void store_caches_reset(nk_db *d);
/* Run SQL (no results); returns SQLITE_OK or the error code (d->error). */
int store_exec(nk_db *d, const char *sql);
/* Begin (BEGIN IMMEDIATE), commit, roll back. */
int store_begin(nk_db *d);
int store_commit(nk_db *d);
void store_rollback(nk_db *d);
/* Remember the SQLite error of the connection in d->error. */
void store_set_error(nk_db *d, const char *what);
/* Insert a quad of ids (and count it in the default graph); 1 when new,
 * 0 when there already, <0 on error. */
int store_insert_ids(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o);
/* Delete a quad of ids; 1 when it was there, 0 when not, <0 on error. */
int store_delete_ids(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o);
/* The same without the default graph: the caller counts its triples with
 * store_triple_count (the loader, in (s, p, o) order, once per triple). */
int store_insert_quad(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o);
int store_delete_quad(nk_db *d, int64_t g, int64_t s, int64_t p, int64_t o);
/* DELTA more (or fewer) graphs hold (s, p, o); its row goes at zero. */
int store_triple_count(nk_db *d, int64_t s, int64_t p, int64_t o, int64_t delta);
/* Delete every quad of graph G; *removed gets how many. */
int store_clear_graph(nk_db *d, int64_t g, int64_t *removed);
/* Set graph G's row: TRIPLES, now as load time, SOURCE (NULL keeps none). */
int store_graph_set(nk_db *d, int64_t g, int64_t triples, const char *source);
/* Triples recorded for G (0 when the store has no such graph). */
int64_t store_graph_triples(nk_db *d, int64_t g);

/* Report through ST's sink at the current file. */
void store_report(nk_store *st, nk_severity sev, unsigned line, unsigned col,
                  const char *fmt, ...) NK_PRINTF(5, 6);
/* A column for an error message that gave only a line: where the token
 * quoted in MESSAGE ('x') first appears on LINE of ST->text, else 1. */
unsigned store_guess_column(const nk_store *st, unsigned line, const char *message);

/* ---- store_nq.c: N-Triples and N-Quads --------------------------------------- */

/* Receives each statement: TERMS[0..n), n = 3, or 4 with a graph.  The
 * views are valid during the call only.  A negative status stops reading. */
typedef int (*store_nq_fn)(void *ctx, const term_view *terms, int n);

/* Read N-Triples (or N-Quads when QUADS) from F, or from TEXT[0..len) when
 * F is NULL, handing each statement to FN.  The first error is reported to
 * SINK as NAME:line:column and returns NK_ERR_PARSE. */
int store_read_nquads(nk_diag_sink *sink, const char *name, FILE *f, const char *text,
                      size_t len, bool quads, store_nq_fn fn, void *ctx);

/* ---- store_query.c --------------------------------------------------------- */

/* Install the rasqal triples source that gives SPARQL datasets over our
 * named graphs (called once per world, after librdf_world_open). */
int store_query_setup(nk_store *st);

#endif
