/* cmd_diff.c: `newskg diff OLD NEW`, what changed in the facts between two
 * versions of an article (see diff.h for the alignment). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "diff.h"
#include "extract.h"
#include "facts_jsonl.h"
#include "html.h"
#include "output.h"
#include "rdf.h"

static void diff_usage(FILE *f)
{
    fprintf(f,
            "usage: newskg diff [OPTIONS] OLD NEW\n\n"
            "Compare the facts of two versions of an article.  OLD and NEW are each an\n"
            "article text (extracted as `newskg extract` would), a graph newskg wrote\n"
            "(Turtle .ttl, N-Triples .nt, N-Quads .nq; sniffed when the name does not\n"
            "say) or facts as JSON Lines (.jsonl); '-' reads standard input.\n"
            "Facts align by their event IRIs; an old and a new fact with the same\n"
            "action that differ in one of actor, target, negation or modality, or in\n"
            "place, time or attribution only, are shown as changed.  Rewording, moved\n"
            "sentences are not changes.  OLD and NEW are two versions of one article:\n"
            "NEW takes OLD's document id (unless --id) and is a revision of OLD\n"
            "(prov:wasRevisionOf in the RDF Patch).\n\n"
            "Output (default: text on standard output):\n"
            "  -f, --format FORMAT  text     like diff -u: '-' removed, '+' added,\n"
            "                                '~' changed, each with its sentence\n"
            "                       jsonl    one change a line: {\"change\": ..., \"fact\":\n"
            "                                {...}, \"old\": {...}} (extract's fact format)\n"
            "                       rdfpatch RDF Patch turning OLD's triples into NEW's\n"
            "                       dot, png, svg, pdf  both versions in one picture,\n"
            "                                added/removed/changed/unchanged drawn apart\n"
            "                       html     one self-contained page: both texts side by\n"
            "                                side with the changes marked, the overlay\n"
            "                                picture and the list of changes\n"
            "  -o, --output FILE    write FILE (atomically); the format follows its\n"
            "                       extension (.txt .diff .jsonl .rdfp .patch .dot .png\n"
            "                       .svg .pdf .html) unless -f is given\n"
            "  -q, --quiet          write nothing; only the exit status\n"
            "      --ignore-details place, time and attribution alone are no change\n"
            "      --ignore-repeats a fact stated in more or fewer sentences than\n"
            "                       before is no change\n\n"
            "Articles (as for extract):\n"
            "      --date YYYY-MM-DD  article date, for 'on Thursday' and 'yesterday'\n"
            "      --title TEXT       title (of the picture)\n"
            "      --id ID            document id of both versions (default: OLD's id:\n"
            "                         its file name without extension for a text)\n"
            NK_CLI_INPUT_HELP
            "      --base IRI         base of the instance IRIs (default %s)\n"
            "      --ontology FILE    extra Turtle for the ontology and lexicon (repeatable)\n"
            "      --gazetteer FILE   extra gazetteer TSV (repeatable)\n"
            "      --mode MODE        NLP core: fast (default; greedy parser) or best\n"
            "                         (beam parser: slower, fewer parsing errors)\n"
            "      --wordnet DIR      WordNet 3.0 dict directory (default: $NEWSKG_WORDNET,\n"
            "                         else /usr/share/wordnet from Debian's wordnet-base)\n"
            "      --words FILE       extra word lists for the rules (repeatable; LIST<TAB>WORD)\n"
            "      --layout ENGINE    Graphviz engine for pictures\n"
            "      --bare-claims      draw unchanged statements without content ('X said')\n"
            "                         too (added, removed, changed ones are always drawn)\n"
            "  -h, --help             show this help\n\n"
            "Exit status: 0 no fact changed, 1 some did, 2 trouble (the message names\n"
            "file:line:column).\n",
            NK_DEFAULT_BASE);
}


typedef enum in_kind { IN_TEXT, IN_JSONL, IN_TURTLE, IN_NTRIPLES, IN_NQUADS } in_kind;

typedef enum out_kind { OUT_TEXT, OUT_JSONL, OUT_RDFPATCH, OUT_GRAPH, OUT_HTML } out_kind;

/* Skip one N-Triples/N-Quads term at *P; false when there is none. */
static bool skip_term(const char **pp)
{
    const char *p = *pp;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '<') {
        while (*p && *p != '>' && *p != '\n')
            p++;
        if (*p != '>')
            return false;
        p++;
    } else if (*p == '"') {
        for (p++; *p && *p != '"' && *p != '\n'; p++)
            if (*p == '\\' && p[1])
                p++;
        if (*p != '"')
            return false;
        p++;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++; /* @lang or ^^<datatype> */
    } else if (*p == '_' && p[1] == ':') {
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
    } else {
        return false;
    }
    *pp = p;
    return true;
}

