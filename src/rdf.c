/* rdf.c: see rdf.h.  The only file that includes redland.h. */
#include "rdf.h"

#include <redland.h>

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts_jsonl.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS_NS "http://www.w3.org/2000/01/rdf-schema#"
#define OWL_NS "http://www.w3.org/2002/07/owl#"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define WD_NS "http://www.wikidata.org/entity/"

/* ---- the nk: terms: one list, used by the writer and the reader --------- */

enum term {
    T_EVENT, T_CLAIM, T_ARTICLE_VERSION, T_MENTION,
    T_PERSON, T_ORGANIZATION, T_COUNTRY, T_LOCATION, T_GROUP,
    T_ACTOR, T_TARGET, T_PLACE, T_TIME, T_TIME_TEXT, T_NEGATED, T_MODALITY,
    T_ATTRIBUTED_TO, T_CLAIM_CONTENT, T_REJECTS, T_MENTION_P, T_IN_VERSION,
    T_SENTENCE, T_BEGIN_OFFSET, T_END_OFFSET, T_SENTENCE_TEXT, T_ACTION_TEXT,
    T_SOURCE_TEXT,
    T_CONFIDENCE, T_LEMMA, T_CAMEO_CODE, T_WIKIDATA, T_DOCUMENT_ID, T_TITLE,
    T_URL, T_DATE,
    T_COUNT
};

static const char *const TERMS[T_COUNT + 1] = {
    "Event", "Claim", "ArticleVersion", "Mention",
    "Person", "Organization", "Country", "Location", "Group",
    "actor", "target", "place", "time", "timeText", "negated", "modality",
    "attributedTo", "claimContent", "rejects", "mention", "inVersion",
    "sentence", "beginOffset", "endOffset", "sentenceText", "actionText",
    "sourceText",
    "confidence", "lemma", "cameoCode", "wikidata", "documentId", "title",
    "url", "date",
    NULL
};

const char *const *nk_rdf_terms_used(void)
{
    return TERMS;
}

/* ---- formats ------------------------------------------------------------ */

static const char *const FORMAT_NAMES[] = {"turtle", "ntriples", "canonical",
                                           "nquads", "rdfxml"};

int nk_rdf_format_parse(const char *name)
{
    static const struct { const char *name; nk_rdf_format f; } aliases[] = {
        {"turtle", NK_RDF_TURTLE},     {"ttl", NK_RDF_TURTLE},
        {"ntriples", NK_RDF_NTRIPLES}, {"nt", NK_RDF_NTRIPLES},
        {"n-triples", NK_RDF_NTRIPLES}, {"canonical", NK_RDF_NTRIPLES_CANONICAL},
        {"nquads", NK_RDF_NQUADS},     {"nq", NK_RDF_NQUADS},
        {"n-quads", NK_RDF_NQUADS},    {"rdfxml", NK_RDF_RDFXML},
        {"rdf/xml", NK_RDF_RDFXML},    {"xml", NK_RDF_RDFXML},
        {"rdf", NK_RDF_RDFXML},        {"owl", NK_RDF_RDFXML},
    };
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcasecmp(name, aliases[i].name) == 0)
            return (int)aliases[i].f;
    return -1;
}

int nk_rdf_format_from_path(const char *path)
{
    const char *ext = path ? nk_path_ext(path) : "";
    if (!*ext || strcasecmp(ext, "canonical") == 0)
        return -1;
    return nk_rdf_format_parse(ext);
}

const char *nk_rdf_format_name(nk_rdf_format format)
{
    return (unsigned)format < 5 ? FORMAT_NAMES[format] : "turtle";
}

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

/* librdf worlds are not independent: raptor_free_world calls libxml2's
 * process-wide xmlCleanupParser, which frees what other threads' worlds
 * are using (a double free with two threads writing N-Quads).  So one
 * world exists at a time: ctx_open takes this lock, ctx_close releases
 * it. */
static pthread_mutex_t librdf_lock = PTHREAD_MUTEX_INITIALIZER;

static void ctx_close(rdfctx *c);

