/* cmd_render.c: `newskg render`: facts (JSON Lines, or newskg's own RDF) in,
 * RDF, DOT, a picture or JSON Lines out. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "dot.h"
#include "facts_jsonl.h"
#include "graph.h"
#include "html.h"
#include "ontology.h"
#include "rdf.h"

static void render_usage(FILE *f)
{
    fprintf(f,
        "usage: newskg render [OPTIONS] [FILE|-]\n\n"
        "Read facts (JSON Lines, or newskg's own Turtle, N-Triples or N-Quads),\n"
        "build the knowledge graph and write it as RDF, DOT, a picture or JSONL.\n\n"
        "Input:\n"
        "  FILE                 facts to read; '-' or none reads standard input\n"
        "  -i, --input FORMAT   jsonl, turtle, ntriples or nquads (default: from the\n"
        "                       extension .jsonl/.ttl/.nt/.nq, else from the content)\n"
        "      --base IRI       base of the instance IRIs (default:\n"
        "                       " NK_DEFAULT_BASE ")\n"
        "      --previous IRI   the article version these facts revise\n"
        "                       (prov:wasRevisionOf in the RDF)\n"
        "      --ontology FILE  load the ontology and lexicon plus FILE (Turtle;\n"
        "                       repeatable) and type facts that have no action class\n"
        "                       from their lemma; warn on undeclared classes\n\n"
        "Output:\n"
        "  -f, --format FORMAT  dot, png, svg, pdf, html, turtle, ntriples, nquads,\n"
        "                       rdfxml, jsonld or jsonl (default: from -o's extension,\n"
        "                       else dot)\n"
        "  -o, --output FILE    write FILE atomically (default: standard output;\n"
        "                       png and pdf are not written to a terminal)\n"
        "      --canonical      N-Triples with sorted lines (byte-stable output)\n\n"
        "Pictures (dot, png, svg, pdf):\n"
        "      --title TEXT     graph title (default: the article title, else its id)\n"
        "      --layout ENGINE  Graphviz engine: dot, sfdp, neato, fdp, circo, twopi\n"
        "                       (default: dot up to 400 nodes, sfdp above)\n"
        "      --dpi N          PNG resolution (default 96); a PNG over 32767 pixels\n"
        "                       is written as SVG instead, with a warning\n"
        "      --no-legend      leave the legend out\n"
        "      --bare-claims    draw statements without content ('X said') too\n\n"
        "Story view (html):\n"
        "      --text FILE      the article the facts were read from, shown with\n"
        "                       every fact's span marked (default: the text is\n"
        "                       rebuilt from the facts' sentences)\n"
        "  -h, --help           show this help\n\n"
        "Exit status: 0 success, 2 error (messages as file:line:col: error: ...).\n");
}

typedef enum in_format { IN_UNKNOWN = -1, IN_JSONL = 0, IN_TURTLE, IN_NTRIPLES, IN_NQUADS } in_format;

typedef enum out_kind { OUT_DOT, OUT_PICTURE, OUT_RDF, OUT_JSONL, OUT_HTML } out_kind;

static in_format parse_in_format(const char *name)
{
    if (strcasecmp(name, "jsonl") == 0 || strcasecmp(name, "ndjson") == 0 ||
        strcasecmp(name, "json") == 0)
        return IN_JSONL;
    int f = nk_rdf_format_parse(name);
    switch (f) {
    case NK_RDF_TURTLE: return IN_TURTLE;
    case NK_RDF_NTRIPLES:
    case NK_RDF_NTRIPLES_CANONICAL: return IN_NTRIPLES;
    case NK_RDF_NQUADS: return IN_NQUADS;
    default: return IN_UNKNOWN;
    }
}

/* Skip one N-Triples/N-Quads term at *P; false at the end of the line. */
static bool skip_term(const char **p)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '<') {
        while (*s && *s != '>' && *s != '\n')
            s++;
        if (*s == '>')
            s++;
    } else if (*s == '"') {
        for (s++; *s && *s != '"' && *s != '\n'; s++)
            if (*s == '\\' && s[1])
                s++;
        if (*s == '"')
            s++;
        if (*s == '@' || *s == '^')
            while (*s && *s != ' ' && *s != '\t' && *s != '\n')
                s++;
    } else if (*s == '_' && s[1] == ':') {
        while (*s && *s != ' ' && *s != '\t' && *s != '\n')
            s++;
    } else {
        return false;
    }
    *p = s;
    return true;
}

