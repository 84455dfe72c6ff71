/* rdf_read.c: reading newskg's own RDF back into facts (see rdf.h). */
#include "rdf.h"

#include <redland.h>

#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"

#define RDF_NS NK_RDF_NS
#define RDFS_NS NK_RDFS_NS

enum term {
    T_EVENT = NK_RDF_T_EVENT, T_CLAIM = NK_RDF_T_CLAIM,
    T_ARTICLE_VERSION = NK_RDF_T_ARTICLE_VERSION, T_ACTOR = NK_RDF_T_ACTOR,
    T_TARGET = NK_RDF_T_TARGET, T_PLACE = NK_RDF_T_PLACE, T_TIME = NK_RDF_T_TIME,
    T_TIME_TEXT = NK_RDF_T_TIME_TEXT, T_NEGATED = NK_RDF_T_NEGATED,
    T_MODALITY = NK_RDF_T_MODALITY, T_ATTRIBUTED_TO = NK_RDF_T_ATTRIBUTED_TO,
    T_CLAIM_CONTENT = NK_RDF_T_CLAIM_CONTENT, T_REJECTS = NK_RDF_T_REJECTS,
    T_MENTION_P = NK_RDF_T_MENTION_P, T_IN_VERSION = NK_RDF_T_IN_VERSION,
    T_SENTENCE = NK_RDF_T_SENTENCE, T_BEGIN_OFFSET = NK_RDF_T_BEGIN_OFFSET,
    T_END_OFFSET = NK_RDF_T_END_OFFSET, T_SENTENCE_TEXT = NK_RDF_T_SENTENCE_TEXT,
    T_SOURCE_TEXT = NK_RDF_T_SOURCE_TEXT, T_CONFIDENCE = NK_RDF_T_CONFIDENCE,
    T_LEMMA = NK_RDF_T_LEMMA, T_CAMEO_CODE = NK_RDF_T_CAMEO_CODE,
    T_WIKIDATA = NK_RDF_T_WIKIDATA, T_DOCUMENT_ID = NK_RDF_T_DOCUMENT_ID,
    T_TITLE = NK_RDF_T_TITLE, T_URL = NK_RDF_T_URL, T_DATE = NK_RDF_T_DATE
};
#define TERMS (nk_rdf_terms_used())

/* ---- shared librdf set-up -------------------------------------------------- */

typedef struct rdfctx {
    librdf_world *world;
    librdf_storage *storage;
    librdf_model *model;
    bool contexts;
    librdf_node *context;   /* the current named graph (N-Quads), borrowed */
    nk_diag_sink *sink;
    const char *filename;
    unsigned errors;
    nk_buf tmp;
} rdfctx;

/* librdf's messages go to the sink (its default logger prints an
 * uninitialised location buffer: dependencies.md, pitfall 1). */
static int log_handler(void *user, librdf_log_message *msg)
{
    rdfctx *c = user;
    librdf_log_level level = librdf_log_message_level(msg);
    if (level < LIBRDF_LOG_WARN)
        return 1;
    raptor_locator *loc = librdf_log_message_locator(msg);
    int line = loc ? raptor_locator_line(loc) : 0;
    int col = loc ? raptor_locator_column(loc) : 0;
    const char *text = librdf_log_message_message(msg);
    nk_severity sev = level >= LIBRDF_LOG_ERROR ? NK_ERROR : NK_WARNING;
    if (sev == NK_ERROR)
        c->errors++;
    /* raptor counts columns from 0 and gives -1 when it does not know */
    nk_diag_report(c->sink, sev, c->filename, line > 0 ? (unsigned)line : 0,
                   col >= 0 && line > 0 ? (unsigned)col + 1 : 0, SIZE_MAX, "%s",
                   text ? text : "librdf error");
    return 1;
}

