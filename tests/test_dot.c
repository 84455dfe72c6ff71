/* Unit tests for dot.c: DOT text, styles, escaping, rendering, big graphs.
 * Graphs are built by hand so these tests depend on nothing but dot.c; the
 * DOT text is checked by reading it back with cgraph's agmemread. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gvc.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dot.h"
#include "facts_jsonl.h"

/* ---- a hand-made graph ------------------------------------------------------ */

typedef struct fixture {
    nk_factset *fs;
    nk_graph g;
} fixture;

static size_t add_ent(fixture *x, const char *label, const char *type)
{
    nk_graph *g = &x->g;
    nk_gentity *e = &g->entities[g->nentities];
    e->label = nk_arena_strdup(g->arena, label);
    e->type = type ? nk_arena_strdup(g->arena, type) : NULL;
    e->iri = nk_arena_printf(g->arena, "https://w3id.org/newskg/id/e%zu", g->nentities);
    e->mentions = 1;
    return g->nentities++;
}

static size_t add_ev(fixture *x, size_t actor, const char *lemma, size_t target,
                     size_t place)
{
    nk_graph *g = &x->g;
    nk_fact *f = nk_factset_add(x->fs);
    f->lemma = nk_factset_str(x->fs, lemma);
    f->action_text = f->lemma;
    f->sentence = 1;
    nk_gevent *e = &g->events[g->nevents];
    memset(e, 0, sizeof *e);
    e->iri = nk_arena_printf(g->arena, "https://w3id.org/newskg/id/ev%zu", g->nevents);
    e->fact_index = x->fs->count - 1;
    e->actor = actor;
    e->target = target;
    e->place = place;
    e->attributed_to = e->content_of = e->rejects = NK_NONE;
    e->occurrences = 1;
    return g->nevents++;
}

/* Facts move when the factset grows: point events at them at the end. */
static void fix_facts(fixture *x)
{
    for (size_t i = 0; i < x->g.nevents; i++)
        x->g.events[i].fact = &x->fs->facts[x->g.events[i].fact_index];
}

static void fixture_init(fixture *x, size_t max_ents, size_t max_events)
{
    memset(x, 0, sizeof *x);
    x->fs = nk_factset_new();
    x->g.facts = x->fs;
    x->g.arena = nk_arena_new();
    x->g.entities = nk_arena_alloc(x->g.arena, sizeof(nk_gentity) * (max_ents + 1));
    x->g.events = nk_arena_alloc(x->g.arena, sizeof(nk_gevent) * (max_events + 1));
}

static void fixture_done(fixture *x)
{
    nk_arena_free(x->g.arena);
    nk_factset_free(x->fs);
}

enum { RUSSIA, DIPLOMATS, UK, CONFLICT, STARMER, PUTIN, MOSCOW, UKRAINE };

/* The story of the seed article in miniature. */
static void story(fixture *x)
{
    fixture_init(x, 16, 16);
    add_ent(x, "Russia", "Country");
    add_ent(x, "six British diplomats", "Group");
    add_ent(x, "United Kingdom", "Country");
    add_ent(x, "conflict with Russia", "Group");
    add_ent(x, "Keir Starmer", "Person");
    add_ent(x, "Vladimir Putin", "Person");
    add_ent(x, "Moscow", "Location");
    add_ent(x, "Ukraine", "Country");
    add_ev(x, RUSSIA, "expel", DIPLOMATS, NK_NONE);       /* 0: merged with 1 */
    add_ev(x, RUSSIA, "accuse", DIPLOMATS, NK_NONE);      /* 1 */
    add_ev(x, UK, "seek", CONFLICT, NK_NONE);             /* 2: negated, per Starmer */
    add_ev(x, PUTIN, "warn", NK_NONE, NK_NONE);           /* 3: event node */
    add_ev(x, RUSSIA, "invade", UKRAINE, NK_NONE);        /* 4: attributed */
    add_ev(x, STARMER, "meet", PUTIN, MOSCOW);            /* 5: three participants */
    add_ev(x, RUSSIA, "attack", UKRAINE, NK_NONE);        /* 6: hypothetical */
    fix_facts(x);
    x->fs->facts[2].negated = true;
    x->g.events[2].attributed_to = STARMER;
    x->g.events[4].attributed_to = STARMER;
    x->fs->facts[6].modality = NK_MOD_HYPOTHETICAL;
    x->fs->facts[0].time = nk_factset_str(x->fs, "2024-09-13");
    x->fs->title = nk_factset_str(x->fs, "Russia expels six British diplomats");
}

