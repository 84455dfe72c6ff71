/* Tests of rdf.c: golden canonical N-Triples, Turtle and reader round trips,
 * N-Quads named graphs, parse errors, and every nk: term declared in the
 * ontology.  NK_UPDATE_GOLDEN=1 rewrites the golden files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <redland.h>

#include "facts_jsonl.h"
#include "graph.h"
#include "json.h"
#include "rdf.h"

#define MINI "tests/data/golden/mini.jsonl"
#define MINI_NT "tests/data/golden/mini.nt"
#define ONTOLOGY "ontology/newskg.ttl"

/* Redland 1.0.17 / raptor 2.0.15 / rasqal 0.9.33 lose a few small blocks
 * per world inside their own initialisation and the N-Triples term parser
 * (not our code).  LeakSanitizer reads these on top of tests/lsan.supp. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:rasqal_xsd_init\n"
           "leak:raptor_concepts_init\n"
           "leak:raptor_ntriples_parse_term\n"
           /* rasqal's GRAPH queries through librdf lose rowsources and
            * terms (the store test's queries) */
           "leak:librasqal.so\n";
}

static void collect(void *ctx, const nk_diag *d)
{
    nk_buf *b = ctx;
    nk_buf_printf(b, "%s:%u:%u: %s\n", d->file ? d->file : "", d->line, d->column,
                  d->message);
}

static nk_factset *read_jsonl(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    nk_factset *set = NULL;
    assert_int_equal(nk_file_read(path, &text, &len, NULL), NK_OK);
    assert_int_equal(nk_facts_read_jsonl(&set, text, len, path, NULL), NK_OK);
    free(text);
    return set;
}

/* Serialise SET's graph as FORMAT into a malloc'd string. */
static char *write_set(const nk_factset *set, nk_rdf_format format)
{
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, set, NULL, NULL), NK_OK);
    nk_buf out = {0};
    assert_int_equal(nk_rdf_write(g, format, &out, NULL), NK_OK);
    nk_graph_free(g);
    assert_non_null(out.data);
    return nk_buf_detach(&out);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Parse TEXT with librdf directly (not our reader) and return its sorted
 * N-Triples; *count gets the model's size. */
static char *librdf_canonical(const char *text, const char *syntax, int *count)
{
    librdf_world *w = librdf_new_world();
    librdf_world_open(w);
    librdf_storage *st = librdf_new_storage(w, "hashes", NULL, "hash-type='memory'");
    librdf_model *m = librdf_new_model(w, st, NULL);
    librdf_parser *p = librdf_new_parser(w, syntax, NULL, NULL);
    librdf_uri *base = librdf_new_uri(w, (const unsigned char *)"http://example.org/");
    assert_int_equal(librdf_parser_parse_string_into_model(p, (const unsigned char *)text,
                                                           base, m), 0);
    *count = librdf_model_size(m);
    librdf_serializer *s = librdf_new_serializer(w, "ntriples", NULL, NULL);
    size_t len = 0;
    unsigned char *nt = librdf_serializer_serialize_model_to_counted_string(s, NULL, m, &len);
    assert_non_null(nt);
    /* sort the lines */
    size_t n = 0;
    char **lines = malloc((len / 2 + 2) * sizeof *lines);
    for (char *q = strtok((char *)nt, "\n"); q; q = strtok(NULL, "\n"))
        lines[n++] = q;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char *t = lines[j];
            lines[j] = lines[j - 1];
            lines[j - 1] = t;
        }
    nk_buf out = {0};
    for (size_t i = 0; i < n; i++) {
        nk_buf_puts(&out, lines[i]);
        nk_buf_putc(&out, '\n');
    }
    free(lines);
    librdf_free_memory(nt);
    librdf_free_serializer(s);
    librdf_free_uri(base);
    librdf_free_parser(p);
    librdf_free_model(m);
    librdf_free_storage(st);
    librdf_free_world(w);
    return nk_buf_detach(&out);
}

static void test_formats(void **state)
{
    (void)state;
    assert_int_equal(nk_rdf_format_parse("TTL"), NK_RDF_TURTLE);
    assert_int_equal(nk_rdf_format_parse("canonical"), NK_RDF_NTRIPLES_CANONICAL);
    assert_int_equal(nk_rdf_format_parse("nq"), NK_RDF_NQUADS);
    assert_int_equal(nk_rdf_format_parse("xml"), NK_RDF_RDFXML);
    assert_int_equal(nk_rdf_format_parse("json"), -1);
    assert_int_equal(nk_rdf_format_parse(NULL), -1);
    assert_int_equal(nk_rdf_format_from_path("a/b.nt"), NK_RDF_NTRIPLES);
    assert_int_equal(nk_rdf_format_from_path("x.ttl"), NK_RDF_TURTLE);
    assert_int_equal(nk_rdf_format_from_path("x.png"), -1);
    assert_int_equal(nk_rdf_format_from_path("x"), -1);
    assert_string_equal(nk_rdf_format_name(NK_RDF_NQUADS), "nquads");
}

static void test_golden_canonical(void **state)
{
    (void)state;
    nk_factset *set = read_jsonl(MINI);
    char *nt = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    assert_null(strstr(nt, "_:"));  /* no blank nodes */
    /* the same input gives the same bytes */
    char *again = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    assert_string_equal(nt, again);
    free(again);
    const char *update = getenv("NK_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        assert_int_equal(nk_file_write_atomic(MINI_NT, nt, strlen(nt), NULL), NK_OK);
        print_message("updated %s\n", MINI_NT);
    }
    char *golden = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(MINI_NT, &golden, &len, NULL), NK_OK);
    if (strcmp(golden, nt) != 0)
        fail_msg("canonical N-Triples differ from %s (NK_UPDATE_GOLDEN=1 "
                 "regenerates it after a deliberate change)",
                 MINI_NT);
    free(golden);
    free(nt);
    nk_factset_free(set);
}

