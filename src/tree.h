/* tree.h: a parsed sentence as extraction reads it.
 *
 * The tagger and parser leave tags and relations as strings (the names the
 * models were trained with).  Extraction compares them thousands of times a
 * sentence, so an nk_tree reads them once, when it is built, into enums:
 * a misspelt tag or relation is then a compile error, not a rule that never
 * fires.  It also holds each token's children, in sentence order, and the
 * token helpers that entities.c and events.c share.
 *
 * Ownership: a tree borrows its sentence (which must outlive it) and keeps
 * its arrays in the arena given to nk_tree_init.
 */
#ifndef NK_TREE_H
#define NK_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "util.h"
#include "wordlists.h"

/* Universal POS tags (UD v2).  NK_UPOS_NONE: untagged or unknown. */
typedef enum nk_upos {
    NK_UPOS_NONE = 0,
    NK_UPOS_ADJ, NK_UPOS_ADP, NK_UPOS_ADV, NK_UPOS_AUX, NK_UPOS_CCONJ, NK_UPOS_DET,
    NK_UPOS_INTJ, NK_UPOS_NOUN, NK_UPOS_NUM, NK_UPOS_PART, NK_UPOS_PRON, NK_UPOS_PROPN,
    NK_UPOS_PUNCT, NK_UPOS_SCONJ, NK_UPOS_SYM, NK_UPOS_VERB, NK_UPOS_X,
    NK_UPOS_COUNT
} nk_upos;

/* Universal dependency relations, then the subtypes English treebanks use.
 * A subtype is "of" its base relation (nk_dep_base): asking whether a token
 * is an NK_DEP_NSUBJ also accepts NK_DEP_NSUBJ_PASS, as UD intends.  A
 * subtype outside this list reads as NK_DEP_SUBTYPE with its base kept. */
typedef enum nk_dep {
    NK_DEP_NONE = 0, /* not parsed, or a relation outside UD */
    NK_DEP_ACL, NK_DEP_ADVCL, NK_DEP_ADVMOD, NK_DEP_AMOD, NK_DEP_APPOS, NK_DEP_AUX,
    NK_DEP_CASE, NK_DEP_CC, NK_DEP_CCOMP, NK_DEP_CLF, NK_DEP_COMPOUND, NK_DEP_CONJ,
    NK_DEP_COP, NK_DEP_CSUBJ, NK_DEP_DEP, NK_DEP_DET, NK_DEP_DISCOURSE,
    NK_DEP_DISLOCATED, NK_DEP_EXPL, NK_DEP_FIXED, NK_DEP_FLAT, NK_DEP_GOESWITH,
    NK_DEP_IOBJ, NK_DEP_LIST, NK_DEP_MARK, NK_DEP_NMOD, NK_DEP_NSUBJ, NK_DEP_NUMMOD,
    NK_DEP_OBJ, NK_DEP_OBL, NK_DEP_ORPHAN, NK_DEP_PARATAXIS, NK_DEP_PUNCT,
    NK_DEP_REPARANDUM, NK_DEP_ROOT, NK_DEP_VOCATIVE, NK_DEP_XCOMP,
    /* subtypes */
    NK_DEP_ACL_RELCL, NK_DEP_ADVCL_RELCL, NK_DEP_AUX_PASS, NK_DEP_CC_PRECONJ,
    NK_DEP_COMPOUND_PRT, NK_DEP_CSUBJ_PASS, NK_DEP_DET_PREDET, NK_DEP_FLAT_FOREIGN,
    NK_DEP_NMOD_DESC, NK_DEP_NMOD_NPMOD, NK_DEP_NMOD_POSS, NK_DEP_NMOD_TMOD,
    NK_DEP_NMOD_UNMARKED, NK_DEP_NSUBJ_OUTER, NK_DEP_NSUBJ_PASS, NK_DEP_OBL_AGENT,
    NK_DEP_OBL_NPMOD, NK_DEP_OBL_TMOD, NK_DEP_OBL_UNMARKED,
    NK_DEP_SUBTYPE, /* any other subtype */
    NK_DEP_COUNT
} nk_dep;

/* The tag or relation named NAME ("VERB", "nsubj:pass"); NONE if unknown. */
nk_upos nk_upos_parse(const char *name);
nk_dep nk_dep_parse(const char *name);
/* The base relation of DEP (NK_DEP_NSUBJ for NK_DEP_NSUBJ_PASS). */
nk_dep nk_dep_base(nk_dep dep);

#define NK_NONE_TOKEN ((size_t)-1)

