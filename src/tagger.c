/* tagger.c: averaged-perceptron POS tagger, lemma and feats dictionaries.
 *
 * One model representation serves both trained and loaded models: training
 * ends by serialising to the file format in memory and parsing it back, so
 * nk_tagger_save writes exactly the bytes that nk_tagger_load accepts.
 *
 * File format (little-endian, every section padded to 8 bytes):
 *   header   "NKTAGGER", then 14 u32: version, nclasses, fcap, nent, tdcap,
 *            npool, ldcap, nlem, srcap, lscap, nstr, npass (1 or 2), wncap,
 *            reserved (0)
 *   classes  u32 xpos[nclasses], upos[nclasses], feats[nclasses] (string offsets)
 *   features u32 fslot[2 * fcap]: open addressing on the low bits of the
 *            64-bit feature hash; slot i holds key = its high 32 bits (0 =
 *            empty) and the index of the row's first weight in ents
 *   weights  u32 ents[nent]: bits 0-14 class, bit 15 last of row, 16-31 int16
 *            (the rows of both passes share the table; their features are
 *            hashed apart, and scores are only compared within a pass)
 *   tagdict  u64 keys[tdcap], u32 vals[tdcap] (bit 31: restricts the word
 *            to these classes; pool offset << 8 | count),
 *            u16 pool[npool] of class ids
 *   lemmas   u64 keys[ldcap], u32 vals[ldcap] (entry index), u32
 *            lemma[nlem], feats[nlem] (string offsets)
 *   suffixes u64 keys[srcap], u32 vals[srcap] (cut << 24 | string offset)
 *   lemmaset u64 keys[lscap] (hashes of known lemmas)
 *   wordnet  u32 wn[wncap]: the WordNet categories of lower-case word forms
 *            (lemmas and their regular and listed inflections) as a 22-bit
 *            fingerprint of the form's hash << 10 | a mask of WN_* bits,
 *            0 = empty; linear probing on the low bits of the hash
 *   strings  char[nstr], NUL-terminated strings
 *   checksum u64 FNV-1a of everything before it
 * Hash tables use linear probing, a power-of-two capacity and key 0 for an
 * empty slot; each keeps at least one empty slot so probing terminates.
 */
#include "tagger.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hugemem_internal.h"
#include "lemmatizer.h"

#define MAGIC "NKTAGGER"
#define FORMAT_VERSION 2u
#define HEADER_WORDS 14
#define HEADER_SIZE (8 + 4 * HEADER_WORDS)
/* Version 1 (the first round's models: 12 header words, one pass, no
 * WordNet section) is still read; its features are the first NFEATS_V1 of
 * make_feats, its sentence pads those of pad_info's version 1. */
#define FORMAT_VERSION_1 1u
#define HEADER_WORDS_1 12
#define NFEATS_V1 39
#define MAX_CLASSES 1024
#define MAX_FEATS 96
#define AMB_MIN_COUNT 3
#define MAX_CANDS 8
#define NO_TAG1 0xFFFEu
#define NO_TAG2 0xFFFDu
#define ENT_LAST 0x8000u
#define ENT_CLS 0x7FFFu
/* A weight row of at least DENSE_MIN classes is kept as a dense row of
 * int16 for every class at load (summed DBLOCK lanes at a time: vector
 * code), the rest as lists of (class, weight). */
#define DENSE_MIN 24
#define DBLOCK 16
#define LOOK_DENSE 0x80000000u
#define SCORES_LEN (MAX_CLASSES + DBLOCK)

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* ---- hashing ------------------------------------------------------------- */

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static inline uint64_t key1(uint64_t tmpl, uint64_t a)
{
    return mix64(a ^ (tmpl * 0x9E3779B97F4A7C15ULL));
}

static inline uint64_t key2(uint64_t tmpl, uint64_t a, uint64_t b)
{
    return mix64(key1(tmpl, a) + b * 0xD6E8FEB86659FD93ULL);
}

static inline uint64_t nonzero(uint64_t k)
{
    return k ? k : 1;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    return nk_hash64(s, n, NK_HASH_SEED);
}

static char lower_c(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* FNV-1a of the ASCII lower-case form (same as hashing a lowered copy). */
static uint64_t hash_lower(const char *s)
{
    uint64_t h = NK_HASH_SEED;
    for (; *s; s++) {
        h ^= (unsigned char)lower_c(*s);
        h *= 0x100000001b3ULL;
    }
    return h;
}

#define SEED_TAGDICT 0x5441474449435431ULL
#define SEED_LEMMA 0x4c454d4d41444943ULL
#define SEED_SUFFIX 0x5355464649585255ULL
#define SEED_LEMSET 0x4c454d5345543031ULL
#define SEED_WORDNET 0x574f52444e455431ULL

static uint64_t tagdict_key(const char *form)
{
    return nonzero(mix64(hash_bytes(form, strlen(form)) ^ SEED_TAGDICT));
}

static uint64_t tagdict_key_lower(const char *form)
{
    return nonzero(mix64(hash_lower(form) ^ SEED_TAGDICT));
}

static uint64_t lemma_key(uint64_t hlower, unsigned cls)
{
    return nonzero(key2(SEED_LEMMA, hlower, cls));
}

static uint64_t suffix_key(const char *suf, size_t k, unsigned cls)
{
    return nonzero(key2(SEED_SUFFIX + k, hash_bytes(suf, k), cls));
}

static uint64_t lemset_key(const char *lemma)
{
    return nonzero(mix64(hash_bytes(lemma, strlen(lemma)) ^ SEED_LEMSET));
}

static bool map_find(const uint64_t *keys, const uint32_t *vals, uint32_t cap,
                     uint64_t key, uint32_t *val)
{
    uint32_t mask = cap - 1, i = (uint32_t)key & mask;
    for (;;) {
        if (keys[i] == key) {
            if (val)
                *val = vals ? vals[i] : 0;
            return true;
        }
        if (keys[i] == 0)
            return false;
        i = (i + 1) & mask;
    }
}

/* ---- per-token features ---------------------------------------------------- */

typedef struct tokinfo {
    uint64_t w;      /* lower case, digits as 0 */
    uint64_t form;   /* exact form */
    uint64_t pre[4];
    uint64_t suf[5];
    uint64_t shape;
    uint64_t flags;
    uint64_t amb;     /* the word's classes in the tag dictionary */
    uint64_t amblow;  /* the classes of its lower-case form */
    uint64_t wn;      /* its WordNet categories (WN_*) */
    /* the word's entry in the tag dictionary (found once per token) */
    const uint16_t *allow; /* the classes it is restricted to, or NULL */
    unsigned nallow;
    bool known;            /* in the dictionary at all */
} tokinfo;

/* A view of a tag dictionary (the model's or the trainer's). */
typedef struct tagdict {
    const uint64_t *keys;
    const uint32_t *vals;
    uint32_t cap;
    const uint16_t *pool;
    const uint32_t *wn;  /* WordNet categories (NULL: none) */
    uint32_t wncap;
    bool v1;             /* a version 1 model's */
} tagdict;

/* WordNet categories of a word form (the bits of the wordnet section). */
enum {
    WN_NOUN = 1, WN_NOUN_CAP = 2, WN_NOUN_PL = 4, WN_VERB = 8, WN_VERB_S = 16,
    WN_VERB_ED = 32, WN_VERB_ING = 64, WN_ADJ = 128, WN_ADJ_CMP = 256,
    WN_ADV = 512, WN_NONE = 1024
};
#define WN_BITS 0x3FFu

static uint64_t wordnet_key(const char *form)
{
    return mix64(hash_lower(form) ^ SEED_WORDNET);
}

static uint32_t wn_lookup(const tagdict *d, const char *form)
{
    if (!d->wncap)
        return WN_NONE;
    uint64_t h = wordnet_key(form);
    uint32_t fp = (uint32_t)(h >> 32) & ~WN_BITS;
    if (!fp)
        fp = WN_BITS + 1;
    uint32_t mask = d->wncap - 1, i = (uint32_t)h & mask;
    for (;;) {
        uint32_t e = d->wn[i];
        if (!e)
            return WN_NONE;
        if ((e & ~WN_BITS) == fp)
            return e & WN_BITS;
        i = (i + 1) & mask;
    }
}

#define TD_RESTRICT 0x80000000u
#define AMB_UNKNOWN 0x554e4b4e4f574eULL

/* Classes of the word with dictionary key KEY (NULL when unknown). */
static const uint16_t *td_lookup(const tagdict *d, uint64_t key, unsigned *n,
                                 bool *restricted)
{
    uint32_t v;
    if (d->cap && map_find(d->keys, d->vals, d->cap, key, &v)) {
        *n = v & 0xFF;
        *restricted = (v & TD_RESTRICT) != 0;
        return d->pool + ((v & ~TD_RESTRICT) >> 8);
    }
    *n = 0;
    *restricted = false;
    return NULL;
}

static uint64_t amb_of(const uint16_t *c, unsigned n)
{
    if (!c)
        return AMB_UNKNOWN;
    uint64_t h = 0x414d4249ULL;
    for (unsigned i = 0; i < n; i++)
        h = mix64(h + c[i]);
    return h;
}

static uint64_t amb_hash(const tagdict *d, uint64_t key)
{
    unsigned n;
    bool r;
    const uint16_t *c = td_lookup(d, key, &n, &r);
    return amb_of(c, n);
}

enum {
    F_CAP_FIRST = 1, F_DIGIT = 2, F_HYPHEN = 4, F_UPPER = 8, F_ALLUPPER = 16,
    F_FIRST = 32, F_NONASCII = 64, F_PERIOD = 128, F_ALLDIGIT = 256
};

enum {
    T_BIAS = 1, T_W, T_FORM, T_P1, T_P2, T_P3, T_S1, T_S2, T_S3, T_S4, T_SHAPE,
    T_FLAGS, T_WM1, T_WP1, T_WM2, T_WP2, T_S3M1, T_S3P1, T_TM1, T_TM2, T_TM12,
    T_TM1W, T_WWP1, T_TM1WP1, T_SHM1, T_SHP1, T_WM1W, T_TM1S3, T_CAPFIRST,
    T_AMB0, T_AMBP1, T_AMBP2, T_AMBM1, T_AMB01, T_AMBLOW, T_AMBLOWS,
    T_TM1AMB, T_WAMBP1, T_TM12AMB,
    T_S5, T_P4, T_S2M1, T_S2P1, T_WM1WP1, T_SHM2, T_SHP2, T_AMBM2,
    T_AMBM10, T_S3P2, T_SHAPE3,
    T_WN, T_WNS2, T_WNCAP, T_WNTM1, T_WNP1, T_WNM1, T_WNAMB, T_WNS3
};

/* Start of the K-th last UTF-8 character of S[0..n) (0 when shorter). */
static size_t suffix_start(const char *s, size_t n, int k)
{
    size_t i = n;
    for (int c = 0; c < k && i > 0; c++) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
    }
    return i;
}

