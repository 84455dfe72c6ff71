/* wordnet.h: Princeton WordNet 3.0 nouns and verbs, read once into the
 * project's own read-only tables.
 *
 * What it answers, for entity and event extraction:
 *  - the lexicographer class of each sense of a noun or verb lemma, in
 *    WordNet's sense order (most frequent first), with the sense's tag count
 *    from the semantic concordance: "is the first sense of 'official' a
 *    noun.person?", "has 'police' any noun.group sense?", "what share of the
 *    uses of 'crowd' are noun.group?";
 *  - hypernyms of noun and verb synsets, so a caller can ask whether a
 *    sense is a kind of another ("police" -> force -> unit -> organization);
 *  - nk_wordnet_actor: can a common noun act, and as a Person, an
 *    Organization or a Group (the question the extractor asks most);
 *  - base forms through WordNet's exception lists and detachment rules
 *    ("children" -> child, "went" -> go), for words a lemmatizer missed.
 *
 * Data: the files of Debian's wordnet-base (/usr/share/wordnet): index.noun,
 * index.verb, data.noun, data.verb, noun.exc, verb.exc and, when present,
 * cntlist.rev (sense tag counts).  The WordNet C library is not used: it
 * keeps global state and is not thread-safe.
 *
 * Lemmas: WordNet writes multi-word lemmas with '_' ("prime_minister"); every
 * function here also accepts spaces and ignores ASCII case, so "Prime
 * Minister" and "prime_minister" are the same lemma.  Plural or inflected
 * forms are not lemmas: pass the lemma (or use nk_wordnet_base first).
 *
 * Ownership and threads: nk_wordnet_load gives the caller an nk_wordnet to
 * free with nk_wordnet_free.  After loading it is immutable: any number of
 * threads may query it at once without locking.  Returned strings point
 * into it and live until nk_wordnet_free.
 */
#ifndef NK_WORDNET_H
#define NK_WORDNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct nk_wordnet nk_wordnet;

typedef enum nk_wn_pos { NK_WN_NOUN = 0, NK_WN_VERB = 1 } nk_wn_pos;

/* Lexicographer classes: WordNet's lex_filenum values (lexnames(5WN)). */
typedef enum nk_wn_class {
    NK_WN_NOUN_TOPS = 3,
    NK_WN_NOUN_ACT = 4,
    NK_WN_NOUN_ANIMAL = 5,
    NK_WN_NOUN_ARTIFACT = 6,
    NK_WN_NOUN_ATTRIBUTE = 7,
    NK_WN_NOUN_BODY = 8,
    NK_WN_NOUN_COGNITION = 9,
    NK_WN_NOUN_COMMUNICATION = 10,
    NK_WN_NOUN_EVENT = 11,
    NK_WN_NOUN_FEELING = 12,
    NK_WN_NOUN_FOOD = 13,
    NK_WN_NOUN_GROUP = 14,
    NK_WN_NOUN_LOCATION = 15,
    NK_WN_NOUN_MOTIVE = 16,
    NK_WN_NOUN_OBJECT = 17,
    NK_WN_NOUN_PERSON = 18,
    NK_WN_NOUN_PHENOMENON = 19,
    NK_WN_NOUN_PLANT = 20,
    NK_WN_NOUN_POSSESSION = 21,
    NK_WN_NOUN_PROCESS = 22,
    NK_WN_NOUN_QUANTITY = 23,
    NK_WN_NOUN_RELATION = 24,
    NK_WN_NOUN_SHAPE = 25,
    NK_WN_NOUN_STATE = 26,
    NK_WN_NOUN_SUBSTANCE = 27,
    NK_WN_NOUN_TIME = 28,
    NK_WN_VERB_BODY = 29,
    NK_WN_VERB_CHANGE = 30,
    NK_WN_VERB_COGNITION = 31,
    NK_WN_VERB_COMMUNICATION = 32,
    NK_WN_VERB_COMPETITION = 33,
    NK_WN_VERB_CONSUMPTION = 34,
    NK_WN_VERB_CONTACT = 35,
    NK_WN_VERB_CREATION = 36,
    NK_WN_VERB_EMOTION = 37,
    NK_WN_VERB_MOTION = 38,
    NK_WN_VERB_PERCEPTION = 39,
    NK_WN_VERB_POSSESSION = 40,
    NK_WN_VERB_SOCIAL = 41,
    NK_WN_VERB_STATIVE = 42,
    NK_WN_VERB_WEATHER = 43,
    NK_WN_NCLASSES = 45,
    NK_WN_NONE = 255 /* no such lemma or sense */
} nk_wn_class;

