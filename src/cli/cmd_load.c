/* cmd_load.c: `newskg load` (articles and graphs into a store) and
 * `newskg drop` (named graphs out of it). */
#define _XOPEN_SOURCE 700
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "endpoint.h"
#include "extract.h"
#include "facts_jsonl.h"
#include "graph.h"
#include "rdf.h"
#include "store.h"

static void load_usage(FILE *f)
{
    fprintf(f,
        "usage: newskg load [OPTIONS] FILE...\n"
        "       newskg load --list [--store PATH | --endpoint URL]\n\n"
        "Load articles and graphs into a store: the embedded one (a file, no server\n"
        "needed) or a SPARQL 1.1 server.  Each article version is one named graph;\n"
        "loading a version again replaces its graph.  Each file is loaded in one\n"
        "transaction: a file with an error loads nothing, the others still load.\n\n"
        "Inputs (the kind from -i, else from the extension):\n"
        "  .ttl .nt .nq .rdf      newskg's Turtle, N-Triples, N-Quads (or any RDF:\n"
        "                         triples without a graph go to the file's one\n"
        "                         nk:ArticleVersion, else to the file's URI)\n"
        "  .jsonl                 facts as JSON Lines\n"
        "  .txt, anything else    an article, extracted as `newskg extract` would\n"
        "  -                      standard input (an article unless -i says)\n\n"
        "Options:\n"
        "  -i, --input KIND       text, jsonl, turtle, ntriples, nquads or rdfxml\n"
        "      --graph IRI        put all triples of the (one) input into graph IRI\n"
        "      --list             list the graphs with triples and load times\n"
        "  -q, --quiet            no line per loaded file\n"
        "  -h, --help             show this help\n\n"
        NK_CLI_TARGET_HELP "\n"
        "Articles (as for extract):\n"
        "      --date YYYY-MM-DD  --title TEXT  --url URL  --id ID  --base IRI\n"
        "      --ontology FILE  --gazetteer FILE\n\n"
        "Exit status: 0 success, 2 error (messages as file:line:col: error: ...).\n");
}

static void drop_usage(FILE *f)
{
    fprintf(f,
        "usage: newskg drop [--store PATH | --endpoint URL] GRAPH...\n\n"
        "Remove named graphs (article versions: see `newskg load --list`) from a\n"
        "store.  In the embedded store all of them go in one transaction, and a\n"
        "graph the store does not hold is an error that drops nothing.\n\n"
        NK_CLI_TARGET_HELP
        "  -h, --help             show this help\n\n"
        "Exit status: 0 success, 2 error.\n");
}

typedef enum in_kind { IN_TEXT, IN_JSONL, IN_RDF } in_kind;

/* The kind of input PATH is (FORCED: an -i value, or NULL); *rdf gets the
 * RDF format.  False when FORCED is unknown. */
static bool input_kind(const char *path, const char *forced, in_kind *kind, int *rdf)
{
    const char *name = forced ? forced : nk_path_ext(path);
    if (strcasecmp(name, "jsonl") == 0 || strcasecmp(name, "ndjson") == 0 ||
        strcasecmp(name, "json") == 0) {
        *kind = IN_JSONL;
        return true;
    }
    if (strcasecmp(name, "text") == 0 || strcasecmp(name, "txt") == 0) {
        *kind = IN_TEXT;
        return true;
    }
    int f = nk_rdf_format_parse(name);
    if (f >= 0) {
        *kind = IN_RDF;
        *rdf = f;
        return true;
    }
    *kind = IN_TEXT;
    return forced == NULL;
}

typedef struct loader_ctx {
    nk_cli_article art;
    nk_graph_options gopt;
    nk_resources *res;
    nk_store *store;
    nk_endpoint *ep;
    const char *graph;
    nk_diag_sink *sink;
} loader_ctx;