/* A parsed sentence with tags and relations as enums and child lists. */
typedef struct nk_tree {
    const nk_sentence *s;
    size_t n;
    size_t *kid_start; /* children of token i: kids[kid_start[i] .. kid_start[i+1]) */
    size_t *kids;      /* 0-based token indices, in sentence order */
    unsigned char *upos;  /* nk_upos of token i */
    unsigned char *dep;   /* nk_dep of token i (a subtype when it has one) */
    unsigned char *base;  /* nk_dep_base of dep[i] */
    size_t *hd;           /* 0-based head of token i, NK_NONE_TOKEN for the root
                             (the parser's, unless nk_tree_read_names mended a
                             name it split) */
    const char **xpos;    /* tags nk_tree_mend_tags changed (NULL: the
                             token's), or NULL when none was */
    nk_arena *arena;      /* where the tree lives */
} nk_tree;

/* Build the tree of S in ARENA. */
void nk_tree_init(nk_tree *t, const nk_sentence *s, nk_arena *arena);

/* 0-based head of token I, or NK_NONE_TOKEN for the root. */
size_t nk_tree_head(const nk_tree *t, size_t i);
/* True when token I's relation is REL: exactly when REL is a subtype, REL
 * or any of its subtypes when REL is a base relation. */
bool nk_tree_rel_is(const nk_tree *t, size_t i, nk_dep rel);
/* True when token I's relation is REL with no subtype ("obl", not "obl:tmod"). */
bool nk_tree_rel_exact(const nk_tree *t, size_t i, nk_dep rel);
/* First child of I whose relation is REL (as nk_tree_rel_is), or NK_NONE_TOKEN. */
size_t nk_tree_child(const nk_tree *t, size_t i, nk_dep rel);
/* The preposition or case marker of nominal I ("by", "in"): the child's
 * form, or NULL. */
const char *nk_tree_case(const nk_tree *t, size_t i);
/* The first token of I's subtree along first children (I itself when its
 * first child comes after it). */
size_t nk_tree_leftmost(const nk_tree *t, size_t i);
/* The last token of I's subtree (following last children down). */
size_t nk_tree_rightmost(const nk_tree *t, size_t i);

/* ---- token helpers ---------------------------------------------------- */

static inline const nk_token *nk_tree_tok(const nk_tree *t, size_t i)
{
    return &t->s->tokens[i];
}

static inline const char *nk_tree_form(const nk_tree *t, size_t i)
{
    return t->s->tokens[i].form;
}

/* The lemma, or the form when untagged. */
static inline const char *nk_tree_lemma(const nk_tree *t, size_t i)
{
    return t->s->tokens[i].lemma ? t->s->tokens[i].lemma : t->s->tokens[i].form;
}

static inline bool nk_tree_upos_is(const nk_tree *t, size_t i, nk_upos u)
{
    return i < t->n && t->upos[i] == u;
}

/* True when token I's XPOS is X ("VBG", "NNS"). */
bool nk_tree_xpos_is(const nk_tree *t, size_t i, const char *x);
/* True when the form of token I starts with an upper-case ASCII letter. */
bool nk_tree_capitalised(const nk_tree *t, size_t i);

/* ---- words of names, whatever their tag --------------------------------- */

/* UD tags the words inside names by what they are ("Rapid Support Forces"
 * ADJ NOUN NOUN, "Verdant Crop Sciences" ADJ NOUN PROPN) and a tagger may
 * read a name as the common word it also is ("Arsenal" NOUN).  Extraction
 * finds names through PROPN, so it reads such words as PROPN: a capitalised
 * noun inside a sentence; a capitalised adjective or participle inside a
 * sentence that begins a run of capitalised words or stands as a nominal
 * argument itself; and, at the start of a sentence, a capitalised word
 * followed by such a run, or a noun (or a word standing as a nominal
 * argument) the document writes capitalised inside sentences and never in
 * lower case.  Acronyms read as common nouns
 * ("CEO") and demonyms modifying a common noun ("Portuguese winger") keep
 * their tags.  Only the tree's view changes: the sentence keeps the
 * tagger's tags. */
typedef struct nk_name_words nk_name_words;

/* What DOC says about its capitalised words (may be NULL: no document
 * evidence).  Kept in ARENA. */
