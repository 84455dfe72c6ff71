/* html.c: the story view (see html.h).
 *
 * A page is built in four steps: the picture (dot.h renders SVG with fact
 * ids; clean_svg keeps only the drawing elements gvc writes and rejects
 * anything else), the marked text (marks: each fact's span and sentence as
 * byte ranges, cut into flat segments so that overlapping spans need no
 * nesting), the table or change list (plain HTML rows carrying the fact ids
 * in data attributes) and the page around them, with the stylesheet and the
 * script compiled in from src/html/ and allowed by their SHA-256 in the
 * Content-Security-Policy. */
#include "html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts_jsonl.h"
#include "html_assets.h" /* generated from src/html/: nk_html_css, nk_html_js */
#include "rdf.h"

/* ---- SHA-256 (FIPS 180-4), for the CSP hashes ------------------------------ */

static const uint32_t SHA_K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) +
                      SHA_K[i] + w[i];
        uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

static void sha256(const void *data, size_t len, unsigned char out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t n = len;
    for (; n >= 64; n -= 64, p += 64)
        sha256_block(h, p);
    unsigned char tail[128] = {0};
    memcpy(tail, p, n);
    tail[n] = 0x80;
    size_t tl = n < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - (size_t)i] = (unsigned char)(bits >> (8 * i));
    sha256_block(h, tail);
    if (tl == 128)
        sha256_block(h, tail + 64);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}

static void put_base64(nk_buf *b, const void *data, size_t len)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        char q[4] = {A[v >> 18], A[(v >> 12) & 63], A[(v >> 6) & 63], A[v & 63]};
        nk_buf_append(b, q, 4);
    }
    if (i < len) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0);
        char q[4] = {A[v >> 18], A[(v >> 12) & 63], i + 1 < len ? A[(v >> 6) & 63] : '=', '='};
        nk_buf_append(b, q, 4);
    }
}

/* "'sha256-...'" of S, for the CSP. */
static void put_csp_hash(nk_buf *b, const char *s)
{
    unsigned char h[32];
    sha256(s, strlen(s), h);
    nk_buf_puts(b, "'sha256-");
    put_base64(b, h, sizeof h);
    nk_buf_putc(b, '\'');
}

/* ---- escaping ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at S (of N bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > n || (len == 2 && c < 0xC2) || (len == 4 && c > 0xF4))
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (len == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
        return 0;
    if (len == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
        return 0;
    return len;
}

/* Append N bytes of S as HTML text or attribute value: markup characters as
 * entities, control characters and invalid UTF-8 as U+FFFD, CR dropped. */
static void put_text(nk_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        switch (c) {
        case '&': nk_buf_puts(b, "&amp;"); i++; continue;
        case '<': nk_buf_puts(b, "&lt;"); i++; continue;
        case '>': nk_buf_puts(b, "&gt;"); i++; continue;
        case '"': nk_buf_puts(b, "&quot;"); i++; continue;
        case '\'': nk_buf_puts(b, "&#39;"); i++; continue;
        case '\r': i++; continue;
        case '\t':
        case '\n': nk_buf_putc(b, (char)c); i++; continue;
        default: break;
        }
        size_t len = utf8_len(p + i, n - i);
        if (c < 0x20 || c == 0x7F || len == 0) {
            nk_buf_puts(b, "\xef\xbf\xbd");
            i++;
            continue;
        }
        nk_buf_append(b, s + i, len);
        i += len;
    }
}

static void put_str(nk_buf *b, const char *s)
{
    if (s)
        put_text(b, s, strlen(s));
}

/* ---- the picture ------------------------------------------------------------- */

/* Elements gvc's SVG renderer writes; anything else is refused. */
static const char *const SVG_ELEMENTS[] = {"svg", "g", "a", "polygon", "polyline", "ellipse",
                                           "path", "text", "tspan", "defs", "linearGradient",
                                           "radialGradient", "stop", NULL};

static bool known_element(const char *name, size_t n)
{
    for (size_t i = 0; SVG_ELEMENTS[i]; i++)
        if (strlen(SVG_ELEMENTS[i]) == n && memcmp(SVG_ELEMENTS[i], name, n) == 0)
            return true;
    return false;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == ':' || c == '_';
}

/* The value of attribute NAME inside the tag [P, END), copied into OUT. */
static bool attr_value(const char *p, const char *end, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    for (const char *q = p; q + nl + 2 < end; q++) {
        if ((q == p || q[-1] == ' ' || q[-1] == '\n') && memcmp(q, name, nl) == 0 &&
            q[nl] == '=' && q[nl + 1] == '"') {
            const char *v = q + nl + 2, *e = memchr(v, '"', (size_t)(end - v));
            if (!e || (size_t)(e - v) >= n)
                return false;
            memcpy(out, v, (size_t)(e - v));
            out[e - v] = '\0';
            return true;
        }
    }
    return false;
}

/* Copy gvc's SVG into OUT as inline SVG for HTML: no prolog, comments or
 * <title>s (the IRIs; tooltips stay as xlink:title), a root element sized by
 * the page (its natural size in data-w/data-h, CSS pixels).  Refuses (false)
 * an element gvc does not write, an event-handler or link attribute, or
 * markup it cannot read: the SVG carries article text. */
