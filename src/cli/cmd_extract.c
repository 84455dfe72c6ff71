/* cmd_extract.c: `newskg extract`, text in, knowledge graph out.
 *
 * Every input goes through the corpus runner (corpus.h): articles are
 * extracted on worker threads and their results come back in input order.
 * N-Quads, N-Triples, JSONL and CoNLL-U are written article by article
 * (streaming); Turtle, RDF/XML, canonical N-Triples, DOT and pictures of
 * the whole input are written at the end from what was kept. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "conllu.h"
#include "corpus.h"
#include "extract.h"
#include "facts_jsonl.h"
#include "json.h"
#include "output.h"
#include "rdf.h"

static void extract_usage(FILE *f)
{
    fprintf(f,
            "usage: newskg extract [OPTIONS] [FILE...|-]\n"
            "       newskg extract --input jsonl|dir|list [OPTIONS] SOURCE\n\n"
            "Extract who did what to whom, where, when and according to whom from\n"
            "English news articles (plain UTF-8 text, one paragraph a line) and write\n"
            "the knowledge graph.  With no FILE, or FILE '-', read standard input.\n"
            "Each input is its own article (own entities and coreference); with\n"
            "several, N-Quads hold one named graph per article, in input order.\n\n"
            "Output (default: Turtle on standard output):\n"
            "  -f, --format FORMAT  turtle, ntriples, nquads, rdfxml, jsonld, jsonl, dot, png,\n"
            "                       svg, pdf, html (the story view: one self-contained\n"
            "                       page with graph, marked text and facts table) or\n"
            "                       conllu (the parse the facts came from)\n"
            "  -o, --output FILE    write FILE (atomically); the format follows its\n"
            "                       extension unless -f is given\n"
            "      --rdf FILE       also write RDF (format by extension: .ttl .nt .nq .rdf\n"
            "                       .jsonld)\n"
            "      --jsonl FILE     also write facts as JSON Lines\n"
            "      --dot FILE       also write Graphviz DOT\n"
            "      --png FILE       also render a PNG  (--svg FILE, --pdf FILE likewise)\n"
            "      --html FILE      also write the story view (HTML)\n"
            "      --canonical      sorted, byte-stable N-Triples\n"
            "      --bare-claims    draw statements without content ('X said') too;\n"
            "                       pictures leave them out by default\n"
            "  With --rdf/--jsonl/--dot/--png/--svg/--pdf/--html and no -o or -f, nothing\n"
            "  is written to standard output.\n"
            "  N-Quads, N-Triples, JSONL and CoNLL-U are written article by article:\n"
            "  memory stays bounded by the largest article.  Turtle, RDF/XML,\n"
            "  canonical N-Triples, DOT, pictures and HTML show the whole input at once and\n"
            "  keep every article's facts in memory until the end.\n\n");
    fprintf(f,
            "Corpus:\n"
            "      --input KIND       what the arguments are: 'text' (default: article\n"
            "                         files), 'jsonl' (one article per line: id, url,\n"
            "                         title, date, text; '-' reads standard input),\n"
            "                         'dir' (every *.txt of a directory, with NAME.json\n"
            "                         metadata beside NAME.txt), 'list' (a file naming\n"
            "                         one article file per line)\n"
            "  -j, --jobs N           worker threads (default: the number of cores); the\n"
            "                         output is the same for every N\n"
            "      --progress         show progress on standard error even when it is\n"
            "                         not a terminal (--no-progress: never)\n"
            "      --resume           skip articles whose id is already in the -o FILE\n"
            "                         (N-Quads, N-Triples or JSONL) and add the others\n"
            "  With --input, a bad record (invalid JSON, no text, not UTF-8) is\n"
            "  reported with its line and skipped, and the run goes on; without it\n"
            "  any bad input stops the run.  Ctrl-C stops cleanly: the output then\n"
            "  holds whole articles only (exit 130; --resume continues).\n\n");
    fprintf(f,
            "Document:\n"
            "      --date YYYY-MM-DD  article date, for 'on Thursday' and 'yesterday'\n"
            "      --title TEXT       article title (graph caption, RDF)\n"
            "      --url URL          article address (RDF)\n"
            "      --id ID            document id (default: file name without extension);\n"
            "                         with several FILEs, they are versions of this one\n"
            "                         article, in order (each a prov:wasRevisionOf the one\n"
            "                         before it)\n"
            "      --previous VERSION the version the (first) FILE revises: its version\n"
            "                         IRI, or the file of its text\n"
            "  With --input, --date/--title/--url are defaults for records that lack\n"
            "  them (--id and --previous do not apply).\n"
            NK_CLI_INPUT_HELP
            "  (with --input: a longer article, or a bad one without --lossy, is a bad\n"
            "  record)\n\n"
            "Resources:\n"
            "      --base IRI         base of the instance IRIs (default %s)\n"
            "      --ontology FILE    extra Turtle adding to or overriding the ontology\n"
            "                         and its lexicon (repeatable)\n"
            "      --gazetteer FILE   extra gazetteer TSV (repeatable)\n"
            "      --mode MODE        NLP core: fast (default; greedy parser) or best\n"
            "                         (beam parser: slower, fewer parsing errors)\n"
            "      --wordnet DIR      WordNet 3.0 dict directory (default: $NEWSKG_WORDNET,\n"
            "                         else /usr/share/wordnet from Debian's wordnet-base)\n"
            "      --words FILE       extra word lists for the rules (repeatable; LIST<TAB>WORD)\n"
            "      --layout ENGINE    Graphviz engine for pictures (default by size)\n"
            "  -h, --help             show this help\n"
            "      --version          print the version\n\n"
            "Exit status: 0 success, 2 error or skipped records (the message names\n"
            "file:line:column), 130 interrupted.\n",
            NK_DEFAULT_BASE);
}

/* ---- outputs ------------------------------------------------------------------ */

