/* cmd_query.c: `newskg query`: SPARQL on the embedded store or a server. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "endpoint.h"
#include "sparql.h"
#include "store.h"

#define MAX_SETS 32

static void query_usage(FILE *f)
{
    fprintf(f,
        "usage: newskg query [OPTIONS] 'SPARQL'\n"
        "       newskg query [OPTIONS] -q FILE.rq\n\n"
        "Run a SPARQL query on a store: the embedded one (./newskg.db) or a SPARQL\n"
        "1.1 server.  The default graph is the union of every graph loaded; GRAPH ?g\n"
        "ranges over the article versions.  Ready queries: scripts/queries/*.rq.\n\n"
        "Options:\n"
        "  -q, --query-file FILE  read the query from FILE ('-': standard input)\n"
        "      --set NAME=VALUE   replace $NAME in the query by VALUE: an IRI when it\n"
        "                         is <...> or starts with http:, https:, urn: or\n"
        "                         file:, else a string (repeatable)\n"
        "  -f, --format FORMAT    SELECT and ASK: table, csv, tsv, json, xml (default:\n"
        "                         table on a terminal, else csv); CONSTRUCT and\n"
        "                         DESCRIBE: turtle or ntriples (default turtle)\n"
        "  -o, --output FILE      write FILE atomically (default: standard output)\n"
        "      --width N          table cells up to N characters (default 60, 0: all)\n"
        "  -h, --help             show this help\n\n"
        NK_CLI_TARGET_HELP "\n"
        "Exit status: 0 success, 2 error (a malformed query: file:line:col: error: ...).\n");
}

int cmd_query(int argc, char **argv)
{
    enum { OPT_SET = 256, OPT_WIDTH };
    static const struct option opts[] = {
        {"query-file", required_argument, NULL, 'q'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"set", required_argument, NULL, OPT_SET},
        {"width", required_argument, NULL, OPT_WIDTH},
        NK_CLI_TARGET_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    nk_cli_target target;
    memset(&target, 0, sizeof target);
    nk_cli_article unused;
    memset(&unused, 0, sizeof unused);
    const char *qfile = NULL, *format_name = NULL, *out_path = NULL;
    const char *names[MAX_SETS], *values[MAX_SETS];
    char *sets[MAX_SETS];
    size_t nsets = 0, width = 60;
    int ch;
    int status = NK_EXIT_ERROR;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, ":q:f:o:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'q': qfile = optarg; break;
        case 'f': format_name = optarg; break;
        case 'o': out_path = optarg; break;
        case OPT_WIDTH: {
            char *end = NULL;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || !end || *end || v < 0) {
                fprintf(stderr, "newskg query: error: --width wants a number, not '%s'\n", optarg);
                goto done;
            }
            width = (size_t)v;
            break;
        }
        case OPT_SET: {
            const char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                fprintf(stderr, "newskg query: error: --set wants NAME=VALUE, not '%s'\n", optarg);
                goto done;
            }
            if (nsets == MAX_SETS) {
                fprintf(stderr, "newskg query: error: at most %d --set\n", MAX_SETS);
                goto done;
            }
            sets[nsets] = nk_xstrdup(optarg);
            sets[nsets][eq - optarg] = '\0';
            names[nsets] = sets[nsets][0] == '$' ? sets[nsets] + 1 : sets[nsets];
            values[nsets] = sets[nsets] + (eq - optarg) + 1;
            nsets++;
            break;
        }
        default: {
            int t = nk_cli_target_option(&target, "query", ch, optarg);
            if (t < 0)
                goto done;
            if (t > 0)
                break;
            int st = nk_cli_other_option(&unused, "query", ch, argv, query_usage);
            if (st >= 0) {
                status = st;
                goto done;
            }
        }
        }
    }
    size_t nargs = argc > optind ? (size_t)(argc - optind) : 0;
    if ((qfile && nargs > 0) || (!qfile && nargs != 1)) {
        fprintf(stderr, "newskg query: error: give one query, as an argument or with -q FILE\n");
        goto done;
    }
    int fmt = -1;
    if (format_name && (fmt = nk_results_format_parse(format_name)) < 0) {
        fprintf(stderr, "newskg query: error: unknown format '%s' (see --help)\n", format_name);
        goto done;
    }

    nk_diag_sink sink = nk_cli_sink();
    char *text = NULL, *query = NULL;
    size_t len = 0;
    const char *name = "<query>";
    nk_results *res = NULL;
    nk_store *store = NULL;
    nk_endpoint *ep = NULL;
    nk_buf out = {0};
    int rc = NK_OK;
    if (qfile) {
        NK_CHECK(nk_file_read(qfile, &text, &len, &sink));
        name = strcmp(qfile, "-") == 0 ? "<stdin>" : qfile;
        if (strlen(text) != len) {
            nk_diag_report(&sink, NK_ERROR, name, 0, 0, SIZE_MAX, "a NUL byte in the query");
            rc = NK_ERR_PARSE;
            goto cleanup;
        }
    }
    const char *given = qfile ? text : argv[optind];
    size_t bad = 0;
    if (!nk_utf8_valid(given, strlen(given), &bad)) {
        /* for a server too (the embedded store checks it itself) */
        unsigned line = 1, col = 1;
        for (size_t i = 0; i < bad; i++, col++)
            if (given[i] == '\n')
                line++, col = 0;
        nk_diag_report(&sink, NK_ERROR, name, line, col, bad,
                       "invalid UTF-8 at byte offset %zu (byte 0x%02X)", bad,
                       (unsigned)(unsigned char)given[bad]);
        rc = NK_ERR_PARSE;
        goto cleanup;
    }
    query = nk_sparql_substitute(given, names, values, nsets);
    nk_query_verb verb = nk_sparql_verb(query);
    bool graph = verb == NK_VERB_CONSTRUCT || verb == NK_VERB_DESCRIBE;
    if (fmt < 0)
        fmt = graph ? NK_RESULTS_TURTLE
                    : (!out_path && isatty(STDOUT_FILENO) ? NK_RESULTS_TABLE : NK_RESULTS_CSV);
    if (verb != NK_VERB_UNKNOWN && graph != nk_results_format_is_graph((nk_results_format)fmt)) {
        fprintf(stderr, "newskg query: error: %s gives %s: use -f %s\n",
                graph ? "CONSTRUCT/DESCRIBE" : "SELECT/ASK", graph ? "a graph" : "a table",
                graph ? "turtle or ntriples" : "table, csv, tsv, json or xml");
        rc = NK_ERR_UNSUPPORTED;
        goto cleanup;
    }
    nk_results_format gfmt =
        nk_results_format_is_graph((nk_results_format)fmt) ? (nk_results_format)fmt
                                                           : NK_RESULTS_TURTLE;
    if (target.endpoint) {
        NK_CHECK(nk_cli_endpoint_open(&target, &ep, &sink));
        NK_CHECK(nk_endpoint_query(ep, query, name, gfmt, &res, &sink));
    } else {
        NK_CHECK(nk_store_open(&store, nk_cli_store_path(&target), NK_STORE_READ, &sink));
        NK_CHECK(nk_store_query(store, query, name, gfmt, &res, &sink));
    }
    rc = nk_results_write(res, (nk_results_format)fmt, width, &out);
    if (rc < 0) {
        fprintf(stderr, "newskg query: error: the query gives %s: use -f %s\n",
                res->kind == NK_RESULTS_GRAPH ? "a graph" : "a table",
                res->kind == NK_RESULTS_GRAPH ? "turtle or ntriples"
                                              : "table, csv, tsv, json or xml");
        goto cleanup;
    }
    rc = nk_file_write_atomic(out_path, out.data ? out.data : "", out.len, &sink);
cleanup:
    nk_buf_free(&out);
    nk_results_free(res);
    nk_store_free(store);
    nk_endpoint_free(ep);
    free(query);
    free(text);
    if (rc < 0 && sink.errors == 0 && rc != NK_ERR_UNSUPPORTED)
        fprintf(stderr, "newskg query: error: %s\n", nk_strerror(rc));
    status = rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
done:
    for (size_t i = 0; i < nsets; i++)
        free(sets[i]);
    return status;
}
