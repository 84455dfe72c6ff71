/* corpus.c: see corpus.h. */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"

size_t nk_count_words(const char *text, size_t len)
{
    size_t n = 0;
    bool in_word = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\v' ||
                     ch == '\f';
        if (!space && !in_word)
            n++;
        in_word = !space;
    }
    return n;
}

unsigned nk_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}

/* ---- the reader ------------------------------------------------------------------ */

struct nk_corpus_reader {
    nk_corpus_input kind;
    nk_diag_sink *sink;
    char *source;          /* the input's name in diagnostics */
    FILE *f;               /* JSONL or LIST input */
    bool own_f;
    char *line;            /* getline buffer */
    size_t line_cap;
    unsigned lineno;
    char **paths;          /* DIR and FILES: the text files */
    size_t npaths, next_path;
    size_t done, total;    /* bytes */
    size_t index, skipped;
    nk_arena *arena;       /* the current article's strings */
    char *text;            /* the current text file's contents (malloc'd) */
    nk_article article;
    size_t max_bytes;      /* nk_corpus_reader_limit: longest text, 0: none */
    bool lossy;
};

void nk_corpus_reader_limit(nk_corpus_reader *r, size_t max_bytes, bool lossy)
{
    r->max_bytes = max_bytes;
    r->lossy = lossy;
}

static int reader_new(nk_corpus_reader **out, nk_corpus_input kind, const char *source,
                      nk_diag_sink *sink)
{
    nk_corpus_reader *r = nk_xcalloc(1, sizeof *r);
    r->kind = kind;
    r->sink = sink;
    r->source = nk_xstrdup(source);
    *out = r;
    return NK_OK;
}

static size_t file_size(FILE *f)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
        return (size_t)st.st_size;
    return 0;
}

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static int open_dir(nk_corpus_reader *r, const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        nk_diag_report(r->sink, NK_ERROR, path, 0, 0, SIZE_MAX, "cannot open directory: %s",
                       strerror(errno));
        return errno == ENOENT ? NK_ERR_NOTFOUND : NK_ERR_IO;
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".txt"))
            continue;
        if (r->npaths == cap) {
            cap = cap ? cap * 2 : 64;
            r->paths = nk_xrealloc(r->paths, cap * sizeof *r->paths);
        }
        nk_buf b = {0};
        nk_buf_printf(&b, "%s%s%s", path, has_suffix(path, "/") ? "" : "/", e->d_name);
        r->paths[r->npaths++] = nk_buf_detach(&b);
    }
    closedir(d);
    qsort(r->paths, r->npaths, sizeof *r->paths, path_cmp);
    for (size_t i = 0; i < r->npaths; i++) {
        struct stat st;
        if (stat(r->paths[i], &st) == 0)
            r->total += (size_t)st.st_size;
    }
    return NK_OK;
}

int nk_corpus_reader_open(nk_corpus_reader **out, nk_corpus_input kind, const char *path,
                          nk_diag_sink *sink)
{
    *out = NULL;
    if (kind == NK_CORPUS_FILES)
        return NK_ERR_UNSUPPORTED;
    bool is_stdin = !path || strcmp(path, "-") == 0;
    nk_corpus_reader *r;
    NK_TRY(reader_new(&r, kind, is_stdin ? "<stdin>" : path, sink));
    int rc = NK_OK;
    if (kind == NK_CORPUS_DIR) {
        NK_CHECK(open_dir(r, path ? path : "."));
    } else {
        r->f = is_stdin ? stdin : fopen(path, "rb");
        if (!r->f) {
            nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "cannot open: %s",
                           strerror(errno));
            rc = errno == ENOENT ? NK_ERR_NOTFOUND : NK_ERR_IO;
            goto cleanup;
        }
        r->own_f = !is_stdin;
        if (kind == NK_CORPUS_JSONL)
            r->total = file_size(r->f);
    }
    *out = r;
    return NK_OK;
