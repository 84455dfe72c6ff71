/* graph.h: the project's graph model, between facts and the writers.
 *
 * nk_graph_build turns an nk_factset into entities and events with
 * deterministic IRIs (design.md, "IRIs and determinism"):
 *  - an entity IRI comes from its Wikidata id when linked, otherwise from its
 *    normalised label and type;
 *  - an event IRI is a hash of (actor, action class or lemma, target,
 *    negation, modality): never of sentence position or wording;
 *  - the article version and each mention (version + byte offsets) get IRIs
 *    of their own; there are no blank nodes.
 * The RDF writer (rdf.h) and the DOT writer (dot.h) read only this model.
 */
#ifndef NK_GRAPH_H
#define NK_GRAPH_H

#include <stddef.h>

#include "facts.h"
#include "util.h"

#define NK_NONE ((size_t)-1)

/* Default IRI bases.  The ontology namespace is fixed; the base of the
 * instance data is configurable (--base). */
#define NK_ONTOLOGY_NS "https://w3id.org/newskg/ns#"
#define NK_DEFAULT_BASE "https://w3id.org/newskg/id/"

typedef struct nk_graph_options {
    unsigned version;  /* NK_GRAPH_OPTIONS_VERSION */
    const char *base;  /* instance IRI base; NULL: NK_DEFAULT_BASE */
} nk_graph_options;

#define NK_GRAPH_OPTIONS_VERSION 1
#define NK_GRAPH_OPTIONS_INIT {NK_GRAPH_OPTIONS_VERSION, NULL}

typedef struct nk_gentity {
    const char *iri;      /* full IRI */
    const char *label;
    const char *type;     /* ontology class local name: "Person", ... */
    const char *wikidata; /* "Q159" or NULL */
    size_t mentions;      /* how many facts refer to it (any role) */
} nk_gentity;

typedef struct nk_gevent {
    const char *iri;          /* full IRI from the fact's identity hash */
    const nk_fact *fact;      /* the first fact with this identity (borrowed) */
    size_t fact_index;        /* its index in the factset */
    const char *mention_iri;  /* the mention of that fact */
    size_t actor;             /* entity indices, or NK_NONE */
    size_t target;
    size_t place;
    size_t attributed_to;
    size_t content_of;        /* event index of the claim, or NK_NONE */
    size_t rejects;           /* event index of the rejected accusation */
    size_t occurrences;       /* facts merged into this event (>= 1) */
} nk_gevent;

typedef struct nk_graph {
    const nk_factset *facts;  /* borrowed: must outlive the graph */
    const char *base;
    const char *version_iri;  /* the article version */
    nk_gentity *entities;
    size_t nentities;
    nk_gevent *events;
    size_t nevents;
    nk_arena *arena;          /* owns everything above but `facts` */
} nk_graph;

/* Build the graph of FACTS.  *out is the caller's to free with
 * nk_graph_free.  Returns NK_OK or a negative nk_status. */
int nk_graph_build(nk_graph **out, const nk_factset *facts,
                   const nk_graph_options *opts, nk_diag_sink *sink);
void nk_graph_free(nk_graph *graph);

#endif
