/* util.c: see util.h. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

void nk_buf_put_utf8(nk_buf *b, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    nk_buf_append(b, u, n);
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

int nk_file_read_max(const char *path, size_t max, char **out, size_t *len,
                     nk_diag_sink *sink)
{
    *out = NULL;
    if (len)
        *len = 0;
    bool is_stdin = !path || strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        int e = errno;
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "cannot open: %s",
                       strerror(e));
        return e == ENOENT ? NK_ERR_NOTFOUND : NK_ERR_IO;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX,
                           "cannot read: it is a directory");
            if (!is_stdin)
                fclose(f);
            return NK_ERR_IO;
        }
        if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)max) {
            nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX,
                           "input of %jd bytes is larger than the limit of %zu bytes",
                           (intmax_t)st.st_size, max);
            if (!is_stdin)
                fclose(f);
            return NK_ERR_INVALID;
        }
    }
    nk_buf b = {0};
    char chunk[65536];
    size_t n;
    int rc = NK_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n > max - b.len) {
            nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX,
                           "input is larger than the limit of %zu bytes", max);
            rc = NK_ERR_INVALID;
            break;
        }
        nk_buf_append(&b, chunk, n);
    }
    int failed = rc == NK_OK && ferror(f);
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    if (failed) {
        nk_diag_report(sink, NK_ERROR, name, 0, 0, SIZE_MAX, "read error: %s",
                       strerror(saved));
        rc = NK_ERR_IO;
    }
    if (rc < 0) {
        nk_buf_free(&b);
        return rc;
    }
    if (len)
        *len = b.len;
    *out = nk_buf_detach(&b);
    return NK_OK;
}

int nk_file_read(const char *path, char **out, size_t *len, nk_diag_sink *sink)
{
    return nk_file_read_max(path, SIZE_MAX - 1, out, len, sink);
}

/* Temporary files alive now, removed by the signal handler when the
 * process is interrupted.  Slots are claimed and released atomically, so
 * the handler only ever sees whole names. */
#define NK_LIVE_TEMPS 64
static _Atomic(char *) live_temps[NK_LIVE_TEMPS];

static void temp_register(char *tmp)
{
    for (size_t i = 0; i < NK_LIVE_TEMPS; i++) {
        char *expected = NULL;
        if (atomic_compare_exchange_strong(&live_temps[i], &expected, tmp))
            return;
    }
}

static void temp_unregister(const char *tmp)
{
    for (size_t i = 0; i < NK_LIVE_TEMPS; i++) {
        char *expected = (char *)tmp;
        if (atomic_compare_exchange_strong(&live_temps[i], &expected, NULL))
            return;
    }
}

static void on_fatal_signal(int sig)
{
    int saved = errno;
    for (size_t i = 0; i < NK_LIVE_TEMPS; i++) {
        char *p = atomic_load(&live_temps[i]);
        if (p)
            unlink(p);
    }
    errno = saved;
    /* SA_RESETHAND restored the default action: die of the same signal */
    raise(sig);
}

void nk_file_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue; /* keep what the parent asked for (nohup, trap '') */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = (int)SA_RESETHAND;
        sigaction(sigs[i], &sa, NULL);
    }
}

/* Where a write to PATH goes. */
typedef enum dest_kind {
    DEST_STDOUT,   /* "-" or /dev/stdout: the stdout stream */
    DEST_FD,       /* /dev/stderr, /dev/fd/N, /proc/self/fd/N: that descriptor */
    DEST_STRAIGHT, /* an existing device, FIFO or socket: opened and written */
    DEST_ATOMIC    /* a regular file or a new name: temporary file + rename */
} dest_kind;

typedef struct dest {
    dest_kind kind;
    int fd;        /* DEST_FD */
    char *target;  /* DEST_ATOMIC: the file to replace (symlinks followed) */
} dest;

/* The descriptor named by /dev/fd/N or /proc/self/fd/N, or -1. */
static int fd_path(const char *path)
{
    static const char *const prefixes[] = {"/dev/fd/", "/proc/self/fd/"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(path, prefixes[i], n) != 0 || !path[n])
            continue;
        long v = 0;
        for (const char *p = path + n; *p; p++) {
            if (*p < '0' || *p > '9' || v > 1000000)
                return -1;
            v = v * 10 + (*p - '0');
        }
        return (int)v;
    }
    return -1;
}

/* Follow the symbolic links of PATH, which need not exist at the end:
 * a dangling link names the file to create.  Returns a malloc'd path, or
 * NULL with errno set (ELOOP after 40 links). */