static bool clean_svg(const char *svg, size_t len, nk_buf *out)
{
    const char *p = svg, *end = svg + len;
    const char *start = NULL;
    for (const char *q = p; q + 4 <= end; q++)
        if (memcmp(q, "<svg", 4) == 0 && (q[4] == ' ' || q[4] == '\n')) {
            start = q;
            break;
        }
    if (!start)
        return false;
    p = start;
    bool root = true;
    while (p < end) {
        if (*p != '<') {
            const char *lt = memchr(p, '<', (size_t)(end - p));
            const char *stop = lt ? lt : end;
            nk_buf_append(out, p, (size_t)(stop - p));
            p = stop;
            continue;
        }
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *q = p + 4;
            while (q + 3 <= end && memcmp(q, "-->", 3) != 0)
                q++;
            if (q + 3 > end)
                return false;
            p = q + 3;
            continue;
        }
        if (end - p >= 7 && memcmp(p, "<title>", 7) == 0) {
            const char *q = p + 7;
            while (q + 8 <= end && memcmp(q, "</title>", 8) != 0) {
                if (*q == '<')
                    return false;
                q++;
            }
            if (q + 8 > end)
                return false;
            p = q + 8;
            continue;
        }
        /* a tag: [/]name attributes [/]> with quoted values */
        const char *q = p + 1;
        if (q < end && *q == '/')
            q++;
        const char *name = q;
        while (q < end && name_char(*q))
            q++;
        if (!known_element(name, (size_t)(q - name)))
            return false;
        const char *tag_end = q;
        bool in_quote = false;
        while (tag_end < end && (in_quote || *tag_end != '>')) {
            if (*tag_end == '"')
                in_quote = !in_quote;
            else if (!in_quote && *tag_end == '<')
                return false;
            else if (!in_quote && (tag_end[-1] == ' ' || tag_end[-1] == '\n') &&
                     ((tag_end[0] | 0x20) == 'o' && (tag_end[1] | 0x20) == 'n'))
                return false; /* onload=, onclick=, ... */
            else if (!in_quote && (tag_end[-1] == ' ' || tag_end[-1] == ':') &&
                     end - tag_end > 4 && memcmp(tag_end, "href", 4) == 0)
                return false;
            tag_end++;
        }
        if (tag_end >= end)
            return false;
        if (root) {
            char w[32], h[32], vb[96];
            if (!attr_value(q, tag_end, "width", w, sizeof w) ||
                !attr_value(q, tag_end, "height", h, sizeof h) ||
                !attr_value(q, tag_end, "viewBox", vb, sizeof vb))
                return false;
            nk_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"nk-svg\" "
                               "role=\"img\" aria-label=\"graph of the facts\" viewBox=\"");
            put_str(out, vb);
            nk_buf_printf(out, "\" data-w=\"%.0f\" data-h=\"%.0f\">", strtod(w, NULL) * 4 / 3,
                          strtod(h, NULL) * 4 / 3);
            root = false;
        } else {
            nk_buf_append(out, p, (size_t)(tag_end - p + 1));
        }
        p = tag_end + 1;
    }
    return !root;
}

/* Render G as SVG with fact ids and append it, cleaned, to OUT. */
static int put_svg(nk_buf *out, const nk_graph *g, const nk_dot_options *dot,
                   const nk_dot_status *ev_status, const nk_dot_status *ent_status,
                   const char *title, nk_diag_sink *sink)
{
    nk_dot_options d = NK_DOT_OPTIONS_INIT;
    if (dot)
        d = *dot;
    d.fact_ids = true;
    d.title = title;
    d.event_status = ev_status;
    d.entity_status = ent_status;
    char *svg = NULL;
    size_t len = 0;
    NK_TRY(nk_dot_render_data(g, &d, "svg", &svg, &len, sink));
    nk_buf clean = {0};
    bool ok = clean_svg(svg, len, &clean);
    free(svg);
    if (!ok) {
        nk_buf_free(&clean);
        nk_diag_report(sink, NK_ERROR, "graphviz", 0, 0, SIZE_MAX,
                       "the SVG from Graphviz holds markup the story view does not embed");
        return NK_ERR_EXTERNAL;
    }
    nk_buf_append(out, clean.data ? clean.data : "", clean.len);
    nk_buf_free(&clean);
    return NK_OK;
}

/* ---- marked text --------------------------------------------------------------- */

enum { KIND_FACT = 0, KIND_ADDED, KIND_REMOVED, KIND_CHANGED, KIND_UNCHANGED };
static const char *const KIND_CLASS[] = {"m", "m add", "m rem", "m chg", "m unc"};
/* which kind a segment covered by several marks shows */
static const int KIND_RANK[] = {1, 2, 2, 3, 0};

/* One fact in a text: its span [b, e) and sentence [sb, se), in bytes of
 * the text shown; ID is what the page calls the fact. */
typedef struct mark {
    size_t b, e, sb, se;
    size_t id;
    int kind;
} mark;

/* A text with marks: the article's own, or one rebuilt from sentences. */
typedef struct marked {
    char *own;          /* malloc'd when rebuilt */
    const char *text;
    size_t len;
    mark *m;
    size_t n;
    bool rebuilt;
} marked;

