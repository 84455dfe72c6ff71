/* store_nq.c: N-Triples and N-Quads read line by line for the loader.
 *
 * Bulk loads are mostly N-Quads (newskg extract -f nquads, corpus mode), and
 * raptor's parser was a third of a load's time: it builds a raptor term and
 * interns a URI for every term of every line.  These are the line-based
 * formats (W3C N-Triples and N-Quads, RDF 1.1): one statement per line,
 * IRIs in <>, literals in "" with \-escapes and an optional @lang or
 * ^^<datatype>, blank nodes _:label, comments from #.  Each term is handed
 * to the loader as a term view, unescaped into scratch memory.  Errors name
 * the line and the column (1-based, in bytes) of the offending character.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nq_cursor {
    const char *line;       /* the line being read (without its newline) */
    size_t len;
    size_t pos;
    unsigned lineno;
    char error[160];
    size_t error_col;       /* 1-based */
} nq_cursor;

static bool fail(nq_cursor *c, size_t at, const char *msg)
{
    if (!c->error[0]) {
        snprintf(c->error, sizeof c->error, "%s", msg);
        c->error_col = at + 1;
    }
    return false;
}

static void skip_ws(nq_cursor *c)
{
    while (c->pos < c->len && (c->line[c->pos] == ' ' || c->line[c->pos] == '\t' ||
                               c->line[c->pos] == '\r'))
        c->pos++;
}

/* \uXXXX or \UXXXXXXXX at c->pos (after the backslash and letter) as UTF-8. */
static bool unicode_escape(nq_cursor *c, int digits, nk_buf *out)
{
    unsigned long cp = 0;
    if (c->pos + (size_t)digits > c->len)
        return fail(c, c->pos, "a \\u escape cut short");
    for (int i = 0; i < digits; i++) {
        int v = nk_hex_digit(c->line[c->pos + (size_t)i]);
        if (v < 0)
            return fail(c, c->pos + (size_t)i, "a \\u escape with a non-hex digit");
        cp = cp * 16 + (unsigned long)v;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return fail(c, c->pos, "a \\u escape that is no Unicode character");
    c->pos += (size_t)digits;
    nk_buf_put_utf8(out, cp);
    return true;
}

/* <IRI>: its text (unescaped) into OUT; an absolute IRI (a scheme and ':'). */
static bool read_iri(nq_cursor *c, nk_buf *out)
{
    size_t start = c->pos++;   /* the '<' */
    nk_buf_clear(out);
    bool plain = true;
    size_t from = c->pos;
    while (c->pos < c->len && c->line[c->pos] != '>') {
        unsigned char ch = (unsigned char)c->line[c->pos];
        if (ch == '\\') {
            if (plain) {
                nk_buf_append(out, c->line + from, c->pos - from);
                plain = false;
            }
            size_t esc = c->pos++;
            char kind = c->pos < c->len ? c->line[c->pos++] : '\0';
            size_t before = out->len;
            if ((kind != 'u' && kind != 'U') || !unicode_escape(c, kind == 'u' ? 4 : 8, out))
                return fail(c, c->pos - 1, "a bad escape in an IRI");
            /* an escape is no way round the characters IRIs may not hold (a
             * graph IRI holding NUL could not be named again: fuzz_load) */
            unsigned char e = (unsigned char)out->data[before];
            if (out->len == before + 1 && (e <= 0x20 || strchr("<>\"{}|^`\\", e)))
                return fail(c, esc, "an escape of a character an IRI may not hold");
            continue;
        }
        if (ch <= 0x20 || ch == '<' || ch == '"' || ch == '{' || ch == '}' || ch == '|' ||
            ch == '^' || ch == '`')
            return fail(c, c->pos, "a character an IRI may not hold");
        if (!plain)
            nk_buf_putc(out, (char)ch);
        c->pos++;
    }
    if (c->pos >= c->len)
        return fail(c, start, "an IRI without its closing '>'");
    if (plain)
        nk_buf_append(out, c->line + from, c->pos - from);
    c->pos++;   /* the '>' */
    if (!out->data)
        nk_buf_puts(out, "");
    /* absolute: a scheme (letter, then letters, digits, + - .) and ':' */
    size_t k = 0;
    const char *s = out->data;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return fail(c, start + 1, "a relative IRI (N-Triples wants absolute ones)");
    while (s[k] && s[k] != ':' &&
           ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
            (s[k] >= '0' && s[k] <= '9') || s[k] == '+' || s[k] == '-' || s[k] == '.'))
        k++;
    if (s[k] != ':')
        return fail(c, start + 1, "a relative IRI (N-Triples wants absolute ones)");
    return true;
}

