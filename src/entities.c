/* entities.c: see entities.h. */
#include "entities.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- tree helpers ---------------------------------------------------------- */

void nk_tree_init(nk_tree *t, const nk_sentence *s, nk_arena *arena)
{
    t->s = s;
    t->n = s->ntokens;
    t->kid_start = nk_arena_alloc(arena, (t->n + 1) * sizeof(size_t));
    t->kids = nk_arena_alloc(arena, (t->n ? t->n : 1) * sizeof(size_t));
    size_t *count = nk_arena_alloc(arena, (t->n + 1) * sizeof(size_t));
    for (size_t i = 0; i < t->n; i++) {
        int h = s->tokens[i].head;
        if (h > 0 && (size_t)h <= t->n)
            count[h - 1]++;
    }
    size_t acc = 0;
    for (size_t i = 0; i < t->n; i++) {
        t->kid_start[i] = acc;
        acc += count[i];
        count[i] = t->kid_start[i];
    }
    t->kid_start[t->n] = acc;
    for (size_t i = 0; i < t->n; i++) {
        int h = s->tokens[i].head;
        if (h > 0 && (size_t)h <= t->n)
            t->kids[count[h - 1]++] = i;
    }
}

size_t nk_tree_head(const nk_tree *t, size_t i)
{
    int h = t->s->tokens[i].head;
    return (h > 0 && (size_t)h <= t->n) ? (size_t)(h - 1) : NK_NONE_TOKEN;
}

static bool rel_match(const char *deprel, const char *rel)
{
    if (!deprel)
        return false;
    size_t n = strlen(rel);
    if (strncmp(deprel, rel, n) != 0)
        return false;
    return deprel[n] == '\0' || (deprel[n] == ':' && !strchr(rel, ':'));
}

bool nk_tree_rel_is(const nk_tree *t, size_t i, const char *rel)
{
    return i < t->n && rel_match(t->s->tokens[i].deprel, rel);
}

size_t nk_tree_child(const nk_tree *t, size_t i, const char *rel)
{
    for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++)
        if (rel_match(t->s->tokens[t->kids[k]].deprel, rel))
            return t->kids[k];
    return NK_NONE_TOKEN;
}

static size_t leftmost(const nk_tree *t, size_t i, unsigned depth)
{
    if (depth > 32 || t->kid_start[i] == t->kid_start[i + 1])
        return i;
    size_t first = t->kids[t->kid_start[i]];
    return first < i ? leftmost(t, first, depth + 1) : i;
}

const char *nk_tree_case(const nk_tree *t, size_t i)
{
    size_t c = nk_tree_child(t, i, "case");
    if (c != NK_NONE_TOKEN)
        return t->s->tokens[c].form;
    /* "for the Foreign, Commonwealth ... Office": the parser may hang the
     * preposition on the phrase's first word instead of its head */
    size_t l = leftmost(t, i, 0);
    if (l != i && rel_match(t->s->tokens[l].deprel, "case"))
        return t->s->tokens[l].form;
    return NULL;
}

/* ---- resolver -------------------------------------------------------------- */

typedef struct known {
    nk_entity_ref *ref;
    const char *head_lemma; /* head noun of a common-noun phrase, or NULL */
    const char *surname;    /* last token of a person's name, or NULL */
    bool plural;
    bool subject;           /* last mentioned as a subject */
    const char *canon;      /* gazetteer canonical name, or NULL */
    bool named;             /* the label is a name the article used */
    unsigned count;         /* mentions so far */
    bool proper;            /* introduced by a name, not a description */
    nk_entity_ref *affiliation; /* "Labour leader Keir Starmer": Labour */
    size_t sentence;
    size_t order;           /* recency */
} known;

typedef struct acronym {
    const char *acronym;
    nk_entity_ref *ref;
} acronym;

struct nk_entities {
    const nk_gazetteer *gaz;
    nk_factset *set;
    const nk_tree *t;
    size_t sentence;
    known *known;
    size_t nknown, capknown;
    acronym *acr;
    size_t nacr, capacr;
    size_t clock;
    /* per sentence: resolved mentions by head token, as actor/target and as
     * place */
    nk_entity_ref *pending_affiliation; /* set while a titled name is read */
    nk_entity_ref **cache[2];
    bool *cached[2];
    size_t cache_cap;
};

nk_entities *nk_entities_new(const nk_gazetteer *gaz, nk_factset *set)
{
    nk_entities *r = nk_xcalloc(1, sizeof *r);
    r->gaz = gaz;
    r->set = set;
    return r;
}

void nk_entities_free(nk_entities *r)
{
    if (!r)
        return;
    free(r->known);
    free(r->acr);
    for (int i = 0; i < 2; i++) {
        free(r->cache[i]);
        free(r->cached[i]);
    }
    free(r);
}

static const nk_token *tok(const nk_entities *r, size_t i)
{
    return &r->t->s->tokens[i];
}

static bool is_upos(const nk_entities *r, size_t i, const char *upos)
{
    const char *u = tok(r, i)->upos;
    return u && strcmp(u, upos) == 0;
}


static bool is_acronym_form(const char *f)
{
    size_t caps = 0, n = 0;
    for (; *f; f++, n++) {
        if (isupper((unsigned char)*f))
            caps++;
        else if (*f != '.' && *f != '&' && !isdigit((unsigned char)*f))
            return false;
    }
    return caps >= 2 && n <= 8;
}

/* Entity references are deduplicated by label+type within the document. */
static known *remember(nk_entities *r, nk_entity_ref *ref, const char *head_lemma,
                       const char *surname, bool plural);

static const char *const ORG_WORDS[] = {
    "ministry", "service", "office", "department", "agency", "bank", "council",
    "party", "union", "committee", "commission", "court", "army", "force",
    "forces", "company", "corporation", "group", "institute", "university",
    "organisation", "organization", "association", "authority", "board",
    "parliament", "government", "embassy", "police", "news", "times", "post",
    "fund", "foundation", "federation", "league", "alliance", "coalition",
    "inc.", "ltd", "ltd.", "corp.", "co.", "plc", "bureau", "agency", "network",
    "command", "guard", "navy", "assembly", "congress", "senate", "cabinet",
    "sciences", "science", "automotive", "systems", "technologies", "technology",
    "energy", "motors", "airlines", "airways", "holdings", "partners", "capital",
    "pharmaceuticals", "pharma", "semiconductor", "semiconductors", "industries",
    "media", "labs", "solutions", "works", "fc", "club", "united", "group", "bank",
    "insurance", "securities", "investments", "ventures", "trust", "society",
    "institution", "authority", "commission", "council", "tribunal", "centre",
    "center", "hospital", "school", "church", "agency", "radio", "television", "tv",
    "press", "journal", "herald", "telegraph", "guardian", "reuters", "brigade",
    "battalion", "regiment", "front", "movement", "army", "militia", "forces",
    "services", "airport", "port", "railways", "railway", "foods", "chemicals",
    "steel", "oil", "gas", "mining", "software", "electronics", "telecom", NULL};

/* Entity references are deduplicated within the document: gazetteer
 * entities by their canonical name (the label then shows the name the
 * article uses, e.g. "Britain"), others by label and type. */
