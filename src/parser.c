/* parser.c: see parser.h.
 *
 * Layout of this file: feature atoms of a sentence, the parser state and its
 * transitions, feature templates (transitions, labels), the two kinds of
 * weight tables (training: float weights with averaging; frozen: pruned,
 * int8 rows with a scale per row behind a slot index), parsing, the dynamic
 * oracle and training, and the model file.
 */
#include "parser.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conllu.h"
#include "hugemem_internal.h"

/* ---- feature atoms ----------------------------------------------------------- */

/* Hashed attributes of each word position.  Index 0 is "no word", 1..n the
 * words, n+1 the artificial root (which sits at the end of the buffer). */
typedef struct atoms {
    uint64_t *w;     /* lower-cased form, digits as 0 */
    uint64_t *x;     /* XPOS */
    uint64_t *p;     /* UPOS */
    uint64_t *l;     /* lemma */
    uint64_t *suf;   /* last three bytes of w */
    uint64_t *shape; /* character classes, runs collapsed */
    /* joint tagging only (else NULL): the tagger's alternative XPOS and
     * UPOS (0: none) and its margin in four buckets */
    uint64_t *ax, *ap, *mb;
} atoms;

#define NATOMS 6

#define ATOM_ROOT 0x524f4f5400000000ULL

static uint64_t hash_str(const char *s, uint64_t seed)
{
    if (!s)
        return seed ^ 0x5f5f5f5fULL;
    return nk_hash64(s, strlen(s), seed);
}

static void word_atoms(const char *form, uint64_t *w, uint64_t *suf,
                       uint64_t *shape)
{
    char low[64], shp[16];
    size_t n = 0, ns = 0;
    if (!form)
        form = "";
    for (const char *c = form; *c && n < sizeof low; c++) {
        unsigned char ch = (unsigned char)*c;
        char o = (char)ch;
        char cls;
        if (ch >= 'A' && ch <= 'Z') {
            o = (char)(ch - 'A' + 'a');
            cls = 'X';
        } else if (ch >= 'a' && ch <= 'z') {
            cls = 'x';
        } else if (ch >= '0' && ch <= '9') {
            o = '0';
            cls = 'd';
        } else if (ch >= 0x80) {
            cls = 'u';
        } else {
            cls = (char)ch;
        }
        low[n++] = o;
        if (ns < sizeof shp && (ns == 0 || shp[ns - 1] != cls))
            shp[ns++] = cls;
    }
    *w = nk_hash64(low, n, 0x1111);
    *suf = nk_hash64(n > 3 ? low + n - 3 : low, n > 3 ? 3 : n, 0x2222);
    *shape = nk_hash64(shp, ns, 0x3333);
}

/* Fill atoms for sentence S; MEM has room for NATOMS * (n + 2) values. */
static void atoms_fill(atoms *a, const nk_sentence *s, uint64_t *mem)
{
    size_t m = s->ntokens + 2;
    a->w = mem;
    a->x = mem + m;
    a->p = mem + 2 * m;
    a->l = mem + 3 * m;
    a->suf = mem + 4 * m;
    a->shape = mem + 5 * m;
    for (size_t k = 0; k < NATOMS; k++)
        mem[k * m] = 0;
    for (size_t i = 0; i < s->ntokens; i++) {
        const nk_token *t = &s->tokens[i];
        size_t j = i + 1;
        word_atoms(t->form, &a->w[j], &a->suf[j], &a->shape[j]);
        a->x[j] = hash_str(t->xpos, 0x4444);
        a->p[j] = hash_str(t->upos, 0x5555);
        a->l[j] = hash_str(t->lemma, 0x6666);
    }
    size_t r = s->ntokens + 1;
    for (size_t k = 0; k < 6; k++)
        mem[k * m + r] = ATOM_ROOT + k;
    a->ax = a->ap = a->mb = NULL;
}

/* The joint-tagging atoms of ALTS (tagger margin up to MAX_MARGIN) in MEM,
 * room for 3 * (n + 2) values. */
static void atoms_alts(atoms *a, const nk_sentence *s, const nk_tag_alt *alts,
                       unsigned max_margin, uint64_t *mem)
{
    size_t m = s->ntokens + 2;
    a->ax = mem;
    a->ap = mem + m;
    a->mb = mem + 2 * m;
    memset(mem, 0, 3 * m * sizeof *mem);
    for (size_t i = 0; i < s->ntokens; i++) {
        if (!alts[i].xpos || !alts[i].upos)
            continue;
        a->ax[i + 1] = hash_str(alts[i].xpos, 0x4444);
        a->ap[i + 1] = hash_str(alts[i].upos, 0x5555);
        uint64_t b = (uint64_t)alts[i].margin * 4 / ((uint64_t)max_margin + 1);
        a->mb[i + 1] = b > 3 ? 3 : b;
    }
}

/* ---- parser state ---------------------------------------------------------------- */

enum { SHIFT = 0, LEFT = 1, RIGHT = 2, NTRANS = 3 };

typedef struct pstate {
    int n;              /* words; the root is n + 1 */
    int *stack;
    int sp;
    int b;              /* front of the buffer, 1..n+1 */
    int *head;          /* 0 = not attached yet; n + 1 = root */
    int *lab;           /* label index, -1 none, ROOT_LABEL for the root arc */
    int *lc1, *lc2, *rc1, *rc2; /* leftmost two, rightmost two children */
    int *nl, *nr;       /* valency */
    uint64_t *lset, *rset; /* labels of left / right children, as bits */
    /* the tags the features see: the atoms' (shared), or in joint tagging
     * the state's own copy, where SHIFT may put the alternative (alt[i] 1) */
    uint64_t *x, *p, *alt;
} pstate;

/* Integers each state needs per position: stack + 9 arrays; plus 2 sets. */
#define STATE_INTS 10

static void state_init(pstate *st, int n, int *imem, uint64_t *umem)
{
    size_t m = (size_t)n + 2;
    st->n = n;
    st->stack = imem;
    st->head = imem + m;
    st->lab = imem + 2 * m;
    st->lc1 = imem + 3 * m;
    st->lc2 = imem + 4 * m;
    st->rc1 = imem + 5 * m;
    st->rc2 = imem + 6 * m;
    st->nl = imem + 7 * m;
    st->nr = imem + 8 * m;
    memset(imem, 0, STATE_INTS * m * sizeof *imem);
    for (size_t i = 0; i < m; i++)
        st->lab[i] = -1;
    st->lset = umem;
    st->rset = umem + m;
    memset(umem, 0, 2 * m * sizeof *umem);
    st->sp = 0;
    st->b = 1;
    st->x = st->p = st->alt = NULL;
}

/* Bind ST's tags: the atoms' when OWN is NULL, else a copy in OWN (room
 * for 3 * (n + 2) values) that SHIFT may change. */
static void state_tags(pstate *st, const atoms *a, uint64_t *own)
{
    size_t m = (size_t)st->n + 2;
    if (!own) {
        st->x = a->x;
        st->p = a->p;
        st->alt = NULL;
        return;
    }
    st->x = own;
    st->p = own + m;
    st->alt = own + 2 * m;
    memcpy(st->x, a->x, m * sizeof *own);
    memcpy(st->p, a->p, m * sizeof *own);
    memset(st->alt, 0, m * sizeof *own);
}

/* Does the word at the front of ST's buffer have a tag alternative? */
static bool front_has_alt(const pstate *st, const atoms *a)
{
    return st->alt && a->ax && st->b <= st->n && a->ax[st->b];
}

/* SHIFT's tag choice J (0: the tagger's, 1: the alternative). */
static void shift_tag(pstate *st, const atoms *a, int j)
{
    if (!j)
        return;
    int b = st->b;
    st->x[b] = a->ax[b];
    st->p[b] = a->ap[b];
    st->alt[b] = 1;
}

static bool state_final(const pstate *st)
{
    return st->sp == 0 && st->b == st->n + 1;
}

static unsigned valid_mask(const pstate *st)
{
    unsigned m = 0;
    if (st->b <= st->n)
        m |= 1u << SHIFT;
    if (st->sp >= 2)
        m |= 1u << RIGHT;
    /* only the last word on the stack may attach to the root */
    if (st->sp >= 1 && (st->b <= st->n || st->sp == 1))
        m |= 1u << LEFT;
    return m;
}

/* The arc a transition would build: *h <- head, *d <- dependent. */
static void arc_of(const pstate *st, int t, int *h, int *d)
{
    *d = st->stack[st->sp - 1];
    *h = t == LEFT ? st->b : st->stack[st->sp - 2];
}

static void attach(pstate *st, int h, int d, int lab)
{
    st->head[d] = h;
    st->lab[d] = lab;
    uint64_t bit = lab >= 0 ? 1ULL << (lab & 63) : 1ULL << 63;
    if (d < h) {
        if (!st->lc1[h] || d < st->lc1[h]) {
            st->lc2[h] = st->lc1[h];
            st->lc1[h] = d;
        } else if (!st->lc2[h] || d < st->lc2[h]) {
            st->lc2[h] = d;
        }
        st->nl[h]++;
        st->lset[h] |= bit;
    } else {
        if (d > st->rc1[h]) {
            st->rc2[h] = st->rc1[h];
            st->rc1[h] = d;
        } else if (d > st->rc2[h]) {
            st->rc2[h] = d;
        }
        st->nr[h]++;
        st->rset[h] |= bit;
    }
}

static void apply(pstate *st, int t, int lab)
{
    if (t == SHIFT) {
        st->stack[st->sp++] = st->b++;
        return;
    }
    int h, d;
    arc_of(st, t, &h, &d);
    attach(st, h, d, lab);
    st->sp--;
}

/* ---- features ---------------------------------------------------------------------- */

static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE uint64_t fh(uint64_t t, uint64_t a, uint64_t b, uint64_t c,
                                 uint64_t d)
{
    uint64_t h = mix(t * 0x9E3779B97F4A7C15ULL ^ a);
    h = mix(h ^ (b + 0x632BE59BD9B4E019ULL));
    if (c | d)
        h = mix(h ^ c ^ (d * 0x94D049BB133111EBULL));
    return h;
}

#define F1(a) (f[nf] = fh(nf + 1, (a), 0, 0, 0), nf++)
#define F2(a, b) (f[nf] = fh(nf + 1, (a), (b), 0, 0), nf++)
#define F3(a, b, c) (f[nf] = fh(nf + 1, (a), (b), (c), 0), nf++)
#define F4(a, b, c, d) (f[nf] = fh(nf + 1, (a), (b), (c), (d)), nf++)

