/* cmd_extract.c: `newskg extract`, text in, knowledge graph out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "extract.h"
#include "facts_jsonl.h"
#include "conllu.h"
#include "output.h"
#include "rdf.h"

static void extract_usage(FILE *f)
{
    fprintf(f,
            "usage: newskg extract [OPTIONS] [FILE...|-]\n\n"
            "Extract who did what to whom, where, when and according to whom from\n"
            "English news articles (plain UTF-8 text, one paragraph a line) and write\n"
            "the knowledge graph.  With no FILE, or FILE '-', read standard input.\n\n"
            "Output (default: Turtle on standard output):\n"
            "  -f, --format FORMAT  turtle, ntriples, nquads, rdfxml, jsonl, dot, png,\n"
            "                       svg, pdf or conllu (the parse the facts came from)\n"
            "  -o, --output FILE    write FILE (atomically); the format follows its\n"
            "                       extension unless -f is given\n"
            "      --rdf FILE       also write RDF (format by extension: .ttl .nt .nq .rdf)\n"
            "      --jsonl FILE     also write facts as JSON Lines\n"
            "      --dot FILE       also write Graphviz DOT\n"
            "      --png FILE       also render a PNG  (--svg FILE, --pdf FILE likewise)\n"
            "      --canonical      sorted, byte-stable N-Triples\n\n"
            "Document:\n"
            "      --date YYYY-MM-DD  article date, for 'on Thursday' and 'yesterday'\n"
            "      --title TEXT       article title (graph caption, RDF)\n"
            "      --url URL          article address (RDF)\n"
            "      --id ID            document id (default: file name without extension)\n"
            NK_CLI_INPUT_HELP "\n"
            "Resources:\n"
            "      --base IRI         base of the instance IRIs (default %s)\n"
            "      --ontology FILE    extra Turtle adding to or overriding the ontology\n"
            "                         and its lexicon (repeatable)\n"
            "      --gazetteer FILE   extra gazetteer TSV (repeatable)\n"
            "      --wordnet DIR      WordNet 3.0 dict directory (default: $NEWSKG_WORDNET,\n"
            "                         else /usr/share/wordnet from Debian's wordnet-base)\n"
            "      --layout ENGINE    Graphviz engine for pictures (default by size)\n"
            "  -h, --help             show this help\n\n"
            "Exit status: 0 success, 2 error (the message names file:line:column).\n",
            NK_DEFAULT_BASE);
}

typedef struct side_output {
    const char *path;
    const char *format; /* NULL: by extension */
} side_output;

/* Write one output.  RDF from several articles keeps each article's own
 * graph (one named graph per version in N-Quads); everything else is
 * written from the merged facts. */
static int write_one(const nk_output *o, nk_factset *const *sets, size_t n,
                     const nk_factset *all, const nk_graph *graph,
                     const nk_graph_options *gopt, const nk_dot_options *dopt,
                     nk_diag_sink *sink)
{
    if (n < 2 || o->kind != NK_OUT_RDF)
        return nk_output_write(o, all, graph, dopt, sink);
    nk_graph **graphs = nk_xcalloc(n, sizeof *graphs);
    nk_buf out = {0};
    int rc = NK_OK;
    for (size_t i = 0; i < n; i++)
        NK_CHECK(nk_graph_build(&graphs[i], sets[i], gopt, sink));
    NK_CHECK(nk_rdf_write_graphs((const nk_graph *const *)graphs, n, (nk_rdf_format)o->rdf,
                                 &out, sink));
    rc = nk_file_write_atomic(o->path, out.data, out.len, sink);
cleanup:
    for (size_t i = 0; i < n; i++)
        nk_graph_free(graphs[i]);
    free(graphs);
    nk_buf_free(&out);
    return rc;
}