cleanup:
    nk_corpus_reader_free(r);
    return rc;
}

int nk_corpus_reader_open_files(nk_corpus_reader **out, const char *const *paths, size_t n,
                                nk_diag_sink *sink)
{
    *out = NULL;
    nk_corpus_reader *r;
    NK_TRY(reader_new(&r, NK_CORPUS_FILES, "files", sink));
    r->paths = nk_xcalloc(n ? n : 1, sizeof *r->paths);
    for (size_t i = 0; i < n; i++) {
        r->paths[i] = nk_xstrdup(paths[i]);
        struct stat st;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0)
            r->total += (size_t)st.st_size;
    }
    r->npaths = n;
    *out = r;
    return NK_OK;
}

void nk_corpus_reader_free(nk_corpus_reader *r)
{
    if (!r)
        return;
    if (r->own_f)
        fclose(r->f);
    for (size_t i = 0; i < r->npaths; i++)
        free(r->paths[i]);
    free(r->paths);
    free(r->line);
    free(r->text);
    free(r->source);
    nk_arena_free(r->arena);
    free(r);
}

void nk_corpus_reader_progress(const nk_corpus_reader *r, size_t *done, size_t *total)
{
    *done = r->done;
    *total = r->total;
}

size_t nk_corpus_reader_skipped(const nk_corpus_reader *r)
{
    return r->skipped;
}

/* A fresh arena for the next article's strings. */
static void reset_article(nk_corpus_reader *r)
{
    nk_arena_free(r->arena);
    r->arena = nk_arena_new();
    free(r->text);
    r->text = NULL;
    memset(&r->article, 0, sizeof r->article);
}

/* Skip a bad record: count it and return STATUS. */
static int bad(nk_corpus_reader *r, int status)
{
    r->skipped++;
    r->index++;
    return status;
}

/* The file name of PATH without directory and last extension ("stdin" for
 * "-"), as nk_doc_new derives a document id. */
static char *stem(nk_arena *a, const char *path)
{
    if (strcmp(path, "-") == 0)
        return nk_arena_strdup(a, "stdin");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return nk_arena_strndup(a, base, n);
}

/* A string member KEY of OBJ copied into the arena; NULL when absent or
 * null.  Another type is an error reported at its position. */
static int get_string(nk_corpus_reader *r, const nk_json *obj, const char *key,
                      const char *file, unsigned line, const char **out)
{
    *out = NULL;
    const nk_json *v = nk_json_get(obj, key);
    if (!v || v->type == NK_JSON_NULL)
        return NK_OK;
    if (v->type == NK_JSON_NUMBER && strcmp(key, "id") == 0) {
        *out = nk_arena_strndup(r->arena, v->str, v->len);
        return NK_OK;
    }
    if (v->type != NK_JSON_STRING) {
        nk_diag_report(r->sink, NK_ERROR, file, line, (unsigned)v->offset + 1, v->offset,
                       "\"%s\" must be a string, not %s", key, nk_json_type_name(v->type));
        return NK_ERR_INVALID;
    }
    if (memchr(v->str, '\0', v->len)) {
        nk_diag_report(r->sink, NK_ERROR, file, line, (unsigned)v->offset + 1, v->offset,
                       "\"%s\" contains a NUL character", key);
        return NK_ERR_INVALID;
    }
    *out = nk_arena_strndup(r->arena, v->str, v->len);
    return NK_OK;
}

/* The metadata members of OBJ (id, title, url, date) into the article.  A
 * date with a time ("2024-09-12T10:00:00Z") keeps its day; another shape is
 * dropped with a warning. */
