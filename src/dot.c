/* dot.c: the Graphviz writer (see dot.h).  The only file that includes the
 * Graphviz headers.
 *
 * Building happens in three steps: style (pure functions from an entity or
 * event, and an optional diff status, to colours, shapes and label text),
 * structure (which events are edges, which are nodes, which edges merge) and
 * emission (cgraph calls).  The style step is what a diff overlay reuses. */
#include <gvc.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot.h"

/* ---- process-wide Graphviz state -------------------------------------- */

static pthread_mutex_t dot_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *dot_gvc;
static bool dot_shut; /* nk_dot_shutdown ran: no new context (see dot.h) */
static nk_buf *dot_errors; /* where captured agerr text goes, under the lock */

static int capture_agerr(char *msg)
{
    if (dot_errors && msg)
        nk_buf_puts(dot_errors, msg);
    return 0;
}

/* Graphviz declares `char *` for strings it only reads (and copies). */
static char *gv(const char *s)
{
    return (char *)(uintptr_t)s;
}

/* Report the captured Graphviz messages, one per line; return the number of
 * errors among them. */
static unsigned flush_agerr(nk_buf *errs, nk_diag_sink *sink)
{
    unsigned nerr = 0;
    const char *p = errs->data;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        bool is_err = strncmp(p, "Error: ", 7) == 0;
        size_t skip = is_err ? 7 : strncmp(p, "Warning: ", 9) == 0 ? 9 : 0;
        if (n > skip) {
            nerr += is_err;
            nk_diag_report(sink, is_err ? NK_ERROR : NK_WARNING, "graphviz", 0, 0,
                           SIZE_MAX, "%.*s", (int)(n - skip), p + skip);
        }
        p = nl ? nl + 1 : p + n;
    }
    nk_buf_clear(errs);
    return nerr;
}

/* ---- style --------------------------------------------------------------- */

typedef struct class_style {
    const char *type, *shape, *style, *fill, *border;
} class_style;

/* Distinct shape and colour per ontology class; the last row is the default
 * for unknown or missing types. */
static const class_style CLASS_STYLES[] = {
    {"Person", "ellipse", "filled", "#fde3c8", "#b35900"},
    {"Organization", "box", "rounded,filled", "#d9e7f8", "#2a5d9f"},
    {"Country", "hexagon", "filled", "#d8efd2", "#2e7d32"},
    {"Location", "house", "filled", "#eeeeee", "#616161"},
    {"Group", "folder", "filled", "#eadcf2", "#6a3d8c"},
    {"Entity", "box", "filled", "#ffffff", "#757575"},
};
#define NCLASSES (sizeof CLASS_STYLES / sizeof CLASS_STYLES[0])

static size_t class_index(const char *type)
{
    for (size_t i = 0; type && i + 1 < NCLASSES; i++)
        if (strcmp(type, CLASS_STYLES[i].type) == 0)
            return i;
    return NCLASSES - 1;
}

/* Kinds of line in the legend. */
enum { K_ASSERTED, K_NEGATED, K_MODAL, K_ATTRIBUTED, K_SAYS, K_REJECTS, K_PLACE, K_TIMES,
       NKINDS };

#define C_ASSERTED "#37474f"
#define C_NEGATED "#c62828"
#define C_MODAL "#7b3fa0"
#define C_ATTRIBUTED "#4a6f95"
#define C_PLACE "#7d8b6a"

typedef struct ev_look {
    const char *color;
    const char *style;  /* "solid", "dashed", "dotted" */
    const char *prefix; /* "NOT ", "may ", ... (before the lemma) */
    const char *mark;   /* diff mark before everything: "+ ", ... */
    const char *penwidth;
    int kind;           /* K_ASSERTED, K_NEGATED, K_MODAL or K_ATTRIBUTED */
} ev_look;

static const char *modal_prefix(nk_modality m, bool negated)
{
    switch (m) {
    case NK_MOD_HYPOTHETICAL: return negated ? "may NOT " : "may ";
    case NK_MOD_PLANNED: return negated ? "plans NOT to " : "plans to ";
    case NK_MOD_REQUESTED: return negated ? "urged NOT to " : "urged to ";
    case NK_MOD_ASSERTED: break;
    }
    return negated ? "NOT " : "";
}

/* English modal auxiliaries: the words a modal fact's text may begin with
 * ("would send"), drawn instead of the modality's generic word.  Contracted
 * negations are read back to their auxiliary ("won't" -> "will"). */
static const char *const MODAL_AUX[] = {"would", "could", "may", "might", "will", "shall",
                                        "should", "must", "can", "wo", "ca", NULL};

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The modal auxiliary TEXT begins with, lower-cased into AUX (of size N);
 * *negated_in_text is set when "not"/"n't"/"never" follows it.  False when
 * TEXT does not begin with one. */
static bool text_modal(const char *text, char *aux, size_t n, bool *negated_in_text)
{
    *negated_in_text = false;
    if (!text)
        return false;
    while (*text == ' ')
        text++;
    size_t len = 0;
    while (is_letter(text[len]))
        len++;
    const char *rest = text + len;
    bool nt = false;
    if (len > 1 && (text[len - 1] == 'n' || text[len - 1] == 'N') &&
        (strncmp(rest, "'t", 2) == 0 || strncmp(rest, "\xe2\x80\x99t", 4) == 0)) {
        nt = true;
        len--; /* "couldn't" -> "could", "won't" -> "wo" */
    }
    if (len == 0 || len + 1 > n)
        return false;
    for (size_t i = 0; i < len; i++)
        aux[i] = (char)(text[i] | 0x20);
    aux[len] = '\0';
    size_t k = 0;
    while (MODAL_AUX[k] && strcmp(MODAL_AUX[k], aux) != 0)
        k++;
    if (!MODAL_AUX[k])
        return false;
    if (strcmp(aux, "wo") == 0)
        strcpy(aux, "will");
    else if (strcmp(aux, "ca") == 0)
        strcpy(aux, "can");
    if (!nt) {
        while (*rest == ' ')
            rest++;
        nt = (strncmp(rest, "not", 3) == 0 || strncmp(rest, "never", 5) == 0) &&
             !is_letter(rest[rest[0] == 'n' && rest[1] == 'o' ? 3 : 5]);
    }
    *negated_in_text = nt;
    return true;
}

/* The look of an event: negation wins the colour, modality the line style,
 * attribution colours what is otherwise plain; a diff status overrides the
 * colour and width. */
static ev_look event_look(const nk_gevent *e, nk_dot_status st)
{
    const nk_fact *f = e->fact;
    bool neg = f && f->negated;
    nk_modality m = f ? f->modality : NK_MOD_ASSERTED;
    ev_look l = {C_ASSERTED, "solid", modal_prefix(m, neg), "", "1.2", K_ASSERTED};
    if (m != NK_MOD_ASSERTED) {
        l.color = C_MODAL;
        l.style = "dotted";
        l.penwidth = "1.6";
        l.kind = K_MODAL;
    } else if (!neg && e->attributed_to != NK_NONE) {
        l.color = C_ATTRIBUTED;
        l.kind = K_ATTRIBUTED;
    }
    if (neg) {
        l.color = C_NEGATED;
        if (m == NK_MOD_ASSERTED)
            l.style = "dashed";
        l.kind = K_NEGATED;
    }
    switch (st) {
    case NK_DOT_ADDED: l.color = "#1b8a2f"; l.penwidth = "2.6"; l.mark = "+ "; break;
    case NK_DOT_REMOVED: l.color = "#a0a0a0"; l.mark = "\xe2\x88\x92 "; break;
    case NK_DOT_CHANGED: l.color = "#e07000"; l.penwidth = "2.6"; l.mark = "~ "; break;
    case NK_DOT_UNCHANGED: l.color = "#9e9e9e"; break;
    case NK_DOT_PLAIN: break;
    }
    return l;
}

