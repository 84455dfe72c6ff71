/* pipeline.c: see pipeline.h. */
#include "pipeline.h"

#include <stdlib.h>

#include "tokenize.h"

struct nk_pipeline {
    nk_tagger *tagger;
    nk_parser *parser;
};

int nk_pipeline_load_models(nk_pipeline **out, const char *tagger_path,
                            const char *parser_path, nk_diag_sink *sink)
{
    *out = NULL;
    nk_pipeline *pl = nk_xcalloc(1, sizeof *pl);
    int rc;
    NK_CHECK(nk_tagger_load(&pl->tagger, tagger_path, sink));
    NK_CHECK(nk_parser_load(&pl->parser, parser_path, sink));
    *out = pl;
    return NK_OK;
cleanup:
    nk_pipeline_free(pl);
    return rc;
}

int nk_pipeline_load(nk_pipeline **out, nk_diag_sink *sink)
{
    return nk_pipeline_load_models(out, NULL, NULL, sink);
}

void nk_pipeline_free(nk_pipeline *pl)
{
    if (!pl)
        return;
    nk_tagger_free(pl->tagger);
    nk_parser_free(pl->parser);
    free(pl);
}

void nk_pipeline_analyse_tokens(const nk_pipeline *pl, nk_doc *doc)
{
    /* the parser's per-sentence scratch (its stack, buffer and feature
     * atoms: ~60 bytes per input byte) lives in an arena of its own that is
     * dropped as it grows, not in the document's */
    nk_arena *scratch = nk_arena_new();
    for (size_t i = 0; i < doc->nsentences; i++) {
        nk_sentence *s = &doc->sentences[i];
        for (size_t k = 0; k < s->ntokens; k++) {
            nk_token *t = &s->tokens[k];
            t->lemma = t->upos = t->xpos = t->feats = t->deprel = NULL;
            t->head = -1;
        }
        nk_tagger_tag(pl->tagger, s, doc->arena);
        nk_parser_parse(pl->parser, s, scratch);
        if (nk_arena_size(scratch) > ((size_t)1 << 20)) {
            nk_arena_free(scratch);
            scratch = nk_arena_new();
        }
    }
    nk_arena_free(scratch);
}

int nk_pipeline_analyse(const nk_pipeline *pl, nk_doc *doc, nk_diag_sink *sink)
{
    NK_TRY(nk_tokenize(doc, sink));
    nk_pipeline_analyse_tokens(pl, doc);
    return NK_OK;
}

const nk_tagger *nk_pipeline_tagger(const nk_pipeline *pl)
{
    return pl->tagger;
}

const nk_parser *nk_pipeline_parser(const nk_pipeline *pl)
{
    return pl->parser;
}