static void test_turtle_round_trip(void **state)
{
    (void)state;
    nk_factset *set = read_jsonl(MINI);
    char *ttl = write_set(set, NK_RDF_TURTLE);
    char *nt = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    /* prefixes are used: common IRIs abbreviate */
    assert_non_null(strstr(ttl, "@prefix nk: <https://w3id.org/newskg/ns#>"));
    assert_non_null(strstr(ttl, "entity:Q99990001"));
    assert_non_null(strstr(ttl, "a nk:CoerceCategory, nk:Event, nk:Expel"));
    assert_non_null(strstr(ttl, "entity:mini_01-group_valdorian_trade_envoys"));
    assert_null(strstr(ttl, "_:"));
    char *ttl2 = write_set(set, NK_RDF_TURTLE);
    assert_string_equal(ttl, ttl2);
    int count = 0;
    char *parsed = librdf_canonical(ttl, "turtle", &count);
    assert_int_equal((size_t)count, count_lines(nt));
    assert_string_equal(parsed, nt);
    /* plain N-Triples: the same triples */
    char *plain = write_set(set, NK_RDF_NTRIPLES);
    /* read as Turtle (N-Triples is a subset): raptor's N-Triples parser
     * leaks datatype URI references */
    char *parsed_nt = librdf_canonical(plain, "turtle", &count);
    assert_string_equal(parsed_nt, nt);
    /* RDF/XML: the same triples again */
    char *xml = write_set(set, NK_RDF_RDFXML);
    assert_non_null(strstr(xml, "rdf:RDF"));
    char *parsed_xml = librdf_canonical(xml, "rdfxml", &count);
    assert_string_equal(parsed_xml, nt);
    free(xml);
    free(parsed_xml);
    free(plain);
    free(parsed_nt);
    free(parsed);
    free(ttl2);
    free(ttl);
    free(nt);
    nk_factset_free(set);
}

static void test_nquads(void **state)
{
    (void)state;
    nk_factset *set = read_jsonl(MINI);
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, set, NULL, NULL), NK_OK);
    nk_buf nq = {0};
    assert_int_equal(nk_rdf_write(g, NK_RDF_NQUADS, &nq, NULL), NK_OK);
    char *nt = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    assert_int_equal(count_lines(nq.data), count_lines(nt));
    /* every line ends with the version's named graph */
    nk_buf suffix = {0};
    nk_buf_printf(&suffix, " <%s> .", g->version_iri);
    for (char *line = strtok(nq.data, "\n"); line; line = strtok(NULL, "\n")) {
        size_t n = strlen(line);
        assert_true(n > suffix.len);
        if (strcmp(line + n - suffix.len, suffix.data) != 0)
            fail_msg("no named graph: %s", line);
    }
    nk_buf_free(&suffix);
    nk_buf_free(&nq);
    free(nt);
    nk_graph_free(g);
    nk_factset_free(set);
}

/* facts -> FORMAT -> facts -> canonical N-Triples equals the original's */
static void reader_round_trip(nk_rdf_format format, bool positions)
{
    nk_factset *set = read_jsonl(MINI);
    set->title = "Norvania expels envoys";
    set->url = "https://news.example/norvania";
    set->date = "2024-03-01";
    set->previous = "https://w3id.org/newskg/id/doc/mini_01-h0123456789abcdef";
    /* kinds and affiliations come back */
    set->facts[0].target->kind = NK_ENTITY_NAME;
    set->facts[0].target->affiliation = set->facts[5].actor;
    /* with the sentences' positions, mentions are keyed by them (pretend
     * each span starts its sentence) */
    for (size_t i = 0; positions && i < set->count; i++) {
        nk_fact *f = &set->facts[i];
        if (f->sentence_text && f->span_end - f->span_begin <= strlen(f->sentence_text))
            f->sentence_begin = f->span_begin;
    }
    char *text = write_set(set, format);
    char *nt = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    nk_factset *back = NULL;
    nk_buf msgs = {0};
    nk_diag_sink sink = {collect, &msgs, 0, 0};
    assert_int_equal(nk_rdf_read(&back, text, strlen(text), format, "g", &sink), NK_OK);
    assert_non_null(back);
    assert_int_equal(sink.errors, 0);
    /* the two meeting facts are one event; they had two spans */
    assert_int_equal(back->count, 7);
    assert_string_equal(back->doc, "mini-01");
    assert_string_equal(back->title, "Norvania expels envoys");
    assert_string_equal(back->date, "2024-03-01");
    assert_non_null(back->version);
    const nk_fact *f = &back->facts[0];
    assert_string_equal(f->lemma, "expel");
    assert_string_equal(f->action_class, "Expel");
    assert_string_equal(f->actor->label, "Norvania");
    assert_string_equal(f->actor->type, "Country");
    assert_string_equal(f->actor->wikidata, "Q99990001");
    assert_string_equal(f->place->label, "Port \xc3\x89lsin");
    assert_int_equal(f->sentence, 1);
    assert_int_equal(f->target->kind, NK_ENTITY_NAME);
    assert_non_null(f->target->affiliation);
    assert_string_equal(f->target->affiliation->label, set->facts[5].actor->label);
    assert_int_equal(f->actor->kind, NK_ENTITY_NAME);
    assert_int_equal(back->facts[1].actor->kind, NK_ENTITY_DESCRIPTION);
    assert_string_equal(back->url, "https://news.example/norvania");
    assert_string_equal(back->previous, set->previous);
    if (positions) {
        /* offsets within the sentence */
        assert_int_equal(f->sentence_begin, 0);
        assert_int_equal(f->span_begin, 0);
        assert_int_equal(f->span_end, 50);
    } else {
        assert_int_equal(f->sentence_begin, NK_NO_POS);
    }
    /* the claim and the rejection survive */
    assert_int_equal(back->facts[2].content_of, 1);
    assert_int_equal(back->facts[3].rejects, 2);
    char *nt2 = write_set(back, NK_RDF_NTRIPLES_CANONICAL);
    if (strcmp(nt2, nt) != 0) {
        nk_file_write_atomic("/tmp/rdf/rt-a.nt", nt, strlen(nt), NULL);
        nk_file_write_atomic("/tmp/rdf/rt-b.nt", nt2, strlen(nt2), NULL);
    }
    assert_string_equal(nt2, nt);
    free(nt2);
    nk_buf_free(&msgs);
    nk_factset_free(back);
    free(text);
    free(nt);
    nk_factset_free(set);
}