static nk_entity_ref *make_ref_canon(nk_entities *r, const char *label, const char *type,
                                     const char *wikidata, const char *canon)
{
    for (size_t i = 0; i < r->nknown; i++) {
        known *k = &r->known[i];
        nk_entity_ref *e = k->ref;
        bool same_type = (!e->type && !type) || (e->type && type && strcmp(e->type, type) == 0);
        if (!same_type)
            continue;
        if (canon ? (k->canon && strcmp(k->canon, canon) == 0)
                  : (!k->canon && nk_str_ieq(e->label, label)))
            return e;
    }
    nk_entity_ref *e = nk_factset_entity(r->set, label, type, NULL, wikidata);
    if (canon) {
        /* "the Commission" for the European Commission: its last word */
        const char *last = strrchr(canon, ' ');
        const char *hl = NULL;
        if (last && type && strcmp(type, "Organization") == 0 && nk_str_in(last + 1, ORG_WORDS)) {
            char *low = nk_arena_strdup(r->set->arena, last + 1);
            for (char *p = low; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            hl = low;
        }
        known *k = remember(r, e, hl, NULL, false);
        k->canon = nk_arena_strdup(r->set->arena, canon);
        k->proper = true;
    }
    return e;
}

static nk_entity_ref *make_ref(nk_entities *r, const char *label, const char *type,
                               const char *wikidata)
{
    return make_ref_canon(r, label, type, wikidata, NULL);
}

/* A mention of K now: it becomes the most recent and counts once more. */
static void touch(nk_entities *r, known *k)
{
    k->sentence = r->sentence;
    k->order = ++r->clock;
    k->count++;
}

static known *remember(nk_entities *r, nk_entity_ref *ref, const char *head_lemma,
                       const char *surname, bool plural)
{
    known *k = NULL;
    for (size_t i = 0; i < r->nknown; i++)
        if (r->known[i].ref == ref) {
            k = &r->known[i];
            break;
        }
    if (!k) {
        if (r->nknown == r->capknown) {
            r->capknown = r->capknown ? r->capknown * 2 : 32;
            r->known = nk_xrealloc(r->known, r->capknown * sizeof *r->known);
        }
        k = &r->known[r->nknown++];
        memset(k, 0, sizeof *k);
        k->ref = ref;
    }
    /* kept across sentences, so copied: the sentence's tokens may be freed
     * before the next window of a long text is read */
    if (head_lemma && (!k->head_lemma || strcmp(k->head_lemma, head_lemma) != 0))
        k->head_lemma = nk_arena_strdup(r->set->arena, head_lemma);
    if (surname && (!k->surname || strcmp(k->surname, surname) != 0))
        k->surname = nk_arena_strdup(r->set->arena, surname);
    k->plural = plural;
    touch(r, k);
    return k;
}

static bool type_is(const nk_entity_ref *e, const char *type)
{
    return e->type && strcmp(e->type, type) == 0;
}

/* Salience: mentions in this sentence first, then the previous one's
 * subjects, then recency. */
static long score(const nk_entities *r, const known *k)
{
    long dist = (long)(r->sentence - k->sentence);
    long s = (long)k->order - dist * 4000000L;
    if (k->subject && dist <= 1)
        s += 3000000L;
    return s;
}

/* Most salient known entity accepted by PRED. */
static known *most_recent(nk_entities *r, bool (*pred)(const known *, const void *),
                          const void *arg, size_t max_back)
{
    known *best = NULL;
    for (size_t i = 0; i < r->nknown; i++) {
        known *k = &r->known[i];
        if (r->sentence - k->sentence > max_back)
            continue;
        if (!pred(k, arg))
            continue;
        /* salience: recency, with subjects of the same or the previous
         * sentence ahead of other mentions there */
        if (!best || score(r, k) > score(r, best))
            best = k;
    }
    return best;
}

static bool is_person(const known *k, const void *arg)
{
    (void)arg;
    return type_is(k->ref, "Person");
}

static bool is_it(const known *k, const void *arg)
{
    (void)arg;
    /* a named group ("the RSF", "Hamas") is an "it" too */
    return !k->plural && (type_is(k->ref, "Organization") || type_is(k->ref, "Country") ||
                          (type_is(k->ref, "Group") && k->proper));
}

/* An antecedent for "it": an organisation or country, or a thing named
 * earlier in the same sentence (SENTENCE is the current sentence). */
static bool is_it_or_thing(const known *k, const void *arg)
{
    const size_t *sentence = arg;
    return is_it(k, NULL) || (!k->plural && !k->ref->type && k->sentence == *sentence);
}

static bool is_they(const known *k, const void *arg)
{
    (void)arg;
    return k->ref->type && !type_is(k->ref, "Location") &&
           (k->plural || type_is(k->ref, "Group"));
}

static bool has_type(const known *k, const void *arg)
{
    return type_is(k->ref, (const char *)arg);
}

static bool has_head(const known *k, const void *arg)
{
    return k->head_lemma && nk_str_ieq(k->head_lemma, (const char *)arg);
}

static bool is_named(const known *k, const void *arg)
{
    (void)arg;
    return k->proper;
}

static bool is_named_org(const known *k, const void *arg)
{
    return type_is(k->ref, "Organization") && is_named(k, arg);
}

/* The known entity accepted by PRED that the article has spoken of most so
 * far, the most recent among equals. */
static known *most_mentioned(nk_entities *r, bool (*pred)(const known *, const void *),
                             const void *arg)
{
    known *best = NULL;
    for (size_t i = 0; i < r->nknown; i++) {
        known *k = &r->known[i];
        if (!pred(k, arg))
            continue;
        if (!best || k->count > best->count || (k->count == best->count && k->order > best->order))
            best = k;
    }
    return best;
}

/* The named organisation the article is about so far ("the company" in
 * business news). */
static known *protagonist(nk_entities *r)
{
    return most_mentioned(r, is_named_org, NULL);
}

/* "Marisol" for "Typhoon Marisol": a name's last word (any type) */
static bool has_last_word(const known *k, const void *arg)
{
    const char *w = arg;
    size_t n = strlen(w), m = strlen(k->ref->label);
    return m > n + 1 && strcmp(k->ref->label + m - n, w) == 0 && k->ref->label[m - n - 1] == ' ' &&
           isupper((unsigned char)k->ref->label[0]);
}

/* The country the article has spoken of most (then most recently), for a
 * bare "the government". */
static known *home_country(nk_entities *r)
{
    return most_mentioned(r, has_type, "Country");
}

/* "Haltmann" for "Haltmann Automotive", "Abiy" for "Abiy Ahmed": the first
 * word of a named organisation or person */
static bool has_first_word(const known *k, const void *arg)
{
    const char *w = arg;
    size_t n = strlen(w);
    return (type_is(k->ref, "Organization") || type_is(k->ref, "Person")) && k->proper &&
           strncmp(k->ref->label, w, n) == 0 && k->ref->label[n] == ' ';
}

/* "de Vries" for "Marieke de Vries": a person's label ending in ARG */
static bool has_name_suffix(const known *k, const void *arg)
{
    const char *w = arg;
    size_t n = strlen(w), m = strlen(k->ref->label);
    return type_is(k->ref, "Person") && m > n + 1 && strcmp(k->ref->label + m - n, w) == 0 &&
           k->ref->label[m - n - 1] == ' ';
}

static bool has_named_head(const known *k, const void *arg)
{
    return has_head(k, arg) && isupper((unsigned char)k->ref->label[0]);
}

/* Nouns that stand for the organisation the article is about when nothing
 * named with them came before ("the company", "the union"); others ("the
 * port authority") name a body of their own. */
static const char *const GENERIC_ORG[] = {
    "company", "firm", "group", "maker", "club", "party", "union", "carrier", "airline",
    "bank", "automaker", "carmaker", "chipmaker", "retailer", "lender", "insurer",
    "manufacturer", "producer", "supplier", "operator", "giant", "conglomerate", "business",
    "corporation", "organisation", "organization", "agency", "bloc", "alliance", "side",
    "team", "broadcaster", "publisher", "developer", "startup", "start-up", NULL};

/* A named organisation introduced with a generic noun ("group", "maker"). */
static bool has_generic_org_head(const known *k, const void *arg)
{
    (void)arg;
    return k->proper && k->head_lemma && nk_str_in(k->head_lemma, GENERIC_ORG);
}

static bool has_surname(const known *k, const void *arg)
{
    return k->surname && strcmp(k->surname, (const char *)arg) == 0;
}



/* Lower-case weekday/month names and other time heads. */
static const char *const TIME_WORDS[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan.", "feb.", "aug.",
    "sept.", "oct.", "nov.", "dec.", "today", "yesterday", "tomorrow", "week",
    "weekend", "month", "year", "years", "day", "days", "weeks", "months",
    "morning", "evening", "afternoon", "night", "time", "decade", "hours",
    "hour", "minutes", "spring", "summer", "autumn", "winter", "era", NULL};

bool nk_entities_is_time(nk_entities *r, size_t head)
{
    const nk_token *t = tok(r, head);
    if (nk_str_in(t->form, TIME_WORDS) || (t->lemma && nk_str_in(t->lemma, TIME_WORDS)))
        return true;
    /* a bare year */
    size_t n = strlen(t->form);
    if (n == 4 && isdigit((unsigned char)t->form[0]) && strspn(t->form, "0123456789") == 4)
        return (t->form[0] == '1' || t->form[0] == '2');
    return false;
}

/* ---- phrase text ------------------------------------------------------------ */

static void append_tokens(nk_entities *r, nk_buf *b, const bool *keep)
{
    bool first = true;
    const nk_token *prev = NULL;
    for (size_t i = 0; i < r->t->n; i++) {
        if (!keep[i])
            continue;
        const nk_token *t = tok(r, i);
        if (!first && prev && prev->space_after)
            nk_buf_putc(b, ' ');
        else if (!first && prev && !prev->space_after && prev->end != t->begin &&
                 prev->end != NK_NO_OFFSET)
            nk_buf_putc(b, ' ');
        nk_buf_puts(b, t->form);
        prev = t;
        first = false;
    }
}

static void mark_subtree(const nk_tree *t, size_t i, bool *keep)
{
    keep[i] = true;
    for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++)
        mark_subtree(t, t->kids[k], keep);
}