static Agraph_t *write_and_read(const nk_graph *g, const nk_dot_options *o)
{
    nk_buf b = {0};
    nk_diag_sink sink = {0};
    assert_int_equal(nk_dot_write(g, o, &b, &sink), NK_OK);
    assert_int_equal(sink.errors, 0);
    Agraph_t *ag = agmemread(b.data);
    assert_non_null(ag);
    nk_buf_free(&b);
    return ag;
}

static char *attr(void *obj, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "%s", name);
    char *v = agget(obj, key);
    return v ? v : (char *)(uintptr_t)""; /* "" when undeclared */
}

static Agnode_t *node(Agraph_t *ag, const char *name)
{
    char key[256];
    snprintf(key, sizeof key, "%s", name);
    return agnode(ag, key, 0);
}

/* The edge from entity/event T to H whose label contains TEXT, or NULL. */
static Agedge_t *edge_with(Agraph_t *ag, const char *t, const char *h, const char *text)
{
    Agnode_t *tn = node(ag, t), *hn = node(ag, h);
    if (!tn || !hn)
        return NULL;
    for (Agedge_t *e = agfstout(ag, tn); e; e = agnxtout(ag, e))
        if (aghead(e) == hn && strstr(attr(e, "label"), text))
            return e;
    return NULL;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_dot_structure(void **state)
{
    (void)state;
    fixture x;
    story(&x);
    const nk_graph *g = &x.g;
    Agraph_t *ag = write_and_read(g, NULL);

    /* A node per entity, named by IRI, labelled by name. */
    for (size_t i = 0; i < g->nentities; i++) {
        Agnode_t *n = node(ag, g->entities[i].iri);
        assert_non_null(n);
    }
    assert_string_equal(attr(node(ag, g->entities[STARMER].iri), "label"), "Keir Starmer");
    /* Classes are drawn distinctly. */
    assert_string_not_equal(attr(node(ag, g->entities[STARMER].iri), "shape"),
                            attr(node(ag, g->entities[RUSSIA].iri), "shape"));
    assert_string_not_equal(attr(node(ag, g->entities[MOSCOW].iri), "fillcolor"),
                            attr(node(ag, g->entities[DIPLOMATS].iri), "fillcolor"));

    /* Parallel edges merge into one with a multi-line label. */
    Agedge_t *e = edge_with(ag, g->entities[RUSSIA].iri, g->entities[DIPLOMATS].iri, "expel");
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "expel (2024-09-13)\\naccuse");

    /* Negated: dashed, red, NOT, with the attribution. */
    e = edge_with(ag, g->entities[UK].iri, g->entities[CONFLICT].iri, "seek");
    assert_non_null(e);
    assert_string_equal(attr(e, "style"), "dashed");
    assert_string_equal(attr(e, "label"), "NOT seek\\n(per Keir Starmer)");
    assert_string_equal(attr(e, "color"), "#c62828");

    /* Attributed and hypothetical edges between the same nodes stay apart. */
    e = edge_with(ag, g->entities[RUSSIA].iri, g->entities[UKRAINE].iri, "invade");
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "invade\\n(per Keir Starmer)");
    assert_string_not_equal(attr(e, "color"), "#37474f");
    e = edge_with(ag, g->entities[RUSSIA].iri, g->entities[UKRAINE].iri, "attack");
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "may attack");
    assert_string_equal(attr(e, "style"), "dotted");

    /* Event nodes: no target, or three participants. */
    Agnode_t *warn = node(ag, g->events[3].iri);
    assert_non_null(warn);
    assert_string_equal(attr(warn, "label"), "warn");
    assert_non_null(agedge(ag, node(ag, g->entities[PUTIN].iri), warn, NULL, 0));
    Agnode_t *meet = node(ag, g->events[5].iri);
    assert_non_null(meet);
    assert_non_null(agedge(ag, meet, node(ag, g->entities[MOSCOW].iri), NULL, 0));
    assert_non_null(agedge(ag, meet, node(ag, g->entities[PUTIN].iri), NULL, 0));
    assert_null(node(ag, g->events[0].iri)); /* edges are not nodes */

    /* Entities + 2 event nodes + the legend (+ the invisible point the
     * packed columns hang from). */
    assert_int_equal(agnnodes(ag), (int)g->nentities + 2 + 1 + (node(ag, "newskg:pack") != NULL));

    /* Legend (an HTML table) and title. */
    Agnode_t *legend = node(ag, "newskg:legend");
    assert_non_null(legend);
    assert_true(aghtmlstr(attr(legend, "label")));
    assert_non_null(strstr(attr(legend, "label"), "Legend"));
    assert_non_null(strstr(attr(legend, "label"), "NOT"));
    assert_string_equal(attr(ag, "label"), "Russia expels six British diplomats");
    agclose(ag);

    /* Options: explicit title, no legend. */
    nk_dot_options o = NK_DOT_OPTIONS_INIT;
    o.title = "My title";
    o.no_legend = true;
    ag = write_and_read(g, &o);
    assert_null(node(ag, "newskg:legend"));
    assert_string_equal(attr(ag, "label"), "My title");
    agclose(ag);
    fixture_done(&x);
}