static size_t snap(const char *t, size_t len, size_t x)
{
    if (x > len)
        x = len;
    while (x > 0 && x < len && ((unsigned char)t[x] & 0xC0) == 0x80)
        x--;
    return x;
}

/* Where SENT (the fact's sentence) sits in TEXT around [b, e). */
static bool find_sentence(const char *text, size_t len, const char *sent, size_t b, size_t e,
                          size_t *sb, size_t *se)
{
    size_t n = sent ? strlen(sent) : 0;
    if (n == 0 || n > len || e > len)
        return false;
    size_t from = e > n ? e - n : 0;
    for (size_t p = from; p <= b && p + n <= len; p++)
        if (text[p] == sent[0] && memcmp(text + p, sent, n) == 0) {
            *sb = p;
            *se = p + n;
            return true;
        }
    return false;
}

static int cmp_sentence(const void *pa, const void *pb)
{
    const nk_fact *a = *(const nk_fact *const *)pa, *b = *(const nk_fact *const *)pb;
    int c = strcmp(a->doc ? a->doc : "", b->doc ? b->doc : "");
    if (c)
        return c;
    if (a->sentence != b->sentence)
        return a->sentence < b->sentence ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Marks for FS's facts (ids ID0 + index, kinds from KINDS or KIND_FACT) in
 * TX's text, or in a text rebuilt from their sentences. */
static void mark_facts(marked *mk, const nk_factset *fs, const nk_html_text *tx, size_t id0,
                       const int *kinds)
{
    memset(mk, 0, sizeof *mk);
    size_t n = fs->count;
    mk->m = nk_xcalloc(n + 1, sizeof *mk->m);
    if (tx && tx->text) {
        mk->text = tx->text;
        mk->len = tx->len;
        for (size_t i = 0; i < n; i++) {
            const nk_fact *f = &fs->facts[i];
            mark *m = &mk->m[mk->n++];
            m->id = id0 + i;
            m->kind = kinds ? kinds[i] : KIND_FACT;
            size_t b = f->span_begin, e = f->span_end;
            if (b > e || e > mk->len)
                b = e = 0;
            m->b = snap(mk->text, mk->len, b);
            m->e = snap(mk->text, mk->len, e);
            if (!find_sentence(mk->text, mk->len, f->sentence_text, b, e, &m->sb, &m->se)) {
                m->sb = m->b;
                m->se = m->e;
            }
        }
        return;
    }
    /* rebuilt: each distinct sentence once, in (document, number) order */
    mk->rebuilt = true;
    const nk_fact **order = nk_xcalloc(n + 1, sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = &fs->facts[i];
    qsort(order, n, sizeof *order, cmp_sentence);
    nk_buf t = {0};
    const nk_fact *prev = NULL;
    size_t sb = 0, se = 0;
    for (size_t k = 0; k < n; k++) {
        const nk_fact *f = order[k];
        const char *st = f->sentence_text && *f->sentence_text ? f->sentence_text
                         : f->action_text ? f->action_text : f->lemma;
        bool same = prev && prev->sentence == f->sentence &&
                    strcmp(prev->doc ? prev->doc : "", f->doc ? f->doc : "") == 0;
        if (!same) {
            if (t.len)
                nk_buf_putc(&t, '\n');
            sb = t.len;
            for (const char *c = st ? st : ""; *c; c++)
                nk_buf_putc(&t, *c == '\n' || *c == '\r' ? ' ' : *c);
            se = t.len;
        }
        prev = f;
        mark *m = &mk->m[mk->n++];
        size_t i = (size_t)(f - fs->facts);
        m->id = id0 + i;
        m->kind = kinds ? kinds[i] : KIND_FACT;
        m->sb = sb;
        m->se = se;
        m->b = sb;
        m->e = se;
        const char *at = f->action_text;
        size_t al = at ? strlen(at) : 0;
        for (size_t p = sb; al && p + al <= se; p++)
            if (memcmp(t.data + p, at, al) == 0) {
                m->b = p;
                m->e = p + al;
                break;
            }
    }
    free(order);
    mk->len = t.len;
    mk->own = nk_buf_detach(&t);
    mk->text = mk->own ? mk->own : "";
}

static void marked_free(marked *mk)
{
    free(mk->own);
    free(mk->m);
}

static int cmp_size_t(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return a < b ? -1 : a > b;
}

/* Append " id" for every mark covering [x, y) (spans when SPAN, else
 * sentences) to OUT; returns how many, and the strongest kind in *kind. */
static size_t covering(const marked *mk, size_t x, size_t y, bool span, nk_buf *out, int *kind)
{
    size_t count = 0;
    for (size_t i = 0; i < mk->n; i++) {
        const mark *m = &mk->m[i];
        size_t b = span ? m->b : m->sb, e = span ? m->e : m->se;
        if (b <= x && y <= e && b < e) {
            nk_buf_printf(out, count ? " %zu" : "%zu", m->id);
            if (kind && KIND_RANK[m->kind] >= KIND_RANK[*kind])
                *kind = m->kind;
            count++;
        }
    }
    return count;
}

/* The text as paragraphs (one a line), every segment covered by a fact's
 * span a <mark data-f="ids" data-s="ids">, every other segment of a fact's
 * sentence a <span class="s" data-s="ids">. */
static void put_marked(nk_buf *out, const marked *mk)
{
    size_t len = mk->len;
    size_t *cut = nk_xmalloc((4 * mk->n + 2) * sizeof *cut);
    size_t nc = 0;
    cut[nc++] = 0;
    cut[nc++] = len;
    for (size_t i = 0; i < mk->n; i++) {
        cut = nk_xrealloc(cut, (nc + 4) * sizeof *cut);
        cut[nc++] = mk->m[i].b;
        cut[nc++] = mk->m[i].e;
        cut[nc++] = mk->m[i].sb;
        cut[nc++] = mk->m[i].se;
    }
    for (size_t i = 0; i < len; i++)
        if (mk->text[i] == '\n') {
            cut = nk_xrealloc(cut, (nc + 2) * sizeof *cut);
            cut[nc++] = i;
            cut[nc++] = i + 1;
        }
    qsort(cut, nc, sizeof *cut, cmp_size_t);
    nk_buf ids = {0}, sids = {0};
    nk_buf_puts(out, "<p>");
    for (size_t k = 0; k + 1 < nc; k++) {
        size_t x = cut[k], y = cut[k + 1];
        if (x == y || x >= len)
            continue;
        if (mk->text[x] == '\n') {
            nk_buf_puts(out, "</p>\n<p>");
            continue;
        }
        nk_buf_clear(&ids);
        nk_buf_clear(&sids);
        int kind = KIND_UNCHANGED;
        size_t nf = covering(mk, x, y, true, &ids, &kind);
        size_t ns = covering(mk, x, y, false, &sids, NULL);
        if (nf) {
            nk_buf_printf(out, "<mark class=\"%s\" data-f=\"%s\" data-s=\"%s\">",
                          KIND_CLASS[kind], ids.data, ns ? sids.data : ids.data);
            put_text(out, mk->text + x, y - x);
            nk_buf_puts(out, "</mark>");
        } else if (ns) {
            nk_buf_printf(out, "<span class=\"s\" data-s=\"%s\">", sids.data);
            put_text(out, mk->text + x, y - x);
            nk_buf_puts(out, "</span>");
        } else {
            put_text(out, mk->text + x, y - x);
        }
    }
    nk_buf_puts(out, "</p>\n");
    nk_buf_free(&ids);
    nk_buf_free(&sids);
    free(cut);
}

/* ---- facts as text ------------------------------------------------------------- */

/* CAMEO's twenty top-level categories. */
static const char *const CAMEO_ROOTS[21] = {
    NULL, "Make public statement", "Appeal", "Express intent to cooperate", "Consult",
    "Engage in diplomatic cooperation", "Engage in material cooperation", "Provide aid",
    "Yield", "Investigate", "Demand", "Disapprove", "Reject", "Threaten", "Protest",
    "Exhibit military posture", "Reduce relations", "Coerce", "Assault", "Fight",
    "Use unconventional mass violence"};

/* The CAMEO top-level category of a code ("174" -> 17), 0 when none. */
static int cameo_root(const char *code)
{
    if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}

static const char *modal_word(const nk_fact *f)
{
    switch (f->modality) {
    case NK_MOD_HYPOTHETICAL: return "may";
    case NK_MOD_PLANNED: return "plans to";
    case NK_MOD_REQUESTED: return "urged to";
    case NK_MOD_ASSERTED: break;
    }
    return "";
}

/* "Actor NOT lemma Target" */
static void put_fact_line(nk_buf *b, const nk_fact *f)
{
    if (f->actor) {
        put_str(b, f->actor->label);
        nk_buf_putc(b, ' ');
    }
    if (f->modality != NK_MOD_ASSERTED) {
        nk_buf_puts(b, modal_word(f));
        nk_buf_putc(b, ' ');
    }
    if (f->negated)
        nk_buf_puts(b, "NOT ");
    put_str(b, f->lemma);
    if (f->target) {
        nk_buf_putc(b, ' ');
        put_str(b, f->target->label);
    }
}

static void put_entity_cell(nk_buf *b, const nk_entity_ref *e)
{
    nk_buf_puts(b, "<td>");
    if (e) {
        put_str(b, e->label);
        if (e->type && *e->type) {
            nk_buf_puts(b, " <small>");
            put_str(b, e->type);
            nk_buf_puts(b, "</small>");
        }
    }
    nk_buf_puts(b, "</td>");
}

static void put_cell(nk_buf *b, const char *s)
{
    nk_buf_puts(b, "<td>");
    put_str(b, s);
    nk_buf_puts(b, "</td>");
}

/* ---- the page -------------------------------------------------------------------- */

static void put_head(nk_buf *out, const char *title, const char *kind)
{
    nk_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "script-src ");
    put_csp_hash(out, nk_html_js);
    nk_buf_puts(out, "; style-src ");
    put_csp_hash(out, nk_html_css);
    nk_buf_puts(out, "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                     "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    put_str(out, title);
    nk_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body class=\"nk-%s\">\n",
                  nk_html_css, kind);
}

static void put_tail(nk_buf *out, const nk_html_options *o)
{
    nk_buf_puts(out, "<footer>Made by ");
    put_str(out, o && o->generator ? o->generator : "newskg");
    nk_buf_printf(out, ", a self-contained page: it loads nothing from the network."
                       "</footer>\n<script>%s</script>\n</body>\n</html>\n",
                  nk_html_js);
}

static void put_download(nk_buf *out, const char *file, const char *mime, const nk_buf *data,
                         const char *label)
{
    nk_buf_printf(out, "<a class=\"dl\" download=\"");
    put_str(out, file);
    nk_buf_printf(out, "\" href=\"data:%s;charset=utf-8;base64,", mime);
    put_base64(out, data->data ? data->data : "", data->len);
    nk_buf_printf(out, "\">%s</a>", label);
}

static void put_meta_row(nk_buf *out, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    nk_buf_printf(out, "<div><dt>%s</dt><dd>", key);
    put_str(out, value);
    nk_buf_puts(out, "</dd></div>");
}

static const char *story_title(const nk_graph *g, const nk_html_options *o)
{
    const nk_factset *fs = g->facts;
    if (o && o->title && *o->title)
        return o->title;
    if (fs && fs->title && *fs->title)
        return fs->title;
    if (g->doc && *g->doc)
        return g->doc;
    return "newskg";
}

static void put_graph_panel(nk_buf *out, const char *hint)
{
    nk_buf_printf(out, "<section id=\"graph\" class=\"panel\" aria-label=\"graph\">"
                       "<div class=\"bar\"><h2>Graph</h2>"
                       "<button type=\"button\" id=\"zoom-fit\">fit</button>"
                       "<button type=\"button\" id=\"zoom-1\">100%%</button>"
                       "<span class=\"hint\">%s</span></div>"
                       "<div class=\"scroll\" id=\"graph-scroll\">",
                   hint);
}

/* Distinct strings with their counts, for the filters. */
typedef struct tally {
    const char *key;
    const char *label;
    size_t count;
} tally;

static void tally_add(tally **t, size_t *n, const char *key, const char *label)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*t)[i].key, key) == 0) {
            (*t)[i].count++;
            return;
        }
    *t = nk_xrealloc(*t, (*n + 1) * sizeof **t);
    (*t)[*n] = (tally){key, label, 1};
    (*n)++;
}

