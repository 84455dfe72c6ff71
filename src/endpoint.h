/* endpoint.h: a SPARQL 1.1 server as a store, through libcurl.
 *
 * Graphs go in and out with the SPARQL 1.1 Graph Store HTTP Protocol: PUT
 * a version's named graph (so loading it again replaces it) and DELETE it
 * to drop; a graph too large for one request is sent as a PUT of its first
 * chunk and POSTs (merges) of the rest.  Queries use the SPARQL 1.1
 * Protocol: GET with ?query=, or a form-encoded POST for long queries
 * (never a POST of application/sparql-query, which hangs Virtuoso 7.2).
 *
 * Credentials come from the environment (NEWSKG_ENDPOINT_USER,
 * NEWSKG_ENDPOINT_PASSWORD) or a netrc file ($NETRC, else ~/.netrc),
 * never from the command line; basic and digest authentication are both
 * offered and the server's challenge picks one.  Every failure is reported
 * with the URL and, for an HTTP error, the status and the server's own
 * message.
 *
 * Only endpoint.c includes curl.h (and raptor.h, to split RDF by graph).
 */
#ifndef NK_ENDPOINT_H
#define NK_ENDPOINT_H

#include <stddef.h>

#include "rdf.h"
#include "sparql.h"
#include "store.h"
#include "util.h"

typedef struct nk_endpoint nk_endpoint;

typedef struct nk_endpoint_options {
    unsigned version;           /* NK_ENDPOINT_OPTIONS_VERSION */
    const char *query_url;      /* the SPARQL endpoint, e.g. http://host/sparql */
    const char *graph_store_url;/* the Graph Store Protocol endpoint; NULL:
                                   query_url */
    const char *graph_param;    /* its query parameter naming the graph
                                   (NULL: "graph"; Virtuoso: "graph-uri") */
    long timeout;               /* seconds per request (0: 300) */
    long connect_timeout;       /* seconds to connect (0: 10) */
    size_t chunk_triples;       /* triples per request (0: 20000) */
    const char *netrc;          /* a netrc file (NULL: $NETRC, else ~/.netrc) */
} nk_endpoint_options;

#define NK_ENDPOINT_OPTIONS_VERSION 1
#define NK_ENDPOINT_OPTIONS_INIT {NK_ENDPOINT_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0, 0, NULL}

/* A client for the server O describes (the caller frees it). */
int nk_endpoint_new(nk_endpoint **out, const nk_endpoint_options *o, nk_diag_sink *sink);
void nk_endpoint_free(nk_endpoint *ep);

/* Load RDF TEXT (Turtle, N-Triples, N-Quads or RDF/XML; NAME for
 * messages): each graph it names (GRAPH: all of it into that one; for
 * triples, the one nk:ArticleVersion, else the file's URI in FILE_URI)
 * replaces the server's graph of that name.  A parse error names
 * NAME:line:col and nothing is sent. */
int nk_endpoint_load_rdf(nk_endpoint *ep, const char *text, size_t len, nk_rdf_format format,
                         const char *name, const char *graph, const char *file_uri,
                         nk_store_load_stats *stats, nk_diag_sink *sink);

/* DELETE the graphs GRAPHS[0..n). */
int nk_endpoint_drop(nk_endpoint *ep, const char *const *graphs, size_t n,
                     nk_diag_sink *sink);

/* Run QUERY on the server; results as nk_store_query gives them. */
int nk_endpoint_query(nk_endpoint *ep, const char *query, const char *name,
                      nk_results_format graph_format, nk_results **out, nk_diag_sink *sink);

/* The graphs holding an nk:ArticleVersion, with their triple counts (load
 * times are not known: NULL). */
int nk_endpoint_list(nk_endpoint *ep, nk_store_graph **out, size_t *n, nk_diag_sink *sink);

#endif
