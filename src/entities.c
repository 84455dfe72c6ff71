/* entities.c: see entities.h. */
#include "entities.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- resolver -------------------------------------------------------------- */

typedef struct known {
    nk_entity_ref *ref;
    const char *head_lemma; /* head noun of a common-noun phrase, or NULL */
    const char *surname;    /* last token of a person's name, or NULL */
    bool plural;
    bool subject;           /* last mentioned as a subject */
    bool object;            /* last mentioned as a verb's object */
    const char *canon;      /* gazetteer canonical name, or NULL */
    bool named;             /* the label is a name the article used */
    unsigned count;         /* mentions so far */
    bool proper;            /* introduced by a name, not a description */
    nk_entity_ref *affiliation; /* "Labour leader Keir Starmer": Labour */
    const char *title;      /* a person's title noun, lower case ("president"), or NULL */
    unsigned char gender;   /* GENDER_* bits a person's words or pronouns gave */
    size_t sentence;
    size_t order;           /* recency */
    size_t newer, older;    /* neighbours in the list by recency (indexes) */
} known;

/* ---- hash indexes ------------------------------------------------------------
 * Lookups of the entities seen so far go through hash indexes (by reference,
 * key, canonical name, surname, first and last word of the label) and a list
 * by recency, never through a scan of every entity: a long text costs the
 * same per word as a short one.  An index maps a 64-bit hash to known
 * indexes; callers check each candidate, so a stale or colliding entry is
 * harmless. */

#define NO_INDEX ((size_t)-1)

typedef struct hx_node {
    uint64_t hash;
    size_t value;
    size_t next;
} hx_node;

typedef struct hindex {
    size_t *heads; /* nheads buckets (a power of two), NO_INDEX when empty */
    size_t nheads;
    hx_node *nodes;
    size_t n, cap;
} hindex;

static void hx_free(hindex *x)
{
    free(x->heads);
    free(x->nodes);
}

static void hx_relink(hindex *x, size_t nheads)
{
    free(x->heads);
    x->heads = nk_xcalloc(nheads, sizeof *x->heads);
    x->nheads = nheads;
    for (size_t b = 0; b < nheads; b++)
        x->heads[b] = NO_INDEX;
    for (size_t i = 0; i < x->n; i++) {
        size_t b = (size_t)x->nodes[i].hash & (nheads - 1);
        x->nodes[i].next = x->heads[b];
        x->heads[b] = i;
    }
}

static void hx_add(hindex *x, uint64_t hash, size_t value)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 64;
        x->nodes = nk_xrealloc(x->nodes, x->cap * sizeof *x->nodes);
    }
    x->nodes[x->n++] = (hx_node){hash, value, NO_INDEX};
    if (x->n > 2 * x->nheads)
        hx_relink(x, x->nheads ? x->nheads * 4 : 64);
    else {
        size_t b = (size_t)hash & (x->nheads - 1);
        x->nodes[x->n - 1].next = x->heads[b];
        x->heads[b] = x->n - 1;
    }
}

/* The first node with HASH, then the next ones (NO_INDEX at the end). */
static size_t hx_first(const hindex *x, uint64_t hash)
{
    if (!x->nheads)
        return NO_INDEX;
    size_t i = x->heads[(size_t)hash & (x->nheads - 1)];
    while (i != NO_INDEX && x->nodes[i].hash != hash)
        i = x->nodes[i].next;
    return i;
}

static size_t hx_next(const hindex *x, size_t node)
{
    uint64_t hash = x->nodes[node].hash;
    size_t i = x->nodes[node].next;
    while (i != NO_INDEX && x->nodes[i].hash != hash)
        i = x->nodes[i].next;
    return i;
}

/* Hash of N bytes of S folded to lower case, with a seed per index use. */
static uint64_t fold_hash(const char *s, size_t n, uint64_t seed)
{
    char buf[128];
    uint64_t h = seed;
    while (n > 0) {
        size_t m = n < sizeof buf ? n : sizeof buf;
        for (size_t i = 0; i < m; i++)
            buf[i] = (char)tolower((unsigned char)s[i]);
        h = nk_hash64(buf, m, h);
        s += m;
        n -= m;
    }
    return h;
}

static uint64_t str_hash(const char *s, uint64_t seed)
{
    return fold_hash(s, strlen(s), seed);
}

static uint64_t ptr_hash(const void *p)
{
    uintptr_t v = (uintptr_t)p;
    return nk_hash64(&v, sizeof v, 0x9e3779b97f4a7c15ULL);
}

/* How WordNet decides whether a common noun can act: by the senses that
 * hold most of its uses (see nk_wordnet_actor) ... */
#ifndef WORDNET_ACTOR_MODE
#define WORDNET_ACTOR_MODE NK_WN_DOMINANT
#endif
/* ... and when no actor kind holds most of them, by its first sense
 * ("family", "board"). */
#ifndef WORDNET_ACTOR_FALLBACK
#define WORDNET_ACTOR_FALLBACK NK_WN_FIRST_SENSE
#endif

/* Seeds that keep the kinds of keys apart in one hash space. */
enum { SEED_LABEL = 1, SEED_CANON = 2, SEED_SURNAME = 3, SEED_FIRST = 4, SEED_LAST = 5,
       SEED_ACRONYM = 6 };

typedef struct acronym {
    const char *acronym;
    nk_entity_ref *ref;
} acronym;

struct nk_entities {
    const nk_gazetteer *gaz;
    const nk_wordnet *wn;
    const nk_wordlists *words;
    const nk_typer *typer;  /* types new names no rule decides, or NULL */
    nk_factset *set;
    const nk_tree *t;
    size_t sentence;
    known *known;
    size_t nknown, capknown;
    size_t newest;          /* head of the recency list, or NO_INDEX */
    hindex by_ref;          /* entity reference -> its known */
    hindex by_key;          /* type + canonical name or label -> known */
    hindex by_canon;        /* canonical name -> knowns */
    hindex by_surname;      /* a person's surname -> known */
    hindex by_first, by_last; /* first / last word of the label -> known */
    acronym *acr;
    size_t nacr, capacr;
    hindex by_acronym;      /* acronym -> its definitions */
    /* the most mentioned named organisation and country so far: each
     * champion is checked against the entities touched since it was last
     * asked for (counts and recency only grow, so no other can pass it) */
    size_t *touched;
    size_t ntouched, captouched;
    size_t champion[3], champion_seen[3];
    size_t clock;
    /* per sentence: resolved mentions by head token, as actor/target and as
     * place */
    nk_entity_ref *pending_affiliation; /* set while a titled name is read */
    nk_entity_ref **cache[2];
    bool *cached[2];
    size_t cache_cap;
};

nk_entities *nk_entities_new(const nk_gazetteer *gaz, const nk_wordnet *wn,
                             const nk_wordlists *words, nk_factset *set)
{
    nk_entities *r = nk_xcalloc(1, sizeof *r);
    r->gaz = gaz;
    r->wn = wn;
    r->words = words;
    r->set = set;
    r->newest = NO_INDEX;
    r->champion[0] = r->champion[1] = r->champion[2] = NO_INDEX;
    return r;
}

void nk_entities_use_typer(nk_entities *r, const nk_typer *typer)
{
    r->typer = typer;
}