static void test_reader_turtle(void **state)
{
    (void)state;
    reader_round_trip(NK_RDF_TURTLE, false);
    reader_round_trip(NK_RDF_TURTLE, true);
}

static void test_reader_ntriples_nquads(void **state)
{
    (void)state;
    reader_round_trip(NK_RDF_NTRIPLES, true);
    reader_round_trip(NK_RDF_NQUADS, false);
    reader_round_trip(NK_RDF_RDFXML, true);
}

static void test_reader_errors(void **state)
{
    (void)state;
    nk_buf msgs = {0};
    nk_diag_sink sink = {collect, &msgs, 0, 0};
    nk_factset *set = (nk_factset *)1;
    const char *bad = "@prefix nk: <https://w3id.org/newskg/ns#> .\n"
                      "<http://x/a> nk:lemma \"ok\" .\n"
                      "<http://x/b> nk:lemma \"unterminated .\n";
    assert_int_equal(nk_rdf_read(&set, bad, strlen(bad), NK_RDF_TURTLE, "bad.ttl", &sink),
                     NK_ERR_PARSE);
    assert_null(set);
    assert_true(sink.errors >= 1);
    assert_non_null(msgs.data);
    /* raptor gives no column for Turtle: the reader finds the token */
    if (!strstr(msgs.data, "bad.ttl:3:23:"))
        fail_msg("no line 3, column 23 in: %s", msgs.data);
    nk_buf_clear(&msgs);
    /* N-Quads are read without raptor: exact positions */
    nk_buf_clear(&msgs);
    const char *badq = "<http://x/a> <http://x/b> \"ok\\u00C9\" <http://x/g> .\n"
                       "<http://x/a> <http://x/b> \"x\"^^<http://x/dt> <oops\n";
    set = (nk_factset *)1;
    assert_int_equal(nk_rdf_read(&set, badq, strlen(badq), NK_RDF_NQUADS, "q.nq", &sink),
                     NK_ERR_PARSE);
    assert_null(set);
    if (!strstr(msgs.data, "q.nq:2:51: missing '>'"))
        fail_msg("no q.nq:2:51 in: %s", msgs.data);
    nk_buf_clear(&msgs);
    /* well-formed but not ours */
    const char *other = "<http://x/a> <http://x/p> \"v\" .\n";
    set = (nk_factset *)1;
    assert_int_equal(nk_rdf_read(&set, other, strlen(other), NK_RDF_NTRIPLES, "o.nt", &sink),
                     NK_ERR_INVALID);
    assert_null(set);
    assert_non_null(strstr(msgs.data, "ArticleVersion"));
    nk_buf_free(&msgs);
}

static void test_empty_graph(void **state)
{
    (void)state;
    nk_factset *set = nk_factset_new();
    set->doc = "empty";
    set->version = "1";
    char *ttl = write_set(set, NK_RDF_TURTLE);
    nk_factset *back = NULL;
    assert_int_equal(nk_rdf_read(&back, ttl, strlen(ttl), NK_RDF_TURTLE, "e", NULL), NK_OK);
    assert_int_equal(back->count, 0);
    assert_string_equal(back->doc, "empty");
    assert_string_equal(back->version, "1");
    nk_factset_free(back);
    free(ttl);
    nk_factset_free(set);
}

/* Every nk: term the writer emits, and the fixture's action classes, are
 * declared in the ontology as a class or property. */
static void test_terms_in_ontology(void **state)
{
    (void)state;
    char *path = nk_data_find(ONTOLOGY);
    if (!path) {
        print_message("%s not found: term check skipped\n", ONTOLOGY);
        skip();
    }
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &text, &len, NULL), NK_OK);
    librdf_world *w = librdf_new_world();
    librdf_world_open(w);
    librdf_storage *st = librdf_new_storage(w, "hashes", NULL, "hash-type='memory'");
    librdf_model *m = librdf_new_model(w, st, NULL);
    librdf_parser *p = librdf_new_parser(w, "turtle", NULL, NULL);
    librdf_uri *base = librdf_new_uri(w, (const unsigned char *)"https://w3id.org/newskg/ns");
    assert_int_equal(librdf_parser_parse_counted_string_into_model(
                         p, (const unsigned char *)text, len, base, m), 0);
    static const char *const kinds[] = {
        "http://www.w3.org/2002/07/owl#Class",
        "http://www.w3.org/2002/07/owl#ObjectProperty",
        "http://www.w3.org/2002/07/owl#DatatypeProperty",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
        "http://www.w3.org/2000/01/rdf-schema#Class",
        "http://www.w3.org/2002/07/owl#AnnotationProperty",
    };
    static const char *const classes[] = {"Expel", "MakeStatement", "Seize",
                                          "RejectAccusation", "Meet", NULL};
    const char *const *terms = nk_rdf_terms_used();
    nk_buf missing = {0};
    librdf_node *type = librdf_new_node_from_uri_string(
        w, (const unsigned char *)"http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    for (int pass = 0; pass < 2; pass++) {
        const char *const *list = pass == 0 ? terms : classes;
        for (size_t i = 0; list[i]; i++) {
            nk_buf iri = {0};
            nk_buf_printf(&iri, "%s%s", NK_ONTOLOGY_NS, list[i]);
            librdf_node *s = librdf_new_node_from_uri_string(w, (const unsigned char *)iri.data);
            bool found = false;
            for (size_t k = 0; k < sizeof kinds / sizeof *kinds && !found; k++) {
                librdf_node *o = librdf_new_node_from_uri_string(
                    w, (const unsigned char *)kinds[k]);
                librdf_statement *stmt = librdf_new_statement_from_nodes(
                    w, librdf_new_node_from_node(s), librdf_new_node_from_node(type), o);
                found = librdf_model_contains_statement(m, stmt) != 0;
                librdf_free_statement(stmt);
            }
            if (!found)
                nk_buf_printf(&missing, " nk:%s", list[i]);
            librdf_free_node(s);
            nk_buf_free(&iri);
        }
    }
    librdf_free_node(type);
    librdf_free_uri(base);
    librdf_free_parser(p);
    librdf_free_model(m);
    librdf_free_storage(st);
    librdf_free_world(w);
    free(text);
    free(path);
    if (missing.len) {
        char *msg = nk_buf_detach(&missing);
        print_error("terms not declared in %s:%s\n", ONTOLOGY, msg);
        free(msg);
        fail();
    }
}

