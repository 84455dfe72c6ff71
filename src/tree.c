/* tree.c: see tree.h. */
#include "tree.h"
#include "wordnet.h"

#include <ctype.h>
#include <stdlib.h>
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

/* I is a finite verb form of its own: a past or present tense. */
static bool finite_form(const nk_tree *t, size_t i)
{
    return nk_tree_xpos_is(t, i, "VBD") || nk_tree_xpos_is(t, i, "VBZ") || nk_tree_xpos_is(t, i, "VBP");
}

/* Clause V has a tense: V's own, or an auxiliary before it. */
static bool finite_clause(const nk_tree *t, size_t v)
{
    if (finite_form(t, v))
        return true;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++)
        if (t->base[t->kids[k]] == NK_DEP_AUX && t->kids[k] < v)
            return true;
    return false;
}

/* Clause V has a subject of its own (nominal, clausal or expletive). */
static bool own_subject(const nk_tree *t, size_t v)
{
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        nk_dep b = (nk_dep)t->base[t->kids[k]];
        if (b == NK_DEP_NSUBJ || b == NK_DEP_CSUBJ || b == NK_DEP_EXPL)
            return true;
    }
    return false;
}

bool nk_tree_relative_word(const nk_tree *t, size_t i)
{
    const char *fe = t->s->tokens[i].feats;
    return nk_tree_xpos_is(t, i, "WP") || nk_tree_xpos_is(t, i, "WDT") || (fe && strstr(fe, "PronType=Rel"));
}

/* An agent is introduced by "by": an obl:agent without any case marker
 * ("had struck only legitimate targets") is the parser's label error, read
 * as the object when it follows its verb and the verb has none, else as a
 * plain obl. */
static void agent_without_by(nk_tree *t, size_t i)
{
    for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++)
        if (t->base[t->kids[k]] == NK_DEP_CASE)
            return;
    size_t h = nk_tree_head(t, i);
    bool object = h != NK_NONE_TOKEN && h < i;
    if (object)
        for (size_t k = t->kid_start[h]; k < t->kid_start[h + 1]; k++)
            if (t->base[t->kids[k]] == NK_DEP_OBJ)
                object = false;
    t->dep[i] = t->base[i] = object ? NK_DEP_OBJ : NK_DEP_OBL;
}

/* A clause modifier of a noun (acl) hung on a verb is the parser's error:
 * when it is a finite verb of its own without subject or marker after its
 * head ("Haltmann, whose customers include X, reported a loss"), it is the
 * head's conjunct and shares its subject. */
static void finite_acl_on_verb(nk_tree *t, size_t i)
{
    size_t h = nk_tree_head(t, i);
    if (h == NK_NONE_TOKEN || h > i || t->upos[h] != NK_UPOS_VERB || t->upos[i] != NK_UPOS_VERB ||
        !finite_form(t, i))
        return;
    for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++) {
        nk_dep b = (nk_dep)t->base[t->kids[k]];
        if (b == NK_DEP_NSUBJ || b == NK_DEP_MARK || b == NK_DEP_CSUBJ || b == NK_DEP_AUX)
            return;
    }
    t->dep[i] = t->base[i] = NK_DEP_CONJ;
}

/* A passive subject whose verb has no passive auxiliary but "have"
 * ("troops had crossed into Kenya") is the subject of an active perfect. */
static void perfect_not_passive(nk_tree *t, size_t i)
{
    size_t h = nk_tree_head(t, i);
    if (h == NK_NONE_TOKEN)
        return;
    bool have = false;
    for (size_t k = t->kid_start[h]; k < t->kid_start[h + 1]; k++) {
        size_t c = t->kids[k];
        if (t->dep[c] == NK_DEP_AUX_PASS)
            return;
        const char *lemma = t->s->tokens[c].lemma;
        have = have || (t->base[c] == NK_DEP_AUX && lemma && strcmp(lemma, "have") == 0);
    }
    if (have)
        t->dep[i] = NK_DEP_NSUBJ;
}

/* The child lists of T from its heads, in sentence order (a token has at
 * most one head, so the lists fill the n cells of kids). */
static void build_kids(nk_tree *t)
{
    size_t n = t->n, acc = 0;
    for (size_t i = 0; i <= n; i++)
        t->kid_start[i] = 0;
    for (size_t i = 0; i < n; i++)
        if (t->hd[i] != NK_NONE_TOKEN)
            t->kid_start[t->hd[i]]++;
    /* kid_start[i]: the end of list i; filling each list from its end
     * backwards leaves it at the list's start */
    for (size_t i = 0; i < n; i++) {
        acc += t->kid_start[i];
        t->kid_start[i] = acc;
    }
    t->kid_start[n] = acc;
    for (size_t i = n; i-- > 0;)
        if (t->hd[i] != NK_NONE_TOKEN)
            t->kids[--t->kid_start[t->hd[i]]] = i;
}

/* A finite verb coordinated with an infinitive is the parser's error: "ordered
 * the military to send helicopters and promised aid" with "promised" a
 * conjunct of "send".  It is a conjunct of the verb the infinitive
 * complements.  Returns true when it mended. */
static bool finite_conjunct_of_infinitive(nk_tree *t, size_t i)
{
    size_t h = t->hd[i];
    /* past participles too: with no auxiliary of its own a participle
     * coordinated with a bare infinitive is a past tense the tagger misread */
    if (t->upos[i] != NK_UPOS_VERB ||
        !(nk_tree_xpos_is(t, i, "VBD") || nk_tree_xpos_is(t, i, "VBZ") || nk_tree_xpos_is(t, i, "VBN")) ||
        h == NK_NONE_TOKEN || h > i || !nk_tree_xpos_is(t, h, "VB") || t->hd[h] == NK_NONE_TOKEN ||
        t->upos[t->hd[h]] != NK_UPOS_VERB)
        return false;
    bool to = false;
    for (size_t k = t->kid_start[h]; k < t->kid_start[h + 1]; k++) {
        size_t m = t->kids[k];
        to = to || (t->base[m] == NK_DEP_MARK && strcmp(nk_tree_form(t, m), "to") == 0);
        if (t->base[m] == NK_DEP_AUX)
            return false; /* "to be sent and promised" */
    }
    for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++)
        if (t->base[t->kids[k]] == NK_DEP_NSUBJ || t->base[t->kids[k]] == NK_DEP_AUX)
            return false; /* a clause of its own: its subject says whose */
    if (!to)
        return false;
    t->hd[i] = t->hd[h];
    return true;
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
    t->hd = nk_arena_alloc(arena, cells * sizeof(size_t));
    t->xpos = NULL;
    t->arena = arena;
    for (size_t i = 0; i < n; i++) {
        const nk_token *tk = &s->tokens[i];
        t->upos[i] = (unsigned char)nk_upos_parse(tk->upos);
        read_dep(tk->deprel, &t->dep[i], &t->base[i]);
        int h = tk->head;
        t->hd[i] = (h > 0 && (size_t)h <= n) ? (size_t)(h - 1) : NK_NONE_TOKEN;
    }
    build_kids(t);
    bool mended = false;
    for (size_t i = 0; i < n; i++)
        if (t->dep[i] == NK_DEP_CONJ)
            mended = finite_conjunct_of_infinitive(t, i) || mended;
    if (mended)
        build_kids(t);
    for (size_t i = 0; i < n; i++) {
        if (t->dep[i] == NK_DEP_OBL_AGENT)
            agent_without_by(t, i);
        else if (t->dep[i] == NK_DEP_ACL)
            finite_acl_on_verb(t, i);
        else if (t->dep[i] == NK_DEP_NSUBJ_PASS)
            perfect_not_passive(t, i);
    }
}