#define MAX_OUTS 9

typedef struct extract_out {
    nk_output o;
    bool conllu;       /* -f conllu */
    bool stream;       /* written article by article */
    int slot;          /* render buffer filled by the workers, or -1 (JSONL) */
    FILE *f;           /* streaming: the open output (nk_file_out_stream) */
    nk_file_out *fo;   /* streaming: where it goes (a temporary renamed into
                          place, a device or FIFO, or stdout) */
    size_t facts;      /* JSONL: fact lines written so far (link indexes) */
} extract_out;

typedef struct extract_run {
    extract_out outs[MAX_OUTS];
    size_t nouts;
    nk_graph_options gopt;
    nk_dot_options dopt;
    nk_doc_meta meta;        /* defaults from the command line */
    bool corpus;             /* --input given: skip bad records */
    bool versions;           /* --id with several files, or --previous: each
                                article revises the one before (rendered in
                                order, at delivery) */
    const char *previous;    /* --previous VALUE for the first article */
    nk_buf prev_iri;         /* the version IRI of the article delivered last */
    bool keep_sets, keep_all;
    nk_factset **sets;       /* kept per article (whole-input RDF) */
    size_t nsets, cap;
    nk_factset *all;         /* kept merged (pictures, DOT) */
    char **done_ids;         /* --resume: sorted ids already written */
    size_t ndone;
    size_t articles, words, failed, resumed, skipped_reader;
    bool progress;
    double start, last_draw;
    nk_corpus_reader *reader;
    atomic_size_t bytes_done, bytes_total; /* the reader's, for the progress
                                              line drawn by the delivering thread */
    nk_diag_sink *sink;      /* for the delivering thread (not the reader's) */
    nk_buf jsonl;            /* reused for each article's JSON Lines */
    bool want_text;          /* an HTML output: keep the article's text */
    char *text;              /* the first article's text (malloc'd) */
    size_t text_len;
    char *text_name;         /* and where it came from */
} extract_run;

static bool stream_kind(const nk_output *o, bool conllu)
{
    if (conllu || o->kind == NK_OUT_JSONL)
        return true;
    return o->kind == NK_OUT_RDF && (o->rdf == NK_RDF_NQUADS || o->rdf == NK_RDF_NTRIPLES);
}

/* Open a streaming output through nk_file_out (util.h): a regular file is
 * written to a temporary beside it and renamed into place at the end; a
 * device, FIFO or standard output is written straight through. */
static int open_stream(extract_out *x, nk_diag_sink *sink)
{
    NK_TRY(nk_file_out_open(&x->fo, x->o.path, sink));
    x->f = nk_file_out_stream(x->fo);
    return NK_OK;
}

static int put(extract_out *x, const char *data, size_t len, nk_diag_sink *sink)
{
    if (len && fwrite(data, 1, len, x->f) != len) {
        nk_diag_report(sink, NK_ERROR, x->o.path ? x->o.path : "<stdout>", 0, 0, SIZE_MAX,
                       "write error: %s", strerror(errno));
        return NK_ERR_IO;
    }
    return NK_OK;
}

/* Close a streaming output; COMMIT puts it in place (any write error is
 * reported then), otherwise a regular file is left as it was. */
static int close_stream(extract_out *x, bool commit, nk_diag_sink *sink)
{
    int rc = NK_OK;
    if (!x->fo)
        return NK_OK;
    if (commit)
        rc = nk_file_out_commit(x->fo, sink);
    else
        nk_file_out_abort(x->fo);
    x->fo = NULL;
    x->f = NULL;
    return rc;
}

/* ---- --resume: the ids already in an output ----------------------------------- */

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool already_done(const extract_run *run, const char *id)
{
    return run->ndone &&
           bsearch(&id, run->done_ids, run->ndone, sizeof *run->done_ids, str_cmp) != NULL;
}

/* The N-Triples string literal starting at P (after its opening quote),
 * unescaped, malloc'd; NULL when malformed. */