static bool label_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-' || ch == '.' || ch == ':' || (unsigned char)ch >= 0x80;
}

/* _:label */
static bool read_blank(nq_cursor *c, nk_buf *out)
{
    size_t start = c->pos;
    if (c->pos + 1 >= c->len || c->line[c->pos + 1] != ':')
        return fail(c, start, "expected _: before a blank node label");
    c->pos += 2;
    size_t from = c->pos;
    while (c->pos < c->len && label_char(c->line[c->pos]))
        c->pos++;
    /* a label does not end with '.' (that is the statement's end) */
    while (c->pos > from && c->line[c->pos - 1] == '.')
        c->pos--;
    if (c->pos == from)
        return fail(c, start, "a blank node without a label");
    nk_buf_clear(out);
    nk_buf_append(out, c->line + from, c->pos - from);
    return true;
}

/* "lexical form" with escapes, then @lang or ^^<datatype>. */
static bool read_literal(nq_cursor *c, term_view *v, nk_buf *lex, nk_buf *tag)
{
    size_t start = c->pos++;
    nk_buf_clear(lex);
    size_t from = c->pos;
    for (;;) {
        if (c->pos >= c->len)
            return fail(c, start, "a literal without its closing quote");
        char ch = c->line[c->pos];
        if (ch == '"')
            break;
        if (ch == '\\') {
            nk_buf_append(lex, c->line + from, c->pos - from);
            c->pos++;
            char e = c->pos < c->len ? c->line[c->pos++] : '\0';
            switch (e) {
            case 't': nk_buf_putc(lex, '\t'); break;
            case 'b': nk_buf_putc(lex, '\b'); break;
            case 'n': nk_buf_putc(lex, '\n'); break;
            case 'r': nk_buf_putc(lex, '\r'); break;
            case 'f': nk_buf_putc(lex, '\f'); break;
            case '"': nk_buf_putc(lex, '"'); break;
            case '\'': nk_buf_putc(lex, '\''); break;
            case '\\': nk_buf_putc(lex, '\\'); break;
            case 'u':
            case 'U':
                if (!unicode_escape(c, e == 'u' ? 4 : 8, lex))
                    return false;
                break;
            default:
                return fail(c, c->pos - 1, "an unknown escape in a literal");
            }
            from = c->pos;
            continue;
        }
        if (ch == '\n' || ch == '\r')
            return fail(c, c->pos, "a line break in a literal (write \\n)");
        c->pos++;
    }
    nk_buf_append(lex, c->line + from, c->pos - from);
    c->pos++;   /* the closing quote */
    if (!lex->data)
        nk_buf_puts(lex, "");
    v->kind = TERM_LITERAL;
    v->value = lex->data;
    v->len = lex->len;
    v->lang = v->dt = NULL;
    v->lang_len = v->dt_len = 0;
    if (c->pos < c->len && c->line[c->pos] == '@') {
        size_t t = ++c->pos;
        while (c->pos < c->len &&
               ((c->line[c->pos] >= 'a' && c->line[c->pos] <= 'z') ||
                (c->line[c->pos] >= 'A' && c->line[c->pos] <= 'Z') ||
                (c->pos > t && ((c->line[c->pos] >= '0' && c->line[c->pos] <= '9') ||
                                c->line[c->pos] == '-'))))
            c->pos++;
        if (c->pos == t)
            return fail(c, t - 1, "an empty language tag");
        /* language tags are case-insensitive: stored in lower case, as raptor
         * (and so librdf) gives them */
        nk_buf_clear(tag);
        for (size_t i = t; i < c->pos; i++) {
            char ch = c->line[i];
            nk_buf_putc(tag, ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch);
        }
        v->lang = tag->data;
        v->lang_len = tag->len;
    } else if (c->pos + 1 < c->len && c->line[c->pos] == '^' && c->line[c->pos + 1] == '^') {
        c->pos += 2;
        if (c->pos >= c->len || c->line[c->pos] != '<')
            return fail(c, c->pos, "expected <datatype IRI> after ^^");
        if (!read_iri(c, tag))
            return false;
        v->dt = tag->data;
        v->dt_len = tag->len;
    }
    return true;
}

typedef struct nq_terms {
    nk_buf b[4];            /* scratch for subject, predicate, object, graph */
    nk_buf tag;             /* the object's language or datatype */
    term_view v[4];
    int n;                  /* terms read: 3, or 4 with a graph */
} nq_terms;