static size_t prefix_end(const char *s, size_t n, int k)
{
    size_t i = 0;
    for (int c = 0; c < k && i < n; c++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static void compute_info(const char *form, bool first, tokinfo *ti)
{
    char low[128], shape[32];
    size_t n = strlen(form), ln = 0, sn = 0;
    unsigned flags = first ? F_FIRST : 0;
    int letters = 0, uppers = 0, digits = 0;
    char prev = 0;
    uint64_t hw = NK_HASH_SEED;
    for (size_t i = 0; i < n; i++) {
        char c = form[i], lc = lower_c(c), sc;
        if (c >= '0' && c <= '9') {
            lc = '0';
            sc = 'd';
            digits++;
        } else if (c >= 'A' && c <= 'Z') {
            sc = 'X';
            letters++;
            uppers++;
        } else if (c >= 'a' && c <= 'z') {
            sc = 'x';
            letters++;
        } else if ((unsigned char)c >= 0x80) {
            sc = 'u';
            flags |= F_NONASCII;
        } else {
            sc = c;
            if (c == '-')
                flags |= F_HYPHEN;
            if (c == '.')
                flags |= F_PERIOD;
        }
        hw ^= (unsigned char)lc;
        hw *= 0x100000001b3ULL;
        if (ln < sizeof low)
            low[ln++] = lc;
        if (sc != prev && sn < sizeof shape)
            shape[sn++] = sc;
        prev = sc;
    }
    if (digits)
        flags |= F_DIGIT;
    if (digits && (size_t)digits == n)
        flags |= F_ALLDIGIT;
    if (uppers)
        flags |= F_UPPER;
    if (letters && uppers == letters)
        flags |= F_ALLUPPER;
    if (n && form[0] >= 'A' && form[0] <= 'Z')
        flags |= F_CAP_FIRST;
    ti->w = hw;
    ti->form = hash_bytes(form, n);
    for (int k = 0; k < 4; k++)
        ti->pre[k] = hash_bytes(low, prefix_end(low, ln, k + 1));
    for (int k = 0; k < 5; k++) {
        size_t b = suffix_start(low, ln, k + 1);
        ti->suf[k] = hash_bytes(low + b, ln - b);
    }
    ti->shape = hash_bytes(shape, sn);
    ti->flags = flags;
}

static void pad_info(tokinfo *ti, uint64_t v, bool v1)
{
    ti->w = ti->form = ti->shape = ti->amb = ti->amblow = ti->wn = v;
    for (int k = 0; k < 4; k++)
        ti->pre[k] = v + 1 + (uint64_t)k;
    for (int k = 0; k < 5; k++)
        ti->suf[k] = v + (v1 ? 4u : 8u) + (uint64_t)k;
    ti->flags = 1u << 20;
    ti->allow = NULL;
    ti->nallow = 0;
    ti->known = false;
}

/* INFO[0..n+4): two pads, the tokens, two pads. */
static void sentence_info(const nk_token *toks, size_t n, const tagdict *d,
                          tokinfo *info)
{
    pad_info(&info[0], 0x5354415254320000ULL, d->v1);
    pad_info(&info[1], 0x5354415254310000ULL, d->v1);
    for (size_t i = 0; i < n; i++) {
        const char *form = toks[i].form ? toks[i].form : "";
        tokinfo *ti = &info[i + 2];
        compute_info(form, i == 0, ti);
        bool restricted;
        const uint16_t *c = td_lookup(d, tagdict_key(form), &ti->nallow,
                                      &restricted);
        ti->amb = amb_of(c, ti->nallow);
        ti->known = c != NULL;
        ti->allow = restricted ? c : NULL;
        ti->amblow = (ti->flags & F_UPPER)
                         ? amb_hash(d, tagdict_key_lower(form))
                         : 0x4c4f574552ULL;
        ti->wn = wn_lookup(d, form);
    }
    pad_info(&info[n + 2], 0x454e443100000000ULL, d->v1);
    pad_info(&info[n + 3], 0x454e443200000000ULL, d->v1);
}

/* The feature hashes of the token at TI (TI[-2..2] valid) after classes
 * P1 (previous) and P2 (the one before). */
static size_t make_feats(const tokinfo *ti, unsigned p1, unsigned p2,
                         uint64_t *f)
{
    size_t n = 0;
    const tokinfo *c = ti;
    f[n++] = key1(T_BIAS, 0);
    f[n++] = key1(T_W, c->w);
    f[n++] = key1(T_FORM, c->form);
    f[n++] = key1(T_P1, c->pre[0]);
    f[n++] = key1(T_P2, c->pre[1]);
    f[n++] = key1(T_P3, c->pre[2]);
    f[n++] = key1(T_S1, c->suf[0]);
    f[n++] = key1(T_S2, c->suf[1]);
    f[n++] = key1(T_S3, c->suf[2]);
    f[n++] = key1(T_S4, c->suf[3]);
    f[n++] = key1(T_SHAPE, c->shape);
    f[n++] = key1(T_FLAGS, c->flags);
    f[n++] = key1(T_CAPFIRST, c->flags & (F_CAP_FIRST | F_FIRST));
    f[n++] = key1(T_WM1, ti[-1].w);
    f[n++] = key1(T_WP1, ti[1].w);
    f[n++] = key1(T_WM2, ti[-2].w);
    f[n++] = key1(T_WP2, ti[2].w);
    f[n++] = key1(T_S3M1, ti[-1].suf[2]);
    f[n++] = key1(T_S3P1, ti[1].suf[2]);
    f[n++] = key1(T_SHM1, ti[-1].shape);
    f[n++] = key1(T_SHP1, ti[1].shape);
    f[n++] = key1(T_TM1, p1);
    f[n++] = key1(T_TM2, p2);
    f[n++] = key2(T_TM12, p1, p2);
    f[n++] = key2(T_TM1W, c->w, p1);
    f[n++] = key2(T_TM1S3, c->suf[2], p1);
    f[n++] = key2(T_WWP1, c->w, ti[1].w);
    f[n++] = key2(T_WM1W, ti[-1].w, c->w);
    f[n++] = key2(T_TM1WP1, ti[1].w, p1);
    f[n++] = key1(T_AMB0, c->amb);
    f[n++] = key1(T_AMBP1, ti[1].amb);
    f[n++] = key1(T_AMBP2, ti[2].amb);
    f[n++] = key1(T_AMBM1, ti[-1].amb);
    f[n++] = key2(T_AMB01, c->amb, ti[1].amb);
    f[n++] = key1(T_AMBLOW, c->amblow);
    f[n++] = key2(T_AMBLOWS, c->amblow, c->flags & (F_CAP_FIRST | F_FIRST));
    f[n++] = key2(T_TM1AMB, c->amb, p1);
    f[n++] = key2(T_WAMBP1, c->w, ti[1].amb);
    f[n++] = key2(T_TM12AMB, c->amb, (uint64_t)p1 << 16 | p2);
    f[n++] = key1(T_S5, c->suf[4]);
    f[n++] = key1(T_P4, c->pre[3]);
    f[n++] = key1(T_S2M1, ti[-1].suf[1]);
    f[n++] = key1(T_S2P1, ti[1].suf[1]);
    f[n++] = key2(T_WM1WP1, ti[-1].w, ti[1].w);
    f[n++] = key1(T_SHM2, ti[-2].shape);
    f[n++] = key1(T_SHP2, ti[2].shape);
    f[n++] = key1(T_AMBM2, ti[-2].amb);
    f[n++] = key2(T_AMBM10, ti[-1].amb, c->amb);
    f[n++] = key1(T_S3P2, ti[2].suf[2]);
    f[n++] = key2(T_SHAPE3, c->shape, c->suf[2]);
    f[n++] = key1(T_WN, c->wn);
    f[n++] = key2(T_WNS2, c->wn, c->suf[1]);
    f[n++] = key2(T_WNCAP, c->wn, c->flags & (F_CAP_FIRST | F_FIRST | F_ALLUPPER));
    f[n++] = key2(T_WNTM1, c->wn, p1);
    f[n++] = key2(T_WNP1, c->wn, ti[1].wn);
    f[n++] = key2(T_WNM1, c->wn, ti[-1].wn);
    f[n++] = key2(T_WNAMB, c->wn, c->amb);
    f[n++] = key2(T_WNS3, c->wn, c->suf[2]);
    return n;
}

#define PASS2_SALT 0x5041535332000000ULL

/* Pass-1 classes around a token: C1[-2..2] valid (pads beyond the sentence). */
#define C1_BEFORE 0xFFFEu
#define C1_AFTER 0xFFFCu

enum {
    T2_C0 = 200, T2_N1, T2_N2, T2_N12, T2_M1N1, T2_P1N1, T2_WN1, T2_S3N1,
    T2_AMBN1, T2_WN12, T2_C0W, T2_P1C0N1, T2_AMBN12, T2_M2, T2_S2N1
};

/* Pass 2 sees the pass-1 classes on both sides: the pass-1 features hashed
 * apart, plus the classes to the right and combinations. */
static size_t make_feats2(const tokinfo *ti, unsigned p1, unsigned p2,
                          const uint16_t *c1, uint64_t *f)
{
    size_t n = make_feats(ti, p1, p2, f);
    for (size_t j = 0; j < n; j++)
        f[j] = mix64(f[j] ^ PASS2_SALT);
    const tokinfo *c = ti;
    f[n++] = key1(T2_C0, c1[0]);
    f[n++] = key1(T2_N1, c1[1]);
    f[n++] = key1(T2_N2, c1[2]);
    f[n++] = key2(T2_N12, c1[1], c1[2]);
    f[n++] = key2(T2_M1N1, p1, c1[1]);
    f[n++] = key2(T2_P1N1, (uint64_t)p1 << 16 | p2, c1[1]);
    f[n++] = key2(T2_WN1, c->w, c1[1]);
    f[n++] = key2(T2_S3N1, c->suf[2], c1[1]);
    f[n++] = key2(T2_AMBN1, c->amb, c1[1]);
    f[n++] = key2(T2_WN12, c->w, (uint64_t)c1[1] << 16 | c1[2]);
    f[n++] = key2(T2_C0W, c->w, c1[0]);
    f[n++] = key2(T2_P1C0N1, (uint64_t)p1 << 32 | (uint64_t)c1[0] << 16, c1[1]);
    f[n++] = key2(T2_AMBN12, c->amb, (uint64_t)c1[1] << 16 | c1[2]);
    f[n++] = key2(T2_M2, c1[-2], c1[-1]);
    f[n++] = key2(T2_S2N1, c->suf[1], c1[1]);
    return n;
}

/* ---- the model ------------------------------------------------------------ */

struct nk_tagger {
    char *blob;        /* the serialised model; every array points into it */
    size_t len;
    uint32_t nclasses;
    const uint32_t *cls_xpos, *cls_upos, *cls_feats;
    uint32_t fcap;
    const uint32_t *fslot;
    uint32_t nent;
    const uint32_t *ents;
    uint32_t tdcap, npool;
    const uint64_t *td_keys;
    const uint32_t *td_vals;
    const uint16_t *pool;
    uint32_t ldcap, nlem;
    const uint64_t *ld_keys;
    const uint32_t *ld_vals, *lem_lemma, *lem_feats;
    uint32_t srcap;
    const uint64_t *sr_keys;
    const uint32_t *sr_vals;
    uint32_t lscap;
    const uint64_t *ls_keys;
    uint32_t nstr;
    const char *str;
    uint32_t version;
    uint32_t npass;
    uint32_t wncap;
    const uint32_t *wn;
    size_t nfeatures;
    /* lookup form of the feature table, built at load: fslot's keys with
     * values rewritten, bit 31 set for a row kept dense (the rest its
     * index in dense), clear for a sparse one (its start in ents) */
    uint32_t *look;
    int16_t *dense;    /* ndense rows of dstride weights, class order */
    uint32_t ndense, dstride;
    size_t dense_bytes;
    /* per class: 1 when its XPOS is inflected and lemmas need rules */
    unsigned char *cls_kind;
    /* classes NN+NOUN and NNP+PROPN, or UINT32_MAX */
    uint32_t cls_nn, cls_nnp, cls_vbd, cls_vbn;
    /* per class: 1 when its UPOS is a closed class (pronouns, determiners,
     * adpositions, conjunctions, auxiliaries, particles) */
    unsigned char *cls_closed;
};

enum { KIND_PLAIN = 0, KIND_PROPER = 1, KIND_INFLECTED = 2 };

/* Row start of feature H, or UINT32_MAX. */
static inline uint32_t feat_find(const nk_tagger *t, uint64_t h)
{
    uint32_t mask = t->fcap - 1, i = (uint32_t)h & mask;
    uint32_t k = (uint32_t)(h >> 32);
    if (!k)
        k = 1;
    for (;;) {
        uint32_t fk = t->look[2 * i];
        if (fk == k)
            return t->look[2 * i + 1];
        if (fk == 0)
            return UINT32_MAX;
        i = (i + 1) & mask;
    }
}

static const char *S(const nk_tagger *t, uint32_t off)
{
    return t->str + off;
}

static int class_kind(const char *xpos, const char *upos)
{
    static const char *const infl[] = {"NNS", "VBD", "VBN", "VBG", "VBZ",
                                       "JJR", "JJS", "RBR", "RBS", NULL};
    if (strcmp(xpos, "NNP") == 0 || strcmp(xpos, "NNPS") == 0 ||
        strcmp(upos, "PROPN") == 0)
        return KIND_PROPER;
    for (size_t i = 0; infl[i]; i++)
        if (strcmp(xpos, infl[i]) == 0)
            return KIND_INFLECTED;
    return KIND_PLAIN;
}

/* Allowed classes of FORM from the tag dictionary (NULL: all). */
static tagdict model_td(const nk_tagger *t)
{
    tagdict d = {t->td_keys, t->td_vals, t->tdcap, t->pool, t->wn, t->wncap,
                 t->version == FORMAT_VERSION_1};
    return d;
}

/* The best class of the token at TI; SCORES gets every class's score
 * unless the tag dictionary fixes the class (then SCORES is untouched). */
static unsigned predict(const nk_tagger *t, const tokinfo *ti,
                        unsigned p1, unsigned p2, const uint16_t *c1,
                        int32_t *scores)
{
    unsigned nallow = ti->nallow;
    const uint16_t *allow = ti->allow;
    if (allow && nallow == 1)
        return allow[0];
    uint64_t f[MAX_FEATS];
    uint32_t offs[MAX_FEATS];
    size_t nf = c1 ? make_feats2(ti, p1, p2, c1, f) : make_feats(ti, p1, p2, f);
    if (t->version == FORMAT_VERSION_1)
        nf = NFEATS_V1;
    /* the lookups are cache misses: issue them all before using any */
    uint32_t mask = t->fcap - 1;
    for (size_t j = 0; j < nf; j++)
        PREFETCH(&t->look[2 * ((uint32_t)f[j] & mask)]);
    size_t nsparse = 0, ndense = 0;
    for (size_t j = 0; j < nf; j++) {
        uint32_t off = feat_find(t, f[j]);
        if (off == UINT32_MAX)
            continue;
        if (off & LOOK_DENSE) {
            const int16_t *row = t->dense + (size_t)(off & ~LOOK_DENSE) * t->dstride;
            PREFETCH(row);
            PREFETCH(row + 32);
            offs[MAX_FEATS - 1 - ndense++] = off & ~LOOK_DENSE;
        } else {
            PREFETCH(&t->ents[off]);
            offs[nsparse++] = off;
        }
    }
    /* integer sums: the order of the rows does not change them */
    memset(scores, 0, t->dstride * sizeof scores[0]);
    for (size_t j = 0; j < ndense; j++) {
        const int16_t *row = t->dense + (size_t)offs[MAX_FEATS - 1 - j] * t->dstride;
        for (size_t k0 = 0; k0 < t->dstride; k0 += DBLOCK)
            for (size_t k = 0; k < DBLOCK; k++)
                scores[k0 + k] += row[k0 + k];
    }
    for (size_t j = 0; j < nsparse; j++) {
        uint32_t off = offs[j];
        for (;;) {
            uint32_t e = t->ents[off++];
            scores[e & ENT_CLS] += (int16_t)(uint16_t)(e >> 16);
            if (e & ENT_LAST)
                break;
        }
    }
    unsigned best = 0;
    if (allow) {
        best = allow[0];
        for (unsigned j = 1; j < nallow; j++)
            if (scores[allow[j]] > scores[best] ||
                (scores[allow[j]] == scores[best] && allow[j] < best))
                best = allow[j];
    } else {
        for (unsigned c = 1; c < t->nclasses; c++)
            if (scores[c] > scores[best])
                best = c;
    }
    return best;
}

static bool known_lemma(const nk_tagger *t, const char *lemma)
{
    return t->lscap &&
           map_find(t->ls_keys, NULL, t->lscap, lemset_key(lemma), NULL);
}

static char *arena_lower(nk_arena *arena, const char *s)
{
    size_t n = strlen(s);
    char *l = nk_arena_alloc(arena, n + 1);
    for (size_t i = 0; i < n; i++)
        l[i] = lower_c(s[i]);
    return l;
}

/* Apply the longest learned suffix rule for (LOWER, CLS), or NULL. */
static const char *suffix_rule(const nk_tagger *t, const char *lower,
                               unsigned cls, nk_arena *arena)
{
    if (!t->srcap)
        return NULL;
    size_t n = strlen(lower);
    for (int k = 5; k >= 1; k--) {
        size_t b = suffix_start(lower, n, k);
        if (b == 0)
            continue;
        uint32_t v;
        if (!map_find(t->sr_keys, t->sr_vals, t->srcap,
                      suffix_key(lower + b, n - b, cls), &v))
            continue;
        size_t cut = v >> 24;
        /* the rule cuts bytes: never inside a character ("\xe2\x80\x99d"
         * read as a past tense lost its last two bytes, leaving a lemma
         * that is not UTF-8) */
        if (cut >= n || ((unsigned char)lower[n - cut] & 0xC0) == 0x80)
            continue;
        return nk_arena_printf(arena, "%.*s%s", (int)(n - cut), lower,
                               S(t, v & 0xFFFFFF));
    }
    return NULL;
}

/* Lemma and feats of FORM in class CLS. */
static void lemmatize(const nk_tagger *t, const char *form, unsigned cls,
                      nk_arena *arena, const char **lemma, const char **feats)
{
    uint32_t v;
    *feats = S(t, t->cls_feats[cls]);
    if (t->ldcap && map_find(t->ld_keys, t->ld_vals, t->ldcap,
                             lemma_key(hash_lower(form), cls), &v)) {
        *lemma = S(t, t->lem_lemma[v]);
        *feats = S(t, t->lem_feats[v]);
        return;
    }
    int kind = t->cls_kind[cls];
    if (kind == KIND_PROPER) {
        *lemma = form;
        return;
    }
    char *lower = arena_lower(arena, form);
    if (kind == KIND_PLAIN) {
        *lemma = lower;
        return;
    }
    const char *xpos = S(t, t->cls_xpos[cls]);
    const char *irr = nk_lemma_irregular(lower, xpos, arena);
    if (irr) {
        *lemma = irr;
        return;
    }
    const char *c[MAX_CANDS];
    size_t nc = nk_lemma_candidates(lower, xpos, arena, c, MAX_CANDS);
    for (size_t i = 0; i < nc; i++)
        if (known_lemma(t, c[i])) {
            *lemma = c[i];
            return;
        }
    const char *r = suffix_rule(t, lower, cls, arena);
    *lemma = r ? r : nc ? c[0] : lower;
}

/* An all-capital word of 2-6 letters that the training data never showed
 * in that spelling or in lower case: in news these name organisations (FSB,
 * NATO), though web text made the model prefer a common noun. */
static bool acronym(const nk_tagger *t, const char *form, const tokinfo *ti)
{
    if (!(ti->flags & F_ALLUPPER) || (ti->flags & (F_DIGIT | F_NONASCII)) ||
        t->cls_nnp == UINT32_MAX)
        return false;
    size_t n = strlen(form);
    if (n < 2 || n > 6 || ti->amblow != AMB_UNKNOWN)
        return false;
    return !ti->known;
}

/* An irregular past form of a verb ("overthrew") that the training data
 * never showed: the model, seeing only its spelling, may call it anything. */
static bool irregular_past(const char *form)
{
    char low[32];
    size_t n = strlen(form);
    if (n >= sizeof low)
        return false;
    for (size_t i = 0; i <= n; i++)
        low[i] = lower_c(form[i]);
    return nk_lemma_is_irregular_past(low);
}

/* A capitalised word the training data never showed, in its spelling or in
 * lower case (web text's unknown lower-case words include pronouns: "u",
 * "ya"). */
static bool unknown_word(const tokinfo *ti)
{
    return ti->amb == AMB_UNKNOWN && (ti->flags & F_UPPER) && ti->amblow == AMB_UNKNOWN;
}

/* The best-scoring class of an open part of speech.  The closed classes
 * (pronouns, determiners, adpositions, conjunctions, auxiliaries,
 * particles) are all in the training data: a word it never showed
 * ("Anders" after an opening quote) is none of them. */
static unsigned best_open(const nk_tagger *t, const int32_t *scores)
{
    unsigned best = UINT32_MAX;
    for (unsigned c = 0; c < t->nclasses; c++)
        if (!t->cls_closed[c] && (best == UINT32_MAX || scores[c] > scores[best]))
            best = c;
    return best == UINT32_MAX ? 0 : best;
}

/* The pass-1 classes of TOKS[0..n) (INFO as sentence_info fills it) into
 * OUT[0..n), with pads at OUT[-2], OUT[-1], OUT[n], OUT[n+1]. */
static void tag_pass1(const nk_tagger *t, const nk_token *toks, size_t n,
                      const tokinfo *info, uint16_t *out)
{
    int32_t scores[SCORES_LEN];
    unsigned p1 = NO_TAG1, p2 = NO_TAG2;
    out[-2] = out[-1] = C1_BEFORE;
    out[n] = out[n + 1] = C1_AFTER;
    (void)toks;
    for (size_t i = 0; i < n; i++) {
        unsigned c = predict(t, &info[i + 2], p1, p2, NULL, scores);
        out[i] = (uint16_t)c;
        p2 = p1;
        p1 = c;
    }
}

void nk_tagger_tag(const nk_tagger *t, nk_sentence *s, nk_arena *arena)
{
    nk_tagger_tag_passes(t, s, arena, 0);
}

unsigned nk_tagger_passes(const nk_tagger *t)
{
    return t ? t->npass : 0;
}

/* The second-best class of the token at TI given SCORES and the chosen
 * class C, when its score is within MAX_MARGIN of C's: its class, or
 * UINT32_MAX (the tag dictionary fixes the class, or nothing is close). */
static unsigned second_class(const nk_tagger *t, const tokinfo *ti,
                             const int32_t *scores, unsigned c,
                             unsigned max_margin, unsigned *margin)
{
    if (ti->allow && ti->nallow == 1)
        return UINT32_MAX; /* SCORES were not computed */
    bool open_only = unknown_word(ti);
    unsigned n = ti->allow ? ti->nallow : t->nclasses, best = UINT32_MAX;
    for (unsigned j = 0; j < n; j++) {
        unsigned k = ti->allow ? ti->allow[j] : j;
        if (k == c || (open_only && t->cls_closed[k]))
            continue;
        if (best == UINT32_MAX || scores[k] > scores[best] ||
            (scores[k] == scores[best] && k < best))
            best = k;
    }
    if (best == UINT32_MAX)
        return UINT32_MAX;
    int64_t d = (int64_t)scores[c] - (int64_t)scores[best];
    if (d < 0)
        d = 0;
    if ((uint64_t)d > max_margin)
        return UINT32_MAX;
    *margin = (unsigned)d;
    return best;
}

static void tag_sentence(const nk_tagger *t, nk_sentence *s, nk_arena *arena,
                         unsigned passes, unsigned max_margin, nk_tag_alt *alts);

void nk_tagger_tag_passes(const nk_tagger *t, nk_sentence *s, nk_arena *arena,
                          unsigned passes)
{
    tag_sentence(t, s, arena, passes, 0, NULL);
}

void nk_tagger_tag_alts(const nk_tagger *t, nk_sentence *s, nk_arena *arena,
                        unsigned passes, unsigned max_margin, nk_tag_alt *alts)
{
    tag_sentence(t, s, arena, passes, max_margin, alts);
}

void nk_tagger_retag(const nk_tagger *t, nk_token *tok, const char *xpos,
                     const char *upos, nk_arena *arena)
{
    if (!t || !tok || !xpos || !upos)
        return;
    const char *form = tok->form ? tok->form : "";
    for (unsigned c = 0; c < t->nclasses; c++)
        if (strcmp(S(t, t->cls_xpos[c]), xpos) == 0 &&
            strcmp(S(t, t->cls_upos[c]), upos) == 0) {
            tok->xpos = S(t, t->cls_xpos[c]);
            tok->upos = S(t, t->cls_upos[c]);
            lemmatize(t, form, c, arena, &tok->lemma, &tok->feats);
            return;
        }
}

static void tag_sentence(const nk_tagger *t, nk_sentence *s, nk_arena *arena,
                         unsigned passes, unsigned max_margin, nk_tag_alt *alts)
{
    if (!t || !s || s->ntokens == 0)
        return;
    size_t n = s->ntokens;
    tokinfo stackbuf[132];
    tokinfo *info = n + 4 <= sizeof stackbuf / sizeof stackbuf[0]
                        ? stackbuf
                        : nk_arena_alloc(arena, (n + 4) * sizeof *info);
    tagdict d = model_td(t);
    sentence_info(s->tokens, n, &d, info);
    int32_t scores[SCORES_LEN];
    uint16_t c1stack[132];
    uint16_t *c1 = NULL;
    if (t->npass == 2 && passes != 1) {
        /* pass 1: left to right; pass 2 then sees its classes both sides */
        c1 = n + 4 <= sizeof c1stack / sizeof c1stack[0]
                 ? c1stack
                 : nk_arena_alloc(arena, (n + 4) * sizeof *c1);
        tag_pass1(t, s->tokens, n, info, c1 + 2);
    }
    unsigned p1 = NO_TAG1, p2 = NO_TAG2;
    for (size_t i = 0; i < n; i++) {
        nk_token *tok = &s->tokens[i];
        const char *form = tok->form ? tok->form : "";
        unsigned c = predict(t, &info[i + 2], p1, p2, c1 ? c1 + 2 + i : NULL,
                             scores);
        if (t->cls_closed[c] && unknown_word(&info[i + 2]))
            c = best_open(t, scores);
        if (c == t->cls_nn && acronym(t, form, &info[i + 2]))
            c = t->cls_nnp;
        else if (info[i + 2].amb == AMB_UNKNOWN && t->cls_vbd != UINT32_MAX &&
                 t->cls_vbn != UINT32_MAX &&
                 strncmp(S(t, t->cls_xpos[c]), "VB", 2) != 0 &&
                 irregular_past(form))
            c = scores[t->cls_vbn] > scores[t->cls_vbd] ? t->cls_vbn : t->cls_vbd;
        tok->xpos = S(t, t->cls_xpos[c]);
        tok->upos = S(t, t->cls_upos[c]);
        lemmatize(t, form, c, arena, &tok->lemma, &tok->feats);
        if (alts) {
            unsigned margin = 0;
            unsigned c2 = second_class(t, &info[i + 2], scores, c, max_margin, &margin);
            alts[i] = (nk_tag_alt){NULL, NULL, 0, -1};
            if (c2 != UINT32_MAX && (t->cls_xpos[c2] != t->cls_xpos[c] ||
                                     t->cls_upos[c2] != t->cls_upos[c]))
                alts[i] = (nk_tag_alt){S(t, t->cls_xpos[c2]), S(t, t->cls_upos[c2]),
                                       margin, -1};
        }
        p2 = p1;
        p1 = c;
    }
}

void nk_tagger_tag_doc(const nk_tagger *t, nk_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nsentences; i++)
        nk_tagger_tag(t, &doc->sentences[i], doc->arena);
}

const char *nk_tagger_lemma(const nk_tagger *t, const char *form,
                            const char *xpos, const char *upos,
                            nk_arena *arena)
{
    if (!t || !form || !xpos || !upos)
        return form;
    for (unsigned c = 0; c < t->nclasses; c++)
        if (strcmp(S(t, t->cls_xpos[c]), xpos) == 0 &&
            strcmp(S(t, t->cls_upos[c]), upos) == 0) {
            const char *lemma, *feats;
            lemmatize(t, form, c, arena, &lemma, &feats);
            return lemma;
        }
    /* an unknown class: the rules alone */
    char *lower = arena_lower(arena, form);
    const char *irr = nk_lemma_irregular(lower, xpos, arena);
    if (irr)
        return irr;
    const char *cand[MAX_CANDS];
    size_t nc = nk_lemma_candidates(lower, xpos, arena, cand, MAX_CANDS);
    for (size_t i = 0; i < nc; i++)
        if (known_lemma(t, cand[i]))
            return cand[i];
    return nc ? cand[0] : lower;
}

void nk_tagger_free(nk_tagger *t)
{
    if (!t)
        return;
    nk_hugemem_free(t->blob, t->len);
    nk_hugemem_free(t->look, (size_t)t->fcap * 2 * sizeof *t->look);
    nk_hugemem_free(t->dense, t->dense_bytes);
    free(t->cls_kind);
    free(t->cls_closed);
    free(t);
}

void nk_tagger_get_stats(const nk_tagger *t, nk_tagger_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!t)
        return;
    out->nclasses = t->nclasses;
    out->nfeatures = t->nfeatures;
    out->nweights = t->nent;
    out->bytes = t->len;
}