nk_name_words *nk_name_words_new(const nk_doc *doc, nk_arena *arena);
/* Retag the words of names in T as NK_UPOS_PROPN (WORDS may be NULL), then
 * mend names the parser split: a run of capitalised proper nouns (with the
 * name particles of word list name-particle, "Ursula von der Leyen", and
 * hyphens inside one word, "Fox-IT") whose words hang from one head by two
 * or more links ("Hans Schmidt said" with both words subjects of "said")
 * becomes one name: its last such word keeps the link, the others are flat
 * under it.  Only when the links agree (one relation, or a noun head, or
 * a particle or hyphen inside) and no word is a time word (WL may be NULL:
 * no particles, no time words). */
void nk_tree_read_names(nk_tree *t, const nk_name_words *words, const nk_wordlists *wl);
/* Hang token I on HEAD (a token of T, not I nor one of I's descendants)
 * with relation REL, and rebuild the child lists: a mend of the parser's
 * tree.  False, and T unchanged, when HEAD would make a cycle. */
bool nk_tree_set_head(nk_tree *t, size_t i, size_t head, nk_dep rel);

/* Mend tags and links the tagger or parser got wrong where the words
 * leave no doubt (WL: the word lists; WN: WordNet, NULL: only the mends
 * that need none):
 * - a verb the parser hung on punctuation is a clause (advcl) of the
 *   nearest verb above ("..., citing confidentiality rules");
 * - a bare participle right before the title of a name modifies the
 *   title ("presiding judge Helena Moura");
 * - a participle of word list preposition-participle with no auxiliary
 *   is a preposition ("pending the outcome");
 * - a speech verb's object followed right away by a participle with a
 *   complement and no auxiliary or agent is the subject of a reported
 *   past tense ("said the company expected to spend"; the tag becomes
 *   VBD in xpos);
 * - an object right before a clause with no subject (no comma between)
 *   is that clause's subject ("showed Kestrel was gaining");
 * - a conjunct of a speech verb with "would", "could" or "might" and no
 *   subject goes with the reported clause ("... and would hire");
 * - with WN: an infinitive read as a noun or adjective after "to" and a
 *   verb of word list to-infinitive ("promised to campaign for X",
 *   "agreed on Thursday to resume"), a verb in WordNet in its base form
 *   with no determiner, becomes the verb's xcomp, the noun it modified
 *   its object and the phrases after it its obliques; an adjective after
 *   "and" before a number or determiner of its noun, that noun a conjunct
 *   of a verb or its object, is a verb ("would cut jobs and close two
 *   plants"); a bare "-ing" noun after a comma before "of", "that" or
 *   "about", hung on a noun, is a participle of the verb above it
 *   (", warning of storm surges"). */
struct nk_wordnet;
void nk_tree_mend_tags(nk_tree *t, const nk_wordlists *wl, const struct nk_wordnet *wn);

/* Token I is a relative word ("who", "which", "that" read as one: WP,
 * WDT or PronType=Rel). */
bool nk_tree_relative_word(const nk_tree *t, size_t i);
/* Token I descends from A (I itself counts; a walk of at most 16 heads,
 * a guard against malformed trees). */
bool nk_tree_descends(const nk_tree *t, size_t i, size_t a);
/* The phrase of token I starts with a comma or right after one. */
bool nk_tree_after_comma(const nk_tree *t, size_t i);
/* Of two subjects the parser gave speech verb V (after token FIRST), the
 * later one when it stands after a comma right before V ("Russian drones
 * struck energy facilities, cutting power, Ukraine's energy ministry
 * said" with the drones a subject of "said"): the speaker.  NK_NONE_TOKEN
 * otherwise. */
size_t nk_tree_trailing_subject(const nk_tree *t, size_t v, size_t first);
/* Verb V closes the sentence: every later word is punctuation or hangs
 * under V ("..., the ministry said on Monday."). */
bool nk_tree_closes_sentence(const nk_tree *t, size_t v);
/* The speaker of a sentence that ends "..., officials said" (a verb of
 * word list speech in WL that closes the sentence), as the parser often
 * misreads it (news has more of these than its training data):
 * - a speech verb with no subject gets the noun phrase right before it,
 *   after a comma ("expelled six diplomats, officials said on Monday"
 *   with "officials" a conjunct of "diplomats");
 * - of two subjects, the first, before the comma, becomes the object of
 *   the verb the speech verb hangs on when that verb has none ("arrested
 *   three men in Leeds, a spokesman said" with "men" a subject of
 *   "said").
 * (Hanging a speaker's clause that the parser put deep in the sentence on
 * the root as well gained nothing on the development articles and lost a
 * fact's source on the held-out ones.) */
void nk_tree_mend_trailing_speaker(nk_tree *t, const nk_wordlists *wl);

#endif