/* A synset: an index into the loaded tables, stable for one load only. */
typedef uint32_t nk_wn_synset;
#define NK_WN_NO_SYNSET UINT32_MAX

/* One sense of a lemma (a value; owns nothing). */
typedef struct nk_wn_sense {
    nk_wn_synset synset;
    nk_wn_class cls;
    unsigned count; /* tag count in the semantic concordance (0: untagged) */
} nk_wn_sense;

/* Load from DIR, or when DIR is NULL from $NEWSKG_WORDNET, else
 * /usr/share/wordnet.  Missing files give NK_ERR_NOTFOUND with a message
 * naming the directory and the Debian package; a malformed line gives
 * NK_ERR_PARSE with file:line:column.  On error *out is NULL and nothing
 * stays allocated. */
int nk_wordnet_load(nk_wordnet **out, const char *dir, nk_diag_sink *sink);

/* Free WN; NULL is a no-op. */
void nk_wordnet_free(nk_wordnet *wn);

/* The directory it was loaded from. */
const char *nk_wordnet_dir(const nk_wordnet *wn);

/* Lemmas, synsets and senses loaded (for tests and the README). */
size_t nk_wordnet_lemma_count(const nk_wordnet *wn, nk_wn_pos pos);
size_t nk_wordnet_synset_count(const nk_wordnet *wn, nk_wn_pos pos);
/* Bytes held by the tables. */
size_t nk_wordnet_memory(const nk_wordnet *wn);

/* The senses of LEMMA as POS, in WordNet's order (sense 1 first): up to CAP
 * of them into OUT (OUT may be NULL when CAP is 0).  Returns how many
 * senses the lemma has (0: not in WordNet). */
size_t nk_wordnet_senses(const nk_wordnet *wn, nk_wn_pos pos, const char *lemma,
                         nk_wn_sense *out, size_t cap);

/* The class of sense 1 (the most frequent) of LEMMA, or NK_WN_NONE. */
nk_wn_class nk_wordnet_first_class(const nk_wordnet *wn, nk_wn_pos pos,
                                   const char *lemma);

/* True when any sense of LEMMA as POS is in class CLS. */
bool nk_wordnet_has_class(const nk_wordnet *wn, nk_wn_pos pos, const char *lemma,
                          nk_wn_class cls);

/* The share (0..1) of LEMMA's uses that are in class CLS: each sense weighs
 * its tag count + 1 (so untagged senses count equally and a tagged sense
 * dominates).  0 when the lemma is unknown.  "Dominant" = share > 0.5. */
double nk_wordnet_class_share(const nk_wordnet *wn, nk_wn_pos pos,
                              const char *lemma, nk_wn_class cls);

/* The class holding the largest share of LEMMA's uses (ties: the earlier
 * sense), or NK_WN_NONE; *share (when not NULL) gets that share. */
nk_wn_class nk_wordnet_dominant_class(const nk_wordnet *wn, nk_wn_pos pos,
                                      const char *lemma, double *share);

/* Synset of sense SENSE (1-based) of LEMMA, or NK_WN_NO_SYNSET. */
nk_wn_synset nk_wordnet_synset(const nk_wordnet *wn, nk_wn_pos pos,
                               const char *lemma, unsigned sense);