/* ---- loading ----------------------------------------------------------------- */

typedef struct reader {
    const char *blob;
    size_t len, pos;
    bool bad;
} reader;

/* Take N items of SIZE bytes at the cursor (8-byte aligned sections). */
static const void *take(reader *r, uint64_t n, size_t size)
{
    uint64_t bytes = n * size;
    uint64_t padded = (bytes + 7) & ~(uint64_t)7;
    if (r->bad || padded > r->len - r->pos) {
        r->bad = true;
        return NULL;
    }
    const void *p = r->blob + r->pos;
    r->pos += (size_t)padded;
    return p;
}

static bool pow2(uint32_t x)
{
    return x && (x & (x - 1)) == 0;
}

/* Some slot is empty (so probing stops) and the capacity a power of 2. */
static bool table_ok64(const uint64_t *keys, uint32_t cap)
{
    if (!pow2(cap))
        return false;
    for (uint32_t i = 0; i < cap; i++)
        if (keys[i] == 0)
            return true;
    return false;
}

/* Length of the weight row starting at OFF in ents. */
static uint32_t row_len(const nk_tagger *t, uint32_t off)
{
    uint32_t len = 0;
    while (off + len < t->nent && !(t->ents[off + len++] & ENT_LAST))
        ;
    return len;
}

