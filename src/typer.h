/* typer.h: a learned typer for proper names that nothing else types.
 *
 * Entity extraction types a proper-name chain from the gazetteer, from the
 * text's own description ("car parts maker X", "X, a bank") or from a
 * title ("President X").  A name none of these decide ("Banca Alpina",
 * "Eastern Europe", "Lake Tanvor") is typed by this model: an averaged
 * perceptron over hashed features of the name and its sentence -- its
 * words, their shapes and endings, their WordNet noun classes, the
 * project's organisation words and demonyms, the words around the name,
 * its relation, its case marker and the word it depends on.
 *
 * It is trained by the project (newskg train --typer, scripts/train-typer)
 * on the named mentions of the GUM corpus's entity layer and shipped as
 * models/typer.bin.  Training is deterministic: the same data and options
 * give the same file, byte for byte.
 *
 * Ownership and threads: nk_typer_load / nk_typer_train give an nk_typer
 * the caller frees with nk_typer_free (NULL is a no-op).  A typer is
 * immutable once made: any number of threads may classify with it.
 */
#ifndef NK_TYPER_H
#define NK_TYPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "pipeline.h"
#include "tree.h"
#include "util.h"
#include "wordlists.h"
#include "wordnet.h"

/* What a name is.  Countries are the gazetteer's business: a place the
 * gazetteer lacks is a Location. */
typedef enum nk_typer_class {
    NK_TYPER_OTHER = 0,     /* not an actor: an event, a work, a product */
    NK_TYPER_PERSON,
    NK_TYPER_ORGANIZATION,
    NK_TYPER_LOCATION,
    NK_TYPER_NCLASSES
} nk_typer_class;

/* "Other", "Person", "Organization", "Location"; NULL out of range. */
const char *nk_typer_class_name(nk_typer_class c);

typedef struct nk_typer nk_typer;

/* The lexical resources the features read (each may be NULL: its features
 * are then absent).  Borrowed. */
typedef struct nk_typer_context {
    const nk_wordnet *wordnet;
    const nk_gazetteer *gazetteer;
    const nk_wordlists *words;
} nk_typer_context;

/* A name in a parsed sentence: tokens [first, last] of TREE (titles and
 * country modifiers already stripped) and HEAD, the token whose relation
 * and governor tell the phrase's role (it may lie outside [first, last]);
 * NK_NONE_TOKEN: a name alone, typed by its own words only. */
typedef struct nk_typer_name {
    const nk_tree *tree;
    size_t first, last, head;
} nk_typer_name;

/* Load a model from PATH (NULL: models/typer.bin through nk_data_find).
 * A missing file gives NK_ERR_NOTFOUND, a malformed one NK_ERR_PARSE, both
 * reported to SINK naming the file; *out is then NULL. */
int nk_typer_load(nk_typer **out, const char *path, nk_diag_sink *sink);

/* Write T to PATH atomically.  The bytes depend only on the weights. */
int nk_typer_save(const nk_typer *t, const char *path, nk_diag_sink *sink);

void nk_typer_free(nk_typer *t);

/* The class of NAME, and in *MARGIN (when not NULL) the difference between
 * the best and the second-best score (higher: surer). */
nk_typer_class nk_typer_classify(const nk_typer *t, const nk_typer_context *ctx,
                                 const nk_typer_name *name, double *margin);

/* True when the model is sure enough of its answer to replace the word
 * rules: MARGIN (from nk_typer_classify) is at least the threshold chosen
 * on development data (nk_typer_set_threshold; 0 when never set). */
bool nk_typer_confident(const nk_typer *t, double margin);
double nk_typer_threshold(const nk_typer *t);
/* Set the threshold (the trainer does, before saving). */
void nk_typer_set_threshold(nk_typer *t, double threshold);

/* Feature buckets with a non-zero weight (for tests and the README). */
size_t nk_typer_feature_count(const nk_typer *t);