/* The absolute file: URI of PATH (for graphs of foreign RDF), malloc'd. */
static char *file_uri(const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs)
        return NULL;
    nk_buf b = {0};
    nk_buf_puts(&b, "file://");
    for (const char *p = abs; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7f || strchr("<>\"{}|^`\\%#?", c))
            nk_buf_printf(&b, "%%%02X", c);
        else
            nk_buf_putc(&b, (char)c);
    }
    free(abs);
    return nk_buf_detach(&b);
}

static int load_one(loader_ctx *c, const char *path, in_kind kind, int rdf,
                    nk_store_load_stats *stats)
{
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    nk_store_load_options lo = NK_STORE_LOAD_OPTIONS_INIT;
    lo.graph = c->graph;
    lo.source = name;
    if (kind == IN_RDF && c->store)
        return nk_store_load_file(c->store, path, (nk_rdf_format)rdf, &lo, stats, c->sink);

    char *text = NULL;
    size_t len = 0;
    nk_buf nq = {0};
    nk_factset *facts = NULL;
    nk_graph *g = NULL;
    int rc = nk_file_read(path, &text, &len, c->sink);
    if (rc < 0)
        return rc;
    if (kind == IN_RDF) {
        /* to a server: the file split by graph */
        char *uri = strcmp(path, "-") != 0 ? file_uri(path) : NULL;
        rc = nk_endpoint_load_rdf(c->ep, text, len, (nk_rdf_format)rdf, name, c->graph, uri,
                                  stats, c->sink);
        free(uri);
        goto done;
    }
    if (kind == IN_TEXT) {
        nk_doc_meta meta = {c->art.id, c->art.title, c->art.url, c->art.date};
        rc = nk_extract_text(c->res, name, text, len, &meta, &facts, NULL, c->sink);
    } else {
        rc = nk_facts_read_jsonl(&facts, text, len, name, c->sink);
    }
    if (rc == NK_OK)
        rc = nk_graph_build(&g, facts, &c->gopt, c->sink);
    if (rc < 0)
        goto done;
    if (c->store) {
        /* statement by statement into the store */
        const nk_graph *one[1] = {g};
        rc = nk_store_load_graphs(c->store, one, 1, name, &lo, stats, c->sink);
    } else {
        rc = nk_rdf_write(g, NK_RDF_NQUADS, &nq, c->sink);
        if (rc == NK_OK)
            rc = nk_endpoint_load_rdf(c->ep, nq.data ? nq.data : "", nq.len, NK_RDF_NQUADS, name,
                                      c->graph, NULL, stats, c->sink);
    }
done:
    nk_graph_free(g);
    nk_factset_free(facts);
    nk_buf_free(&nq);
    free(text);
    return rc;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int list_graphs(nk_store *store, nk_endpoint *ep, nk_diag_sink *sink)
{
    nk_store_graph *gs = NULL;
    size_t n = 0;
    int rc = store ? nk_store_list(store, &gs, &n, sink) : nk_endpoint_list(ep, &gs, &n, sink);
    if (rc < 0)
        return rc;
    size_t w = strlen("graph");
    for (size_t i = 0; i < n; i++)
        if (strlen(gs[i].iri) > w)
            w = strlen(gs[i].iri);
    bool tty = isatty(STDOUT_FILENO);
    if (tty)
        printf("%-*s  %9s  %-20s  %s\n", (int)w, "graph", "triples", "loaded", "source");
    else
        printf("graph\ttriples\tloaded\tsource\n");
    for (size_t i = 0; i < n; i++) {
        const char *loaded = gs[i].loaded ? gs[i].loaded : "";
        const char *source = gs[i].source ? gs[i].source : "";
        if (tty)
            printf("%-*s  %9zu  %-20s  %s\n", (int)w, gs[i].iri, gs[i].triples, loaded, source);
        else
            printf("%s\t%zu\t%s\t%s\n", gs[i].iri, gs[i].triples, loaded, source);
    }
    if (tty)
        printf("(%zu graph%s)\n", n, n == 1 ? "" : "s");
    nk_store_graphs_free(gs, n);
    return fflush(stdout) == 0 ? NK_OK : NK_ERR_IO;
}

int cmd_load(int argc, char **argv)
{
    enum { OPT_GRAPH = 256, OPT_LIST, OPT_BASE };
    static const struct option opts[] = {
        {"input", required_argument, NULL, 'i'},
        {"graph", required_argument, NULL, OPT_GRAPH},
        {"list", no_argument, NULL, OPT_LIST},
        {"quiet", no_argument, NULL, 'q'},
        {"base", required_argument, NULL, OPT_BASE},
        {"date", required_argument, NULL, NK_OPT_DATE},
        {"title", required_argument, NULL, NK_OPT_TITLE},
        {"url", required_argument, NULL, NK_OPT_URL},
        {"id", required_argument, NULL, NK_OPT_ID},
        {"ontology", required_argument, NULL, NK_OPT_ONTOLOGY},
        {"gazetteer", required_argument, NULL, NK_OPT_GAZETTEER},
        NK_CLI_TARGET_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    loader_ctx c;
    memset(&c, 0, sizeof c);
    nk_graph_options gopt = NK_GRAPH_OPTIONS_INIT;
    c.gopt = gopt;
    nk_cli_target target;
    memset(&target, 0, sizeof target);
    const char *forced = NULL;
    bool list = false, quiet = false;
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, ":i:qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'i': forced = optarg; break;
        case 'q': quiet = true; break;
        case OPT_GRAPH: c.graph = optarg; break;
        case OPT_LIST: list = true; break;
        case OPT_BASE: c.gopt.base = optarg; break;
        default: {
            int t = nk_cli_target_option(&target, "load", ch, optarg);
            if (t < 0)
                return NK_EXIT_ERROR;
            if (t > 0)
                break;
            int status = nk_cli_other_option(&c.art, "load", ch, argv, load_usage);
            if (status >= 0)
                return status;
        }
        }
    }
    size_t ninputs = argc > optind ? (size_t)(argc - optind) : 0;
    char **inputs = argv + optind;
    if (!list && ninputs == 0) {
        fprintf(stderr, "newskg load: error: no input files (see --help)\n");
        return NK_EXIT_ERROR;
    }
    if (list && ninputs > 0) {
        fprintf(stderr, "newskg load: error: --list takes no files\n");
        return NK_EXIT_ERROR;
    }
    if (c.graph && ninputs > 1) {
        fprintf(stderr, "newskg load: error: --graph names the graph of one input; %zu were given\n",
                ninputs);
        return NK_EXIT_ERROR;
    }
    if (c.art.id && ninputs > 1) {
        fprintf(stderr, "newskg load: error: --id names one document; %zu were given\n", ninputs);
        return NK_EXIT_ERROR;
    }
    /* every input's kind first, so that a bad -i fails before any work */
    in_kind *kinds = nk_xcalloc(ninputs ? ninputs : 1, sizeof *kinds);
    int *formats = nk_xcalloc(ninputs ? ninputs : 1, sizeof *formats);
    bool any_text = false;
    for (size_t i = 0; i < ninputs; i++) {
        const char *p = inputs[i];
        if (!input_kind(strcmp(p, "-") == 0 && !forced ? "-.txt" : p, forced, &kinds[i],
                        &formats[i])) {
            fprintf(stderr, "newskg load: error: unknown input kind '%s' (see --help)\n", forced);
            free(kinds);
            free(formats);
            return NK_EXIT_ERROR;
        }
        any_text = any_text || kinds[i] == IN_TEXT;
    }

    nk_diag_sink sink = nk_cli_sink();
    c.sink = &sink;
    int rc = NK_OK;
    const char *path = nk_cli_store_path(&target);
    if (target.endpoint)
        rc = nk_cli_endpoint_open(&target, &c.ep, &sink);
    else
        rc = nk_store_open(&c.store, path, list ? NK_STORE_READ : NK_STORE_WRITE, &sink);
    if (rc < 0)
        goto cleanup;
    if (list) {
        rc = list_graphs(c.store, c.ep, &sink);
        goto cleanup;
    }
    if (any_text) {
        nk_resources_options ro = nk_cli_article_resources(&c.art);
        rc = nk_resources_load(&c.res, &ro, &sink);
        if (rc < 0)
            goto cleanup;
    }
    size_t failed = 0, triples = 0, graphs = 0;
    double t0 = now_seconds();
    for (size_t i = 0; i < ninputs; i++) {
        nk_store_load_stats st = {0, 0, 0};
        double t1 = now_seconds();
        int r = load_one(&c, inputs[i], kinds[i], formats[i], &st);
        if (r < 0) {
            failed++;
            rc = r;
            if (sink.errors == 0)
                fprintf(stderr, "newskg load: %s: error: %s\n", inputs[i], nk_strerror(r));
            fprintf(stderr, "newskg load: %s: nothing of it was loaded\n", inputs[i]);
            sink.errors = 0;
            continue;
        }
        triples += st.triples;
        graphs += st.graphs;
        if (!quiet && c.store)
            fprintf(stderr, "newskg load: %s: %zu triples in %zu graph%s (%zu replaced), %.2f s\n",
                    inputs[i], st.triples, st.graphs, st.graphs == 1 ? "" : "s", st.replaced,
                    now_seconds() - t1);
        else if (!quiet)
            fprintf(stderr, "newskg load: %s: %zu triples in %zu graph%s sent, %.2f s\n",
                    inputs[i], st.triples, st.graphs, st.graphs == 1 ? "" : "s",
                    now_seconds() - t1);
    }
    if (!quiet && ninputs > 1)
        fprintf(stderr, "newskg load: %zu of %zu files, %zu triples in %zu graphs, %.2f s\n",
                ninputs - failed, ninputs, triples, graphs, now_seconds() - t0);
cleanup:
    free(kinds);
    free(formats);
    nk_resources_free(c.res);
    nk_store_free(c.store);
    nk_endpoint_free(c.ep);
    return rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
}

