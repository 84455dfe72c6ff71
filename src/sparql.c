/* sparql.c: see sparql.h. */
#include "sparql.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "graph.h"
#include "json.h"

#define XSD_STRING "http://www.w3.org/2001/XMLSchema#string"
#define XSD_BOOLEAN "http://www.w3.org/2001/XMLSchema#boolean"

/* ---- verbs and formats -------------------------------------------------------------- */

static const char *skip_space_and_comments(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p != '#')
            return p;
        while (*p && *p != '\n')
            p++;
    }
}

static bool keyword(const char *p, const char *kw)
{
    size_t n = strlen(kw);
    if (strncasecmp(p, kw, n) != 0)
        return false;
    char c = p[n];
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_');
}

const char *nk_sparql_verb_at(const char *query, nk_query_verb *verb)
{
    const char *p = query;
    *verb = NK_VERB_UNKNOWN;
    for (;;) {
        p = skip_space_and_comments(p);
        if (keyword(p, "BASE") || keyword(p, "PREFIX")) {
            /* up to the IRI's closing '>' */
            const char *gt = strchr(p, '>');
            if (!gt)
                return p;
            p = gt + 1;
            continue;
        }
        break;
    }
    if (keyword(p, "SELECT"))
        *verb = NK_VERB_SELECT;
    else if (keyword(p, "ASK"))
        *verb = NK_VERB_ASK;
    else if (keyword(p, "CONSTRUCT"))
        *verb = NK_VERB_CONSTRUCT;
    else if (keyword(p, "DESCRIBE"))
        *verb = NK_VERB_DESCRIBE;
    return p;
}

nk_query_verb nk_sparql_verb(const char *query)
{
    nk_query_verb verb;
    (void)nk_sparql_verb_at(query, &verb);
    return verb;
}

static const char *const FORMAT_NAMES[] = {"table", "csv", "tsv", "json", "xml", "turtle",
                                           "ntriples"};

int nk_results_format_parse(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < 7; i++)
        if (strcasecmp(name, FORMAT_NAMES[i]) == 0)
            return i;
    if (strcasecmp(name, "ttl") == 0)
        return NK_RESULTS_TURTLE;
    if (strcasecmp(name, "nt") == 0 || strcasecmp(name, "n-triples") == 0)
        return NK_RESULTS_NTRIPLES;
    return -1;
}

const char *nk_results_format_name(nk_results_format f)
{
    return (unsigned)f < 7 ? FORMAT_NAMES[f] : "table";
}

bool nk_results_format_is_graph(nk_results_format f)
{
    return f == NK_RESULTS_TURTLE || f == NK_RESULTS_NTRIPLES;
}

/* ---- the result model ------------------------------------------------------------------ */

nk_results *nk_results_new(nk_results_kind kind)
{
    nk_results *r = nk_xcalloc(1, sizeof *r);
    r->kind = kind;
    r->arena = nk_arena_new();
    return r;
}

void nk_results_free(nk_results *r)
{
    if (!r)
        return;
    free(r->vars);
    free(r->cells);
    nk_buf_free(&r->graph_text);
    nk_arena_free(r->arena);
    free(r);
}

void nk_results_add_var(nk_results *r, const char *name)
{
    r->vars = nk_xrealloc(r->vars, (r->nvars + 1) * sizeof *r->vars);
    r->vars[r->nvars++] = nk_arena_strdup(r->arena, name ? name : "");
}

nk_sparql_term *nk_results_add_row(nk_results *r)
{
    if (r->nrows == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->cells = nk_xrealloc(r->cells, r->cap * (r->nvars ? r->nvars : 1) * sizeof *r->cells);
    }
    nk_sparql_term *row = &r->cells[r->nrows * r->nvars];
    memset(row, 0, r->nvars * sizeof *row);
    r->nrows++;
    return row;
}

void nk_results_set_term(nk_results *r, nk_sparql_term *t, nk_sparql_kind kind, const char *value,
                         size_t len, const char *lang, const char *datatype)
{
    t->kind = kind;
    t->value = nk_arena_strndup(r->arena, value ? value : "", value ? len : 0);
    t->len = value ? len : 0;
    t->lang = lang && *lang ? nk_arena_strdup(r->arena, lang) : NULL;
    t->datatype = !t->lang && datatype && strcmp(datatype, XSD_STRING) != 0
                      ? nk_arena_strdup(r->arena, datatype)
                      : NULL;
}

/* ---- writers ------------------------------------------------------------------------------- */

static void csv_field(nk_buf *out, const char *s, size_t len)
{
    bool quote = false;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        nk_buf_append(out, s, len);
        return;
    }
    nk_buf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            nk_buf_putc(out, '"');
        nk_buf_putc(out, s[i]);
    }
    nk_buf_putc(out, '"');
}

static void csv_term(nk_buf *out, const nk_sparql_term *t)
{
    switch (t->kind) {
    case NK_SPARQL_IRI:
    case NK_SPARQL_LITERAL:
        csv_field(out, t->value, t->len);
        break;
    case NK_SPARQL_BLANK:
        nk_buf_puts(out, "_:");
        csv_field(out, t->value, t->len);
        break;
    case NK_SPARQL_UNBOUND:
    default:
        break;
    }
}

/* A string in N-Triples/Turtle escapes. */
static void nt_string(nk_buf *out, const char *s, size_t len)
{
    nk_buf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': nk_buf_puts(out, "\\\""); break;
        case '\\': nk_buf_puts(out, "\\\\"); break;
        case '\n': nk_buf_puts(out, "\\n"); break;
        case '\r': nk_buf_puts(out, "\\r"); break;
        case '\t': nk_buf_puts(out, "\\t"); break;
        default:
            if (c < 0x20)
                nk_buf_printf(out, "\\u%04X", c);
            else
                nk_buf_putc(out, (char)c);
        }
    }
    nk_buf_putc(out, '"');
}

/* An IRI's text for <...>: characters an IRI may not hold as \u escapes. */
static void nt_iri(nk_buf *out, const char *s, size_t len)
{
    nk_buf_putc(out, '<');
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || strchr("<>\"{}|^`\\", c)) {
            nk_buf_append(out, s + from, i - from);
            nk_buf_printf(out, "\\u%04X", c);
            from = i + 1;
        }
    }
    nk_buf_append(out, s + from, len - from);
    nk_buf_putc(out, '>');
}

