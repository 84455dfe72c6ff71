/* store_query.c: SPARQL over the embedded store (see store.h).
 *
 * Queries run through librdf's query API and rasqal, unchanged, on a
 * librdf model over our storage module.  One thing is replaced: the rasqal
 * "triples source", the glue that answers each triple pattern.  librdf's
 * own glue drops the query's dataset (FROM, FROM NAMED) and ignores the
 * graph of a pattern it matches exactly, so GRAPH ?g finds nothing and
 * GRAPH <g> { ... } loses its bindings (seen with Redland 1.0.17 and rasqal
 * 0.9.33).  Ours gives the query a dataset:
 *   - the default graph is the union of the store's named graphs (as a
 *     set), or of the FROM graphs when the query names some;
 *   - the named graphs are the store's graphs, or the FROM NAMED ones;
 * and answers every pattern through librdf_model_find_statements (default
 * graph) or librdf_model_find_statements_in_context (a named graph), so
 * the storage module's indexes do the work.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS_NS "http://www.w3.org/2000/01/rdf-schema#"
#define OWL_NS "http://www.w3.org/2002/07/owl#"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"

/* ---- literals <-> nodes ----------------------------------------------------------- */

static librdf_node *node_of_literal(librdf_world *world, rasqal_literal *l)
{
    if (!l)
        return NULL;
    switch (rasqal_literal_get_rdf_term_type(l)) {
    case RASQAL_LITERAL_URI:
        return librdf_new_node_from_uri(world, (librdf_uri *)l->value.uri);
    case RASQAL_LITERAL_BLANK:
        return librdf_new_node_from_blank_identifier(world, l->string);
    case RASQAL_LITERAL_STRING:
        return librdf_new_node_from_typed_literal(world, l->string, l->language,
                                                  (librdf_uri *)l->datatype);
    default:
        return NULL;
    }
}