static char *nt_literal(const char *p)
{
    nk_buf b = {0};
    for (; *p && *p != '"'; p++) {
        if (*p != '\\') {
            nk_buf_putc(&b, *p);
            continue;
        }
        p++;
        switch (*p) {
        case 't': nk_buf_putc(&b, '\t'); break;
        case 'n': nk_buf_putc(&b, '\n'); break;
        case 'r': nk_buf_putc(&b, '\r'); break;
        case '"': case '\\': case '\'': nk_buf_putc(&b, *p); break;
        case 'u': case 'U': {
            int n = *p == 'u' ? 4 : 8;
            unsigned long cp = 0;
            for (int i = 0; i < n; i++) {
                int v = nk_hex_digit((unsigned char)*++p);
                if (v < 0) {
                    nk_buf_free(&b);
                    return NULL;
                }
                cp = cp * 16 + (unsigned long)v;
            }
            if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                nk_buf_free(&b); /* the escape names no character */
                return NULL;
            }
            nk_buf_put_utf8(&b, cp);
            break;
        }
        default:
            nk_buf_free(&b);
            return NULL;
        }
    }
    if (*p != '"') {
        nk_buf_free(&b);
        return NULL;
    }
    if (!b.data)
        nk_buf_putc(&b, '\0'), b.len = 0;
    return nk_buf_detach(&b);
}

/* The id one line of a previous output names: the object of nk:documentId
 * in N-Quads/N-Triples, the "doc" of a JSONL fact.  NULL when none. */
static char *line_id(const char *line, size_t len, bool jsonl)
{
    if (!jsonl) {
        static const char key[] = "<" NK_ONTOLOGY_NS "documentId> \"";
        const char *p = strstr(line, key);
        return p ? nt_literal(p + sizeof key - 1) : NULL;
    }
    nk_arena *a = nk_arena_new();
    nk_json *root = NULL;
    char *id = NULL;
    if (nk_json_parse(&root, line, len, a, NULL, NULL) == NK_OK) {
        const nk_json *d = nk_json_get(root, "doc");
        if (d && d->type == NK_JSON_STRING)
            id = nk_xstrdup(d->str);
    }
    nk_arena_free(a);
    return id;
}

/* Read the output X names as it was: copy it into the new temporary (the
 * whole lines only) and collect the ids it holds. */
static int resume_from(extract_run *run, extract_out *x)
{
    FILE *old = fopen(x->o.path, "rb");
    if (!old)
        return NK_OK; /* nothing yet: start afresh */
    bool jsonl = x->o.kind == NK_OUT_JSONL;
    char *line = NULL;
    size_t cap = 0, idcap = 0;
    ssize_t n;
    int rc = NK_OK;
    while ((n = getline(&line, &cap, old)) > 0) {
        if (line[n - 1] != '\n')
            break; /* a cut last line: dropped */
        NK_CHECK(put(x, line, (size_t)n, run->sink));
        if (jsonl && n > 1)
            x->facts++;
        char *id = line_id(line, (size_t)n - 1, jsonl);
        if (!id)
            continue;
        if (run->ndone && strcmp(run->done_ids[run->ndone - 1], id) == 0) {
            free(id);
            continue;
        }
        if (run->ndone == idcap) {
            idcap = idcap ? idcap * 2 : 256;
            run->done_ids = nk_xrealloc(run->done_ids, idcap * sizeof *run->done_ids);
        }
        run->done_ids[run->ndone++] = id;
    }
    qsort(run->done_ids, run->ndone, sizeof *run->done_ids, str_cmp);
cleanup:
    free(line);
    fclose(old);
    return rc;
}

/* ---- per article ------------------------------------------------------------------ */

/* A worker's RDF writers, one per streaming RDF output, kept for the whole
 * run: a writer per article would make a raptor world per article. */
typedef struct worker_writers {
    nk_rdf_writer *w[MAX_OUTS];
    nk_buf *into;            /* the buffer the article at hand renders into */
} worker_writers;

static int into_buf(void *ctx, const char *data, size_t len)
{
    worker_writers *ww = ctx;
    nk_buf_append(ww->into, data, len);
    return NK_OK;
}

static void worker_free(void *ctx, void *state)
{
    (void)ctx;
    worker_writers *ww = state;
    if (!ww)
        return;
    for (size_t i = 0; i < MAX_OUTS; i++)
        nk_rdf_writer_free(ww->w[i]);
    free(ww);
}

static void *worker_new(void *ctx)
{
    const extract_run *run = ctx;
    worker_writers *ww = nk_xcalloc(1, sizeof *ww);
    for (size_t i = 0; i < run->nouts; i++) {
        const extract_out *x = &run->outs[i];
        if (x->slot >= 0 && !x->conllu &&
            nk_rdf_writer_new(&ww->w[i], (nk_rdf_format)x->o.rdf, into_buf, ww, NULL) < 0) {
            worker_free(ctx, ww);
            return NULL;
        }
    }
    return ww;
}

/* The render hook (worker threads, and the delivering thread for versions):
 * N-Quads, N-Triples and CoNLL-U of one article into its output's buffer. */