void nk_sparql_term_nt(nk_buf *out, const nk_sparql_term *t)
{
    switch (t->kind) {
    case NK_SPARQL_IRI:
        nt_iri(out, t->value, t->len);
        break;
    case NK_SPARQL_BLANK:
        nk_buf_puts(out, "_:");
        nk_buf_append(out, t->value, t->len);
        break;
    case NK_SPARQL_LITERAL:
        nt_string(out, t->value, t->len);
        if (t->lang) {
            nk_buf_putc(out, '@');
            nk_buf_puts(out, t->lang);
        } else if (t->datatype) {
            nk_buf_puts(out, "^^");
            nt_iri(out, t->datatype, strlen(t->datatype));
        }
        break;
    case NK_SPARQL_UNBOUND:
    default:
        break;
    }
}

static void json_string(nk_buf *out, const char *s, size_t len)
{
    nk_buf_putc(out, '"');
    /* nk_buf_json_escape stops at NUL: escape NULs here */
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\0') {
            char *part = nk_xstrndup(s + start, i - start);
            nk_buf_json_escape(out, part);
            free(part);
            if (i < len)
                nk_buf_puts(out, "\\u0000");
            start = i + 1;
        }
    }
    nk_buf_putc(out, '"');
}

static void xml_text(nk_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '<': nk_buf_puts(out, "&lt;"); break;
        case '>': nk_buf_puts(out, "&gt;"); break;
        case '&': nk_buf_puts(out, "&amp;"); break;
        case '"': nk_buf_puts(out, "&quot;"); break;
        case '\0': break;   /* not representable in XML 1.0 */
        default: nk_buf_putc(out, s[i]);
        }
    }
}

static void write_json(const nk_results *r, nk_buf *out)
{
    if (r->kind == NK_RESULTS_BOOLEAN) {
        nk_buf_printf(out, "{\n  \"head\": {},\n  \"boolean\": %s\n}\n",
                      r->boolean ? "true" : "false");
        return;
    }
    nk_buf_puts(out, "{\n  \"head\": {\"vars\": [");
    for (size_t v = 0; v < r->nvars; v++) {
        if (v)
            nk_buf_puts(out, ", ");
        json_string(out, r->vars[v], strlen(r->vars[v]));
    }
    nk_buf_puts(out, "]},\n  \"results\": {\"bindings\": [");
    for (size_t i = 0; i < r->nrows; i++) {
        const nk_sparql_term *row = &r->cells[i * r->nvars];
        nk_buf_puts(out, i ? ",\n    {" : "\n    {");
        bool first = true;
        for (size_t v = 0; v < r->nvars; v++) {
            const nk_sparql_term *t = &row[v];
            if (t->kind == NK_SPARQL_UNBOUND)
                continue;
            if (!first)
                nk_buf_puts(out, ", ");
            first = false;
            json_string(out, r->vars[v], strlen(r->vars[v]));
            nk_buf_puts(out, ": {\"type\": ");
            nk_buf_puts(out, t->kind == NK_SPARQL_IRI     ? "\"uri\""
                             : t->kind == NK_SPARQL_BLANK ? "\"bnode\""
                                                        : "\"literal\"");
            nk_buf_puts(out, ", \"value\": ");
            json_string(out, t->value, t->len);
            if (t->lang) {
                nk_buf_puts(out, ", \"xml:lang\": ");
                json_string(out, t->lang, strlen(t->lang));
            } else if (t->datatype) {
                nk_buf_puts(out, ", \"datatype\": ");
                json_string(out, t->datatype, strlen(t->datatype));
            }
            nk_buf_putc(out, '}');
        }
        nk_buf_putc(out, '}');
    }
    nk_buf_puts(out, r->nrows ? "\n  ]}\n}\n" : "]}\n}\n");
}

static void write_xml(const nk_results *r, nk_buf *out)
{
    nk_buf_puts(out, "<?xml version=\"1.0\"?>\n"
                     "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n  <head>\n");
    for (size_t v = 0; r->kind == NK_RESULTS_BINDINGS && v < r->nvars; v++) {
        nk_buf_puts(out, "    <variable name=\"");
        xml_text(out, r->vars[v], strlen(r->vars[v]));
        nk_buf_puts(out, "\"/>\n");
    }
    nk_buf_puts(out, "  </head>\n");
    if (r->kind == NK_RESULTS_BOOLEAN) {
        nk_buf_printf(out, "  <boolean>%s</boolean>\n</sparql>\n", r->boolean ? "true" : "false");
        return;
    }
    nk_buf_puts(out, "  <results>\n");
    for (size_t i = 0; i < r->nrows; i++) {
        const nk_sparql_term *row = &r->cells[i * r->nvars];
        nk_buf_puts(out, "    <result>\n");
        for (size_t v = 0; v < r->nvars; v++) {
            const nk_sparql_term *t = &row[v];
            if (t->kind == NK_SPARQL_UNBOUND)
                continue;
            nk_buf_puts(out, "      <binding name=\"");
            xml_text(out, r->vars[v], strlen(r->vars[v]));
            nk_buf_puts(out, "\">");
            if (t->kind == NK_SPARQL_IRI) {
                nk_buf_puts(out, "<uri>");
                xml_text(out, t->value, t->len);
                nk_buf_puts(out, "</uri>");
            } else if (t->kind == NK_SPARQL_BLANK) {
                nk_buf_puts(out, "<bnode>");
                xml_text(out, t->value, t->len);
                nk_buf_puts(out, "</bnode>");
            } else {
                nk_buf_puts(out, "<literal");
                if (t->lang) {
                    nk_buf_puts(out, " xml:lang=\"");
                    xml_text(out, t->lang, strlen(t->lang));
                    nk_buf_putc(out, '"');
                } else if (t->datatype) {
                    nk_buf_puts(out, " datatype=\"");
                    xml_text(out, t->datatype, strlen(t->datatype));
                    nk_buf_putc(out, '"');
                }
                nk_buf_putc(out, '>');
                xml_text(out, t->value, t->len);
                nk_buf_puts(out, "</literal>");
            }
            nk_buf_puts(out, "</binding>\n");
        }
        nk_buf_puts(out, "    </result>\n");
    }
    nk_buf_puts(out, "  </results>\n</sparql>\n");
}