static void mark_nominal(const nk_tree *t, size_t i, bool *keep, unsigned depth)
{
    keep[i] = true;
    if (depth > 16)
        return;
    for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++) {
        size_t c = t->kids[k];
        static const char *const CLAUSAL[] = {"acl", "advcl", "ccomp", "xcomp", "parataxis",
                                              "appos", "punct", "conj", "cc", "dep", NULL};
        bool clausal = false;
        for (size_t j = 0; CLAUSAL[j]; j++)
            clausal = clausal || nk_tree_rel_is(t, c, CLAUSAL[j]);
        /* the hyphen of "long-range" belongs to the words it joins */
        if (clausal && t->s->tokens[c].xpos && strcmp(t->s->tokens[c].xpos, "HYPH") == 0)
            clausal = false;
        if (!clausal)
            mark_nominal(t, c, keep, depth + 1);
    }
}

/* The text of the tokens marked in KEEP, in the factset's arena; frees KEEP. */
static const char *kept_text(nk_entities *r, bool *keep)
{
    nk_buf b = {0};
    append_tokens(r, &b, keep);
    free(keep);
    const char *s = nk_arena_strdup(r->set->arena, b.data ? b.data : "");
    nk_buf_free(&b);
    return s;
}

const char *nk_entities_nominal(nk_entities *r, size_t head)
{
    bool *keep = nk_xcalloc(r->t->n, sizeof *keep);
    mark_nominal(r->t, head, keep, 0);
    return kept_text(r, keep);
}

const char *nk_entities_phrase(nk_entities *r, size_t head)
{
    bool *keep = nk_xcalloc(r->t->n, sizeof *keep);
    mark_subtree(r->t, head, keep);
    return kept_text(r, keep);
}

/* The tokens of the name chain of HEAD: HEAD plus flat/compound children
 * (recursively), contiguous, as [first, last]. */
static bool name_link(nk_entities *r, size_t i, size_t head)
{
    bool cap = isupper((unsigned char)tok(r, i)->form[0]);
    return nk_tree_rel_is(r->t, i, "flat") || (nk_tree_rel_is(r->t, i, "compound") && cap) ||
           ((nk_tree_rel_is(r->t, i, "amod") || nk_tree_rel_is(r->t, i, "nmod:desc")) && cap &&
            (is_upos(r, head, "PROPN") || i < head));
}

static void name_reach(nk_entities *r, size_t i, size_t head, bool *in, unsigned depth)
{
    in[i] = true;
    if (depth > 8)
        return;
    for (size_t k = r->t->kid_start[i]; k < r->t->kid_start[i + 1]; k++) {
        size_t c = r->t->kids[k];
        if (name_link(r, c, head))
            name_reach(r, c, head, in, depth + 1);
    }
}

/* The tokens of the name headed by HEAD, as [first, last]: HEAD and what
 * hangs from it by flat, compound and capitalised modifier relations, when
 * they form one contiguous run ("UK Prime Minister Sir Keir Starmer" even
 * when the parser made "Sir Keir Starmer" flat dependents of "UK"). */
static void name_span(nk_entities *r, size_t head, size_t *first, size_t *last)
{
    bool *in = nk_xcalloc(r->t->n, sizeof *in);
    name_reach(r, head, head, in, 0);
    size_t lo = head, hi = head;
    for (size_t i = 0; i < r->t->n; i++)
        if (in[i]) {
            if (i < lo)
                lo = i;
            if (i > hi)
                hi = i;
        }
    bool contiguous = true;
    for (size_t i = lo; i <= hi; i++)
        if (!in[i] && strcmp(tok(r, i)->form, "-") != 0 && strcmp(tok(r, i)->form, ".") != 0)
            contiguous = false;
    free(in);
    if (contiguous && hi - lo < 12) {
        *first = lo;
        *last = hi;
        return;
    }
    size_t f = head, l = head;
    bool grew = true;
    while (grew) {
        grew = false;
        for (size_t i = 0; i < r->t->n; i++) {
            if (i + 1 != f && i != l + 1)
                continue;
            size_t h = nk_tree_head(r->t, i);
            if (h == NK_NONE_TOKEN || h < f || h > l)
                continue;
            bool cap = isupper((unsigned char)tok(r, i)->form[0]);
            if (nk_tree_rel_is(r->t, i, "flat") ||
                (nk_tree_rel_is(r->t, i, "compound") && cap) ||
                ((nk_tree_rel_is(r->t, i, "amod") || nk_tree_rel_is(r->t, i, "nmod:desc")) &&
                 cap && (is_upos(r, head, "PROPN") || i < head))) {
                if (i + 1 == f)
                    f = i;
                else
                    l = i;
                grew = true;
            }
        }
    }
    *first = f;
    *last = l;
}

static const char *join_forms(nk_entities *r, size_t first, size_t last)
{
    bool *keep = nk_xcalloc(r->t->n, sizeof *keep);
    for (size_t i = first; i <= last; i++)
        keep[i] = true;
    return kept_text(r, keep);
}

/* The entity a gazetteer entry stands for in ROLE.  SURFACE is the name as
 * written ("Britain", "the UK"), or NULL. */
static nk_entity_ref *from_gaz(nk_entities *r, const nk_gaz_entry *e, nk_role role,
                               const char *surface)
{
    /* capitals and seats act for their country; as places they stay places */
    if ((e->kind_id == NK_GAZ_CAPITAL || e->kind_id == NK_GAZ_SEAT) && role != NK_ROLE_PLACE &&
        e->country) {
        const nk_gaz_entry *c = nk_gazetteer_get(r->gaz, e->country, NK_GAZ_NAME);
        if (!c)
            c = nk_gazetteer_get(r->gaz, e->country, NK_GAZ_ORG);
        if (c)
            return make_ref_canon(r, c->canonical, c->type, c->wikidata, c->canonical);
    }
    const char *type = e->kind_id == NK_GAZ_SEAT && role == NK_ROLE_PLACE ? "Location" : e->type;
    bool name = e->kind_id == NK_GAZ_NAME || e->kind_id == NK_GAZ_ORG;
    const char *label = e->canonical;
    if (name && surface && *surface) {
        if (nk_str_ieq(surface, "the") || strncmp(surface, "the ", 4) == 0 ||
            strncmp(surface, "The ", 4) == 0)
            surface += 4;
        /* the longer of acronym and name reads better: keep "FSB" out */
        if (!is_acronym_form(surface) || is_acronym_form(e->canonical))
            label = surface;
    }
    nk_entity_ref *ref = make_ref_canon(r, label, type, e->wikidata, e->canonical);
    if (name && label != e->canonical) {
        for (size_t i = 0; i < r->nknown; i++)
            if (r->known[i].ref == ref && !r->known[i].named) {
                r->known[i].named = true;
                ref->label = nk_arena_strdup(r->set->arena, label);
            }
    }
    return ref;
}

/* Look up tokens [first..last] in the gazetteer as a whole. */
static const nk_gaz_entry *gaz_whole(nk_entities *r, size_t first, size_t last)
{
    const char *forms[16];
    size_t n = last - first + 1;
    if (n > 16)
        return NULL;
    for (size_t i = 0; i < n; i++)
        forms[i] = tok(r, first + i)->form;
    const nk_gaz_entry *e = NULL;
    size_t m = nk_gazetteer_match(r->gaz, forms, n, &e);
    if (m != n || !e)
        return NULL;
    if (e->kind_id == NK_GAZ_TITLE || e->kind_id == NK_GAZ_ROLE)
        return NULL;
    if (e->kind_id == NK_GAZ_DEMONYM)
        return NULL;
    return e;
}

static void prepass(nk_entities *r);

/* Coreference keeps the entities mentioned most recently, not all of a
 * text: past NK_ENTITIES_MAX_KNOWN, the least recently mentioned are
 * forgotten (a later mention makes a new reference, with the same label,
 * type and so IRI), and so are the oldest acronyms, which bounds both the
 * memory and the time each lookup takes on a very long text.  Done between
 * sentences, when nobody holds a pointer into the list. */