static void *rcopy(const void *s, size_t n)
{
    unsigned char *p = rasqal_alloc_memory(n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static rasqal_literal *literal_of_node(rasqal_world *rw, librdf_node *node)
{
    raptor_term *t = node;
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI:
        return rasqal_new_uri_literal(rw, raptor_uri_copy(t->value.uri));
    case RAPTOR_TERM_TYPE_BLANK: {
        unsigned char *b = rcopy(t->value.blank.string, t->value.blank.string_len);
        return b ? rasqal_new_simple_literal(rw, RASQAL_LITERAL_BLANK, b) : NULL;
    }
    case RAPTOR_TERM_TYPE_LITERAL: {
        unsigned char *s = rcopy(t->value.literal.string, t->value.literal.string_len);
        char *lang = NULL;
        if (t->value.literal.language && t->value.literal.language_len)
            lang = rcopy(t->value.literal.language, t->value.literal.language_len);
        raptor_uri *dt = t->value.literal.datatype ? raptor_uri_copy(t->value.literal.datatype)
                                                   : NULL;
        if (!s)
            return NULL;
        return rasqal_new_string_literal(rw, s, lang, dt, NULL);
    }
    case RAPTOR_TERM_TYPE_UNKNOWN:
    default:
        return NULL;
    }
}

/* ---- the triples source ------------------------------------------------------------------ */

/* The parts rasqal first gave a pattern to bind (see ts_init_match). */
typedef struct meta_parts {
    const rasqal_triple_meta *meta;
    unsigned parts;
} meta_parts;

typedef struct ts_ctx {
    nk_store *st;
    librdf_node **from;       /* FROM graphs (the default graph), or none */
    size_t nfrom;
    meta_parts *metas;
    size_t nmetas;
} ts_ctx;

/* The parts META binds when none of its variables has a value: what rasqal
 * set the first time this pattern was matched. */
static unsigned original_parts(ts_ctx *ts, rasqal_triple_meta *meta)
{
    for (size_t i = 0; i < ts->nmetas; i++)
        if (ts->metas[i].meta == meta)
            return ts->metas[i].parts;
    ts->metas = nk_xrealloc(ts->metas, (ts->nmetas + 1) * sizeof *ts->metas);
    ts->metas[ts->nmetas].meta = meta;
    ts->metas[ts->nmetas].parts = (unsigned)meta->parts;
    return ts->metas[ts->nmetas++].parts;
}

/* A triple pattern being matched. */
typedef struct tm_ctx {
    ts_ctx *ts;
    librdf_node *nodes[3];
    librdf_node *origin;
    librdf_statement *pattern;
    librdf_stream *stream;
    size_t next_from;         /* several FROM graphs: the next one */
    nk_u64set seen;           /* ... and the triples given so far */
} tm_ctx;

static librdf_node *pattern_node(librdf_world *world, rasqal_literal *l, rasqal_variable **var)
{
    rasqal_variable *v = rasqal_literal_as_variable(l);
    *var = v;
    if (v)
        return v->value ? node_of_literal(world, v->value) : NULL;
    return node_of_literal(world, l);
}

static uint64_t statement_key(librdf_statement *s)
{
    uint64_t h = NK_HASH_SEED;
    librdf_node *parts[3] = {librdf_statement_get_subject(s), librdf_statement_get_predicate(s),
                             librdf_statement_get_object(s)};
    for (int i = 0; i < 3; i++) {
        size_t len = 0;
        unsigned char *str = raptor_term_to_counted_string(parts[i], &len);
        if (str) {
            h = nk_hash64(str, len, h);
            raptor_free_memory(str);
        }
        h = nk_hash64("\n", 1, h);
    }
    return h;
}

/* Several FROM graphs: move to a triple not given before, opening the
 * next graph's stream when one ends. */
static void from_settle(tm_ctx *m)
{
    librdf_model *model = m->ts->st->model;
    for (;;) {
        while (m->stream && !librdf_stream_end(m->stream)) {
            librdf_statement *s = librdf_stream_get_object(m->stream);
            if (s && nk_u64set_add(&m->seen, statement_key(s)))
                return;
            librdf_stream_next(m->stream);
        }
        if (m->stream) {
            librdf_free_stream(m->stream);
            m->stream = NULL;
        }
        if (m->next_from >= m->ts->nfrom)
            return;
        m->stream = librdf_model_find_statements_in_context(model, m->pattern,
                                                            m->ts->from[m->next_from++]);
    }
}

static bool tm_end(tm_ctx *m)
{
    return !m->stream || librdf_stream_end(m->stream);
}

static rasqal_triple_parts tm_bind(rasqal_triples_match *rtm, void *user_data,
                                   rasqal_variable *bindings[4], rasqal_triple_parts parts)
{
    (void)user_data;
    tm_ctx *m = rtm->user_data;
    if (tm_end(m))
        return RASQAL_TRIPLE_NONE;
    librdf_statement *s = librdf_stream_get_object(m->stream);
    if (!s)
        return RASQAL_TRIPLE_NONE;
    rasqal_world *rw = rtm->world;
    librdf_node *sn = librdf_statement_get_subject(s);
    librdf_node *pn = librdf_statement_get_predicate(s);
    librdf_node *on = librdf_statement_get_object(s);
    unsigned result = RASQAL_TRIPLE_NONE;
    /* a variable used twice in one pattern must see equal values */
    if (bindings[0] && bindings[0] == bindings[1] && !librdf_node_equals(sn, pn))
        return RASQAL_TRIPLE_NONE;
    if (bindings[0] && bindings[0] == bindings[2] && !librdf_node_equals(sn, on))
        return RASQAL_TRIPLE_NONE;
    if (bindings[1] && bindings[1] == bindings[2] && !librdf_node_equals(pn, on))
        return RASQAL_TRIPLE_NONE;
    if (bindings[0] && (parts & RASQAL_TRIPLE_SUBJECT)) {
        rasqal_variable_set_value(bindings[0], literal_of_node(rw, sn));
        result |= RASQAL_TRIPLE_SUBJECT;
    }
    if (bindings[1] && (parts & RASQAL_TRIPLE_PREDICATE) && bindings[1] != bindings[0]) {
        rasqal_variable_set_value(bindings[1], literal_of_node(rw, pn));
        result |= RASQAL_TRIPLE_PREDICATE;
    }
    if (bindings[2] && (parts & RASQAL_TRIPLE_OBJECT) && bindings[2] != bindings[0] &&
        bindings[2] != bindings[1]) {
        rasqal_variable_set_value(bindings[2], literal_of_node(rw, on));
        result |= RASQAL_TRIPLE_OBJECT;
    }
    if (bindings[3] && (parts & RASQAL_TRIPLE_ORIGIN)) {
        librdf_node *g = librdf_stream_get_context2(m->stream);
        if (!g)
            g = m->origin;
        rasqal_variable_set_value(bindings[3], g ? literal_of_node(rw, g) : NULL);
        result |= RASQAL_TRIPLE_ORIGIN;
    }
    return (rasqal_triple_parts)result;
}

static void tm_next(rasqal_triples_match *rtm, void *user_data)
{
    (void)user_data;
    tm_ctx *m = rtm->user_data;
    if (!m->stream)
        return;
    librdf_stream_next(m->stream);
    if (m->ts->nfrom > 1 && !m->origin)
        from_settle(m);
}

static int tm_is_end(rasqal_triples_match *rtm, void *user_data)
{
    (void)user_data;
    return tm_end(rtm->user_data);
}

static void tm_free(tm_ctx *m)
{
    if (!m)
        return;
    if (m->stream)
        librdf_free_stream(m->stream);
    if (m->pattern)
        librdf_free_statement(m->pattern);
    for (int i = 0; i < 3; i++)
        if (m->nodes[i])
            librdf_free_node(m->nodes[i]);
    if (m->origin)
        librdf_free_node(m->origin);
    nk_u64set_free(&m->seen);
    free(m);
}

static void tm_finish(rasqal_triples_match *rtm, void *user_data)
{
    (void)user_data;
    tm_free(rtm->user_data);
    rtm->user_data = NULL;
}

/* Open the stream of pattern M: in its graph, or in the default graph. */
static int tm_open(tm_ctx *m)
{
    librdf_model *model = m->ts->st->model;
    librdf_world *world = m->ts->st->world;
    /* the statement takes the three nodes, also when it fails */
    m->pattern = librdf_new_statement_from_nodes(world, m->nodes[0], m->nodes[1], m->nodes[2]);
    m->nodes[0] = m->nodes[1] = m->nodes[2] = NULL;
    if (!m->pattern)
        return 1;
    if (m->origin)
        m->stream = librdf_model_find_statements_in_context(model, m->pattern, m->origin);
    else if (m->ts->nfrom == 0)
        m->stream = librdf_model_find_statements(model, m->pattern);
    else if (m->ts->nfrom == 1)
        m->stream = librdf_model_find_statements_in_context(model, m->pattern, m->ts->from[0]);
    else {
        from_settle(m);
        return 0;
    }
    return m->stream ? 0 : 1;
}

static int ts_init_match(rasqal_triples_match *rtm, rasqal_triples_source *rts, void *user_data,
                         rasqal_triple_meta *meta, rasqal_triple *t)
{
    (void)rts;
    ts_ctx *ts = user_data;
    librdf_world *world = ts->st->world;
    rtm->bind_match = tm_bind;
    rtm->next_match = tm_next;
    rtm->is_end = tm_is_end;
    rtm->finish = tm_finish;
    tm_ctx *m = nk_xcalloc(1, sizeof *m);
    m->ts = ts;
    rtm->user_data = m;
    /* A variable with a value when the pattern starts is bound outside it,
     * by what the pattern is joined to: the pattern looks up that value and
     * neither binds nor resets the variable.  rasqal marks a variable as
     * bound by a pattern inside OPTIONAL { } or after a UNION even when the
     * left side binds it, and unbinds it when the pattern is reset, just
     * before it starts again: every left row would then scan the whole
     * pattern (a join cost of left x right rows).  Clearing those parts
     * keeps the value, so each start is one indexed lookup. */
    unsigned parts = original_parts(ts, meta);
    rasqal_literal *const terms[4] = {t->subject, t->predicate, t->object, t->origin};
    for (int i = 0; i < 4; i++) {
        rasqal_variable *var = terms[i] ? rasqal_literal_as_variable(terms[i]) : NULL;
        if (i < 3 || terms[i])
            meta->bindings[i] = var;
        if (var && var->value && !(i > 0 && (var == meta->bindings[0] ||
                                             (i > 1 && var == meta->bindings[1]))))
            parts &= ~(1u << i);
    }
    meta->parts = (rasqal_triple_parts)parts;
    rasqal_variable *var;
    m->nodes[0] = pattern_node(world, t->subject, &var);
    m->nodes[1] = pattern_node(world, t->predicate, &var);
    m->nodes[2] = pattern_node(world, t->object, &var);
    if (t->origin)
        m->origin = pattern_node(world, t->origin, &var);
    return tm_open(m);
}

/* A pattern with no variables: is the triple there (in its graph)? */
static int ts_present(rasqal_triples_source *rts, void *user_data, rasqal_triple *t)
{
    (void)rts;
    ts_ctx *ts = user_data;
    tm_ctx *m = nk_xcalloc(1, sizeof *m);
    rasqal_variable *var;
    m->ts = ts;
    m->nodes[0] = pattern_node(ts->st->world, t->subject, &var);
    m->nodes[1] = pattern_node(ts->st->world, t->predicate, &var);
    m->nodes[2] = pattern_node(ts->st->world, t->object, &var);
    if (t->origin)
        m->origin = pattern_node(ts->st->world, t->origin, &var);
    int present = tm_open(m) == 0 && !tm_end(m);
    tm_free(m);
    return present;
}

static void ts_free(void *user_data)
{
    ts_ctx *ts = user_data;
    for (size_t i = 0; i < ts->nfrom; i++)
        librdf_free_node(ts->from[i]);
    free(ts->from);
    ts->from = NULL;
    ts->nfrom = 0;
    free(ts->metas);
    ts->metas = NULL;
    ts->nmetas = 0;
}

static int ts_new(rasqal_query *query, void *factory_user_data, void *user_data,
                  rasqal_triples_source *rts)
{
    ts_ctx *ts = user_data;
    nk_store *st = factory_user_data;
    memset(ts, 0, sizeof *ts);
    ts->st = st;
    rts->version = 1;
    rts->init_triples_match = ts_init_match;
    rts->triple_present = ts_present;
    rts->free_triples_source = ts_free;

    /* the dataset the query names */
    size_t named = 0;
    rasqal_data_graph *dg;
    for (int i = 0; (dg = rasqal_query_get_data_graph(query, i)) != NULL; i++) {
        if (dg->flags & RASQAL_DATA_GRAPH_NAMED) {
            named++;
        } else if (dg->uri) {
            ts->from = nk_xrealloc(ts->from, (ts->nfrom + 1) * sizeof *ts->from);
            ts->from[ts->nfrom++] = librdf_new_node_from_uri(st->world, (librdf_uri *)dg->uri);
        }
    }
    if (named > 0)
        return 0;
    /* else every graph of the store is a named graph of the dataset */
    rasqal_world *rw = librdf_world_get_rasqal(st->world);
    librdf_iterator *it = librdf_model_get_contexts(st->model);
    while (it && !librdf_iterator_end(it)) {
        librdf_node *g = librdf_iterator_get_object(it);
        if (g && librdf_node_is_resource(g)) {
            raptor_uri *u = librdf_node_get_uri(g);
            rasqal_data_graph *ndg =
                rasqal_new_data_graph_from_uri(rw, u, u, RASQAL_DATA_GRAPH_NAMED, NULL, NULL, NULL);
            if (!ndg || rasqal_query_add_data_graph(query, ndg) != 0) {
                librdf_free_iterator(it);
                return 1;
            }
        }
        librdf_iterator_next(it);
    }
    if (it)
        librdf_free_iterator(it);
    return 0;
}

static int ts_register(rasqal_triples_source_factory *f)
{
    f->version = 1;
    f->user_data_size = sizeof(ts_ctx);
    f->new_triples_source = ts_new;
    f->init_triples_source = NULL;
    f->init_triples_source2 = NULL;
    return 0;
}

/* rasqal's messages (a query it parses for us, outside librdf) go where
 * librdf's go. */
static void rasqal_log(void *user, raptor_log_message *m)
{
    nk_store *st = user;
    if (!st->sink || m->level < RAPTOR_LOG_LEVEL_WARN)
        return;
    const char *text = m->text ? m->text : "rasqal error";
    if (m->level == RAPTOR_LOG_LEVEL_WARN &&
        (strstr(text, "was bound but is unused") || strstr(text, "was selected but is unused") ||
         strstr(text, "$$")))
        return;
    int line = m->locator ? raptor_locator_line(m->locator) : -1;
    int col = m->locator ? raptor_locator_column(m->locator) : -1;
    unsigned uline = line > 0 ? (unsigned)line : 0;
    unsigned ucol = uline ? (col >= 0 ? (unsigned)col + 1 : store_guess_column(st, uline, text)) : 0;
    store_report(st, m->level >= RAPTOR_LOG_LEVEL_ERROR ? NK_ERROR : NK_WARNING, uline, ucol,
                 "%s", text);
}

int store_query_setup(nk_store *st)
{
    rasqal_world *rw = librdf_world_get_rasqal(st->world);
    if (!rw || rasqal_set_triples_source_factory(rw, ts_register, st) != 0)
        return NK_ERR_EXTERNAL;
    rasqal_world_set_log_handler(rw, st, rasqal_log);
    return NK_OK;
}

/* ---- running a query ------------------------------------------------------------------- */

static void set_term(nk_results *r, nk_sparql_term *cell, librdf_node *n)
{
    raptor_term *t = n;
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI: {
        size_t len = 0;
        const unsigned char *s = raptor_uri_as_counted_string(t->value.uri, &len);
        nk_results_set_term(r, cell, NK_SPARQL_IRI, (const char *)s, len, NULL, NULL);
        break;
    }
    case RAPTOR_TERM_TYPE_BLANK:
        nk_results_set_term(r, cell, NK_SPARQL_BLANK, (const char *)t->value.blank.string,
                            t->value.blank.string_len, NULL, NULL);
        break;
    case RAPTOR_TERM_TYPE_LITERAL: {
        const char *lang = t->value.literal.language && t->value.literal.language_len
                               ? (const char *)t->value.literal.language
                               : NULL;
        const char *dt = t->value.literal.datatype
                             ? (const char *)raptor_uri_as_string(t->value.literal.datatype)
                             : NULL;
        nk_results_set_term(r, cell, NK_SPARQL_LITERAL, (const char *)t->value.literal.string,
                            t->value.literal.string_len, lang, dt);
        break;
    }
    case RAPTOR_TERM_TYPE_UNKNOWN:
    default:
        break;
    }
}

