/* endpoint.c: see endpoint.h. */
#include "endpoint.h"

#include <curl/curl.h>
#include <raptor.h>

#include "store_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define RDF_TYPE "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#define ARTICLE_VERSION "<" NK_ONTOLOGY_NS "ArticleVersion>"
#define URL_MAX_GET 4000

struct nk_endpoint {
    CURL *curl;
    char *query_url;
    char *gsp_url;
    char *graph_param;
    long timeout, connect_timeout;
    size_t chunk;
    char *user, *password;
    char *netrc;
    char errbuf[CURL_ERROR_SIZE];
};

typedef struct http_resp {
    long status;
    nk_buf body;
    char *content_type;       /* malloc'd, lower case, parameters cut */
} http_resp;

static void resp_free(http_resp *r)
{
    nk_buf_free(&r->body);
    free(r->content_type);
    memset(r, 0, sizeof *r);
}

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
    nk_buf *b = user;
    nk_buf_append(b, data, size * n);
    return size * n;
}

int nk_endpoint_new(nk_endpoint **out, const nk_endpoint_options *o, nk_diag_sink *sink)
{
    *out = NULL;
    if (!o || !o->query_url || !*o->query_url) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX, "no endpoint URL");
        return NK_ERR_INVALID;
    }
    if (strncmp(o->query_url, "http://", 7) != 0 && strncmp(o->query_url, "https://", 8) != 0) {
        nk_diag_report(sink, NK_ERROR, o->query_url, 0, 0, SIZE_MAX,
                       "an endpoint is an http:// or https:// URL");
        return NK_ERR_INVALID;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        nk_diag_report(sink, NK_ERROR, o->query_url, 0, 0, SIZE_MAX, "libcurl cannot start");
        return NK_ERR_EXTERNAL;
    }
    nk_endpoint *ep = nk_xcalloc(1, sizeof *ep);
    ep->curl = curl_easy_init();
    if (!ep->curl) {
        free(ep);
        curl_global_cleanup();
        nk_diag_report(sink, NK_ERROR, o->query_url, 0, 0, SIZE_MAX, "libcurl cannot start");
        return NK_ERR_EXTERNAL;
    }
    ep->query_url = nk_xstrdup(o->query_url);
    ep->gsp_url = nk_xstrdup(o->graph_store_url && *o->graph_store_url ? o->graph_store_url
                                                                       : o->query_url);
    ep->graph_param = nk_xstrdup(o->graph_param && *o->graph_param ? o->graph_param : "graph");
    ep->timeout = o->timeout > 0 ? o->timeout : 300;
    ep->connect_timeout = o->connect_timeout > 0 ? o->connect_timeout : 10;
    ep->chunk = o->chunk_triples > 0 ? o->chunk_triples : 20000;
    const char *user = getenv("NEWSKG_ENDPOINT_USER");
    const char *pw = getenv("NEWSKG_ENDPOINT_PASSWORD");
    if (user && *user) {
        ep->user = nk_xstrdup(user);
        ep->password = nk_xstrdup(pw ? pw : "");
    }
    const char *netrc = o->netrc ? o->netrc : getenv("NETRC");
    if (netrc && *netrc)
        ep->netrc = nk_xstrdup(netrc);
    *out = ep;
    return NK_OK;
}

void nk_endpoint_free(nk_endpoint *ep)
{
    if (!ep)
        return;
    curl_easy_cleanup(ep->curl);
    free(ep->query_url);
    free(ep->gsp_url);
    free(ep->graph_param);
    free(ep->user);
    if (ep->password) {
        memset(ep->password, 0, strlen(ep->password));
        free(ep->password);
    }
    free(ep->netrc);
    free(ep);
    curl_global_cleanup();
}

/* The server's message: the body as one line of text, tags dropped,
 * at most 400 bytes. */
