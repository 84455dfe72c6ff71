/* tree.c: see tree.h. */
#include "tree.h"

#include <ctype.h>
#include <string.h>

static const char *const UPOS_NAMES[NK_UPOS_COUNT] = {
    [NK_UPOS_NONE] = "", [NK_UPOS_ADJ] = "ADJ", [NK_UPOS_ADP] = "ADP", [NK_UPOS_ADV] = "ADV",
    [NK_UPOS_AUX] = "AUX", [NK_UPOS_CCONJ] = "CCONJ", [NK_UPOS_DET] = "DET",
    [NK_UPOS_INTJ] = "INTJ", [NK_UPOS_NOUN] = "NOUN", [NK_UPOS_NUM] = "NUM",
    [NK_UPOS_PART] = "PART", [NK_UPOS_PRON] = "PRON", [NK_UPOS_PROPN] = "PROPN",
    [NK_UPOS_PUNCT] = "PUNCT", [NK_UPOS_SCONJ] = "SCONJ", [NK_UPOS_SYM] = "SYM",
    [NK_UPOS_VERB] = "VERB", [NK_UPOS_X] = "X"};

typedef struct dep_info {
    const char *name;
    nk_dep base;
} dep_info;

static const dep_info DEPS[NK_DEP_COUNT] = {
    [NK_DEP_NONE] = {"", NK_DEP_NONE},
    [NK_DEP_ACL] = {"acl", NK_DEP_ACL},
    [NK_DEP_ADVCL] = {"advcl", NK_DEP_ADVCL},
    [NK_DEP_ADVMOD] = {"advmod", NK_DEP_ADVMOD},
    [NK_DEP_AMOD] = {"amod", NK_DEP_AMOD},
    [NK_DEP_APPOS] = {"appos", NK_DEP_APPOS},
    [NK_DEP_AUX] = {"aux", NK_DEP_AUX},
    [NK_DEP_CASE] = {"case", NK_DEP_CASE},
    [NK_DEP_CC] = {"cc", NK_DEP_CC},
    [NK_DEP_CCOMP] = {"ccomp", NK_DEP_CCOMP},
    [NK_DEP_CLF] = {"clf", NK_DEP_CLF},
    [NK_DEP_COMPOUND] = {"compound", NK_DEP_COMPOUND},
    [NK_DEP_CONJ] = {"conj", NK_DEP_CONJ},
    [NK_DEP_COP] = {"cop", NK_DEP_COP},
    [NK_DEP_CSUBJ] = {"csubj", NK_DEP_CSUBJ},
    [NK_DEP_DEP] = {"dep", NK_DEP_DEP},
    [NK_DEP_DET] = {"det", NK_DEP_DET},
    [NK_DEP_DISCOURSE] = {"discourse", NK_DEP_DISCOURSE},
    [NK_DEP_DISLOCATED] = {"dislocated", NK_DEP_DISLOCATED},
    [NK_DEP_EXPL] = {"expl", NK_DEP_EXPL},
    [NK_DEP_FIXED] = {"fixed", NK_DEP_FIXED},
    [NK_DEP_FLAT] = {"flat", NK_DEP_FLAT},
    [NK_DEP_GOESWITH] = {"goeswith", NK_DEP_GOESWITH},
    [NK_DEP_IOBJ] = {"iobj", NK_DEP_IOBJ},
    [NK_DEP_LIST] = {"list", NK_DEP_LIST},
    [NK_DEP_MARK] = {"mark", NK_DEP_MARK},
    [NK_DEP_NMOD] = {"nmod", NK_DEP_NMOD},
    [NK_DEP_NSUBJ] = {"nsubj", NK_DEP_NSUBJ},
    [NK_DEP_NUMMOD] = {"nummod", NK_DEP_NUMMOD},
    [NK_DEP_OBJ] = {"obj", NK_DEP_OBJ},
    [NK_DEP_OBL] = {"obl", NK_DEP_OBL},
    [NK_DEP_ORPHAN] = {"orphan", NK_DEP_ORPHAN},
    [NK_DEP_PARATAXIS] = {"parataxis", NK_DEP_PARATAXIS},
    [NK_DEP_PUNCT] = {"punct", NK_DEP_PUNCT},
    [NK_DEP_REPARANDUM] = {"reparandum", NK_DEP_REPARANDUM},
    [NK_DEP_ROOT] = {"root", NK_DEP_ROOT},
    [NK_DEP_VOCATIVE] = {"vocative", NK_DEP_VOCATIVE},
    [NK_DEP_XCOMP] = {"xcomp", NK_DEP_XCOMP},
    [NK_DEP_ACL_RELCL] = {"acl:relcl", NK_DEP_ACL},
    [NK_DEP_ADVCL_RELCL] = {"advcl:relcl", NK_DEP_ADVCL},
    [NK_DEP_AUX_PASS] = {"aux:pass", NK_DEP_AUX},
    [NK_DEP_CC_PRECONJ] = {"cc:preconj", NK_DEP_CC},
    [NK_DEP_COMPOUND_PRT] = {"compound:prt", NK_DEP_COMPOUND},
    [NK_DEP_CSUBJ_PASS] = {"csubj:pass", NK_DEP_CSUBJ},
    [NK_DEP_DET_PREDET] = {"det:predet", NK_DEP_DET},
    [NK_DEP_FLAT_FOREIGN] = {"flat:foreign", NK_DEP_FLAT},
    [NK_DEP_NMOD_DESC] = {"nmod:desc", NK_DEP_NMOD},
    [NK_DEP_NMOD_NPMOD] = {"nmod:npmod", NK_DEP_NMOD},
    [NK_DEP_NMOD_POSS] = {"nmod:poss", NK_DEP_NMOD},
    [NK_DEP_NMOD_TMOD] = {"nmod:tmod", NK_DEP_NMOD},
    [NK_DEP_NMOD_UNMARKED] = {"nmod:unmarked", NK_DEP_NMOD},
    [NK_DEP_NSUBJ_OUTER] = {"nsubj:outer", NK_DEP_NSUBJ},
    [NK_DEP_NSUBJ_PASS] = {"nsubj:pass", NK_DEP_NSUBJ},
    [NK_DEP_OBL_AGENT] = {"obl:agent", NK_DEP_OBL},
    [NK_DEP_OBL_NPMOD] = {"obl:npmod", NK_DEP_OBL},
    [NK_DEP_OBL_TMOD] = {"obl:tmod", NK_DEP_OBL},
    [NK_DEP_OBL_UNMARKED] = {"obl:unmarked", NK_DEP_OBL},
    [NK_DEP_SUBTYPE] = {"", NK_DEP_NONE},
};