static int render_article(void *ctx, const nk_corpus_result *r)
{
    const extract_run *run = ctx;
    worker_writers *ww = r->worker;
    nk_graph *graph = NULL;
    int rc = NK_OK;
    for (size_t i = 0; i < run->nouts; i++) {
        const extract_out *x = &run->outs[i];
        if (x->slot < 0)
            continue;
        nk_buf *out = &r->rendered[x->slot];
        if (x->conllu) {
            nk_conllu_write(r->doc, out);
            continue;
        }
        if (!graph)
            NK_CHECK(nk_graph_build(&graph, r->facts, &run->gopt, NULL));
        if (ww && ww->w[i]) {
            ww->into = out;
            NK_CHECK(nk_rdf_writer_add(ww->w[i], graph));
        } else {
            NK_CHECK(nk_rdf_write(graph, (nk_rdf_format)x->o.rdf, out, NULL));
        }
    }
cleanup:
    nk_graph_free(graph);
    return rc;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "1:02:03" or "2:03". */
static void put_duration(char *s, size_t n, double secs)
{
    unsigned long t = secs > 0 && secs < 1e8 ? (unsigned long)(secs + 0.5) : 0;
    if (t >= 3600)
        snprintf(s, n, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(s, n, "%lu:%02lu", t / 60, t % 60);
}

/* One line on stderr, rewritten in place: articles, words/s, ETA. */
static void draw_progress(extract_run *run, bool last)
{
    double t = now();
    if (!last && t - run->last_draw < 0.25)
        return;
    run->last_draw = t;
    double el = t - run->start;
    size_t done = atomic_load(&run->bytes_done), total = atomic_load(&run->bytes_total);
    char eta[32] = "?";
    if (total && done && done <= total)
        put_duration(eta, sizeof eta, el * (double)(total - done) / (double)done);
    char elapsed[32];
    put_duration(elapsed, sizeof elapsed, el);
    fprintf(stderr, "\r%zu articles, %zu words, %.0f words/s, %s elapsed", run->articles,
            run->words, el > 0 ? (double)run->words / el : 0.0, elapsed);
    if (total)
        fprintf(stderr, ", %3.0f%%, ETA %s", 100.0 * (double)done / (double)total,
                last ? "0:00" : eta);
    fputs(last ? "\n" : "   ", stderr);
    fflush(stderr);
}

static void keep_facts(extract_run *run, const nk_factset *facts)
{
    if (run->keep_sets) {
        if (run->nsets == run->cap) {
            run->cap = run->cap ? run->cap * 2 : 16;
            run->sets = nk_xrealloc(run->sets, run->cap * sizeof *run->sets);
        }
        nk_factset *copy = nk_factset_new();
        nk_factset_append(copy, facts);
        copy->doc = nk_factset_str(copy, facts->doc);
        copy->title = nk_factset_str(copy, facts->title);
        copy->url = nk_factset_str(copy, facts->url);
        copy->date = nk_factset_str(copy, facts->date);
        copy->version = nk_factset_str(copy, facts->version);
        copy->previous = nk_factset_str(copy, facts->previous);
        run->sets[run->nsets++] = copy;
    }
    if (run->keep_all) {
        if (!run->all) {
            run->all = nk_factset_new();
            run->all->doc = nk_factset_str(run->all, facts->doc);
            run->all->title = nk_factset_str(run->all, facts->title);
            run->all->url = nk_factset_str(run->all, facts->url);
            run->all->date = nk_factset_str(run->all, facts->date);
            run->all->version = nk_factset_str(run->all, facts->version);
            run->all->previous = nk_factset_str(run->all, facts->previous);
        }
        nk_factset_append(run->all, facts);
    }
}

/* Versions of one article: link R's facts to the version delivered before
 * (or to --previous), then render them, here, in order. */
static int revise(extract_run *run, const nk_corpus_result *r)
{
    nk_buf prev = {0};
    int rc = NK_OK;
    if (run->articles > 1 && run->prev_iri.len)
        nk_buf_puts(&prev, run->prev_iri.data);
    else if (run->articles == 1 && run->previous)
        NK_CHECK(nk_cli_previous_iri(&prev, run->previous, r->facts, run->gopt.base, run->sink));
    if (prev.len)
        r->facts->previous = nk_factset_str(r->facts, prev.data);
    nk_buf_clear(&run->prev_iri);
    nk_graph_factset_version_iri(&run->prev_iri, r->facts, run->gopt.base);
    NK_CHECK(render_article(run, r));
cleanup:
    nk_buf_free(&prev);
    return rc;
}

/* The ordered callback: write the streaming outputs, keep the rest. */
static int on_article(void *ctx, const nk_corpus_result *r)
{
    extract_run *run = ctx;
    if (r->status < 0) {
        run->failed++;
        return run->corpus ? NK_OK : r->status;
    }
    run->articles++;
    run->words += r->article->words;
    int rc = NK_OK;
    if (run->versions)
        NK_CHECK(revise(run, r));
    for (size_t i = 0; i < run->nouts; i++) {
        extract_out *x = &run->outs[i];
        if (!x->stream)
            continue;
        if (x->slot >= 0) {
            NK_CHECK(put(x, r->rendered[x->slot].data, r->rendered[x->slot].len, run->sink));
        } else {
            nk_buf_clear(&run->jsonl);
            nk_facts_write_jsonl_from(r->facts, x->facts, &run->jsonl);
            x->facts += r->facts->count;
            NK_CHECK(put(x, run->jsonl.data, run->jsonl.len, run->sink));
        }
    }
    /* a pipe reader gets every article as soon as it is written */
    for (size_t i = 0; i < run->nouts; i++)
        if (run->outs[i].f == stdout && fflush(stdout) != 0) {
            nk_diag_report(run->sink, NK_ERROR, "<stdout>", 0, 0, SIZE_MAX, "write error: %s",
                           strerror(errno));
            rc = NK_ERR_IO;
            goto cleanup;
        }
    keep_facts(run, r->facts);
    if (run->want_text && run->articles == 1 && r->article->text) {
        run->text = nk_xmalloc(r->article->len + 1);
        memcpy(run->text, r->article->text, r->article->len);
        run->text[r->article->len] = '\0';
        run->text_len = r->article->len;
        const char *src = r->article->source;
        run->text_name = nk_xstrdup(!src ? r->article->id : strcmp(src, "-") == 0 ? "<stdin>"
                                                                                   : src);
    }
    if (run->progress)
        draw_progress(run, false);
cleanup:
    return rc;
}

/* ---- the whole input ------------------------------------------------------------ */

/* A graph of several articles: its document is the corpus, its title the
 * one given on the command line (else the picture says what it holds). */
static void corpus_meta(extract_run *run)
{
    if (!run->all || run->articles < 2)
        return;
    run->all->title = run->meta.title ? nk_factset_str(run->all, run->meta.title) : NULL;
    run->all->doc = nk_factset_str(run->all, "corpus");
    run->all->url = run->all->date = run->all->version = run->all->previous = NULL;
}

/* Write one kept output (Turtle, RDF/XML, canonical, DOT, pictures). */
static int write_kept(extract_run *run, const extract_out *x, const nk_graph *graph)
{
    if (x->o.kind != NK_OUT_RDF || run->nsets < 2) {
        nk_factset empty = {0};
        nk_output o = x->o;
        if (o.kind == NK_OUT_HTML && run->articles == 1) {
            /* the story view marks the facts in the one article's text;
             * several articles' texts are rebuilt from their sentences */
            o.text = run->text;
            o.text_len = run->text_len;
            o.text_name = run->text_name;
        }
        return nk_output_write(&o, run->all ? run->all : &empty, graph, &run->dopt,
                               run->sink);
    }
    nk_graph **graphs = nk_xcalloc(run->nsets, sizeof *graphs);
    nk_buf out = {0};
    int rc = NK_OK;
    for (size_t i = 0; i < run->nsets; i++)
        NK_CHECK(nk_graph_build(&graphs[i], run->sets[i], &run->gopt, run->sink));
    NK_CHECK(nk_rdf_write_graphs((const nk_graph *const *)graphs, run->nsets,
                                 (nk_rdf_format)x->o.rdf, &out, run->sink));
    rc = nk_file_write_atomic(x->o.path, out.data, out.len, run->sink);
cleanup:
    for (size_t i = 0; i < run->nsets; i++)
        nk_graph_free(graphs[i]);
    free(graphs);
    nk_buf_free(&out);
    return rc;
}

static int write_all_kept(extract_run *run)
{
    bool any = false;
    for (size_t i = 0; i < run->nouts; i++)
        any = any || !run->outs[i].stream;
    if (!any)
        return NK_OK;
    if (run->keep_all && !run->all)
        run->all = nk_factset_new();
    if (run->keep_sets && run->nsets == 1 && !run->all)
        run->all = run->sets[0], run->sets[0] = NULL, run->nsets = 0;
    corpus_meta(run);
    nk_graph *graph = NULL;
    int rc = NK_OK;
    if (run->all)
        NK_CHECK(nk_graph_build(&graph, run->all, &run->gopt, run->sink));
    for (size_t i = 0; i < run->nouts; i++)
        if (!run->outs[i].stream)
            NK_CHECK(write_kept(run, &run->outs[i], graph));
cleanup:
    nk_graph_free(graph);
    return rc;
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
    /* the next one ends the process, removing the temporary outputs
     * (sigaction is async-signal-safe) */
    nk_file_cleanup_on_signals();
}

/* Ctrl-C once: stop reading, finish the articles under way, write them.
 * Twice: the default action (temporary files removed). */
static void catch_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = (int)SA_RESETHAND; /* no SA_RESTART: a blocked read returns */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The articles of the reader through the runner.  Returns a negative status
 * on a fatal error; bad records are counted. */
static int feed(extract_run *run, nk_corpus *corpus)
{
    const nk_article *a;
    int r;
    while (!interrupted && (r = nk_corpus_reader_next(run->reader, &a)) != 0) {
        size_t done, total;
        nk_corpus_reader_progress(run->reader, &done, &total);
        atomic_store(&run->bytes_done, done);
        atomic_store(&run->bytes_total, total);
        if (r < 0) {
            if (interrupted)
                break;
            if (r == NK_ERR_IO || !run->corpus)
                return r;
            continue;
        }
        if (already_done(run, a->id)) {
            run->resumed++;
            continue;
        }
        nk_article with = *a;
        if (!with.title)
            with.title = run->meta.title;
        if (!with.url)
            with.url = run->meta.url;
        if (!with.date)
            with.date = run->meta.date;
        if (run->meta.id)
            with.id = run->meta.id;
        NK_TRY(nk_corpus_add(corpus, &with));
    }
    return NK_OK;
}

/* ---- options ------------------------------------------------------------------------ */

typedef struct extract_args {
    const char *format, *out_path, *input, *previous;
    bool canonical, resume;
    int progress;          /* -1 auto, 0 never, 1 always */
    unsigned jobs;
    struct { const char *path, *format; } sides[MAX_OUTS - 1];
    size_t nsides;
    nk_cli_article art;
} extract_args;

enum {
    OPT_RDF = 256, OPT_JSONL, OPT_DOT, OPT_PNG, OPT_SVG, OPT_PDF, OPT_CANONICAL, OPT_BASE,
    OPT_LAYOUT, OPT_INPUT, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_RESUME, OPT_VERSION, OPT_PREVIOUS,
    OPT_HTML, OPT_BARE_CLAIMS
};

static int add_side(extract_args *a, int c, const char *path)
{
    if (a->nsides == sizeof a->sides / sizeof a->sides[0]) {
        fprintf(stderr, "newskg extract: error: too many extra outputs\n");
        return -1;
    }
    if (c == OPT_RDF && nk_rdf_format_from_path(path) < 0) {
        fprintf(stderr, "newskg extract: error: --rdf %s: name the file .ttl, .nt, .nq or .rdf\n",
                path);
        return -1;
    }
    a->sides[a->nsides].path = path;
    a->sides[a->nsides].format = c == OPT_RDF ? NULL : c == OPT_JSONL ? "jsonl"
                                 : c == OPT_DOT ? "dot" : c == OPT_PNG ? "png"
                                 : c == OPT_SVG ? "svg" : c == OPT_HTML ? "html" : "pdf";
    a->nsides++;
    return 0;
}

static int parse_jobs(const char *s, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 1 || v > 256) {
        fprintf(stderr, "newskg extract: error: -j wants a number of threads 1..256, not '%s'\n",
                s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* Parse argv into A and run->gopt/dopt.  Returns -1 to go on, else the exit
 * status. */
static int parse_args(int argc, char **argv, extract_args *a, extract_run *run)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"rdf", required_argument, NULL, OPT_RDF},
        {"jsonl", required_argument, NULL, OPT_JSONL},
        {"dot", required_argument, NULL, OPT_DOT},
        {"png", required_argument, NULL, OPT_PNG},
        {"svg", required_argument, NULL, OPT_SVG},
        {"pdf", required_argument, NULL, OPT_PDF},
        {"html", required_argument, NULL, OPT_HTML},
        {"bare-claims", no_argument, NULL, OPT_BARE_CLAIMS},
        {"canonical", no_argument, NULL, OPT_CANONICAL},
        {"date", required_argument, NULL, NK_OPT_DATE},
        {"title", required_argument, NULL, NK_OPT_TITLE},
        {"url", required_argument, NULL, NK_OPT_URL},
        {"id", required_argument, NULL, NK_OPT_ID},
        {"base", required_argument, NULL, OPT_BASE},
        {"ontology", required_argument, NULL, NK_OPT_ONTOLOGY},
        {"gazetteer", required_argument, NULL, NK_OPT_GAZETTEER},
        {"mode", required_argument, NULL, NK_OPT_MODE},
        {"wordnet", required_argument, NULL, NK_OPT_WORDNET},
        {"max-input-bytes", required_argument, NULL, NK_OPT_MAX_INPUT},
        {"lossy", no_argument, NULL, NK_OPT_LOSSY},
        {"words", required_argument, NULL, NK_OPT_WORDS},
        {"previous", required_argument, NULL, OPT_PREVIOUS},
        {"layout", required_argument, NULL, OPT_LAYOUT},
        {"input", required_argument, NULL, OPT_INPUT},
        {"jobs", required_argument, NULL, 'j'},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"resume", no_argument, NULL, OPT_RESUME},
        {"version", no_argument, NULL, OPT_VERSION},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': a->format = optarg; break;
        case 'o': a->out_path = optarg; break;
        case 'j':
            if (parse_jobs(optarg, &a->jobs) < 0)
                return NK_EXIT_ERROR;
            break;
        case OPT_RDF: case OPT_JSONL: case OPT_DOT: case OPT_PNG: case OPT_SVG: case OPT_PDF:
        case OPT_HTML:
            if (add_side(a, c, optarg) < 0)
                return NK_EXIT_ERROR;
            break;
        case OPT_CANONICAL: a->canonical = true; break;
        case OPT_BASE: run->gopt.base = optarg; break;
        case OPT_LAYOUT: run->dopt.layout = optarg; break;
        case OPT_BARE_CLAIMS: run->dopt.bare_claims = true; break;
        case OPT_INPUT: a->input = optarg; break;
        case OPT_PROGRESS: a->progress = 1; break;
        case OPT_NO_PROGRESS: a->progress = 0; break;
        case OPT_RESUME: a->resume = true; break;
        case OPT_PREVIOUS: a->previous = optarg; break;
        case OPT_VERSION: printf("newskg %s\n", NK_VERSION); return NK_EXIT_OK;
        default: {
            int status = nk_cli_other_option(&a->art, "extract", c, argv, extract_usage);
            if (status >= 0)
                return status;
            break;
        }
        }
    }
    return -1;
}

