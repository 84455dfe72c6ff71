/* document.h: a document and its analysis (sentences, tokens, tags, tree).
 *
 * The first stage of the pipeline: bytes in, an nk_doc out.  Later stages
 * fill it in place: tokenize.c adds sentences and tokens, tagger.c the tags
 * and lemmas, parser.c the dependency tree.  Everything a document holds
 * lives in its arena, except strings borrowed from long-lived models (tag
 * and relation names), which outlive every document.
 */
#ifndef NK_DOCUMENT_H
#define NK_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define NK_NO_OFFSET ((size_t)-1)

/* One syntactic word (a CoNLL-U word line). */
typedef struct nk_token {
    size_t begin;        /* byte span in nk_doc.text, or NK_NO_OFFSET */
    size_t end;
    const char *form;    /* as the tagger sees it (UD conventions) */
    const char *lemma;   /* NULL until tagged */
    const char *upos;
    const char *xpos;
    const char *feats;   /* "_" or NULL when none */
    int head;            /* 0 = root, 1..n = word index, -1 = not parsed */
    const char *deprel;  /* NULL until parsed */
    bool space_after;
} nk_token;

typedef struct nk_sentence {
    size_t begin;        /* byte span in nk_doc.text, or NK_NO_OFFSET */
    size_t end;
    const char *text;    /* the sentence text (for "# text") */
    const char *id;      /* sent_id, or NULL */
    nk_token *tokens;    /* tokens[i] is word i+1 */
    size_t ntokens;
    bool dateline;       /* a news dateline the tokenizer split off
                            ("KHARTOUM, June 4 -", "MILAN (Reuters) -"):
                            a place, a date and an agency's credit, which
                            state no fact and introduce no one to refer
                            back to */
} nk_sentence;

typedef struct nk_doc {
    nk_arena *arena;     /* owns the document and all it holds */
    const char *name;    /* file name, for diagnostics ("-" for stdin) */
    const char *text;    /* the input, NUL-terminated, or NULL */
    size_t len;
    const char *id;      /* document id: file name without directory and
                            extension, unless set by the caller */
    const char *title;   /* optional metadata */
    const char *url;
    const char *date;    /* "YYYY-MM-DD" */
    nk_sentence *sentences;  /* in the arena; grown by nk_doc_add_sentence */
    size_t nsentences;
    size_t cap;
} nk_doc;

/* A new document over a copy of TEXT[0..len) (NULL text: an empty document
 * to be filled by a reader, e.g. CoNLL-U).  NAME is used in diagnostics and
 * to derive the id.  Free with nk_doc_free. */
nk_doc *nk_doc_new(const char *name, const char *text, size_t len);
void nk_doc_free(nk_doc *doc);

/* Append an empty sentence with room for NTOKENS tokens (ntokens set to 0;
 * the caller fills tokens[0..] and sets ntokens).  The pointer stays valid
 * until the next call. */
nk_sentence *nk_doc_add_sentence(nk_doc *doc, size_t ntokens_cap);

/* A copy of S whose tokens live in ARENA, so that a tagger or parser can
 * annotate it while S (e.g. a gold sentence) stays as it was. */
nk_sentence nk_sentence_copy(const nk_sentence *s, nk_arena *arena);

#endif
