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
#include <stdint.h>

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
    uint64_t key;             /* the identity hash the IRI is made of */
} nk_gevent;

/* A mention: where a fact was read, keyed by article version and byte
 * offsets.  Facts with the same span and the same event share a mention. */
typedef struct nk_gmention {
    const char *iri;
    size_t fact_index;        /* the first fact read at this span */
    size_t event;             /* index of its event */
} nk_gmention;

typedef struct nk_graph {
    const nk_factset *facts;  /* borrowed: must outlive the graph */
    const char *base;
    const char *version_iri;  /* the article version */
    nk_gentity *entities;
    size_t nentities;
    nk_gevent *events;
    size_t nevents;
    nk_arena *arena;          /* owns everything above but `facts` */
    /* Added after the first version of this header: */
    const char *doc;          /* document id ("unknown" when none) */
    const char *version;      /* version label: the factset's (slugged) or
                                 "h" + a hash of the facts' content */
    nk_gmention *mentions;    /* every distinct mention, in fact order */
    size_t nmentions;
    size_t *fact_event;       /* facts->count entries: the event each fact
                                 became (so a writer can list every fact an
                                 event or entity stands for) */
} nk_graph;

/* Build the graph of FACTS.  *out is the caller's to free with
 * nk_graph_free.  Returns NK_OK or a negative nk_status. */
int nk_graph_build(nk_graph **out, const nk_factset *facts,
                   const nk_graph_options *opts, nk_diag_sink *sink);
void nk_graph_free(nk_graph *graph);

/* IRI layout (all under the base; local parts never contain '/' nor start
 * with a digit, so Turtle abbreviates them):
 *   entity   <base>entity/Q159                  (Wikidata id)
 *            <base>entity/country_russia        (type + slug of label)
 *   event    <base>event/e<16 hex digits>       (identity hash)
 *   version  <base>doc/<doc slug>_v_<label>     (doc slug gets a leading
 *                                                'd' when it starts with a
 *                                                digit)
 *   mention  <base>mention/m_<16 hex of version IRI>_<begin>_<end>
 */

/* Append the IRI the graph gives entity E under BASE (NULL: default) to OUT:
 * E->iri when set, else from its Wikidata id, else from type and label. */
void nk_graph_entity_iri(nk_buf *out, const char *base, const nk_entity_ref *e);

/* The identity hash of fact F whose actor and target have the IRIs given
 * (NULL when absent): (actor, action class or lemma, target, negated,
 * modality).  Entity IRIs under BASE (NULL: default) are hashed relative to
 * it, so an event keeps its local name when the base changes.
 * nk_graph_build names events "e" + its 16 hex digits. */
uint64_t nk_graph_event_key(const nk_fact *f, const char *base,
                            const char *actor_iri, const char *target_iri);

/* Append the version IRI for document DOC and version LABEL to OUT. */
void nk_graph_version_iri(nk_buf *out, const char *base, const char *doc,
                          const char *label);

/* The version label inside VERSION_IRI of document DOC (the inverse of
 * nk_graph_version_iri), malloc'd; NULL when the IRI has another shape. */
char *nk_graph_version_label(const char *version_iri, const char *doc);

#endif
