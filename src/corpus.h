/* corpus.h: corpus mode — many articles in, facts out, in input order, on
 * several threads.
 *
 * Two parts, usable apart:
 *
 *  - a reader (nk_corpus_reader) that turns JSON Lines (one article per
 *    line: "id", "url", "title", "date", "text"; other keys ignored), a
 *    directory (every *.txt, with optional *.json metadata beside it), a
 *    list of text files or a file naming one path per line into a stream of
 *    articles.  A bad record (invalid JSON, no "text", text not UTF-8) is
 *    reported with its line number and skipped: the stream goes on.
 *
 *  - a runner (nk_corpus) that extracts the facts of each article it is
 *    given — every article its own document, with its own entities and
 *    coreference — on N worker threads sharing one read-only nk_resources,
 *    and hands the results to a callback one at a time, in the order the
 *    articles were added, as soon as each is next (from a worker thread or
 *    the caller's, never two at once).  The output therefore does not depend on the number
 *    of threads.  At most a small window of articles (a few per thread) is
 *    in flight, so memory is bounded by the largest articles, not the
 *    corpus.
 *
 * An optional render hook runs in the worker thread right after an
 * article's extraction (so serialising, e.g. to N-Quads, is parallel too);
 * what it writes into the result's buffers reaches the ordered callback.
 *
 * Thread safety: an nk_resources may be shared by any number of runners
 * and threads (it is only read).  A reader and a runner are each used by
 * one thread at a time.
 *
 * Example (error handling shortened):
 *
 *     static int print_facts(void *ctx, const nk_corpus_result *r)
 *     {
 *         if (r->status == NK_OK)
 *             printf("%s: %zu facts\n", r->article->id, r->facts->count);
 *         return NK_OK;
 *     }
 *     ...
 *     nk_resources *res;
 *     nk_resources_load(&res, NULL, &sink);
 *     nk_corpus_reader *in;
 *     nk_corpus_reader_open(&in, NK_CORPUS_JSONL, "news.jsonl", &sink);
 *     nk_corpus_options o = NK_CORPUS_OPTIONS_INIT;
 *     o.threads = 4;
 *     nk_corpus *run;
 *     nk_corpus_new(&run, res, &o, print_facts, NULL, &article_sink);
 *     const nk_article *a;
 *     int r;
 *     while ((r = nk_corpus_reader_next(in, &a)) != 0)
 *         if (r > 0)
 *             nk_corpus_add(run, a);
 *     nk_corpus_finish(run);
 *     nk_corpus_free(run);
 *     nk_corpus_reader_free(in);
 *     nk_resources_free(res);
 */
#ifndef NK_CORPUS_H
#define NK_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "extract.h"
#include "facts.h"
#include "util.h"

/* ---- articles --------------------------------------------------------------- */

/* One article: its metadata and text.  Strings are borrowed (see who gives
 * the article); TEXT is NUL-terminated, LEN bytes long. */
typedef struct nk_article {
    const char *id;     /* document id (never NULL) */
    const char *title;  /* optional metadata, NULL when absent */
    const char *url;
    const char *date;   /* "YYYY-MM-DD" or NULL */
    const char *text;
    size_t len;
    const char *source; /* the input it came from, for diagnostics */
    unsigned line;      /* its line in a JSON Lines input, else 0 */
    size_t index;       /* 0-based position in the input, bad records
                           included */
    size_t words;       /* whitespace-separated words of the text */
} nk_article;

/* Whitespace-separated words in TEXT[0..len) (as `wc -w` counts them). */
size_t nk_count_words(const char *text, size_t len);

/* ---- the reader --------------------------------------------------------------- */

typedef enum nk_corpus_input {
    NK_CORPUS_JSONL = 0, /* one article per line; "-" is standard input */
    NK_CORPUS_DIR,       /* every *.txt of a directory (sorted by name), with
                            metadata from NAME.json beside NAME.txt */
    NK_CORPUS_LIST,      /* a file naming one text file per line ("-":
                            standard input) */
    NK_CORPUS_FILES      /* the given text files (nk_corpus_reader_open_files) */
} nk_corpus_input;

typedef struct nk_corpus_reader nk_corpus_reader;

/* Open PATH as KIND (not NK_CORPUS_FILES).  Problems with the input as a
 * whole (missing file or directory) go to SINK and fail with *out NULL.
 * SINK is kept and gets every bad record later; it must outlive the
 * reader. */
int nk_corpus_reader_open(nk_corpus_reader **out, nk_corpus_input kind,
                          const char *path, nk_diag_sink *sink);

/* A reader over N text files ("-": standard input, read once).  The paths
 * are copied.  The id of each is its file name without directory and
 * extension. */
int nk_corpus_reader_open_files(nk_corpus_reader **out, const char *const *paths,
                                size_t n, nk_diag_sink *sink);