/* The lookup form of the validated feature table: rows of DENSE_MIN
 * classes or more become dense int16 rows. */
static void build_lookup(nk_tagger *t)
{
    t->dstride = (t->nclasses + DBLOCK - 1) / DBLOCK * DBLOCK;
    t->look = nk_hugemem_calloc((size_t)t->fcap * 2 * sizeof *t->look);
    memcpy(t->look, t->fslot, (size_t)t->fcap * 2 * sizeof *t->look);
    uint32_t cap = 0;
    for (uint32_t i = 0; i < t->fcap; i++)
        if (t->fslot[2 * i] && row_len(t, t->fslot[2 * i + 1]) >= DENSE_MIN)
            cap++;
    t->dense_bytes = ((size_t)cap + 1) * t->dstride * sizeof *t->dense;
    t->dense = nk_hugemem_calloc(t->dense_bytes);
    int32_t row[MAX_CLASSES];
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->fcap && n < cap; i++) {
        if (!t->fslot[2 * i])
            continue;
        uint32_t off = t->fslot[2 * i + 1], len = row_len(t, off);
        if (len < DENSE_MIN)
            continue;
        bool fits = true;
        memset(row, 0, t->nclasses * sizeof row[0]);
        for (uint32_t o = off; o < off + len; o++)
            row[t->ents[o] & ENT_CLS] += (int16_t)(uint16_t)(t->ents[o] >> 16);
        for (uint32_t c = 0; c < t->nclasses; c++)
            fits = fits && row[c] >= INT16_MIN && row[c] <= INT16_MAX;
        if (!fits || n >= LOOK_DENSE - 1)
            continue;
        int16_t *d = t->dense + (size_t)n * t->dstride;
        for (uint32_t c = 0; c < t->nclasses; c++)
            d[c] = (int16_t)row[c];
        t->look[2 * i + 1] = LOOK_DENSE | n;
        n++;
    }
    t->ndense = n;
}

/* Parse BLOB[0..len) (taking ownership of the malloc'd BLOB). */
static int model_from_blob(nk_tagger **out, char *blob, size_t len,
                           const char *name, nk_diag_sink *sink)
{
    *out = NULL;
    const char *why = NULL;
    uint32_t h[HEADER_WORDS];
    /* the feature and weight tables are read at random: on huge pages */
    char *big = nk_hugemem_calloc(len);
    memcpy(big, blob, len);
    free(blob);
    blob = big;
    if (len < HEADER_SIZE + 8 || memcmp(blob, MAGIC, 8) != 0) {
        why = "not a newskg tagger model";
        goto fail;
    }
    memcpy(h, blob + 8, sizeof h);
    size_t header = HEADER_SIZE;
    if (h[0] == FORMAT_VERSION_1) {
        header = 8 + 4 * HEADER_WORDS_1;
        h[11] = 1; /* one pass */
        h[12] = 0; /* no WordNet section */
    } else if (h[0] != FORMAT_VERSION) {
        why = "unsupported tagger model version";
        goto fail;
    }
    uint64_t sum;
    memcpy(&sum, blob + len - 8, 8);
    if (len % 8 != 0 || sum != nk_hash64(blob, len - 8, NK_HASH_SEED)) {
        why = "truncated or corrupt tagger model (checksum mismatch)";
        goto fail;
    }
    nk_tagger *t = nk_xcalloc(1, sizeof *t);
    t->blob = blob;
    t->len = len;
    t->nclasses = h[1];
    t->fcap = h[2];
    t->nent = h[3];
    t->tdcap = h[4];
    t->npool = h[5];
    t->ldcap = h[6];
    t->nlem = h[7];
    t->srcap = h[8];
    t->lscap = h[9];
    t->nstr = h[10];
    t->version = h[0];
    t->npass = h[11];
    t->wncap = h[12];
    reader r = {blob, len - 8, header, false};
    t->cls_xpos = take(&r, t->nclasses, 4);
    t->cls_upos = take(&r, t->nclasses, 4);
    t->cls_feats = take(&r, t->nclasses, 4);
    t->fslot = take(&r, (uint64_t)t->fcap * 2, 4);
    t->ents = take(&r, t->nent, 4);
    t->td_keys = take(&r, t->tdcap, 8);
    t->td_vals = take(&r, t->tdcap, 4);
    t->pool = take(&r, t->npool, 2);
    t->ld_keys = take(&r, t->ldcap, 8);
    t->ld_vals = take(&r, t->ldcap, 4);
    t->lem_lemma = take(&r, t->nlem, 4);
    t->lem_feats = take(&r, t->nlem, 4);
    t->sr_keys = take(&r, t->srcap, 8);
    t->sr_vals = take(&r, t->srcap, 4);
    t->ls_keys = take(&r, t->lscap, 8);
    t->wn = take(&r, t->wncap, 4);
    t->str = take(&r, t->nstr, 1);
    why = "inconsistent tagger model";
    if (r.bad || r.pos != r.len)
        goto fail_t;
    if (t->nclasses == 0 || t->nclasses > MAX_CLASSES || t->nstr == 0 ||
        t->npass < 1 || t->npass > 2 ||
        t->str[t->nstr - 1] != '\0' || !pow2(t->fcap) || t->nent == 0 ||
        !(t->ents[t->nent - 1] & ENT_LAST))
        goto fail_t;
    for (uint32_t c = 0; c < t->nclasses; c++)
        if (t->cls_xpos[c] >= t->nstr || t->cls_upos[c] >= t->nstr ||
            t->cls_feats[c] >= t->nstr)
            goto fail_t;
    bool empty = false;
    for (uint32_t i = 0; i < t->fcap; i++) {
        if (t->fslot[2 * i] == 0) {
            empty = true;
            continue;
        }
        if (t->fslot[2 * i + 1] >= t->nent)
            goto fail_t;
        t->nfeatures++;
    }
    if (!empty)
        goto fail_t;
    for (uint32_t i = 0; i < t->nent; i++)
        if ((t->ents[i] & ENT_CLS) >= t->nclasses)
            goto fail_t;
    if (t->tdcap && !table_ok64(t->td_keys, t->tdcap))
        goto fail_t;
    for (uint32_t i = 0; i < t->tdcap; i++) {
        if (!t->td_keys[i])
            continue;
        uint32_t off = (t->td_vals[i] & ~TD_RESTRICT) >> 8;
        uint32_t n = t->td_vals[i] & 0xFF;
        if (n == 0 || off > t->npool || n > t->npool - off)
            goto fail_t;
    }
    for (uint32_t i = 0; i < t->npool; i++)
        if (t->pool[i] >= t->nclasses)
            goto fail_t;
    if (t->ldcap && !table_ok64(t->ld_keys, t->ldcap))
        goto fail_t;
    for (uint32_t i = 0; i < t->ldcap; i++)
        if (t->ld_keys[i] && t->ld_vals[i] >= t->nlem)
            goto fail_t;
    for (uint32_t i = 0; i < t->nlem; i++)
        if (t->lem_lemma[i] >= t->nstr || t->lem_feats[i] >= t->nstr)
            goto fail_t;
    if (t->srcap && !table_ok64(t->sr_keys, t->srcap))
        goto fail_t;
    for (uint32_t i = 0; i < t->srcap; i++)
        if (t->sr_keys[i] && (t->sr_vals[i] & 0xFFFFFF) >= t->nstr)
            goto fail_t;
    if (t->lscap && !table_ok64(t->ls_keys, t->lscap))
        goto fail_t;
    if (t->wncap) {
        bool wn_empty = false;
        for (uint32_t i = 0; i < t->wncap && !wn_empty; i++)
            wn_empty = t->wn[i] == 0;
        if (!pow2(t->wncap) || !wn_empty)
            goto fail_t;
    }
    build_lookup(t);
    t->cls_kind = nk_xmalloc(t->nclasses);
    t->cls_nn = t->cls_nnp = t->cls_vbd = t->cls_vbn = UINT32_MAX;
    for (uint32_t c = 0; c < t->nclasses; c++) {
        const char *x = S(t, t->cls_xpos[c]), *u = S(t, t->cls_upos[c]);
        if (strcmp(x, "NN") == 0 && strcmp(u, "NOUN") == 0)
            t->cls_nn = c;
        if (strcmp(x, "NNP") == 0 && strcmp(u, "PROPN") == 0)
            t->cls_nnp = c;
        if (strcmp(x, "VBD") == 0 && strcmp(u, "VERB") == 0)
            t->cls_vbd = c;
        if (strcmp(x, "VBN") == 0 && strcmp(u, "VERB") == 0)
            t->cls_vbn = c;
    }
    for (uint32_t c = 0; c < t->nclasses; c++)
        t->cls_kind[c] = (unsigned char)class_kind(S(t, t->cls_xpos[c]),
                                                   S(t, t->cls_upos[c]));
    static const char *const closed[] = {"PRON", "DET", "ADP", "CCONJ", "SCONJ",
                                         "AUX", "PART"};
    t->cls_closed = nk_xcalloc(t->nclasses, 1);
    for (uint32_t c = 0; c < t->nclasses; c++)
        for (size_t k = 0; k < sizeof closed / sizeof closed[0]; k++)
            if (strcmp(S(t, t->cls_upos[c]), closed[k]) == 0)
                t->cls_closed[c] = 1;
    *out = t;
    return NK_OK;
fail_t:
    t->blob = NULL;
    nk_tagger_free(t);
fail:
    nk_diag_report(sink, NK_ERROR, name, 0, 0, NK_NO_OFFSET, "%s", why);
    nk_hugemem_free(blob, len);
    return NK_ERR_PARSE;
}