size_t nk_tree_head(const nk_tree *t, size_t i)
{
    return t->hd[i];
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
    const char *xp = t->xpos && t->xpos[i] ? t->xpos[i] : t->s->tokens[i].xpos;
    return xp && strcmp(xp, x) == 0;
}

bool nk_tree_capitalised(const nk_tree *t, size_t i)
{
    return isupper((unsigned char)t->s->tokens[i].form[0]);
}

/* ---- words of names ------------------------------------------------------- */

struct nk_name_words {
    uint64_t *capital; /* sorted hashes of lower-cased forms written capitalised inside a sentence */
    size_t ncapital;
    uint64_t *lower;   /* sorted hashes of forms written in lower case */
    size_t nlower;
};

#define NAME_SEED 0x6e616d65u

static uint64_t folded_hash(const char *form)
{
    char buf[64];
    size_t n = strlen(form);
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)form[i]);
    return nk_hash64(buf, n, NAME_SEED);
}

/* Opening punctuation after which a capital says nothing: quotes,
 * brackets, the dash and colon of a dateline or a quote. */
static bool opens_sentence(const char *f)
{
    static const char *const OPEN[] = {"\"", "\xe2\x80\x9c", "'", "\xe2\x80\x98", "(", "[", "-",
                                       "--", "\xe2\x80\x94", "\xe2\x80\x93", ":", NULL};
    return nk_str_in(f, OPEN);
}

/* True when token I of S stands where any word is capitalised. */
static bool initial_position(const nk_sentence *s, size_t i)
{
    return i == 0 || opens_sentence(s->tokens[i - 1].form);
}

static bool all_caps(const char *f)
{
    size_t letters = 0;
    for (; *f; f++) {
        if (islower((unsigned char)*f))
            return false;
        letters += isupper((unsigned char)*f) != 0;
    }
    return letters >= 2;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static bool has_hash(const uint64_t *v, size_t n, uint64_t h)
{
    return n && bsearch(&h, v, n, sizeof *v, cmp_u64) != NULL;
}

nk_name_words *nk_name_words_new(const nk_doc *doc, nk_arena *arena)
{
    nk_name_words *w = nk_arena_alloc(arena, sizeof *w);
    memset(w, 0, sizeof *w);
    size_t total = 0;
    for (size_t si = 0; si < doc->nsentences; si++)
        total += doc->sentences[si].ntokens;
    w->capital = nk_arena_alloc(arena, (total ? total : 1) * sizeof *w->capital);
    w->lower = nk_arena_alloc(arena, (total ? total : 1) * sizeof *w->lower);
    for (size_t si = 0; si < doc->nsentences; si++) {
        const nk_sentence *s = &doc->sentences[si];
        for (size_t i = 0; i < s->ntokens; i++) {
            const char *f = s->tokens[i].form;
            if (!f)
                continue;
            if (islower((unsigned char)f[0]))
                w->lower[w->nlower++] = folded_hash(f);
            else if (isupper((unsigned char)f[0]) && !initial_position(s, i))
                w->capital[w->ncapital++] = folded_hash(f);
        }
    }
    qsort(w->capital, w->ncapital, sizeof *w->capital, cmp_u64);
    qsort(w->lower, w->nlower, sizeof *w->lower, cmp_u64);
    return w;
}

/* A capitalised word that may be part of a name (not "I", not an acronym
 * read as a common noun, no digits). */
static bool name_candidate(const nk_tree *t, size_t i)
{
    const char *f = nk_tree_form(t, i);
    nk_upos u = (nk_upos)t->upos[i];
    if (!isupper((unsigned char)f[0]) || !f[1])
        return false;
    if (u != NK_UPOS_NOUN && u != NK_UPOS_ADJ && u != NK_UPOS_VERB)
        return false;
    for (const char *p = f; *p; p++)
        if (isdigit((unsigned char)*p))
            return false;
    return !all_caps(f);
}

/* The next word continues a name: capitalised and a noun, proper noun,
 * adjective or participle, not at an initial position. */
static bool name_follows(const nk_tree *t, size_t i)
{
    if (i + 1 >= t->n || !nk_tree_capitalised(t, i + 1) || initial_position(t->s, i + 1))
        return false;
    nk_upos u = (nk_upos)t->upos[i + 1];
    return u == NK_UPOS_PROPN || u == NK_UPOS_NOUN || u == NK_UPOS_ADJ || u == NK_UPOS_VERB;
}

/* A word that stands as a nominal argument itself ("that Verdant had
 * failed"), not a modifier or a predicate. */
static bool nominal_role(const nk_tree *t, size_t i)
{
    static const nk_dep ROLES[] = {NK_DEP_NSUBJ, NK_DEP_OBJ, NK_DEP_IOBJ, NK_DEP_OBL,
                                   NK_DEP_NMOD, NK_DEP_APPOS, NK_DEP_FLAT, NK_DEP_COMPOUND,
                                   NK_DEP_NONE};
    for (size_t k = 0; ROLES[k] != NK_DEP_NONE; k++)
        if (nk_tree_rel_is(t, i, ROLES[k]))
            return true;
    return false;
}

/* ---- names the parser split ------------------------------------------------ */

/* Longest name the mending reads (words). */
#define NAME_RUN_MAX 8

/* A word of a name: a capitalised proper noun, no time word ("told
 * Reuters Tuesday" is no name "Reuters Tuesday"). */
static bool name_word(const nk_tree *t, size_t i, const nk_wordlists *wl)
{
    if (i >= t->n || t->upos[i] != NK_UPOS_PROPN || !nk_tree_capitalised(t, i))
        return false;
    return !wl || (!nk_wordlists_has(wl, NK_WL_TIME_WORD, nk_tree_form(t, i)) &&
                   !nk_wordlists_has(wl, NK_WL_TIME_WORD, nk_tree_lemma(t, i)));
}

/* A hyphen inside one word ("Fox-IT", "Coca-Cola"): no space either side. */
static bool inner_hyphen(const nk_tree *t, size_t i)
{
    return i > 0 && i + 1 < t->n && strcmp(nk_tree_form(t, i), "-") == 0 &&
           !t->s->tokens[i - 1].space_after && !t->s->tokens[i].space_after &&
           nk_tree_capitalised(t, i + 1);
}

/* The last token of the name run that begins at I (a name word), and
 * whether a particle or hyphen joins it. */
static size_t name_run(const nk_tree *t, size_t i, const nk_wordlists *wl, bool *joined)
{
    size_t j = i;
    *joined = false;
    while (j + 1 < t->n && j + 1 - i < NAME_RUN_MAX) {
        if (name_word(t, j + 1, wl)) {
            j++;
            continue;
        }
        if (inner_hyphen(t, j + 1)) {
            j += 2; /* the word after the hyphen joins whatever its tag */
            *joined = true;
            continue;
        }
        size_t k = j + 1; /* "von der Leyen", "de Wit" */
        while (k < t->n && k - j <= 2 && wl && islower((unsigned char)nk_tree_form(t, k)[0]) &&
               nk_wordlists_has(wl, NK_WL_NAME_PARTICLE, nk_tree_form(t, k)))
            k++;
        if (k > j + 1 && k + 1 < t->n && inner_hyphen(t, k)) /* "al-Burhan" */
            k++;
        if (k > j + 1 && name_word(t, k, wl)) {
            j = k;
            *joined = true;
            continue;
        }
        break;
    }
    return j;
}

/* Mend the run [A, B] when its words hang from one outside head by two or
 * more links that agree (see tree.h). */
static bool mend_name_run(nk_tree *t, size_t a, size_t b, bool joined)
{
    size_t outer = NK_NONE_TOKEN, links = 0, last = NK_NONE_TOKEN;
    bool same_rel = true;
    for (size_t i = a; i <= b; i++) {
        size_t h = t->hd[i];
        if (h != NK_NONE_TOKEN && h >= a && h <= b)
            continue;
        if (h == NK_NONE_TOKEN || (outer != NK_NONE_TOKEN && h != outer))
            return false; /* the root, or two heads: two names or a real split */
        if (last != NK_NONE_TOKEN && t->dep[i] != t->dep[last])
            same_rel = false;
        outer = h;
        last = i;
        links++;
    }
    if (links < 2)
        return false;
    bool noun_head = t->upos[outer] == NK_UPOS_NOUN || t->upos[outer] == NK_UPOS_PROPN;
    if (!same_rel && !noun_head && !joined)
        return false;
    for (size_t i = a; i <= b; i++)
        if (i != last) {
            t->hd[i] = last;
            t->dep[i] = t->base[i] = NK_DEP_FLAT;
        }
    return true;
}

static void mend_names(nk_tree *t, const nk_wordlists *wl)
{
    bool mended = false;
    for (size_t i = 0; i < t->n; i++) {
        if (!name_word(t, i, wl))
            continue;
        bool joined;
        size_t j = name_run(t, i, wl, &joined);
        if (j > i && mend_name_run(t, i, j, joined)) {
            mended = true;
            for (size_t k = i; k <= j; k++) /* "IT" of "Fox-IT", "de" of "de Wit" */
                if (t->upos[k] != NK_UPOS_PUNCT && nk_tree_capitalised(t, k))
                    t->upos[k] = NK_UPOS_PROPN;
        }
        i = j;
    }
    if (mended)
        build_kids(t);
}

void nk_tree_read_names(nk_tree *t, const nk_name_words *words, const nk_wordlists *wl)
{
    /* right to left, so a run is decided from its end ("Rapid Support Forces") */
    for (size_t j = t->n; j-- > 0;) {
        if (!name_candidate(t, j))
            continue;
        nk_upos u = (nk_upos)t->upos[j];
        bool name;
        if (!initial_position(t->s, j))
            name = u == NK_UPOS_NOUN || name_follows(t, j) || nominal_role(t, j);
        else if (name_follows(t, j))
            name = true;
        else {
            uint64_t h = folded_hash(nk_tree_form(t, j));
            name = words && (u == NK_UPOS_NOUN || nominal_role(t, j)) &&
                   has_hash(words->capital, words->ncapital, h) &&
                   !has_hash(words->lower, words->nlower, h);
        }
        if (name)
            t->upos[j] = NK_UPOS_PROPN;
    }
    mend_names(t, wl);
}

/* The verb before "to" at TO: the word right before it, or the one before
 * a time phrase there ("agreed on Thursday to", "agreed last week to"). */
static size_t verb_before_to(const nk_tree *t, size_t to, const nk_wordlists *wl)
{
    if (to == 0)
        return NK_NONE_TOKEN;
    size_t v = to - 1;
    if (nk_wordlists_has(wl, NK_WL_TIME_WORD, nk_tree_form(t, v))) {
        size_t first = nk_tree_leftmost(t, v);
        if (first == 0 || first > v)
            return NK_NONE_TOKEN;
        v = first - 1;
    }
    return t->upos[v] == NK_UPOS_VERB ? v : NK_NONE_TOKEN;
}

/* "suspended the deal pending the outcome", "barring a deal": a participle
 * of word list preposition-participle with no auxiliary of its own is a
 * preposition, no act (also when the parser gave it a subject: "with
 * Rotich pending the outcome"). */
static void participle_prepositions(nk_tree *t, const nk_wordlists *wl)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->upos[i] != NK_UPOS_VERB || !nk_tree_xpos_is(t, i, "VBG") ||
            !nk_wordlists_has(wl, NK_WL_PREPOSITION_PARTICIPLE, nk_tree_form(t, i)))
            continue;
        bool own = false;
        for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1] && !own; k++) {
            nk_dep b = (nk_dep)t->base[t->kids[k]];
            own = b == NK_DEP_AUX || b == NK_DEP_COP; /* "is pending" */
        }
        if (!own)
            t->upos[i] = NK_UPOS_ADP;
    }
}