static int ctx_open(rdfctx *c, bool contexts, nk_diag_sink *sink,
                    const char *filename)
{
    pthread_mutex_lock(&librdf_lock);
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
    ctx_close(c);
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
    pthread_mutex_unlock(&librdf_lock);
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

/* ---- writer ------------------------------------------------------------------ */

/* Add (S, P, O), taking the three nodes (pitfall 2: statement from nodes,
 * then add_statement, which copies).  A NULL node means an earlier failure. */
static int add(rdfctx *c, librdf_node *s, librdf_node *p, librdf_node *o)
{
    if (!s || !p || !o) {
        if (s)
            librdf_free_node(s);
        if (p)
            librdf_free_node(p);
        if (o)
            librdf_free_node(o);
        return NK_ERR_EXTERNAL;
    }
    librdf_statement *st = librdf_new_statement_from_nodes(c->world, s, p, o);
    if (!st)
        return NK_ERR_EXTERNAL;
    int r = c->contexts && c->context
                ? librdf_model_context_add_statement(c->model, c->context, st)
                : librdf_model_add_statement(c->model, st);
    librdf_free_statement(st);
    return r ? NK_ERR_EXTERNAL : NK_OK;
}

static librdf_node *lit_node(rdfctx *c, const char *s)
{
    return librdf_new_node_from_literal(c->world, (const unsigned char *)s, NULL, 0);
}

static librdf_node *typed_node(rdfctx *c, const char *s, const char *xsd_local)
{
    nk_buf_clear(&c->tmp);
    nk_buf_puts(&c->tmp, XSD_NS);
    nk_buf_puts(&c->tmp, xsd_local);
    librdf_uri *dt = librdf_new_uri(c->world, (const unsigned char *)c->tmp.data);
    if (!dt)
        return NULL;
    librdf_node *n = librdf_new_node_from_typed_literal(
        c->world, (const unsigned char *)s, NULL, dt);
    librdf_free_uri(dt);
    return n;
}

static librdf_node *int_node(rdfctx *c, size_t v, const char *xsd_local)
{
    char s[32];
    snprintf(s, sizeof s, "%zu", v);
    return typed_node(c, s, xsd_local);
}

/* A decimal with at most 6 fractional digits, trailing zeros trimmed
 * ("1.0", "0.75"): stable text for a double. */
static librdf_node *decimal_node(rdfctx *c, double v)
{
    char s[64];
    if (!(v >= -1e15 && v <= 1e15))
        v = 0;
    snprintf(s, sizeof s, "%.6f", v);
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0' && s[n - 2] != '.')
        s[--n] = '\0';
    return typed_node(c, s, "decimal");
}

static bool is_iso_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

#define ADD(s, p, o) NK_CHECK(add(c, (s), (p), (o)))

static int add_str(rdfctx *c, const char *subj, enum term p, const char *value)
{
    if (!value)
        return NK_OK;
    return add(c, uri_node(c, subj), term_node(c, p), lit_node(c, value));
}

static int add_ref(rdfctx *c, const char *subj, enum term p, const char *obj)
{
    if (!obj)
        return NK_OK;
    return add(c, uri_node(c, subj), term_node(c, p), uri_node(c, obj));
}

static int add_type(rdfctx *c, const char *subj, const char *ns, const char *local)
{
    return add(c, uri_node(c, subj), uri2_node(c, RDF_NS, "type"),
               uri2_node(c, ns, local));
}

static const char *entity_iri(const nk_graph *g, size_t i)
{
    return i == NK_NONE ? NULL : g->entities[i].iri;
}

static int emit_graph(rdfctx *c, const nk_graph *g)
{
    int rc = NK_OK;
    bool *claims = NULL;
    const nk_fact **first = NULL;
    const nk_factset *fs = g->facts;
    const char *v = g->version_iri;

    /* the article version */
    NK_CHECK(add(c, uri_node(c, v), uri2_node(c, RDF_NS, "type"),
                 term_node(c, T_ARTICLE_VERSION)));
    NK_CHECK(add_str(c, v, T_DOCUMENT_ID, g->doc));
    if (fs) {
        NK_CHECK(add_str(c, v, T_TITLE, fs->title));
        if (fs->url)
            ADD(uri_node(c, v), term_node(c, T_URL), typed_node(c, fs->url, "anyURI"));
        if (fs->date && is_iso_date(fs->date))
            ADD(uri_node(c, v), term_node(c, T_DATE), typed_node(c, fs->date, "date"));
        else
            NK_CHECK(add_str(c, v, T_DATE, fs->date));
    }

    /* entities */
    for (size_t i = 0; i < g->nentities; i++) {
        const nk_gentity *e = &g->entities[i];
        if (e->type && nk_entity_type_known(e->type))
            NK_CHECK(add_type(c, e->iri, NK_ONTOLOGY_NS, e->type));
        ADD(uri_node(c, e->iri), uri2_node(c, RDFS_NS, "label"), lit_node(c, e->label));
        if (e->wikidata) {
            NK_CHECK(add_str(c, e->iri, T_WIKIDATA, e->wikidata));
            ADD(uri_node(c, e->iri), uri2_node(c, OWL_NS, "sameAs"),
                uri2_node(c, WD_NS, e->wikidata));
        }
    }

    /* events; a claim is an event with a content.  An event's action text
     * is its earliest mention's (by offsets, so the choice does not depend
     * on the order of the facts) */
    claims = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *claims);
    first = nk_xmalloc((g->nevents ? g->nevents : 1) * sizeof *first);
    for (size_t i = 0; i < g->nevents; i++)
        first[i] = NULL;
    for (size_t i = 0; i < g->nmentions; i++) {
        const nk_fact *f = &fs->facts[g->mentions[i].fact_index];
        const nk_fact **best = &first[g->mentions[i].event];
        if (!*best || f->span_begin < (*best)->span_begin ||
            (f->span_begin == (*best)->span_begin && f->span_end < (*best)->span_end))
            *best = f;
    }
    for (size_t i = 0; i < g->nevents; i++)
        if (g->events[i].content_of != NK_NONE)
            claims[g->events[i].content_of] = true;
    for (size_t i = 0; i < g->nevents; i++) {
        const nk_gevent *e = &g->events[i];
        const nk_fact *f = e->fact;
        bool is_claim = claims[i];
        NK_CHECK(add(c, uri_node(c, e->iri), uri2_node(c, RDF_NS, "type"),
                     term_node(c, T_EVENT)));
        if (f->action_class && strcmp(f->action_class, TERMS[T_EVENT]) != 0 &&
            !(is_claim && strcmp(f->action_class, TERMS[T_CLAIM]) == 0))
            NK_CHECK(add_type(c, e->iri, NK_ONTOLOGY_NS, f->action_class));
        if (is_claim)
            NK_CHECK(add(c, uri_node(c, e->iri), uri2_node(c, RDF_NS, "type"),
                         term_node(c, T_CLAIM)));
        NK_CHECK(add_str(c, e->iri, T_LEMMA, f->lemma));
        NK_CHECK(add_str(c, e->iri, T_CAMEO_CODE, f->cameo));
        if (first[i])
            NK_CHECK(add_str(c, e->iri, T_ACTION_TEXT, first[i]->action_text));
        NK_CHECK(add_ref(c, e->iri, T_ACTOR, entity_iri(g, e->actor)));
        NK_CHECK(add_ref(c, e->iri, T_TARGET, entity_iri(g, e->target)));
        NK_CHECK(add_ref(c, e->iri, T_PLACE, entity_iri(g, e->place)));
        NK_CHECK(add_ref(c, e->iri, T_ATTRIBUTED_TO, entity_iri(g, e->attributed_to)));
        if (f->time && is_iso_date(f->time))
            ADD(uri_node(c, e->iri), term_node(c, T_TIME), typed_node(c, f->time, "date"));
        else
            NK_CHECK(add_str(c, e->iri, T_TIME_TEXT, f->time));
        ADD(uri_node(c, e->iri), term_node(c, T_NEGATED),
            typed_node(c, f->negated ? "true" : "false", "boolean"));
        NK_CHECK(add_str(c, e->iri, T_MODALITY, nk_modality_name(f->modality)));
        if (e->content_of != NK_NONE)
            NK_CHECK(add_ref(c, g->events[e->content_of].iri, T_CLAIM_CONTENT, e->iri));
        if (e->rejects != NK_NONE)
            NK_CHECK(add_ref(c, e->iri, T_REJECTS, g->events[e->rejects].iri));
    }

    /* mentions */
    for (size_t i = 0; i < g->nmentions; i++) {
        const nk_gmention *m = &g->mentions[i];
        const nk_fact *f = &fs->facts[m->fact_index];
        NK_CHECK(add_ref(c, g->events[m->event].iri, T_MENTION_P, m->iri));
        NK_CHECK(add(c, uri_node(c, m->iri), uri2_node(c, RDF_NS, "type"),
                     term_node(c, T_MENTION)));
        NK_CHECK(add_ref(c, m->iri, T_IN_VERSION, v));
        ADD(uri_node(c, m->iri), term_node(c, T_SENTENCE),
            int_node(c, f->sentence ? f->sentence : 1, "positiveInteger"));
        ADD(uri_node(c, m->iri), term_node(c, T_BEGIN_OFFSET),
            int_node(c, f->span_begin, "nonNegativeInteger"));
        ADD(uri_node(c, m->iri), term_node(c, T_END_OFFSET),
            int_node(c, f->span_end, "nonNegativeInteger"));
        NK_CHECK(add_str(c, m->iri, T_SOURCE_TEXT, f->action_text));
        NK_CHECK(add_str(c, m->iri, T_SENTENCE_TEXT, f->sentence_text));
        ADD(uri_node(c, m->iri), term_node(c, T_CONFIDENCE), decimal_node(c, f->confidence));
    }
cleanup:
    free(claims);
    free(first);
    return rc;
}

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append TEXT's lines to OUT sorted bytewise, duplicates dropped. */
static void append_sorted_lines(nk_buf *out, char *text, size_t len)
{
    size_t n = 0, cap = 64;
    char **lines = nk_xmalloc(cap * sizeof *lines);
    char *p = text, *end = text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl)
            *nl = '\0';
        if (*p) {
            if (n == cap) {
                cap *= 2;
                lines = nk_xrealloc(lines, cap * sizeof *lines);
            }
            lines[n++] = p;
        }
        p = nl ? nl + 1 : end;
    }
    qsort(lines, n, sizeof *lines, line_cmp);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(lines[i], lines[i - 1]) == 0)
            continue;
        nk_buf_puts(out, lines[i]);
        nk_buf_putc(out, '\n');
    }
    free(lines);
}

