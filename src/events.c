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

typedef struct ctx {
    const nk_doc *doc;
    const nk_gazetteer *gaz;
    const nk_ontology *onto;
    const nk_extract_options *opts;
    nk_factset *set;
    nk_entities *ents;
    nk_tree tree;
    size_t sent;           /* 0-based sentence index */
    nk_arena *scratch;
    /* per sentence: resolved actor of each predicate (for inheritance) */
    nk_entity_ref **actor_of;
    bool *done;
    nk_entity_ref *speaker; /* who says the clause being read, or NULL */
} ctx;

typedef struct inherit {
    nk_entity_ref *attributed_to;
    size_t claim;         /* fact index of the claim, or NK_NO_FACT */
    int modality;         /* forced modality or -1 */
    bool negated;         /* forced negation */
} inherit;

static const nk_token *T(const ctx *c, size_t i)
{
    return &c->tree.s->tokens[i];
}

static bool upos_is(const ctx *c, size_t i, const char *u)
{
    return T(c, i)->upos && strcmp(T(c, i)->upos, u) == 0;
}

static const char *lemma_of(const ctx *c, size_t i)
{
    return T(c, i)->lemma ? T(c, i)->lemma : T(c, i)->form;
}

/* Verbs that do not make facts of their own. */
static const char *const LIGHT_SKIP[] = {"be", "have", "do", "seem", "appear", "become",
                                         "remain", "get", "go", "come", "let", NULL};
/* Verbs whose object names the action: "launch an attack", "make appeals". */
static const char *const LIGHT_VERBS[] = {"make", "launch", "carry", "hold", "take", "give",
                                          "issue", "stage", "conduct", "mount", "deliver",
                                          "lodge", "file", "level", "pay", "put", "mount", NULL};
/* Aspectual and trying verbs: pass their subject to the complement. */
static const char *const ASPECTUAL[] = {"continue", "begin", "start", "keep", "try",
                                        "attempt", "manage", "stop", "cease", "resume",
                                        "proceed", "tend", "need", "fail", "neglect", NULL};
static const char *const SPEECH_DEFAULT[] = {"say", "tell", "state", "claim", "allege",
                                             "announce", "warn", "add", "insist", "argue",
                                             "note", "stress", "emphasize", "emphasise",
                                             "reiterate", "deny", "report", "confirm",
                                             "write", "suggest", "explain", "acknowledge",
                                             "admit", "believe", "think", "describe",
                                             "accuse", "predict", "say", NULL};
static const char *const PLACE_CASES[] = {"in", "at", "near", "outside", "inside", "from",
                                          "across", "throughout", "within", NULL};
static const char *const TIME_CASES[] = {"on", "in", "at", "during", "since", "until", "within", "for", "throughout", "over",
                                         "before", "after", "by", "earlier", "last", NULL};
static const char *const TARGET_CASES[] = {"against", "on", "into", "upon", "to", NULL};
static const char *const SYMMETRIC_CASES[] = {"with", NULL};

static bool speech_like(const char *lemma)
{
    return nk_str_in(lemma, SPEECH_DEFAULT);
}

static bool is_predicate(const ctx *c, size_t v)
{
    if (!upos_is(c, v, "VERB"))
        return false;
    if (nk_str_in(lemma_of(c, v), LIGHT_SKIP))
        return false;
    const char *rel = T(c, v)->deprel;
    if (!rel)
        return false;
    /* a participle used as an adjective ("the ongoing conflict") is not one */
    if (nk_tree_rel_is(&c->tree, v, "amod") || nk_tree_rel_is(&c->tree, v, "compound"))
        return false;
    return true;
}

static const nk_lex_entry *lookup_action(const ctx *c, size_t v, const char **lemma_out,
                                         size_t *light_obj)
{
    const char *lemma = lemma_of(c, v);
    *lemma_out = lemma;
    *light_obj = NK_NONE_TOKEN;
    size_t prt = nk_tree_child(&c->tree, v, "compound:prt");
    if (prt == NK_NONE_TOKEN && v + 2 < c->tree.n &&
        nk_str_in(T(c, v + 1)->form, (const char *const[]){"out", "off", "down", "up", "away", "back",
                                                    "aside", NULL}) &&
        nk_str_ieq(T(c, v + 2)->form, "of") && !upos_is(c, v + 1, "NOUN"))
        prt = v + 1; /* "pulled out of the race": a particle, hung as a preposition */
    const char *particle = prt != NK_NONE_TOKEN ? lemma_of(c, prt) : NULL;
    if (particle) {
        /* "pulled out", "shot down", "set aside": the phrasal verb's lemma */
        char *pl = nk_arena_printf(c->scratch, "%s %s", lemma, particle);
        for (char *p = pl; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        *lemma_out = pl;
    }
    if (!c->onto)
        return NULL;
    size_t obj = nk_tree_child(&c->tree, v, "obj");
    const nk_lex_entry *e = NULL;
    if (obj != NK_NONE_TOKEN && upos_is(c, obj, "NOUN")) {
        e = nk_ontology_lookup_exact(c->onto, lemma, particle, lemma_of(c, obj));
        if (e && nk_str_in(lemma, LIGHT_VERBS)) {
            /* "made appeals", "launched an attack": the noun names the act
             * (when it is a verb too), its "on"/"against" phrase the target;
             * "denied the allegations" keeps its object */
            *light_obj = obj;
            if (nk_ontology_lookup_exact(c->onto, lemma_of(c, obj), NULL, NULL))
                *lemma_out = lemma_of(c, obj);
        }
    }
    if (!e && particle)
        e = nk_ontology_lookup_exact(c->onto, lemma, particle, NULL);
    if (!e && !particle) {
        /* "called on X to": the preposition of an oblique as particle */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1] && !e; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_rel_is(&c->tree, ch, "obl") ? nk_tree_case(&c->tree, ch) : NULL;
            /* "called him on Tuesday" is no "call on": a time is no particle */
            if (cs && !nk_entities_is_time(c->ents, ch))
                e = nk_ontology_lookup_exact(c->onto, lemma, cs, NULL);
        }
    }
    if (!e)
        e = nk_ontology_lookup(c->onto, lemma, NULL, NULL);
    return e;
}