/* Give token I the tag XPOS. */
static void set_xpos(nk_tree *t, size_t i, const char *xpos)
{
    if (!t->xpos) {
        t->xpos = nk_arena_alloc(t->arena, (t->n ? t->n : 1) * sizeof *t->xpos);
        for (size_t k = 0; k < t->n; k++)
            t->xpos[k] = NULL;
    }
    t->xpos[i] = xpos;
}

/* "Raman said the company expected to spend $1.5 billion": a speech verb
 * (word list speech) whose object right after it has a participle right
 * after it with a complement of its own and no auxiliary or agent: the
 * tagger read a past tense as a participle, the parser the clause as the
 * object's modifier.  The participle is the reported clause (a past
 * tense), the object its subject.  Returns true when it mended. */
static bool reported_clause_read_as_modifier(nk_tree *t, size_t a, const nk_wordlists *wl)
{
    size_t o = t->hd[a];
    if (t->dep[a] != NK_DEP_ACL || t->upos[a] != NK_UPOS_VERB || !nk_tree_xpos_is(t, a, "VBN") ||
        o == NK_NONE_TOKEN || o > a || (t->upos[o] != NK_UPOS_NOUN && t->upos[o] != NK_UPOS_PROPN) ||
        t->dep[o] != NK_DEP_OBJ)
        return false;
    size_t v = t->hd[o];
    if (v == NK_NONE_TOKEN || v > o || t->upos[v] != NK_UPOS_VERB ||
        !nk_wordlists_has(wl, NK_WL_SPEECH, nk_tree_lemma(t, v)) || nk_tree_child(t, v, NK_DEP_CCOMP) != NK_NONE_TOKEN)
        return false;
    /* the object's words run from after the verb to right before the participle */
    for (size_t i = v + 1; i < a; i++) {
        size_t h = i;
        while (h != NK_NONE_TOKEN && h != o)
            h = t->hd[h];
        if (h != o)
            return false;
    }
    bool complement = false;
    for (size_t k = t->kid_start[a]; k < t->kid_start[a + 1]; k++) {
        size_t c = t->kids[k];
        nk_dep b = (nk_dep)t->base[c];
        if (b == NK_DEP_AUX || t->dep[c] == NK_DEP_OBL_AGENT || (b == NK_DEP_OBL && nk_tree_case(t, c) &&
                                                                nk_str_ieq(nk_tree_case(t, c), "by")))
            return false;
        complement = complement || b == NK_DEP_XCOMP || b == NK_DEP_CCOMP || (b == NK_DEP_OBJ && c > a);
    }
    if (!complement)
        return false;
    t->hd[a] = v;
    t->dep[a] = t->base[a] = NK_DEP_CCOMP;
    t->hd[o] = a;
    t->dep[o] = t->base[o] = NK_DEP_NSUBJ;
    set_xpos(t, a, "VBD");
    return true;
}

/* "Raman said the company expected to spend $1.5 billion and would hire
 * 2,000 engineers": a conjunct of a speech verb (word list speech) with
 * "would", "could" or "might" and no subject of its own goes on the
 * reported clause before it, not on the speaking: the speaker said, the
 * company would hire.  Returns true when it mended. */
