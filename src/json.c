/* json.c: see json.h.  A recursive-descent parser whose recursion depth is
 * bounded by NK_JSON_MAX_DEPTH. */
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const unsigned char *s;
    size_t len;
    size_t pos;
    nk_arena *arena;
    size_t err_offset;
    const char *err_msg;
} parser;

static int fail(parser *p, size_t offset, const char *msg)
{
    p->err_offset = offset;
    p->err_msg = msg;
    return NK_ERR_PARSE;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        unsigned char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static nk_json *new_node(parser *p, nk_json_type type, size_t offset)
{
    nk_json *v = nk_arena_alloc(p->arena, sizeof *v);
    v->type = type;
    v->offset = offset;
    return v;
}

static int hex4(parser *p, size_t at, unsigned *out)
{
    unsigned v = 0;
    if (at + 4 > p->len)
        return fail(p, at, "truncated \\u escape");
    for (size_t i = 0; i < 4; i++) {
        int d = nk_hex_digit((unsigned char)p->s[at + i]);
        if (d < 0)
            return fail(p, at + i, "bad hex digit in \\u escape");
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return NK_OK;
}

/* Parse a string starting at the opening quote; the decoded bytes go to
 * *out / *out_len in the arena.  TMP is a scratch buffer. */
static int parse_string(parser *p, nk_buf *tmp, const char **out,
                        size_t *out_len)
{
    size_t start = p->pos;
    p->pos++; /* opening quote */
    nk_buf_clear(tmp);
    for (;;) {
        if (p->pos >= p->len)
            return fail(p, start, "unterminated string");
        unsigned char c = p->s[p->pos];
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20)
            return fail(p, p->pos, "control character in string");
        if (c == '\\') {
            size_t esc = p->pos;
            if (p->pos + 1 >= p->len)
                return fail(p, esc, "unterminated string");
            unsigned char e = p->s[p->pos + 1];
            p->pos += 2;
            switch (e) {
            case '"': nk_buf_putc(tmp, '"'); break;
            case '\\': nk_buf_putc(tmp, '\\'); break;
            case '/': nk_buf_putc(tmp, '/'); break;
            case 'b': nk_buf_putc(tmp, '\b'); break;
            case 'f': nk_buf_putc(tmp, '\f'); break;
            case 'n': nk_buf_putc(tmp, '\n'); break;
            case 'r': nk_buf_putc(tmp, '\r'); break;
            case 't': nk_buf_putc(tmp, '\t'); break;
            case 'u': {
                unsigned cp;
                NK_TRY(hex4(p, p->pos, &cp));
                p->pos += 4;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return fail(p, esc, "lone low surrogate in \\u escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (p->pos + 1 >= p->len || p->s[p->pos] != '\\' ||
                        p->s[p->pos + 1] != 'u')
                        return fail(p, esc, "lone high surrogate in \\u escape");
                    NK_TRY(hex4(p, p->pos + 2, &lo));
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return fail(p, esc, "lone high surrogate in \\u escape");
                    p->pos += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                nk_buf_put_utf8(tmp, cp);
                break;
            }
            default:
                return fail(p, esc, "bad escape in string");
            }
            continue;
        }
        if (c < 0x80) {
            nk_buf_putc(tmp, (char)c);
            p->pos++;
            continue;
        }
        /* a multi-byte UTF-8 sequence: validate it as a whole */
        size_t n = nk_utf8_seq((const char *)p->s + p->pos, p->len - p->pos);
        if (n < 2)
            return fail(p, p->pos, "invalid UTF-8 in string");
        nk_buf_append(tmp, (const char *)p->s + p->pos, n);
        p->pos += n;
    }
    char *s = nk_arena_alloc(p->arena, tmp->len + 1);
    if (tmp->len)
        memcpy(s, tmp->data, tmp->len);
    *out = s;
    *out_len = tmp->len;
    return NK_OK;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int parse_number(parser *p, nk_json *v)
{
    size_t start = p->pos;
    size_t i = p->pos;
    if (i < p->len && p->s[i] == '-')
        i++;
    if (i >= p->len || !is_digit(p->s[i]))
        return fail(p, start, "bad number");
    if (p->s[i] == '0') {
        i++;
        if (i < p->len && is_digit(p->s[i]))
            return fail(p, start, "leading zero in number");
    } else {
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    if (i < p->len && p->s[i] == '.') {
        i++;
        if (i >= p->len || !is_digit(p->s[i]))
            return fail(p, i, "digit expected after decimal point");
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
        i++;
        if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
            i++;
        if (i >= p->len || !is_digit(p->s[i]))
            return fail(p, i, "digit expected in exponent");
        while (i < p->len && is_digit(p->s[i]))
            i++;
    }
    char *text = nk_arena_strndup(p->arena, (const char *)p->s + start, i - start);
    v->str = text;
    v->len = i - start;
    v->number = strtod(text, NULL);
    if (!isfinite(v->number))
        return fail(p, start, "number out of range");
    p->pos = i;
    return NK_OK;
}

static bool match_word(parser *p, const char *w)
{
    size_t n = strlen(w);
    if (p->pos + n > p->len || memcmp(p->s + p->pos, w, n) != 0)
        return false;
    p->pos += n;
    return true;
}

static int parse_value(parser *p, nk_buf *tmp, unsigned depth, nk_json **out);

static int parse_members(parser *p, nk_buf *tmp, unsigned depth, nk_json *v)
{
    bool is_obj = v->type == NK_JSON_OBJECT;
    char close = is_obj ? '}' : ']';
    nk_json *last = NULL;
    p->pos++; /* opening bracket */
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return NK_OK;
    }
    for (;;) {
        const char *key = NULL;
        size_t key_len = 0, key_offset = 0;
        skip_ws(p);
        if (is_obj) {
            if (p->pos >= p->len)
                return fail(p, p->pos, "unexpected end of input in object");
            if (p->s[p->pos] != '"')
                return fail(p, p->pos, "member name (a string) expected");
            key_offset = p->pos;
            NK_TRY(parse_string(p, tmp, &key, &key_len));
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':')
                return fail(p, p->pos, "':' expected after member name");
            p->pos++;
        }
        nk_json *m = NULL;
        NK_TRY(parse_value(p, tmp, depth + 1, &m));
        m->key = key;
        m->key_len = key_len;
        m->key_offset = key_offset;
        if (last)
            last->next = m;
        else
            v->child = m;
        last = m;
        v->count++;
        skip_ws(p);
        if (p->pos >= p->len)
            return fail(p, p->pos, is_obj ? "unexpected end of input in object"
                                          : "unexpected end of input in array");
        if (p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->s[p->pos] == close) {
            p->pos++;
            return NK_OK;
        }
        return fail(p, p->pos, is_obj ? "',' or '}' expected" : "',' or ']' expected");
    }
}

static int parse_value(parser *p, nk_buf *tmp, unsigned depth, nk_json **out)
{
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, p->pos, "value expected");
    if (depth > NK_JSON_MAX_DEPTH)
        return fail(p, p->pos, "nesting too deep");
    size_t at = p->pos;
    unsigned char c = p->s[at];
    nk_json *v;
    switch (c) {
    case '{':
    case '[':
        v = new_node(p, c == '{' ? NK_JSON_OBJECT : NK_JSON_ARRAY, at);
        NK_TRY(parse_members(p, tmp, depth, v));
        break;
    case '"':
        v = new_node(p, NK_JSON_STRING, at);
        NK_TRY(parse_string(p, tmp, &v->str, &v->len));
        break;
    case 't':
    case 'f':
    case 'n':
        if (match_word(p, "true"))
            v = new_node(p, NK_JSON_TRUE, at);
        else if (match_word(p, "false"))
            v = new_node(p, NK_JSON_FALSE, at);
        else if (match_word(p, "null"))
            v = new_node(p, NK_JSON_NULL, at);
        else
            return fail(p, at, "unknown literal (true, false or null expected)");
        break;
    default:
        if (c == '-' || is_digit(c)) {
            v = new_node(p, NK_JSON_NUMBER, at);
            NK_TRY(parse_number(p, v));
        } else {
            return fail(p, at, "value expected");
        }
    }
    *out = v;
    return NK_OK;
}