int nk_tagger_load(nk_tagger **out, const char *path, nk_diag_sink *sink)
{
    *out = NULL;
    char *found = NULL;
    if (!path) {
        found = nk_data_find("models/tagger.bin");
        if (!found) {
            nk_diag_report(sink, NK_ERROR, "models/tagger.bin", 0, 0,
                           NK_NO_OFFSET,
                           "tagger model not found (set NEWSKG_DATA)");
            return NK_ERR_NOTFOUND;
        }
        path = found;
    }
    char *data = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &data, &len, sink);
    if (rc == NK_OK)
        rc = model_from_blob(out, data, len, path, sink);
    free(found);
    return rc;
}

int nk_tagger_save(const nk_tagger *t, const char *path, nk_diag_sink *sink)
{
    if (!t || !path)
        return NK_ERR_INVALID;
    return nk_file_write_atomic(path, t->blob, t->len, sink);
}

/* ---- training: a growable u64 -> u32 map ---------------------------------------- */

typedef struct dmap {
    uint64_t *keys;
    uint32_t *vals;
    uint32_t cap, count;
} dmap;

static void dmap_free(dmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static uint32_t *dmap_slot(dmap *m, uint64_t key, bool insert, bool *fresh);

static void dmap_grow(dmap *m)
{
    dmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->keys = nk_xcalloc(m->cap, sizeof *m->keys);
    m->vals = nk_xcalloc(m->cap, sizeof *m->vals);
    m->count = 0;
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            bool fresh;
            *dmap_slot(m, old.keys[i], true, &fresh) = old.vals[i];
        }
    free(old.keys);
    free(old.vals);
}

/* The value slot of KEY (made nonzero); NULL when absent and !INSERT. */
static uint32_t *dmap_slot(dmap *m, uint64_t key, bool insert, bool *fresh)
{
    key = nonzero(key);
    if (fresh)
        *fresh = false;
    if (!m->cap) {
        if (!insert)
            return NULL;
        dmap_grow(m);
    }
    uint32_t mask = m->cap - 1, i = (uint32_t)key & mask;
    while (m->keys[i]) {
        if (m->keys[i] == key)
            return &m->vals[i];
        i = (i + 1) & mask;
    }
    if (!insert)
        return NULL;
    if ((m->count + 1) * 2 > m->cap) {
        dmap_grow(m);
        return dmap_slot(m, key, true, fresh);
    }
    m->keys[i] = key;
    m->vals[i] = 0;
    m->count++;
    if (fresh)
        *fresh = true;
    return &m->vals[i];
}

/* ---- training: the state -------------------------------------------------------- */

typedef struct tr_ent {
    uint16_t cls;
    float w;
    uint32_t ts;
    double tot;
} tr_ent;

typedef struct tr_row {
    tr_ent *e;
    uint32_t n, cap;
} tr_row;

typedef struct counted {
    const char *s;   /* a string owned by the training documents */
    uint32_t count;
} counted;

typedef struct trainer {
    /* classes */
    dmap cls_map;            /* hash(xpos \t upos) -> class */
    const char **cls_xpos, **cls_upos;
    uint32_t ncls;
    /* tokens, flattened */
    const nk_token **tok;
    uint16_t *gold;
    size_t ntok, *sent_start, nsent;
} trainer;

/* One averaged perceptron being trained. */
typedef struct percep {
    dmap fmap;               /* feature hash -> row */
    uint64_t *fhash;
    tr_row *rows;
    uint32_t nrows, rows_cap;
    uint32_t now;
} percep;

static uint32_t class_of(trainer *tr, const char *xpos, const char *upos,
                         bool insert)
{
    nk_buf b = {0};
    nk_buf_printf(&b, "%s\t%s", xpos, upos);
    bool fresh;
    uint32_t *v = dmap_slot(&tr->cls_map, hash_bytes(b.data, b.len), insert,
                            &fresh);
    nk_buf_free(&b);
    if (!v)
        return UINT32_MAX;
    if (fresh) {
        tr->cls_xpos = nk_xrealloc(tr->cls_xpos, (tr->ncls + 1) * sizeof(char *));
        tr->cls_upos = nk_xrealloc(tr->cls_upos, (tr->ncls + 1) * sizeof(char *));
        tr->cls_xpos[tr->ncls] = xpos;
        tr->cls_upos[tr->ncls] = upos;
        *v = tr->ncls++;
    }
    return *v;
}

static const char *field(const char *s)
{
    return s && *s ? s : "_";
}

static bool usable(const nk_token *t)
{
    return t->form && t->upos && t->xpos && strcmp(t->upos, "_") != 0;
}

static void tr_ent_update(tr_row *row, unsigned cls, float v, uint32_t now)
{
    tr_ent *e = NULL;
    for (uint32_t i = 0; i < row->n; i++)
        if (row->e[i].cls == cls) {
            e = &row->e[i];
            break;
        }
    if (!e) {
        if (row->n == row->cap) {
            row->cap = row->cap ? row->cap * 2 : 2;
            row->e = nk_xrealloc(row->e, row->cap * sizeof *row->e);
        }
        e = &row->e[row->n++];
        e->cls = (uint16_t)cls;
        e->w = 0;
        e->ts = now;
        e->tot = 0;
    }
    e->tot += (double)(now - e->ts) * e->w;
    e->ts = now;
    e->w += v;
}

static tr_row *tr_row_get(percep *tr, uint64_t h, bool insert)
{
    bool fresh;
    uint32_t *v = dmap_slot(&tr->fmap, h, insert, &fresh);
    if (!v)
        return NULL;
    if (fresh) {
        if (tr->nrows == tr->rows_cap) {
            tr->rows_cap = tr->rows_cap ? tr->rows_cap * 2 : 4096;
            tr->rows = nk_xrealloc(tr->rows, tr->rows_cap * sizeof *tr->rows);
            tr->fhash = nk_xrealloc(tr->fhash, tr->rows_cap * sizeof *tr->fhash);
        }
        memset(&tr->rows[tr->nrows], 0, sizeof *tr->rows);
        tr->fhash[tr->nrows] = h;
        *v = tr->nrows++;
    }
    return &tr->rows[*v];
}

/* ---- training: building the model blob ------------------------------------------ */

typedef struct strpool {
    nk_buf buf;
    dmap index;   /* hash -> offset + 1 */
} strpool;

static uint32_t str_add(strpool *p, const char *s)
{
    bool fresh;
    uint32_t *v = dmap_slot(&p->index, hash_bytes(s, strlen(s)), true, &fresh);
    if (fresh) {
        *v = (uint32_t)p->buf.len;
        nk_buf_append(&p->buf, s, strlen(s) + 1);
    }
    return *v;
}

static uint32_t cap_for(size_t n)
{
    uint32_t cap = 16;
    while (cap < n * 2 + 1)
        cap *= 2;
    return cap;
}

typedef struct table64 {
    uint64_t *keys;
    uint32_t *vals;
    uint32_t cap;
} table64;

static void t64_init(table64 *t, size_t n)
{
    t->cap = cap_for(n);
    t->keys = nk_xcalloc(t->cap, sizeof *t->keys);
    t->vals = nk_xcalloc(t->cap, sizeof *t->vals);
}

static void t64_put(table64 *t, uint64_t key, uint32_t val)
{
    uint32_t mask = t->cap - 1, i = (uint32_t)key & mask;
    while (t->keys[i] && t->keys[i] != key)
        i = (i + 1) & mask;
    t->keys[i] = key;
    t->vals[i] = val;
}

static void t64_free(table64 *t)
{
    free(t->keys);
    free(t->vals);
}

static void put_section(nk_buf *b, const void *data, size_t bytes)
{
    static const char zeros[8] = {0};
    if (bytes)
        nk_buf_append(b, data, bytes);
    if (bytes % 8)
        nk_buf_append(b, zeros, 8 - bytes % 8);
}

/* Lexical tables learned by counting, independent of the perceptron. */
typedef struct lexicon {
    table64 td;           /* tag dictionary */
    uint16_t *pool;
    uint32_t npool;
    table64 ld;           /* lemma dictionary */
    uint32_t *lem_lemma, *lem_feats;
    uint32_t nlem;
    table64 sr;           /* suffix rules */
    table64 ls;           /* lemma set */
    uint32_t *cls_feats;
    uint32_t *wn;         /* WordNet categories (see the file format) */
    uint32_t wncap;
} lexicon;

static void lexicon_free(lexicon *lx)
{
    t64_free(&lx->td);
    t64_free(&lx->ld);
    t64_free(&lx->sr);
    t64_free(&lx->ls);
    free(lx->pool);
    free(lx->lem_lemma);
    free(lx->lem_feats);
    free(lx->cls_feats);
    free(lx->wn);
}

/* A counter of (key, string) pairs that remembers the majority string. */
typedef struct vote {
    dmap pair;      /* hash(key, string) -> count */
    dmap best;      /* key -> index into items */
    counted *items; /* per key: best string and its count */
    uint64_t *item_keys;
    uint32_t nitems, cap;
} vote;

static void vote_add(vote *v, uint64_t key, const char *s)
{
    uint32_t *c = dmap_slot(&v->pair, key2(77, key, hash_bytes(s, strlen(s))),
                            true, NULL);
    (*c)++;
    bool fresh;
    uint32_t *b = dmap_slot(&v->best, key, true, &fresh);
    if (fresh) {
        if (v->nitems == v->cap) {
            v->cap = v->cap ? v->cap * 2 : 1024;
            v->items = nk_xrealloc(v->items, v->cap * sizeof *v->items);
            v->item_keys = nk_xrealloc(v->item_keys, v->cap * sizeof(uint64_t));
        }
        v->items[v->nitems].s = s;
        v->items[v->nitems].count = *c;
        v->item_keys[v->nitems] = key;
        *b = v->nitems++;
    } else if (*c > v->items[*b].count) {
        v->items[*b].s = s;
        v->items[*b].count = *c;
    }
}

static const char *vote_best(vote *v, uint64_t key)
{
    uint32_t *b = dmap_slot(&v->best, key, false, NULL);
    return b ? v->items[*b].s : NULL;
}

static void vote_free(vote *v)
{
    dmap_free(&v->pair);
    dmap_free(&v->best);
    free(v->items);
    free(v->item_keys);
}

