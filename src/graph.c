/* graph.c: see graph.h. */
#include "graph.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"

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

void nk_graph_entity_iri(nk_buf *out, const char *base, const nk_entity_ref *e)
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

uint64_t nk_graph_event_key(const nk_fact *f, const char *base,
                            const char *actor_iri, const char *target_iri)
{
    uint64_t h = NK_HASH_SEED;
    base = base_or_default(base);
    actor_iri = relative(actor_iri, base);
    target_iri = relative(target_iri, base);
    hash_field(&h, "newskg-event-1");
    hash_field(&h, actor_iri);
    if (f->action_class && *f->action_class) {
        hash_field(&h, "class");
        hash_field(&h, f->action_class);
    } else {
        hash_field(&h, "lemma");
        hash_field(&h, f->lemma);
    }
    hash_field(&h, target_iri);
    hash_field(&h, f->negated ? "negated" : "affirmed");
    hash_field(&h, nk_modality_name(f->modality));
    return h;
}

static void doc_part(nk_buf *out, const char *doc)
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

void nk_graph_version_iri(nk_buf *out, const char *base, const char *doc,
                          const char *label)
{
    nk_buf_puts(out, base_or_default(base));
    nk_buf_puts(out, "doc/");
    doc_part(out, doc);
    nk_buf_puts(out, "_v_");
    nk_buf_puts(out, label);
}