static uint64_t dist_bucket(int a, int b)
{
    if (!a || !b)
        return 0;
    int d = a > b ? a - b : b - a;
    return d <= 4 ? (uint64_t)d : d <= 6 ? 5 : d <= 10 ? 6 : 7;
}

static uint64_t small(int v)
{
    return (uint64_t)(v > 6 ? 6 : v) + 1;
}

#define MAX_TRANS_FEATS 128
#define MAX_LABELS 250
#define MAX_LABELS_PADDED 256

/* Label atom of position i (0 when none). */
static uint64_t lb(const pstate *st, int i)
{
    return i ? (uint64_t)(st->lab[i] + 2) : 0;
}

static uint64_t trans_features(const pstate *st, const atoms *a, uint64_t *f)
{
    uint64_t nf = 0;
    int s0 = st->sp >= 1 ? st->stack[st->sp - 1] : 0;
    int s1 = st->sp >= 2 ? st->stack[st->sp - 2] : 0;
    int s2 = st->sp >= 3 ? st->stack[st->sp - 3] : 0;
    int b0 = st->b;
    int b1 = b0 <= st->n ? b0 + 1 : 0;
    int b2 = b1 && b1 <= st->n ? b1 + 1 : 0;
    int s0l = st->lc1[s0], s0l2 = st->lc2[s0], s0r = st->rc1[s0],
        s0r2 = st->rc2[s0];
    int s1l = st->lc1[s1], s1r = st->rc1[s1];
    int b0l = st->lc1[b0], b0l2 = st->lc2[b0];
    const uint64_t *w = a->w, *x = st->x, *p = st->p, *l = a->l;

    /* single words */
    F1(w[s0]); F1(x[s0]); F2(w[s0], x[s0]); F1(l[s0]); F1(p[s0]);
    F1(w[s1]); F1(x[s1]); F2(w[s1], x[s1]); F1(p[s1]);
    F1(x[s2]);
    F1(w[b0]); F1(x[b0]); F2(w[b0], x[b0]); F1(l[b0]); F1(p[b0]);
    F1(w[b1]); F1(x[b1]); F2(w[b1], x[b1]);
    F1(w[b2]); F1(x[b2]);
    F1(a->suf[b0]); F1(a->shape[b0]); F1(a->suf[s0]); F1(a->shape[b1]);
    /* pairs */
    F2(w[s0], w[b0]); F2(x[s0], x[b0]); F3(w[s0], x[s0], x[b0]);
    F3(x[s0], w[b0], x[b0]); F4(w[s0], x[s0], w[b0], x[b0]);
    F2(w[s0], x[b0]); F2(x[s0], w[b0]);
    F2(w[s1], w[s0]); F2(x[s1], x[s0]); F3(w[s1], x[s1], x[s0]);
    F3(x[s1], w[s0], x[s0]); F2(w[s1], x[s0]); F2(x[s1], w[s0]);
    F2(l[s0], l[b0]); F2(l[s1], l[s0]);
    F2(p[s0], p[b0]); F2(p[s1], p[s0]);
    /* three words */
    F2(x[b0], x[b1]); F3(x[b0], x[b1], x[b2]); F3(x[s0], x[b0], x[b1]);
    F3(x[s1], x[s0], x[b0]); F3(x[s2], x[s1], x[s0]); F3(x[s1], x[s0], x[b1]);
    F3(p[s0], p[b0], p[b1]); F3(p[s1], p[s0], p[b0]);
    /* children */
    F1(x[s0l]); F1(lb(st, s0l)); F1(x[s0r]); F1(lb(st, s0r));
    F1(lb(st, s0l2)); F1(lb(st, s0r2));
    F1(x[b0l]); F1(lb(st, b0l)); F1(lb(st, b0l2)); F1(w[b0l]);
    F1(lb(st, s1l)); F1(lb(st, s1r)); F1(x[s1r]); F1(w[s0r]);
    F3(x[s0], lb(st, s0l), x[b0]); F3(x[s0], lb(st, s0r), x[b0]);
    F3(x[s0], x[b0], lb(st, b0l)); F3(x[s0], x[s0l], x[b0]);
    F3(x[s0], x[s0r], x[b0]); F3(x[s0], x[b0], x[b0l]);
    F3(x[s1], x[s0], lb(st, s0l)); F3(x[s1], x[s0], lb(st, s0r));
    F3(x[s1], lb(st, s1r), x[s0]); F3(x[s1], lb(st, s1l), x[s0]);
    F3(x[s0], lb(st, s0l), lb(st, s0l2)); F3(x[s0], lb(st, s0r), lb(st, s0r2));
    F3(x[b0], lb(st, b0l), lb(st, b0l2));
    /* distance */
    uint64_t d0 = dist_bucket(s0, b0), d1 = dist_bucket(s1, s0);
    F2(w[s0], d0); F2(x[s0], d0); F2(w[b0], d0); F2(x[b0], d0);
    F3(x[s0], x[b0], d0); F3(w[s0], w[b0], d0); F3(x[s1], x[s0], d1);
    F3(w[s1], w[s0], d1);
    /* valency and label sets */
    F2(w[s0], small(st->nr[s0])); F2(x[s0], small(st->nr[s0]));
    F2(w[s0], small(st->nl[s0])); F2(x[s0], small(st->nl[s0]));
    F2(w[b0], small(st->nl[b0])); F2(x[b0], small(st->nl[b0]));
    F2(x[s1], small(st->nr[s1])); F2(x[s1], small(st->nl[s1]));
    F2(w[s0], st->rset[s0]); F2(x[s0], st->lset[s0]);
    F2(x[b0], st->lset[b0]); F2(x[s1], st->rset[s1]);
    F3(x[s0], st->lset[s0], x[b0]);
    /* words, for robustness to tagging errors */
    F2(w[b0], w[b1]); F2(w[s0], w[b1]); F2(w[s0], p[b0]); F2(p[s0], w[b0]);
    F2(w[s1], p[s0]); F2(p[s1], w[s0]); F3(w[s0], w[b0], x[b0]);
    F2(a->suf[s0], a->suf[b0]); F2(a->suf[b0], x[b0]); F2(a->suf[s1], a->suf[s0]);
    F3(p[s0], p[b0], d0); F3(p[s1], p[s0], d1); F1(p[s0l]); F1(p[s0r]); F1(p[b0l]);
    F3(p[s0], p[b0], lb(st, b0l)); F3(p[s1], p[s0], lb(st, s0l));
    /* punctuation and verbs nearby: x of word right of s0 and left of b0 */
    F3(x[s0], x[s0 && s0 < st->n ? s0 + 1 : 0], x[b0]);
    F3(x[s0], x[b0 > 1 && b0 <= st->n ? b0 - 1 : 0], x[b0]);
    return nf;
}

/* Features of the arc H -> D, built when D leaves the stack: by then all of
 * D's dependents are attached, H's only those found so far. */
static uint64_t label_features(const pstate *st, const atoms *a, int h, int d,
                               uint64_t *f)
{
    uint64_t nf = 0;
    const uint64_t *w = a->w, *x = st->x, *p = st->p, *l = a->l;
    uint64_t dir = d < h ? 1 : 2;
    uint64_t dist = dist_bucket(h, d);
    int dl1 = st->lc1[d], dr1 = st->rc1[d], hl1 = st->lc1[h], hr1 = st->rc1[h];
    int dprev = d > 1 ? d - 1 : 0, dnext = d < st->n ? d + 1 : 0;

    F1(w[d]); F1(x[d]); F1(p[d]); F1(l[d]); F1(a->suf[d]); F1(a->shape[d]);
    F2(w[h], dir); F2(x[h], dir); F2(l[h], dir); F1(p[h]);
    F3(x[d], x[h], dir); F3(w[d], x[h], dir); F3(x[d], w[h], dir);
    F3(l[d], l[h], dir); F4(p[d], p[h], dir, dist); F3(x[d], x[h], dist);
    F2(w[d], dir); F3(a->shape[d], x[d], dir);
    F2(w[dl1], x[d]); F2(lb(st, dl1), x[d]); F2(lb(st, dr1), x[d]);
    F2(w[dr1], x[d]); F2(st->lset[d], x[d]); F2(st->rset[d], x[d]);
    F3(st->lset[d], st->rset[d], x[d]);
    F3(small(st->nl[d]), small(st->nr[d]), x[d]);
    F3(w[dl1], l[h], dir); F4(w[dl1], x[h], x[d], dir);
    F3(w[dl1], st->lset[h], dir);
    F4(st->lset[h], x[d], x[h], dir); F3(lb(st, hl1), x[d], dir);
    F3(st->rset[h], x[d], dir); F3(lb(st, hr1), x[d], dir);
    F3(st->lset[d], l[h], dir); F4(st->lset[d], x[h], x[d], dir);
    F2(x[dprev], x[d]); F2(x[dnext], x[d]); F3(x[dprev], x[d], x[h]);
    F4(l[h], x[d], dir, w[dl1]); F3(w[d], w[h], dir);
    F3(x[h], x[h < st->n ? h + 1 : 0], x[d]);
    F2(w[dl1], w[st->lc2[d]]);
    return nf;
}

/* Features of tag choice J (0: the tagger's, 1: its alternative) for the
 * word at the front of the buffer as SHIFT puts it on the stack; scored by
 * the transition table's SHIFT class.  Templates from TAG_TEMPLATES on. */
