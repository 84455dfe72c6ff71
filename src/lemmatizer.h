/* lemmatizer.h: English lemmatization rules (no model needed).
 *
 * The tagger's lemma dictionary, learned from the treebank, answers for
 * words it has seen; these rules answer for the rest: an irregular-verb
 * table (with prefixed forms like "withdrew" or "overthrew") and the
 * regular spelling rules of English inflection, which propose candidates
 * that the tagger checks against its lemma vocabulary.  All functions take
 * lower-case forms and are pure (thread-safe, no allocation but ARENA).
 */
#ifndef NK_LEMMATIZER_H
#define NK_LEMMATIZER_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The lemma of an irregular verb form ("went" -> "go", "withdrew" ->
 * "withdraw") for XPOS VBD, VBN, VBZ, VBG or VBP (others: NULL).  Returns a
 * static string, or one in ARENA for prefixed forms, or NULL when FORM is
 * not an irregular form of that kind. */
const char *nk_lemma_irregular(const char *form, const char *xpos,
                               nk_arena *arena);

/* True when lower-case FORM is the irregular past or participle of a verb
 * in the table, directly or after a prefix ("overthrew"). */
bool nk_lemma_is_irregular_past(const char *form);

/* Candidate lemmas of a regularly inflected FORM with Penn tag XPOS
 * (NNS, VBZ, VBD, VBN, VBG, JJR, JJS, RBR, RBS), most likely first by
 * spelling alone ("stopped" -> "stop", "stopp"; "hoped" -> "hope", "hop").
 * Writes at most MAX arena strings to OUT and returns how many. */
size_t nk_lemma_candidates(const char *form, const char *xpos, nk_arena *arena,
                           const char **out, size_t max);

#endif