static int get_meta(nk_corpus_reader *r, const nk_json *obj, const char *file, unsigned line)
{
    nk_article *a = &r->article;
    const char *id = NULL, *date = NULL;
    NK_TRY(get_string(r, obj, "id", file, line, &id));
    NK_TRY(get_string(r, obj, "title", file, line, &a->title));
    NK_TRY(get_string(r, obj, "url", file, line, &a->url));
    NK_TRY(get_string(r, obj, "date", file, line, &date));
    if (id && *id)
        a->id = id;
    if (date) {
        char day[11];
        snprintf(day, sizeof day, "%s", date);
        if (nk_date_valid(day)) {
            a->date = nk_arena_strdup(r->arena, day);
        } else {
            const nk_json *v = nk_json_get(obj, "date");
            nk_diag_report(r->sink, NK_WARNING, file, line, (unsigned)v->offset + 1, v->offset,
                           "\"date\" is not YYYY-MM-DD: ignored");
        }
    }
    return NK_OK;
}

/* Parse one JSON Lines record LINE[0..len) into the current article. */
static int parse_record(nk_corpus_reader *r, const char *line, size_t len)
{
    size_t bad_at;
    if (!nk_utf8_valid(line, len, &bad_at)) {
        nk_diag_report(r->sink, NK_ERROR, r->source, r->lineno, (unsigned)bad_at + 1, bad_at,
                       "invalid UTF-8 at byte %zu of the record (byte 0x%02X)", bad_at,
                       (unsigned)(unsigned char)line[bad_at]);
        return NK_ERR_PARSE;
    }
    nk_json *root = NULL;
    size_t err_at = 0;
    const char *err = NULL;
    if (nk_json_parse(&root, line, len, r->arena, &err_at, &err) < 0) {
        nk_diag_report(r->sink, NK_ERROR, r->source, r->lineno, (unsigned)err_at + 1, err_at,
                       "invalid JSON: %s", err ? err : "syntax error");
        return NK_ERR_PARSE;
    }
    if (root->type != NK_JSON_OBJECT) {
        nk_diag_report(r->sink, NK_ERROR, r->source, r->lineno, 1, 0,
                       "an article must be a JSON object, not %s",
                       nk_json_type_name(root->type));
        return NK_ERR_INVALID;
    }
    const nk_json *text = nk_json_get(root, "text");
    if (!text || text->type != NK_JSON_STRING) {
        nk_diag_report(r->sink, NK_ERROR, r->source, r->lineno,
                       text ? (unsigned)text->offset + 1 : 1, text ? text->offset : 0,
                       text ? "\"text\" must be a string" : "no \"text\"");
        return NK_ERR_INVALID;
    }
    NK_TRY(get_meta(r, root, r->source, r->lineno));
    const char *t = NULL;
    NK_TRY(get_string(r, root, "text", r->source, r->lineno, &t));
    nk_article *a = &r->article;
    a->text = t;
    a->len = text->len;
    if (!a->id) {
        nk_buf b = {0};
        nk_buf_printf(&b, "%s-%u", stem(r->arena, r->source), r->lineno);
        a->id = nk_arena_strdup(r->arena, b.data);
        nk_buf_free(&b);
    }
    return NK_OK;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* --lossy: every byte of TEXT[0..len) that is not UTF-8 becomes '?', with a
 * warning naming the first (LINE: the record's line in a JSON Lines input,
 * else 0: the position is computed in the text). */
static void lossy_text(nk_corpus_reader *r, const char *name, unsigned line, char *text,
                       size_t len)
{
    size_t first = 0;
    size_t n = nk_utf8_lossy(text, len, &first);
    if (!n)
        return;
    unsigned col = (unsigned)first + 1;
    if (!line)
        nk_line_col(text, len, first, &line, &col);
    nk_diag_report(r->sink, NK_WARNING, name, line, col, first,
                   "%zu byte%s of invalid UTF-8 read as '?' (the first at byte offset %zu)", n,
                   n == 1 ? "" : "s", first);
}

/* Read the next line of the reader's file; false at the end. */
static bool next_line(nk_corpus_reader *r, size_t *len)
{
    ssize_t n = getline(&r->line, &r->line_cap, r->f);
    if (n < 0)
        return false;
    r->lineno++;
    r->done += (size_t)n;
    *len = (size_t)n;
    return true;
}

static int next_jsonl(nk_corpus_reader *r)
{
    size_t len;
    for (;;) {
        if (!next_line(r, &len))
            return ferror(r->f) ? NK_ERR_IO : 0;
        if (!blank(r->line, len))
            break;
    }
    while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
        len--;
    r->article.line = r->lineno;
    if (r->max_bytes && len > r->max_bytes) {
        nk_diag_report(r->sink, NK_ERROR, r->source, r->lineno, 1, 0,
                       "a record of %zu bytes is larger than the limit of %zu bytes", len,
                       r->max_bytes);
        return NK_ERR_INVALID;
    }
    if (r->lossy)
        lossy_text(r, r->source, r->lineno, r->line, len);
    return parse_record(r, r->line, len);
}

/* Metadata for text file PATH from the JSON file beside it (PATH with .json
 * for .txt), when there is one. */
static int side_meta(nk_corpus_reader *r, const char *path)
{
    size_t n = strlen(path);
    if (n < 4)
        return NK_OK;
    nk_buf jp = {0};
    nk_buf_append(&jp, path, n - 4);
    nk_buf_puts(&jp, ".json");
    int rc = NK_OK;
    char *json = NULL;
    size_t len = 0;
    if (access(jp.data, F_OK) != 0)
        goto cleanup;
    NK_CHECK(nk_file_read(jp.data, &json, &len, r->sink));
    nk_json *root = NULL;
    size_t err_at = 0;
    const char *err = NULL;
    if (nk_json_parse(&root, json, len, r->arena, &err_at, &err) < 0) {
        unsigned line, col;
        nk_line_col(json, len, err_at, &line, &col);
        nk_diag_report(r->sink, NK_ERROR, jp.data, line, col, err_at, "invalid JSON: %s",
                       err ? err : "syntax error");
        rc = NK_ERR_PARSE;
        goto cleanup;
    }
    if (root->type != NK_JSON_OBJECT) {
        nk_diag_report(r->sink, NK_ERROR, jp.data, 1, 1, 0, "metadata must be a JSON object");
        rc = NK_ERR_INVALID;
        goto cleanup;
    }
    NK_CHECK(get_meta(r, root, jp.data, 1));
cleanup:
    free(json);
    nk_buf_free(&jp);
    return rc;
}

static int read_text_file(nk_corpus_reader *r, const char *path)
{
    nk_article *a = &r->article;
    size_t len = 0;
    NK_TRY(nk_file_read_max(path, r->max_bytes ? r->max_bytes : SIZE_MAX - 1, &r->text, &len,
                            r->sink));
    if (r->lossy)
        lossy_text(r, strcmp(path, "-") == 0 ? "<stdin>" : path, 0, r->text, len);
    if (strcmp(path, "-") == 0)
        r->done += len;
    size_t bad_at;
    if (!nk_utf8_valid(r->text, len, &bad_at) || memchr(r->text, '\0', len)) {
        if (nk_utf8_valid(r->text, len, NULL))
            bad_at = (size_t)((const char *)memchr(r->text, '\0', len) - r->text);
        unsigned line, col;
        nk_line_col(r->text, len, bad_at, &line, &col);
        if (r->text[bad_at])
            nk_diag_report(r->sink, NK_ERROR, strcmp(path, "-") == 0 ? "<stdin>" : path, line,
                           col, bad_at, "invalid UTF-8 at byte offset %zu (byte 0x%02X)", bad_at,
                           (unsigned)(unsigned char)r->text[bad_at]);
        else
            nk_diag_report(r->sink, NK_ERROR, strcmp(path, "-") == 0 ? "<stdin>" : path, line,
                           col, bad_at, "a NUL byte at byte offset %zu", bad_at);
        return NK_ERR_PARSE;
    }
    a->id = stem(r->arena, path);
    a->source = nk_arena_strdup(r->arena, strcmp(path, "-") == 0 ? "<stdin>" : path);
    a->text = r->text;
    a->len = len;
    if (r->kind == NK_CORPUS_DIR)
        NK_TRY(side_meta(r, path));
    return NK_OK;
}

static int next_file(nk_corpus_reader *r)
{
    const char *path;
    if (r->kind == NK_CORPUS_LIST) {
        size_t len;
        for (;;) {
            if (!next_line(r, &len))
                return ferror(r->f) ? NK_ERR_IO : 0;
            while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
                r->line[--len] = '\0';
            if (!blank(r->line, len))
                break;
        }
        path = r->line;
    } else {
        if (r->next_path == r->npaths)
            return 0;
        path = r->paths[r->next_path++];
    }
    int rc = read_text_file(r, path);
    if (r->kind != NK_CORPUS_LIST && strcmp(path, "-") != 0) {
        struct stat st;
        if (stat(path, &st) == 0)
            r->done += (size_t)st.st_size;
    }
    return rc;
}

int nk_corpus_reader_next(nk_corpus_reader *r, const nk_article **article)
{
    *article = NULL;
    reset_article(r);
    /* 0: the end; NK_OK from a record is turned into 1 below */
    int rc = r->kind == NK_CORPUS_JSONL ? next_jsonl(r) : next_file(r);
    if (rc == 0 && !r->article.text)
        return 0;
    if (rc == NK_ERR_IO && r->kind == NK_CORPUS_JSONL) {
        nk_diag_report(r->sink, NK_ERROR, r->source, r->lineno, 0, SIZE_MAX,
                       "read error: %s", strerror(errno));
        return rc;
    }
    if (rc < 0)
        return bad(r, rc == NK_ERR_NOTFOUND || rc == NK_ERR_IO ? NK_ERR_INVALID : rc);
    nk_article *a = &r->article;
    if (!a->source)
        a->source = r->source;
    a->index = r->index++;
    a->words = nk_count_words(a->text, a->len);
    *article = a;
    return 1;
}

/* ---- the runner --------------------------------------------------------------------- */

enum { JOB_EMPTY = 0, JOB_QUEUED, JOB_RUNNING, JOB_DONE };

typedef struct job_diag {
    nk_severity severity;
    const char *file;
    unsigned line, column;
    size_t offset;
    const char *message;
} job_diag;

typedef struct job {
    int state;
    nk_arena *arena;       /* the article copy and the captured diagnostics */
    nk_article article;
    int status;
    nk_factset *facts;
    nk_doc *doc;
    nk_buf rendered[NK_CORPUS_MAX_RENDER]; /* kept between articles: reused */
    job_diag *diags;       /* malloc'd */
    size_t ndiags, diag_cap;
} job;

typedef struct worker_arg {
    struct nk_corpus *c;
    void *state;           /* options.worker_new's */
} worker_arg;

struct nk_corpus {
    const nk_resources *res;
    nk_corpus_options opts;
    nk_corpus_fact_fn fn;
    void *ctx;
    nk_diag_sink *sink;
    unsigned nthreads;     /* 0: work inline, on the caller's thread */
    pthread_t *threads;
    worker_arg *args;      /* one per worker (one when inline) */
    size_t nstates;        /* worker states made so far */
    size_t nstarted;
    job *ring;
    size_t window;
    size_t next_add, next_take, next_deliver; /* counters; slot = i % window */
    pthread_mutex_t lock;  /* the counters, job states, stopping, failed */
    pthread_cond_t work_cv, done_cv;
    pthread_mutex_t deliver_lock; /* held by the one thread delivering */
    bool stopping;
    int failed;            /* the first negative callback status */
};

static void capture_diag(void *ctx, const nk_diag *d)
{
    job *j = ctx;
    if (j->ndiags == j->diag_cap) {
        j->diag_cap = j->diag_cap ? j->diag_cap * 2 : 8;
        j->diags = nk_xrealloc(j->diags, j->diag_cap * sizeof *j->diags);
    }
    job_diag *c = &j->diags[j->ndiags++];
    c->severity = d->severity;
    c->file = nk_arena_strdup(j->arena, d->file);
    c->line = d->line;
    c->column = d->column;
    c->offset = d->offset;
    c->message = nk_arena_strdup(j->arena, d->message);
}

/* Extract one article (any thread): everything goes into the job. */
static void run_job(nk_corpus *c, job *j, void *state)
{
    nk_diag_sink jsink = {capture_diag, j, 0, 0};
    nk_doc_meta meta = {j->article.id, j->article.title, j->article.url, j->article.date};
    j->status = nk_extract_text(c->res, j->article.source, j->article.text, j->article.len,
                                &meta, &j->facts, c->opts.keep_doc ? &j->doc : NULL, &jsink);
    if (j->status < 0 || !c->opts.render)
        return;
    nk_corpus_result r = {&j->article, NK_OK, j->facts, j->doc, j->rendered, state};
    int rc = c->opts.render(c->opts.render_ctx, &r);
    if (rc < 0)
        j->status = rc;
}

/* Replay the job's diagnostics into the runner's sink.  Those about a
 * JSON Lines record's text name the record's line; the position inside the
 * text goes into the message. */
static void replay_diags(nk_corpus *c, job *j)
{
    for (size_t i = 0; i < j->ndiags; i++) {
        const job_diag *d = &j->diags[i];
        if (j->article.line && d->file && strcmp(d->file, j->article.source) == 0) {
            if (d->line)
                nk_diag_report(c->sink, d->severity, j->article.source, j->article.line, 0,
                               SIZE_MAX, "article %s, text line %u column %u: %s",
                               j->article.id, d->line, d->column, d->message);
            else
                nk_diag_report(c->sink, d->severity, j->article.source, j->article.line, 0,
                               SIZE_MAX, "article %s: %s", j->article.id, d->message);
        } else {
            nk_diag_report(c->sink, d->severity, d->file, d->line, d->column, d->offset, "%s",
                           d->message);
        }
    }
}

static void job_reset(job *j)
{
    nk_arena_free(j->arena);
    j->arena = NULL;
    nk_factset_free(j->facts);
    j->facts = NULL;
    nk_doc_free(j->doc);
    j->doc = NULL;
    for (size_t i = 0; i < NK_CORPUS_MAX_RENDER; i++)
        nk_buf_clear(&j->rendered[i]);
    j->ndiags = 0;
    j->status = NK_OK;
    j->state = JOB_EMPTY;
}

static int get_failed(nk_corpus *c)
{
    pthread_mutex_lock(&c->lock);
    int f = c->failed;
    pthread_mutex_unlock(&c->lock);
    return f;
}

/* Hand a finished job to the callback (deliver_lock held, c->lock not). */
static void deliver(nk_corpus *c, job *j)
{
    replay_diags(c, j);
    if (get_failed(c) >= 0) {
        nk_corpus_result r = {&j->article, j->status, j->status < 0 ? NULL : j->facts, j->doc,
                              j->rendered, NULL};
        int rc = c->fn ? c->fn(c->ctx, &r) : NK_OK;
        if (rc < 0) {
            pthread_mutex_lock(&c->lock);
            c->failed = rc;
            pthread_mutex_unlock(&c->lock);
        }
    }
    job_reset(j);
}

/* The next job to deliver when it is finished, else NULL (c->lock held). */
static job *next_done(nk_corpus *c)
{
    if (c->next_deliver == c->next_add)
        return NULL;
    job *j = &c->ring[c->next_deliver % c->window];
    return j->state == JOB_DONE ? j : NULL;
}

/* Deliver every finished job that is next in order (deliver_lock held). */
static void deliver_run(nk_corpus *c)
{
    for (;;) {
        pthread_mutex_lock(&c->lock);
        job *j = next_done(c);
        pthread_mutex_unlock(&c->lock);
        if (!j)
            return;
        deliver(c, j);
        pthread_mutex_lock(&c->lock);
        c->next_deliver++;
        pthread_cond_broadcast(&c->done_cv); /* room in the window */
        pthread_mutex_unlock(&c->lock);
    }
}

/* Deliver what is ready unless another thread is delivering already (it
 * will see what is ready: each deliverer looks again after letting go). */
static void try_deliver(nk_corpus *c)
{
    for (;;) {
        if (pthread_mutex_trylock(&c->deliver_lock) != 0)
            return;
        deliver_run(c);
        pthread_mutex_unlock(&c->deliver_lock);
        pthread_mutex_lock(&c->lock);
        bool more = next_done(c) != NULL;
        pthread_mutex_unlock(&c->lock);
        if (!more)
            return;
    }
}

static void copy_article(job *j, const nk_article *a)
{
    j->arena = nk_arena_new();
    j->article = *a;
    j->article.id = nk_arena_strdup(j->arena, a->id ? a->id : "unknown");
    j->article.title = nk_arena_strdup(j->arena, a->title);
    j->article.url = nk_arena_strdup(j->arena, a->url);
    j->article.date = nk_arena_strdup(j->arena, a->date);
    j->article.source = nk_arena_strdup(j->arena, a->source ? a->source : j->article.id);
    j->article.text = nk_arena_strndup(j->arena, a->text ? a->text : "", a->text ? a->len : 0);
    j->article.len = a->text ? a->len : 0;
}

static void *worker(void *arg)
{
    worker_arg *wa = arg;
    nk_corpus *c = wa->c;
    /* signals are the application's business: let its own threads take them */
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->stopping && c->next_take == c->next_add)
            pthread_cond_wait(&c->work_cv, &c->lock);
        if (c->stopping)
            break;
        job *j = &c->ring[c->next_take++ % c->window];
        j->state = JOB_RUNNING;
        pthread_mutex_unlock(&c->lock);
        run_job(c, j, wa->state);
        pthread_mutex_lock(&c->lock);
        j->state = JOB_DONE;
        pthread_cond_broadcast(&c->done_cv);
        pthread_mutex_unlock(&c->lock);
        try_deliver(c); /* results go out as soon as they are next */
        pthread_mutex_lock(&c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

int nk_corpus_new(nk_corpus **out, const nk_resources *res, const nk_corpus_options *opts,
                  nk_corpus_fact_fn fn, void *ctx, nk_diag_sink *sink)
{
    nk_corpus_options defaults = NK_CORPUS_OPTIONS_INIT;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (!res || opts->nrender > NK_CORPUS_MAX_RENDER)
        return NK_ERR_INVALID;
    nk_corpus *c = nk_xcalloc(1, sizeof *c);
    c->res = res;
    c->opts = *opts;
    c->fn = fn;
    c->ctx = ctx;
    c->sink = sink;
    unsigned n = opts->threads ? opts->threads : nk_cpu_count();
    if (n > 256)
        n = 256;
    c->nthreads = n > 1 ? n : 0;
    /* a few articles per worker in flight: enough to keep every worker busy
     * while one long article holds back delivery, few enough to bound memory */
    c->window = c->nthreads ? 4 * (size_t)c->nthreads : 1;
    c->ring = nk_xcalloc(c->window, sizeof *c->ring);
    pthread_mutex_init(&c->lock, NULL);
    pthread_mutex_init(&c->deliver_lock, NULL);
    pthread_cond_init(&c->work_cv, NULL);
    pthread_cond_init(&c->done_cv, NULL);
    size_t nargs = c->nthreads ? c->nthreads : 1;
    c->args = nk_xcalloc(nargs, sizeof *c->args);
    for (; c->nstates < nargs; c->nstates++) {
        c->args[c->nstates].c = c;
        if (opts->worker_new &&
            !(c->args[c->nstates].state = opts->worker_new(opts->render_ctx))) {
            nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX, "cannot set up a worker");
            nk_corpus_free(c);
            return NK_ERR_EXTERNAL;
        }
    }
    if (c->nthreads) {
        c->threads = nk_xcalloc(c->nthreads, sizeof *c->threads);
        for (; c->nstarted < c->nthreads; c->nstarted++)
            if (pthread_create(&c->threads[c->nstarted], NULL, worker,
                               &c->args[c->nstarted]) != 0)
                break;
        if (c->nstarted == 0) {
            nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX, "cannot start threads");
            nk_corpus_free(c);
            return NK_ERR_EXTERNAL;
        }
    }
    *out = c;
    return NK_OK;
}

