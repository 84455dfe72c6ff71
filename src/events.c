/* events.c: see events.h. */
#include "events.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"

/* ---- small helpers -------------------------------------------------------- */



/* ---- dates ---------------------------------------------------------------- */

static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

bool nk_normalise_day(const char *phrase, const char *date, char out[11])
{
    long y;
    unsigned m, d;
    if (!phrase || !date || strlen(date) != 10 ||
        sscanf(date, "%4ld-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    static const char *const DAYS[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    long z = days_from_civil(y, m, d);
    long target = 0;
    bool found = false;
    /* find the last word of the phrase that names a day */
    char word[32];
    const char *p = phrase;
    while (*p) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        size_t n = 0;
        while (isalpha((unsigned char)*p)) {
            if (n < sizeof word - 1)
                word[n++] = (char)tolower((unsigned char)*p);
            p++;
        }
        word[n] = '\0';
        if (!n)
            break;
        for (int k = 0; k < 7; k++)
            if (strcmp(word, DAYS[k]) == 0) {
                /* 1970-01-01 (z = 0) was a Thursday: weekday index 3 */
                long wd = ((z % 7) + 7 + 3) % 7;
                long back = (wd - k + 7) % 7;
                target = z - back;
                found = true;
            }
        if (strcmp(word, "yesterday") == 0) {
            target = z - 1;
            found = true;
        } else if (strcmp(word, "today") == 0 || strcmp(word, "tonight") == 0) {
            target = z;
            found = true;
        } else if (strcmp(word, "tomorrow") == 0) {
            target = z + 1;
            found = true;
        }
    }
    if (!found)
        return false;
    civil_from_days(target, &y, &m, &d);
    if (y < 0 || y > 9999)
        return false;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return true;
}

/* ---- clause analysis ------------------------------------------------------- */

/* Confidence of a fact whose actor is the clause's own subject, and of one
 * whose actor was inherited from another clause (participles, control). */
#define CONFIDENCE_OWN 0.9
#define CONFIDENCE_INHERITED 0.7
/* Share of a verb's uses WordNet must put among states for it to be no
 * event: a clear majority ("end" at 0.68 stays an event, "include" at 0.79
 * is none). */
#ifndef STATIVE_MIN_SHARE
#define STATIVE_MIN_SHARE 0.7
#endif
/* Share of a verb's uses WordNet must put in an eventive class for it to
 * be an event without an object. */
#ifndef EVENTIVE_MIN_SHARE
#define EVENTIVE_MIN_SHARE 0.5
#endif

typedef struct ctx {
    const nk_doc *doc;
    const nk_gazetteer *gaz;
    const nk_ontology *onto;
    const nk_extract_options *opts;
    const nk_wordlists *words;
    nk_factset *set;
    nk_entities *ents;
    nk_tree tree;
    size_t sent;           /* 0-based sentence index */
    nk_arena *scratch;
    /* per sentence: resolved actor of each predicate (for inheritance) */
    nk_entity_ref **actor_of;
    size_t *actor_tok_of;  /* the token of actor_of[i], or NK_NONE_TOKEN */
    bool *done;
    nk_entity_ref *speaker; /* who says the clause being read, or NULL */
    size_t last_accusation; /* the latest Accuse fact, or NK_NO_FACT */
} ctx;

typedef struct inherit {
    nk_entity_ref *attributed_to;
    size_t claim;         /* fact index of the claim, or NK_NO_FACT */
    int modality;         /* forced modality or -1 */
    bool negated;         /* forced negation */
} inherit;


static const char *const PLACE_CASES[] = {"in", "at", "near", "outside", "inside", "from",
                                          "across", "throughout", "within", NULL};
static const char *const TIME_CASES[] = {"on", "in", "at", "during", "since", "until", "within", "for", "throughout", "over",
                                         "before", "after", "by", "earlier", "last", NULL};
static const char *const TARGET_CASES[] = {"against", "on", "into", "upon", "to", NULL};
static const char *const SYMMETRIC_CASES[] = {"with", NULL};
static const char *const PARTNER_CASES[] = {"with", "from", NULL};

static bool speech_like(const ctx *c, const char *lemma)
{
    return nk_wordlists_has(c->words, NK_WL_SPEECH, lemma);
}

/* True when nominal N carries a possessive 's: it owns something, it is
 * no subject. */
static bool possessor(const ctx *c, size_t n)
{
    if (n == NK_NONE_TOKEN)
        return false;
    size_t cs = nk_tree_child(&c->tree, n, NK_DEP_CASE);
    if (cs == NK_NONE_TOKEN)
        return false;
    const char *f = nk_tree_form(&c->tree, cs);
    return strcmp(f, "'s") == 0 || strcmp(f, "\xe2\x80\x99s") == 0 || strcmp(f, "'") == 0;
}

/* True when WordNet puts more than MIN_SHARE of the uses of verb LEMMA in
 * one of the N classes CLASSES. */
static bool verb_mostly(const ctx *c, const char *lemma, const nk_wn_class *classes, size_t n,
                        double min_share)
{
    const nk_wordnet *wn = c->opts ? c->opts->wordnet : NULL;
    if (!wn)
        return false;
    double share = 0;
    nk_wn_class cls = nk_wordnet_dominant_class(wn, NK_WN_VERB, lemma, &share);
    for (size_t i = 0; i < n; i++)
        if (cls == classes[i])
            return share > min_share;
    return false;
}

/* A verb outside the lexicon that is an event even without a target
 * ("the athlete cheated", "the union voted"): WordNet's classes of social
 * acts, competition and communication hold most of its uses. */
static bool eventive_verb(const ctx *c, const char *lemma)
{
    static const nk_wn_class EVENTIVE[] = {NK_WN_VERB_SOCIAL, NK_WN_VERB_COMPETITION,
                                           NK_WN_VERB_COMMUNICATION};
    return verb_mostly(c, lemma, EVENTIVE, sizeof EVENTIVE / sizeof *EVENTIVE, EVENTIVE_MIN_SHARE);
}

/* A verb outside the lexicon whose uses WordNet puts clearly among states,
 * cognition or emotion: no event even with an object ("include",
 * "contain", "fit"). */
static bool stative_verb(const ctx *c, const char *lemma)
{
    static const nk_wn_class STATIVE[] = {NK_WN_VERB_STATIVE, NK_WN_VERB_COGNITION,
                                          NK_WN_VERB_EMOTION};
    return verb_mostly(c, lemma, STATIVE, sizeof STATIVE / sizeof *STATIVE, STATIVE_MIN_SHARE);
}

/* Share of a verb's uses WordNet must put among feelings or thoughts for
 * it to be an attitude ("want", "hope": emotion; "plan", "expect",
 * "decide": cognition). */
#ifndef ATTITUDE_MIN_SHARE
#define ATTITUDE_MIN_SHARE 0.7
#endif

/* V has an infinitive or gerund complement of its own ("wanted to sell",
 * "refused to leave"). */
static bool has_xcomp_clause(const ctx *c, size_t v)
{
    size_t x = nk_tree_child(&c->tree, v, NK_DEP_XCOMP);
    return x != NK_NONE_TOKEN && (nk_tree_upos_is(&c->tree, x, NK_UPOS_VERB) ||
                                  nk_tree_upos_is(&c->tree, x, NK_UPOS_AUX));
}

/* A verb that is no event of its own, whatever the lexicon says: the
 * complement it introduces carries the fact.  Feelings are states ("wanted
 * a fair deal", "hoped to win": WordNet's emotion verbs); plans and
 * expectations with an infinitive are the planned act ("plans to form",
 * "expects to spend", "decided to join": cognition verbs); and a refusal
 * that is no speech act is the act it refuses, negated ("refused to
 * leave", "declined to comment"). */
static bool carried_by_complement(const ctx *c, size_t v, const char *lemma,
                                  const nk_lex_entry *lex)
{
    static const nk_wn_class FEELING[] = {NK_WN_VERB_EMOTION};
    static const nk_wn_class THOUGHT[] = {NK_WN_VERB_COGNITION};
    if (speech_like(c, lemma))
        return false;
    /* "intimidate", "frighten" act on someone: the lexicon's event
     * classes stand; a feeling is an entry that introduces a complement
     * or none at all */
    bool lexical_event = lex && !lex->speech_act && lex->complement_modality < 0;
    if (!lexical_event && verb_mostly(c, lemma, FEELING, 1, ATTITUDE_MIN_SHARE))
        return true;
    if (!has_xcomp_clause(c, v))
        return false;
    if (verb_mostly(c, lemma, THOUGHT, 1, ATTITUDE_MIN_SHARE))
        return true;
    return lex && lex->polarity == NK_POLARITY_NEGATIVE && !lex->speech_act;
}

/* A speech verb: the lexicon's speech acts and the speech word list. */
static bool speech_verb(const ctx *c, const char *lemma)
{
    const nk_lex_entry *lex = c->onto ? nk_ontology_lookup(c->onto, lemma, NULL, NULL) : NULL;
    return (lex && lex->speech_act) || speech_like(c, lemma);
}

/* "Speaking in London, he said ...", "an official, speaking on condition
 * of anonymity, said ...": a speech participle with nothing said of its
 * own, on the speech verb of its own speaker, is that one speech act. */
static bool circumstance_of_speech(const ctx *c, size_t v, const char *lemma)
{
    if (!nk_tree_xpos_is(&c->tree, v, "VBG") || !speech_verb(c, lemma) ||
        nk_tree_child(&c->tree, v, NK_DEP_CCOMP) != NK_NONE_TOKEN ||
        nk_tree_child(&c->tree, v, NK_DEP_PARATAXIS) != NK_NONE_TOKEN ||
        nk_tree_child(&c->tree, v, NK_DEP_OBJ) != NK_NONE_TOKEN ||
        nk_tree_child(&c->tree, v, NK_DEP_IOBJ) != NK_NONE_TOKEN ||
        nk_tree_child(&c->tree, v, NK_DEP_XCOMP) != NK_NONE_TOKEN ||
        nk_tree_child(&c->tree, v, NK_DEP_MARK) != NK_NONE_TOKEN)
        return false; /* "responded by ordering a diplomat out": an act */
    size_t g = nk_tree_head(&c->tree, v);
    if (g != NK_NONE_TOKEN && nk_tree_rel_exact(&c->tree, v, NK_DEP_ACL) &&
        nk_tree_rel_is(&c->tree, g, NK_DEP_NSUBJ))
        g = nk_tree_head(&c->tree, g); /* on the speaker: the speaker's verb */
    else if (!nk_tree_rel_is(&c->tree, v, NK_DEP_ADVCL))
        return false;
    return g != NK_NONE_TOKEN && g != v && nk_tree_upos_is(&c->tree, g, NK_UPOS_VERB) &&
           speech_verb(c, nk_tree_lemma(&c->tree, g));
}

/* A relative clause in the simple present describes what its noun is or
 * does as a rule ("the union, which represents 9,000 drivers", "a plant
 * that employs 3,000 people", "a station that supplies the state"): a
 * state of the noun, not an event of the story. */
static bool describes_noun(const ctx *c, size_t v)
{
    if (!(nk_tree_xpos_is(&c->tree, v, "VBZ") || nk_tree_xpos_is(&c->tree, v, "VBP")))
        return false;
    bool relative = nk_tree_rel_is(&c->tree, v, NK_DEP_ACL_RELCL);
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_AUX))
            return false; /* "which has cut", "which will build" */
        /* hung elsewhere by the parser, the clause still opens with "which" */
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ) && ch < v && nk_tree_relative_word(&c->tree, ch))
            relative = true;
    }
    return relative;
}

/* True when the lexicon has an entry for verb V with the particle or
 * object it has here ("went on strike", "had talks", "went back"), the
 * particle possibly read as the case of an oblique ("on strike"). */
static bool phrasal_entry(const ctx *c, size_t v)
{
    if (!c->onto)
        return false;
    const char *lemma = nk_tree_lemma(&c->tree, v);
    size_t prt = nk_tree_child(&c->tree, v, NK_DEP_COMPOUND_PRT);
    size_t obj = nk_tree_child(&c->tree, v, NK_DEP_OBJ);
    const char *particle = prt != NK_NONE_TOKEN ? nk_tree_lemma(&c->tree, prt) : NULL;
    if (particle && nk_ontology_lookup_exact(c->onto, lemma, particle, NULL))
        return true;
    if (obj != NK_NONE_TOKEN &&
        nk_ontology_lookup_exact(c->onto, lemma, particle, nk_tree_lemma(&c->tree, obj)))
        return true;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) ? nk_tree_case(&c->tree, ch) : NULL;
        if (cs && nk_ontology_lookup_exact(c->onto, lemma, cs, nk_tree_lemma(&c->tree, ch)))
            return true;
    }
    return false;
}

static bool is_predicate(const ctx *c, size_t v)
{
    if (!nk_tree_upos_is(&c->tree, v, NK_UPOS_VERB))
        return false;
    if (nk_wordlists_has(c->words, NK_WL_NO_FACT_VERB, nk_tree_lemma(&c->tree, v)) && !phrasal_entry(c, v))
        return false;
    if (c->tree.dep[v] == NK_DEP_NONE)
        return false;
    /* "low-lying areas", "a fast-moving fire", "state-owned banks": the
     * second half of a hyphenated adjective */
    if (v > 0 && strcmp(nk_tree_form(&c->tree, v - 1), "-") == 0 &&
        nk_tree_tok(&c->tree, v - 1)->end == nk_tree_tok(&c->tree, v)->begin &&
        (nk_tree_xpos_is(&c->tree, v, "VBG") || nk_tree_xpos_is(&c->tree, v, "VBN")))
        return false;
    /* a participle used as an adjective ("the ongoing conflict") is not one */
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_AMOD) || nk_tree_rel_is(&c->tree, v, NK_DEP_COMPOUND))
        return false;
    /* "held rates, as expected", "than forecast": a comparison with no
     * argument of its own */
    if (nk_tree_xpos_is(&c->tree, v, "VBN")) {
        bool compared = false, argument = false;
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            nk_dep b = (nk_dep)c->tree.base[ch];
            compared = compared || ((b == NK_DEP_MARK || b == NK_DEP_CASE) &&
                                    nk_str_in(nk_tree_form(&c->tree, ch), (const char *const[]){"as", "As", "than", NULL}));
            argument = argument || b == NK_DEP_NSUBJ || b == NK_DEP_OBJ || b == NK_DEP_IOBJ || b == NK_DEP_OBL ||
                       b == NK_DEP_CCOMP || b == NK_DEP_XCOMP;
        }
        if (compared && !argument)
            return false;
    }
    return true;
}

/* The action of verb V: its lexicon entry, with *LEMMA_OUT the lemma to
 * report (a phrasal verb's "pull out", a light verb's noun), *LIGHT_OBJ the
 * noun a light verb takes ("launched an attack"), and *PREP_OBJ the
 * phrase whose preposition made the entry ("called for an election",
 * "appealed for calm"), each NK_NONE_TOKEN when there is none. */
/* V's lemma, or, when WordNet knows no such verb but knows the form as
 * an inflection of one ("withdrew" left as its own lemma), that verb. */
static const char *verb_lemma(const ctx *c, size_t v)
{
    const char *lemma = nk_tree_lemma(&c->tree, v);
    const nk_wordnet *wn = c->opts ? c->opts->wordnet : NULL;
    if (!wn || !lemma || strchr(lemma, ' ') || nk_wordnet_senses(wn, NK_WN_VERB, lemma, NULL, 0) > 0)
        return lemma;
    const char *base[2];
    char low[64];
    const char *form = nk_tree_form(&c->tree, v);
    size_t n = strlen(form);
    if (n >= sizeof low)
        return lemma;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)form[i]);
    if (nk_wordnet_base(wn, NK_WN_VERB, low, base, 2) == 0 || strcmp(base[0], low) == 0 || strchr(base[0], '_'))
        return lemma;
    return base[0];
}

/* OBJ, the object of V, is someone called: a name or a personal pronoun,
 * the verb's only object, with no predicate said of it. */
