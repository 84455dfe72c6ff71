/* graph.c: see graph.h. */
#include "graph.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"
#include "rdf.h"

/* ---- a small open-addressing table: 64-bit key -> index ------------------ */

typedef struct table {
    uint64_t *keys;
    size_t *vals; /* NK_NONE: empty slot */
    size_t cap;   /* power of two */
    size_t used;
} table;

static void table_init(table *t, size_t expected)
{
    t->cap = 16;
    while (t->cap < expected * 2 + 2)
        t->cap *= 2;
    t->keys = nk_xcalloc(t->cap, sizeof *t->keys);
    t->vals = nk_xmalloc(t->cap * sizeof *t->vals);
    for (size_t i = 0; i < t->cap; i++)
        t->vals[i] = NK_NONE;
    t->used = 0;
}

static void table_free(table *t)
{
    free(t->keys);
    free(t->vals);
}

/* The slot of KEY: where it is, or the empty slot where it would go. */
static size_t table_slot(const table *t, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & (t->cap - 1);
    while (t->vals[i] != NK_NONE && t->keys[i] != key)
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* Callers size the table for all their keys up front, so it never fills. */
static void table_put(table *t, size_t slot, uint64_t key, size_t val)
{
    t->keys[slot] = key;
    t->vals[slot] = val;
    t->used++;
}

/* ---- IRIs ------------------------------------------------------------------- */

static const char *base_or_default(const char *base)
{
    return base && *base ? base : NK_DEFAULT_BASE;
}

static void put_hex64(nk_buf *out, uint64_t h)
{
    nk_buf_printf(out, "%016" PRIx64, h);
}

void nk_graph_text_label(char *label, const char *text, size_t len)
{
    snprintf(label, 18, "h%016" PRIx64, nk_hash64(text ? text : "", text ? len : 0, NK_HASH_SEED));
}

void nk_graph_doc_slug(nk_buf *out, const char *doc)
{
    size_t before = out->len;
    nk_slug(out, doc ? doc : "");
    if (out->len == before) {
        nk_buf_puts(out, "doc");
        return;
    }
    char c = out->data[before];
    if (c >= '0' && c <= '9') {
        /* prefix a 'd' so the local name does not start with a digit */
        char *rest = nk_xstrdup(out->data + before);
        out->len = before;
        out->data[before] = '\0';
        nk_buf_putc(out, 'd');
        nk_buf_puts(out, rest);
        free(rest);
    }
}

static bool is_upper_start(const char *w)
{
    unsigned char c = (unsigned char)*w;
    /* ASCII capitals, and any non-ASCII letter (e.g. 'Ö'), count as capitals */
    return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

nk_entity_kind nk_graph_entity_kind(const nk_entity_ref *e)
{
    if (e->kind == NK_ENTITY_NAME || e->kind == NK_ENTITY_DESCRIPTION)
        return e->kind;
    if ((e->wikidata && *e->wikidata) || (e->type && strcmp(e->type, "Country") == 0))
        return NK_ENTITY_NAME;
    const char *l = e->label ? e->label : "";
    while (*l == ' ')
        l++;
    if (!*l || !is_upper_start(l))
        return NK_ENTITY_DESCRIPTION;
    /* the last word decides: "Foreign Office spokesperson" is a description */
    const char *last = l;
    for (const char *p = l; *p; p++)
        if (*p == ' ' && p[1] && p[1] != ' ')
            last = p + 1;
    return is_upper_start(last) || (*last >= '0' && *last <= '9') ? NK_ENTITY_NAME
                                                                   : NK_ENTITY_DESCRIPTION;
}

bool nk_graph_entity_quantity(const nk_entity_ref *e, nk_quantity *q)
{
    if (!e || (e->wikidata && *e->wikidata) || nk_graph_entity_kind(e) != NK_ENTITY_DESCRIPTION)
        return false;
    return nk_quantity_parse(e->label, q);
}

void nk_graph_entity_iri(nk_buf *out, const char *base, const char *doc,
                         const nk_entity_ref *e)
{
    if (e->iri && *e->iri) {
        nk_buf_puts(out, e->iri);
        return;
    }
    nk_buf_puts(out, base_or_default(base));
    nk_buf_puts(out, "entity/");
    if (e->wikidata && *e->wikidata) {
        nk_buf_puts(out, e->wikidata);
        return;
    }
    if (nk_graph_entity_kind(e) == NK_ENTITY_DESCRIPTION) {
        nk_graph_doc_slug(out, doc);
        nk_buf_putc(out, '-');
    }
    /* type + '_' + slug; the lower-case type keeps the local part from
     * starting with a digit */
    if (e->type && *e->type) {
        for (const char *p = e->type; *p; p++)
            nk_buf_putc(out, (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p);
    } else {
        nk_buf_puts(out, "thing");
    }
    nk_buf_putc(out, '_');
    size_t before = out->len;
    nk_slug(out, e->label ? e->label : "");
    if (out->len == before) {
        /* nothing ASCII in the label (e.g. another script): hash it */
        const char *l = e->label ? e->label : "";
        nk_buf_putc(out, 'x');
        put_hex64(out, nk_hash64(l, strlen(l), NK_HASH_SEED));
    }
}

static void hash_field(uint64_t *h, const char *s)
{
    if (s)
        *h = nk_hash64(s, strlen(s), *h);
    /* a separator that cannot occur inside a string */
    *h = nk_hash64("\0", 1, *h);
}

static const char *relative(const char *iri, const char *base)
{
    size_t n = strlen(base);
    return iri && strncmp(iri, base, n) == 0 ? iri + n : iri;
}

const char *nk_graph_fact_class(const nk_fact *f)
{
    const char *c = f->action_class;
    const char *cat = nk_rdf_cameo_category(f->cameo);
    if (cat)
        cat += strlen(NK_ONTOLOGY_NS);
    bool generic = !c || !*c || strcmp(c, "Event") == 0 || strcmp(c, "Claim") == 0 ||
                   (cat && strcmp(c, cat) == 0);
    if (!generic)
        return c;
    return cat && strlen(f->cameo) == 2 ? cat : NULL;
}

uint64_t nk_graph_event_key(const nk_fact *f, const char *base,
                            const char *actor_iri, const char *target_iri)
{
    uint64_t h = NK_HASH_SEED;
    base = base_or_default(base);
    actor_iri = relative(actor_iri, base);
    target_iri = relative(target_iri, base);
    hash_field(&h, "newskg-event-1");
    hash_field(&h, actor_iri);
    const char *cls = nk_graph_fact_class(f);
    if (cls) {
        hash_field(&h, "class");
        hash_field(&h, cls);
    } else {
        hash_field(&h, "lemma");
        hash_field(&h, f->lemma);
    }
    hash_field(&h, target_iri);
    hash_field(&h, f->negated ? "negated" : "affirmed");
    hash_field(&h, nk_modality_name(f->modality));
    return h;
}

void nk_graph_article_iri(nk_buf *out, const char *base, const char *doc)
{
    nk_buf_puts(out, base_or_default(base));
    nk_buf_puts(out, "doc/");
    nk_graph_doc_slug(out, doc);
}

void nk_graph_version_iri(nk_buf *out, const char *base, const char *doc,
                          const char *label)
{
    nk_graph_article_iri(out, base, doc);
    nk_buf_putc(out, '-');
    nk_buf_puts(out, label);
}

char *nk_graph_version_label(const char *version_iri, const char *doc)
{
    nk_buf pat = {0};
    char *label = NULL;
    nk_buf_puts(&pat, "doc/");
    nk_graph_doc_slug(&pat, doc);
    nk_buf_putc(&pat, '-');
    /* the last occurrence: the base may contain "doc/" too */
    const char *hit = NULL;
    for (const char *p = strstr(version_iri, pat.data); p; p = strstr(p + 1, pat.data))
        hit = p;
    if (hit && hit[pat.len] && !strchr(hit + pat.len, '/'))
        label = nk_xstrdup(hit + pat.len);
    nk_buf_free(&pat);
    return label;
}

/* ---- building --------------------------------------------------------------- */

/* Marks a span read as more than one event in the span table. */
#define SHARED_SPAN (NK_NONE - 1)
/* Claims about claims about ...: deeper ones hash as plain events. */
#define MAX_CLAIM_DEPTH 32

/* Where fact F was read, independent of its version: its sentence's text
 * and the span's offsets within the sentence.  When the sentence's position
 * is unknown (facts from another tool), its text and the action's words
 * stand for the span, and *RELATIVE is false.  The offsets within the
 * sentence go to *REL_BEGIN and *REL_END. */
static uint64_t span_key(const nk_fact *f, bool *relative, size_t *rel_begin,
                         size_t *rel_end)
{
    const char *st = f->sentence_text ? f->sentence_text : "";
    size_t n = strlen(st);
    size_t b = f->span_begin, e = f->span_end;
    *relative = f->sentence_begin != NK_NO_POS && b >= f->sentence_begin && e >= b &&
                e - f->sentence_begin <= n;
    uint64_t h = nk_hash64(*relative ? "s" : "a", 1, NK_HASH_SEED);
    h = nk_hash64(st, n, h);
    if (*relative) {
        b -= f->sentence_begin;
        e -= f->sentence_begin;
        h = nk_hash64(&b, sizeof b, h);
        h = nk_hash64(&e, sizeof e, h);
    } else {
        const char *t = f->action_text ? f->action_text : "";
        h = nk_hash64("\0", 1, h);
        h = nk_hash64(t, strlen(t), h);
        b = e = 0;
    }
    *rel_begin = b;
    *rel_end = e;
    return h;
}

typedef struct builder {
    nk_graph *g;
    const nk_factset *facts;
    table ents;      /* hash of IRI -> entity index */
    table evs;       /* event key -> event index */
    table mens;      /* hash of (span, event) -> mention index */
    table spans;     /* hash of span -> first mention index */
    size_t ent_cap, ev_cap, men_cap;
    nk_buf tmp;
    /* claims: the facts whose content_of is each fact */
    size_t *content_start, *contents;
    uint64_t *base_key, *key;
    unsigned char *key_state;  /* 0 not computed, 1 computing, 2 done */
} builder;

static size_t add_entity_at(builder *b, const nk_entity_ref *e, bool mention, unsigned depth)
{
    if (!e)
        return NK_NONE;
    nk_graph *g = b->g;
    nk_buf_clear(&b->tmp);
    nk_graph_entity_iri(&b->tmp, g->base, g->doc, e);
    uint64_t k = nk_hash64(b->tmp.data, b->tmp.len, NK_HASH_SEED);
    size_t slot = table_slot(&b->ents, k);
    /* equal hashes with different IRIs: probe on (64-bit collisions are
     * not expected, but then the two entities stay apart) */
    while (b->ents.vals[slot] != NK_NONE &&
           strcmp(g->entities[b->ents.vals[slot]].iri, b->tmp.data) != 0) {
        k++;
        slot = table_slot(&b->ents, k);
    }
    size_t idx = b->ents.vals[slot];
    if (idx == NK_NONE) {
        if (b->ents.used * 2 + 2 >= b->ents.cap) {
            /* affiliations can outnumber the table's estimate: grow */
            table bigger;
            table_init(&bigger, b->ents.cap);
            for (size_t i = 0; i < b->ents.cap; i++)
                if (b->ents.vals[i] != NK_NONE)
                    table_put(&bigger, table_slot(&bigger, b->ents.keys[i]), b->ents.keys[i],
                              b->ents.vals[i]);
            table_free(&b->ents);
            b->ents = bigger;
            slot = table_slot(&b->ents, k);
        }
        if (g->nentities == b->ent_cap) {
            b->ent_cap = b->ent_cap ? b->ent_cap * 2 : 16;
            g->entities = nk_xrealloc(g->entities, b->ent_cap * sizeof *g->entities);
        }
        idx = g->nentities++;
        nk_gentity *ge = &g->entities[idx];
        memset(ge, 0, sizeof *ge);
        ge->iri = nk_arena_strdup(g->arena, b->tmp.data);
        ge->label = e->label ? e->label : "";
        ge->type = e->type;
        ge->wikidata = e->wikidata;
        ge->kind = nk_graph_entity_kind(e);
        ge->affiliation = NK_NONE;
        table_put(&b->ents, slot, k, idx);
    } else {
        nk_gentity *ge = &g->entities[idx];
        /* fill in what the first reference left open */
        if (!ge->type && e->type)
            ge->type = e->type;
        if (!ge->wikidata && e->wikidata)
            ge->wikidata = e->wikidata;
    }
    if (mention)
        g->entities[idx].mentions++;
    if (e->affiliation && depth < MAX_CLAIM_DEPTH && g->entities[idx].affiliation == NK_NONE) {
        size_t a = add_entity_at(b, e->affiliation, false, depth + 1);
        /* g->entities may have moved */
        if (a != idx) {
            g->entities[idx].affiliation = a;
            g->entities[a].roles |= NK_ROLE_BIT_AFFILIATION;
        }
    }
    return idx;
}

static size_t add_entity(builder *b, const nk_entity_ref *e)
{
    return add_entity_at(b, e, true, 0);
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, c = *(const uint64_t *)y;
    return (a > c) - (a < c);
}

/* The key of fact I: its identity, and for a claim what it says. */
static uint64_t claim_key(builder *b, size_t i, unsigned depth)
{
    if (b->key_state[i] == 2)
        return b->key[i];
    size_t from = b->content_start[i], to = b->content_start[i + 1];
    if (b->key_state[i] == 1 || depth > MAX_CLAIM_DEPTH || from == to) {
        /* no content, a cycle, or too deep: the plain identity */
        if (b->key_state[i] != 1) {
            b->key[i] = b->base_key[i];
            b->key_state[i] = 2;
        }
        return b->base_key[i];
    }
    b->key_state[i] = 1;
    size_t n = to - from;
    uint64_t *ks = nk_xmalloc(n * sizeof *ks);
    for (size_t k = 0; k < n; k++)
        ks[k] = claim_key(b, b->contents[from + k], depth + 1);
    qsort(ks, n, sizeof *ks, cmp_u64);
    uint64_t h = nk_hash64("claim", 5, b->base_key[i]);
    for (size_t k = 0; k < n; k++)
        if (k == 0 || ks[k] != ks[k - 1])
            h = nk_hash64(&ks[k], sizeof ks[k], h);
    free(ks);
    b->key[i] = h;
    b->key_state[i] = 2;
    return h;
}

/* The version label of SET: its own (slugged), else "h" + a hash of its
 * facts as JSON Lines. */
static void version_label(nk_buf *out, const nk_factset *set)
{
    size_t before = out->len;
    if (set->version)
        nk_slug(out, set->version);
    if (out->len == before) {
        nk_buf content = {0};
        nk_facts_write_jsonl(set, &content);
        nk_buf_putc(out, 'h');
        put_hex64(out, nk_hash64(content.data ? content.data : "", content.len, NK_HASH_SEED));
        nk_buf_free(&content);
    }
}

void nk_graph_factset_version_iri(nk_buf *out, const nk_factset *set, const char *base)
{
    const char *doc = set->doc;
    for (size_t i = 0; !doc && i < set->count; i++)
        doc = set->facts[i].doc;
    nk_buf label = {0};
    version_label(&label, set);
    nk_graph_version_iri(out, base, doc ? doc : "unknown", label.data);
    nk_buf_free(&label);
}

/* Arrays in the graph are malloc'd while building (they grow) and moved
 * into the arena at the end, so nk_graph_free frees one arena. */
static void *to_arena(nk_arena *a, void *p, size_t n)
{
    if (!p || n == 0) {
        free(p);
        return NULL;
    }
    void *q = nk_arena_alloc(a, n);
    memcpy(q, p, n);
    free(p);
    return q;
}

int nk_graph_build(nk_graph **out, const nk_factset *facts,
                   const nk_graph_options *opts, nk_diag_sink *sink)
{
    (void)sink;
    *out = NULL;
    if (!facts)
        return NK_ERR_INVALID;
    if (opts && opts->version != NK_GRAPH_OPTIONS_VERSION)
        return NK_ERR_UNSUPPORTED;

    nk_graph *g = nk_xcalloc(1, sizeof *g);
    g->arena = nk_arena_new();
    g->facts = facts;
    g->base = nk_arena_strdup(g->arena, base_or_default(opts ? opts->base : NULL));
    size_t n = facts->count;
    size_t *fact_event = nk_xmalloc((n ? n : 1) * sizeof *fact_event);
    size_t *actors = nk_xmalloc((n ? n : 1) * sizeof *actors);
    size_t *targets = nk_xmalloc((n ? n : 1) * sizeof *targets);
    builder b;
    memset(&b, 0, sizeof b);
    b.g = g;
    b.facts = facts;
    table_init(&b.ents, 4 * n);
    table_init(&b.evs, n);
    table_init(&b.mens, n);
    table_init(&b.spans, n);

    /* document, article and version */
    const char *doc = facts->doc;
    for (size_t i = 0; !doc && i < n; i++)
        doc = facts->facts[i].doc;
    g->doc = nk_arena_strdup(g->arena, doc ? doc : "unknown");
    nk_buf_clear(&b.tmp);
    nk_graph_doc_slug(&b.tmp, g->doc);
    g->doc_slug = nk_arena_strdup(g->arena, b.tmp.data);
    nk_buf_clear(&b.tmp);
    version_label(&b.tmp, facts);
    g->version = nk_arena_strdup(g->arena, b.tmp.data);
    nk_buf_clear(&b.tmp);
    nk_graph_version_iri(&b.tmp, g->base, g->doc, g->version);
    g->version_iri = nk_arena_strdup(g->arena, b.tmp.data);
    nk_buf_clear(&b.tmp);
    nk_graph_article_iri(&b.tmp, g->base, g->doc);
    g->article_iri = nk_arena_strdup(g->arena, b.tmp.data);
    if (facts->previous && *facts->previous && strcmp(facts->previous, g->version_iri) != 0)
        g->previous_iri = nk_arena_strdup(g->arena, facts->previous);

    /* entities, and each fact's identity */
    b.base_key = nk_xmalloc((n ? n : 1) * sizeof *b.base_key);
    b.key = nk_xmalloc((n ? n : 1) * sizeof *b.key);
    b.key_state = nk_xcalloc(n ? n : 1, 1);
    b.content_start = nk_xcalloc(n + 2, sizeof *b.content_start);
    b.contents = nk_xmalloc((n ? n : 1) * sizeof *b.contents);
    for (size_t i = 0; i < n; i++) {
        const nk_fact *f = &facts->facts[i];
        actors[i] = add_entity(&b, f->actor);
        targets[i] = add_entity(&b, f->target);
        b.base_key[i] = nk_graph_event_key(
            f, g->base, actors[i] == NK_NONE ? NULL : g->entities[actors[i]].iri,
            targets[i] == NK_NONE ? NULL : g->entities[targets[i]].iri);
    }
    /* contents of each claim (counting sort by claim index) */
    for (size_t i = 0; i < n; i++) {
        size_t c = facts->facts[i].content_of;
        if (c != NK_NO_FACT && c < n && c != i)
            b.content_start[c + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        b.content_start[i + 1] += b.content_start[i];
    {
        size_t *fill = nk_xmalloc((n ? n : 1) * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            fill[i] = b.content_start[i];
        for (size_t i = 0; i < n; i++) {
            size_t c = facts->facts[i].content_of;
            if (c != NK_NO_FACT && c < n && c != i)
                b.contents[fill[c]++] = i;
        }
        free(fill);
    }

    /* events, in fact order */
    for (size_t i = 0; i < n; i++) {
        const nk_fact *f = &facts->facts[i];
        size_t place = add_entity(&b, f->place);
        size_t attr = add_entity(&b, f->attributed_to);
        uint64_t key = claim_key(&b, i, 0);
        size_t slot = table_slot(&b.evs, key);
        size_t ev = b.evs.vals[slot];
        if (ev == NK_NONE) {
            if (g->nevents == b.ev_cap) {
                b.ev_cap = b.ev_cap ? b.ev_cap * 2 : 16;
                g->events = nk_xrealloc(g->events, b.ev_cap * sizeof *g->events);
            }
            ev = g->nevents++;
            nk_gevent *e = &g->events[ev];
            memset(e, 0, sizeof *e);
            nk_buf_clear(&b.tmp);
            nk_buf_printf(&b.tmp, "%sevent/%s-e", g->base, g->doc_slug);
            put_hex64(&b.tmp, key);
            e->iri = nk_arena_strdup(g->arena, b.tmp.data);
            e->key = key;
            e->fact = f;
            e->fact_index = i;
            e->actor = actors[i];
            e->target = targets[i];
            e->place = place;
            e->attributed_to = attr;
            e->content_of = NK_NONE;
            e->rejects = NK_NONE;
            table_put(&b.evs, slot, key, ev);
        } else {
            nk_gevent *e = &g->events[ev];
            if (e->place == NK_NONE)
                e->place = place;
            if (e->attributed_to == NK_NONE)
                e->attributed_to = attr;
        }
        g->events[ev].occurrences++;
        fact_event[i] = ev;
    }

    /* Mentions: sentence + span within it.  A span read as several events
     * gives each of them a mention of its own, told apart by the event key;
     * whether a span is shared is decided over all facts first, so the IRIs
     * do not depend on the order of the facts. */
    for (size_t i = 0; i < n; i++) {
        size_t rb, re;
        bool rel;
        uint64_t mk = span_key(&facts->facts[i], &rel, &rb, &re);
        size_t sslot = table_slot(&b.spans, mk);
        size_t first = b.spans.vals[sslot];
        if (first == NK_NONE)
            table_put(&b.spans, sslot, mk, fact_event[i]);
        else if (first != fact_event[i])
            b.spans.vals[sslot] = SHARED_SPAN;
    }
    for (size_t i = 0; i < n; i++) {
        size_t ev = fact_event[i];
        uint64_t key = g->events[ev].key;
        size_t rb, re;
        bool rel;
        uint64_t mk = span_key(&facts->facts[i], &rel, &rb, &re);
        uint64_t mk_ev = nk_hash64(&key, sizeof key, mk);
        size_t mslot = table_slot(&b.mens, mk_ev);
        if (b.mens.vals[mslot] != NK_NONE)
            continue; /* the same event read again at the same span */
        bool shared = b.spans.vals[table_slot(&b.spans, mk)] == SHARED_SPAN;
        if (g->nmentions == b.men_cap) {
            b.men_cap = b.men_cap ? b.men_cap * 2 : 16;
            g->mentions = nk_xrealloc(g->mentions, b.men_cap * sizeof *g->mentions);
        }
        size_t mi = g->nmentions++;
        nk_gmention *m = &g->mentions[mi];
        nk_buf_clear(&b.tmp);
        nk_buf_printf(&b.tmp, "%smention/%s-m", g->base, g->doc_slug);
        put_hex64(&b.tmp, mk);
        if (rel)
            nk_buf_printf(&b.tmp, "_%zu_%zu", rb, re);
        if (shared) {
            nk_buf_puts(&b.tmp, "_e");
            put_hex64(&b.tmp, key);
        }
        m->iri = nk_arena_strdup(g->arena, b.tmp.data);
        m->fact_index = i;
        m->event = ev;
        m->in_sentence = rel;
        m->begin = rb;
        m->end = re;
        table_put(&b.mens, mslot, mk_ev, mi);
        if (!g->events[ev].mention_iri)
            g->events[ev].mention_iri = m->iri;
    }

    /* links between facts become links between events */
    table said;
    table_init(&said, n);
    size_t links_cap = 0;
    for (size_t i = 0; i < n; i++) {
        const nk_fact *f = &facts->facts[i];
        nk_gevent *e = &g->events[fact_event[i]];
        if (f->content_of != NK_NO_FACT && f->content_of < n &&
            fact_event[f->content_of] != fact_event[i]) {
            size_t claim = fact_event[f->content_of];
            if (e->content_of == NK_NONE)
                e->content_of = claim;
            /* exact while there are fewer than 2^32 events */
            uint64_t k = (uint64_t)claim * ((uint64_t)g->nevents + 1) + fact_event[i];
            size_t slot = table_slot(&said, k);
            if (said.vals[slot] == NK_NONE) {
                if (g->nclaim_links == links_cap) {
                    links_cap = links_cap ? links_cap * 2 : 16;
                    g->claim_links =
                        nk_xrealloc(g->claim_links, links_cap * sizeof *g->claim_links);
                }
                table_put(&said, slot, k, g->nclaim_links);
                g->claim_links[g->nclaim_links].from = claim;
                g->claim_links[g->nclaim_links++].to = fact_event[i];
            }
        }
        if (f->rejects != NK_NO_FACT && f->rejects < n && e->rejects == NK_NONE &&
            fact_event[f->rejects] != fact_event[i])
            e->rejects = fact_event[f->rejects];
    }

    /* the roles each entity plays */
    for (size_t i = 0; i < g->nevents; i++) {
        const nk_gevent *e = &g->events[i];
        if (e->actor != NK_NONE)
            g->entities[e->actor].roles |= NK_ROLE_BIT_ACTOR;
        if (e->target != NK_NONE)
            g->entities[e->target].roles |= NK_ROLE_BIT_TARGET;
        if (e->place != NK_NONE)
            g->entities[e->place].roles |= NK_ROLE_BIT_PLACE;
        if (e->attributed_to != NK_NONE)
            g->entities[e->attributed_to].roles |= NK_ROLE_BIT_SOURCE;
    }

    g->entities = to_arena(g->arena, g->entities, g->nentities * sizeof *g->entities);
    g->events = to_arena(g->arena, g->events, g->nevents * sizeof *g->events);
    g->mentions = to_arena(g->arena, g->mentions, g->nmentions * sizeof *g->mentions);
    g->fact_event = to_arena(g->arena, fact_event, n * sizeof *fact_event);
    g->claim_links =
        to_arena(g->arena, g->claim_links, g->nclaim_links * sizeof *g->claim_links);
    table_free(&said);
    table_free(&b.ents);
    table_free(&b.evs);
    table_free(&b.mens);
    table_free(&b.spans);
    nk_buf_free(&b.tmp);
    free(b.base_key);
    free(b.key);
    free(b.key_state);
    free(b.content_start);
    free(b.contents);
    free(actors);
    free(targets);
    *out = g;
    return NK_OK;
}

void nk_graph_free(nk_graph *graph)
{
    if (!graph)
        return;
    nk_arena_free(graph->arena);
    free(graph);
}

nk_glink *nk_graph_claims_by_content(const nk_graph *g, size_t *n)
{
    size_t ne = g->nevents, k = 0;
    nk_glink *out;
    if (!g->claim_links) {
        out = nk_xmalloc((ne ? ne : 1) * sizeof *out);
        for (size_t i = 0; i < ne; i++)
            if (g->events[i].content_of != NK_NONE && g->events[i].content_of < ne)
                out[k++] = (nk_glink){g->events[i].content_of, i};
        *n = k;
        return out;
    }
    /* a counting sort by content */
    size_t *start = nk_xcalloc(ne + 2, sizeof *start);
    for (size_t i = 0; i < g->nclaim_links; i++)
        if (g->claim_links[i].from < ne && g->claim_links[i].to < ne)
            start[g->claim_links[i].to + 2]++;
    for (size_t i = 0; i < ne; i++)
        start[i + 2] += start[i + 1];
    out = nk_xmalloc((g->nclaim_links ? g->nclaim_links : 1) * sizeof *out);
    for (size_t i = 0; i < g->nclaim_links; i++)
        if (g->claim_links[i].from < ne && g->claim_links[i].to < ne)
            out[start[g->claim_links[i].to + 1]++] = g->claim_links[i];
    *n = start[ne];
    free(start);
    return out;
}