static bool reported_conjunct(nk_tree *t, size_t c, const nk_wordlists *wl)
{
    static const char *const BACKSHIFTED[] = {"would", "could", "might", NULL};
    size_t v = t->hd[c];
    if (t->dep[c] != NK_DEP_CONJ || t->upos[c] != NK_UPOS_VERB || v == NK_NONE_TOKEN || v > c ||
        t->upos[v] != NK_UPOS_VERB || !nk_wordlists_has(wl, NK_WL_SPEECH, nk_tree_lemma(t, v)))
        return false;
    size_t comp = nk_tree_child(t, v, NK_DEP_CCOMP);
    if (comp == NK_NONE_TOKEN || comp > c || comp < v)
        return false;
    bool modal = false;
    for (size_t k = t->kid_start[c]; k < t->kid_start[c + 1]; k++) {
        size_t m = t->kids[k];
        if (t->base[m] == NK_DEP_NSUBJ || t->base[m] == NK_DEP_CSUBJ)
            return false;
        modal = modal || (t->base[m] == NK_DEP_AUX && nk_str_in(nk_tree_form(t, m), BACKSHIFTED));
    }
    if (!modal)
        return false;
    t->hd[c] = comp;
    return true;
}

/* "would cut 4,500 jobs and close two plants": an adjective before a
 * determiner or number of the noun it modifies cannot be one ("two close
 * plants" would be); after "and" and with the noun read as a conjunct of
 * a verb or of its object, it is a verb in its base form (WordNet: a verb) with
 * that noun as object, a conjunct of the verb.  Returns true when it
 * mended. */
static bool verb_read_as_adjective(nk_tree *t, size_t w, const struct nk_wordnet *wn)
{
    const char *f = nk_tree_form(t, w), *lemma = nk_tree_lemma(t, w);
    if (t->upos[w] != NK_UPOS_ADJ || t->dep[w] != NK_DEP_AMOD || w == 0 || w + 2 >= t->n || !lemma ||
        strcmp(f, lemma) != 0 || !nk_str_ieq(nk_tree_form(t, w - 1), "and"))
        return false;
    size_t n = t->hd[w];
    if (n == NK_NONE_TOKEN || n < w + 2 || t->upos[n] != NK_UPOS_NOUN || t->dep[n] != NK_DEP_CONJ)
        return false;
    nk_upos next = (nk_upos)t->upos[w + 1];
    if (!(next == NK_UPOS_NUM || next == NK_UPOS_DET) || t->hd[w + 1] != n)
        return false;
    /* the noun a conjunct of the verb, or of its object */
    size_t v = t->hd[n];
    if (v != NK_NONE_TOKEN && v < w && t->upos[v] != NK_UPOS_VERB && t->dep[v] == NK_DEP_OBJ)
        v = t->hd[v];
    if (v == NK_NONE_TOKEN || v > w || t->upos[v] != NK_UPOS_VERB || !nk_tree_xpos_is(t, v, "VB") ||
        nk_wordnet_senses(wn, NK_WN_VERB, f, NULL, 0) == 0)
        return false;
    t->upos[w] = NK_UPOS_VERB;
    set_xpos(t, w, "VB");
    t->hd[w] = v;
    t->dep[w] = t->base[w] = NK_DEP_CONJ;
    t->hd[n] = w;
    t->dep[n] = t->base[n] = NK_DEP_OBJ;
    if (t->hd[w - 1] == n)
        t->hd[w - 1] = w;
    return true;
}

size_t nk_tree_rightmost(const nk_tree *t, size_t i)
{
    for (unsigned depth = 0; depth <= 64; depth++) {
        if (t->kid_start[i] == t->kid_start[i + 1])
            return i;
        size_t last = t->kids[t->kid_start[i + 1] - 1];
        if (last <= i)
            return i;
        i = last;
    }
    return i;
}

/* "The data showed Kestrel was gaining market share": a clause with no
 * subject of its own right after an object of its verb (no comma between)
 * has that object as its subject: the parser read "Kestrel" as the
 * object of "showed".  Returns true when it mended. */
static bool object_before_clause(nk_tree *t, size_t c)
{
    size_t v = t->hd[c];
    if (t->dep[c] != NK_DEP_CCOMP || v == NK_NONE_TOKEN || v > c || t->upos[c] != NK_UPOS_VERB)
        return false;
    for (size_t k = t->kid_start[c]; k < t->kid_start[c + 1]; k++) {
        nk_dep b = (nk_dep)t->base[t->kids[k]];
        if (b == NK_DEP_NSUBJ || b == NK_DEP_CSUBJ || b == NK_DEP_EXPL || b == NK_DEP_MARK)
            return false;
    }
    size_t f = nk_tree_leftmost(t, c);
    if (f == 0 || !(t->base[f] == NK_DEP_AUX || f == c))
        return false;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        size_t o = t->kids[k];
        if ((t->dep[o] == NK_DEP_OBJ || t->dep[o] == NK_DEP_IOBJ) && o < f &&
            (t->upos[o] == NK_UPOS_NOUN || t->upos[o] == NK_UPOS_PROPN) && nk_tree_rightmost(t, o) == f - 1) {
            t->hd[o] = c;
            t->dep[o] = t->base[o] = NK_DEP_NSUBJ;
            return true;
        }
    }
    return false;
}

/* "raised its storm signal for 11 provinces, warning of storm surges": a
 * bare "-ing" word after a comma, read as a noun hung on a noun (conjunct
 * or apposition), followed by "of", "that" or "about", is the participle
 * of a verb WordNet knows: a clause of the nearest verb above it.
 * Returns true when it mended. */
static bool participle_read_as_noun(nk_tree *t, size_t w, const struct nk_wordnet *wn)
{
    static const char *const NEXT[] = {"of", "that", "about", NULL};
    const char *f = nk_tree_form(t, w);
    size_t len = strlen(f);
    if (t->upos[w] != NK_UPOS_NOUN || !nk_tree_xpos_is(t, w, "NN") || w == 0 || w + 1 >= t->n || len < 6 ||
        strcmp(f + len - 3, "ing") != 0 || strcmp(nk_tree_form(t, w - 1), ",") != 0 ||
        !nk_str_in(nk_tree_form(t, w + 1), NEXT) || !(t->dep[w] == NK_DEP_CONJ || t->dep[w] == NK_DEP_APPOS))
        return false;
    for (size_t k = t->kid_start[w]; k < t->kid_start[w + 1]; k++) {
        nk_dep b = (nk_dep)t->base[t->kids[k]];
        if (t->kids[k] < w - 1 && b != NK_DEP_PUNCT)
            return false;
        if (b == NK_DEP_DET || b == NK_DEP_AMOD || b == NK_DEP_NMOD_POSS || b == NK_DEP_COMPOUND)
            return false;
    }
    const char *base[2];
    if (nk_wordnet_base(wn, NK_WN_VERB, f, base, 2) == 0)
        return false;
    size_t v = t->hd[w];
    while (v != NK_NONE_TOKEN && t->upos[v] != NK_UPOS_VERB)
        v = t->hd[v];
    if (v == NK_NONE_TOKEN || v > w)
        return false;
    t->upos[w] = NK_UPOS_VERB;
    set_xpos(t, w, "VBG");
    t->hd[w] = v;
    t->dep[w] = t->base[w] = NK_DEP_ADVCL;
    for (size_t k = t->kid_start[w]; k < t->kid_start[w + 1]; k++)
        if (t->base[t->kids[k]] == NK_DEP_NMOD && t->kids[k] > w)
            t->dep[t->kids[k]] = t->base[t->kids[k]] = NK_DEP_OBL;
    return true;
}