static bool called_someone(const ctx *c, size_t v, size_t obj)
{
    if (!(nk_tree_upos_is(&c->tree, obj, NK_UPOS_PROPN) ||
          (nk_tree_upos_is(&c->tree, obj, NK_UPOS_PRON) &&
           nk_str_in(nk_tree_form(&c->tree, obj), (const char *const[]){"him", "her", "them", NULL}))))
        return false;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch == obj)
            continue;
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_OBJ) || nk_tree_rel_is(&c->tree, ch, NK_DEP_IOBJ) ||
            nk_tree_rel_is(&c->tree, ch, NK_DEP_CCOMP) ||
            (nk_tree_rel_is(&c->tree, ch, NK_DEP_XCOMP) && !nk_tree_upos_is(&c->tree, ch, NK_UPOS_VERB)))
            return false; /* "called him a pioneer", "called the claims baseless" */
    }
    for (size_t k = c->tree.kid_start[obj]; k < c->tree.kid_start[obj + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch > obj && (nk_tree_rel_is(&c->tree, ch, NK_DEP_APPOS) || nk_tree_rel_is(&c->tree, ch, NK_DEP_AMOD) ||
                         nk_tree_rel_is(&c->tree, ch, NK_DEP_ACL)))
            return false; /* "called Xi a dictator" read as an apposition */
    }
    /* a quotation after the object names it: "called him “a pioneer”" */
    size_t after = nk_tree_rightmost(&c->tree, obj) + 1;
    return !(after < c->tree.n && nk_str_in(nk_tree_form(&c->tree, after),
                                            (const char *const[]){"\"", "\xe2\x80\x9c", "a", "an", "the", NULL}));
}

static const nk_lex_entry *lookup_action(const ctx *c, size_t v, const char **lemma_out,
                                         size_t *light_obj, size_t *prep_obj)
{
    const char *lemma = verb_lemma(c, v);
    *lemma_out = lemma;
    *light_obj = NK_NONE_TOKEN;
    *prep_obj = NK_NONE_TOKEN;
    size_t prt = nk_tree_child(&c->tree, v, NK_DEP_COMPOUND_PRT);
    if (prt == NK_NONE_TOKEN && v + 2 < c->tree.n &&
        nk_str_in(nk_tree_tok(&c->tree, v + 1)->form, (const char *const[]){"out", "off", "down", "up", "away", "back",
                                                    "aside", NULL}) &&
        nk_str_ieq(nk_tree_tok(&c->tree, v + 2)->form, "of") && !nk_tree_upos_is(&c->tree, v + 1, NK_UPOS_NOUN))
        prt = v + 1; /* "pulled out of the race": a particle, hung as a preposition */
    if (prt != NK_NONE_TOKEN && prt > v + 1 && prt + 1 < c->tree.n &&
        nk_str_ieq(nk_tree_form(&c->tree, prt + 1), "from") &&
        nk_str_in(nk_tree_form(&c->tree, prt), (const char *const[]){"up", "down", NULL}))
        prt = NK_NONE_TOKEN; /* "forecasts revenue of $16 billion, up from $15 billion": a change, no particle */
    const char *particle = prt != NK_NONE_TOKEN ? nk_tree_lemma(&c->tree, prt) : NULL;
    if (particle) {
        /* "pulled out", "shot down", "set aside": the phrasal verb's lemma */
        char *pl = nk_arena_printf(c->scratch, "%s %s", lemma, particle);
        for (char *p = pl; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        *lemma_out = pl;
    }
    if (!c->onto)
        return NULL;
    size_t obj = nk_tree_child(&c->tree, v, NK_DEP_OBJ);
    const nk_lex_entry *e = NULL;
    if (obj != NK_NONE_TOKEN && nk_tree_upos_is(&c->tree, obj, NK_UPOS_NOUN)) {
        e = nk_ontology_lookup_exact(c->onto, lemma, particle, nk_tree_lemma(&c->tree, obj));
        if (e && nk_wordlists_has(c->words, NK_WL_LIGHT_VERB, lemma)) {
            /* "made appeals", "launched an attack": the noun names the act
             * (when it is a verb too), its "on"/"against" phrase the target;
             * "denied the allegations" keeps its object */
            *light_obj = obj;
            if (nk_ontology_lookup_exact(c->onto, nk_tree_lemma(&c->tree, obj), NULL, NULL))
                *lemma_out = nk_tree_lemma(&c->tree, obj);
        }
    }
    if (!e && particle)
        e = nk_ontology_lookup_exact(c->onto, lemma, particle, NULL);
    if (!e && !particle) {
        /* "called on X to": the preposition of an oblique as particle */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1] && !e; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) ? nk_tree_case(&c->tree, ch) : NULL;
            /* "called him on Tuesday" is no "call on": a time is no particle */
            if (cs && !nk_entities_is_time(c->ents, ch)) {
                /* "walked off the job" with "off" read as the job's case:
                 * the entry of particle and object, the phrase no target */
                e = nk_ontology_lookup_exact(c->onto, lemma, cs, nk_tree_lemma(&c->tree, ch));
                if (e) {
                    char *pl = nk_arena_printf(c->scratch, "%s %s", lemma, cs);
                    for (char *p = pl; *p; p++)
                        *p = (char)tolower((unsigned char)*p);
                    *lemma_out = pl;
                    *light_obj = ch;
                    break;
                }
                e = nk_ontology_lookup_exact(c->onto, lemma, cs, NULL);
                if (e)
                    *prep_obj = ch;
            }
        }
    }
    if (!e)
        e = nk_ontology_lookup(c->onto, lemma, NULL, NULL);
    /* "Biden called Xi on Tuesday", "Merkel called him after the attack":
     * a verb of word list phone-call whose only object is someone named or
     * a personal pronoun, with nothing said of it ("called him a liar",
     * "called the report biased"), is a phone call: the lexicon's entry of
     * the verb with the object "phone" */
    if (e && !particle && *light_obj == NK_NONE_TOKEN && *prep_obj == NK_NONE_TOKEN && obj != NK_NONE_TOKEN &&
        nk_wordlists_has(c->words, NK_WL_PHONE_CALL, lemma) && called_someone(c, v, obj)) {
        const nk_lex_entry *p = nk_ontology_lookup_exact(c->onto, lemma, NULL, "phone");
        if (p)
            e = p;
    }
    return e;
}

/* Token span covering I's subtree (byte offsets). */
static void subtree_span(const ctx *c, size_t i, size_t *b, size_t *e)
{
    const nk_token *t = nk_tree_tok(&c->tree, i);
    if (t->begin != NK_NO_OFFSET) {
        if (t->begin < *b)
            *b = t->begin;
        if (t->end > *e || *e == NK_NO_OFFSET)
            *e = t->end;
    }
    for (size_t k = c->tree.kid_start[i]; k < c->tree.kid_start[i + 1]; k++) {
        size_t ch = c->tree.kids[k];
        /* clauses hanging off a noun are not part of its span */
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_ACL) || nk_tree_rel_is(&c->tree, ch, NK_DEP_PUNCT) ||
            nk_tree_rel_is(&c->tree, ch, NK_DEP_APPOS))
            continue;
        subtree_span(c, ch, b, e);
    }
}

typedef struct args {
    nk_entity_ref *actor;
    size_t actor_tok;
    nk_entity_ref *target;
    size_t target_tok;
    bool inherited;
} args;

static nk_entity_ref *resolve(ctx *c, size_t i, nk_role role)
{
    if (c->speaker && nk_tree_upos_is(&c->tree, i, NK_UPOS_NOUN)) {
        /* "'Our forces destroyed three camps,' the army said": the
         * speaking organisation acts through its members and weapons */
        size_t p = nk_tree_child(&c->tree, i, NK_DEP_NMOD_POSS);
        if (p != NK_NONE_TOKEN && nk_str_ieq(nk_tree_form(&c->tree, p), "our") &&
            nk_entities_acts_for_owner(c->ents, i)) {
            nk_entity_ref *owner = nk_entity_type(c->speaker) == NK_ETYPE_PERSON
                                       ? nk_entities_affiliation(c->ents, c->speaker)
                                       : c->speaker;
            if (owner && nk_entity_type(owner) != NK_ETYPE_PERSON && nk_entity_type(owner) != NK_ETYPE_NONE)
                return owner;
        }
    }
    nk_entity_ref *e = nk_entities_resolve(c->ents, i, role);
    if (!e && c->speaker && nk_tree_upos_is(&c->tree, i, NK_UPOS_PRON)) {
        /* in reported speech "I" is the speaker, and "we" the speaker when
         * it is an organisation or a country */
        const char *f = nk_tree_tok(&c->tree, i)->form;
        if (nk_str_in(f, (const char *const[]){"I", "me", "my", NULL}) && 
            nk_entity_type(c->speaker) == NK_ETYPE_PERSON)
            e = c->speaker;
        else if (nk_str_in(f, (const char *const[]){"we", "us", "our", NULL}) &&
                 nk_entity_type(c->speaker) != NK_ETYPE_PERSON &&
                 nk_entity_type(c->speaker) != NK_ETYPE_NONE)
            e = c->speaker;
        else if (nk_str_in(f, (const char *const[]){"we", "us", "our", NULL}))
            /* "'We disagree,' said the company's lawyer": the organisation a
             * speaking person belongs to */
            e = nk_entities_affiliation(c->ents, c->speaker);
    }
    return e;
}

/* The agent of a passive: obl:agent or obl with "by". */
static size_t passive_agent(const ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL)) {
            const char *cs = nk_tree_case(&c->tree, ch);
            if ((cs && nk_str_ieq(cs, "by")) || nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL_AGENT))
                return ch;
        }
    }
    return NK_NONE_TOKEN;
}

static void find_subject(ctx *c, size_t v, args *a);
static size_t pronoun_antecedent(const ctx *c, size_t v, size_t s);
static bool continues_modifier(const ctx *c, size_t n, size_t p);

/* "defend itself": the actor again, no target */
static bool is_reflexive(const ctx *c, size_t i)
{
    const char *fe = nk_tree_tok(&c->tree, i)->feats;
    return nk_tree_upos_is(&c->tree, i, NK_UPOS_PRON) &&
           ((fe && strstr(fe, "Reflex=Yes")) ||
            nk_str_in(nk_tree_tok(&c->tree, i)->form, (const char *const[]){"itself", "himself", "herself",
                                                          "themselves", "ourselves", NULL}));
}

/* A "to" clause that the parser hung as advcl but that is the complement of
 * an object-control verb ("called on X to intervene"). */
static bool to_complement(const ctx *c, size_t v)
{
    if (!nk_tree_rel_is(&c->tree, v, NK_DEP_ADVCL))
        return false;
    size_t mk = nk_tree_child(&c->tree, v, NK_DEP_MARK);
    return mk != NK_NONE_TOKEN && nk_str_ieq(nk_tree_tok(&c->tree, mk)->form, "to");
}

/* When nominal N is owned by a relative "whose" ("X, whose customers"),
 * the noun before it (X); else NK_NONE_TOKEN. */
static size_t whose_antecedent(const ctx *c, size_t n)
{
    if (n == NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    size_t w = nk_tree_child(&c->tree, n, NK_DEP_NMOD_POSS);
    if (w == NK_NONE_TOKEN || !nk_str_ieq(nk_tree_form(&c->tree, w), "whose"))
        return NK_NONE_TOKEN;
    for (size_t i = w; i-- > 0;) {
        if (nk_tree_upos_is(&c->tree, i, NK_UPOS_PUNCT))
            continue;
        return nk_tree_upos_is(&c->tree, i, NK_UPOS_PROPN) || nk_tree_upos_is(&c->tree, i, NK_UPOS_NOUN)
                   ? i
                   : NK_NONE_TOKEN;
    }
    return NK_NONE_TOKEN;
}

/* V is a "to" infinitive. */
static bool to_infinitive(const ctx *c, size_t v)
{
    size_t mk = nk_tree_child(&c->tree, v, NK_DEP_MARK);
    return mk != NK_NONE_TOKEN && nk_str_ieq(nk_tree_form(&c->tree, mk), "to");
}

/* An infinitive hung on noun N: "asked the company to conduct a study"
 * (an object-control verb's object: the noun acts), "announced plans to
 * form a government", "was in talks to acquire" (the subject of the verb
 * the noun depends on acts).  Fills A and returns true when it found one. */
static bool infinitive_on_noun(ctx *c, size_t v, size_t n, bool object_verb, args *a)
{
    (void)v;
    size_t g = nk_tree_head(&c->tree, n);
    if (g == NK_NONE_TOKEN ||
        !(nk_tree_upos_is(&c->tree, n, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, n, NK_UPOS_PROPN)))
        return false;
    bool object = nk_tree_rel_is(&c->tree, n, NK_DEP_OBJ) || nk_tree_rel_is(&c->tree, n, NK_DEP_IOBJ);
    if (object && nk_tree_upos_is(&c->tree, g, NK_UPOS_VERB)) {
        const nk_lex_entry *glex =
            c->onto ? nk_ontology_lookup(c->onto, nk_tree_lemma(&c->tree, g), NULL, NULL) : NULL;
        if ((glex && glex->complement_modality == NK_MOD_REQUESTED) ||
            nk_wordlists_has(c->words, NK_WL_OBJECT_CONTROL, nk_tree_lemma(&c->tree, g))) {
            a->actor = resolve(c, n, NK_ROLE_ACTOR);
            a->actor_tok = n;
            return true;
        }
    }
    (void)object_verb;
    if (!(object || nk_tree_rel_is(&c->tree, n, NK_DEP_OBL)) ||
        !nk_tree_upos_is(&c->tree, n, NK_UPOS_NOUN) || !(nk_tree_upos_is(&c->tree, g, NK_UPOS_VERB) ||
                                                          nk_tree_upos_is(&c->tree, g, NK_UPOS_AUX)))
        return false;
    /* the plans, talks, efforts of the verb's subject */
    size_t s = nk_tree_child(&c->tree, g, NK_DEP_NSUBJ);
    if (s == NK_NONE_TOKEN || nk_tree_rel_is(&c->tree, s, NK_DEP_NSUBJ_PASS))
        return false;
    if (c->actor_of[g]) {
        a->actor = c->actor_of[g];
        a->actor_tok = c->actor_tok_of[g];
    } else {
        a->actor = resolve(c, s, NK_ROLE_ACTOR);
        a->actor_tok = s;
    }
    a->inherited = true;
    return true;
}

static size_t relative_antecedent(const ctx *c, size_t v);

/* V reads as a passive participle: "VBN" with no auxiliary of its own
 * but a passive one ("was summoned and handed a note", not "was attacked
 * and has responded"). */
static bool passive_form(const ctx *c, size_t v)
{
    if (!nk_tree_xpos_is(&c->tree, v, "VBN"))
        return false;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_AUX) && !nk_tree_rel_is(&c->tree, ch, NK_DEP_AUX_PASS))
            return false;
    }
    return true;
}

static bool has_aux(const ctx *c, size_t v)
{
    return nk_tree_child(&c->tree, v, NK_DEP_AUX) != NK_NONE_TOKEN;
}

static bool speech_verb(const ctx *c, const char *lemma);

/* "said its defences had shot down the drones and accused the rebels of
 * ...", "said 1,200 homes had been destroyed and appealed for help": a
 * verb the parser coordinated with the reported clause but that goes on
 * with what the speaker did.  Without a subject of its own, it is the
 * speaker's when it is a speech verb itself ("but cautioned that") or
 * when its tense is the speech verb's, a simple finite form, where the
 * reported clause has an auxiliary or is no verb ("said it was
 * heartbroken and accused ...").  Returns the speech verb, or
 * NK_NONE_TOKEN. */
