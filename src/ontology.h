/* ontology.h: the newskg ontology and its lexicon, loaded once and shared.
 *
 * nk_ontology_load reads ontology/newskg.ttl and ontology/lexicon.ttl (found
 * with nk_data_find) plus any files the user adds with --ontology, and builds
 * hash tables for the questions the pipeline asks: which action class does a
 * verb (or phrase) evoke, is a class or property declared, what is a class's
 * CAMEO code.  The loaded object is immutable: any number of threads may
 * query it at once without locking.
 *
 * Files are read in order and later files win: an entry or class property
 * stated again in a later file replaces the earlier one (see the comment of
 * nk:LexicalEntry in newskg.ttl).
 *
 * Ownership: every pointer returned by a query points into the nk_ontology
 * and stays valid until nk_ontology_free.  The caller frees nothing else.
 */
#ifndef NK_ONTOLOGY_H
#define NK_ONTOLOGY_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"
#include "wordnet.h"

/* The ontology namespace (also in graph.h); a class or property "name" is
 * its IRI without it (e.g. "Expel"), or the whole IRI for terms outside it. */
#ifndef NK_ONTOLOGY_NS
#define NK_ONTOLOGY_NS "https://w3id.org/newskg/ns#"
#endif

typedef struct nk_ontology nk_ontology;

/* A declared class (owl:Class or rdfs:Class). */
typedef struct nk_onto_class {
    const char *iri;      /* full IRI */
    const char *name;     /* local name in NK_ONTOLOGY_NS ("Expel"), else the IRI */
    const char *label;    /* rdfs:label (English or untagged), or NULL */
    const char *comment;  /* rdfs:comment, or NULL */
    const char *cameo;    /* its own nk:cameoCode, or NULL */
    const char *plover;   /* its own nk:ploverCategory, or NULL */
    const struct nk_onto_class *parent; /* first declared superclass, or NULL */
} nk_onto_class;

typedef enum nk_property_kind {
    NK_PROP_OBJECT = 0,   /* owl:ObjectProperty */
    NK_PROP_DATATYPE,     /* owl:DatatypeProperty */
    NK_PROP_ANNOTATION,   /* owl:AnnotationProperty */
    NK_PROP_OTHER         /* rdf:Property */
} nk_property_kind;

/* A declared property. */
typedef struct nk_onto_property {
    const char *iri;
    const char *name;     /* as for classes */
    const char *label;
    const char *comment;
    nk_property_kind kind;
} nk_onto_property;

typedef enum nk_polarity {
    NK_POLARITY_POSITIVE = 0,
    NK_POLARITY_NEGATIVE = 1  /* deny, refuse, reject: the complement does
                                 not hold or is turned down */
} nk_polarity;

/* A lexicon entry: a verb lemma, optionally with a particle and/or an object
 * lemma, and the action class it evokes.  Strings are lower case. */
typedef struct nk_lex_entry {
    const char *iri;          /* the entry's IRI ("_:..." for blank nodes) */
    const char *lemma;        /* "launch" */
    const char *particle;     /* "out" in "carry out", or NULL */
    const char *object;       /* "attack" in "launch attack", or NULL */
    const nk_onto_class *cls; /* the evoked class (never NULL) */
    const char *cameo;        /* the entry's own code, else the class's,
                                 walking up superclasses; or NULL */
    const char *plover;       /* likewise for the PLOVER category */
    bool speech_act;          /* nk:speechAct true */
    nk_polarity polarity;
    int complement_modality;  /* an nk_modality (facts.h) for the verb's
                                 complement clause, or -1 when unspecified */
    const char *file;         /* where it was defined, for diagnostics */
    unsigned line;
} nk_lex_entry;

/* Load the default ontology and lexicon, then EXTRA_FILES (NEXTRA of them,
 * may be NULL when 0) in order.  On success *out is the caller's to free with
 * nk_ontology_free.  On failure *out is NULL, nothing stays allocated, and
 * the reasons went to SINK as file:line:column diagnostics.  Returns NK_OK,
 * NK_ERR_NOTFOUND (a default file is missing), NK_ERR_IO, NK_ERR_PARSE
 * (malformed Turtle) or NK_ERR_INVALID (e.g. an entry evoking an undeclared
 * class, or without a lemma). */
