/* util.h: status codes, diagnostics, arenas, growable buffers, files, hashing.
 *
 * Every other module builds on these.  Conventions used throughout newskg:
 *  - functions that can fail return int: NK_OK (0) or a negative nk_status;
 *  - allocation failure is not reported: nk_xmalloc and friends abort in one
 *    place (nk_oom), so callers never test for NULL from them;
 *  - per-document memory comes from an nk_arena freed in one call;
 *  - *_free(NULL) is always a no-op.
 */
#ifndef NK_UTIL_H
#define NK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum nk_status {
    NK_OK = 0,
    NK_ERR_NOMEM = -1,       /* kept for completeness; nk_x* abort instead */
    NK_ERR_IO = -2,          /* a file could not be read or written */
    NK_ERR_PARSE = -3,       /* malformed input (JSON, CoNLL-U, Turtle, ...) */
    NK_ERR_INVALID = -4,     /* well-formed input with invalid content */
    NK_ERR_NOTFOUND = -5,    /* a file, model or resource is missing */
    NK_ERR_UNSUPPORTED = -6, /* an unknown format or option value */
    NK_ERR_EXTERNAL = -7     /* a dependency (librdf, graphviz) failed */
} nk_status;

/* A short English description of a status code (never NULL). */
const char *nk_strerror(int status);

/* Return the status of X from the enclosing function when it is an error. */
#define NK_TRY(x)                                                              \
    do {                                                                       \
        int nk_try_rc_ = (x);                                                  \
        if (nk_try_rc_ < 0)                                                    \
            return nk_try_rc_;                                                 \
    } while (0)

/* Store the status of X in `rc` and jump to `cleanup` when it is an error. */
#define NK_CHECK(x)                                                            \
    do {                                                                       \
        rc = (x);                                                              \
        if (rc < 0)                                                            \
            goto cleanup;                                                      \
    } while (0)

#if defined(__GNUC__)
#define NK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NK_PRINTF(f, a)
#endif

/* ---- diagnostics -------------------------------------------------------- */

typedef enum nk_severity { NK_NOTE = 0, NK_WARNING = 1, NK_ERROR = 2 } nk_severity;

/* One diagnostic: where (file, 1-based line and column, 0 when unknown;
 * byte offset or SIZE_MAX when unknown) and what. */
typedef struct nk_diag {
    nk_severity severity;
    const char *file;
    unsigned line;
    unsigned column;
    size_t offset;
    const char *message;
} nk_diag;

typedef void (*nk_diag_fn)(void *ctx, const nk_diag *diag);

/* A diagnostics sink: library code reports through it and never prints.
 * A NULL sink or NULL fn drops diagnostics. */
typedef struct nk_diag_sink {
    nk_diag_fn fn;
    void *ctx;
    unsigned errors;   /* counted by nk_diag_report */
    unsigned warnings;
} nk_diag_sink;

/* Format a message and pass it to the sink. */
void nk_diag_report(nk_diag_sink *sink, nk_severity sev, const char *file,
                    unsigned line, unsigned column, size_t offset,
                    const char *fmt, ...) NK_PRINTF(7, 8);

/* The CLI's sink function: prints `file:line:col: severity: message` to the
 * FILE* given as ctx (stderr when ctx is NULL). */
void nk_diag_print(void *ctx, const nk_diag *diag);

/* Compute 1-based line and column (in bytes) of OFFSET inside TEXT. */
void nk_line_col(const char *text, size_t len, size_t offset, unsigned *line,
                 unsigned *column);

/* ---- allocation ---------------------------------------------------------- */

void *nk_xmalloc(size_t n);
void *nk_xcalloc(size_t count, size_t size);
void *nk_xrealloc(void *p, size_t n);
char *nk_xstrdup(const char *s);
char *nk_xstrndup(const char *s, size_t n);

/* ---- arena ---------------------------------------------------------------- */

/* A bump allocator: many small allocations, freed together. */
typedef struct nk_arena nk_arena;