static int size_desc(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void forget_oldest(nk_entities *r)
{
    if (r->nknown > NK_ENTITIES_MAX_KNOWN) {
        /* keep the most recent three quarters, in their order in the list
         * (which breaks ties between equally salient entities) */
        size_t keep = NK_ENTITIES_MAX_KNOWN * 3 / 4;
        size_t *orders = nk_xmalloc(r->nknown * sizeof *orders);
        for (size_t i = 0; i < r->nknown; i++)
            orders[i] = r->known[i].order;
        qsort(orders, r->nknown, sizeof *orders, size_desc);
        size_t cutoff = orders[keep - 1], out = 0;
        free(orders);
        for (size_t i = 0; i < r->nknown; i++)
            if (r->known[i].order >= cutoff)
                r->known[out++] = r->known[i];
        r->nknown = out;
    }
    if (r->nacr > NK_ENTITIES_MAX_KNOWN) {
        size_t drop = r->nacr - NK_ENTITIES_MAX_KNOWN * 3 / 4;
        memmove(r->acr, r->acr + drop, (r->nacr - drop) * sizeof *r->acr);
        r->nacr -= drop;
    }
}

void nk_entities_sentence(nk_entities *r, const nk_tree *t, size_t sent_index)
{
    r->t = t;
    r->sentence = sent_index;
    forget_oldest(r);
    if (t->n > r->cache_cap) {
        r->cache_cap = t->n * 2;
        for (int i = 0; i < 2; i++) {
            r->cache[i] = nk_xrealloc(r->cache[i], r->cache_cap * sizeof *r->cache[i]);
            r->cached[i] = nk_xrealloc(r->cached[i], r->cache_cap * sizeof *r->cached[i]);
        }
    }
    for (int i = 0; i < 2; i++)
        if (t->n)
            memset(r->cached[i], 0, t->n * sizeof *r->cached[i]);
    /* acronym definitions: NAME ( ACR ) */
    for (size_t i = 1; i + 2 < t->n; i++) {
        if (strcmp(tok(r, i)->form, "(") != 0 || strcmp(tok(r, i + 2)->form, ")") != 0)
            continue;
        const char *acr = tok(r, i + 1)->form;
        if (!is_acronym_form(acr))
            continue;
        /* the name: the capitalised run ending just before "(" */
        size_t last = i - 1, first = last;
        while (first > 0 && (isupper((unsigned char)tok(r, first - 1)->form[0]) ||
                             nk_str_ieq(tok(r, first - 1)->form, "of") ||
                             nk_str_ieq(tok(r, first - 1)->form, "and") ||
                             strcmp(tok(r, first - 1)->form, ",") == 0))
            first--;
        while (first < last && !isupper((unsigned char)tok(r, first)->form[0]))
            first++;
        if (!isupper((unsigned char)tok(r, last)->form[0]))
            continue;
        /* check initials loosely: first letter of the name matches */
        if (toupper((unsigned char)tok(r, first)->form[0]) != acr[0]) {
            /* try to shrink from the left until it matches */
            while (first < last && toupper((unsigned char)tok(r, first)->form[0]) != acr[0])
                first++;
            if (toupper((unsigned char)tok(r, first)->form[0]) != acr[0])
                continue;
        }
        const nk_gaz_entry *e = gaz_whole(r, first, last);
        if (!e) {
            const nk_gaz_entry *ea = NULL;
            const char *f1[1] = {acr};
            if (nk_gazetteer_match(r->gaz, f1, 1, &ea) == 1 && ea &&
                ea->kind_id == NK_GAZ_ORG)
                e = ea;
        }
        nk_entity_ref *ref = e ? from_gaz(r, e, NK_ROLE_ACTOR, join_forms(r, first, last))
                               : make_ref(r, join_forms(r, first, last), "Organization", NULL);
        if (r->nacr == r->capacr) {
            r->capacr = r->capacr ? r->capacr * 2 : 8;
            r->acr = nk_xrealloc(r->acr, r->capacr * sizeof *r->acr);
        }
        r->acr[r->nacr].acronym = nk_arena_strdup(r->set->arena, acr);
        r->acr[r->nacr].ref = ref;
        r->nacr++;
        remember(r, ref, NULL, NULL, false)->proper = true;
    }
    prepass(r);
}

static nk_entity_ref *acronym_ref(nk_entities *r, const char *form)
{
    for (size_t i = r->nacr; i-- > 0;)
        if (strcmp(r->acr[i].acronym, form) == 0)
            return r->acr[i].ref;
    return NULL;
}

bool nk_entities_is_place(nk_entities *r, size_t head)
{
    size_t f, l;
    name_span(r, head, &f, &l);
    const nk_gaz_entry *e = gaz_whole(r, f, l);
    if (!e)
        e = gaz_whole(r, head, head);
    if (!e)
        return false;
    switch (e->kind_id) {
    case NK_GAZ_NAME:
    case NK_GAZ_CAPITAL:
    case NK_GAZ_SEAT:
    case NK_GAZ_CITY:
        return true;
    default:
        return e->type_id == NK_GAZ_LOCATION;
    }
}

/* The name headed by I is an organisation in the gazetteer ("Premier League"). */
static bool gaz_org(nk_entities *r, size_t i)
{
    size_t f, l;
    name_span(r, i, &f, &l);
    const nk_gaz_entry *e = gaz_whole(r, f, l);
    return e && e->kind_id == NK_GAZ_ORG;
}

static bool is_plural(nk_entities *r, size_t head)
{
    const char *x = tok(r, head)->xpos;
    return x && (strcmp(x, "NNS") == 0 || strcmp(x, "NNPS") == 0);
}

static nk_entity_ref *resolve_pronoun(nk_entities *r, size_t head)
{
    const char *w = tok(r, head)->form;
    known *k = NULL;
    static const char *const HE[] = {"he", "him", "his", "she", "her", "hers", "himself",
                                     "herself", NULL};
    static const char *const IT[] = {"it", "its", "itself", NULL};
    static const char *const THEY[] = {"they", "them", "their", "themselves", NULL};
    if (nk_str_in(w, HE))
        k = most_recent(r, is_person, NULL, 3);
    else if (nk_str_in(w, IT)) {
        /* "defended the deal, saying it would create jobs": "it" is the
         * deal, no actor, when a thing was mentioned last */
        k = most_recent(r, is_it_or_thing, &r->sentence, 3);
        if (k && !k->ref->type)
            return NULL;
    }
    else if (nk_str_in(w, THEY)) {
        k = most_recent(r, is_they, NULL, 2);
        if (!k)
            k = most_recent(r, is_it, NULL, 1);
    }
    if (!k)
        return NULL;
    touch(r, k);
    return k->ref;
}

static const char *const HAZARDS[] = {"typhoon", "hurricane", "storm", "cyclone", "tropical",
                                      "tornado", "earthquake", "tsunami", "wildfire", "flood",
                                      "super", NULL};



/* Definite descriptions that corefer with a typed entity. */
static nk_entity_ref *resolve_definite(nk_entities *r, size_t head)
{
    const char *lemma = tok(r, head)->lemma ? tok(r, head)->lemma : tok(r, head)->form;
    size_t det = nk_tree_child(r->t, head, "det");
    size_t poss = nk_tree_child(r->t, head, "nmod:poss");
    bool definite = det != NK_NONE_TOKEN &&
                    (nk_str_ieq(tok(r, det)->form, "the") || nk_str_ieq(tok(r, det)->form, "this") ||
                     nk_str_ieq(tok(r, det)->form, "these"));
    /* "his party", "its parent company" */
    if (!definite && det == NK_NONE_TOKEN && poss != NK_NONE_TOKEN && is_upos(r, poss, "PRON")) {
        nk_entity_ref *owner = nk_entities_resolve(r, poss, NK_ROLE_ACTOR);
        if (owner && type_is(owner, "Person")) {
            /* a person's party or company: the one the person's title named */
            for (size_t i = 0; i < r->nknown; i++)
                if (r->known[i].ref == owner && r->known[i].affiliation)
                    return r->known[i].affiliation;
            return NULL;
        }
        definite = true;
    }
    if (!definite)
        return NULL;
    const char *role = nk_gazetteer_role(r->gaz, tok(r, head)->form);
    bool orgish = role && strcmp(role, "Organization") == 0;
    /* only bare descriptions: "the company", not "the company's new office";
     * an organisation may carry modifiers: "the Stuttgart-based company" */
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c == det || c == poss || nk_tree_rel_is(r->t, c, "punct") ||
            nk_tree_rel_is(r->t, c, "case"))
            continue;
        if (orgish && c < head &&
            (nk_tree_rel_is(r->t, c, "amod") || nk_tree_rel_is(r->t, c, "compound"))) {
            /* "the Russian foreign ministry" names a new body; "the Lisbon
             * club", "the Premier League club" one already named */
            if (isupper((unsigned char)tok(r, c)->form[0]) &&
                (nk_gazetteer_demonym(r->gaz, tok(r, c)->form) ||
                 !(nk_entities_is_place(r, c) || gaz_org(r, c))))
                return NULL;
            continue;
        }
        if (nk_tree_rel_is(r->t, c, "acl") || nk_tree_rel_is(r->t, c, "appos"))
            continue;
        return NULL;
    }
    known *k = NULL;
    if (nk_str_ieq(lemma, "country") || nk_str_ieq(lemma, "nation") || nk_str_ieq(lemma, "state"))
        k = most_recent(r, has_type, "Country", 4);
    else if (nk_str_in(lemma, (const char *const[]){"government", "authority", "administration",
                                                   "cabinet", "regime", NULL})) {
        /* "Germany's government", "the government": the country acting */
        if (poss != NK_NONE_TOKEN) {
            nk_entity_ref *p = nk_entities_resolve(r, poss, NK_ROLE_ACTOR);
            if (p && type_is(p, "Country"))
                return p;
        }
        k = home_country(r);
    }
    else if (orgish && nk_str_in(lemma, GENERIC_ORG) && !is_plural(r, head)) {
        /* "the company", "the Stuttgart-based firm": the organisation last
         * named, or one described with this noun */
        k = most_recent(r, has_named_head, lemma, 6);
        if (!k) /* "software group Cloudvance" ... "the company" */
            k = most_recent(r, has_generic_org_head, NULL, 6);
        if (!k)
            k = protagonist(r);
    } else if (orgish || nk_str_in(lemma, (const char *const[]){"company", "firm", "agency", "ministry",
                                                   "organisation", "organization", "bloc",
                                                   "alliance", "group", "service", "government",
                                                   "department", "office", "bank", "court",
                                                   "party", "maker", NULL})) {
        k = most_recent(r, has_head, lemma, 6);
    } else {
        k = most_recent(r, has_head, lemma, 6);
    }
    if (!k)
        return NULL;
    touch(r, k);
    return k->ref;
}