unsigned nk_corpus_threads(const nk_corpus *c)
{
    return c->nthreads ? (unsigned)c->nstarted : 1;
}

/* Wait until the window has room (ALL: until every queued job has been
 * delivered), delivering what is ready meanwhile. */
static void wait_room(nk_corpus *c, bool all)
{
    for (;;) {
        try_deliver(c);
        pthread_mutex_lock(&c->lock);
        size_t queued = c->next_add - c->next_deliver;
        bool done = all ? queued == 0 : queued < c->window;
        /* whoever marks the next job done, or delivers, broadcasts */
        if (!done)
            pthread_cond_wait(&c->done_cv, &c->lock);
        pthread_mutex_unlock(&c->lock);
        if (done)
            return;
    }
}

int nk_corpus_add(nk_corpus *c, const nk_article *a)
{
    int failed = get_failed(c);
    if (failed < 0)
        return failed;
    if (!c->nthreads) {
        job *j = &c->ring[0];
        copy_article(j, a);
        run_job(c, j, c->args[0].state);
        deliver(c, j);
        return get_failed(c);
    }
    wait_room(c, false);
    pthread_mutex_lock(&c->lock);
    job *j = &c->ring[c->next_add % c->window];
    copy_article(j, a);
    j->state = JOB_QUEUED;
    c->next_add++;
    pthread_cond_signal(&c->work_cv);
    failed = c->failed;
    pthread_mutex_unlock(&c->lock);
    return failed;
}