nk_arena *nk_arena_new(void);
void nk_arena_free(nk_arena *arena);
/* Memory aligned for any object; zero-filled. */
void *nk_arena_alloc(nk_arena *arena, size_t n);
char *nk_arena_strdup(nk_arena *arena, const char *s);   /* NULL -> NULL */
char *nk_arena_strndup(nk_arena *arena, const char *s, size_t n);
char *nk_arena_printf(nk_arena *arena, const char *fmt, ...) NK_PRINTF(2, 3);
/* Bytes currently held by the arena (for benchmarks). */
size_t nk_arena_size(const nk_arena *arena);

/* ---- growable buffer -------------------------------------------------------- */

/* A NUL-terminated growable string.  Zero-initialise ({0}) before use;
 * nk_buf_free releases it (the struct itself is the caller's). */
typedef struct nk_buf {
    char *data;
    size_t len;
    size_t cap;
} nk_buf;

void nk_buf_append(nk_buf *b, const char *s, size_t n);
void nk_buf_puts(nk_buf *b, const char *s);
void nk_buf_putc(nk_buf *b, char c);
/* Append code point CP as UTF-8 (1 to 4 bytes).  CP must be a Unicode
 * scalar value (at most 0x10FFFF, no surrogate): the caller checks. */
void nk_buf_put_utf8(nk_buf *b, unsigned long cp);
void nk_buf_printf(nk_buf *b, const char *fmt, ...) NK_PRINTF(2, 3);
void nk_buf_vprintf(nk_buf *b, const char *fmt, va_list ap) NK_PRINTF(2, 0);
void nk_buf_clear(nk_buf *b);
/* Hand the string to the caller (who frees it) and reset the buffer. */
char *nk_buf_detach(nk_buf *b);
void nk_buf_free(nk_buf *b);

/* Append S as the body of a JSON string (no quotes), escaping as needed. */
void nk_buf_json_escape(nk_buf *b, const char *s);

/* ---- files -------------------------------------------------------------- */

/* Read a whole file ("-" is standard input).  *out is NUL-terminated and
 * malloc'd; the caller frees it.  Errors are reported to SINK naming PATH
 * (a directory is an error, not an empty file). */
int nk_file_read(const char *path, char **out, size_t *len, nk_diag_sink *sink);

/* nk_file_read that refuses input longer than MAX bytes with NK_ERR_INVALID
 * (a regular file is refused before it is read; a stream when it passes
 * the limit). */
int nk_file_read_max(const char *path, size_t max, char **out, size_t *len,
                     nk_diag_sink *sink);

/* Write DATA to PATH so that nothing is ever half written:
 *  - a regular file or a new name: a temporary file beside it, written,
 *    fsync'ed and renamed over it, then the directory fsync'ed; the file
 *    keeps its permission bits; a symbolic link is followed and its target
 *    replaced (the link stays a link);
 *  - "-", NULL or /dev/stdout: standard output (through stdout, flushed);
 *    /dev/stderr, /dev/fd/N, /proc/self/fd/N: that descriptor;
 *  - anything else that exists (a device such as /dev/null or /dev/full, a
 *    FIFO, a socket): opened and written straight through, never replaced.
 * A write, sync, close or rename error (a full disk) returns NK_ERR_IO
 * after reporting it to SINK; the old file is then intact and the
 * temporary file removed. */
int nk_file_write_atomic(const char *path, const char *data, size_t len,
                         nk_diag_sink *sink);

/* The same for output written piece by piece (a streaming serializer, a
 * corpus written article by article): nk_file_out_open decides where PATH
 * goes as nk_file_write_atomic does and opens it; write to
 * nk_file_out_stream; then nk_file_out_commit (flush, sync, rename into
 * place; returns NK_ERR_IO after reporting any write error, the old file
 * then intact) or nk_file_out_abort (drops what was written: a regular
 * file stays as it was).  Both free the handle.  Standard output is
 * flushed, never closed. */