static int cmp_tally_count(const void *pa, const void *pb)
{
    const tally *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->key, b->key);
}

static int cmp_tally_key(const void *pa, const void *pb)
{
    const tally *a = pa, *b = pb;
    return strcmp(a->key, b->key);
}

static void put_filters(nk_buf *out, const nk_factset *fs)
{
    tally *actors = NULL, *classes = NULL;
    size_t na = 0, ncl = 0;
    nk_arena *a = nk_arena_new();
    for (size_t i = 0; i < fs->count; i++) {
        const nk_fact *f = &fs->facts[i];
        if (f->actor && f->actor->label)
            tally_add(&actors, &na, f->actor->label, f->actor->label);
        int root = cameo_root(f->cameo);
        const char *cls = f->action_class && *f->action_class ? f->action_class : NULL;
        if (root)
            tally_add(&classes, &ncl, nk_arena_printf(a, "%02d", root), NULL);
        if (cls)
            tally_add(&classes, &ncl,
                      nk_arena_printf(a, "%02d %s", root, cls),
                      nk_arena_printf(a, "%s%s%s", cls, f->cameo ? " " : "",
                                      f->cameo ? f->cameo : ""));
    }
    qsort(actors, na, sizeof *actors, cmp_tally_count);
    qsort(classes, ncl, sizeof *classes, cmp_tally_key);
    nk_buf_puts(out, "<div class=\"filters\" role=\"search\">"
                     "<label>Actor <select id=\"f-actor\"><option value=\"\">all</option>");
    for (size_t i = 0; i < na; i++) {
        nk_buf_puts(out, "<option value=\"");
        put_str(out, actors[i].key);
        nk_buf_puts(out, "\">");
        put_str(out, actors[i].key);
        nk_buf_printf(out, " (%zu)</option>", actors[i].count);
    }
    nk_buf_puts(out, "</select></label><label>Class <select id=\"f-class\">"
                     "<option value=\"\">all</option>");
    for (size_t i = 0; i < ncl; i++) {
        int root = atoi(classes[i].key);
        if (!classes[i].label) {
            nk_buf_printf(out, "<option value=\"cat:%02d\">%02d %s (%zu)</option>", root, root,
                          CAMEO_ROOTS[root], classes[i].count);
        } else {
            nk_buf_puts(out, "<option value=\"cls:");
            put_str(out, strchr(classes[i].key, ' ') + 1);
            nk_buf_puts(out, "\">&#160;&#160;");
            put_str(out, classes[i].label);
            nk_buf_printf(out, " (%zu)</option>", classes[i].count);
        }
    }
    nk_buf_puts(out, "<option value=\"none\">no CAMEO class</option></select></label>"
                     "<label>Modality <select id=\"f-mod\"><option value=\"\">all</option>"
                     "<option value=\"asserted\">asserted</option>"
                     "<option value=\"hypothetical\">hypothetical</option>"
                     "<option value=\"planned\">planned</option>"
                     "<option value=\"requested\">requested</option>"
                     "<option value=\"modal\">any but asserted</option></select></label>"
                     "<label class=\"check\"><input type=\"checkbox\" id=\"f-neg\"> negated only"
                     "</label><label>Find <input type=\"search\" id=\"f-q\" "
                     "placeholder=\"any word\"></label><span id=\"f-count\" aria-live=\"polite\">"
                     "</span><button type=\"button\" id=\"f-clear\">clear</button></div>");
    free(actors);
    free(classes);
    nk_arena_free(a);
}

