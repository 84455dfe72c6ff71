/* document.c: see document.h. */
#include "document.h"

#include <string.h>

nk_doc *nk_doc_new(const char *name, const char *text, size_t len)
{
    nk_arena *arena = nk_arena_new();
    nk_doc *doc = nk_arena_alloc(arena, sizeof *doc);
    doc->arena = arena;
    doc->name = nk_arena_strdup(arena, name ? name : "-");
    if (text) {
        doc->text = nk_arena_strndup(arena, text, len);
        doc->len = len;
    }
    /* id: base name without the last extension */
    const char *base = strrchr(doc->name, '/');
    base = base ? base + 1 : doc->name;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    doc->id = (strcmp(base, "-") == 0) ? "stdin" : nk_arena_strndup(arena, base, n);
    return doc;
}

void nk_doc_free(nk_doc *doc)
{
    if (doc)
        nk_arena_free(doc->arena);
}

nk_sentence *nk_doc_add_sentence(nk_doc *doc, size_t ntokens_cap)
{
    if (doc->nsentences == doc->cap) {
        size_t cap = doc->cap ? doc->cap * 2 : 32;
        nk_sentence *s = nk_arena_alloc(doc->arena, cap * sizeof *s);
        if (doc->nsentences)
            memcpy(s, doc->sentences, doc->nsentences * sizeof *s);
        doc->sentences = s;
        doc->cap = cap;
    }
    nk_sentence *s = &doc->sentences[doc->nsentences++];
    memset(s, 0, sizeof *s);
    s->begin = s->end = NK_NO_OFFSET;
    s->tokens = nk_arena_alloc(doc->arena, (ntokens_cap ? ntokens_cap : 1) * sizeof(nk_token));
    return s;
}

nk_sentence nk_sentence_copy(const nk_sentence *s, nk_arena *arena)
{
    nk_sentence c = *s;
    c.tokens = nk_arena_alloc(arena, (s->ntokens + 1) * sizeof *c.tokens);
    if (s->ntokens)
        memcpy(c.tokens, s->tokens, s->ntokens * sizeof *c.tokens);
    return c;
}