/* Choose the outputs: the main one (none when only side outputs were named
 * and neither -o nor -f) and the sides. */
static bool choose_outputs(const extract_args *a, extract_run *run)
{
    bool want_conllu = a->format && strcmp(a->format, "conllu") == 0;
    bool main_out = a->format || a->out_path || a->nsides == 0 || a->canonical;
    if (main_out) {
        extract_out *x = &run->outs[run->nouts++];
        x->conllu = want_conllu;
        if (want_conllu) {
            x->o.path = a->out_path && strcmp(a->out_path, "-") != 0 ? a->out_path : NULL;
            x->o.kind = NK_OUT_RDF;
            x->o.rdf = -1;
        } else if (!nk_output_choose(&x->o, "extract", a->format, a->out_path, a->canonical,
                                     NK_OUT_RDF)) {
            return false;
        }
    }
    for (size_t i = 0; i < a->nsides; i++)
        if (!nk_output_choose(&run->outs[run->nouts++].o, "extract", a->sides[i].format,
                              a->sides[i].path, false, NK_OUT_RDF))
            return false;
    int slot = 0;
    for (size_t i = 0; i < run->nouts; i++) {
        extract_out *x = &run->outs[i];
        x->stream = stream_kind(&x->o, x->conllu);
        x->slot = x->stream && x->o.kind != NK_OUT_JSONL ? slot++ : -1;
        if (!x->stream) {
            if (x->o.kind == NK_OUT_RDF)
                run->keep_sets = true;
            else
                run->keep_all = true;
        }
        run->want_text |= x->o.kind == NK_OUT_HTML;
    }
    return true;
}

