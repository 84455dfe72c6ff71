/* parser.h: the dependency parser (tagged sentence -> Universal Dependencies
 * tree).
 *
 * A greedy transition-based parser over the arc-hybrid system (SHIFT, LEFT,
 * RIGHT) with the artificial root at the end of the buffer, so every
 * sentence gets exactly one word attached to the root.  Two averaged
 * perceptrons share a hashed feature space: one picks the transition, the
 * other the relation label (full UD relations with subtypes, e.g.
 * nsubj:pass, obl:agent) of each arc when it is built.  Training uses the
 * dynamic oracle of Goldberg & Nivre (2013) with exploration.
 *
 * Non-projective trees: the output is always projective.  Training trees are
 * projectivised by lifting (Nivre & Nilsson 2005, without encoding the lift
 * in the label): the shortest non-projective arc is attached to its head's
 * head until the tree is projective.  English treebanks have few such arcs.
 *
 * Ownership: nk_parser_load/nk_parser_train give a parser the caller frees
 * with nk_parser_free.  A loaded parser is read-only: any number of threads
 * may call nk_parser_parse on it at once.  Relation names written into
 * tokens belong to the parser and live until nk_parser_free.
 */
#ifndef NK_PARSER_H
#define NK_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "tagger.h"
#include "util.h"

typedef struct nk_parser nk_parser;

/* Load a model (NULL path: nk_data_find("models/parser.bin")).  Truncated,
 * corrupt or foreign files are rejected with NK_ERR_PARSE (or
 * NK_ERR_NOTFOUND / NK_ERR_IO), reported to SINK; *out is then NULL. */
int nk_parser_load(nk_parser **out, const char *path, nk_diag_sink *sink);

void nk_parser_free(nk_parser *p);

/* Parse S in place: sets head (0 = root) and deprel of every token.  Uses
 * form, lemma, upos and xpos (any of them may be NULL).  Scratch memory
 * comes from ARENA.  Decodes with the beam width the model was trained for
 * (nk_parser_beam). */
void nk_parser_parse(const nk_parser *p, nk_sentence *s, nk_arena *arena);

#define NK_PARSER_MAX_BEAM 64

/* The same with beam width K (1: greedy; 0: the model's own width).  A
 * model trained greedily (dynamic oracle) is best decoded with K = 1, one
 * trained with a beam (global training) with the width it was trained for
 * or wider.  Beam memory is allocated and freed inside the call. */
void nk_parser_parse_beam(const nk_parser *p, nk_sentence *s, nk_arena *arena,
                          unsigned k);

/* The beam width the model was trained for (1: greedy). */
unsigned nk_parser_beam(const nk_parser *p);

/* Joint tagging and parsing (a beam model trained with joint_margin > 0):
 * the tagger's margin the model was trained with (give it to
 * nk_tagger_tag_alts), 0 for a model that parses given tags only. */
unsigned nk_parser_joint_margin(const nk_parser *p);

/* nk_parser_parse_beam where each word with an alternative in ALTS (as
 * nk_tagger_tag_alts gives them) has its tag decided by the beam when the
 * word is shifted, between the tagger's choice and the alternative: a
 * token whose alternative wins gets the alternative's xpos and upos (its
 * lemma and feats are the caller's to redo, nk_tagger_retag).  ALTS NULL,
 * K = 1 or a model that is not joint: nk_parser_parse_beam. */
void nk_parser_parse_joint(const nk_parser *p, nk_sentence *s, nk_arena *arena,
                           unsigned k, const nk_tag_alt *alts);

/* nk_parser_parse_joint with pruning: after each step the beam also drops
 * the hypotheses that score more than MARGIN (in the model's score units,
 * > 0) below the best one, so it holds K hypotheses only where the model
 * is unsure (0: no pruning, nk_parser_parse_joint). */
void nk_parser_parse_pruned(const nk_parser *p, nk_sentence *s, nk_arena *arena,
                            unsigned k, double margin, const nk_tag_alt *alts);

#define NK_PARSER_TRAIN_OPTIONS_VERSION 3

typedef struct nk_parser_train_options {
    unsigned version;     /* NK_PARSER_TRAIN_OPTIONS_VERSION */
    unsigned epochs;      /* passes over the training data */
    unsigned trans_bits;  /* log2 of hashed feature slots, transition model
                             (0: from the size of the training data) */
    unsigned label_bits;  /* the same for the label model */
    double explore;       /* from the 2nd epoch: probability of following a
                             wrong prediction (dynamic oracle exploration) */
    unsigned seed;        /* for shuffling and exploration */
    size_t max_rows;      /* prune: keep at most this many feature rows of
                             the transition model (0 = no limit) */
    size_t max_label_rows; /* the same for the label model */
    unsigned runs;        /* >1: train that many perceptrons (seeds seed,
                             seed+1, ...) for EPOCHS each and keep the mean
                             of their averaged weights (parameter mixing) */
    const nk_doc *dev;    /* optional: with one run, scored after every
                             epoch and the best epoch's model is kept */
    bool verbose;         /* progress notes to the sink */
    unsigned beam;        /* 1: greedy training with the dynamic oracle;
                             K > 1: global training of a beam of K with
                             max-violation updates (RUNS of them mixed) */
    /* Joint tagging (beam > 1 only): alts[i] are the tag alternatives of
     * the i-th sentence of DOCS (counted over all documents, complete
     * trees or not) with their gold field set, as nk_tagger_tag_alts gave
     * them with max margin joint_margin; dev_alts[i] those of dev's i-th
     * sentence.  NULL alts: tags as given. */
    unsigned joint_margin;
    const nk_tag_alt *const *alts;
    const nk_tag_alt *const *dev_alts;
} nk_parser_train_options;

#define NK_PARSER_TRAIN_OPTIONS_INIT                                           \
    {NK_PARSER_TRAIN_OPTIONS_VERSION, 12, 0, 0, 0.9, 1, 0, 0, 1, NULL, false, 1, 0, NULL, NULL}

/* Train a parser on the gold heads and relations of DOCS (their tags and
 * lemmas are the features: give predicted tags to train for predicted
 * tags).  Deterministic for the same input and options.  Sentences without
 * complete trees are skipped. */
int nk_parser_train(nk_parser **out, const nk_doc *const *docs, size_t ndocs,
                    const nk_parser_train_options *opts, nk_diag_sink *sink);

/* Write the model to PATH atomically. */
int nk_parser_save(const nk_parser *p, const char *path, nk_diag_sink *sink);

/* Bytes of model data held (for reports). */
size_t nk_parser_size(const nk_parser *p);

#endif