/* Token span covering I's subtree (byte offsets). */
static void subtree_span(const ctx *c, size_t i, size_t *b, size_t *e)
{
    const nk_token *t = T(c, i);
    if (t->begin != NK_NO_OFFSET) {
        if (t->begin < *b)
            *b = t->begin;
        if (t->end > *e || *e == NK_NO_OFFSET)
            *e = t->end;
    }
    for (size_t k = c->tree.kid_start[i]; k < c->tree.kid_start[i + 1]; k++) {
        size_t ch = c->tree.kids[k];
        /* clauses hanging off a noun are not part of its span */
        if (nk_tree_rel_is(&c->tree, ch, "acl") || nk_tree_rel_is(&c->tree, ch, "punct") ||
            nk_tree_rel_is(&c->tree, ch, "appos"))
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
    nk_entity_ref *e = nk_entities_resolve(c->ents, i, role);
    if (!e && c->speaker && upos_is(c, i, "PRON")) {
        /* in reported speech "I" is the speaker, and "we" the speaker when
         * it is an organisation or a country */
        const char *f = T(c, i)->form;
        if (nk_str_in(f, (const char *const[]){"I", "me", "my", NULL}) && c->speaker->type &&
            strcmp(c->speaker->type, "Person") == 0)
            e = c->speaker;
        else if (nk_str_in(f, (const char *const[]){"we", "us", "our", NULL}) && c->speaker->type &&
                 strcmp(c->speaker->type, "Person") != 0)
            e = c->speaker;
    }
    return e;
}

/* The agent of a passive: obl:agent or obl with "by". */
static size_t passive_agent(const ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, "obl")) {
            const char *cs = nk_tree_case(&c->tree, ch);
            if ((cs && nk_str_ieq(cs, "by")) || nk_tree_rel_is(&c->tree, ch, "obl:agent"))
                return ch;
        }
    }
    return NK_NONE_TOKEN;
}

static void find_subject(ctx *c, size_t v, args *a);
static bool continues_modifier(const ctx *c, size_t n, size_t p);

/* "defend itself": the actor again, no target */
static bool is_reflexive(const ctx *c, size_t i)
{
    const char *fe = T(c, i)->feats;
    return upos_is(c, i, "PRON") &&
           ((fe && strstr(fe, "Reflex=Yes")) ||
            nk_str_in(T(c, i)->form, (const char *const[]){"itself", "himself", "herself",
                                                          "themselves", "ourselves", NULL}));
}

static bool is_relative(const ctx *c, size_t i)
{
    const char *x = T(c, i)->xpos;
    return (x && (strcmp(x, "WP") == 0 || strcmp(x, "WDT") == 0)) ||
           (T(c, i)->feats && strstr(T(c, i)->feats, "PronType=Rel"));
}

/* A "to" clause that the parser hung as advcl but that is the complement of
 * an object-control verb ("called on X to intervene"). */
static bool to_complement(const ctx *c, size_t v)
{
    if (!nk_tree_rel_is(&c->tree, v, "advcl"))
        return false;
    size_t mk = nk_tree_child(&c->tree, v, "mark");
    return mk != NK_NONE_TOKEN && nk_str_ieq(T(c, mk)->form, "to");
}