nk_upos nk_upos_parse(const char *name)
{
    if (!name)
        return NK_UPOS_NONE;
    for (int u = 1; u < NK_UPOS_COUNT; u++)
        if (strcmp(UPOS_NAMES[u], name) == 0)
            return (nk_upos)u;
    return NK_UPOS_NONE;
}

nk_dep nk_dep_parse(const char *name)
{
    if (!name)
        return NK_DEP_NONE;
    for (int d = 1; d < NK_DEP_SUBTYPE; d++)
        if (strcmp(DEPS[d].name, name) == 0)
            return (nk_dep)d;
    return NK_DEP_NONE;
}

nk_dep nk_dep_base(nk_dep dep)
{
    return (unsigned)dep < NK_DEP_COUNT ? DEPS[dep].base : NK_DEP_NONE;
}

/* The relation of NAME and its base: an unknown subtype ("obl:arg") keeps
 * its base relation. */
static void read_dep(const char *name, unsigned char *dep, unsigned char *base)
{
    nk_dep d = nk_dep_parse(name);
    if (d == NK_DEP_NONE && name) {
        const char *colon = strchr(name, ':');
        if (colon) {
            char head[32];
            size_t n = (size_t)(colon - name);
            if (n < sizeof head) {
                memcpy(head, name, n);
                head[n] = '\0';
                nk_dep b = nk_dep_parse(head);
                if (b != NK_DEP_NONE && nk_dep_base(b) == b) {
                    *dep = NK_DEP_SUBTYPE;
                    *base = (unsigned char)b;
                    return;
                }
            }
        }
    }
    *dep = (unsigned char)d;
    *base = (unsigned char)nk_dep_base(d);
}

