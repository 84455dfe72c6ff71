/* conllu.c: see conllu.h. */
#include "conllu.h"

#include <stdlib.h>
#include <string.h>

/* Split LINE (not NUL-terminated, length N) at tabs into at most 10 fields. */
static size_t split_tabs(const char *line, size_t n, const char **f, size_t *fl)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n && k < 10; i++) {
        if (i == n || line[i] == '\t') {
            f[k] = line + start;
            fl[k] = i - start;
            k++;
            start = i + 1;
        }
    }
    return k;
}

static bool field_is(const char *f, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(f, s, n) == 0;
}

static const char *field_dup(nk_arena *a, const char *f, size_t n)
{
    return (n == 1 && f[0] == '_') ? NULL : nk_arena_strndup(a, f, n);
}

typedef struct pending {
    nk_token *tok;
    unsigned *line;     /* line of each word */
    unsigned *head_col; /* column of each word's HEAD field */
    size_t n, cap;
    const char *text, *id;
    unsigned first_line;
} pending;

/* The heads of the pending sentence must form a tree: inside the sentence,
 * no word its own head, no cycle.  Reports the first offence at its HEAD
 * field. */
static int check_heads(const pending *p, const char *name, nk_diag_sink *sink)
{
    for (size_t k = 0; k < p->n; k++) {
        int h = p->tok[k].head;
        if (h > (int)p->n || h == (int)k + 1) {
            nk_diag_report(sink, NK_ERROR, name, p->line[k], p->head_col[k], NK_NO_OFFSET,
                           h == (int)k + 1 ? "word %zu is its own HEAD"
                                           : "word %zu has HEAD %d, beyond the sentence's %zu words",
                           k + 1, h, p->n);
            return NK_ERR_INVALID;
        }
    }
    /* walk up from every word; state 1 = on the current path, 2 = reaches
     * the root (or an unparsed word) */
    unsigned char *state = nk_xcalloc(p->n ? p->n : 1, 1);
    int rc = NK_OK;
    for (size_t k = 0; k < p->n && rc == NK_OK; k++) {
        size_t w = k;
        while (state[w] == 0) {
            state[w] = 1;
            int h = p->tok[w].head;
            if (h <= 0)
                break;
            w = (size_t)(h - 1);
        }
        if (state[w] == 1 && p->tok[w].head > 0) {
            nk_diag_report(sink, NK_ERROR, name, p->line[w], p->head_col[w], NK_NO_OFFSET,
                           "HEAD cycle through word %zu: it never reaches the root", w + 1);
            rc = NK_ERR_INVALID;
        }
        for (w = k; state[w] == 1;) {
            state[w] = 2;
            int h = p->tok[w].head;
            if (h <= 0)
                break;
            w = (size_t)(h - 1);
        }
    }
    free(state);
    return rc;
}

static void flush_sentence(nk_doc *doc, pending *p)
{
    if (p->n == 0)
        return;
    nk_sentence *s = nk_doc_add_sentence(doc, p->n);
    memcpy(s->tokens, p->tok, p->n * sizeof *p->tok);
    s->ntokens = p->n;
    s->text = p->text;
    s->id = p->id;
    if (p->tok[0].begin != NK_NO_OFFSET && p->tok[p->n - 1].end != NK_NO_OFFSET) {
        s->begin = p->tok[0].begin;
        s->end = p->tok[p->n - 1].end;
    }
    p->n = 0;
    p->text = p->id = NULL;
}

static bool parse_uint(const char *f, size_t n, unsigned long *v)
{
    if (n == 0 || n > 9)
        return false;
    unsigned long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (f[i] < '0' || f[i] > '9')
            return false;
        x = x * 10 + (unsigned long)(f[i] - '0');
    }
    *v = x;
    return true;
}