int nk_corpus_finish(nk_corpus *c)
{
    if (c->nthreads)
        wait_room(c, true);
    return get_failed(c);
}

void nk_corpus_free(nk_corpus *c)
{
    if (!c)
        return;
    if (c->nthreads) {
        /* let running jobs end; queued ones are dropped */
        pthread_mutex_lock(&c->lock);
        c->stopping = true;
        pthread_cond_broadcast(&c->work_cv);
        pthread_mutex_unlock(&c->lock);
        for (size_t i = 0; i < c->nstarted; i++)
            pthread_join(c->threads[i], NULL);
    }
    for (size_t i = 0; i < c->window; i++) {
        job_reset(&c->ring[i]);
        for (size_t k = 0; k < NK_CORPUS_MAX_RENDER; k++)
            nk_buf_free(&c->ring[i].rendered[k]);
        free(c->ring[i].diags);
    }
    for (size_t i = 0; i < c->nstates; i++)
        if (c->opts.worker_free)
            c->opts.worker_free(c->opts.render_ctx, c->args[i].state);
    free(c->args);
    free(c->ring);
    free(c->threads);
    pthread_cond_destroy(&c->work_cv);
    pthread_cond_destroy(&c->done_cv);
    pthread_mutex_destroy(&c->lock);
    pthread_mutex_destroy(&c->deliver_lock);
    free(c);
}
