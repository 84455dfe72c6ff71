/* dot.h: the Graphviz writer: an nk_graph as DOT text, PNG, SVG or PDF.
 *
 * Entities become nodes (name = IRI, label = entity label) styled by class;
 * an event becomes a labelled edge actor -> target, or an event node when it
 * has a place, lacks an actor or a target, or takes part in a claim
 * (content_of / rejects); every edge points from actor to action to target.
 * Parallel edges with the same look are merged into one edge with a
 * multi-line label.  Negated, hypothetical/planned/requested and attributed
 * events are drawn distinctly; a modal action is drawn with the auxiliary
 * of its text ("would send", "could expel") when the fact's action_text
 * starts with one, else with its modality's generic word ("may", "plans to",
 * "urged to").  "xN" after a label means the fact was stated N times (plain
 * pictures only; a diff overlay never shows it).  A legend node and the
 * article title (graph label) are added.  An entity that is only ever the
 * source of attributed events gets no node: its name is in the "(per ...)"
 * labels; statements without content are left out unless bare_claims.
 * With the "dot" engine, the connected components are packed in rows, side
 * by side, so a story of many small components fits a screen.
 *
 * Only dot.c includes the Graphviz headers.  Graphviz keeps global state
 * (agwrite's static buffer, the error callback), so every function here takes
 * one process-wide lock: calls from several threads are safe but serialised.
 * One GVC_t (layout/render context) is created on first use and lives until
 * nk_dot_shutdown, which is final.
 */
#ifndef NK_DOT_H
#define NK_DOT_H

#include <stdbool.h>
#include <stddef.h>

#include "graph.h"
#include "util.h"

/* How a diff overlay marks an event or entity; NK_DOT_PLAIN draws the
 * ordinary style.  (Used by `newskg diff`; a plain render leaves the
 * status arrays NULL.) */
typedef enum nk_dot_status {
    NK_DOT_PLAIN = 0,
    NK_DOT_ADDED,
    NK_DOT_REMOVED,
    NK_DOT_CHANGED,
    NK_DOT_UNCHANGED
} nk_dot_status;

typedef struct nk_dot_options {
    unsigned version;      /* NK_DOT_OPTIONS_VERSION */
    const char *title;     /* graph label; NULL: the factset's title, else
                              its document id */
    const char *layout;    /* "dot", "sfdp", "neato", ...; NULL: chosen by
                              size ("dot" up to large_graph nodes, "sfdp"
                              above) */
    bool no_legend;        /* leave the legend out */
    unsigned dpi;          /* raster resolution; 0: 96 */
    size_t large_graph;    /* node count above which sfdp is used and
                              labels are simplified; 0: 400 */
    /* Optional diff overlay: arrays of g->nevents / g->nentities statuses
     * (NULL: all NK_DOT_PLAIN).  Borrowed for the call. */
    const nk_dot_status *event_status;
    const nk_dot_status *entity_status;
    /* Draw statements that carry nothing but "X said" (CAMEO 010 make a
     * statement, no target, no content, not negated, not modal) as nodes;
     * by default they are left out and the legend counts them (in a diff
     * overlay only unchanged ones: added, removed and changed ones are
     * always drawn). */
    bool bare_claims;
    /* Give every node and edge an `id` ("nk-N") and a `class` naming the
     * facts it stands for ("f3 f17": 0-based indexes into g->facts), so a
     * page holding the SVG can tie it to the text (html.h).  DOT written
     * with this set carries the same attributes. */
    bool fact_ids;
} nk_dot_options;

#define NK_DOT_OPTIONS_VERSION 1
#define NK_DOT_OPTIONS_INIT \
    {NK_DOT_OPTIONS_VERSION, NULL, NULL, false, 0, 0, NULL, NULL, false, false}

/* The layout engine nk_dot_render would use for G under O ("dot" or
 * "sfdp" unless O->layout names one).  Static string. */
const char *nk_dot_engine(const nk_graph *g, const nk_dot_options *o);

/* Append the DOT text of G (before layout, no coordinates) to OUT.
 * O may be NULL (defaults).  Returns NK_OK, or NK_ERR_EXTERNAL when
 * Graphviz rejects the graph (reported to SINK). */
int nk_dot_write(const nk_graph *g, const nk_dot_options *o, nk_buf *out,
                 nk_diag_sink *sink);

/* Lay out G and render it as FORMAT ("png", "svg" or "pdf"; NULL: from
 * PATH's extension) to PATH, atomically: the bytes are rendered in memory
 * and written through nk_file_write_atomic, so PATH is either the whole
 * picture or untouched.  PATH "-" writes to standard output.
 *
 * A PNG whose layout would exceed Cairo's 32,767-pixel limit at the DPI is
 * written as SVG instead, to PATH with its extension replaced by ".svg"
 * (or "-"), with a warning on SINK.  When RESULT_PATH is not NULL it gets
 * the path actually written (malloc'd; the caller frees).
 * Returns NK_OK, NK_ERR_UNSUPPORTED (unknown format or engine),
 * NK_ERR_EXTERNAL (Graphviz failed) or NK_ERR_IO. */
int nk_dot_render(const nk_graph *g, const nk_dot_options *o,
                  const char *format, const char *path, char **result_path,
                  nk_diag_sink *sink);

/* Lay out and render G into memory (*out malloc'd, caller frees; *len its
 * size); no PNG-size fallback.  Same statuses as nk_dot_render. */
int nk_dot_render_data(const nk_graph *g, const nk_dot_options *o,
                       const char *format, char **out, size_t *len,
                       nk_diag_sink *sink);

/* Free the process-wide Graphviz context, once, at the end (optional: it
 * only quiets leak checkers).  It is final: a context made after it would
 * read a font cache gvc's pango plugin freed with the first (a
 * use-after-free seen under ASan), so rendering after it fails with
 * NK_ERR_EXTERNAL; writing DOT text still works.  Calling it again does nothing.
 * Must not run concurrently with other calls. */
void nk_dot_shutdown(void);

#endif