int nk_json_parse(nk_json **out, const char *text, size_t len, nk_arena *arena,
                  size_t *err_offset, const char **err_msg)
{
    parser p = {(const unsigned char *)text, len, 0, arena, 0, NULL};
    nk_buf tmp = {0};
    nk_json *root = NULL;
    int rc;
    *out = NULL;
    /* a byte-order mark is not JSON (RFC 8259 8.1 lets parsers reject it) */
    NK_CHECK(parse_value(&p, &tmp, 0, &root));
    skip_ws(&p);
    if (p.pos != p.len) {
        rc = fail(&p, p.pos, "trailing characters after the value");
        goto cleanup;
    }
    *out = root;
cleanup:
    nk_buf_free(&tmp);
    if (rc < 0) {
        if (err_offset)
            *err_offset = p.err_offset;
        if (err_msg)
            *err_msg = p.err_msg ? p.err_msg : "parse error";
    }
    return rc;
}

const nk_json *nk_json_get(const nk_json *obj, const char *key)
{
    if (!obj || obj->type != NK_JSON_OBJECT || !key)
        return NULL;
    size_t n = strlen(key);
    for (const nk_json *m = obj->child; m; m = m->next)
        if (m->key_len == n && memcmp(m->key, key, n) == 0)
            return m;
    return NULL;
}

const char *nk_json_type_name(nk_json_type type)
{
    static const char *const names[] = {"null",   "false", "true",  "number",
                                        "string", "array", "object"};
    return (unsigned)type < 7 ? names[type] : "unknown";
}

bool nk_json_as_size(const nk_json *v, size_t *out)
{
    if (!v || v->type != NK_JSON_NUMBER)
        return false;
    double d = v->number;
    if (d < 0 || d > 9007199254740992.0 || floor(d) != d)
        return false;
    *out = (size_t)d;
    return true;
}