/* "Reading out the verdict, presiding judge Helena Moura said": a bare
 * participle right before the title of a name modifies the title (the
 * parser made it a clause of the verb).  Returns true when it mended. */
static bool participle_before_title(nk_tree *t, size_t w)
{
    size_t n = w + 1;
    for (size_t k = t->kid_start[w]; k < t->kid_start[w + 1]; k++)
        if (t->base[t->kids[k]] != NK_DEP_PUNCT)
            return false; /* only the comma before it */
    if (t->upos[w] != NK_UPOS_VERB || !nk_tree_xpos_is(t, w, "VBG") || n >= t->n || t->upos[n] != NK_UPOS_NOUN ||
        !(t->dep[n] == NK_DEP_NMOD_DESC || t->dep[n] == NK_DEP_COMPOUND) || t->hd[n] == NK_NONE_TOKEN ||
        t->upos[t->hd[n]] != NK_UPOS_PROPN || t->hd[n] <= n)
        return false;
    t->hd[w] = n;
    t->dep[w] = t->base[w] = NK_DEP_AMOD;
    return true;
}

/* Hanging token I on HEAD would make a cycle: I is HEAD or above it. */
static bool would_cycle(const nk_tree *t, size_t i, size_t head)
{
    for (size_t h = head, depth = 0; h != NK_NONE_TOKEN && depth <= t->n; h = t->hd[h], depth++)
        if (h == i)
            return true;
    return false;
}

/* "declined to comment on the decision, citing confidentiality rules"
 * with "citing" hung on the comma: a verb whose head is punctuation is a
 * clause of the nearest verb above it.  Returns true when it mended. */
static bool verb_on_punctuation(nk_tree *t, size_t w)
{
    size_t p = t->hd[w];
    if (t->upos[w] != NK_UPOS_VERB || p == NK_NONE_TOKEN || t->upos[p] != NK_UPOS_PUNCT)
        return false;
    size_t v = t->hd[p];
    for (unsigned hops = 0; v != NK_NONE_TOKEN && t->upos[v] != NK_UPOS_VERB && hops < 64; hops++)
        v = t->hd[v];
    if (v == NK_NONE_TOKEN || t->upos[v] != NK_UPOS_VERB || v == w)
        return false;
    if (would_cycle(t, w, v))
        return false;
    t->hd[w] = v;
    t->dep[w] = t->base[w] = NK_DEP_ADVCL;
    return true;
}

/* "In a separate case last month, Ellen Park, a judge in Philadelphia,
 * rejected the request", "On Wednesday, UN Secretary-General Antonio
 * Guterres urged": a finite verb V (the root or a reported clause) with
 * no subject, whose opening phrase (an oblique before it, then a comma)
 * took in every word between that comma and V: the last noun phrase the
 * parser hung on that phrase (an apposition or conjunct) is V's subject.
 * Returns true when it mended. */
static bool subject_in_opening_phrase(nk_tree *t, size_t v)
{
    if (t->upos[v] != NK_UPOS_VERB || !(t->dep[v] == NK_DEP_ROOT || t->dep[v] == NK_DEP_CCOMP))
        return false;
    if (own_subject(t, v) || nk_tree_child(t, v, NK_DEP_MARK) != NK_NONE_TOKEN || !finite_clause(t, v))
        return false;
    bool passive = nk_tree_child(t, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN;
    size_t o = NK_NONE_TOKEN;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1] && o == NK_NONE_TOKEN; k++) {
        size_t c = t->kids[k];
        if ((t->base[c] == NK_DEP_OBL || t->base[c] == NK_DEP_ADVCL) && c < v)
            o = c;
    }
    if (o == NK_NONE_TOKEN)
        return false;
    /* "Speaking in his defence, Tom Berger, SC, said": an opening
     * participle without a subject of its own may have taken the name as
     * its object or oblique */
    bool participle = t->base[o] == NK_DEP_ADVCL;
    if (participle && (t->upos[o] != NK_UPOS_VERB ||
                       !(nk_tree_xpos_is(t, o, "VBG") || nk_tree_xpos_is(t, o, "VBN")) ||
                       nk_tree_child(t, o, NK_DEP_NSUBJ) != NK_NONE_TOKEN ||
                       nk_tree_child(t, o, NK_DEP_MARK) != NK_NONE_TOKEN))
        return false;
    /* the comma that ends the opening phrase: the first one after its head */
    size_t comma = NK_NONE_TOKEN;
    for (size_t i = o + 1; i < v && comma == NK_NONE_TOKEN; i++)
        if (strcmp(nk_tree_form(t, i), ",") == 0)
            comma = i;
    if (comma == NK_NONE_TOKEN || comma + 1 >= v || !nk_tree_descends(t, comma, o))
        return false;
    size_t x = NK_NONE_TOKEN;
    for (size_t i = comma + 1; i < v; i++) {
        if (t->upos[i] == NK_UPOS_PUNCT)
            continue;
        if (!nk_tree_descends(t, i, o) || t->upos[i] == NK_UPOS_VERB || t->upos[i] == NK_UPOS_AUX)
            return false; /* a word of V's own, or a clause */
        if (t->hd[i] == o || t->hd[i] == NK_NONE_TOKEN || t->hd[i] <= comma) {
            if (!(t->dep[i] == NK_DEP_APPOS || t->dep[i] == NK_DEP_CONJ ||
                  (participle && (t->base[i] == NK_DEP_OBL || t->base[i] == NK_DEP_OBJ))) ||
                !(t->upos[i] == NK_UPOS_NOUN || t->upos[i] == NK_UPOS_PROPN))
                return false;
            x = i; /* the last phrase hung on the opening one */
        }
    }
    if (x == NK_NONE_TOKEN || would_cycle(t, x, v))
        return false;
    /* "Secretary-General Lena Brandt" with the name a conjunct of the
     * title (no "and"): the name is the subject, the title its modifier */
    for (size_t k = t->kid_start[x]; k < t->kid_start[x + 1]; k++) {
        size_t y = t->kids[k];
        bool comma_between = false; /* "Tom Berger, SC,": a name and its honour */
        for (size_t i = x + 1; i < y; i++)
            comma_between = comma_between || strcmp(nk_tree_form(t, i), ",") == 0;
        if (y > x && y < v && t->dep[y] == NK_DEP_CONJ && t->upos[x] == NK_UPOS_PROPN &&
            t->upos[y] == NK_UPOS_PROPN && nk_tree_child(t, y, NK_DEP_CC) == NK_NONE_TOKEN && !comma_between) {
            t->hd[y] = t->hd[x];
            t->hd[x] = y;
            t->dep[x] = t->base[x] = NK_DEP_COMPOUND;
            x = y;
            break;
        }
    }
    t->hd[x] = v;
    t->dep[x] = passive ? NK_DEP_NSUBJ_PASS : NK_DEP_NSUBJ;
    t->base[x] = NK_DEP_NSUBJ;
    return true;
}

/* "Facebook co-founder Mark Zuckerberg tweeted", "team member Rodaba
 * Noori told": a name the parser hung on the role noun N before it as
 * flat words (nothing of N's after them) is the head, N its description,
 * as the parser reads "party spokesman Jan Berg".  Returns true when it
 * mended. */