static int set_ns(librdf_world *w, librdf_serializer *ser, const char *ns, const char *prefix)
{
    librdf_uri *u = librdf_new_uri(w, (const unsigned char *)ns);
    if (!u)
        return NK_ERR_EXTERNAL;
    (void)librdf_serializer_set_namespace(ser, u, prefix);
    librdf_free_uri(u);
    return NK_OK;
}

/* Serialise STREAM as FORMAT into R (the stream is the caller's). */
static int serialise_stream(nk_store *st, librdf_stream *stream, nk_results_format format,
                            nk_results *r)
{
    const char *name = format == NK_RESULTS_NTRIPLES ? "ntriples" : "turtle";
    librdf_serializer *ser = librdf_new_serializer(st->world, name, NULL, NULL);
    if (!ser) {
        store_report(st, NK_ERROR, 0, 0, "librdf has no %s serializer", name);
        return NK_ERR_EXTERNAL;
    }
    if (format != NK_RESULTS_NTRIPLES) {
        set_ns(st->world, ser, NK_ONTOLOGY_NS, "nk");
        set_ns(st->world, ser, RDFS_NS, "rdfs");
        set_ns(st->world, ser, OWL_NS, "owl");
        set_ns(st->world, ser, XSD_NS, "xsd");
    }
    size_t len = 0;
    unsigned char *text =
        librdf_serializer_serialize_stream_to_counted_string(ser, NULL, stream, &len);
    librdf_free_serializer(ser);
    if (!text) {
        store_report(st, NK_ERROR, 0, 0, "librdf could not write the graph");
        return NK_ERR_EXTERNAL;
    }
    nk_buf_append(&r->graph_text, (const char *)text, len);
    librdf_free_memory(text);
    r->graph_format = format;
    return NK_OK;
}

