/* output.h: choosing and writing an output format, shared by the commands
 * that write graphs (extract, render, diff). */
#ifndef NK_CLI_OUTPUT_H
#define NK_CLI_OUTPUT_H

#include <stdbool.h>

#include "dot.h"
#include "facts.h"
#include "graph.h"
#include "util.h"

typedef enum nk_out_kind {
    NK_OUT_RDF = 0,
    NK_OUT_DOT,
    NK_OUT_PICTURE,
    NK_OUT_JSONL,
    NK_OUT_HTML          /* the story view (html.h) */
} nk_out_kind;

typedef struct nk_output {
    nk_out_kind kind;
    int rdf;             /* nk_rdf_format for NK_OUT_RDF */
    char picture[8];     /* "png", "svg", "pdf" for NK_OUT_PICTURE */
    const char *path;    /* NULL: standard output */
    /* NK_OUT_HTML: the article text the facts' spans index (NULL: the
     * page rebuilds it from the facts' sentences) and its name. */
    const char *text;
    size_t text_len;
    const char *text_name;
} nk_output;

/* Decide the format from FORMAT (a -f value) or else PATH's extension, else
 * DEFAULT_KIND.  CANONICAL asks for sorted N-Triples.  On failure prints a
 * message naming COMMAND and returns false. */
bool nk_output_choose(nk_output *out, const char *command, const char *format,
                      const char *path, bool canonical, nk_out_kind default_kind);

/* Write FACTS (and GRAPH, its graph) as OUT says, atomically. */
int nk_output_write(const nk_output *out, const nk_factset *facts,
                    const nk_graph *graph, const nk_dot_options *dopt,
                    nk_diag_sink *sink);

#endif