/* One term at the cursor into T->v[i]. */
static bool read_term(nq_cursor *c, nq_terms *t, int i)
{
    skip_ws(c);
    term_view *v = &t->v[i];
    memset(v, 0, sizeof *v);
    char ch = c->pos < c->len ? c->line[c->pos] : '\0';
    if (ch == '<') {
        if (!read_iri(c, &t->b[i]))
            return false;
        v->kind = TERM_IRI;
    } else if (ch == '_' && i == 3) {
        /* a graph the store could neither list, query by GRAPH nor drop */
        return fail(c, c->pos, "a graph named by a blank node: name it by an <IRI>");
    } else if (ch == '_' && i != 1) {
        if (!read_blank(c, &t->b[i]))
            return false;
        v->kind = TERM_BLANK;
    } else if (ch == '"' && i == 2) {
        return read_literal(c, v, &t->b[i], &t->tag);
    } else {
        static const char *const WHAT[] = {"a subject (<IRI> or _:label)",
                                           "a predicate (<IRI>)",
                                           "an object (<IRI>, _:label or \"literal\")",
                                           "a graph (<IRI>) or '.'"};
        char msg[96];
        snprintf(msg, sizeof msg, "expected %s", WHAT[i]);
        return fail(c, c->pos, msg);
    }
    v->value = t->b[i].data;
    v->len = t->b[i].len;
    return true;
}

/* A statement line; true with T->n = 0 for a blank or comment line. */
static bool read_line(nq_cursor *c, nq_terms *t, bool quads)
{
    t->n = 0;
    c->pos = 0;
    skip_ws(c);
    if (c->pos >= c->len || c->line[c->pos] == '#')
        return true;
    for (int i = 0; i < 3; i++)
        if (!read_term(c, t, i))
            return false;
    t->n = 3;
    skip_ws(c);
    if (quads && c->pos < c->len && (c->line[c->pos] == '<' || c->line[c->pos] == '_')) {
        if (!read_term(c, t, 3))
            return false;
        t->n = 4;
        skip_ws(c);
    }
    if (c->pos >= c->len || c->line[c->pos] != '.')
        return fail(c, c->pos, quads ? "expected a graph or '.' to end the statement"
                                     : "expected '.' to end the statement");
    c->pos++;
    skip_ws(c);
    if (c->pos < c->len && c->line[c->pos] != '#')
        return fail(c, c->pos, "text after the statement's '.'");
    return true;
}

int store_read_nquads(nk_diag_sink *sink, const char *name, FILE *f, const char *text,
                      size_t len, bool quads, store_nq_fn fn, void *ctx)
{
    nq_terms t;
    memset(&t, 0, sizeof t);
    nq_cursor c;
    memset(&c, 0, sizeof c);
    char *line = NULL;
    size_t cap = 0;
    size_t off = 0;
    int rc = NK_OK;
    for (;;) {
        ssize_t got;
        if (f) {
            got = getline(&line, &cap, f);
            if (got < 0) {
                if (ferror(f)) {
                    nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX, "read error: %s",
                                   strerror(errno));
                    rc = NK_ERR_IO;
                }
                break;
            }
            c.line = line;
        } else {
            if (off >= len)
                break;
            const char *nl = memchr(text + off, '\n', len - off);
            size_t n = nl ? (size_t)(nl - (text + off)) + 1 : len - off;
            c.line = text + off;
            got = (ssize_t)n;
            off += n;
        }
        c.len = (size_t)got;
        if (c.len && c.line[c.len - 1] == '\n')
            c.len--;
        c.lineno++;
        size_t bad;
        if (!nk_utf8_valid(c.line, c.len, &bad)) {
            nk_diag_report(sink, NK_ERROR, name, c.lineno, (unsigned)bad + 1, SIZE_MAX,
                           "invalid UTF-8");
            rc = NK_ERR_PARSE;
            break;
        }
        if (memchr(c.line, '\0', c.len)) {
            size_t at = (size_t)((const char *)memchr(c.line, '\0', c.len) - c.line);
            nk_diag_report(sink, NK_ERROR, name, c.lineno, (unsigned)at + 1, SIZE_MAX, "a NUL byte");
            rc = NK_ERR_PARSE;
            break;
        }
        if (!read_line(&c, &t, quads)) {
            nk_diag_report(sink, NK_ERROR, name, c.lineno, (unsigned)c.error_col, SIZE_MAX, "%s",
                           c.error);
            rc = NK_ERR_PARSE;
            break;
        }
        if (t.n && (rc = fn(ctx, t.v, t.n)) < 0)
            break;
    }
    free(line);
    for (int i = 0; i < 4; i++)
        nk_buf_free(&t.b[i]);
    nk_buf_free(&t.tag);
    return rc;
}