static int ctx_open(rdfctx *c, bool contexts, nk_diag_sink *sink,
                    const char *filename)
{
    memset(c, 0, sizeof *c);
    c->sink = sink;
    c->filename = filename;
    c->contexts = contexts;
    c->world = librdf_new_world();
    if (!c->world)
        goto fail;
    librdf_world_set_logger(c->world, c, log_handler);
    librdf_world_open(c->world);
    c->storage = librdf_new_storage(c->world, "hashes", "newskg",
                                    contexts ? "hash-type='memory',contexts='yes'"
                                             : "hash-type='memory'");
    if (!c->storage)
        goto fail;
    c->model = librdf_new_model(c->world, c->storage, NULL);
    if (!c->model)
        goto fail;
    return NK_OK;
fail:
    nk_diag_report(sink, NK_ERROR, filename, 0, 0, SIZE_MAX,
                   "librdf: cannot create an in-memory model");
    return NK_ERR_EXTERNAL;
}

static void ctx_close(rdfctx *c)
{
    if (c->model)
        librdf_free_model(c->model);
    if (c->storage)
        librdf_free_storage(c->storage);
    if (c->world)
        librdf_free_world(c->world);
    nk_buf_free(&c->tmp);
    memset(c, 0, sizeof *c);
}

static librdf_node *uri_node(rdfctx *c, const char *iri)
{
    return librdf_new_node_from_uri_string(c->world, (const unsigned char *)iri);
}

static librdf_node *uri2_node(rdfctx *c, const char *ns, const char *local)
{
    nk_buf_clear(&c->tmp);
    nk_buf_puts(&c->tmp, ns);
    nk_buf_puts(&c->tmp, local);
    return uri_node(c, c->tmp.data);
}

static librdf_node *term_node(rdfctx *c, enum term t)
{
    return uri2_node(c, NK_ONTOLOGY_NS, TERMS[t]);
}


static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- reader ------------------------------------------------------------------ */

static const char *node_iri(librdf_node *n)
{
    if (!n || !librdf_node_is_resource(n))
        return NULL;
    return (const char *)librdf_uri_as_string(librdf_node_get_uri(n));
}

/* The literal value of SUBJ's property P (a term) copied into SET, or NULL. */
static const char *get_lit(rdfctx *c, nk_factset *set, librdf_node *subj, enum term p)
{
    librdf_node *pn = term_node(c, p);
    if (!pn)
        return NULL;
    librdf_node *o = librdf_model_get_target(c->model, subj, pn);
    librdf_free_node(pn);
    const char *v = NULL;
    if (o && librdf_node_is_literal(o))
        v = nk_factset_str(set, (const char *)librdf_node_get_literal_value(o));
    if (o)
        librdf_free_node(o);
    return v;
}

/* The IRI object of SUBJ's property (NS, LOCAL), copied into SET, or NULL. */
static const char *get_ref(rdfctx *c, nk_factset *set, librdf_node *subj,
                           const char *ns, const char *local)
{
    librdf_node *pn = uri2_node(c, ns, local);
    if (!pn)
        return NULL;
    librdf_node *o = librdf_model_get_target(c->model, subj, pn);
    librdf_free_node(pn);
    const char *v = o ? nk_factset_str(set, node_iri(o)) : NULL;
    if (o)
        librdf_free_node(o);
    return v;
}

/* The local names of SUBJ's rdf:type values in the nk: namespace, as a
 * malloc'd NULL-terminated array of strings in SET (sorted). */
static const char **get_nk_types(rdfctx *c, nk_factset *set, librdf_node *subj)
{
    size_t n = 0, cap = 4;
    const char **out = nk_xmalloc(cap * sizeof *out);
    librdf_node *pn = uri2_node(c, RDF_NS, "type");
    librdf_iterator *it = pn ? librdf_model_get_targets(c->model, subj, pn) : NULL;
    size_t nslen = strlen(NK_ONTOLOGY_NS);
    while (it && !librdf_iterator_end(it)) {
        const char *iri = node_iri(librdf_iterator_get_object(it));
        if (iri && strncmp(iri, NK_ONTOLOGY_NS, nslen) == 0 && iri[nslen]) {
            if (n + 1 >= cap) {
                cap *= 2;
                out = nk_xrealloc(out, cap * sizeof *out);
            }
            out[n++] = nk_factset_str(set, iri + nslen);
        }
        librdf_iterator_next(it);
    }
    if (it)
        librdf_free_iterator(it);
    if (pn)
        librdf_free_node(pn);
    out[n] = NULL;
    qsort(out, n, sizeof *out, line_cmp);
    return out;
}