static void server_message(const nk_buf *body, char *out, size_t n)
{
    size_t k = 0;
    bool in_tag = false, space = true;
    const char *s = body->data ? body->data : "";
    bool html = strstr(s, "<html") || strstr(s, "<HTML") || strstr(s, "<!DOCTYPE");
    for (size_t i = 0; i < body->len && k + 4 < n; i++) {
        char c = s[i];
        if (html && c == '<') {
            in_tag = true;
            continue;
        }
        if (in_tag) {
            if (c == '>')
                in_tag = false;
            continue;
        }
        if (isspace((unsigned char)c) || (unsigned char)c < 0x20) {
            if (!space)
                out[k++] = ' ';
            space = true;
            continue;
        }
        out[k++] = c;
        space = false;
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    if (k + 4 >= n && body->len > k) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

/* One HTTP request.  METHOD: GET, POST, PUT or DELETE; BODY may be NULL.
 * Reports transport errors (naming URL); HTTP statuses are the caller's. */
static int http(nk_endpoint *ep, const char *method, const char *url, const char *ctype,
                const char *body, size_t blen, const char *accept, http_resp *resp,
                nk_diag_sink *sink)
{
    CURL *c = ep->curl;
    memset(resp, 0, sizeof *resp);
    /* no curl_easy_reset: the handle keeps its connection and its digest
     * state, so a second request answers the challenge without a 401;
     * every option a request sets is set (or cleared) here */
    ep->errbuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ep->errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, ep->timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, ep->connect_timeout);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "newskg");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp->body);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)(CURLAUTH_BASIC | CURLAUTH_DIGEST));
    if (ep->user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, ep->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, ep->password);
    } else {
        curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
        if (ep->netrc)
            curl_easy_setopt(c, CURLOPT_NETRC_FILE, ep->netrc);
    }
    struct curl_slist *h = NULL;
    char line[256];
    if (ctype) {
        snprintf(line, sizeof line, "Content-Type: %s", ctype);
        h = curl_slist_append(h, line);
    }
    if (accept) {
        snprintf(line, sizeof line, "Accept: %s", accept);
        h = curl_slist_append(h, line);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? blen : 0));
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    }
    CURLcode cc = curl_easy_perform(c);
    curl_slist_free_all(h);
    if (cc != CURLE_OK) {
        const char *why = ep->errbuf[0] ? ep->errbuf : curl_easy_strerror(cc);
        if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST)
            nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX,
                           "the server does not answer (%s): is it running?", why);
        else if (cc == CURLE_OPERATION_TIMEDOUT)
            nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX,
                           "no answer within %ld s (--timeout): %s", ep->timeout, why);
        else
            nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX, "%s %s failed: %s", method, url,
                           why);
        resp_free(resp);
        return NK_ERR_IO;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
    char *ct = NULL;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) {
        size_t k = strcspn(ct, "; ");
        resp->content_type = nk_xstrndup(ct, k);
        for (char *p = resp->content_type; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    return NK_OK;
}

/* Report an HTTP error status of RESP for WHAT (e.g. "PUT <g>"). */
static int status_error(nk_endpoint *ep, const char *url, const char *what,
                        const http_resp *resp, nk_diag_sink *sink)
{
    char msg[420];
    server_message(&resp->body, msg, sizeof msg);
    const char *sep = msg[0] ? ": " : "";
    long s = resp->status;
    if (s == 401)
        nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX,
                       "%s: not authorised (401): %s; give credentials in "
                       "NEWSKG_ENDPOINT_USER/NEWSKG_ENDPOINT_PASSWORD or a netrc entry%s%s",
                       what, ep->user ? "the server refused the user and password"
                                      : "no credentials were sent or accepted",
                       sep, msg);
    else if (s == 403)
        nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX,
                       "%s: forbidden (403): this account may not do that%s%s", what, sep, msg);
    else if (s == 413)
        nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX,
                       "%s: the request is too large for the server (413); try a smaller "
                       "--chunk%s%s", what, sep, msg);
    else
        nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX, "%s: HTTP %ld%s%s", what, s, sep,
                       msg);
    return s == 401 || s == 403 ? NK_ERR_INVALID : NK_ERR_IO;
}