static void test_dot_title_fallback(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 2, 1);
    add_ent(&x, "A", NULL);
    add_ent(&x, "B", "Organization");
    add_ev(&x, 0, "hit", 1, NK_NONE);
    fix_facts(&x);
    x.fs->facts[0].doc = nk_factset_str(x.fs, "dev-07");
    Agraph_t *ag = write_and_read(&x.g, NULL);
    assert_string_equal(attr(ag, "label"), "dev-07");
    agclose(ag);
    fixture_done(&x);
}

static void test_dot_claims(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 4, 4);
    add_ent(&x, "FSB", "Organization");
    add_ent(&x, "United Kingdom", "Country");
    add_ent(&x, "Foreign Office", "Organization");
    add_ent(&x, "officials", "Group");
    add_ev(&x, 0, "claim", NK_NONE, NK_NONE);
    add_ev(&x, 1, "fund", 0, NK_NONE);
    add_ev(&x, 2, "dismiss", NK_NONE, NK_NONE);
    fix_facts(&x);
    x.g.events[1].content_of = 0;
    x.g.events[2].rejects = 1;
    x.g.events[0].attributed_to = 3;
    Agraph_t *ag = write_and_read(&x.g, NULL);
    /* Only a source of attribution: named in labels, no node. */
    assert_null(node(ag, x.g.entities[3].iri));
    assert_string_equal(attr(node(ag, x.g.events[0].iri), "label"), "claim\\n(per officials)");
    /* The content and the rejected accusation are event nodes, linked. */
    Agnode_t *claim = node(ag, x.g.events[0].iri), *content = node(ag, x.g.events[1].iri),
             *dismiss = node(ag, x.g.events[2].iri);
    assert_non_null(claim);
    assert_non_null(content);
    assert_non_null(dismiss);
    Agedge_t *e = agedge(ag, claim, content, NULL, 0);
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "says");
    e = agedge(ag, dismiss, content, NULL, 0);
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "rejects");
    agclose(ag);
    fixture_done(&x);
}

/* An event two claims say has a "says" edge from each. */
static void test_dot_claims_say_one_thing(void **state)
{
    (void)state;
    const char *file = "tests/data/rdf/claims-one-span.jsonl";
    char *text = NULL;
    size_t len = 0;
    nk_factset *set = NULL;
    nk_graph *g = NULL;
    assert_int_equal(nk_file_read(file, &text, &len, NULL), NK_OK);
    assert_int_equal(nk_facts_read_jsonl(&set, text, len, file, NULL), NK_OK);
    nk_graph_options go = NK_GRAPH_OPTIONS_INIT;
    assert_int_equal(nk_graph_build(&g, set, &go, NULL), NK_OK);
    nk_dot_options o = NK_DOT_OPTIONS_INIT;
    o.bare_claims = true;
    Agraph_t *ag = write_and_read(g, &o);
    assert_int_equal(g->nevents, 3);
    size_t content = g->fact_event[2];
    assert_int_equal(g->fact_event[3], content);
    Agnode_t *c = node(ag, g->events[content].iri);
    assert_non_null(c);
    for (size_t i = 0; i < 2; i++) {
        Agnode_t *claim = node(ag, g->events[g->fact_event[i]].iri);
        assert_non_null(claim);
        Agedge_t *e = agedge(ag, claim, c, NULL, 0);
        assert_non_null(e);
        assert_string_equal(attr(e, "label"), "says");
    }
    agclose(ag);
    nk_graph_free(g);
    nk_factset_free(set);
    free(text);
}