/* Prefixes for short IRIs in tables. */
static const struct { const char *ns; const char *prefix; } PREFIXES[] = {
    {NK_ONTOLOGY_NS, "nk:"},
    {NK_DEFAULT_BASE "entity/", "entity:"},
    {NK_DEFAULT_BASE "event/", "event:"},
    {NK_DEFAULT_BASE "doc/", "doc:"},
    {NK_DEFAULT_BASE "mention/", "mention:"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"},
    {"http://www.w3.org/2000/01/rdf-schema#", "rdfs:"},
    {"http://www.w3.org/2001/XMLSchema#", "xsd:"},
    {"http://www.w3.org/2002/07/owl#", "owl:"},
    {"http://www.wikidata.org/entity/", "wd:"},
};

/* The text of a term in a table cell (malloc'd), control characters as
 * spaces. */
static char *cell_text(const nk_sparql_term *t)
{
    nk_buf b = {0};
    switch (t->kind) {
    case NK_SPARQL_IRI: {
        bool done = false;
        for (size_t i = 0; i < sizeof PREFIXES / sizeof *PREFIXES && !done; i++) {
            size_t n = strlen(PREFIXES[i].ns);
            if (t->len > n && strncmp(t->value, PREFIXES[i].ns, n) == 0 &&
                !memchr(t->value + n, '/', t->len - n) && !memchr(t->value + n, '#', t->len - n)) {
                nk_buf_puts(&b, PREFIXES[i].prefix);
                nk_buf_append(&b, t->value + n, t->len - n);
                done = true;
            }
        }
        if (!done) {
            nk_buf_putc(&b, '<');
            nk_buf_append(&b, t->value, t->len);
            nk_buf_putc(&b, '>');
        }
        break;
    }
    case NK_SPARQL_BLANK:
        nk_buf_puts(&b, "_:");
        nk_buf_append(&b, t->value, t->len);
        break;
    case NK_SPARQL_LITERAL:
        nk_buf_append(&b, t->value, t->len);
        if (t->lang) {
            nk_buf_putc(&b, '@');
            nk_buf_puts(&b, t->lang);
        }
        break;
    case NK_SPARQL_UNBOUND:
    default:
        break;
    }
    if (!b.data)
        nk_buf_puts(&b, "");
    for (size_t i = 0; i < b.len; i++)
        if ((unsigned char)b.data[i] < 0x20 || b.data[i] == 0x7f)
            b.data[i] = ' ';
    return nk_buf_detach(&b);
}

/* Display width: code points (continuation bytes do not count). */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* Cut S to MAX columns with an ellipsis (in place; S has room). */
static void cut(char *s, size_t max)
{
    if (!max || display_width(s) <= max)
        return;
    size_t w = 0;
    char *p = s;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (w == max - 1)
                break;
            w++;
        }
    }
    /* "…" is 3 bytes; the cut removed at least one code point of >= 1 byte,
     * and the string had at least max+1 code points: room for it unless
     * the removed part is shorter than 3 bytes */
    size_t rest = strlen(p);
    if (rest >= 3)
        memcpy(p, "\xE2\x80\xA6", 4);
    else
        *p = '\0';
}

static void pad(nk_buf *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        nk_buf_putc(out, ' ');
}

static void write_table(const nk_results *r, size_t max_width, nk_buf *out)
{
    if (r->kind == NK_RESULTS_BOOLEAN) {
        nk_buf_puts(out, r->boolean ? "true\n" : "false\n");
        return;
    }
    size_t nv = r->nvars;
    char **cells = nk_xcalloc((r->nrows + 1) * (nv ? nv : 1), sizeof *cells);
    size_t *w = nk_xcalloc(nv ? nv : 1, sizeof *w);
    for (size_t v = 0; v < nv; v++) {
        cells[v] = nk_xstrdup(r->vars[v]);
        w[v] = display_width(cells[v]);
    }
    for (size_t i = 0; i < r->nrows; i++)
        for (size_t v = 0; v < nv; v++) {
            char *c = cell_text(&r->cells[i * nv + v]);
            cut(c, max_width);
            size_t cw = display_width(c);
            if (cw > w[v])
                w[v] = cw;
            cells[(i + 1) * nv + v] = c;
        }
    for (size_t i = 0; i <= r->nrows; i++) {
        for (size_t v = 0; v < nv; v++) {
            const char *c = cells[i * nv + v];
            nk_buf_puts(out, c);
            if (v + 1 < nv) {
                pad(out, w[v] - display_width(c));
                nk_buf_puts(out, " | ");
            }
        }
        nk_buf_putc(out, '\n');
        if (i == 0) {
            for (size_t v = 0; v < nv; v++) {
                for (size_t k = 0; k < w[v]; k++)
                    nk_buf_putc(out, '-');
                if (v + 1 < nv)
                    nk_buf_puts(out, "-+-");
            }
            nk_buf_putc(out, '\n');
        }
    }
    nk_buf_printf(out, "(%zu row%s)\n", r->nrows, r->nrows == 1 ? "" : "s");
    for (size_t i = 0; i < (r->nrows + 1) * nv; i++)
        free(cells[i]);
    free(cells);
    free(w);
}

int nk_results_write(const nk_results *r, nk_results_format format, size_t max_width,
                     nk_buf *out)
{
    if (r->kind == NK_RESULTS_GRAPH) {
        if (!nk_results_format_is_graph(format))
            return NK_ERR_UNSUPPORTED;
        nk_buf_append(out, r->graph_text.data ? r->graph_text.data : "", r->graph_text.len);
        return NK_OK;
    }
    if (nk_results_format_is_graph(format))
        return NK_ERR_UNSUPPORTED;
    switch (format) {
    case NK_RESULTS_TABLE:
        write_table(r, max_width, out);
        break;
    case NK_RESULTS_CSV:
        if (r->kind == NK_RESULTS_BOOLEAN) {
            nk_buf_puts(out, r->boolean ? "true\r\n" : "false\r\n");
            break;
        }
        for (size_t v = 0; v < r->nvars; v++) {
            if (v)
                nk_buf_putc(out, ',');
            csv_field(out, r->vars[v], strlen(r->vars[v]));
        }
        nk_buf_puts(out, "\r\n");
        for (size_t i = 0; i < r->nrows; i++) {
            for (size_t v = 0; v < r->nvars; v++) {
                if (v)
                    nk_buf_putc(out, ',');
                csv_term(out, &r->cells[i * r->nvars + v]);
            }
            nk_buf_puts(out, "\r\n");
        }
        break;
    case NK_RESULTS_TSV:
        if (r->kind == NK_RESULTS_BOOLEAN) {
            nk_buf_puts(out, r->boolean ? "true\n" : "false\n");
            break;
        }
        for (size_t v = 0; v < r->nvars; v++) {
            if (v)
                nk_buf_putc(out, '\t');
            nk_buf_putc(out, '?');
            nk_buf_puts(out, r->vars[v]);
        }
        nk_buf_putc(out, '\n');
        for (size_t i = 0; i < r->nrows; i++) {
            for (size_t v = 0; v < r->nvars; v++) {
                if (v)
                    nk_buf_putc(out, '\t');
                nk_sparql_term_nt(out, &r->cells[i * r->nvars + v]);
            }
            nk_buf_putc(out, '\n');
        }
        break;
    case NK_RESULTS_JSON:
        write_json(r, out);
        break;
    case NK_RESULTS_XML:
        write_xml(r, out);
        break;
    case NK_RESULTS_TURTLE:
    case NK_RESULTS_NTRIPLES:
    default:
        return NK_ERR_UNSUPPORTED;
    }
    return NK_OK;
}