#define TAG_TEMPLATES 200
#define FT1(a) (f[nf] = fh(TAG_TEMPLATES + nf, (a), 0, 0, 0), nf++)
#define FT2(a, b) (f[nf] = fh(TAG_TEMPLATES + nf, (a), (b), 0, 0), nf++)
#define FT3(a, b, c) (f[nf] = fh(TAG_TEMPLATES + nf, (a), (b), (c), 0), nf++)
static uint64_t tag_features(const pstate *st, const atoms *a, int j, uint64_t *f)
{
    uint64_t nf = 0;
    int b0 = st->b;
    int s0 = st->sp >= 1 ? st->stack[st->sp - 1] : 0;
    int s1 = st->sp >= 2 ? st->stack[st->sp - 2] : 0;
    int b1 = b0 < st->n ? b0 + 1 : 0;
    int b2 = b1 && b1 < st->n ? b1 + 1 : 0;
    const uint64_t *w = a->w, *x = st->x, *p = st->p;
    uint64_t tx = j ? a->ax[b0] : a->x[b0], tp = j ? a->ap[b0] : a->p[b0];
    uint64_t other = j ? a->x[b0] : a->ax[b0];
    uint64_t rank = (uint64_t)j + 1 + 2 * a->mb[b0];
    FT1(rank); FT2(tx, rank); FT3(tx, other, rank); FT2(tp, rank);
    FT2(tx, w[b0]); FT2(tx, a->suf[b0]); FT2(tx, a->shape[b0]);
    FT2(tx, x[s0]); FT3(tx, x[s1], x[s0]); FT2(tx, x[b1]); FT3(tx, x[b1], x[b2]);
    FT3(tx, x[s0], x[b1]); FT2(tp, p[s0]); FT3(tp, p[s0], p[b1]);
    FT2(tx, w[s0]); FT2(tx, w[b1]); FT3(tx, w[b0], x[b1]); FT3(tx, x[s0], w[b0]);
    FT3(tx, x[s0], lb(st, st->rc1[s0])); FT3(tx, x[s0], lb(st, st->lc1[s0]));
    FT3(tx, other, w[b0]);
    return nf;
}

/* ---- weight tables ------------------------------------------------------------------ */

/* Training: NCLASS floats per slot, with sums for averaging. */
typedef struct ttable {
    unsigned bits;
    unsigned nclass;
    float *w;
    double *u;  /* sum over updates of (time * delta) */
} ttable;

/* Frozen: rows kept after pruning, int8 weights times a per-row scale
 * 2^((e - SCALE_BIAS) / 8) coded in one byte e.  For lookups the rows are
 * packed as [e, q0 .. qC-1] with a stride of a multiple of 4 bytes: dense
 * over all slots when C <= 3 (one memory access per feature; a rank
 * directory as below was slower for the transition table, whose rows a
 * fifth of the slots keep), otherwise behind an index of slot -> row + 1
 * (a rank directory, below), with a stride of a multiple of
 * LBLOCK bytes (C = 50: one cache line): the sum over the classes runs in
 * whole blocks of LBLOCK, which the compiler turns into vector code, and
 * the lanes past C (the next row's first bytes; the buffer has LBLOCK
 * bytes of slack at its end) are summed but never read. */
#define LBLOCK 16
#define SCALE_BIAS 200
#define DENSE_MAX_CLASSES 3

/* The index of an indexed table: one 16-byte entry per 64 slots, a bit per
 * slot (kept or not) and the number of kept slots before them, so the row
 * of kept slot s is 1 + that count + the kept slots below s in its word.
 * 2^bits / 4 bytes (256 KB for the label table's 2^20 slots) stay in a
 * core's cache where an array of a row number per slot (4 MB) did not. */
typedef struct rankent {
    uint64_t bits;
    uint32_t base;
    uint32_t unused;
} rankent;

typedef struct ftable {
    unsigned bits;
    unsigned nclass;
    uint32_t nrows;
    /* the saved form, until ftable_pack turns it into the lookup form
     * (nk_parser_save reads the rows back from that) */
    uint32_t *slots;   /* nrows, ascending */
    uint8_t *e;        /* nrows scale codes (never 0) */
    int8_t *q;         /* nrows * nclass */
    /* lookup form */
    size_t stride;
    int8_t *packed;    /* dense: 2^bits rows; indexed: nrows + 1 rows */
    rankent *index;    /* indexed only: 2^bits / 64 entries */
    size_t packed_bytes, index_bytes;
    float scales[256];
} ftable;

static void ttable_init(ttable *t, unsigned bits, unsigned nclass)
{
    size_t n = ((size_t)1 << bits) * nclass;
    t->bits = bits;
    t->nclass = nclass;
    t->w = nk_xcalloc(n, sizeof *t->w);
    t->u = nk_xcalloc(n, sizeof *t->u);
}

static void ttable_free(ttable *t)
{
    free(t->w);
    free(t->u);
}

static void ttable_score(const ttable *t, const uint64_t *f, uint64_t nf,
                         float *out)
{
    uint64_t mask = ((uint64_t)1 << t->bits) - 1;
    unsigned c = t->nclass;
    memset(out, 0, c * sizeof *out);
    for (uint64_t i = 0; i < nf; i++) {
        const float *row = t->w + (size_t)(f[i] & mask) * c;
        for (unsigned k = 0; k < c; k++)
            out[k] += row[k];
    }
}

static void ttable_update(ttable *t, const uint64_t *f, uint64_t nf,
                          unsigned cls, float delta, double now)
{
    uint64_t mask = ((uint64_t)1 << t->bits) - 1;
    for (uint64_t i = 0; i < nf; i++) {
        size_t k = (size_t)(f[i] & mask) * t->nclass + cls;
        t->w[k] += delta;
        t->u[k] += now * delta;
    }
}

static void ftable_free(ftable *t)
{
    free(t->slots);
    free(t->e);
    free(t->q);
    nk_hugemem_free(t->packed, t->packed_bytes);
    nk_hugemem_free(t->index, t->index_bytes);
    memset(t, 0, sizeof *t);
}

static float scale_of(unsigned e)
{
    return (float)exp2(((double)e - SCALE_BIAS) / 8.0);
}