void nk_entities_free(nk_entities *r)
{
    if (!r)
        return;
    free(r->known);
    free(r->acr);
    free(r->touched);
    hindex *ix[] = {&r->by_ref, &r->by_key, &r->by_canon, &r->by_surname, &r->by_first,
                    &r->by_last, &r->by_acronym};
    for (size_t i = 0; i < sizeof ix / sizeof *ix; i++)
        hx_free(ix[i]);
    for (int i = 0; i < 2; i++) {
        free(r->cache[i]);
        free(r->cached[i]);
    }
    free(r);
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


/* Entity references are deduplicated within the document: gazetteer
 * entities by their canonical name (the label then shows the name the
 * article uses, e.g. "Britain"), others by label and type. */
static nk_entity_ref *make_ref_kind(nk_entities *r, const char *label, nk_etype type,
                                    const char *wikidata, const char *canon, nk_entity_kind kind)
{
    size_t found = NO_INDEX;
    uint64_t key = canon ? str_hash(canon, SEED_CANON + 16 * (uint64_t)type)
                         : str_hash(label, SEED_LABEL + 16 * (uint64_t)type);
    for (size_t n = hx_first(&r->by_key, key); n != NO_INDEX; n = hx_next(&r->by_key, n)) {
        size_t i = r->by_key.nodes[n].value;
        known *k = &r->known[i];
        if (nk_entity_type(k->ref) != type || (found != NO_INDEX && found < i))
            continue;
        if (canon ? (k->canon && strcmp(k->canon, canon) == 0)
                  : (!k->canon && nk_str_ieq(k->ref->label, label)))
            found = i;
    }
    if (found != NO_INDEX)
        return r->known[found].ref;
    nk_entity_ref *e = nk_factset_entity(r->set, label, nk_etype_name(type), NULL, wikidata);
    e->kind = canon ? NK_ENTITY_NAME : kind;
    if (canon) {
        /* "the Commission" for the European Commission: its last word */
        const char *last = strrchr(canon, ' ');
        const char *hl = NULL;
        if (last && type == NK_ETYPE_ORGANIZATION && nk_wordlists_has(r->words, NK_WL_ORG_WORD, last + 1)) {
            char *low = nk_arena_strdup(r->set->arena, last + 1);
            for (char *p = low; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            hl = low;
        }
        known *k = remember(r, e, hl, NULL, false);
        k->canon = nk_arena_strdup(r->set->arena, canon);
        k->proper = true;
        size_t i = (size_t)(k - r->known);
        hx_add(&r->by_key, key, i);
        hx_add(&r->by_canon, str_hash(canon, SEED_CANON), i);
    }
    return e;
}

/* A gazetteer entity (CANON: its canonical name) or a name (CANON NULL). */
static nk_entity_ref *make_ref_canon(nk_entities *r, const char *label, nk_etype type,
                                     const char *wikidata, const char *canon)
{
    return make_ref_kind(r, label, type, wikidata, canon, NK_ENTITY_NAME);
}

static nk_entity_ref *make_ref(nk_entities *r, const char *label, nk_etype type,
                               const char *wikidata)
{
    return make_ref_kind(r, label, type, wikidata, NULL, NK_ENTITY_NAME);
}

/* A common noun phrase ("a spokesperson", "the accusations"). */
static nk_entity_ref *make_description(nk_entities *r, const char *label, nk_etype type)
{
    return make_ref_kind(r, label, type, NULL, NULL, NK_ENTITY_DESCRIPTION);
}

/* A mention of K now: it becomes the most recent and counts once more. */
static void touch(nk_entities *r, known *k)
{
    size_t i = (size_t)(k - r->known);
    k->sentence = r->sentence;
    k->order = ++r->clock;
    k->count++;
    if (r->newest != i) {
        /* unlink, then put first in the recency list */
        if (k->newer != NO_INDEX)
            r->known[k->newer].older = k->older;
        if (k->older != NO_INDEX)
            r->known[k->older].newer = k->newer;
        k->newer = NO_INDEX;
        k->older = r->newest;
        if (r->newest != NO_INDEX)
            r->known[r->newest].newer = i;
        r->newest = i;
    }
    if (r->ntouched == r->captouched) {
        r->captouched = r->captouched ? r->captouched * 2 : 64;
        r->touched = nk_xrealloc(r->touched, r->captouched * sizeof *r->touched);
    }
    r->touched[r->ntouched++] = i;
}

/* The known entry of REF, or NULL. */
static known *known_of(const nk_entities *r, const nk_entity_ref *ref)
{
    for (size_t n = hx_first(&r->by_ref, ptr_hash(ref)); n != NO_INDEX; n = hx_next(&r->by_ref, n))
        if (r->known[r->by_ref.nodes[n].value].ref == ref)
            return &r->known[r->by_ref.nodes[n].value];
    return NULL;
}

/* Index the first and last word of K's label (again after it changed). */
static void index_label(nk_entities *r, size_t i)
{
    const char *label = r->known[i].ref->label;
    const char *sp = strchr(label, ' ');
    if (!sp)
        return;
    hx_add(&r->by_first, fold_hash(label, (size_t)(sp - label), SEED_FIRST), i);
    hx_add(&r->by_last, str_hash(strrchr(label, ' ') + 1, SEED_LAST), i);
}

static known *remember(nk_entities *r, nk_entity_ref *ref, const char *head_lemma,
                       const char *surname, bool plural)
{
    known *k = known_of(r, ref);
    if (!k) {
        if (r->nknown == r->capknown) {
            r->capknown = r->capknown ? r->capknown * 2 : 32;
            r->known = nk_xrealloc(r->known, r->capknown * sizeof *r->known);
        }
        size_t i = r->nknown++;
        k = &r->known[i];
        memset(k, 0, sizeof *k);
        k->ref = ref;
        k->newer = k->older = NO_INDEX;
        if (r->newest != NO_INDEX) {
            k->older = r->newest;
            r->known[r->newest].newer = i;
        }
        r->newest = i;
        hx_add(&r->by_ref, ptr_hash(ref), i);
        hx_add(&r->by_key, str_hash(ref->label, SEED_LABEL + 16 * (uint64_t)nk_entity_type(ref)), i);
        index_label(r, i);
    }
    /* kept across sentences, so copied: the sentence's tokens may be freed
     * before the next window of a long text is read */
    if (head_lemma && (!k->head_lemma || strcmp(k->head_lemma, head_lemma) != 0))
        k->head_lemma = nk_arena_strdup(r->set->arena, head_lemma);
    if (surname && (!k->surname || strcmp(k->surname, surname) != 0)) {
        k->surname = nk_arena_strdup(r->set->arena, surname);
        hx_add(&r->by_surname, str_hash(surname, SEED_SURNAME), (size_t)(k - r->known));
    }
    k->plural = plural;
    touch(r, k);
    return k;
}

static bool type_is(const nk_entity_ref *e, nk_etype type)
{
    return nk_entity_type(e) == type;
}

/* The type of a gazetteer entry. */
static nk_etype gaz_type(const nk_gaz_entry *e)
{
    return nk_etype_parse(e->type);
}

/* The type a role noun gives a phrase ("officials" Group), or NONE. */
static nk_etype role_type_of(const nk_entities *r, const char *word)
{
    return nk_etype_parse(nk_gazetteer_role(r->gaz, word));
}

/* Salience: mentions in this sentence first, then the previous one's
 * subjects, then recency.  Each sentence back costs more than any
 * difference of recency within one (mentions are counted by a clock), and a
 * subject of this or the previous sentence gains most of a sentence. */
#define SALIENCE_PER_SENTENCE 4000000L
#define SALIENCE_SUBJECT 3000000L
/* an object of this or the previous sentence, ahead of a phrase inside a
 * modifier ("required the team to travel through territory controlled by
 * the Taliban. They made the trip": the team) */
#define SALIENCE_OBJECT 1500000L
/* "he" for a person known to be a man (a woman for "she") */
#define SALIENCE_GENDER SALIENCE_PER_SENTENCE

static long score(const nk_entities *r, const known *k)
{
    long dist = (long)(r->sentence - k->sentence);
    long s = (long)k->order - dist * SALIENCE_PER_SENTENCE;
    if (k->subject && dist <= 1)
        s += SALIENCE_SUBJECT;
    else if (k->object && dist <= 1)
        s += SALIENCE_OBJECT;
    return s;
}

/* How many sentences back an antecedent may be: personal pronouns, "it",
 * "they" (then an organisation for "they"), "the country", and a definite
 * description ("the company", "the diplomats"). */
#define BACK_HE 3
#define BACK_IT 3
#define BACK_THEY 2
#define BACK_THEY_ORG 1
#define BACK_COUNTRY 4
#define BACK_DESCRIPTION 6
/* a bare "the company" with no organisation described by a noun: a named
 * organisation that was the subject of this or the previous sentence */
#define BACK_SUBJECT_ORG 1

typedef bool (*known_pred)(const known *, const void *);

/* K beats BEST (either may be NULL): more salient, or as salient and
 * known earlier. */
static bool more_salient(const nk_entities *r, const known *k, const known *best)
{
    if (!best)
        return true;
    long sk = score(r, k), sb = score(r, best);
    return sk > sb || (sk == sb && k < best);
}

/* Most salient known entity accepted by PRED among those mentioned in the
 * last MAX_BACK sentences: a walk down the recency list that stops at the
 * first older mention. */
static known *most_recent(nk_entities *r, known_pred pred, const void *arg, size_t max_back)
{
    known *best = NULL;
    for (size_t i = r->newest; i != NO_INDEX; i = r->known[i].older) {
        known *k = &r->known[i];
        if (r->sentence - k->sentence > max_back)
            break;
        /* salience: recency, with subjects of the same or the previous
         * sentence ahead of other mentions there */
        if (pred(k, arg) && more_salient(r, k, best))
            best = k;
    }
    return best;
}

/* Most salient known entity accepted by PRED among the candidates INDEX
 * holds for HASH, however long ago they were mentioned. */
static known *most_recent_in(nk_entities *r, const hindex *index, uint64_t hash, known_pred pred,
                             const void *arg)
{
    known *best = NULL;
    for (size_t n = hx_first(index, hash); n != NO_INDEX; n = hx_next(index, n)) {
        known *k = &r->known[index->nodes[n].value];
        if (pred(k, arg) && more_salient(r, k, best))
            best = k;
    }
    return best;
}

static bool is_person(const known *k, const void *arg)
{
    (void)arg;
    return type_is(k->ref, NK_ETYPE_PERSON);
}

/* A person's gender as the article shows it: bits, so that a person both
 * "he" and "she" were resolved to (an error somewhere) counts as neither. */
enum { GENDER_MALE = 1, GENDER_FEMALE = 2 };

/* The gender of "he"/"him"/"his"/"himself" (male), "she"/"her"/"hers"/
 * "herself" (female), or 0. */
static unsigned pronoun_gender(const char *w)
{
    static const char *const HE[] = {"he", "him", "his", "himself", NULL};
    static const char *const SHE[] = {"she", "her", "hers", "herself", NULL};
    return nk_str_in(w, HE) ? GENDER_MALE : nk_str_in(w, SHE) ? GENDER_FEMALE : 0u;
}

/* K's gender when only one was ever seen, else 0. */
static unsigned known_gender(const known *k)
{
    return k->gender == GENDER_MALE || k->gender == GENDER_FEMALE ? k->gender : 0u;
}

/* A person whose gender does not contradict the pronoun's (ARG: the
 * gender, a pointer to unsigned). */
static bool is_person_of(const known *k, const void *arg)
{
    unsigned g = *(const unsigned *)arg, kg = known_gender(k);
    return type_is(k->ref, NK_ETYPE_PERSON) && (!kg || kg == g);
}

static bool is_it(const known *k, const void *arg)
{
    (void)arg;
    /* a named group ("the RSF", "Hamas") is an "it" too */
    return !k->plural && (type_is(k->ref, NK_ETYPE_ORGANIZATION) || type_is(k->ref, NK_ETYPE_COUNTRY) ||
                          (type_is(k->ref, NK_ETYPE_GROUP) && k->proper));
}

static bool is_it_known(const known *k, const void *arg)
{
    (void)arg;
    return is_it(k, NULL);
}

/* An antecedent for "it": an organisation or country, or a thing named
 * earlier in the same sentence (SENTENCE is the current sentence). */
static bool is_it_or_thing(const known *k, const void *arg)
{
    const size_t *sentence = arg;
    return is_it(k, NULL) || (!k->plural && !k->ref->type && k->sentence == *sentence);
}

static bool is_they_org(const known *k, const void *arg)
{
    return is_it(k, arg) && !type_is(k->ref, NK_ETYPE_COUNTRY);
}

static bool is_they(const known *k, const void *arg)
{
    (void)arg;
    return k->ref->type && !type_is(k->ref, NK_ETYPE_LOCATION) &&
           (k->plural || type_is(k->ref, NK_ETYPE_GROUP));
}

static const nk_etype ETYPE_COUNTRY = NK_ETYPE_COUNTRY;

static bool has_type(const known *k, const void *arg)
{
    return type_is(k->ref, *(const nk_etype *)arg);
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
    return type_is(k->ref, NK_ETYPE_ORGANIZATION) && is_named(k, arg);
}

/* The known entity accepted by PRED that the article has spoken of most so
 * far, the most recent among equals.  SLOT names the question (one per
 * PRED): its champion is compared with the entities touched since. */
static known *most_mentioned(nk_entities *r, size_t slot, known_pred pred, const void *arg)
{
    size_t best = r->champion[slot];
    for (size_t t = r->champion_seen[slot]; t < r->ntouched; t++) {
        const known *k = &r->known[r->touched[t]];
        if (!pred(k, arg))
            continue;
        const known *b = best != NO_INDEX ? &r->known[best] : NULL;
        if (!b || k->count > b->count || (k->count == b->count && k->order > b->order))
            best = r->touched[t];
    }
    r->champion[slot] = best;
    r->champion_seen[slot] = r->ntouched;
    return best != NO_INDEX ? &r->known[best] : NULL;
}

/* The named organisation the article is about so far ("the company" in
 * business news). */
static known *protagonist(nk_entities *r)
{
    return most_mentioned(r, 0, is_named_org, NULL);
}

/* True when a word of NAME is in the public-body list ("Food and Drug
 * Administration"). */
static bool names_public_body(const nk_wordlists *words, const char *name)
{
    char w[64];
    while (name && *name) {
        size_t n = strcspn(name, " -");
        if (n && n < sizeof w) {
            memcpy(w, name, n);
            w[n] = '\0';
            if (nk_wordlists_has(words, NK_WL_PUBLIC_BODY, w))
                return true;
        }
        name += n;
        name += strspn(name, " -");
    }
    return false;
}

static bool public_body(const known *k, const nk_wordlists *words)
{
    return names_public_body(words, k->ref->label) || names_public_body(words, k->canon);
}

/* A named organisation that is no public body: what "the company" may be. */
static bool is_named_business(const known *k, const void *arg)
{
    return is_named_org(k, NULL) && !public_body(k, arg);
}

/* A named business last mentioned as a subject. */
static bool is_named_business_subject(const known *k, const void *arg)
{
    return k->subject && is_named_business(k, arg);
}

/* The business the article is about so far. */
static known *business_protagonist(nk_entities *r)
{
    return most_mentioned(r, 2, is_named_business, r->words);
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
    return most_mentioned(r, 1, has_type, &ETYPE_COUNTRY);
}

/* "Haltmann" for "Haltmann Automotive", "Abiy" for "Abiy Ahmed": the first
 * word of a named organisation or person */
static bool has_first_word(const known *k, const void *arg)
{
    const char *w = arg;
    size_t n = strlen(w);
    return (type_is(k->ref, NK_ETYPE_ORGANIZATION) || type_is(k->ref, NK_ETYPE_PERSON)) && k->proper &&
           strncmp(k->ref->label, w, n) == 0 && k->ref->label[n] == ' ';
}

/* "de Vries" for "Marieke de Vries": a person's label ending in ARG */
static bool has_name_suffix(const known *k, const void *arg)
{
    const char *w = arg;
    size_t n = strlen(w), m = strlen(k->ref->label);
    return type_is(k->ref, NK_ETYPE_PERSON) && m > n + 1 && strcmp(k->ref->label + m - n, w) == 0 &&
           k->ref->label[m - n - 1] == ' ';
}

/* A description's head noun and number: "the cities" is no "city". */
typedef struct head_number {
    const char *lemma;
    bool plural;
} head_number;

static bool has_head_number(const known *k, const void *arg)
{
    const head_number *hn = arg;
    return has_head(k, hn->lemma) && k->plural == hn->plural;
}

static bool has_named_head(const known *k, const void *arg)
{
    return has_head(k, arg) && isupper((unsigned char)k->ref->label[0]);
}


/* A named organisation introduced with a generic noun ("group", "maker"). */
static bool has_generic_org_head(const known *k, const void *arg)
{
    const nk_wordlists *words = arg;
    return k->proper && k->head_lemma && nk_wordlists_has(words, NK_WL_GENERIC_ORG, k->head_lemma);
}

static bool has_surname(const known *k, const void *arg)
{
    return k->surname && strcmp(k->surname, (const char *)arg) == 0;
}




bool nk_entities_is_time(nk_entities *r, size_t head)
{
    const nk_token *t = nk_tree_tok(r->t, head);
    if (nk_wordlists_has(r->words, NK_WL_TIME_WORD, t->form) ||
        (t->lemma && nk_wordlists_has(r->words, NK_WL_TIME_WORD, t->lemma)))
        return true;
    /* a bare year */
    size_t n = strlen(t->form);
    if (n == 4 && isdigit((unsigned char)t->form[0]) && strspn(t->form, "0123456789") == 4)
        return (t->form[0] == '1' || t->form[0] == '2');
    return false;
}

/* The type a common noun gives its phrase: the gazetteer's role nouns
 * first ("ministry" Organization, "officials" Group), then WordNet's noun
 * classes for the nouns they lack ("villagers", "investigators": people, a
 * Group when plural; "jury", "crew": groups).  NONE: a thing. */
static bool is_plural(const nk_entities *r, size_t head);

/* WORD with Latin accents taken off ("attaché" -> "attache", as WordNet
 * writes it) in BUF, or WORD itself when it has none or is too long. */
static const char *ascii_fold(const char *word, char *buf, size_t cap)
{
    static const char *const FROM[] = {"\xc3\xa0", "\xc3\xa1", "\xc3\xa2", "\xc3\xa4",
                                       "\xc3\xa7", "\xc3\xa8", "\xc3\xa9", "\xc3\xaa",
                                       "\xc3\xab", "\xc3\xad", "\xc3\xae", "\xc3\xaf",
                                       "\xc3\xb1", "\xc3\xb3", "\xc3\xb4", "\xc3\xb6",
                                       "\xc3\xba", "\xc3\xbb", "\xc3\xbc"};
    static const char TO[] = "aaaaceeeeiiinooouuu";
    size_t n = 0;
    bool changed = false;
    for (const char *p = word; *p; n++) {
        if (n + 1 >= cap)
            return word;
        size_t k = 0;
        while (k < sizeof FROM / sizeof *FROM && strncmp(p, FROM[k], 2) != 0)
            k++;
        if (k < sizeof FROM / sizeof *FROM) {
            buf[n] = TO[k];
            p += 2;
            changed = true;
        } else
            buf[n] = *p++;
    }
    buf[n] = '\0';
    return changed ? buf : word;
}

static nk_etype common_noun_type(const nk_entities *r, size_t head)
{
    nk_etype t = role_type_of(r, nk_tree_form(r->t, head));
    if (t != NK_ETYPE_NONE || !r->wn || !nk_tree_upos_is(r->t, head, NK_UPOS_NOUN))
        return t;
    char folded[64];
    const char *lemma = ascii_fold(nk_tree_lemma(r->t, head), folded, sizeof folded);
    nk_wn_actor kind = nk_wordnet_actor(r->wn, lemma, WORDNET_ACTOR_MODE);
    if (kind == NK_WN_ACTOR_NONE)
        kind = nk_wordnet_actor(r->wn, lemma, WORDNET_ACTOR_FALLBACK);
    switch (kind) {
    case NK_WN_ACTOR_PERSON:
        return is_plural(r, head) ? NK_ETYPE_GROUP : NK_ETYPE_PERSON;
    case NK_WN_ACTOR_ORGANIZATION:
        return NK_ETYPE_ORGANIZATION;
    case NK_WN_ACTOR_GROUP:
        return NK_ETYPE_GROUP;
    default:
        return NK_ETYPE_NONE;
    }
}

/* ---- phrase text ------------------------------------------------------------ */

static void append_tokens(nk_entities *r, nk_buf *b, const bool *keep)
{
    bool first = true;
    const nk_token *prev = NULL;
    for (size_t i = 0; i < r->t->n; i++) {
        if (!keep[i])
            continue;
        const nk_token *t = nk_tree_tok(r->t, i);
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
        static const nk_dep CLAUSAL[] = {NK_DEP_ACL,   NK_DEP_ADVCL, NK_DEP_CCOMP, NK_DEP_XCOMP,
                                         NK_DEP_PARATAXIS, NK_DEP_APPOS, NK_DEP_PUNCT,
                                         NK_DEP_CONJ,  NK_DEP_CC,    NK_DEP_DEP,   NK_DEP_NONE};
        bool clausal = false;
        for (size_t j = 0; CLAUSAL[j] != NK_DEP_NONE; j++)
            clausal = clausal || nk_tree_rel_is(t, c, CLAUSAL[j]);
        /* the hyphen of "long-range" belongs to the words it joins */
        if (clausal && nk_tree_xpos_is(t, c, "HYPH"))
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
    bool cap = isupper((unsigned char)nk_tree_tok(r->t, i)->form[0]);
    return nk_tree_rel_is(r->t, i, NK_DEP_FLAT) || (nk_tree_rel_is(r->t, i, NK_DEP_COMPOUND) && cap) ||
           ((nk_tree_rel_is(r->t, i, NK_DEP_AMOD) || nk_tree_rel_is(r->t, i, NK_DEP_NMOD_DESC)) && cap &&
            (nk_tree_upos_is(r->t, head, NK_UPOS_PROPN) || i < head));
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
        if (!in[i] && strcmp(nk_tree_tok(r->t, i)->form, "-") != 0 && strcmp(nk_tree_tok(r->t, i)->form, ".") != 0)
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
            bool cap = isupper((unsigned char)nk_tree_tok(r->t, i)->form[0]);
            if (nk_tree_rel_is(r->t, i, NK_DEP_FLAT) ||
                (nk_tree_rel_is(r->t, i, NK_DEP_COMPOUND) && cap) ||
                ((nk_tree_rel_is(r->t, i, NK_DEP_AMOD) || nk_tree_rel_is(r->t, i, NK_DEP_NMOD_DESC)) &&
                 cap && (nk_tree_upos_is(r->t, head, NK_UPOS_PROPN) || i < head))) {
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
            return make_ref_canon(r, c->canonical, gaz_type(c), c->wikidata, c->canonical);
    }
    nk_etype type = e->kind_id == NK_GAZ_SEAT && role == NK_ROLE_PLACE ? NK_ETYPE_LOCATION : gaz_type(e);
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
        known *k = known_of(r, ref);
        if (k && !k->named) {
            k->named = true;
            ref->label = nk_arena_strdup(r->set->arena, label);
            index_label(r, (size_t)(k - r->known));
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
        forms[i] = nk_tree_tok(r->t, first + i)->form;
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

void nk_entities_sentence(nk_entities *r, const nk_tree *t, size_t sent_index)
{
    r->t = t;
    r->sentence = sent_index;
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
        if (strcmp(nk_tree_tok(r->t, i)->form, "(") != 0 || strcmp(nk_tree_tok(r->t, i + 2)->form, ")") != 0)
            continue;
        const char *acr = nk_tree_tok(r->t, i + 1)->form;
        if (!is_acronym_form(acr))
            continue;
        /* the name: the capitalised run ending just before "(" */
        size_t last = i - 1, first = last;
        while (first > 0 && (isupper((unsigned char)nk_tree_tok(r->t, first - 1)->form[0]) ||
                             nk_str_ieq(nk_tree_tok(r->t, first - 1)->form, "of") ||
                             nk_str_ieq(nk_tree_tok(r->t, first - 1)->form, "and") ||
                             strcmp(nk_tree_tok(r->t, first - 1)->form, ",") == 0))
            first--;
        while (first < last && (!nk_tree_capitalised(r->t, first) ||
                                nk_str_ieq(nk_tree_form(r->t, first), "the")))
            first++;
        if (!isupper((unsigned char)nk_tree_tok(r->t, last)->form[0]))
            continue;
        /* check initials loosely: first letter of the name matches */
        if (toupper((unsigned char)nk_tree_tok(r->t, first)->form[0]) != acr[0]) {
            /* try to shrink from the left until it matches */
            while (first < last && toupper((unsigned char)nk_tree_tok(r->t, first)->form[0]) != acr[0])
                first++;
            if (toupper((unsigned char)nk_tree_tok(r->t, first)->form[0]) != acr[0])
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
                               : make_ref(r, join_forms(r, first, last), NK_ETYPE_ORGANIZATION, NULL);
        if (r->nacr == r->capacr) {
            r->capacr = r->capacr ? r->capacr * 2 : 8;
            r->acr = nk_xrealloc(r->acr, r->capacr * sizeof *r->acr);
        }
        r->acr[r->nacr].acronym = nk_arena_strdup(r->set->arena, acr);
        r->acr[r->nacr].ref = ref;
        hx_add(&r->by_acronym, nk_hash64(acr, strlen(acr), SEED_ACRONYM), r->nacr);
        r->nacr++;
        remember(r, ref, NULL, NULL, false)->proper = true;
    }
    prepass(r);
}

static nk_entity_ref *acronym_ref(nk_entities *r, const char *form)
{
    /* the latest definition */
    size_t best = NO_INDEX;
    uint64_t h = nk_hash64(form, strlen(form), SEED_ACRONYM);
    for (size_t n = hx_first(&r->by_acronym, h); n != NO_INDEX; n = hx_next(&r->by_acronym, n)) {
        size_t i = r->by_acronym.nodes[n].value;
        if (strcmp(r->acr[i].acronym, form) == 0 && (best == NO_INDEX || i > best))
            best = i;
    }
    return best != NO_INDEX ? r->acr[best].ref : NULL;
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

static bool is_plural(const nk_entities *r, size_t head)
{
    return nk_tree_xpos_is(r->t, head, "NNS") || nk_tree_xpos_is(r->t, head, "NNPS");
}

/* A predicate with one entity ruled out. */
typedef struct except {
    known_pred pred;
    const void *arg;
    const nk_entity_ref *not;
} except;

static bool is_not(const known *k, const void *arg)
{
    const except *x = arg;
    return k->ref != x->not && x->pred(k, x->arg);
}

/* The most salient entity PRED accepts other than NOT (may be NULL). */
static known *most_recent_but(nk_entities *r, known_pred pred, const void *arg,
                              const nk_entity_ref *not, size_t max_back)
{
    except x = {pred, arg, not};
    return most_recent(r, is_not, &x, max_back);
}

/* "Frederiksen called him a pioneer": a pronoun that is an object of a
 * verb is not that verb's subject (which would be "himself").  The
 * entity the subject already names, or NULL. */
static const nk_entity_ref *co_subject(const nk_entities *r, size_t pron)
{
    if (!(nk_tree_rel_is(r->t, pron, NK_DEP_OBJ) || nk_tree_rel_is(r->t, pron, NK_DEP_IOBJ)))
        return NULL; /* "took the money with him" may be the subject */
    size_t v = nk_tree_head(r->t, pron);
    size_t s = v != NK_NONE_TOKEN ? nk_tree_child(r->t, v, NK_DEP_NSUBJ) : NK_NONE_TOKEN;
    /* "said ... and accused the union": conjuncts share their subject */
    while (s == NK_NONE_TOKEN && v != NK_NONE_TOKEN && nk_tree_rel_is(r->t, v, NK_DEP_CONJ) &&
           nk_tree_head(r->t, v) < v && nk_tree_upos_is(r->t, nk_tree_head(r->t, v), NK_UPOS_VERB)) {
        v = nk_tree_head(r->t, v);
        s = nk_tree_child(r->t, v, NK_DEP_NSUBJ);
    }
    if (s == NK_NONE_TOKEN || s > pron || !r->cached[0][s])
        return NULL;
    return r->cache[0][s];
}

/* "His lawyer said he would appeal": the subject pronoun of what someone
 * who speaks for another (word list represents) reports is the one
 * spoken for, named by the speaker's possessive of the same kind ("his"
 * for "he", "her" for "she", "their" for "they").  NULL when PRON is no
 * such pronoun or the possessive is not resolved. */
static nk_entity_ref *represented(nk_entities *r, size_t pron)
{
    static const char *const PAIRS[][2] = {{"he", "his"}, {"she", "her"}, {"they", "their"}};
    if (!nk_tree_rel_is(r->t, pron, NK_DEP_NSUBJ))
        return NULL;
    size_t v = nk_tree_head(r->t, pron);
    size_t sv = v != NK_NONE_TOKEN && nk_tree_rel_is(r->t, v, NK_DEP_CCOMP) ? nk_tree_head(r->t, v) : NK_NONE_TOKEN;
    size_t s = sv != NK_NONE_TOKEN ? nk_tree_child(r->t, sv, NK_DEP_NSUBJ) : NK_NONE_TOKEN;
    if (s == NK_NONE_TOKEN || s > pron || !nk_wordlists_has(r->words, NK_WL_REPRESENTS, nk_tree_lemma(r->t, s)))
        return NULL;
    size_t poss = nk_tree_child(r->t, s, NK_DEP_NMOD_POSS);
    if (poss == NK_NONE_TOKEN || !r->cached[0][poss])
        return NULL;
    for (size_t i = 0; i < sizeof PAIRS / sizeof *PAIRS; i++)
        if (nk_str_ieq(nk_tree_form(r->t, pron), PAIRS[i][0]) && nk_str_ieq(nk_tree_form(r->t, poss), PAIRS[i][1]))
            return r->cache[0][poss];
    return NULL;
}

/* The person "he" or "she" (gender G) refers to, other than NOT: the most
 * salient person of no other gender, where one the article showed to be of
 * G gains a sentence of salience ("Frederiksen called him ...": Thorsen,
 * of whom "he" was said before, not Mette Kjaer, who spoke last).  When
 * the person chosen for "he" or "she" (LEARN; not "his", "her", whose
 * owner may be someone not yet named) is the only named one that fits
 * (descriptions such as "the Danish engineer" are often the same person),
 * it is of G from now on. */
static known *most_recent_gendered(nk_entities *r, unsigned g, const nk_entity_ref *not, bool learn)
{
    known *best = NULL;
    long best_score = 0;
    size_t named = 0;
    for (size_t i = r->newest; i != NO_INDEX; i = r->known[i].older) {
        known *k = &r->known[i];
        if (r->sentence - k->sentence > BACK_HE)
            break;
        if (k->ref == not || !is_person_of(k, &g))
            continue;
        if (k->ref->kind == NK_ENTITY_NAME)
            named++;
        long sk = score(r, k) + (known_gender(k) == g ? SALIENCE_GENDER : 0);
        if (!best || sk > best_score || (sk == best_score && k < best)) {
            best = k;
            best_score = sk;
        }
    }
    if (learn && best && named == 1 && best->ref->kind == NK_ENTITY_NAME)
        best->gender |= (unsigned char)g;
    return best;
}

/* The organisation or country that reports the clause whose subject is
 * PRON ("Kestrel said ... that it would raise": Kestrel), through
 * conjuncts of the reported clause; NULL when there is none. */
static nk_entity_ref *reporting_org(const nk_entities *r, size_t pron)
{
    if (!nk_tree_rel_is(r->t, pron, NK_DEP_NSUBJ))
        return NULL;
    size_t v = nk_tree_head(r->t, pron);
    for (unsigned hops = 0; v != NK_NONE_TOKEN && nk_tree_rel_is(r->t, v, NK_DEP_CONJ) && hops < 8; hops++)
        v = nk_tree_head(r->t, v);
    if (v == NK_NONE_TOKEN || !nk_tree_rel_is(r->t, v, NK_DEP_CCOMP))
        return NULL;
    size_t sv = nk_tree_head(r->t, v);
    if (sv == NK_NONE_TOKEN || !nk_wordlists_has(r->words, NK_WL_SPEECH, nk_tree_lemma(r->t, sv)))
        return NULL;
    size_t s = nk_tree_child(r->t, sv, NK_DEP_NSUBJ);
    if (s == NK_NONE_TOKEN || s > pron || !r->cached[0][s] || !r->cache[0][s])
        return NULL;
    nk_entity_ref *e = r->cache[0][s];
    return type_is(e, NK_ETYPE_ORGANIZATION) || type_is(e, NK_ETYPE_COUNTRY) ? e : NULL;
}

static nk_entity_ref *resolve_pronoun(nk_entities *r, size_t head)
{
    const char *w = nk_tree_tok(r->t, head)->form;
    known *k = NULL;
    nk_entity_ref *spoken_for = represented(r, head);
    if (spoken_for) {
        known *ks = known_of(r, spoken_for);
        if (ks)
            touch(r, ks);
        return spoken_for;
    }
    static const char *const HE[] = {"he", "him", "his", "she", "her", "hers", "himself",
                                     "herself", NULL};
    static const char *const IT[] = {"it", "its", "itself", NULL};
    static const char *const THEY[] = {"they", "them", "their", "themselves", NULL};
    const nk_entity_ref *not = co_subject(r, head);
    if (nk_str_in(w, HE))
        k = most_recent_gendered(r, pronoun_gender(w), not,
                                 nk_str_in(w, (const char *const[]){"he", "she", NULL}));
    else if (nk_str_in(w, IT)) {
        /* "defended the deal, saying it would create jobs": "it" is the
         * deal, no actor, when a thing was mentioned last */
        /* "it said", "it added": what speaks is an organisation or
         * country, never a thing */
        size_t hv = nk_tree_rel_is(r->t, head, NK_DEP_NSUBJ) ? nk_tree_head(r->t, head) : NK_NONE_TOKEN;
        bool speaks = hv != NK_NONE_TOKEN && nk_tree_upos_is(r->t, hv, NK_UPOS_VERB) &&
                      nk_wordlists_has(r->words, NK_WL_SPEECH, nk_tree_lemma(r->t, hv));
        k = most_recent_but(r, speaks ? is_it_known : is_it_or_thing, &r->sentence, not, BACK_IT);
        if (k && !k->ref->type)
            return NULL;
        /* "Kestrel said its board had approved X and that it would raise
         * its dividend": the organisation that speaks, not a body it
         * described on the way */
        nk_entity_ref *sp = k && k->ref->kind == NK_ENTITY_DESCRIPTION ? reporting_org(r, head) : NULL;
        if (sp && sp != k->ref) {
            known *ks = known_of(r, sp);
            if (ks)
                k = ks;
        }
    }
    else if (nk_str_in(w, THEY)) {
        k = most_recent_but(r, is_they, NULL, not, BACK_THEY);
        if (!k) /* an organisation as "they", never a country ("after they
                 * shunned treatment" was Australia) */
            k = most_recent_but(r, is_they_org, NULL, not, BACK_THEY_ORG);
    }
    if (!k)
        return NULL;
    touch(r, k);
    return k->ref;
}




/* K is a person whose title has every word of ARG ("minister" and "prime
 * minister" for "Prime Minister Keir Starmer"). */
static bool has_title(const known *k, const void *arg)
{
    if (!k->title || !type_is(k->ref, NK_ETYPE_PERSON))
        return false;
    for (const char *w = arg; *w;) {
        size_t n = strcspn(w, " ");
        bool found = false;
        for (const char *t = k->title; *t && !found;) {
            size_t m = strcspn(t, " ");
            found = m == n && strncmp(t, w, n) == 0;
            t += m;
            t += strspn(t, " ");
        }
        if (!found)
            return false;
        w += n;
        w += strspn(w, " ");
    }
    return true;
}

/* WORD in lower case into DST (CAP bytes); false when it does not fit. */
static bool lower_copy(char *dst, size_t cap, const char *word)
{
    size_t n = strlen(word);
    if (n >= cap)
        return false;
    for (size_t i = 0; i <= n; i++)
        dst[i] = (char)tolower((unsigned char)word[i]);
    return true;
}

/* WORD (any case) is, in its dominant WordNet sense, a person ("singer",
 * "Muslim"); false without WordNet. */
static bool wordnet_person(const nk_entities *r, const char *word)
{
    char low[64];
    return r->wn && lower_copy(low, sizeof low, word) &&
           nk_wordnet_actor(r->wn, low, NK_WN_DOMINANT) == NK_WN_ACTOR_PERSON;
}

/* "The President promised", "the minister said": the person last named
 * with that title ("President Maria Lopez"), or NULL. */
static nk_entity_ref *titled_person(nk_entities *r, const char *word)
{
    char low[64];
    if (!lower_copy(low, sizeof low, word))
        return NULL;
    known *k = most_recent(r, has_title, low, BACK_DESCRIPTION);
    if (!k)
        return NULL;
    touch(r, k);
    return k->ref;
}

/* The country a phrase "in X" ("of X", "from X") below HEAD names, X a
 * country or its capital ("officials in Beijing": China), or NULL. */
static nk_entity_ref *country_in(nk_entities *r, size_t head)
{
    static const char *const CASES[] = {"in", "of", "from", NULL};
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        const char *cs = nk_tree_rel_is(r->t, c, NK_DEP_NMOD) ? nk_tree_case(r->t, c) : NULL;
        if (c < head || !cs || !nk_str_in(cs, CASES) || !nk_tree_upos_is(r->t, c, NK_UPOS_PROPN))
            continue;
        nk_entity_ref *e = nk_entities_resolve(r, c, NK_ROLE_ACTOR);
        if (e && type_is(e, NK_ETYPE_COUNTRY))
            return e;
    }
    /* the parser hung the phrase on the verb: "thanked the authorities in
     * Niger": the words right after the noun */
    size_t p = head + 1, x = head + 2;
    if (x < r->t->n && nk_tree_upos_is(r->t, p, NK_UPOS_ADP) && nk_str_in(nk_tree_form(r->t, p), CASES) &&
        nk_tree_head(r->t, p) == x && nk_tree_upos_is(r->t, x, NK_UPOS_PROPN) &&
        (x + 1 >= r->t->n || nk_tree_head(r->t, x + 1) != x || !nk_tree_upos_is(r->t, x + 1, NK_UPOS_PROPN))) {
        nk_entity_ref *e = nk_entities_resolve(r, x, NK_ROLE_ACTOR);
        if (e && type_is(e, NK_ETYPE_COUNTRY))
            return e;
    }
    return NULL;
}

/* "its jets hit a depot", "their drones struck": HEAD is the subject of a
 * verb and a weapon or vehicle (WordNet: a kind of weapon, weaponry, craft
 * or vehicle in any sense), which acts for whoever has it. */
static bool armament_subject(const nk_entities *r, size_t head)
{
    static const char *const KINDS[] = {"weapon", "weaponry", "craft", "vehicle", NULL};
    static const unsigned SENSES[] = {1, 1, 2, 1};
    const char *lemma = nk_tree_lemma(r->t, head);
    if (!r->wn || !lemma || !nk_tree_rel_exact(r->t, head, NK_DEP_NSUBJ))
        return false;
    for (size_t i = 0; KINDS[i]; i++)
        if (nk_wordnet_is_a(r->wn, NK_WN_NOUN, lemma, KINDS[i], SENSES[i], false))
            return true;
    return false;
}

/* Definite descriptions that corefer with a typed entity. */
static nk_entity_ref *resolve_definite(nk_entities *r, size_t head)
{
    const char *lemma = nk_tree_tok(r->t, head)->lemma ? nk_tree_tok(r->t, head)->lemma : nk_tree_tok(r->t, head)->form;
    size_t det = nk_tree_child(r->t, head, NK_DEP_DET);
    size_t poss = nk_tree_child(r->t, head, NK_DEP_NMOD_POSS);
    bool definite = det != NK_NONE_TOKEN &&
                    (nk_str_ieq(nk_tree_tok(r->t, det)->form, "the") || nk_str_ieq(nk_tree_tok(r->t, det)->form, "this") ||
                     nk_str_ieq(nk_tree_tok(r->t, det)->form, "these"));
    if (definite && poss == NK_NONE_TOKEN) {
        /* "the prime minister said": the person last named with that
         * title, when every word before the noun is of the title ("the
         * former president" is someone else) */
        const char *role = nk_gazetteer_role(r->gaz, nk_tree_form(r->t, head));
        nk_buf words = {0};
        bool ok = role && strcmp(role, "Person") == 0;
        for (size_t k = r->t->kid_start[head]; ok && k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k];
            if (c == det || nk_tree_rel_is(r->t, c, NK_DEP_PUNCT))
                continue;
            if (c > head || !(nk_tree_rel_is(r->t, c, NK_DEP_AMOD) || nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND))) {
                ok = false;
                break;
            }
            nk_buf_puts(&words, nk_tree_form(r->t, c));
            nk_buf_putc(&words, ' ');
        }
        nk_entity_ref *tp = NULL;
        if (ok) {
            nk_buf_puts(&words, nk_tree_form(r->t, head));
            tp = titled_person(r, words.data);
        }
        nk_buf_free(&words);
        if (tp)
            return tp;
    }
    /* "his party", "its parent company" */
    if (!definite && det == NK_NONE_TOKEN && poss != NK_NONE_TOKEN &&
        !nk_tree_upos_is(r->t, poss, NK_UPOS_PRON) && nk_wordlists_has(r->words, NK_WL_GOVERNMENT, lemma))
        definite = true; /* "Sudan's government": the country's own */
    if (!definite && det == NK_NONE_TOKEN && poss != NK_NONE_TOKEN && nk_tree_upos_is(r->t, poss, NK_UPOS_PRON)) {
        nk_entity_ref *owner = nk_entities_resolve(r, poss, NK_ROLE_ACTOR);
        if (owner && type_is(owner, NK_ETYPE_PERSON)) {
            /* a person's party or company: the one the person's title named */
            known *ko = known_of(r, owner);
            return ko ? ko->affiliation : NULL;
        }
        definite = true;
    }
    if (!definite)
        return NULL;
    if (nk_wordlists_has(r->words, NK_WL_GOVERNMENT, lemma)) {
        /* "the authorities in Niger", "the government in Tehran": that
         * country */
        nk_entity_ref *where = country_in(r, head);
        if (where)
            return where;
        /* "the New Zealand government", "the U.S. administration": the
         * country its name before it names (not a capital's: "the Lisbon
         * city government") */
        for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k], f, l;
            if (c > head || !nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) || !nk_tree_upos_is(r->t, c, NK_UPOS_PROPN))
                continue;
            name_span(r, c, &f, &l);
            const nk_gaz_entry *g = gaz_whole(r, f, l);
            if (g && g->kind_id == NK_GAZ_NAME && g->type_id == NK_GAZ_COUNTRY) {
                nk_entity_ref *e = nk_entities_resolve(r, c, NK_ROLE_ACTOR);
                if (e && type_is(e, NK_ETYPE_COUNTRY))
                    return e;
            }
        }
        /* "the Buenos Aires city government", "the local authorities": a
         * government below the country's, no reference to the country */
        for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k];
            if (c < head && (nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) || nk_tree_rel_is(r->t, c, NK_DEP_AMOD)) &&
                (nk_wordlists_has(r->words, NK_WL_PLACE_NOUN, nk_tree_lemma(r->t, c)) ||
                 nk_str_in(nk_tree_lemma(r->t, c), (const char *const[]){"local", "regional", "provincial",
                                                                        "municipal", NULL})))
                return NULL;
        }
    }
    bool orgish = role_type_of(r, nk_tree_tok(r->t, head)->form) == NK_ETYPE_ORGANIZATION;
    /* only bare descriptions: "the company", not "the company's new office";
     * an organisation may carry modifiers: "the Stuttgart-based company" */
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c == det || c == poss || nk_tree_rel_is(r->t, c, NK_DEP_PUNCT) ||
            nk_tree_rel_is(r->t, c, NK_DEP_CASE))
            continue;
        if (orgish && c < head &&
            (nk_tree_rel_is(r->t, c, NK_DEP_AMOD) || nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND))) {
            /* "the Russian foreign ministry" names a new body; "the Lisbon
             * club", "the Premier League club" one already named */
            if (isupper((unsigned char)nk_tree_tok(r->t, c)->form[0]) &&
                (nk_gazetteer_demonym(r->gaz, nk_tree_tok(r->t, c)->form) ||
                 !(nk_entities_is_place(r, c) || gaz_org(r, c))))
                return NULL;
            continue;
        }
        if (nk_tree_rel_is(r->t, c, NK_DEP_ACL) || nk_tree_rel_is(r->t, c, NK_DEP_APPOS))
            continue;
        return NULL;
    }
    known *k = NULL;
    if (nk_wordlists_has(r->words, NK_WL_COUNTRY_NOUN, lemma))
        k = most_recent(r, has_type, &ETYPE_COUNTRY, BACK_COUNTRY);
    else if (nk_wordlists_has(r->words, NK_WL_GOVERNMENT, lemma)) {
        /* "Germany's government", "the government": the country acting */
        if (poss != NK_NONE_TOKEN) {
            nk_entity_ref *p = nk_entities_resolve(r, poss, NK_ROLE_ACTOR);
            if (p && type_is(p, NK_ETYPE_COUNTRY))
                return p;
        }
        k = home_country(r);
    }
    else if (orgish && nk_wordlists_has(r->words, NK_WL_GENERIC_ORG, lemma) && !is_plural(r, head)) {
        /* "the company", "the Stuttgart-based firm": the organisation last
         * named, or one described with this noun */
        /* "Transnord accused the union": an object is not its verb's
         * subject */
        const nk_entity_ref *not = co_subject(r, head);
        k = most_recent_but(r, has_named_head, lemma, not, BACK_DESCRIPTION);
        bool business = nk_wordlists_has(r->words, NK_WL_BUSINESS, lemma);
        if (k && business && public_body(k, r->words))
            k = NULL; /* "the company" is not the regulator */
        if (!k) { /* "software group Cloudvance" ... "the company" */
            k = most_recent_but(r, has_generic_org_head, r->words, not, BACK_DESCRIPTION);
            if (k && business && public_body(k, r->words))
                k = most_recent_but(r, is_named_business, r->words, not, BACK_DESCRIPTION);
        }
        if (!k && business) /* "X agreed to buy Y. The company ...": X, the subject */
            k = most_recent_but(r, is_named_business_subject, r->words, not, BACK_SUBJECT_ORG);
        if (!k)
            k = business ? business_protagonist(r) : protagonist(r);
        if (k && not && k->ref == not)
            k = most_recent_but(r, business ? is_named_business : is_named_org, r->words, not,
                                BACK_DESCRIPTION);
    } else {
        head_number hn = {lemma, is_plural(r, head)};
        k = most_recent(r, has_head_number, &hn, BACK_DESCRIPTION);
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
    if (cs && nk_str_ieq(cs, "of") && h != NK_NONE_TOKEN && nk_tree_tok(r->t, h)->lemma &&
        nk_wordlists_has(r->words, NK_WL_PLACE_NOUN, nk_tree_tok(r->t, h)->lemma))
        return true;
    return false;
}