/* ---- reading a server's JSON ---------------------------------------------------------------- */

static int json_error(nk_diag_sink *sink, const char *name, const char *text, size_t len,
                      size_t off, const char *msg)
{
    unsigned line, col;
    nk_line_col(text, len, off, &line, &col);
    nk_diag_report(sink, NK_ERROR, name, line, col, off, "SPARQL JSON results: %s", msg);
    return NK_ERR_PARSE;
}

int nk_results_read_json(nk_results **out, const char *text, size_t len, const char *name,
                         nk_diag_sink *sink)
{
    *out = NULL;
    nk_arena *arena = nk_arena_new();
    nk_json *root = NULL;
    size_t eoff = 0;
    const char *emsg = NULL;
    int rc = NK_OK;
    nk_results *r = NULL;
    if (nk_json_parse(&root, text, len, arena, &eoff, &emsg) < 0) {
        rc = json_error(sink, name, text, len, eoff, emsg ? emsg : "malformed JSON");
        goto done;
    }
    if (root->type != NK_JSON_OBJECT) {
        rc = json_error(sink, name, text, len, root->offset, "not an object");
        goto done;
    }
    const nk_json *b = nk_json_get(root, "boolean");
    if (b) {
        if (b->type != NK_JSON_TRUE && b->type != NK_JSON_FALSE) {
            rc = json_error(sink, name, text, len, b->offset, "\"boolean\" is not true or false");
            goto done;
        }
        r = nk_results_new(NK_RESULTS_BOOLEAN);
        r->boolean = b->type == NK_JSON_TRUE;
        goto done;
    }
    const nk_json *vars = nk_json_get(nk_json_get(root, "head"), "vars");
    const nk_json *bindings = nk_json_get(nk_json_get(root, "results"), "bindings");
    if (!vars || vars->type != NK_JSON_ARRAY || !bindings || bindings->type != NK_JSON_ARRAY) {
        rc = json_error(sink, name, text, len, root->offset,
                        "no head.vars or results.bindings array");
        goto done;
    }
    r = nk_results_new(NK_RESULTS_BINDINGS);
    for (const nk_json *v = vars->child; v; v = v->next) {
        if (v->type != NK_JSON_STRING) {
            rc = json_error(sink, name, text, len, v->offset, "a variable name is not a string");
            goto done;
        }
        nk_results_add_var(r, v->str);
    }
    for (const nk_json *row = bindings->child; row; row = row->next) {
        if (row->type != NK_JSON_OBJECT) {
            rc = json_error(sink, name, text, len, row->offset, "a binding is not an object");
            goto done;
        }
        nk_sparql_term *cells = nk_results_add_row(r);
        for (const nk_json *m = row->child; m; m = m->next) {
            size_t v = 0;
            while (v < r->nvars && strcmp(r->vars[v], m->key) != 0)
                v++;
            if (v == r->nvars)
                continue;   /* a variable not in head.vars: ignored */
            const nk_json *type = nk_json_get(m, "type");
            const nk_json *value = nk_json_get(m, "value");
            if (!type || type->type != NK_JSON_STRING || !value ||
                value->type != NK_JSON_STRING) {
                rc = json_error(sink, name, text, len, m->offset,
                                "a term without a string type and value");
                goto done;
            }
            const nk_json *lang = nk_json_get(m, "xml:lang");
            const nk_json *dt = nk_json_get(m, "datatype");
            nk_sparql_kind kind;
            if (strcmp(type->str, "uri") == 0)
                kind = NK_SPARQL_IRI;
            else if (strcmp(type->str, "bnode") == 0)
                kind = NK_SPARQL_BLANK;
            else if (strcmp(type->str, "literal") == 0 || strcmp(type->str, "typed-literal") == 0)
                kind = NK_SPARQL_LITERAL;
            else {
                rc = json_error(sink, name, text, len, type->offset, "unknown term type");
                goto done;
            }
            const char *dts = dt && dt->type == NK_JSON_STRING ? dt->str : NULL;
            const char *val = value->str;
            size_t vlen = value->len;
            /* Virtuoso writes xsd:boolean as 1 and 0: the canonical form */
            if (dts && strcmp(dts, XSD_BOOLEAN) == 0 && vlen == 1 && (*val == '1' || *val == '0')) {
                val = *val == '1' ? "true" : "false";
                vlen = strlen(val);
            }
            nk_results_set_term(r, &cells[v], kind, val, vlen,
                                lang && lang->type == NK_JSON_STRING ? lang->str : NULL, dts);
        }
    }
done:
    nk_arena_free(arena);
    if (rc < 0) {
        nk_results_free(r);
        return rc;
    }
    *out = r;
    return NK_OK;
}

/* ---- $name substitution ------------------------------------------------------------------ */

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || (unsigned char)c >= 0x80;
}

/* VALUE as a SPARQL term: an IRI when it is one (<...>, or a scheme like
 * http:, https:, urn:, file: and no characters IRIs forbid), else a string
 * literal. */
static void sparql_term(nk_buf *out, const char *value)
{
    size_t n = strlen(value);
    const char *iri = value;
    size_t ilen = n;
    if (n >= 2 && value[0] == '<' && value[n - 1] == '>') {
        iri = value + 1;
        ilen = n - 2;
    }
    bool is_iri = iri != value || strncmp(value, "http://", 7) == 0 ||
                  strncmp(value, "https://", 8) == 0 || strncmp(value, "urn:", 4) == 0 ||
                  strncmp(value, "file:", 5) == 0;
    for (size_t i = 0; is_iri && i < ilen; i++) {
        unsigned char c = (unsigned char)iri[i];
        if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
            is_iri = false;
    }
    if (is_iri) {
        nk_buf_putc(out, '<');
        nk_buf_append(out, iri, ilen);
        nk_buf_putc(out, '>');
    } else {
        nt_string(out, value, n);
    }
}