/* Guess the input format from the first statement of TEXT. */
static in_format sniff(const char *text)
{
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p != '#')
            break;
        while (*p && *p != '\n')
            p++;
    }
    if (*p == '{' || *p == '\0')
        return IN_JSONL;
    if (*p == '@' || strncasecmp(p, "prefix", 6) == 0 || strncasecmp(p, "base", 4) == 0)
        return IN_TURTLE;
    if (*p == '<' || *p == '_') {
        int terms = 0;
        while (skip_term(&p))
            terms++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '.' && terms == 4)
            return IN_NQUADS;
        if (*p == '.' && terms == 3)
            return IN_NTRIPLES;
        return IN_TURTLE;
    }
    return IN_TURTLE;
}

static const char *const PICTURES[] = {"png", "svg", "pdf", NULL};

static bool is_picture(const char *f)
{
    for (size_t i = 0; PICTURES[i]; i++)
        if (strcasecmp(f, PICTURES[i]) == 0)
            return true;
    return false;
}

/* Map an output format name (or file extension) to its kind; false when
 * unknown.  *rdf gets the RDF format for OUT_RDF. */
static bool out_format(const char *name, out_kind *kind, int *rdf)
{
    if (strcasecmp(name, "dot") == 0 || strcasecmp(name, "gv") == 0) {
        *kind = OUT_DOT;
        return true;
    }
    if (is_picture(name)) {
        *kind = OUT_PICTURE;
        return true;
    }
    if (strcasecmp(name, "jsonl") == 0 || strcasecmp(name, "ndjson") == 0) {
        *kind = OUT_JSONL;
        return true;
    }
    if (strcasecmp(name, "html") == 0 || strcasecmp(name, "htm") == 0) {
        *kind = OUT_HTML;
        return true;
    }
    int f = nk_rdf_format_parse(name);
    if (f >= 0) {
        *kind = OUT_RDF;
        *rdf = f;
        return true;
    }
    return false;
}

/* Give facts without an action class the class their lemma evokes in the
 * lexicon (and its CAMEO code when they have none); warn about classes the
 * ontology does not declare. */
static void classify(nk_factset *facts, const nk_ontology *ont, const char *file,
                     nk_diag_sink *sink)
{
    for (size_t i = 0; i < facts->count; i++) {
        nk_fact *f = &facts->facts[i];
        if (f->action_class && *f->action_class) {
            if (!nk_ontology_has_class(ont, f->action_class))
                nk_diag_report(sink, NK_WARNING, file, 0, 0, SIZE_MAX,
                               "fact %zu: action class '%s' is not in the ontology",
                               i + 1, f->action_class);
            continue;
        }
        const nk_lex_entry *e = nk_ontology_lookup(ont, f->lemma, NULL, NULL);
        if (!e)
            continue;
        f->action_class = nk_factset_str(facts, e->cls->name);
        if (!f->cameo && e->cameo)
            f->cameo = nk_factset_str(facts, e->cameo);
    }
}

static int fail(const char *fmt, ...) NK_PRINTF(1, 2);

static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("newskg render: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return NK_EXIT_ERROR;
}