/* The type a descriptive noun gives the name it stands in apposition to
 * ("agrochemical maker Verdant", "Verdant, the maker"), or NULL. */
static nk_etype described_as(nk_entities *r, size_t head)
{
    size_t h = nk_tree_head(r->t, head);
    if (h != NK_NONE_TOKEN && nk_tree_rel_is(r->t, head, NK_DEP_APPOS) && nk_tree_upos_is(r->t, h, NK_UPOS_NOUN)) {
        nk_etype t = common_noun_type(r, h);
        if (t != NK_ETYPE_NONE)
            return t == NK_ETYPE_GROUP ? NK_ETYPE_ORGANIZATION : t;
    }
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if ((nk_tree_rel_is(r->t, c, NK_DEP_APPOS) || (nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) && c < head)) &&
            nk_tree_upos_is(r->t, c, NK_UPOS_NOUN)) {
            nk_etype t = common_noun_type(r, c);
            if (t != NK_ETYPE_NONE)
                return t == NK_ETYPE_GROUP ? NK_ETYPE_ORGANIZATION : t;
        }
    }
    return NK_ETYPE_NONE;
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
        make_ref_canon(r, c->canonical, gaz_type(c), c->wikidata, c->canonical);
    if (!c)
        return;
    /* every entity of that canonical name, in the order they became known */
    size_t found[8], nfound = 0;
    uint64_t h = str_hash(c->canonical, SEED_CANON);
    for (size_t n = hx_first(&r->by_canon, h); n != NO_INDEX; n = hx_next(&r->by_canon, n)) {
        size_t i = r->by_canon.nodes[n].value;
        if (r->known[i].canon && strcmp(r->known[i].canon, c->canonical) == 0 &&
            nfound < sizeof found / sizeof *found)
            found[nfound++] = i;
    }
    for (size_t a = 1; a < nfound; a++)
        for (size_t b = a; b > 0 && found[b - 1] > found[b]; b--) {
            size_t tmp = found[b];
            found[b] = found[b - 1];
            found[b - 1] = tmp;
        }
    for (size_t i = 0; i < nfound; i++)
        touch(r, &r->known[found[i]]);
}

