/* sparql.h: SPARQL query results, whichever store answered them.
 *
 * The embedded store (store.h) and a SPARQL 1.1 server (endpoint.h) both
 * hand back an nk_results: a table of RDF terms for SELECT, a boolean for
 * ASK, or serialised RDF for CONSTRUCT/DESCRIBE.  One writer prints it in
 * every output format, so the same query gives the same text from either
 * store (the Virtuoso integration test compares them byte for byte).
 *
 * This module includes no Redland header: terms are plain strings.
 */
#ifndef NK_SPARQL_H
#define NK_SPARQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* What a query asks for, as its verb says. */
typedef enum nk_query_verb {
    NK_VERB_UNKNOWN = 0,
    NK_VERB_SELECT,
    NK_VERB_ASK,
    NK_VERB_CONSTRUCT,
    NK_VERB_DESCRIBE
} nk_query_verb;

/* The verb of QUERY, read past comments, BASE and PREFIX declarations
 * (a cheap scan, not a parse: an endpoint may accept what rasqal cannot). */
nk_query_verb nk_sparql_verb(const char *query);
/* The same, and where in QUERY the verb's keyword starts. */
const char *nk_sparql_verb_at(const char *query, nk_query_verb *verb);

/* Output formats of `newskg query`. */
typedef enum nk_results_format {
    NK_RESULTS_TABLE = 0,    /* aligned columns for a terminal */
    NK_RESULTS_CSV,          /* SPARQL 1.1 Query Results CSV */
    NK_RESULTS_TSV,          /* SPARQL 1.1 Query Results TSV */
    NK_RESULTS_JSON,         /* SPARQL 1.1 Query Results JSON */
    NK_RESULTS_XML,          /* SPARQL Query Results XML */
    NK_RESULTS_TURTLE,       /* CONSTRUCT/DESCRIBE: Turtle */
    NK_RESULTS_NTRIPLES      /* CONSTRUCT/DESCRIBE: N-Triples */
} nk_results_format;

/* The format named NAME ("table", "csv", "tsv", "json", "xml", "turtle"/
 * "ttl", "ntriples"/"nt"), or -1. */
int nk_results_format_parse(const char *name);
const char *nk_results_format_name(nk_results_format f);
/* True for the RDF formats (turtle, ntriples). */
bool nk_results_format_is_graph(nk_results_format f);

typedef enum nk_sparql_kind {
    NK_SPARQL_UNBOUND = 0,
    NK_SPARQL_IRI,
    NK_SPARQL_BLANK,
    NK_SPARQL_LITERAL
} nk_sparql_kind;

/* One RDF term of a result row.  Strings live in the nk_results. */
typedef struct nk_sparql_term {
    nk_sparql_kind kind;
    const char *value;     /* IRI, blank node label or lexical form */
    size_t len;            /* bytes of value (literals may hold NULs) */
    const char *lang;      /* language tag or NULL */
    const char *datatype;  /* datatype IRI or NULL (never with lang) */
} nk_sparql_term;

typedef enum nk_results_kind {
    NK_RESULTS_BINDINGS = 0,
    NK_RESULTS_BOOLEAN,
    NK_RESULTS_GRAPH
} nk_results_kind;

/* Results: public fields to read; build them with the functions below. */
typedef struct nk_results {
    nk_results_kind kind;
    const char **vars;     /* BINDINGS: variable names without '?' */
    size_t nvars;
    nk_sparql_term *cells;        /* BINDINGS: nrows * nvars terms, row-major */
    size_t nrows;
    bool boolean;          /* BOOLEAN */
    nk_results_format graph_format; /* GRAPH: format of graph_text */
    nk_buf graph_text;     /* GRAPH: serialised RDF */
    size_t graph_triples;  /* GRAPH: number of triples */
    nk_arena *arena;       /* owns every string above */
    size_t cap;            /* rows allocated */
} nk_results;

/* A new, empty result of KIND (the caller frees it with nk_results_free). */
nk_results *nk_results_new(nk_results_kind kind);
void nk_results_free(nk_results *r);

/* Add a variable (before any row). */
void nk_results_add_var(nk_results *r, const char *name);
/* Append a row of nvars unbound terms and return it for filling in. */
nk_sparql_term *nk_results_add_row(nk_results *r);
/* Set T to a term whose strings are copied into R's arena (LANG and
 * DATATYPE may be NULL; a datatype of xsd:string is dropped, as RDF 1.1
 * makes "x" and "x"^^xsd:string one term). */
void nk_results_set_term(nk_results *r, nk_sparql_term *t, nk_sparql_kind kind,
                         const char *value, size_t len, const char *lang,
                         const char *datatype);

/* Append T in N-Triples syntax (<iri>, _:label, "text"@lang,
 * "text"^^<type>), escaped as N-Triples wants; nothing when unbound. */
void nk_sparql_term_nt(nk_buf *out, const nk_sparql_term *t);

/* Write R as FORMAT, appending to OUT.  Tables cut cells past MAX_WIDTH
 * display columns with an ellipsis (0: no limit) and shorten IRIs with the
 * prefixes newskg uses.  Returns NK_ERR_UNSUPPORTED when FORMAT does not fit
 * the kind of R (a table of a graph, Turtle of a SELECT); GRAPH results are
 * written as they are (their format was chosen when they were made). */