/* ---- statements and writers ------------------------------------------------ */

typedef struct counter {
    size_t n, literals, typed;
    const char *graph;
    bool blank;
    size_t stop_after;  /* 0: never */
} counter;

static int count_statement(void *ctx, const nk_statement *st)
{
    counter *c = ctx;
    c->n++;
    assert_int_equal(st->subject.kind, NK_TERM_IRI);
    assert_int_equal(st->predicate.kind, NK_TERM_IRI);
    assert_non_null(st->object.value);
    if (st->object.kind == NK_TERM_LITERAL) {
        c->literals++;
        c->typed += st->object.datatype != NULL;
    }
    if (strncmp(st->subject.value, "_:", 2) == 0 || strncmp(st->object.value, "_:", 2) == 0)
        c->blank = true;
    c->graph = st->graph;
    if (c->stop_after && c->n == c->stop_after)
        return NK_ERR_IO;
    return NK_OK;
}

static void test_emit(void **state)
{
    (void)state;
    nk_factset *set = read_jsonl(MINI);
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, set, NULL, NULL), NK_OK);
    counter c = {0};
    assert_int_equal(nk_rdf_emit(g, count_statement, &c), NK_OK);
    char *nt = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    /* one canonical line per statement (the emitter repeats nothing) */
    assert_int_equal(c.n, count_lines(nt));
    assert_true(c.literals > 0 && c.typed > 0);
    assert_false(c.blank);
    assert_string_equal(c.graph, g->version_iri);
    /* a callback's error stops the walk and comes back */
    counter stop = {0};
    stop.stop_after = 3;
    assert_int_equal(nk_rdf_emit(g, count_statement, &stop), NK_ERR_IO);
    assert_int_equal(stop.n, 3);
    assert_int_equal(nk_rdf_emit(g, NULL, NULL), NK_ERR_INVALID);
    /* term names */
    assert_string_equal(nk_rdf_term_iri(NK_RDF_T_ACTOR), NK_ONTOLOGY_NS "actor");
    assert_string_equal(nk_rdf_term_local(NK_RDF_T_MENTION), "Mention");
    assert_null(nk_rdf_term_iri(NK_RDF_TERM_COUNT));
    free(nt);
    nk_graph_free(g);
    nk_factset_free(set);
}

typedef struct sink_log {
    nk_buf text;
    size_t calls;
    bool fail;
} sink_log;

static int log_write(void *ctx, const char *data, size_t len)
{
    sink_log *l = ctx;
    l->calls++;
    if (l->fail)
        return NK_ERR_IO;
    nk_buf_append(&l->text, data, len);
    return NK_OK;
}

/* Two versions of the fixture, as two graphs. */
static void two_graphs(nk_factset **sets, nk_graph **graphs)
{
    for (int i = 0; i < 2; i++) {
        sets[i] = read_jsonl(MINI);
        sets[i]->version = i == 0 ? "one" : "two";
        assert_int_equal(nk_graph_build(&graphs[i], sets[i], NULL, NULL), NK_OK);
    }
}

static void test_writer_streams(void **state)
{
    (void)state;
    nk_factset *sets[2];
    nk_graph *graphs[2];
    two_graphs(sets, graphs);
    nk_buf alone[2] = {{0}, {0}};
    for (int i = 0; i < 2; i++)
        assert_int_equal(nk_rdf_write(graphs[i], NK_RDF_NQUADS, &alone[i], NULL), NK_OK);
    assert_true(nk_rdf_format_streams(NK_RDF_NQUADS));
    assert_false(nk_rdf_format_streams(NK_RDF_TURTLE));
    sink_log l = {{0}, 0, false};
    nk_rdf_writer *w = NULL;
    assert_int_equal(nk_rdf_writer_new(&w, NK_RDF_NQUADS, log_write, &l, NULL), NK_OK);
    assert_int_equal(nk_rdf_writer_add(w, graphs[0]), NK_OK);
    /* the first graph is out before the second is added */
    assert_int_equal(l.text.len, alone[0].len);
    assert_memory_equal(l.text.data, alone[0].data, alone[0].len);
    assert_int_equal(nk_rdf_writer_add(w, graphs[1]), NK_OK);
    assert_int_equal(nk_rdf_writer_close(w), NK_OK);
    assert_int_equal(nk_rdf_writer_add(w, graphs[1]), NK_ERR_INVALID);
    nk_rdf_writer_free(w);
    assert_int_equal(l.text.len, alone[0].len + alone[1].len);
    assert_memory_equal(l.text.data + alone[0].len, alone[1].data, alone[1].len);
    /* the same through the one-call form */
    nk_buf both = {0};
    assert_int_equal(nk_rdf_write_graphs((const nk_graph *const *)graphs, 2, NK_RDF_NQUADS,
                                         &both, NULL),
                     NK_OK);
    assert_string_equal(both.data, l.text.data);
    nk_buf_free(&both);

    /* a failing sink fails the writer */
    sink_log bad = {{0}, 0, true};
    assert_int_equal(nk_rdf_writer_new(&w, NK_RDF_NTRIPLES, log_write, &bad, NULL), NK_OK);
    assert_int_equal(nk_rdf_writer_add(w, graphs[0]), NK_ERR_IO);
    assert_int_equal(nk_rdf_writer_close(w), NK_ERR_IO);
    nk_rdf_writer_free(w);
    nk_rdf_writer_free(NULL);

    /* a FILE: Turtle, written at close */
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(nk_rdf_writer_new_file(&w, NK_RDF_TURTLE, fp, NULL), NK_OK);
    assert_int_equal(nk_rdf_writer_add(w, graphs[0]), NK_OK);
    assert_int_equal(ftell(fp), 0);
    assert_int_equal(nk_rdf_writer_close(w), NK_OK);
    nk_rdf_writer_free(w);
    nk_buf ttl = {0};
    assert_int_equal(nk_rdf_write(graphs[0], NK_RDF_TURTLE, &ttl, NULL), NK_OK);
    assert_int_equal(ftell(fp), (long)ttl.len);
    rewind(fp);
    char *back = malloc(ttl.len + 1);
    assert_int_equal(fread(back, 1, ttl.len, fp), ttl.len);
    assert_memory_equal(back, ttl.data, ttl.len);
    free(back);
    fclose(fp);
    nk_buf_free(&ttl);
    for (int i = 0; i < 2; i++) {
        nk_buf_free(&alone[i]);
        nk_graph_free(graphs[i]);
        nk_factset_free(sets[i]);
    }
    nk_buf_free(&l.text);
    nk_buf_free(&bad.text);
}

