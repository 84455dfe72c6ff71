/* extract.h: the whole pipeline in one call, text in, facts out.
 *
 * nk_resources holds what is loaded once and shared read-only by threads:
 * the tagger, parser and name-typer models, the gazetteer, the ontology with its
 * lexicon, and WordNet's noun and verb classes (wordnet.h).  nk_extract_text runs tokenize -> tag -> parse -> entities ->
 * events over one document.
 */
#ifndef NK_EXTRACT_H
#define NK_EXTRACT_H

#include "document.h"
#include "events.h"
#include "facts.h"
#include "gazetteer.h"
#include "ontology.h"
#include "pipeline.h"
#include "typer.h"
#include "util.h"
#include "wordlists.h"
#include "wordnet.h"

typedef struct nk_resources_options {
    unsigned version;                 /* NK_RESOURCES_OPTIONS_VERSION */
    const char *const *ontology_files; /* extra Turtle files (--ontology) */
    size_t nontology_files;
    const char *const *gazetteer_files; /* extra gazetteer TSV files */
    size_t ngazetteer_files;
    const char *tagger_path;          /* NULL: the installed model */
    const char *parser_path;
    const char *wordnet_dir;          /* NULL: $NEWSKG_WORDNET, else
                                         /usr/share/wordnet (--wordnet) */
    const char *const *word_files;    /* extra word-list files (--words) */
    size_t nword_files;
    const char *typer_path;           /* NULL: the installed name typer
                                         (version >= 4) */
} nk_resources_options;

#define NK_RESOURCES_OPTIONS_VERSION 4
#define NK_RESOURCES_OPTIONS_INIT {NK_RESOURCES_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL}

typedef struct nk_resources {
    nk_pipeline *pipeline;
    nk_gazetteer *gazetteer;
    nk_ontology *ontology;
    nk_wordnet *wordnet;
    nk_wordlists *words;              /* the extraction rules' word lists */
    nk_typer *typer;                  /* types names no rule decides */
} nk_resources;

/* Load everything; on error *out is NULL and the sink says what failed. */
int nk_resources_load(nk_resources **out, const nk_resources_options *opts,
                      nk_diag_sink *sink);
void nk_resources_free(nk_resources *res);

/* Document metadata given on the command line or in corpus input. */
typedef struct nk_doc_meta {
    const char *id;     /* NULL: from the file name */
    const char *title;
    const char *url;
    const char *date;   /* "YYYY-MM-DD" */
} nk_doc_meta;

/* Analyse TEXT (NAME for diagnostics and the default id) and extract its
 * facts into *facts (caller frees).  A long text is analysed in windows of
 * about NK_EXTRACT_WINDOW bytes (whole paragraphs; a longer line is cut
 * after a sentence end or a space), so memory holds the text, one
 * window's tokens and trees, and the facts, however long the text; the
 * NLP costs the same per byte in every window.  When DOC_OUT is not NULL
 * the whole analysed document is kept and handed over (caller frees with
 * nk_doc_free): then its tokens are all in memory at once. */
int nk_extract_text(const nk_resources *res, const char *name, const char *text,
                    size_t len, const nk_doc_meta *meta, nk_factset **facts,
                    nk_doc **doc_out, nk_diag_sink *sink);
#define NK_EXTRACT_WINDOW ((size_t)256 * 1024)

/* Check a date is YYYY-MM-DD with a valid month and day. */
bool nk_date_valid(const char *date);

#endif