/* "in Isabela", "near the city of Kosti": an unknown name where places go. */
static bool after_place_case(nk_entities *r, size_t head)
{
    const char *cs = nk_tree_case(r->t, head);
    if (cs && nk_str_in(cs, (const char *const[]){"in", "at", "near", "from", "into", "across",
                                                "outside", "inside", "towards", "toward", NULL}))
        return true;
    size_t h = nk_tree_head(r->t, head);
    if (cs && nk_str_ieq(cs, "of") && h != NK_NONE_TOKEN && tok(r, h)->lemma &&
        nk_str_in(tok(r, h)->lemma, (const char *const[]){"city", "town", "village", "region",
                                                        "province", "state", "district",
                                                        "county", "island", "port", NULL}))
        return true;
    return false;
}

/* The type a descriptive noun gives the name it stands in apposition to
 * ("agrochemical maker Verdant", "Verdant, the maker"), or NULL. */
static const char *described_as(nk_entities *r, size_t head)
{
    size_t h = nk_tree_head(r->t, head);
    if (h != NK_NONE_TOKEN && nk_tree_rel_is(r->t, head, "appos") && is_upos(r, h, "NOUN")) {
        const char *t = nk_gazetteer_role(r->gaz, tok(r, h)->form);
        if (t)
            return strcmp(t, "Group") == 0 ? "Organization" : t;
    }
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if ((nk_tree_rel_is(r->t, c, "appos") || (nk_tree_rel_is(r->t, c, "compound") && c < head)) &&
            is_upos(r, c, "NOUN")) {
            const char *t = nk_gazetteer_role(r->gaz, tok(r, c)->form);
            if (t)
                return strcmp(t, "Group") == 0 ? "Organization" : t;
        }
    }
    return NULL;
}

/* "German Chancellor Olaf Scholz" speaks of Germany too: count the country
 * (for "the government" later) without making it a fact's participant. */
static void note_country(nk_entities *r, const nk_gaz_entry *g)
{
    if (g->type_id != NK_GAZ_COUNTRY)
        return;
    const nk_gaz_entry *c = g->kind_id == NK_GAZ_NAME ? g
                            : nk_gazetteer_get(r->gaz, g->canonical, NK_GAZ_NAME);
    if (c)
        make_ref_canon(r, c->canonical, c->type, c->wikidata, c->canonical);
    for (size_t i = 0; c && i < r->nknown; i++)
        if (r->known[i].canon && strcmp(r->known[i].canon, c->canonical) == 0)
            touch(r, &r->known[i]);
}

/* A proper-noun chain: gazetteer, acronym, person names with titles. */
static nk_entity_ref *resolve_proper_chain(nk_entities *r, size_t head, nk_role role);

/* A proper-noun chain, remembering the organisation a person's title names
 * ("Labour leader Keir Starmer") for "his party" later. */
static nk_entity_ref *resolve_proper(nk_entities *r, size_t head, nk_role role)
{
    r->pending_affiliation = NULL;
    nk_entity_ref *ref = resolve_proper_chain(r, head, role);
    /* "Labour leader Keir Starmer": the role noun's own modifier names it */
    for (size_t k = r->t->kid_start[head];
         ref && !r->pending_affiliation && k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head || !is_upos(r, c, "NOUN") || !nk_gazetteer_role(r->gaz, tok(r, c)->form))
            continue;
        for (size_t j = r->t->kid_start[c]; j < r->t->kid_start[c + 1]; j++) {
            size_t g = r->t->kids[j];
            if (g >= c || !isupper((unsigned char)tok(r, g)->form[0]))
                continue;
            size_t f, l;
            name_span(r, g, &f, &l);
            const nk_gaz_entry *e = gaz_whole(r, f, l);
            if (e && e->kind_id == NK_GAZ_ORG)
                r->pending_affiliation = from_gaz(r, e, NK_ROLE_ACTOR, NULL);
        }
    }
    if (ref && r->pending_affiliation && type_is(ref, "Person"))
        for (size_t i = 0; i < r->nknown; i++)
            if (r->known[i].ref == ref)
                r->known[i].affiliation = r->pending_affiliation;
    r->pending_affiliation = NULL;
    return ref;
}