static int serialise_graph(nk_store *st, librdf_query_results *res, nk_results_format format,
                           nk_results *r)
{
    librdf_stream *stream = librdf_query_results_as_stream(res);
    if (!stream) {
        store_report(st, NK_ERROR, 0, 0, "the query gave no graph");
        return NK_ERR_EXTERNAL;
    }
    int rc = serialise_stream(st, stream, format, r);
    librdf_free_stream(stream);
    return rc;
}

/* The variables QUERY selects, read by rasqal itself. */
static void projection(nk_store *st, const char *query, nk_results *r)
{
    rasqal_query *q = rasqal_new_query(librdf_world_get_rasqal(st->world), "sparql", NULL);
    if (!q)
        return;
    if (rasqal_query_prepare(q, (const unsigned char *)query, NULL) == 0) {
        raptor_sequence *vars = rasqal_query_get_bound_variable_sequence(q);
        int n = vars ? raptor_sequence_size(vars) : 0;
        for (int i = 0; i < n; i++) {
            rasqal_variable *v = raptor_sequence_get_at(vars, i);
            if (v && v->name)
                nk_results_add_var(r, (const char *)v->name);
        }
    }
    rasqal_free_query(q);
}

/* DESCRIBE (rasqal 0.9.33 parses it but gives nothing): the resources it
 * names, or the values of its variables in the answers of the same query
 * as SELECT DISTINCT, each with every triple it is the subject of in the
 * default graph, serialised as FORMAT. */