int cmd_drop(int argc, char **argv)
{
    static const struct option opts[] = {
        NK_CLI_TARGET_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    nk_cli_target target;
    memset(&target, 0, sizeof target);
    nk_cli_article unused;
    memset(&unused, 0, sizeof unused);
    int ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        int t = nk_cli_target_option(&target, "drop", ch, optarg);
        if (t < 0)
            return NK_EXIT_ERROR;
        if (t > 0)
            continue;
        int status = nk_cli_other_option(&unused, "drop", ch, argv, drop_usage);
        if (status >= 0)
            return status;
    }
    if (optind >= argc) {
        fprintf(stderr, "newskg drop: error: name the graphs to drop (see `newskg load --list`)\n");
        return NK_EXIT_ERROR;
    }
    nk_diag_sink sink = nk_cli_sink();
    const char *const *graphs = (const char *const *)(argv + optind);
    size_t n = (size_t)(argc - optind);
    int rc;
    if (target.endpoint) {
        nk_endpoint *ep = NULL;
        rc = nk_cli_endpoint_open(&target, &ep, &sink);
        if (rc == NK_OK)
            rc = nk_endpoint_drop(ep, graphs, n, &sink);
        nk_endpoint_free(ep);
    } else {
        nk_store *st = NULL;
        rc = nk_store_open(&st, nk_cli_store_path(&target), NK_STORE_READ, &sink);
        if (rc == NK_OK)
            rc = nk_store_drop(st, graphs, n, &sink);
        nk_store_free(st);
    }
    if (rc == NK_OK)
        fprintf(stderr, "newskg drop: dropped %zu graph%s\n", n, n == 1 ? "" : "s");
    return rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
}