/* Limits on what R reads: a text (a file, or a JSON Lines record) longer
 * than MAX_BYTES is a bad record (0: no limit); with LOSSY, bytes that are
 * not UTF-8 are read as '?' (one for one, with a warning naming the first)
 * instead of making the text a bad record. */
void nk_corpus_reader_limit(nk_corpus_reader *r, size_t max_bytes, bool lossy);

/* The next article: returns 1 and sets *article (valid until the next call
 * or nk_corpus_reader_free), 0 at the end of the input, NK_ERR_PARSE or
 * NK_ERR_INVALID after reporting a bad record to the sink (call again: the
 * record is skipped), or NK_ERR_IO when the input cannot be read further. */
int nk_corpus_reader_next(nk_corpus_reader *r, const nk_article **article);

/* Progress through the input: bytes read so far and the total (0 when
 * unknown, e.g. a pipe). */
void nk_corpus_reader_progress(const nk_corpus_reader *r, size_t *done, size_t *total);

/* Records skipped as bad so far. */
size_t nk_corpus_reader_skipped(const nk_corpus_reader *r);

void nk_corpus_reader_free(nk_corpus_reader *r);

/* ---- the runner ----------------------------------------------------------------- */

#define NK_CORPUS_MAX_RENDER 8

/* What the runner hands back for each article. */
typedef struct nk_corpus_result {
    const nk_article *article; /* a copy of what was added */
    int status;                /* NK_OK, or why extraction failed (the
                                  diagnostics have reached the sink) */
    nk_factset *facts;         /* the article's facts; NULL on failure (the
                                  callbacks may change them: they die after) */
    const nk_doc *doc;         /* the analysed document when keep_doc */
    nk_buf *rendered;          /* options.nrender buffers (render hook) */
    void *worker;              /* render hook: the state worker_new made for
                                  the thread it runs on; else NULL */
} nk_corpus_result;

/* The render hook: called in a worker thread, possibly concurrently for
 * different articles, after a successful extraction; appends to
 * R->rendered[0..nrender).  It must touch no shared mutable state.  A
 * negative return marks the result failed with that status. */
typedef int (*nk_corpus_render_fn)(void *ctx, const nk_corpus_result *r);

/* The ordered callback: called once per added article, in the order of
 * nk_corpus_add, one call at a time (from a worker thread or from the
 * caller's inside nk_corpus_add / nk_corpus_finish, so results go out as
 * soon as they are ready even while the caller waits for input).  Everything R
 * points to dies after it returns.  A negative return stops the run:
 * later results are dropped and nk_corpus_add/finish return that
 * status. */
typedef int (*nk_corpus_fact_fn)(void *ctx, const nk_corpus_result *r);

typedef struct nk_corpus_options {
    unsigned version;      /* NK_CORPUS_OPTIONS_VERSION */
    unsigned threads;      /* worker threads; 0: the number of cores */
    bool keep_doc;         /* hand the analysed document to the callback */
    nk_corpus_render_fn render; /* optional */
    void *render_ctx;
    unsigned nrender;      /* buffers for the render hook (<= NK_CORPUS_MAX_RENDER) */
    /* Optional state of each worker for the render hook (e.g. an RDF writer,
     * costly to make per article): worker_new(render_ctx) once per worker
     * before any article, worker_free(render_ctx, state) after the last;
     * both on the caller's thread, one at a time (in nk_corpus_new and
     * nk_corpus_free).  worker_new returning NULL fails nk_corpus_new. */
    void *(*worker_new)(void *render_ctx);
    void (*worker_free)(void *render_ctx, void *state);
} nk_corpus_options;

#define NK_CORPUS_OPTIONS_VERSION 1
#define NK_CORPUS_OPTIONS_INIT {NK_CORPUS_OPTIONS_VERSION, 0, false, NULL, NULL, 0, NULL, NULL}

typedef struct nk_corpus nk_corpus;

/* A runner over RES (borrowed: it must outlive the runner) calling FN with
 * CTX for every article.  Diagnostics of each article reach SINK just
 * before its result, from the thread that delivers it, so they too come in
 * input order; SINK should not be one another thread uses meanwhile (e.g.
 * the reader's).  *out is freed with nk_corpus_free. */
int nk_corpus_new(nk_corpus **out, const nk_resources *res,
                  const nk_corpus_options *opts, nk_corpus_fact_fn fn, void *ctx,
                  nk_diag_sink *sink);

/* Queue article A (copied).  May first wait for room, delivering finished
 * results meanwhile.  Returns NK_OK or the negative status a callback
 * returned. */
int nk_corpus_add(nk_corpus *c, const nk_article *a);

/* Wait for every queued article and deliver the remaining results. */
int nk_corpus_finish(nk_corpus *c);

/* Worker threads in use (after nk_corpus_new). */
unsigned nk_corpus_threads(const nk_corpus *c);

/* Stops the workers (queued articles that were not delivered are
 * dropped) and frees C. */
void nk_corpus_free(nk_corpus *c);

/* The number of online processors (at least 1). */
unsigned nk_cpu_count(void);

#endif