int nk_ontology_load(nk_ontology **out, const char *const *extra_files,
                     size_t nextra, nk_diag_sink *sink);

/* As nk_ontology_load, but read exactly FILES and no defaults. */
int nk_ontology_load_files(nk_ontology **out, const char *const *files,
                           size_t nfiles, nk_diag_sink *sink);

/* Release everything; NULL is a no-op. */
void nk_ontology_free(nk_ontology *ont);

/* The lexicon entry for LEMMA with an optional PARTICLE and OBJECT lemma
 * (NULL or "" when absent), matched case-insensitively (ASCII).  Tries the
 * most specific key first: (lemma, particle, object), (lemma, particle),
 * (lemma, object), then the bare lemma, then (when a WordNet is attached)
 * the verb's WordNet class entry.  NULL when nothing matches. */
const nk_lex_entry *nk_ontology_lookup(const nk_ontology *ont, const char *lemma,
                                       const char *particle, const char *object);

/* WordNet backs up the lexicon: an entry with nk:wordnetClass
 * "verb.communication" (instead of nk:lemma) stands for every verb the
 * lexicon lacks whose dominant WordNet class (nk_wordnet_dominant_class,
 * share above NK_LEX_WORDNET_SHARE) is that class.  nk_ontology_lookup
 * falls back to it once nk_ontology_use_wordnet attached a WordNet; such an
 * entry's lemma is NK_LEX_WORDNET_PREFIX + the class name. */
#define NK_LEX_WORDNET_PREFIX "wordnet:"
#define NK_LEX_WORDNET_SHARE 0.5

/* Attach WN (or NULL to detach) for the fallback; call before sharing ONT
 * between threads.  WN must outlive ONT's use; ONT does not free it. */
void nk_ontology_use_wordnet(nk_ontology *ont, const nk_wordnet *wn);

/* The WordNet-class entry for verb LEMMA (with PARTICLE, tried first as a
 * WordNet phrase "carry out"), or NULL: no WordNet attached, the verb not
 * in WordNet, no dominant class, or no entry for its class. */
const nk_lex_entry *nk_ontology_lookup_wordnet(const nk_ontology *ont,
                                               const char *lemma,
                                               const char *particle);

/* The entry with exactly this key, or NULL (no fallback). */
const nk_lex_entry *nk_ontology_lookup_exact(const nk_ontology *ont,
                                             const char *lemma,
                                             const char *particle,
                                             const char *object);

/* The class called NAME: a local name ("Expel"), "nk:Expel", or a full IRI.
 * NULL when not declared. */
const nk_onto_class *nk_ontology_class(const nk_ontology *ont, const char *name);

/* The property called NAME (same forms as for classes), or NULL. */
const nk_onto_property *nk_ontology_property(const nk_ontology *ont,
                                             const char *name);

bool nk_ontology_has_class(const nk_ontology *ont, const char *name);
bool nk_ontology_has_property(const nk_ontology *ont, const char *name);

/* The CAMEO code of class NAME, walking up superclasses when the class has
 * none of its own; NULL when undeclared or no ancestor has a code. */
const char *nk_ontology_class_cameo(const nk_ontology *ont, const char *name);

/* The PLOVER category of class NAME, walking up likewise; or NULL. */
const char *nk_ontology_class_plover(const nk_ontology *ont, const char *name);

/* True when class NAME is ANCESTOR or one of its (transitive) subclasses,
 * following first declared superclasses. */
bool nk_ontology_is_a(const nk_ontology *ont, const char *name,
                      const char *ancestor);

/* Iteration in a stable order (sorted by IRI; entries by lemma, particle,
 * object).  Index I must be below the count. */
size_t nk_ontology_class_count(const nk_ontology *ont);
const nk_onto_class *nk_ontology_class_at(const nk_ontology *ont, size_t i);
size_t nk_ontology_property_count(const nk_ontology *ont);
const nk_onto_property *nk_ontology_property_at(const nk_ontology *ont, size_t i);
size_t nk_ontology_lexicon_count(const nk_ontology *ont);
const nk_lex_entry *nk_ontology_lexicon_at(const nk_ontology *ont, size_t i);

#endif
