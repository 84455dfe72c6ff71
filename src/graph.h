/* graph.h: the project's graph model, between facts and the writers.
 *
 * nk_graph_build turns an nk_factset (one version of one article) into
 * entities, events and mentions with deterministic IRIs and no blank nodes
 * (README, "IRIs and determinism").  The scopes, so that a store of many
 * articles keeps them apart:
 *  - store-wide: an entity linked to Wikidata (its IRI is the Wikidata id)
 *    or named by a proper name (its normalised type and name);
 *  - the article (its document id, never the version): a description
 *    ("a spokesperson", "the accusations") or an untyped thing, every
 *    event, claim and mention.  Two versions of one article therefore share
 *    these IRIs, and diff aligns them;
 *  - the version: only the version node itself (a hash of the text).
 * An event IRI hashes (actor, action class or lemma, target, negation,
 * modality) -- never sentence position or wording; a claim (an event with
 * content) also hashes what it says (the identities of its contents), so it
 * is one speech act: two things one speaker said are two claims, and an
 * unchanged statement keeps its IRI across versions.  A mention is keyed by
 * a hash of its sentence's text and the offsets within that sentence, so
 * mentions in unchanged sentences keep their IRIs across versions.
 * The RDF writer (rdf.h) and the DOT writer (dot.h) read only this model.
 */
#ifndef NK_GRAPH_H
#define NK_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "quantity.h"
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

/* Roles an entity plays in the graph's events (bits of nk_gentity.roles). */
enum {
    NK_ROLE_BIT_ACTOR = 1u << 0,
    NK_ROLE_BIT_TARGET = 1u << 1,
    NK_ROLE_BIT_PLACE = 1u << 2,
    NK_ROLE_BIT_SOURCE = 1u << 3,      /* attributed_to */
    NK_ROLE_BIT_AFFILIATION = 1u << 4  /* another entity's affiliation */
};

typedef struct nk_gentity {
    const char *iri;      /* full IRI */
    const char *label;
    const char *type;     /* ontology class local name: "Person", ... */
    const char *wikidata; /* "Q159" or NULL */
    size_t mentions;      /* how many facts refer to it (any role; 0 for an
                             entity known only as another's affiliation) */
    /* Added after the first version of this header: */
    nk_entity_kind kind;  /* NK_ENTITY_NAME or NK_ENTITY_DESCRIPTION (never
                             UNKNOWN: decided by nk_graph_entity_kind) */
    size_t affiliation;   /* entity index, or NK_NONE */
    unsigned roles;       /* NK_ROLE_BIT_* over the graph's events */
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
    size_t content_of;        /* event index of the (first) claim, or
                                 NK_NONE; nk_graph.claim_links has them all */
    size_t rejects;           /* event index of the rejected accusation */
    size_t occurrences;       /* facts merged into this event (>= 1) */
    uint64_t key;             /* the identity hash the IRI is made of */
} nk_gevent;

/* A mention: where a fact was read, keyed by its sentence and the offsets
 * within it.  Facts with the same span and the same event share a mention. */
typedef struct nk_gmention {
    const char *iri;
    size_t fact_index;        /* the first fact read at this span */
    size_t event;             /* index of its event */
    bool in_sentence;         /* begin/end are offsets in the sentence */
    size_t begin, end;        /* (0 when the sentence's position is unknown) */
} nk_gmention;

/* A link between two events (indices into nk_graph.events). */
typedef struct nk_glink {
    size_t from, to;
} nk_glink;

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
    const char *article_iri;  /* the article (all its versions) */
    const char *previous_iri; /* the version this one revises, or NULL */
    const char *doc_slug;     /* the document id as it appears in IRIs */
    size_t *fact_event;       /* facts->count entries: the event each fact
                                 became (so a writer can list every fact an
                                 event or entity stands for) */
    /* Every distinct (claim, content) pair of events, in fact order: an
     * event said by several claims ("A and B said X") is the content of
     * each of them (nk_gevent.content_of keeps only the first).  NULL in
     * a graph made by hand: then each content_of is the one link. */
    nk_glink *claim_links;
    size_t nclaim_links;
} nk_graph;

/* Build the graph of FACTS.  *out is the caller's to free with
 * nk_graph_free.  Returns NK_OK or a negative nk_status. */
int nk_graph_build(nk_graph **out, const nk_factset *facts,
                   const nk_graph_options *opts, nk_diag_sink *sink);