int nk_conllu_read(nk_doc **out, const char *name, const char *text,
                   size_t len, nk_diag_sink *sink)
{
    *out = NULL;
    /* CoNLL-U is UTF-8 text: a NUL or an invalid byte would cut or corrupt
     * the strings read from it */
    size_t bad = len;
    const char *nul = memchr(text, '\0', len);
    bool valid = nk_utf8_valid(text, len, &bad);
    if (nul || !valid) {
        size_t at = nul && (valid || (size_t)(nul - text) < bad) ? (size_t)(nul - text) : bad;
        unsigned l, c;
        nk_line_col(text, len, at, &l, &c);
        if (text[at])
            nk_diag_report(sink, NK_ERROR, name, l, c, at, "invalid UTF-8 (byte 0x%02X)",
                           (unsigned)(unsigned char)text[at]);
        else
            nk_diag_report(sink, NK_ERROR, name, l, c, at, "NUL byte");
        return NK_ERR_PARSE;
    }
    nk_doc *doc = nk_doc_new(name, NULL, 0);
    pending p = {0};
    int rc = NK_OK;
    unsigned lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        lineno++;
        if (n && line[n - 1] == '\r')
            n--;
        if (n == 0) {
            NK_CHECK(check_heads(&p, name, sink));
            flush_sentence(doc, &p);
            continue;
        }
        if (line[0] == '#') {
            const char *kv = line + 1;
            size_t kn = n - 1;
            while (kn && *kv == ' ') {
                kv++;
                kn--;
            }
            if (kn >= 7 && memcmp(kv, "text = ", 7) == 0)
                p.text = nk_arena_strndup(doc->arena, kv + 7, kn - 7);
            else if (kn > 10 && memcmp(kv, "sent_id = ", 10) == 0)
                p.id = nk_arena_strndup(doc->arena, kv + 10, kn - 10);
            continue;
        }
        const char *f[10];
        size_t fl[10];
        size_t nf = split_tabs(line, n, f, fl);
        if (nf != 10) {
            nk_diag_report(sink, NK_ERROR, name, lineno, 1, NK_NO_OFFSET,
                           "expected 10 tab-separated fields, found %zu", nf);
            rc = NK_ERR_PARSE;
            goto cleanup;
        }
        if (memchr(f[0], '-', fl[0]) || memchr(f[0], '.', fl[0]))
            continue; /* multiword token range or empty node */
        unsigned long id = 0, head = 0;
        if (!parse_uint(f[0], fl[0], &id) || id != p.n + 1) {
            nk_diag_report(sink, NK_ERROR, name, lineno, 1, NK_NO_OFFSET,
                           "word id '%.*s' out of sequence (expected %zu)",
                           (int)fl[0], f[0], p.n + 1);
            rc = NK_ERR_PARSE;
            goto cleanup;
        }
        bool has_head = !(fl[6] == 1 && f[6][0] == '_');
        if (has_head && !parse_uint(f[6], fl[6], &head)) {
            unsigned col = (unsigned)(f[6] - line) + 1;
            nk_diag_report(sink, NK_ERROR, name, lineno, col, NK_NO_OFFSET,
                           "bad HEAD '%.*s'", (int)fl[6], f[6]);
            rc = NK_ERR_PARSE;
            goto cleanup;
        }
        if (p.n == p.cap) {
            p.cap = p.cap ? p.cap * 2 : 64;
            p.tok = nk_xrealloc(p.tok, p.cap * sizeof *p.tok);
            p.line = nk_xrealloc(p.line, p.cap * sizeof *p.line);
            p.head_col = nk_xrealloc(p.head_col, p.cap * sizeof *p.head_col);
        }
        if (p.n == 0)
            p.first_line = lineno;
        p.line[p.n] = lineno;
        p.head_col[p.n] = (unsigned)(f[6] - line) + 1;
        nk_token *t = &p.tok[p.n++];
        memset(t, 0, sizeof *t);
        t->begin = t->end = NK_NO_OFFSET;
        t->form = nk_arena_strndup(doc->arena, f[1], fl[1]);
        t->lemma = fl[2] == 1 && f[2][0] == '_' && !(fl[1] == 1 && f[1][0] == '_')
                       ? NULL : nk_arena_strndup(doc->arena, f[2], fl[2]);
        t->upos = field_dup(doc->arena, f[3], fl[3]);
        t->xpos = field_dup(doc->arena, f[4], fl[4]);
        t->feats = field_dup(doc->arena, f[5], fl[5]);
        t->head = has_head ? (int)head : -1;
        t->deprel = field_dup(doc->arena, f[7], fl[7]);
        t->space_after = true;
        /* MISC: SpaceAfter=No, TokenRange=B:E */
        const char *m = f[9];
        size_t ml = fl[9];
        size_t i = 0;
        while (i < ml) {
            size_t j = i;
            while (j < ml && m[j] != '|')
                j++;
            if (field_is(m + i, j - i, "SpaceAfter=No"))
                t->space_after = false;
            else if (j - i > 11 && memcmp(m + i, "TokenRange=", 11) == 0) {
                const char *r = m + i + 11;
                size_t rl = j - i - 11;
                const char *colon = memchr(r, ':', rl);
                unsigned long b, e;
                if (colon && parse_uint(r, (size_t)(colon - r), &b) &&
                    parse_uint(colon + 1, rl - (size_t)(colon - r) - 1, &e)) {
                    if (e < b) {
                        nk_diag_report(sink, NK_ERROR, name, lineno,
                                       (unsigned)(m + i - line) + 1, NK_NO_OFFSET,
                                       "TokenRange=%lu:%lu ends before it begins", b, e);
                        rc = NK_ERR_INVALID;
                        goto cleanup;
                    }
                    t->begin = b;
                    t->end = e;
                }
            }
            i = j + 1;
        }
    }
    NK_CHECK(check_heads(&p, name, sink));
    flush_sentence(doc, &p);