/* The subject a clause without one inherits from the clause it hangs off. */
static void inherit_subject(ctx *c, size_t v, args *a)
{
    size_t h = nk_tree_head(&c->tree, v);
    if (h == NK_NONE_TOKEN || nk_tree_rel_is(&c->tree, v, "parataxis"))
        return; /* a clause beside another shares nothing with it */
    if (nk_tree_rel_is(&c->tree, v, "ccomp")) {
        /* "saying Germany would not risk ...", with Germany parsed as the
         * object of "saying": the reported clause's subject */
        size_t o = nk_tree_child(&c->tree, h, "obj");
        if (o != NK_NONE_TOKEN && o < v && nk_tree_child(&c->tree, v, "aux") != NK_NONE_TOKEN) {
            a->actor = resolve(c, o, NK_ROLE_ACTOR);
            a->actor_tok = o;
        }
        return;
    }
    a->inherited = true;
    const nk_lex_entry *hlex = c->onto ? nk_ontology_lookup(c->onto, lemma_of(c, h), NULL, NULL) : NULL;
    /* object control ("urged Britain to leave", "allowed them to stay") for
     * verbs that request or let; others ("rejected calls to send ...")
     * keep their own subject for the complement */
    bool object_verb = (hlex && hlex->complement_modality == NK_MOD_REQUESTED) ||
                       nk_str_in(lemma_of(c, h),
                                 (const char *const[]){"allow", "let", "help", "force", "make",
                                                       "cause", "enable", "permit", "persuade",
                                                       "convince", "invite", "encourage",
                                                       "require", "want", "expect", "tell",
                                                       "ask", "order", "urge", "compel",
                                                       "pressure", "push", "lead", "prompt",
                                                       "spur", "drive", "oblige", "trigger",
                                                       "inspire", "get", NULL});
    bool control = (nk_tree_rel_is(&c->tree, v, "xcomp") && object_verb) ||
                   (to_complement(c, v) && hlex && hlex->complement_modality == NK_MOD_REQUESTED);
    if (!control && to_complement(c, v) && c->onto) {
        /* "called on X to": the particle entry decides */
        for (size_t k = c->tree.kid_start[h]; k < c->tree.kid_start[h + 1] && !control; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_rel_is(&c->tree, ch, "obl") ? nk_tree_case(&c->tree, ch) : NULL;
            const nk_lex_entry *pe = cs ? nk_ontology_lookup_exact(c->onto, lemma_of(c, h), cs, NULL) : NULL;
            control = pe && pe->complement_modality == NK_MOD_REQUESTED;
        }
    }
    if (control) {
        /* object control: "urged Britain to leave" */
        size_t obj = nk_tree_child(&c->tree, h, "obj");
        if (obj == NK_NONE_TOKEN)
            obj = nk_tree_child(&c->tree, h, "iobj");
        if (obj != NK_NONE_TOKEN && obj < v) {
            a->actor = resolve(c, obj, NK_ROLE_ACTOR);
            a->actor_tok = obj;
            return;
        }
        /* "called on X to": obl with "on" */
        for (size_t k = c->tree.kid_start[h]; k < c->tree.kid_start[h + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (nk_tree_rel_is(&c->tree, ch, "obl") && cs && nk_str_ieq(cs, "on") && ch < v) {
                a->actor = resolve(c, ch, NK_ROLE_ACTOR);
                a->actor_tok = ch;
                return;
            }
        }
    }
    if (nk_tree_rel_is(&c->tree, v, "acl:relcl") || nk_tree_rel_is(&c->tree, v, "acl")) {
        /* "the ministry, which ordered them", "forces fighting in Kursk" */
        bool rel_subj = false;
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (nk_tree_rel_is(&c->tree, ch, "nsubj") && upos_is(c, ch, "PRON"))
                rel_subj = true;
        }
        const char *x = T(c, v)->xpos;
        if (rel_subj || (x && strcmp(x, "VBG") == 0 && v > h)) {
            a->actor = resolve(c, h, NK_ROLE_ACTOR);
            a->actor_tok = h;
        }
        return;
    }
    if (c->speaker && nk_tree_rel_is(&c->tree, v, "advcl") && T(c, v)->xpos &&
        strcmp(T(c, v)->xpos, "VBG") == 0 && speech_like(lemma_of(c, v))) {
        /* "Starmer reiterated that the UK does not seek conflict,
         * emphasizing that ...": the speaker goes on speaking, even when the
         * parser hung the participle inside what he said */
        a->actor = c->speaker;
        a->actor_tok = NK_NONE_TOKEN;
        return;
    }
    if (nk_tree_rel_is(&c->tree, v, "advcl") || nk_tree_rel_is(&c->tree, v, "acl")) {
        size_t mk = nk_tree_child(&c->tree, v, "mark");
        if (mk == NK_NONE_TOKEN)
            mk = nk_tree_child(&c->tree, v, "case");
        if (mk != NK_NONE_TOKEN && nk_str_in(T(c, mk)->form, (const char *const[]){"of", "for", NULL}) &&
            (upos_is(c, h, "PROPN") || upos_is(c, h, "NOUN") || upos_is(c, h, "PRON"))) {
            /* "accusing Russia of acquiring": hung on the noun itself */
            a->actor = resolve(c, h, NK_ROLE_ACTOR);
            a->actor_tok = h;
            return;
        }
        if (mk != NK_NONE_TOKEN && nk_str_in(T(c, mk)->form, (const char *const[]){"of", "for", NULL})) {
            size_t obj = nk_tree_child(&c->tree, h, "obj");
            if (obj != NK_NONE_TOKEN) {
                a->actor = resolve(c, obj, NK_ROLE_ACTOR);
                a->actor_tok = obj;
                return;
            }
        }
    }
    if (!upos_is(c, h, "VERB") && !upos_is(c, h, "AUX")) {
        /* hanging off an adjective or noun predicate: use its subject */
        size_t s = nk_tree_child(&c->tree, h, "nsubj");
        if (s != NK_NONE_TOKEN) {
            a->actor = resolve(c, s, NK_ROLE_ACTOR);
            a->actor_tok = s;
        }
        return;
    }
    size_t hs = nk_tree_child(&c->tree, h, "nsubj:pass");
    if (hs != NK_NONE_TOKEN && nk_tree_rel_is(&c->tree, v, "conj")) {
        /* "was summoned and handed a note": passive too; the subject is
         * the patient, the agent (if any) the governor's */
        const char *x = T(c, v)->xpos;
        if (x && strcmp(x, "VBN") == 0) {
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
        hs = NK_NONE_TOKEN;
    }
    if (hs != NK_NONE_TOKEN) {
        /* "he was suspended ... for breaching the rules": he breached */
        a->actor = resolve(c, hs, NK_ROLE_ACTOR);
        a->actor_tok = hs;
        return;
    }
    if (c->actor_of[h]) {
        a->actor = c->actor_of[h];
        a->actor_tok = NK_NONE_TOKEN;
        return;
    }
    args ha = {NULL, NK_NONE_TOKEN, NULL, NK_NONE_TOKEN, false};
    find_subject(c, h, &ha);
    a->actor = ha.actor;
    a->actor_tok = ha.actor_tok;
}

/* '"...," Teresa Ribera, the Commission's vice-president, told a news
 * conference': a speech verb after a quote, with no subject in the tree;
 * the speaker is the first name (or role noun) after the closing quote. */
static size_t quote_speaker(const ctx *c, size_t v)
{
    const char *lemma = lemma_of(c, v);
    const nk_lex_entry *lex = c->onto ? nk_ontology_lookup(c->onto, lemma, NULL, NULL) : NULL;
    if (!((lex && lex->speech_act) || nk_str_in(lemma, SPEECH_DEFAULT)))
        return NK_NONE_TOKEN;
    size_t q = NK_NONE_TOKEN;
    for (size_t i = v; i-- > 0;) {
        const char *f = T(c, i)->form;
        if (strcmp(f, "\"") == 0 || strcmp(f, "\xe2\x80\x9d") == 0 || strcmp(f, "''") == 0) {
            q = i;
            break;
        }
    }
    if (q == NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    if (q + 1 == v || (q + 2 == v && upos_is(c, q + 1, "PUNCT"))) {
        /* '"...," said the company's chief legal officer, Mark Delaney.':
         * the speaker follows the verb, whatever the parser called it */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch > v && (upos_is(c, ch, "NOUN") || upos_is(c, ch, "PROPN")) &&
                !nk_entities_is_time(c->ents, ch) && nk_tree_case(&c->tree, ch) == NULL)
                return ch;
        }
        return NK_NONE_TOKEN;
    }
    for (size_t i = q + 1; i < v; i++) {
        if (upos_is(c, i, "PROPN") || upos_is(c, i, "PRON")) {
            /* the head of the name it belongs to */
            size_t h = i;
            while (nk_tree_head(&c->tree, h) != NK_NONE_TOKEN && nk_tree_head(&c->tree, h) < v &&
                   nk_tree_head(&c->tree, h) > q &&
                   (nk_tree_rel_is(&c->tree, h, "flat") || nk_tree_rel_is(&c->tree, h, "compound")))
                h = nk_tree_head(&c->tree, h);
            return h;
        }
        if (upos_is(c, i, "VERB"))
            break;
    }
    return NK_NONE_TOKEN;
}

