/* facts_jsonl.c: see facts_jsonl.h. */
#include "facts_jsonl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "json.h"
#include "quantity.h"

/* Stop reporting after this many bad lines (the result is an error anyway). */
#define MAX_REPORTED 20

static const char *const ENTITY_TYPES[] = {"Person", "Organization", "Country",
                                           "Location", "Group"};

bool nk_entity_type_known(const char *type)
{
    if (!type)
        return false;
    for (size_t i = 0; i < sizeof ENTITY_TYPES / sizeof *ENTITY_TYPES; i++)
        if (strcmp(type, ENTITY_TYPES[i]) == 0)
            return true;
    return false;
}

/* State for reading one line. */
typedef struct line_ctx {
    const char *filename;
    const char *text;     /* whole input */
    size_t line_start;    /* offset of the line in text */
    unsigned line;        /* 1-based */
    nk_diag_sink *sink;
    bool failed;          /* an error was reported for this line */
    unsigned *reported;
} line_ctx;

static void report(line_ctx *c, size_t offset_in_line, const char *key,
                   const char *fmt, ...) NK_PRINTF(4, 5);

static void report(line_ctx *c, size_t offset_in_line, const char *key,
                   const char *fmt, ...)
{
    c->failed = true;
    if (++*c->reported > MAX_REPORTED)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (key)
        nk_diag_report(c->sink, NK_ERROR, c->filename, c->line,
                       (unsigned)offset_in_line + 1, c->line_start + offset_in_line,
                       "key \"%s\": %s", key, msg);
    else
        nk_diag_report(c->sink, NK_ERROR, c->filename, c->line,
                       (unsigned)offset_in_line + 1, c->line_start + offset_in_line,
                       "%s", msg);
}

static void wrong_type(line_ctx *c, const nk_json *v, const char *key,
                       const char *want)
{
    char msg[128];
    snprintf(msg, sizeof msg, "expected %s, got %s", want,
             nk_json_type_name(v->type));
    report(c, v->offset, key, "%s", msg);
}

/* A string value (or NULL for JSON null when NULLABLE); reports otherwise. */
static bool get_str(line_ctx *c, nk_factset *set, const nk_json *v,
                    const char *key, bool nullable, const char **out)
{
    *out = NULL;
    if (!v)
        return true;
    if (v->type == NK_JSON_NULL && nullable)
        return true;
    if (v->type != NK_JSON_STRING) {
        wrong_type(c, v, key, nullable ? "a string or null" : "a string");
        return false;
    }
    if (strlen(v->str) != v->len) {
        report(c, v->offset, key, "string contains a NUL character");
        return false;
    }
    *out = nk_factset_str(set, v->str);
    return true;
}