/* Several threads writing different graphs at once get what one thread
 * gets. */
typedef struct job {
    const nk_graph *g;
    nk_rdf_format format;
    nk_buf out;
    int rc;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    for (int k = 0; k < 5 && j->rc == NK_OK; k++) {
        nk_buf_clear(&j->out);
        j->rc = nk_rdf_write(j->g, j->format, &j->out, NULL);
    }
    return NULL;
}

static void test_writer_threads(void **state)
{
    (void)state;
    nk_factset *sets[2];
    nk_graph *graphs[2];
    two_graphs(sets, graphs);
    static const nk_rdf_format formats[] = {NK_RDF_NQUADS, NK_RDF_NTRIPLES_CANONICAL,
                                            NK_RDF_TURTLE, NK_RDF_NTRIPLES};
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){graphs[i % 2], formats[i], {0}, NK_OK};
        assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(jobs[i].rc, NK_OK);
        nk_buf one = {0};
        assert_int_equal(nk_rdf_write(jobs[i].g, jobs[i].format, &one, NULL), NK_OK);
        assert_string_equal(one.data, jobs[i].out.data);
        nk_buf_free(&one);
        nk_buf_free(&jobs[i].out);
    }
    for (int i = 0; i < 2; i++) {
        nk_graph_free(graphs[i]);
        nk_factset_free(sets[i]);
    }
}

/* ---- three articles in one store ---------------------------------------------- */

static int quiet_logger(void *user, librdf_log_message *msg)
{
    (void)user;
    (void)msg;
    return 1;
}

/* The rows of SPARQL query Q over MODEL, each "v1 v2 ..." (NULL-free). */
static size_t query_rows(librdf_world *w, librdf_model *m, const char *q, nk_buf *rows)
{
    librdf_query *query = librdf_new_query(w, "sparql", NULL, (const unsigned char *)q, NULL);
    assert_non_null(query);
    librdf_query_results *res = librdf_model_query_execute(m, query);
    assert_non_null(res);
    size_t n = 0;
    while (!librdf_query_results_finished(res)) {
        int count = librdf_query_results_get_bindings_count(res);
        for (int i = 0; i < count; i++) {
            librdf_node *v = librdf_query_results_get_binding_value(res, i);
            librdf_uri *u = v && librdf_node_is_resource(v) ? librdf_node_get_uri(v) : NULL;
            const unsigned char *s = u ? librdf_uri_as_string(u)
                                     : v ? librdf_node_get_literal_value(v) : NULL;
            nk_buf_printf(rows, "%s%s", i ? " " : "", s ? (const char *)s : "-");
            if (v)
                librdf_free_node(v);
        }
        nk_buf_putc(rows, '\n');
        n++;
        librdf_query_results_next(res);
    }
    librdf_free_query_results(res);
    librdf_free_query(query);
    return n;
}

/* Parse one N-Quads LINE with the N-Triples parser (the statement without
 * its graph) and add it to the graph it names. */
static void load_quad(librdf_world *w, librdf_model *m, char *line)
{
    char *last = strrchr(line, '<');
    assert_non_null(last);
    char *gend = strchr(last, '>');
    *gend = '\0';
    librdf_node *ctx = librdf_new_node_from_uri_string(w, (const unsigned char *)last + 1);
    nk_buf triple = {0};
    nk_buf_append(&triple, line, (size_t)(last - line));
    nk_buf_puts(&triple, ".\n");
    librdf_parser *p = librdf_new_parser(w, "turtle", NULL, NULL);
    librdf_uri *base = librdf_new_uri(w, (const unsigned char *)"http://example.org/");
    librdf_stream *stream = librdf_parser_parse_string_as_stream(
        p, (const unsigned char *)triple.data, base);
    assert_non_null(stream);
    assert_int_equal(librdf_model_context_add_statements(m, ctx, stream), 0);
    librdf_free_stream(stream);
    librdf_free_uri(base);
    librdf_free_parser(p);
    librdf_free_node(ctx);
    nk_buf_free(&triple);
}

/* The article of graph G in VERSIONS ("graph article" lines). */
static const char *article_of(const char *versions, const char *g, size_t *len)
{
    size_t gl = strlen(g);
    for (const char *p = versions; p && *p;) {
        const char *nl = strchr(p, '\n');
        if (strncmp(p, g, gl) == 0 && p[gl] == ' ') {
            *len = (size_t)(nl - p) - gl - 1;
            return p + gl + 1;
        }
        p = nl ? nl + 1 : NULL;
    }
    fail_msg("graph %s has no nk:versionOf", g);
    return NULL;
}

/* Each node of ROWS ("node graph" lines) is in one article only, unless
 * listed in NAMES (one node a line). */