/* The length of the string, IRI or comment starting at P (0 when P starts
 * none of them): the parts of a query where words are not keywords. */
static size_t opaque_len(const char *p)
{
    char c = *p;
    if (c == '#') {
        const char *e = strchr(p, '\n');
        return e ? (size_t)(e - p) : strlen(p);
    }
    if (c == '"' || c == '\'') {
        bool longq = p[1] == c && p[2] == c;
        const char *s = p + (longq ? 3 : 1);
        while (*s) {
            if (*s == '\\' && s[1]) {
                s += 2;
                continue;
            }
            if (longq ? (s[0] == c && s[1] == c && s[2] == c) : (*s == c || *s == '\n'))
                break;
            s++;
        }
        if (*s)
            s += longq ? 3 : 1;
        return (size_t)(s - p);
    }
    if (c == '<') {   /* an IRI: no spaces up to '>' (else the operator) */
        const char *s = p + 1;
        while (*s && *s != '>' && *s != ' ' && *s != '\n' && *s != '\t' && *s != '<')
            s++;
        return *s == '>' ? (size_t)(s - p) + 1 : 0;
    }
    return 0;
}

char *nk_sparql_substitute(const char *query, const char *const *names,
                           const char *const *values, size_t n)
{
    nk_buf out = {0};
    const char *p = query;
    nk_buf_puts(&out, "");
    while (*p) {
        size_t k = opaque_len(p);
        if (k) {
            nk_buf_append(&out, p, k);
            p += k;
        } else if (*p == '$' && name_char(p[1])) {
            const char *s = p + 1;
            while (name_char(*s))
                s++;
            size_t len = (size_t)(s - p - 1);
            bool done = false;
            for (size_t i = 0; i < n && !done; i++)
                if (strlen(names[i]) == len && strncmp(names[i], p + 1, len) == 0) {
                    sparql_term(&out, values[i]);
                    done = true;
                }
            if (!done)
                nk_buf_append(&out, p, (size_t)(s - p));
            p = s;
        } else {
            nk_buf_putc(&out, *p);
            p++;
        }
    }
    return nk_buf_detach(&out);
}

/* The first KW at or after FROM that starts a word of QUERY, outside
 * strings, IRIs and comments; NULL when there is none. */
static const char *keyword_from(const char *query, const char *from, const char *kw)
{
    for (const char *p = from; *p;) {
        size_t k = opaque_len(p);
        if (k) {
            p += k;
            continue;
        }
        bool word_start = p == query || (!name_char(p[-1]) && p[-1] != '?' && p[-1] != '$' &&
                                         p[-1] != ':');
        if (word_start && keyword(p, kw))
            return p;
        p++;
    }
    return NULL;
}

const char *nk_sparql_find_keyword(const char *query, const char *kw)
{
    return keyword_from(query, query, kw);
}

bool nk_sparql_has_keyword(const char *query, const char *kw)
{
    return nk_sparql_find_keyword(query, kw) != NULL;
}

const char *nk_sparql_find_call(const char *query, const char *kw)
{
    for (const char *p = keyword_from(query, query, kw); p; p = keyword_from(query, p + 1, kw))
        if (*skip_space_and_comments(p + strlen(kw)) == '(')
            return p;
    return NULL;
}

const char *nk_sparql_nested_call(const char *query, const char *kw)
{
    for (const char *call = keyword_from(query, query, kw); call;) {
        const char *a = skip_space_and_comments(call + strlen(kw));
        if (*a == '(') {
            /* its arguments, up to the matching ')' */
            for (a++; *a && *a != ')';) {
                size_t k = opaque_len(a);
                if (k > 0)
                    a += k;
                else if (*a == '(')
                    return call;
                else
                    a++;
            }
        }
        call = keyword_from(query, a, kw);
    }
    return NULL;
}

char *nk_sparql_strip_distinct(const char *query)
{
    nk_query_verb verb;
    const char *at = nk_sparql_verb_at(query, &verb);
    if (verb != NK_VERB_SELECT)
        return NULL;
    const char *d = skip_space_and_comments(at + strlen("SELECT"));
    if (!keyword(d, "DISTINCT") || nk_sparql_has_keyword(query, "LIMIT") ||
        nk_sparql_has_keyword(query, "OFFSET"))
        return NULL;
    nk_buf b = {0};
    nk_buf_append(&b, query, (size_t)(d - query));
    nk_buf_puts(&b, d + strlen("DISTINCT"));
    return nk_buf_detach(&b);
}

int nk_sparql_strip_order(const char *query, char **out, nk_sparql_order *keys, size_t max,
                          size_t *nkeys)
{
    *out = NULL;
    *nkeys = 0;
    if (nk_sparql_has_keyword(query, "LIMIT") || nk_sparql_has_keyword(query, "OFFSET"))
        return 0;
    /* the last ORDER outside strings, IRIs and comments */
    const char *p = query, *order = NULL;
    while (*p) {
        size_t k = opaque_len(p);
        if (k) {
            p += k;
            continue;
        }
        bool word_start = p == query || (!name_char(p[-1]) && p[-1] != '?' && p[-1] != '$' &&
                                         p[-1] != ':');
        if (word_start && keyword(p, "ORDER"))
            order = p;
        p++;
    }
    if (!order)
        return 0;
    const char *q = skip_space_and_comments(order + strlen("ORDER"));
    if (!keyword(q, "BY"))
        return 0;
    q += strlen("BY");
    size_t n = 0;
    for (;;) {
        q = skip_space_and_comments(q);
        if (!*q)
            break;
        bool desc = false, paren = false;
        if (keyword(q, "ASC") || keyword(q, "DESC")) {
            desc = keyword(q, "DESC");
            q = skip_space_and_comments(q + (desc ? 4 : 3));
            if (*q != '(')
                return 0;
            q = skip_space_and_comments(q + 1);
            paren = true;
        }
        if ((*q != '?' && *q != '$') || !name_char(q[1]))
            return 0;   /* an expression: rasqal sorts */
        const char *name = q + 1;
        while (name_char(*++q))
            ;
        if (paren) {
            q = skip_space_and_comments(q);
            if (*q != ')')
                return 0;
            q++;
        }
        if (n == max)
            return 0;
        size_t len = (size_t)(q - name);
        if (len >= sizeof keys[n].var)
            return 0;
        memcpy(keys[n].var, name, len);
        keys[n].var[len] = '\0';
        keys[n].descending = desc;
        n++;
    }
    if (n == 0)
        return 0;
    nk_buf b = {0};
    nk_buf_append(&b, query, (size_t)(order - query));
    *out = nk_buf_detach(&b);
    *nkeys = n;
    return 1;
}

