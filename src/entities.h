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

/* A parsed sentence with child lists, shared by entities.c and events.c. */
typedef struct nk_tree {
    const nk_sentence *s;
    size_t n;
    size_t *kid_start; /* children of token i: kids[kid_start[i] .. kid_start[i+1]) */
    size_t *kids;      /* 0-based token indices, in sentence order */
} nk_tree;

/* Build the child lists of S in ARENA. */
void nk_tree_init(nk_tree *t, const nk_sentence *s, nk_arena *arena);
/* 0-based head of token I, or NK_NONE_TOKEN for the root. */
#define NK_NONE_TOKEN ((size_t)-1)
size_t nk_tree_head(const nk_tree *t, size_t i);
/* First child of I whose relation is REL (exactly, or REL:subtype when REL
 * has no colon), or NK_NONE_TOKEN. */
size_t nk_tree_child(const nk_tree *t, size_t i, const char *rel);
/* True when token I's relation is REL (or REL:subtype). */
bool nk_tree_rel_is(const nk_tree *t, size_t i, const char *rel);
/* The preposition/case marker of nominal I ("by", "in"), lower-cased in a
 * static buffer-free way: returns the child's form or NULL. */
const char *nk_tree_case(const nk_tree *t, size_t i);

typedef enum nk_role { NK_ROLE_ACTOR, NK_ROLE_TARGET, NK_ROLE_PLACE } nk_role;

/* The most entities (and acronyms) coreference keeps; past it the least
 * recently mentioned are forgotten, so a very long text costs the same per
 * word as an article. */
#define NK_ENTITIES_MAX_KNOWN 4096

typedef struct nk_entities nk_entities;

nk_entities *nk_entities_new(const nk_gazetteer *gaz, nk_factset *set);
void nk_entities_free(nk_entities *r);

/* Start sentence number SENT_INDEX (0-based) whose tree is T: finds
 * acronym definitions and resets per-sentence caches. */
void nk_entities_sentence(nk_entities *r, const nk_tree *t, size_t sent_index);

/* The entity for the noun phrase headed by token HEAD of the current
 * sentence in ROLE, or NULL when it names nothing usable (e.g. "it" with no
 * antecedent, "I" or "you").  Remembers it for later coreference. */
nk_entity_ref *nk_entities_resolve(nk_entities *r, size_t head, nk_role role);

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