static int set_ns(rdfctx *c, librdf_serializer *ser, const char *ns,
                  const char *local, const char *prefix)
{
    nk_buf_clear(&c->tmp);
    nk_buf_puts(&c->tmp, ns);
    nk_buf_puts(&c->tmp, local);
    librdf_uri *u = librdf_new_uri(c->world, (const unsigned char *)c->tmp.data);
    if (!u)
        return NK_ERR_EXTERNAL;
    /* a refusal only costs an abbreviation: not an error */
    (void)librdf_serializer_set_namespace(ser, u, prefix);
    librdf_free_uri(u);
    return NK_OK;
}

int nk_rdf_write_graphs(const nk_graph *const *graphs, size_t n,
                        nk_rdf_format format, nk_buf *out, nk_diag_sink *sink)
{
    static const char *const SERIALIZERS[] = {"turtle", "ntriples", "ntriples",
                                              "nquads", "rdfxml-abbrev"};
    int rc;
    rdfctx c;
    librdf_serializer *ser = NULL;
    unsigned char *text = NULL;
    size_t len = 0;
    if ((unsigned)format > NK_RDF_RDFXML) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX, "unknown RDF format");
        return NK_ERR_UNSUPPORTED;
    }
    NK_TRY(ctx_open(&c, format == NK_RDF_NQUADS, sink, "librdf"));
    for (size_t i = 0; i < n; i++) {
        librdf_node *ctxnode = NULL;
        if (c.contexts) {
            ctxnode = uri_node(&c, graphs[i]->version_iri);
            if (!ctxnode) {
                rc = NK_ERR_EXTERNAL;
                goto cleanup;
            }
        }
        c.context = ctxnode;
        rc = emit_graph(&c, graphs[i]);
        c.context = NULL;
        if (ctxnode)
            librdf_free_node(ctxnode);
        if (rc < 0) {
            nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                           "librdf rejected a triple of %s", graphs[i]->version_iri);
            goto cleanup;
        }
    }

    ser = librdf_new_serializer(c.world, SERIALIZERS[format], NULL, NULL);
    if (!ser) {
        rc = NK_ERR_EXTERNAL;
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "librdf has no %s serializer", SERIALIZERS[format]);
        goto cleanup;
    }
    if (format == NK_RDF_TURTLE || format == NK_RDF_RDFXML) {
        const char *base = n > 0 ? graphs[0]->base : NK_DEFAULT_BASE;
        NK_CHECK(set_ns(&c, ser, NK_ONTOLOGY_NS, "", "nk"));
        /* rdf: is declared by raptor's writers themselves */
        NK_CHECK(set_ns(&c, ser, RDFS_NS, "", "rdfs"));
        NK_CHECK(set_ns(&c, ser, OWL_NS, "", "owl"));
        NK_CHECK(set_ns(&c, ser, XSD_NS, "", "xsd"));
        NK_CHECK(set_ns(&c, ser, WD_NS, "", "wd"));
        NK_CHECK(set_ns(&c, ser, base, "entity/", "entity"));
        NK_CHECK(set_ns(&c, ser, base, "event/", "event"));
        NK_CHECK(set_ns(&c, ser, base, "doc/", "doc"));
        NK_CHECK(set_ns(&c, ser, base, "mention/", "mention"));
    }
    /* NULL base URI: a base would make the writer emit relative IRIs */
    text = librdf_serializer_serialize_model_to_counted_string(ser, NULL, c.model, &len);
    if (!text || c.errors) {
        rc = NK_ERR_EXTERNAL;
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "librdf could not serialise the graph as %s",
                       nk_rdf_format_name(format));
        goto cleanup;
    }
    if (format == NK_RDF_NTRIPLES_CANONICAL)
        append_sorted_lines(out, (char *)text, len);
    else
        nk_buf_append(out, (const char *)text, len);
    rc = NK_OK;
cleanup:
    if (text)
        librdf_free_memory(text);
    if (ser)
        librdf_free_serializer(ser);
    ctx_close(&c);
    return rc;
}

int nk_rdf_write(const nk_graph *g, nk_rdf_format format, nk_buf *out,
                 nk_diag_sink *sink)
{
    const nk_graph *one[1] = {g};
    return nk_rdf_write_graphs(one, g ? 1 : 0, format, out, sink);
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
