/* entities.h: mentions and entities (the stage between the dependency tree
 * and events).
 *
 * A resolver walks the sentences of one analysed document in order and turns
 * the noun phrase headed by a token into an entity reference: proper-noun
 * chains looked up in the gazetteer, titles stripped from person names,
 * acronyms tied to their expansion ("Federal Security Service (FSB)"),
 * demonyms and capitals as the country when they act, role nouns typing
 * common noun phrases, and coreference for pronouns ("he", "it", "they"),
 * surnames ("Starmer") and definite descriptions ("the company", "the
 * country", "the diplomats").
 *
 * Ownership: the resolver borrows the gazetteer and the current sentence; the
 * entity references it returns live in the arena of the factset given to
 * nk_entities_new.  What it keeps from one sentence to the next must be
 * copied into that arena too: a long text is analysed window by window and
 * earlier sentences are freed (nk_events_feed).
 */
#ifndef NK_ENTITIES_H
#define NK_ENTITIES_H

#include <stdbool.h>

#include "document.h"
#include "facts.h"
#include "gazetteer.h"
#include "tree.h"
#include "typer.h"
#include "wordlists.h"
#include "wordnet.h"

/* Entity types, as the ontology's actor and place classes. */
typedef enum nk_etype {
    NK_ETYPE_NONE = 0, /* a thing, not an actor ("the deal") */
    NK_ETYPE_PERSON,
    NK_ETYPE_ORGANIZATION,
    NK_ETYPE_COUNTRY,
    NK_ETYPE_LOCATION,
    NK_ETYPE_GROUP
} nk_etype;

/* "Person", "Organization", ...; NULL for NK_ETYPE_NONE. */
const char *nk_etype_name(nk_etype t);
/* The type named NAME, or NK_ETYPE_NONE (also for NULL). */
nk_etype nk_etype_parse(const char *name);
/* The type of an entity reference (from its type name). */
nk_etype nk_entity_type(const nk_entity_ref *e);

typedef enum nk_role { NK_ROLE_ACTOR, NK_ROLE_TARGET, NK_ROLE_PLACE } nk_role;


typedef struct nk_entities nk_entities;

/* WN (may be NULL) types common nouns the gazetteer's role nouns lack;
 * WORDS are the word lists the rules look up (NULL: all empty). */
nk_entities *nk_entities_new(const nk_gazetteer *gaz, const nk_wordnet *wn,
                             const nk_wordlists *words, nk_factset *set);
void nk_entities_free(nk_entities *r);

/* Type new proper names that neither the gazetteer, a description nor a
 * title decides with TYPER (borrowed; NULL: the word rules alone). */
void nk_entities_use_typer(nk_entities *r, const nk_typer *typer);

/* Start sentence number SENT_INDEX (0-based) whose tree is T: finds
 * acronym definitions and resets per-sentence caches. */
void nk_entities_sentence(nk_entities *r, const nk_tree *t, size_t sent_index);

/* The entity for the noun phrase headed by token HEAD of the current
 * sentence in ROLE, or NULL when it names nothing usable (e.g. "it" with no
 * antecedent, "I" or "you").  Remembers it for later coreference. */
nk_entity_ref *nk_entities_resolve(nk_entities *r, size_t head, nk_role role);

/* The organisation a person's title tied them to ("Labour leader Keir
 * Starmer": Labour), or NULL. */
nk_entity_ref *nk_entities_affiliation(nk_entities *r, const nk_entity_ref *e);

/* True when the common noun at HEAD of the current sentence acts for
 * whoever has it: a member noun ("its fighters", word list "member") or a
 * weapon or vehicle that is a verb's subject ("its jets struck"). */
bool nk_entities_acts_for_owner(const nk_entities *r, size_t head);

/* True when the phrase headed by HEAD names a place (gazetteer location,
 * city, country or capital), so "in Moscow" is a place. */
bool nk_entities_is_place(nk_entities *r, size_t head);

/* True when the phrase headed by HEAD is a time expression ("Thursday",
 * "August", "2018", "last week"). */
bool nk_entities_is_time(nk_entities *r, size_t head);

/* Text of the subtree of HEAD (the whole phrase), in the arena. */
const char *nk_entities_phrase(nk_entities *r, size_t head);

/* Like nk_entities_phrase without clauses, appositions and the punctuation
 * that hangs from the phrase: "on Friday" out of "on Friday that Britain
 * had ordered ...". */
const char *nk_entities_nominal(nk_entities *r, size_t head);

#endif