/* The learned typer's type for the new multi-word name [FIRST, LAST]
 * headed by HEAD that neither the gazetteer, a description nor a title
 * decides: false when there is no model, it is unsure (below the margin
 * chosen on GUM's dev documents) or it calls the name no actor (the word
 * rules then guess as before).  A new one-word name stays with
 * the rules: news introduces people by their full name, and the model,
 * trained on GUM's more varied genres, calls too many firms persons. */
static bool typer_type(nk_entities *r, size_t first, size_t last, size_t head, nk_etype *out)
{
    if (!r->typer)
        return false;
    nk_typer_context ctx = {r->wn, r->gaz, r->words};
    nk_typer_name name = {r->t, first, last, head};
    double margin = 0;
    nk_typer_class c = nk_typer_classify(r->typer, &ctx, &name, &margin);
    if (!nk_typer_confident(r->typer, margin))
        return false;
    switch (c) {
    case NK_TYPER_PERSON: *out = NK_ETYPE_PERSON; return true;
    case NK_TYPER_ORGANIZATION: *out = NK_ETYPE_ORGANIZATION; return true;
    case NK_TYPER_LOCATION: *out = NK_ETYPE_LOCATION; return true;
    default: return false;
    }
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
        if (c > head || !nk_tree_upos_is(r->t, c, NK_UPOS_NOUN) || !nk_gazetteer_role(r->gaz, nk_tree_tok(r->t, c)->form))
            continue;
        for (size_t j = r->t->kid_start[c]; j < r->t->kid_start[c + 1]; j++) {
            size_t g = r->t->kids[j];
            if (g >= c || !isupper((unsigned char)nk_tree_tok(r->t, g)->form[0]))
                continue;
            size_t f, l;
            name_span(r, g, &f, &l);
            const nk_gaz_entry *e = gaz_whole(r, f, l);
            if (e && e->kind_id == NK_GAZ_ORG)
                r->pending_affiliation = from_gaz(r, e, NK_ROLE_ACTOR, NULL);
            else if (f == l && is_acronym_form(nk_tree_form(r->t, f)))
                /* "TCRC president Marc Tremblay": an organisation the
                 * article spelled out */
                r->pending_affiliation = acronym_ref(r, nk_tree_form(r->t, f));
        }
    }
    if (ref && r->pending_affiliation && type_is(ref, NK_ETYPE_PERSON))
        if (known_of(r, ref))
            known_of(r, ref)->affiliation = r->pending_affiliation;
    if (ref && r->pending_affiliation && type_is(ref, NK_ETYPE_PERSON) && !ref->affiliation)
        ref->affiliation = r->pending_affiliation;
    r->pending_affiliation = NULL;
    return ref;
}