char *nk_graph_version_label(const char *version_iri, const char *doc)
{
    nk_buf pat = {0};
    char *label = NULL;
    nk_buf_puts(&pat, "doc/");
    doc_part(&pat, doc);
    nk_buf_puts(&pat, "_v_");
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

static uint64_t span_key(const nk_fact *f, uint64_t version_hash)
{
    uint64_t h = nk_hash64(&f->span_begin, sizeof f->span_begin, version_hash);
    return nk_hash64(&f->span_end, sizeof f->span_end, h);
}

typedef struct builder {
    nk_graph *g;
    table ents;      /* hash of IRI -> entity index */
    table evs;       /* event key -> event index */
    table mens;      /* hash of (span, event) -> mention index */
    table spans;     /* hash of span -> first mention index */
    size_t ent_cap, ev_cap, men_cap;
    nk_buf tmp;
} builder;

static size_t add_entity(builder *b, const nk_entity_ref *e)
{
    if (!e)
        return NK_NONE;
    nk_graph *g = b->g;
    nk_buf_clear(&b->tmp);
    nk_graph_entity_iri(&b->tmp, g->base, e);
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
        table_put(&b->ents, slot, k, idx);
    } else {
        nk_gentity *ge = &g->entities[idx];
        /* fill in what the first reference left open */
        if (!ge->type && e->type)
            ge->type = e->type;
        if (!ge->wikidata && e->wikidata)
            ge->wikidata = e->wikidata;
    }
    g->entities[idx].mentions++;
    return idx;
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
    builder b;
    memset(&b, 0, sizeof b);
    b.g = g;
    table_init(&b.ents, 4 * n);
    table_init(&b.evs, n);
    table_init(&b.mens, n);
    table_init(&b.spans, n);

    /* document and version */
    const char *doc = facts->doc;
    for (size_t i = 0; !doc && i < n; i++)
        doc = facts->facts[i].doc;
    g->doc = nk_arena_strdup(g->arena, doc ? doc : "unknown");
    nk_buf_clear(&b.tmp);
    if (facts->version)
        nk_slug(&b.tmp, facts->version);
    if (b.tmp.len == 0) {
        nk_buf content = {0};
        nk_facts_write_jsonl(facts, &content);
        nk_buf_putc(&b.tmp, 'h');
        put_hex64(&b.tmp, nk_hash64(content.data ? content.data : "", content.len,
                                    NK_HASH_SEED));
        nk_buf_free(&content);
    }
    g->version = nk_arena_strdup(g->arena, b.tmp.data);
    nk_buf_clear(&b.tmp);
    nk_graph_version_iri(&b.tmp, g->base, g->doc, g->version);
    g->version_iri = nk_arena_strdup(g->arena, b.tmp.data);
    uint64_t version_hash = nk_hash64(g->version_iri, strlen(g->version_iri),
                                      NK_HASH_SEED);

    /* entities and events, in fact order */
    for (size_t i = 0; i < n; i++) {
        const nk_fact *f = &facts->facts[i];
        size_t actor = add_entity(&b, f->actor);
        size_t target = add_entity(&b, f->target);
        size_t place = add_entity(&b, f->place);
        size_t attr = add_entity(&b, f->attributed_to);
        uint64_t key = nk_graph_event_key(
            f, g->base, actor == NK_NONE ? NULL : g->entities[actor].iri,
            target == NK_NONE ? NULL : g->entities[target].iri);
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
            nk_buf_puts(&b.tmp, g->base);
            nk_buf_puts(&b.tmp, "event/e");
            put_hex64(&b.tmp, key);
            e->iri = nk_arena_strdup(g->arena, b.tmp.data);
            e->key = key;
            e->fact = f;
            e->fact_index = i;
            e->actor = actor;
            e->target = target;
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

    /* Mentions: version + span.  A span read as several events gives each
     * of them a mention of its own, told apart by the event key; whether a
     * span is shared is decided over all facts first, so the IRIs do not
     * depend on the order of the facts. */
    for (size_t i = 0; i < n; i++) {
        const nk_fact *f = &facts->facts[i];
        uint64_t mk = span_key(f, version_hash);
        size_t sslot = table_slot(&b.spans, mk);
        size_t first = b.spans.vals[sslot];
        if (first == NK_NONE)
            table_put(&b.spans, sslot, mk, fact_event[i]);
        else if (first != fact_event[i])
            b.spans.vals[sslot] = SHARED_SPAN;
    }
    for (size_t i = 0; i < n; i++) {
        const nk_fact *f = &facts->facts[i];
        size_t ev = fact_event[i];
        uint64_t key = g->events[ev].key;
        uint64_t mk = span_key(f, version_hash);
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
        nk_buf_printf(&b.tmp, "%smention/m_", g->base);
        put_hex64(&b.tmp, version_hash);
        nk_buf_printf(&b.tmp, "_%zu_%zu", f->span_begin, f->span_end);
        if (shared) {
            nk_buf_puts(&b.tmp, "_e");
            put_hex64(&b.tmp, key);
        }
        m->iri = nk_arena_strdup(g->arena, b.tmp.data);
        m->fact_index = i;
        m->event = ev;
        table_put(&b.mens, mslot, mk_ev, mi);
        if (!g->events[ev].mention_iri)
            g->events[ev].mention_iri = m->iri;
    }

    /* links between facts become links between events */
    for (size_t i = 0; i < n; i++) {
        const nk_fact *f = &facts->facts[i];
        nk_gevent *e = &g->events[fact_event[i]];
        if (f->content_of != NK_NO_FACT && f->content_of < n &&
            e->content_of == NK_NONE && fact_event[f->content_of] != fact_event[i])
            e->content_of = fact_event[f->content_of];
        if (f->rejects != NK_NO_FACT && f->rejects < n && e->rejects == NK_NONE &&
            fact_event[f->rejects] != fact_event[i])
            e->rejects = fact_event[f->rejects];
    }

    g->entities = to_arena(g->arena, g->entities, g->nentities * sizeof *g->entities);
    g->events = to_arena(g->arena, g->events, g->nevents * sizeof *g->events);
    g->mentions = to_arena(g->arena, g->mentions, g->nmentions * sizeof *g->mentions);
    g->fact_event = to_arena(g->arena, fact_event, n * sizeof *fact_event);
    table_free(&b.ents);
    table_free(&b.evs);
    table_free(&b.mens);
    table_free(&b.spans);
    nk_buf_free(&b.tmp);
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
