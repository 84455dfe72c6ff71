/* events.h: clause analysis, from dependency trees to facts (design.md,
 * "From trees to events").
 *
 * Every clause with an actor becomes a fact: active and passive clauses,
 * reported speech (the speech act is a fact of the speaker; the content is
 * a fact attributed to the speaker), participial and purpose clauses that
 * inherit the main subject, coordinated verbs, subjects and objects, light
 * verbs ("launched an attack"), negation, modality, places and times.
 * Action classes and CAMEO codes come from the ontology's lexicon; a verb
 * it lacks stays a generic event with its lemma.
 */
#ifndef NK_EVENTS_H
#define NK_EVENTS_H

#include "document.h"
#include "facts.h"
#include "gazetteer.h"
#include "ontology.h"
#include "typer.h"
#include "util.h"
#include "wordlists.h"
#include "wordnet.h"

typedef struct nk_extract_options {
    unsigned version;  /* NK_EXTRACT_OPTIONS_VERSION */
    const char *date;  /* article date "YYYY-MM-DD" for relative times, or NULL */
    const nk_wordnet *wordnet; /* which common nouns can act, or NULL */
    const nk_wordlists *words; /* the rules' word lists (NULL: all empty) */
    const nk_typer *typer;     /* types names no rule decides (version >= 2),
                                  or NULL */
} nk_extract_options;

#define NK_EXTRACT_OPTIONS_VERSION 2
#define NK_EXTRACT_OPTIONS_INIT {NK_EXTRACT_OPTIONS_VERSION, NULL, NULL, NULL, NULL}

/* Extract the facts of DOC, which must be tokenized, tagged and parsed
 * (nk_pipeline_analyse).  *out is a new factset (doc id, title, url, date
 * copied from DOC) that the caller frees with nk_factset_free.  The
 * gazetteer and ontology are only read, so threads may share them. */
int nk_extract_events(const nk_doc *doc, const nk_gazetteer *gaz,
                      const nk_ontology *onto, const nk_extract_options *opts,
                      nk_factset **out, nk_diag_sink *sink);

/* The same, fed one piece of a document at a time: a long text is analysed
 * window by window (nk_extract_text) and only the current window's
 * sentences are in memory, while entities and coreference carry over from
 * piece to piece.  nk_events_new takes DOC's metadata (id, title, url,
 * date), not its sentences; nk_events_feed extracts the facts of DOC's
 * sentences, numbered from FIRST_SENTENCE (0-based) in the whole document,
 * whose offsets and DOC->text are the whole text's (DOC may be freed
 * afterwards); nk_events_finish hands over the facts (the caller frees
 * them with nk_factset_free) and frees EV; nk_events_free drops both. */
typedef struct nk_events nk_events;
nk_events *nk_events_new(const nk_doc *doc, const nk_gazetteer *gaz,
                         const nk_ontology *onto, const nk_extract_options *opts);
void nk_events_feed(nk_events *ev, const nk_doc *doc, size_t first_sentence);
nk_factset *nk_events_finish(nk_events *ev);
void nk_events_free(nk_events *ev);

/* Normalise a time phrase against the article date: "Thursday" -> the
 * latest Thursday on or before DATE, "yesterday", "today", "tomorrow";
 * writes "YYYY-MM-DD" to OUT (11 bytes) and returns true, or false when the
 * phrase is not a relative day or DATE is missing or malformed. */
bool nk_normalise_day(const char *phrase, const char *date, char out[11]);

#endif