static int describe(nk_store *st, const char *query, nk_results_format format, nk_results **out)
{
    rasqal_world *rw = librdf_world_get_rasqal(st->world);
    rasqal_query *rq = rasqal_new_query(rw, "sparql", NULL);
    librdf_storage *mem_storage = NULL;
    librdf_model *mem = NULL;
    char *select = NULL;
    nk_results *r = NULL;
    int rc = NK_OK;
    if (!rq) {
        store_report(st, NK_ERROR, 0, 0, "rasqal cannot make a query");
        return NK_ERR_EXTERNAL;
    }
    if (rasqal_query_prepare(rq, (const unsigned char *)query, NULL) != 0 || st->errors) {
        if (!st->errors)
            store_report(st, NK_ERROR, 0, 0, "malformed DESCRIBE query");
        rc = NK_ERR_PARSE;
        goto done;
    }
    mem_storage = librdf_new_storage(st->world, "hashes", NULL, "hash-type='memory'");
    mem = mem_storage ? librdf_new_model(st->world, mem_storage, NULL) : NULL;
    if (!mem) {
        store_report(st, NK_ERROR, 0, 0, "librdf cannot make a model");
        rc = NK_ERR_EXTERNAL;
        goto done;
    }
    /* the resources: constants, and the variables' values */
    raptor_sequence *seq = rasqal_query_get_describe_sequence(rq);
    int n = seq ? raptor_sequence_size(seq) : 0;
    bool vars = rasqal_query_get_wildcard(rq) != 0;
    librdf_node **nodes = nk_xcalloc((size_t)n + 1, sizeof *nodes);
    size_t nnodes = 0;
    for (int i = 0; i < n; i++) {
        rasqal_literal *l = raptor_sequence_get_at(seq, i);
        if (rasqal_literal_as_variable(l))
            vars = true;
        else if ((nodes[nnodes] = node_of_literal(st->world, l)) != NULL)
            nnodes++;
    }
    if (vars && nnodes > 0) {
        store_report(st, NK_ERROR, 0, 0,
                     "DESCRIBE of both IRIs and variables: describe them in two queries");
        rc = NK_ERR_UNSUPPORTED;
    } else if (vars) {
        nk_query_verb verb;
        const char *at = nk_sparql_verb_at(query, &verb);
        nk_buf b = {0};
        nk_buf_append(&b, query, (size_t)(at - query));
        /* not SELECT DISTINCT: rasqal's DISTINCT leaks the rows it drops
         * (found by fuzz_query); repeated resources are skipped here */
        nk_buf_puts(&b, "SELECT");
        nk_buf_puts(&b, at + strlen("DESCRIBE"));
        select = nk_buf_detach(&b);
    }
    if (rc == NK_OK && select) {
        librdf_query *q = librdf_new_query(st->world, "sparql", NULL,
                                           (const unsigned char *)select, NULL);
        librdf_query_results *res = q ? librdf_model_query_execute(st->model, q) : NULL;
        nk_u64set seen = {0};
        while (res && !librdf_query_results_finished(res)) {
            int k = librdf_query_results_get_bindings_count(res);
            for (int i = 0; i < k; i++) {
                librdf_node *v = librdf_query_results_get_binding_value(res, i);
                size_t len = 0;
                const unsigned char *key = NULL;
                bool blank = v && librdf_node_is_blank(v);
                if (v && librdf_node_is_resource(v))
                    key = librdf_uri_as_counted_string(librdf_node_get_uri(v), &len);
                else if (blank)
                    key = librdf_node_get_counted_blank_identifier(v, &len);
                if (key && nk_u64set_add(&seen, nk_hash64(key, len, blank ? 1 : 0))) {
                    nodes = nk_xrealloc(nodes, (nnodes + 1) * sizeof *nodes);
                    nodes[nnodes++] = v;
                } else if (v) {
                    librdf_free_node(v);
                }
            }
            if (librdf_query_results_next(res))
                break;
        }
        nk_u64set_free(&seen);
        if (!res || st->errors)
            rc = NK_ERR_PARSE;
        if (res)
            librdf_free_query_results(res);
        if (q)
            librdf_free_query(q);
    }
    for (size_t i = 0; rc == NK_OK && i < nnodes; i++) {
        librdf_statement *pat = librdf_new_statement_from_nodes(
            st->world, librdf_new_node_from_node(nodes[i]), NULL, NULL);
        librdf_stream *s = pat ? librdf_model_find_statements(st->model, pat) : NULL;
        if (!s || librdf_model_add_statements(mem, s) != 0)
            rc = NK_ERR_EXTERNAL;
        if (s)
            librdf_free_stream(s);
        if (pat)
            librdf_free_statement(pat);
    }
    for (size_t i = 0; i < nnodes; i++)
        librdf_free_node(nodes[i]);
    free(nodes);
    if (rc == NK_OK) {
        r = nk_results_new(NK_RESULTS_GRAPH);
        librdf_stream *all = librdf_model_as_stream(mem);
        rc = all ? serialise_stream(st, all, format, r) : NK_ERR_EXTERNAL;
        if (all)
            librdf_free_stream(all);
    }
done:
    free(select);
    if (mem)
        librdf_free_model(mem);
    if (mem_storage)
        librdf_free_storage(mem_storage);
    rasqal_free_query(rq);
    if (rc < 0) {
        nk_results_free(r);
        return rc;
    }
    *out = r;
    return NK_OK;
}