static void check_one_article(const char *versions, const char *rows, const char *names,
                              const char *what)
{
    char *copy = nk_xstrdup(rows);
    size_t n = 0, cap = 64;
    char **node = nk_xmalloc(cap * sizeof *node), **art = nk_xmalloc(cap * sizeof *art);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        char *sp = strchr(line, ' ');
        assert_non_null(sp);
        *sp = '\0';
        size_t alen = 0;
        const char *a = article_of(versions, sp + 1, &alen);
        if (n == cap) {
            cap *= 2;
            node = nk_xrealloc(node, cap * sizeof *node);
            art = nk_xrealloc(art, cap * sizeof *art);
        }
        node[n] = line;
        art[n] = nk_xstrndup(a, alen);
        n++;
    }
    nk_buf bad = {0};
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(node[i], node[j]) == 0 && strcmp(art[i], art[j]) != 0) {
                nk_buf want = {0}, all = {0};
                nk_buf_printf(&want, "\n%s\n", node[i]);
                nk_buf_printf(&all, "\n%s", names ? names : "");
                bool named = strstr(all.data, want.data) != NULL;
                nk_buf_free(&all);
                bool vocabulary = strncmp(node[i], NK_ONTOLOGY_NS, strlen(NK_ONTOLOGY_NS)) == 0 ||
                                  strncmp(node[i], NK_WD_NS, strlen(NK_WD_NS)) == 0;
                if (!named && !vocabulary)
                    nk_buf_printf(&bad, "%s\n", node[i]);
                nk_buf_free(&want);
            }
    for (size_t i = 0; i < n; i++)
        free(art[i]);
    free(node);
    free(art);
    free(copy);
    if (bad.len) {
        char *msg = nk_buf_detach(&bad);
        print_error("%s:\n%s", what, msg);
        free(msg);
        fail();
    }
}

/* graphs/ holds three articles that share a linked organisation (the
 * European Commission) and a description ("deal"): loaded into one store,
 * no node has mentions from two articles, and a node that appears in two
 * articles' graphs is a named or linked entity, or a class. */
static void test_three_articles_one_store(void **state)
{
    (void)state;
    static const char *const files[] = {"graphs/harbour-strike.jsonl",
                                        "graphs/border-talks.jsonl",
                                        "graphs/chip-merger.jsonl"};
    nk_factset *sets[3];
    nk_graph *graphs[3];
    for (int i = 0; i < 3; i++) {
        sets[i] = read_jsonl(files[i]);
        assert_int_equal(nk_graph_build(&graphs[i], sets[i], NULL, NULL), NK_OK);
    }
    /* the test means something: a description label two articles share */
    bool shared_description = false;
    for (size_t i = 0; i < graphs[1]->nentities; i++)
        for (size_t j = 0; j < graphs[2]->nentities; j++)
            if (graphs[1]->entities[i].kind == NK_ENTITY_DESCRIPTION &&
                strcmp(graphs[1]->entities[i].label, graphs[2]->entities[j].label) == 0)
                shared_description = true;
    assert_true(shared_description);
    nk_buf nq = {0};
    assert_int_equal(nk_rdf_write_graphs((const nk_graph *const *)graphs, 3, NK_RDF_NQUADS, &nq,
                                         NULL),
                     NK_OK);
    librdf_world *w = librdf_new_world();
    /* librdf's own logger reads past its buffer (dependencies.md, pitfall
     * 1); rasqal warns of variables bound but unused */
    librdf_world_set_logger(w, NULL, quiet_logger);
    librdf_world_open(w);
    librdf_storage *st = librdf_new_storage(w, "hashes", NULL,
                                            "hash-type='memory',contexts='yes'");
    librdf_model *m = librdf_new_model(w, st, NULL);
    /* the combined N-Quads, quad by quad into the store's named graphs */
    size_t quads = 0;
    for (char *line = nq.data; line && *line;) {
        char *end = strchr(line, '\n');
        *end = '\0';
        load_quad(w, m, line);
        quads++;
        line = end + 1;
    }
    assert_true(quads > 100);
    nk_buf rows = {0};
    /* every article is there */
    assert_int_equal(query_rows(w, m,
                                "PREFIX nk: <https://w3id.org/newskg/ns#> "
                                "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?v nk:versionOf ?a } }",
                                &rows),
                     3);
    /* rasqal evaluates patterns in the order written, one lookup per
     * binding (dependencies.md): it finds the rows, the test groups them */
    nk_buf_clear(&rows);
    query_rows(w, m,
               "PREFIX nk: <https://w3id.org/newskg/ns#> "
               "SELECT ?g ?a WHERE { GRAPH ?g { ?g nk:versionOf ?a } }",
               &rows);
    char *versions = nk_buf_detach(&rows);
    /* no node has mentions from two articles */
    query_rows(w, m,
               "PREFIX nk: <https://w3id.org/newskg/ns#> "
               "SELECT DISTINCT ?x ?g WHERE { GRAPH ?g { ?x nk:mention ?m } }",
               &rows);
    char *mentioned = nk_buf_detach(&rows);
    /* a node in two articles' graphs is a named or linked entity, or an
     * ontology class or Wikidata item */
    query_rows(w, m,
               "SELECT DISTINCT ?x ?g WHERE { GRAPH ?g { ?x ?p ?o } }", &rows);
    char *subjects = nk_buf_detach(&rows);
    query_rows(w, m,
               "PREFIX nk: <https://w3id.org/newskg/ns#> "
               "SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x nk:entityKind \"name\" } }",
               &rows);
    char *names = nk_buf_detach(&rows);
    check_one_article(versions, mentioned, NULL, "mentions from two articles");
    check_one_article(versions, subjects, names, "nodes of two articles that are no names");
    free(versions);
    free(mentioned);
    free(subjects);
    free(names);
    /* and the linked organisation is shared */
    nk_buf_clear(&rows);
    assert_int_equal(query_rows(w, m,
                                "SELECT DISTINCT ?g WHERE { GRAPH ?g { "
                                "?e ?p <https://w3id.org/newskg/id/entity/Q8880> } }",
                                &rows) >= 2,
                     true);
    nk_buf_free(&rows);
    librdf_free_model(m);
    librdf_free_storage(st);
    librdf_free_world(w);
    nk_buf_free(&nq);
    for (int i = 0; i < 3; i++) {
        nk_graph_free(graphs[i]);
        nk_factset_free(sets[i]);
    }
}