static nk_entity_ref *resolve_proper_chain(nk_entities *r, size_t head, nk_role role)
{
    size_t first, last;
    name_span(r, head, &first, &last);
    if (first == last && nk_entities_is_time(r, head))
        return NULL; /* "on Wednesday" */
    nk_entity_ref *a = acronym_ref(r, tok(r, head)->form);
    if (a && first == last) {
        remember(r, a, NULL, NULL, false);
        return a;
    }
    /* "the House of Commons": the chain continued by "of" + a name */
    {
        size_t of = NK_NONE_TOKEN;
        for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k];
            const char *cs = nk_tree_case(r->t, c);
            if (c == last + 2 && nk_tree_rel_is(r->t, c, "nmod") && cs && nk_str_ieq(cs, "of") &&
                isupper((unsigned char)tok(r, c)->form[0]))
                of = c;
        }
        if (of != NK_NONE_TOKEN) {
            size_t f2, l2;
            name_span(r, of, &f2, &l2);
            if (f2 == last + 2) {
                const nk_gaz_entry *e2 = gaz_whole(r, first, l2);
                if (e2) {
                    nk_entity_ref *ref = from_gaz(r, e2, role, join_forms(r, first, l2));
                    remember(r, ref, NULL, NULL, false);
                    return ref;
                }
            }
        }
    }
    /* whole chain in the gazetteer? then shorter suffixes (strip titles,
     * demonyms and country modifiers: "UK Prime Minister Keir Starmer") */
    const nk_gaz_entry *e = gaz_whole(r, first, last);
    if (e) {
        nk_entity_ref *ref = from_gaz(r, e, role, join_forms(r, first, last));
        remember(r, ref, NULL, NULL, false);
        return ref;
    }
    size_t f = first;
    bool titled = false;
    while (f < last) {
        const char *forms[8];
        size_t n = last - f + 1 < 8 ? last - f + 1 : 8;
        for (size_t i = 0; i < n; i++)
            forms[i] = tok(r, f + i)->form;
        size_t m = nk_gazetteer_is_title(r->gaz, forms, n);
        if (m > 0 && (nk_str_in(tok(r, last)->form, ORG_WORDS) || gaz_whole(r, f, last)))
            break; /* "Justice Department": an organisation, not a title */
        if (m > 0 && f + m <= last) {
            f += m;
            titled = true;
            continue;
        }
        const nk_gaz_entry *g = NULL;
        size_t gm = nk_gazetteer_match(r->gaz, forms, n, &g);
        if (gm > 0 && f + gm <= last && g &&
            (g->kind_id == NK_GAZ_NAME || g->kind_id == NK_GAZ_DEMONYM ||
             g->kind_id == NK_GAZ_ORG)) {
            note_country(r, g);
            if (g->kind_id == NK_GAZ_ORG)
                r->pending_affiliation = from_gaz(r, g, NK_ROLE_ACTOR, NULL);
            f += gm;
            continue;
        }
        const nk_gaz_entry *d = nk_gazetteer_demonym(r->gaz, tok(r, f)->form);
        if (d) {
            note_country(r, d);
            f++;
            continue;
        }
        break;
    }
    if (f != first) {
        e = gaz_whole(r, f, last);
        if (e) {
            nk_entity_ref *ref = from_gaz(r, e, role, join_forms(r, f, last));
            remember(r, ref, NULL, NULL, false);
            return ref;
        }
    }
    /* single surname of a known person */
    if (f == last) {
        known *k = most_recent(r, has_surname, tok(r, last)->form, (size_t)-1);
        if (k) {
            touch(r, k);
            return k->ref;
        }
        nk_entity_ref *ac = acronym_ref(r, tok(r, last)->form);
        if (ac)
            return ac;
        /* "Marisol" after "Typhoon Marisol" */
        k = most_recent(r, has_last_word, tok(r, last)->form, (size_t)-1);
        if (!k)
            k = most_recent(r, has_first_word, tok(r, last)->form, (size_t)-1);
        if (k) {
            touch(r, k);
            return k->ref;
        }
    }
    /* "the Foreign, Commonwealth and Development Office (FCDO)": the
     * acronym defined right after the name */
    if (last + 3 < r->t->n + 1 && last + 2 < r->t->n && strcmp(tok(r, last + 1)->form, "(") == 0) {
        nk_entity_ref *ac = acronym_ref(r, tok(r, last + 2)->form);
        if (ac)
            return ac;
    }
    if (last > f && !isupper((unsigned char)tok(r, f)->form[0])) {
        /* a surname with a particle: "de Vries", "van der Berg" */
        known *k = most_recent(r, has_name_suffix, join_forms(r, f, last), (size_t)-1);
        if (k) {
            touch(r, k);
            return k->ref;
        }
    }
    /* new name: type by its words */
    const char *label = join_forms(r, f, last);
    if (nk_str_in(tok(r, f)->form, HAZARDS)) {
        /* "Typhoon Marisol": an event of nature, not an actor */
        nk_entity_ref *ref = make_ref(r, label, NULL, NULL);
        remember(r, ref, NULL, NULL, false);
        return ref;
    }
    const char *type = NULL;
    bool orgword = false;
    for (size_t i = f; i <= last; i++)
        if (nk_str_in(tok(r, i)->form, ORG_WORDS))
            orgword = true;
    const char *lx = tok(r, last)->xpos;
    const char *described = described_as(r, head);
    if (described && !titled)
        type = described;
    else if (orgword || (lx && strcmp(lx, "NNPS") == 0))
        type = "Organization";
    else if (titled || (last > f && last - f <= 3))
        type = "Person";
    else if (last == f && role != NK_ROLE_PLACE && !after_place_case(r, head))
        type = "Organization"; /* people are introduced by their full name */
    else if (last == f)
        type = "Location";
    else if (role == NK_ROLE_PLACE)
        type = "Location";
    else if (is_acronym_form(tok(r, last)->form))
        type = "Organization";
    else
        type = "Person";
    nk_entity_ref *ref = make_ref(r, label, type, NULL);
    const char *hl = NULL;
    if (strcmp(type, "Organization") == 0 && last > f && nk_str_in(tok(r, last)->form, ORG_WORDS)) {
        /* "the Commission" later means "the European Commission" */
        nk_buf lb = {0};
        for (const char *p = tok(r, last)->form; *p; p++)
            nk_buf_putc(&lb, (char)tolower((unsigned char)*p));
        hl = nk_arena_strdup(r->set->arena, lb.data);
        nk_buf_free(&lb);
    }
    remember(r, ref, hl, strcmp(type, "Person") == 0 ? tok(r, last)->form : NULL, false)->proper =
        true;
    return ref;
}

/* A common-noun phrase: role nouns, demonyms, organisations by description. */
static nk_entity_ref *resolve_proper(nk_entities *r, size_t head, nk_role role);
static void mark_nominal(const nk_tree *t, size_t i, bool *keep, unsigned depth);

/* A proper noun in apposition to HEAD, or a description in apposition to a
 * name: "car parts maker Haltmann Automotive", "Sir Richard Hollis, the MP" */
static size_t appos_name(nk_entities *r, size_t head)
{
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (nk_tree_rel_is(r->t, c, "appos") && is_upos(r, c, "PROPN"))
            return c;
        /* "Arsenal manager Mikel Arteta" parsed as manager -flat-> Mikel */
        if (c > head && nk_tree_rel_is(r->t, c, "flat") && is_upos(r, c, "PROPN") &&
            is_upos(r, head, "NOUN") && nk_gazetteer_role(r->gaz, tok(r, head)->form))
            return c;
    }
    /* "software group Cloudvance 1.4 billion euros": a descriptor directly
     * followed by a name the parser hung elsewhere */
    if (head + 1 < r->t->n && is_upos(r, head + 1, "PROPN") &&
        nk_gazetteer_role(r->gaz, tok(r, head)->form)) {
        /* climb from the next word to the head of its name */
        size_t top = head + 1;
        for (unsigned guard = 0; guard < 6; guard++) {
            size_t up = nk_tree_head(r->t, top);
            if (up == NK_NONE_TOKEN || up <= top || up > top + 3 ||
                !(nk_tree_rel_is(r->t, top, "compound") || nk_tree_rel_is(r->t, top, "flat")) ||
                !isupper((unsigned char)tok(r, up)->form[0]))
                break;
            top = up;
        }
        size_t h = nk_tree_head(r->t, top);
        if (h != NK_NONE_TOKEN && h != head && nk_tree_head(r->t, head) == h)
            return top;
    }
    return NK_NONE_TOKEN;
}