static nk_entity_ref *get_entity(rdfctx *c, nk_factset *set, librdf_node *ev,
                                 enum term p)
{
    const char *iri = get_ref(c, set, ev, NK_ONTOLOGY_NS, TERMS[p]);
    if (!iri)
        return NULL;
    librdf_node *en = uri_node(c, iri);
    if (!en)
        return NULL;
    nk_entity_ref *e = nk_arena_alloc(set->arena, sizeof *e);
    e->iri = iri;
    {
        librdf_node *pn = uri2_node(c, RDFS_NS, "label");
        librdf_node *o = pn ? librdf_model_get_target(c->model, en, pn) : NULL;
        e->label = o && librdf_node_is_literal(o)
                       ? nk_factset_str(set, (const char *)librdf_node_get_literal_value(o))
                       : "";
        if (o)
            librdf_free_node(o);
        if (pn)
            librdf_free_node(pn);
    }
    e->wikidata = get_lit(c, set, en, T_WIKIDATA);
    const char **types = get_nk_types(c, set, en);
    for (size_t i = 0; types[i]; i++)
        if (nk_entity_type_known(types[i])) {
            e->type = types[i];
            break;
        }
    free(types);
    librdf_free_node(en);
    return e;
}

/* One (event, mention) pair found in the chosen version. */
typedef struct pending {
    char *event;     /* malloc'd IRIs */
    char *mention;
    size_t begin, end;
} pending;

static int pending_cmp(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    int r = strcmp(x->event, y->event);
    return r ? r : strcmp(x->mention, y->mention);
}

static size_t parse_size(const char *s)
{
    return s ? (size_t)strtoull(s, NULL, 10) : 0;
}

/* Index of the first fact of event IRI, or NK_NO_FACT. */
static size_t first_fact_of(const pending *pd, size_t n, const char *iri)
{
    for (size_t i = 0; iri && i < n; i++)
        if (strcmp(pd[i].event, iri) == 0)
            return i;
    return NK_NO_FACT;
}

