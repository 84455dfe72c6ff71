/* extract.c: see extract.h. */
#include "extract.h"

#include "graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int nk_extract_text(const nk_resources *res, const char *name, const char *text,
                    size_t len, const nk_doc_meta *meta, nk_factset **facts,
                    nk_doc **doc_out, nk_diag_sink *sink)
{
    *facts = NULL;
    if (doc_out)
        *doc_out = NULL;
    nk_doc *doc = nk_doc_new(name, text, len);
    int rc = NK_OK;
    if (meta) {
        if (meta->id)
            doc->id = nk_arena_strdup(doc->arena, meta->id);
        doc->title = nk_arena_strdup(doc->arena, meta->title);
        doc->url = nk_arena_strdup(doc->arena, meta->url);
        doc->date = nk_arena_strdup(doc->arena, meta->date);
    }
    NK_CHECK(nk_pipeline_analyse(res->pipeline, doc, sink));
    nk_extract_options eo = NK_EXTRACT_OPTIONS_INIT;
    eo.date = doc->date;
    eo.wordnet = res->wordnet;
    eo.words = res->words;
    NK_CHECK(nk_extract_events(doc, res->gazetteer, res->ontology, &eo, facts, sink));
    {
        /* the version is the text: its label is a hash of the bytes; a
         * mention is keyed by its sentence (graph.h) */
        nk_factset *set = *facts;
        char label[20];
        nk_graph_text_label(label, text, len);
        set->version = nk_factset_str(set, label);
        for (size_t i = 0; i < set->count; i++) {
            nk_fact *f = &set->facts[i];
            if (f->sentence >= 1 && f->sentence <= doc->nsentences &&
                doc->sentences[f->sentence - 1].begin != NK_NO_OFFSET)
                f->sentence_begin = doc->sentences[f->sentence - 1].begin;
        }
    }
    if (doc_out) {
        *doc_out = doc;
        doc = NULL;
    }
cleanup:
    nk_doc_free(doc);
    return rc;
}