/* The kind of input PATH holds: by extension, else by its first line.  An
 * article whose first line happens to look like RDF is not expected. */
static in_kind input_kind(const char *path, const char *text)
{
    const char *ext = nk_path_ext(path);
    if (strcmp(ext, "jsonl") == 0 || strcmp(ext, "ndjson") == 0)
        return IN_JSONL;
    if (strcmp(ext, "ttl") == 0 || strcmp(ext, "turtle") == 0)
        return IN_TURTLE;
    if (strcmp(ext, "nt") == 0)
        return IN_NTRIPLES;
    if (strcmp(ext, "nq") == 0)
        return IN_NQUADS;
    if (strcmp(ext, "txt") == 0 || strcmp(ext, "text") == 0)
        return IN_TEXT;
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (*p == '@' || strncasecmp(p, "prefix ", 7) == 0 || strncasecmp(p, "base ", 5) == 0)
        return IN_TURTLE;
    if (*p == '{')
        return IN_JSONL;
    if (*p == '<') {
        int terms = 0;
        while (skip_term(&p))
            terms++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '.' && terms == 3)
            return IN_NTRIPLES;
        if (*p == '.' && terms == 4)
            return IN_NQUADS;
        if (terms >= 2)
            return IN_TURTLE;
    }
    return IN_TEXT;
}

/* Document id from PATH: its file name without the last extension. */
static char *doc_id_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);
    return n ? nk_xstrndup(name, n) : NULL;
}

typedef struct reader {
    const nk_cli_article *art;
    const nk_resources_options *ro;
    nk_resources *res;        /* loaded on the first text input */
    const nk_doc_meta *meta;
} reader;

/* Read PATH's facts into *OUT; when it is an article text and KEEP is not
 * NULL, the text goes to *KEEP (malloc'd, *KEEP_LEN bytes). */
static int read_input(reader *r, const char *path, nk_factset **out, char **keep,
                      size_t *keep_len, nk_diag_sink *sink)
{
    char *text = NULL;
    size_t len = 0;
    const char *label = strcmp(path, "-") == 0 ? "<stdin>" : path;
    int rc = NK_OK;
    NK_CHECK(nk_cli_read_input(r->art, path, &text, &len, sink));
    switch (input_kind(path, text)) {
    case IN_JSONL:
        rc = nk_facts_read_jsonl(out, text, len, label, sink);
        break;
    case IN_TURTLE:
        rc = nk_rdf_read(out, text, len, NK_RDF_TURTLE, label, sink);
        break;
    case IN_NTRIPLES:
        rc = nk_rdf_read(out, text, len, NK_RDF_NTRIPLES, label, sink);
        break;
    case IN_NQUADS:
        rc = nk_rdf_read(out, text, len, NK_RDF_NQUADS, label, sink);
        break;
    case IN_TEXT:
        if (!r->res)
            NK_CHECK(nk_resources_load(&r->res, r->ro, sink));
        rc = nk_extract_text(r->res, label, text, len, r->meta, out, NULL, sink);
        if (rc >= 0 && keep) {
            *keep = text;
            *keep_len = len;
            text = NULL;
        }
        break;
    }
cleanup:
    free(text);
    return rc;
}