/* TITLE_LOOKBACK words before a name may begin a title that the parser
 * hung partly inside the name: "Secretary of State Antony Blinken" with
 * "State" a compound of "Antony".  When one does, *F becomes the first
 * word of the name after it. */
#define TITLE_LOOKBACK 4

static bool title_into(nk_entities *r, size_t first, size_t last, size_t *f)
{
    for (size_t back = first < TITLE_LOOKBACK ? first : TITLE_LOOKBACK; back > 0; back--) {
        size_t s = first - back;
        const char *forms[12];
        size_t n = last - s + 1 < 12 ? last - s + 1 : 12;
        for (size_t i = 0; i < n; i++)
            forms[i] = nk_tree_form(r->t, s + i);
        size_t m = nk_gazetteer_is_title(r->gaz, forms, n);
        if (m > back && s + m <= last) {
            *f = s + m;
            return true;
        }
    }
    return false;
}

/* "the Bank of Canada", "the Ministry of Defence": a name ending in an
 * organisation word [FIRST, LAST] continued by "of" and the name [OF, L2],
 * one organisation (the country the second part names is its
 * affiliation); "the bank" later means it. */
static nk_entity_ref *org_of_name(nk_entities *r, size_t first, size_t last, size_t of, size_t l2)
{
    nk_entity_ref *ref = make_ref(r, join_forms(r, first, l2), NK_ETYPE_ORGANIZATION, NULL);
    const nk_gaz_entry *c = gaz_whole(r, of, l2);
    if (c && c->type_id == NK_GAZ_COUNTRY && !ref->affiliation)
        ref->affiliation = from_gaz(r, c, NK_ROLE_ACTOR, NULL);
    nk_buf lb = {0};
    for (const char *p = nk_tree_form(r->t, last); *p; p++)
        nk_buf_putc(&lb, (char)tolower((unsigned char)*p));
    const char *hl = nk_arena_strdup(r->set->arena, lb.data);
    nk_buf_free(&lb);
    remember(r, ref, hl, NULL, false)->proper = true;
    return ref;
}

/* Word F begins a sentence (or a quote) capitalised only for that, and is
 * a noun WordNet knows for a person's occupation or role ("Singer",
 * "Striker"): a title before the name that follows. */
static bool occupation_at_start(const nk_entities *r, size_t f)
{
    const char *tag = nk_tree_tok(r->t, f)->upos; /* the tagger's, not the tree's view */
    if (!r->wn || (f > 0 && isalnum((unsigned char)nk_tree_form(r->t, f - 1)[0])) || !tag ||
        !(strcmp(tag, "NOUN") == 0 || strcmp(tag, "PROPN") == 0))
        return false; /* "National Meteorological Center": an adjective */
    const char *form = nk_tree_form(r->t, f);
    return strlen(form) >= 3 && wordnet_person(r, form);
}

/* Word I, the last of a name after a country, demonym or organisation,
 * ends the name of an organisation of its own ("Kenya Airways", "British
 * Airways", "BBC News", "Canada Post"): an organisation word that names no
 * public body or armed force (word lists public-body, government,
 * armed-force: "Russian Army", "Israeli Forces" stay the country's army
 * and forces). */
static bool brand_word(const nk_entities *r, size_t i)
{
    const char *w = nk_tree_form(r->t, i); /* the lists ignore case */
    return isupper((unsigned char)w[0]) && nk_wordlists_has(r->words, NK_WL_ORG_WORD, w) &&
           !nk_wordlists_has(r->words, NK_WL_PUBLIC_BODY, w) && !nk_wordlists_has(r->words, NK_WL_GOVERNMENT, w) &&
           !nk_wordlists_has(r->words, NK_WL_ARMED_FORCE, w);
}

/* The title in [FROM, TO) before a name, lower case, from its first
 * title word ("US President": "president", "Prime Minister": "prime
 * minister"), or NULL. */
static const char *title_phrase(nk_entities *r, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const char *forms[8];
        size_t n = to - i < 8 ? to - i : 8;
        for (size_t j = 0; j < n; j++)
            forms[j] = nk_tree_form(r->t, i + j);
        if (!nk_gazetteer_is_title(r->gaz, forms, n))
            continue;
        nk_buf b = {0};
        for (size_t j = i; j < to; j++) {
            if (j > i)
                nk_buf_putc(&b, ' ');
            for (const char *q = nk_tree_form(r->t, j); *q; q++)
                nk_buf_putc(&b, (char)tolower((unsigned char)*q));
        }
        const char *out = nk_arena_strdup(r->set->arena, b.data ? b.data : "");
        nk_buf_free(&b);
        return out;
    }
    return NULL;
}

/* Plural proper noun I names people of a kind WordNet knows as persons
 * ("Muslims": a Muslim is a person). */
static bool people_noun(const nk_entities *r, size_t i)
{
    const char *lemma = nk_tree_lemma(r->t, i);
    return lemma && *lemma && wordnet_person(r, lemma);
}

