/* util.c: see util.h. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *nk_strerror(int status)
{
    switch (status) {
    case NK_OK: return "success";
    case NK_ERR_NOMEM: return "out of memory";
    case NK_ERR_IO: return "input/output error";
    case NK_ERR_PARSE: return "malformed input";
    case NK_ERR_INVALID: return "invalid input";
    case NK_ERR_NOTFOUND: return "not found";
    case NK_ERR_UNSUPPORTED: return "unsupported";
    case NK_ERR_EXTERNAL: return "a library call failed";
    default: return "unknown error";
    }
}

/* ---- diagnostics -------------------------------------------------------- */

void nk_diag_report(nk_diag_sink *sink, nk_severity sev, const char *file,
                    unsigned line, unsigned column, size_t offset,
                    const char *fmt, ...)
{
    if (!sink)
        return;
    if (sev == NK_ERROR)
        sink->errors++;
    else if (sev == NK_WARNING)
        sink->warnings++;
    if (!sink->fn)
        return;
    nk_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    nk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    nk_diag d = {sev, file, line, column, offset, msg.data ? msg.data : ""};
    sink->fn(sink->ctx, &d);
    nk_buf_free(&msg);
}

void nk_diag_print(void *ctx, const nk_diag *d)
{
    FILE *f = ctx ? (FILE *)ctx : stderr;
    static const char *const names[] = {"note", "warning", "error"};
    const char *file = d->file ? d->file : "newskg";
    if (d->line)
        fprintf(f, "%s:%u:%u: %s: %s\n", file, d->line, d->column,
                names[d->severity], d->message);
    else
        fprintf(f, "%s: %s: %s\n", file, names[d->severity], d->message);
}

void nk_line_col(const char *text, size_t len, size_t offset, unsigned *line,
                 unsigned *column)
{
    unsigned l = 1, c = 1;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

/* ---- allocation ---------------------------------------------------------- */

/* The single place where running out of memory ends the program. */
static void nk_oom(size_t n)
{
    fprintf(stderr, "newskg: out of memory (%zu bytes)\n", n);
    abort();
}

void *nk_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        nk_oom(n);
    return p;
}

void *nk_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        nk_oom(count * size);
    return p;
}

void *nk_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        nk_oom(n);
    return q;
}

char *nk_xstrdup(const char *s)
{
    return s ? nk_xstrndup(s, strlen(s)) : NULL;
}

