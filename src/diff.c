/* diff.c: see diff.h.  Alignment first (three passes), then the writers. */
#include "diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"
#include "rdf.h"

const char *nk_change_kind_name(nk_change_kind kind)
{
    switch (kind) {
    case NK_CHANGE_ADDED: return "added";
    case NK_CHANGE_REMOVED: return "removed";
    case NK_CHANGE_CHANGED: return "changed";
    case NK_CHANGE_UNCHANGED: break;
    }
    return "unchanged";
}

/* ---- what the alignment knows about each fact ------------------------------ */

typedef struct finfo {
    const nk_fact *f;
    const char *actor, *target, *place, *attr; /* entity IRIs or NULL */
    const char *time;     /* slug of the time, or NULL */
    uint64_t key;         /* event identity (graph.h) */
    uint64_t *words;      /* sorted distinct hashes of the sentence's words */
    size_t nwords;
    double pos;           /* sentence / last sentence: 0..1 */
    size_t partner;       /* index on the other side, or NK_NO_FACT */
    nk_change_kind kind;
    unsigned fields;
} finfo;

typedef struct side {
    finfo *info;
    size_t n;
} side;

static const char *entity_iri(nk_arena *a, const char *base, const char *doc,
                              const nk_entity_ref *e)
{
    if (!e)
        return NULL;
    nk_buf b = {0};
    nk_graph_entity_iri(&b, base, doc, e);
    const char *s = nk_arena_strdup(a, b.data ? b.data : "");
    nk_buf_free(&b);
    return s;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Lower-cased ASCII letters and digits make words; other bytes (including
 * UTF-8 sequences) end them, except that bytes >= 0x80 are kept inside a
 * word so non-English letters do not split names. */
static void sentence_words(finfo *fi, nk_arena *a)
{
    const char *s = fi->f->sentence_text;
    if (!s || !*s)
        s = fi->f->action_text;
    if (!s)
        return;
    size_t cap = 0, n = 0;
    for (const char *p = s; *p; p++)
        if (*p == ' ')
            cap++;
    cap += 1;
    uint64_t *w = nk_arena_alloc(a, cap * sizeof *w + 1);
    char word[128];
    size_t wl = 0;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        bool in = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c >= 0x80;
        if (in) {
            if (wl < sizeof word)
                word[wl++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            continue;
        }
        if (wl > 0 && n < cap)
            w[n++] = nk_hash64(word, wl, NK_HASH_SEED);
        wl = 0;
        if (!c)
            break;
    }
    qsort(w, n, sizeof *w, cmp_u64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || w[m - 1] != w[i])
            w[m++] = w[i];
    fi->words = w;
    fi->nwords = m;
}

static void side_init(side *s, const nk_factset *set, const char *base, const char *doc,
                      nk_arena *a)
{
    s->n = set->count;
    s->info = nk_xcalloc(s->n ? s->n : 1, sizeof *s->info);
    unsigned last = 1;
    for (size_t i = 0; i < s->n; i++)
        if (set->facts[i].sentence > last)
            last = set->facts[i].sentence;
    nk_buf tmp = {0};
    for (size_t i = 0; i < s->n; i++) {
        finfo *fi = &s->info[i];
        const nk_fact *f = &set->facts[i];
        fi->f = f;
        fi->actor = entity_iri(a, base, doc, f->actor);
        fi->target = entity_iri(a, base, doc, f->target);
        fi->place = entity_iri(a, base, doc, f->place);
        fi->attr = entity_iri(a, base, doc, f->attributed_to);
        if (f->time && *f->time) {
            nk_buf_clear(&tmp);
            nk_slug(&tmp, f->time);
            fi->time = nk_arena_strdup(a, tmp.data ? tmp.data : "");
        }
        fi->key = nk_graph_event_key(f, base, fi->actor, fi->target);
        sentence_words(fi, a);
        fi->pos = last > 1 && f->sentence > 0 ? (double)(f->sentence - 1) / (double)(last - 1)
                                                : 0.0;
        fi->partner = NK_NO_FACT;
        fi->kind = NK_CHANGE_UNCHANGED;
    }
    nk_buf_free(&tmp);
}

static bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Share of distinct words the two sentences have in common (Jaccard). */
static double similarity(const finfo *a, const finfo *b)
{
    if (a->nwords == 0 || b->nwords == 0)
        return 0.0;
    size_t i = 0, j = 0, common = 0;
    while (i < a->nwords && j < b->nwords) {
        if (a->words[i] == b->words[j]) {
            common++;
            i++;
            j++;
        } else if (a->words[i] < b->words[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (double)common / (double)(a->nwords + b->nwords - common);
}

#define CORE_FIELDS (NK_DIFF_ACTOR | NK_DIFF_TARGET | NK_DIFF_NEGATION | NK_DIFF_MODALITY)

static unsigned core_fields(const finfo *a, const finfo *b)
{
    unsigned d = 0;
    if (!str_eq(a->actor, b->actor))
        d |= NK_DIFF_ACTOR;
    if (!str_eq(a->target, b->target))
        d |= NK_DIFF_TARGET;
    if (a->f->negated != b->f->negated)
        d |= NK_DIFF_NEGATION;
    if (a->f->modality != b->f->modality)
        d |= NK_DIFF_MODALITY;
    return d;
}

/* Details count only when both facts have them: a place or time that one
 * reading found and the other did not is more often the extractor's miss
 * than the article's change.  Times compare by their slugs, and one that
 * contains the other word for word ('on Friday' in 'on Friday in
 * Brussels') is the same time. */
static bool differ(const char *a, const char *b)
{
    return a && b && strcmp(a, b) != 0;
}

static bool time_differs(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return false;
    if (strlen(a) < strlen(b)) {
        const char *t = a;
        a = b;
        b = t;
    }
    /* time slugs hold '_' between words: look for "_b_" in "_a_" */
    size_t la = strlen(a), lb = strlen(b);
    char *wa = nk_xmalloc(la + 3), *wb = nk_xmalloc(lb + 3);
    wa[0] = wb[0] = '_';
    memcpy(wa + 1, a, la);
    memcpy(wb + 1, b, lb);
    wa[la + 1] = wb[lb + 1] = '_';
    wa[la + 2] = wb[lb + 2] = '\0';
    bool d = strstr(wa, wb) == NULL;
    free(wa);
    free(wb);
    return d;
}

static unsigned detail_fields(const finfo *a, const finfo *b)
{
    unsigned d = 0;
    if (differ(a->place, b->place))
        d |= NK_DIFF_PLACE;
    if (time_differs(a->time, b->time))
        d |= NK_DIFF_TIME;
    if (differ(a->attr, b->attr))
        d |= NK_DIFF_ATTRIBUTION;
    return d;
}

static bool same_action(const nk_fact *a, const nk_fact *b)
{
    const char *ca = nk_graph_fact_class(a), *cb = nk_graph_fact_class(b);
    if (ca && cb)
        return strcmp(ca, cb) == 0;
    return strcmp(a->lemma, b->lemma) == 0;
}

static unsigned popcount(unsigned x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* ---- greedy matching over scored candidate pairs ------------------------------ */

typedef struct cand {
    double cost;
    size_t i, j;
    unsigned fields;
} cand;

typedef struct cands {
    cand *v;
    size_t n, cap;
} cands;

static void cands_push(cands *c, double cost, size_t i, size_t j, unsigned fields)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = nk_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = (cand){cost, i, j, fields};
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

/* Accept candidates cheapest first while both facts are free. */
static void match(cands *c, side *o, side *n, bool changed_when_fields)
{
    if (c->n == 0)
        return;
    qsort(c->v, c->n, sizeof *c->v, cmp_cand);
    for (size_t k = 0; k < c->n; k++) {
        const cand *x = &c->v[k];
        finfo *a = &o->info[x->i], *b = &n->info[x->j];
        if (a->partner != NK_NO_FACT || b->partner != NK_NO_FACT)
            continue;
        a->partner = x->j;
        b->partner = x->i;
        nk_change_kind kind = changed_when_fields && x->fields ? NK_CHANGE_CHANGED
                                                               : NK_CHANGE_UNCHANGED;
        a->kind = b->kind = kind;
        a->fields = b->fields = kind == NK_CHANGE_CHANGED ? x->fields : 0;
    }
    c->n = 0;
}

/* Two readings of one event in one sentence (e.g. 'Speaking in London, he
 * said') are one fact: a left-over one follows its paired twin. */
static void absorb_twins(side *s)
{
    for (size_t i = 0; i < s->n; i++) {
        finfo *a = &s->info[i];
        if (a->partner != NK_NO_FACT)
            continue;
        for (size_t j = 0; j < s->n; j++) {
            const finfo *b = &s->info[j];
            /* the twin must have kept its identity (not a one-argument
             * change, whose other side is another event) */
            if (j == i || b->partner == NK_NO_FACT || (b->fields & CORE_FIELDS) ||
                b->key != a->key || b->f->sentence != a->f->sentence || core_fields(a, b) != 0)
                continue;
            a->partner = b->partner;
            a->kind = NK_CHANGE_UNCHANGED;
            a->fields = 0;
            break;
        }
    }
}

/* Pass 2 pairs only facts that have something in common besides the action:
 * a shared share of sentence words, or about the same place in the text. */
#define PAIR_MIN_SIMILARITY 0.2
#define PAIR_MAX_DISTANCE 0.15

static void align(side *o, side *n, bool ignore_details, bool ignore_repeats)
{
    cands c = {0};
    /* 1: same identity; equal details first, then the most similar sentence */
    for (size_t i = 0; i < o->n; i++)
        for (size_t j = 0; j < n->n; j++) {
            const finfo *a = &o->info[i], *b = &n->info[j];
            if (a->key != b->key || core_fields(a, b) != 0)
                continue;
            unsigned d = ignore_details ? 0 : detail_fields(a, b);
            double cost = 4.0 * popcount(d) + (1.0 - similarity(a, b)) + fabs(a->pos - b->pos);
            cands_push(&c, cost, i, j, d);
        }
    match(&c, o, n, true);
    absorb_twins(o);
    absorb_twins(n);
    /* With ignore_repeats, a fact left over whose event the other version
     * still has is the same fact read once more or once less: unchanged. */
    for (int pass = 0; pass < (ignore_repeats ? 2 : 0); pass++) {
        side *s = pass == 0 ? o : n, *t = pass == 0 ? n : o;
        for (size_t i = 0; i < s->n; i++) {
            finfo *a = &s->info[i];
            if (a->partner != NK_NO_FACT)
                continue;
            size_t best = NK_NO_FACT;
            double best_cost = 0;
            for (size_t j = 0; j < t->n; j++) {
                const finfo *b = &t->info[j];
                if (b->key != a->key || core_fields(a, b) != 0 || b->partner == NK_NO_FACT)
                    continue;
                double cost = (1.0 - similarity(a, b)) + fabs(a->pos - b->pos);
                if (best == NK_NO_FACT || cost < best_cost) {
                    best = j;
                    best_cost = cost;
                }
            }
            if (best != NK_NO_FACT) {
                a->partner = best;
                a->kind = NK_CHANGE_UNCHANGED;
                a->fields = 0;
            }
        }
    }
    /* 2: same action, one core argument different */
    for (size_t i = 0; i < o->n; i++) {
        if (o->info[i].partner != NK_NO_FACT)
            continue;
        for (size_t j = 0; j < n->n; j++) {
            const finfo *a = &o->info[i], *b = &n->info[j];
            if (b->partner != NK_NO_FACT || !same_action(a->f, b->f))
                continue;
            unsigned d = core_fields(a, b);
            if (popcount(d) != 1)
                continue;
            double sim = similarity(a, b), dist = fabs(a->pos - b->pos);
            if (sim < PAIR_MIN_SIMILARITY && dist > PAIR_MAX_DISTANCE)
                continue;
            if (!ignore_details)
                d |= detail_fields(a, b);
            cands_push(&c, (1.0 - sim) + dist, i, j, d);
        }
    }
    match(&c, o, n, true);
    free(c.v);
    absorb_twins(o);
    absorb_twins(n);
    /* 3: the rest */
    for (size_t i = 0; i < o->n; i++)
        if (o->info[i].partner == NK_NO_FACT)
            o->info[i].kind = NK_CHANGE_REMOVED;
    for (size_t j = 0; j < n->n; j++)
        if (n->info[j].partner == NK_NO_FACT)
            n->info[j].kind = NK_CHANGE_ADDED;
}

/* ---- the change list, in reading order ------------------------------------------ */

typedef struct placed {
    double at;  /* position in NEW's fact order */
    size_t tie; /* old index for removed facts */
    nk_change c;
} placed;

static int cmp_placed(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->tie > y->tie) - (x->tie < y->tie);
}

static void build_changes(nk_diff *d, const side *o, const side *n)
{
    placed *p = nk_xmalloc((o->n + n->n + 1) * sizeof *p);
    size_t k = 0;
    for (size_t j = 0; j < n->n; j++) {
        const finfo *b = &n->info[j];
        p[k].at = (double)j;
        p[k].tie = 0;
        p[k].c.kind = b->kind;
        p[k].c.new_index = j;
        p[k].c.old_index = b->partner;
        p[k].c.fields = b->fields;
        k++;
    }
    /* old facts that are not some new fact's partner: removed ones, and
     * repeats absorbed by a fact already paired */
    double anchor = -0.5;
    for (size_t i = 0; i < o->n; i++) {
        const finfo *a = &o->info[i];
        if (a->partner != NK_NO_FACT) {
            if (n->info[a->partner].partner == i) {
                anchor = (double)a->partner + 0.5;
                continue;
            }
            if (a->kind == NK_CHANGE_UNCHANGED) {
                /* a repeat: listed beside its partner */
                p[k].at = (double)a->partner + 0.25;
            } else {
                p[k].at = anchor;
            }
        } else {
            p[k].at = anchor;
        }
        p[k].tie = i;
        p[k].c.kind = a->kind;
        p[k].c.old_index = i;
        p[k].c.new_index = a->partner;
        p[k].c.fields = 0;
        k++;
    }
    qsort(p, k, sizeof *p, cmp_placed);
    d->changes = nk_xmalloc((k ? k : 1) * sizeof *d->changes);
    d->count = k;
    for (size_t m = 0; m < k; m++) {
        d->changes[m] = p[m].c;
        switch (p[m].c.kind) {
        case NK_CHANGE_ADDED: d->added++; break;
        case NK_CHANGE_REMOVED: d->removed++; break;
        case NK_CHANGE_CHANGED: d->changed++; break;
        case NK_CHANGE_UNCHANGED: d->unchanged++; break;
        }
    }
    free(p);
}

int nk_diff_compute(nk_diff **out, const nk_factset *old_facts, const nk_factset *new_facts,
                    const nk_diff_options *o, nk_diag_sink *sink)
{
    (void)sink;
    *out = NULL;
    if (!old_facts || !new_facts)
        return NK_ERR_INVALID;
    if (o && o->version != NK_DIFF_OPTIONS_VERSION)
        return NK_ERR_UNSUPPORTED;
    nk_diff *d = nk_xcalloc(1, sizeof *d);
    d->old_facts = old_facts;
    d->new_facts = new_facts;
    d->base = nk_xstrdup(o && o->base ? o->base : NK_DEFAULT_BASE);
    /* both are versions of OLD's document (entities scoped to it compare) */
    const char *doc = old_facts->doc;
    for (size_t i = 0; !doc && i < old_facts->count; i++)
        doc = old_facts->facts[i].doc;
    d->doc = nk_xstrdup(doc ? doc : "unknown");
    nk_arena *a = nk_arena_new();
    side so, sn;
    side_init(&so, old_facts, d->base, d->doc, a);
    side_init(&sn, new_facts, d->base, d->doc, a);
    align(&so, &sn, o && o->ignore_details, o && o->ignore_repeats);
    build_changes(d, &so, &sn);
    free(so.info);
    free(sn.info);
    nk_arena_free(a);
    *out = d;
    return NK_OK;
}

void nk_diff_free(nk_diff *diff)
{
    if (!diff)
        return;
    free(diff->changes);
    free(diff->base);
    free(diff->doc);
    free(diff);
}

bool nk_diff_has_changes(const nk_diff *diff)
{
    return diff && (diff->added || diff->removed || diff->changed);
}

/* ---- text ------------------------------------------------------------------------ */

static const char *label_or_dash(const nk_entity_ref *e)
{
    return e ? e->label : "-";
}

static void describe(nk_buf *b, const nk_fact *f)
{
    nk_buf_puts(b, f->actor ? f->actor->label : "(no actor)");
    nk_buf_puts(b, f->negated ? " not " : " ");
    nk_buf_puts(b, f->lemma);
    if (f->target) {
        nk_buf_putc(b, ' ');
        nk_buf_puts(b, f->target->label);
    }
    if (f->modality != NK_MOD_ASSERTED)
        nk_buf_printf(b, " [%s]", nk_modality_name(f->modality));
    if (f->place)
        nk_buf_printf(b, " [in %s]", f->place->label);
    if (f->time)
        nk_buf_printf(b, " [time: %s]", f->time);
    if (f->attributed_to)
        nk_buf_printf(b, " [per %s]", f->attributed_to->label);
}

/* A changed entity whose description holds a number of the same thing in
 * both versions ('six diplomats' -> 'seven diplomats'): true, with both. */
static bool changed_quantity(const nk_entity_ref *was, const nk_entity_ref *is, nk_quantity *a,
                             nk_quantity *b)
{
    return was && is && nk_graph_entity_quantity(was, a) && nk_graph_entity_quantity(is, b) &&
           nk_quantity_same_unit(a, b) && strcmp(a->value, b->value) != 0;
}

/* "  killed: 7 -> 9 people" for a changed quantity of the actor or target. */
static void quantity_lines(nk_buf *b, const nk_fact *was, const nk_fact *is, unsigned fields)
{
    nk_quantity qa, qb;
    const nk_entity_ref *pairs[2][2] = {{was->actor, is->actor}, {was->target, is->target}};
    unsigned bits[2] = {NK_DIFF_ACTOR, NK_DIFF_TARGET};
    for (int k = 0; k < 2; k++)
        if ((fields & bits[k]) && changed_quantity(pairs[k][0], pairs[k][1], &qa, &qb))
            nk_buf_printf(b, "  %s: %s -> %s%s%s\n",
                          is->action_text && *is->action_text ? is->action_text : is->lemma,
                          qa.value, qb.value, *qb.unit ? " " : "", qb.unit);
}

static void field_lines(nk_buf *b, const nk_fact *was, const nk_fact *is, unsigned fields)
{
    quantity_lines(b, was, is, fields);
    if (fields & NK_DIFF_ACTOR)
        nk_buf_printf(b, "  actor: %s -> %s\n", label_or_dash(was->actor), label_or_dash(is->actor));
    if (fields & NK_DIFF_TARGET)
        nk_buf_printf(b, "  target: %s -> %s\n", label_or_dash(was->target),
                      label_or_dash(is->target));
    if (fields & NK_DIFF_NEGATION)
        nk_buf_printf(b, "  negated: %s -> %s\n", was->negated ? "yes" : "no",
                      is->negated ? "yes" : "no");
    if (fields & NK_DIFF_MODALITY)
        nk_buf_printf(b, "  modality: %s -> %s\n", nk_modality_name(was->modality),
                      nk_modality_name(is->modality));
    if (fields & NK_DIFF_PLACE)
        nk_buf_printf(b, "  place: %s -> %s\n", label_or_dash(was->place), label_or_dash(is->place));
    if (fields & NK_DIFF_TIME)
        nk_buf_printf(b, "  time: %s -> %s\n", was->time ? was->time : "-", is->time ? is->time : "-");
    if (fields & NK_DIFF_ATTRIBUTION)
        nk_buf_printf(b, "  attributed to: %s -> %s\n", label_or_dash(was->attributed_to),
                      label_or_dash(is->attributed_to));
}

static const char *shown_text(const nk_fact *f)
{
    if (f->sentence_text && *f->sentence_text)
        return f->sentence_text;
    return f->action_text && *f->action_text ? f->action_text : NULL;
}

/* One line of source text: newlines inside it become spaces. */
static void text_line(nk_buf *b, const char *prefix, const char *s)
{
    nk_buf_puts(b, prefix);
    for (; *s; s++)
        nk_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
    nk_buf_putc(b, '\n');
}

void nk_diff_write_text(const nk_diff *d, const char *old_name, const char *new_name,
                        nk_buf *out)
{
    if (!nk_diff_has_changes(d))
        return;
    nk_buf_printf(out, "--- %s\n+++ %s\n", old_name ? old_name : "old",
                  new_name ? new_name : "new");
    for (size_t k = 0; k < d->count; k++) {
        const nk_change *c = &d->changes[k];
        const nk_fact *was = c->old_index != NK_NO_FACT ? &d->old_facts->facts[c->old_index] : NULL;
        const nk_fact *is = c->new_index != NK_NO_FACT ? &d->new_facts->facts[c->new_index] : NULL;
        switch (c->kind) {
        case NK_CHANGE_UNCHANGED:
            break;
        case NK_CHANGE_REMOVED:
        case NK_CHANGE_ADDED: {
            const nk_fact *f = c->kind == NK_CHANGE_REMOVED ? was : is;
            const char *sign = c->kind == NK_CHANGE_REMOVED ? "-" : "+";
            nk_buf_printf(out, "%s ", sign);
            describe(out, f);
            nk_buf_printf(out, "  (sentence %u)\n", f->sentence);
            const char *s = shown_text(f);
            if (s)
                text_line(out, c->kind == NK_CHANGE_REMOVED ? "  - " : "  + ", s);
            break;
        }
        case NK_CHANGE_CHANGED: {
            nk_buf_puts(out, "~ ");
            describe(out, is);
            if (was->sentence == is->sentence)
                nk_buf_printf(out, "  (sentence %u)\n", is->sentence);
            else
                nk_buf_printf(out, "  (sentence %u, was %u)\n", is->sentence, was->sentence);
            field_lines(out, was, is, c->fields);
            const char *s0 = shown_text(was), *s1 = shown_text(is);
            if (s0 && s1 && strcmp(s0, s1) == 0) {
                text_line(out, "  = ", s1);
            } else {
                if (s0)
                    text_line(out, "  - ", s0);
                if (s1)
                    text_line(out, "  + ", s1);
            }
            break;
        }
        }
    }
}

/* ---- JSON Lines --------------------------------------------------------------------- */

/* The JSONL line of each fact of SET, without its newline: nk_facts_write_jsonl
 * writes exactly one line per fact. */
static char **fact_lines(const nk_factset *set, nk_buf *text)
{
    nk_facts_write_jsonl(set, text);
    char **lines = nk_xcalloc(set->count + 1, sizeof *lines);
    char *p = text->data;
    for (size_t i = 0; i < set->count && p && *p; i++) {
        char *nl = strchr(p, '\n');
        lines[i] = p;
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    return lines;
}

static const char *const FIELD_NAMES[] = {"actor", "target", "negated", "modality",
                                          "place", "time", "attributed_to"};

void nk_diff_write_jsonl(const nk_diff *d, nk_buf *out)
{
    if (!nk_diff_has_changes(d))
        return;
    nk_buf ot = {0}, nt = {0};
    char **ol = fact_lines(d->old_facts, &ot);
    char **nl = fact_lines(d->new_facts, &nt);
    for (size_t k = 0; k < d->count; k++) {
        const nk_change *c = &d->changes[k];
        if (c->kind == NK_CHANGE_UNCHANGED)
            continue;
        const char *fact = c->kind == NK_CHANGE_REMOVED ? ol[c->old_index] : nl[c->new_index];
        nk_buf_printf(out, "{\"change\": \"%s\", \"fact\": %s", nk_change_kind_name(c->kind),
                      fact ? fact : "null");
        if (c->kind == NK_CHANGE_CHANGED) {
            const char *old = ol[c->old_index];
            nk_buf_printf(out, ", \"old\": %s, \"fields\": [", old ? old : "null");
            bool first = true;
            for (unsigned b = 0; b < sizeof FIELD_NAMES / sizeof FIELD_NAMES[0]; b++)
                if (c->fields & (1u << b)) {
                    nk_buf_printf(out, "%s\"%s\"", first ? "" : ", ", FIELD_NAMES[b]);
                    first = false;
                }
            nk_buf_putc(out, ']');
            const nk_fact *was = &d->old_facts->facts[c->old_index];
            const nk_fact *is = &d->new_facts->facts[c->new_index];
            nk_quantity qa, qb;
            if (((c->fields & NK_DIFF_TARGET) && changed_quantity(was->target, is->target, &qa, &qb)) ||
                ((c->fields & NK_DIFF_ACTOR) && changed_quantity(was->actor, is->actor, &qa, &qb)))
                nk_buf_printf(out, ", \"quantity\": {\"old\": %s, \"new\": %s, \"unit\": \"%s\"}",
                              qa.value, qb.value, qb.unit);
        }
        nk_buf_puts(out, "}\n");
    }
    free(ol);
    free(nl);
    nk_buf_free(&ot);
    nk_buf_free(&nt);
}

/* ---- RDF Patch ---------------------------------------------------------------------- */

typedef struct lines {
    char **v;
    size_t n;
} lines;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Split canonical N-Triples into sorted lines (in place). */
static void split_lines(nk_buf *text, lines *l)
{
    size_t cap = 16;
    l->v = nk_xmalloc(cap * sizeof *l->v);
    l->n = 0;
    char *p = text->data;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p) {
            if (l->n == cap) {
                cap *= 2;
                l->v = nk_xrealloc(l->v, cap * sizeof *l->v);
            }
            l->v[l->n++] = p;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    /* canonical output is sorted already; sort anyway so the merge below
     * never depends on it */
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

static int canonical_lines(const nk_factset *set, const char *base, nk_buf *text, lines *l,
                           nk_diag_sink *sink)
{
    nk_graph_options go = NK_GRAPH_OPTIONS_INIT;
    go.base = base;
    nk_graph *g = NULL;
    int rc = nk_graph_build(&g, set, &go, sink);
    if (rc == NK_OK)
        rc = nk_rdf_write(g, NK_RDF_NTRIPLES_CANONICAL, text, sink);
    nk_graph_free(g);
    if (rc == NK_OK)
        split_lines(text, l);
    return rc;
}

int nk_diff_write_rdfpatch(const nk_diff *d, nk_buf *out, nk_diag_sink *sink)
{
    nk_buf ot = {0}, nt = {0};
    lines ol = {NULL, 0}, nl = {NULL, 0};
    int rc;
    NK_CHECK(canonical_lines(d->old_facts, d->base, &ot, &ol, sink));
    NK_CHECK(canonical_lines(d->new_facts, d->base, &nt, &nl, sink));
    nk_buf add = {0}, del = {0};
    size_t i = 0, j = 0;
    while (i < ol.n || j < nl.n) {
        int c = i == ol.n ? 1 : j == nl.n ? -1 : strcmp(ol.v[i], nl.v[j]);
        if (c == 0) {
            /* a repeated line counts once on each side */
            i++;
            j++;
        } else if (c < 0) {
            nk_buf_printf(&del, "D %s\n", ol.v[i++]);
        } else {
            nk_buf_printf(&add, "A %s\n", nl.v[j++]);
        }
    }
    if (del.len || add.len) {
        nk_buf_puts(out, "TX .\n");
        if (del.len)
            nk_buf_append(out, del.data, del.len);
        if (add.len)
            nk_buf_append(out, add.data, add.len);
        nk_buf_puts(out, "TC .\n");
    }
    nk_buf_free(&add);
    nk_buf_free(&del);
cleanup:
    free(ol.v);
    free(nl.v);
    nk_buf_free(&ot);
    nk_buf_free(&nt);
    return rc;
}

/* ---- overlay ----------------------------------------------------------------------- */

/* Sorted distinct IRIs of the entities SET's facts mention. */
static void entity_iris(const nk_factset *set, const char *base, const char *doc, nk_arena *a,
                        lines *l)
{
    l->v = nk_xmalloc((4 * set->count + 1) * sizeof *l->v);
    l->n = 0;
    for (size_t i = 0; i < set->count; i++) {
        const nk_fact *f = &set->facts[i];
        const nk_entity_ref *es[4] = {f->actor, f->target, f->place, f->attributed_to};
        for (size_t k = 0; k < 4; k++)
            if (es[k])
                l->v[l->n++] = (char *)entity_iri(a, base, doc, es[k]);
    }
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

static bool has_line(const lines *l, const char *s)
{
    return l->n && bsearch(&s, l->v, l->n, sizeof *l->v, cmp_str) != NULL;
}

static uint64_t fact_key(const nk_fact *f, const char *base, const char *doc, nk_arena *a)
{
    return nk_graph_event_key(f, base, entity_iri(a, base, doc, f->actor),
                              entity_iri(a, base, doc, f->target));
}

enum { SEEN_ADDED = 1, SEEN_REMOVED = 2, SEEN_CHANGED = 4, SEEN_UNCHANGED = 8 };

int nk_diff_overlay_build(nk_diff_overlay **out, const nk_diff *d, const char *title,
                          nk_diag_sink *sink)
{
    *out = NULL;
    if (!d)
        return NK_ERR_INVALID;
    nk_diff_overlay *ov = nk_xcalloc(1, sizeof *ov);
    nk_arena *a = nk_arena_new();
    lines oe = {NULL, 0}, ne = {NULL, 0};
    uint64_t *okeys = NULL, *nkeys = NULL;
    int rc = NK_OK;

    nk_factset *fs = nk_factset_new();
    ov->facts = fs;
    const char *doc = d->new_facts->doc ? d->new_facts->doc : d->old_facts->doc;
    fs->doc = nk_factset_str(fs, doc);
    fs->title = nk_factset_str(fs, title ? title : d->new_facts->title);
    fs->date = nk_factset_str(fs, d->new_facts->date);
    fs->version = nk_factset_str(fs, "diff");
    nk_factset_append(fs, d->new_facts);
    nk_factset_append(fs, d->old_facts);
    nk_graph_options go = NK_GRAPH_OPTIONS_INIT;
    go.base = d->base;
    NK_CHECK(nk_graph_build(&ov->graph, fs, &go, sink));
    const nk_graph *g = ov->graph;

    size_t no = d->old_facts->count, nn = d->new_facts->count;
    okeys = nk_xmalloc((no + 1) * sizeof *okeys);
    nkeys = nk_xmalloc((nn + 1) * sizeof *nkeys);
    for (size_t i = 0; i < no; i++)
        okeys[i] = fact_key(&d->old_facts->facts[i], d->base, d->doc, a);
    for (size_t j = 0; j < nn; j++)
        nkeys[j] = fact_key(&d->new_facts->facts[j], d->base, d->doc, a);

    ov->event_status = nk_xcalloc(g->nevents + 1, sizeof *ov->event_status);
    for (size_t e = 0; e < g->nevents; e++) {
        uint64_t key = g->events[e].key;
        unsigned seen = 0;
        for (size_t k = 0; k < d->count; k++) {
            const nk_change *c = &d->changes[k];
            bool in_old = c->old_index != NK_NO_FACT && okeys[c->old_index] == key;
            bool in_new = c->new_index != NK_NO_FACT && nkeys[c->new_index] == key;
            if (!in_old && !in_new)
                continue;
            switch (c->kind) {
            case NK_CHANGE_ADDED: seen |= SEEN_ADDED; break;
            case NK_CHANGE_REMOVED: seen |= SEEN_REMOVED; break;
            case NK_CHANGE_UNCHANGED: seen |= SEEN_UNCHANGED; break;
            case NK_CHANGE_CHANGED:
                /* the old side of a one-argument change is gone */
                seen |= in_new ? SEEN_CHANGED : SEEN_REMOVED;
                break;
            }
        }
        nk_dot_status st;
        if (seen & SEEN_CHANGED)
            st = NK_DOT_CHANGED;
        else if (seen & SEEN_UNCHANGED)
            st = seen & (SEEN_ADDED | SEEN_REMOVED) ? NK_DOT_CHANGED : NK_DOT_UNCHANGED;
        else if ((seen & SEEN_ADDED) && (seen & SEEN_REMOVED))
            st = NK_DOT_CHANGED;
        else if (seen & SEEN_ADDED)
            st = NK_DOT_ADDED;
        else if (seen & SEEN_REMOVED)
            st = NK_DOT_REMOVED;
        else
            st = NK_DOT_UNCHANGED;
        ov->event_status[e] = st;
    }

    entity_iris(d->old_facts, d->base, d->doc, a, &oe);
    entity_iris(d->new_facts, d->base, d->doc, a, &ne);
    ov->entity_status = nk_xcalloc(g->nentities + 1, sizeof *ov->entity_status);
    for (size_t e = 0; e < g->nentities; e++) {
        bool o = has_line(&oe, g->entities[e].iri), n = has_line(&ne, g->entities[e].iri);
        ov->entity_status[e] = o && n ? NK_DOT_UNCHANGED : n ? NK_DOT_ADDED
                               : o ? NK_DOT_REMOVED : NK_DOT_UNCHANGED;
    }
cleanup:
    free(okeys);
    free(nkeys);
    free(oe.v);
    free(ne.v);
    nk_arena_free(a);
    if (rc < 0) {
        nk_diff_overlay_free(ov);
        return rc;
    }
    *out = ov;
    return NK_OK;
}

void nk_diff_overlay_free(nk_diff_overlay *ov)
{
    if (!ov)
        return;
    nk_graph_free(ov->graph);
    nk_factset_free(ov->facts);
    free(ov->event_status);
    free(ov->entity_status);
    free(ov);
}