static nk_entity_ref *resolve_common(nk_entities *r, size_t head, nk_role role)
{
    const nk_token *h = tok(r, head);
    size_t name = appos_name(r, head);
    if (name != NK_NONE_TOKEN) {
        nk_entity_ref *named = resolve_proper(r, name, role);
        /* later "the maker" / "the candidate" refers to it */
        if (named && h->lemma) {
            known *kn = remember(r, named, nk_arena_strdup(r->set->arena, h->lemma), NULL, false);
            /* "Labour leader Keir Starmer": his party is Labour */
            for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
                size_t c = r->t->kids[k];
                if (c > head || !isupper((unsigned char)tok(r, c)->form[0]))
                    continue;
                size_t f, l;
                name_span(r, c, &f, &l);
                const nk_gaz_entry *e = gaz_whole(r, f, l);
                if (e && e->kind_id == NK_GAZ_ORG && type_is(named, "Person"))
                    kn->affiliation = from_gaz(r, e, NK_ROLE_ACTOR, NULL);
            }
        }
        return named;
    }
    nk_entity_ref *ref = resolve_definite(r, head);
    if (ref)
        return ref;
    {
        /* "its fighters", "Russia's troops": the organisation or country acts
         * through its members */
        const char *rt = nk_gazetteer_role(r->gaz, h->form);
        size_t poss = nk_tree_child(r->t, head, "nmod:poss");
        if (rt && strcmp(rt, "Group") == 0 && poss != NK_NONE_TOKEN &&
            nk_str_in(h->lemma ? h->lemma : h->form,
                    (const char *const[]){"fighter", "troop", "force", "soldier", "militant",
                                          "official", "diplomat", "agent", "police", "army",
                                          "air defence", "defence", "unit", NULL})) {
            nk_entity_ref *owner = nk_entities_resolve(r, poss, NK_ROLE_ACTOR);
            if (owner && (type_is(owner, "Organization") || type_is(owner, "Country") ||
                          type_is(owner, "Group")))
                return owner;
        }
    }
    /* keep amod/compound/nummod/flat modifiers left of the head, and the
     * proper nouns they contain */
    bool *keep = nk_xcalloc(r->t->n, sizeof *keep);
    keep[head] = true;
    const char *demonym_country = NULL;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head)
            continue;
        if (nk_tree_rel_is(r->t, c, "amod") || nk_tree_rel_is(r->t, c, "compound") ||
            nk_tree_rel_is(r->t, c, "nummod") || nk_tree_rel_is(r->t, c, "flat")) {
            /* include the modifier's own words: its name chain, and what
             * hangs on it ("long-range", "Stuttgart-based") */
            size_t f, l;
            name_span(r, c, &f, &l);
            for (size_t i = f; i <= l; i++)
                keep[i] = true;
            mark_nominal(r->t, c, keep, 0);
            const nk_gaz_entry *d = nk_gazetteer_demonym(r->gaz, tok(r, c)->form);
            if (d)
                demonym_country = d->canonical;
        }
    }
    /* "A spokesperson for the Foreign Office" -> "Foreign Office spokesperson" */
    const char *role_type = nk_gazetteer_role(r->gaz, h->form);
    nk_buf b = {0};
    size_t of = NK_NONE_TOKEN;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head && nk_tree_rel_is(r->t, c, "nmod") && !nk_tree_rel_is(r->t, c, "nmod:poss")) {
            const char *cs = nk_tree_case(r->t, c);
            if (cs && (nk_str_ieq(cs, "for") || nk_str_ieq(cs, "of") || nk_str_ieq(cs, "at")) &&
                (is_upos(r, c, "PROPN") || nk_tree_child(r->t, c, "compound") != NK_NONE_TOKEN ||
                 nk_tree_child(r->t, c, "nmod:poss") != NK_NONE_TOKEN ||
                 isupper((unsigned char)tok(r, c)->form[0]) ||
                 nk_gazetteer_role(r->gaz, tok(r, c)->form))) {
                of = c;
                break;
            }
        }
    }
    if (of != NK_NONE_TOKEN && nk_str_in(h->lemma ? h->lemma : h->form,
                                       (const char *const[]){"spokesperson", "spokesman",
                                                             "spokeswoman", "representative",
                                                             "statement", NULL})) {
        /* "a spokesperson for the FCDO said": the organisation speaks */
        nk_entity_ref *org = nk_entities_resolve(r, of, NK_ROLE_ACTOR);
        if (org && org->type) {
            free(keep);
            nk_buf_free(&b);
            remember(r, org, NULL, NULL, false);
            return org;
        }
    }
    if (of == NK_NONE_TOKEN && nk_str_in(h->lemma ? h->lemma : h->form,
                                         (const char *const[]){"spokesperson", "spokesman",
                                                               "spokeswoman", NULL})) {
        /* "a party spokesperson said": the party last named speaks */
        for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k];
            const char *rt = nk_gazetteer_role(r->gaz, tok(r, c)->form);
            if (c < head && nk_tree_rel_is(r->t, c, "compound") && is_upos(r, c, "NOUN") && rt &&
                strcmp(rt, "Organization") == 0) {
                known *kn = most_recent(r, has_named_head, tok(r, c)->lemma, 6);
                if (kn) {
                    free(keep);
                    nk_buf_free(&b);
                    touch(r, kn);
                    return kn->ref;
                }
            }
        }
    }
    if (role_type && of != NK_NONE_TOKEN && strcmp(role_type, "Organization") != 0) {
        size_t f, l;
        name_span(r, of, &f, &l);
        const char *org = join_forms(r, f, l);
        for (size_t i = of + 1; i + 2 < r->t->n && i < of + 8; i++)
            if (strcmp(tok(r, i)->form, "(") == 0) {
                nk_entity_ref *ac = acronym_ref(r, tok(r, i + 1)->form);
                if (ac)
                    org = ac->label;
                break;
            }
        if (org == NULL || !*org)
            org = tok(r, of)->form;
        bool *keep2 = nk_xcalloc(r->t->n, sizeof *keep2);
        for (size_t i = 0; i < r->t->n; i++)
            keep2[i] = keep[i] && !(i < head && nk_tree_rel_is(r->t, i, "det"));
        const char *cs = nk_tree_case(r->t, of);
        if (cs && nk_str_ieq(cs, "at")) {
            /* "analysts at Morgan Harlow" */
            append_tokens(r, &b, keep2);
            nk_buf_printf(&b, " at %s", org);
        } else {
            /* "a spokesperson for the Foreign Office" -> "Foreign Office spokesperson" */
            nk_buf_puts(&b, org);
            nk_buf_putc(&b, ' ');
            append_tokens(r, &b, keep2);
        }
        free(keep2);
    } else {
        append_tokens(r, &b, keep);
    }
    free(keep);
    /* "Six British diplomats were expelled": no capital from the sentence start */
    if (b.data && b.len && r->t->n && !is_upos(r, 0, "PROPN") &&
        !(tok(r, 0)->lemma && isupper((unsigned char)tok(r, 0)->lemma[0])) &&
        !nk_gazetteer_demonym(r->gaz, tok(r, 0)->form) &&
        strncmp(b.data, tok(r, 0)->form, strlen(tok(r, 0)->form)) == 0 &&
        isupper((unsigned char)b.data[0]) && !is_acronym_form(tok(r, 0)->form))
        b.data[0] = (char)tolower((unsigned char)b.data[0]);
    const char *label = nk_arena_strdup(r->set->arena, b.data ? b.data : h->form);
    nk_buf_free(&b);
    const char *type = role_type;
    if (!type && role == NK_ROLE_PLACE)
        type = "Location";
    if (!type && demonym_country && is_plural(r, head))
        type = "Group";
    (void)demonym_country;
    ref = make_ref(r, label, type, NULL);
    /* "more diplomats", "other officials": new sets, never what "the
     * diplomats" refers back to */
    bool fresh = false;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c < head && nk_str_in(tok(r, c)->form,
                                  (const char *const[]){"more", "other", "another", "some",
                                                        "any", "several", "further",
                                                        "additional", "many", "few", NULL}))
            fresh = true;
    }
    remember(r, ref, h->lemma && !fresh ? nk_arena_strdup(r->set->arena, h->lemma) : NULL, NULL,
             is_plural(r, head));
    return ref;
}

/* "Secretary of State Antony Blinken": a title heading the name in apposition */
static size_t title_head_name(nk_entities *r, size_t head)
{
    size_t first, last;
    name_span(r, head, &first, &last);
    const char *forms[8];
    size_t n = last - first + 1;
    if (n > 8)
        return NK_NONE_TOKEN;
    for (size_t i = 0; i < n; i++)
        forms[i] = tok(r, first + i)->form;
    size_t m = 0, f = 0;
    while (f < n) {
        const nk_gaz_entry *g = NULL;
        size_t t = nk_gazetteer_is_title(r->gaz, forms + f, n - f);
        if (!t) {
            size_t gm = nk_gazetteer_match(r->gaz, forms + f, n - f, &g);
            if (gm && g && (g->kind_id == NK_GAZ_NAME || g->kind_id == NK_GAZ_DEMONYM))
                t = gm;
        }
        if (!t)
            break;
        f += t;
        m += t;
    }
    if (m == 0 || f < n)
        return NK_NONE_TOKEN;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head && is_upos(r, c, "PROPN") &&
            (nk_tree_rel_is(r->t, c, "appos") || nk_tree_rel_is(r->t, c, "flat")))
            return c;
    }
    return NK_NONE_TOKEN;
}

/* Reading the words themselves rather than the tree: from START, skip
 * country names and demonyms, titles and the "of" inside them ("US
 * Secretary of State", "Russian President"), then take the run of
 * capitalised proper nouns that follows as a person's name.  For trees
 * the parser got wrong around a title. */
static bool titled_name_span(nk_entities *r, size_t start, size_t *first, size_t *last)
{
    size_t i = start, titles = 0;
    while (i < r->t->n) {
        const char *forms[8];
        size_t n = r->t->n - i < 8 ? r->t->n - i : 8;
        for (size_t k = 0; k < n; k++)
            forms[k] = tok(r, i + k)->form;
        size_t t = nk_gazetteer_is_title(r->gaz, forms, n);
        if (t) {
            i += t;
            titles++;
            continue;
        }
        const nk_gaz_entry *g = NULL;
        size_t gm = nk_gazetteer_match(r->gaz, forms, n, &g);
        if (gm && g && (g->kind_id == NK_GAZ_NAME || g->kind_id == NK_GAZ_DEMONYM)) {
            i += gm;
            continue;
        }
        if (nk_gazetteer_demonym(r->gaz, forms[0])) {
            i++;
            continue;
        }
        break;
    }
    if (!titles || i >= r->t->n || !is_upos(r, i, "PROPN"))
        return false;
    size_t j = i;
    while (j + 1 < r->t->n && is_upos(r, j + 1, "PROPN") &&
           isupper((unsigned char)tok(r, j + 1)->form[0]) && j + 1 - i < 4)
        j++;
    *first = i;
    *last = j;
    return true;
}