cleanup:
    free(p.tok);
    free(p.line);
    free(p.head_col);
    if (rc < 0) {
        nk_doc_free(doc);
        return rc;
    }
    *out = doc;
    return NK_OK;
}

int nk_conllu_read_file(nk_doc **out, const char *path, nk_diag_sink *sink)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    NK_TRY(nk_file_read(path, &text, &len, sink));
    int rc = nk_conllu_read(out, path, text, len, sink);
    free(text);
    return rc;
}

static void put_field(nk_buf *out, const char *s)
{
    nk_buf_puts(out, s && *s ? s : "_");
    nk_buf_putc(out, '\t');
}

void nk_conllu_write(const nk_doc *doc, nk_buf *out)
{
    for (size_t s = 0; s < doc->nsentences; s++) {
        const nk_sentence *sent = &doc->sentences[s];
        if (sent->id) {
            /* a line break inside would end the comment (found by fuzz_conllu) */
            nk_buf_puts(out, "# sent_id = ");
            for (const char *c = sent->id; *c; c++)
                nk_buf_putc(out, (*c == '\n' || *c == '\r') ? ' ' : *c);
            nk_buf_putc(out, '\n');
        } else
            nk_buf_printf(out, "# sent_id = %s-%zu\n", doc->id ? doc->id : "s", s + 1);
        if (sent->text) {
            nk_buf_puts(out, "# text = ");
            for (const char *c = sent->text; *c; c++)
                nk_buf_putc(out, (*c == '\n' || *c == '\r') ? ' ' : *c);
            nk_buf_putc(out, '\n');
        }
        for (size_t k = 0; k < sent->ntokens; k++) {
            const nk_token *t = &sent->tokens[k];
            nk_buf_printf(out, "%zu\t", k + 1);
            put_field(out, t->form);
            put_field(out, t->lemma);
            put_field(out, t->upos);
            put_field(out, t->xpos);
            put_field(out, t->feats);
            if (t->head >= 0)
                nk_buf_printf(out, "%d\t", t->head);
            else
                nk_buf_puts(out, "_\t");
            put_field(out, t->deprel);
            nk_buf_puts(out, "_\t");
            bool any = false;
            if (!t->space_after) {
                nk_buf_puts(out, "SpaceAfter=No");
                any = true;
            }
            if (t->begin != NK_NO_OFFSET) {
                nk_buf_printf(out, "%sTokenRange=%zu:%zu", any ? "|" : "", t->begin, t->end);
                any = true;
            }
            if (!any)
                nk_buf_putc(out, '_');
            nk_buf_putc(out, '\n');
        }
        nk_buf_putc(out, '\n');
    }
}

double nk_score_f1(const nk_score *s)
{
    if (s->gold + s->system == 0)
        return 0.0;
    return 200.0 * (double)s->correct / (double)(s->gold + s->system);
}

/* Per word: character span over the text with whitespace removed. */
typedef struct wspan {
    size_t b, e;
    const nk_token *tok;
    size_t sent;  /* sentence index */
    size_t index; /* global word index */
} wspan;

static size_t count_nonspace(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            n++;
    return n;
}

static wspan *word_spans(const nk_doc *doc, size_t *count, nk_buf *chars)
{
    size_t n = 0;
    for (size_t s = 0; s < doc->nsentences; s++)
        n += doc->sentences[s].ntokens;
    wspan *w = nk_xcalloc(n ? n : 1, sizeof *w);
    size_t pos = 0, k = 0;
    for (size_t s = 0; s < doc->nsentences; s++)
        for (size_t i = 0; i < doc->sentences[s].ntokens; i++) {
            const nk_token *t = &doc->sentences[s].tokens[i];
            size_t len = count_nonspace(t->form);
            for (const char *c = t->form; *c; c++)
                if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
                    nk_buf_putc(chars, *c);
            w[k] = (wspan){pos, pos + len, t, s, k};
            pos += len;
            k++;
        }
    *count = n;
    return w;
}

static const char *universal(const char *rel, size_t *n)
{
    if (!rel) {
        *n = 0;
        return "";
    }
    const char *c = strchr(rel, ':');
    *n = c ? (size_t)(c - rel) : strlen(rel);
    return rel;
}

static bool str_eq(const char *a, const char *b)
{
    return strcmp(a ? a : "_", b ? b : "_") == 0;
}