typedef struct ent_look {
    const class_style *cls;
    const char *border;
    const char *fill;
    const char *fontcolor;
    const char *penwidth;
} ent_look;

static ent_look entity_look(const nk_gentity *en, nk_dot_status st)
{
    const class_style *c = &CLASS_STYLES[class_index(en->type)];
    ent_look l = {c, c->border, c->fill, "#1a1a1a", "1.4"};
    switch (st) {
    case NK_DOT_ADDED: l.border = "#1b8a2f"; l.penwidth = "3"; break;
    case NK_DOT_REMOVED: l.fill = "#f2f2f2"; l.border = "#a0a0a0"; l.fontcolor = "#808080"; break;
    case NK_DOT_CHANGED: l.border = "#e07000"; l.penwidth = "3"; break;
    case NK_DOT_UNCHANGED: l.border = "#9e9e9e"; break;
    case NK_DOT_PLAIN: break;
    }
    return l;
}

/* Append S to a Graphviz escString: backslashes doubled, line breaks and
 * tabs as spaces.  With WRAP > 0, break lines at spaces after WRAP bytes. */
static void put_esc(nk_buf *b, const char *s, size_t wrap)
{
    size_t col = 0;
    for (; s && *s; s++) {
        char c = *s;
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && wrap && col >= wrap && s[1]) {
            nk_buf_puts(b, "\\n");
            col = 0;
            continue;
        }
        if (c == '\\')
            nk_buf_putc(b, '\\');
        nk_buf_putc(b, c);
        if (((unsigned char)c & 0xC0) != 0x80)
            col++;
    }
}

/* Append S XML-escaped for an HTML-like label. */
static void put_xml(nk_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': nk_buf_puts(b, "&amp;"); break;
        case '<': nk_buf_puts(b, "&lt;"); break;
        case '>': nk_buf_puts(b, "&gt;"); break;
        case '"': nk_buf_puts(b, "&quot;"); break;
        case '\'': nk_buf_puts(b, "&#39;"); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                nk_buf_putc(b, *s);
        }
    }
}

#define TIME_MAX 24   /* times longer than this stay out of labels */
#define PER_MAX 28    /* attribution names longer than this are cut */
#define MERGE_MAX 6   /* lines in a merged edge label before "+N more" */

/* One event's line of label text (escaped): mark, prefix, lemma, count,
 * short time. */
static bool event_line(nk_buf *b, const nk_gevent *e, const ev_look *l, bool counts)
{
    const nk_fact *f = e->fact;
    const char *what = f && f->lemma && *f->lemma ? f->lemma
                       : f && f->action_class ? f->action_class : "event";
    char aux[16];
    bool text_neg = false;
    nk_buf_puts(b, l->mark);
    if (l->kind == K_MODAL || (f && f->modality != NK_MOD_ASSERTED)) {
        if (f && text_modal(f->action_text, aux, sizeof aux, &text_neg))
            nk_buf_printf(b, "%s %s", aux, f->negated ? "NOT " : "");
        else
            nk_buf_puts(b, l->prefix);
    } else {
        nk_buf_puts(b, l->prefix);
    }
    put_esc(b, what, 0);
    bool counted = counts && e->occurrences > 1;
    if (counted)
        nk_buf_printf(b, " \xc3\x97%zu", e->occurrences);
    if (f && f->time && *f->time && strlen(f->time) <= TIME_MAX) {
        nk_buf_puts(b, " (");
        put_esc(b, f->time, 0);
        nk_buf_putc(b, ')');
    }
    return counted;
}

static void per_line(nk_buf *b, const nk_graph *g, size_t who)
{
    if (who == NK_NONE || who >= g->nentities)
        return;
    const char *name = g->entities[who].label;
    nk_buf_puts(b, "(per ");
    if (strlen(name) > PER_MAX) {
        size_t n = PER_MAX;
        while (n && ((unsigned char)name[n] & 0xC0) == 0x80)
            n--;
        char *cut = nk_xstrndup(name, n);
        put_esc(b, cut, 0);
        free(cut);
        nk_buf_puts(b, "\xe2\x80\xa6");
    } else {
        put_esc(b, name, 0);
    }
    nk_buf_putc(b, ')');
}

/* ---- structure ------------------------------------------------------------ */

static nk_dot_status ev_status(const nk_dot_options *o, size_t i)
{
    return o && o->event_status ? o->event_status[i] : NK_DOT_PLAIN;
}

static nk_dot_status ent_status(const nk_dot_options *o, size_t i)
{
    return o && o->entity_status ? o->entity_status[i] : NK_DOT_PLAIN;
}

static bool valid_ent(const nk_graph *g, size_t i)
{
    return i != NK_NONE && i < g->nentities;
}

/* A statement that says only "X said": CAMEO 010 (make a statement: say,
 * announce, state; not a denial or an admission), asserted, not negated, without target or place, neither a
 * claim with content nor content, rejecter or rejected itself. */
static bool is_bare_claim(const nk_graph *g, size_t i, const bool *has_content)
{
    const nk_gevent *e = &g->events[i];
    const nk_fact *f = e->fact;
    if (!f || f->negated || f->modality != NK_MOD_ASSERTED || has_content[i] ||
        valid_ent(g, e->target) || valid_ent(g, e->place) || e->content_of != NK_NONE ||
        e->rejects != NK_NONE)
        return false;
    bool statement = (f->cameo && strcmp(f->cameo, "010") == 0) ||
                     (f->action_class && strcmp(f->action_class, "MakeStatement") == 0);
    if (!statement)
        return false;
    for (size_t k = 0; k < g->nevents; k++)
        if (g->events[k].rejects == i)
            return false;
    return true;
}

/* Which events are left out of the picture: bare claims unless O asks for
 * them (in a diff overlay, only unchanged ones).  Returns a malloc'd array; *count gets how many. */
static bool *hidden_events(const nk_graph *g, const nk_dot_options *o, size_t *count)
{
    bool *hide = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *hide);
    *count = 0;
    if (o && o->bare_claims)
        return hide;
    bool *has_content = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *has_content);
    size_t nlinks = 0;
    nk_glink *links = nk_graph_claims_by_content(g, &nlinks);
    for (size_t i = 0; i < nlinks; i++)
        has_content[links[i].from] = true;
    free(links);
    for (size_t i = 0; i < g->nevents; i++) {
        /* A diff picture shows every change: only an unchanged bare claim
         * is left out. */
        nk_dot_status st = o && o->event_status ? o->event_status[i] : NK_DOT_PLAIN;
        hide[i] = (st == NK_DOT_PLAIN || st == NK_DOT_UNCHANGED) && is_bare_claim(g, i, has_content);
        *count += hide[i];
    }
    free(has_content);
    return hide;
}

/* Which events are drawn as nodes: those without an actor or a target,
 * with a place (three participants), or linked to another event as claim,
 * content, rejecter or rejected; never the HIDDEN ones.  Returns a malloc'd
 * array; *count gets how many are nodes. */
static bool *event_nodes(const nk_graph *g, const bool *hidden, size_t *count)
{
    bool *node = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *node);
    for (size_t i = 0; i < g->nevents; i++) {
        const nk_gevent *e = &g->events[i];
        if (hidden[i])
            continue;
        if (!valid_ent(g, e->actor) || !valid_ent(g, e->target) ||
            valid_ent(g, e->place))
            node[i] = true;
        if (e->rejects != NK_NONE && e->rejects < g->nevents)
            node[i] = node[e->rejects] = true;
    }
    size_t nlinks = 0;
    nk_glink *links = nk_graph_claims_by_content(g, &nlinks);
    for (size_t i = 0; i < nlinks; i++)
        if (!hidden[links[i].from] && !hidden[links[i].to])
            node[links[i].from] = node[links[i].to] = true;
    free(links);
    *count = 0;
    for (size_t i = 0; i < g->nevents; i++)
        *count += node[i];
    return node;
}