static nk_entity_ref *person_span(nk_entities *r, size_t first, size_t last)
{
    known *k = NULL;
    if (first == last)
        k = most_recent(r, has_surname, tok(r, last)->form, (size_t)-1);
    if (k) {
        touch(r, k);
        return k->ref;
    }
    nk_entity_ref *ref = make_ref(r, join_forms(r, first, last), "Person", NULL);
    remember(r, ref, NULL, tok(r, last)->form, false)->proper = true;
    return ref;
}

/* A capitalised noun with a capitalised compound before it, not at the
 * start of the sentence: "Rapid Support Forces" tagged as common nouns. */
static bool looks_like_name(nk_entities *r, size_t head)
{
    if (head == 0 || !isupper((unsigned char)tok(r, head)->form[0]) ||
        is_acronym_form(tok(r, head)->form))
        return false;
    size_t first, last;
    name_span(r, head, &first, &last);
    if (first == last)
        return false;
    for (size_t i = first; i <= last; i++)
        if (!isupper((unsigned char)tok(r, i)->form[0]))
            return false;
    return true;
}

static nk_entity_ref *resolve_uncached(nk_entities *r, size_t head, nk_role role)
{
    const nk_token *h = tok(r, head);
    if (!h->upos)
        return NULL;
    if (strcmp(h->upos, "PRON") == 0) {
        static const char *const SKIP[] = {"i", "me", "we", "us", "you", "this", "that",
                                           "which", "who", "what", "something", "anything",
                                           "everyone", "nothing", "some", "one", NULL};
        if (nk_str_in(h->form, SKIP))
            return NULL;
        return resolve_pronoun(r, head);
    }
    if (strcmp(h->upos, "PROPN") == 0) {
        size_t name = title_head_name(r, head);
        if (name == NK_NONE_TOKEN && nk_gazetteer_role(r->gaz, h->form))
            name = appos_name(r, head); /* "the Conservative MP, Sir Richard Hollis," */
        if (name == NK_NONE_TOKEN) {
            /* "US Secretary of State Antony Blinken" with the name hung on "State" */
            size_t f0, l0, f1, l1;
            name_span(r, head, &f0, &l0);
            if (l0 == head && titled_name_span(r, f0, &f1, &l1) && f1 > head)
                return person_span(r, f1, l1);
        }
        nk_entity_ref *ref = resolve_proper(r, name != NK_NONE_TOKEN ? name : head, role);
        /* "Haltmann Automotive, the German car parts maker," */
        for (size_t k = r->t->kid_start[head]; ref && k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k];
            if ((nk_tree_rel_is(r->t, c, "appos") ||
                 (nk_tree_rel_is(r->t, c, "compound") && c < head &&
                  nk_gazetteer_role(r->gaz, tok(r, c)->form))) &&
                is_upos(r, c, "NOUN") && tok(r, c)->lemma)
                /* "Shipping company Maersk": later "the company" */
                remember(r, ref, nk_arena_strdup(r->set->arena, tok(r, c)->lemma), NULL, false);
        }
        return ref;
    }
    if (strcmp(h->upos, "NOUN") == 0 && isupper((unsigned char)h->form[0])) {
        /* "German Chancellor Olaf Scholz" with "Chancellor" as the head */
        size_t name = title_head_name(r, head);
        if (name != NK_NONE_TOKEN)
            return resolve_proper(r, name, role);
        /* "Shell was fined": a known name the tagger read as a noun */
        const nk_gaz_entry *e = gaz_whole(r, head, head);
        if (e && (e->kind_id == NK_GAZ_ORG || e->kind_id == NK_GAZ_NAME))
            return resolve_proper(r, head, role);
    }
    if (strcmp(h->upos, "NOUN") == 0 && looks_like_name(r, head))
        return resolve_proper(r, head, role);
    if (strcmp(h->upos, "NOUN") == 0 && isupper((unsigned char)h->form[0])) {
        /* "Mendes, who joined ...": a known name the tagger took for a noun
         * at the start of a sentence */
        known *k = most_recent(r, has_surname, h->form, (size_t)-1);
        if (!k)
            k = most_recent(r, has_last_word, h->form, (size_t)-1);
        if (!k)
            k = most_recent(r, has_first_word, h->form, (size_t)-1);
        if (k) {
            touch(r, k);
            return k->ref;
        }
    }
    if (strcmp(h->upos, "NOUN") == 0 || strcmp(h->upos, "NUM") == 0) {
        /* a demonym used as a noun ("the British") or a role noun modified by
         * a proper noun is handled as common */
        return resolve_common(r, head, role);
    }
    if (strcmp(h->upos, "ADJ") == 0 && nk_str_ieq(h->form, "old") && head >= 2 &&
        (nk_str_ieq(tok(r, head - 2)->form, "year") || nk_str_ieq(tok(r, head - 2)->form, "years"))) {
        /* "the 22-year-old": the person last spoken of */
        known *k = most_recent(r, is_person, NULL, 3);
        if (k) {
            touch(r, k);
            return k->ref;
        }
        return NULL;
    }
    if (strcmp(h->upos, "ADJ") == 0) {
        /* "Russian President Vladimir Putin" with "Russian" as the head */
        size_t f1, l1;
        if (titled_name_span(r, head, &f1, &l1))
            return person_span(r, f1, l1);
        const nk_gaz_entry *d = nk_gazetteer_demonym(r->gaz, h->form);
        if (d)
            return make_ref_canon(r, d->canonical, d->type, d->wikidata, d->canonical);
    }
    if (strcmp(h->upos, "SYM") == 0 && nk_tree_child(r->t, head, "nummod") != NK_NONE_TOKEN) {
        /* "$2 million": an amount, named by its words */
        nk_entity_ref *ref = make_ref(r, nk_entities_nominal(r, head), NULL, NULL);
        return ref;
    }
    if (strcmp(h->upos, "X") == 0 || strcmp(h->upos, "SYM") == 0)
        return NULL;
    return NULL;
}

nk_entity_ref *nk_entities_resolve(nk_entities *r, size_t head, nk_role role)
{
    if (head == NK_NONE_TOKEN || head >= r->t->n || !tok(r, head)->upos)
        return NULL;
    int slot = role == NK_ROLE_PLACE ? 1 : 0;
    if (r->cached[slot][head])
        return r->cache[slot][head];
    nk_entity_ref *ref = resolve_uncached(r, head, role);
    r->cached[slot][head] = true;
    r->cache[slot][head] = ref;
    return ref;
}

/* Resolve every nominal of the sentence in text order, so that pronouns and
 * descriptions find antecedents mentioned anywhere before them, not only in
 * the roles events use. */
static void prepass(nk_entities *r)
{
    static const char *const RELS[] = {"nsubj", "obj", "iobj", "obl", "nmod", "conj",
                                       "appos", "root", "csubj", NULL};
    for (size_t i = 0; i < r->t->n; i++) {
        const nk_token *t = tok(r, i);
        if (!t->upos || (strcmp(t->upos, "NOUN") != 0 && strcmp(t->upos, "PROPN") != 0 &&
                         strcmp(t->upos, "PRON") != 0))
            continue;
        bool ok = false;
        for (size_t k = 0; RELS[k] && !ok; k++)
            ok = nk_tree_rel_is(r->t, i, RELS[k]);
        if (!ok || nk_tree_rel_is(r->t, i, "nmod:desc") ||
            (nk_tree_rel_is(r->t, i, "nmod:poss") && is_upos(r, i, "PRON")))
            continue;
        const char *cs = nk_tree_case(r->t, i);
        bool place = cs && (nk_str_ieq(cs, "in") || nk_str_ieq(cs, "at") || nk_str_ieq(cs, "from")) &&
                     nk_entities_is_place(r, i);
        nk_entity_ref *ref = nk_entities_resolve(r, i, place ? NK_ROLE_PLACE : NK_ROLE_ACTOR);
        if (ref && nk_tree_rel_is(r->t, i, "nsubj")) {
            for (size_t k = 0; k < r->nknown; k++)
                if (r->known[k].ref == ref)
                    r->known[k].subject = true;
        } else if (ref) {
            for (size_t k = 0; k < r->nknown; k++)
                if (r->known[k].ref == ref && r->known[k].sentence == r->sentence)
                    r->known[k].subject = false;
        }
    }
}