int nk_conllu_evaluate(const nk_doc *gold, const nk_doc *system,
                       nk_conllu_eval *out, nk_diag_sink *sink)
{
    memset(out, 0, sizeof *out);
    nk_buf gc = {0}, sc = {0};
    size_t ng = 0, ns = 0;
    wspan *gw = word_spans(gold, &ng, &gc);
    wspan *sw = word_spans(system, &ns, &sc);
    int rc = NK_OK;
    if (gc.len != sc.len || (gc.len && memcmp(gc.data, sc.data, gc.len) != 0)) {
        size_t i = 0;
        while (i < gc.len && i < sc.len && gc.data[i] == sc.data[i])
            i++;
        nk_diag_report(sink, NK_ERROR, system->name, 0, 0, NK_NO_OFFSET,
                       "the system output does not spell the same text as %s "
                       "(first difference at non-space character %zu)",
                       gold->name, i);
        rc = NK_ERR_INVALID;
        goto cleanup;
    }
    /* align words with identical spans; map system index -> gold index */
    size_t *s2g = nk_xmalloc((ns ? ns : 1) * sizeof *s2g);
    size_t *gstart = nk_xcalloc(ng + 1, sizeof *gstart); /* gold global start per sentence */
    (void)gstart;
    for (size_t i = 0; i < ns; i++)
        s2g[i] = (size_t)-1;
    size_t i = 0, j = 0;
    while (i < ng && j < ns) {
        if (gw[i].b == sw[j].b && gw[i].e == sw[j].e) {
            s2g[j] = i;
            i++;
            j++;
        } else if (gw[i].e <= sw[j].e) {
            i++;
        } else {
            j++;
        }
    }
    /* global index of each sentence's first word, for heads */
    size_t *gfirst = nk_xcalloc(gold->nsentences + 1, sizeof *gfirst);
    size_t *sfirst = nk_xcalloc(system->nsentences + 1, sizeof *sfirst);
    for (size_t s = 0, k = 0; s < gold->nsentences; k += gold->sentences[s].ntokens, s++)
        gfirst[s] = k;
    for (size_t s = 0, k = 0; s < system->nsentences; k += system->sentences[s].ntokens, s++)
        sfirst[s] = k;
    out->tokens.gold = ng;
    out->tokens.system = ns;
    nk_score *metrics[] = {&out->upos, &out->xpos, &out->lemma, &out->uas, &out->las};
    for (size_t m = 0; m < 5; m++) {
        metrics[m]->gold = ng;
        metrics[m]->system = ns;
    }
    for (size_t k = 0; k < ns; k++) {
        if (s2g[k] == (size_t)-1)
            continue;
        const wspan *g = &gw[s2g[k]];
        const wspan *s = &sw[k];
        out->tokens.correct++;
        if (str_eq(g->tok->upos, s->tok->upos))
            out->upos.correct++;
        if (str_eq(g->tok->xpos, s->tok->xpos))
            out->xpos.correct++;
        if (str_eq(g->tok->lemma, s->tok->lemma))
            out->lemma.correct++;
        /* heads: both root, or the system head aligned to the gold head */
        bool head_ok;
        if (g->tok->head <= 0 || s->tok->head <= 0)
            head_ok = g->tok->head == 0 && s->tok->head == 0;
        else {
            size_t sh = sfirst[s->sent] + (size_t)s->tok->head - 1;
            size_t gh = gfirst[g->sent] + (size_t)g->tok->head - 1;
            head_ok = s2g[sh] == gh;
        }
        if (head_ok) {
            out->uas.correct++;
            size_t gl, sl;
            const char *gr = universal(g->tok->deprel, &gl);
            const char *sr = universal(s->tok->deprel, &sl);
            if (gl == sl && memcmp(gr, sr, gl) == 0)
                out->las.correct++;
        }
    }
    /* sentences: same first and last character */
    out->sentences.gold = gold->nsentences;
    out->sentences.system = system->nsentences;
    {
        size_t a = 0, b = 0;
        while (a < gold->nsentences && b < system->nsentences) {
            size_t gb = gfirst[a], sb = sfirst[b];
            size_t gn = gold->sentences[a].ntokens, sn = system->sentences[b].ntokens;
            size_t g0 = gn ? gw[gb].b : 0, g1 = gn ? gw[gb + gn - 1].e : 0;
            size_t s0 = sn ? sw[sb].b : 0, s1 = sn ? sw[sb + sn - 1].e : 0;
            if (g0 == s0 && g1 == s1) {
                out->sentences.correct++;
                a++;
                b++;
            } else if (g1 <= s1) {
                a++;
            } else {
                b++;
            }
        }
    }
    free(gfirst);
    free(sfirst);
    free(gstart);
    free(s2g);
cleanup:
    free(gw);
    free(sw);
    nk_buf_free(&gc);
    nk_buf_free(&sc);
    return rc;
}