static bool same_term(const nk_sparql_term *a, const nk_sparql_term *b);

/* The position of the last top-level occurrence of keyword KW, or NULL. */
static const char *last_keyword(const char *query, const char *kw)
{
    const char *p = query, *found = NULL;
    while (*p) {
        size_t k = opaque_len(p);
        if (k) {
            p += k;
            continue;
        }
        bool word_start = p == query || (!name_char(p[-1]) && p[-1] != '?' && p[-1] != '$' &&
                                         p[-1] != ':');
        if (word_start && keyword(p, kw))
            found = p;
        p++;
    }
    return found;
}

/* Read a variable name at *P (after '?' or '$') into BUF; false if none. */
static bool read_var(const char **p, char *buf, size_t n)
{
    const char *q = skip_space_and_comments(*p);
    if ((*q != '?' && *q != '$') || !name_char(q[1]))
        return false;
    const char *name = ++q;
    while (name_char(*q))
        q++;
    size_t len = (size_t)(q - name);
    if (len >= n)
        return false;
    memcpy(buf, name, len);
    buf[len] = '\0';
    *p = q;
    return true;
}

static bool read_char(const char **p, char c)
{
    const char *q = skip_space_and_comments(*p);
    if (*q != c)
        return false;
    *p = q + 1;
    return true;
}

static bool read_word(const char **p, const char *kw)
{
    const char *q = skip_space_and_comments(*p);
    if (!keyword(q, kw))
        return false;
    *p = q + strlen(kw);
    return true;
}

/* (COUNT( [DISTINCT] * | ?x | STR(?x) ) AS ?n) at *P. */
static bool read_count(const char **p, nk_sparql_column *c)
{
    const char *q = *p;
    if (!read_char(&q, '(') || !read_word(&q, "COUNT") || !read_char(&q, '('))
        return false;
    bool distinct = read_word(&q, "DISTINCT");
    if (!distinct && read_char(&q, '*')) {
        c->agg = NK_AGG_COUNT_ROWS;
        c->var[0] = '\0';
    } else if (read_word(&q, "STR")) {
        if (!distinct || !read_char(&q, '(') || !read_var(&q, c->var, sizeof c->var) ||
            !read_char(&q, ')'))
            return false;
        c->agg = NK_AGG_COUNT_DISTINCT_STR;
    } else if (read_var(&q, c->var, sizeof c->var)) {
        c->agg = distinct ? NK_AGG_COUNT_DISTINCT : NK_AGG_COUNT;
    } else {
        return false;
    }
    if (!read_char(&q, ')') || !read_word(&q, "AS") || !read_var(&q, c->as, sizeof c->as) ||
        !read_char(&q, ')'))
        return false;
    *p = q;
    return true;
}

int nk_sparql_strip_group(const char *query, char **out, nk_sparql_column *cols, size_t max,
                          size_t *ncols)
{
    *out = NULL;
    *ncols = 0;
    nk_query_verb verb;
    const char *sel = nk_sparql_verb_at(query, &verb);
    if (verb != NK_VERB_SELECT || nk_sparql_has_keyword(query, "LIMIT") ||
        nk_sparql_has_keyword(query, "OFFSET") || nk_sparql_has_keyword(query, "HAVING"))
        return 0;
    const char *group = last_keyword(query, "GROUP");
    if (!group)
        return 0;
    /* the projection: keys and counts, up to WHERE or '{' */
    const char *p = sel + strlen("SELECT");
    size_t n = 0;
    for (;;) {
        const char *q = skip_space_and_comments(p);
        if (keyword(q, "WHERE") || *q == '{')
            break;
        if (n == max)
            return 0;
        nk_sparql_column *c = &cols[n];
        memset(c, 0, sizeof *c);
        if (read_var(&p, c->var, sizeof c->var)) {
            c->agg = NK_AGG_KEY;
            strcpy(c->as, c->var);
        } else if (!read_count(&p, c)) {
            return 0;   /* anything else: rasqal groups */
        }
        n++;
    }
    const char *where = skip_space_and_comments(p);
    if (group < where)
        return 0;   /* the last GROUP is not after the projection (found by fuzz_query) */
    /* GROUP BY: variables only, up to ORDER or the end; the same as the keys */
    const char *q = group + strlen("GROUP");
    if (!read_word(&q, "BY"))
        return 0;
    size_t nkeys = 0;
    char var[64];
    while (read_var(&q, var, sizeof var)) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = cols[i].agg == NK_AGG_KEY && strcmp(cols[i].var, var) == 0;
        if (!found)
            return 0;
        nkeys++;
    }
    const char *rest = skip_space_and_comments(q);
    if (*rest && !keyword(rest, "ORDER"))
        return 0;
    size_t keys = 0;
    for (size_t i = 0; i < n; i++)
        keys += cols[i].agg == NK_AGG_KEY;
    if (keys != nkeys || n == keys)
        return 0;
    /* SELECT the keys and the counted variables, ungrouped */
    nk_buf b = {0};
    nk_buf_append(&b, query, (size_t)(sel - query));
    nk_buf_puts(&b, "SELECT");
    for (size_t i = 0; i < n; i++) {
        if (cols[i].agg == NK_AGG_COUNT_ROWS)
            continue;
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = cols[j].agg != NK_AGG_COUNT_ROWS && strcmp(cols[j].var, cols[i].var) == 0;
        if (!dup)
            nk_buf_printf(&b, " ?%s", cols[i].var);
    }
    if (b.len == (size_t)(sel - query) + strlen("SELECT"))
        nk_buf_puts(&b, " *");
    nk_buf_putc(&b, ' ');
    nk_buf_append(&b, where, (size_t)(group - where));
    nk_buf_puts(&b, rest);
    *out = nk_buf_detach(&b);
    *ncols = n;
    return 1;
}