static size_t large_limit(const nk_dot_options *o)
{
    return o && o->large_graph ? o->large_graph : 400;
}

const char *nk_dot_engine(const nk_graph *g, const nk_dot_options *o)
{
    if (o && o->layout && *o->layout)
        return o->layout;
    size_t nev = 0, nhidden = 0;
    bool *hidden = hidden_events(g, o, &nhidden);
    free(event_nodes(g, hidden, &nev));
    free(hidden);
    return g->nentities + nev > large_limit(o) ? "sfdp" : "dot";
}

/* An edge-form event, for grouping parallel edges. */
typedef struct edge_key {
    size_t actor, target, attributed;
    int kind;
    const char *prefix;
    nk_dot_status status;
    size_t index;
} edge_key;

static int cmp_size(size_t a, size_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_edge_key(const void *pa, const void *pb)
{
    const edge_key *a = pa, *b = pb;
    int c;
    if ((c = cmp_size(a->actor, b->actor)) || (c = cmp_size(a->target, b->target)) ||
        (c = (a->kind > b->kind) - (a->kind < b->kind)) ||
        (c = strcmp(a->prefix, b->prefix)) ||
        (c = cmp_size(a->attributed, b->attributed)) ||
        (c = ((int)a->status > (int)b->status) - ((int)a->status < (int)b->status)))
        return c;
    return cmp_size(a->index, b->index);
}

static bool same_group(const edge_key *a, const edge_key *b)
{
    return a->actor == b->actor && a->target == b->target && a->kind == b->kind &&
           strcmp(a->prefix, b->prefix) == 0 && a->attributed == b->attributed &&
           a->status == b->status;
}

/* ---- emission -------------------------------------------------------------- */

typedef struct syms {
    Agsym_t *n_label, *n_shape, *n_style, *n_fill, *n_color, *n_fontcolor,
        *n_penwidth, *n_tooltip, *n_fontsize, *n_margin;
    Agsym_t *e_label, *e_color, *e_fontcolor, *e_style, *e_penwidth,
        *e_arrowhead, *e_tooltip, *e_fontsize, *e_weight;
    Agsym_t *n_id, *n_class, *e_id, *e_class; /* NULL unless fact_ids */
} syms;

typedef struct builder {
    const nk_graph *g;
    const nk_dot_options *o;
    Agraph_t *ag;
    syms s;
    Agnode_t **ent;
    Agnode_t **evn;
    bool used_class[NCLASSES];
    bool used_kind[NKINDS];
    const char *other_types[3]; /* types outside the ontology, for the legend */
    size_t n_other;
    const bool *hidden;  /* events left out (bare claims) */
    size_t nhidden;
    size_t *ev_start;    /* facts of event i: ev_facts[ev_start[i] .. ev_start[i+1]) */
    size_t *ev_facts;
    size_t serial;       /* next element id (fact_ids) */
    bool counts;         /* "xN" in labels (plain pictures only) */
    nk_buf t;  /* scratch label text */
    nk_buf t2; /* scratch tooltip text */
    nk_buf t3; /* scratch ids */
} builder;

static Agsym_t *declare(Agraph_t *g, int kind, const char *name, const char *dflt)
{
    return agattr(g, kind, gv(name), gv(dflt));
}

static void set(void *obj, Agsym_t *sym, const char *value)
{
    agxset(obj, sym, gv(value));
}

static int io_put(void *chan, const char *str)
{
    nk_buf_puts((nk_buf *)chan, str);
    return 0;
}

static int io_flush(void *chan)
{
    (void)chan;
    return 0;
}

static Agiodisc_t buf_io = {NULL, io_put, io_flush};
static Agdisc_t buf_disc = {&AgMemDisc, &AgIdDisc, &buf_io};

/* Facts of several documents drawn as one graph (a corpus) are captioned
 * by what they hold, "3 articles: a, b, c", not by the first one's id.
 * Facts of one document are contiguous, so runs are counted.  False when
 * there is at most one document. */
static bool corpus_caption(nk_buf *out, const nk_factset *fs)
{
    size_t runs = 0;
    const char *prev = NULL;
    for (size_t i = 0; fs && i < fs->count; i++) {
        const char *d = fs->facts[i].doc;
        if (d && (!prev || strcmp(d, prev) != 0)) {
            runs++;
            prev = d;
        }
    }
    if (runs < 2)
        return false;
    nk_buf_printf(out, "%zu articles: ", runs);
    prev = NULL;
    size_t shown = 0;
    for (size_t i = 0; i < fs->count && shown < 3; i++) {
        const char *d = fs->facts[i].doc;
        if (d && (!prev || strcmp(d, prev) != 0)) {
            nk_buf_printf(out, "%s%s", shown ? ", " : "", d);
            prev = d;
            shown++;
        }
    }
    if (runs > shown)
        nk_buf_puts(out, ", \xe2\x80\xa6"); /* an ellipsis */
    return true;
}

static const char *graph_title(const nk_graph *g, const nk_dot_options *o, nk_buf *tmp)
{
    if (o && o->title && *o->title)
        return o->title;
    const nk_factset *fs = g->facts;
    if (fs && fs->title && *fs->title)
        return fs->title;
    if (corpus_caption(tmp, fs))
        return tmp->data;
    if (fs && fs->doc && *fs->doc)
        return fs->doc;
    if (fs && fs->count && fs->facts[0].doc)
        return fs->facts[0].doc;
    return "newskg";
}

static void declare_all(builder *b, const char *engine, size_t nnodes)
{
    Agraph_t *ag = b->ag;
    const char *font = "DejaVu Sans";
    bool is_dot = strcmp(engine, "dot") == 0;

    declare(ag, AGRAPH, "fontname", font);
    declare(ag, AGRAPH, "fontsize", "20");
    declare(ag, AGRAPH, "labelloc", "t");
    declare(ag, AGRAPH, "bgcolor", "white");
    declare(ag, AGRAPH, "pad", "0.3");
    declare(ag, AGRAPH, "forcelabels", "true");
    declare(ag, AGRAPH, "outputorder", "edgesfirst");
    if (is_dot) {
        declare(ag, AGRAPH, "rankdir", "LR");
        declare(ag, AGRAPH, "nodesep", "0.35");
        declare(ag, AGRAPH, "ranksep", "0.7");
        declare(ag, AGRAPH, "newrank", "true");
        if (nnodes > 150) {
            /* dot's network simplex and crossing minimisation grow fast;
             * these bounds keep big layouts to seconds (dependencies.md). */
            declare(ag, AGRAPH, "nslimit", "1");
            declare(ag, AGRAPH, "mclimit", "0.1");
            declare(ag, AGRAPH, "remincross", "false");
        }
    } else {
        declare(ag, AGRAPH, "overlap", "prism");
        declare(ag, AGRAPH, "splines", nnodes > 300 ? "false" : "true");
        declare(ag, AGRAPH, "sep", "+6");
    }
    nk_buf_clear(&b->t);
    if (b->o && b->o->dpi) {
        nk_buf_printf(&b->t, "%u", b->o->dpi);
        declare(ag, AGRAPH, "dpi", b->t.data);
        nk_buf_clear(&b->t);
    }
    nk_buf caption = {0};
    put_esc(&b->t, graph_title(b->g, b->o, &caption), 0);
    nk_buf_free(&caption);
    declare(ag, AGRAPH, "label", b->t.data);
    nk_buf_clear(&b->t);

    syms *s = &b->s;
    declare(ag, AGNODE, "fontname", font);
    s->n_fontsize = declare(ag, AGNODE, "fontsize", "12");
    s->n_label = declare(ag, AGNODE, "label", "\\N");
    s->n_shape = declare(ag, AGNODE, "shape", "box");
    s->n_style = declare(ag, AGNODE, "style", "filled");
    s->n_fill = declare(ag, AGNODE, "fillcolor", "white");
    s->n_color = declare(ag, AGNODE, "color", "black");
    s->n_fontcolor = declare(ag, AGNODE, "fontcolor", "black");
    s->n_penwidth = declare(ag, AGNODE, "penwidth", "1");
    s->n_tooltip = declare(ag, AGNODE, "tooltip", "");
    s->n_margin = declare(ag, AGNODE, "margin", "0.08,0.04");

    declare(ag, AGEDGE, "fontname", font);
    declare(ag, AGEDGE, "arrowsize", "0.7");
    s->e_fontsize = declare(ag, AGEDGE, "fontsize", "10");
    s->e_label = declare(ag, AGEDGE, "label", "");
    s->e_color = declare(ag, AGEDGE, "color", C_ASSERTED);
    s->e_fontcolor = declare(ag, AGEDGE, "fontcolor", C_ASSERTED);
    s->e_style = declare(ag, AGEDGE, "style", "solid");
    s->e_penwidth = declare(ag, AGEDGE, "penwidth", "1.2");
    s->e_arrowhead = declare(ag, AGEDGE, "arrowhead", "normal");
    s->e_tooltip = declare(ag, AGEDGE, "tooltip", "");
    s->e_weight = declare(ag, AGEDGE, "weight", "1");
    if (b->o && b->o->fact_ids) {
        s->n_id = declare(ag, AGNODE, "id", "");
        s->n_class = declare(ag, AGNODE, "class", "");
        s->e_id = declare(ag, AGEDGE, "id", "");
        s->e_class = declare(ag, AGEDGE, "class", "");
    }
}

/* The facts of every event, from the graph's fact -> event table (a graph
 * made by hand without one gives each event its first fact). */
static void index_facts(builder *b)
{
    const nk_graph *g = b->g;
    size_t nf = g->facts ? g->facts->count : 0;
    b->ev_start = nk_xcalloc(g->nevents + 2, sizeof *b->ev_start);
    b->ev_facts = nk_xcalloc(nf + g->nevents + 1, sizeof *b->ev_facts);
    if (g->fact_event) {
        for (size_t f = 0; f < nf; f++)
            if (g->fact_event[f] < g->nevents)
                b->ev_start[g->fact_event[f] + 1]++;
    } else {
        for (size_t i = 0; i < g->nevents; i++)
            b->ev_start[i + 1] = 1;
    }
    for (size_t i = 0; i < g->nevents; i++)
        b->ev_start[i + 1] += b->ev_start[i];
    size_t *fill = nk_xcalloc(g->nevents + 1, sizeof *fill);
    if (g->fact_event) {
        for (size_t f = 0; f < nf; f++) {
            size_t e = g->fact_event[f];
            if (e < g->nevents)
                b->ev_facts[b->ev_start[e] + fill[e]++] = f;
        }
    } else {
        for (size_t i = 0; i < g->nevents; i++)
            b->ev_facts[b->ev_start[i]] = g->events[i].fact_index;
    }
    free(fill);
}

/* Append " fN" for every fact of event E to OUT. */
static void put_event_facts(const builder *b, nk_buf *out, size_t e)
{
    for (size_t k = b->ev_start[e]; k < b->ev_start[e + 1]; k++)
        nk_buf_printf(out, " f%zu", b->ev_facts[k]);
}

/* With fact_ids: give OBJ (a node when IS_NODE, else an edge) its id and
 * the class listing the facts in b->t3 (" f1 f2 ..."). */
static void tag(builder *b, void *obj, bool is_node, const char *kind)
{
    if (!b->s.n_id)
        return;
    char id[32];
    snprintf(id, sizeof id, "nk-%zu", b->serial++);
    set(obj, is_node ? b->s.n_id : b->s.e_id, id);
    nk_buf cls = {0};
    nk_buf_puts(&cls, kind);
    if (b->t3.len)
        nk_buf_puts(&cls, b->t3.data);
    set(obj, is_node ? b->s.n_class : b->s.e_class, cls.data);
    nk_buf_free(&cls);
}

/* tag() with the facts of events E1 and E2 (NK_NONE: none). */
static void tag_events(builder *b, void *obj, bool is_node, const char *kind, size_t e1,
                       size_t e2)
{
    if (!b->s.n_id)
        return;
    nk_buf_clear(&b->t3);
    if (e1 != NK_NONE)
        put_event_facts(b, &b->t3, e1);
    if (e2 != NK_NONE && e2 != e1)
        put_event_facts(b, &b->t3, e2);
    tag(b, obj, is_node, kind);
}

static void note_other_type(builder *b, const char *type)
{
    size_t shown = b->n_other < 3 ? b->n_other : 3;
    for (size_t i = 0; i < shown; i++)
        if (strcmp(b->other_types[i], type) == 0)
            return;
    if (b->n_other < 3)
        b->other_types[b->n_other] = type;
    b->n_other++;
}

/* Entities that get no node: those named only as the source of attributed
 * events (their name is in the "(per ...)" labels) or only as another's
 * affiliation, whose node would float unconnected, and those taking part
 * only in HIDDEN events.  An entity in no event at all (a graph made by
 * hand) keeps its node. */
static bool *undrawn_entities(const nk_graph *g, const bool *hidden)
{
    enum { PARTICIPANT = 1, SOURCE = 2, HIDDEN = 4 };
    unsigned char *role = nk_xcalloc(g->nentities + 1, 1);
    for (size_t i = 0; i < g->nevents; i++) {
        const nk_gevent *e = &g->events[i];
        if (hidden[i]) {
            size_t who[4] = {e->actor, e->target, e->place, e->attributed_to};
            for (size_t k = 0; k < 4; k++)
                if (valid_ent(g, who[k]))
                    role[who[k]] |= HIDDEN;
            continue;
        }
        size_t who[3] = {e->actor, e->target, e->place};
        for (size_t k = 0; k < 3; k++)
            if (valid_ent(g, who[k]))
                role[who[k]] |= PARTICIPANT;
        if (valid_ent(g, e->attributed_to))
            role[e->attributed_to] |= SOURCE;
    }
    bool *skip = nk_xcalloc(g->nentities + 1, sizeof *skip);
    for (size_t i = 0; i < g->nentities; i++)
        skip[i] = (role[i] && !(role[i] & PARTICIPANT)) ||
                  g->entities[i].roles == NK_ROLE_BIT_AFFILIATION;
    free(role);
    return skip;
}

static void add_entities(builder *b)
{
    const nk_graph *g = b->g;
    bool *skip = undrawn_entities(g, b->hidden);
    for (size_t i = 0; i < g->nentities; i++) {
        if (skip[i])
            continue;
        const nk_gentity *en = &g->entities[i];
        ent_look l = entity_look(en, ent_status(b->o, i));
        Agnode_t *n = agnode(b->ag, gv(en->iri), 1);
        b->ent[i] = n;
        b->used_class[l.cls - CLASS_STYLES] = true;
        if (l.cls == &CLASS_STYLES[NCLASSES - 1] && en->type && *en->type)
            note_other_type(b, en->type);
        nk_buf_clear(&b->t);
        put_esc(&b->t, en->label ? en->label : en->iri, 20);
        set(n, b->s.n_label, b->t.data);
        set(n, b->s.n_shape, l.cls->shape);
        set(n, b->s.n_style, l.cls->style);
        set(n, b->s.n_fill, l.fill);
        set(n, b->s.n_color, l.border);
        set(n, b->s.n_fontcolor, l.fontcolor);
        set(n, b->s.n_penwidth, l.penwidth);
        nk_buf_clear(&b->t);
        put_esc(&b->t, en->type ? en->type : "entity", 0);
        nk_buf_puts(&b->t, ": ");
        put_esc(&b->t, en->iri, 0);
        if (en->wikidata) {
            nk_buf_puts(&b->t, " (wd:");
            put_esc(&b->t, en->wikidata, 0);
            nk_buf_putc(&b->t, ')');
        }
        set(n, b->s.n_tooltip, b->t.data);
        if (b->s.n_id) {
            /* every fact the entity takes part in */
            nk_buf_clear(&b->t3);
            for (size_t k = 0; k < g->nevents; k++) {
                const nk_gevent *e = &g->events[k];
                if (!b->hidden[k] && (e->actor == i || e->target == i || e->place == i ||
                                      e->attributed_to == i))
                    put_event_facts(b, &b->t3, k);
            }
            tag(b, n, true, "nk-entity");
        }
    }
    free(skip);
}

static Agedge_t *edge(builder *b, Agnode_t *t, Agnode_t *h, const char *color,
                      const char *style, const char *penwidth)
{
    Agedge_t *e = agedge(b->ag, t, h, NULL, 1);
    set(e, b->s.e_color, color);
    set(e, b->s.e_fontcolor, color);
    if (strcmp(style, "solid") != 0)
        set(e, b->s.e_style, style);
    if (strcmp(penwidth, "1.2") != 0)
        set(e, b->s.e_penwidth, penwidth);
    return e;
}

static const char *fact_text(const nk_gevent *e)
{
    const nk_fact *f = e->fact;
    if (!f)
        return NULL;
    return f->action_text ? f->action_text : f->sentence_text;
}

static void add_event_nodes(builder *b, const bool *as_node)
{
    const nk_graph *g = b->g;
    for (size_t i = 0; i < g->nevents; i++) {
        if (!as_node[i])
            continue;
        const nk_gevent *e = &g->events[i];
        ev_look l = event_look(e, ev_status(b->o, i));
        Agnode_t *n = agnode(b->ag, gv(e->iri), 1);
        b->evn[i] = n;
        b->used_kind[l.kind] = true;
        b->used_kind[K_ATTRIBUTED] |= valid_ent(g, e->attributed_to);
        nk_buf_clear(&b->t);
        b->used_kind[K_TIMES] |= event_line(&b->t, e, &l, b->counts);
        tag_events(b, n, true, "nk-action", i, NK_NONE);
        if (valid_ent(g, e->attributed_to)) {
            nk_buf_puts(&b->t, "\\n");
            per_line(&b->t, g, e->attributed_to);
        }
        set(n, b->s.n_label, b->t.data);
        set(n, b->s.n_shape, "box");
        nk_buf_clear(&b->t);
        nk_buf_puts(&b->t, "rounded,filled");
        if (strcmp(l.style, "solid") != 0)
            nk_buf_printf(&b->t, ",%s", l.style);
        set(n, b->s.n_style, b->t.data);
        set(n, b->s.n_fill, "#fffbe8");
        set(n, b->s.n_color, l.color);
        set(n, b->s.n_fontcolor, l.color);
        set(n, b->s.n_penwidth, l.penwidth);
        set(n, b->s.n_fontsize, "11");
        nk_buf_clear(&b->t);
        put_esc(&b->t, fact_text(e), 0);
        set(n, b->s.n_tooltip, b->t.data);

        /* actor -> action -> target: both edges point the way it went */
        if (valid_ent(g, e->actor) && b->ent[e->actor])
            tag_events(b, edge(b, b->ent[e->actor], n, l.color, l.style, l.penwidth), false,
                       "nk-actor", i, NK_NONE);
        if (valid_ent(g, e->target) && b->ent[e->target])
            tag_events(b, edge(b, n, b->ent[e->target], l.color, l.style, l.penwidth), false,
                       "nk-target", i, NK_NONE);
        if (valid_ent(g, e->place) && b->ent[e->place]) {
            Agedge_t *ed = edge(b, n, b->ent[e->place], C_PLACE, "dashed", "1");
            set(ed, b->s.e_label, "in");
            set(ed, b->s.e_arrowhead, "odot");
            tag_events(b, ed, false, "nk-place", i, NK_NONE);
            b->used_kind[K_PLACE] = true;
        }
    }
    /* Claims and rejections link event nodes to each other: each event's
     * claims (every claim that says it), then what it rejects */
    size_t nlinks = 0, k = 0;
    nk_glink *says = nk_graph_claims_by_content(g, &nlinks);
    for (size_t i = 0; i < g->nevents; i++) {
        const nk_gevent *e = &g->events[i];
        for (; k < nlinks && says[k].to == i; k++) {
            size_t c = says[k].from;
            if (!b->evn[c] || !b->evn[i])
                continue;
            Agedge_t *ed = edge(b, b->evn[c], b->evn[i], C_ATTRIBUTED, "solid", "1.2");
            set(ed, b->s.e_label, "says");
            set(ed, b->s.e_arrowhead, "vee");
            tag_events(b, ed, false, "nk-says", c, i);
            b->used_kind[K_SAYS] = true;
        }
        if (e->rejects != NK_NONE && e->rejects < g->nevents && b->evn[e->rejects] &&
            b->evn[i]) {
            Agedge_t *ed = edge(b, b->evn[i], b->evn[e->rejects], C_NEGATED,
                                "solid", "1.6");
            set(ed, b->s.e_label, "rejects");
            set(ed, b->s.e_arrowhead, "tee");
            tag_events(b, ed, false, "nk-rejects", i, e->rejects);
            b->used_kind[K_REJECTS] = true;
        }
    }
    free(says);
}

static void add_event_edges(builder *b, const bool *as_node)
{
    const nk_graph *g = b->g;
    edge_key *keys = nk_xcalloc(g->nevents ? g->nevents : 1, sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; i < g->nevents; i++) {
        if (as_node[i] || b->hidden[i] || !b->ent[g->events[i].actor] ||
            !b->ent[g->events[i].target])
            continue;
        const nk_gevent *e = &g->events[i];
        ev_look l = event_look(e, ev_status(b->o, i));
        edge_key k = {e->actor, e->target,
                      valid_ent(g, e->attributed_to) ? e->attributed_to : NK_NONE,
                      l.kind, "", ev_status(b->o, i), i};
        /* Events differing only in modality prefix get separate edges so
         * each edge's line style means one thing. */
        k.prefix = l.kind == K_MODAL ? l.prefix : "";
        keys[n++] = k;
    }
    qsort(keys, n, sizeof *keys, cmp_edge_key);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && same_group(&keys[i], &keys[j]))
            j++;
        const nk_gevent *first = &g->events[keys[i].index];
        ev_look l = event_look(first, keys[i].status);
        nk_buf_clear(&b->t);
        nk_buf_clear(&b->t2);
        for (size_t k = i; k < j; k++) {
            const nk_gevent *e = &g->events[keys[k].index];
            if (k > i)
                nk_buf_puts(&b->t, "\\n");
            if (k - i == MERGE_MAX - 1 && j - i > MERGE_MAX) {
                nk_buf_printf(&b->t, "+%zu more", j - k);
                break;
            }
            ev_look lk = event_look(e, keys[k].status);
            b->used_kind[K_TIMES] |= event_line(&b->t, e, &lk, b->counts);
        }
        nk_buf_clear(&b->t3);
        for (size_t k = i; k < j; k++)
            put_event_facts(b, &b->t3, keys[k].index);
        for (size_t k = i; k < j; k++) {
            const char *txt = fact_text(&g->events[keys[k].index]);
            if (!txt)
                continue;
            if (b->t2.len)
                nk_buf_puts(&b->t2, "; ");
            put_esc(&b->t2, txt, 0);
        }
        if (keys[i].attributed != NK_NONE) {
            nk_buf_puts(&b->t, "\\n");
            per_line(&b->t, g, keys[i].attributed);
        }
        Agedge_t *ed = edge(b, b->ent[first->actor], b->ent[first->target], l.color,
                            l.style, l.penwidth);
        tag(b, ed, false, "nk-action");
        set(ed, b->s.e_label, b->t.data);
        if (b->t2.len)
            set(ed, b->s.e_tooltip, b->t2.data);
        b->used_kind[l.kind] = true;
        b->used_kind[K_ATTRIBUTED] |= keys[i].attributed != NK_NONE;
        i = j;
    }
    free(keys);
}