/* Run TEXT through librdf and rasqal into *out.  QUERY is what the user
 * wrote (for the names of an empty result's variables). */
static int run_query(nk_store *st, const char *text, const char *query,
                     nk_results_format graph_format, nk_results **out)
{
    int rc = NK_OK;
    nk_results *r = NULL;
    librdf_query_results *res = NULL;
    librdf_query *q = librdf_new_query(st->world, "sparql", NULL, (const unsigned char *)text,
                                       NULL);
    *out = NULL;
    if (!q) {
        store_report(st, NK_ERROR, 0, 0, "librdf cannot make a SPARQL query");
        return NK_ERR_EXTERNAL;
    }
    res = librdf_model_query_execute(st->model, q);
    if (!res || st->errors) {
        if (!st->errors)
            store_report(st, NK_ERROR, 0, 0, "the query failed");
        rc = NK_ERR_PARSE;
        goto cleanup;
    }
    if (librdf_query_results_is_bindings(res)) {
        r = nk_results_new(NK_RESULTS_BINDINGS);
        int nvars = librdf_query_results_get_bindings_count(res);
        for (int i = 0; i < nvars; i++)
            nk_results_add_var(r, librdf_query_results_get_binding_name(res, i));
        if (nvars <= 0) {
            /* an empty result has no count: the names from the query */
            projection(st, query, r);
            nvars = 0;
        }
        while (!librdf_query_results_finished(res)) {
            nk_sparql_term *row = nk_results_add_row(r);
            for (int i = 0; i < nvars; i++) {
                librdf_node *n = librdf_query_results_get_binding_value(res, i);
                if (n) {
                    set_term(r, &row[i], n);
                    librdf_free_node(n);
                }
            }
            if (librdf_query_results_next(res))
                break;
        }
    } else if (librdf_query_results_is_boolean(res)) {
        r = nk_results_new(NK_RESULTS_BOOLEAN);
        int b = librdf_query_results_get_boolean(res);
        if (b < 0) {
            store_report(st, NK_ERROR, 0, 0, "the query gave no answer");
            rc = NK_ERR_EXTERNAL;
            goto cleanup;
        }
        r->boolean = b > 0;
    } else if (librdf_query_results_is_graph(res)) {
        r = nk_results_new(NK_RESULTS_GRAPH);
        rc = serialise_graph(st, res, graph_format, r);
    } else {
        store_report(st, NK_ERROR, 0, 0, "unsupported kind of query result");
        rc = NK_ERR_UNSUPPORTED;
    }
    if (rc >= 0 && st->errors)
        rc = NK_ERR_EXTERNAL;
cleanup:
    if (res)
        librdf_free_query_results(res);
    librdf_free_query(q);
    if (rc < 0) {
        nk_results_free(r);
        return rc;
    }
    *out = r;
    return NK_OK;
}