static size_t speaker_conjunct(const ctx *c, size_t v)
{
    if (!nk_tree_rel_is(&c->tree, v, NK_DEP_CONJ) || !nk_tree_upos_is(&c->tree, v, NK_UPOS_VERB) ||
        nk_tree_child(&c->tree, v, NK_DEP_NSUBJ) != NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    size_t h = nk_tree_head(&c->tree, v);
    if (h == NK_NONE_TOKEN || h > v || !nk_tree_rel_is(&c->tree, h, NK_DEP_CCOMP))
        return NK_NONE_TOKEN;
    size_t sp = nk_tree_head(&c->tree, h);
    if (sp == NK_NONE_TOKEN || sp > h || !nk_tree_upos_is(&c->tree, sp, NK_UPOS_VERB) ||
        !speech_verb(c, nk_tree_lemma(&c->tree, sp)))
        return NK_NONE_TOKEN;
    if (speech_verb(c, nk_tree_lemma(&c->tree, v)) && !has_aux(c, v))
        return sp;
    bool finite = nk_tree_xpos_is(&c->tree, v, "VBD") || nk_tree_xpos_is(&c->tree, v, "VBZ") ||
                  nk_tree_xpos_is(&c->tree, v, "VBP");
    bool same_tense = nk_tree_xpos_is(&c->tree, v, "VBD") == nk_tree_xpos_is(&c->tree, sp, "VBD");
    bool content_marked = has_aux(c, h) || !(nk_tree_upos_is(&c->tree, h, NK_UPOS_VERB));
    return finite && same_tense && !has_aux(c, v) && content_marked ? sp : NK_NONE_TOKEN;
}

/* The subject a clause without one inherits from the clause it hangs off. */
static void inherit_subject(ctx *c, size_t v, args *a)
{
    size_t h = nk_tree_head(&c->tree, v);
    if (speaker_conjunct(c, v) != NK_NONE_TOKEN)
        h = speaker_conjunct(c, v);
    if (h == NK_NONE_TOKEN || nk_tree_rel_is(&c->tree, v, NK_DEP_PARATAXIS))
        return; /* a clause beside another shares nothing with it */
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_CCOMP)) {
        /* "saying Germany would not risk ...", with Germany parsed as the
         * object of "saying": the reported clause's subject */
        size_t o = nk_tree_child(&c->tree, h, NK_DEP_OBJ);
        if (o != NK_NONE_TOKEN && o < v && nk_tree_child(&c->tree, v, NK_DEP_AUX) != NK_NONE_TOKEN) {
            a->actor = resolve(c, o, NK_ROLE_ACTOR);
            a->actor_tok = o;
        }
        return;
    }
    a->inherited = true;
    const nk_lex_entry *hlex = c->onto ? nk_ontology_lookup(c->onto, nk_tree_lemma(&c->tree, h), NULL, NULL) : NULL;
    /* object control ("urged Britain to leave", "allowed them to stay") for
     * verbs that request or let; others ("rejected calls to send ...")
     * keep their own subject for the complement */
    bool object_verb = (hlex && hlex->complement_modality == NK_MOD_REQUESTED) ||
                       nk_wordlists_has(c->words, NK_WL_OBJECT_CONTROL, nk_tree_lemma(&c->tree, h));
    bool control = (nk_tree_rel_is(&c->tree, v, NK_DEP_XCOMP) && object_verb) ||
                   (to_complement(c, v) && hlex && hlex->complement_modality == NK_MOD_REQUESTED);
    if (!control && to_complement(c, v) && c->onto) {
        /* "called on X to": the particle entry decides */
        for (size_t k = c->tree.kid_start[h]; k < c->tree.kid_start[h + 1] && !control; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) && !nk_entities_is_time(c->ents, ch)
                                 ? nk_tree_case(&c->tree, ch)
                                 : NULL; /* "called Xi on Tuesday to discuss": no "call on" */
            const nk_lex_entry *pe = cs ? nk_ontology_lookup_exact(c->onto, nk_tree_lemma(&c->tree, h), cs, NULL) : NULL;
            control = pe && pe->complement_modality == NK_MOD_REQUESTED;
        }
    }
    if (control) {
        /* object control: "urged Britain to leave" */
        size_t obj = nk_tree_child(&c->tree, h, NK_DEP_OBJ);
        if (obj == NK_NONE_TOKEN)
            obj = nk_tree_child(&c->tree, h, NK_DEP_IOBJ);
        if (obj != NK_NONE_TOKEN && obj < v && passive_form(c, v) &&
            nk_tree_child(&c->tree, v, NK_DEP_MARK) == NK_NONE_TOKEN) {
            /* "ordered them held": they are held, by someone unnamed */
            a->target = resolve(c, obj, NK_ROLE_TARGET);
            a->target_tok = obj;
            return;
        }
        if (obj != NK_NONE_TOKEN && obj < v) {
            a->actor = resolve(c, obj, NK_ROLE_ACTOR);
            a->actor_tok = obj;
            return;
        }
        /* "called on X to": obl with "on" */
        for (size_t k = c->tree.kid_start[h]; k < c->tree.kid_start[h + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) && cs && nk_str_ieq(cs, "on") && ch < v) {
                a->actor = resolve(c, ch, NK_ROLE_ACTOR);
                a->actor_tok = ch;
                return;
            }
        }
    }
    if (nk_tree_rel_exact(&c->tree, v, NK_DEP_ACL) && to_infinitive(c, v) &&
        infinitive_on_noun(c, v, h, object_verb, a))
        return;
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_ACL_RELCL) || nk_tree_rel_is(&c->tree, v, NK_DEP_ACL)) {
        /* "the ministry, which ordered them", "forces fighting in Kursk" */
        bool rel_subj = false;
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ) && nk_tree_upos_is(&c->tree, ch, NK_UPOS_PRON))
                rel_subj = true;
        }
        if (rel_subj || (nk_tree_xpos_is(&c->tree, v, "VBG") && v > h)) {
            a->actor = resolve(c, h, NK_ROLE_ACTOR);
            a->actor_tok = h;
        }
        return;
    }
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_ADVCL) && v < h && nk_tree_xpos_is(&c->tree, v, "VBG") &&
        speech_like(c, nk_tree_lemma(&c->tree, h))) {
        /* "a missile hit the block, killing four people, the governor said":
         * a participle before the speech verb and its speaker belongs to
         * the clause before it, whatever the parser hung it on */
        size_t s = nk_tree_child(&c->tree, h, NK_DEP_NSUBJ);
        if (s != NK_NONE_TOKEN && s > v) {
            for (size_t p = v; p-- > 0;)
                if (nk_tree_upos_is(&c->tree, p, NK_UPOS_VERB) && !nk_tree_rel_is(&c->tree, p, NK_DEP_AMOD)) {
                    args pa = {NULL, NK_NONE_TOKEN, NULL, NK_NONE_TOKEN, false};
                    if (c->actor_of[p]) {
                        a->actor = c->actor_of[p];
                        a->actor_tok = NK_NONE_TOKEN;
                    } else if (c->done[p]) {
                        find_subject(c, p, &pa);
                        a->actor = pa.actor;
                        a->actor_tok = pa.actor_tok;
                    }
                    return;
                }
            /* no clause before it: "Reading out the verdict, the judge
             * said": the speaker's own */
        }
    }
    if (c->speaker && nk_tree_rel_is(&c->tree, v, NK_DEP_ADVCL) && nk_tree_xpos_is(&c->tree, v, "VBG") && speech_like(c, nk_tree_lemma(&c->tree, v))) {
        /* "Starmer reiterated that the UK does not seek conflict,
         * emphasizing that ...": the speaker goes on speaking, even when the
         * parser hung the participle inside what he said */
        a->actor = c->speaker;
        a->actor_tok = NK_NONE_TOKEN;
        return;
    }
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_ADVCL) || nk_tree_rel_is(&c->tree, v, NK_DEP_ACL)) {
        size_t mk = nk_tree_child(&c->tree, v, NK_DEP_MARK);
        if (mk == NK_NONE_TOKEN)
            mk = nk_tree_child(&c->tree, v, NK_DEP_CASE);
        if (mk != NK_NONE_TOKEN && nk_str_in(nk_tree_tok(&c->tree, mk)->form, (const char *const[]){"of", "for", NULL}) &&
            (nk_tree_upos_is(&c->tree, h, NK_UPOS_PROPN) || nk_tree_upos_is(&c->tree, h, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, h, NK_UPOS_PRON))) {
            /* "accusing Russia of acquiring": hung on the noun itself */
            a->actor = resolve(c, h, NK_ROLE_ACTOR);
            a->actor_tok = h;
            return;
        }
        bool of_for = mk != NK_NONE_TOKEN && nk_str_in(nk_tree_tok(&c->tree, mk)->form, (const char *const[]){"of", "for", NULL});
        /* "credited him with proving", "charged them with smuggling" */
        bool with_ing = mk != NK_NONE_TOKEN && nk_str_ieq(nk_tree_form(&c->tree, mk), "with") &&
                        nk_tree_xpos_is(&c->tree, v, "VBG");
        if (of_for || with_ing) {
            size_t obj = nk_tree_child(&c->tree, h, NK_DEP_OBJ);
            if (obj != NK_NONE_TOKEN) {
                a->actor = resolve(c, obj, NK_ROLE_ACTOR);
                a->actor_tok = obj;
                return;
            }
            /* "nine people suspected of running a network", "diplomats
             * accused of spying": the noun the participle describes */
            size_t n = relative_antecedent(c, h);
            if (n != NK_NONE_TOKEN && nk_tree_xpos_is(&c->tree, h, "VBN") && n < h) {
                a->actor = resolve(c, n, NK_ROLE_ACTOR);
                a->actor_tok = n;
                return;
            }
        }
    }
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_CONJ) &&
        (nk_tree_upos_is(&c->tree, h, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, h, NK_UPOS_PROPN)) &&
        nk_tree_rel_is(&c->tree, h, NK_DEP_OBJ) && nk_tree_head(&c->tree, h) != NK_NONE_TOKEN &&
        nk_tree_upos_is(&c->tree, nk_tree_head(&c->tree, h), NK_UPOS_VERB)) {
        /* "denied any involvement and called the accusations ...": a verb
         * the parser coordinated with the object is the verb's conjunct */
        h = nk_tree_head(&c->tree, h);
    }
    if (!nk_tree_upos_is(&c->tree, h, NK_UPOS_VERB) && !nk_tree_upos_is(&c->tree, h, NK_UPOS_AUX)) {
        /* hanging off an adjective or noun predicate: use its subject
         * (the patient of a passive: "had been under investigation and
         * was arrested") */
        size_t s = nk_tree_child(&c->tree, h, NK_DEP_NSUBJ);
        if (s != NK_NONE_TOKEN && nk_tree_child(&c->tree, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN) {
            a->target = resolve(c, s, NK_ROLE_TARGET);
            a->target_tok = s;
            return;
        }
        if (s != NK_NONE_TOKEN) {
            a->actor = resolve(c, s, NK_ROLE_ACTOR);
            a->actor_tok = s;
        }
        return;
    }
    size_t hs = nk_tree_child(&c->tree, h, NK_DEP_NSUBJ_PASS);
    if (hs != NK_NONE_TOKEN && nk_tree_relative_word(&c->tree, hs)) {
        /* "the leader, who was detained on Friday, urged ...", "the
         * governor, who is expected to sign it": the noun the pronoun
         * stands for */
        hs = pronoun_antecedent(c, h, hs);
        if (hs == NK_NONE_TOKEN)
            return;
    }
    if (hs != NK_NONE_TOKEN && nk_tree_rel_is(&c->tree, v, NK_DEP_CONJ)) {
        /* "was summoned and handed a note": passive too; the subject is
         * the patient, the agent (if any) the governor's */
        if (passive_form(c, v)) {
            a->target = resolve(c, hs, NK_ROLE_TARGET);
            a->target_tok = hs;
            size_t agent = passive_agent(c, v);
            if (agent == NK_NONE_TOKEN)
                agent = passive_agent(c, h);
            if (agent != NK_NONE_TOKEN) {
                a->actor = resolve(c, agent, NK_ROLE_ACTOR);
                a->actor_tok = agent;
            }
            return;
        }
        /* "would not be intimidated and would respond": an active
         * conjunct's subject is the patient of the passive before it */
        a->actor = resolve(c, hs, NK_ROLE_ACTOR);
        a->actor_tok = hs;
        return;
    }
    if (hs != NK_NONE_TOKEN) {
        /* "he was suspended ... for breaching the rules": he breached */
        a->actor = resolve(c, hs, NK_ROLE_ACTOR);
        a->actor_tok = hs;
        return;
    }
    size_t ante = whose_antecedent(c, nk_tree_child(&c->tree, h, NK_DEP_NSUBJ));
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_CONJ) && ante != NK_NONE_TOKEN) {
        /* "Haltmann, whose customers include X, reported a loss" read as
         * two conjoined clauses: the second is Haltmann's */
        a->actor = resolve(c, ante, NK_ROLE_ACTOR);
        a->actor_tok = ante;
        return;
    }
    if (c->actor_of[h]) {
        a->actor = c->actor_of[h];
        a->actor_tok = c->actor_tok_of[h];
        return;
    }
    args ha = {NULL, NK_NONE_TOKEN, NULL, NK_NONE_TOKEN, false};
    find_subject(c, h, &ha);
    a->actor = ha.actor;
    a->actor_tok = ha.actor_tok;
}

/* "..., prosecutors said on Tuesday.": a speech verb without a subject
 * right after a comma and a noun phrase; the phrase is its speaker,
 * whatever the parser hung it on (often a conjunct of the noun before the
 * comma).  NK_NONE_TOKEN when the words do not read so. */
static size_t trailing_speaker(const ctx *c, size_t v)
{
    const char *lemma = nk_tree_lemma(&c->tree, v);
    const nk_lex_entry *lex = c->onto ? nk_ontology_lookup(c->onto, lemma, NULL, NULL) : NULL;
    if (v < 2 || !((lex && lex->speech_act) || speech_like(c, lemma)) ||
        !(nk_tree_upos_is(&c->tree, v - 1, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, v - 1, NK_UPOS_PROPN)))
        return NK_NONE_TOKEN;
    for (size_t i = v - 1; i-- > 0;) {
        if (strcmp(nk_tree_form(&c->tree, i), ",") == 0) {
            size_t n = v - 1;
            for (unsigned guard = 0; guard < 4; guard++) {
                size_t h = nk_tree_head(&c->tree, n);
                if (h == NK_NONE_TOKEN || h >= n || h <= i ||
                    !(nk_tree_rel_is(&c->tree, n, NK_DEP_FLAT) || nk_tree_rel_is(&c->tree, n, NK_DEP_COMPOUND)))
                    break;
                n = h;
            }
            return n;
        }
        nk_upos u = (nk_upos)c->tree.upos[i];
        if (u != NK_UPOS_DET && u != NK_UPOS_ADJ && u != NK_UPOS_NOUN && u != NK_UPOS_PROPN &&
            u != NK_UPOS_NUM && u != NK_UPOS_PART)
            return NK_NONE_TOKEN;
    }
    return NK_NONE_TOKEN;
}

/* '"...," Teresa Ribera, the Commission's vice-president, told a news
 * conference': a speech verb after a quote, with no subject in the tree;
 * the speaker is the first name (or role noun) after the closing quote. */
static size_t quote_speaker(const ctx *c, size_t v)
{
    const char *lemma = nk_tree_lemma(&c->tree, v);
    const nk_lex_entry *lex = c->onto ? nk_ontology_lookup(c->onto, lemma, NULL, NULL) : NULL;
    if (!((lex && lex->speech_act) || speech_like(c, lemma)))
        return NK_NONE_TOKEN;
    size_t q = NK_NONE_TOKEN;
    for (size_t i = v; i-- > 0;) {
        const char *f = nk_tree_tok(&c->tree, i)->form;
        if (strcmp(f, "\"") == 0 || strcmp(f, "\xe2\x80\x9d") == 0 || strcmp(f, "''") == 0) {
            q = i;
            break;
        }
    }
    if (q == NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    if (q + 1 == v || (q + 2 == v && nk_tree_upos_is(&c->tree, q + 1, NK_UPOS_PUNCT))) {
        /* '"...," said the company's chief legal officer, Mark Delaney.':
         * the speaker follows the verb, whatever the parser called it */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch > v && (nk_tree_upos_is(&c->tree, ch, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, ch, NK_UPOS_PROPN)) &&
                !nk_entities_is_time(c->ents, ch) && nk_tree_case(&c->tree, ch) == NULL)
                return ch;
        }
        return NK_NONE_TOKEN;
    }
    for (size_t i = q + 1; i < v; i++) {
        if (nk_tree_upos_is(&c->tree, i, NK_UPOS_PROPN) || nk_tree_upos_is(&c->tree, i, NK_UPOS_PRON)) {
            /* the head of the name it belongs to */
            size_t h = i;
            while (nk_tree_head(&c->tree, h) != NK_NONE_TOKEN && nk_tree_head(&c->tree, h) < v &&
                   nk_tree_head(&c->tree, h) > q &&
                   (nk_tree_rel_is(&c->tree, h, NK_DEP_FLAT) || nk_tree_rel_is(&c->tree, h, NK_DEP_COMPOUND)))
                h = nk_tree_head(&c->tree, h);
            return h;
        }
        if (nk_tree_upos_is(&c->tree, i, NK_UPOS_VERB))
            break;
    }
    return NK_NONE_TOKEN;
}

