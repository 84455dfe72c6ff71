/* facts.h: the fact record shared by the extractor, the JSONL reader/writer,
 * the graph model and the diff.
 *
 * A fact is one event or speech act: who (actor) did what (action) to whom
 * (target), where, when, and according to whom.  Facts are value structs that
 * own nothing: all their strings live in the arena of the nk_factset holding
 * them, and die with it.  The JSON Lines form is described in design.md
 * ("Facts as JSON Lines") and implemented in facts_jsonl.c.
 */
#ifndef NK_FACTS_H
#define NK_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum nk_modality {
    NK_MOD_ASSERTED = 0,
    NK_MOD_HYPOTHETICAL,
    NK_MOD_PLANNED,
    NK_MOD_REQUESTED
} nk_modality;

/* "asserted", "hypothetical", "planned", "requested". */
const char *nk_modality_name(nk_modality m);
/* Parse a modality name; returns -1 when unknown. */
int nk_modality_parse(const char *name);

/* What kind of phrase an entity reference comes from.  It decides the scope
 * of its IRI: a proper name (or a linked entity) is the same node in every
 * article; a description ("a spokesperson", "the accusations") is scoped to
 * its article. */
typedef enum nk_entity_kind {
    NK_ENTITY_UNKNOWN = 0,    /* not said (e.g. facts from another tool):
                                 the graph model decides from the label */
    NK_ENTITY_NAME,           /* a proper name or a gazetteer entry */
    NK_ENTITY_DESCRIPTION     /* a common noun phrase */
} nk_entity_kind;

/* An entity as a fact refers to it. */
typedef struct nk_entity_ref {
    const char *label;    /* canonical name, e.g. "Keir Starmer" (never NULL) */
    const char *type;     /* "Person", "Organization", "Country", "Location",
                             "Group", or NULL when unknown */
    const char *iri;      /* NULL: the graph model mints one */
    const char *wikidata; /* "Q159", or NULL */
    nk_entity_kind kind;  /* NK_ENTITY_UNKNOWN unless the producer knows */
    /* The country or organisation this one belongs to, as the text ties
     * them ("Russian forces", "Russia's defence ministry"): another
     * reference in the same arena (never a cycle), or NULL. */
    const struct nk_entity_ref *affiliation;
} nk_entity_ref;

#define NK_NO_FACT ((size_t)-1)
/* An unknown byte offset. */
#define NK_NO_POS ((size_t)-1)

typedef struct nk_fact {
    const char *doc;          /* document id, e.g. "dev-01" */
    unsigned sentence;        /* 1-based */
    size_t span_begin;        /* [begin, end) byte offsets in the input */
    size_t span_end;
    nk_entity_ref *actor;     /* NULL when absent */
    nk_entity_ref *target;
    nk_entity_ref *place;
    nk_entity_ref *attributed_to;
    const char *lemma;        /* action lemma (never NULL) */
    const char *action_class; /* ontology class local name, e.g. "Expel";
                                 NULL for a generic event */
    const char *action_text;  /* the words that show the action */
    const char *cameo;        /* CAMEO code, e.g. "174", or NULL */
    const char *time;         /* "2024-09-12" (xsd:date) or text, or NULL */
    bool negated;
    nk_modality modality;
    double confidence;        /* 0..1 */
    const char *sentence_text; /* the sentence, or NULL when unknown */
    size_t sentence_begin;    /* byte offset of sentence_text in the input,
                                 or NK_NO_POS when unknown; with it a
                                 mention is keyed by the sentence and the
                                 span's offsets within it (graph.h) */
    size_t content_of;        /* index of the claim whose content this is,
                                 or NK_NO_FACT */
    size_t rejects;           /* index of the accusation this rejects, or
                                 NK_NO_FACT */
} nk_fact;

/* An ordered list of facts about one document version, with its metadata. */
typedef struct nk_factset {
    nk_arena *arena;     /* owns every string and entity below */
    nk_fact *facts;      /* malloc'd array */
    size_t count;
    size_t cap;
    const char *doc;     /* document id (NULL: taken from the first fact) */
    const char *title;   /* optional metadata */
    const char *url;
    const char *date;    /* article date, "YYYY-MM-DD" */
    const char *version; /* version label, e.g. a content hash; optional */
    const char *previous; /* IRI of the version this one revises, or NULL */
} nk_factset;

/* A new empty set; free with nk_factset_free. */
nk_factset *nk_factset_new(void);
void nk_factset_free(nk_factset *set);

/* Append a zeroed fact (content_of/rejects = NK_NO_FACT, sentence_begin =
 * NK_NO_POS, confidence 1) and return it; the pointer is valid until the
 * next append. */
nk_fact *nk_factset_add(nk_factset *set);

/* A new entity reference in the set's arena (strings copied; NULLs kept). */
nk_entity_ref *nk_factset_entity(nk_factset *set, const char *label,
                                 const char *type, const char *iri,
                                 const char *wikidata);

/* Append copies of every fact of SRC to DST (strings copied into DST's
 * arena, link indexes shifted), so facts of several documents can be drawn
 * as one graph. */
void nk_factset_append(nk_factset *dst, const nk_factset *src);

/* Make DOC the document id of SET and of every fact in it (copied). */
void nk_factset_set_doc(nk_factset *set, const char *doc);

/* "name", "description", or NULL for NK_ENTITY_UNKNOWN. */
const char *nk_entity_kind_name(nk_entity_kind kind);
/* Parse a kind name; returns -1 when unknown. */
int nk_entity_kind_parse(const char *name);

/* Copy a string into the set's arena. */
const char *nk_factset_str(nk_factset *set, const char *s);

#endif
