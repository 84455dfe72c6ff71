/* tagger.h: part-of-speech tagging and lemmatization.
 *
 * The third stage of the pipeline: for each token of a sentence the tagger
 * fills UPOS, XPOS (Penn Treebank), LEMMA and FEATS.  Tags are predicted
 * jointly (one class per XPOS+UPOS pair) by a greedy left-to-right averaged
 * perceptron over hashed lexical and context features, with a tag
 * dictionary restricting frequent words to the classes seen in training.
 * A second pass (a second perceptron, trained on first-pass classes from
 * jackknifed taggers) tags the sentence again seeing the first pass's
 * classes on both sides.
 * Lemmas come from a (form, class) -> lemma dictionary learned from the
 * treebank, then English spelling rules checked against the lemma vocabulary
 * and an irregular-verb table (lemmatizer.h), then learned suffix rules.
 * FEATS come from a (form, class) dictionary or the class's usual features.
 *
 * Ownership: an nk_tagger is created by nk_tagger_load or nk_tagger_train
 * and freed with nk_tagger_free.  It is read-only after creation, so one
 * model may be shared by any number of threads calling nk_tagger_tag.
 * Strings the tagger stores into tokens point into the model (tags, known
 * lemmas, feats) or into the caller's arena; they live as long as both.
 */
#ifndef NK_TAGGER_H
#define NK_TAGGER_H

#include <stddef.h>
#include <stdint.h>

#include "document.h"
#include "util.h"

typedef struct nk_tagger nk_tagger;

/* Load a model written by nk_tagger_save.  PATH NULL finds
 * "models/tagger.bin" with nk_data_find.  A missing file gives
 * NK_ERR_NOTFOUND or NK_ERR_IO; a truncated, corrupt or foreign file gives
 * NK_ERR_PARSE; all are reported to SINK.  On error *out is NULL. */
int nk_tagger_load(nk_tagger **out, const char *path, nk_diag_sink *sink);

/* Free a model (NULL is a no-op). */
void nk_tagger_free(nk_tagger *tagger);

/* Tag sentence S in place: sets upos, xpos, lemma and feats of every token
 * from its form (other fields untouched).  Strings point into the model or
 * into ARENA (which must not be NULL).  Thread-safe on a shared model. */
void nk_tagger_tag(const nk_tagger *tagger, nk_sentence *s, nk_arena *arena);

/* The same with only the first pass when PASSES is 1 (faster, a little
 * less accurate); 0 or 2: every pass the model has. */
void nk_tagger_tag_passes(const nk_tagger *tagger, nk_sentence *s,
                          nk_arena *arena, unsigned passes);

/* The tagger's second choice for a token, for a parser that decides
 * between the two (nk_parser_parse_joint). */
typedef struct nk_tag_alt {
    const char *xpos;   /* the second-best class (strings in the model), or */
    const char *upos;   /* NULL when the class was sure (see max_margin) */
    unsigned margin;    /* its score below the chosen class's (model units) */
    int gold;           /* training data only: 0 the chosen tag is the gold
                           one, 1 the alternative is, -1 neither (or unknown) */
} nk_tag_alt;

/* nk_tagger_tag_passes that also gives, in ALTS[0..ntokens), each token's
 * second-best class when its score is within MAX_MARGIN of the chosen
 * one's (never when the tag dictionary allows a single class). */
void nk_tagger_tag_alts(const nk_tagger *tagger, nk_sentence *s,
                        nk_arena *arena, unsigned passes, unsigned max_margin,
                        nk_tag_alt *alts);

/* Give TOK the class XPOS+UPOS (strings of the model or equal to them),
 * with the lemma and features the tagger gives the token in that class;
 * nothing changes when the model has no such class. */
void nk_tagger_retag(const nk_tagger *tagger, nk_token *tok, const char *xpos,
                     const char *upos, nk_arena *arena);

/* Passes of the model (1 or 2). */
unsigned nk_tagger_passes(const nk_tagger *tagger);

/* Tag every sentence of DOC (strings from doc->arena). */
void nk_tagger_tag_doc(const nk_tagger *tagger, nk_doc *doc);

#define NK_TAGGER_TRAIN_OPTIONS_VERSION 2

/* Training options; initialise with NK_TAGGER_TRAIN_OPTIONS_INIT. */
typedef struct nk_tagger_train_options {
    unsigned version;        /* NK_TAGGER_TRAIN_OPTIONS_VERSION */
    unsigned epochs;         /* passes over the data (default 10) */
    uint64_t seed;           /* shuffling seed: same seed, same model */
    double prune;            /* drop averaged weights with |w| below this */
    unsigned dict_min_count; /* tag dictionary: words seen this often */
    unsigned passes;         /* 1 (default): left to right; 2: a second pass
                                that sees the first pass's classes on both
                                sides (on EWT dev +0.1 UPOS for twice the
                                time and size) */
    unsigned folds;          /* pass 2 learns from pass-1 classes predicted
                                by this many taggers, each trained without
                                the sentences it tags */
    const char *wordnet_dir; /* WordNet's dict directory (data.noun, ...):
                                the parts of speech WordNet gives a word
                                become features, and the model keeps them
                                (NULL: /usr/share/wordnet; "": none) */
    /* Optional held-out documents: UPOS/XPOS accuracy after each epoch is
     * reported to the sink as notes (nothing else depends on them). */
    const nk_doc *const *dev_docs;
    size_t ndev;
} nk_tagger_train_options;

#define NK_TAGGER_TRAIN_OPTIONS_INIT                                           \
    { NK_TAGGER_TRAIN_OPTIONS_VERSION, 10, 1, 0.05, 20, 1, 4, NULL, NULL, 0 }

/* Train a model on the gold FORM/UPOS/XPOS/LEMMA/FEATS of TRAIN_DOCS.
 * OPTS NULL uses the defaults.  Deterministic: the same documents and
 * options give a byte-identical model.  Progress notes go to SINK.
 * Fails with NK_ERR_INVALID when the documents hold no tagged token. */
int nk_tagger_train(nk_tagger **out, const nk_doc *const *train_docs,
                    size_t ndocs, const nk_tagger_train_options *opts,
                    nk_diag_sink *sink);

/* Write the model to PATH atomically (binary, magic + version + checksum). */
int nk_tagger_save(const nk_tagger *tagger, const char *path,
                   nk_diag_sink *sink);

/* Lemma of FORM tagged XPOS+UPOS, as nk_tagger_tag would give it (for
 * callers that tag by other means, and for tests).  Returns a string in the
 * model, a static string or one allocated in ARENA. */
const char *nk_tagger_lemma(const nk_tagger *tagger, const char *form,
                            const char *xpos, const char *upos,
                            nk_arena *arena);

/* Sizes, for benchmarks and tests. */
typedef struct nk_tagger_stats {
    size_t nclasses;   /* XPOS+UPOS pairs */
    size_t nfeatures;  /* kept feature rows */
    size_t nweights;   /* kept (feature, class) weights */
    size_t bytes;      /* size of the serialised model */
} nk_tagger_stats;

void nk_tagger_get_stats(const nk_tagger *tagger, nk_tagger_stats *out);

#endif