/* Whom a predicate noun describes: "X was a visionary who ..." (the
 * copula's subject), "called him a pioneer who ..." (the object of the
 * verb the noun completes); else N itself. */
static size_t predicated_of(const ctx *c, size_t n)
{
    if (n == NK_NONE_TOKEN || !nk_tree_upos_is(&c->tree, n, NK_UPOS_NOUN))
        return n;
    if (nk_tree_child(&c->tree, n, NK_DEP_COP) != NK_NONE_TOKEN) {
        size_t s = nk_tree_child(&c->tree, n, NK_DEP_NSUBJ);
        return s != NK_NONE_TOKEN ? s : n;
    }
    size_t h = nk_tree_head(&c->tree, n);
    if (nk_tree_rel_is(&c->tree, n, NK_DEP_XCOMP) && h != NK_NONE_TOKEN) {
        size_t o = nk_tree_child(&c->tree, h, NK_DEP_OBJ);
        return o != NK_NONE_TOKEN && o < n ? o : n;
    }
    return n;
}

/* The noun a relative clause V modifies ("the motion, which was tabled"),
 * or NK_NONE_TOKEN. */
static size_t relative_antecedent(const ctx *c, size_t v)
{
    if (!nk_tree_rel_is(&c->tree, v, NK_DEP_ACL))
        return NK_NONE_TOKEN;
    size_t h = nk_tree_head(&c->tree, v);
    if (h == NK_NONE_TOKEN || !(nk_tree_upos_is(&c->tree, h, NK_UPOS_NOUN) ||
                                nk_tree_upos_is(&c->tree, h, NK_UPOS_PROPN)))
        return NK_NONE_TOKEN;
    return h;
}

/* A passive: the agent acts on the patient (the subject, or the noun a
 * reduced relative modifies: "economists polled by Reuters"). */
static void passive_args(ctx *c, size_t v, size_t patient, args *a)
{
    size_t agent = passive_agent(c, v);
    if (agent != NK_NONE_TOKEN) {
        a->actor = resolve(c, agent, NK_ROLE_ACTOR);
        a->actor_tok = agent;
        if (!a->actor || !a->actor->type) {
            /* "hurt by stones thrown by protesters", "killed by a missile
             * fired by Russian forces": a thing as the agent, and who used
             * it named by its own passive participle */
            for (size_t k = c->tree.kid_start[agent]; k < c->tree.kid_start[agent + 1]; k++) {
                size_t ch = c->tree.kids[k];
                if (ch < agent || !nk_tree_rel_is(&c->tree, ch, NK_DEP_ACL) || !nk_tree_xpos_is(&c->tree, ch, "VBN"))
                    continue;
                size_t user = passive_agent(c, ch);
                nk_entity_ref *u = user != NK_NONE_TOKEN ? resolve(c, user, NK_ROLE_ACTOR) : NULL;
                if (u && u->type) {
                    a->actor = u;
                    a->actor_tok = user;
                }
                break;
            }
        }
    }
    a->target = resolve(c, patient, NK_ROLE_TARGET);
    a->target_tok = patient;
}

/* V's passive subject, unless the parser gave an active verb both a
 * subject and a "passive" one ("the carmaker, which has cut 300 jobs":
 * no passive auxiliary, and "which" the subject). */
static size_t passive_subject(const ctx *c, size_t v)
{
    size_t s = nk_tree_child(&c->tree, v, NK_DEP_NSUBJ_PASS);
    if (s == NK_NONE_TOKEN || nk_tree_child(&c->tree, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN)
        return s;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_exact(&c->tree, ch, NK_DEP_NSUBJ))
            return NK_NONE_TOKEN;
    }
    return s;
}

/* The noun a relative pronoun S (subject of V) stands for: "Anja Berger,
 * who called on ...": the noun the clause modifies, or, where the parser
 * hung the clause elsewhere (or on a verb: an acl of a verb is the
 * parser's error), the noun just before the pronoun; through an
 * apposition to the name it describes ("X, the engineer who founded"). */
static size_t pronoun_antecedent(const ctx *c, size_t v, size_t s)
{
    size_t h = nk_tree_head(&c->tree, v);
    if (h == NK_NONE_TOKEN || !nk_tree_rel_is(&c->tree, v, NK_DEP_ACL) ||
        nk_tree_upos_is(&c->tree, h, NK_UPOS_VERB) || nk_tree_upos_is(&c->tree, h, NK_UPOS_AUX)) {
        h = NK_NONE_TOKEN;
        for (size_t i = s; i-- > 0;) {
            if (nk_tree_upos_is(&c->tree, i, NK_UPOS_PUNCT))
                continue;
            if (nk_tree_upos_is(&c->tree, i, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, i, NK_UPOS_PROPN))
                h = i;
            break;
        }
    }
    while (h != NK_NONE_TOKEN && nk_tree_rel_is(&c->tree, h, NK_DEP_APPOS) &&
           nk_tree_head(&c->tree, h) != NK_NONE_TOKEN &&
           (nk_tree_upos_is(&c->tree, nk_tree_head(&c->tree, h), NK_UPOS_PROPN) ||
            nk_tree_upos_is(&c->tree, nk_tree_head(&c->tree, h), NK_UPOS_NOUN)))
        h = nk_tree_head(&c->tree, h);
    return predicated_of(c, h);
}

/* "clashes broke out as police used tear gas", "the talks collapsed
 * before the union submitted its offer": a subordinating word the parser
 * read as a preposition, so that the clause's subject became its object
 * and the finite verb after it lost its subject.  The noun right before
 * V (V finite, without a subject) whose "preposition" is a subordinator
 * is V's subject, or NK_NONE_TOKEN. */
static size_t subordinate_subject(const ctx *c, size_t v)
{
    static const char *const SUBORDINATORS[] = {"as", "after", "before", "since", "until", "while",
                                                "once", "because", "when", "whereas", NULL};
    /* a participle with an object is active too ("as police used tear
     * gas"); without one it is a reduced relative ("after talks held in
     * Geneva") */
    if (!(nk_tree_xpos_is(&c->tree, v, "VBD") || nk_tree_xpos_is(&c->tree, v, "VBZ") ||
          nk_tree_xpos_is(&c->tree, v, "VBP") || has_aux(c, v) ||
          (nk_tree_xpos_is(&c->tree, v, "VBN") && nk_tree_child(&c->tree, v, NK_DEP_OBJ) != NK_NONE_TOKEN)))
        return NK_NONE_TOKEN;
    size_t n = nk_tree_leftmost(&c->tree, v);
    if (n == 0)
        return NK_NONE_TOKEN;
    n--; /* the word before V and its auxiliaries */
    if (!(nk_tree_upos_is(&c->tree, n, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, n, NK_UPOS_PROPN) ||
          nk_tree_upos_is(&c->tree, n, NK_UPOS_PRON)))
        return NK_NONE_TOKEN;
    const char *cs = nk_tree_case(&c->tree, n);
    size_t h = nk_tree_head(&c->tree, n);
    if (!cs || !nk_str_in(cs, SUBORDINATORS) || h == NK_NONE_TOKEN || h > n ||
        !(nk_tree_rel_is(&c->tree, n, NK_DEP_OBL) || nk_tree_rel_is(&c->tree, n, NK_DEP_NMOD)))
        return NK_NONE_TOKEN;
    /* "had known since the 1990s but had concealed": a time is no subject */
    if (nk_entities_is_time(c->ents, n) || isdigit((unsigned char)nk_tree_form(&c->tree, n)[0]))
        return NK_NONE_TOKEN;
    return n;
}

static void find_subject(ctx *c, size_t v, args *a)
{
    size_t s = passive_subject(c, v);
    if (s != NK_NONE_TOKEN) {
        /* "the motion, which was tabled by ...": the motion */
        size_t ante = nk_tree_relative_word(&c->tree, s) ? relative_antecedent(c, v) : NK_NONE_TOKEN;
        passive_args(c, v, ante != NK_NONE_TOKEN ? ante : s, a);
        return;
    }
    size_t by = passive_agent(c, v);
    const char *by_case = by != NK_NONE_TOKEN ? nk_tree_case(&c->tree, by) : NULL;
    if (nk_tree_rel_exact(&c->tree, v, NK_DEP_ACL) && nk_tree_xpos_is(&c->tree, v, "VBN") &&
        by_case && nk_str_ieq(by_case, "by") && relative_antecedent(c, v) != NK_NONE_TOKEN) {
        /* a reduced relative: "the economists polled by Reuters" */
        passive_args(c, v, relative_antecedent(c, v), a);
        return;
    }
    s = nk_tree_child(&c->tree, v, NK_DEP_NSUBJ);
    if (s != NK_NONE_TOKEN && speech_like(c, nk_tree_lemma(&c->tree, v))) {
        size_t late = nk_tree_trailing_subject(&c->tree, v, s);
        if (late != NK_NONE_TOKEN)
            s = late; /* "Russian drones struck ..., the ministry said" */
    }
    if (s != NK_NONE_TOKEN && nk_tree_rel_is(&c->tree, v, NK_DEP_CCOMP)) {
        /* "told the court he had delivered the cash": of two subjects of a
         * reported clause, the one right before the verb; the first is the
         * speech verb's addressee */
        size_t h = nk_tree_head(&c->tree, v);
        bool after_speech = h != NK_NONE_TOKEN && nk_tree_leftmost(&c->tree, s) == h + 1 &&
                            speech_like(c, nk_tree_lemma(&c->tree, h)) && !nk_entities_is_time(c->ents, s);
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch > s && ch < v && nk_tree_rel_exact(&c->tree, ch, NK_DEP_NSUBJ) &&
                (after_speech || nk_tree_upos_is(&c->tree, ch, NK_UPOS_PRON)))
                s = ch; /* "told reporters the deal would save": the deal */
        }
    }
    if (s != NK_NONE_TOKEN && !nk_tree_upos_is(&c->tree, s, NK_UPOS_PROPN)) {
        /* "Its candidate, businessman Darren Pike, accused": two subjects */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch != s && nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ) && nk_tree_upos_is(&c->tree, ch, NK_UPOS_PROPN) &&
                !continues_modifier(c, s, ch)) {
                s = ch;
                break;
            }
        }
    }
    if (s != NK_NONE_TOKEN && nk_tree_relative_word(&c->tree, s)) {
        /* "told the court that, over the last months, the girl's eczema
         * played a role" with "that" read as a relative subject: a
         * second subject of the clause is its own */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch > s && ch < v && nk_tree_rel_exact(&c->tree, ch, NK_DEP_NSUBJ) && !nk_tree_relative_word(&c->tree, ch)) {
                s = ch;
                break;
            }
        }
    }
    if (s == NK_NONE_TOKEN)
        s = quote_speaker(c, v);
    if (s == NK_NONE_TOKEN)
        s = trailing_speaker(c, v);
    if (s == NK_NONE_TOKEN)
        s = nk_tree_child(&c->tree, v, NK_DEP_CSUBJ);
    if (s != NK_NONE_TOKEN && nk_tree_relative_word(&c->tree, s)) {
        size_t h = pronoun_antecedent(c, v, s);
        if (h != NK_NONE_TOKEN && !nk_entities_is_time(c->ents, h)) {
            a->actor = resolve(c, h, NK_ROLE_ACTOR);
            a->actor_tok = h;
        }
        return;
    }
    if (s != NK_NONE_TOKEN && !nk_tree_upos_is(&c->tree, s, NK_UPOS_VERB)) {
        a->actor = resolve(c, s, NK_ROLE_ACTOR);
        a->actor_tok = s;
        return;
    }
    s = subordinate_subject(c, v);
    if (s != NK_NONE_TOKEN) {
        a->actor = resolve(c, s, NK_ROLE_ACTOR);
        a->actor_tok = s;
        return;
    }
    size_t h = nk_tree_head(&c->tree, v);
    if (h != NK_NONE_TOKEN && nk_tree_rel_is(&c->tree, v, NK_DEP_ADVCL) && speech_like(c, nk_tree_lemma(&c->tree, h))) {
        /* "Russian drones struck ..., cutting power, the ministry said":
         * a participle before the speaker goes with the other subject */
        size_t first = nk_tree_child(&c->tree, h, NK_DEP_NSUBJ);
        size_t late = first != NK_NONE_TOKEN ? nk_tree_trailing_subject(&c->tree, h, first) : NK_NONE_TOKEN;
        if (late != NK_NONE_TOKEN && first < v && v < late) {
            a->actor = resolve(c, first, NK_ROLE_ACTOR);
            a->actor_tok = first;
            a->inherited = true;
            return;
        }
    }
    inherit_subject(c, v, a);
}

static bool symmetric(const ctx *c, const char *lemma);
/* A noun naming an action whose "of" phrase is its object: "signing",
 * "sale", "expulsion", "arrest". */
static bool action_noun(const ctx *c, size_t n)
{
    const char *l = nk_tree_lemma(&c->tree, n);
    size_t len = strlen(l);
    if (len > 5 && strcmp(l + len - 3, "ing") == 0)
        return true;
    return nk_wordlists_has(c->words, NK_WL_ACTION_NOUN, l);
}

/* V's object, leaving out one that stands after a coordinated verb of V's
 * that has none ("took 18,412 votes and beat Oliver Grant", with Grant
 * hung on "took"): that one is the later verb's. */
static size_t first_own_object(const ctx *c, size_t v)
{
    size_t conj_verb = NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch > v && nk_tree_rel_is(&c->tree, ch, NK_DEP_CONJ) && nk_tree_upos_is(&c->tree, ch, NK_UPOS_VERB) &&
            nk_tree_child(&c->tree, ch, NK_DEP_OBJ) == NK_NONE_TOKEN) {
            conj_verb = ch;
            break;
        }
    }
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_OBJ) && !(conj_verb != NK_NONE_TOKEN && ch > conj_verb))
            return ch;
    }
    return NK_NONE_TOKEN;
}

/* The object V's coordinating verb got by mistake (see first_own_object). */
static size_t borrowed_object(const ctx *c, size_t v)
{
    if (!nk_tree_rel_is(&c->tree, v, NK_DEP_CONJ))
        return NK_NONE_TOKEN;
    size_t h = nk_tree_head(&c->tree, v);
    if (h == NK_NONE_TOKEN || nk_tree_child(&c->tree, v, NK_DEP_OBJ) != NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[h]; k < c->tree.kid_start[h + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch > v && nk_tree_rel_is(&c->tree, ch, NK_DEP_OBJ)) {
            /* no other verb between */
            bool clean = true;
            for (size_t i = v + 1; i < ch; i++)
                if (nk_tree_upos_is(&c->tree, i, NK_UPOS_VERB))
                    clean = false;
            if (clean)
                return ch;
        }
    }
    return NK_NONE_TOKEN;
}

static bool io_none(const ctx *c, size_t v)
{
    return nk_tree_child(&c->tree, v, NK_DEP_IOBJ) == NK_NONE_TOKEN;
}

/* "the cities it has captured", "an accusation the agency rejected": a
 * relative clause without a relative pronoun whose own subject is there
 * but whose object is missing has the noun it modifies as its object.
 * Not when the clause says something of its own (a complement clause) or
 * the noun is a time ("the day he arrived"). */
static size_t object_gap(const ctx *c, size_t v)
{
    if (!nk_tree_rel_is(&c->tree, v, NK_DEP_ACL_RELCL) ||
        nk_tree_child(&c->tree, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    size_t n = nk_tree_head(&c->tree, v);
    if (n == NK_NONE_TOKEN || n > v ||
        !(nk_tree_upos_is(&c->tree, n, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, n, NK_UPOS_PROPN)) ||
        nk_entities_is_time(c->ents, n))
        return NK_NONE_TOKEN;
    bool subject = false;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_relative_word(&c->tree, ch) || nk_tree_rel_is(&c->tree, ch, NK_DEP_CCOMP) ||
            nk_tree_rel_is(&c->tree, ch, NK_DEP_XCOMP) || nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ_PASS) ||
            nk_tree_rel_is(&c->tree, ch, NK_DEP_MARK))
            return NK_NONE_TOKEN; /* "which ...", "where ...", "that ..." */
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ) && ch < v)
            subject = true;
    }
    return subject ? n : NK_NONE_TOKEN;
}