/* A term's text for COUNT(DISTINCT STR(?x)). */
static uint64_t str_hash(const nk_sparql_term *t)
{
    return nk_hash64(t->value ? t->value : "", t->len, NK_HASH_SEED);
}

bool nk_u64set_add(nk_u64set *s, uint64_t k)
{
    if ((s->n + 1) * 2 > s->cap) {
        nk_u64set old = *s;
        s->cap = old.cap ? old.cap * 2 : 16;
        s->slots = nk_xcalloc(s->cap, sizeof *s->slots);
        s->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i])
                (void)nk_u64set_add(s, old.slots[i]);
        free(old.slots);
    }
    if (!k)
        k = 1;
    size_t mask = s->cap - 1;
    size_t i = (size_t)k & mask;
    while (s->slots[i]) {
        if (s->slots[i] == k)
            return false;
        i = (i + 1) & mask;
    }
    s->slots[i] = k;
    s->n++;
    return true;
}

void nk_u64set_free(nk_u64set *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}

typedef struct group_state {
    size_t first_row;      /* the group's first row in the input */
    size_t *counts;        /* per column */
    nk_u64set *seen;       /* per distinct column */
} group_state;

int nk_results_group(nk_results *r, const nk_sparql_column *cols, size_t ncols)
{
    if (r->kind != NK_RESULTS_BINDINGS)
        return NK_OK;
    size_t *src = nk_xcalloc(ncols ? ncols : 1, sizeof *src);
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].agg == NK_AGG_COUNT_ROWS)
            continue;
        size_t v = 0;
        while (v < r->nvars && strcmp(r->vars[v], cols[c].var) != 0)
            v++;
        if (v == r->nvars) {
            free(src);
            return NK_ERR_NOTFOUND;
        }
        src[c] = v;
    }
    /* groups by a hash of their keys (collisions told apart by comparing) */
    size_t cap = 16;
    while (cap < r->nrows * 2)
        cap *= 2;
    size_t *slots = nk_xcalloc(cap, sizeof *slots);   /* group index + 1 */
    group_state *groups = NULL;
    size_t ngroups = 0, gcap = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const nk_sparql_term *row = &r->cells[i * r->nvars];
        uint64_t h = NK_HASH_SEED;
        for (size_t c = 0; c < ncols; c++) {
            if (cols[c].agg != NK_AGG_KEY)
                continue;
            const nk_sparql_term *t = &row[src[c]];
            unsigned char k = (unsigned char)t->kind;
            h = nk_hash64(&k, 1, h);
            h = nk_hash64(t->value ? t->value : "", t->len, h);
            h = nk_hash64(t->lang ? t->lang : "", t->lang ? strlen(t->lang) : 0, h);
            h = nk_hash64(t->datatype ? t->datatype : "", t->datatype ? strlen(t->datatype) : 0, h);
        }
        size_t s = (size_t)h & (cap - 1);
        group_state *g = NULL;
        while (slots[s]) {
            group_state *cand = &groups[slots[s] - 1];
            const nk_sparql_term *first = &r->cells[cand->first_row * r->nvars];
            bool same = true;
            for (size_t c = 0; c < ncols && same; c++)
                if (cols[c].agg == NK_AGG_KEY)
                    same = same_term(&first[src[c]], &row[src[c]]);
            if (same) {
                g = cand;
                break;
            }
            s = (s + 1) & (cap - 1);
        }
        if (!g) {
            if (ngroups == gcap) {
                gcap = gcap ? gcap * 2 : 16;
                groups = nk_xrealloc(groups, gcap * sizeof *groups);
            }
            g = &groups[ngroups++];
            memset(g, 0, sizeof *g);
            g->first_row = i;
            g->counts = nk_xcalloc(ncols ? ncols : 1, sizeof *g->counts);
            g->seen = nk_xcalloc(ncols ? ncols : 1, sizeof *g->seen);
            slots[s] = ngroups;
        }
        for (size_t c = 0; c < ncols; c++) {
            const nk_sparql_term *t = &row[src[c]];
            switch (cols[c].agg) {
            case NK_AGG_COUNT_ROWS: g->counts[c]++; break;
            case NK_AGG_COUNT: g->counts[c] += t->kind != NK_SPARQL_UNBOUND; break;
            case NK_AGG_COUNT_DISTINCT:
                if (t->kind != NK_SPARQL_UNBOUND) {
                    /* the term, not only its text: kind, value, lang, type */
                    uint64_t th = nk_hash64(&t->kind, sizeof t->kind, str_hash(t));
                    th = nk_hash64(t->lang ? t->lang : "", t->lang ? strlen(t->lang) : 0, th);
                    th = nk_hash64(t->datatype ? t->datatype : "",
                                   t->datatype ? strlen(t->datatype) : 0, th);
                    g->counts[c] += nk_u64set_add(&g->seen[c], th);
                }
                break;
            case NK_AGG_COUNT_DISTINCT_STR:
                if (t->kind == NK_SPARQL_IRI || t->kind == NK_SPARQL_LITERAL)
                    g->counts[c] += nk_u64set_add(&g->seen[c], str_hash(t));
                break;
            case NK_AGG_KEY:
            default:
                break;
            }
        }
    }
    /* the grouped rows: keys from each group's first row, then counts */
    nk_sparql_term *cells = nk_xcalloc((ngroups ? ngroups : 1) * (ncols ? ncols : 1),
                                       sizeof *cells);
    for (size_t gi = 0; gi < ngroups; gi++) {
        group_state *g = &groups[gi];
        const nk_sparql_term *first = &r->cells[g->first_row * r->nvars];
        for (size_t c = 0; c < ncols; c++) {
            nk_sparql_term *t = &cells[gi * ncols + c];
            if (cols[c].agg == NK_AGG_KEY) {
                *t = first[src[c]];
            } else {
                char num[32];
                snprintf(num, sizeof num, "%zu", g->counts[c]);
                nk_results_set_term(r, t, NK_SPARQL_LITERAL, num, strlen(num), NULL,
                                    "http://www.w3.org/2001/XMLSchema#integer");
            }
            nk_u64set_free(&g->seen[c]);
        }
        free(g->counts);
        free(g->seen);
    }
    free(groups);
    free(slots);
    free(src);
    free(r->cells);
    r->cells = cells;
    r->nrows = ngroups;
    r->cap = ngroups;
    free(r->vars);
    r->vars = NULL;
    r->nvars = 0;
    for (size_t c = 0; c < ncols; c++)
        nk_results_add_var(r, cols[c].as);
    return NK_OK;
}