static void test_dot_status_overlay(void **state)
{
    (void)state;
    fixture x;
    story(&x);
    nk_dot_status ev[16] = {0}, en[16] = {0};
    ev[0] = ev[1] = NK_DOT_ADDED;
    ev[2] = NK_DOT_REMOVED;
    en[UK] = NK_DOT_CHANGED;
    nk_dot_options o = NK_DOT_OPTIONS_INIT;
    o.event_status = ev;
    o.entity_status = en;
    Agraph_t *ag = write_and_read(&x.g, &o);
    Agedge_t *e = edge_with(ag, x.g.entities[RUSSIA].iri, x.g.entities[DIPLOMATS].iri, "expel");
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "+ expel (2024-09-13)\\n+ accuse");
    assert_string_not_equal(attr(node(ag, x.g.entities[UK].iri), "color"),
                            attr(node(ag, x.g.entities[RUSSIA].iri), "color"));
    assert_non_null(strstr(attr(node(ag, "newskg:legend"), "label"), "added"));
    agclose(ag);
    fixture_done(&x);
}

static void test_dot_escaping(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 2, 1);
    add_ent(&x, "a\\b \"q\" <&> \\n", "Odd<&>Type");
    add_ent(&x, "\xc3\x89lys\xc3\xa9""e", "Location");
    add_ev(&x, 0, "say\\", 1, NK_NONE);
    fix_facts(&x);
    x.fs->title = nk_factset_str(x.fs, "T \\ \"<b>\"");
    Agraph_t *ag = write_and_read(&x.g, NULL);
    /* Backslashes doubled for Graphviz's escString; the rest verbatim. */
    assert_string_equal(attr(node(ag, x.g.entities[0].iri), "label"),
                        "a\\\\b \"q\" <&> \\\\n");
    assert_string_equal(attr(ag, "label"), "T \\\\ \"<b>\"");
    assert_non_null(strstr(attr(node(ag, "newskg:legend"), "label"), "Odd&lt;&amp;&gt;Type"));
    agclose(ag);

    /* Rendered, the text comes out as written (XML-escaped in SVG), and
     * the HTML legend parses without errors. */
    char *svg = NULL;
    size_t len = 0;
    nk_diag_sink sink = {0};
    assert_int_equal(nk_dot_render_data(&x.g, NULL, "svg", &svg, &len, &sink), NK_OK);
    assert_int_equal(sink.errors, 0);
    assert_true(len > 100);
    assert_non_null(strstr(svg, "a\\b &quot;q&quot; &lt;&amp;&gt; \\n"));
    assert_non_null(strstr(svg, "Odd&lt;&amp;&gt;Type"));
    assert_non_null(strstr(svg, "T \\ &quot;&lt;b&gt;&quot;"));
    assert_non_null(strstr(svg, "\xc3\x89lys\xc3\xa9""e"));
    free(svg);
    fixture_done(&x);
}

/* Names in DIR other than "." and "..", joined by spaces. */
static void list_dir(const char *dir, nk_buf *out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            if (out->len)
                nk_buf_putc(out, ' ');
            nk_buf_puts(out, de->d_name);
        }
    closedir(d);
}

static void test_render_png(void **state)
{
    (void)state;
    fixture x;
    story(&x);
    char dir[] = "/tmp/nk-dot-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fpath[64];
    snprintf(fpath, sizeof fpath, "%s/story.png", dir);
    nk_diag_sink sink = {0};
    char *written = NULL;
    assert_int_equal(nk_dot_render(&x.g, NULL, NULL, fpath, &written, &sink), NK_OK);
    assert_string_equal(written, fpath);
    free(written);
    assert_int_equal(sink.errors, 0);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(fpath, &data, &len, &sink), NK_OK);
    assert_true(len > 1000);
    assert_memory_equal(data, "\x89PNG\r\n\x1a\n", 8);
    free(data);
    nk_buf names = {0};
    list_dir(dir, &names);
    assert_string_equal(names.data, "story.png"); /* no temporary left */
    nk_buf_free(&names);

    /* PDF and SVG by name. */
    snprintf(fpath, sizeof fpath, "%s/story.svg", dir);
    assert_int_equal(nk_dot_render(&x.g, NULL, NULL, fpath, NULL, &sink), NK_OK);
    assert_int_equal(nk_file_read(fpath, &data, &len, &sink), NK_OK);
    assert_non_null(strstr(data, "<svg"));
    free(data);
    unlink(fpath);
    snprintf(fpath, sizeof fpath, "%s/story.pdf", dir);
    assert_int_equal(nk_dot_render(&x.g, NULL, "pdf", fpath, NULL, &sink), NK_OK);
    assert_int_equal(nk_file_read(fpath, &data, &len, &sink), NK_OK);
    assert_memory_equal(data, "%PDF", 4);
    free(data);
    unlink(fpath);
    snprintf(fpath, sizeof fpath, "%s/story.png", dir);
    unlink(fpath);
    assert_int_equal(rmdir(dir), 0);
    fixture_done(&x);
}