static nk_entity_ref *resolve_proper_chain(nk_entities *r, size_t head, nk_role role)
{
    size_t first, last;
    name_span(r, head, &first, &last);
    if (first == last && nk_entities_is_time(r, head))
        return NULL; /* "on Wednesday" */
    nk_entity_ref *a = acronym_ref(r, nk_tree_tok(r->t, head)->form);
    if (a && first == last) {
        remember(r, a, NULL, NULL, false);
        return a;
    }
    if (first == last) {
        /* "Valeska Paris ... Paris said", "Lewis Hamilton ... Hamilton":
         * the surname of a person the article named is that person
         * before any place of that name */
        const char *w = nk_tree_form(r->t, last);
        known *k = most_recent_in(r, &r->by_surname, str_hash(w, SEED_SURNAME), has_surname, w);
        if (k) {
            touch(r, k);
            return k->ref;
        }
    }
    /* "the House of Commons": the chain continued by "of" + a name */
    {
        size_t of = NK_NONE_TOKEN;
        for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k];
            const char *cs = nk_tree_case(r->t, c);
            if (c == last + 2 && nk_tree_rel_is(r->t, c, NK_DEP_NMOD) && cs && nk_str_ieq(cs, "of") &&
                isupper((unsigned char)nk_tree_tok(r->t, c)->form[0]))
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
                if (nk_wordlists_has(r->words, NK_WL_ORG_WORD, nk_tree_form(r->t, last)) &&
                    nk_tree_capitalised(r->t, first) && !gaz_whole(r, first, last))
                    return org_of_name(r, first, last, of, l2);
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
    bool titled = title_into(r, first, last, &f);
    while (f < last) {
        const char *forms[8];
        size_t n = last - f + 1 < 8 ? last - f + 1 : 8;
        for (size_t i = 0; i < n; i++)
            forms[i] = nk_tree_tok(r->t, f + i)->form;
        size_t m = nk_gazetteer_is_title(r->gaz, forms, n);
        if (m > 0 && (nk_wordlists_has(r->words, NK_WL_ORG_WORD, nk_tree_form(r->t, last)) || gaz_whole(r, f, last)))
            break; /* "Justice Department": an organisation, not a title */
        if (m > 0 && f + m <= last) {
            f += m;
            titled = true;
            continue;
        }
        /* "Oil Minister X", "Energy Secretary X": a portfolio before a
         * title the gazetteer knows, even when its word is an org-word */
        size_t pm = n > 1 ? nk_gazetteer_is_title(r->gaz, forms + 1, n - 1) : 0;
        if (pm > 0 && f + 1 + pm <= last && nk_tree_capitalised(r->t, f) &&
            !nk_wordlists_has(r->words, NK_WL_ORG_WORD, nk_tree_form(r->t, last)) &&
            !gaz_whole(r, f, last)) {
            f += 1 + pm;
            titled = true;
            continue;
        }
        const nk_gaz_entry *g = NULL;
        size_t gm = nk_gazetteer_match(r->gaz, forms, n, &g);
        /* a country, demonym or organisation before the name; not a
         * region or continent ("U.S. Africa Command" is no "Command") */
        if (gm > 0 && f + gm <= last && g &&
            ((g->kind_id == NK_GAZ_NAME && gaz_type(g) != NK_ETYPE_LOCATION) ||
             g->kind_id == NK_GAZ_DEMONYM || g->kind_id == NK_GAZ_ORG)) {
            note_country(r, g);
            if (f + gm == last && brand_word(r, last))
                break; /* "Kenya Airways", "BBC News": one name */
            if (g->kind_id == NK_GAZ_ORG)
                r->pending_affiliation = from_gaz(r, g, NK_ROLE_ACTOR, NULL);
            f += gm;
            continue;
        }
        const nk_gaz_entry *d = nk_gazetteer_demonym(r->gaz, nk_tree_tok(r->t, f)->form);
        if (d) {
            note_country(r, d);
            if (f + 1 == last && brand_word(r, last))
                break; /* "British Airways" */
            f++;
            continue;
        }
        if (f == first && last - f >= 2 && occupation_at_start(r, f)) {
            f++; /* "Singer Maria Costa", "Striker Jonas Berg" */
            titled = true;
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
        known *k = most_recent_in(r, &r->by_surname, str_hash(nk_tree_form(r->t, last), SEED_SURNAME), has_surname, nk_tree_form(r->t, last));
        if (k) {
            touch(r, k);
            return k->ref;
        }
        nk_entity_ref *ac = acronym_ref(r, nk_tree_tok(r->t, last)->form);
        if (ac)
            return ac;
        /* "Marisol" after "Typhoon Marisol" */
        k = most_recent_in(r, &r->by_last, str_hash(nk_tree_form(r->t, last), SEED_LAST), has_last_word, nk_tree_form(r->t, last));
        if (!k)
            k = most_recent_in(r, &r->by_first, str_hash(nk_tree_form(r->t, last), SEED_FIRST), has_first_word, nk_tree_form(r->t, last));
        if (k) {
            touch(r, k);
            return k->ref;
        }
    }
    /* "the Foreign, Commonwealth and Development Office (FCDO)": the
     * acronym defined right after the name */
    if (last + 3 < r->t->n + 1 && last + 2 < r->t->n && strcmp(nk_tree_tok(r->t, last + 1)->form, "(") == 0) {
        nk_entity_ref *ac = acronym_ref(r, nk_tree_tok(r->t, last + 2)->form);
        if (ac)
            return ac;
    }
    if (last > f && !isupper((unsigned char)nk_tree_tok(r->t, f)->form[0])) {
        /* a surname with a particle: "de Vries", "van der Berg" */
        const char *suffix = join_forms(r, f, last);
        const char *sp = strrchr(suffix, ' ');
        known *k = most_recent_in(r, &r->by_last, str_hash(sp ? sp + 1 : suffix, SEED_LAST),
                                  has_name_suffix, suffix);
        if (k) {
            touch(r, k);
            return k->ref;
        }
    }
    /* new name: type by its words */
    const char *label = join_forms(r, f, last);
    if (nk_wordlists_has(r->words, NK_WL_HAZARD, nk_tree_form(r->t, f))) {
        /* "Typhoon Marisol": an event of nature, not an actor */
        nk_entity_ref *ref = make_ref(r, label, NK_ETYPE_NONE, NULL);
        remember(r, ref, NULL, NULL, false);
        return ref;
    }
    if (f == last && !nk_wordlists_has(r->words, NK_WL_ORG_WORD, label)) {
        /* "The President promised aid": a title alone, someone described
         * by it, no organisation named "President" */
        const char *rt = nk_gazetteer_role(r->gaz, label);
        nk_entity_ref *tp = rt && strcmp(rt, "Person") == 0 ? titled_person(r, label) : NULL;
        if (tp)
            return tp;
        if (rt && strcmp(rt, "Person") == 0) {
            nk_entity_ref *ref = make_description(r, label, NK_ETYPE_PERSON);
            remember(r, ref, NULL, NULL, false);
            return ref;
        }
    }
    if (f < last && last - f < 8) {
        /* "The Prime Minister said": a title of several words alone, the
         * person last named with it */
        const char *forms[8];
        for (size_t i = f; i <= last; i++)
            forms[i - f] = nk_tree_form(r->t, i);
        nk_entity_ref *tp = nk_gazetteer_is_title(r->gaz, forms, last - f + 1) == last - f + 1
                                ? titled_person(r, label)
                                : NULL;
        if (tp)
            return tp;
    }
    nk_etype type = NK_ETYPE_NONE;
    bool orgword = false;
    for (size_t i = f; i <= last; i++)
        if (nk_wordlists_has(r->words, NK_WL_ORG_WORD, nk_tree_form(r->t, i)))
            orgword = true;
    nk_etype described = described_as(r, head);
    if (described != NK_ETYPE_NONE && !titled && !(orgword && described == NK_ETYPE_PERSON))
        type = described; /* but "rival Marlin Networks" is no person */
    else if (!orgword && !titled && last > f && nk_wordlists_has(r->words, NK_WL_COMPASS, nk_tree_form(r->t, f)))
        type = NK_ETYPE_LOCATION; /* "Eastern Ukraine", "North Kivu": a region */
    else if (!orgword && f == last && nk_tree_xpos_is(r->t, last, "NNPS") && people_noun(r, last))
        type = NK_ETYPE_GROUP; /* "Muslims", "Rohingya": people, no organisation */
    else if (orgword || nk_tree_xpos_is(r->t, last, "NNPS"))
        type = NK_ETYPE_ORGANIZATION;
    else if (!titled && last > f && typer_type(r, f, last, head, &type))
        ; /* the learned typer (typer.h) */
    else if (titled || (last > f && last - f <= 3))
        type = NK_ETYPE_PERSON;
    else if (last == f && role != NK_ROLE_PLACE && !after_place_case(r, head))
        type = NK_ETYPE_ORGANIZATION; /* people are introduced by their full name */
    else if (last == f)
        type = NK_ETYPE_LOCATION;
    else if (role == NK_ROLE_PLACE)
        type = NK_ETYPE_LOCATION;
    else if (is_acronym_form(nk_tree_tok(r->t, last)->form))
        type = NK_ETYPE_ORGANIZATION;
    else
        type = NK_ETYPE_PERSON;
    nk_entity_ref *ref = make_ref(r, label, type, NULL);
    const char *hl = NULL;
    if (type == NK_ETYPE_ORGANIZATION && last > f && nk_wordlists_has(r->words, NK_WL_ORG_WORD, nk_tree_form(r->t, last))) {
        /* "the Commission" later means "the European Commission" */
        nk_buf lb = {0};
        for (const char *p = nk_tree_tok(r->t, last)->form; *p; p++)
            nk_buf_putc(&lb, (char)tolower((unsigned char)*p));
        hl = nk_arena_strdup(r->set->arena, lb.data);
        nk_buf_free(&lb);
    }
    known *kn = remember(r, ref, hl, type == NK_ETYPE_PERSON ? nk_tree_tok(r->t, last)->form : NULL, false);
    kn->proper = true;
    if (type == NK_ETYPE_PERSON && titled && f > first)
        kn->title = title_phrase(r, first, f);
    return ref;
}

/* A common-noun phrase: role nouns, demonyms, organisations by description. */
static nk_entity_ref *resolve_proper(nk_entities *r, size_t head, nk_role role);
static void mark_nominal(const nk_tree *t, size_t i, bool *keep, unsigned depth);

/* True when a conjunct of HEAD has a conjunction ("X, Y and Z"). */
static bool coordinated(const nk_tree *t, size_t head)
{
    for (size_t k = t->kid_start[head]; k < t->kid_start[head + 1]; k++)
        if (nk_tree_rel_is(t, t->kids[k], NK_DEP_CONJ) && nk_tree_child(t, t->kids[k], NK_DEP_CC) != NK_NONE_TOKEN)
            return true;
    return false;
}

/* A proper noun in apposition to HEAD, or a description in apposition to a
 * name: "car parts maker Haltmann Automotive", "Sir Richard Hollis, the MP" */
static size_t appos_name(nk_entities *r, size_t head)
{
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (nk_tree_rel_is(r->t, c, NK_DEP_APPOS) && nk_tree_upos_is(r->t, c, NK_UPOS_PROPN))
            return c;
        /* "agrochemical maker Verdant Crop Sciences" with the name hung on
         * the noun as a modifier without a preposition */
        if (c > head && nk_tree_rel_is(r->t, c, NK_DEP_NMOD) && !nk_tree_case(r->t, c) &&
            nk_tree_upos_is(r->t, c, NK_UPOS_PROPN) && nk_tree_upos_is(r->t, head, NK_UPOS_NOUN) &&
            common_noun_type(r, head) != NK_ETYPE_NONE) {
            size_t f, l;
            name_span(r, c, &f, &l);
            if (f == head + 1)
                return c;
        }
        /* "Arsenal manager Mikel Arteta" parsed as manager -flat-> Mikel:
         * a name right after the noun, or after a known role noun */
        if (c > head && nk_tree_rel_is(r->t, c, NK_DEP_FLAT) && nk_tree_upos_is(r->t, c, NK_UPOS_PROPN) &&
            nk_tree_upos_is(r->t, head, NK_UPOS_NOUN) &&
            (c == head + 1 || nk_gazetteer_role(r->gaz, nk_tree_tok(r->t, head)->form)))
            return c;
        /* "Its candidate, businessman Darren Pike,": an apposition the
         * parser read as a conjunct (a comma, no conjunction) */
        if (c > head + 1 && nk_tree_rel_is(r->t, c, NK_DEP_CONJ) && nk_tree_upos_is(r->t, head, NK_UPOS_NOUN) &&
            nk_tree_child(r->t, c, NK_DEP_CC) == NK_NONE_TOKEN && strcmp(nk_tree_form(r->t, c - 1), ",") == 0 &&
            nk_tree_child(r->t, head, NK_DEP_CONJ) == c && !coordinated(r->t, head)) {
            if (nk_tree_upos_is(r->t, c, NK_UPOS_PROPN))
                return c;
            /* "lawyer Maria Okafor": the name in apposition to the
             * conjunct, or hung on it as flat */
            size_t nm = nk_tree_child(r->t, c, NK_DEP_APPOS);
            if (nm == NK_NONE_TOKEN)
                nm = nk_tree_child(r->t, c, NK_DEP_FLAT);
            if (nk_tree_upos_is(r->t, c, NK_UPOS_NOUN) && nm != NK_NONE_TOKEN &&
                nk_tree_upos_is(r->t, nm, NK_UPOS_PROPN))
                return nm;
        }
    }
    /* "software group Cloudvance 1.4 billion euros": a descriptor directly
     * followed by a name the parser hung elsewhere */
    if (head + 1 < r->t->n && nk_tree_upos_is(r->t, head + 1, NK_UPOS_PROPN) &&
        nk_gazetteer_role(r->gaz, nk_tree_tok(r->t, head)->form)) {
        /* climb from the next word to the head of its name */
        size_t top = head + 1;
        for (unsigned guard = 0; guard < 6; guard++) {
            size_t up = nk_tree_head(r->t, top);
            if (up == NK_NONE_TOKEN || up <= top || up > top + 3 ||
                !(nk_tree_rel_is(r->t, top, NK_DEP_COMPOUND) || nk_tree_rel_is(r->t, top, NK_DEP_FLAT) ||
                  nk_tree_rel_is(r->t, top, NK_DEP_AMOD)) ||
                !isupper((unsigned char)nk_tree_tok(r->t, up)->form[0]))
                break;
            top = up;
        }
        size_t h = nk_tree_head(r->t, top);
        if (h != NK_NONE_TOKEN && h != head && nk_tree_head(r->t, head) == h)
            return top;
    }
    return NK_NONE_TOKEN;
}

static const nk_entity_ref *affiliation_of(nk_entities *r, size_t head, const char *demonym_country,
                                           size_t of);