static void put_table(nk_buf *out, const nk_factset *fs)
{
    nk_buf_puts(out, "<div class=\"tablewrap\"><table id=\"facts-table\"><thead><tr>"
                     "<th data-sort=\"num\" title=\"fact number\">#</th>"
                     "<th data-sort=\"num\" title=\"sentence\">sent.</th>"
                     "<th data-sort=\"text\">actor</th>"
                     "<th data-sort=\"text\">action <small>class, CAMEO</small></th>"
                     "<th data-sort=\"text\">target</th><th data-sort=\"text\">place</th>"
                     "<th data-sort=\"text\">time</th><th data-sort=\"text\">negated</th>"
                     "<th data-sort=\"text\">modality</th>"
                     "<th data-sort=\"text\">according to</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < fs->count; i++) {
        const nk_fact *f = &fs->facts[i];
        int root = cameo_root(f->cameo);
        nk_buf_printf(out, "<tr data-f=\"%zu\" data-actor=\"", i);
        put_str(out, f->actor ? f->actor->label : "");
        nk_buf_puts(out, "\" data-cls=\"");
        put_str(out, f->action_class ? f->action_class : "");
        nk_buf_printf(out, "\" data-cat=\"%02d\" data-neg=\"%d\" data-mod=\"%s\">", root,
                      f->negated ? 1 : 0, nk_modality_name(f->modality));
        nk_buf_printf(out, "<td>%zu</td><td>%u</td>", i + 1, f->sentence);
        put_entity_cell(out, f->actor);
        nk_buf_puts(out, "<td><b>");
        put_str(out, f->lemma);
        nk_buf_puts(out, "</b>");
        if ((f->action_class && *f->action_class) || f->cameo) {
            nk_buf_puts(out, " <small>");
            put_str(out, f->action_class);
            if (f->cameo) {
                nk_buf_puts(out, f->action_class ? " \xc2\xb7 " : "");
                put_str(out, f->cameo);
            }
            if (root) {
                nk_buf_printf(out, " \xc2\xb7 %s", CAMEO_ROOTS[root]);
            }
            nk_buf_puts(out, "</small>");
        }
        nk_buf_puts(out, "</td>");
        put_entity_cell(out, f->target);
        put_entity_cell(out, f->place);
        put_cell(out, f->time);
        put_cell(out, f->negated ? "NOT" : "");
        put_cell(out, f->modality == NK_MOD_ASSERTED ? "" : nk_modality_name(f->modality));
        put_entity_cell(out, f->attributed_to);
        nk_buf_puts(out, "</tr>\n");
    }
    nk_buf_puts(out, "</tbody></table></div>");
}