/* The line and column (from 1, in bytes) of AT in TEXT. */
static void position(const char *text, const char *at, unsigned *line, unsigned *col)
{
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at; p++, (*col)++)
        if (*p == '\n') {
            (*line)++;
            *col = 0;
        }
}

/* What the embedded store refuses, where rasqal 0.9.33 goes wrong:
 *  - VALUES: rasqal reads past the rows of a VALUES block of two rows or
 *    more whose variables the patterns do not share, or with a FILTER of a
 *    variable nothing binds (valgrind: invalid reads; the heap corruption
 *    fuzz_query met after 486,000 and 206,000 runs);
 *  - REPLACE: never ends when its pattern matches the empty string ("l*",
 *    ""): it finds the same empty match forever (found by fuzzing newskg
 *    query); the pattern may be computed, so REPLACE is refused;
 *  - CONCAT of a computed argument: rasqal frees it before it copies its
 *    text (a use after free, found by fuzz_query). */
static const struct {
    const char *(*find)(const char *query, const char *word);
    const char *word;
    const char *message;
} REFUSED[] = {
    {nk_sparql_find_keyword, "VALUES",
     "VALUES is not supported by the embedded store (rasqal 0.9.33 reads past "
     "its rows): use FILTER(?x IN (...)) instead"},
    {nk_sparql_find_call, "REPLACE",
     "REPLACE is not supported by the embedded store (rasqal 0.9.33 never "
     "ends when its pattern matches the empty string)"},
    {nk_sparql_nested_call, "CONCAT",
     "CONCAT of a computed value is not supported (rasqal 0.9.33 reads freed "
     "memory there): BIND it to a variable first and CONCAT the variable"},
};