static void test_render_errors(void **state)
{
    (void)state;
    fixture x;
    story(&x);
    nk_diag_sink sink = {0};
    /* Unwritable path: an error, nothing written. */
    const char *bad = "/nonexistent-nk-dir/sub/x.png";
    assert_int_not_equal(nk_dot_render(&x.g, NULL, NULL, bad, NULL, &sink), NK_OK);
    assert_true(sink.errors > 0);
    struct stat st;
    assert_int_not_equal(stat(bad, &st), 0);

    char dir[] = "/tmp/nk-dot-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fpath[64];
    /* Unknown format and engine. */
    snprintf(fpath, sizeof fpath, "%s/x.gif", dir);
    sink.errors = 0;
    assert_int_equal(nk_dot_render(&x.g, NULL, NULL, fpath, NULL, &sink), NK_ERR_UNSUPPORTED);
    assert_true(sink.errors > 0);
    snprintf(fpath, sizeof fpath, "%s/x.png", dir);
    nk_dot_options o = NK_DOT_OPTIONS_INIT;
    o.layout = "no-such-engine";
    assert_int_equal(nk_dot_render(&x.g, &o, NULL, fpath, NULL, &sink), NK_ERR_UNSUPPORTED);
    /* A read-only directory (unless we are root, who may write anyway). */
    if (geteuid() != 0) {
        assert_int_equal(chmod(dir, 0500), 0);
        sink.errors = 0;
        assert_int_not_equal(nk_dot_render(&x.g, NULL, NULL, fpath, NULL, &sink), NK_OK);
        assert_true(sink.errors > 0);
        chmod(dir, 0700);
    }
    nk_buf names = {0};
    list_dir(dir, &names);
    assert_null(names.data); /* nothing at all */
    nk_buf_free(&names);
    assert_int_equal(rmdir(dir), 0);
    fixture_done(&x);
}

/* ~2,000 nodes: sfdp is chosen and the layout completes. */
static void test_large_graph(void **state)
{
    (void)state;
    enum { N = 2000 };
    static const char *const types[] = {"Person", "Organization", "Country", "Location", "Group"};
    fixture x;
    fixture_init(&x, N, N + N / 2);
    char label[32];
    for (size_t i = 0; i < N; i++) {
        snprintf(label, sizeof label, "Entity %zu", i);
        add_ent(&x, label, types[i % 5]);
    }
    /* A sparse random-ish graph: a spanning tree plus extra edges. */
    uint64_t r = 12345;
    for (size_t i = 1; i < N; i++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        add_ev(&x, (size_t)(r >> 33) % i, i % 3 ? "meet" : "accuse", i, NK_NONE);
    }
    for (size_t i = 0; i < N / 4; i++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        add_ev(&x, (size_t)(r >> 33) % N, "warn", (size_t)(r >> 13) % N, NK_NONE);
    }
    fix_facts(&x);
    assert_string_equal(nk_dot_engine(&x.g, NULL), "sfdp");
    nk_dot_options o = NK_DOT_OPTIONS_INIT;
    o.layout = "neato";
    assert_string_equal(nk_dot_engine(&x.g, &o), "neato");
    char *svg = NULL;
    size_t len = 0;
    nk_diag_sink sink = {0};
    assert_int_equal(nk_dot_render_data(&x.g, NULL, "svg", &svg, &len, &sink), NK_OK);
    assert_non_null(strstr(svg, "Entity 1999"));
    free(svg);
    fixture_done(&x);
}

