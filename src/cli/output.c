/* output.c: see output.h. */
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "facts_jsonl.h"
#include "html.h"
#include "rdf.h"

static bool kind_of(const char *name, nk_output *o)
{
    static const char *const PICTURES[] = {"png", "svg", "pdf", NULL};
    if (strcasecmp(name, "dot") == 0 || strcasecmp(name, "gv") == 0) {
        o->kind = NK_OUT_DOT;
        return true;
    }
    for (size_t i = 0; PICTURES[i]; i++)
        if (strcasecmp(name, PICTURES[i]) == 0) {
            o->kind = NK_OUT_PICTURE;
            strcpy(o->picture, PICTURES[i]);
            return true;
        }
    if (strcasecmp(name, "jsonl") == 0 || strcasecmp(name, "ndjson") == 0) {
        o->kind = NK_OUT_JSONL;
        return true;
    }
    if (strcasecmp(name, "html") == 0 || strcasecmp(name, "htm") == 0) {
        o->kind = NK_OUT_HTML;
        return true;
    }
    int f = nk_rdf_format_parse(name);
    if (f >= 0) {
        o->kind = NK_OUT_RDF;
        o->rdf = f;
        return true;
    }
    return false;
}

bool nk_output_choose(nk_output *o, const char *command, const char *format,
                      const char *path, bool canonical, nk_out_kind default_kind)
{
    memset(o, 0, sizeof *o);
    o->path = path && strcmp(path, "-") != 0 ? path : NULL;
    o->kind = default_kind;
    o->rdf = NK_RDF_TURTLE;
    if (default_kind == NK_OUT_PICTURE)
        strcpy(o->picture, "png");
    if (format) {
        if (!kind_of(format, o)) {
            fprintf(stderr, "newskg %s: error: unknown output format '%s' (see --help)\n",
                    command, format);
            return false;
        }
    } else if (o->path && *nk_path_ext(o->path)) {
        if (!kind_of(nk_path_ext(o->path), o)) {
            fprintf(stderr,
                    "newskg %s: error: cannot tell the format from the name '%s': use -f\n",
                    command, o->path);
            return false;
        }
    } else if (canonical) {
        o->kind = NK_OUT_RDF;
        o->rdf = NK_RDF_NTRIPLES;
    }
    if (canonical) {
        if (o->kind != NK_OUT_RDF ||
            (o->rdf != NK_RDF_NTRIPLES && o->rdf != NK_RDF_NTRIPLES_CANONICAL)) {
            fprintf(stderr, "newskg %s: error: --canonical works with N-Triples output only\n",
                    command);
            return false;
        }
        o->rdf = NK_RDF_NTRIPLES_CANONICAL;
    }
    if (!o->path && o->kind == NK_OUT_PICTURE && strcmp(o->picture, "svg") != 0 &&
        isatty(STDOUT_FILENO)) {
        fprintf(stderr, "newskg %s: error: not writing %s to a terminal: use -o FILE or a pipe\n",
                command, o->picture);
        return false;
    }
    return true;
}

static int to_file_out(void *ctx, const char *data, size_t len)
{
    nk_file_out_write(ctx, data, len); /* a failure is reported at commit */
    return NK_OK;
}

/* RDF straight into the output file as it is serialised, not through a
 * buffer of the whole text (an article's N-Quads are ten times its size). */
static int write_rdf(const nk_output *o, const nk_graph *graph, nk_diag_sink *sink)
{
    nk_file_out *f = NULL;
    nk_rdf_writer *w = NULL;
    NK_TRY(nk_file_out_open(&f, o->path, sink));
    int rc = nk_rdf_writer_new(&w, (nk_rdf_format)o->rdf, to_file_out, f, sink);
    if (rc == NK_OK)
        rc = nk_rdf_writer_add(w, graph);
    if (rc == NK_OK)
        rc = nk_rdf_writer_close(w);
    nk_rdf_writer_free(w);
    if (rc == NK_OK)
        return nk_file_out_commit(f, sink);
    nk_file_out_abort(f);
    return rc;
}

int nk_output_write(const nk_output *o, const nk_factset *facts, const nk_graph *graph,
                    const nk_dot_options *dopt, nk_diag_sink *sink)
{
    nk_buf out = {0};
    int rc = NK_OK;
    switch (o->kind) {
    case NK_OUT_PICTURE: {
        char *written = NULL;
        rc = nk_dot_render(graph, dopt, o->picture, o->path ? o->path : "-", &written, sink);
        free(written);
        break;
    }
    case NK_OUT_DOT:
        NK_CHECK(nk_dot_write(graph, dopt, &out, sink));
        rc = nk_file_write_atomic(o->path, out.data, out.len, sink);
        break;
    case NK_OUT_RDF:
        rc = write_rdf(o, graph, sink);
        break;
    case NK_OUT_JSONL:
        nk_facts_write_jsonl(facts, &out);
        rc = nk_file_write_atomic(o->path, out.data, out.len, sink);
        break;
    case NK_OUT_HTML: {
        nk_html_text tx = {o->text, o->text_len, o->text_name};
        nk_html_options ho = NK_HTML_OPTIONS_INIT;
        ho.dot = dopt;
        ho.title = dopt ? dopt->title : NULL;
        ho.generator = "newskg " NK_VERSION;
        NK_CHECK(nk_html_write_story(graph, &tx, &ho, &out, sink));
        rc = nk_file_write_atomic(o->path, out.data, out.len, sink);
        break;
    }
    }
cleanup:
    nk_buf_free(&out);
    return rc;
}