/* ---- training ---------------------------------------------------------- */

/* One training or evaluation example: a name, its gold class, and where it
 * is (DOC: index of the file in its corpus, SENT: sentence in that file). */
typedef struct nk_typer_example {
    nk_typer_name name;
    nk_typer_class gold;
    size_t doc, sent;
    bool first; /* the first named mention of its entity in the file: what
                   reaches the typer in extraction, where later mentions
                   are found by coreference */
} nk_typer_example;

typedef struct nk_typer_train_options {
    unsigned version;       /* NK_TYPER_TRAIN_OPTIONS_VERSION */
    unsigned epochs;        /* passes over the data; with dev examples the
                               best epoch on them is kept (0: default 10) */
    uint64_t seed;          /* order of the examples in each pass */
    nk_diag_sink *progress; /* a note after each epoch, or NULL */
} nk_typer_train_options;

#define NK_TYPER_TRAIN_OPTIONS_VERSION 1
#define NK_TYPER_TRAIN_OPTIONS_INIT {NK_TYPER_TRAIN_OPTIONS_VERSION, 0, 20260101u, NULL}

/* Train on the first mentions among TRAIN[0..ntrain); keep the epoch most
 * accurate on the first mentions among DEV[0..ndev) (none: the last
 * epoch).  Deterministic. */
int nk_typer_train(nk_typer **out, const nk_typer_context *ctx,
                   const nk_typer_example *train, size_t ntrain,
                   const nk_typer_example *dev, size_t ndev,
                   const nk_typer_train_options *opts);

/* ---- GUM's entity layer --------------------------------------------------
 * A corpus of CoNLL-U files whose MISC column carries GUM's Entity
 * annotation ("Entity=(3-person-new-...", "3)").  Each mention whose
 * syntactic head is a PROPN gives one example: the run of PROPN tokens
 * around that head, typed person -> Person, organization -> Organization,
 * place -> Location, anything else -> Other.  Trees are the gold ones
 * unless the corpus re-parses (nk_typer_corpus_reparse). */
typedef struct nk_typer_corpus nk_typer_corpus;

nk_typer_corpus *nk_typer_corpus_new(void);
void nk_typer_corpus_free(nk_typer_corpus *c);
/* Add the file PATH (its index is the number of files added before).
 * Malformed input: NK_ERR_PARSE reported as file:line:col. */
int nk_typer_corpus_add(nk_typer_corpus *c, const char *path, nk_diag_sink *sink);
/* Files added from now on are re-tagged and re-parsed by PIPELINE
 * (borrowed; NULL: keep the files' gold trees), as extraction would see
 * them: the mentions stay GUM's, their heads and PROPN runs are the
 * predicted ones (a mention whose predicted head is no PROPN gives no
 * example). */
void nk_typer_corpus_reparse(nk_typer_corpus *c, const nk_pipeline *pipeline);
/* Add the names of the gazetteer TSV file PATH (columns alias, canonical,
 * type, kind; see gazetteer.h) as examples without context (head
 * NK_NONE_TOKEN): names, organisations, cities, capitals and seats typed
 * Person, Organization, Country or Location (a country is a Location).
 * They teach the model the words of names ("... Therapeutics", "North
 * ...", first names) that GUM's few thousand names lack. */
int nk_typer_corpus_add_names(nk_typer_corpus *c, const char *path, nk_diag_sink *sink);
/* The examples in file and sentence order; valid until the next add. */
const nk_typer_example *nk_typer_corpus_examples(const nk_typer_corpus *c, size_t *n);
/* The files added, and the trees of file DOC's sentences. */
size_t nk_typer_corpus_files(const nk_typer_corpus *c);
size_t nk_typer_corpus_sentences(const nk_typer_corpus *c, size_t doc);
const nk_tree *nk_typer_corpus_tree(const nk_typer_corpus *c, size_t doc, size_t sent);

#endif