static nk_entity_ref *resolve_common(nk_entities *r, size_t head, nk_role role)
{
    const nk_token *h = nk_tree_tok(r->t, head);
    size_t name = appos_name(r, head);
    if (name != NK_NONE_TOKEN) {
        nk_entity_ref *named = resolve_proper(r, name, role);
        /* later "the maker" / "the candidate" refers to it */
        if (named && h->lemma) {
            known *kn = remember(r, named, nk_arena_strdup(r->set->arena, h->lemma), NULL, false);
            /* from_gaz may remember more entities and move r->known: keep
             * the index, not the pointer (fuzz_extract found the use after
             * free) */
            size_t kn_at = (size_t)(kn - r->known);
            /* "Labour leader Keir Starmer": his party is Labour */
            for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
                size_t c = r->t->kids[k];
                if (c > head || !isupper((unsigned char)nk_tree_tok(r->t, c)->form[0]))
                    continue;
                size_t f, l;
                name_span(r, c, &f, &l);
                const nk_gaz_entry *e = gaz_whole(r, f, l);
                if (e && e->kind_id == NK_GAZ_ORG && type_is(named, NK_ETYPE_PERSON))
                {
                    nk_entity_ref *aff = from_gaz(r, e, NK_ROLE_ACTOR, NULL);
                    r->known[kn_at].affiliation = aff;
                    if (!named->affiliation)
                        named->affiliation = aff;
                }
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
        nk_etype rt = role_type_of(r, h->form);
        size_t poss = nk_tree_child(r->t, head, NK_DEP_NMOD_POSS);
        if (poss != NK_NONE_TOKEN &&
            ((rt == NK_ETYPE_GROUP && nk_wordlists_has(r->words, NK_WL_MEMBER, h->lemma ? h->lemma : h->form)) ||
             armament_subject(r, head))) {
            nk_entity_ref *owner = nk_entities_resolve(r, poss, NK_ROLE_ACTOR);
            if (owner && (type_is(owner, NK_ETYPE_ORGANIZATION) || type_is(owner, NK_ETYPE_COUNTRY) ||
                          type_is(owner, NK_ETYPE_GROUP)))
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
        if (nk_tree_rel_is(r->t, c, NK_DEP_AMOD) || nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) ||
            nk_tree_rel_is(r->t, c, NK_DEP_NUMMOD) || nk_tree_rel_is(r->t, c, NK_DEP_FLAT)) {
            /* include the modifier's own words: its name chain, and what
             * hangs on it ("long-range", "Stuttgart-based") */
            size_t f, l;
            name_span(r, c, &f, &l);
            for (size_t i = f; i <= l; i++)
                keep[i] = true;
            mark_nominal(r->t, c, keep, 0);
            const nk_gaz_entry *d = nk_gazetteer_demonym(r->gaz, nk_tree_tok(r->t, c)->form);
            if (d)
                demonym_country = d->canonical;
        }
    }
    /* "A spokesperson for the Foreign Office" -> "Foreign Office spokesperson" */
    nk_etype role_type = common_noun_type(r, head);
    nk_buf b = {0};
    size_t of = NK_NONE_TOKEN;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head && nk_tree_rel_is(r->t, c, NK_DEP_NMOD) && !nk_tree_rel_is(r->t, c, NK_DEP_NMOD_POSS)) {
            const char *cs = nk_tree_case(r->t, c);
            if (cs && (nk_str_ieq(cs, "for") || nk_str_ieq(cs, "of") || nk_str_ieq(cs, "at")) &&
                (nk_tree_upos_is(r->t, c, NK_UPOS_PROPN) || nk_tree_child(r->t, c, NK_DEP_COMPOUND) != NK_NONE_TOKEN ||
                 nk_tree_child(r->t, c, NK_DEP_NMOD_POSS) != NK_NONE_TOKEN ||
                 isupper((unsigned char)nk_tree_tok(r->t, c)->form[0]) ||
                 nk_gazetteer_role(r->gaz, nk_tree_tok(r->t, c)->form))) {
                of = c;
                break;
            }
        }
    }
    if (of != NK_NONE_TOKEN && nk_wordlists_has(r->words, NK_WL_SPEAKS_FOR, h->lemma ? h->lemma : h->form)) {
        /* "a spokesperson for the FCDO said": the organisation speaks */
        nk_entity_ref *org = nk_entities_resolve(r, of, NK_ROLE_ACTOR);
        if (org && org->type) {
            free(keep);
            nk_buf_free(&b);
            remember(r, org, NULL, NULL, false);
            return org;
        }
    }
    if (of == NK_NONE_TOKEN && nk_wordlists_has(r->words, NK_WL_SPOKESPERSON, h->lemma ? h->lemma : h->form)) {
        /* "a party spokesperson said": the party last named speaks */
        for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
            size_t c = r->t->kids[k];
            nk_etype rt = role_type_of(r, nk_tree_form(r->t, c));
            if (c < head && nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) && nk_tree_upos_is(r->t, c, NK_UPOS_NOUN) &&
                rt == NK_ETYPE_ORGANIZATION) {
                known *kn = most_recent(r, has_named_head, nk_tree_tok(r->t, c)->lemma, BACK_DESCRIPTION);
                if (kn) {
                    free(keep);
                    nk_buf_free(&b);
                    touch(r, kn);
                    return kn->ref;
                }
            }
        }
    }
    if (role_type != NK_ETYPE_NONE && of != NK_NONE_TOKEN && role_type != NK_ETYPE_ORGANIZATION) {
        size_t f, l;
        name_span(r, of, &f, &l);
        const char *org = join_forms(r, f, l);
        for (size_t i = of + 1; i + 2 < r->t->n && i < of + 8; i++)
            if (strcmp(nk_tree_tok(r->t, i)->form, "(") == 0) {
                nk_entity_ref *ac = acronym_ref(r, nk_tree_tok(r->t, i + 1)->form);
                if (ac)
                    org = ac->label;
                break;
            }
        if (org == NULL || !*org)
            org = nk_tree_tok(r->t, of)->form;
        bool *keep2 = nk_xcalloc(r->t->n, sizeof *keep2);
        for (size_t i = 0; i < r->t->n; i++)
            keep2[i] = keep[i] && !(i < head && nk_tree_rel_is(r->t, i, NK_DEP_DET));
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
    if (b.data && b.len && r->t->n && !nk_tree_upos_is(r->t, 0, NK_UPOS_PROPN) &&
        !(nk_tree_tok(r->t, 0)->lemma && isupper((unsigned char)nk_tree_tok(r->t, 0)->lemma[0])) &&
        !nk_gazetteer_demonym(r->gaz, nk_tree_tok(r->t, 0)->form) &&
        strncmp(b.data, nk_tree_tok(r->t, 0)->form, strlen(nk_tree_tok(r->t, 0)->form)) == 0 &&
        isupper((unsigned char)b.data[0]) && !is_acronym_form(nk_tree_tok(r->t, 0)->form))
        b.data[0] = (char)tolower((unsigned char)b.data[0]);
    const char *label = nk_arena_strdup(r->set->arena, b.data ? b.data : h->form);
    nk_buf_free(&b);
    nk_etype type = role_type;
    if (type == NK_ETYPE_NONE && role == NK_ROLE_PLACE)
        type = NK_ETYPE_LOCATION;
    if (type == NK_ETYPE_NONE && demonym_country && is_plural(r, head))
        type = NK_ETYPE_GROUP;
    ref = make_description(r, label, type);
    if (!ref->affiliation && type != NK_ETYPE_NONE && type != NK_ETYPE_LOCATION)
        ref->affiliation = affiliation_of(r, head, demonym_country, of);
    /* "more diplomats", "other officials": new sets, never what "the
     * diplomats" refers back to */
    bool fresh = false;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c < head && nk_wordlists_has(r->words, NK_WL_NEW_SET, nk_tree_form(r->t, c)))
            fresh = true;
    }
    remember(r, ref, h->lemma && !fresh ? nk_arena_strdup(r->set->arena, h->lemma) : NULL, NULL,
             is_plural(r, head));
    return ref;
}

/* The known entity of gazetteer entry E, or a reference to it that is not
 * remembered (so that naming an affiliation moves no antecedent). */
static const nk_entity_ref *quiet_gaz_ref(nk_entities *r, const nk_gaz_entry *e)
{
    nk_etype type = gaz_type(e);
    uint64_t key = str_hash(e->canonical, SEED_CANON + 16 * (uint64_t)type);
    for (size_t n = hx_first(&r->by_key, key); n != NO_INDEX; n = hx_next(&r->by_key, n)) {
        const known *k = &r->known[r->by_key.nodes[n].value];
        if (k->canon && strcmp(k->canon, e->canonical) == 0 && nk_entity_type(k->ref) == type)
            return k->ref;
    }
    nk_entity_ref *ref = nk_factset_entity(r->set, e->canonical, e->type, NULL, e->wikidata);
    ref->kind = NK_ENTITY_NAME;
    return ref;
}

/* The country or organisation a described group, body or person belongs
 * to, as the phrase headed by HEAD says: a demonym ("Russian forces",
 * DEMONYM_COUNTRY), a possessor ("Russia's defence ministry"), a name
 * before the noun ("FDA advisers") or after it ("analysts at Bernstein",
 * OF).  NULL when it names none. */
static const nk_entity_ref *affiliation_of(nk_entities *r, size_t head, const char *demonym_country,
                                           size_t of)
{
    if (demonym_country) {
        const nk_gaz_entry *c = nk_gazetteer_get(r->gaz, demonym_country, NK_GAZ_NAME);
        if (c)
            return quiet_gaz_ref(r, c);
    }
    size_t poss = nk_tree_child(r->t, head, NK_DEP_NMOD_POSS);
    if (poss != NK_NONE_TOKEN && !nk_tree_upos_is(r->t, poss, NK_UPOS_PRON)) {
        nk_entity_ref *p = nk_entities_resolve(r, poss, NK_ROLE_ACTOR);
        nk_etype pt = nk_entity_type(p);
        if (pt == NK_ETYPE_COUNTRY || pt == NK_ETYPE_ORGANIZATION)
            return p;
    }
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head || !nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) ||
            !nk_tree_upos_is(r->t, c, NK_UPOS_PROPN))
            continue;
        nk_entity_ref *ac = acronym_ref(r, nk_tree_form(r->t, c));
        if (ac)
            return ac;
        size_t f, l;
        name_span(r, c, &f, &l);
        const nk_gaz_entry *e = gaz_whole(r, f, l);
        if (e && (e->type_id == NK_GAZ_COUNTRY || e->type_id == NK_GAZ_ORGANIZATION))
            return quiet_gaz_ref(r, e);
    }
    if (of != NK_NONE_TOKEN && nk_tree_upos_is(r->t, of, NK_UPOS_PROPN)) {
        nk_entity_ref *o = nk_entities_resolve(r, of, NK_ROLE_ACTOR);
        nk_etype ot = nk_entity_type(o);
        if (ot == NK_ETYPE_COUNTRY || ot == NK_ETYPE_ORGANIZATION)
            return o;
    }
    return country_in(r, head); /* "officials in Beijing" */
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
        forms[i] = nk_tree_tok(r->t, first + i)->form;
    size_t m = 0, f = 0;
    bool title = false;
    while (f < n) {
        const nk_gaz_entry *g = NULL;
        size_t t = nk_gazetteer_is_title(r->gaz, forms + f, n - f);
        title = title || t > 0;
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
    if (m == 0 || f < n || !title)
        return NK_NONE_TOKEN; /* "New Zealand" is a country, no title of "Zealand" */
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head && nk_tree_upos_is(r->t, c, NK_UPOS_PROPN) &&
            (nk_tree_rel_is(r->t, c, NK_DEP_APPOS) || nk_tree_rel_is(r->t, c, NK_DEP_FLAT)))
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
            forms[k] = nk_tree_tok(r->t, i + k)->form;
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
    if (!titles || i >= r->t->n || !nk_tree_upos_is(r->t, i, NK_UPOS_PROPN))
        return false;
    size_t j = i;
    while (j + 1 < r->t->n && nk_tree_upos_is(r->t, j + 1, NK_UPOS_PROPN) &&
           isupper((unsigned char)nk_tree_tok(r->t, j + 1)->form[0]) && j + 1 - i < 4)
        j++;
    *first = i;
    *last = j;
    return true;
}

static nk_entity_ref *person_span(nk_entities *r, size_t first, size_t last)
{
    known *k = NULL;
    if (first == last)
        k = most_recent_in(r, &r->by_surname, str_hash(nk_tree_form(r->t, last), SEED_SURNAME), has_surname, nk_tree_form(r->t, last));
    if (k) {
        touch(r, k);
        return k->ref;
    }
    nk_entity_ref *ref = make_ref(r, join_forms(r, first, last), NK_ETYPE_PERSON, NULL);
    remember(r, ref, NULL, nk_tree_tok(r->t, last)->form, false)->proper = true;
    return ref;
}

/* The last token of the run of capitalised proper nouns from I (at most
 * four words). */
static size_t name_run_end(const nk_entities *r, size_t i)
{
    size_t j = i;
    while (j + 1 < r->t->n && j + 1 - i < 4 && nk_tree_upos_is(r->t, j + 1, NK_UPOS_PROPN) &&
           nk_tree_capitalised(r->t, j + 1))
        j++;
    return j;
}

/* "Anders Thorsen" with the first name tagged as a common noun: a
 * capitalised noun WordNet does not know as one, followed at once by a
 * proper noun hung on it. */
static bool first_name_as_noun(const nk_entities *r, size_t head)
{
    if (!r->wn || !nk_tree_capitalised(r->t, head) || head + 1 >= r->t->n ||
        !nk_tree_upos_is(r->t, head + 1, NK_UPOS_PROPN) || !nk_tree_capitalised(r->t, head + 1) ||
        nk_tree_head(r->t, head + 1) != head ||
        !(nk_tree_rel_is(r->t, head + 1, NK_DEP_APPOS) || nk_tree_rel_is(r->t, head + 1, NK_DEP_FLAT)))
        return false;
    if (role_type_of(r, nk_tree_form(r->t, head)) != NK_ETYPE_NONE)
        return false;
    const char *forms[1] = {nk_tree_form(r->t, head)};
    if (nk_gazetteer_is_title(r->gaz, forms, 1))
        return false;
    return nk_wordnet_senses(r->wn, NK_WN_NOUN, nk_tree_form(r->t, head), NULL, 0) == 0 &&
           nk_wordnet_senses(r->wn, NK_WN_NOUN, nk_tree_lemma(r->t, head), NULL, 0) == 0;
}

/* A capitalised noun with a capitalised compound before it, not at the
 * start of the sentence: "Rapid Support Forces" tagged as common nouns. */
static bool looks_like_name(nk_entities *r, size_t head)
{
    if (head == 0 || !isupper((unsigned char)nk_tree_tok(r->t, head)->form[0]) ||
        is_acronym_form(nk_tree_tok(r->t, head)->form))
        return false;
    size_t first, last;
    name_span(r, head, &first, &last);
    if (first == last)
        return false;
    for (size_t i = first; i <= last; i++)
        if (!isupper((unsigned char)nk_tree_tok(r->t, i)->form[0]))
            return false;
    return true;
}

/* Quantity words that head a partitive: numbers and a closed class. */
static bool quantity_word(const nk_entities *r, size_t head)
{
    static const char *const Q[] = {"much", "many", "several", "some", "most", "all", "few",
                                    "part", "half", "quarter", "third", "dozen", "dozens",
                                    "hundred", "hundreds", "thousand", "thousands", "million",
                                    "millions", "majority", "rest", "none", "each", "both",
                                    "one", "number", "handful", NULL};
    return nk_tree_upos_is(r->t, head, NK_UPOS_NUM) || nk_str_in(nk_tree_lemma(r->t, head), Q) ||
           nk_str_in(nk_tree_form(r->t, head), Q);
}

/* "four of the suspects", "much of his fortune", "thousands of
 * commuters", "most of them": the set a quantity is taken from acts or is
 * acted on.  A pronoun's entity itself; else a description named by the
 * quantity and the set, typed by the set.  NULL when HEAD is no
 * partitive. */