static void build_lexicon(trainer *tr, const nk_tagger_train_options *o,
                          strpool *sp, lexicon *lx)
{
    memset(lx, 0, sizeof *lx);
    /* class feats: the majority per class */
    vote cf = {0};
    for (size_t i = 0; i < tr->ntok; i++)
        vote_add(&cf, key1(99, tr->gold[i]), field(tr->tok[i]->feats));
    lx->cls_feats = nk_xcalloc(tr->ncls, sizeof *lx->cls_feats);
    for (uint32_t c = 0; c < tr->ncls; c++) {
        const char *f = vote_best(&cf, key1(99, c));
        lx->cls_feats[c] = str_add(sp, f ? f : "_");
    }

    /* tag dictionary: classes of exact forms seen often enough */
    dmap wcount = {0}, wcls = {0};
    const char **words = NULL;
    uint32_t nwords = 0;
    for (size_t i = 0; i < tr->ntok; i++) {
        uint64_t k = tagdict_key(tr->tok[i]->form);
        bool fresh;
        uint32_t *v = dmap_slot(&wcount, k, true, &fresh);
        if (fresh) {
            words = nk_xrealloc(words, (nwords + 1) * sizeof *words);
            words[nwords++] = tr->tok[i]->form;
        }
        (*v)++;
        (*dmap_slot(&wcls, key2(5, k, tr->gold[i]), true, NULL))++;
    }
    uint32_t ndict = 0;
    lx->pool = NULL;
    uint16_t *tmp = nk_xmalloc(tr->ncls * sizeof *tmp);
    uint32_t *offs = nk_xcalloc(nwords + 1, sizeof *offs);
    uint32_t *cnts = nk_xcalloc(nwords + 1, sizeof *cnts);
    for (uint32_t w = 0; w < nwords; w++) {
        uint64_t k = tagdict_key(words[w]);
        uint32_t total = *dmap_slot(&wcount, k, false, NULL);
        if (total < AMB_MIN_COUNT && total < o->dict_min_count)
            continue;
        uint32_t n = 0;
        for (uint32_t c = 0; c < tr->ncls; c++) {
            uint32_t *v = dmap_slot(&wcls, key2(5, k, c), false, NULL);
            /* ignore annotation noise: classes under 0.5% of the uses */
            if (v && (double)*v >= 0.005 * total && n < 255)
                tmp[n++] = (uint16_t)c;
        }
        if (n == 0 || lx->npool + n >= (1u << 23))
            continue;
        lx->pool = nk_xrealloc(lx->pool, (lx->npool + n) * sizeof *lx->pool);
        memcpy(lx->pool + lx->npool, tmp, n * sizeof *tmp);
        offs[w] = lx->npool;
        cnts[w] = n | (total >= o->dict_min_count && n == 1 ? TD_RESTRICT : 0);
        lx->npool += n;
        ndict++;
    }
    t64_init(&lx->td, ndict);
    for (uint32_t w = 0; w < nwords; w++)
        if (cnts[w])
            t64_put(&lx->td, tagdict_key(words[w]), offs[w] << 8 | cnts[w]);
    free(tmp);
    free(offs);
    free(cnts);
    free(words);
    dmap_free(&wcount);
    dmap_free(&wcls);

    /* lemma dictionary: (lower form, class) -> majority lemma and feats,
     * kept only where the default rule would get it wrong */
    vote lv = {0}, fv = {0};
    dmap asform = {0}; /* key -> tokens whose lemma equals the form */
    dmap total = {0};
    for (size_t i = 0; i < tr->ntok; i++) {
        const nk_token *t = tr->tok[i];
        if (!t->lemma)
            continue;
        uint64_t k = lemma_key(hash_lower(t->form), tr->gold[i]);
        vote_add(&lv, k, t->lemma);
        vote_add(&fv, k, field(t->feats));
        (*dmap_slot(&total, k, true, NULL))++;
        if (strcmp(t->lemma, t->form) == 0)
            (*dmap_slot(&asform, k, true, NULL))++;
    }
    lx->lem_lemma = nk_xmalloc((lv.nitems + 1) * sizeof(uint32_t));
    lx->lem_feats = nk_xmalloc((lv.nitems + 1) * sizeof(uint32_t));
    uint32_t *keep = nk_xcalloc(lv.nitems + 1, sizeof *keep);
    /* classes of the keys: recover from a second pass over the tokens */
    for (size_t i = 0; i < tr->ntok; i++) {
        const nk_token *t = tr->tok[i];
        if (!t->lemma)
            continue;
        unsigned c = tr->gold[i];
        uint64_t k = lemma_key(hash_lower(t->form), c);
        uint32_t idx = *dmap_slot(&lv.best, k, false, NULL);
        if (keep[idx])
            continue;
        keep[idx] = 1; /* decided */
        const char *lemma = lv.items[idx].s;
        const char *feats = vote_best(&fv, k);
        int kind = class_kind(tr->cls_xpos[c], tr->cls_upos[c]);
        const char *cfeats = vote_best(&cf, key1(99, c));
        bool dflt_feats = strcmp(feats, cfeats ? cfeats : "_") == 0;
        bool dflt = false;
        if (kind == KIND_PROPER) {
            uint32_t *a = dmap_slot(&asform, k, false, NULL);
            uint32_t tot = *dmap_slot(&total, k, false, NULL);
            dflt = a && *a * 2 >= tot;
        } else if (kind == KIND_PLAIN) {
            size_t n = strlen(t->form);
            dflt = strlen(lemma) == n;
            for (size_t j = 0; dflt && j < n; j++)
                dflt = lower_c(t->form[j]) == lemma[j];
        }
        if (dflt && dflt_feats) {
            keep[idx] = 2; /* left out */
            continue;
        }
        lx->lem_lemma[lx->nlem] = str_add(sp, lemma);
        lx->lem_feats[lx->nlem] = str_add(sp, feats);
        keep[idx] = 3 + lx->nlem++;
    }
    t64_init(&lx->ld, lx->nlem);
    for (uint32_t i = 0; i < lv.nitems; i++)
        if (keep[i] >= 3)
            t64_put(&lx->ld, lv.item_keys[i], keep[i] - 3);
    free(keep);

    /* lemma vocabulary and suffix rules (from inflected-class types) */
    dmap lset = {0};
    vote rules = {0};
    dmap seen = {0};
    nk_buf script = {0};
    const char **scripts = NULL; /* script strings kept alive in an arena */
    nk_arena *ar = nk_arena_new();
    (void)scripts;
    for (size_t i = 0; i < tr->ntok; i++) {
        const nk_token *t = tr->tok[i];
        if (!t->lemma)
            continue;
        char *ll = arena_lower(ar, t->lemma);
        dmap_slot(&lset, lemset_key(ll), true, NULL);
        unsigned c = tr->gold[i];
        if (class_kind(tr->cls_xpos[c], tr->cls_upos[c]) != KIND_INFLECTED)
            continue;
        bool fresh;
        dmap_slot(&seen, lemma_key(hash_lower(t->form), c), true, &fresh);
        if (!fresh)
            continue;
        /* edit script from the lower-case form to the lemma */
        char *lf = arena_lower(ar, t->form);
        size_t fn = strlen(lf), p = 0;
        while (lf[p] && lf[p] == t->lemma[p])
            p++;
        size_t cut = fn - p;
        if (cut > 200 || strlen(t->lemma + p) > 60)
            continue;
        nk_buf_clear(&script);
        nk_buf_printf(&script, "%zu|%s", cut, t->lemma + p);
        char *sc = nk_arena_strdup(ar, script.data);
        for (int k = 1; k <= 5; k++) {
            size_t b = suffix_start(lf, fn, k);
            if (b == 0)
                break;
            vote_add(&rules, suffix_key(lf + b, fn - b, c), sc);
        }
    }
    t64_init(&lx->ls, lset.count);
    for (uint32_t i = 0; i < lset.cap; i++)
        if (lset.keys[i])
            t64_put(&lx->ls, lset.keys[i], 0);
    uint32_t nrules = 0;
    for (uint32_t i = 0; i < rules.nitems; i++)
        if (rules.items[i].count >= 2)
            nrules++;
    t64_init(&lx->sr, nrules);
    for (uint32_t i = 0; i < rules.nitems; i++) {
        if (rules.items[i].count < 2)
            continue;
        const char *sc = rules.items[i].s;
        char *bar = strchr(sc, '|');
        unsigned long cut = strtoul(sc, NULL, 10);
        uint32_t off = str_add(sp, bar + 1);
        if (cut > 255 || off > 0xFFFFFF)
            continue;
        t64_put(&lx->sr, rules.item_keys[i], (uint32_t)cut << 24 | off);
    }
    nk_buf_free(&script);
    nk_arena_free(ar);
    dmap_free(&lset);
    dmap_free(&seen);
    vote_free(&rules);
    vote_free(&lv);
    vote_free(&fv);
    vote_free(&cf);
    dmap_free(&asform);
    dmap_free(&total);
}

/* Append the averaged, pruned and quantised rows of PC to ENTS (each
 * perceptron gets its own scale: scores are compared within a pass only);
 * ROW_OFF[r] gets the start of row r or UINT32_MAX. */
static void quantise_rows(const percep *tr, double prune, uint32_t **ents,
                          size_t *nent, size_t *entcap, uint32_t *row_off,
                          size_t *nfeat)
{
    double now = tr->now ? (double)tr->now : 1.0, maxabs = 0;
    for (uint32_t r = 0; r < tr->nrows; r++)
        for (uint32_t j = 0; j < tr->rows[r].n; j++) {
            tr_ent *e = &tr->rows[r].e[j];
            double avg = (e->tot + (double)(tr->now - e->ts) * e->w) / now;
            if (fabs(avg) > maxabs)
                maxabs = fabs(avg);
        }
    double scale = maxabs > 0 ? 32767.0 / maxabs : 1.0;
    for (uint32_t r = 0; r < tr->nrows; r++) {
        row_off[r] = UINT32_MAX;
        size_t start = *nent;
        for (uint32_t j = 0; j < tr->rows[r].n; j++) {
            tr_ent *e = &tr->rows[r].e[j];
            double avg = (e->tot + (double)(tr->now - e->ts) * e->w) / now;
            if (fabs(avg) < prune)
                continue;
            long q = lround(avg * scale);
            if (q == 0)
                continue;
            if (q > 32767)
                q = 32767;
            if (q < -32767)
                q = -32767;
            if (*nent == *entcap) {
                *entcap = *entcap ? *entcap * 2 : 65536;
                *ents = nk_xrealloc(*ents, *entcap * sizeof **ents);
            }
            (*ents)[(*nent)++] = (uint32_t)(uint16_t)(int16_t)q << 16 | e->cls;
        }
        if (*nent > start) {
            (*ents)[*nent - 1] |= ENT_LAST;
            row_off[r] = (uint32_t)start;
            (*nfeat)++;
        }
    }
}

/* ---- training: WordNet categories ------------------------------------------------- */

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static void wn_add(dmap *m, const char *form, uint32_t bits)
{
    *dmap_slot(m, wordnet_key(form), true, NULL) |= bits;
}

/* W + SUF, and W with its last consonant doubled + SUF when W ends in
 * consonant-vowel-consonant ("stop" -> "stopped"): spellings that do not
 * exist only add entries no text will look up. */
static void wn_add_suffixed(dmap *m, nk_buf *b, const char *w, size_t n,
                            const char *suf, uint32_t bits)
{
    nk_buf_clear(b);
    nk_buf_printf(b, "%.*s%s", (int)n, w, suf);
    wn_add(m, b->data, bits);
    if (n >= 3 && !is_vowel(w[n - 1]) && w[n - 1] != 'w' && w[n - 1] != 'x' &&
        w[n - 1] != 'y' && is_vowel(w[n - 2]) && !is_vowel(w[n - 3])) {
        nk_buf_clear(b);
        nk_buf_printf(b, "%.*s%c%s", (int)n, w, w[n - 1], suf);
        wn_add(m, b->data, bits);
    }
}

static bool ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* The lemma W (lower case) of part of speech POS (n, v, a, r) and its
 * regular inflections. */