/* A PNG too large for Cairo falls back to SVG beside the requested path. */
static void test_png_fallback(void **state)
{
    (void)state;
    enum { N = 150 };
    fixture x;
    fixture_init(&x, N, 1);
    char label[32];
    for (size_t i = 0; i < N; i++) {
        snprintf(label, sizeof label, "Lonely entity number %zu", i);
        add_ent(&x, label, "Person");
    }
    fix_facts(&x);
    nk_dot_options o = NK_DOT_OPTIONS_INIT;
    o.layout = "dot"; /* 150 nodes, packed in rows: about 1400x900 points */
    o.dpi = 2400;
    char dir[] = "/tmp/nk-dot-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fpath[64], svgpath[64];
    snprintf(fpath, sizeof fpath, "%s/big.png", dir);
    snprintf(svgpath, sizeof svgpath, "%s/big.svg", dir);
    nk_diag_sink sink = {0};
    char *written = NULL;
    assert_int_equal(nk_dot_render(&x.g, &o, NULL, fpath, &written, &sink), NK_OK);
    assert_string_equal(written, svgpath);
    free(written);
    assert_true(sink.warnings > 0);
    struct stat st;
    assert_int_not_equal(stat(fpath, &st), 0);
    assert_int_equal(stat(svgpath, &st), 0);
    unlink(svgpath);
    assert_int_equal(rmdir(dir), 0);
    fixture_done(&x);
}

static void test_empty_graph(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 0, 0);
    Agraph_t *ag = write_and_read(&x.g, NULL);
    assert_int_equal(agnnodes(ag), 1); /* the legend */
    assert_string_equal(attr(ag, "label"), "newskg");
    agclose(ag);
    nk_dot_shutdown();
    nk_dot_shutdown(); /* twice is fine */
    /* final: rendering after it is refused, DOT text still works */
    nk_diag_sink sink = {0};
    char *svg = NULL;
    size_t len = 0;
    assert_int_equal(nk_dot_render_data(&x.g, NULL, "svg", &svg, &len, &sink), NK_ERR_EXTERNAL);
    assert_null(svg);
    assert_int_equal(sink.errors, 1);
    nk_buf dot = {0};
    assert_int_equal(nk_dot_write(&x.g, NULL, &dot, NULL), NK_OK);
    nk_buf_free(&dot);
    fixture_done(&x);
}

/* The pictures as a reader needs them: arrows actor -> action -> target,
 * modal words from the text, "X said" left out, xN said once in the legend,
 * fact ids for the story view, components side by side. */