static void find_subject(ctx *c, size_t v, args *a)
{
    size_t s = nk_tree_child(&c->tree, v, "nsubj:pass");
    if (s != NK_NONE_TOKEN) {
        size_t agent = passive_agent(c, v);
        if (agent != NK_NONE_TOKEN) {
            a->actor = resolve(c, agent, NK_ROLE_ACTOR);
            a->actor_tok = agent;
        }
        a->target = resolve(c, s, NK_ROLE_TARGET);
        a->target_tok = s;
        return;
    }
    s = nk_tree_child(&c->tree, v, "nsubj");
    if (s != NK_NONE_TOKEN && !upos_is(c, s, "PROPN")) {
        /* "Its candidate, businessman Darren Pike, accused": two subjects */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch != s && nk_tree_rel_is(&c->tree, ch, "nsubj") && upos_is(c, ch, "PROPN") &&
                !continues_modifier(c, s, ch)) {
                s = ch;
                break;
            }
        }
    }
    if (s == NK_NONE_TOKEN)
        s = quote_speaker(c, v);
    if (s == NK_NONE_TOKEN)
        s = nk_tree_child(&c->tree, v, "csubj");
    if (s != NK_NONE_TOKEN && is_relative(c, s)) {
        /* "Anja Berger, who called on ...": the noun the clause modifies,
         * or, where the parser hung the clause elsewhere, the noun just
         * before the relative pronoun */
        size_t h = nk_tree_head(&c->tree, v);
        if (h == NK_NONE_TOKEN || !nk_tree_rel_is(&c->tree, v, "acl")) {
            h = NK_NONE_TOKEN;
            for (size_t i = s; i-- > 0;) {
                if (upos_is(c, i, "PUNCT"))
                    continue;
                if (upos_is(c, i, "NOUN") || upos_is(c, i, "PROPN"))
                    h = i;
                break;
            }
        }
        if (h != NK_NONE_TOKEN && !nk_entities_is_time(c->ents, h)) {
            a->actor = resolve(c, h, NK_ROLE_ACTOR);
            a->actor_tok = h;
        }
        return;
    }
    if (s != NK_NONE_TOKEN && !upos_is(c, s, "VERB")) {
        a->actor = resolve(c, s, NK_ROLE_ACTOR);
        a->actor_tok = s;
        return;
    }
    inherit_subject(c, v, a);
}

static bool symmetric(const char *lemma, const nk_lex_entry *lex);
static bool is_relative(const ctx *c, size_t i);

/* A noun naming an action whose "of" phrase is its object: "signing",
 * "sale", "expulsion", "arrest". */
static bool action_noun(const ctx *c, size_t n)
{
    const char *l = lemma_of(c, n);
    size_t len = strlen(l);
    if (len > 5 && strcmp(l + len - 3, "ing") == 0)
        return true;
    return nk_str_in(l, (const char *const[]){"sale", "purchase", "acquisition", "release", "arrest",
                                       "expulsion", "transfer", "takeover", "removal",
                                       "detention", "dismissal", "appointment", "sacking",
                                       "recruitment", "capture", "killing", "execution", NULL});
}

/* V's object, leaving out one that stands after a coordinated verb of V's
 * that has none ("took 18,412 votes and beat Oliver Grant", with Grant
 * hung on "took"): that one is the later verb's. */
static size_t first_own_object(const ctx *c, size_t v)
{
    size_t conj_verb = NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch > v && nk_tree_rel_is(&c->tree, ch, "conj") && upos_is(c, ch, "VERB") &&
            nk_tree_child(&c->tree, ch, "obj") == NK_NONE_TOKEN) {
            conj_verb = ch;
            break;
        }
    }
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, "obj") && !(conj_verb != NK_NONE_TOKEN && ch > conj_verb))
            return ch;
    }
    return NK_NONE_TOKEN;
}

/* The object V's coordinating verb got by mistake (see first_own_object). */
static size_t borrowed_object(const ctx *c, size_t v)
{
    if (!nk_tree_rel_is(&c->tree, v, "conj"))
        return NK_NONE_TOKEN;
    size_t h = nk_tree_head(&c->tree, v);
    if (h == NK_NONE_TOKEN || nk_tree_child(&c->tree, v, "obj") != NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[h]; k < c->tree.kid_start[h + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch > v && nk_tree_rel_is(&c->tree, ch, "obj")) {
            /* no other verb between */
            bool clean = true;
            for (size_t i = v + 1; i < ch; i++)
                if (upos_is(c, i, "VERB"))
                    clean = false;
            if (clean)
                return ch;
        }
    }
    return NK_NONE_TOKEN;
}