/* SPARQL's order of terms: unbound, blank nodes, IRIs, literals; numbers
 * by value when both are numbers, else by their text. */
static bool numeric_type(const char *dt)
{
    static const char *const NUM[] = {
        "integer", "decimal", "double", "float", "int", "long", "short", "byte",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", NULL};
    static const char XSD[] = "http://www.w3.org/2001/XMLSchema#";
    if (!dt || strncmp(dt, XSD, sizeof XSD - 1) != 0)
        return false;
    for (size_t i = 0; NUM[i]; i++)
        if (strcmp(dt + sizeof XSD - 1, NUM[i]) == 0)
            return true;
    return false;
}

static int term_order(const nk_sparql_term *a, const nk_sparql_term *b)
{
    static const int RANK[] = {[NK_SPARQL_UNBOUND] = 0, [NK_SPARQL_BLANK] = 1,
                               [NK_SPARQL_IRI] = 2, [NK_SPARQL_LITERAL] = 3};
    if (a->kind != b->kind)
        return RANK[a->kind] < RANK[b->kind] ? -1 : 1;
    if (a->kind == NK_SPARQL_UNBOUND)
        return 0;
    if (a->kind == NK_SPARQL_LITERAL && numeric_type(a->datatype) && numeric_type(b->datatype)) {
        double x = strtod(a->value, NULL), y = strtod(b->value, NULL);
        if (x != y)
            return x < y ? -1 : 1;
    }
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->value, b->value, n) : 0;
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

typedef struct sort_ctx {
    const nk_results *r;
    const size_t *cols;
    const bool *desc;
    size_t ncols;
} sort_ctx;

static sort_ctx *the_sort;   /* qsort has no context argument */

static int row_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const sort_ctx *s = the_sort;
    for (size_t k = 0; k < s->ncols; k++) {
        size_t v = s->cols[k];
        int c = term_order(&s->r->cells[a * s->r->nvars + v], &s->r->cells[b * s->r->nvars + v]);
        if (c)
            return s->desc[k] ? -c : c;
    }
    return a < b ? -1 : a > b ? 1 : 0;   /* stable */
}

int nk_results_sort(nk_results *r, const nk_sparql_order *keys, size_t nkeys)
{
    if (r->kind != NK_RESULTS_BINDINGS)
        return NK_OK;
    size_t *cols = nk_xmalloc((nkeys ? nkeys : 1) * sizeof *cols);
    bool *desc = nk_xmalloc((nkeys ? nkeys : 1) * sizeof *desc);
    for (size_t k = 0; k < nkeys; k++) {
        size_t v = 0;
        while (v < r->nvars && strcmp(r->vars[v], keys[k].var) != 0)
            v++;
        if (v == r->nvars) {
            free(cols);
            free(desc);
            return NK_ERR_NOTFOUND;   /* not projected: the caller lets rasqal sort */
        }
        cols[k] = v;
        desc[k] = keys[k].descending;
    }
    size_t *idx = nk_xmalloc((r->nrows ? r->nrows : 1) * sizeof *idx);
    for (size_t i = 0; i < r->nrows; i++)
        idx[i] = i;
    sort_ctx s = {r, cols, desc, nkeys};
    the_sort = &s;
    qsort(idx, r->nrows, sizeof *idx, row_order);
    the_sort = NULL;
    size_t ncells = r->nrows * r->nvars;
    nk_sparql_term *cells = nk_xmalloc((ncells > 0 ? ncells : 1) * sizeof *cells);
    for (size_t i = 0; i < r->nrows; i++)
        memcpy(&cells[i * r->nvars], &r->cells[idx[i] * r->nvars], r->nvars * sizeof *cells);
    free(r->cells);
    r->cells = cells;
    r->cap = r->nrows;
    free(idx);
    free(cols);
    free(desc);
    return NK_OK;
}

/* Rows are equal when every cell is the same term. */
static uint64_t row_hash(const nk_results *r, size_t i)
{
    uint64_t h = NK_HASH_SEED;
    for (size_t v = 0; v < r->nvars; v++) {
        const nk_sparql_term *t = &r->cells[i * r->nvars + v];
        unsigned char k = (unsigned char)t->kind;
        h = nk_hash64(&k, 1, h);
        h = nk_hash64(t->value ? t->value : "", t->len, h);
        h = nk_hash64(t->lang ? t->lang : "", t->lang ? strlen(t->lang) + 1 : 0, h);
        h = nk_hash64(t->datatype ? t->datatype : "", t->datatype ? strlen(t->datatype) + 1 : 0, h);
        h = nk_hash64("|", 1, h);
    }
    return h;
}

static bool same_term(const nk_sparql_term *a, const nk_sparql_term *b)
{
    if (a->kind != b->kind || a->len != b->len)
        return false;
    if (a->len && memcmp(a->value, b->value, a->len) != 0)
        return false;
    if ((a->lang == NULL) != (b->lang == NULL) || (a->lang && strcmp(a->lang, b->lang) != 0))
        return false;
    return (a->datatype == NULL) == (b->datatype == NULL) &&
           (!a->datatype || strcmp(a->datatype, b->datatype) == 0);
}

void nk_results_distinct(nk_results *r)
{
    if (r->kind != NK_RESULTS_BINDINGS || r->nrows < 2)
        return;
    size_t cap = 16;
    while (cap < r->nrows * 2)
        cap *= 2;
    size_t *slots = nk_xmalloc(cap * sizeof *slots);   /* row index + 1, 0 empty */
    memset(slots, 0, cap * sizeof *slots);
    size_t kept = 0, nv = r->nvars;
    for (size_t i = 0; i < r->nrows; i++) {
        size_t h = (size_t)row_hash(r, i) & (cap - 1);
        bool dup = false;
        while (slots[h] && !dup) {
            const nk_sparql_term *a = &r->cells[(slots[h] - 1) * nv];
            const nk_sparql_term *b = &r->cells[i * nv];
            dup = true;
            for (size_t v = 0; v < nv && dup; v++)
                dup = same_term(&a[v], &b[v]);
            if (!dup)
                h = (h + 1) & (cap - 1);
        }
        if (dup)
            continue;
        if (kept != i)
            memmove(&r->cells[kept * nv], &r->cells[i * nv], nv * sizeof *r->cells);
        slots[h] = kept + 1;
        kept++;
    }
    r->nrows = kept;
    free(slots);
}