static char *follow_links(const char *path)
{
    char *cur = nk_xstrdup(path);
    for (int hops = 0; hops < 40; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char *real = realpath(cur, NULL);
        if (real) {
            free(cur);
            return real;
        }
        /* dangling: read one link and go on from its target */
        char buf[4096];
        ssize_t n = readlink(cur, buf, sizeof buf - 1);
        if (n < 0) {
            free(cur);
            return NULL;
        }
        buf[n] = '\0';
        nk_buf next = {0};
        const char *slash = strrchr(cur, '/');
        if (buf[0] != '/' && slash)
            nk_buf_append(&next, cur, (size_t)(slash - cur + 1));
        nk_buf_puts(&next, buf);
        free(cur);
        cur = nk_buf_detach(&next);
    }
    free(cur);
    errno = ELOOP;
    return NULL;
}

static int resolve_dest(const char *path, dest *d, nk_diag_sink *sink)
{
    memset(d, 0, sizeof *d);
    d->fd = -1;
    if (!path || strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0) {
        d->kind = DEST_STDOUT;
        return NK_OK;
    }
    int fd = strcmp(path, "/dev/stderr") == 0 ? STDERR_FILENO : fd_path(path);
    if (fd == STDOUT_FILENO) {
        d->kind = DEST_STDOUT;
        return NK_OK;
    }
    if (fd >= 0) {
        d->kind = DEST_FD;
        d->fd = fd;
        return NK_OK;
    }
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                           "cannot write: it is a directory");
            return NK_ERR_IO;
        }
        if (!S_ISREG(st.st_mode)) {
            d->kind = DEST_STRAIGHT;
            return NK_OK;
        }
    }
    d->kind = DEST_ATOMIC;
    d->target = follow_links(path);
    if (!d->target) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "cannot write: %s",
                       strerror(errno));
        return NK_ERR_IO;
    }
    return NK_OK;
}

/* Make the rename of a file inside PATH's directory durable. */
static void sync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? nk_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : nk_xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* some file systems refuse to sync a directory: harmless */
        close(fd);
    }
    free(dir);
}

char *nk_file_temp_name(const char *path)
{
    static atomic_uint counter;
    nk_buf b = {0};
    const char *slash = strrchr(path, '/');
    if (slash)
        nk_buf_append(&b, path, (size_t)(slash - path + 1));
    nk_buf_printf(&b, ".%s.tmp.%ld.%u", slash ? slash + 1 : path, (long)getpid(),
                  atomic_fetch_add(&counter, 1u));
    char *tmp = nk_buf_detach(&b);
    temp_register(tmp);
    return tmp;
}

void nk_file_abort(const char *tmp)
{
    if (!tmp)
        return;
    temp_unregister(tmp);
    unlink(tmp);
}

struct nk_file_out {
    dest_kind kind;
    FILE *fp;
    char *path;   /* as given, for messages */
    char *target; /* DEST_ATOMIC: the file replaced at commit */
    char *tmp;    /* DEST_ATOMIC: the temporary file written */
    int err;      /* errno of the first failed nk_file_out_write */
};

static const char *out_name(const nk_file_out *f)
{
    return f->kind == DEST_STDOUT ? "<stdout>" : f->path;
}

/* A temporary file beside TARGET, opened for writing, with TARGET's
 * permission bits when it exists. */
static FILE *open_temp(nk_file_out *f, nk_diag_sink *sink)
{
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        free(f->tmp);
        f->tmp = nk_file_temp_name(f->target);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            temp_unregister(f->tmp);
            if (errno != EEXIST)
                break;
        }
    }
    if (fd < 0) {
        nk_diag_report(sink, NK_ERROR, f->path, 0, 0, SIZE_MAX, "cannot create: %s",
                       strerror(errno));
        free(f->tmp);
        f->tmp = NULL;
        return NULL;
    }
    struct stat st;
    if (stat(f->target, &st) == 0)
        (void)fchmod(fd, st.st_mode & 07777);
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        nk_file_abort(f->tmp);
    }
    return fp;
}