static size_t find_object(const ctx *c, size_t v, size_t light_obj)
{
    bool sym = symmetric(lemma_of(c, v), NULL);
    /* "pulled out of the race": a phrasal verb's "of" phrase */
    bool phrasal = nk_tree_child(&c->tree, v, "compound:prt") != NK_NONE_TOKEN ||
                   (v + 2 < c->tree.n && nk_str_ieq(T(c, v + 2)->form, "of") &&
                    nk_str_in(T(c, v + 1)->form, (const char *const[]){"out", "off", "down", "up",
                                                                "away", "back", NULL}));
    if (light_obj != NK_NONE_TOKEN) {
        /* "launched an attack on Kyiv": the noun's on/against phrase */
        for (size_t k = c->tree.kid_start[light_obj]; k < c->tree.kid_start[light_obj + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (nk_tree_rel_is(&c->tree, ch, "nmod") && cs &&
                (nk_str_in(cs, TARGET_CASES) || nk_str_ieq(cs, "of")))
                return ch; /* "an attack on Kyiv", "a review of Cloudvance's practices" */
        }
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (nk_tree_rel_is(&c->tree, ch, "obl") && cs && nk_str_in(cs, TARGET_CASES))
                return ch;
        }
        return NK_NONE_TOKEN;
    }
    size_t o = first_own_object(c, v);
    if (o != NK_NONE_TOKEN && is_relative(c, o)) {
        /* "that Britain had ordered two diplomats" with "that" as an object */
        size_t o2 = NK_NONE_TOKEN;
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            if (ch != o && nk_tree_rel_is(&c->tree, ch, "obj"))
                o2 = ch;
        }
        o = o2;
    }
    size_t io = nk_tree_child(&c->tree, v, "iobj");
    if (o != NK_NONE_TOKEN && io != NK_NONE_TOKEN && io < o)
        return io; /* "offered the company subsidies": the recipient */
    if (o != NK_NONE_TOKEN && (upos_is(c, o, "SYM") || upos_is(c, o, "NUM"))) {
        /* "pay $215 million to a farmworker": the recipient over the sum */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_case(&c->tree, ch);
            if (nk_tree_rel_is(&c->tree, ch, "obl") && cs && nk_str_ieq(cs, "to"))
                return ch;
        }
    }
    if (o != NK_NONE_TOKEN) {
        /* "completed the signing of Tiago Mendes": the event noun's "of",
         * for verbs that only bring an act about or make it known */
        if (upos_is(c, o, "NOUN") && action_noun(c, o) &&
            nk_str_in(lemma_of(c, v),
                      (const char *const[]){"complete", "finalise", "finalize", "announce",
                                            "confirm", "seal", "approve", "block", "halt",
                                            "suspend", "delay", "postpone", "cancel",
                                            "finish", "conclude", "agree", NULL}))
            for (size_t k = c->tree.kid_start[o]; k < c->tree.kid_start[o + 1]; k++) {
                size_t ch = c->tree.kids[k];
                const char *cs = nk_tree_case(&c->tree, ch);
                if (nk_tree_rel_is(&c->tree, ch, "nmod") && cs && nk_str_ieq(cs, "of"))
                    return ch;
            }
        return o;
    }
    o = nk_tree_child(&c->tree, v, "iobj");
    if (o != NK_NONE_TOKEN)
        return o;
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        const char *cs = nk_tree_case(&c->tree, ch);
        if (nk_tree_rel_is(&c->tree, ch, "obl") && cs &&
            (nk_str_in(cs, TARGET_CASES) || (sym && nk_str_in(cs, SYMMETRIC_CASES)) ||
             (phrasal && nk_str_ieq(cs, "of"))) &&
            !nk_tree_rel_is(&c->tree, ch, "obl:tmod"))
            return ch;
    }
    /* "had struck only legitimate targets" with the object called obl */
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (ch > v && nk_tree_rel_is(&c->tree, ch, "obl") && !nk_tree_case(&c->tree, ch) &&
            upos_is(c, ch, "NOUN") && !nk_entities_is_time(c->ents, ch) &&
            nk_tree_rel_is(&c->tree, ch, "obl") && strcmp(T(c, ch)->deprel, "obl") == 0)
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
        if (!nk_tree_rel_is(&c->tree, w, "conj") || !upos_is(c, w, "VERB") ||
            nk_tree_child(&c->tree, w, "nsubj") != NK_NONE_TOKEN)
            continue;
        size_t o = nk_tree_child(&c->tree, w, "obj");
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
        if (!nk_tree_rel_is(&c->tree, ch, "obl") && !nk_tree_rel_is(&c->tree, ch, "nmod:tmod") &&
            !nk_tree_rel_is(&c->tree, ch, "advmod"))
            continue;
        if (nk_tree_rel_is(&c->tree, ch, "advmod") &&
            !nk_str_in(T(c, ch)->form, (const char *const[]){"yesterday", "today", "tomorrow",
                                                      "tonight", NULL}))
            continue;
        const char *cs = nk_tree_case(&c->tree, ch);
        bool tmod = nk_tree_rel_is(&c->tree, ch, "obl:tmod") || nk_tree_rel_is(&c->tree, ch, "obl:npmod") ||
                    nk_tree_rel_is(&c->tree, ch, "advmod");
        if ((tmod || (cs && nk_str_in(cs, TIME_CASES))) && nk_entities_is_time(c->ents, ch))
            return nk_entities_nominal(c->ents, ch);
    }
    return NULL;
}