static inline unsigned popcount64(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/* The row of slot S (0 when it was pruned). */
static inline size_t index_row(const rankent *index, size_t s)
{
    const rankent *r = &index[s >> 6];
    uint64_t bit = 1ULL << (s & 63);
    return (r->bits & bit) ? (size_t)r->base + popcount64(r->bits & (bit - 1)) + 1
                           : 0;
}

/* Build the lookup form from slots, e and q. */
static void ftable_pack(ftable *t)
{
    unsigned c = t->nclass;
    for (unsigned e = 0; e < 256; e++)
        t->scales[e] = e ? scale_of(e) : 0.0f;
    t->stride = (1 + (size_t)c + 3) & ~(size_t)3;
    size_t nslots = (size_t)1 << t->bits;
    if (c > DENSE_MAX_CLASSES)
        t->stride = (1 + (size_t)c + LBLOCK - 1) / LBLOCK * LBLOCK;
    if (c <= DENSE_MAX_CLASSES) {
        t->packed_bytes = nslots * t->stride;
        t->packed = nk_hugemem_calloc(t->packed_bytes);
        for (uint32_t r = 0; r < t->nrows; r++) {
            int8_t *row = t->packed + (size_t)t->slots[r] * t->stride;
            row[0] = (int8_t)t->e[r];
            memcpy(row + 1, t->q + (size_t)r * c, c);
        }
    } else {
        t->index_bytes = (nslots + 63) / 64 * sizeof *t->index;
        t->index = nk_hugemem_calloc(t->index_bytes);
        t->packed_bytes = ((size_t)t->nrows + 1) * t->stride + LBLOCK;
        t->packed = nk_hugemem_calloc(t->packed_bytes);
        for (uint32_t r = 0; r < t->nrows; r++) {
            t->index[t->slots[r] >> 6].bits |= 1ULL << (t->slots[r] & 63);
            int8_t *row = t->packed + ((size_t)r + 1) * t->stride;
            row[0] = (int8_t)t->e[r];
            memcpy(row + 1, t->q + (size_t)r * c, c);
        }
    }
    if (t->index) {
        uint32_t before = 0;
        for (size_t i = 0; i < (nslots + 63) / 64; i++) {
            t->index[i].base = before;
            before += popcount64(t->index[i].bits);
        }
    }
    free(t->slots);
    free(t->e);
    free(t->q);
    t->slots = NULL;
    t->e = NULL;
    t->q = NULL;
}

/* The packed row of kept slot S, or NULL when S was pruned. */
static const int8_t *ftable_kept_row(const ftable *t, size_t s)
{
    if (t->index) {
        size_t row = index_row(t->index, s);
        return row ? t->packed + row * t->stride : NULL;
    }
    const int8_t *row = t->packed + s * t->stride;
    return row[0] ? row : NULL;
}

static int cmp_float_desc(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Average, prune and quantise a training table at time NOW. */
static void ftable_freeze(ftable *out, const ttable *t, double now,
                          size_t max_rows)
{
    size_t nslots = (size_t)1 << t->bits;
    unsigned c = t->nclass;
    float *maxabs = nk_xmalloc(nslots * sizeof *maxabs);
    const float tiny = 1e-4f;
    size_t nonzero = 0;
    for (size_t s = 0; s < nslots; s++) {
        float m = 0;
        for (unsigned k = 0; k < c; k++) {
            size_t i = s * c + k;
            float v = (float)fabs((double)t->w[i] - t->u[i] / now);
            if (v > m)
                m = v;
        }
        maxabs[s] = m;
        if (m > tiny)
            nonzero++;
    }
    float thr = tiny;
    if (max_rows && nonzero > max_rows) {
        float *tmp = nk_xmalloc(nonzero * sizeof *tmp);
        size_t j = 0;
        for (size_t s = 0; s < nslots; s++)
            if (maxabs[s] > tiny)
                tmp[j++] = maxabs[s];
        qsort(tmp, nonzero, sizeof *tmp, cmp_float_desc);
        thr = tmp[max_rows - 1];
        free(tmp);
    }
    size_t nrows = 0;
    for (size_t s = 0; s < nslots; s++)
        if (maxabs[s] >= thr && maxabs[s] > tiny)
            nrows++;
    if (max_rows && nrows > max_rows)
        nrows = max_rows; /* ties at the threshold: keep the first ones */
    memset(out, 0, sizeof *out);
    out->bits = t->bits;
    out->nclass = c;
    out->nrows = (uint32_t)nrows;
    out->slots = nk_xmalloc((nrows ? nrows : 1) * sizeof *out->slots);
    out->e = nk_xmalloc(nrows ? nrows : 1);
    out->q = nk_xmalloc((nrows ? nrows : 1) * c);
    size_t r = 0;
    for (size_t s = 0; s < nslots && r < nrows; s++) {
        if (!(maxabs[s] >= thr && maxabs[s] > tiny))
            continue;
        /* the smallest coded scale with maxabs / scale <= 127 */
        double want = (double)maxabs[s] / 127.0;
        long e = lround(ceil(8.0 * log2(want))) + SCALE_BIAS;
        if (e < 1)
            e = 1;
        if (e > 255)
            e = 255;
        double sc = (double)scale_of((unsigned)e);
        out->slots[r] = (uint32_t)s;
        out->e[r] = (uint8_t)e;
        for (unsigned k = 0; k < c; k++) {
            size_t i = s * c + k;
            long qv = lround(((double)t->w[i] - t->u[i] / now) / sc);
            if (qv > 127)
                qv = 127;
            if (qv < -127)
                qv = -127;
            out->q[r * c + k] = (int8_t)qv;
        }
        r++;
    }
    free(maxabs);
    ftable_pack(out);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static void ftable_score(const ftable *t, const uint64_t *f, uint64_t nf,
                         float *out)
{
    uint64_t mask = ((uint64_t)1 << t->bits) - 1;
    unsigned c = t->nclass;
    size_t stride = t->stride;
    const int8_t *rows[MAX_TRANS_FEATS];
    if (nf > MAX_TRANS_FEATS)
        nf = MAX_TRANS_FEATS;
    memset(out, 0, c * sizeof *out);
    if (t->index) {
        /* two rounds of independent loads: the index entries, then the rows */
        for (uint64_t i = 0; i < nf; i++)
            PREFETCH(&t->index[(f[i] & mask) >> 6]);
        for (uint64_t i = 0; i < nf; i++) {
            rows[i] = t->packed + index_row(t->index, f[i] & mask) * stride;
            PREFETCH(rows[i]);
        }
    } else {
        for (uint64_t i = 0; i < nf; i++) {
            rows[i] = t->packed + (size_t)(f[i] & mask) * stride;
            PREFETCH(rows[i]);
        }
    }
    if (c == 3) {
        float s0 = 0, s1 = 0, s2 = 0;
        for (uint64_t i = 0; i < nf; i++) {
            const int8_t *row = rows[i];
            float sc = t->scales[(uint8_t)row[0]];
            s0 += sc * (float)row[1];
            s1 += sc * (float)row[2];
            s2 += sc * (float)row[3];
        }
        out[0] = s0;
        out[1] = s1;
        out[2] = s2;
        return;
    }
    float acc[MAX_LABELS_PADDED];
    size_t cpad = ((size_t)c + LBLOCK - 1) / LBLOCK * LBLOCK;
    memset(acc, 0, cpad * sizeof *acc);
    for (uint64_t i = 0; i < nf; i++) {
        const int8_t *row = rows[i];
        uint8_t e = (uint8_t)row[0];
        if (!e)
            continue;
        float sc = t->scales[e];
        const int8_t *q = row + 1;
        for (size_t k0 = 0; k0 < cpad; k0 += LBLOCK)
            for (size_t j = 0; j < LBLOCK; j++)
                acc[k0 + j] += sc * (float)q[k0 + j];
    }
    memcpy(out, acc, c * sizeof *out);
}

/* ---- the parser ------------------------------------------------------------------------ */


struct nk_parser {
    unsigned beam;      /* default beam width (1: greedy) */
    unsigned joint;     /* joint tagging: the tagger margin trained with (0: none) */
    unsigned nlabels;
    char **labels;      /* relation names, sorted; "root" is not among them */
    ftable trans;       /* NTRANS classes */
    ftable label;       /* nlabels classes */
};

void nk_parser_free(nk_parser *p)
{
    if (!p)
        return;
    for (unsigned i = 0; i < p->nlabels; i++)
        free(p->labels[i]);
    free(p->labels);
    ftable_free(&p->trans);
    ftable_free(&p->label);
    free(p);
}

size_t nk_parser_size(const nk_parser *p)
{
    if (!p)
        return 0;
    size_t n = 0;
    const ftable *t[2] = {&p->trans, &p->label};
    for (int i = 0; i < 2; i++) {
        size_t nslots = (size_t)1 << t[i]->bits;
        n += (size_t)t[i]->nrows * (5 + 2 * (size_t)t[i]->nclass);
        n += t[i]->index ? nslots / 4 + ((size_t)t[i]->nrows + 1) * t[i]->stride
                         : nslots * t[i]->stride;
    }
    return n;
}

static int argmax_masked(const float *s, unsigned n, unsigned mask)
{
    int best = -1;
    for (unsigned k = 0; k < n; k++)
        if ((mask >> k) & 1u)
            if (best < 0 || s[k] > s[best])
                best = (int)k;
    return best;
}

static int argmax(const float *s, unsigned n)
{
    int best = 0;
    for (unsigned k = 1; k < n; k++)
        if (s[k] > s[best])
            best = (int)k;
    return best;
}

#define ROOT_LABEL (-2)

/* Scratch for one sentence of N words. */
typedef struct scratch {
    int *imem;
    uint64_t *umem;
    uint64_t *amem;
} scratch;

static size_t scratch_bytes(size_t n)
{
    size_t m = n + 2;
    return STATE_INTS * m * sizeof(int) + 2 * m * sizeof(uint64_t) +
           NATOMS * m * sizeof(uint64_t);
}

static void scratch_carve(scratch *sc, void *mem, size_t n)
{
    size_t m = n + 2;
    char *c = mem;
    sc->umem = (uint64_t *)(void *)c;
    sc->amem = sc->umem + 2 * m;
    sc->imem = (int *)(void *)(sc->amem + NATOMS * m);
}

static void state_output(const nk_parser *p, const pstate *st, nk_sentence *s);

static void nk_parser_parse_greedy(const nk_parser *p, nk_sentence *s,
                                   nk_arena *arena)
{
    size_t n = s->ntokens;
    if (n == 0)
        return;
    scratch sc;
    void *mem = nk_arena_alloc(arena, scratch_bytes(n));
    scratch_carve(&sc, mem, n);
    atoms a;
    atoms_fill(&a, s, sc.amem);
    pstate st;
    state_init(&st, (int)n, sc.imem, sc.umem);
    state_tags(&st, &a, NULL);
    uint64_t f[MAX_TRANS_FEATS];
    float score[NTRANS];
    float lscore[MAX_LABELS];
    while (!state_final(&st)) {
        unsigned valid = valid_mask(&st);
        uint64_t nf = trans_features(&st, &a, f);
        ftable_score(&p->trans, f, nf, score);
        int t = argmax_masked(score, NTRANS, valid);
        int lab = -1;
        if (t != SHIFT) {
            int h, d;
            arc_of(&st, t, &h, &d);
            if (h == st.n + 1) {
                lab = ROOT_LABEL;
            } else {
                nf = label_features(&st, &a, h, d, f);
                ftable_score(&p->label, f, nf, lscore);
                lab = argmax(lscore, p->nlabels);
            }
        }
        apply(&st, t, lab);
    }
    state_output(p, &st, s);
}

/* ---- beam search ------------------------------------------------------------------ */

static void state_copy(pstate *dst, const pstate *src)
{
    size_t m = (size_t)src->n + 2;
    memcpy(dst->stack, src->stack, STATE_INTS * m * sizeof *dst->stack);
    memcpy(dst->lset, src->lset, 2 * m * sizeof *dst->lset);
    dst->sp = src->sp;
    dst->b = src->b;
    if (dst->alt) {
        memcpy(dst->x, src->x, m * sizeof *dst->x);
        memcpy(dst->p, src->p, m * sizeof *dst->p);
        memcpy(dst->alt, src->alt, m * sizeof *dst->alt);
    }
}

/* One candidate successor in the beam: hypothesis HYP extended by TRANS. */
typedef struct cand {
    double score;
    int hyp;
    int trans;
    int tag;    /* SHIFT in joint tagging: 1 takes the tag alternative */
} cand;

/* Is X better than Y?  Ties by hypothesis then transition (deterministic). */
static bool cand_better(const cand *x, const cand *y)
{
    if (x->score != y->score)
        return x->score > y->score;
    if (x->hyp != y->hyp)
        return x->hyp < y->hyp;
    if (x->trans != y->trans)
        return x->trans < y->trans;
    return x->tag < y->tag;
}

/* Keep the best K of C[0..n) in order at the front; returns how many. */
static unsigned top_k(cand *c, unsigned n, unsigned k)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < n; i++) {
        cand x = c[i];
        unsigned j = kept < k ? kept++ : k;
        if (j == k && !cand_better(&x, &c[k - 1]))
            continue;
        if (j == k)
            j = k - 1;
        while (j > 0 && cand_better(&x, &c[j - 1])) {
            c[j] = c[j - 1];
            j--;
        }
        c[j] = x;
    }
    return kept;
}

/* Beam memory for K hypotheses of a sentence of N words: two generations
 * of states (current and next), their scores and the candidates. */
typedef struct beamset {
    unsigned k;
    size_t n;
    pstate *cur, *nxt;
    double *score, *nscore;
    int *gold, *ngold;      /* training: hypothesis is the gold prefix */
    cand *cands;
    void *mem;
} beamset;

/* Joint tagging (A has alternatives): each state keeps its own tags. */
static void beam_init(beamset *bm, unsigned k, size_t n, const atoms *a)
{
    size_t m = n + 2;
    bool joint = a->ax != NULL;
    size_t ints = STATE_INTS * m, u64s = (joint ? 5 : 2) * m;
    size_t per = ints * sizeof(int) + u64s * sizeof(uint64_t);
    per = (per + 15) & ~(size_t)15;
    bm->k = k;
    bm->n = n;
    bm->mem = nk_xmalloc(2 * (size_t)k * per);
    bm->cur = nk_xmalloc(2 * (size_t)k * sizeof *bm->cur);
    bm->nxt = bm->cur + k;
    bm->score = nk_xmalloc(2 * (size_t)k * sizeof *bm->score);
    bm->nscore = bm->score + k;
    bm->gold = nk_xmalloc(2 * (size_t)k * sizeof *bm->gold);
    bm->ngold = bm->gold + k;
    bm->cands = nk_xmalloc((NTRANS + 1) * (size_t)k * sizeof *bm->cands);
    for (size_t i = 0; i < 2 * (size_t)k; i++) {
        char *c = (char *)bm->mem + i * per;
        uint64_t *u = (uint64_t *)(void *)c;
        int *im = (int *)(void *)(u + u64s);
        state_init(&bm->cur[i], (int)n, im, u);
        state_tags(&bm->cur[i], a, joint ? u + 2 * m : NULL);
    }
}

static void beam_free(beamset *bm)
{
    free(bm->mem);
    free(bm->cur);
    free(bm->score);
    free(bm->gold);
    free(bm->cands);
}

/* Scores of the classes of a weight table (frozen or training) for the
 * features F[0..nf): the beam search runs on either. */
typedef void (*score_fn)(const void *table, const uint64_t *f, uint64_t nf,
                         float *out);

static void score_frozen(const void *table, const uint64_t *f, uint64_t nf,
                         float *out)
{
    ftable_score(table, f, nf, out);
}

/* The label of the arc transition T builds in ST (-1 for SHIFT), by the
 * label model TABLE of NLABELS classes. */
static int arc_label(const pstate *st, const atoms *a, int t, score_fn score,
                     const void *table, unsigned nlabels)
{
    if (t == SHIFT)
        return -1;
    int h, d;
    arc_of(st, t, &h, &d);
    if (h == st->n + 1)
        return ROOT_LABEL;
    uint64_t f[MAX_TRANS_FEATS];
    float lscore[MAX_LABELS];
    uint64_t nf = label_features(st, a, h, d, f);
    score(table, f, nf, lscore);
    return argmax(lscore, nlabels);
}

/* The candidates of one beam step: every valid transition of the LIVE
 * hypotheses, scored by the transition model TABLE; the best K of them are
 * left at the front of bm->cands, and their number is returned. */
static unsigned beam_expand(beamset *bm, unsigned live, const atoms *a,
                            score_fn score, const void *table, unsigned k)
{
    uint64_t f[MAX_TRANS_FEATS];
    float sc[NTRANS];
    unsigned nc = 0;
    for (unsigned i = 0; i < live; i++) {
        const pstate *st = &bm->cur[i];
        unsigned valid = valid_mask(st);
        uint64_t nf = trans_features(st, a, f);
        score(table, f, nf, sc);
        for (int t = 0; t < NTRANS; t++) {
            if (!((valid >> t) & 1u))
                continue;
            if (t == SHIFT && front_has_alt(st, a)) {
                /* the word's tag is chosen with the transition */
                for (int j = 0; j < 2; j++) {
                    float tsc[NTRANS];
                    nf = tag_features(st, a, j, f);
                    score(table, f, nf, tsc);
                    bm->cands[nc++] = (cand){bm->score[i] + (double)sc[t] + (double)tsc[SHIFT],
                                             (int)i, t, j};
                }
                continue;
            }
            bm->cands[nc++] = (cand){bm->score[i] + (double)sc[t], (int)i, t, 0};
        }
    }
    return top_k(bm->cands, nc, k);
}

/* Write the tree of ST into S. */
static void state_output(const nk_parser *p, const pstate *st, nk_sentence *s)
{
    for (size_t i = 0; i < s->ntokens; i++) {
        nk_token *tok = &s->tokens[i];
        int h = st->head[i + 1];
        tok->head = h == st->n + 1 ? 0 : h;
        tok->deprel = st->lab[i + 1] == ROOT_LABEL ? "root"
                      : st->lab[i + 1] >= 0 ? p->labels[st->lab[i + 1]]
                                            : "dep";
    }
}

void nk_parser_parse_pruned(const nk_parser *p, nk_sentence *s, nk_arena *arena,
                            unsigned k, double margin, const nk_tag_alt *alts)
{
    if (!k)
        k = p->beam ? p->beam : 1;
    if (k == 1) {
        nk_parser_parse_greedy(p, s, arena);
        return;
    }
    size_t n = s->ntokens;
    if (n == 0)
        return;
    bool joint = alts && p->joint;
    uint64_t *amem = nk_arena_alloc(arena, (NATOMS + 3) * (n + 2) * sizeof *amem);
    atoms a;
    atoms_fill(&a, s, amem);
    if (joint)
        atoms_alts(&a, s, alts, p->joint, amem + NATOMS * (n + 2));
    beamset bm;
    beam_init(&bm, k, n, &a);
    unsigned live = 1;
    bm.score[0] = 0;
    while (!state_final(&bm.cur[0])) {
        unsigned next = beam_expand(&bm, live, &a, score_frozen, &p->trans, k);
        /* pruning: the candidates too far below the best one are dropped */
        if (margin > 0)
            while (next > 1 && bm.cands[next - 1].score < bm.cands[0].score - margin)
                next--;
        for (unsigned j = 0; j < next; j++) {
            const cand *c = &bm.cands[j];
            pstate *dst = &bm.nxt[j];
            state_copy(dst, &bm.cur[c->hyp]);
            if (c->trans == SHIFT)
                shift_tag(dst, &a, c->tag);
            apply(dst, c->trans,
                  arc_label(dst, &a, c->trans, score_frozen, &p->label, p->nlabels));
            bm.nscore[j] = c->score;
        }
        pstate *tmp = bm.cur;
        bm.cur = bm.nxt;
        bm.nxt = tmp;
        double *ts = bm.score;
        bm.score = bm.nscore;
        bm.nscore = ts;
        live = next;
    }
    state_output(p, &bm.cur[0], s);
    if (joint)
        for (size_t i = 0; i < n; i++)
            if (bm.cur[0].alt[i + 1]) {
                s->tokens[i].xpos = alts[i].xpos;
                s->tokens[i].upos = alts[i].upos;
            }
    /* the arrays were swapped: free through the lower addresses */
    if (bm.nxt < bm.cur)
        bm.cur = bm.nxt;
    if (bm.nscore < bm.score)
        bm.score = bm.nscore;
    beam_free(&bm);
}

void nk_parser_parse_joint(const nk_parser *p, nk_sentence *s, nk_arena *arena,
                           unsigned k, const nk_tag_alt *alts)
{
    nk_parser_parse_pruned(p, s, arena, k, 0, alts);
}

void nk_parser_parse_beam(const nk_parser *p, nk_sentence *s, nk_arena *arena,
                          unsigned k)
{
    nk_parser_parse_joint(p, s, arena, k, NULL);
}

unsigned nk_parser_joint_margin(const nk_parser *p)
{
    return p ? p->joint : 0;
}

void nk_parser_parse(const nk_parser *p, nk_sentence *s, nk_arena *arena)
{
    nk_parser_parse_beam(p, s, arena, 0);
}

unsigned nk_parser_beam(const nk_parser *p)
{
    return p && p->beam ? p->beam : 1;
}

/* ---- training ------------------------------------------------------------------------------ */

/* A training sentence: gold heads (internal numbering, root = n + 1, after
 * projectivisation) and label indices. */
typedef struct tsent {
    const nk_sentence *s;
    int *gh;
    int *gl;
    const nk_tag_alt *alts; /* joint tagging, else NULL */
} tsent;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int label_index(const char **labels, unsigned n, const char *rel)
{
    const char *const *hit = bsearch(&rel, labels, n, sizeof *labels, cmp_str);
    return hit ? (int)(hit - labels) : -1;
}

/* Is H an ancestor of K under heads GH (1-based, 0 = root)? */
static bool dominates(const int *gh, int n, int h, int k)
{
    for (int steps = 0; k != 0 && steps <= n; steps++) {
        if (k == h)
            return true;
        k = gh[k];
    }
    return h == 0;
}

/* Lift non-projective arcs (shortest first) until GH (1-based, 0 = root)
 * is projective.  Returns the number of lifts. */
static int projectivise(int *gh, int n)
{
    int lifts = 0;
    for (;;) {
        int best = 0, bestlen = 0;
        for (int d = 1; d <= n; d++) {
            int h = gh[d];
            int lo = h < d ? h : d, hi = h < d ? d : h;
            int len = hi - lo;
            if (best && len >= bestlen)
                continue;
            for (int k = lo + 1; k < hi; k++)
                if (!dominates(gh, n, h, k)) {
                    best = d;
                    bestlen = len;
                    break;
                }
        }
        if (!best || gh[best] == 0 || lifts > 4 * n)
            return lifts;
        gh[best] = gh[gh[best]];
        lifts++;
    }
}

/* A sentence is usable when every word has a head inside it, exactly one
 * word is the root and the heads form a tree. */
static bool tree_ok(const nk_sentence *s)
{
    int n = (int)s->ntokens, roots = 0;
    if (n == 0)
        return false;
    for (int i = 0; i < n; i++) {
        int h = s->tokens[i].head;
        if (h < 0 || h > n || h == i + 1 || !s->tokens[i].deprel)
            return false;
        if (h == 0)
            roots++;
        int k = h, steps = 0;
        while (k != 0 && steps++ <= n)
            k = s->tokens[k - 1].head;
        if (k != 0)
            return false;
    }
    return roots == 1;
}

/* Cost (gold arcs made unreachable) of each valid transition. */
static void costs(const pstate *st, const int *gh, unsigned valid, int *cost)
{
    int n = st->n;
    int s0 = st->sp >= 1 ? st->stack[st->sp - 1] : 0;
    int s1 = st->sp >= 2 ? st->stack[st->sp - 2] : 0;
    int b0 = st->b;
    int kids_in_buffer = 0;
    if (s0)
        for (int k = b0; k <= n; k++)
            if (gh[k] == s0)
                kids_in_buffer++;
    if (valid & (1u << LEFT)) {
        int c = kids_in_buffer;
        if (gh[s0] != b0 && ((s1 && gh[s0] == s1) || gh[s0] > b0))
            c++;
        cost[LEFT] = c;
    }
    if (valid & (1u << RIGHT)) {
        int c = kids_in_buffer;
        if (gh[s0] >= b0)
            c++;
        cost[RIGHT] = c;
    }
    if (valid & (1u << SHIFT)) {
        int c = 0;
        for (int i = 0; i < st->sp; i++) {
            int k = st->stack[i];
            if (gh[k] == b0)
                c++;
            if (i < st->sp - 1 && gh[b0] == k)
                c++;
        }
        cost[SHIFT] = c;
    }
}

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct trainer {
    ttable trans, label;
    double now;
    unsigned nlabels;
    size_t trans_err, label_err, steps, arcs;
} trainer;

static void train_sentence(trainer *tr, const tsent *ts, bool explore_on,
                           double explore, rng *r, void *mem)
{
    size_t n = ts->s->ntokens;
    scratch sc;
    scratch_carve(&sc, mem, n);
    atoms a;
    atoms_fill(&a, ts->s, sc.amem);
    pstate st;
    state_init(&st, (int)n, sc.imem, sc.umem);
    state_tags(&st, &a, NULL);
    uint64_t f[MAX_TRANS_FEATS];
    float score[NTRANS];
    float lscore[MAX_LABELS];
    const int *gh = ts->gh;
    while (!state_final(&st)) {
        unsigned valid = valid_mask(&st);
        uint64_t nf = trans_features(&st, &a, f);
        ttable_score(&tr->trans, f, nf, score);
        int cost[NTRANS] = {0, 0, 0};
        costs(&st, gh, valid, cost);
        int pred = argmax_masked(score, NTRANS, valid);
        int mincost = 1 << 30;
        for (int t = 0; t < NTRANS; t++)
            if (((valid >> t) & 1u) && cost[t] < mincost)
                mincost = cost[t];
        unsigned goldmask = 0;
        for (int t = 0; t < NTRANS; t++)
            if (((valid >> t) & 1u) && cost[t] == mincost)
                goldmask |= 1u << t;
        int gold = argmax_masked(score, NTRANS, goldmask);
        tr->now += 1;
        tr->steps++;
        int follow = gold;
        if (!((goldmask >> pred) & 1u)) {
            tr->trans_err++;
            ttable_update(&tr->trans, f, nf, (unsigned)gold, 1.0f, tr->now);
            ttable_update(&tr->trans, f, nf, (unsigned)pred, -1.0f, tr->now);
            if (explore_on && rng_unit(r) < explore)
                follow = pred;
        } else {
            follow = pred;
        }
        int lab = -1;
        if (follow != SHIFT) {
            int h, d;
            arc_of(&st, follow, &h, &d);
            if (h == st.n + 1) {
                lab = ROOT_LABEL;
            } else {
                nf = label_features(&st, &a, h, d, f);
                ttable_score(&tr->label, f, nf, lscore);
                lab = argmax(lscore, tr->nlabels);
                if (gh[d] == h && ts->gl[d] >= 0) {
                    tr->arcs++;
                    if (lab != ts->gl[d]) {
                        tr->label_err++;
                        ttable_update(&tr->label, f, nf, (unsigned)ts->gl[d], 1.0f, tr->now);
                        ttable_update(&tr->label, f, nf, (unsigned)lab, -1.0f, tr->now);
                        lab = ts->gl[d];
                    }
                }
            }
        }
        apply(&st, follow, lab);
    }
}

/* The zero-cost transition from ST (arcs first): the static oracle that
 * global training follows. */
static int oracle_transition(const pstate *st, const int *gh)
{
    unsigned valid = valid_mask(st);
    int cost[NTRANS] = {1 << 20, 1 << 20, 1 << 20};
    costs(st, gh, valid, cost);
    static const int pref[NTRANS] = {LEFT, RIGHT, SHIFT};
    int best = -1;
    for (int i = 0; i < NTRANS; i++) {
        int t = pref[i];
        if (((valid >> t) & 1u) && (best < 0 || cost[t] < cost[best]))
            best = t;
    }
    return best;
}

static void score_training(const void *table, const uint64_t *f, uint64_t nf,
                           float *out)
{
    ttable_score(table, f, nf, out);
}

/* One sentence of global training: beam search of width K beside the gold
 * sequence; the perceptron is updated at the step of maximum violation
 * (Huang, Fayong & Guo 2012), gold transitions up, the beam's best down.
 * The label model learns locally on the gold sequence's arcs. */
static void train_sentence_beam(trainer *tr, const tsent *ts, unsigned k,
                                unsigned joint_margin)
{
    size_t n = ts->s->ntokens;
    size_t steps = 2 * n;
    const int *gh = ts->gh;
    size_t m = n + 2;
    bool joint = ts->alts && joint_margin;
    uint64_t *amem = nk_xmalloc((NATOMS + 3) * m * sizeof *amem);
    atoms a;
    atoms_fill(&a, ts->s, amem);
    if (joint)
        atoms_alts(&a, ts->s, ts->alts, joint_margin, amem + NATOMS * m);
    beamset bm;
    beam_init(&bm, k, n, &a);
    /* gold state (one more state block) and a replay state */
    int *gimem = nk_xmalloc(2 * STATE_INTS * m * sizeof *gimem);
    uint64_t *gumem = nk_xmalloc(4 * m * sizeof *gumem);
    uint64_t *gtags = joint ? nk_xmalloc(6 * m * sizeof *gtags) : NULL;
    pstate gst, rst;
    state_init(&gst, (int)n, gimem, gumem);
    state_tags(&gst, &a, gtags);
    /* history: per step and beam slot, the parent slot, transition, label,
     * tag choice */
    int *hpar = nk_xmalloc(4 * steps * k * sizeof *hpar);
    int *htr = hpar + steps * k, *hlab = htr + steps * k, *htag = hlab + steps * k;
    int *gtr = nk_xmalloc(3 * steps * sizeof *gtr), *glab = gtr + steps,
        *gtag = glab + steps;
    uint64_t f[MAX_TRANS_FEATS];
    float sc[NTRANS];
    float lscore[MAX_LABELS];
    unsigned live = 1;
    bm.score[0] = 0;
    bm.gold[0] = 1;
    double gscore = 0, maxv = -1;
    size_t tstar = 0;
    tr->now += 1;
    for (size_t step = 0; step < steps; step++) {
        /* the gold step: its score, and the label model's lesson */
        int gt = oracle_transition(&gst, gh);
        uint64_t nf = trans_features(&gst, &a, f);
        ttable_score(&tr->trans, f, nf, sc);
        gscore += (double)sc[gt];
        /* the gold tag choice: the alternative when it is the gold tag */
        int gj = 0;
        if (gt == SHIFT && front_has_alt(&gst, &a)) {
            gj = ts->alts[gst.b - 1].gold == 1;
            nf = tag_features(&gst, &a, gj, f);
            ttable_score(&tr->trans, f, nf, sc);
            gscore += (double)sc[SHIFT];
        }
        int gl = -1;
        if (gt != SHIFT) {
            int h, d;
            arc_of(&gst, gt, &h, &d);
            if (h == gst.n + 1) {
                gl = ROOT_LABEL;
            } else {
                gl = ts->gl[d];
                nf = label_features(&gst, &a, h, d, f);
                ttable_score(&tr->label, f, nf, lscore);
                int lab = argmax(lscore, tr->nlabels);
                if (gh[d] == h && gl >= 0) {
                    tr->arcs++;
                    if (lab != gl) {
                        tr->label_err++;
                        ttable_update(&tr->label, f, nf, (unsigned)gl, 1.0f, tr->now);
                        ttable_update(&tr->label, f, nf, (unsigned)lab, -1.0f, tr->now);
                    }
                }
                if (gl < 0)
                    gl = lab;
            }
        }
        gtr[step] = gt;
        glab[step] = gl;
        gtag[step] = gj;
        /* the beam step */
        unsigned next = beam_expand(&bm, live, &a, score_training, &tr->trans, k);
        for (unsigned j = 0; j < next; j++) {
            const cand *c = &bm.cands[j];
            pstate *dst = &bm.nxt[j];
            state_copy(dst, &bm.cur[c->hyp]);
            bool gold = bm.gold[c->hyp] && c->trans == gt && c->tag == gj;
            if (c->trans == SHIFT)
                shift_tag(dst, &a, c->tag);
            int lab = gold ? gl
                           : arc_label(dst, &a, c->trans, score_training, &tr->label,
                                       tr->nlabels);
            apply(dst, c->trans, lab);
            bm.nscore[j] = c->score;
            bm.ngold[j] = gold;
            hpar[step * k + j] = c->hyp;
            htr[step * k + j] = c->trans;
            hlab[step * k + j] = lab;
            htag[step * k + j] = c->tag;
        }
        if (gt == SHIFT)
            shift_tag(&gst, &a, gj);
        apply(&gst, gt, gl);
        pstate *tp = bm.cur;
        bm.cur = bm.nxt;
        bm.nxt = tp;
        double *tsc = bm.score;
        bm.score = bm.nscore;
        bm.nscore = tsc;
        int *tg = bm.gold;
        bm.gold = bm.ngold;
        bm.ngold = tg;
        live = next;
        double v = bm.score[0] - gscore;
        if (!bm.gold[0] && v >= 0 && v > maxv) {
            maxv = v;
            tstar = step + 1;
        }
    }
    tr->steps++;
    if (tstar) {
        tr->trans_err++;
        /* the predicted prefix: follow the parents back from slot 0 */
        int *ptr = nk_xmalloc(3 * tstar * sizeof *ptr), *plab = ptr + tstar,
            *ptag = plab + tstar;
        int slot = 0;
        for (size_t st = tstar; st-- > 0;) {
            ptr[st] = htr[st * k + (size_t)slot];
            plab[st] = hlab[st * k + (size_t)slot];
            ptag[st] = htag[st * k + (size_t)slot];
            slot = hpar[st * k + (size_t)slot];
        }
        state_init(&rst, (int)n, gimem + STATE_INTS * m, gumem + 2 * m);
        state_tags(&rst, &a, gtags ? gtags + 3 * m : NULL);
        state_init(&gst, (int)n, gimem, gumem);
        state_tags(&gst, &a, gtags);
        /* before the first difference the two prefixes reach the same
         * states and their updates would cancel */
        size_t first = 0;
        while (first < tstar && gtr[first] == ptr[first] && glab[first] == plab[first] &&
               gtag[first] == ptag[first])
            first++;
        for (size_t st = 0; st < tstar; st++) {
            if (st >= first) {
                uint64_t nf = trans_features(&gst, &a, f);
                ttable_update(&tr->trans, f, nf, (unsigned)gtr[st], 1.0f, tr->now);
                if (gtr[st] == SHIFT && front_has_alt(&gst, &a)) {
                    nf = tag_features(&gst, &a, gtag[st], f);
                    ttable_update(&tr->trans, f, nf, SHIFT, 1.0f, tr->now);
                }
                nf = trans_features(&rst, &a, f);
                ttable_update(&tr->trans, f, nf, (unsigned)ptr[st], -1.0f, tr->now);
                if (ptr[st] == SHIFT && front_has_alt(&rst, &a)) {
                    nf = tag_features(&rst, &a, ptag[st], f);
                    ttable_update(&tr->trans, f, nf, SHIFT, -1.0f, tr->now);
                }
            }
            if (gtr[st] == SHIFT)
                shift_tag(&gst, &a, gtag[st]);
            apply(&gst, gtr[st], glab[st]);
            if (ptr[st] == SHIFT)
                shift_tag(&rst, &a, ptag[st]);
            apply(&rst, ptr[st], plab[st]);
        }
        free(ptr);
    }
    free(gtr);
    free(hpar);
    free(gimem);
    free(gumem);
    free(gtags);
    free(amem);
    if (bm.nxt < bm.cur)
        bm.cur = bm.nxt;
    if (bm.nscore < bm.score)
        bm.score = bm.nscore;
    if (bm.ngold < bm.gold)
        bm.gold = bm.ngold;
    beam_free(&bm);
}

/* Parse a copy of DEV's sentences with P and score UAS/LAS. */
static void score_dev(const nk_parser *p, const nk_doc *dev,
                      const nk_tag_alt *const *alts, double *uas, double *las)
{
    size_t total = 0, uh = 0, lh = 0;
    nk_arena *arena = nk_arena_new();
    for (size_t i = 0; i < dev->nsentences; i++) {
        const nk_sentence *g = &dev->sentences[i];
        nk_sentence s = nk_sentence_copy(g, arena);
        nk_parser_parse_joint(p, &s, arena, 0, alts ? alts[i] : NULL);
        for (size_t k = 0; k < g->ntokens; k++) {
            const nk_token *gt = &g->tokens[k], *st = &s.tokens[k];
            total++;
            if (gt->head == st->head) {
                uh++;
                size_t gl = strcspn(gt->deprel ? gt->deprel : "", ":");
                size_t sl = strcspn(st->deprel, ":");
                if (gt->deprel && gl == sl && strncmp(gt->deprel, st->deprel, gl) == 0)
                    lh++;
            }
        }
    }
    nk_arena_free(arena);
    *uas = total ? 100.0 * (double)uh / (double)total : 0;
    *las = total ? 100.0 * (double)lh / (double)total : 0;
}

static nk_parser *freeze(const trainer *tr, const char **labels,
                         size_t max_rows, size_t max_label_rows, unsigned beam,
                         unsigned joint)
{
    nk_parser *p = nk_xcalloc(1, sizeof *p);
    p->beam = beam ? beam : 1;
    p->joint = joint;
    p->nlabels = tr->nlabels;
    p->labels = nk_xcalloc(tr->nlabels, sizeof *p->labels);
    for (unsigned i = 0; i < tr->nlabels; i++)
        p->labels[i] = nk_xstrdup(labels[i]);
    ftable_freeze(&p->trans, &tr->trans, tr->now, max_rows);
    ftable_freeze(&p->label, &tr->label, tr->now, max_label_rows);
    return p;
}

int nk_parser_train(nk_parser **out, const nk_doc *const *docs, size_t ndocs,
                    const nk_parser_train_options *opts, nk_diag_sink *sink)
{
    *out = NULL;
    nk_parser_train_options o = NK_PARSER_TRAIN_OPTIONS_INIT;
    if (opts) {
        if (opts->version != NK_PARSER_TRAIN_OPTIONS_VERSION) {
            nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                           "parser: unknown training options version %u",
                           opts->version);
            return NK_ERR_INVALID;
        }
        o = *opts;
    }
    if ((o.trans_bits && (o.trans_bits < 8 || o.trans_bits > 26)) ||
        (o.label_bits && (o.label_bits < 8 || o.label_bits > 24))) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "parser: hash table size out of range");
        return NK_ERR_INVALID;
    }
    /* the relation inventory */
    size_t cap = 64, nl = 0;
    const char **labels = nk_xmalloc(cap * sizeof *labels);
    size_t nsent = 0, maxn = 0;
    for (size_t di = 0; di < ndocs; di++)
        for (size_t si = 0; si < docs[di]->nsentences; si++) {
            const nk_sentence *s = &docs[di]->sentences[si];
            if (!tree_ok(s))
                continue;
            nsent++;
            if (s->ntokens > maxn)
                maxn = s->ntokens;
            for (size_t k = 0; k < s->ntokens; k++) {
                const char *rel = s->tokens[k].deprel;
                if (s->tokens[k].head == 0 || strcmp(rel, "root") == 0)
                    continue;
                bool seen = false;
                for (size_t j = 0; j < nl && !seen; j++)
                    seen = strcmp(labels[j], rel) == 0;
                if (seen)
                    continue;
                if (nl == cap) {
                    cap *= 2;
                    labels = nk_xrealloc(labels, cap * sizeof *labels);
                }
                labels[nl++] = rel;
            }
        }
    if (nsent == 0 || nl == 0 || nl > MAX_LABELS) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       nsent == 0 ? "parser: no complete trees to train on"
                                  : "parser: bad number of relations (%zu)", nl);
        free((void *)labels);
        return NK_ERR_INVALID;
    }
    qsort(labels, nl, sizeof *labels, cmp_str);
    /* joint tagging: the tag alternatives of every sentence */
    unsigned joint = o.beam > 1 && o.alts ? o.joint_margin : 0;
    /* gold trees */
    tsent *ts = nk_xcalloc(nsent, sizeof *ts);
    size_t j = 0, lifted = 0, words = 0, sentno = 0;
    for (size_t di = 0; di < ndocs; di++)
        for (size_t si = 0; si < docs[di]->nsentences; si++, sentno++) {
            const nk_sentence *s = &docs[di]->sentences[si];
            if (!tree_ok(s))
                continue;
            int n = (int)s->ntokens;
            ts[j].s = s;
            ts[j].alts = joint ? o.alts[sentno] : NULL;
            ts[j].gh = nk_xcalloc((size_t)n + 2, sizeof(int));
            ts[j].gl = nk_xcalloc((size_t)n + 2, sizeof(int));
            for (int k = 1; k <= n; k++) {
                ts[j].gh[k] = s->tokens[k - 1].head;
                const char *rel = s->tokens[k - 1].deprel;
                ts[j].gl[k] = ts[j].gh[k] == 0 ? ROOT_LABEL
                                               : label_index(labels, (unsigned)nl, rel);
            }
            lifted += (size_t)projectivise(ts[j].gh, n);
            for (int k = 1; k <= n; k++)
                if (ts[j].gh[k] == 0)
                    ts[j].gh[k] = n + 1;
            words += (size_t)n;
            j++;
        }
    if (o.verbose)
        nk_diag_report(sink, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                       "parser: %zu sentences, %zu words, %zu relations, %zu arcs lifted",
                       nsent, words, nl, lifted);

    /* automatic table sizes: about 8 transition slots and 2 label slots per
     * training word, within 2^16..2^22 and 2^12..2^20 */
    if (!o.trans_bits)
        for (o.trans_bits = 16; o.trans_bits < 22 && ((size_t)1 << o.trans_bits) < 8 * words;)
            o.trans_bits++;
    if (!o.label_bits)
        for (o.label_bits = 12; o.label_bits < 20 && ((size_t)1 << o.label_bits) < 2 * words;)
            o.label_bits++;
    trainer tr = {0};
    tr.nlabels = (unsigned)nl;
    ttable_init(&tr.trans, o.trans_bits, NTRANS);
    ttable_init(&tr.label, o.label_bits, (unsigned)nl);
    size_t *order = nk_xmalloc(nsent * sizeof *order);
    for (size_t i = 0; i < nsent; i++)
        order[i] = i;
    void *mem = nk_xmalloc(scratch_bytes(maxn));
    rng r = {0x9E3779B97F4A7C15ULL ^ ((uint64_t)o.seed * 0x2545F4914F6CDD1DULL)};
    if (!r.s)
        r.s = 1;
    nk_parser *best = NULL;
    double best_las = -1;
    unsigned runs = o.runs ? o.runs : 1;
    float *acc[2] = {NULL, NULL};
    ttable *tabs[2] = {&tr.trans, &tr.label};
    for (unsigned run = 0; run < runs; run++) {
        if (run > 0) {
            /* a fresh perceptron, another shuffle */
            for (int t = 0; t < 2; t++) {
                size_t n = ((size_t)1 << tabs[t]->bits) * tabs[t]->nclass;
                memset(tabs[t]->w, 0, n * sizeof *tabs[t]->w);
                memset(tabs[t]->u, 0, n * sizeof *tabs[t]->u);
            }
            tr.now = 0;
            r.s = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)(o.seed + run) * 0x2545F4914F6CDD1DULL);
            if (!r.s)
                r.s = 1;
            for (size_t i = 0; i < nsent; i++)
                order[i] = i;
        }
        for (unsigned ep = 0; ep < o.epochs; ep++) {
            for (size_t i = nsent; i > 1; i--) {
                size_t k = (size_t)(rng_next(&r) % i);
                size_t tmp = order[i - 1];
                order[i - 1] = order[k];
                order[k] = tmp;
            }
            tr.trans_err = tr.label_err = tr.steps = tr.arcs = 0;
            for (size_t i = 0; i < nsent; i++) {
                if (o.beam > 1)
                    train_sentence_beam(&tr, &ts[order[i]], o.beam, joint);
                else
                    train_sentence(&tr, &ts[order[i]], ep > 0, o.explore, &r, mem);
            }
            bool last = ep + 1 == o.epochs;
            if (runs > 1) {
                if (o.verbose && last)
                    nk_diag_report(sink, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                                   "parser: run %u/%u done: transition errors %.2f%%, "
                                   "label errors %.2f%% in the last epoch",
                                   run + 1, runs,
                                   100.0 * (double)tr.trans_err / (double)tr.steps,
                                   tr.arcs ? 100.0 * (double)tr.label_err / (double)tr.arcs : 0.0);
                continue;
            }
            if (o.dev || last) {
                nk_parser *p = freeze(&tr, labels, o.max_rows, o.max_label_rows, o.beam, joint);
                double uas = 0, las = 0;
                if (o.dev)
                    score_dev(p, o.dev, o.dev_alts, &uas, &las);
                if (o.verbose)
                    nk_diag_report(sink, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                                   o.beam > 1 ? "parser: epoch %u: sentences updated %.2f%%, label errors %.2f%%; "
                                              "dev UAS %.2f LAS %.2f; rows %u + %u" :
                                   "parser: epoch %u: transition errors %.2f%%, label errors %.2f%%; "
                                   "dev UAS %.2f LAS %.2f; rows %u + %u",
                                   ep + 1, 100.0 * (double)tr.trans_err / (double)tr.steps,
                                   tr.arcs ? 100.0 * (double)tr.label_err / (double)tr.arcs : 0.0,
                                   uas, las, p->trans.nrows, p->label.nrows);
                if (!o.dev || las > best_las) {
                    nk_parser_free(best);
                    best = p;
                    best_las = las;
                } else {
                    nk_parser_free(p);
                }
            }
        }
        if (runs > 1) {
            /* sum the averaged weights of the runs */
            for (int t = 0; t < 2; t++) {
                size_t n = ((size_t)1 << tabs[t]->bits) * tabs[t]->nclass;
                if (!acc[t])
                    acc[t] = nk_xcalloc(n, sizeof *acc[t]);
                for (size_t i = 0; i < n; i++)
                    acc[t][i] += (float)((double)tabs[t]->w[i] - tabs[t]->u[i] / tr.now);
            }
        }
    }
    if (runs > 1) {
        /* the mixed model: the mean of the runs' averaged weights */
        for (int t = 0; t < 2; t++) {
            size_t n = ((size_t)1 << tabs[t]->bits) * tabs[t]->nclass;
            for (size_t i = 0; i < n; i++) {
                tabs[t]->w[i] = acc[t][i] / (float)runs;
                tabs[t]->u[i] = 0;
            }
            free(acc[t]);
        }
        tr.now = 1;
        best = freeze(&tr, labels, o.max_rows, o.max_label_rows, o.beam, joint);
        if (o.verbose) {
            double uas = 0, las = 0;
            if (o.dev)
                score_dev(best, o.dev, o.dev_alts, &uas, &las);
            nk_diag_report(sink, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                           "parser: mixed %u runs: dev UAS %.2f LAS %.2f; rows %u + %u",
                           runs, uas, las, best->trans.nrows, best->label.nrows);
        }
    }
    free(mem);
    free(order);
    for (size_t i = 0; i < nsent; i++) {
        free(ts[i].gh);
        free(ts[i].gl);
    }
    free(ts);
    free((void *)labels);
    ttable_free(&tr.trans);
    ttable_free(&tr.label);
    *out = best;
    return NK_OK;
}