/* True when S is an ontology local name: a letter, then letters/digits. */
bool nk_facts_class_name_ok(const char *s)
{
    if (!s || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

bool nk_facts_wikidata_ok(const char *s)
{
    if (!s || s[0] != 'Q' || !s[1])
        return false;
    for (s++; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* An affiliation's affiliation's ... : deeper nesting is refused. */
#define MAX_AFFILIATION_DEPTH 4

static bool get_entity_at(line_ctx *c, nk_factset *set, const nk_json *obj,
                          const char *key, const char *name, unsigned depth,
                          nk_entity_ref **out)
{
    char k[160];
    *out = NULL;
    const nk_json *v = nk_json_get(obj, name);
    if (!v || v->type == NK_JSON_NULL)
        return true;
    if (depth > MAX_AFFILIATION_DEPTH) {
        report(c, v->offset, key, "affiliations nested too deeply");
        return false;
    }
    if (v->type != NK_JSON_OBJECT) {
        wrong_type(c, v, key, "an object or null");
        return false;
    }
    const char *label, *type, *iri, *wikidata;
    bool ok = true;
    snprintf(k, sizeof k, "%s.label", key);
    const nk_json *lv = nk_json_get(v, "label");
    if (!lv) {
        report(c, v->offset, k, "missing");
        ok = false;
    } else {
        ok &= get_str(c, set, lv, k, false, &label);
    }
    snprintf(k, sizeof k, "%s.type", key);
    const nk_json *tv = nk_json_get(v, "type");
    if (get_str(c, set, tv, k, true, &type)) {
        if (type && !nk_entity_type_known(type)) {
            report(c, tv->offset, k,
                   "unknown entity type \"%s\" (Person, Organization, Country, "
                   "Location or Group expected)",
                   type);
            ok = false;
        }
    } else {
        ok = false;
    }
    snprintf(k, sizeof k, "%s.iri", key);
    ok &= get_str(c, set, nk_json_get(v, "iri"), k, true, &iri);
    if (ok && iri && !strstr(iri, ":")) {
        report(c, nk_json_get(v, "iri")->offset, k, "not an absolute IRI: \"%s\"", iri);
        ok = false;
    }
    snprintf(k, sizeof k, "%s.wikidata", key);
    const nk_json *wv = nk_json_get(v, "wikidata");
    if (get_str(c, set, wv, k, true, &wikidata)) {
        if (wikidata && !nk_facts_wikidata_ok(wikidata)) {
            report(c, wv->offset, k, "not a Wikidata id (Q<digits>): \"%s\"", wikidata);
            ok = false;
        }
    } else {
        ok = false;
    }
    snprintf(k, sizeof k, "%s.kind", key);
    const nk_json *kv = nk_json_get(v, "kind");
    const char *kind = NULL;
    int kind_value = NK_ENTITY_UNKNOWN;
    if (get_str(c, set, kv, k, true, &kind)) {
        if (kind && (kind_value = nk_entity_kind_parse(kind)) < 0) {
            report(c, kv->offset, k, "unknown kind \"%s\" (name or description expected)",
                   kind);
            ok = false;
        }
    } else {
        ok = false;
    }
    snprintf(k, sizeof k, "%s.affiliation", key);
    nk_entity_ref *affiliation = NULL;
    ok &= get_entity_at(c, set, v, k, "affiliation", depth + 1, &affiliation);
    if (!ok)
        return false;
    nk_entity_ref *e = nk_arena_alloc(set->arena, sizeof *e);
    e->label = label;
    e->type = type;
    e->iri = iri;
    e->wikidata = wikidata;
    e->kind = (nk_entity_kind)kind_value;
    e->affiliation = affiliation;
    *out = e;
    return true;
}

static bool get_entity(line_ctx *c, nk_factset *set, const nk_json *obj,
                       const char *key, nk_entity_ref **out)
{
    return get_entity_at(c, set, obj, key, key, 0, out);
}

/* Optional index keys: remembered for checking once all facts are read. */
typedef struct link_ref {
    unsigned line;
    size_t line_start;
    size_t offset;   /* in line */
} link_ref;

static bool get_index(line_ctx *c, const nk_json *v, const char *key,
                      size_t *out, link_ref *where)
{
    *out = NK_NO_FACT;
    if (!v || v->type == NK_JSON_NULL)
        return true;
    size_t n;
    if (!nk_json_as_size(v, &n)) {
        wrong_type(c, v, key, "a non-negative integer (a fact index) or null");
        return false;
    }
    *out = n;
    where->line = c->line;
    where->line_start = c->line_start;
    where->offset = v->offset;
    return true;
}

static void read_fact(line_ctx *c, nk_factset *set, const nk_json *o,
                      link_ref *links)
{
    if (o->type != NK_JSON_OBJECT) {
        wrong_type(c, o, NULL, "a JSON object (one fact per line)");
        return;
    }
    nk_fact f;
    memset(&f, 0, sizeof f);
    f.content_of = NK_NO_FACT;
    f.rejects = NK_NO_FACT;
    f.sentence_begin = NK_NO_POS;
    f.confidence = 1.0;
    f.modality = NK_MOD_ASSERTED;

    get_str(c, set, nk_json_get(o, "doc"), "doc", true, &f.doc);

    const nk_json *v = nk_json_get(o, "sentence");
    size_t n;
    if (!v)
        report(c, o->offset, "sentence", "missing");
    else if (!nk_json_as_size(v, &n) || n < 1 || n > 0xFFFFFFFFu)
        wrong_type(c, v, "sentence", "a positive integer");
    else
        f.sentence = (unsigned)n;

    v = nk_json_get(o, "span");
    if (v && v->type != NK_JSON_NULL) {
        size_t b, e;
        if (v->type != NK_JSON_ARRAY || v->count != 2 ||
            !nk_json_as_size(v->child, &b) || !nk_json_as_size(v->child->next, &e))
            report(c, v->offset, "span", "expected [begin, end] byte offsets");
        else if (b > e)
            report(c, v->offset, "span", "begin is after end");
        else {
            f.span_begin = b;
            f.span_end = e;
        }
    }

    get_entity(c, set, o, "actor", &f.actor);
    get_entity(c, set, o, "target", &f.target);
    get_entity(c, set, o, "place", &f.place);
    get_entity(c, set, o, "attributed_to", &f.attributed_to);

    v = nk_json_get(o, "action");
    if (!v) {
        report(c, o->offset, "action", "missing");
    } else if (v->type != NK_JSON_OBJECT) {
        wrong_type(c, v, "action", "an object");
    } else {
        const nk_json *lv = nk_json_get(v, "lemma");
        if (!lv)
            report(c, v->offset, "action.lemma", "missing");
        else if (get_str(c, set, lv, "action.lemma", false, &f.lemma) && !*f.lemma)
            report(c, lv->offset, "action.lemma", "empty");
        const nk_json *cv = nk_json_get(v, "class");
        if (get_str(c, set, cv, "action.class", true, &f.action_class) &&
            f.action_class && !nk_facts_class_name_ok(f.action_class))
            report(c, cv->offset, "action.class",
                   "not an ontology class name: \"%s\"", f.action_class);
        get_str(c, set, nk_json_get(v, "text"), "action.text", true, &f.action_text);
        get_str(c, set, nk_json_get(v, "cameo"), "action.cameo", true, &f.cameo);
    }

    get_str(c, set, nk_json_get(o, "time"), "time", true, &f.time);

    v = nk_json_get(o, "negated");
    if (v && v->type == NK_JSON_TRUE)
        f.negated = true;
    else if (v && v->type != NK_JSON_FALSE && v->type != NK_JSON_NULL)
        wrong_type(c, v, "negated", "true or false");

    v = nk_json_get(o, "modality");
    const char *mod = NULL;
    if (get_str(c, set, v, "modality", true, &mod) && mod) {
        int m = nk_modality_parse(mod);
        if (m < 0)
            report(c, v->offset, "modality",
                   "unknown modality \"%s\" (asserted, hypothetical, planned or "
                   "requested expected)",
                   mod);
        else
            f.modality = (nk_modality)m;
    }

    v = nk_json_get(o, "confidence");
    if (v && v->type != NK_JSON_NULL) {
        if (v->type != NK_JSON_NUMBER)
            wrong_type(c, v, "confidence", "a number");
        else if (v->number < 0 || v->number > 1)
            report(c, v->offset, "confidence", "not between 0 and 1");
        else
            f.confidence = v->number;
    }

    get_str(c, set, nk_json_get(o, "sentence_text"), "sentence_text", true,
            &f.sentence_text);
    v = nk_json_get(o, "sentence_begin");
    if (v && v->type != NK_JSON_NULL) {
        size_t sb;
        if (!nk_json_as_size(v, &sb))
            wrong_type(c, v, "sentence_begin", "a byte offset or null");
        else if (f.span_end > 0 && (sb > f.span_begin || (f.sentence_text &&
                                                       f.span_end > sb + strlen(f.sentence_text))))
            report(c, v->offset, "sentence_begin", "the span is not inside the sentence");
        else
            f.sentence_begin = sb;
    }
    get_index(c, nk_json_get(o, "content_of"), "content_of", &f.content_of,
              &links[0]);
    get_index(c, nk_json_get(o, "rejects"), "rejects", &f.rejects, &links[1]);

    if (c->failed)
        return;
    nk_fact *dst = nk_factset_add(set);
    *dst = f;
}

int nk_facts_read_jsonl(nk_factset **out, const char *text, size_t len,
                        const char *filename, nk_diag_sink *sink)
{
    int rc = NK_OK;
    nk_factset *set = nk_factset_new();
    nk_arena *scratch = nk_arena_new();
    link_ref *links = NULL; /* two per fact: content_of, rejects */
    size_t links_cap = 0;
    unsigned reported = 0;
    bool parse_error = false, invalid = false;
    unsigned line = 0;
    size_t pos = 0;
    *out = NULL;
    if (!filename)
        filename = "<input>";

    while (pos < len) {
        size_t start = pos;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        pos = nl ? end + 1 : len;
        line++;
        size_t line_len = end - start;
        if (line_len > 0 && text[start + line_len - 1] == '\r')
            line_len--;
        bool blank = true;
        for (size_t i = 0; i < line_len && blank; i++)
            blank = text[start + i] == ' ' || text[start + i] == '\t';
        if (blank)
            continue;

        line_ctx c = {filename, text, start, line, sink, false, &reported};
        nk_json *root = NULL;
        size_t err_off = 0;
        const char *err_msg = NULL;
        if (nk_json_parse(&root, text + start, line_len, scratch, &err_off,
                          &err_msg) < 0) {
            report(&c, err_off, NULL, "malformed JSON: %s", err_msg);
            parse_error = true;
            continue;
        }
        if (links_cap < set->count + 1) {
            links_cap = links_cap ? links_cap * 2 : 64;
            links = nk_xrealloc(links, 2 * links_cap * sizeof *links);
        }
        link_ref lr[2];
        memset(lr, 0, sizeof lr);
        size_t before = set->count;
        read_fact(&c, set, root, lr);
        if (c.failed) {
            invalid = true;
            continue;
        }
        (void)before;
        links[2 * (set->count - 1)] = lr[0];
        links[2 * (set->count - 1) + 1] = lr[1];
    }

    /* Links between facts are checked once every fact is known. */
    if (!parse_error && !invalid) {
        for (size_t i = 0; i < set->count; i++) {
            size_t idx[2] = {set->facts[i].content_of, set->facts[i].rejects};
            static const char *const keys[2] = {"content_of", "rejects"};
            for (int k = 0; k < 2; k++) {
                if (idx[k] == NK_NO_FACT)
                    continue;
                if (idx[k] >= set->count || idx[k] == i) {
                    link_ref *w = &links[2 * i + (size_t)k];
                    line_ctx c = {filename, text, w->line_start, w->line, sink,
                                  false, &reported};
                    report(&c, w->offset, keys[k], "%s",
                           idx[k] == i ? "a fact cannot refer to itself"
                                       : "no fact with this index");
                    invalid = true;
                }
            }
        }
    }

    if (parse_error)
        rc = NK_ERR_PARSE;
    else if (invalid)
        rc = NK_ERR_INVALID;
    if (rc == NK_OK) {
        if (set->count > 0 && set->facts[0].doc)
            set->doc = set->facts[0].doc;
        *out = set;
        set = NULL;
    }
    free(links);
    nk_arena_free(scratch);
    nk_factset_free(set);
    return rc;
}

/* ---- writing ------------------------------------------------------------ */

static void put_str(nk_buf *b, const char *s)
{
    nk_buf_putc(b, '"');
    nk_buf_json_escape(b, s);
    nk_buf_putc(b, '"');
}

static void put_entity(nk_buf *b, const nk_entity_ref *e)
{
    if (!e) {
        nk_buf_puts(b, "null");
        return;
    }
    nk_buf_puts(b, "{\"label\": ");
    put_str(b, e->label ? e->label : "");
    if (e->type) {
        nk_buf_puts(b, ", \"type\": ");
        put_str(b, e->type);
    }
    if (e->iri) {
        nk_buf_puts(b, ", \"iri\": ");
        put_str(b, e->iri);
    }
    if (e->wikidata) {
        nk_buf_puts(b, ", \"wikidata\": ");
        put_str(b, e->wikidata);
    }
    if (nk_entity_kind_name(e->kind)) {
        nk_buf_puts(b, ", \"kind\": ");
        put_str(b, nk_entity_kind_name(e->kind));
    }
    if (e->affiliation) {
        nk_buf_puts(b, ", \"affiliation\": ");
        put_entity(b, e->affiliation);
    }
    nk_quantity q;
    if (nk_graph_entity_quantity(e, &q)) {
        nk_buf_printf(b, ", \"quantity\": {\"value\": %s, \"unit\": ", q.value);
        put_str(b, q.unit);
        nk_buf_puts(b, ", \"text\": ");
        nk_buf_putc(b, '"');
        char *t = nk_xstrndup(e->label + q.begin, q.end - q.begin);
        nk_buf_json_escape(b, t);
        free(t);
        nk_buf_puts(b, "\"}");
    }
    nk_buf_putc(b, '}');
}

/* The shortest decimal form that reads back as the same double. */
static void put_number(nk_buf *b, double d)
{
    char s[40];
    if (!isfinite(d))
        d = 0;
    snprintf(s, sizeof s, "%.15g", d);
    if (strtod(s, NULL) != d)
        snprintf(s, sizeof s, "%.17g", d);
    nk_buf_puts(b, s);
    if (!strpbrk(s, ".eE"))
        nk_buf_puts(b, ".0");
}

void nk_facts_write_jsonl(const nk_factset *set, nk_buf *out)
{
    nk_facts_write_jsonl_from(set, 0, out);
}

void nk_facts_write_jsonl_from(const nk_factset *set, size_t first, nk_buf *out)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++) {
        const nk_fact *f = &set->facts[i];
        nk_buf_puts(out, "{\"doc\": ");
        if (f->doc)
            put_str(out, f->doc);
        else if (set->doc)
            put_str(out, set->doc);
        else
            nk_buf_puts(out, "null");
        nk_buf_printf(out, ", \"sentence\": %u, \"span\": [%zu, %zu]",
                      f->sentence ? f->sentence : 1, f->span_begin, f->span_end);
        nk_buf_puts(out, ", \"actor\": ");
        put_entity(out, f->actor);
        nk_buf_puts(out, ", \"action\": {\"lemma\": ");
        put_str(out, f->lemma ? f->lemma : "");
        if (f->action_class) {
            nk_buf_puts(out, ", \"class\": ");
            put_str(out, f->action_class);
        }
        if (f->action_text) {
            nk_buf_puts(out, ", \"text\": ");
            put_str(out, f->action_text);
        }
        if (f->cameo) {
            nk_buf_puts(out, ", \"cameo\": ");
            put_str(out, f->cameo);
        }
        nk_buf_puts(out, "}, \"target\": ");
        put_entity(out, f->target);
        nk_buf_puts(out, ", \"place\": ");
        put_entity(out, f->place);
        nk_buf_puts(out, ", \"time\": ");
        if (f->time)
            put_str(out, f->time);
        else
            nk_buf_puts(out, "null");
        nk_buf_printf(out, ", \"negated\": %s, \"modality\": \"%s\"",
                      f->negated ? "true" : "false", nk_modality_name(f->modality));
        nk_buf_puts(out, ", \"attributed_to\": ");
        put_entity(out, f->attributed_to);
        nk_buf_puts(out, ", \"confidence\": ");
        put_number(out, f->confidence);
        if (f->content_of != NK_NO_FACT)
            nk_buf_printf(out, ", \"content_of\": %zu", first + f->content_of);
        if (f->rejects != NK_NO_FACT)
            nk_buf_printf(out, ", \"rejects\": %zu", first + f->rejects);
        if (f->sentence_text) {
            nk_buf_puts(out, ", \"sentence_text\": ");
            put_str(out, f->sentence_text);
        }
        if (f->sentence_begin != NK_NO_POS)
            nk_buf_printf(out, ", \"sentence_begin\": %zu", f->sentence_begin);
        nk_buf_puts(out, "}\n");
    }
}
