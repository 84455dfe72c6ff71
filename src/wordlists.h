/* wordlists.h: the word lists extraction rules look up, read from data.
 *
 * Which nouns make a name an organisation ("ministry", "motors"), which
 * verbs are light ("launch an attack"), aspectual ("continue to") or speech
 * verbs, which nouns stand for the organisation an article is about ("the
 * company") ... live in ontology/wordlists.tsv, not in C, so a user widens
 * coverage with a file of their own (`newskg extract --words FILE`).
 * Closed classes (pronouns, prepositions, weekdays) stay in the grammar.
 *
 * Format, one word a line: LIST <TAB> WORD, where LIST is one of the names
 * below ("org-word", "light-verb", ...); "#" starts a comment; a WORD
 * written "!word" removes it from the list (so a later file can take back
 * what an earlier one gave).  Words compare without regard to ASCII case.
 * A malformed line is an error naming file:line:column, and nothing loads.
 *
 * Ownership and threads: nk_wordlists_load gives the caller an object to
 * free with nk_wordlists_free; it is read-only after loading, so threads
 * may share it.
 */
#ifndef NK_WORDLISTS_H
#define NK_WORDLISTS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum nk_wordlist {
    NK_WL_ORG_WORD = 0,     /* org-word: a name with it is an organisation */
    NK_WL_GENERIC_ORG,      /* generic-org: "the company" = the one named */
    NK_WL_ORG_DESCRIPTION,  /* org-description: "the agency" finds one by head */
    NK_WL_GOVERNMENT,       /* government: "the government" = the country */
    NK_WL_COUNTRY_NOUN,     /* country-noun: "the country" */
    NK_WL_TIME_WORD,        /* time-word: heads of time phrases */
    NK_WL_HAZARD,           /* hazard: "Typhoon X" is no actor */
    NK_WL_MEMBER,           /* member: "its fighters" act for their group */
    NK_WL_SPEAKS_FOR,       /* speaks-for: "a spokesperson for X": X speaks */
    NK_WL_SPOKESPERSON,     /* spokesperson: "a party spokesperson" */
    NK_WL_NEW_SET,          /* new-set: "other officials" refer back to none */
    NK_WL_PLACE_NOUN,       /* place-noun: "the city of X" names a place */
    NK_WL_ACTION_NOUN,      /* action-noun: "the sale of X" */
    NK_WL_ACCUSATION_NOUN,  /* accusation-noun: what a rejection rejects */
    NK_WL_NO_FACT_VERB,     /* no-fact-verb: "be", "have": no fact of its own */
    NK_WL_LIGHT_VERB,       /* light-verb: "launch an attack" = attack */
    NK_WL_ASPECTUAL,        /* aspectual: "continue to": the complement acts */
    NK_WL_FAILING,          /* failing: "failed to": and it did not happen */
    NK_WL_SPEECH,           /* speech: speech verbs the lexicon lacks */
    NK_WL_OBJECT_CONTROL,   /* object-control: "urged X to": X acts */
    NK_WL_SYMMETRIC,        /* symmetric: "A and B met": one fact */
    NK_WL_BRINGS_ABOUT,     /* brings-about: "completed the signing of X" */
    NK_WL_BUSINESS,         /* business: "the company" is no public body */
    NK_WL_PUBLIC_BODY,      /* public-body: a name with it is a public body */
    NK_WL_COMPASS,          /* compass: "Eastern Ukraine", "North Kivu" are places */
    NK_WL_NAME_PARTICLE,    /* name-particle: "von der Leyen", "de Wit" are one name */
    NK_WL_REPRESENTS,       /* represents: "his lawyer said he": he is the client */
    NK_WL_MALE_WORD,        /* male-word: "Mr", "spokesman": a man's title */
    NK_WL_FEMALE_WORD,      /* female-word: "Ms", "spokeswoman": a woman's title */
    NK_WL_MALE_NAME,        /* male-name: first names of men (first-names.tsv) */
    NK_WL_FEMALE_NAME,      /* female-name: first names of women (first-names.tsv) */
    NK_WL_TO_INFINITIVE,    /* to-infinitive: "promised to X": X is a verb */
    NK_WL_PREPOSITION_PARTICIPLE, /* preposition-participle: "pending X" is no act */
    NK_WL_PHONE_CALL,       /* phone-call: "Biden called Xi": a phone call */
    NK_WL_ARMED_FORCE,      /* armed-force: "Israeli Forces" are the country's */
    NK_WL_COUNT
} nk_wordlist;

typedef struct nk_wordlists nk_wordlists;

/* The name of LIST in data files ("org-word"). */
const char *nk_wordlist_name(nk_wordlist list);

/* Load ontology/wordlists.tsv (found as the gazetteer is, through
 * NEWSKG_DATA or the installed data directory), then ontology/first-names.tsv
 * when the data directory has it (written by scripts/make-first-names), then
 * EXTRA files in order.
 * On error *out is NULL and the sink says where. */
int nk_wordlists_load(nk_wordlists **out, const char *const *extra, size_t nextra,
                      nk_diag_sink *sink);
/* Load only FILES (for tests and tools). */
int nk_wordlists_load_files(nk_wordlists **out, const char *const *files, size_t nfiles,
                            nk_diag_sink *sink);
void nk_wordlists_free(nk_wordlists *w);

/* True when WORD is in LIST (ASCII case ignored).  W may be NULL: false. */
bool nk_wordlists_has(const nk_wordlists *w, nk_wordlist list, const char *word);

/* Words in LIST (for tests and the README). */
size_t nk_wordlists_count(const nk_wordlists *w, nk_wordlist list);

#endif
