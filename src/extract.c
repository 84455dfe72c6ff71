/* extract.c: see extract.h. */
#include "extract.h"

#include "graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tokenize.h"

int nk_resources_load(nk_resources **out, const nk_resources_options *opts,
                      nk_diag_sink *sink)
{
    nk_resources_options defaults = NK_RESOURCES_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    nk_resources *res = nk_xcalloc(1, sizeof *res);
    int rc = NK_OK;
    NK_CHECK(nk_pipeline_load_models(&res->pipeline, opts->tagger_path, opts->parser_path, sink));
    NK_CHECK(nk_gazetteer_load(&res->gazetteer, opts->gazetteer_files, opts->ngazetteer_files,
                               sink));
    NK_CHECK(nk_ontology_load(&res->ontology, opts->ontology_files, opts->nontology_files, sink));
    NK_CHECK(nk_wordnet_load(&res->wordnet, opts->wordnet_dir, sink));
    nk_ontology_use_wordnet(res->ontology, res->wordnet);
    NK_CHECK(nk_wordlists_load(&res->words, opts->version >= 3 ? opts->word_files : NULL,
                               opts->version >= 3 ? opts->nword_files : 0, sink));
    NK_CHECK(nk_typer_load(&res->typer, opts->version >= 4 ? opts->typer_path : NULL, sink));
    *out = res;
    return NK_OK;
cleanup:
    nk_resources_free(res);
    return rc;
}

void nk_resources_free(nk_resources *res)
{
    if (!res)
        return;
    nk_pipeline_free(res->pipeline);
    nk_gazetteer_free(res->gazetteer);
    nk_ontology_free(res->ontology);
    nk_wordnet_free(res->wordnet);
    nk_wordlists_free(res->words);
    nk_typer_free(res->typer);
    free(res);
}

bool nk_date_valid(const char *date)
{
    static const unsigned MDAYS[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
            return false;
    unsigned m = (unsigned)((date[5] - '0') * 10 + (date[6] - '0'));
    unsigned d = (unsigned)((date[8] - '0') * 10 + (date[9] - '0'));
    return m >= 1 && m <= 12 && d >= 1 && d <= MDAYS[m - 1];
}

/* Where the window of a long text that starts at BEGIN ends: after the
 * first line break at least NK_EXTRACT_WINDOW bytes on, so windows are
 * whole paragraphs; inside a line longer than that, after a sentence end
 * (". " and the like) near the limit, else after a space, else at a
 * character boundary. */
static size_t window_end(const char *text, size_t len, size_t begin)
{
    const size_t want = NK_EXTRACT_WINDOW;
    if (len - begin <= want + want / 2)
        return len;
    size_t at = begin + want, limit = begin + 2 * want;
    if (limit > len)
        limit = len;
    for (size_t i = at; i < limit; i++)
        if (text[i] == '\n' || text[i] == '\r')
            return i + 1;
    size_t space = 0;
    for (size_t i = limit - 1; i > begin + want / 2; i--) {
        if (text[i] != ' ' && text[i] != '\t')
            continue;
        char p = text[i - 1];
        if (p == '.' || p == '!' || p == '?' || p == '"')
            return i + 1;
        if (!space)
            space = i + 1;
    }
    if (space)
        return space;
    while (limit > begin + 1 && ((unsigned char)text[limit] & 0xC0) == 0x80)
        limit--;
    return limit;
}

/* Where each sentence of the text begins, kept while its tokens are not. */
typedef struct sentence_starts {
    size_t *at;
    size_t n, cap;
} sentence_starts;

static void add_begin(sentence_starts *b, size_t at)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->at = nk_xrealloc(b->at, b->cap * sizeof *b->at);
    }
    b->at[b->n++] = at;
}

/* The version is the text: its label is a hash of the bytes; a mention is
 * keyed by its sentence (graph.h), so each fact gets its sentence's start. */
static void label_facts(nk_factset *set, const char *text, size_t len,
                        const sentence_starts *b)
{
    char label[20];
    nk_graph_text_label(label, text, len);
    set->version = nk_factset_str(set, label);
    for (size_t i = 0; i < set->count; i++) {
        nk_fact *f = &set->facts[i];
        if (f->sentence >= 1 && f->sentence <= b->n && b->at[f->sentence - 1] != NK_NO_OFFSET)
            f->sentence_begin = b->at[f->sentence - 1];
    }
}

int nk_extract_text(const nk_resources *res, const char *name, const char *text,
                    size_t len, const nk_doc_meta *meta, nk_factset **facts,
                    nk_doc **doc_out, nk_diag_sink *sink)
{
    sentence_starts begins = {NULL, 0, 0};
    *facts = NULL;
    if (doc_out)
        *doc_out = NULL;
    /* the whole text and the metadata; its sentences only when DOC_OUT
     * asks for them, else one window at a time */
    nk_doc *doc = nk_doc_new(name, text, len);
    nk_events *ev = NULL;
    int rc = NK_OK;
    if (meta) {
        if (meta->id)
            doc->id = nk_arena_strdup(doc->arena, meta->id);
        doc->title = nk_arena_strdup(doc->arena, meta->title);
        doc->url = nk_arena_strdup(doc->arena, meta->url);
        doc->date = nk_arena_strdup(doc->arena, meta->date);
    }
    nk_extract_options eo = NK_EXTRACT_OPTIONS_INIT;
    eo.date = doc->date;
    eo.wordnet = res->wordnet;
    eo.words = res->words;
    eo.typer = res->typer;
    if (doc_out) {
        NK_CHECK(nk_pipeline_analyse(res->pipeline, doc, sink));
        NK_CHECK(nk_extract_events(doc, res->gazetteer, res->ontology, &eo, facts, sink));
        for (size_t i = 0; i < doc->nsentences; i++)
            add_begin(&begins, doc->sentences[i].begin);
        label_facts(*facts, text, len, &begins);
        *doc_out = doc;
        doc = NULL;
        goto cleanup;
    }
    NK_CHECK(nk_tokenize_check(doc->name, doc->text, doc->len, sink));
    ev = nk_events_new(doc, res->gazetteer, res->ontology, &eo);
    unsigned lines = 0;
    for (size_t b = 0; b < len;) {
        size_t e = window_end(doc->text, len, b);
        nk_doc *win = nk_doc_new(name, NULL, 0);
        win->text = doc->text; /* borrowed: offsets stay the whole text's */
        win->len = len;
        win->id = doc->id;
        lines = nk_tokenize_range(win, b, e, lines);
        nk_pipeline_analyse_tokens(res->pipeline, win);
        nk_events_feed(ev, win, begins.n);
        for (size_t i = 0; i < win->nsentences; i++)
            add_begin(&begins, win->sentences[i].begin);
        nk_doc_free(win);
        b = e;
    }
    *facts = nk_events_finish(ev);
    ev = NULL;
    label_facts(*facts, text, len, &begins);
cleanup:
    free(begins.at);
    nk_events_free(ev);
    nk_doc_free(doc);
    return rc;
}