/* "told the court he had delivered the cash" with "the court" hung on the
 * reported clause as a first subject: the addressee of speech verb V. */
static size_t addressee_in_report(const ctx *c, size_t v)
{
    if (!speech_like(c, nk_tree_lemma(&c->tree, v)))
        return NK_NONE_TOKEN;
    size_t cc = nk_tree_child(&c->tree, v, NK_DEP_CCOMP);
    if (cc == NK_NONE_TOKEN || cc < v)
        return NK_NONE_TOKEN;
    size_t first = NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[cc]; k < c->tree.kid_start[cc + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (first == NK_NONE_TOKEN && ch < cc && nk_tree_rel_exact(&c->tree, ch, NK_DEP_OBL_UNMARKED) &&
            nk_tree_leftmost(&c->tree, ch) == v + 1 &&
            (nk_tree_upos_is(&c->tree, ch, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, ch, NK_UPOS_PROPN))) {
            first = ch; /* or hung on it as an unmarked phrase */
            continue;
        }
        if (!nk_tree_rel_exact(&c->tree, ch, NK_DEP_NSUBJ) || ch > cc)
            continue;
        if (first == NK_NONE_TOKEN)
            first = ch;
        else if ((nk_tree_upos_is(&c->tree, ch, NK_UPOS_PRON) && !nk_tree_upos_is(&c->tree, first, NK_UPOS_PRON)) ||
                 (nk_tree_leftmost(&c->tree, first) == v + 1 && !nk_entities_is_time(c->ents, first)))
            return first; /* "told reporters the deal would save": right after the verb */
    }
    return NK_NONE_TOKEN;
}

static size_t find_object(const ctx *c, size_t v, size_t light_obj)
{
    bool sym = symmetric(c, nk_tree_lemma(&c->tree, v));
    /* "pulled out of the race": a phrasal verb's "of" phrase */
    bool phrasal = nk_tree_child(&c->tree, v, NK_DEP_COMPOUND_PRT) != NK_NONE_TOKEN ||
                   (v + 2 < c->tree.n && nk_str_ieq(nk_tree_tok(&c->tree, v + 2)->form, "of") &&
                    nk_str_in(nk_tree_tok(&c->tree, v + 1)->form, (const char *const[]){"out", "off", "down", "up",
                                                                "away", "back", NULL}));
    if (light_obj != NK_NONE_TOKEN) {
        /* "held talks with X": a symmetric act's partner */
        sym = symmetric(c, nk_tree_lemma(&c->tree, light_obj));
        /* "launched an attack on Kyiv": the noun's on/against phrase */
        for (size_t k = c->tree.kid_start[light_obj]; k < c->tree.kid_start[light_obj + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD) && cs &&
                (nk_str_in(cs, TARGET_CASES) || nk_str_ieq(cs, "of") || (sym && nk_str_in(cs, SYMMETRIC_CASES))))
                return ch; /* "an attack on Kyiv", "a review of Cloudvance's practices" */
        }
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (ch != light_obj && nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) && cs &&
                (nk_str_in(cs, TARGET_CASES) || (sym && nk_str_in(cs, SYMMETRIC_CASES))))
                return ch;
        }
        return NK_NONE_TOKEN;
    }
    size_t o = first_own_object(c, v);
    if (o == NK_NONE_TOKEN && io_none(c, v)) {
        size_t gap = object_gap(c, v);
        if (gap != NK_NONE_TOKEN)
            return gap;
    }
    if (o != NK_NONE_TOKEN && nk_tree_relative_word(&c->tree, o)) {
        /* "that Britain had ordered two diplomats" with "that" as an object */
        size_t o2 = NK_NONE_TOKEN;
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch != o && nk_tree_rel_is(&c->tree, ch, NK_DEP_OBJ))
                o2 = ch;
        }
        /* "the rate, which the ECB has cut": the noun the clause modifies */
        if (o2 == NK_NONE_TOKEN && o < v) {
            o2 = relative_antecedent(c, v);
            /* hung on the verb instead: the noun just before the pronoun */
            for (size_t i = o; o2 == NK_NONE_TOKEN && i-- > 0;) {
                if (nk_tree_upos_is(&c->tree, i, NK_UPOS_PUNCT))
                    continue;
                if (nk_tree_upos_is(&c->tree, i, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, i, NK_UPOS_PROPN))
                    o2 = i;
                break;
            }
        }
        o = o2;
    }
    size_t io = nk_tree_child(&c->tree, v, NK_DEP_IOBJ);
    if (o != NK_NONE_TOKEN && io != NK_NONE_TOKEN && io < o)
        return io; /* "offered the company subsidies": the recipient */
    if (o != NK_NONE_TOKEN && (nk_tree_upos_is(&c->tree, o, NK_UPOS_SYM) || nk_tree_upos_is(&c->tree, o, NK_UPOS_NUM))) {
        /* "pay $215 million to a farmworker": the recipient over the sum */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) && cs && nk_str_ieq(cs, "to"))
                return ch;
        }
    }
    if (o != NK_NONE_TOKEN) {
        /* "completed the signing of Tiago Mendes": the event noun's "of",
         * for verbs that only bring an act about or make it known */
        if (nk_tree_upos_is(&c->tree, o, NK_UPOS_NOUN) && action_noun(c, o) &&
            nk_wordlists_has(c->words, NK_WL_BRINGS_ABOUT, nk_tree_lemma(&c->tree, v)))
            for (size_t k = c->tree.kid_start[o]; k < c->tree.kid_start[o + 1]; k++) {
                size_t ch = c->tree.kids[k];
                const char *cs = nk_tree_case(&c->tree, ch);
                if (nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD) && cs && nk_str_ieq(cs, "of"))
                    return ch;
            }
        return o;
    }
    o = nk_tree_child(&c->tree, v, NK_DEP_IOBJ);
    if (o != NK_NONE_TOKEN)
        return o;
    o = addressee_in_report(c, v);
    if (o != NK_NONE_TOKEN)
        return o;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_case(&c->tree, ch);
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) && cs &&
            (nk_str_in(cs, TARGET_CASES) || (sym && nk_str_in(cs, SYMMETRIC_CASES)) ||
             (phrasal && (nk_str_ieq(cs, "of") ||
                          /* "out of" read as two case words */
                          (v + 2 < ch && nk_str_ieq(nk_tree_form(&c->tree, v + 2), "of") &&
                           nk_tree_head(&c->tree, v + 2) == ch)))) &&
            !nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL_TMOD))
            return ch;
    }
    /* "cooperated with investigators", "withdrew from the cities": a verb
     * without an object acts on its "with"/"from" phrase, when that is
     * neither a time nor a place nor the instrument of a speech act */
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_case(&c->tree, ch);
        if (ch > v && nk_tree_rel_exact(&c->tree, ch, NK_DEP_OBL) && cs &&
            nk_str_in(cs, PARTNER_CASES) && !speech_like(c, nk_tree_lemma(&c->tree, v)) &&
            !nk_entities_is_time(c->ents, ch) && !nk_entities_is_place(c->ents, ch))
            return ch;
    }
    /* "cut about a third of its jobs", "arrested around 40 people": an
     * approximator read as a preposition */
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_case(&c->tree, ch);
        if (ch > v && nk_tree_rel_exact(&c->tree, ch, NK_DEP_OBL) && cs &&
            nk_str_in(cs, (const char *const[]){"about", "around", "nearly", "almost", "roughly", NULL}) &&
            (nk_tree_upos_is(&c->tree, ch, NK_UPOS_NUM) ||
             nk_tree_child(&c->tree, ch, NK_DEP_NUMMOD) != NK_NONE_TOKEN ||
             nk_str_in(nk_tree_lemma(&c->tree, ch), (const char *const[]){"half", "third", "quarter", "fifth", "tenth",
                                                                           "dozen", "percent", NULL})) &&
            !nk_entities_is_time(c->ents, ch))
            return ch;
    }
    /* "had struck only legitimate targets" with the object called obl */
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch > v && nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) && !nk_tree_case(&c->tree, ch) &&
            nk_tree_upos_is(&c->tree, ch, NK_UPOS_NOUN) && !nk_entities_is_time(c->ents, ch) &&
            nk_tree_rel_exact(&c->tree, ch, NK_DEP_OBL))
            return ch;
    }
    return NK_NONE_TOKEN;
}

/* "expelled and accused the diplomats": the object of a later conjunct
 * when V has none of its own. */
static size_t shared_object(const ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t w = c->tree.kids[k];
        if (!nk_tree_rel_is(&c->tree, w, NK_DEP_CONJ) || !nk_tree_upos_is(&c->tree, w, NK_UPOS_VERB) ||
            nk_tree_child(&c->tree, w, NK_DEP_NSUBJ) != NK_NONE_TOKEN)
            continue;
        size_t o = nk_tree_child(&c->tree, w, NK_DEP_OBJ);
        /* only when nothing but the conjunction stands between: "expelled and accused" */
        if (o != NK_NONE_TOKEN && o > w && w <= v + 3)
            return o;
    }
    return NK_NONE_TOKEN;
}

static const char *time_phrase(ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (!nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) && !nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD_TMOD) &&
            !nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVMOD))
            continue;
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVMOD) &&
            !nk_str_in(nk_tree_tok(&c->tree, ch)->form, (const char *const[]){"yesterday", "today", "tomorrow",
                                                      "tonight", NULL}))
            continue;
        const char *cs = nk_tree_case(&c->tree, ch);
        bool tmod = nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL_TMOD) || nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL_NPMOD) ||
                    nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVMOD);
        if ((tmod || (cs && nk_str_in(cs, TIME_CASES))) && nk_entities_is_time(c->ents, ch))
            return nk_entities_nominal(c->ents, ch);
    }
    return NULL;
}

static size_t place_token(ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (!nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL))
            continue;
        const char *cs = nk_tree_case(&c->tree, ch);
        if (cs && nk_str_in(cs, PLACE_CASES) && nk_entities_is_place(c->ents, ch))
            return ch;
    }
    /* "expelled six diplomats from Moscow": attached to the object */
    size_t obj = nk_tree_child(&c->tree, v, NK_DEP_OBJ);
    if (obj != NK_NONE_TOKEN)
        for (size_t k = c->tree.kid_start[obj]; k < c->tree.kid_start[obj + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD) ? nk_tree_case(&c->tree, ch) : NULL;
            if (cs && nk_str_in(cs, (const char *const[]){"from", "in", NULL}) &&
                nk_entities_is_place(c->ents, ch))
                return ch;
        }
    return NK_NONE_TOKEN;
}

static bool has_negation(const ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if ((nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVMOD) || nk_tree_rel_is(&c->tree, ch, NK_DEP_AUX)) &&
            nk_str_in(nk_tree_tok(&c->tree, ch)->form, (const char *const[]){"not", "n't", "never", "no", NULL}))
            return true;
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_OBJ) || nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ)) {
            size_t det = nk_tree_child(&c->tree, ch, NK_DEP_DET);
            if (det != NK_NONE_TOKEN && nk_str_ieq(nk_tree_tok(&c->tree, det)->form, "no") &&
                !nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ))
                return true;
        }
    }
    return false;
}

static int aux_modality(const ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_AUX)) {
            const char *f = nk_tree_tok(&c->tree, ch)->form;
            if (nk_str_in(f, (const char *const[]){"could", "would", "might", "may", "should",
                                            "must", "'d", NULL}))
                return NK_MOD_HYPOTHETICAL;
            if (nk_str_in(f, (const char *const[]){"will", "shall", "'ll", "wo", NULL}))
                return NK_MOD_PLANNED;
        }
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_MARK) && nk_str_ieq(nk_tree_tok(&c->tree, ch)->form, "if"))
            return NK_MOD_HYPOTHETICAL;
    }
    /* "would cut jobs and close two plants": a conjunct with no subject or
     * auxiliary of its own shares its first verb's */
    size_t h = nk_tree_head(&c->tree, v);
    if (nk_tree_rel_is(&c->tree, v, NK_DEP_CONJ) && h != NK_NONE_TOKEN && h < v &&
        nk_tree_upos_is(&c->tree, h, NK_UPOS_VERB) && nk_tree_child(&c->tree, v, NK_DEP_NSUBJ) == NK_NONE_TOKEN &&
        nk_tree_child(&c->tree, v, NK_DEP_AUX) == NK_NONE_TOKEN && nk_tree_xpos_is(&c->tree, v, "VB"))
        return aux_modality(c, h);
    return -1;
}

static bool same_entity(const nk_entity_ref *a, const nk_entity_ref *b)
{
    return a && b && strcmp(a->label, b->label) == 0;
}

/* Add one fact; returns its index (an existing one when the sentence
 * already has the same fact through another path of the tree). */
static size_t add_fact(ctx *c, size_t v, const char *lemma, const nk_lex_entry *lex,
                       nk_entity_ref *actor, size_t actor_tok, nk_entity_ref *target,
                       size_t target_tok, const inherit *inh, bool inherited)
{
    for (size_t i = c->set->count; i-- > 0;) {
        const nk_fact *g = &c->set->facts[i];
        if (g->sentence != c->sent + 1)
            break;
        if (g->actor == actor && g->target == target && strcmp(g->lemma, lemma) == 0)
            return i;
    }
    nk_fact *f = nk_factset_add(c->set);
    const nk_sentence *s = c->tree.s;
    f->doc = c->set->doc;
    f->sentence = (unsigned)(c->sent + 1);
    f->actor = actor;
    f->target = target;
    f->lemma = nk_factset_str(c->set, lemma);
    if (lex) {
        f->action_class = lex->cls->name;
        f->cameo = lex->cameo;
    }
    /* action text: the verb with its particle and negation */
    size_t b = nk_tree_tok(&c->tree, v)->begin, e = nk_tree_tok(&c->tree, v)->end;
    size_t tb = b, te = e;
    if (actor_tok != NK_NONE_TOKEN && nk_tree_tok(&c->tree, actor_tok)->begin != NK_NO_OFFSET &&
        actor_tok < v) {
        size_t ab = NK_NO_OFFSET, ae = NK_NO_OFFSET;
        ab = nk_tree_tok(&c->tree, actor_tok)->begin;
        ae = nk_tree_tok(&c->tree, actor_tok)->end;
        subtree_span(c, actor_tok, &ab, &ae);
        if (ab < b)
            b = ab;
    }
    if (target_tok != NK_NONE_TOKEN && nk_tree_tok(&c->tree, target_tok)->begin != NK_NO_OFFSET) {
        size_t ob = nk_tree_tok(&c->tree, target_tok)->begin, oe = nk_tree_tok(&c->tree, target_tok)->end;
        subtree_span(c, target_tok, &ob, &oe);
        if (ob < b)
            b = ob;
        if (oe > e)
            e = oe;
    }
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_COMPOUND_PRT) || nk_tree_rel_is(&c->tree, ch, NK_DEP_OBJ)) {
            if (nk_tree_tok(&c->tree, ch)->end > te && nk_tree_tok(&c->tree, ch)->end != NK_NO_OFFSET)
                te = nk_tree_tok(&c->tree, ch)->end;
        }
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_AUX) || nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVMOD)) {
            if (nk_tree_tok(&c->tree, ch)->begin < tb && ch + 3 > v)
                tb = nk_tree_tok(&c->tree, ch)->begin;
        }
    }
    if (b != NK_NO_OFFSET && e != NK_NO_OFFSET && c->doc->text) {
        f->span_begin = b;
        f->span_end = e;
        f->action_text = nk_arena_strndup(c->set->arena, c->doc->text + tb, te - tb);
    } else {
        f->action_text = nk_factset_str(c->set, nk_tree_tok(&c->tree, v)->form);
    }
    if (s->text)
        f->sentence_text = nk_factset_str(c->set, s->text);
    f->negated = has_negation(c, v) != inh->negated;
    int mod = aux_modality(c, v);
    f->modality = mod >= 0 ? (nk_modality)mod : (inh->modality >= 0 ? (nk_modality)inh->modality
                                                                    : NK_MOD_ASSERTED);
    f->attributed_to = inh->attributed_to;
    f->content_of = inh->claim;
    const char *tp = time_phrase(c, v);
    if (tp) {
        char day[11];
        if (nk_normalise_day(tp, c->opts ? c->opts->date : NULL, day))
            f->time = nk_factset_str(c->set, day);
        else
            f->time = tp;
    }
    size_t pl = place_token(c, v);
    if (pl == NK_NONE_TOKEN && actor_tok != NK_NONE_TOKEN && actor_tok < v) {
        /* "Police in Lyon arrested ...": where the actor is */
        for (size_t k = c->tree.kid_start[actor_tok]; k < c->tree.kid_start[actor_tok + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD) ? nk_tree_case(&c->tree, ch) : NULL;
            if (cs && nk_str_in(cs, (const char *const[]){"in", "at", NULL}) &&
                nk_entities_is_place(c->ents, ch))
                pl = ch;
        }
    }
    if (pl != NK_NONE_TOKEN)
        f->place = nk_entities_resolve(c->ents, pl, NK_ROLE_PLACE);
    f->confidence = inherited ? CONFIDENCE_INHERITED : CONFIDENCE_OWN;
    if (f->action_class && strcmp(f->action_class, "Accuse") == 0)
        c->last_accusation = c->set->count - 1;
    return c->set->count - 1;
}