static size_t place_token(ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (!nk_tree_rel_is(&c->tree, ch, "obl"))
            continue;
        const char *cs = nk_tree_case(&c->tree, ch);
        if (cs && nk_str_in(cs, PLACE_CASES) && nk_entities_is_place(c->ents, ch))
            return ch;
    }
    /* "expelled six diplomats from Moscow": attached to the object */
    size_t obj = nk_tree_child(&c->tree, v, "obj");
    if (obj != NK_NONE_TOKEN)
        for (size_t k = c->tree.kid_start[obj]; k < c->tree.kid_start[obj + 1]; k++) {
            size_t ch = c->tree.kids[k];
            const char *cs = nk_tree_rel_is(&c->tree, ch, "nmod") ? nk_tree_case(&c->tree, ch) : NULL;
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
        if ((nk_tree_rel_is(&c->tree, ch, "advmod") || nk_tree_rel_is(&c->tree, ch, "aux")) &&
            nk_str_in(T(c, ch)->form, (const char *const[]){"not", "n't", "never", "no", NULL}))
            return true;
        if (nk_tree_rel_is(&c->tree, ch, "obj") || nk_tree_rel_is(&c->tree, ch, "nsubj")) {
            size_t det = nk_tree_child(&c->tree, ch, "det");
            if (det != NK_NONE_TOKEN && nk_str_ieq(T(c, det)->form, "no") &&
                !nk_tree_rel_is(&c->tree, ch, "nsubj"))
                return true;
        }
    }
    return false;
}

static int aux_modality(const ctx *c, size_t v)
{
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, "aux")) {
            const char *f = T(c, ch)->form;
            if (nk_str_in(f, (const char *const[]){"could", "would", "might", "may", "should",
                                            "must", "'d", NULL}))
                return NK_MOD_HYPOTHETICAL;
            if (nk_str_in(f, (const char *const[]){"will", "shall", "'ll", "wo", NULL}))
                return NK_MOD_PLANNED;
        }
        if (nk_tree_rel_is(&c->tree, ch, "mark") && nk_str_ieq(T(c, ch)->form, "if"))
            return NK_MOD_HYPOTHETICAL;
    }
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
    size_t b = T(c, v)->begin, e = T(c, v)->end;
    size_t tb = b, te = e;
    if (actor_tok != NK_NONE_TOKEN && T(c, actor_tok)->begin != NK_NO_OFFSET &&
        actor_tok < v) {
        size_t ab = NK_NO_OFFSET, ae = NK_NO_OFFSET;
        ab = T(c, actor_tok)->begin;
        ae = T(c, actor_tok)->end;
        subtree_span(c, actor_tok, &ab, &ae);
        if (ab < b)
            b = ab;
    }
    if (target_tok != NK_NONE_TOKEN && T(c, target_tok)->begin != NK_NO_OFFSET) {
        size_t ob = T(c, target_tok)->begin, oe = T(c, target_tok)->end;
        subtree_span(c, target_tok, &ob, &oe);
        if (ob < b)
            b = ob;
        if (oe > e)
            e = oe;
    }
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, "compound:prt") || nk_tree_rel_is(&c->tree, ch, "obj")) {
            if (T(c, ch)->end > te && T(c, ch)->end != NK_NO_OFFSET)
                te = T(c, ch)->end;
        }
        if (nk_tree_rel_is(&c->tree, ch, "aux") || nk_tree_rel_is(&c->tree, ch, "advmod")) {
            if (T(c, ch)->begin < tb && ch + 3 > v)
                tb = T(c, ch)->begin;
        }
    }
    if (b != NK_NO_OFFSET && e != NK_NO_OFFSET && c->doc->text) {
        f->span_begin = b;
        f->span_end = e;
        f->action_text = nk_arena_strndup(c->set->arena, c->doc->text + tb, te - tb);
    } else {
        f->action_text = nk_factset_str(c->set, T(c, v)->form);
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
            const char *cs = nk_tree_rel_is(&c->tree, ch, "nmod") ? nk_tree_case(&c->tree, ch) : NULL;
            if (cs && nk_str_in(cs, (const char *const[]){"in", "at", NULL}) &&
                nk_entities_is_place(c->ents, ch))
                pl = ch;
        }
    }
    if (pl != NK_NONE_TOKEN)
        f->place = nk_entities_resolve(c->ents, pl, NK_ROLE_PLACE);
    f->confidence = inherited ? 0.7 : 0.9;
    return c->set->count - 1;
}

static bool symmetric(const char *lemma, const nk_lex_entry *lex)
{
    static const char *const SYM[] = {"meet", "talk", "negotiate", "clash", "confer",
                                      "fight", "spar", "agree", NULL};
    (void)lex;
    return nk_str_in(lemma, SYM);
}

/* Link a rejection to the accusation it rejects. */
static void link_rejection(ctx *c, size_t fi, size_t target_tok)
{
    nk_fact *f = &c->set->facts[fi];
    if (!f->action_class || strcmp(f->action_class, "RejectAccusation") != 0 ||
        target_tok == NK_NONE_TOKEN)
        return;
    if (!nk_str_in(lemma_of(c, target_tok), (const char *const[]){"accusation", "allegation",
                                                           "claim", "charge", "report", NULL}))
        return;
    for (size_t i = fi; i-- > 0;) {
        const nk_fact *g = &c->set->facts[i];
        if (g->action_class && strcmp(g->action_class, "Accuse") == 0) {
            f->rejects = i;
            return;
        }
    }
}

static void process_clause(ctx *c, size_t v, const inherit *inh);

/* True when name P (a second subject) just continues a "for"/"of" phrase of
 * noun N: "A spokesperson for the Foreign, Commonwealth and Development
 * Office" parsed with "Commonwealth" as a subject of its own. */
static bool continues_modifier(const ctx *c, size_t n, size_t p)
{
    for (size_t k = c->tree.kid_start[n]; k < c->tree.kid_start[n + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (nk_tree_rel_is(&c->tree, ch, "nmod") && ch < p && p <= ch + 3)
            return true;
    }
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
        if (ch > cj && nk_tree_rel_is(&c->tree, ch, "nmod") && ch < cj + 4 && cs &&
            nk_str_in(cs, (const char *const[]){"for", "of", NULL}))
            return true;
    }
    return false;
}

