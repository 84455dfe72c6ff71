/* fuzz_query.c: SPARQL query text for `newskg query` on the embedded store.
 *
 * A small store (two article versions' worth of newskg-like triples in two
 * named graphs, made once per process in a temporary file) answers each
 * input after `--set` substitution, as the command does.  A query that
 * fails gives no result; one that answers writes in every format its kind
 * allows and refuses the others; SELECT and ASK results written as SPARQL
 * JSON read back (the endpoint client's reader) and write the same bytes;
 * and no query changes the store.
 *
 * Joins of many unrelated patterns cost the store's size to the power of
 * the number of variables: inputs with more than MAX_VARS distinct
 * variables or blank nodes are only scanned (verb, DISTINCT/ORDER/GROUP
 * rewriting), not run, so that the fuzzer explores syntax, not time. */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "sparql.h"
#include "store.h"

#define MAX_VARS 4

static char path[256];
static nk_store *store;
static int64_t size0;

static const char DATA[] =
    "<https://w3id.org/newskg/id/doc/a_v_1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/newskg/ns#ArticleVersion> <https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "<https://w3id.org/newskg/id/event/e1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/newskg/ns#Event> <https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "<https://w3id.org/newskg/id/event/e1> <https://w3id.org/newskg/ns#lemma> \"expel\" "
    "<https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "<https://w3id.org/newskg/id/event/e1> <https://w3id.org/newskg/ns#negated> "
    "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> <https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "<https://w3id.org/newskg/id/event/e1> <https://w3id.org/newskg/ns#actor> "
    "<https://w3id.org/newskg/id/entity/Q159> <https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "<https://w3id.org/newskg/id/entity/Q159> <http://www.w3.org/2000/01/rdf-schema#label> "
    "\"Russia\"@en <https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "<https://w3id.org/newskg/id/event/e1> <https://w3id.org/newskg/ns#confidence> "
    "\"0.75\"^^<http://www.w3.org/2001/XMLSchema#decimal> <https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "_:b <https://w3id.org/newskg/ns#text> \"Tab\\there, \\\"quoted\\\", line\\nbreak, \\u00e9\" "
    "<https://w3id.org/newskg/id/doc/a_v_1> .\n"
    "<https://w3id.org/newskg/id/doc/a_v_2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/newskg/ns#ArticleVersion> <https://w3id.org/newskg/id/doc/a_v_2> .\n"
    "<https://w3id.org/newskg/id/event/e1> <https://w3id.org/newskg/ns#lemma> \"expel\" "
    "<https://w3id.org/newskg/id/doc/a_v_2> .\n"
    "<https://w3id.org/newskg/id/entity/Q159> <http://www.w3.org/2000/01/rdf-schema#label> "
    "\"Kenya\" <https://w3id.org/newskg/id/doc/a_v_2> .\n"
    "<https://w3id.org/newskg/id/event/e2> <https://w3id.org/newskg/ns#sentence> "
    "\"12\"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/newskg/id/doc/a_v_2> .\n";