int nk_html_write_story(const nk_graph *g, const nk_html_text *tx, const nk_html_options *o,
                        nk_buf *out, nk_diag_sink *sink)
{
    if (o && o->version != NK_HTML_OPTIONS_VERSION)
        return NK_ERR_UNSUPPORTED;
    if (!g || !g->facts)
        return NK_ERR_INVALID;
    const nk_factset *fs = g->facts;
    const char *title = story_title(g, o);
    nk_buf ttl = {0}, jsonl = {0}, svg = {0};
    marked mk;
    memset(&mk, 0, sizeof mk);
    int rc = NK_OK;
    NK_CHECK(put_svg(&svg, g, o ? o->dot : NULL, NULL, NULL, title, sink));
    NK_CHECK(nk_rdf_write(g, NK_RDF_TURTLE, &ttl, sink));
    nk_facts_write_jsonl(fs, &jsonl);
    mark_facts(&mk, fs, tx, 0, NULL);

    put_head(out, title, "story");
    nk_buf_puts(out, "<header><h1>");
    put_str(out, title);
    nk_buf_puts(out, "</h1><dl class=\"meta\">");
    put_meta_row(out, "document", g->doc);
    put_meta_row(out, "date", fs->date);
    put_meta_row(out, "address", fs->url);
    put_meta_row(out, "source", tx ? tx->name : NULL);
    put_meta_row(out, "version", g->version);
    nk_buf_printf(out, "<div><dt>facts</dt><dd id=\"n-facts\">%zu</dd></div>"
                       "<div><dt>events</dt><dd>%zu</dd></div>"
                       "<div><dt>entities</dt><dd>%zu</dd></div></dl><p class=\"downloads\">",
                  fs->count, g->nevents, g->nentities);
    nk_buf dl = {0};
    nk_buf_printf(&dl, "%s.ttl", g->doc);
    put_download(out, dl.data, "text/turtle", &ttl, "Turtle");
    nk_buf_clear(&dl);
    nk_buf_printf(&dl, "%s.jsonl", g->doc);
    put_download(out, dl.data, "application/x-ndjson", &jsonl, "JSON Lines");
    nk_buf_free(&dl);
    nk_buf_puts(out, "</p></header>\n<main>\n");
    put_graph_panel(out, "Click a node or an arrow, a sentence or a row; select text; "
                         "Esc clears.");
    nk_buf_append(out, svg.data ? svg.data : "", svg.len);
    nk_buf_puts(out, "</div></section>\n<section id=\"text\" class=\"panel\" "
                     "aria-label=\"article text\"><div class=\"bar\"><h2>Article</h2>");
    if (mk.rebuilt)
        nk_buf_puts(out, "<span class=\"hint\">rebuilt from the facts' sentences</span>");
    nk_buf_puts(out, "</div><div class=\"scroll text\" id=\"text-new\">");
    put_marked(out, &mk);
    nk_buf_printf(out, "</div></section>\n<section id=\"facts\" class=\"panel\" "
                       "aria-label=\"facts\"><div class=\"bar\"><h2>Facts</h2></div>");
    put_filters(out, fs);
    put_table(out, fs);
    nk_buf_puts(out, "</section>\n</main>\n");
    put_tail(out, o);
cleanup:
    marked_free(&mk);
    nk_buf_free(&ttl);
    nk_buf_free(&jsonl);
    nk_buf_free(&svg);
    return rc;
}