char *nk_xstrndup(const char *s, size_t n)
{
    char *p = nk_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- arena ---------------------------------------------------------------- */

typedef struct nk_chunk {
    struct nk_chunk *next;
    size_t used;
    size_t cap;
    max_align_t data[]; /* flexible, aligned for anything */
} nk_chunk;

struct nk_arena {
    nk_chunk *head;
    size_t total;
};

#define NK_CHUNK_MIN ((size_t)64 * 1024)

nk_arena *nk_arena_new(void)
{
    return nk_xcalloc(1, sizeof(nk_arena));
}

void nk_arena_free(nk_arena *arena)
{
    if (!arena)
        return;
    nk_chunk *c = arena->head;
    while (c) {
        nk_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(arena);
}

void *nk_arena_alloc(nk_arena *arena, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    nk_chunk *c = arena->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > NK_CHUNK_MIN ? n : NK_CHUNK_MIN;
        c = nk_xmalloc(sizeof(nk_chunk) + cap);
        c->used = 0;
        c->cap = cap;
        /* keep a partly used head in front if the new chunk is oversized */
        if (arena->head && cap > NK_CHUNK_MIN) {
            c->next = arena->head->next;
            arena->head->next = c;
        } else {
            c->next = arena->head;
            arena->head = c;
        }
        arena->total += cap;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *nk_arena_strndup(nk_arena *arena, const char *s, size_t n)
{
    char *p = nk_arena_alloc(arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nk_arena_strdup(nk_arena *arena, const char *s)
{
    return s ? nk_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *nk_arena_printf(nk_arena *arena, const char *fmt, ...)
{
    nk_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    nk_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    char *s = nk_arena_strndup(arena, b.data ? b.data : "", b.len);
    nk_buf_free(&b);
    return s;
}

size_t nk_arena_size(const nk_arena *arena)
{
    return arena ? arena->total : 0;
}

/* ---- growable buffer -------------------------------------------------------- */

static void buf_reserve(nk_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = nk_xrealloc(b->data, cap);
    b->cap = cap;
}

void nk_buf_append(nk_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nk_buf_puts(nk_buf *b, const char *s)
{
    nk_buf_append(b, s, strlen(s));
}

void nk_buf_putc(nk_buf *b, char c)
{
    nk_buf_append(b, &c, 1);
}

void nk_buf_vprintf(nk_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void nk_buf_printf(nk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nk_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void nk_buf_clear(nk_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *nk_buf_detach(nk_buf *b)
{
    char *s = b->data ? b->data : nk_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void nk_buf_free(nk_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void nk_buf_json_escape(nk_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': nk_buf_puts(b, "\\\""); break;
        case '\\': nk_buf_puts(b, "\\\\"); break;
        case '\n': nk_buf_puts(b, "\\n"); break;
        case '\r': nk_buf_puts(b, "\\r"); break;
        case '\t': nk_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                nk_buf_printf(b, "\\u%04x", *p);
            else
                nk_buf_putc(b, (char)*p);
        }
    }
}

/* ---- files -------------------------------------------------------------- */

int nk_file_read(const char *path, char **out, size_t *len, nk_diag_sink *sink)
{
    *out = NULL;
    if (len)
        *len = 0;
    bool is_stdin = !path || strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "cannot open: %s",
                       strerror(errno));
        return errno == ENOENT ? NK_ERR_NOTFOUND : NK_ERR_IO;
    }
    nk_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nk_buf_append(&b, chunk, n);
    int failed = ferror(f);
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    if (failed) {
        nk_diag_report(sink, NK_ERROR, is_stdin ? "<stdin>" : path, 0, 0,
                       SIZE_MAX, "read error: %s", strerror(saved));
        nk_buf_free(&b);
        return NK_ERR_IO;
    }
    if (len)
        *len = b.len;
    *out = nk_buf_detach(&b);
    return NK_OK;
}

char *nk_file_temp_name(const char *path)
{
    nk_buf b = {0};
    const char *slash = strrchr(path, '/');
    if (slash)
        nk_buf_append(&b, path, (size_t)(slash - path + 1));
    nk_buf_printf(&b, ".%s.tmp.%ld", slash ? slash + 1 : path, (long)getpid());
    return nk_buf_detach(&b);
}

int nk_file_commit(const char *tmp, const char *path, nk_diag_sink *sink)
{
    if (rename(tmp, path) != 0) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                       "cannot write: %s", strerror(errno));
        remove(tmp);
        return NK_ERR_IO;
    }
    return NK_OK;
}

void nk_file_abort(const char *tmp)
{
    if (tmp)
        remove(tmp);
}

int nk_file_write_atomic(const char *path, const char *data, size_t len,
                         nk_diag_sink *sink)
{
    if (!path || strcmp(path, "-") == 0) {
        if (len && fwrite(data, 1, len, stdout) != len) {
            nk_diag_report(sink, NK_ERROR, "<stdout>", 0, 0, SIZE_MAX,
                           "write error: %s", strerror(errno));
            return NK_ERR_IO;
        }
        return fflush(stdout) == 0 ? NK_OK : NK_ERR_IO;
    }
    char *tmp = nk_file_temp_name(path);
    int rc = NK_OK;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                       "cannot create: %s", strerror(errno));
        free(tmp);
        return NK_ERR_IO;
    }
    bool ok = (len == 0 || fwrite(data, 1, len, f) == len);
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                       "write error: %s", strerror(errno));
        remove(tmp);
        rc = NK_ERR_IO;
    } else {
        rc = nk_file_commit(tmp, path, sink);
    }
    free(tmp);
    return rc;
}

const char *nk_path_ext(const char *path)
{
    if (!path)
        return "";
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return "";
    return dot + 1;
}

/* ---- hashing and text ------------------------------------------------------ */

uint64_t nk_hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Latin-1 supplement letters U+00C0..U+00FF folded to ASCII. */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y"};

void nk_slug(nk_buf *out, const char *s)
{
    bool pending = false;
    size_t start = out->len;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const char *emit = NULL;
        char one[2] = {0, 0};
        size_t n = nk_utf8_len(p);
        if (*p < 0x80) {
            unsigned char c = *p;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                one[0] = (char)c;
                emit = one;
            } else if (c >= 'A' && c <= 'Z') {
                one[0] = (char)(c - 'A' + 'a');
                emit = one;
            }
        } else if (n == 2 && (*p == 0xC3)) {
            unsigned cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            if (cp >= 0xC0 && cp <= 0xFF && latin1_fold[cp - 0xC0][0])
                emit = latin1_fold[cp - 0xC0];
        } else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 &&
                   (p[2] == 0x99 || p[2] == 0x98)) {
            /* curly apostrophes vanish like straight ones would */
            p += n;
            continue;
        }
        if (*p == '\'') {
            p += n;
            continue;
        }
        if (emit) {
            if (pending && out->len > start)
                nk_buf_putc(out, '_');
            pending = false;
            nk_buf_puts(out, emit);
        } else {
            pending = true;
        }
        p += n;
    }
}

bool nk_str_ieq(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

bool nk_str_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (nk_str_ieq(w, *list))
            return true;
    return false;
}

size_t nk_utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    size_t n;
    if (c < 0x80)
        return 1;
    else if ((c & 0xE0) == 0xC0)
        n = 2;
    else if ((c & 0xF0) == 0xE0)
        n = 3;
    else if ((c & 0xF8) == 0xF0)
        n = 4;
    else
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

bool nk_utf8_valid(const char *text, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4;
            cp = c & 0x07;
        } else {
            goto invalid;
        }
        if (i + n > len)
            goto invalid;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto invalid;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
            (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto invalid;
        i += n;
        continue;
    invalid:
        if (bad)
            *bad = i;
        return false;
    }
    return true;
}

/* ---- data files ------------------------------------------------------------ */

#ifndef NK_DATADIR
#define NK_DATADIR "/usr/local/share/newskg"
#endif

static char *try_data(const char *root, const char *relpath)
{
    /* in the repository models live under src/, installed ones do not */
    static const char *const prefixes[] = {"", "src/"};
    for (size_t i = 0; i < 2; i++) {
        nk_buf b = {0};
        nk_buf_printf(&b, "%s/%s%s", root, prefixes[i], relpath);
        if (access(b.data, R_OK) == 0)
            return nk_buf_detach(&b);
        nk_buf_free(&b);
    }
    return NULL;
}

char *nk_data_find(const char *relpath)
{
    char *found = NULL;
    const char *env = getenv("NEWSKG_DATA");
    if (env && *env && (found = try_data(env, relpath)))
        return found;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            nk_buf b = {0};
            nk_buf_printf(&b, "%s/..", exe);
            found = try_data(b.data, relpath);
            if (!found) {
                nk_buf_clear(&b);
                nk_buf_printf(&b, "%s/../share/newskg", exe);
                found = try_data(b.data, relpath);
            }
            nk_buf_free(&b);
            if (found)
                return found;
        }
    }
    return try_data(NK_DATADIR, relpath);
}