static void process_children(ctx *c, size_t v, const inherit *inh, size_t claim,
                             nk_entity_ref *speaker, const nk_lex_entry *lex, bool negated)
{
    if (claim != NK_NO_FACT) {
        /* "said on Friday that Britain had ordered ...", parsed as a relative
         * clause of "Friday": the content of the claim */
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
            size_t t = c->tree.kids[k];
            if (!nk_tree_rel_is(&c->tree, t, "obl") || !nk_entities_is_time(c->ents, t))
                continue;
            for (size_t j = c->tree.kid_start[t]; j < c->tree.kid_start[t + 1]; j++) {
                size_t rc = c->tree.kids[j];
                if (!nk_tree_rel_is(&c->tree, rc, "acl") || rc < t || c->done[rc])
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
    for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++) {
        size_t ch = c->tree.kids[k];
        inherit sub = *inh;
        if (nk_tree_rel_is(&c->tree, ch, "ccomp") ||
            (nk_tree_rel_is(&c->tree, ch, "parataxis") && claim != NK_NO_FACT)) {
            if (claim != NK_NO_FACT) {
                sub.attributed_to = speaker;
                sub.claim = claim;
                sub.modality = -1;
                sub.negated = lex && lex->polarity == NK_POLARITY_NEGATIVE &&
                              nk_tree_rel_is(&c->tree, ch, "ccomp");
                if (lex && lex->complement_modality >= 0)
                    sub.modality = lex->complement_modality;
            }
            process_clause(c, ch, &sub);
        } else if (nk_tree_rel_is(&c->tree, ch, "xcomp") ||
                   (to_complement(c, ch) && lex && lex->complement_modality == NK_MOD_REQUESTED)) {
            if (lex && lex->complement_modality >= 0)
                sub.modality = lex->complement_modality;
            if (lex && lex->polarity == NK_POLARITY_NEGATIVE && has_negation(c, v))
                sub.modality = NK_MOD_HYPOTHETICAL; /* "had not ruled out sending" */
            else if (lex && lex->polarity == NK_POLARITY_NEGATIVE)
                sub.negated = !inh->negated;
            else if (negated)
                sub.negated = !inh->negated; /* "did not try to leave" */
            process_clause(c, ch, &sub);
        } else if (nk_tree_rel_is(&c->tree, ch, "conj")) {
            /* "refused to pay and leave": the conjunct shares the frame */
            process_clause(c, ch, &sub);
        } else {
            /* adverbial, parallel and nominal-modifying clauses are facts of
             * their own: a negation handed down ("refused to send missiles,
             * saying ...") stops here */
            sub.negated = false;
            process_clause(c, ch, &sub);
        }
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
        if (upos_is(c, v, "VERB") && nk_str_in(lemma_of(c, v), (const char *const[]){"let", NULL})) {
            /* "We will not let gangs take over": the negation and modality
             * of "let" belong to what it lets happen */
            int mod = aux_modality(c, v);
            if (mod >= 0)
                sub.modality = mod;
            if (has_negation(c, v))
                sub.negated = !sub.negated;
        }
        for (size_t k = c->tree.kid_start[v]; k < c->tree.kid_start[v + 1]; k++)
            process_clause(c, c->tree.kids[k], &sub);
        return;
    }
    const char *lemma;
    size_t light_obj;
    const nk_lex_entry *lex = lookup_action(c, v, &lemma, &light_obj);
    args a = {NULL, NK_NONE_TOKEN, NULL, NK_NONE_TOKEN, false};
    find_subject(c, v, &a);
    c->actor_of[v] = a.actor;
    bool negated = has_negation(c, v);
    if (nk_str_in(lemma, ASPECTUAL)) {
        /* "continues to push": the complement carries the fact; "failed to
         * protect": and it did not happen */
        bool fails = nk_str_in(lemma, (const char *const[]){"fail", "neglect", NULL});
        process_children(c, v, inh, NK_NO_FACT, NULL, NULL, negated != fails);
        return;
    }
    size_t obj = NK_NONE_TOKEN;
    if (!a.target) {
        obj = find_object(c, v, light_obj);
        if (obj != NK_NONE_TOKEN && !nk_tree_rel_is(&c->tree, obj, "obj") &&
            !nk_tree_rel_is(&c->tree, obj, "iobj")) {
            /* "said on Wednesday", "travelled to Kyiv": a time or a
             * destination, not a target; "an attack on Kyiv" is one */
            const char *cs = nk_tree_case(&c->tree, obj);
            if (nk_entities_is_time(c->ents, obj) ||
                (cs && nk_str_ieq(cs, "to") && nk_entities_is_place(c->ents, obj)))
                obj = NK_NONE_TOKEN;
        }
        if (obj == NK_NONE_TOKEN && light_obj == NK_NONE_TOKEN)
            obj = shared_object(c, v);
        if (obj == NK_NONE_TOKEN && light_obj == NK_NONE_TOKEN)
            obj = borrowed_object(c, v);
        if (obj != NK_NONE_TOKEN && !is_reflexive(c, obj))
            a.target = resolve(c, obj, NK_ROLE_TARGET);
        a.target_tok = a.target ? obj : NK_NONE_TOKEN;
    }
    bool speech = (lex && lex->speech_act) || (!lex && nk_str_in(lemma, SPEECH_DEFAULT));
    /* reported speech after a quote: "..., she said" hangs as parataxis */
    size_t claim = NK_NO_FACT;
    if (a.actor && !a.actor->type)
        a.actor = NULL; /* "the expulsions took place": no actor to speak of */
    if (!lex && !a.target && !speech_like(lemma))
        a.actor = NULL; /* a verb outside the lexicon needs a target to be an event */
    if (a.actor) {
        /* actors: the subject and its conjuncts; targets: object and conjuncts */
        size_t actors[8], nact = 0;
        nk_entity_ref *actor_refs[8];
        actors[nact] = a.actor_tok;
        actor_refs[nact++] = a.actor;
        if (a.actor_tok != NK_NONE_TOKEN && !a.inherited) {
            for (size_t k = c->tree.kid_start[a.actor_tok];
                 k < c->tree.kid_start[a.actor_tok + 1] && nact < 8; k++) {
                size_t ch = c->tree.kids[k];
                if (nk_tree_rel_is(&c->tree, ch, "conj") && !inside_modifier(c, a.actor_tok, ch)) {
                    nk_entity_ref *r = resolve(c, ch, NK_ROLE_ACTOR);
                    if (r && r->type && r != a.actor) {
                        actors[nact] = ch;
                        actor_refs[nact++] = r;
                    }
                }
            }
        }
        size_t targets[8], ntar = 0;
        nk_entity_ref *target_refs[8];
        targets[ntar] = a.target_tok;
        target_refs[ntar++] = a.target;
        if (a.target_tok != NK_NONE_TOKEN) {
            for (size_t k = c->tree.kid_start[a.target_tok];
                 k < c->tree.kid_start[a.target_tok + 1] && ntar < 8; k++) {
                size_t ch = c->tree.kids[k];
                if (nk_tree_rel_is(&c->tree, ch, "conj")) {
                    nk_entity_ref *r = resolve(c, ch, nk_tree_rel_is(&c->tree, a.target_tok, "nsubj:pass") ? NK_ROLE_TARGET : NK_ROLE_TARGET);
                    if (r) {
                        targets[ntar] = ch;
                        target_refs[ntar++] = r;
                    }
                }
            }
        }
        if (symmetric(lemma, lex) && nact >= 2 &&
            (!a.target || !nk_tree_rel_is(&c->tree, a.target_tok, "obj"))) {
            /* "Starmer and Biden met": one fact */
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
    if (!speech)
        claim = claim != NK_NO_FACT ? NK_NO_FACT : NK_NO_FACT;
    /* the negation stays with this verb's own fact ("did not plan to
     * intervene" is one negated plan); only verbs without a fact of their
     * own (aspectuals, above) hand it down */
    process_children(c, v, inh, speech ? claim : NK_NO_FACT, speech ? a.actor : NULL, lex,
                     a.actor ? false : negated);
}

/* A clause whose parataxis child is "X said": the clause is X's content. */
static void quote_attribution(ctx *c, size_t root, inherit *inh, size_t *speech_v)
{
    *speech_v = NK_NONE_TOKEN;
    for (size_t k = c->tree.kid_start[root]; k < c->tree.kid_start[root + 1]; k++) {
        size_t ch = c->tree.kids[k];
        if (!nk_tree_rel_is(&c->tree, ch, "parataxis") || !upos_is(c, ch, "VERB"))
            continue;
        const char *lemma = lemma_of(c, ch);
        const nk_lex_entry *lex = c->onto ? nk_ontology_lookup(c->onto, lemma, NULL, NULL) : NULL;
        bool speech = (lex && lex->speech_act) || (!lex && nk_str_in(lemma, SPEECH_DEFAULT));
        if (!speech || nk_tree_child(&c->tree, ch, "ccomp") != NK_NONE_TOKEN)
            continue;
        size_t s = nk_tree_child(&c->tree, ch, "nsubj");
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
        if (nk_tree_rel_is(&c->tree, ch, "nmod") && cs &&
            nk_str_in(cs, (const char *const[]){"from", "by", "of", NULL})) {
            e = nk_entities_resolve(c->ents, ch, NK_ROLE_ACTOR);
            if (e && e->type)
                return e;
        }
    }
    return NULL;
}

int nk_extract_events(const nk_doc *doc, const nk_gazetteer *gaz, const nk_ontology *onto,
                      const nk_extract_options *opts, nk_factset **out, nk_diag_sink *sink)
{
    (void)sink;
    *out = NULL;
    nk_factset *set = nk_factset_new();
    set->doc = nk_factset_str(set, doc->id);
    set->title = nk_factset_str(set, doc->title);
    set->url = nk_factset_str(set, doc->url);
    set->date = nk_factset_str(set, doc->date ? doc->date : (opts ? opts->date : NULL));
    ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.gaz = gaz;
    c.onto = onto;
    c.opts = opts;
    c.set = set;
    c.ents = nk_entities_new(gaz, set);
    for (size_t si = 0; si < doc->nsentences; si++) {
        const nk_sentence *s = &doc->sentences[si];
        if (!s->ntokens || s->tokens[0].head < 0)
            continue;
        c.scratch = nk_arena_new();
        nk_tree_init(&c.tree, s, c.scratch);
        c.sent = si;
        c.actor_of = nk_arena_alloc(c.scratch, s->ntokens * sizeof *c.actor_of);
        c.done = nk_arena_alloc(c.scratch, s->ntokens * sizeof *c.done);
        nk_entities_sentence(c.ents, &c.tree, si);
        for (size_t i = 0; i < s->ntokens; i++) {
            if (s->tokens[i].head != 0)
                continue;
            inherit inh = {NULL, NK_NO_FACT, -1, false};
            /* "according to X" */
            for (size_t k = c.tree.kid_start[i]; k < c.tree.kid_start[i + 1]; k++) {
                size_t ch = c.tree.kids[k];
                const char *cs = nk_tree_case(&c.tree, ch);
                if (nk_tree_rel_is(&c.tree, ch, "obl") && cs && nk_str_ieq(cs, "according"))
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
    nk_entities_free(c.ents);
    *out = set;
    return NK_OK;
}