/* ---- model file ------------------------------------------------------------------------------- */

/* Little-endian layout:
 *   "NKPARSER" u32 version, u32 beam width it was trained for (1: greedy;
 *   absent in version 2), u32 joint tagging margin (version 4 only: a beam
 *   model that chooses tags, with the tag-choice templates)
 *   u32 nlabels, then per label: u16 length, bytes
 *   two tables (transitions, labels), each: u32 bits, u32 nclass, u32 nrows,
 *     nrows slots (strictly ascending; the gaps as LEB128 varints, the first
 *     one being slot + 1), nrows u8 scale codes (never 0),
 *     nrows*nclass int8 weights
 *   u64 FNV-1a of everything before it. */
static const char MAGIC[8] = {'N', 'K', 'P', 'A', 'R', 'S', 'E', 'R'};
#define FORMAT_VERSION 3u /* also bumped whenever the feature templates change */
/* Version 2, the same features without the beam width (a greedy model of
 * the first round), is still read. */
#define FORMAT_VERSION_GREEDY 2u
/* Version 4: a joint tagging beam model (version 3 plus the margin). */
#define FORMAT_VERSION_JOINT 4u

static void put_u32(nk_buf *b, uint32_t v)
{
    char c[4] = {(char)(v & 0xff), (char)((v >> 8) & 0xff),
                 (char)((v >> 16) & 0xff), (char)((v >> 24) & 0xff)};
    nk_buf_append(b, c, 4);
}