int cmd_render(int argc, char **argv)
{
    enum { OPT_CANONICAL = 256, OPT_BASE, OPT_LAYOUT, OPT_TITLE, OPT_DPI, OPT_NO_LEGEND,
           OPT_ONTOLOGY, OPT_PREVIOUS, OPT_TEXT, OPT_BARE_CLAIMS };
    static const struct option opts[] = {
        {"input", required_argument, NULL, 'i'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"canonical", no_argument, NULL, OPT_CANONICAL},
        {"base", required_argument, NULL, OPT_BASE},
        {"layout", required_argument, NULL, OPT_LAYOUT},
        {"title", required_argument, NULL, OPT_TITLE},
        {"dpi", required_argument, NULL, OPT_DPI},
        {"no-legend", no_argument, NULL, OPT_NO_LEGEND},
        {"ontology", required_argument, NULL, OPT_ONTOLOGY},
        {"previous", required_argument, NULL, OPT_PREVIOUS},
        {"text", required_argument, NULL, OPT_TEXT},
        {"bare-claims", no_argument, NULL, OPT_BARE_CLAIMS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *in_name = NULL, *fmt = NULL, *out_path = NULL, *previous = NULL;
    const char *text_path = NULL;
    bool canonical = false;
    enum { MAX_ONTOLOGY = 16 };
    const char *onto_files[MAX_ONTOLOGY];
    size_t nonto = 0;
    bool use_ontology = false;
    nk_graph_options gopt = NK_GRAPH_OPTIONS_INIT;
    nk_dot_options dopt = NK_DOT_OPTIONS_INIT;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":i:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in_name = optarg; break;
        case 'f': fmt = optarg; break;
        case 'o': out_path = optarg; break;
        case OPT_CANONICAL: canonical = true; break;
        case OPT_BASE: gopt.base = optarg; break;
        case OPT_PREVIOUS:
            if (!strstr(optarg, "://"))
                return fail("--previous wants an absolute IRI, not '%s'", optarg);
            previous = optarg;
            break;
        case OPT_LAYOUT: dopt.layout = optarg; break;
        case OPT_TITLE: dopt.title = optarg; break;
        case OPT_NO_LEGEND: dopt.no_legend = true; break;
        case OPT_BARE_CLAIMS: dopt.bare_claims = true; break;
        case OPT_TEXT: text_path = optarg; break;
        case OPT_ONTOLOGY:
            if (nonto == MAX_ONTOLOGY)
                return fail("at most 16 --ontology files (at '%s')", optarg);
            use_ontology = true;
            if (*optarg)
                onto_files[nonto++] = optarg;
            break;
        case OPT_DPI: {
            char *end = NULL;
            long v = strtol(optarg, &end, 10);
            if (!end || *end || v < 10 || v > 2400)
                return fail("--dpi wants a number from 10 to 2400, not '%s'", optarg);
            dopt.dpi = (unsigned)v;
            break;
        }
        case 'h': render_usage(stdout); return NK_EXIT_OK;
        case ':': return fail("option '%s' needs an argument", argv[optind - 1]);
        default:
            fail("unknown option '%s'", argv[optind - 1]);
            render_usage(stderr);
            return NK_EXIT_ERROR;
        }
    }
    if (argc - optind > 1)
        return fail("one input file at most (got '%s' and more)", argv[optind + 1]);
    const char *in_path = optind < argc ? argv[optind] : "-";
    if (out_path && strcmp(out_path, "-") == 0)
        out_path = NULL;

    /* What to write. */
    out_kind kind = OUT_DOT;
    int rdf = NK_RDF_TURTLE;
    if (fmt) {
        if (!out_format(fmt, &kind, &rdf))
            return fail("unknown output format '%s' (see --help)", fmt);
    } else if (out_path && *nk_path_ext(out_path)) {
        if (!out_format(nk_path_ext(out_path), &kind, &rdf))
            return fail("cannot tell the format from the name '%s': use -f", out_path);
    } else if (canonical) {
        kind = OUT_RDF;
        rdf = NK_RDF_NTRIPLES;
    }
    if (canonical) {
        if (kind != OUT_RDF || (rdf != NK_RDF_NTRIPLES && rdf != NK_RDF_NTRIPLES_CANONICAL))
            return fail("%s works with N-Triples output only", "--canonical");
        rdf = NK_RDF_NTRIPLES_CANONICAL;
    }
    const char *picture = kind == OUT_PICTURE ? (fmt ? fmt : nk_path_ext(out_path)) : NULL;
    char picbuf[8] = "";
    if (picture) {
        for (size_t i = 0; picture[i] && i + 1 < sizeof picbuf; i++)
            picbuf[i] = (char)(picture[i] | 0x20);
        picture = picbuf;
    }
    if (!out_path && picture && strcmp(picture, "svg") != 0 && isatty(STDOUT_FILENO))
        return fail("not writing %s to a terminal: use -o FILE or a pipe", picture);

    /* What to read. */
    in_format inf = IN_UNKNOWN;
    if (in_name && (inf = parse_in_format(in_name)) == IN_UNKNOWN)
        return fail("unknown input format '%s' (jsonl, turtle, ntriples, nquads)", in_name);

    nk_diag_sink sink = nk_cli_sink();
    int rc = NK_OK;
    char *text = NULL;
    size_t len = 0;
    nk_factset *facts = NULL;
    nk_graph *graph = NULL;
    nk_ontology *ont = NULL;
    nk_buf out = {0};
    char *article = NULL;
    size_t article_len = 0;
    const char *label = strcmp(in_path, "-") == 0 ? "<stdin>" : in_path;

    NK_CHECK(nk_file_read(in_path, &text, &len, &sink));
    if (inf == IN_UNKNOWN) {
        const char *ext = nk_path_ext(in_path);
        if (strcmp(ext, "jsonl") == 0 || strcmp(ext, "ndjson") == 0 || strcmp(ext, "json") == 0)
            inf = IN_JSONL;
        else if (*ext && nk_rdf_format_from_path(in_path) >= 0)
            inf = parse_in_format(ext);
        if (inf == IN_UNKNOWN)
            inf = sniff(text);
        if (inf == IN_UNKNOWN) {
            nk_diag_report(&sink, NK_ERROR, label, 0, 0, SIZE_MAX,
                           "cannot tell the input format: use --input");
            rc = NK_ERR_UNSUPPORTED;
            goto cleanup;
        }
    }
    if (inf == IN_JSONL) {
        NK_CHECK(nk_facts_read_jsonl(&facts, text, len, label, &sink));
    } else {
        nk_rdf_format rf = inf == IN_TURTLE ? NK_RDF_TURTLE
                           : inf == IN_NTRIPLES ? NK_RDF_NTRIPLES : NK_RDF_NQUADS;
        NK_CHECK(nk_rdf_read(&facts, text, len, rf, label, &sink));
    }
    if (previous)
        facts->previous = nk_factset_str(facts, previous);
    if (use_ontology) {
        NK_CHECK(nk_ontology_load(&ont, onto_files, nonto, &sink));
        classify(facts, ont, label, &sink);
    }
    NK_CHECK(nk_graph_build(&graph, facts, &gopt, &sink));

    switch (kind) {
    case OUT_PICTURE: {
        char *written = NULL;
        NK_CHECK(nk_dot_render(graph, &dopt, picture, out_path ? out_path : "-", &written,
                               &sink));
        free(written);
        break;
    }
    case OUT_DOT:
        NK_CHECK(nk_dot_write(graph, &dopt, &out, &sink));
        NK_CHECK(nk_file_write_atomic(out_path, out.data, out.len, &sink));
        break;
    case OUT_RDF:
        NK_CHECK(nk_rdf_write(graph, (nk_rdf_format)rdf, &out, &sink));
        NK_CHECK(nk_file_write_atomic(out_path, out.data, out.len, &sink));
        break;
    case OUT_JSONL:
        nk_facts_write_jsonl(facts, &out);
        NK_CHECK(nk_file_write_atomic(out_path, out.data, out.len, &sink));
        break;
    case OUT_HTML: {
        if (text_path)
            NK_CHECK(nk_file_read(text_path, &article, &article_len, &sink));
        nk_html_text tx = {article, article_len, text_path};
        nk_html_options ho = NK_HTML_OPTIONS_INIT;
        ho.dot = &dopt;
        ho.title = dopt.title;
        ho.generator = "newskg " NK_VERSION;
        NK_CHECK(nk_html_write_story(graph, &tx, &ho, &out, &sink));
        NK_CHECK(nk_file_write_atomic(out_path, out.data, out.len, &sink));
        break;
    }
    }

cleanup:
    free(article);
    nk_buf_free(&out);
    nk_ontology_free(ont);
    nk_graph_free(graph);
    nk_factset_free(facts);
    free(text);
    nk_dot_shutdown();
    if (rc < 0 && sink.errors == 0)
        fprintf(stderr, "%s: error: %s\n", label, nk_strerror(rc));
    return rc < 0 ? NK_EXIT_ERROR : NK_EXIT_OK;
}