static char *graph_url(nk_endpoint *ep, const char *graph)
{
    char *esc = curl_easy_escape(ep->curl, graph, 0);
    nk_buf b = {0};
    nk_buf_printf(&b, "%s%c%s=%s", ep->gsp_url, strchr(ep->gsp_url, '?') ? '&' : '?',
                  ep->graph_param, esc ? esc : "");
    curl_free(esc);
    return nk_buf_detach(&b);
}

/* ---- loading: RDF split by graph into N-Triples ------------------------------------ */

/* raptor worlds are made and freed under rdf.h's lock (libxml2's global
 * state). */
static raptor_world *new_world(void)
{
    nk_rdf_world_lock();
    raptor_world *w = raptor_new_world();
    if (w && raptor_world_open(w) != 0) {
        raptor_free_world(w);
        w = NULL;
    }
    nk_rdf_world_unlock();
    return w;
}

static void free_world(raptor_world *w)
{
    if (!w)
        return;
    nk_rdf_world_lock();
    raptor_free_world(w);
    nk_rdf_world_unlock();
}

typedef struct gbuf {
    char *graph;              /* IRI, or NULL: the default graph */
    nk_buf lines;             /* N-Triples */
    size_t triples;
} gbuf;

typedef struct splitter {
    gbuf *g;
    size_t n;
    size_t last;              /* the graph of the last statement */
    nk_diag_sink *sink;
    const char *name;
    unsigned errors;
    char *version;            /* the subject of "a nk:ArticleVersion" seen */
    size_t nversions;
} splitter;

static void split_log(void *user, raptor_log_message *m)
{
    splitter *sp = user;
    if (m->level < RAPTOR_LOG_LEVEL_WARN)
        return;
    int line = m->locator ? raptor_locator_line(m->locator) : -1;
    int col = m->locator ? raptor_locator_column(m->locator) : -1;
    nk_severity sev = m->level >= RAPTOR_LOG_LEVEL_ERROR ? NK_ERROR : NK_WARNING;
    if (sev == NK_ERROR)
        sp->errors++;
    nk_diag_report(sp->sink, sev, sp->name, line > 0 ? (unsigned)line : 0,
                   line > 0 ? (col >= 0 ? (unsigned)col + 1 : 1) : 0, SIZE_MAX, "%s",
                   m->text ? m->text : "parse error");
}

static gbuf *graph_buf(splitter *sp, const char *graph)
{
    /* N-Quads come graph by graph: try the last one first */
    if (sp->n) {
        gbuf *last = &sp->g[sp->last];
        if ((graph == NULL) == (last->graph == NULL) && (!graph || strcmp(graph, last->graph) == 0))
            return last;
    }
    for (size_t i = 0; i < sp->n; i++)
        if ((graph == NULL) == (sp->g[i].graph == NULL) &&
            (!graph || strcmp(graph, sp->g[i].graph) == 0)) {
            sp->last = i;
            return &sp->g[i];
        }
    sp->g = nk_xrealloc(sp->g, (sp->n + 1) * sizeof *sp->g);
    sp->last = sp->n;
    gbuf *b = &sp->g[sp->n++];
    memset(b, 0, sizeof *b);
    b->graph = graph ? nk_xstrdup(graph) : NULL;
    return b;
}

static void split_statement(void *user, raptor_statement *s)
{
    splitter *sp = user;
    if (sp->errors)
        return;
    const char *graph = NULL;
    if (s->graph && s->graph->type == RAPTOR_TERM_TYPE_URI)
        graph = (const char *)raptor_uri_as_string(s->graph->value.uri);
    gbuf *b = graph_buf(sp, graph);
    raptor_term *parts[3] = {s->subject, s->predicate, s->object};
    char *str[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++) {
        size_t len = 0;
        str[i] = (char *)raptor_term_to_counted_string(parts[i], &len);
        if (str[i])
            nk_buf_append(&b->lines, str[i], len);
        nk_buf_puts(&b->lines, i < 2 ? " " : " .\n");
    }
    if (!graph && str[1] && str[2] && strcmp(str[1], RDF_TYPE) == 0 &&
        strcmp(str[2], ARTICLE_VERSION) == 0 && s->subject->type == RAPTOR_TERM_TYPE_URI) {
        const char *v = (const char *)raptor_uri_as_string(s->subject->value.uri);
        if (!sp->version || strcmp(sp->version, v) != 0) {
            sp->nversions++;
            free(sp->version);
            sp->version = nk_xstrdup(v);
        }
    }
    for (int i = 0; i < 3; i++)
        raptor_free_memory(str[i]);
    b->triples++;
}