/* Numbers in descriptions and events as typed values. */
static void test_quantities(void **state)
{
    (void)state;
    nk_factset *set = nk_factset_new();
    set->doc = "q";
    nk_fact *f = nk_factset_add(set);
    f->doc = "q";
    f->sentence = 1;
    f->actor = nk_factset_entity(set, "Britain", "Country", NULL, "Q145");
    f->lemma = "pledge";
    f->action_class = "PledgeAid";
    f->cameo = "033";
    f->target = nk_factset_entity(set, "500 million pounds", NULL, NULL, NULL);
    f = nk_factset_add(set);
    f->doc = "q";
    f->sentence = 2;
    f->actor = nk_factset_entity(set, "Inflation", NULL, NULL, NULL);
    f->lemma = "rise";
    f->action_text = "rose 3.5%";
    char *nt = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    if (!strstr(nt, "<https://w3id.org/newskg/ns#quantity> \"500000000.0\"^^<http://www.w3.org/2001/XMLSchema#decimal> .") ||
        !strstr(nt, "<https://w3id.org/newskg/ns#unit> \"GBP\" .") ||
        !strstr(nt, "<https://w3id.org/newskg/ns#quantityText> \"500 million pounds\" .") ||
        !strstr(nt, "<https://w3id.org/newskg/ns#quantity> \"3.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> .") ||
        !strstr(nt, "<https://w3id.org/newskg/ns#unit> \"percent\" ."))
        fail_msg("quantities missing:\n%s", nt);
    /* an untyped target is a thing, an untyped actor an actor */
    assert_non_null(strstr(nt, "thing_500_million_pounds> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/newskg/ns#Thing>"));
    assert_non_null(strstr(nt, "<https://w3id.org/newskg/ns#Actor>"));
    /* and the category of every coded event */
    assert_non_null(strstr(nt, "<https://w3id.org/newskg/ns#IntentToCooperateCategory>"));
    free(nt);
    nk_factset_free(set);
}


/* JSON-LD: valid JSON (our own parser reads it back), one named graph
 * object per version, and ontology/context.jsonld is the context it uses. */
static void test_jsonld(void **state)
{
    (void)state;
    nk_factset *sets[2];
    nk_graph *graphs[2];
    two_graphs(sets, graphs);
    nk_buf out = {0};
    assert_int_equal(nk_rdf_write_graphs((const nk_graph *const *)graphs, 2, NK_RDF_JSONLD, &out,
                                         NULL),
                     NK_OK);
    assert_int_equal(nk_rdf_format_parse("json-ld"), NK_RDF_JSONLD);
    assert_int_equal(nk_rdf_format_from_path("a.jsonld"), NK_RDF_JSONLD);
    assert_true(nk_rdf_format_streams(NK_RDF_JSONLD));
    nk_arena *a = nk_arena_new();
    nk_json *root = NULL;
    size_t off = 0;
    const char *msg = NULL;
    if (nk_json_parse(&root, out.data, out.len, a, &off, &msg) < 0)
        fail_msg("not JSON at %zu: %s", off, msg);
    const nk_json *g = nk_json_get(root, "@graph");
    assert_non_null(g);
    assert_int_equal(g->count, 2);
    assert_non_null(nk_json_get(g->child, "@graph"));
    assert_non_null(strstr(out.data, "\"@type\": [\"nk:Event\", \"nk:CoerceCategory\", \"nk:Expel\"]"));
    assert_non_null(strstr(out.data, "\"nk:negated\": {\"@value\": \"false\", \"@type\": \"xsd:boolean\"}"));
    nk_arena_free(a);
    /* the context file */
    nk_buf ctx = {0};
    nk_buf_puts(&ctx, "{\n  \"@context\": ");
    nk_rdf_jsonld_context(&ctx, NULL);
    nk_buf_puts(&ctx, "\n}\n");
    const char *update = getenv("NK_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0)
        assert_int_equal(nk_file_write_atomic("ontology/context.jsonld", ctx.data, ctx.len, NULL),
                         NK_OK);
    char *file = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read("ontology/context.jsonld", &file, &len, NULL), NK_OK);
    if (strcmp(file, ctx.data) != 0)
        fail_msg("ontology/context.jsonld is not the writer's context (NK_UPDATE_GOLDEN=1)");
    free(file);
    nk_buf_free(&ctx);
    /* no graphs: an empty document */
    nk_buf_clear(&out);
    assert_int_equal(nk_rdf_write_graphs(NULL, 0, NK_RDF_JSONLD, &out, NULL), NK_OK);
    assert_non_null(strstr(out.data, "\"@graph\": [\n  ]"));
    nk_buf_free(&out);
    for (int i = 0; i < 2; i++) {
        nk_graph_free(graphs[i]);
        nk_factset_free(sets[i]);
    }
}

/* ---- round trips of real articles --------------------------------------------- */

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* TEXT's lines sorted (a set of statements, whatever their order). */
static char *sorted_lines(const char *text)
{
    char *copy = nk_xstrdup(text);
    size_t n = count_lines(copy) + 1, k = 0;
    char **lines = nk_xmalloc(n * sizeof *lines);
    char *save = NULL;
    for (char *q = strtok_r(copy, "\n", &save); q; q = strtok_r(NULL, "\n", &save))
        lines[k++] = q;
    qsort(lines, k, sizeof *lines, cmp_line);
    nk_buf out = {0};
    for (size_t i = 0; i < k; i++) {
        nk_buf_puts(&out, lines[i]);
        nk_buf_putc(&out, '\n');
    }
    free(lines);
    free(copy);
    return out.data ? nk_buf_detach(&out) : nk_xstrdup("");
}

/* Where fact I of SET was read and what it is: its sentence, its span in
 * the sentence (or its words when the sentence's position is unknown), its
 * event's IRI and what makes it (actor, action, target), and the same for
 * the claim it is the content of and the accusation it rejects. */