static bool choose_output(const char *format, const char *path, out_kind *kind,
                          const char **graph_format)
{
    const char *name = format;
    if (!name && path && strcmp(path, "-") != 0 && *nk_path_ext(path))
        name = nk_path_ext(path);
    *graph_format = NULL;
    if (!name || strcasecmp(name, "text") == 0 || strcasecmp(name, "txt") == 0 ||
        strcasecmp(name, "diff") == 0) {
        *kind = OUT_TEXT;
    } else if (strcasecmp(name, "jsonl") == 0 || strcasecmp(name, "ndjson") == 0) {
        *kind = OUT_JSONL;
    } else if (strcasecmp(name, "rdfpatch") == 0 || strcasecmp(name, "rdfp") == 0 ||
               strcasecmp(name, "patch") == 0) {
        *kind = OUT_RDFPATCH;
    } else if (strcasecmp(name, "dot") == 0 || strcasecmp(name, "gv") == 0 ||
               strcasecmp(name, "png") == 0 || strcasecmp(name, "svg") == 0 ||
               strcasecmp(name, "pdf") == 0) {
        *kind = OUT_GRAPH;
        *graph_format = name;
    } else if (strcasecmp(name, "html") == 0 || strcasecmp(name, "htm") == 0) {
        *kind = OUT_HTML;
    } else {
        if (format)
            fprintf(stderr, "newskg diff: error: unknown output format '%s' (see --help)\n",
                    format);
        else
            fprintf(stderr,
                    "newskg diff: error: cannot tell the format from the name '%s': use -f\n",
                    path);
        return false;
    }
    return true;
}