/* The legend: one HTML-like table node listing the classes and line kinds
 * that occur in this picture. */
static void add_legend(builder *b)
{
    static const struct { const char *line, *color, *text; } KINDS[NKINDS] = {
        [K_ASSERTED] = {"\xe2\x94\x81\xe2\x94\x81\xe2\x96\xb6", C_ASSERTED, "action"},
        [K_NEGATED] = {"\xe2\x95\x8c\xe2\x95\x8c\xe2\x96\xb6", C_NEGATED, "NOT: negated"},
        [K_MODAL] = {"\xe2\x94\x88\xe2\x94\x88\xe2\x96\xb6", C_MODAL,
                     "would, may, plans to, urged to \xe2\x80\xa6: not asserted"},
        [K_ATTRIBUTED] = {"\xe2\x94\x81\xe2\x94\x81\xe2\x96\xb6", C_ATTRIBUTED,
                          "(per X): attributed"},
        [K_SAYS] = {"\xe2\x94\x81\xe2\x94\x81\xe2\x96\xb6", C_ATTRIBUTED,
                    "says: content of a claim"},
        [K_REJECTS] = {"\xe2\x94\x81\xe2\x94\x81\xe2\x94\xa4", C_NEGATED,
                       "rejects an accusation"},
        [K_PLACE] = {"\xe2\x95\x8c\xe2\x95\x8c\xe2\x97\x8b", C_PLACE, "in: place"},
        [K_TIMES] = {"\xc3\x97N", C_ASSERTED, "stated N times in the article"},
    };
    nk_buf *t = &b->t;
    nk_buf_clear(t);
    nk_buf_puts(t, "<table border=\"1\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"2\""
                   " color=\"#9e9e9e\" bgcolor=\"#fafafa\">"
                   "<tr><td colspan=\"2\" align=\"left\"><b>Legend</b></td></tr>");
    for (size_t i = 0; i < NCLASSES; i++) {
        if (!b->used_class[i])
            continue;
        const class_style *c = &CLASS_STYLES[i];
        nk_buf_printf(t, "<tr><td bgcolor=\"%s\" border=\"1\" color=\"%s\" sides=\"ltrb\""
                         " width=\"36\">", c->fill, c->border);
        nk_buf_puts(t, c->shape);
        nk_buf_puts(t, "</td><td align=\"left\">");
        if (i + 1 < NCLASSES || !b->n_other) {
            put_xml(t, i + 1 < NCLASSES ? c->type : "no type");
        } else {
            /* Types outside the ontology, named (user data: escaped). */
            nk_buf_puts(t, "other: ");
            for (size_t k = 0; k < b->n_other && k < 3; k++) {
                if (k)
                    nk_buf_puts(t, ", ");
                put_xml(t, b->other_types[k]);
            }
            if (b->n_other > 3)
                nk_buf_puts(t, ", \xe2\x80\xa6");
        }
        nk_buf_puts(t, "</td></tr>");
    }
    for (int k = 0; k < NKINDS; k++) {
        if (!b->used_kind[k])
            continue;
        nk_buf_printf(t, "<tr><td><font color=\"%s\">%s</font></td>"
                         "<td align=\"left\"><font color=\"%s\">",
                      KINDS[k].color, KINDS[k].line, KINDS[k].color);
        put_xml(t, KINDS[k].text);
        nk_buf_puts(t, "</font></td></tr>");
    }
    if (b->o && (b->o->event_status || b->o->entity_status))
        nk_buf_puts(t, "<tr><td><font color=\"#1b8a2f\">+</font></td><td align=\"left\">"
                       "<font color=\"#1b8a2f\">added</font></td></tr>"
                       "<tr><td><font color=\"#a0a0a0\">&#8722;</font></td><td align=\"left\">"
                       "<font color=\"#a0a0a0\">removed</font></td></tr>"
                       "<tr><td><font color=\"#e07000\">~</font></td><td align=\"left\">"
                       "<font color=\"#e07000\">changed</font></td></tr>");
    if (b->nhidden)
        nk_buf_printf(t, "<tr><td colspan=\"2\" align=\"left\"><font color=\"#757575\">"
                         "%zu statement%s without content (\xe2\x80\x9cX said\xe2\x80\x9d)"
                         " not drawn</font></td></tr>",
                      b->nhidden, b->nhidden == 1 ? "" : "s");
    nk_buf_puts(t, "</table>");
    Agnode_t *n = agnode(b->ag, gv("newskg:legend"), 1);
    char *html = agstrdup_html(b->ag, t->data);
    agxset(n, b->s.n_label, html);
    agstrfree(b->ag, html);
    set(n, b->s.n_shape, "plaintext");
    set(n, b->s.n_style, "");
    set(n, b->s.n_margin, "0");
    set(n, b->s.n_fontsize, "10");
    if (b->s.n_id) {
        nk_buf_clear(&b->t3);
        tag(b, n, true, "nk-legend");
    }
}