static void fact_signature(nk_buf *out, const nk_factset *set, const nk_graph *g, size_t i,
                           int depth)
{
    const nk_fact *f = &set->facts[i];
    nk_buf_printf(out, "[%s|", f->sentence_text ? f->sentence_text : "");
    if (f->sentence_begin != NK_NO_POS)
        nk_buf_printf(out, "%zu-%zu|", f->span_begin - f->sentence_begin,
                      f->span_end - f->sentence_begin);
    else
        nk_buf_printf(out, "'%s'|", f->action_text ? f->action_text : "");
    const nk_gevent *e = &g->events[g->fact_event[i]];
    const char *cls = nk_graph_fact_class(f);
    nk_buf_printf(out, "%s|%s|%s|%s|%s", e->iri,
                  e->actor != NK_NONE ? g->entities[e->actor].iri : "-",
                  cls ? cls : f->lemma,
                  e->target != NK_NONE ? g->entities[e->target].iri : "-",
                  f->negated ? "not" : "");
    if (depth < 4 && f->content_of != NK_NO_FACT) {
        nk_buf_puts(out, "|said by ");
        fact_signature(out, set, g, f->content_of, depth + 1);
    }
    if (depth < 4 && f->rejects != NK_NO_FACT) {
        nk_buf_puts(out, "|rejects ");
        fact_signature(out, set, g, f->rejects, depth + 1);
    }
    nk_buf_putc(out, ']');
}

/* Every fact's signature, one a line, sorted. */
static char *fact_signatures(const nk_factset *set)
{
    nk_graph *g = NULL;
    assert_int_equal(nk_graph_build(&g, set, NULL, NULL), NK_OK);
    nk_buf all = {0};
    for (size_t i = 0; i < set->count; i++) {
        fact_signature(&all, set, g, i, 0);
        nk_buf_putc(&all, '\n');
    }
    nk_graph_free(g);
    char *text = all.data ? nk_buf_detach(&all) : nk_xstrdup("");
    char *sorted = sorted_lines(text);
    free(text);
    return sorted;
}

/* What newskg writes of PATH's facts in every syntax it reads reads back as
 * the same facts, which write the same triples again. */
static void article_round_trip(const char *path)
{
    static const nk_rdf_format formats[] = {NK_RDF_NQUADS, NK_RDF_NTRIPLES,
                                            NK_RDF_NTRIPLES_CANONICAL, NK_RDF_TURTLE,
                                            NK_RDF_RDFXML};
    nk_factset *set = read_jsonl(path);
    char *canonical = write_set(set, NK_RDF_NTRIPLES_CANONICAL);
    char *facts = fact_signatures(set);
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
        nk_rdf_format format = formats[k];
        char *text = write_set(set, format);
        nk_factset *back = NULL;
        nk_buf msgs = {0};
        nk_diag_sink sink = {collect, &msgs, 0, 0};
        assert_int_equal(nk_rdf_read(&back, text, strlen(text), format, path, &sink), NK_OK);
        if (sink.errors || sink.warnings)
            fail_msg("%s as %s: %s", path, nk_rdf_format_name(format), msgs.data);
        char *again = write_set(back, format);
        /* the same triples: as a set, and byte for byte where the writer
         * is canonical */
        char *canonical2 = write_set(back, NK_RDF_NTRIPLES_CANONICAL);
        if (strcmp(canonical, canonical2) != 0) {
            nk_file_write_atomic("/tmp/rdf-rt-a.nt", canonical, strlen(canonical), NULL);
            nk_file_write_atomic("/tmp/rdf-rt-b.nt", canonical2, strlen(canonical2), NULL);
            fail_msg("%s as %s: other triples read back (/tmp/rdf-rt-{a,b}.nt)", path,
                     nk_rdf_format_name(format));
        }
        if (format == NK_RDF_NQUADS || format == NK_RDF_NTRIPLES) {
            char *a = sorted_lines(text), *b = sorted_lines(again);
            assert_string_equal(a, b);
            free(a);
            free(b);
        } else if (format != NK_RDF_RDFXML) {
            assert_string_equal(text, again);
        }
        /* the same facts: as many, each read at the same place as the same
         * event (actor, action, target) of the same claim */
        char *facts2 = fact_signatures(back);
        if (back->count != set->count || strcmp(facts, facts2) != 0)
            fail_msg("%s as %s: %zu facts read back as %zu:\n%s\nvs\n%s", path,
                     nk_rdf_format_name(format), set->count, back->count, facts, facts2);
        free(facts2);
        free(canonical2);
        free(again);
        nk_buf_free(&msgs);
        nk_factset_free(back);
        free(text);
    }
    free(facts);
    free(canonical);
    nk_factset_free(set);
}

static void test_articles_round_trip(void **state)
{
    (void)state;
    /* the examples (extracted by make graphs), the golden and the diff
     * test's articles, and claims that say the same thing: in two
     * sentences, and at one span by two speakers */
    static const char *const paths[] = {
        "graphs/border-talks.jsonl",         "graphs/chip-merger.jsonl",
        "graphs/harbour-strike.jsonl",       "tests/data/golden/harbour-strike.jsonl",
        "tests/data/diff/story.jsonl",       "tests/data/diff/story.v2.jsonl",
        "tests/data/rdf/claims-twice.jsonl", "tests/data/rdf/claims-one-span.jsonl",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        article_round_trip(paths[i]);
}

static void test_free_null(void **state)
{
    (void)state;
    nk_buf out = {0};
    assert_int_equal(nk_rdf_write_graphs(NULL, 0, NK_RDF_NTRIPLES, &out, NULL), NK_OK);
    assert_int_equal(out.len, 0);
    assert_int_equal(nk_rdf_write(NULL, (nk_rdf_format)42, &out, NULL), NK_ERR_UNSUPPORTED);
    nk_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_golden_canonical),
        cmocka_unit_test(test_turtle_round_trip),
        cmocka_unit_test(test_nquads),
        cmocka_unit_test(test_reader_turtle),
        cmocka_unit_test(test_reader_ntriples_nquads),
        cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_empty_graph),
        cmocka_unit_test(test_terms_in_ontology),
        cmocka_unit_test(test_emit),
        cmocka_unit_test(test_writer_streams),
        cmocka_unit_test(test_writer_threads),
        cmocka_unit_test(test_three_articles_one_store),
        cmocka_unit_test(test_quantities),
        cmocka_unit_test(test_jsonld),
        cmocka_unit_test(test_articles_round_trip),
        cmocka_unit_test(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
