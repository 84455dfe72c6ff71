/* rdf_emit.c: the statements of a graph (see rdf.h, "Statements").
 *
 * Every RDF output of newskg is built on nk_rdf_emit: the librdf model
 * behind Turtle and RDF/XML, the streaming raptor serializer behind
 * N-Triples and N-Quads, JSON-LD and the store loader.  This file does not
 * include Redland or raptor: it only walks the graph model.
 */
#include "rdf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"

/* ---- the nk: terms -------------------------------------------------------- */

#define NK_TERM_IRI_(local) NK_ONTOLOGY_NS local

#define AS_LOCAL(id, local) local,
#define AS_IRI(id, local) NK_TERM_IRI_(local),

static const char *const LOCAL_NAMES[NK_RDF_TERM_COUNT + 1] = {NK_RDF_TERM_LIST(AS_LOCAL) NULL};
static const char *const TERM_IRIS[NK_RDF_TERM_COUNT + 1] = {NK_RDF_TERM_LIST(AS_IRI) NULL};

const char *const *nk_rdf_terms_used(void)
{
    return LOCAL_NAMES;
}

const char *nk_rdf_term_iri(nk_rdf_term t)
{
    return (unsigned)t < NK_RDF_TERM_COUNT ? TERM_IRIS[t] : NULL;
}

const char *nk_rdf_term_local(nk_rdf_term t)
{
    return (unsigned)t < NK_RDF_TERM_COUNT ? LOCAL_NAMES[t] : NULL;
}

/* ---- emitting ----------------------------------------------------------------- */

typedef struct emitter {
    nk_statement_fn fn;
    void *ctx;
    const char *graph;
    nk_buf iri;     /* IRIs built on the fly (class IRIs) */
    nk_buf num;     /* numbers formatted on the fly */
} emitter;

static int put(emitter *em, const char *s, const char *p, nk_term o)
{
    nk_statement st;
    st.subject = (nk_term){NK_TERM_IRI, s, NULL, NULL};
    st.predicate = (nk_term){NK_TERM_IRI, p, NULL, NULL};
    st.object = o;
    st.graph = em->graph;
    int r = em->fn(em->ctx, &st);
    return r < 0 ? r : NK_OK;
}

static nk_term iri_term(const char *iri)
{
    return (nk_term){NK_TERM_IRI, iri, NULL, NULL};
}

static nk_term lit_term(const char *s, const char *datatype)
{
    return (nk_term){NK_TERM_LITERAL, s, datatype, NULL};
}

static int put_ref(emitter *em, const char *s, nk_rdf_term p, const char *o)
{
    return o ? put(em, s, TERM_IRIS[p], iri_term(o)) : NK_OK;
}

static int put_str(emitter *em, const char *s, nk_rdf_term p, const char *o)
{
    return o ? put(em, s, TERM_IRIS[p], lit_term(o, NULL)) : NK_OK;
}

static int put_typed(emitter *em, const char *s, nk_rdf_term p, const char *o,
                     const char *datatype)
{
    return put(em, s, TERM_IRIS[p], lit_term(o, datatype));
}

static int put_type(emitter *em, const char *s, const char *class_iri)
{
    return put(em, s, NK_RDF_NS "type", iri_term(class_iri));
}

/* rdf:type nk:LOCAL for a local name that is not a fixed term (action
 * classes, entity types). */
static int put_nk_type(emitter *em, const char *s, const char *local)
{
    nk_buf_clear(&em->iri);
    nk_buf_puts(&em->iri, NK_ONTOLOGY_NS);
    nk_buf_puts(&em->iri, local);
    return put_type(em, s, em->iri.data);
}

static int put_size(emitter *em, const char *s, nk_rdf_term p, size_t v, const char *datatype)
{
    nk_buf_clear(&em->num);
    nk_buf_printf(&em->num, "%zu", v);
    return put_typed(em, s, p, em->num.data, datatype);
}

/* A decimal with at most 6 fractional digits, trailing zeros trimmed
 * ("1.0", "0.75"): stable text for a double. */