int nk_store_query(nk_store *st, const char *query, const char *name,
                   nk_results_format graph_format, nk_results **out, nk_diag_sink *sink)
{
    *out = NULL;
    st->sink = sink;
    st->file = name ? name : "<query>";
    st->text = query;
    st->text_len = strlen(query);
    st->errors = 0;
    int rc;
    nk_results *r = NULL;
    char *distinct = NULL, *ordered = NULL, *grouped = NULL;
    nk_sparql_order keys[32];
    nk_sparql_column cols[32];
    size_t nkeys = 0, ncols = 0;
    size_t bad = 0;
    unsigned line = 1, col = 1;
    if (!nk_utf8_valid(query, st->text_len, &bad)) {
        /* rasqal takes any bytes, and its answers would not be UTF-8
         * (found by fuzz_query: SPARQL JSON results that do not read back) */
        position(query, query + bad, &line, &col);
        store_report(st, NK_ERROR, line, col, "invalid UTF-8 at byte offset %zu (byte 0x%02X)",
                     bad, (unsigned)(unsigned char)query[bad]);
        rc = NK_ERR_PARSE;
        goto done;
    }
    for (size_t i = 0; i < sizeof REFUSED / sizeof *REFUSED; i++) {
        const char *at = REFUSED[i].find(query, REFUSED[i].word);
        if (at) {
            position(query, at, &line, &col);
            store_report(st, NK_ERROR, line, col, "%s", REFUSED[i].message);
            rc = NK_ERR_UNSUPPORTED;
            goto done;
        }
    }
    if (nk_sparql_verb(query) == NK_VERB_DESCRIBE) {
        rc = describe(st, query, graph_format, &r);
        goto done;
    }
    /* rasqal's DISTINCT leaks the rows it drops; its ORDER BY, GROUP BY and
     * COUNT(DISTINCT) cost the square of sorted input: when it is safe to,
     * newskg does them (see nk_sparql_strip_distinct, _group, _order) */
    distinct = nk_sparql_strip_distinct(query);
    const char *text = distinct ? distinct : query;
    if (nk_sparql_strip_group(text, &grouped, cols, sizeof cols / sizeof *cols, &ncols))
        text = grouped;
    if (nk_sparql_strip_order(text, &ordered, keys, sizeof keys / sizeof *keys, &nkeys))
        text = ordered;
    rc = run_query(st, text, query, graph_format, &r);
    if (rc == NK_OK && grouped && nk_results_group(r, cols, ncols) != NK_OK) {
        /* a counted variable the query does not bind: rasqal does it all */
        nk_results_free(r);
        r = NULL;
        free(ordered);
        ordered = NULL;
        free(grouped);
        grouped = NULL;
        rc = run_query(st, distinct ? distinct : query, query, graph_format, &r);
    }
    if (rc == NK_OK && ordered && nk_results_sort(r, keys, nkeys) == NK_ERR_NOTFOUND) {
        /* ordered by a variable it does not select: rasqal sorts (and groups) */
        nk_results_free(r);
        r = NULL;
        rc = run_query(st, distinct ? distinct : query, query, graph_format, &r);
    }
    if (rc == NK_OK && distinct)
        nk_results_distinct(r);
done:
    free(distinct);
    free(ordered);
    free(grouped);
    st->sink = NULL;
    st->text = NULL;
    st->text_len = 0;
    if (rc < 0) {
        nk_results_free(r);
        return rc;
    }
    *out = r;
    return NK_OK;
}