void nk_graph_free(nk_graph *graph);

/* The (claim, content) links of G (its claim_links, or its events'
 * content_of when it has none), grouped by content in event order (the
 * order of claim_links within a content); *n gets how many.  The caller
 * frees the array. */
nk_glink *nk_graph_claims_by_content(const nk_graph *g, size_t *n);

/* IRI layout (all under the base; local parts never contain '/' nor start
 * with a digit, so Turtle abbreviates them; DOC is the slug of the
 * document id, [a-z0-9_] with a leading 'd' when it would start with a
 * digit, so the '-' after it cannot be part of it):
 *   entity   <base>entity/Q159                    linked (store-wide)
 *            <base>entity/country_russia          named: type + slug of label
 *            <base>entity/DOC-person_spokesperson description (the article)
 *   event    <base>event/DOC-e<16 hex digits>     identity hash (the article)
 *   article  <base>doc/DOC
 *   version  <base>doc/DOC-<label>                label: "h" + 16 hex digits
 *                                                 of the text, or as given
 *   mention  <base>mention/DOC-m<16 hex>_<b>_<e>  hash of the sentence text,
 *                                                 offsets in the sentence
 *                                                 (+ "_e<key>" when one span
 *                                                 shows several events)
 *            <base>mention/DOC-m<16 hex>          the sentence's position
 *                                                 unknown: hash of its text
 *                                                 and the action's words
 */

/* The scope of entity E: its kind when the producer said, else a name when
 * it is linked to Wikidata or is a country, or when its label starts with a
 * capital and its last word is capitalised ("Keir Starmer", "Bank of
 * England"); else a description ("six British diplomats", "Kenyan interior
 * ministry", "police"). */
nk_entity_kind nk_graph_entity_kind(const nk_entity_ref *e);

/* The quantity in entity E's label ("six British diplomats", "500 million
 * pounds"), when E is a description; false for names ("G7", "Boeing
 * 737") and labels without a number. */
bool nk_graph_entity_quantity(const nk_entity_ref *e, nk_quantity *q);

/* Append to OUT the IRI the graph gives entity E of document DOC under BASE
 * (NULL: default): E->iri when set, else from its Wikidata id, else from
 * type and label, scoped to DOC when it is a description. */
void nk_graph_entity_iri(nk_buf *out, const char *base, const char *doc,
                         const nk_entity_ref *e);

/* The action class of F as its RDF says it, so that facts read back from
 * newskg's RDF have the class they had: NULL for a generic event (no class,
 * "Event" or "Claim", or the CAMEO category of a longer code, which the RDF
 * cannot tell from no class); the category itself for a generic event whose
 * code is the category's own ("16"), as the reader gives it back; else
 * F->action_class. */
const char *nk_graph_fact_class(const nk_fact *f);

/* The identity hash of fact F whose actor and target have the IRIs given
 * (NULL when absent): (actor, action class (nk_graph_fact_class) or, for a
 * generic event, lemma, target, negated, modality).  Entity IRIs under BASE (NULL: default) are hashed relative to
 * it, so an event keeps its local name when the base changes.  nk_graph_build
 * names events DOC + "-e" + 16 hex digits of this key, extended for claims
 * by the keys of their contents. */
uint64_t nk_graph_event_key(const nk_fact *f, const char *base,
                            const char *actor_iri, const char *target_iri);

/* Append the slug of document id DOC as it appears in IRIs. */
void nk_graph_doc_slug(nk_buf *out, const char *doc);

/* Append the article IRI of document DOC, and the version IRI for document
 * DOC and version LABEL, to OUT. */
void nk_graph_article_iri(nk_buf *out, const char *base, const char *doc);
void nk_graph_version_iri(nk_buf *out, const char *base, const char *doc,
                          const char *label);

/* Append the version IRI nk_graph_build gives SET under BASE (NULL:
 * default): from its version label, else from a hash of its facts. */
void nk_graph_factset_version_iri(nk_buf *out, const nk_factset *set, const char *base);

/* The version label inside VERSION_IRI of document DOC (the inverse of
 * nk_graph_version_iri), malloc'd; NULL when the IRI has another shape. */
char *nk_graph_version_label(const char *version_iri, const char *doc);

/* The version label newskg gives the text TEXT[0..len): "h" + 16 hex digits
 * of its hash, into LABEL (at least 18 bytes). */
void nk_graph_text_label(char *label, const char *text, size_t len);

#endif