/* A statement of the loader's N-Triples/N-Quads reader, as a line. */
static nk_sparql_term sparql_term_of(const term_view *v)
{
    nk_sparql_term t;
    memset(&t, 0, sizeof t);
    t.kind = v->kind == TERM_IRI     ? NK_SPARQL_IRI
             : v->kind == TERM_BLANK ? NK_SPARQL_BLANK
                                     : NK_SPARQL_LITERAL;
    t.value = v->value;
    t.len = v->len;
    t.lang = v->lang;
    t.datatype = v->lang ? NULL : v->dt;
    return t;
}

static bool is_iri(const term_view *v, const char *iri, size_t len)
{
    return v->kind == TERM_IRI && v->len == len && memcmp(v->value, iri, len) == 0;
}

static int split_nq(void *user, const term_view *terms, int n)
{
    splitter *sp = user;
    char *graph = NULL;
    if (n == 4 && terms[3].kind == TERM_IRI)
        graph = nk_xstrndup(terms[3].value, terms[3].len);
    gbuf *b = graph_buf(sp, graph);
    free(graph);
    for (int i = 0; i < 3; i++) {
        nk_sparql_term t = sparql_term_of(&terms[i]);
        nk_sparql_term_nt(&b->lines, &t);
        nk_buf_puts(&b->lines, i < 2 ? " " : " .\n");
    }
    static const char TYPE[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    static const char AV[] = NK_ONTOLOGY_NS "ArticleVersion";
    if (n == 3 && terms[0].kind == TERM_IRI && is_iri(&terms[1], TYPE, sizeof TYPE - 1) &&
        is_iri(&terms[2], AV, sizeof AV - 1) &&
        (!sp->version || strlen(sp->version) != terms[0].len ||
         memcmp(sp->version, terms[0].value, terms[0].len) != 0)) {
        sp->nversions++;
        free(sp->version);
        sp->version = nk_xstrndup(terms[0].value, terms[0].len);
    }
    b->triples++;
    return NK_OK;
}

/* PUT graph B's triples (then POST the rest, CHUNK triples a request). */
static int put_graph(nk_endpoint *ep, const char *graph, const gbuf *b, nk_diag_sink *sink)
{
    char *url = graph_url(ep, graph);
    size_t chunk = ep->chunk;
    int rc = NK_OK;
    const char *text = b->lines.data ? b->lines.data : "";
retry:;
    size_t off = 0;
    bool first = true;
    do {
        /* CHUNK lines from OFF */
        size_t end = off, k = 0;
        while (end < b->lines.len && k < chunk) {
            const char *nl = memchr(text + end, '\n', b->lines.len - end);
            end = nl ? (size_t)(nl - text) + 1 : b->lines.len;
            k++;
        }
        http_resp r;
        rc = http(ep, first ? "PUT" : "POST", url, "text/turtle; charset=utf-8", text + off,
                  end - off, NULL, &r, sink);
        if (rc < 0)
            break;
        if (r.status == 413 && chunk > 1) {
            /* the server wants smaller requests: start the graph again */
            chunk /= 2;
            resp_free(&r);
            goto retry;
        }
        if (r.status >= 400) {
            char what[64];
            snprintf(what, sizeof what, "%s of a graph", first ? "PUT" : "POST");
            rc = status_error(ep, url, what, &r, sink);
            resp_free(&r);
            break;
        }
        resp_free(&r);
        off = end;
        first = false;
    } while (off < b->lines.len);
    free(url);
    return rc;
}

int nk_endpoint_load_rdf(nk_endpoint *ep, const char *text, size_t len, nk_rdf_format format,
                         const char *name, const char *graph, const char *file_uri,
                         nk_store_load_stats *stats, nk_diag_sink *sink)
{
    nk_store_load_stats local = {0, 0, 0};
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    const char *pname = nk_store_raptor_parser(format);
    if (!pname) {
        nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX, "cannot load this RDF format");
        return NK_ERR_UNSUPPORTED;
    }
    splitter sp;
    memset(&sp, 0, sizeof sp);
    sp.sink = sink;
    sp.name = name;
    int rc = NK_OK;
    raptor_world *w = NULL;
    raptor_parser *p = NULL;
    raptor_uri *base = NULL;
    if (format == NK_RDF_NTRIPLES || format == NK_RDF_NTRIPLES_CANONICAL ||
        format == NK_RDF_NQUADS) {
        /* the line formats: the loader's own reader */
        rc = store_read_nquads(sink, name, NULL, text, len, format == NK_RDF_NQUADS, split_nq,
                               &sp);
        if (rc < 0)
            goto cleanup;
        goto split;
    }
    w = new_world();
    if (!w) {
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    raptor_world_set_log_handler(w, &sp, split_log);
    p = raptor_new_parser(w, pname);
    base = raptor_new_uri(w, (const unsigned char *)(file_uri ? file_uri : "file:///newskg-input"));
    if (!p || !base) {
        nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX, "raptor has no %s parser", pname);
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    raptor_parser_set_statement_handler(p, &sp, split_statement);
    if (raptor_parser_parse_start(p, base) != 0 ||
        raptor_parser_parse_chunk(p, (const unsigned char *)text, len, 1) != 0 || sp.errors) {
        if (!sp.errors)
            nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX, "cannot parse as %s", pname);
        rc = NK_ERR_PARSE;
        goto cleanup;
    }
split:;
    /* the graph of triples read without one */
    const char *default_graph = graph;
    if (!default_graph) {
        if (sp.nversions == 1)
            default_graph = sp.version;
        else if (sp.nversions > 1) {
            bool has_default = false;
            for (size_t i = 0; i < sp.n; i++)
                has_default = has_default || !sp.g[i].graph;
            if (has_default) {
                nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX,
                               "%zu article versions in one graph: write them as N-Quads "
                               "(extract -f nquads) or name one graph with --graph; nothing "
                               "was loaded",
                               sp.nversions);
                rc = NK_ERR_INVALID;
                goto cleanup;
            }
        } else {
            default_graph = file_uri;
        }
    }
    if (graph) {
        /* everything into one graph */
        gbuf all;
        memset(&all, 0, sizeof all);
        for (size_t i = 0; i < sp.n; i++) {
            nk_buf_append(&all.lines, sp.g[i].lines.data ? sp.g[i].lines.data : "",
                          sp.g[i].lines.len);
            all.triples += sp.g[i].triples;
        }
        rc = put_graph(ep, graph, &all, sink);
        if (rc == NK_OK) {
            stats->graphs = 1;
            stats->triples = all.triples;
        }
        nk_buf_free(&all.lines);
        goto cleanup;
    }
    for (size_t i = 0; i < sp.n && rc == NK_OK; i++) {
        const char *g = sp.g[i].graph ? sp.g[i].graph : default_graph;
        if (!g) {
            nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX,
                           "triples of no article version and no graph to put them in: name "
                           "one with --graph; nothing was loaded");
            rc = NK_ERR_INVALID;
            break;
        }
        rc = put_graph(ep, g, &sp.g[i], sink);
        if (rc == NK_OK) {
            stats->graphs++;
            stats->triples += sp.g[i].triples;
        }
    }