/* ---- packing components ---------------------------------------------------
 *
 * dot stacks the connected components of a left-to-right graph one under
 * another: a story of twenty small components becomes a tall strip.  (Its
 * own `pack` loses every edge label in Graphviz 2.43.)  So the components
 * are packed in columns here: each is measured roughly (ranks from the
 * longest path, label lengths), the widest first, columns are filled to the
 * height that makes the picture about 1.6 times as wide as tall, and every
 * component of a column hangs by an invisible edge (weight 0) from a node of
 * the last rank of the component of the column before that spans the most
 * ranks, which puts the column to the right of it. */

#define PACK_ASPECT 1.6
#define CHAR_W 6.5      /* points per label character at font size 11-12 */
#define NODE_PAD 34.0   /* node margins and border */
#define RANK_GAP 50.0   /* ranksep */
#define NODE_H 62.0     /* node height plus nodesep */

typedef struct pack_node {
    size_t comp;        /* union-find parent, then component root */
    size_t rank;
    size_t width;       /* label characters */
} pack_node;

typedef struct pack_comp {
    size_t root, first; /* root node, first node in creation order */
    size_t ranks, tall, lo, hi;
    size_t edge_chars;  /* longest edge label */
    Agnode_t *source, *sink;
    double w, h;
    size_t nodes;
} pack_comp;