static void wn_add_lemma(dmap *m, nk_buf *b, const char *w, char pos, bool cap)
{
    size_t n = strlen(w);
    if (n == 0)
        return;
    bool cy = n >= 2 && w[n - 1] == 'y' && !is_vowel(w[n - 2]);
    bool sib = ends(w, n, "s") || ends(w, n, "x") || ends(w, n, "z") ||
               ends(w, n, "ch") || ends(w, n, "sh");
    const char *plural = cy ? "ies" : sib ? "es" : "s";
    size_t pn = cy ? n - 1 : n;
    switch (pos) {
    case 'n':
        wn_add(m, w, cap ? WN_NOUN_CAP : WN_NOUN);
        nk_buf_clear(b);
        nk_buf_printf(b, "%.*s%s", (int)pn, w, plural);
        wn_add(m, b->data, WN_NOUN_PL);
        break;
    case 'v':
        wn_add(m, w, WN_VERB);
        nk_buf_clear(b);
        nk_buf_printf(b, "%.*s%s", (int)pn, w, plural);
        wn_add(m, b->data, WN_VERB_S);
        if (w[n - 1] == 'e')
            wn_add_suffixed(m, b, w, n, "d", WN_VERB_ED);
        else if (cy)
            wn_add_suffixed(m, b, w, n - 1, "ied", WN_VERB_ED);
        else
            wn_add_suffixed(m, b, w, n, "ed", WN_VERB_ED);
        if (ends(w, n, "ie"))
            wn_add_suffixed(m, b, w, n - 2, "ying", WN_VERB_ING);
        else if (w[n - 1] == 'e' && !ends(w, n, "ee") && !ends(w, n, "ye") &&
                 !ends(w, n, "oe") && n > 2)
            wn_add_suffixed(m, b, w, n - 1, "ing", WN_VERB_ING);
        else
            wn_add_suffixed(m, b, w, n, "ing", WN_VERB_ING);
        break;
    case 'a':
    case 's':
        wn_add(m, w, WN_ADJ);
        if (w[n - 1] == 'e') {
            wn_add_suffixed(m, b, w, n, "r", WN_ADJ_CMP);
            wn_add_suffixed(m, b, w, n, "st", WN_ADJ_CMP);
        } else if (cy) {
            wn_add_suffixed(m, b, w, n - 1, "ier", WN_ADJ_CMP);
            wn_add_suffixed(m, b, w, n - 1, "iest", WN_ADJ_CMP);
        } else {
            wn_add_suffixed(m, b, w, n, "er", WN_ADJ_CMP);
            wn_add_suffixed(m, b, w, n, "est", WN_ADJ_CMP);
        }
        break;
    case 'r':
        wn_add(m, w, WN_ADV);
        break;
    default:
        break;
    }
}

/* Read WordNet's data.* and *.exc files from DIR into M.  Returns false
 * (M untouched) when DIR has no WordNet. */
static bool wn_read(dmap *m, const char *dir)
{
    static const char *const data[] = {"data.noun", "data.verb", "data.adj", "data.adv"};
    static const char *const exc[] = {"noun.exc", "verb.exc", "adj.exc", "adv.exc"};
    nk_buf path = {0}, b = {0};
    char word[128], low[128];
    bool ok = true;
    for (int f = 0; f < 8 && ok; f++) {
        nk_buf_clear(&path);
        nk_buf_printf(&path, "%s/%s", dir, f < 4 ? data[f] : exc[f - 4]);
        char *text = NULL;
        size_t len = 0;
        if (nk_file_read(path.data, &text, &len, NULL) != NK_OK) {
            ok = f >= 4; /* the exception lists are optional */
            continue;
        }
        char *line = text, *end = text + len;
        while (line < end) {
            char *nl = memchr(line, '\n', (size_t)(end - line));
            if (!nl)
                nl = end;
            *nl = '\0';
            if (f < 4 && line[0] != ' ') {
                /* offset lex_filenum ss_type w_cnt (hex) word lex_id ... */
                char ss = 0;
                unsigned cnt = 0;
                int used = 0;
                if (sscanf(line, "%*s %*s %c %x %n", &ss, &cnt, &used) >= 2 && used > 0) {
                    char *p = line + used;
                    for (unsigned k = 0; k < cnt; k++) {
                        int wl = 0;
                        if (sscanf(p, "%127s %*s %n", word, &wl) < 1 || wl <= 0)
                            break;
                        p += wl;
                        char *paren = strchr(word, '(');
                        if (paren)
                            *paren = '\0';
                        if (strchr(word, '_') || !word[0])
                            continue;
                        size_t i = 0;
                        for (; word[i]; i++)
                            low[i] = lower_c(word[i]);
                        low[i] = '\0';
                        bool cap = word[0] >= 'A' && word[0] <= 'Z';
                        wn_add_lemma(m, &b, low, ss, cap);
                    }
                }
            } else if (f >= 4) {
                /* inflected form, lemma */
                if (sscanf(line, "%127s", word) == 1 && !strchr(word, '_')) {
                    size_t n = strlen(word);
                    uint32_t bits = f == 4 ? WN_NOUN_PL
                                    : f == 5 ? (ends(word, n, "ing") ? WN_VERB_ING
                                                : ends(word, n, "s") ? WN_VERB_S
                                                                     : WN_VERB_ED)
                                    : f == 6 ? WN_ADJ_CMP
                                             : WN_ADV;
                    wn_add(m, word, bits);
                }
            }
            line = nl + 1;
        }
        free(text);
    }
    nk_buf_free(&path);
    nk_buf_free(&b);
    return ok;
}

/* The wordnet section from M (see the file format). */
static void wn_pack(const dmap *m, lexicon *lx)
{
    if (!m->count)
        return;
    uint32_t cap = 16;
    while ((uint64_t)cap * 7 < (uint64_t)m->count * 10 + 7)
        cap *= 2;
    lx->wncap = cap;
    lx->wn = nk_xcalloc(cap, sizeof *lx->wn);
    for (uint32_t j = 0; j < m->cap; j++) {
        if (!m->keys[j])
            continue;
        uint64_t h = m->keys[j];
        uint32_t fp = (uint32_t)(h >> 32) & ~WN_BITS;
        if (!fp)
            fp = WN_BITS + 1;
        uint32_t i = (uint32_t)h & (cap - 1);
        while (lx->wn[i] && (lx->wn[i] & ~WN_BITS) != fp)
            i = (i + 1) & (cap - 1);
        lx->wn[i] |= fp | (m->vals[j] & WN_BITS);
    }
}

/* Serialise the averaged perceptrons of NPASS passes and the lexicon into
 * a model. */
static nk_tagger *build_model(const trainer *tr, const percep *pcs,
                              unsigned npass, const lexicon *lx,
                              const strpool *sp0, double prune)
{
    strpool sp = {{0}, {0}};
    nk_buf_append(&sp.buf, sp0->buf.data, sp0->buf.len);
    uint32_t *cx = nk_xmalloc(tr->ncls * sizeof *cx);
    uint32_t *cu = nk_xmalloc(tr->ncls * sizeof *cu);
    for (uint32_t c = 0; c < tr->ncls; c++) {
        /* append directly (the copied pool has no index) */
        cx[c] = (uint32_t)sp.buf.len;
        nk_buf_append(&sp.buf, tr->cls_xpos[c], strlen(tr->cls_xpos[c]) + 1);
        cu[c] = (uint32_t)sp.buf.len;
        nk_buf_append(&sp.buf, tr->cls_upos[c], strlen(tr->cls_upos[c]) + 1);
    }
    /* averaged weights, pruned */
    uint32_t *ents = NULL;
    size_t nent = 0, entcap = 0, nfeat = 0;
    uint32_t *row_off[2] = {NULL, NULL};
    for (unsigned k = 0; k < npass; k++) {
        row_off[k] = nk_xmalloc((pcs[k].nrows + 1) * sizeof *row_off[k]);
        quantise_rows(&pcs[k], prune, &ents, &nent, &entcap, row_off[k], &nfeat);
    }
    uint32_t fcap = 16;
    while (fcap < nfeat + nfeat / 2 + 1)
        fcap *= 2;
    uint32_t *fslot = nk_xcalloc(2 * (size_t)fcap, sizeof *fslot);
    for (unsigned k = 0; k < npass; k++) {
        for (uint32_t r = 0; r < pcs[k].nrows; r++) {
            if (row_off[k][r] == UINT32_MAX)
                continue;
            uint64_t h = pcs[k].fhash[r];
            uint32_t key = (uint32_t)(h >> 32), i = (uint32_t)h & (fcap - 1);
            if (!key)
                key = 1;
            while (fslot[2 * i] && fslot[2 * i] != key)
                i = (i + 1) & (fcap - 1);
            if (fslot[2 * i])
                continue; /* a 32-bit key clash on the same chain: keep the first */
            fslot[2 * i] = key;
            fslot[2 * i + 1] = row_off[k][r];
        }
        free(row_off[k]);
    }

    nk_buf b = {0};
    nk_buf_append(&b, MAGIC, 8);
    uint32_t h[HEADER_WORDS] = {
        FORMAT_VERSION, tr->ncls, fcap, (uint32_t)nent, lx->td.cap,
        lx->npool, lx->ld.cap, lx->nlem, lx->sr.cap, lx->ls.cap,
        (uint32_t)sp.buf.len, npass, lx->wncap};
    nk_buf_append(&b, (const char *)h, sizeof h);
    put_section(&b, cx, tr->ncls * 4);
    put_section(&b, cu, tr->ncls * 4);
    put_section(&b, lx->cls_feats, tr->ncls * 4);
    put_section(&b, fslot, (size_t)fcap * 8);
    put_section(&b, ents, nent * 4);
    put_section(&b, lx->td.keys, (size_t)lx->td.cap * 8);
    put_section(&b, lx->td.vals, (size_t)lx->td.cap * 4);
    put_section(&b, lx->pool, (size_t)lx->npool * 2);
    put_section(&b, lx->ld.keys, (size_t)lx->ld.cap * 8);
    put_section(&b, lx->ld.vals, (size_t)lx->ld.cap * 4);
    put_section(&b, lx->lem_lemma, (size_t)lx->nlem * 4);
    put_section(&b, lx->lem_feats, (size_t)lx->nlem * 4);
    put_section(&b, lx->sr.keys, (size_t)lx->sr.cap * 8);
    put_section(&b, lx->sr.vals, (size_t)lx->sr.cap * 4);
    put_section(&b, lx->ls.keys, (size_t)lx->ls.cap * 8);
    put_section(&b, lx->wn, (size_t)lx->wncap * 4);
    put_section(&b, sp.buf.data, sp.buf.len);
    uint64_t sum = nk_hash64(b.data, b.len, NK_HASH_SEED);
    nk_buf_append(&b, (const char *)&sum, 8);
    free(cx);
    free(cu);
    free(fslot);
    free(ents);
    nk_buf_free(&sp.buf);
    dmap_free(&sp.index);
    size_t len = b.len;
    char *blob = nk_buf_detach(&b);
    nk_tagger *t = NULL;
    if (model_from_blob(&t, blob, len, "(trained model)", NULL) != NK_OK)
        return NULL;
    return t;
}

/* ---- training: the perceptron ------------------------------------------------------ */

/* Restricted argmax with float weights (the training-time twin of predict). */
static unsigned tr_predict(const trainer *tr, percep *pc, const lexicon *lx,
                           const tokinfo *ti, const char *form, unsigned p1,
                           unsigned p2, const uint16_t *c1, float *scores,
                           uint64_t *f, size_t *nf, bool *fixed)
{
    unsigned nallow = 0;
    bool restricted;
    tagdict d = {lx->td.keys, lx->td.vals, lx->td.cap, lx->pool, lx->wn, lx->wncap, false};
    const uint16_t *allow = td_lookup(&d, tagdict_key(form), &nallow,
                                      &restricted);
    if (!restricted)
        allow = NULL;
    *fixed = allow && nallow == 1;
    *nf = c1 ? make_feats2(ti, p1, p2, c1, f) : make_feats(ti, p1, p2, f);
    if (*fixed)
        return allow[0];
    memset(scores, 0, tr->ncls * sizeof *scores);
    for (size_t j = 0; j < *nf; j++) {
        tr_row *row = tr_row_get(pc, f[j], false);
        if (!row)
            continue;
        for (uint32_t k = 0; k < row->n; k++)
            scores[row->e[k].cls] += row->e[k].w;
    }
    unsigned best = 0;
    if (allow) {
        best = allow[0];
        for (unsigned j = 1; j < nallow; j++)
            if (scores[allow[j]] > scores[best] ||
                (scores[allow[j]] == scores[best] && allow[j] < best))
                best = allow[j];
    } else {
        for (unsigned c = 1; c < tr->ncls; c++)
            if (scores[c] > scores[best])
                best = c;
    }
    return best;
}

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void evaluate_dev(const nk_tagger *t, const nk_tagger_train_options *o,
                         unsigned epoch, nk_diag_sink *sink)
{
    size_t n = 0, upos = 0, xpos = 0, lemma = 0;
    nk_arena *ar = nk_arena_new();
    for (size_t d = 0; d < o->ndev; d++) {
        const nk_doc *doc = o->dev_docs[d];
        for (size_t s = 0; s < doc->nsentences; s++) {
            const nk_sentence *gs = &doc->sentences[s];
            nk_sentence sys = nk_sentence_copy(gs, ar);
            nk_tagger_tag(t, &sys, ar);
            for (size_t i = 0; i < gs->ntokens; i++) {
                const nk_token *g = &gs->tokens[i], *y = &sys.tokens[i];
                n++;
                upos += g->upos && strcmp(g->upos, y->upos) == 0;
                xpos += g->xpos && strcmp(g->xpos, y->xpos) == 0;
                lemma += g->lemma && strcmp(g->lemma, y->lemma) == 0;
            }
        }
    }
    nk_arena_free(ar);
    nk_tagger_stats st;
    nk_tagger_get_stats(t, &st);
    if (n)
        nk_diag_report(sink, NK_NOTE, "tagger", 0, 0, NK_NO_OFFSET,
                       "epoch %u: dev UPOS %.2f XPOS %.2f lemma %.2f "
                       "(%zu features, %zu weights, %zu bytes)",
                       epoch, 100.0 * (double)upos / (double)n,
                       100.0 * (double)xpos / (double)n,
                       100.0 * (double)lemma / (double)n, st.nfeatures,
                       st.nweights, st.bytes);
}