/* The class of a synset, or NK_WN_NONE for NK_WN_NO_SYNSET. */
nk_wn_class nk_wordnet_synset_class(const nk_wordnet *wn, nk_wn_synset s);

/* True when S is ANCESTOR or reaches it through hypernyms (class and
 * instance hypernyms).  Both must be of the same part of speech. */
bool nk_wordnet_synset_is_a(const nk_wordnet *wn, nk_wn_synset s,
                            nk_wn_synset ancestor);

/* True when sense 1 of LEMMA (FIRST_ONLY) or any of its senses is a kind of
 * sense ANCESTOR_SENSE of ANCESTOR ("police", "organization" 1). */
bool nk_wordnet_is_a(const nk_wordnet *wn, nk_wn_pos pos, const char *lemma,
                     const char *ancestor, unsigned ancestor_sense,
                     bool first_only);

/* What a common noun can be as an actor. */
typedef enum nk_wn_actor {
    NK_WN_ACTOR_NONE = 0,     /* not an actor (or unknown to WordNet) */
    NK_WN_ACTOR_PERSON,       /* noun.person: "official", "villager" */
    NK_WN_ACTOR_ORGANIZATION, /* a kind of organization.n.01, legislature.n.01
                                 or court.n.01: "police", "company", "army",
                                 "government", "parliament", "court" */
    NK_WN_ACTOR_GROUP         /* another social group: "crowd", "family",
                                 "people", "public" */
} nk_wn_actor;

/* How to weigh a noun's senses in nk_wordnet_actor. */
typedef enum nk_wn_actor_mode {
    NK_WN_FIRST_SENSE = 0, /* sense 1 only (the most frequent) */
    NK_WN_DOMINANT,        /* the actor kind holding over half the uses */
    NK_WN_ANY_SENSE        /* the first actor kind among its senses */
} nk_wn_actor_mode;

/* The actor kind of noun LEMMA (singular lemma; a plural person noun is a
 * Group by the project's convention, which is the caller's to apply).
 * Sense order follows the frequencies of WordNet's tagged corpus (1960s
 * American prose), not news: sense 1 of "ministry" is the priesthood and of
 * "state" a condition, so a project word list (the gazetteer's role nouns)
 * should be asked first and WordNet for the nouns it lacks.  FIRST_SENSE
 * or DOMINANT suits a subject noun with no other evidence; ANY_SENSE only
 * when the context already says an actor is meant.
 * "official" FIRST_SENSE -> PERSON; "police" -> ORGANIZATION; "crowd" ->
 * GROUP; "stone" -> NONE; "head" FIRST_SENSE -> NONE (noun.body) but
 * ANY_SENSE -> PERSON. */
nk_wn_actor nk_wordnet_actor(const nk_wordnet *wn, const char *lemma,
                             nk_wn_actor_mode mode);

/* The base forms WordNet knows for WORD as POS, as morphy(7WN) finds them:
 * WORD itself when it is a lemma ("glasses"), then its exception-list bases
 * ("children" -> "child", "went" -> "go", "axes" -> "ax", "axis"), then the
 * regular detachment rules kept only when the result is a lemma
 * ("villagers" -> "villager", "seized" -> "seize", "glasses" -> "glass").
 * Up to CAP distinct strings into OUT (pointers into WN, lower case with '_'
 * for spaces); returns how many there are (0: none). */
size_t nk_wordnet_base(const nk_wordnet *wn, nk_wn_pos pos, const char *word,
                       const char **out, size_t cap);

/* "noun.person", "verb.communication", ...; NULL for an unknown class. */
const char *nk_wordnet_class_name(nk_wn_class cls);
/* The class called NAME ("noun.group"), or NK_WN_NONE. */
nk_wn_class nk_wordnet_class_from_name(const char *name);

#endif