static int put_decimal(emitter *em, const char *s, nk_rdf_term p, double v)
{
    char t[64];
    if (!(v >= -1e15 && v <= 1e15))
        v = 0;
    snprintf(t, sizeof t, "%.6f", v);
    size_t n = strlen(t);
    while (n > 1 && t[n - 1] == '0' && t[n - 2] != '.')
        t[--n] = '\0';
    return put_typed(em, s, p, t, NK_XSD_NS "decimal");
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

static const char *entity_iri(const nk_graph *g, size_t i)
{
    return i == NK_NONE ? NULL : g->entities[i].iri;
}

/* The CAMEO top-level categories (the first two digits of a code) and the
 * ontology classes that stand for them. */
static const char *const CAMEO_CATEGORIES[21] = {
    NULL,
    NK_ONTOLOGY_NS "PublicStatementCategory",  NK_ONTOLOGY_NS "AppealCategory",
    NK_ONTOLOGY_NS "IntentToCooperateCategory", NK_ONTOLOGY_NS "ConsultCategory",
    NK_ONTOLOGY_NS "DiplomaticCooperationCategory",
    NK_ONTOLOGY_NS "MaterialCooperationCategory", NK_ONTOLOGY_NS "ProvideAidCategory",
    NK_ONTOLOGY_NS "YieldCategory",            NK_ONTOLOGY_NS "InvestigateCategory",
    NK_ONTOLOGY_NS "DemandCategory",           NK_ONTOLOGY_NS "DisapproveCategory",
    NK_ONTOLOGY_NS "RejectCategory",           NK_ONTOLOGY_NS "ThreatenCategory",
    NK_ONTOLOGY_NS "ProtestCategory",          NK_ONTOLOGY_NS "ForcePostureCategory",
    NK_ONTOLOGY_NS "ReduceRelationsCategory",  NK_ONTOLOGY_NS "CoerceCategory",
    NK_ONTOLOGY_NS "AssaultCategory",          NK_ONTOLOGY_NS "FightCategory",
    NK_ONTOLOGY_NS "MassViolenceCategory",
};

const char *nk_rdf_cameo_category(const char *code)
{
    if (!code || code[0] < '0' || code[0] > '2' || code[1] < '0' || code[1] > '9')
        return NULL;
    for (const char *p = code + 2; *p; p++)
        if (*p < '0' || *p > '9')
            return NULL;
    int n = (code[0] - '0') * 10 + (code[1] - '0');
    return n >= 1 && n <= 20 ? CAMEO_CATEGORIES[n] : NULL;
}

static bool type_is(const char *type, const char *name)
{
    return type && strcmp(type, name) == 0;
}

/* An IRI a Turtle or N-Triples writer can carry as it is: a scheme, and
 * none of the characters IRIs exclude. */
static bool is_plain_iri(const char *s)
{
    const char *p = s;
    if (!s || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return false;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p != ':' || !p[1])
        return false;
    for (; *p; p++)
        if ((unsigned char)*p <= 0x20 || strchr("<>\"{}|\\^`", *p))
            return false;
    return true;
}

/* The label "h" + 16 hex digits that newskg gives a text. */
static bool is_content_label(const char *s)
{
    if (!s || s[0] != 'h' || strlen(s) != 17)
        return false;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* An entity's classes, so that every domain and range of the ontology holds
 * without a reasoner: its own type; an untyped one is a nk:Location where it
 * is a place, a nk:Actor where it acts (or speaks, or others belong to it),
 * else a nk:Thing; a Location that acts is also an Actor, an Organization
 * that is a place also a Location. */
static int put_entity_types(emitter *em, const nk_gentity *e)
{
    int rc = NK_OK;
    const char *t = e->type && nk_entity_type_known(e->type) ? e->type : NULL;
    bool acts = e->roles & (NK_ROLE_BIT_ACTOR | NK_ROLE_BIT_SOURCE | NK_ROLE_BIT_AFFILIATION);
    bool place = e->roles & NK_ROLE_BIT_PLACE;
    if (t)
        NK_CHECK(put_nk_type(em, e->iri, t));
    if (!t && place)
        NK_CHECK(put_type(em, e->iri, TERM_IRIS[NK_RDF_T_LOCATION]));
    if (acts && (!t || type_is(t, "Location")))
        NK_CHECK(put_type(em, e->iri, TERM_IRIS[NK_RDF_T_ACTOR_CLASS]));
    if (!t && !place && !acts)
        NK_CHECK(put_type(em, e->iri, TERM_IRIS[NK_RDF_T_THING]));
    if (place && type_is(t, "Organization"))
        NK_CHECK(put_type(em, e->iri, TERM_IRIS[NK_RDF_T_LOCATION]));
cleanup:
    return rc;
}

/* A place that cannot be one (a Person or Group: disjoint with Location)
 * is left out of the RDF. */
static const char *place_iri(const nk_graph *g, size_t i)
{
    if (i == NK_NONE)
        return NULL;
    const char *t = g->entities[i].type;
    return type_is(t, "Person") || type_is(t, "Group") ? NULL : g->entities[i].iri;
}

static int cmp_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static bool mention_before(const nk_factset *fs, const nk_gmention *a, const nk_gmention *b)
{
    const nk_fact *x = &fs->facts[a->fact_index], *y = &fs->facts[b->fact_index];
    unsigned sx = x->sentence ? x->sentence : 1, sy = y->sentence ? y->sentence : 1;
    if (sx != sy)
        return sx < sy;
    if (a->begin != b->begin)
        return a->begin < b->begin;
    if (a->end != b->end)
        return a->end < b->end;
    return cmp_text(x->action_text, y->action_text) < 0;
}

static int put_quantity(emitter *em, const char *s, const nk_quantity *q, const char *text)
{
    int rc = NK_OK;
    /* xsd:decimal's canonical form has a point ("14.0"), which also keeps
     * Turtle writers from abbreviating it to an integer */
    char value[sizeof q->value + 2];
    snprintf(value, sizeof value, "%s%s", q->value, strchr(q->value, '.') ? "" : ".0");
    NK_CHECK(put_typed(em, s, NK_RDF_T_QUANTITY, value, NK_XSD_NS "decimal"));
    if (*q->unit)
        NK_CHECK(put_str(em, s, NK_RDF_T_UNIT, q->unit));
    char *t = nk_xstrndup(text + q->begin, q->end - q->begin);
    rc = put_str(em, s, NK_RDF_T_QUANTITY_TEXT, t);
    free(t);
cleanup:
    return rc;
}

static bool gentity_quantity(const nk_gentity *e, nk_quantity *q)
{
    nk_entity_ref r = {.label = e->label, .type = e->type, .wikidata = e->wikidata,
                       .kind = e->kind};
    return nk_graph_entity_quantity(&r, q);
}

static int emit_one(emitter *em, const nk_graph *g)
{
    int rc = NK_OK;
    bool *claims = NULL;
    const nk_fact **first = NULL;
    nk_glink *links = NULL;
    size_t nlinks = 0, says = 0;
    bool *used = NULL;
    const nk_factset *fs = g->facts;
    const char *v = g->version_iri;
    em->graph = v;

    /* the article and this version of it */
    NK_CHECK(put_type(em, g->article_iri, TERM_IRIS[NK_RDF_T_ARTICLE]));
    NK_CHECK(put_str(em, g->article_iri, NK_RDF_T_DOCUMENT_ID, g->doc));
    NK_CHECK(put_type(em, v, TERM_IRIS[NK_RDF_T_ARTICLE_VERSION]));
    NK_CHECK(put_ref(em, v, NK_RDF_T_VERSION_OF, g->article_iri));
    if (is_content_label(g->version))
        NK_CHECK(put_str(em, v, NK_RDF_T_CONTENT_HASH, g->version));
    if (g->previous_iri)
        NK_CHECK(put(em, v, NK_PROV_NS "wasRevisionOf", iri_term(g->previous_iri)));
    if (fs) {
        NK_CHECK(put_str(em, v, NK_RDF_T_TITLE, fs->title));
        if (is_plain_iri(fs->url))
            NK_CHECK(put(em, v, NK_SCHEMA_NS "url", iri_term(fs->url)));
        /* nk:date is an xsd:date: a date of another form is left out */
        if (fs->date && is_iso_date(fs->date))
            NK_CHECK(put_typed(em, v, NK_RDF_T_DATE, fs->date, NK_XSD_NS "date"));
    }

    /* entities: those the events name, and their affiliations (a fact
     * merged into an event whose place or source came from another fact
     * leaves its own unnamed, and RDF read back would not have it) */
    used = nk_xcalloc(g->nentities ? g->nentities : 1, sizeof *used);
    for (size_t i = 0; i < g->nevents; i++) {
        const nk_gevent *e = &g->events[i];
        size_t roles[4] = {e->actor, e->target, place_iri(g, e->place) ? e->place : NK_NONE,
                           e->attributed_to};
        for (size_t k = 0; k < 4; k++)
            if (roles[k] < g->nentities)
                used[roles[k]] = true;
    }
    for (size_t i = 0; i < g->nentities; i++)
        for (size_t a = used[i] ? g->entities[i].affiliation : NK_NONE;
             a < g->nentities && !used[a]; a = g->entities[a].affiliation)
            used[a] = true;
    for (size_t i = 0; i < g->nentities; i++) {
        const nk_gentity *e = &g->entities[i];
        if (!used[i])
            continue;
        NK_CHECK(put_entity_types(em, e));
        NK_CHECK(put(em, e->iri, NK_RDFS_NS "label", lit_term(e->label, NULL)));
        NK_CHECK(put_str(em, e->iri, NK_RDF_T_ENTITY_KIND, nk_entity_kind_name(e->kind)));
        if (e->wikidata) {
            NK_CHECK(put_str(em, e->iri, NK_RDF_T_WIKIDATA, e->wikidata));
            nk_buf_clear(&em->iri);
            nk_buf_puts(&em->iri, NK_WD_NS);
            nk_buf_puts(&em->iri, e->wikidata);
            NK_CHECK(put(em, e->iri, NK_OWL_NS "sameAs", iri_term(em->iri.data)));
        }
        NK_CHECK(put_ref(em, e->iri, NK_RDF_T_AFFILIATION, entity_iri(g, e->affiliation)));
        nk_quantity q;
        if (gentity_quantity(e, &q))
            NK_CHECK(put_quantity(em, e->iri, &q, e->label));
    }

    /* events; a claim is an event with a content.  An event's action text
     * is its earliest mention's: by sentence, then offsets in the sentence,
     * then text -- what the mentions themselves say, so that the choice
     * neither depends on the order of the facts nor changes when the graph
     * is read back */
    claims = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *claims);
    first = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *first);
    const nk_gmention **firstm = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *firstm);
    for (size_t i = 0; i < g->nmentions; i++) {
        const nk_gmention *m = &g->mentions[i];
        const nk_gmention **best = &firstm[m->event];
        if (!*best || mention_before(fs, m, *best)) {
            *best = m;
            first[m->event] = &fs->facts[m->fact_index];
        }
    }
    free(firstm);
    links = nk_graph_claims_by_content(g, &nlinks);
    for (size_t i = 0; i < nlinks; i++)
        claims[links[i].from] = true;
    for (size_t i = 0; i < g->nevents; i++) {
        const nk_gevent *e = &g->events[i];
        const nk_fact *f = e->fact;
        bool is_claim = claims[i];
        const char *category = nk_rdf_cameo_category(f->cameo);
        NK_CHECK(put_type(em, e->iri, TERM_IRIS[NK_RDF_T_EVENT]));
        if (category)
            NK_CHECK(put_type(em, e->iri, category));
        if (f->action_class && strcmp(f->action_class, LOCAL_NAMES[NK_RDF_T_EVENT]) != 0 &&
            strcmp(f->action_class, LOCAL_NAMES[NK_RDF_T_CLAIM]) != 0 &&
            !(category && strcmp(category + strlen(NK_ONTOLOGY_NS), f->action_class) == 0))
            NK_CHECK(put_nk_type(em, e->iri, f->action_class));
        if (is_claim)
            NK_CHECK(put_type(em, e->iri, TERM_IRIS[NK_RDF_T_CLAIM]));
        NK_CHECK(put_str(em, e->iri, NK_RDF_T_LEMMA, f->lemma));
        NK_CHECK(put_str(em, e->iri, NK_RDF_T_CAMEO_CODE, f->cameo));
        if (first[i])
            NK_CHECK(put_str(em, e->iri, NK_RDF_T_ACTION_TEXT, first[i]->action_text));
        NK_CHECK(put_ref(em, e->iri, NK_RDF_T_ACTOR, entity_iri(g, e->actor)));
        NK_CHECK(put_ref(em, e->iri, NK_RDF_T_TARGET, entity_iri(g, e->target)));
        NK_CHECK(put_ref(em, e->iri, NK_RDF_T_PLACE, place_iri(g, e->place)));
        NK_CHECK(put_ref(em, e->iri, NK_RDF_T_ATTRIBUTED_TO, entity_iri(g, e->attributed_to)));
        if (f->time && is_iso_date(f->time))
            NK_CHECK(put_typed(em, e->iri, NK_RDF_T_TIME, f->time, NK_XSD_NS "date"));
        else
            NK_CHECK(put_str(em, e->iri, NK_RDF_T_TIME_TEXT, f->time));
        NK_CHECK(put_typed(em, e->iri, NK_RDF_T_NEGATED, f->negated ? "true" : "false",
                           NK_XSD_NS "boolean"));
        NK_CHECK(put_str(em, e->iri, NK_RDF_T_MODALITY, nk_modality_name(f->modality)));
        nk_quantity q, tq;
        if (first[i] && nk_quantity_parse(first[i]->action_text, &q) &&
            !(e->target != NK_NONE && gentity_quantity(&g->entities[e->target], &tq) &&
              strcmp(q.value, tq.value) == 0))
            NK_CHECK(put_quantity(em, e->iri, &q, first[i]->action_text));
        /* every claim that says it (an event several claims say is the
         * content of each) */
        for (; says < nlinks && links[says].to == i; says++)
            NK_CHECK(put_ref(em, g->events[links[says].from].iri, NK_RDF_T_CLAIM_CONTENT,
                             e->iri));
        if (e->rejects != NK_NONE)
            NK_CHECK(put_ref(em, e->iri, NK_RDF_T_REJECTS, g->events[e->rejects].iri));
    }

    /* mentions: where in its sentence each fact was read, and the number of
     * that sentence in this version (the one statement about a mention that
     * changes when sentences are added or removed above it) */
    for (size_t i = 0; i < g->nmentions; i++) {
        const nk_gmention *m = &g->mentions[i];
        const nk_fact *f = &fs->facts[m->fact_index];
        NK_CHECK(put_ref(em, g->events[m->event].iri, NK_RDF_T_MENTION_P, m->iri));
        NK_CHECK(put_type(em, m->iri, TERM_IRIS[NK_RDF_T_MENTION]));
        NK_CHECK(put_size(em, m->iri, NK_RDF_T_SENTENCE, f->sentence ? f->sentence : 1,
                          NK_XSD_NS "positiveInteger"));
        if (m->in_sentence) {
            NK_CHECK(put_size(em, m->iri, NK_RDF_T_BEGIN_OFFSET, m->begin,
                              NK_XSD_NS "nonNegativeInteger"));
            NK_CHECK(put_size(em, m->iri, NK_RDF_T_END_OFFSET, m->end,
                              NK_XSD_NS "nonNegativeInteger"));
        }
        NK_CHECK(put_str(em, m->iri, NK_RDF_T_SOURCE_TEXT, f->action_text));
        NK_CHECK(put_str(em, m->iri, NK_RDF_T_SENTENCE_TEXT, f->sentence_text));
        NK_CHECK(put_decimal(em, m->iri, NK_RDF_T_CONFIDENCE, f->confidence));
    }
cleanup:
    free(used);
    free(links);
    free(claims);
    free(first);
    return rc;
}

int nk_rdf_emit_graphs(const nk_graph *const *graphs, size_t n, nk_statement_fn fn,
                       void *ctx)
{
    if (!fn || (n && !graphs))
        return NK_ERR_INVALID;
    emitter em;
    memset(&em, 0, sizeof em);
    em.fn = fn;
    em.ctx = ctx;
    int rc = NK_OK;
    for (size_t i = 0; i < n && rc == NK_OK; i++)
        if (graphs[i])
            rc = emit_one(&em, graphs[i]);
    nk_buf_free(&em.iri);
    nk_buf_free(&em.num);
    return rc < 0 ? rc : NK_OK;
}

int nk_rdf_emit(const nk_graph *g, nk_statement_fn fn, void *ctx)
{
    const nk_graph *one[1] = {g};
    return nk_rdf_emit_graphs(one, g ? 1 : 0, fn, ctx);
}
