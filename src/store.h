/* store.h: the embedded store: a Redland storage module of our own over
 * SQLite, and what `newskg load`, `drop` and `query` do with it.
 *
 * The store is one SQLite database file (WAL journal, so readers never
 * block the writer) holding
 *   terms(id, h, kind, value, lang, dt)   every RDF term once (dictionary),
 *                                         found by a 64-bit hash h
 *   quads(g, s, p, o)                     term ids, one row per quad; keys
 *                                         (g,s,p,o) and (g,p,o,s)
 *   triples(s, p, o, n)                   the default graph: each triple
 *                                         once, n = graphs holding it; keys
 *                                         (s,p,o) (p,o,s) (o,s,p)
 *   graphs(g, triples, loaded, source)    one row per named graph
 * Every triple lives in a named graph (one per article version).  SPARQL's
 * default graph is the union of all named graphs, as a set; GRAPH ?g ranges
 * over the named graphs (FROM and FROM NAMED narrow both).
 *
 * The storage module is registered in a librdf world under the name
 * "newskg", so librdf models, parsers, serializers and rasqal's SPARQL work
 * on it: librdf_new_storage(world, "newskg", PATH, "new='yes'").  Options:
 * new='yes' creates the file when missing; write='no' opens it read-only.
 * Its transactions are SQLite's (BEGIN IMMEDIATE: a second writer waits
 * up to the busy timeout instead of failing).
 *
 * Only the store modules include redland.h and sqlite3.h.
 */
#ifndef NK_STORE_H
#define NK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rdf.h"
#include "sparql.h"
#include "util.h"

/* The default store file, in the current directory. */
#define NK_STORE_DEFAULT_PATH "newskg.db"

typedef struct nk_store nk_store;

typedef enum nk_store_mode {
    NK_STORE_READ = 0,   /* the file must exist and be a store */
    NK_STORE_WRITE       /* created when missing */
} nk_store_mode;

/* Open the store at PATH.  Errors (a missing file in READ mode, a file
 * that is not a store or not a database, a path that cannot be written)
 * go to SINK naming PATH; then *out is NULL.  Free with nk_store_free. */
int nk_store_open(nk_store **out, const char *path, nk_store_mode mode,
                  nk_diag_sink *sink);
void nk_store_free(nk_store *st);

/* How long a writer waits for another one (milliseconds; default 600000). */
void nk_store_set_busy_timeout(nk_store *st, unsigned ms);

/* Register the "newskg" storage factory in librdf world WORLD (a
 * librdf_world *; declared here without Redland's header).  Returns
 * NK_OK, or NK_ERR_EXTERNAL when librdf refuses it. */
struct librdf_world_s;
int nk_store_register_factory(struct librdf_world_s *world);

typedef struct nk_store_load_options {
    unsigned version;        /* NK_STORE_LOAD_OPTIONS_VERSION */
    const char *graph;       /* every triple into this graph (NULL: the
                                graph of each quad; for triples, the one
                                nk:ArticleVersion of the file, else the
                                file's URI) */
    const char *source;      /* recorded in graphs.source (NULL: the name) */
} nk_store_load_options;

#define NK_STORE_LOAD_OPTIONS_VERSION 1
#define NK_STORE_LOAD_OPTIONS_INIT {NK_STORE_LOAD_OPTIONS_VERSION, NULL, NULL}

typedef struct nk_store_load_stats {
    size_t triples;          /* quads written (duplicates counted once) */
    size_t graphs;           /* named graphs written */
    size_t replaced;         /* of those, graphs that held triples before */
} nk_store_load_stats;

/* Load the RDF file PATH ("-": standard input) in FORMAT (Turtle,
 * N-Triples, N-Quads or RDF/XML), parsed by raptor straight into the store
 * in one transaction: each graph the file names replaces what that graph
 * held.  A parse error is reported as PATH:line:col and nothing of the file
 * is loaded (the transaction is rolled back); so is a write error (a full
 * disk).  STATS may be NULL. */
int nk_store_load_file(nk_store *st, const char *path, nk_rdf_format format,
                       const nk_store_load_options *opts,
                       nk_store_load_stats *stats, nk_diag_sink *sink);

/* The same for RDF held in memory; NAME names it in messages. */
int nk_store_load_text(nk_store *st, const char *text, size_t len,
                       nk_rdf_format format, const char *name,
                       const nk_store_load_options *opts,
                       nk_store_load_stats *stats, nk_diag_sink *sink);

/* Load newskg's own graphs G[0..n) (from nk_graph_build), statement by
 * statement through nk_rdf_emit (no RDF text in between), in one
 * transaction: each version's graph replaces what it held.  NAME is what
 * messages and graphs.source call them. */
int nk_store_load_graphs(nk_store *st, const nk_graph *const *graphs, size_t n,
                         const char *name, const nk_store_load_options *opts,
                         nk_store_load_stats *stats, nk_diag_sink *sink);

/* raptor's parser for FORMAT ("turtle", "ntriples", "nquads", "rdfxml"),
 * or NULL. */
const char *nk_store_raptor_parser(nk_rdf_format format);

/* Remove the named graphs GRAPHS[0..n) in one transaction.  A graph the
 * store does not hold is an error and nothing is removed. */
int nk_store_drop(nk_store *st, const char *const *graphs, size_t n,
                  nk_diag_sink *sink);

/* One named graph of the store. */
typedef struct nk_store_graph {
    char *iri;
    size_t triples;
    char *loaded;            /* UTC time of the last load, ISO 8601 */
    char *source;            /* what it was loaded from, or NULL */
} nk_store_graph;

/* The named graphs, sorted by IRI; free with nk_store_graphs_free. */
int nk_store_list(nk_store *st, nk_store_graph **out, size_t *n,
                  nk_diag_sink *sink);
void nk_store_graphs_free(nk_store_graph *graphs, size_t n);

/* Number of quads in the store, or a negative status. */
int64_t nk_store_size(nk_store *st);

/* Run SPARQL QUERY (rasqal through librdf over this store).  NAME names
 * the query in messages (a syntax error is NAME:line:col).  CONSTRUCT and
 * DESCRIBE results are serialised as GRAPH_FORMAT (NK_RESULTS_TURTLE or
 * NK_RESULTS_NTRIPLES).  *out is the caller's to free. */
int nk_store_query(nk_store *st, const char *query, const char *name,
                   nk_results_format graph_format, nk_results **out,
                   nk_diag_sink *sink);

#endif