cleanup:
    for (size_t i = 0; i < sp.n; i++) {
        free(sp.g[i].graph);
        nk_buf_free(&sp.g[i].lines);
    }
    free(sp.g);
    free(sp.version);
    if (base)
        raptor_free_uri(base);
    if (p)
        raptor_free_parser(p);
    free_world(w);
    return rc;
}

int nk_endpoint_drop(nk_endpoint *ep, const char *const *graphs, size_t n, nk_diag_sink *sink)
{
    for (size_t i = 0; i < n; i++) {
        char *url = graph_url(ep, graphs[i]);
        http_resp r;
        int rc = http(ep, "DELETE", url, NULL, NULL, 0, NULL, &r, sink);
        if (rc == NK_OK && r.status == 404) {
            nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX, "no graph <%s> on the server",
                           graphs[i]);
            rc = NK_ERR_NOTFOUND;
        } else if (rc == NK_OK && r.status >= 400) {
            rc = status_error(ep, url, "DELETE of a graph", &r, sink);
        }
        resp_free(&r);
        free(url);
        if (rc < 0)
            return rc;
    }
    return NK_OK;
}

/* ---- queries -------------------------------------------------------------------------------- */

typedef struct reser {
    raptor_serializer *ser;
    size_t triples;
} reser;

static void reser_statement(void *user, raptor_statement *s)
{
    reser *r = user;
    raptor_serializer_serialize_statement(r->ser, s);
    r->triples++;
}