static size_t uf_find(pack_node *p, size_t x)
{
    while (p[x].comp != x) {
        p[x].comp = p[p[x].comp].comp;
        x = p[x].comp;
    }
    return x;
}

static size_t node_index(Agnode_t **nodes, size_t n, Agnode_t *v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (AGSEQ(nodes[mid]) < AGSEQ(v))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The longest line of a label, in characters (UTF-8 aware; "\n" breaks). */
static size_t label_chars(const char *s)
{
    size_t best = 0, cur = 0;
    if (!s || *s == '<')
        return s && *s ? 30 : 0;
    for (; *s; s++) {
        if (s[0] == '\\' && (s[1] == 'n' || s[1] == 'l' || s[1] == 'r')) {
            cur = 0;
            s++;
            continue;
        }
        if (((unsigned char)*s & 0xC0) != 0x80)
            cur++;
        if (cur > best)
            best = cur;
    }
    return best;
}

static int cmp_comp(const void *pa, const void *pb)
{
    const pack_comp *a = pa, *b = pb;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return cmp_size(a->first, b->first);
}

static void pack_columns(builder *b)
{
    Agraph_t *ag = b->ag;
    size_t n = (size_t)agnnodes(ag);
    if (n < 3)
        return;
    Agnode_t **nodes = nk_xcalloc(n, sizeof *nodes);
    pack_node *p = nk_xcalloc(n, sizeof *p);
    size_t i = 0, legend = NK_NONE;
    for (Agnode_t *v = agfstnode(ag); v && i < n; v = agnxtnode(ag, v), i++) {
        nodes[i] = v;
        p[i].comp = i;
        p[i].width = label_chars(agxget(v, b->s.n_label));
        if (strcmp(agnameof(v), "newskg:legend") == 0)
            legend = i;
    }
    n = i;
    /* components (union-find over the edges) */
    for (i = 0; i < n; i++)
        for (Agedge_t *e = agfstout(ag, nodes[i]); e; e = agnxtout(ag, e)) {
            size_t h = node_index(nodes, n, aghead(e));
            size_t ra = uf_find(p, i), rb = uf_find(p, h);
            if (ra != rb)
                p[ra > rb ? ra : rb].comp = ra < rb ? ra : rb;
        }
    /* ranks: longest paths in topological order; a cycle is broken at the
     * node with the fewest edges left into it (as dot reverses an edge) */
    size_t *indeg = nk_xcalloc(n, sizeof *indeg), *queue = nk_xcalloc(n, sizeof *queue);
    bool *done = nk_xcalloc(n, sizeof *done);
    for (i = 0; i < n; i++)
        for (Agedge_t *e = agfstout(ag, nodes[i]); e; e = agnxtout(ag, e)) {
            size_t h = node_index(nodes, n, aghead(e));
            if (h != i)
                indeg[h]++;
        }
    size_t qh = 0, qt = 0, ndone = 0;
    for (i = 0; i < n; i++)
        if (indeg[i] == 0)
            queue[qt++] = i;
    while (ndone < n) {
        if (qh == qt) {
            size_t pick = NK_NONE;
            for (i = 0; i < n; i++)
                if (!done[i] && (pick == NK_NONE || indeg[i] < indeg[pick]))
                    pick = i;
            indeg[pick] = 0;
            queue[qt++] = pick;
        }
        size_t v = queue[qh++];
        if (done[v])
            continue;
        done[v] = true;
        ndone++;
        for (Agedge_t *e = agfstout(ag, nodes[v]); e; e = agnxtout(ag, e)) {
            size_t h = node_index(nodes, n, aghead(e));
            if (h == v || done[h])
                continue;
            if (p[h].rank < p[v].rank + 1)
                p[h].rank = p[v].rank + 1;
            if (indeg[h] && --indeg[h] == 0)
                queue[qt++] = h;
        }
    }
    free(indeg);
    free(queue);
    free(done);
    /* measure each component */
    pack_comp *c = nk_xcalloc(n, sizeof *c);
    size_t *comp_of = nk_xcalloc(n, sizeof *comp_of);
    size_t nc = 0;
    for (i = 0; i < n; i++) {
        size_t r = uf_find(p, i);
        size_t k = 0;
        while (k < nc && c[k].root != r)
            k++;
        if (k == nc) {
            c[nc].root = r;
            c[nc].first = i;
            c[nc].lo = c[nc].hi = p[i].rank;
            c[nc].source = c[nc].sink = nodes[i];
            nc++;
        }
        comp_of[i] = k;
        c[k].nodes++;
        if (p[i].rank < c[k].lo) {
            c[k].lo = p[i].rank;
            c[k].source = nodes[i];
        }
        if (p[i].rank > c[k].hi) {
            c[k].hi = p[i].rank;
            c[k].sink = nodes[i];
        }
        for (Agedge_t *e = agfstout(ag, nodes[i]); e; e = agnxtout(ag, e)) {
            size_t w = label_chars(agxget(e, b->s.e_label));
            if (w > c[k].edge_chars)
                c[k].edge_chars = w;
        }
    }
    if (nc < 3) {
        free(c);
        free(comp_of);
        free(p);
        free(nodes);
        return;
    }
    for (size_t k = 0; k < nc; k++) {
        size_t span = c[k].hi - c[k].lo + 1;
        size_t *per_rank = nk_xcalloc(span, sizeof *per_rank);
        size_t *rank_w = nk_xcalloc(span, sizeof *rank_w);
        for (i = 0; i < n; i++) {
            if (comp_of[i] != k)
                continue;
            size_t r = p[i].rank - c[k].lo;
            per_rank[r]++;
            if (p[i].width > rank_w[r])
                rank_w[r] = p[i].width;
        }
        double w = 0;
        size_t tall = 1;
        for (size_t r = 0; r < span; r++) {
            w += (double)rank_w[r] * CHAR_W + NODE_PAD;
            if (per_rank[r] > tall)
                tall = per_rank[r];
        }
        w += (double)(span - 1) * (RANK_GAP + (double)c[k].edge_chars * CHAR_W);
        c[k].w = w;
        c[k].h = (double)tall * NODE_H;
        if (c[k].first == legend) {
            c[k].w = 280;
            c[k].h = 220;
        }
        free(per_rank);
        free(rank_w);
    }
    /* the legend first, then the widest components first */
    for (size_t k = 0; k < nc; k++)
        if (c[k].first == legend) {
            c[k].w = 1e9;
            c[k].h = 220;
        }
    qsort(c, nc, sizeof *c, cmp_comp);
    for (size_t k = 0; k < nc; k++)
        if (c[k].first == legend)
            c[k].w = 280;
    /* the column height whose packing comes closest to the aspect wanted */
    double tallest = 0, total = 0;
    for (size_t k = 0; k < nc; k++) {
        tallest = c[k].h > tallest ? c[k].h : tallest;
        total += c[k].h;
    }
    double col_h = tallest, best = -1;
    for (int step = 0; step <= 400; step++) {
        double cand = tallest * (1.0 + 0.05 * step);
        double used = 0, width = 0, height = 0, col_w = 0;
        for (size_t k = 0; k < nc; k++) {
            if (k > 0 && used + c[k].h <= cand) {
                used += c[k].h;
                col_w = c[k].w > col_w ? c[k].w : col_w;
            } else {
                width += col_w + (k ? RANK_GAP : 0);
                used = c[k].h;
                col_w = c[k].w;
            }
            height = used > height ? used : height;
        }
        width += col_w;
        double miss = fabs(log(width / height / PACK_ASPECT));
        if (best < 0 || miss < best - 1e-9) {
            best = miss;
            col_h = cand;
        }
        if (cand >= total) /* one column already: taller ones change nothing */
            break;
    }
    /* every component of a column hangs, invisibly, from the last rank of
     * the longest component of the column before; those of the first column
     * from an invisible point left of them, so that all is one component */
    double used = 0, col_w = -1;
    Agnode_t *anchor = NULL, *next_anchor = NULL;
    if (col_h < total) {
        anchor = agnode(ag, gv("newskg:pack"), 1);
        set(anchor, b->s.n_shape, "point");
        set(anchor, b->s.n_style, "invis");
        set(anchor, b->s.n_label, "");
        agsafeset(anchor, gv("width"), gv("0.01"), gv(""));
        agsafeset(anchor, gv("height"), gv("0.01"), gv(""));
    }
    for (size_t k = 0; k < nc; k++) {
        if (k > 0 && used + c[k].h > col_h) {
            anchor = next_anchor;
            used = 0;
            col_w = -1;
        }
        used += c[k].h;
        /* the column ends with the component spanning the most ranks */
        double reach = (double)(c[k].hi - c[k].lo) * 1e6 + c[k].w;
        if (reach > col_w) {
            col_w = reach;
            next_anchor = c[k].sink;
        }
        if (anchor) {
            Agedge_t *e = agedge(ag, anchor, c[k].source, NULL, 1);
            set(e, b->s.e_style, "invis");
            set(e, b->s.e_weight, "0");
            set(e, b->s.e_arrowhead, "none");
        }
    }
    free(c);
    free(comp_of);
    free(p);
    free(nodes);
}

/* Build the cgraph graph for G (caller holds the lock and agcloses it). */
static Agraph_t *build(const nk_graph *g, const nk_dot_options *o, const char *engine)
{
    builder b = {0};
    b.g = g;
    b.o = o;
    b.counts = !(o && (o->event_status || o->entity_status));
    size_t nev = 0;
    bool *hidden = hidden_events(g, o, &b.nhidden);
    b.hidden = hidden;
    bool *as_node = event_nodes(g, hidden, &nev);
    b.ag = agopen(gv("newskg"), Agdirected, &buf_disc);
    declare_all(&b, engine, g->nentities + nev);
    index_facts(&b);
    b.ent = nk_xcalloc(g->nentities + 1, sizeof *b.ent);
    b.evn = nk_xcalloc(g->nevents + 1, sizeof *b.evn);
    add_entities(&b);
    add_event_nodes(&b, as_node);
    add_event_edges(&b, as_node);
    if (!(o && o->no_legend))
        add_legend(&b);
    if (strcmp(engine, "dot") == 0)
        pack_columns(&b);
    free(hidden);
    free(as_node);
    free(b.ent);
    free(b.evn);
    free(b.ev_start);
    free(b.ev_facts);
    nk_buf_free(&b.t);
    nk_buf_free(&b.t2);
    nk_buf_free(&b.t3);
    return b.ag;
}

/* ---- public API -------------------------------------------------------------- */

int nk_dot_write(const nk_graph *g, const nk_dot_options *o, nk_buf *out,
                 nk_diag_sink *sink)
{
    nk_buf errs = {0};
    pthread_mutex_lock(&dot_lock);
    dot_errors = &errs;
    agusererrf old = agseterrf(capture_agerr);
    int rc = NK_OK;
    Agraph_t *ag = build(g, o, nk_dot_engine(g, o));
    if (agwrite(ag, out) != 0)
        rc = NK_ERR_EXTERNAL;
    agclose(ag);
    agseterrf(old);
    dot_errors = NULL;
    pthread_mutex_unlock(&dot_lock);
    if (flush_agerr(&errs, sink) && rc == NK_OK)
        rc = NK_ERR_EXTERNAL;
    if (rc != NK_OK)
        nk_diag_report(sink, NK_ERROR, "graphviz", 0, 0, SIZE_MAX,
                       "could not write the graph as DOT");
    nk_buf_free(&errs);
    return rc;
}

static bool known_format(const char *f)
{
    return strcmp(f, "png") == 0 || strcmp(f, "svg") == 0 || strcmp(f, "pdf") == 0;
}

#define CAIRO_MAX_PX 32767.0

/* Lay out and render under the lock.  With FALLBACK, a PNG too large for
 * Cairo is rendered as SVG and *fell_back is set. */
static int render_locked(const nk_graph *g, const nk_dot_options *o, const char *format,
                         bool fallback, bool *fell_back, char **out, size_t *len,
                         nk_diag_sink *sink)
{
    const char *engine = nk_dot_engine(g, o);
    nk_buf errs = {0};
    int rc = NK_OK;
    *out = NULL;
    *len = 0;
    pthread_mutex_lock(&dot_lock);
    if (dot_shut) {
        pthread_mutex_unlock(&dot_lock);
        nk_diag_report(sink, NK_ERROR, "graphviz", 0, 0, SIZE_MAX,
                       "cannot render: nk_dot_shutdown has freed the Graphviz context");
        return NK_ERR_EXTERNAL;
    }
    dot_errors = &errs;
    agusererrf old = agseterrf(capture_agerr);
    if (!dot_gvc)
        dot_gvc = gvContext();
    Agraph_t *ag = build(g, o, engine);
    if (gvLayout(dot_gvc, ag, engine) != 0) {
        agclose(ag);
        agseterrf(old);
        dot_errors = NULL;
        pthread_mutex_unlock(&dot_lock);
        flush_agerr(&errs, sink);
        nk_diag_report(sink, NK_ERROR, "graphviz", 0, 0, SIZE_MAX,
                       "layout engine '%s' failed or is not installed%s", engine,
                       strcmp(engine, "dot") == 0
                           ? " (if Graphviz's plugins are not registered, run `dot -c` as root)"
                           : "");
        nk_buf_free(&errs);
        return NK_ERR_UNSUPPORTED;
    }
    if (strcmp(format, "png") == 0) {
        double dpi = o && o->dpi ? o->dpi : 96.0;
        boxf bb = GD_bb(ag);
        double w = (bb.UR.x - bb.LL.x + 2 * 0.3 * 72) * dpi / 72.0;
        double h = (bb.UR.y - bb.LL.y + 2 * 0.3 * 72) * dpi / 72.0;
        if ((w > CAIRO_MAX_PX || h > CAIRO_MAX_PX) && fallback) {
            nk_diag_report(sink, NK_WARNING, NULL, 0, 0, SIZE_MAX,
                           "a PNG would be %.0fx%.0f pixels, over Cairo's limit of 32767: "
                           "writing SVG instead", w, h);
            format = "svg";
            *fell_back = true;
        }
    }
    char *data = NULL;
    unsigned int n = 0;
    if (gvRenderData(dot_gvc, ag, format, &data, &n) != 0 || !data) {
        rc = NK_ERR_EXTERNAL;
    } else {
        *out = nk_xmalloc(n + 1u);
        memcpy(*out, data, n);
        (*out)[n] = '\0';
        *len = n;
    }
    if (data)
        gvFreeRenderData(data);
    gvFreeLayout(dot_gvc, ag);
    agclose(ag);
    agseterrf(old);
    dot_errors = NULL;
    pthread_mutex_unlock(&dot_lock);
    /* A malformed HTML label leaves rendering "successful": errors captured
     * from agerr decide. */
    if (flush_agerr(&errs, sink) && rc == NK_OK)
        rc = NK_ERR_EXTERNAL;
    nk_buf_free(&errs);
    if (rc != NK_OK) {
        nk_diag_report(sink, NK_ERROR, "graphviz", 0, 0, SIZE_MAX,
                       "could not render the graph as %s", format);
        free(*out);
        *out = NULL;
        *len = 0;
    }
    return rc;
}

int nk_dot_render_data(const nk_graph *g, const nk_dot_options *o, const char *format,
                       char **out, size_t *len, nk_diag_sink *sink)
{
    bool fell = false;
    if (!format || !known_format(format)) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "unknown picture format '%s' (use png, svg or pdf)",
                       format ? format : "");
        return NK_ERR_UNSUPPORTED;
    }
    return render_locked(g, o, format, false, &fell, out, len, sink);
}