static void percep_free(percep *pc)
{
    dmap_free(&pc->fmap);
    for (uint32_t r = 0; r < pc->nrows; r++)
        free(pc->rows[r].e);
    free(pc->rows);
    free(pc->fhash);
    memset(pc, 0, sizeof *pc);
}

static void trainer_free(trainer *tr)
{
    dmap_free(&tr->cls_map);
    free(tr->cls_xpos);
    free(tr->cls_upos);
    free(tr->tok);
    free(tr->gold);
    free(tr->sent_start);
}

/* EPOCHS passes of the perceptron PC over the sentences SENTS[0..nsents)
 * (shuffled with SEED).  C1 NULL: pass 1; else pass 2, with C1[tok] the
 * pass-1 class of every training token.  Returns the last epoch's training
 * accuracy. */
static double train_percep(percep *pc, const trainer *tr, const lexicon *lx,
                           const size_t *sents, size_t nsents,
                           const uint16_t *c1, unsigned epochs, uint64_t seed,
                           tokinfo *info, uint16_t *c1buf, nk_diag_sink *sink,
                           const char *what)
{
    size_t *order = nk_xmalloc((nsents ? nsents : 1) * sizeof *order);
    memcpy(order, sents, nsents * sizeof *order);
    uint64_t rng = seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL;
    float scores[MAX_CLASSES];
    uint64_t f[MAX_FEATS];
    tagdict d = {lx->td.keys, lx->td.vals, lx->td.cap, lx->pool, lx->wn, lx->wncap, false};
    double acc = 0;
    for (unsigned ep = 1; ep <= epochs; ep++) {
        for (size_t s = nsents; s > 1; s--) {
            size_t j = (size_t)(xorshift(&rng) % s);
            size_t tmp = order[s - 1];
            order[s - 1] = order[j];
            order[j] = tmp;
        }
        size_t correct = 0, total = 0;
        for (size_t oi = 0; oi < nsents; oi++) {
            size_t s = order[oi], b = tr->sent_start[s];
            size_t n = tr->sent_start[s + 1] - b;
            /* the tokens of a sentence are contiguous in their document */
            const nk_token *toks = tr->tok[b];
            sentence_info(toks, n, &d, info);
            if (c1) {
                c1buf[0] = c1buf[1] = C1_BEFORE;
                memcpy(c1buf + 2, c1 + b, n * sizeof *c1buf);
                c1buf[n + 2] = c1buf[n + 3] = C1_AFTER;
            }
            unsigned p1 = NO_TAG1, p2 = NO_TAG2;
            for (size_t i = 0; i < n; i++) {
                size_t nf;
                bool fixed;
                unsigned gold = tr->gold[b + i];
                unsigned pred = tr_predict(tr, pc, lx, &info[i + 2], toks[i].form,
                                           p1, p2, c1 ? c1buf + 2 + i : NULL,
                                           scores, f, &nf, &fixed);
                pc->now++;
                total++;
                if (pred == gold) {
                    correct++;
                } else if (!fixed) {
                    for (size_t j = 0; j < nf; j++) {
                        tr_row *row = tr_row_get(pc, f[j], true);
                        tr_ent_update(row, gold, 1.0f, pc->now);
                        tr_ent_update(row, pred, -1.0f, pc->now);
                    }
                }
                p2 = p1;
                p1 = pred;
            }
        }
        acc = total ? 100.0 * (double)correct / (double)total : 0;
        nk_diag_report(sink, NK_NOTE, "tagger", 0, 0, NK_NO_OFFSET,
                       "%s epoch %u: train accuracy %.2f, %u features", what,
                       ep, acc, pc->nrows);
    }
    free(order);
    return acc;
}

int nk_tagger_train(nk_tagger **out, const nk_doc *const *docs, size_t ndocs,
                    const nk_tagger_train_options *opts, nk_diag_sink *sink)
{
    *out = NULL;
    nk_tagger_train_options o = NK_TAGGER_TRAIN_OPTIONS_INIT;
    if (opts) {
        if (opts->version != NK_TAGGER_TRAIN_OPTIONS_VERSION) {
            nk_diag_report(sink, NK_ERROR, "tagger", 0, 0, NK_NO_OFFSET,
                           "unsupported training options version %u",
                           opts->version);
            return NK_ERR_UNSUPPORTED;
        }
        o = *opts;
    }
    if (o.epochs == 0)
        o.epochs = 1;
    int rc = NK_OK;
    trainer tr;
    memset(&tr, 0, sizeof tr);
    strpool sp = {{0}, {0}};
    lexicon lx;
    memset(&lx, 0, sizeof lx);
    tokinfo *info = NULL;
    size_t *order = NULL;
    uint16_t *c1 = NULL, *c1buf = NULL;
    percep pc[2];
    memset(pc, 0, sizeof pc);
    nk_tagger *model = NULL;
    str_add(&sp, "_"); /* offset 0 */

    /* flatten the usable sentences */
    size_t cap = 0, scap = 0;
    for (size_t d = 0; d < ndocs; d++) {
        const nk_doc *doc = docs[d];
        for (size_t s = 0; doc && s < doc->nsentences; s++) {
            const nk_sentence *sen = &doc->sentences[s];
            bool ok = sen->ntokens > 0;
            for (size_t i = 0; ok && i < sen->ntokens; i++)
                ok = usable(&sen->tokens[i]);
            if (!ok)
                continue;
            if (tr.nsent + 2 > scap) {
                scap = scap ? scap * 2 : 1024;
                tr.sent_start = nk_xrealloc(tr.sent_start,
                                            scap * sizeof *tr.sent_start);
            }
            tr.sent_start[tr.nsent++] = tr.ntok;
            for (size_t i = 0; i < sen->ntokens; i++) {
                if (tr.ntok == cap) {
                    cap = cap ? cap * 2 : 65536;
                    tr.tok = nk_xrealloc(tr.tok, cap * sizeof *tr.tok);
                    tr.gold = nk_xrealloc(tr.gold, cap * sizeof *tr.gold);
                }
                const nk_token *t = &sen->tokens[i];
                uint32_t c = class_of(&tr, t->xpos, t->upos, true);
                if (c >= MAX_CLASSES) {
                    nk_diag_report(sink, NK_ERROR, "tagger", 0, 0,
                                   NK_NO_OFFSET, "too many tag classes");
                    rc = NK_ERR_INVALID;
                    goto cleanup;
                }
                tr.tok[tr.ntok] = t;
                tr.gold[tr.ntok++] = (uint16_t)c;
            }
            tr.sent_start[tr.nsent] = tr.ntok;
        }
    }
    if (tr.ntok == 0) {
        nk_diag_report(sink, NK_ERROR, "tagger", 0, 0, NK_NO_OFFSET,
                       "no tagged tokens to train on");
        rc = NK_ERR_INVALID;
        goto cleanup;
    }
    nk_diag_report(sink, NK_NOTE, "tagger", 0, 0, NK_NO_OFFSET,
                   "training on %zu sentences, %zu tokens, %u classes",
                   tr.nsent, tr.ntok, tr.ncls);
    build_lexicon(&tr, &o, &sp, &lx);
    {
        const char *dir = o.wordnet_dir ? o.wordnet_dir : "/usr/share/wordnet";
        dmap wn = {0};
        if (*dir && wn_read(&wn, dir)) {
            wn_pack(&wn, &lx);
            nk_diag_report(sink, NK_NOTE, "tagger", 0, 0, NK_NO_OFFSET,
                           "WordNet categories of %u word forms from %s", wn.count, dir);
        } else {
            nk_diag_report(sink, NK_NOTE, "tagger", 0, 0, NK_NO_OFFSET,
                           "no WordNet in '%s': training without it", dir);
        }
        dmap_free(&wn);
    }

    size_t maxlen = 0;
    for (size_t s = 0; s < tr.nsent; s++)
        if (tr.sent_start[s + 1] - tr.sent_start[s] > maxlen)
            maxlen = tr.sent_start[s + 1] - tr.sent_start[s];
    info = nk_xmalloc((maxlen + 4) * sizeof *info);
    c1buf = nk_xmalloc((maxlen + 4) * sizeof *c1buf);
    order = nk_xmalloc(tr.nsent * sizeof *order);
    for (size_t s = 0; s < tr.nsent; s++)
        order[s] = s;
    unsigned npass = o.passes >= 2 ? 2 : 1;
    train_percep(&pc[0], &tr, &lx, order, tr.nsent, NULL, o.epochs, o.seed,
                 info, c1buf, sink, "pass 1");
    if (npass == 2) {
        /* pass-1 classes of the training tokens from taggers that did not
         * see them (sentence s is in fold s % folds), so that pass 2 learns
         * how far to trust pass 1 on unseen text */
        unsigned folds = o.folds >= 2 ? o.folds : 2;
        c1 = nk_xmalloc(tr.ntok * sizeof *c1);
        size_t *sub = nk_xmalloc(tr.nsent * sizeof *sub);
        for (unsigned k = 0; k < folds; k++) {
            size_t nsub = 0;
            for (size_t s = 0; s < tr.nsent; s++)
                if (s % folds != k)
                    sub[nsub++] = s;
            percep fp;
            memset(&fp, 0, sizeof fp);
            train_percep(&fp, &tr, &lx, sub, nsub, NULL, o.epochs,
                         o.seed + 1 + k, info, c1buf, NULL, "fold");
            nk_tagger *fm = build_model(&tr, &fp, 1, &lx, &sp, o.prune);
            percep_free(&fp);
            if (!fm) {
                free(sub);
                rc = NK_ERR_INVALID;
                goto cleanup;
            }
            tagdict d = {lx.td.keys, lx.td.vals, lx.td.cap, lx.pool, lx.wn, lx.wncap, false};
            for (size_t s = k; s < tr.nsent; s += folds) {
                size_t b = tr.sent_start[s], n = tr.sent_start[s + 1] - b;
                sentence_info(tr.tok[b], n, &d, info);
                tag_pass1(fm, tr.tok[b], n, info, c1buf + 2);
                memcpy(c1 + b, c1buf + 2, n * sizeof *c1);
            }
            nk_tagger_free(fm);
            nk_diag_report(sink, NK_NOTE, "tagger", 0, 0, NK_NO_OFFSET,
                           "pass-1 fold %u/%u tagged", k + 1, folds);
        }
        free(sub);
        train_percep(&pc[1], &tr, &lx, order, tr.nsent, c1, o.epochs,
                     o.seed + 100, info, c1buf, sink, "pass 2");
    }
    if (o.ndev && o.dev_docs && npass == 2) {
        nk_tagger *m = build_model(&tr, pc, 1, &lx, &sp, o.prune);
        if (m) {
            nk_diag_report(sink, NK_NOTE, "tagger", 0, 0, NK_NO_OFFSET,
                           "pass 1 alone:");
            evaluate_dev(m, &o, o.epochs, sink);
        }
        nk_tagger_free(m);
    }
    model = build_model(&tr, pc, npass, &lx, &sp, o.prune);
    if (!model) {
        rc = NK_ERR_INVALID;
        goto cleanup;
    }
    if (o.ndev && o.dev_docs)
        evaluate_dev(model, &o, o.epochs, sink);
    *out = model;
cleanup:
    free(info);
    free(order);
    free(c1);
    free(c1buf);
    percep_free(&pc[0]);
    percep_free(&pc[1]);
    lexicon_free(&lx);
    nk_buf_free(&sp.buf);
    dmap_free(&sp.index);
    trainer_free(&tr);
    return rc;
}
