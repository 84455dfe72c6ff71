/* bench-corpus.c: where the time of corpus extraction goes, stage by stage
 * (a program, not a test; scripts/bench builds and runs it).
 *
 *   bench-corpus CORPUS.jsonl
 *
 * Reads the JSON Lines corpus with the corpus reader and runs every article
 * through the stages of nk_extract_text one at a time — tokenize, tag,
 * parse, entities + events — and then the two streaming writers — JSONL,
 * and graph + N-Quads — timing each with the thread's CPU clock, so that
 * other processes on a shared machine do not count.  Prints one line per
 * stage: CPU seconds, words per CPU second and share of the total. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "facts_jsonl.h"
#include "graph.h"
#include "rdf.h"
#include "tokenize.h"

enum { S_TOKENIZE, S_TAG, S_PARSE, S_EVENTS, S_JSONL, S_NQUADS, S_COUNT };
static const char *const NAMES[S_COUNT] = {
    "tokenize", "tag", "parse", "entities+events", "JSONL writer", "graph+N-Quads writer"};

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    nk_diag_sink sink = {nk_diag_print, stderr, 0, 0};
    if (argc != 2) {
        fprintf(stderr, "usage: bench-corpus CORPUS.jsonl\n");
        return 2;
    }
    nk_resources *res = NULL;
    nk_corpus_reader *in = NULL;
    if (nk_resources_load(&res, NULL, &sink) < 0 ||
        nk_corpus_reader_open(&in, NK_CORPUS_JSONL, argv[1], &sink) < 0)
        return 2;
    const nk_tagger *tagger = nk_pipeline_tagger(res->pipeline);
    const nk_parser *parser = nk_pipeline_parser(res->pipeline);
    double t[S_COUNT] = {0};
    size_t words = 0, articles = 0, facts = 0;
    nk_buf out = {0};
    const nk_article *a;
    int r;
    while ((r = nk_corpus_reader_next(in, &a)) != 0) {
        if (r < 0)
            continue;
        double t0 = cpu();
        nk_doc *doc = nk_doc_new(a->source, a->text, a->len);
        doc->id = nk_arena_strdup(doc->arena, a->id);
        doc->title = nk_arena_strdup(doc->arena, a->title);
        doc->date = nk_arena_strdup(doc->arena, a->date);
        if (nk_tokenize(doc, &sink) < 0) {
            nk_doc_free(doc);
            continue;
        }
        double t1 = cpu();
        for (size_t i = 0; i < doc->nsentences; i++)
            nk_tagger_tag(tagger, &doc->sentences[i], doc->arena);
        double t2 = cpu();
        for (size_t i = 0; i < doc->nsentences; i++)
            nk_parser_parse(parser, &doc->sentences[i], doc->arena);
        double t3 = cpu();
        nk_factset *set = NULL;
        nk_extract_options eo = NK_EXTRACT_OPTIONS_INIT;
        eo.date = doc->date;
        if (nk_extract_events(doc, res->gazetteer, res->ontology, &eo, &set, &sink) < 0) {
            nk_doc_free(doc);
            continue;
        }
        double t4 = cpu();
        nk_buf_clear(&out);
        nk_facts_write_jsonl_from(set, facts, &out);
        double t5 = cpu();
        nk_graph *g = NULL;
        nk_buf_clear(&out);
        if (nk_graph_build(&g, set, NULL, &sink) == NK_OK)
            nk_rdf_write(g, NK_RDF_NQUADS, &out, &sink);
        nk_graph_free(g);
        double t6 = cpu();
        t[S_TOKENIZE] += t1 - t0;
        t[S_TAG] += t2 - t1;
        t[S_PARSE] += t3 - t2;
        t[S_EVENTS] += t4 - t3;
        t[S_JSONL] += t5 - t4;
        t[S_NQUADS] += t6 - t5;
        words += a->words;
        facts += set->count;
        articles++;
        nk_factset_free(set);
        nk_doc_free(doc);
    }
    double total = 0;
    for (int s = 0; s < S_COUNT; s++)
        total += t[s];
    printf("articles %zu, words %zu, facts %zu, CPU %.2f s\n", articles, words, facts, total);
    for (int s = 0; s < S_COUNT; s++)
        printf("stage %-22s %7.2f s %12.0f words/s %5.1f %%\n", NAMES[s], t[s],
               t[s] > 0 ? (double)words / t[s] : 0.0, total > 0 ? 100 * t[s] / total : 0.0);
    nk_buf_free(&out);
    nk_corpus_reader_free(in);
    nk_resources_free(res);
    return 0;
}