static void close_store(void)
{
    nk_store_free(store);
    store = NULL;
    nk_fuzz_remove_store(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nk_fuzz_store_path(path, sizeof path, "query");
    nk_fuzz_remove_store(path);
    NK_FUZZ_CHECK(nk_store_open(&store, path, NK_STORE_WRITE, NULL) == NK_OK);
    NK_FUZZ_CHECK(nk_store_load_text(store, DATA, sizeof DATA - 1, NK_RDF_NQUADS, "data.nq",
                                     NULL, NULL, NULL) == NK_OK);
    size0 = nk_store_size(store);
    NK_FUZZ_CHECK(size0 > 0);
    atexit(close_store);
    return 0;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || (unsigned char)c >= 0x80;
}

/* True when Q holds more than MAX_VARS distinct variable names and blank
 * nodes ('[' and '_:' counted each as one more). */
static bool too_many_variables(const char *q)
{
    const char *seen[MAX_VARS + 1];
    size_t lens[MAX_VARS + 1], n = 0, blanks = 0;
    for (const char *p = q; *p; p++) {
        if (*p == '[' || (p[0] == '_' && p[1] == ':')) {
            if (++blanks + n > MAX_VARS)
                return true;
            continue;
        }
        if (*p != '?' && *p != '$')
            continue;
        const char *s = p + 1;
        size_t len = 0;
        while (name_char(s[len]))
            len++;
        if (len == 0)
            continue;
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = lens[i] == len && memcmp(seen[i], s, len) == 0;
        if (!known) {
            if (n + blanks == MAX_VARS)
                return true;
            seen[n] = s;
            lens[n++] = len;
        }
        p = s + len - 1;
    }
    return false;
}

/* What the query's own rewriting does, on any text. */
static void scan(const char *q)
{
    (void)nk_sparql_verb(q);
    (void)nk_sparql_has_keyword(q, "LIMIT");
    free(nk_sparql_strip_distinct(q));
    char *out = NULL;
    nk_sparql_order keys[32];
    nk_sparql_column cols[32];
    size_t n = 0;
    if (nk_sparql_strip_order(q, &out, keys, 32, &n))
        NK_FUZZ_CHECK(out && n > 0 && n <= 32);
    free(out);
    out = NULL;
    if (nk_sparql_strip_group(q, &out, cols, 32, &n))
        NK_FUZZ_CHECK(out && n > 0 && n <= 32);
    free(out);
}

static void check_results(const nk_results *r)
{
    static const nk_results_format table[] = {NK_RESULTS_TABLE, NK_RESULTS_CSV, NK_RESULTS_TSV,
                                              NK_RESULTS_JSON, NK_RESULTS_XML};
    static const nk_results_format graph[] = {NK_RESULTS_TURTLE, NK_RESULTS_NTRIPLES};
    bool is_graph = r->kind == NK_RESULTS_GRAPH;
    nk_buf out = {0};
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        int rc = nk_results_write(r, table[i], i == 0 ? 10 : 0, &out);
        NK_FUZZ_CHECK(is_graph ? rc == NK_ERR_UNSUPPORTED : rc == NK_OK);
        nk_buf_clear(&out);
    }
    for (size_t i = 0; i < sizeof graph / sizeof *graph; i++) {
        int rc = nk_results_write(r, graph[i], 0, &out);
        NK_FUZZ_CHECK(is_graph ? rc == NK_OK : rc == NK_ERR_UNSUPPORTED);
        nk_buf_clear(&out);
    }
    if (!is_graph) {
        /* SPARQL JSON results, as a server would send them, read back */
        NK_FUZZ_CHECK(nk_results_write(r, NK_RESULTS_JSON, 0, &out) == NK_OK);
        nk_results *back = NULL;
        NK_FUZZ_CHECK(nk_results_read_json(&back, out.data, out.len, "results.json", NULL) ==
                      NK_OK);
        nk_buf again = {0};
        NK_FUZZ_CHECK(nk_results_write(back, NK_RESULTS_JSON, 0, &again) == NK_OK);
        NK_FUZZ_CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0);
        nk_buf_free(&again);
        nk_results_free(back);
    }
    nk_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size))
        return 0; /* the command refuses a NUL byte before any of this */
    char *text = nk_fuzz_copy(data, size);
    static const char *const names[] = {"entity", "g"};
    static const char *const values[] = {"Russia", "https://w3id.org/newskg/id/doc/a_v_1"};
    char *q = nk_sparql_substitute(text, names, values, 2);
    NK_FUZZ_CHECK(q != NULL);
    scan(q);
    if (!too_many_variables(q)) {
        nk_results *r = (nk_results *)1;
        int rc = nk_store_query(store, q, "fuzz.rq",
                                size % 2 ? NK_RESULTS_NTRIPLES : NK_RESULTS_TURTLE, &r, NULL);
        if (rc < 0) {
            NK_FUZZ_CHECK(r == NULL);
        } else {
            NK_FUZZ_CHECK(r != NULL);
            check_results(r);
            nk_results_free(r);
        }
        NK_FUZZ_CHECK(nk_store_size(store) == size0);
    }
    free(q);
    free(text);
    return 0;
}
