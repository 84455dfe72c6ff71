/* html.h: the story view, one self-contained HTML page per article (and per
 * diff of two versions).
 *
 * A page holds everything inline and loads nothing: the graph as SVG (laid
 * out and rendered by dot.h, with every node and edge naming the facts it
 * stands for), the article text with every fact's byte span marked, a facts
 * table that sorts and filters (and dims the graph to match), the article's
 * metadata and its Turtle and JSON Lines as data: URLs to download.  A little
 * hand-written JavaScript (src/html/page.js, compiled in) links the three
 * views both ways; a Content-Security-Policy lets only that script run and
 * forbids every network request.  Text from the article (and from the facts'
 * labels, which gvc puts into the SVG) is escaped everywhere.
 *
 * The diff page shows both versions' texts side by side with the added,
 * removed and changed facts marked, the overlay graph (diff.h) and the list
 * of changes; selecting a change scrolls both texts to its sentences.
 *
 * Without the article text (facts read from JSON Lines or RDF), the text
 * panel is rebuilt from the facts' sentences, each fact marked at its action
 * words inside its sentence.
 */
#ifndef NK_HTML_H
#define NK_HTML_H

#include <stddef.h>

#include "diff.h"
#include "dot.h"
#include "graph.h"
#include "util.h"

/* The text a page shows beside the graph.  Borrowed for the call. */
typedef struct nk_html_text {
    const char *text; /* the article's bytes, which the facts' spans index;
                         NULL: rebuilt from the facts' sentence texts */
    size_t len;
    const char *name; /* where it came from (shown), or NULL */
} nk_html_text;

typedef struct nk_html_options {
    unsigned version;          /* NK_HTML_OPTIONS_VERSION */
    const char *title;         /* NULL: the factset's title, else its id */
    const nk_dot_options *dot; /* picture options (layout, bare_claims, ...);
                                  NULL: defaults.  The writer sets fact_ids
                                  on its own copy. */
    const char *generator;     /* shown in the footer; NULL: "newskg" */
} nk_html_options;

#define NK_HTML_OPTIONS_VERSION 1
#define NK_HTML_OPTIONS_INIT {NK_HTML_OPTIONS_VERSION, NULL, NULL, NULL}

/* Append the story page of G (its facts: g->facts) to OUT.  TEXT may be
 * NULL (as with text NULL).  Returns NK_OK, NK_ERR_UNSUPPORTED (options of
 * another version), or the status of the picture or RDF writer (reported to
 * SINK); OUT then holds a partial page the caller must not write. */
int nk_html_write_story(const nk_graph *g, const nk_html_text *text,
                        const nk_html_options *o, nk_buf *out, nk_diag_sink *sink);

/* Append the diff page of D to OUT: OLD_TEXT and NEW_TEXT (either may be
 * NULL) are the two versions' texts.  Same statuses as
 * nk_html_write_story. */
int nk_html_write_diff(const nk_diff *d, const nk_html_text *old_text,
                       const nk_html_text *new_text, const nk_html_options *o,
                       nk_buf *out, nk_diag_sink *sink);

#endif
