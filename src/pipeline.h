/* pipeline.h: the NLP core in one call (tokenize -> tag -> parse).
 *
 * Loads the tagger and parser models once; the loaded pipeline is read-only
 * and may be shared by threads, each analysing its own documents.
 * Ownership: nk_pipeline_load gives a pipeline freed with nk_pipeline_free;
 * everything the analysis adds to a document lives in the document's arena
 * or (tag and relation names) in the models.
 */
#ifndef NK_PIPELINE_H
#define NK_PIPELINE_H

#include "document.h"
#include "parser.h"
#include "tagger.h"
#include "util.h"

typedef struct nk_pipeline nk_pipeline;

/* Load the default models (nk_data_find "models/tagger.bin" and
 * "models/parser.bin").  Errors are reported to SINK; *out is then NULL. */
int nk_pipeline_load(nk_pipeline **out, nk_diag_sink *sink);

/* Load the models from the given paths (NULL: the default model). */
int nk_pipeline_load_models(nk_pipeline **out, const char *tagger_path,
                            const char *parser_path, nk_diag_sink *sink);

/* Modes of the NLP core. */
typedef enum nk_nlp_mode {
    NK_NLP_DEFAULT = 0, /* the default: NK_NLP_FAST */
    NK_NLP_FAST = 1,    /* the tagger's first pass, the greedy parser
                           (models/parser.bin) */
    NK_NLP_BEST = 2     /* both tagger passes, a beam search with the
                           globally trained parser (models/parser-beam.bin),
                           which chooses between the tagger's two best tags
                           where they are close when the model was trained
                           to (nk_parser_joint_margin); pruned with
                           NK_NLP_BEST_MARGIN */
} nk_nlp_mode;

#define NK_NLP_DEFAULT_MODE NK_NLP_FAST

/* Best mode's beam pruning (nk_parser_parse_pruned): hypotheses more than
 * this below the best one are dropped (score units of the shipped beam
 * model; chosen on EWT dev and the GUM news dev documents, where it loses
 * no LAS against the unpruned beam). */
#define NK_NLP_BEST_MARGIN 320.0

/* Parse a mode name ("fast", "best"); -1 when unknown. */
int nk_nlp_mode_parse(const char *name);

/* Load the models of MODE.  TAGGER_PATH and PARSER_PATH (NULL: the
 * installed models of the mode) override the files; BEAM > 0 sets the beam
 * width (1: greedy decoding), 0 takes the mode's (best: the width the beam
 * model was trained for). */
int nk_pipeline_load_mode(nk_pipeline **out, nk_nlp_mode mode,
                          const char *tagger_path, const char *parser_path,
                          unsigned beam, nk_diag_sink *sink);

/* Set the pruning margin of the beam search (nk_parser_parse_pruned; 0:
 * none) before the pipeline is used or shared.  Best mode starts with
 * NK_NLP_BEST_MARGIN, fast mode with 0. */
void nk_pipeline_set_margin(nk_pipeline *pl, double margin);

void nk_pipeline_free(nk_pipeline *pl);

/* Tokenize DOC's text, then tag and parse every sentence.  Fails only when
 * the tokenizer does (invalid UTF-8: NK_ERR_PARSE). */
int nk_pipeline_analyse(const nk_pipeline *pl, nk_doc *doc, nk_diag_sink *sink);

/* Tag and parse the sentences DOC already has (e.g. read from CoNLL-U),
 * replacing any annotation they carry. */
void nk_pipeline_analyse_tokens(const nk_pipeline *pl, nk_doc *doc);

/* Parse the sentences DOC already has with the tags and lemmas they carry
 * (e.g. gold ones read from CoNLL-U), replacing any heads and relations. */
void nk_pipeline_parse_tokens(const nk_pipeline *pl, nk_doc *doc);

/* The models (owned by the pipeline). */
const nk_tagger *nk_pipeline_tagger(const nk_pipeline *pl);
const nk_parser *nk_pipeline_parser(const nk_pipeline *pl);

#endif