/* Parse the RDF a server sent (by its content type) and write it as FORMAT. */
static int reserialise(const http_resp *resp, nk_results_format format, nk_results *res,
                       const char *url, nk_diag_sink *sink)
{
    const char *ct = resp->content_type ? resp->content_type : "";
    const char *pname = strstr(ct, "turtle")                           ? "turtle"
                        : strstr(ct, "n-triples") || strstr(ct, "plain") ? "ntriples"
                        : strstr(ct, "rdf+xml")                        ? "rdfxml"
                        : strstr(ct, "n-quads")                        ? "nquads"
                                                                       : "turtle";
    splitter sp;   /* for its logger */
    memset(&sp, 0, sizeof sp);
    sp.sink = sink;
    sp.name = url;
    int rc = NK_OK;
    raptor_world *w = new_world();
    raptor_parser *p = NULL;
    raptor_uri *base = NULL;
    raptor_iostream *io = NULL;
    void *text = NULL;
    size_t len = 0;
    reser r = {NULL, 0};
    if (!w) {
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    raptor_world_set_log_handler(w, &sp, split_log);
    p = raptor_new_parser(w, pname);
    base = raptor_new_uri(w, (const unsigned char *)url);
    r.ser = raptor_new_serializer(w, format == NK_RESULTS_NTRIPLES ? "ntriples" : "turtle");
    io = raptor_new_iostream_to_string(w, &text, &len, malloc);
    if (!p || !base || !r.ser || !io) {
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    if (format != NK_RESULTS_NTRIPLES) {
        static const char *const NS[][2] = {{NK_ONTOLOGY_NS, "nk"},
                                            {"http://www.w3.org/2000/01/rdf-schema#", "rdfs"},
                                            {"http://www.w3.org/2001/XMLSchema#", "xsd"},
                                            {"http://www.w3.org/2002/07/owl#", "owl"}};
        for (size_t i = 0; i < 4; i++) {
            raptor_uri *u = raptor_new_uri(w, (const unsigned char *)NS[i][0]);
            if (u) {
                raptor_serializer_set_namespace(r.ser, u, (const unsigned char *)NS[i][1]);
                raptor_free_uri(u);
            }
        }
    }
    raptor_serializer_start_to_iostream(r.ser, NULL, io);
    raptor_parser_set_statement_handler(p, &r, reser_statement);
    if (raptor_parser_parse_start(p, base) != 0 ||
        raptor_parser_parse_chunk(p, (const unsigned char *)(resp->body.data ? resp->body.data : ""),
                                  resp->body.len, 1) != 0 ||
        sp.errors) {
        if (!sp.errors)
            nk_diag_report(sink, NK_ERROR, url, 0, 0, SIZE_MAX,
                           "the server's answer is not %s", pname);
        rc = NK_ERR_PARSE;
        goto cleanup;
    }
    raptor_serializer_serialize_end(r.ser);
    raptor_free_iostream(io);
    io = NULL;
    nk_buf_append(&res->graph_text, text ? text : "", len);
    res->graph_format = format;
    res->graph_triples = r.triples;
cleanup:
    if (io)
        raptor_free_iostream(io);
    free(text);
    if (r.ser)
        raptor_free_serializer(r.ser);
    if (base)
        raptor_free_uri(base);
    if (p)
        raptor_free_parser(p);
    free_world(w);
    return rc;
}

int nk_endpoint_query(nk_endpoint *ep, const char *query, const char *name,
                      nk_results_format graph_format, nk_results **out, nk_diag_sink *sink)
{
    *out = NULL;
    nk_query_verb verb = nk_sparql_verb(query);
    bool graph = verb == NK_VERB_CONSTRUCT || verb == NK_VERB_DESCRIBE;
    const char *accept = !graph ? "application/sparql-results+json"
                         : graph_format == NK_RESULTS_NTRIPLES
                             ? "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
                             : "text/turtle, application/n-triples;q=0.9, text/plain;q=0.8";
    char *esc = curl_easy_escape(ep->curl, query, 0);
    if (!esc) {
        nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX, "cannot encode the query");
        return NK_ERR_EXTERNAL;
    }
    nk_buf url = {0}, form = {0};
    http_resp r;
    int rc;
    if (strlen(ep->query_url) + strlen(esc) + 8 < URL_MAX_GET) {
        nk_buf_printf(&url, "%s%cquery=%s", ep->query_url, strchr(ep->query_url, '?') ? '&' : '?',
                      esc);
        rc = http(ep, "GET", url.data, NULL, NULL, 0, accept, &r, sink);
    } else {
        /* a form, never application/sparql-query (it hangs Virtuoso 7.2) */
        nk_buf_puts(&url, ep->query_url);
        nk_buf_printf(&form, "query=%s", esc);
        rc = http(ep, "POST", url.data, "application/x-www-form-urlencoded", form.data, form.len,
                  accept, &r, sink);
    }
    curl_free(esc);
    nk_results *res = NULL;
    if (rc < 0)
        goto done;
    if (r.status >= 400) {
        rc = status_error(ep, ep->query_url, "the query", &r, sink);
        goto done;
    }
    const char *ct = r.content_type ? r.content_type : "";
    if (strstr(ct, "sparql-results+json") || (!graph && strstr(ct, "json"))) {
        rc = nk_results_read_json(&res, r.body.data ? r.body.data : "", r.body.len, ep->query_url,
                                  sink);
    } else if (graph || strstr(ct, "turtle") || strstr(ct, "n-triples") ||
               strstr(ct, "rdf+xml")) {
        res = nk_results_new(NK_RESULTS_GRAPH);
        rc = reserialise(&r, graph_format, res, ep->query_url, sink);
    } else {
        nk_diag_report(sink, NK_ERROR, ep->query_url, 0, 0, SIZE_MAX,
                       "the server answered with '%s', not SPARQL results", ct);
        rc = NK_ERR_EXTERNAL;
    }
done:
    resp_free(&r);
    nk_buf_free(&url);
    nk_buf_free(&form);
    if (rc < 0) {
        nk_results_free(res);
        return rc;
    }
    *out = res;
    return NK_OK;
}

int nk_endpoint_list(nk_endpoint *ep, nk_store_graph **out, size_t *n, nk_diag_sink *sink)
{
    *out = NULL;
    *n = 0;
    static const char Q[] =
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?v a <" NK_ONTOLOGY_NS "ArticleVersion> }"
        " GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g";
    nk_results *res = NULL;
    int rc = nk_endpoint_query(ep, Q, "<list>", NK_RESULTS_TURTLE, &res, sink);
    if (rc < 0)
        return rc;
    nk_store_graph *gs = nk_xcalloc(res->nrows ? res->nrows : 1, sizeof *gs);
    size_t k = 0;
    for (size_t i = 0; i < res->nrows && res->nvars >= 2; i++) {
        const nk_sparql_term *row = &res->cells[i * res->nvars];
        if (row[0].kind != NK_SPARQL_IRI)
            continue;
        gs[k].iri = nk_xstrdup(row[0].value);
        gs[k].triples = row[1].kind == NK_SPARQL_LITERAL ? (size_t)strtoull(row[1].value, NULL, 10)
                                                       : 0;
        k++;
    }
    nk_results_free(res);
    *out = gs;
    *n = k;
    return NK_OK;
}