void nk_tree_init(nk_tree *t, const nk_sentence *s, nk_arena *arena)
{
    size_t n = s->ntokens, cells = n ? n : 1;
    t->s = s;
    t->n = n;
    t->kid_start = nk_arena_alloc(arena, (n + 1) * sizeof(size_t));
    t->kids = nk_arena_alloc(arena, cells * sizeof(size_t));
    t->upos = nk_arena_alloc(arena, cells);
    t->dep = nk_arena_alloc(arena, cells);
    t->base = nk_arena_alloc(arena, cells);
    size_t *count = nk_arena_alloc(arena, (n + 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        const nk_token *tk = &s->tokens[i];
        t->upos[i] = (unsigned char)nk_upos_parse(tk->upos);
        read_dep(tk->deprel, &t->dep[i], &t->base[i]);
        int h = tk->head;
        if (h > 0 && (size_t)h <= n)
            count[h - 1]++;
    }
    size_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        t->kid_start[i] = acc;
        acc += count[i];
        count[i] = t->kid_start[i];
    }
    t->kid_start[n] = acc;
    for (size_t i = 0; i < n; i++) {
        int h = s->tokens[i].head;
        if (h > 0 && (size_t)h <= n)
            t->kids[count[h - 1]++] = i;
    }
}

size_t nk_tree_head(const nk_tree *t, size_t i)
{
    int h = t->s->tokens[i].head;
    return (h > 0 && (size_t)h <= t->n) ? (size_t)(h - 1) : NK_NONE_TOKEN;
}

static bool dep_match(const nk_tree *t, size_t i, nk_dep rel)
{
    if (rel == NK_DEP_NONE)
        return false;
    return nk_dep_base(rel) == rel ? t->base[i] == rel : t->dep[i] == rel;
}

bool nk_tree_rel_is(const nk_tree *t, size_t i, nk_dep rel)
{
    return i < t->n && dep_match(t, i, rel);
}

bool nk_tree_rel_exact(const nk_tree *t, size_t i, nk_dep rel)
{
    return i < t->n && rel != NK_DEP_NONE && t->dep[i] == rel;
}

size_t nk_tree_child(const nk_tree *t, size_t i, nk_dep rel)
{
    for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++)
        if (dep_match(t, t->kids[k], rel))
            return t->kids[k];
    return NK_NONE_TOKEN;
}

/* Deep enough for any real phrase; a guard against malformed trees. */
#define LEFTMOST_MAX_DEPTH 32

size_t nk_tree_leftmost(const nk_tree *t, size_t i)
{
    for (unsigned depth = 0; depth <= LEFTMOST_MAX_DEPTH; depth++) {
        if (t->kid_start[i] == t->kid_start[i + 1])
            return i;
        size_t first = t->kids[t->kid_start[i]];
        if (first >= i)
            return i;
        i = first;
    }
    return i;
}

const char *nk_tree_case(const nk_tree *t, size_t i)
{
    size_t c = nk_tree_child(t, i, NK_DEP_CASE);
    if (c != NK_NONE_TOKEN)
        return nk_tree_form(t, c);
    /* "for the Foreign, Commonwealth ... Office": the parser may hang the
     * preposition on the phrase's first word instead of its head */
    size_t l = nk_tree_leftmost(t, i);
    if (l != i && nk_tree_rel_is(t, l, NK_DEP_CASE))
        return nk_tree_form(t, l);
    return NULL;
}

bool nk_tree_xpos_is(const nk_tree *t, size_t i, const char *x)
{
    const char *xp = t->s->tokens[i].xpos;
    return xp && strcmp(xp, x) == 0;
}

bool nk_tree_capitalised(const nk_tree *t, size_t i)
{
    return isupper((unsigned char)t->s->tokens[i].form[0]);
}