static bool name_on_role_noun(nk_tree *t, size_t n)
{
    if (t->upos[n] != NK_UPOS_NOUN || !islower((unsigned char)nk_tree_form(t, n)[0]) || n + 1 >= t->n ||
        t->dep[n] == NK_DEP_APPOS || t->dep[n] == NK_DEP_CONJ) /* "its chairman, lawyer Maria Okafor,": read as it is */
        return false;
    /* the one word of N's after it: the name's head, a flat word of N */
    size_t p = NK_NONE_TOKEN;
    for (size_t k = t->kid_start[n]; k < t->kid_start[n + 1]; k++) {
        size_t c = t->kids[k];
        if (c < n)
            continue;
        if (p != NK_NONE_TOKEN || t->dep[c] != NK_DEP_FLAT || t->upos[c] != NK_UPOS_PROPN ||
            !nk_tree_capitalised(t, c))
            return false; /* "the striker Jonas Berg's goal": more of N's after it */
        p = c;
    }
    if (p == NK_NONE_TOKEN)
        return false;
    for (size_t i = n + 1; i < p; i++) /* the name's other words, hung on its head */
        if (t->hd[i] != p || t->upos[i] != NK_UPOS_PROPN || !nk_tree_capitalised(t, i))
            return false;
    t->hd[p] = t->hd[n];
    t->dep[p] = t->dep[n];
    t->base[p] = t->base[n];
    t->hd[n] = p;
    t->dep[n] = NK_DEP_NMOD_DESC;
    t->base[n] = (unsigned char)nk_dep_base(NK_DEP_NMOD_DESC);
    return true;
}

/* "The World Health Organisation (WHO) recommends": a word in capitals
 * alone in brackets right after a name is the name's acronym, a proper
 * noun in apposition, whatever the tagger made of it ("WHO" a relative
 * pronoun, "IT", "US").  Returns true when it mended. */
static bool acronym_in_brackets(nk_tree *t, size_t i)
{
    const char *f = nk_tree_form(t, i);
    size_t n = strlen(f);
    if (i < 2 || i + 1 >= t->n || n < 2 || t->upos[i] == NK_UPOS_PROPN ||
        strcmp(nk_tree_form(t, i - 1), "(") != 0 || strcmp(nk_tree_form(t, i + 1), ")") != 0 ||
        t->upos[i - 2] != NK_UPOS_PROPN)
        return false;
    for (size_t k = 0; k < n; k++)
        if (!isupper((unsigned char)f[k]))
            return false;
    size_t name = i - 2; /* the name's head: the word its last word hangs on */
    if (t->hd[name] != NK_NONE_TOKEN && t->hd[name] > name && t->hd[name] < i - 1 &&
        t->upos[t->hd[name]] == NK_UPOS_PROPN)
        name = t->hd[name];
    if (would_cycle(t, i, name))
        return false;
    t->upos[i] = NK_UPOS_PROPN;
    set_xpos(t, i, "NNP");
    t->hd[i] = name;
    t->dep[i] = t->base[i] = NK_DEP_APPOS;
    return true;
}

/* "The United States and Saudi Arabia, which hosted earlier talks, have
 * called for negotiations", "The union, which represents the drivers,
 * said ...": the parser made the relative clause the main one (its verb
 * the root with both the noun and the relative pronoun as subjects) and
 * the main verb its conjunct.  The conjunct, with no subject of its own
 * and after a comma, is the main verb, the noun its subject, the relative
 * clause the noun's again.  Returns true when it mended. */
static bool relative_read_as_main(nk_tree *t, size_t v)
{
    if (t->upos[v] != NK_UPOS_VERB || t->dep[v] != NK_DEP_ROOT)
        return false;
    size_t s1 = NK_NONE_TOKEN, s2 = NK_NONE_TOKEN, w = NK_NONE_TOKEN;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        size_t c = t->kids[k];
        if (t->base[c] == NK_DEP_NSUBJ && c < v && nk_tree_relative_word(t, c))
            s2 = c;
        else if (t->base[c] == NK_DEP_NSUBJ && c < v && (t->upos[c] == NK_UPOS_NOUN || t->upos[c] == NK_UPOS_PROPN))
            s1 = c;
        else if (t->dep[c] == NK_DEP_CONJ && c > v && t->upos[c] == NK_UPOS_VERB && w == NK_NONE_TOKEN)
            w = c;
    }
    if (s1 == NK_NONE_TOKEN || s2 == NK_NONE_TOKEN || w == NK_NONE_TOKEN || s1 > s2)
        return false;
    if (own_subject(t, w) || nk_tree_child(t, w, NK_DEP_CC) != NK_NONE_TOKEN)
        return false; /* "which hosted the talks and called for more": its own */
    if (!nk_tree_after_comma(t, w))
        return false;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        size_t c = t->kids[k];
        if (c > w)
            t->hd[c] = w; /* the full stop */
    }
    bool passive = nk_tree_child(t, w, NK_DEP_AUX_PASS) != NK_NONE_TOKEN;
    t->hd[w] = NK_NONE_TOKEN;
    t->dep[w] = t->base[w] = NK_DEP_ROOT;
    t->hd[s1] = w;
    t->dep[s1] = passive ? NK_DEP_NSUBJ_PASS : NK_DEP_NSUBJ;
    t->base[s1] = NK_DEP_NSUBJ;
    t->hd[v] = s1;
    t->dep[v] = NK_DEP_ACL_RELCL;
    t->base[v] = (unsigned char)nk_dep_base(NK_DEP_ACL_RELCL);
    return true;
}

/* "Thomas Sam, a practising homeopath, instead decided to treat his
 * daughter" read as a name with a relative clause and no main verb: a
 * finite verb hung on the root noun as a relative clause, with no subject
 * or relative word of its own, after the noun and the commas of its
 * apposition, is the main verb and the noun its subject.  Returns true
 * when it mended. */
static bool main_verb_read_as_relative(nk_tree *t, size_t v)
{
    size_t n = t->hd[v];
    if (t->dep[v] != NK_DEP_ACL_RELCL || t->upos[v] != NK_UPOS_VERB || n == NK_NONE_TOKEN || n > v ||
        t->dep[n] != NK_DEP_ROOT || !(t->upos[n] == NK_UPOS_PROPN || t->upos[n] == NK_UPOS_NOUN))
        return false;
    if (own_subject(t, v) || nk_tree_child(t, v, NK_DEP_MARK) != NK_NONE_TOKEN)
        return false;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        size_t c = t->kids[k];
        if (nk_tree_relative_word(t, c) || nk_tree_xpos_is(t, c, "WP$") || nk_tree_xpos_is(t, c, "WRB"))
            return false;
    }
    bool finite = finite_clause(t, v);
    size_t l = nk_tree_leftmost(t, v);
    if (l < v && (strcmp(nk_tree_form(t, l), ",") == 0 || strcmp(nk_tree_form(t, l), "(") == 0))
        l++; /* the comma (or the bracket of an acronym) hung on the clause */
    else if (l > 0 && strcmp(nk_tree_form(t, l - 1), ",") != 0 && strcmp(nk_tree_form(t, l - 1), ")") != 0)
        return false;
    if (!finite || l == 0)
        return false;
    /* between the noun and the clause: its apposition and commas only */
    for (size_t i = n + 1; i < l; i++)
        if (!nk_tree_descends(t, i, n) || (t->upos[i] == NK_UPOS_VERB || t->upos[i] == NK_UPOS_AUX))
            return false;
    for (size_t k = t->kid_start[n]; k < t->kid_start[n + 1]; k++) {
        size_t c = t->kids[k];
        if (c > v)
            t->hd[c] = v; /* the full stop */
    }
    t->hd[v] = NK_NONE_TOKEN;
    t->dep[v] = t->base[v] = NK_DEP_ROOT;
    t->hd[n] = v;
    t->dep[n] = t->base[n] = NK_DEP_NSUBJ;
    return true;
}

