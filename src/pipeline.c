/* pipeline.c: see pipeline.h. */
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "tokenize.h"

struct nk_pipeline {
    nk_tagger *tagger;
    nk_parser *parser;
    unsigned passes;    /* tagger passes */
    unsigned beam;      /* 0: the parser model's own width */
    double margin;      /* beam pruning (0: none) */
};

#define BEAM_MODEL "models/parser-beam.bin"

int nk_nlp_mode_parse(const char *name)
{
    if (strcmp(name, "fast") == 0)
        return NK_NLP_FAST;
    if (strcmp(name, "best") == 0)
        return NK_NLP_BEST;
    return -1;
}

int nk_pipeline_load_mode(nk_pipeline **out, nk_nlp_mode mode,
                          const char *tagger_path, const char *parser_path,
                          unsigned beam, nk_diag_sink *sink)
{
    *out = NULL;
    nk_pipeline *pl = nk_xcalloc(1, sizeof *pl);
    char *found = NULL;
    int rc;
    if (mode == NK_NLP_DEFAULT)
        mode = NK_NLP_DEFAULT_MODE;
    if (beam > NK_PARSER_MAX_BEAM || (mode != NK_NLP_FAST && mode != NK_NLP_BEST)) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, NK_NO_OFFSET,
                       beam > NK_PARSER_MAX_BEAM ? "beam width out of range (1-64)"
                                                 : "unknown NLP mode");
        rc = NK_ERR_INVALID;
        goto cleanup;
    }
    pl->beam = beam ? beam : mode == NK_NLP_FAST ? 1 : 0;
    pl->passes = mode == NK_NLP_FAST ? 1 : 0;
    if (!parser_path && mode == NK_NLP_BEST) {
        found = nk_data_find(BEAM_MODEL);
        if (!found) {
            nk_diag_report(sink, NK_ERROR, BEAM_MODEL, 0, 0, NK_NO_OFFSET,
                           "beam parser model not found (set NEWSKG_DATA)");
            rc = NK_ERR_NOTFOUND;
            goto cleanup;
        }
        parser_path = found;
    }
    NK_CHECK(nk_tagger_load(&pl->tagger, tagger_path, sink));
    NK_CHECK(nk_parser_load(&pl->parser, parser_path, sink));
    pl->margin = mode == NK_NLP_BEST ? NK_NLP_BEST_MARGIN : 0;
    free(found);
    *out = pl;
    return NK_OK;
cleanup:
    free(found);
    nk_pipeline_free(pl);
    return rc;
}

int nk_pipeline_load_models(nk_pipeline **out, const char *tagger_path,
                            const char *parser_path, nk_diag_sink *sink)
{
    return nk_pipeline_load_mode(out, NK_NLP_DEFAULT, tagger_path, parser_path, 0,
                                 sink);
}

int nk_pipeline_load(nk_pipeline **out, nk_diag_sink *sink)
{
    return nk_pipeline_load_models(out, NULL, NULL, sink);
}

void nk_pipeline_set_margin(nk_pipeline *pl, double margin)
{
    pl->margin = margin > 0 ? margin : 0;
}

void nk_pipeline_free(nk_pipeline *pl)
{
    if (!pl)
        return;
    nk_tagger_free(pl->tagger);
    nk_parser_free(pl->parser);
    free(pl);
}

/* The parser's scratch arena, dropped once it holds over a megabyte. */
static nk_arena *drop_when_large(nk_arena *scratch)
{
    if (nk_arena_size(scratch) <= ((size_t)1 << 20))
        return scratch;
    nk_arena_free(scratch);
    return nk_arena_new();
}

void nk_pipeline_analyse_tokens(const nk_pipeline *pl, nk_doc *doc)
{
    /* the parser's per-sentence scratch (its stack, buffer and feature
     * atoms: ~60 bytes per input byte) lives in an arena of its own that is
     * dropped as it grows, not in the document's */
    nk_arena *scratch = nk_arena_new();
    /* joint tagging: a beam model trained for it, decoded with a beam */
    unsigned joint = pl->beam == 1 ? 0 : nk_parser_joint_margin(pl->parser);
    for (size_t i = 0; i < doc->nsentences; i++) {
        nk_sentence *s = &doc->sentences[i];
        for (size_t k = 0; k < s->ntokens; k++) {
            nk_token *t = &s->tokens[k];
            t->lemma = t->upos = t->xpos = t->feats = t->deprel = NULL;
            t->head = -1;
        }
        if (joint && s->ntokens) {
            /* the beam decides the tags the tagger was unsure of */
            nk_tag_alt *alts = nk_arena_alloc(scratch, s->ntokens * sizeof *alts);
            nk_tagger_tag_alts(pl->tagger, s, doc->arena, pl->passes, joint, alts);
            nk_parser_parse_pruned(pl->parser, s, scratch, pl->beam, pl->margin, alts);
            for (size_t k = 0; k < s->ntokens; k++)
                if (alts[k].xpos && s->tokens[k].xpos == alts[k].xpos &&
                    s->tokens[k].upos == alts[k].upos)
                    nk_tagger_retag(pl->tagger, &s->tokens[k], alts[k].xpos,
                                    alts[k].upos, doc->arena);
        } else {
            nk_tagger_tag_passes(pl->tagger, s, doc->arena, pl->passes);
            nk_parser_parse_pruned(pl->parser, s, scratch, pl->beam, pl->margin, NULL);
        }
        scratch = drop_when_large(scratch);
    }
    nk_arena_free(scratch);
}

void nk_pipeline_parse_tokens(const nk_pipeline *pl, nk_doc *doc)
{
    nk_arena *scratch = nk_arena_new();
    for (size_t i = 0; i < doc->nsentences; i++) {
        nk_sentence *s = &doc->sentences[i];
        for (size_t k = 0; k < s->ntokens; k++) {
            s->tokens[k].deprel = NULL;
            s->tokens[k].head = -1;
        }
        nk_parser_parse_pruned(pl->parser, s, scratch, pl->beam, pl->margin, NULL);
        scratch = drop_when_large(scratch);
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