static int open_reader_kind(const extract_args *a, int argc, char **argv, extract_run *run);

/* The reader of the inputs, with --max-input-bytes and --lossy. */
static int open_reader(const extract_args *a, int argc, char **argv, extract_run *run)
{
    NK_TRY(open_reader_kind(a, argc, argv, run));
    nk_corpus_reader_limit(run->reader,
                           a->art.max_input ? a->art.max_input : NK_CLI_DEFAULT_MAX_INPUT,
                           a->art.lossy);
    return NK_OK;
}

static int open_reader_kind(const extract_args *a, int argc, char **argv, extract_run *run)
{
    size_t n = argc > optind ? (size_t)(argc - optind) : 0;
    const char *const stdin_only[] = {"-"};
    const char *const *paths = n ? (const char *const *)(argv + optind) : stdin_only;
    if (!a->input || strcmp(a->input, "text") == 0)
        return nk_corpus_reader_open_files(&run->reader, paths, n ? n : 1, run->sink);
    static const struct { const char *name; nk_corpus_input kind; } KINDS[] = {
        {"jsonl", NK_CORPUS_JSONL}, {"dir", NK_CORPUS_DIR}, {"list", NK_CORPUS_LIST}};
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++) {
        if (strcmp(a->input, KINDS[i].name) != 0)
            continue;
        if (n > 1) {
            fprintf(stderr, "newskg extract: error: --input %s reads one source, not %zu\n",
                    a->input, n);
            return NK_ERR_INVALID;
        }
        if (KINDS[i].kind == NK_CORPUS_DIR && n == 0) {
            fprintf(stderr, "newskg extract: error: --input dir needs a directory\n");
            return NK_ERR_INVALID;
        }
        return nk_corpus_reader_open(&run->reader, KINDS[i].kind, n ? paths[0] : "-",
                                     run->sink);
    }
    fprintf(stderr, "newskg extract: error: --input wants text, jsonl, dir or list, not '%s'\n",
            a->input);
    return NK_ERR_INVALID;
}