static nk_entity_ref *resolve_partitive(nk_entities *r, size_t head, nk_role role)
{
    if (!quantity_word(r, head))
        return NULL;
    size_t of = NK_NONE_TOKEN;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1] && of == NK_NONE_TOKEN; k++) {
        size_t c = r->t->kids[k];
        const char *cs = nk_tree_case(r->t, c);
        /* an "of" phrase of a quantity word: a modifier, or the parser's
         * oblique ("most of its profits" with "most" read as an adjective) */
        if (c > head && (nk_tree_rel_is(r->t, c, NK_DEP_NMOD) || nk_tree_rel_is(r->t, c, NK_DEP_OBL)) && cs &&
            nk_str_ieq(cs, "of") &&
            (nk_tree_upos_is(r->t, c, NK_UPOS_NOUN) || nk_tree_upos_is(r->t, c, NK_UPOS_PROPN) ||
             nk_tree_upos_is(r->t, c, NK_UPOS_PRON)))
            of = c;
    }
    if (of == NK_NONE_TOKEN)
        return NULL;
    nk_entity_ref *set = nk_entities_resolve(r, of, role);
    if (!set || nk_tree_upos_is(r->t, of, NK_UPOS_PRON))
        return set;
    size_t first = head;
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c < first && (nk_tree_rel_is(r->t, c, NK_DEP_NUMMOD) || nk_tree_rel_is(r->t, c, NK_DEP_AMOD) ||
                          nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) || nk_tree_rel_is(r->t, c, NK_DEP_ADVMOD)))
            first = c;
    }
    /* the words: the quantity with its modifiers, then the "of" phrase */
    bool *keep = nk_xcalloc(r->t->n, sizeof *keep);
    for (size_t i = first; i <= head; i++)
        keep[i] = true;
    mark_nominal(r->t, of, keep, 0);
    const char *label = kept_text(r, keep);
    if (first == 0 && *label && !nk_tree_upos_is(r->t, 0, NK_UPOS_PROPN)) {
        char *low = nk_arena_strdup(r->set->arena, label); /* "Four of the suspects" */
        low[0] = (char)tolower((unsigned char)low[0]);
        label = low;
    }
    nk_entity_ref *ref = make_description(r, label, nk_entity_type(set));
    if (!ref->affiliation)
        ref->affiliation = set->affiliation;
    remember(r, ref, NULL, NULL, true);
    return ref;
}

static nk_entity_ref *resolve_uncached(nk_entities *r, size_t head, nk_role role)
{
    const nk_token *h = nk_tree_tok(r->t, head);
    nk_upos hu = (nk_upos)r->t->upos[head];
    if (hu == NK_UPOS_NONE)
        return NULL;
    if (hu == NK_UPOS_NUM || hu == NK_UPOS_ADJ || hu == NK_UPOS_NOUN || hu == NK_UPOS_PRON ||
        hu == NK_UPOS_DET || hu == NK_UPOS_ADV) { /* "much of his fortune" read as an adverb */
        nk_entity_ref *part = resolve_partitive(r, head, role);
        if (part)
            return part;
    }
    if (hu == NK_UPOS_PRON) {
        static const char *const SKIP[] = {"i", "me", "we", "us", "you", "this", "that",
                                           "which", "who", "what", "something", "anything",
                                           "everyone", "nothing", "some", "one", NULL};
        /* "thieves will take everything": what is taken, named by the word
         * (a thing, so never an actor) */
        if (nk_str_in(h->form, (const char *const[]){"everything", "something", "anything",
                                                      "Everything", "Something", "Anything", NULL}))
            return make_description(r, nk_entities_nominal(r, head), NK_ETYPE_NONE);
        if (nk_str_in(h->form, SKIP))
            return NULL;
        return resolve_pronoun(r, head);
    }
    if (hu == NK_UPOS_PROPN) {
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
            if ((nk_tree_rel_is(r->t, c, NK_DEP_APPOS) ||
                 (nk_tree_rel_is(r->t, c, NK_DEP_COMPOUND) && c < head &&
                  nk_gazetteer_role(r->gaz, nk_tree_tok(r->t, c)->form))) &&
                nk_tree_upos_is(r->t, c, NK_UPOS_NOUN) && nk_tree_tok(r->t, c)->lemma)
                /* "Shipping company Maersk": later "the company" */
                remember(r, ref, nk_arena_strdup(r->set->arena, nk_tree_tok(r->t, c)->lemma), NULL, false);
        }
        return ref;
    }
    if (hu == NK_UPOS_NOUN && isupper((unsigned char)h->form[0])) {
        /* "German Chancellor Olaf Scholz" with "Chancellor" as the head */
        size_t name = title_head_name(r, head);
        if (name != NK_NONE_TOKEN)
            return resolve_proper(r, name, role);
        /* "Secretary of State Antony Blinken" with the name hung on "of" */
        size_t f1, l1;
        if (titled_name_span(r, head, &f1, &l1) && f1 > head)
            return person_span(r, f1, l1);
        /* "Shell was fined": a known name the tagger read as a noun */
        const nk_gaz_entry *e = gaz_whole(r, head, head);
        if (e && (e->kind_id == NK_GAZ_ORG || e->kind_id == NK_GAZ_NAME))
            return resolve_proper(r, head, role);
    }
    if (hu == NK_UPOS_NOUN && first_name_as_noun(r, head))
        return person_span(r, head, name_run_end(r, head + 1));
    if (hu == NK_UPOS_NOUN && looks_like_name(r, head))
        return resolve_proper(r, head, role);
    if (hu == NK_UPOS_NOUN && isupper((unsigned char)h->form[0])) {
        /* "Mendes, who joined ...": a known name the tagger took for a noun
         * at the start of a sentence */
        known *k = most_recent_in(r, &r->by_surname, str_hash(h->form, SEED_SURNAME), has_surname, h->form);
        if (!k)
            k = most_recent_in(r, &r->by_last, str_hash(h->form, SEED_LAST), has_last_word, h->form);
        if (!k)
            k = most_recent_in(r, &r->by_first, str_hash(h->form, SEED_FIRST), has_first_word, h->form);
        if (k) {
            touch(r, k);
            return k->ref;
        }
    }
    if (hu == NK_UPOS_NOUN || hu == NK_UPOS_NUM) {
        /* a demonym used as a noun ("the British") or a role noun modified by
         * a proper noun is handled as common */
        return resolve_common(r, head, role);
    }
    if (hu == NK_UPOS_ADJ && nk_str_ieq(h->form, "old") && head >= 2 &&
        (nk_str_ieq(nk_tree_tok(r->t, head - 2)->form, "year") || nk_str_ieq(nk_tree_tok(r->t, head - 2)->form, "years"))) {
        /* "the 22-year-old": the person last spoken of */
        known *k = most_recent(r, is_person, NULL, BACK_HE);
        if (k) {
            touch(r, k);
            return k->ref;
        }
        return NULL;
    }
    if (hu == NK_UPOS_ADJ) {
        /* "Russian President Vladimir Putin" with "Russian" as the head */
        size_t f1, l1;
        if (titled_name_span(r, head, &f1, &l1))
            return person_span(r, f1, l1);
        const nk_gaz_entry *d = nk_gazetteer_demonym(r->gaz, h->form);
        if (d)
            return make_ref_canon(r, d->canonical, gaz_type(d), d->wikidata, d->canonical);
    }
    if (hu == NK_UPOS_SYM && nk_tree_child(r->t, head, NK_DEP_NUMMOD) != NK_NONE_TOKEN) {
        /* "$2 million": an amount, named by its words */
        nk_entity_ref *ref = make_description(r, nk_entities_nominal(r, head), NK_ETYPE_NONE);
        return ref;
    }
    if (hu == NK_UPOS_X || hu == NK_UPOS_SYM)
        return NULL;
    return NULL;
}

/* The gender word I says ("spokeswoman", "Mr"), or 0. */
static unsigned word_gender(const nk_entities *r, size_t i)
{
    const char *f = nk_tree_form(r->t, i), *l = nk_tree_lemma(r->t, i);
    if (nk_wordlists_has(r->words, NK_WL_MALE_WORD, f) || (l && nk_wordlists_has(r->words, NK_WL_MALE_WORD, l)))
        return GENDER_MALE;
    if (nk_wordlists_has(r->words, NK_WL_FEMALE_WORD, f) || (l && nk_wordlists_has(r->words, NK_WL_FEMALE_WORD, l)))
        return GENDER_FEMALE;
    return 0;
}

/* The gender a mention of a person with head HEAD shows: its head noun ("a
 * spokeswoman"), a title or role before it ("Ms Park", "Transnord
 * spokeswoman Lise Roy"), or the first name of the name (word lists
 * male-name, female-name). */
static unsigned mention_gender(nk_entities *r, size_t head)
{
    unsigned g = word_gender(r, head);
    for (size_t k = r->t->kid_start[head]; k < r->t->kid_start[head + 1]; k++) {
        size_t c = r->t->kids[k];
        if (c > head || nk_tree_rel_is(r->t, c, NK_DEP_NMOD_POSS))
            continue;
        g |= word_gender(r, c);
        for (size_t j = r->t->kid_start[c]; j < r->t->kid_start[c + 1]; j++)
            if (r->t->kids[j] < c && !nk_tree_rel_is(r->t, r->t->kids[j], NK_DEP_NMOD_POSS))
                g |= word_gender(r, r->t->kids[j]);
    }
    if (nk_tree_upos_is(r->t, head, NK_UPOS_PROPN)) {
        size_t f, l;
        name_span(r, head, &f, &l);
        while (f < l && (word_gender(r, f) || nk_gazetteer_role(r->gaz, nk_tree_form(r->t, f))))
            g |= word_gender(r, f++);
        const char *first = nk_tree_form(r->t, f);
        if (f < l && isupper((unsigned char)first[0])) {
            if (nk_wordlists_has(r->words, NK_WL_MALE_NAME, first))
                g |= GENDER_MALE;
            else if (nk_wordlists_has(r->words, NK_WL_FEMALE_NAME, first))
                g |= GENDER_FEMALE;
        }
    }
    return g;
}

nk_entity_ref *nk_entities_resolve(nk_entities *r, size_t head, nk_role role)
{
    if (head == NK_NONE_TOKEN || head >= r->t->n || r->t->upos[head] == NK_UPOS_NONE)
        return NULL;
    int slot = role == NK_ROLE_PLACE ? 1 : 0;
    if (r->cached[slot][head])
        return r->cache[slot][head];
    nk_entity_ref *ref = resolve_uncached(r, head, role);
    if (ref && type_is(ref, NK_ETYPE_PERSON) && !nk_tree_upos_is(r->t, head, NK_UPOS_PRON)) {
        unsigned g = mention_gender(r, head);
        known *k = g ? known_of(r, ref) : NULL;
        if (k)
            k->gender |= (unsigned char)g;
    }
    r->cached[slot][head] = true;
    r->cache[slot][head] = ref;
    return ref;
}

/* Resolve every nominal of the sentence in text order, so that pronouns and
 * descriptions find antecedents mentioned anywhere before them, not only in
 * the roles events use. */
static void prepass(nk_entities *r)
{
    static const nk_dep RELS[] = {NK_DEP_NSUBJ, NK_DEP_OBJ, NK_DEP_IOBJ, NK_DEP_OBL,
                                  NK_DEP_NMOD, NK_DEP_CONJ, NK_DEP_APPOS, NK_DEP_ROOT,
                                  NK_DEP_CSUBJ, NK_DEP_NONE};
    for (size_t i = 0; i < r->t->n; i++) {
        nk_upos u = (nk_upos)r->t->upos[i];
        if (u != NK_UPOS_NOUN && u != NK_UPOS_PROPN && u != NK_UPOS_PRON)
            continue;
        bool ok = false;
        for (size_t k = 0; RELS[k] != NK_DEP_NONE && !ok; k++)
            ok = nk_tree_rel_is(r->t, i, RELS[k]);
        if (!ok || nk_tree_rel_is(r->t, i, NK_DEP_NMOD_DESC) ||
            (nk_tree_rel_is(r->t, i, NK_DEP_NMOD_POSS) && nk_tree_upos_is(r->t, i, NK_UPOS_PRON)))
            continue;
        const char *cs = nk_tree_case(r->t, i);
        /* "was a stubborn visionary", "trained as a blacksmith": a
         * description of someone known, not someone new to refer back to */
        if (nk_tree_child(r->t, i, NK_DEP_COP) != NK_NONE_TOKEN ||
            (cs && nk_str_ieq(cs, "as") && nk_tree_upos_is(r->t, i, NK_UPOS_NOUN)))
            continue;
        bool place = cs && (nk_str_ieq(cs, "in") || nk_str_ieq(cs, "at") || nk_str_ieq(cs, "from")) &&
                     nk_entities_is_place(r, i);
        nk_entity_ref *ref = nk_entities_resolve(r, i, place ? NK_ROLE_PLACE : NK_ROLE_ACTOR);
        bool object = nk_tree_rel_exact(r->t, i, NK_DEP_OBJ) || nk_tree_rel_exact(r->t, i, NK_DEP_IOBJ);
        if (ref && nk_tree_rel_is(r->t, i, NK_DEP_NSUBJ)) {
            known *k = known_of(r, ref);
            if (k) {
                k->subject = true;
                k->object = false;
            }
        } else if (ref) {
            known *k = known_of(r, ref);
            if (k && k->sentence == r->sentence) {
                k->object = object && !k->subject;
                k->subject = false;
            }
        }
    }
}

/* ---- entity types ------------------------------------------------------------ */

static const char *const ETYPE_NAMES[] = {NULL, "Person", "Organization", "Country", "Location",
                                          "Group"};

const char *nk_etype_name(nk_etype t)
{
    return (unsigned)t < sizeof ETYPE_NAMES / sizeof *ETYPE_NAMES ? ETYPE_NAMES[t] : NULL;
}

nk_etype nk_etype_parse(const char *name)
{
    if (!name)
        return NK_ETYPE_NONE;
    for (size_t t = 1; t < sizeof ETYPE_NAMES / sizeof *ETYPE_NAMES; t++)
        if (strcmp(ETYPE_NAMES[t], name) == 0)
            return (nk_etype)t;
    return NK_ETYPE_NONE;
}

nk_etype nk_entity_type(const nk_entity_ref *e)
{
    return e ? nk_etype_parse(e->type) : NK_ETYPE_NONE;
}

nk_entity_ref *nk_entities_affiliation(nk_entities *r, const nk_entity_ref *e)
{
    known *k = e ? known_of(r, e) : NULL;
    return k ? k->affiliation : NULL;
}

bool nk_entities_acts_for_owner(const nk_entities *r, size_t head)
{
    const char *lemma = head < r->t->n ? nk_tree_lemma(r->t, head) : NULL;
    return lemma && (nk_wordlists_has(r->words, NK_WL_MEMBER, lemma) || armament_subject(r, head));
}