typedef struct nk_file_out nk_file_out;
int nk_file_out_open(nk_file_out **out, const char *path, nk_diag_sink *sink);
FILE *nk_file_out_stream(const nk_file_out *f);
/* fwrite to the stream that keeps the cause of a failure for the message
 * of nk_file_out_commit (stdio forgets it). */
void nk_file_out_write(nk_file_out *f, const char *data, size_t len);
int nk_file_out_commit(nk_file_out *f, nk_diag_sink *sink);
void nk_file_out_abort(nk_file_out *f);

/* A temporary path beside PATH for a write by another library (e.g.
 * Graphviz rendering to a file name); it is removed by the handler of
 * nk_file_cleanup_on_signals if the process is interrupted.  Caller frees
 * the name after nk_file_commit (which copies it to PATH as
 * nk_file_write_atomic does and removes it) or nk_file_abort (removes it). */
char *nk_file_temp_name(const char *path);
int nk_file_commit(const char *tmp, const char *path, nk_diag_sink *sink);
void nk_file_abort(const char *tmp);

/* Install handlers for SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGQUIT that
 * remove the temporary files being written at that moment, then let the
 * signal end the process as it would have.  Signals the caller ignores stay
 * ignored.  For programs (the CLI); a library user with its own handlers
 * need not call it. */
void nk_file_cleanup_on_signals(void);

/* Lower-case file-name extension without the dot ("" when none). */
const char *nk_path_ext(const char *path);

/* ---- hashing and text ------------------------------------------------------ */

/* 64-bit FNV-1a over bytes; stable across platforms and runs. */
uint64_t nk_hash64(const void *data, size_t len, uint64_t seed);
#define NK_HASH_SEED 0xcbf29ce484222325ULL

/* Lower-case ASCII copy of S as a IRI-safe slug: letters and digits kept,
 * runs of anything else become one '_'.  Non-ASCII UTF-8 letters are kept
 * as percent-free ASCII by transliterating common Latin letters. */
void nk_slug(nk_buf *out, const char *s);

/* ASCII case-insensitive equality; NULL equals nothing. */
bool nk_str_ieq(const char *a, const char *b);
/* True when W equals (ignoring ASCII case) a word of the NULL-terminated LIST. */
bool nk_str_in(const char *w, const char *const *list);

/* Length of the UTF-8 sequence starting at S (1 for invalid bytes).  Reads
 * up to 4 bytes: S must be NUL-terminated or have them. */
size_t nk_utf8_len(const unsigned char *s);
/* Length of the valid UTF-8 sequence at TEXT within AVAIL bytes (1..4), or
 * 0 when it is invalid or cut short; never reads past AVAIL. */
size_t nk_utf8_seq(const char *text, size_t avail);
/* Replace every byte of TEXT[0..len) that is not part of valid UTF-8 by
 * '?' (one byte for one, so offsets keep their meaning); returns how many
 * were replaced, and *FIRST (when not NULL and any were) the first offset. */
size_t nk_utf8_lossy(char *text, size_t len, size_t *first);
/* True when TEXT[0..len) is valid UTF-8; *bad gets the first bad offset. */
bool nk_utf8_valid(const char *text, size_t len, size_t *bad);
/* The value of hex digit CH (0..15), or -1 when it is none. */
int nk_hex_digit(int ch);

/* ---- data files ------------------------------------------------------------ */

/* Find a read-only data file (ontology, lexicon, model) by its path relative
 * to the data directory, e.g. "ontology/newskg.ttl" or "models/tagger.bin".
 * Looks in $NEWSKG_DATA, beside the binary (build/newskg -> repository root,
 * where models live under src/), the install prefix relative to the binary
 * (bin/../share/newskg) and the compiled-in NK_DATADIR, in that order.
 * Returns a malloc'd path the caller frees, or NULL when none exists. */
char *nk_data_find(const char *relpath);

#endif