static bool symmetric(const ctx *c, const char *lemma)
{
    return nk_wordlists_has(c->words, NK_WL_SYMMETRIC, lemma);
}

/* Link a rejection to the accusation it rejects. */
static void link_rejection(ctx *c, size_t fi, size_t target_tok)
{
    nk_fact *f = &c->set->facts[fi];
    if (!f->action_class || strcmp(f->action_class, "RejectAccusation") != 0 ||
        target_tok == NK_NONE_TOKEN)
        return;
    if (!nk_wordlists_has(c->words, NK_WL_ACCUSATION_NOUN, nk_tree_lemma(&c->tree, target_tok)))
        return;
    if (c->last_accusation != NK_NO_FACT && c->last_accusation < fi)
        f->rejects = c->last_accusation;
}

static void process_clause(ctx *c, size_t v, const inherit *inh);

/* True when name P (a second subject) just continues a "for"/"of" phrase of
 * noun N: "A spokesperson for the Foreign, Commonwealth and Development
 * Office" parsed with "Commonwealth" as a subject of its own. */
static bool continues_modifier(const ctx *c, size_t n, size_t p)
{
    for (size_t k = c->tree.kid_start[n]; k < c->tree.kid_start[n + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD) && ch < p && p <= ch + 3)
            return true;
    }
    return false;
}

/* True when conjunct CJ of the name headed by H is a word of the name
 * REF that H resolved to: "the Food and Drug Administration" parsed as
 * "Food" and "Drug" and "Administration" is one organisation.  Only
 * capitalised words and "and", "&", "of" stand between them. */
static bool part_of_name(const ctx *c, size_t h, const nk_entity_ref *ref, size_t cj)
{
    if (!ref || !ref->label || cj < h || !nk_tree_capitalised(&c->tree, cj))
        return false;
    for (size_t i = h; i <= cj; i++)
        if (!nk_tree_capitalised(&c->tree, i) &&
            !nk_str_in(nk_tree_form(&c->tree, i), (const char *const[]){"and", "&", "of", NULL}))
            return false;
    const char *w = nk_tree_form(&c->tree, cj);
    size_t n = strlen(w);
    for (const char *p = strstr(ref->label, w); p; p = strstr(p + 1, w))
        if ((p == ref->label || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/* True when conjunct CJ of the phrase headed by H stands before the end of
 * one of H's prepositional modifiers: "a spokesperson for the Foreign,
 * Commonwealth and Development Office" coordinates words of a name, not two
 * speakers. */
static bool inside_modifier(const ctx *c, size_t h, size_t cj)
{
    for (size_t k = c->tree.kid_start[h]; k < c->tree.kid_start[h + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_case(&c->tree, ch);
        if (ch > cj && nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD) && ch < cj + 4 && cs &&
            nk_str_in(cs, (const char *const[]){"for", "of", NULL}))
            return true;
    }
    return false;
}

/* CH is what the accusation of V says the accused did: "accused X of
 * V-ing", "blamed X for V-ing". */
static bool accusation_content(const ctx *c, size_t v, size_t ch, const nk_lex_entry *lex)
{
    if (!lex || !lex->cls || strcmp(lex->cls->name, "Accuse") != 0 || !c->actor_of[v])
        return false;
    /* the clause hangs on the verb, or on the accused ("accused officers
     * of using force" with "using" under "officers") */
    size_t h = nk_tree_head(&c->tree, ch);
    if (!(nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVCL) && h == v) &&
        !(nk_tree_rel_exact(&c->tree, ch, NK_DEP_ACL) && h != NK_NONE_TOKEN &&
          nk_tree_rel_is(&c->tree, h, NK_DEP_OBJ) && nk_tree_head(&c->tree, h) == v))
        return false;
    size_t mk = nk_tree_child(&c->tree, ch, NK_DEP_MARK);
    if (mk == NK_NONE_TOKEN)
        mk = nk_tree_child(&c->tree, ch, NK_DEP_CASE);
    return mk != NK_NONE_TOKEN && (nk_str_ieq(nk_tree_form(&c->tree, mk), "of") ||
                                   nk_str_ieq(nk_tree_form(&c->tree, mk), "for"));
}

/* True when the quote form F closes a quotation. */
static bool closing_quote(const char *f)
{
    return strcmp(f, "\"") == 0 || strcmp(f, "\xe2\x80\x9d") == 0 || strcmp(f, "''") == 0;
}

/* CH is a quotation ending right before speech verb V ('"We will stay,"
 * Arteta told reporters'), whatever relation the parser gave it: what was
 * said.  Only a comma, the quote and the speaker may stand between. */
static bool quoted_before(const ctx *c, size_t ch, size_t v)
{
    if (ch >= v || nk_tree_rel_is(&c->tree, ch, NK_DEP_NSUBJ) ||
        !(nk_tree_upos_is(&c->tree, ch, NK_UPOS_VERB) || nk_tree_upos_is(&c->tree, ch, NK_UPOS_AUX) ||
          nk_tree_upos_is(&c->tree, ch, NK_UPOS_ADJ) || nk_tree_upos_is(&c->tree, ch, NK_UPOS_NOUN)))
        return false;
    for (size_t i = ch + 1; i < v; i++)
        if (closing_quote(nk_tree_form(&c->tree, i))) {
            for (size_t j = i + 1; j < v; j++)
                if (nk_tree_upos_is(&c->tree, j, NK_UPOS_VERB))
                    return false;
            return true;
        }
    return false;
}

/* "Arsenal have completed the signing, the club said": CH, a clause with a
 * subject of its own and no subordinator, read as an adverbial clause of
 * speech verb V, before a comma right before V's subject: what was said. */
static bool fronted_content(const ctx *c, size_t ch, size_t v)
{
    if (ch >= v || !nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVCL) ||
        !(nk_tree_upos_is(&c->tree, ch, NK_UPOS_VERB) || nk_tree_upos_is(&c->tree, ch, NK_UPOS_AUX)) ||
        nk_tree_child(&c->tree, ch, NK_DEP_MARK) != NK_NONE_TOKEN)
        return false;
    size_t cs = nk_tree_child(&c->tree, ch, NK_DEP_NSUBJ);
    size_t vs = nk_tree_child(&c->tree, v, NK_DEP_NSUBJ);
    if (cs == NK_NONE_TOKEN || cs > ch || vs == NK_NONE_TOKEN || vs < ch)
        return false;
    size_t b = nk_tree_leftmost(&c->tree, vs);
    return b > 0 && strcmp(nk_tree_form(&c->tree, b - 1), ",") == 0;
}

/* A complement that asks rather than states: "whether to join", "if it
 * would pay". */
static bool open_question(const ctx *c, size_t v)
{
    size_t mk = nk_tree_child(&c->tree, v, NK_DEP_MARK);
    return mk != NK_NONE_TOKEN && (nk_str_ieq(nk_tree_form(&c->tree, mk), "whether") ||
                                   nk_str_ieq(nk_tree_form(&c->tree, mk), "if"));
}

/* Requesting verb V's object with an infinitive hung on it ("asked the
 * government to intervene" parsed with "to intervene" an acl of
 * "government"): the requested act, the asker's request when V is a speech
 * act (CLAIM, SPEAKER), as for an xcomp. */
static void requested_on_object(ctx *c, size_t v, const inherit *inh, size_t claim,
                                nk_entity_ref *speaker)
{
    static const nk_dep OBJECTS[] = {NK_DEP_OBJ, NK_DEP_IOBJ};
    for (size_t r = 0; r < 2; r++) {
        size_t obj = nk_tree_child(&c->tree, v, OBJECTS[r]);
        if (obj == NK_NONE_TOKEN)
            continue;
        for (size_t k = c->tree.kid_start[obj]; k < c->tree.kid_start[obj + 1]; k++) {
            size_t ch = c->tree.kids[k];
            size_t mk = nk_tree_child(&c->tree, ch, NK_DEP_MARK);
            if (c->done[ch] || ch < obj || !nk_tree_rel_exact(&c->tree, ch, NK_DEP_ACL) ||
                !nk_tree_upos_is(&c->tree, ch, NK_UPOS_VERB) || mk == NK_NONE_TOKEN ||
                !nk_str_ieq(nk_tree_form(&c->tree, mk), "to"))
                continue;
            inherit sub = *inh;
            sub.modality = NK_MOD_REQUESTED;
            if (claim != NK_NO_FACT && speaker) {
                sub.attributed_to = speaker;
                sub.claim = claim;
            }
            process_clause(c, ch, &sub);
        }
    }
}

static void process_children(ctx *c, size_t v, const inherit *inh, size_t claim,
                             nk_entity_ref *speaker, const nk_lex_entry *lex, bool negated)
{
    if (claim != NK_NO_FACT) {
        /* "said on Friday that Britain had ordered ...", parsed as a relative
         * clause of "Friday": the content of the claim */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t t = c->tree.kids[k];
            if (!nk_tree_rel_is(&c->tree, t, NK_DEP_OBL) || !nk_entities_is_time(c->ents, t))
                continue;
            for (size_t j = c->tree.kid_start[t]; j < c->tree.kid_start[t + 1]; j++) {
                size_t rc = c->tree.kids[j];
                if (!nk_tree_rel_is(&c->tree, rc, NK_DEP_ACL) || rc < t || c->done[rc])
                    continue;
                inherit sub = *inh;
                sub.attributed_to = speaker;
                sub.claim = claim;
                sub.modality = -1;
                sub.negated = false;
                process_clause(c, rc, &sub);
            }
        }
    }
    /* verbs coordinated with what V's speaker said that go on with what
     * the speaker did: facts of the speaker's own, not of the content */
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t cc = c->tree.kids[k];
        if (!nk_tree_rel_is(&c->tree, cc, NK_DEP_CCOMP))
            continue;
        for (size_t j = c->tree.kid_start[cc]; j < c->tree.kid_start[cc + 1]; j++) {
            size_t w = c->tree.kids[j];
            if (!c->done[w] && speaker_conjunct(c, w) == v)
                process_clause(c, w, inh);
        }
    }
    size_t obj = nk_tree_child(&c->tree, v, NK_DEP_OBJ);
    for (size_t k = obj != NK_NONE_TOKEN ? c->tree.kid_start[obj] : 0;
         obj != NK_NONE_TOKEN && k < c->tree.kid_start[obj + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (c->done[ch] || !accusation_content(c, v, ch, lex))
            continue;
        inherit sub = *inh;
        sub.negated = false;
        sub.attributed_to = c->actor_of[v];
        sub.claim = claim;
        process_clause(c, ch, &sub);
    }
    if (lex && lex->complement_modality == NK_MOD_REQUESTED)
        requested_on_object(c, v, inh, claim, speaker);
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        inherit sub = *inh;
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_CCOMP) ||
            (nk_tree_rel_is(&c->tree, ch, NK_DEP_PARATAXIS) && claim != NK_NO_FACT) ||
            (claim != NK_NO_FACT && (quoted_before(c, ch, v) || fronted_content(c, ch, v)))) {
            if (claim != NK_NO_FACT) {
                sub.attributed_to = speaker;
                sub.claim = claim;
                sub.modality = -1;
                sub.negated = lex && lex->polarity == NK_POLARITY_NEGATIVE &&
                              nk_tree_rel_is(&c->tree, ch, NK_DEP_CCOMP);
                if (lex && lex->complement_modality >= 0)
                    sub.modality = lex->complement_modality;
            }
            process_clause(c, ch, &sub);
        } else if (nk_tree_rel_is(&c->tree, ch, NK_DEP_XCOMP) ||
                   (to_complement(c, ch) && lex && lex->complement_modality == NK_MOD_REQUESTED)) {
            if (lex && lex->complement_modality >= 0)
                sub.modality = lex->complement_modality;
            if (claim != NK_NO_FACT && speaker && lex && lex->complement_modality == NK_MOD_REQUESTED) {
                /* "urged both sides to agree": what is asked for is the
                 * asker's request, attributed to the asker */
                sub.attributed_to = speaker;
                sub.claim = claim;
            }
            if (open_question(c, ch)) {
                /* "has not decided whether to join": undecided, not denied */
                sub.modality = NK_MOD_HYPOTHETICAL;
                process_clause(c, ch, &sub);
                continue;
            }
            if (lex && lex->polarity == NK_POLARITY_NEGATIVE && has_negation(c, v))
                sub.modality = NK_MOD_HYPOTHETICAL; /* "had not ruled out sending" */
            else if (lex && lex->polarity == NK_POLARITY_NEGATIVE)
                sub.negated = !inh->negated;
            else if (negated)
                sub.negated = !inh->negated; /* "did not try to leave" */
            process_clause(c, ch, &sub);
        } else if (nk_tree_rel_is(&c->tree, ch, NK_DEP_CONJ)) {
            /* "refused to pay and leave": the conjunct shares the frame */
            process_clause(c, ch, &sub);
        } else {
            /* adverbial, parallel and nominal-modifying clauses are facts of
             * their own: a negation handed down ("refused to send missiles,
             * saying ...") stops here */
            sub.negated = false;
            if (accusation_content(c, v, ch, lex)) {
                /* "accused Russia of trying to intimidate": what Russia is
                 * said to do is the accuser's claim */
                sub.attributed_to = c->actor_of[v];
                sub.claim = claim;
            }
            process_clause(c, ch, &sub);
        }
    }
}