int cmd_extract(int argc, char **argv)
{
    enum {
        OPT_RDF = 256, OPT_JSONL, OPT_DOT, OPT_PNG, OPT_SVG, OPT_PDF, OPT_CANONICAL, OPT_BASE,
        OPT_LAYOUT
    };
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"rdf", required_argument, NULL, OPT_RDF},
        {"jsonl", required_argument, NULL, OPT_JSONL},
        {"dot", required_argument, NULL, OPT_DOT},
        {"png", required_argument, NULL, OPT_PNG},
        {"svg", required_argument, NULL, OPT_SVG},
        {"pdf", required_argument, NULL, OPT_PDF},
        {"canonical", no_argument, NULL, OPT_CANONICAL},
        {"date", required_argument, NULL, NK_OPT_DATE},
        {"title", required_argument, NULL, NK_OPT_TITLE},
        {"url", required_argument, NULL, NK_OPT_URL},
        {"id", required_argument, NULL, NK_OPT_ID},
        {"base", required_argument, NULL, OPT_BASE},
        {"ontology", required_argument, NULL, NK_OPT_ONTOLOGY},
        {"gazetteer", required_argument, NULL, NK_OPT_GAZETTEER},
        {"wordnet", required_argument, NULL, NK_OPT_WORDNET},
        {"max-input-bytes", required_argument, NULL, NK_OPT_MAX_INPUT},
        {"lossy", no_argument, NULL, NK_OPT_LOSSY},
        {"layout", required_argument, NULL, OPT_LAYOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *format = NULL, *out_path = NULL;
    bool canonical = false;
    side_output sides[8];
    size_t nsides = 0;
    nk_cli_article art;
    memset(&art, 0, sizeof art);
    nk_graph_options gopt = NK_GRAPH_OPTIONS_INIT;
    nk_dot_options dopt = NK_DOT_OPTIONS_INIT;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'o': out_path = optarg; break;
        case OPT_RDF: case OPT_JSONL: case OPT_DOT: case OPT_PNG: case OPT_SVG: case OPT_PDF:
            if (nsides == sizeof sides / sizeof sides[0]) {
                fprintf(stderr, "newskg extract: error: too many extra outputs\n");
                return NK_EXIT_ERROR;
            }
            sides[nsides].path = optarg;
            sides[nsides].format = c == OPT_RDF ? NULL : c == OPT_JSONL ? "jsonl"
                                   : c == OPT_DOT ? "dot" : c == OPT_PNG ? "png"
                                   : c == OPT_SVG ? "svg" : "pdf";
            if (c == OPT_RDF && nk_rdf_format_from_path(optarg) < 0) {
                fprintf(stderr, "newskg extract: error: --rdf %s: name the file .ttl, .nt, .nq or .rdf\n",
                        optarg);
                return NK_EXIT_ERROR;
            }
            nsides++;
            break;
        case OPT_CANONICAL: canonical = true; break;
        case OPT_BASE: gopt.base = optarg; break;
        case OPT_LAYOUT: dopt.layout = optarg; break;
        default: {
            int status = nk_cli_other_option(&art, "extract", c, argv, extract_usage);
            if (status >= 0)
                return status;
            break;
        }
        }
    }
    size_t ninputs = argc > optind ? (size_t)(argc - optind) : 1;
    char *stdin_only[] = {(char *)"-"};
    char **inputs = argc > optind ? argv + optind : stdin_only;
    nk_doc_meta meta = {art.id, art.title, art.url, art.date};
    if (ninputs > 1 && meta.id) {
        fprintf(stderr, "newskg extract: error: --id names one document; %zu were given\n", ninputs);
        return NK_EXIT_ERROR;
    }

    bool want_conllu = format && strcmp(format, "conllu") == 0;
    nk_output main_out;
    if (!want_conllu &&
        !nk_output_choose(&main_out, "extract", format, out_path, canonical, NK_OUT_RDF))
        return NK_EXIT_ERROR;
    nk_output side_out[8];
    for (size_t i = 0; i < nsides; i++)
        if (!nk_output_choose(&side_out[i], "extract", sides[i].format, sides[i].path,
                              false, NK_OUT_RDF))
            return NK_EXIT_ERROR;

    nk_diag_sink sink = nk_cli_sink();
    nk_resources_options ro = nk_cli_article_resources(&art);
    nk_resources *res = NULL;
    nk_factset **sets = nk_xcalloc(ninputs, sizeof *sets);
    nk_factset *all = NULL;
    nk_graph *graph = NULL;
    nk_buf conllu = {0};
    int rc = NK_OK;
    NK_CHECK(nk_resources_load(&res, &ro, &sink));
    for (size_t i = 0; i < ninputs; i++) {
        char *text = NULL;
        size_t len = 0;
        const char *name = strcmp(inputs[i], "-") == 0 ? "<stdin>" : inputs[i];
        NK_CHECK(nk_cli_read_input(&art, inputs[i], &text, &len, &sink));
        nk_doc *doc = NULL;
        rc = nk_extract_text(res, name, text, len, &meta, &sets[i], want_conllu ? &doc : NULL,
                             &sink);
        free(text);
        if (rc < 0)
            goto cleanup;
        if (doc) {
            nk_conllu_write(doc, &conllu);
            nk_doc_free(doc);
        }
    }
    if (want_conllu)
        NK_CHECK(nk_file_write_atomic(out_path, conllu.data, conllu.len, &sink));
    /* one graph of everything read */
    if (ninputs == 1) {
        all = sets[0];
        sets[0] = NULL;
    } else {
        /* pictures and JSONL show everything read as one; RDF keeps one
         * named graph per article (write_one) */
        all = nk_factset_new();
        all->doc = nk_factset_str(all, "corpus");
        all->title = nk_factset_str(all, meta.title);
        for (size_t i = 0; i < ninputs; i++)
            nk_factset_append(all, sets[i]);
    }
    NK_CHECK(nk_graph_build(&graph, all, &gopt, &sink));
    if (!want_conllu)
        NK_CHECK(write_one(&main_out, sets, ninputs, all, graph, &gopt, &dopt, &sink));
    for (size_t i = 0; i < nsides; i++)
        NK_CHECK(write_one(&side_out[i], sets, ninputs, all, graph, &gopt, &dopt, &sink));
cleanup:
    nk_buf_free(&conllu);
    nk_graph_free(graph);
    nk_factset_free(all);
    for (size_t i = 0; i < ninputs; i++)
        nk_factset_free(sets[i]);
    free(sets);
    nk_resources_free(res);
    nk_dot_shutdown();
    if (rc < 0 && sink.errors == 0)
        fprintf(stderr, "newskg extract: error: %s\n", nk_strerror(rc));
    return rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
}