static void test_dot_reader_view(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 8, 8);
    size_t a = add_ent(&x, "Valdoria", "Country"), b = add_ent(&x, "Norvania", "Country");
    size_t c = add_ent(&x, "a spokesman", "Person");
    add_ev(&x, a, "send", b, NK_NONE);          /* 0: "would send" */
    add_ev(&x, a, "help", b, NK_NONE);          /* 1: "won't help", negated */
    add_ev(&x, b, "retaliate", a, NK_NONE);     /* 2: hypothetical, no auxiliary */
    add_ev(&x, c, "say", NK_NONE, NK_NONE);     /* 3: "X said", no content */
    add_ev(&x, a, "warn", NK_NONE, NK_NONE);    /* 4: event node */
    fix_facts(&x);
    nk_fact *f = x.fs->facts;
    f[0].modality = f[1].modality = f[2].modality = NK_MOD_HYPOTHETICAL;
    f[0].action_text = "would send";
    f[1].action_text = "won\xe2\x80\x99t help";
    f[1].negated = true;
    f[2].action_text = "retaliated";
    f[3].action_class = "MakeStatement";
    f[3].cameo = "010";
    x.g.events[0].occurrences = 2;
    Agraph_t *ag = write_and_read(&x.g, NULL);
    const nk_graph *g = &x.g;
    assert_non_null(edge_with(ag, g->entities[a].iri, g->entities[b].iri, "would send \xc3\x97" "2"));
    assert_non_null(edge_with(ag, g->entities[a].iri, g->entities[b].iri, "will NOT help"));
    assert_non_null(edge_with(ag, g->entities[b].iri, g->entities[a].iri, "may retaliate"));
    /* actor -> action node has an arrowhead */
    Agedge_t *e = agedge(ag, node(ag, g->entities[a].iri), node(ag, g->events[4].iri), NULL, 0);
    assert_non_null(e);
    assert_string_not_equal(attr(e, "arrowhead"), "none");
    /* the bare claim and its speaker are not drawn; the legend says so */
    assert_null(node(ag, g->events[3].iri));
    assert_null(node(ag, g->entities[c].iri));
    const char *legend = attr(node(ag, "newskg:legend"), "label");
    assert_non_null(strstr(legend, "1 statement without content"));
    assert_non_null(strstr(legend, "stated N times"));
    assert_null(strstr(attr(ag, "id"), "nk-")); /* no ids unless asked */
    agclose(ag);

    /* bare_claims draws it; fact_ids name every element's facts */
    nk_dot_options o = NK_DOT_OPTIONS_INIT;
    o.bare_claims = true;
    o.fact_ids = true;
    ag = write_and_read(&x.g, &o);
    Agnode_t *say = node(ag, g->events[3].iri);
    assert_non_null(say);
    assert_string_equal(attr(say, "class"), "nk-action f3");
    assert_non_null(strstr(attr(say, "id"), "nk-"));
    assert_string_equal(attr(node(ag, g->entities[c].iri), "class"), "nk-entity f3");
    e = edge_with(ag, g->entities[a].iri, g->entities[b].iri, "send");
    assert_non_null(e);
    assert_non_null(strstr(attr(e, "class"), " f0"));
    agclose(ag);

    /* a diff overlay counts nothing: xN would mean "in both versions" */
    nk_dot_status st[5] = {NK_DOT_UNCHANGED, NK_DOT_ADDED, NK_DOT_REMOVED, NK_DOT_PLAIN,
                           NK_DOT_PLAIN};
    nk_dot_options od = NK_DOT_OPTIONS_INIT;
    od.event_status = st;
    ag = write_and_read(&x.g, &od);
    assert_non_null(edge_with(ag, g->entities[a].iri, g->entities[b].iri, "would send"));
    assert_null(edge_with(ag, g->entities[a].iri, g->entities[b].iri, "\xc3\x97"));
    assert_null(strstr(attr(node(ag, "newskg:legend"), "label"), "stated N times"));
    agclose(ag);
    fixture_done(&x);
}

/* Twenty small components are packed side by side: wider than tall. */
static void test_dot_packing(void **state)
{
    (void)state;
    enum { N = 20 };
    fixture x;
    fixture_init(&x, 2 * N, N);
    char label[32];
    for (size_t i = 0; i < N; i++) {
        snprintf(label, sizeof label, "Actor %zu", i);
        size_t a = add_ent(&x, label, "Person");
        snprintf(label, sizeof label, "Target %zu", i);
        size_t t = add_ent(&x, label, "Group");
        add_ev(&x, a, "meet", t, NK_NONE);
    }
    fix_facts(&x);
    char *svg = NULL;
    size_t len = 0;
    nk_diag_sink sink = {0};
    assert_int_equal(nk_dot_render_data(&x.g, NULL, "svg", &svg, &len, &sink), NK_OK);
    const char *w = strstr(svg, "<svg width=\""), *h = strstr(svg, "height=\"");
    assert_non_null(w);
    assert_non_null(h);
    double width = strtod(w + 12, NULL), height = strtod(h + 8, NULL);
    if (!(width > height))
        fprintf(stderr, "packed picture %.0f x %.0f\n", width, height);
    assert_true(width > height);
    assert_non_null(strstr(svg, ">meet<")); /* labels survive the packing */
    free(svg);
    fixture_done(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dot_structure),
        cmocka_unit_test(test_dot_title_fallback),
        cmocka_unit_test(test_dot_claims),
        cmocka_unit_test(test_dot_claims_say_one_thing),
        cmocka_unit_test(test_dot_status_overlay),
        cmocka_unit_test(test_dot_escaping),
        cmocka_unit_test(test_render_png),
        cmocka_unit_test(test_render_errors),
        cmocka_unit_test(test_large_graph),
        cmocka_unit_test(test_png_fallback),
        cmocka_unit_test(test_dot_reader_view),
        cmocka_unit_test(test_dot_packing),
        /* last: it frees the Graphviz context, and a layout in a context
         * made after that reads a font cache the old one freed (a
         * use-after-free inside gvc's pango plugin, seen under ASan) */
        cmocka_unit_test(test_empty_graph),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    nk_dot_shutdown();
    return rc;
}