int nk_rdf_read(nk_factset **out, const char *text, size_t len,
                nk_rdf_format format, const char *filename, nk_diag_sink *sink)
{
    int rc = NK_OK;
    rdfctx c;
    librdf_parser *parser = NULL;
    librdf_uri *base = NULL;
    librdf_node *pn = NULL, *on = NULL, *version = NULL;
    librdf_iterator *it = NULL;
    nk_factset *set = NULL;
    pending *pd = NULL;
    size_t npd = 0, pdcap = 0;
    char **versions = NULL;
    size_t nversions = 0;
    *out = NULL;
    if (!filename)
        filename = "<input>";
    /* N-Triples is read with the Turtle parser (it is a subset of Turtle):
     * raptor 2.0.15's N-Triples parser leaks a reference to each literal
     * datatype URI.  Its N-Quads parser shares that leak (a few blocks per
     * call, reported by LeakSanitizer; nothing to do on our side). */
    const char *pname = format == NK_RDF_NQUADS   ? "nquads"
                        : format == NK_RDF_RDFXML ? "rdfxml"
                                                  : "turtle";
    NK_TRY(ctx_open(&c, true, sink, filename));

    parser = librdf_new_parser(c.world, pname, NULL, NULL);
    /* the Turtle parser needs a base URI (pitfall 4); ours has no relative
     * IRIs, so any absolute one will do */
    base = librdf_new_uri(c.world, (const unsigned char *)"file:///newskg-input");
    if (!parser || !base) {
        nk_diag_report(sink, NK_ERROR, filename, 0, 0, SIZE_MAX,
                       "librdf has no %s parser", pname);
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    if (librdf_parser_parse_counted_string_into_model(
            parser, (const unsigned char *)text, len, base, c.model) != 0 ||
        c.errors) {
        if (!c.errors)
            nk_diag_report(sink, NK_ERROR, filename, 0, 0, SIZE_MAX,
                           "cannot parse as %s", pname);
        rc = NK_ERR_PARSE;
        goto cleanup;
    }

    set = nk_factset_new();

    /* the article version(s) */
    pn = uri2_node(&c, RDF_NS, "type");
    on = term_node(&c, T_ARTICLE_VERSION);
    it = pn && on ? librdf_model_get_sources(c.model, pn, on) : NULL;
    while (it && !librdf_iterator_end(it)) {
        const char *iri = node_iri(librdf_iterator_get_object(it));
        if (iri) {
            versions = nk_xrealloc(versions, (nversions + 1) * sizeof *versions);
            versions[nversions++] = nk_xstrdup(iri);
        }
        librdf_iterator_next(it);
    }
    if (it)
        librdf_free_iterator(it);
    it = NULL;
    librdf_free_node(pn);
    librdf_free_node(on);
    pn = on = NULL;
    if (nversions == 0) {
        nk_diag_report(sink, NK_ERROR, filename, 0, 0, SIZE_MAX,
                       "not a newskg graph: no nk:ArticleVersion");
        rc = NK_ERR_INVALID;
        goto cleanup;
    }
    qsort(versions, nversions, sizeof *versions, line_cmp);
    /* duplicates come from N-Quads holding one version twice */
    size_t distinct = 1;
    for (size_t i = 1; i < nversions; i++)
        distinct += strcmp(versions[i], versions[i - 1]) != 0;
    if (distinct > 1)
        nk_diag_report(sink, NK_WARNING, filename, 0, 0, SIZE_MAX,
                       "%zu article versions; reading only %s", distinct, versions[0]);
    version = uri_node(&c, versions[0]);
    if (!version) {
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    set->doc = get_lit(&c, set, version, T_DOCUMENT_ID);
    set->title = get_lit(&c, set, version, T_TITLE);
    set->url = get_lit(&c, set, version, T_URL);
    set->date = get_lit(&c, set, version, T_DATE);
    if (set->doc) {
        char *label = nk_graph_version_label(versions[0], set->doc);
        set->version = nk_factset_str(set, label);
        free(label);
    }

    /* its mentions and their events */
    pn = term_node(&c, T_IN_VERSION);
    it = pn ? librdf_model_get_sources(c.model, pn, version) : NULL;
    librdf_node *mention_p = term_node(&c, T_MENTION_P);
    while (it && mention_p && !librdf_iterator_end(it)) {
        librdf_node *m = librdf_iterator_get_object(it);
        const char *miri = node_iri(m);
        librdf_iterator *evs = miri ? librdf_model_get_sources(c.model, mention_p, m) : NULL;
        while (evs && !librdf_iterator_end(evs)) {
            const char *eiri = node_iri(librdf_iterator_get_object(evs));
            if (eiri) {
                if (npd == pdcap) {
                    pdcap = pdcap ? pdcap * 2 : 16;
                    pd = nk_xrealloc(pd, pdcap * sizeof *pd);
                }
                pending *p = &pd[npd++];
                p->event = nk_xstrdup(eiri);
                p->mention = nk_xstrdup(miri);
                p->begin = parse_size(get_lit(&c, set, m, T_BEGIN_OFFSET));
                p->end = parse_size(get_lit(&c, set, m, T_END_OFFSET));
            }
            librdf_iterator_next(evs);
        }
        if (evs)
            librdf_free_iterator(evs);
        librdf_iterator_next(it);
    }
    if (mention_p)
        librdf_free_node(mention_p);
    if (it)
        librdf_free_iterator(it);
    it = NULL;
    librdf_free_node(pn);
    pn = NULL;
    if (npd > 1)
        qsort(pd, npd, sizeof *pd, pending_cmp);

    /* one fact per (event, mention) */
    for (size_t i = 0; i < npd; i++) {
        librdf_node *ev = uri_node(&c, pd[i].event);
        librdf_node *m = uri_node(&c, pd[i].mention);
        if (!ev || !m) {
            if (ev)
                librdf_free_node(ev);
            if (m)
                librdf_free_node(m);
            rc = NK_ERR_EXTERNAL;
            goto cleanup;
        }
        nk_fact *f = nk_factset_add(set);
        f->doc = set->doc;
        f->span_begin = pd[i].begin;
        f->span_end = pd[i].end;
        size_t s = parse_size(get_lit(&c, set, m, T_SENTENCE));
        f->sentence = s > 0 && s <= 0xFFFFFFFFu ? (unsigned)s : 1;
        f->action_text = get_lit(&c, set, m, T_SOURCE_TEXT);
        f->sentence_text = get_lit(&c, set, m, T_SENTENCE_TEXT);
        const char *conf = get_lit(&c, set, m, T_CONFIDENCE);
        if (conf)
            f->confidence = strtod(conf, NULL);
        f->lemma = get_lit(&c, set, ev, T_LEMMA);
        if (!f->lemma)
            f->lemma = "";
        f->cameo = get_lit(&c, set, ev, T_CAMEO_CODE);
        f->time = get_lit(&c, set, ev, T_TIME);
        if (!f->time)
            f->time = get_lit(&c, set, ev, T_TIME_TEXT);
        const char *neg = get_lit(&c, set, ev, T_NEGATED);
        f->negated = neg && (strcmp(neg, "true") == 0 || strcmp(neg, "1") == 0);
        int mod = nk_modality_parse(get_lit(&c, set, ev, T_MODALITY));
        f->modality = mod < 0 ? NK_MOD_ASSERTED : (nk_modality)mod;
        const char **types = get_nk_types(&c, set, ev);
        for (size_t k = 0; types[k]; k++)
            if (strcmp(types[k], TERMS[T_EVENT]) != 0 &&
                strcmp(types[k], TERMS[T_CLAIM]) != 0) {
                f->action_class = types[k];
                break;
            }
        free(types);
        f->actor = get_entity(&c, set, ev, T_ACTOR);
        f->target = get_entity(&c, set, ev, T_TARGET);
        f->place = get_entity(&c, set, ev, T_PLACE);
        f->attributed_to = get_entity(&c, set, ev, T_ATTRIBUTED_TO);

        /* links: the claim whose content this is; the event it rejects */
        librdf_node *cc = term_node(&c, T_CLAIM_CONTENT);
        librdf_node *claim = cc ? librdf_model_get_source(c.model, cc, ev) : NULL;
        f->content_of = first_fact_of(pd, npd, node_iri(claim));
        if (claim)
            librdf_free_node(claim);
        if (cc)
            librdf_free_node(cc);
        f->rejects = first_fact_of(pd, npd, get_ref(&c, set, ev, NK_ONTOLOGY_NS,
                                                    TERMS[T_REJECTS]));
        if (f->content_of == i)
            f->content_of = NK_NO_FACT;
        if (f->rejects == i)
            f->rejects = NK_NO_FACT;
        librdf_free_node(ev);
        librdf_free_node(m);
    }

    *out = set;
    set = NULL;
cleanup:
    if (it)
        librdf_free_iterator(it);
    if (pn)
        librdf_free_node(pn);
    if (on)
        librdf_free_node(on);
    if (version)
        librdf_free_node(version);
    for (size_t i = 0; i < npd; i++) {
        free(pd[i].event);
        free(pd[i].mention);
    }
    free(pd);
    for (size_t i = 0; i < nversions; i++)
        free(versions[i]);
    free(versions);
    if (base)
        librdf_free_uri(base);
    if (parser)
        librdf_free_parser(parser);
    nk_factset_free(set);
    ctx_close(&c);
    return rc;
}