/* --resume needs a streaming -o FILE; its old content and ids are read. */
static int prepare_resume(const extract_args *a, extract_run *run)
{
    if (!a->resume)
        return NK_OK;
    extract_out *x = run->nouts ? &run->outs[0] : NULL;
    if (!x || !x->o.path || !x->stream || x->conllu) {
        fprintf(stderr, "newskg extract: error: --resume needs -o FILE in N-Quads, N-Triples "
                        "or JSONL\n");
        return NK_ERR_INVALID;
    }
    return resume_from(run, x);
}

static void run_free(extract_run *run)
{
    for (size_t i = 0; i < run->nsets; i++)
        nk_factset_free(run->sets[i]);
    free(run->sets);
    nk_factset_free(run->all);
    for (size_t i = 0; i < run->ndone; i++)
        free(run->done_ids[i]);
    free(run->done_ids);
    nk_buf_free(&run->jsonl);
    nk_buf_free(&run->prev_iri);
    free(run->text);
    free(run->text_name);
    nk_corpus_reader_free(run->reader);
}

static void summary(const extract_run *run, double secs)
{
    size_t skipped = nk_corpus_reader_skipped(run->reader) + run->failed;
    fprintf(stderr, "newskg extract: %zu articles, %zu words in %.1f s (%.0f words/s)",
            run->articles, run->words, secs, secs > 0 ? (double)run->words / secs : 0.0);
    if (run->resumed)
        fprintf(stderr, "; %zu already in the output", run->resumed);
    if (skipped)
        fprintf(stderr, "; %zu skipped (bad records, see above)", skipped);
    if (interrupted && run->articles)
        fprintf(stderr, "; interrupted: the output holds whole articles only");
    else if (interrupted)
        fprintf(stderr, "; interrupted before any article: no output written");
    fputc('\n', stderr);
}