int nk_results_write(const nk_results *r, nk_results_format format,
                     size_t max_width, nk_buf *out);

/* Read SPARQL 1.1 Query Results JSON (a server's answer to SELECT or ASK)
 * into *out.  Virtuoso's "typed-literal" is read as "literal", its
 * booleans 1 and 0 as true and false.  Errors name NAME and the position. */
int nk_results_read_json(nk_results **out, const char *text, size_t len,
                         const char *name, nk_diag_sink *sink);

/* Replace each `$NAME` variable of QUERY (outside strings, IRIs and
 * comments) by VALUE written as a SPARQL term: an IRI when VALUE is <...>
 * or starts with http://, https://, urn: or file: (and holds no character
 * IRIs forbid), else a string literal.  NAMES/VALUES hold N pairs.  The result is malloc'd. */
char *nk_sparql_substitute(const char *query, const char *const *names,
                           const char *const *values, size_t n);

/* A set of 64-bit hashes (of rows, terms, triples): zero-initialise, add,
 * free.  Open addressing; 0 is stored as 1. */
typedef struct nk_u64set {
    uint64_t *slots;
    size_t n, cap;
} nk_u64set;

/* Add K; true when it was not there. */
bool nk_u64set_add(nk_u64set *s, uint64_t k);
void nk_u64set_free(nk_u64set *s);

/* True when KW (a SPARQL keyword, any case) occurs in QUERY as a word
 * outside strings, IRIs, comments and variable or prefixed names. */
bool nk_sparql_has_keyword(const char *query, const char *kw);
/* Where that keyword first occurs, or NULL. */
const char *nk_sparql_find_keyword(const char *query, const char *kw);

/* Where in QUERY the first call of the function KW (any case, outside
 * strings, IRIs and comments: KW then '(') is, or NULL. */
const char *nk_sparql_find_call(const char *query, const char *kw);

/* Where in QUERY a call of the function KW (any case, outside strings,
 * IRIs and comments) has an argument that is itself computed (a call or
 * a parenthesised expression), or NULL. */
const char *nk_sparql_nested_call(const char *query, const char *kw);

/* QUERY without the DISTINCT of its top-level SELECT (malloc'd), or NULL
 * when it has none or has LIMIT or OFFSET (which apply after DISTINCT).
 * The caller then removes duplicates with nk_results_distinct: rasqal
 * 0.9.33's DISTINCT leaks the rows it drops. */
char *nk_sparql_strip_distinct(const char *query);

/* Drop repeated rows of R, keeping the first of each (the order stays). */
void nk_results_distinct(nk_results *r);

/* One key of an ORDER BY made only of variables. */
typedef struct nk_sparql_order {
    char var[64];
    bool descending;
} nk_sparql_order;

/* When QUERY ends with ORDER BY of variables only (?x, ASC(?x), DESC(?x))
 * and has no LIMIT or OFFSET: *out gets the query without it (malloc'd),
 * KEYS[0..*nkeys) its keys, and the result is 1; else 0.  rasqal 0.9.33
 * sorts through a map whose cost grows with the square of ordered input;
 * nk_results_sort does the same sort in n log n. */
int nk_sparql_strip_order(const char *query, char **out, nk_sparql_order *keys, size_t max,
                          size_t *nkeys);

/* One column of a grouped SELECT newskg computes itself. */
typedef enum nk_sparql_agg {
    NK_AGG_KEY = 0,        /* a GROUP BY variable */
    NK_AGG_COUNT_ROWS,     /* COUNT(*) */
    NK_AGG_COUNT,          /* COUNT(?x): rows where ?x is bound */
    NK_AGG_COUNT_DISTINCT, /* COUNT(DISTINCT ?x) */
    NK_AGG_COUNT_DISTINCT_STR /* COUNT(DISTINCT STR(?x)) */
} nk_sparql_agg;

typedef struct nk_sparql_column {
    nk_sparql_agg agg;
    char var[64];          /* the key, or the counted variable */
    char as[64];           /* the result's name */
} nk_sparql_column;

/* When QUERY is `SELECT keys and COUNT(...) AS ?n columns WHERE {...}
 * GROUP BY keys [ORDER BY ...]` with no LIMIT, OFFSET or HAVING: *out gets
 * the query selecting the keys and counted variables ungrouped (malloc'd),
 * COLS[0..*ncols) the columns to compute, and the result is 1; else 0.
 * rasqal 0.9.33 groups and counts distinct values through maps whose cost
 * grows with the square of sorted input; nk_results_group does it by hash. */
int nk_sparql_strip_group(const char *query, char **out, nk_sparql_column *cols, size_t max,
                          size_t *ncols);

/* Replace R's rows by one row per group of COLS' keys (in order of first
 * appearance) with the counts COLS ask for (xsd:integer).  NK_ERR_NOTFOUND
 * (R unchanged) when a column's variable is not in R. */
int nk_results_group(nk_results *r, const nk_sparql_column *cols, size_t ncols);

/* Sort R's rows by KEYS in SPARQL's order (unbound < blank < IRI <
 * literal; numbers by value, other literals by their text), stably.
 * NK_ERR_NOTFOUND (R unchanged) when a key is not one of R's variables. */
int nk_results_sort(nk_results *r, const nk_sparql_order *keys, size_t nkeys);

#endif