static void put_u64(nk_buf *b, uint64_t v)
{
    put_u32(b, (uint32_t)(v & 0xffffffffu));
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_table(nk_buf *b, const ftable *t)
{
    put_u32(b, t->bits);
    put_u32(b, t->nclass);
    put_u32(b, t->nrows);
    size_t nslots = (size_t)1 << t->bits;
    uint32_t prev = 0;
    bool first = true;
    for (size_t s = 0; s < nslots; s++) {
        if (!ftable_kept_row(t, s))
            continue;
        /* slot gaps as LEB128 varints (the first gap counts from -1) */
        uint32_t gap = (uint32_t)s - prev + (first ? 1u : 0u);
        prev = (uint32_t)s;
        first = false;
        do {
            char byte = (char)(gap & 0x7f);
            gap >>= 7;
            if (gap)
                byte = (char)(byte | 0x80);
            nk_buf_append(b, &byte, 1);
        } while (gap);
    }
    for (size_t s = 0; s < nslots; s++) {
        const int8_t *row = ftable_kept_row(t, s);
        if (row)
            nk_buf_append(b, (const char *)row, 1);
    }
    for (size_t s = 0; s < nslots; s++) {
        const int8_t *row = ftable_kept_row(t, s);
        if (row)
            nk_buf_append(b, (const char *)row + 1, t->nclass);
    }
}

int nk_parser_save(const nk_parser *p, const char *path, nk_diag_sink *sink)
{
    nk_buf b = {0};
    nk_buf_append(&b, MAGIC, sizeof MAGIC);
    put_u32(&b, p->joint ? FORMAT_VERSION_JOINT : FORMAT_VERSION);
    put_u32(&b, p->beam ? p->beam : 1);
    if (p->joint)
        put_u32(&b, p->joint);
    put_u32(&b, p->nlabels);
    for (unsigned i = 0; i < p->nlabels; i++) {
        size_t n = strlen(p->labels[i]);
        char c[2] = {(char)(n & 0xff), (char)(n >> 8)};
        nk_buf_append(&b, c, 2);
        nk_buf_append(&b, p->labels[i], n);
    }
    put_table(&b, &p->trans);
    put_table(&b, &p->label);
    put_u64(&b, nk_hash64(b.data, b.len, NK_HASH_SEED));
    int rc = nk_file_write_atomic(path, b.data, b.len, sink);
    nk_buf_free(&b);
    return rc;
}

typedef struct reader {
    const unsigned char *p;
    size_t len, pos;
    bool bad;
} reader;

static uint32_t get_u32(reader *r)
{
    if (r->len - r->pos < 4) {
        r->bad = true;
        return 0;
    }
    const unsigned char *c = r->p + r->pos;
    r->pos += 4;
    return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 |
           (uint32_t)c[3] << 24;
}

static const unsigned char *get_bytes(reader *r, size_t n)
{
    if (r->len - r->pos < n) {
        r->bad = true;
        return NULL;
    }
    const unsigned char *c = r->p + r->pos;
    r->pos += n;
    return c;
}

static bool get_table(reader *r, ftable *t, unsigned nclass)
{
    t->bits = get_u32(r);
    t->nclass = get_u32(r);
    t->nrows = get_u32(r);
    if (r->bad || t->bits < 8 || t->bits > 26 || t->nclass != nclass ||
        t->nrows > ((uint32_t)1 << t->bits))
        return false;
    size_t nrows = t->nrows;
    if ((r->len - r->pos) / (2 + (size_t)nclass) < nrows)
        return false;
    t->slots = nk_xmalloc((nrows ? nrows : 1) * sizeof *t->slots);
    t->e = nk_xmalloc(nrows ? nrows : 1);
    t->q = nk_xmalloc((nrows ? nrows : 1) * nclass);
    uint32_t limit = (uint32_t)1 << t->bits;
    uint64_t slot = 0;
    for (size_t i = 0; i < nrows; i++) {
        uint64_t gap = 0;
        for (unsigned shift = 0;; shift += 7) {
            const unsigned char *c = get_bytes(r, 1);
            if (!c || shift > 28)
                return false;
            gap |= (uint64_t)(*c & 0x7f) << shift;
            if (!(*c & 0x80))
                break;
        }
        if (gap == 0 && i > 0)
            return false;
        slot = i == 0 ? gap - 1 : slot + gap;
        if (gap == 0 || slot >= limit)
            return false;
        t->slots[i] = (uint32_t)slot;
    }
    const unsigned char *e = get_bytes(r, nrows);
    if (!e || memchr(e, 0, nrows))
        return false;
    memcpy(t->e, e, nrows);
    const unsigned char *q = get_bytes(r, nrows * nclass);
    if (!q)
        return false;
    memcpy(t->q, q, nrows * nclass);
    ftable_pack(t);
    return !r->bad;
}

int nk_parser_load(nk_parser **out, const char *path, nk_diag_sink *sink)
{
    *out = NULL;
    char *found = NULL;
    if (!path) {
        found = nk_data_find("models/parser.bin");
        if (!found) {
            nk_diag_report(sink, NK_ERROR, "models/parser.bin", 0, 0, SIZE_MAX,
                           "parser model not found (set NEWSKG_DATA)");
            return NK_ERR_NOTFOUND;
        }
        path = found;
    }
    char *data = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &data, &len, sink);
    nk_parser *p = NULL;
    if (rc < 0)
        goto cleanup;
    rc = NK_ERR_PARSE;
    const char *why = "not a parser model";
    if (len < sizeof MAGIC + 4 + 8 || memcmp(data, MAGIC, sizeof MAGIC) != 0)
        goto fail;
    reader r = {(const unsigned char *)data, len - 8, sizeof MAGIC, false};
    uint32_t version = get_u32(&r);
    if (version != FORMAT_VERSION && version != FORMAT_VERSION_GREEDY &&
        version != FORMAT_VERSION_JOINT) {
        why = "unsupported parser model version";
        goto fail;
    }
    why = "corrupt or truncated parser model";
    const unsigned char *tail = (const unsigned char *)data + len - 8;
    uint64_t sum = 0;
    for (int i = 7; i >= 0; i--)
        sum = sum << 8 | tail[i];
    if (sum != nk_hash64(data, len - 8, NK_HASH_SEED))
        goto fail;
    p = nk_xcalloc(1, sizeof *p);
    uint32_t bw = version == FORMAT_VERSION_GREEDY ? 1 : get_u32(&r);
    if (r.bad || bw == 0 || bw > NK_PARSER_MAX_BEAM)
        goto fail;
    p->beam = bw;
    if (version == FORMAT_VERSION_JOINT) {
        p->joint = get_u32(&r);
        if (r.bad || p->joint == 0 || bw < 2)
            goto fail;
    }
    uint32_t nlabels = get_u32(&r);
    if (r.bad || nlabels == 0 || nlabels > MAX_LABELS)
        goto fail;
    p->labels = nk_xcalloc(nlabels, sizeof *p->labels);
    for (uint32_t i = 0; i < nlabels; i++) {
        const unsigned char *c = get_bytes(&r, 2);
        if (!c)
            goto fail;
        size_t n = (size_t)c[0] | (size_t)c[1] << 8;
        const unsigned char *s = get_bytes(&r, n);
        if (!s || n == 0 || memchr(s, 0, n))
            goto fail;
        p->labels[i] = nk_xstrndup((const char *)s, n);
        p->nlabels = i + 1;
    }
    if (!get_table(&r, &p->trans, NTRANS) || !get_table(&r, &p->label, nlabels) ||
        r.pos != r.len)
        goto fail;
    rc = NK_OK;
    *out = p;
    p = NULL;
    goto cleanup;
fail:
    nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "%s", why);
cleanup:
    nk_parser_free(p);
    free(data);
    free(found);
    return rc;
}