int nk_dot_render(const nk_graph *g, const nk_dot_options *o, const char *format,
                  const char *dest, char **result_path, nk_diag_sink *sink)
{
    if (result_path)
        *result_path = NULL;
    if (!dest)
        dest = "-";
    if (!format || !*format)
        format = nk_path_ext(dest);
    if (!known_format(format)) {
        nk_diag_report(sink, NK_ERROR, dest, 0, 0, SIZE_MAX,
                       "unknown picture format '%s' (use png, svg or pdf)", format);
        return NK_ERR_UNSUPPORTED;
    }
    char *data = NULL;
    size_t len = 0;
    bool fell = false;
    NK_TRY(render_locked(g, o, format, true, &fell, &data, &len, sink));
    char *target = NULL;
    if (fell && strcmp(dest, "-") != 0) {
        const char *ext = nk_path_ext(dest);
        size_t stem = strlen(dest) - (*ext ? strlen(ext) + 1 : 0);
        target = nk_xmalloc(stem + 5);
        memcpy(target, dest, stem);
        memcpy(target + stem, ".svg", 5);
        nk_diag_report(sink, NK_WARNING, target, 0, 0, SIZE_MAX, "written as SVG");
    } else {
        target = nk_xstrdup(dest);
    }
    int rc = nk_file_write_atomic(target, data, len, sink);
    free(data);
    if (rc == NK_OK && result_path)
        *result_path = target;
    else
        free(target);
    return rc;
}

void nk_dot_shutdown(void)
{
    pthread_mutex_lock(&dot_lock);
    if (dot_gvc)
        gvFreeContext(dot_gvc);
    dot_gvc = NULL;
    dot_shut = true;
    pthread_mutex_unlock(&dot_lock);
}