int cmd_diff(int argc, char **argv)
{
    enum { OPT_BASE = 256, OPT_LAYOUT, OPT_IGNORE_DETAILS, OPT_IGNORE_REPEATS, OPT_BARE_CLAIMS };
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"ignore-details", no_argument, NULL, OPT_IGNORE_DETAILS},
        {"ignore-repeats", no_argument, NULL, OPT_IGNORE_REPEATS},
        {"date", required_argument, NULL, NK_OPT_DATE},
        {"title", required_argument, NULL, NK_OPT_TITLE},
        {"id", required_argument, NULL, NK_OPT_ID},
        {"base", required_argument, NULL, OPT_BASE},
        {"ontology", required_argument, NULL, NK_OPT_ONTOLOGY},
        {"gazetteer", required_argument, NULL, NK_OPT_GAZETTEER},
        {"mode", required_argument, NULL, NK_OPT_MODE},
        {"wordnet", required_argument, NULL, NK_OPT_WORDNET},
        {"max-input-bytes", required_argument, NULL, NK_OPT_MAX_INPUT},
        {"lossy", no_argument, NULL, NK_OPT_LOSSY},
        {"words", required_argument, NULL, NK_OPT_WORDS},
        {"layout", required_argument, NULL, OPT_LAYOUT},
        {"bare-claims", no_argument, NULL, OPT_BARE_CLAIMS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *format = NULL, *out_path = NULL;
    bool quiet = false;
    nk_cli_article art;
    memset(&art, 0, sizeof art);
    nk_diff_options dfo = NK_DIFF_OPTIONS_INIT;
    nk_dot_options dopt = NK_DOT_OPTIONS_INIT;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'o': out_path = optarg; break;
        case 'q': quiet = true; break;
        case OPT_IGNORE_DETAILS: dfo.ignore_details = true; break;
        case OPT_IGNORE_REPEATS: dfo.ignore_repeats = true; break;
        case OPT_BASE: dfo.base = optarg; break;
        case OPT_LAYOUT: dopt.layout = optarg; break;
        case OPT_BARE_CLAIMS: dopt.bare_claims = true; break;
        default: {
            int status = nk_cli_other_option(&art, "diff", c, argv, diff_usage);
            if (status >= 0)
                return status;
            break;
        }
        }
    }
    if (argc - optind != 2) {
        fprintf(stderr, "newskg diff: error: want two inputs, OLD and NEW (see --help)\n");
        return NK_EXIT_ERROR;
    }
    const char *old_path = argv[optind], *new_path = argv[optind + 1];
    if (strcmp(old_path, "-") == 0 && strcmp(new_path, "-") == 0) {
        fprintf(stderr, "newskg diff: error: only one input can be standard input\n");
        return NK_EXIT_ERROR;
    }
    out_kind kind = OUT_TEXT;
    const char *graph_format = NULL;
    if (!choose_output(format, out_path, &kind, &graph_format))
        return NK_EXIT_ERROR;
    nk_output gout;
    if (kind == OUT_GRAPH && !quiet &&
        !nk_output_choose(&gout, "diff", graph_format, out_path, false, NK_OUT_DOT))
        return NK_EXIT_ERROR;

    /* both versions of a text get the same document id, so that their
     * mentions and version IRIs sit under one document */
    char *id = NULL;
    nk_doc_meta meta = {art.id, art.title, NULL, art.date};
    if (!meta.id) {
        id = doc_id_of(strcmp(old_path, "-") != 0 ? old_path : new_path);
        meta.id = id;
    }
    nk_resources_options ro = nk_cli_article_resources(&art);
    reader rd = {&art, &ro, NULL, &meta};
    nk_diag_sink sink = nk_cli_sink();
    nk_factset *old_facts = NULL, *new_facts = NULL;
    nk_diff *diff = NULL;
    nk_diff_overlay *ov = NULL;
    nk_buf out = {0};
    char *old_text = NULL, *new_text = NULL;
    size_t old_len = 0, new_len = 0;
    bool html = kind == OUT_HTML && !quiet;
    int rc = NK_OK;
    NK_CHECK(read_input(&rd, old_path, &old_facts, html ? &old_text : NULL, &old_len, &sink));
    NK_CHECK(read_input(&rd, new_path, &new_facts, html ? &new_text : NULL, &new_len, &sink));
    /* two versions of one article: NEW takes OLD's document id (both take
     * --id's), and revises OLD */
    {
        const char *doc = art.id ? art.id : old_facts->doc;
        for (size_t i = 0; !doc && i < old_facts->count; i++)
            doc = old_facts->facts[i].doc;
        char *d = nk_xstrdup(doc ? doc : meta.id ? meta.id : "unknown");
        nk_factset_set_doc(old_facts, d);
        nk_factset_set_doc(new_facts, d);
        free(d);
        nk_buf prev = {0};
        nk_graph_factset_version_iri(&prev, old_facts, dfo.base);
        new_facts->previous = nk_factset_str(new_facts, prev.data);
        nk_buf_free(&prev);
    }
    NK_CHECK(nk_diff_compute(&diff, old_facts, new_facts, &dfo, &sink));
    if (!quiet) {
        switch (kind) {
        case OUT_TEXT:
            nk_diff_write_text(diff, old_path, new_path, &out);
            break;
        case OUT_JSONL:
            nk_diff_write_jsonl(diff, &out);
            break;
        case OUT_RDFPATCH:
            NK_CHECK(nk_diff_write_rdfpatch(diff, &out, &sink));
            break;
        case OUT_GRAPH: {
            char *title = NULL;
            if (!meta.title) {
                nk_buf t = {0};
                nk_buf_printf(&t, "%s \xe2\x86\x92 %s", old_path, new_path);
                title = nk_buf_detach(&t);
            }
            rc = nk_diff_overlay_build(&ov, diff, meta.title ? meta.title : title, &sink);
            free(title);
            if (rc < 0)
                goto cleanup;
            dopt.event_status = ov->event_status;
            dopt.entity_status = ov->entity_status;
            NK_CHECK(nk_output_write(&gout, ov->facts, ov->graph, &dopt, &sink));
            break;
        }
        case OUT_HTML: {
            nk_html_text ot = {old_text, old_len, old_path}, nt = {new_text, new_len, new_path};
            nk_html_options ho = NK_HTML_OPTIONS_INIT;
            ho.dot = &dopt;
            ho.title = meta.title;
            ho.generator = "newskg " NK_VERSION;
            NK_CHECK(nk_html_write_diff(diff, &ot, &nt, &ho, &out, &sink));
            break;
        }
        }
        if (kind != OUT_GRAPH)
            NK_CHECK(nk_file_write_atomic(out_path && strcmp(out_path, "-") != 0 ? out_path : NULL,
                                          out.data ? out.data : "", out.len, &sink));
    }
cleanup:
    {
        bool changed = rc == NK_OK && nk_diff_has_changes(diff);
        nk_buf_free(&out);
        free(old_text);
        free(new_text);
        nk_diff_overlay_free(ov);
        nk_diff_free(diff);
        nk_factset_free(old_facts);
        nk_factset_free(new_facts);
        nk_resources_free(rd.res);
        free(id);
        if (kind == OUT_GRAPH || kind == OUT_HTML)
            nk_dot_shutdown();
        if (rc < 0) {
            if (sink.errors == 0)
                fprintf(stderr, "newskg diff: error: %s\n", nk_strerror(rc));
            return NK_EXIT_ERROR;
        }
        return changed ? NK_EXIT_DIFF : NK_EXIT_OK;
    }
}