/* V is a passive clause: a passive auxiliary, or a passive subject. */
static bool passive_clause(const ctx *c, size_t v)
{
    return nk_tree_child(&c->tree, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN ||
           passive_subject(c, v) != NK_NONE_TOKEN;
}

/* "how many of its fighters", "which towns": a question's phrase, no one
 * known. */
static bool wh_phrase(const ctx *c, size_t n)
{
    static const char *const WH[] = {"how", "what", "which", "whose", NULL};
    if (n == NK_NONE_TOKEN)
        return false;
    for (size_t k = c->tree.kid_start[n]; k < c->tree.kid_start[n + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if ((nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVMOD) || nk_tree_rel_is(&c->tree, ch, NK_DEP_DET)) &&
            nk_str_in(nk_tree_form(&c->tree, ch), WH))
            return true;
    }
    return false;
}

/* "its fighters": the entity that possesses noun N is E. */
static bool owner_of(ctx *c, size_t n, const nk_entity_ref *e)
{
    size_t p = n != NK_NONE_TOKEN ? nk_tree_child(&c->tree, n, NK_DEP_NMOD_POSS) : NK_NONE_TOKEN;
    if (p == NK_NONE_TOKEN && n != NK_NONE_TOKEN) {
        /* "how many of its fighters": the set a partitive is taken from */
        size_t of = nk_tree_child(&c->tree, n, NK_DEP_NMOD);
        p = of != NK_NONE_TOKEN ? nk_tree_child(&c->tree, of, NK_DEP_NMOD_POSS) : NK_NONE_TOKEN;
    }
    return p != NK_NONE_TOKEN && same_entity(resolve(c, p, NK_ROLE_ACTOR), e);
}

/* "three soldiers were killed in an ambush by insurgents": an agentless
 * passive whose "in" phrase is an event the lexicon knows (a verb with a
 * CAMEO code: "ambush", "raid", "attack") with a "by" agent. */
static void agent_of_event_phrase(ctx *c, size_t v, args *a)
{
    if (!c->onto)
        return;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_case(&c->tree, ch);
        if (!nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL) || !cs || !nk_str_ieq(cs, "in") ||
            !nk_tree_upos_is(&c->tree, ch, NK_UPOS_NOUN))
            continue;
        const nk_lex_entry *e = nk_ontology_lookup(c->onto, nk_tree_lemma(&c->tree, ch), NULL, NULL);
        if (!e || !e->cameo || e->speech_act)
            continue;
        for (size_t j = c->tree.kid_start[ch]; j < c->tree.kid_start[ch + 1]; j++) {
            size_t by = c->tree.kids[j];
            const char *bc = nk_tree_case(&c->tree, by);
            if (!nk_tree_rel_is(&c->tree, by, NK_DEP_NMOD) || !bc || !nk_str_ieq(bc, "by"))
                continue;
            nk_entity_ref *r = resolve(c, by, NK_ROLE_ACTOR);
            if (r && r->type && !same_entity(r, a->target)) {
                a->actor = r;
                a->actor_tok = by;
            }
            return;
        }
    }
}

/* An agentless passive whose agent the article named before: "Police
 * arrested three men on Friday. A fourth was arrested on Saturday": the
 * actor of the latest earlier fact of the same verb (another entity
 * than the patient). */
static void earlier_agent(ctx *c, const char *lemma, args *a)
{
    for (size_t i = c->set->count; i-- > 0;) {
        const nk_fact *f = &c->set->facts[i];
        if (!f->actor || strcmp(f->lemma, lemma) != 0 || same_entity(f->actor, a->target) ||
            owner_of(c, a->target_tok, f->actor))
            continue;
        a->actor = f->actor;
        a->actor_tok = NK_NONE_TOKEN;
        a->inherited = true;
        return;
    }
}

/* The conjuncts of target T (resolving to REF) as more targets. */
static void add_conjuncts(ctx *c, size_t t, const nk_entity_ref *ref, size_t *targets,
                          nk_entity_ref **target_refs, size_t *ntar)
{
    for (size_t k = c->tree.kid_start[t]; k < c->tree.kid_start[t + 1]; k++) {
        size_t ch = c->tree.kids[k];
        /* "comply with the order or face penalties": a verb the parser
         * coordinated with the object is no second target */
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_CONJ) && !nk_tree_upos_is(&c->tree, ch, NK_UPOS_VERB) &&
            !part_of_name(c, t, ref, ch)) {
            nk_entity_ref *r = resolve(c, ch, NK_ROLE_TARGET);
            if (r) {
                targets[*ntar] = ch;
                target_refs[(*ntar)++] = r;
            }
        }
    }
}

/* "seized 1.2 tonnes of cocaine, 600,000 euros in cash and several
 * firearms", "captured two towns, a base and an airport": the items of a
 * list the parser read as a second object, a bare noun phrase or an
 * apposition (one with a conjunct of its own: a list, not a name) are
 * targets of the verb V too, with their conjuncts. */
static void add_list_items(ctx *c, size_t v, size_t t, const nk_entity_ref *ref, size_t *targets,
                           nk_entity_ref **target_refs, size_t *ntar)
{
    if (!nk_tree_rel_is(&c->tree, t, NK_DEP_OBJ))
        return;
    size_t items[2] = {t, v};
    for (size_t w = 0; w < 2; w++)
        for (size_t k = c->tree.kid_start[items[w]]; k < c->tree.kid_start[items[w] + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch <= t || !nk_tree_after_comma(&c->tree, ch) ||
                !(nk_tree_upos_is(&c->tree, ch, NK_UPOS_NOUN) || nk_tree_upos_is(&c->tree, ch, NK_UPOS_PROPN) ||
                  nk_tree_upos_is(&c->tree, ch, NK_UPOS_NUM)))
                continue;
            /* the last item: a noun phrase of its own ("and an airport",
             * not "a refiner and pipeline operator") */
            size_t last = nk_tree_child(&c->tree, ch, NK_DEP_CONJ);
            if (last == NK_NONE_TOKEN ||
                (nk_tree_child(&c->tree, last, NK_DEP_DET) == NK_NONE_TOKEN &&
                 nk_tree_child(&c->tree, last, NK_DEP_NUMMOD) == NK_NONE_TOKEN &&
                 nk_tree_child(&c->tree, last, NK_DEP_AMOD) == NK_NONE_TOKEN &&
                 nk_tree_child(&c->tree, last, NK_DEP_NMOD_POSS) == NK_NONE_TOKEN))
                continue;
            bool list;
            if (w == 0)
                list = nk_tree_rel_is(&c->tree, ch, NK_DEP_APPOS);
            else
                list = (nk_tree_rel_exact(&c->tree, ch, NK_DEP_OBJ) ||
                        nk_tree_rel_exact(&c->tree, ch, NK_DEP_OBL_UNMARKED)) &&
                       !nk_entities_is_time(c->ents, ch);
            if (!list)
                continue;
            nk_entity_ref *r = resolve(c, ch, NK_ROLE_TARGET);
            if (!r || same_entity(r, ref))
                continue;
            targets[*ntar] = ch;
            target_refs[(*ntar)++] = r;
            add_conjuncts(c, ch, r, targets, target_refs, ntar);
        }
}

/* V's reciprocal object ("each other", "one another"), or NK_NONE_TOKEN. */
static size_t reciprocal_object(const ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (!nk_tree_rel_is(&c->tree, ch, NK_DEP_OBJ) && !nk_tree_rel_is(&c->tree, ch, NK_DEP_OBL))
            continue;
        /* the pair as the parser left it: "each" + "other", or the head
         * "other" with "each" before it */
        size_t b = ch > 0 && nk_str_in(nk_tree_form(&c->tree, ch), (const char *const[]){"other", "another", NULL})
                       ? ch - 1 : ch;
        if (b + 1 < c->tree.n &&
            ((nk_str_ieq(nk_tree_form(&c->tree, b), "each") && nk_str_ieq(nk_tree_form(&c->tree, b + 1), "other")) ||
             (nk_str_ieq(nk_tree_form(&c->tree, b), "one") && nk_str_ieq(nk_tree_form(&c->tree, b + 1), "another"))))
            return ch;
    }
    return NK_NONE_TOKEN;
}

/* N's conjuncts are a coordination: one of them has a conjunction ("A, B
 * and C"); after a person, "Anna Weiss, QC," (an honour) or "John
 * Cornyn, Republican from Texas," read as a conjunct is none. */
static bool with_conjunction(const ctx *c, size_t n)
{
    size_t last = NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[n]; k < c->tree.kid_start[n + 1]; k++)
        if (nk_tree_rel_is(&c->tree, c->tree.kids[k], NK_DEP_CONJ))
            last = c->tree.kids[k];
    /* a conjunction before the last conjunct, wherever the parser hung it
     * ("President X and Prime Minister Y" with "and" on the title) */
    for (size_t i = n + 1; last != NK_NONE_TOKEN && i < last; i++)
        if (nk_tree_rel_is(&c->tree, i, NK_DEP_CC))
            return true;
    return false;
}

/* A passive clause V whose actor A was inherited: that subject is the
 * patient, and the agent of V (if any) the actor. */
static void shared_patient(ctx *c, size_t v, args *a)
{
    a->target = a->actor;
    a->target_tok = a->actor_tok;
    a->actor = NULL;
    a->actor_tok = NK_NONE_TOKEN;
    a->inherited = false;
    size_t agent = passive_agent(c, v);
    if (agent != NK_NONE_TOKEN) {
        a->actor = resolve(c, agent, NK_ROLE_ACTOR);
        a->actor_tok = agent;
    }
}

static void process_clause(ctx *c, size_t v, const inherit *inh)
{
    if (c->done[v])
        return;
    c->done[v] = true;
    c->speaker = inh->attributed_to;
    if (!is_predicate(c, v)) {
        /* keep walking: predicates can hang below nouns, adjectives, copulas */
        inherit sub = *inh;
        if (nk_tree_upos_is(&c->tree, v, NK_UPOS_VERB) && nk_str_in(nk_tree_lemma(&c->tree, v), (const char *const[]){"let", NULL})) {
            /* "We will not let gangs take over": the negation and modality
             * of "let" belong to what it lets happen */
            int mod = aux_modality(c, v);
            if (mod >= 0)
                sub.modality = mod;
            if (has_negation(c, v))
                sub.negated = !sub.negated;
        }
        /* "was unable to pay", "was not able to stop", "will be ready to
         * act": an adjective's negation, failing sense and modality belong
         * to its infinitive */
        inherit comp = sub;
        if (nk_tree_upos_is(&c->tree, v, NK_UPOS_ADJ)) {
            int mod = aux_modality(c, v);
            if (mod >= 0)
                comp.modality = mod;
            if (has_negation(c, v) != nk_wordlists_has(c->words, NK_WL_FAILING, nk_tree_lemma(&c->tree, v)))
                comp.negated = !comp.negated;
        }
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++)
            process_clause(c, c->tree.kids[k],
                           nk_tree_rel_is(&c->tree, c->tree.kids[k], NK_DEP_XCOMP) ? &comp : &sub);
        return;
    }
    const char *lemma;
    size_t light_obj, prep_obj;
    const nk_lex_entry *lex = lookup_action(c, v, &lemma, &light_obj, &prep_obj);
    size_t refusal = nk_tree_head(&c->tree, v);
    if (refusal != NK_NONE_TOKEN && nk_tree_rel_is(&c->tree, v, NK_DEP_XCOMP) && speech_verb(c, lemma) && c->onto) {
        /* "declined to comment", "refused to say whether ...": the refusal
         * is the act (negated: nothing was said), not the speech */
        const nk_lex_entry *rl = nk_ontology_lookup(c->onto, nk_tree_lemma(&c->tree, refusal), NULL, NULL);
        if (rl && rl->polarity == NK_POLARITY_NEGATIVE && !rl->speech_act)
            lemma = nk_tree_lemma(&c->tree, refusal);
    }
    args a = {NULL, NK_NONE_TOKEN, NULL, NK_NONE_TOKEN, false};
    find_subject(c, v, &a);
    /* "resigned and was arrested", "left the boat to be rescued by the
     * navy", "instead of being taken to a hotel": a passive without a
     * subject of its own; the subject it shares is its patient, its agent
     * (if any) the actor */
    bool shared =
        a.actor && !a.target && a.inherited && nk_tree_child(&c->tree, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN;
    if (shared)
        shared_patient(c, v, &a);
    if (!a.actor && a.target && passive_clause(c, v))
        agent_of_event_phrase(c, v, &a);
    /* an earlier agent of the verb for a finite passive ("A fourth was
     * arrested"), not for one that is hoped for or a purpose ("left the
     * boat to be rescued") */
    if (!a.actor && a.target && lex && lex->cameo && passive_clause(c, v) &&
        !(shared && !nk_tree_rel_is(&c->tree, v, NK_DEP_CONJ)) && !wh_phrase(c, a.target_tok))
        earlier_agent(c, lemma, &a);
    c->actor_of[v] = a.actor;
    c->actor_tok_of[v] = a.actor_tok;
    bool negated = has_negation(c, v);
    size_t own_obj = nk_tree_child(&c->tree, v, NK_DEP_OBJ);
    if (nk_wordlists_has(c->words, NK_WL_ASPECTUAL, lemma) &&
        (has_xcomp_clause(c, v) || own_obj == NK_NONE_TOKEN || !nk_tree_upos_is(&c->tree, own_obj, NK_UPOS_NOUN))) {
        /* "continues to push": the complement carries the fact; "failed to
         * protect": and it did not happen; but "would begin talks",
         * "resumed negotiations" are acts on what they begin */
        bool fails = nk_wordlists_has(c->words, NK_WL_FAILING, lemma);
        process_children(c, v, inh, NK_NO_FACT, NULL, NULL, negated != fails);
        return;
    }
    size_t obj = NK_NONE_TOKEN;
    if (!a.target) {
        obj = find_object(c, v, light_obj);
        if (obj != NK_NONE_TOKEN && !nk_tree_rel_is(&c->tree, obj, NK_DEP_OBJ) &&
            !nk_tree_rel_is(&c->tree, obj, NK_DEP_IOBJ)) {
            /* "said on Wednesday", "travelled to Kyiv": a time or a
             * destination, not a target; "an attack on Kyiv" is one */
            const char *cs = nk_tree_case(&c->tree, obj);
            if (nk_entities_is_time(c->ents, obj) ||
                (cs && nk_str_ieq(cs, "to") && nk_entities_is_place(c->ents, obj)))
                obj = NK_NONE_TOKEN;
            /* "said on X that ...", "wrote on Facebook that ...": where a
             * report was made, not what it is about ("reported on the
             * talks" with nothing reported keeps its target) */
            else if (cs && nk_str_ieq(cs, "on") && speech_like(c, lemma) &&
                     nk_tree_child(&c->tree, v, NK_DEP_CCOMP) != NK_NONE_TOKEN)
                obj = NK_NONE_TOKEN;
        }
        if (obj == NK_NONE_TOKEN && prep_obj != NK_NONE_TOKEN && !nk_entities_is_place(c->ents, prep_obj))
            obj = prep_obj; /* "called for an early election" */
        /* "made concessions", "made an offer", "took hostages": the noun,
         * when the act has no target of its own; a person noun's compound
         * ("holding the economy hostage" read as one noun phrase) is what
         * is held */
        const nk_wordnet *wn = c->opts ? c->opts->wordnet : NULL;
        if (obj == NK_NONE_TOKEN && light_obj != NK_NONE_TOKEN && nk_tree_rel_is(&c->tree, light_obj, NK_DEP_OBJ)) {
            obj = light_obj;
            size_t cp = nk_tree_child(&c->tree, light_obj, NK_DEP_COMPOUND);
            if (wn && cp != NK_NONE_TOKEN && cp < light_obj && nk_tree_upos_is(&c->tree, cp, NK_UPOS_NOUN) &&
                nk_wordnet_actor(wn, nk_tree_lemma(&c->tree, light_obj), NK_WN_FIRST_SENSE) != NK_WN_ACTOR_NONE)
                obj = cp;
        }
        if (obj == NK_NONE_TOKEN && light_obj == NK_NONE_TOKEN)
            obj = shared_object(c, v);
        if (obj == NK_NONE_TOKEN && light_obj == NK_NONE_TOKEN)
            obj = borrowed_object(c, v);
        if (obj != NK_NONE_TOKEN && !is_reflexive(c, obj))
            a.target = resolve(c, obj, NK_ROLE_TARGET);
        a.target_tok = a.target ? obj : NK_NONE_TOKEN;
    }
    bool speech = (lex && lex->speech_act) || (!lex && speech_like(c, lemma));
    /* reported speech after a quote: "..., she said" hangs as parataxis */
    size_t claim = NK_NO_FACT;
    if (a.actor && !a.actor->type)
        a.actor = NULL; /* "the expulsions took place": no actor to speak of */
    if (a.actor && possessor(c, a.actor_tok))
        a.actor = NULL; /* "Haltmann's works council" misread as a clause */
    /* a verb outside the lexicon needs a target to be an event, unless
     * someone asks for it: "urged the FDA to reconsider", "called on
     * Ottawa to act" (what is requested is an act) */
    if (!lex && !a.target && !speech_like(c, lemma) && !eventive_verb(c, lemma) &&
        inh->modality != NK_MOD_REQUESTED)
        a.actor = NULL;
    if (!lex && !speech_like(c, lemma) && stative_verb(c, lemma) && inh->modality != NK_MOD_REQUESTED)
        a.actor = NULL; /* "include", "contain", "employ": states, not events */
    if (a.actor && describes_noun(c, v))
        a.actor = NULL; /* "which employs 3,000 people": what it is */
    if (a.actor && circumstance_of_speech(c, v, lemma))
        a.actor = NULL; /* "Speaking in London, he said": one speech act */
    if (a.actor && carried_by_complement(c, v, lemma, lex)) {
        a.actor = NULL; /* "wanted to sell": the sale is the fact */
        speech = false;
    }
    if (a.actor) {
        /* actors: the subject and its conjuncts; targets: object and
         * conjuncts (at most one per token of the sentence) */
        size_t cells = c->tree.n + 1;
        size_t *actors = nk_arena_alloc(c->scratch, cells * sizeof *actors);
        nk_entity_ref **actor_refs = nk_arena_alloc(c->scratch, cells * sizeof *actor_refs);
        size_t nact = 0;
        actors[nact] = a.actor_tok;
        actor_refs[nact++] = a.actor;
        /* own subjects, and those a complement shares ("Spain and Italy
         * agreed to share the costs") */
        if (a.actor_tok != NK_NONE_TOKEN &&
            (!a.inherited || nk_tree_rel_is(&c->tree, v, NK_DEP_XCOMP)) &&
            (nk_entity_type(a.actor) != NK_ETYPE_PERSON || with_conjunction(c, a.actor_tok))) {
            for (size_t k = c->tree.kid_start[a.actor_tok]; k < c->tree.kid_start[a.actor_tok + 1];
                 k++) {
                size_t ch = c->tree.kids[k];
                if (nk_tree_rel_is(&c->tree, ch, NK_DEP_CONJ) && !inside_modifier(c, a.actor_tok, ch) &&
                    !part_of_name(c, a.actor_tok, a.actor, ch)) {
                    nk_entity_ref *r = resolve(c, ch, NK_ROLE_ACTOR);
                    if (r && r->type && r != a.actor) {
                        actors[nact] = ch;
                        actor_refs[nact++] = r;
                    }
                }
            }
        }
        size_t recip = reciprocal_object(c, v);
        if (recip != NK_NONE_TOKEN && recip == a.target_tok) {
            /* "the groups blamed one another": no one else is the target */
            a.target = NULL;
            a.target_tok = NK_NONE_TOKEN;
        }
        size_t *targets = nk_arena_alloc(c->scratch, cells * sizeof *targets);
        nk_entity_ref **target_refs = nk_arena_alloc(c->scratch, cells * sizeof *target_refs);
        size_t ntar = 0;
        targets[ntar] = a.target_tok;
        target_refs[ntar++] = a.target;
        if (a.target_tok != NK_NONE_TOKEN) {
            add_conjuncts(c, a.target_tok, a.target, targets, target_refs, &ntar);
            add_list_items(c, v, a.target_tok, a.target, targets, target_refs, &ntar);
        }
        if (recip != NK_NONE_TOKEN && nact >= 2) {
            /* "Israel and Hamas accused each other": each acts on the
             * others */
            for (size_t i = 0; i < nact; i++)
                for (size_t j = 0; j < nact; j++) {
                    if (i == j || same_entity(actor_refs[i], actor_refs[j]))
                        continue;
                    size_t fi = add_fact(c, v, lemma, lex, actor_refs[i], actors[i], actor_refs[j],
                                         actors[j], inh, a.inherited);
                    if (claim == NK_NO_FACT)
                        claim = fi;
                }
        } else if (symmetric(c, lemma) && nact >= 2 &&
            (!a.target || !nk_tree_rel_is(&c->tree, a.target_tok, NK_DEP_OBJ)) &&
            nk_tree_child(&c->tree, v, NK_DEP_XCOMP) == NK_NONE_TOKEN &&
            nk_tree_child(&c->tree, v, NK_DEP_CCOMP) == NK_NONE_TOKEN) {
            /* "Starmer and Biden met": one fact; but "Greece and Turkey
             * agreed to resume talks", "agreed that ...": each agreed */
            size_t fi = add_fact(c, v, lemma, lex, actor_refs[0], actors[0], actor_refs[1],
                                 actors[1], inh, a.inherited);
            claim = fi;
        } else {
            for (size_t i = 0; i < nact; i++)
                for (size_t j = 0; j < ntar; j++) {
                    if (same_entity(actor_refs[i], target_refs[j]))
                        continue;
                    size_t fi = add_fact(c, v, lemma, lex, actor_refs[i], actors[i],
                                         target_refs[j], targets[j], inh, a.inherited);
                    link_rejection(c, fi, targets[j]);
                    if (claim == NK_NO_FACT)
                        claim = fi;
                }
        }
    }
    /* the negation stays with this verb's own fact ("did not order them
     * to leave" is one negated order); verbs without a fact of their own
     * hand it down ("did not plan to intervene": no intervention is
     * planned) */
    process_children(c, v, inh, speech ? claim : NK_NO_FACT, speech ? a.actor : NULL, lex,
                     a.actor ? false : negated);
}