/* "after rival Marlin Networks warned that ...": a finite verb V opened
 * by a subordinator, with no subject, whose noun phrase right before it
 * (between the subordinator and V, no preposition of its own, no time)
 * the parser read as an oblique: that phrase is V's subject.  Returns
 * true when it mended. */
static bool subject_read_as_oblique(nk_tree *t, size_t v, const nk_wordlists *wl)
{
    if (t->upos[v] != NK_UPOS_VERB)
        return false;
    if (own_subject(t, v) || !finite_clause(t, v))
        return false;
    bool passive = nk_tree_child(t, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN;
    size_t mark = NK_NONE_TOKEN, o = NK_NONE_TOKEN;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        size_t c = t->kids[k];
        nk_dep b = (nk_dep)t->base[c];
        if (b == NK_DEP_MARK && c < v && mark == NK_NONE_TOKEN)
            mark = c;
        if (b == NK_DEP_OBL && c < v)
            o = c; /* the last oblique before V */
    }
    if (mark == NK_NONE_TOKEN || o == NK_NONE_TOKEN || o < mark ||
        !(t->upos[o] == NK_UPOS_NOUN || t->upos[o] == NK_UPOS_PROPN) || nk_tree_case(t, o) ||
        nk_wordlists_has(wl, NK_WL_TIME_WORD, nk_tree_form(t, o)) ||
        (nk_tree_lemma(t, o) && nk_wordlists_has(wl, NK_WL_TIME_WORD, nk_tree_lemma(t, o))))
        return false;
    for (size_t i = nk_tree_rightmost(t, o) + 1; i < v; i++)
        if (t->hd[i] != v || !(t->base[i] == NK_DEP_AUX || t->base[i] == NK_DEP_ADVMOD))
            return false; /* only V's auxiliaries and adverbs between */
    t->dep[o] = passive ? NK_DEP_NSUBJ_PASS : NK_DEP_NSUBJ;
    t->base[o] = NK_DEP_NSUBJ;
    return true;
}

/* "the Fed held rates steady on Wednesday, and Chair Jerome Powell said
 * ...": a finite conjunct V without a subject, whose words between the
 * conjunction and V are one noun phrase the parser hung on a word before
 * the conjunction (an apposition of "Wednesday"): that phrase is V's
 * subject, the conjunction V's.  Returns true when it mended. */
static bool conjunct_subject_hung_before(nk_tree *t, size_t v)
{
    if (t->upos[v] != NK_UPOS_VERB || t->dep[v] != NK_DEP_CONJ || v < 2)
        return false;
    if (own_subject(t, v) || !finite_clause(t, v))
        return false;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++)
        if (t->base[t->kids[k]] == NK_DEP_CC && t->kids[k] < v)
            return false;
    /* the noun phrase right before V (its auxiliaries aside) */
    size_t e = v;
    while (e > 0 && t->hd[e - 1] == v && t->base[e - 1] == NK_DEP_AUX)
        e--;
    if (e == 0)
        return false;
    size_t x = e - 1;
    while (x != NK_NONE_TOKEN && t->hd[x] != NK_NONE_TOKEN && t->hd[x] < e && nk_tree_rightmost(t, t->hd[x]) < e &&
           t->hd[x] > 0 && !(t->upos[t->hd[x]] == NK_UPOS_VERB) && nk_tree_leftmost(t, t->hd[x]) > 0 &&
           t->base[t->hd[x]] != NK_DEP_ROOT && nk_tree_leftmost(t, t->hd[x]) > nk_tree_leftmost(t, x) - 8 &&
           (t->dep[x] == NK_DEP_FLAT || t->base[x] == NK_DEP_COMPOUND))
        x = t->hd[x]; /* up to the phrase's head */
    if (!(t->upos[x] == NK_UPOS_NOUN || t->upos[x] == NK_UPOS_PROPN) ||
        !(t->dep[x] == NK_DEP_APPOS || t->dep[x] == NK_DEP_CONJ))
        return false;
    size_t l = nk_tree_leftmost(t, x), h = t->hd[x];
    if (nk_tree_rightmost(t, x) != e - 1 || l < 2 || h == NK_NONE_TOKEN || h >= l)
        return false;
    /* the conjunction before the phrase, a comma before it, hung on the
     * phrase or just before it */
    size_t cc = NK_NONE_TOKEN, p = l;
    while (p < x && (t->upos[p] == NK_UPOS_PUNCT || t->upos[p] == NK_UPOS_CCONJ))
        cc = t->upos[p] == NK_UPOS_CCONJ ? p : cc, p++;
    if (cc == NK_NONE_TOKEN && t->upos[l - 1] == NK_UPOS_CCONJ)
        cc = l - 1;
    if (cc == NK_NONE_TOKEN || would_cycle(t, x, v))
        return false;
    for (size_t i = l; i < p; i++)
        t->hd[i] = v; /* ", and" */
    t->hd[x] = v;
    t->dep[x] = nk_tree_child(t, v, NK_DEP_AUX_PASS) != NK_NONE_TOKEN ? NK_DEP_NSUBJ_PASS : NK_DEP_NSUBJ;
    t->base[x] = NK_DEP_NSUBJ;
    t->hd[cc] = v;
    t->dep[cc] = t->base[cc] = NK_DEP_CC;
    return true;
}