/* ---- the diff page ------------------------------------------------------------- */

static const char *const CHANGE_SYMBOL[] = {"=", "+", "\xe2\x88\x92", "~"};

static void put_ent_label(nk_buf *b, const nk_entity_ref *e)
{
    put_str(b, e ? e->label : "\xe2\x80\x94");
}

/* The field lines of a changed pair: "target: six diplomats -> seven". */
static void put_fields(nk_buf *b, const nk_change *c, const nk_fact *of, const nk_fact *nf)
{
    struct {
        unsigned bit;
        const char *name;
        const nk_entity_ref *o, *n;
    } ents[] = {{NK_DIFF_ACTOR, "actor", of->actor, nf->actor},
                {NK_DIFF_TARGET, "target", of->target, nf->target},
                {NK_DIFF_PLACE, "place", of->place, nf->place},
                {NK_DIFF_ATTRIBUTION, "according to", of->attributed_to, nf->attributed_to}};
    for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++) {
        if (!(c->fields & ents[i].bit))
            continue;
        nk_buf_printf(b, "<div class=\"field\">%s: <del>", ents[i].name);
        put_ent_label(b, ents[i].o);
        nk_buf_puts(b, "</del> \xe2\x86\x92 <ins>");
        put_ent_label(b, ents[i].n);
        nk_buf_puts(b, "</ins></div>");
    }
    if (c->fields & NK_DIFF_NEGATION)
        nk_buf_printf(b, "<div class=\"field\">negated: <del>%s</del> \xe2\x86\x92 <ins>%s</ins>"
                         "</div>", of->negated ? "yes" : "no", nf->negated ? "yes" : "no");
    if (c->fields & NK_DIFF_MODALITY)
        nk_buf_printf(b, "<div class=\"field\">modality: <del>%s</del> \xe2\x86\x92 <ins>%s</ins>"
                         "</div>", nk_modality_name(of->modality),
                      nk_modality_name(nf->modality));
    if (c->fields & NK_DIFF_TIME) {
        nk_buf_puts(b, "<div class=\"field\">time: <del>");
        put_str(b, of->time ? of->time : "\xe2\x80\x94");
        nk_buf_puts(b, "</del> \xe2\x86\x92 <ins>");
        put_str(b, nf->time ? nf->time : "\xe2\x80\x94");
        nk_buf_puts(b, "</ins></div>");
    }
}