/* '"We offered to extend talks," TCRC president Marc Tremblay told
 * reporters' with the speech verb hung as a conjunct of the quoted clause:
 * CH is a conjunct of ROOT whose subject follows a closing quote that
 * follows ROOT. */
static bool speaker_after_quote(const ctx *c, size_t root, size_t ch)
{
    if (!nk_tree_rel_is(&c->tree, ch, NK_DEP_CONJ) || ch < root)
        return false;
    size_t s = nk_tree_child(&c->tree, ch, NK_DEP_NSUBJ);
    if (s == NK_NONE_TOKEN || s > ch)
        return false;
    s = nk_tree_leftmost(&c->tree, s);
    for (size_t i = root + 1; i < s; i++)
        if (closing_quote(nk_tree_form(&c->tree, i)))
            return true;
    return false;
}

/* "Russia has expelled six diplomats, the ministry said (on Monday)":
 * CH, a clause with a subject of its own that follows ROOT after a comma
 * and closes the sentence, hung on ROOT as a complement, an adverbial
 * clause or a conjunct (the parser's readings of a speaker that comes
 * last).  "as officials said" reads so too; another subordinator does not. */
static bool trailing_clause(const ctx *c, size_t root, size_t ch)
{
    if (ch < root || !nk_tree_after_comma(&c->tree, ch) ||
        !(nk_tree_rel_is(&c->tree, ch, NK_DEP_CCOMP) || nk_tree_rel_is(&c->tree, ch, NK_DEP_ADVCL) ||
          nk_tree_rel_is(&c->tree, ch, NK_DEP_CONJ)))
        return false;
    size_t s = nk_tree_child(&c->tree, ch, NK_DEP_NSUBJ);
    size_t mk = nk_tree_child(&c->tree, ch, NK_DEP_MARK);
    if (s == NK_NONE_TOKEN || s > ch || nk_tree_child(&c->tree, ch, NK_DEP_CC) != NK_NONE_TOKEN ||
        nk_tree_rel_exact(&c->tree, ch, NK_DEP_ADVCL_RELCL) || nk_tree_relative_word(&c->tree, s) ||
        (mk != NK_NONE_TOKEN && !nk_str_ieq(nk_tree_form(&c->tree, mk), "as")))
        return false;
    /* a verb of saying (word list speech) with nothing said of its own:
     * "criticised the diversion" is an act, not a source; "told
     * reporters" names whom it was told */
    const char *lemma = nk_tree_lemma(&c->tree, ch);
    if (!lemma || !speech_like(c, lemma) || nk_tree_child(&c->tree, ch, NK_DEP_XCOMP) != NK_NONE_TOKEN ||
        (nk_tree_child(&c->tree, ch, NK_DEP_OBJ) != NK_NONE_TOKEN && strcmp(lemma, "tell") != 0))
        return false;
    return nk_tree_closes_sentence(&c->tree, ch);
}

/* A clause whose parataxis child is "X said": the clause is X's content. */
static void quote_attribution(ctx *c, size_t root, inherit *inh, size_t *speech_v)
{
    *speech_v = NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[root]; k < c->tree.kid_start[root + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (!(nk_tree_rel_is(&c->tree, ch, NK_DEP_PARATAXIS) || speaker_after_quote(c, root, ch) ||
              trailing_clause(c, root, ch)) ||
            !nk_tree_upos_is(&c->tree, ch, NK_UPOS_VERB))
            continue;
        const char *lemma = nk_tree_lemma(&c->tree, ch);
        const nk_lex_entry *lex = c->onto ? nk_ontology_lookup(c->onto, lemma, NULL, NULL) : NULL;
        bool speech = (lex && lex->speech_act) || (!lex && speech_like(c, lemma));
        if (!speech || nk_tree_child(&c->tree, ch, NK_DEP_CCOMP) != NK_NONE_TOKEN)
            continue;
        size_t s = nk_tree_child(&c->tree, ch, NK_DEP_NSUBJ);
        if (s == NK_NONE_TOKEN)
            continue;
        /* the speech act first, so that its fact precedes the content */
        inherit outer = *inh;
        size_t before = c->set->count;
        c->done[ch] = true;
        args a = {NULL, NK_NONE_TOKEN, NULL, NK_NONE_TOKEN, false};
        find_subject(c, ch, &a);
        if (!a.actor)
            continue;
        size_t obj = find_object(c, ch, NK_NONE_TOKEN);
        nk_entity_ref *target = obj != NK_NONE_TOKEN ? resolve(c, obj, NK_ROLE_TARGET) : NULL;
        add_fact(c, ch, lemma, lex, a.actor, a.actor_tok, target, obj, &outer, false);
        inh->attributed_to = a.actor;
        inh->claim = before;
        *speech_v = ch;
        return;
    }
}

/* "according to X", "according to a statement from X": the source, when it
 * is an actor. */
static nk_entity_ref *according_to(ctx *c, size_t n)
{
    nk_entity_ref *e = nk_entities_resolve(c->ents, n, NK_ROLE_ACTOR);
    if (e && e->type)
        return e;
    for (size_t k = c->tree.kid_start[n]; k < c->tree.kid_start[n + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_case(&c->tree, ch);
        if (nk_tree_rel_is(&c->tree, ch, NK_DEP_NMOD) && cs &&
            nk_str_in(cs, (const char *const[]){"from", "by", "of", NULL})) {
            e = nk_entities_resolve(c->ents, ch, NK_ROLE_ACTOR);
            if (e && e->type)
                return e;
        }
    }
    return NULL;
}

/* "The official said", "an executive told": a word the tagger read as an
 * adjective but that stands with an article where a noun goes (subject,
 * object), and that WordNet knows as a noun for someone who acts
 * (nk_wordnet_actor, sense 1), is read as that noun. */
static void nouns_read_as_adjectives(ctx *c)
{
    const nk_wordnet *wn = c->opts ? c->opts->wordnet : NULL;
    if (!wn)
        return;
    for (size_t i = 0; i < c->tree.n; i++) {
        if (!nk_tree_upos_is(&c->tree, i, NK_UPOS_ADJ) ||
            !(nk_tree_rel_is(&c->tree, i, NK_DEP_NSUBJ) || nk_tree_rel_is(&c->tree, i, NK_DEP_OBJ) ||
              nk_tree_rel_is(&c->tree, i, NK_DEP_IOBJ)))
            continue;
        size_t det = nk_tree_child(&c->tree, i, NK_DEP_DET);
        const char *lemma = nk_tree_lemma(&c->tree, i);
        if (det == NK_NONE_TOKEN || det > i || !lemma ||
            nk_wordnet_actor(wn, lemma, NK_WN_FIRST_SENSE) == NK_WN_ACTOR_NONE)
            continue;
        c->tree.upos[i] = NK_UPOS_NOUN;
    }
}

struct nk_events {
    ctx c;
};

nk_events *nk_events_new(const nk_doc *doc, const nk_gazetteer *gaz, const nk_ontology *onto,
                         const nk_extract_options *opts)
{
    nk_events *ev = nk_xcalloc(1, sizeof *ev);
    nk_factset *set = nk_factset_new();
    set->doc = nk_factset_str(set, doc->id);
    set->title = nk_factset_str(set, doc->title);
    set->url = nk_factset_str(set, doc->url);
    set->date = nk_factset_str(set, doc->date ? doc->date : (opts ? opts->date : NULL));
    ev->c.gaz = gaz;
    ev->c.onto = onto;
    ev->c.opts = opts;
    ev->c.set = set;
    ev->c.words = opts ? opts->words : NULL;
    ev->c.ents = nk_entities_new(gaz, opts ? opts->wordnet : NULL, ev->c.words, set);
    if (opts && opts->version >= 2)
        nk_entities_use_typer(ev->c.ents, opts->typer);
    ev->c.last_accusation = NK_NO_FACT;
    return ev;
}

nk_factset *nk_events_finish(nk_events *ev)
{
    nk_factset *set = ev->c.set;
    ev->c.set = NULL;
    nk_events_free(ev);
    return set;
}

void nk_events_free(nk_events *ev)
{
    if (!ev)
        return;
    nk_entities_free(ev->c.ents);
    nk_factset_free(ev->c.set);
    free(ev);
}

int nk_extract_events(const nk_doc *doc, const nk_gazetteer *gaz, const nk_ontology *onto,
                      const nk_extract_options *opts, nk_factset **out, nk_diag_sink *sink)
{
    (void)sink;
    nk_events *ev = nk_events_new(doc, gaz, onto, opts);
    nk_events_feed(ev, doc, 0);
    *out = nk_events_finish(ev);
    return NK_OK;
}

void nk_events_feed(nk_events *ev, const nk_doc *doc, size_t first_sentence)
{
    ctx c = ev->c;
    c.doc = doc;
    nk_arena *doc_scratch = nk_arena_new();
    const nk_name_words *names = nk_name_words_new(doc, doc_scratch);
    for (size_t si = 0; si < doc->nsentences; si++) {
        const nk_sentence *s = &doc->sentences[si];
        if (!s->ntokens || s->tokens[0].head < 0 || s->dateline)
            continue;
        c.scratch = nk_arena_new();
        nk_tree_init(&c.tree, s, c.scratch);
        nk_tree_read_names(&c.tree, names, c.words);
        nk_tree_mend_tags(&c.tree, c.words, c.opts ? c.opts->wordnet : NULL);
        nouns_read_as_adjectives(&c);
        nk_tree_mend_trailing_speaker(&c.tree, c.words);
        c.sent = first_sentence + si;
        c.actor_of = nk_arena_alloc(c.scratch, s->ntokens * sizeof *c.actor_of);
        c.actor_tok_of = nk_arena_alloc(c.scratch, s->ntokens * sizeof *c.actor_tok_of);
        c.done = nk_arena_alloc(c.scratch, s->ntokens * sizeof *c.done);
        nk_entities_sentence(c.ents, &c.tree, c.sent);
        for (size_t i = 0; i < s->ntokens; i++) {
            if (nk_tree_head(&c.tree, i) != NK_NONE_TOKEN)
                continue; /* the roots of the mended tree */
            inherit inh = {NULL, NK_NO_FACT, -1, false};
            /* "according to X" */
            for (size_t k = c.tree.kid_start[i]; k < c.tree.kid_start[i + 1]; k++) {
                size_t ch = c.tree.kids[k];
                const char *cs = nk_tree_case(&c.tree, ch);
                if (nk_tree_rel_is(&c.tree, ch, NK_DEP_OBL) && cs && nk_str_ieq(cs, "according"))
                    inh.attributed_to = according_to(&c, ch);
                c.done[ch] = c.done[ch] || (cs && nk_str_ieq(cs, "according"));
            }
            size_t speech_v;
            quote_attribution(&c, i, &inh, &speech_v);
            process_clause(&c, i, &inh);
            if (speech_v != NK_NONE_TOKEN) {
                /* the speech verb's own dependents (e.g. a participial clause) */
                inherit plain = {NULL, NK_NO_FACT, -1, false};
                for (size_t k = c.tree.kid_start[speech_v]; k < c.tree.kid_start[speech_v + 1]; k++)
                    process_clause(&c, c.tree.kids[k], &plain);
            }
        }
        nk_arena_free(c.scratch);
        c.scratch = NULL;
    }
    nk_arena_free(doc_scratch);
    /* what a sentence leaves for the next (nothing of DOC: it may go) */
    c.doc = NULL;
    memset(&c.tree, 0, sizeof c.tree);
    c.actor_of = NULL;
    c.actor_tok_of = NULL;
    c.done = NULL;
    ev->c = c;
}