int nk_file_out_open(nk_file_out **out, const char *path, nk_diag_sink *sink)
{
    *out = NULL;
    dest d;
    NK_TRY(resolve_dest(path, &d, sink));
    nk_file_out *f = nk_xcalloc(1, sizeof *f);
    f->kind = d.kind;
    f->target = d.target;
    f->path = nk_xstrdup(path ? path : "-");
    switch (d.kind) {
    case DEST_STDOUT:
        f->fp = stdout;
        break;
    case DEST_FD: {
        fflush(stdout);
        int fd = dup(d.fd);
        f->fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!f->fp && fd >= 0)
            close(fd);
        break;
    }
    case DEST_STRAIGHT: {
        /* a device or FIFO: never truncated nor replaced, just written */
        int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        f->fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!f->fp && fd >= 0)
            close(fd);
        break;
    }
    case DEST_ATOMIC:
        f->fp = open_temp(f, sink);
        if (!f->fp) {
            nk_file_out_abort(f);
            return NK_ERR_IO;
        }
        break;
    }
    if (!f->fp) {
        nk_diag_report(sink, NK_ERROR, f->path, 0, 0, SIZE_MAX, "cannot open: %s",
                       strerror(errno));
        nk_file_out_abort(f);
        return NK_ERR_IO;
    }
    *out = f;
    return NK_OK;
}

FILE *nk_file_out_stream(const nk_file_out *f)
{
    return f->fp;
}

static void out_free(nk_file_out *f)
{
    free(f->path);
    free(f->target);
    free(f->tmp);
    free(f);
}

void nk_file_out_abort(nk_file_out *f)
{
    if (!f)
        return;
    if (f->fp && f->fp != stdout)
        fclose(f->fp);
    if (f->tmp)
        nk_file_abort(f->tmp);
    out_free(f);
}

int nk_file_out_commit(nk_file_out *f, nk_diag_sink *sink)
{
    if (!f)
        return NK_OK;
    const char *what = "write error";
    int err = 0;
    errno = 0;
    if (fflush(f->fp) != 0 || ferror(f->fp) || f->err)
        err = f->err ? f->err : errno ? errno : EIO;
    if (f->kind == DEST_STDOUT) {
        if (err)
            clearerr(stdout); /* reported here, with its cause */
    } else {
        if (!err && f->kind == DEST_ATOMIC && fsync(fileno(f->fp)) != 0 && errno != EINVAL &&
            errno != EROFS)
            err = errno;
        if (fclose(f->fp) != 0 && !err)
            err = errno;
        f->fp = NULL;
        if (!err && f->kind == DEST_ATOMIC && rename(f->tmp, f->target) != 0) {
            err = errno;
            what = "cannot replace the file";
        }
    }
    if (err) {
        nk_diag_report(sink, NK_ERROR, out_name(f), 0, 0, SIZE_MAX, "%s: %s", what,
                       strerror(err));
        nk_file_out_abort(f);
        return NK_ERR_IO;
    }
    if (f->kind == DEST_ATOMIC) {
        temp_unregister(f->tmp);
        sync_dir_of(f->target);
    }
    out_free(f);
    return NK_OK;
}

void nk_file_out_write(nk_file_out *f, const char *data, size_t len)
{
    errno = 0;
    if (len && fwrite(data, 1, len, f->fp) != len && !f->err)
        f->err = errno ? errno : EIO;
}

int nk_file_write_atomic(const char *path, const char *data, size_t len,
                         nk_diag_sink *sink)
{
    nk_file_out *f = NULL;
    NK_TRY(nk_file_out_open(&f, path, sink));
    nk_file_out_write(f, data, len); /* an error is reported at commit */
    return nk_file_out_commit(f, sink);
}

int nk_file_commit(const char *tmp, const char *path, nk_diag_sink *sink)
{
    FILE *in = fopen(tmp, "rb");
    nk_file_out *f = NULL;
    int rc = NK_ERR_IO;
    if (!in)
        nk_diag_report(sink, NK_ERROR, tmp, 0, 0, SIZE_MAX, "cannot open: %s", strerror(errno));
    else if (nk_file_out_open(&f, path, sink) == NK_OK) {
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
            nk_file_out_write(f, chunk, n);
        rc = ferror(in) ? NK_ERR_IO : NK_OK;
        if (rc == NK_OK)
            rc = nk_file_out_commit(f, sink);
        else
            nk_file_out_abort(f);
    }
    if (in)
        fclose(in);
    nk_file_abort(tmp);
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

size_t nk_utf8_seq(const char *text, size_t avail)
{
    const unsigned char *s = (const unsigned char *)text;
    if (!avail)
        return 0;
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
             : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n || n > avail || !nk_utf8_valid(text, n, NULL))
        return 0;
    return n;
}

size_t nk_utf8_lossy(char *text, size_t len, size_t *first)
{
    size_t n = 0, i = 0;
    while (i < len) {
        size_t k = nk_utf8_seq(text + i, len - i);
        if (k) {
            i += k;
            continue;
        }
        if (!n && first)
            *first = i;
        text[i++] = '?';
        n++;
    }
    return n;
}

int nk_hex_digit(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
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