int cmd_extract(int argc, char **argv)
{
    extract_args a;
    memset(&a, 0, sizeof a);
    a.progress = -1;
    extract_run run;
    memset(&run, 0, sizeof run);
    run.gopt = (nk_graph_options)NK_GRAPH_OPTIONS_INIT;
    run.dopt = (nk_dot_options)NK_DOT_OPTIONS_INIT;
    int status = parse_args(argc, argv, &a, &run);
    if (status >= 0)
        return status;
    size_t ninputs = argc > optind ? (size_t)(argc - optind) : 1;
    run.meta = (nk_doc_meta){a.art.id, a.art.title, a.art.url, a.art.date};
    run.corpus = a.input != NULL;
    if (run.corpus && (run.meta.id || a.previous)) {
        fprintf(stderr, "newskg extract: error: --id and --previous name one article's "
                        "versions: not with --input\n");
        return NK_EXIT_ERROR;
    }
    run.previous = a.previous;
    run.versions = a.previous || (ninputs > 1 && run.meta.id);
    if (!choose_outputs(&a, &run))
        return NK_EXIT_ERROR;

    nk_diag_sink sink = nk_cli_sink();      /* this thread's: options, reader, outputs */
    nk_diag_sink run_sink = nk_cli_sink();  /* the articles' and the streams' writes */
    run.sink = &run_sink;
    nk_resources_options ro = nk_cli_article_resources(&a.art);
    nk_resources *res = NULL;
    nk_corpus *corpus = NULL;
    int rc = NK_OK;
    double start = now();
    run.start = start;
    catch_sigint(); /* from here on, Ctrl-C ends cleanly */
    NK_CHECK(open_reader(&a, argc, argv, &run));
    for (size_t i = 0; i < run.nouts; i++)
        if (run.outs[i].stream)
            NK_CHECK(open_stream(&run.outs[i], &sink));
    NK_CHECK(prepare_resume(&a, &run));
    NK_CHECK(nk_resources_load(&res, &ro, &sink));
    nk_corpus_options co = NK_CORPUS_OPTIONS_INIT;
    co.threads = a.jobs;
    if (!a.input && ninputs < (a.jobs ? a.jobs : nk_cpu_count()))
        co.threads = (unsigned)ninputs;
    co.keep_doc = run.nouts && run.outs[0].conllu;
    co.render = run.versions ? NULL : render_article; /* versions: at delivery */
    co.worker_new = worker_new;
    co.worker_free = worker_free;
    co.render_ctx = &run;
    co.nrender = NK_CORPUS_MAX_RENDER;
    run.progress = a.progress == 1 || (a.progress < 0 && isatty(STDERR_FILENO));
    NK_CHECK(nk_corpus_new(&corpus, res, &co, on_article, &run, &run_sink));
    if (run.progress)
        draw_progress(&run, false); /* the resources are loaded: 0 articles so far */
    rc = feed(&run, corpus);
    int frc = nk_corpus_finish(corpus);
    if (rc >= 0)
        rc = frc;
    if (rc < 0)
        goto cleanup;
    if (interrupted && run.articles == 0) {
        /* stopped before any article was done (e.g. while loading): the
         * existing outputs stay as they were, the temporary ones go */
        if (run.progress)
            fputc('\n', stderr); /* ends the progress line; the summary follows */
        else if (!run.corpus)
            fprintf(stderr, "newskg extract: interrupted before any article: no output written\n");
        goto cleanup;
    }
    if (run.progress)
        draw_progress(&run, true);
    NK_CHECK(write_all_kept(&run));
    for (size_t i = 0; i < run.nouts; i++)
        NK_CHECK(close_stream(&run.outs[i], true, &sink));
cleanup:
    nk_corpus_free(corpus);
    for (size_t i = 0; i < run.nouts; i++)
        close_stream(&run.outs[i], false, &sink); /* after an error: removed */
    bool skipped = run.reader && (nk_corpus_reader_skipped(run.reader) + run.failed) > 0;
    if (run.reader && (run.corpus || run.progress) && rc >= 0)
        summary(&run, now() - start);
    run_free(&run);
    nk_resources_free(res);
    nk_dot_shutdown();
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (rc < 0 && sink.errors + run_sink.errors == 0)
        fprintf(stderr, "newskg extract: error: %s\n", nk_strerror(rc));
    if (rc < 0 || skipped)
        return NK_EXIT_ERROR;
    return interrupted ? 130 : NK_EXIT_OK;
}