void nk_tree_mend_tags(nk_tree *t, const nk_wordlists *wl, const struct nk_wordnet *wn)
{
    bool opened = false;
    for (size_t i = 0; i < t->n; i++)
        opened = acronym_in_brackets(t, i) || opened;
    if (opened) {
        build_kids(t);
        opened = false;
    }
    for (size_t i = 0; i < t->n; i++)
        opened = name_on_role_noun(t, i) || main_verb_read_as_relative(t, i) || relative_read_as_main(t, i) ||
                 opened;
    if (opened) {
        build_kids(t);
        opened = false;
    }
    for (size_t i = 0; i < t->n; i++)
        opened = subject_in_opening_phrase(t, i) || conjunct_subject_hung_before(t, i) || opened;
    if (opened)
        build_kids(t);
    bool titled = false;
    for (size_t i = 0; i < t->n; i++)
        titled = verb_on_punctuation(t, i) || titled;
    for (size_t i = 0; i < t->n; i++)
        titled = participle_before_title(t, i) || titled;
    if (titled)
        build_kids(t);
    if (!wl)
        return;
    participle_prepositions(t, wl);
    bool clauses = false;
    for (size_t i = 0; i < t->n; i++)
        clauses = subject_read_as_oblique(t, i, wl) || clauses;
    if (clauses)
        build_kids(t);
    clauses = false;
    for (size_t i = 0; i < t->n; i++)
        clauses = reported_clause_read_as_modifier(t, i, wl) || clauses;
    if (clauses)
        build_kids(t);
    clauses = false;
    for (size_t i = 0; i < t->n; i++)
        clauses = object_before_clause(t, i) || clauses;
    if (clauses)
        build_kids(t);
    clauses = false;
    for (size_t i = 0; i < t->n; i++)
        clauses = reported_conjunct(t, i, wl) || clauses;
    if (clauses)
        build_kids(t);
    if (!wn)
        return;
    bool mended = false;
    for (size_t i = 0; i < t->n; i++)
        mended = verb_read_as_adjective(t, i, wn) || participle_read_as_noun(t, i, wn) || mended;
    for (size_t i = 1; i < t->n; i++) {
        const char *f = nk_tree_form(t, i), *lemma = nk_tree_lemma(t, i);
        if ((t->upos[i] != NK_UPOS_NOUN && t->upos[i] != NK_UPOS_ADJ) ||
            !(nk_tree_xpos_is(t, i, "NN") || nk_tree_xpos_is(t, i, "JJ")) || !lemma ||
            strcmp(f, lemma) != 0 || !nk_str_ieq(nk_tree_form(t, i - 1), "to"))
            continue;
        size_t v = verb_before_to(t, i - 1, wl);
        if (v == NK_NONE_TOKEN || !nk_wordlists_has(wl, NK_WL_TO_INFINITIVE, nk_tree_lemma(t, v)) ||
            nk_wordnet_senses(wn, NK_WN_VERB, f, NULL, 0) == 0)
            continue;
        bool bare = true;
        for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1] && bare; k++)
            bare = t->base[t->kids[k]] != NK_DEP_DET && t->dep[t->kids[k]] != NK_DEP_NMOD_POSS;
        if (!bare)
            continue;
        size_t noun = t->hd[i];
        t->upos[i] = NK_UPOS_VERB;
        t->dep[i] = t->base[i] = NK_DEP_XCOMP;
        t->hd[i] = v;
        t->upos[i - 1] = NK_UPOS_PART;
        t->dep[i - 1] = t->base[i - 1] = NK_DEP_MARK;
        t->hd[i - 1] = i;
        /* "double bilateral trade": the noun it was read as modifying */
        if (noun != NK_NONE_TOKEN && noun > i &&
            (t->upos[noun] == NK_UPOS_NOUN || t->upos[noun] == NK_UPOS_PROPN)) {
            t->hd[noun] = i;
            t->dep[noun] = t->base[noun] = NK_DEP_OBJ;
        }
        /* "campaign for the reopening": the phrases after it, hung on it or
         * on the verb, are its obliques */
        for (size_t k = t->kid_start[i]; k < t->kid_start[i + 1]; k++)
            if (t->base[t->kids[k]] == NK_DEP_NMOD && t->kids[k] > i)
                t->dep[t->kids[k]] = t->base[t->kids[k]] = NK_DEP_OBL;
        for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
            size_t c = t->kids[k];
            if (c > i && c != noun && t->base[c] == NK_DEP_OBL && nk_tree_case(t, c))
                t->hd[c] = i;
        }
        mended = true;
    }
    if (mended)
        build_kids(t);
}

bool nk_tree_set_head(nk_tree *t, size_t i, size_t head, nk_dep rel)
{
    if (i >= t->n || head >= t->n || would_cycle(t, i, head))
        return false;
    t->hd[i] = head;
    t->dep[i] = (unsigned char)rel;
    t->base[i] = (unsigned char)nk_dep_base(rel);
    build_kids(t);
    return true;
}

bool nk_tree_descends(const nk_tree *t, size_t i, size_t a)
{
    for (unsigned depth = 0; i != NK_NONE_TOKEN && depth < 16; depth++) {
        if (i == a)
            return true;
        i = nk_tree_head(t, i);
    }
    return false;
}

bool nk_tree_after_comma(const nk_tree *t, size_t i)
{
    size_t b = nk_tree_leftmost(t, i);
    return strcmp(nk_tree_form(t, b), ",") == 0 ||
           (b > 0 && strcmp(nk_tree_form(t, b - 1), ",") == 0);
}

size_t nk_tree_trailing_subject(const nk_tree *t, size_t v, size_t first)
{
    size_t late = NK_NONE_TOKEN;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        size_t ch = t->kids[k];
        if (ch > first && ch < v && nk_tree_rel_is(t, ch, NK_DEP_NSUBJ))
            late = ch;
    }
    if (late == NK_NONE_TOKEN)
        return NK_NONE_TOKEN;
    size_t l = nk_tree_leftmost(t, late);
    if (l == 0 || strcmp(nk_tree_form(t, l - 1), ",") != 0)
        return NK_NONE_TOKEN;
    for (size_t i = late + 1; i < v; i++)
        if (!nk_tree_descends(t, i, late))
            return NK_NONE_TOKEN;
    return late;
}

bool nk_tree_closes_sentence(const nk_tree *t, size_t v)
{
    for (size_t j = v + 1; j < t->n; j++)
        if (!nk_tree_upos_is(t, j, NK_UPOS_PUNCT) && !nk_tree_descends(t, j, v))
            return false;
    return true;
}

/* "arrested three men in Leeds, a spokesman said" with "men" a first
 * subject of speech verb V: that first subject, before the comma, is the
 * object of the verb V hangs on, when it has none. */
static void speaker_not_object(nk_tree *t, size_t v)
{
    size_t late = nk_tree_trailing_subject(t, v, 0);
    size_t h = nk_tree_head(t, v);
    if (late == NK_NONE_TOKEN || h == NK_NONE_TOKEN || h > v || !nk_tree_upos_is(t, h, NK_UPOS_VERB) ||
        nk_tree_child(t, h, NK_DEP_OBJ) != NK_NONE_TOKEN)
        return;
    for (size_t k = t->kid_start[v]; k < t->kid_start[v + 1]; k++) {
        size_t s = t->kids[k];
        if (s > h && s < late && nk_tree_rel_is(t, s, NK_DEP_NSUBJ) &&
            (nk_tree_upos_is(t, s, NK_UPOS_NOUN) || nk_tree_upos_is(t, s, NK_UPOS_PROPN))) {
            nk_tree_set_head(t, s, h, NK_DEP_OBJ);
            return;
        }
    }
}

/* "expelled six diplomats, officials said on Monday" with "officials" a
 * conjunct of "diplomats" and speech verb V without a subject: the noun
 * phrase right before V, after a comma, is its subject. */
static void speaker_before(nk_tree *t, size_t v)
{
    size_t n = v - 1; /* the head of the phrase that ends right before V */
    while (nk_tree_head(t, n) != NK_NONE_TOKEN && nk_tree_head(t, n) < v && nk_tree_head(t, n) > n)
        n = nk_tree_head(t, n);
    while (nk_tree_rel_is(t, n, NK_DEP_FLAT) && nk_tree_head(t, n) < n)
        n = nk_tree_head(t, n);
    if (!(nk_tree_upos_is(t, n, NK_UPOS_NOUN) || nk_tree_upos_is(t, n, NK_UPOS_PROPN)) ||
        !nk_tree_after_comma(t, n) || nk_tree_descends(t, v, n))
        return;
    for (size_t j = nk_tree_leftmost(t, n); j < v; j++)
        if (!nk_tree_descends(t, j, n))
            return;
    nk_tree_set_head(t, n, v, NK_DEP_NSUBJ);
}

void nk_tree_mend_trailing_speaker(nk_tree *t, const nk_wordlists *wl)
{
    size_t v = NK_NONE_TOKEN;
    for (size_t j = t->n; j-- > 1;)
        if (nk_tree_upos_is(t, j, NK_UPOS_VERB)) {
            v = j;
            break;
        }
    if (v == NK_NONE_TOKEN || !nk_wordlists_has(wl, NK_WL_SPEECH, nk_tree_lemma(t, v)) ||
        !nk_tree_closes_sentence(t, v))
        return;
    if (nk_tree_child(t, v, NK_DEP_NSUBJ) == NK_NONE_TOKEN)
        speaker_before(t, v);
    else
        speaker_not_object(t, v);
}