int nk_html_write_diff(const nk_diff *d, const nk_html_text *old_tx, const nk_html_text *new_tx,
                       const nk_html_options *o, nk_buf *out, nk_diag_sink *sink)
{
    if (o && o->version != NK_HTML_OPTIONS_VERSION)
        return NK_ERR_UNSUPPORTED;
    if (!d)
        return NK_ERR_INVALID;
    const nk_factset *of = d->old_facts, *nf = d->new_facts;
    size_t nn = nf->count;
    const char *title = o && o->title && *o->title ? o->title
                        : nf->title && *nf->title ? nf->title
                        : nf->doc ? nf->doc : "newskg diff";
    nk_diff_overlay *ov = NULL;
    nk_buf svg = {0}, jl = {0}, patch = {0}, head = {0};
    marked om, nm;
    memset(&om, 0, sizeof om);
    memset(&nm, 0, sizeof nm);
    int *okind = nk_xcalloc(of->count + 1, sizeof *okind);
    int *nkind = nk_xcalloc(nf->count + 1, sizeof *nkind);
    int rc = NK_OK;
    for (size_t k = 0; k < d->count; k++) {
        const nk_change *c = &d->changes[k];
        int kind = c->kind == NK_CHANGE_ADDED     ? KIND_ADDED
                   : c->kind == NK_CHANGE_REMOVED ? KIND_REMOVED
                   : c->kind == NK_CHANGE_CHANGED ? KIND_CHANGED
                                                  : KIND_UNCHANGED;
        if (c->old_index != NK_NO_FACT && c->old_index < of->count &&
            (okind[c->old_index] == KIND_FACT || kind != KIND_UNCHANGED))
            okind[c->old_index] = kind;
        if (c->new_index != NK_NO_FACT && c->new_index < nf->count &&
            (nkind[c->new_index] == KIND_FACT || kind != KIND_UNCHANGED))
            nkind[c->new_index] = kind;
    }
    for (size_t i = 0; i < of->count; i++)
        if (okind[i] == KIND_FACT)
            okind[i] = KIND_UNCHANGED;
    for (size_t i = 0; i < nf->count; i++)
        if (nkind[i] == KIND_FACT)
            nkind[i] = KIND_UNCHANGED;

    NK_CHECK(nk_diff_overlay_build(&ov, d, title, sink));
    NK_CHECK(put_svg(&svg, ov->graph, o ? o->dot : NULL, ov->event_status, ov->entity_status,
                     title, sink));
    nk_diff_write_jsonl(d, &jl);
    NK_CHECK(nk_diff_write_rdfpatch(d, &patch, sink));
    /* overlay ids: NEW's facts first, then OLD's (nk_diff_overlay_build) */
    mark_facts(&om, of, old_tx, nn, okind);
    mark_facts(&nm, nf, new_tx, 0, nkind);

    nk_buf_puts(&head, "Changes: ");
    nk_buf_puts(&head, title);
    put_head(out, head.data, "diff");
    nk_buf_puts(out, "<header><h1>");
    put_str(out, title);
    nk_buf_puts(out, "</h1><dl class=\"meta\">");
    put_meta_row(out, "old", old_tx && old_tx->name ? old_tx->name : of->doc);
    put_meta_row(out, "new", new_tx && new_tx->name ? new_tx->name : nf->doc);
    nk_buf_printf(out, "<div><dt>added</dt><dd id=\"n-added\">%zu</dd></div>"
                       "<div><dt>removed</dt><dd id=\"n-removed\">%zu</dd></div>"
                       "<div><dt>changed</dt><dd id=\"n-changed\">%zu</dd></div>"
                       "<div><dt>unchanged</dt><dd>%zu</dd></div></dl><p class=\"downloads\">",
                  d->added, d->removed, d->changed, d->unchanged);
    put_download(out, "changes.jsonl", "application/x-ndjson", &jl, "changes (JSON Lines)");
    put_download(out, "changes.rdfp", "text/plain", &patch, "RDF Patch");
    nk_buf_puts(out, "</p></header>\n<main>\n<section id=\"changes\" class=\"panel\" "
                     "aria-label=\"changes\"><div class=\"bar\"><h2>Changes</h2>"
                     "<span class=\"hint\">select one to see it in both texts</span></div>"
                     "<ol class=\"scroll changes\">");
    size_t listed = 0;
    for (size_t k = 0; k < d->count; k++) {
        const nk_change *c = &d->changes[k];
        if (c->kind == NK_CHANGE_UNCHANGED)
            continue;
        bool has_old = c->old_index != NK_NO_FACT && c->old_index < of->count;
        bool has_new = c->new_index != NK_NO_FACT && c->new_index < nf->count;
        const nk_fact *f = has_new ? &nf->facts[c->new_index] : has_old ? &of->facts[c->old_index]
                                                                        : NULL;
        if (!f)
            continue;
        static const char *const CLS[] = {"unc", "add", "rem", "chg"};
        nk_buf_printf(out, "<li tabindex=\"0\" class=\"%s\" data-f=\"", CLS[c->kind]);
        if (has_new)
            nk_buf_printf(out, "%zu", c->new_index);
        if (has_old)
            nk_buf_printf(out, "%s%zu", has_new ? " " : "", nn + c->old_index);
        nk_buf_printf(out, "\"><span class=\"sym\">%s</span> ", CHANGE_SYMBOL[c->kind]);
        put_fact_line(out, f);
        if (c->kind == NK_CHANGE_CHANGED && has_old && has_new)
            put_fields(out, c, &of->facts[c->old_index], f);
        nk_buf_puts(out, "</li>\n");
        listed++;
    }
    if (!listed)
        nk_buf_puts(out, "<li class=\"none\">No fact changed.</li>");
    nk_buf_puts(out, "</ol></section>\n");
    put_graph_panel(out, "Green added, grey removed, orange changed. Click to see the "
                         "sentences.");
    nk_buf_append(out, svg.data ? svg.data : "", svg.len);
    nk_buf_puts(out, "</div></section>\n<section id=\"text-old-panel\" class=\"panel\" "
                     "aria-label=\"old text\"><div class=\"bar\"><h2>Old</h2>");
    if (om.rebuilt)
        nk_buf_puts(out, "<span class=\"hint\">rebuilt from the facts' sentences</span>");
    nk_buf_puts(out, "</div><div class=\"scroll text\" id=\"text-old\">");
    put_marked(out, &om);
    nk_buf_puts(out, "</div></section>\n<section id=\"text-new-panel\" class=\"panel\" "
                     "aria-label=\"new text\"><div class=\"bar\"><h2>New</h2>");
    if (nm.rebuilt)
        nk_buf_puts(out, "<span class=\"hint\">rebuilt from the facts' sentences</span>");
    nk_buf_puts(out, "</div><div class=\"scroll text\" id=\"text-new\">");
    put_marked(out, &nm);
    nk_buf_puts(out, "</div></section>\n</main>\n");
    put_tail(out, o);
cleanup:
    free(okind);
    free(nkind);
    marked_free(&om);
    marked_free(&nm);
    nk_diff_overlay_free(ov);
    nk_buf_free(&svg);
    nk_buf_free(&jl);
    nk_buf_free(&patch);
    nk_buf_free(&head);
    return rc;
}
