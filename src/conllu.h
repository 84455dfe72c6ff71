/* conllu.h: CoNLL-U reading, writing and scoring.
 *
 * The reader keeps syntactic words (integer ids); multiword-token range
 * lines and empty nodes are skipped.  "# text" and "# sent_id" comments and
 * the MISC keys SpaceAfter=No and TokenRange=B:E are understood.
 * The scorer counts as the CoNLL 2018 shared task's evaluation does: words
 * are aligned by their character spans over the text with whitespace
 * removed, and each metric is an F1 over aligned words; LAS compares the
 * universal part of the relation only.
 */
#ifndef NK_CONLLU_H
#define NK_CONLLU_H

#include "document.h"
#include "util.h"

/* Parse CoNLL-U TEXT into a new document (*out, caller frees with
 * nk_doc_free).  NAME is used in error messages (file:line:col).  On error
 * *out is NULL. */
int nk_conllu_read(nk_doc **out, const char *name, const char *text,
                   size_t len, nk_diag_sink *sink);

/* Read a CoNLL-U file ("-" = stdin). */
int nk_conllu_read_file(nk_doc **out, const char *path, nk_diag_sink *sink);

/* Append DOC as CoNLL-U to OUT: "# sent_id", "# text", and TokenRange in
 * MISC when offsets are known. */
void nk_conllu_write(const nk_doc *doc, nk_buf *out);

typedef struct nk_score {
    size_t gold, system, correct;
} nk_score;

typedef struct nk_conllu_eval {
    nk_score tokens;     /* word segmentation */
    nk_score sentences;
    nk_score upos, xpos, lemma, uas, las;
} nk_conllu_eval;

/* F1 in percent (0 when both counts are 0). */
double nk_score_f1(const nk_score *s);

/* Score SYSTEM against GOLD.  Fails with NK_ERR_INVALID (reported to the
 * sink) when the two do not spell the same text. */
int nk_conllu_evaluate(const nk_doc *gold, const nk_doc *system,
                       nk_conllu_eval *out, nk_diag_sink *sink);

#endif
