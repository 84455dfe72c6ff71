/* wordnet.c: reading WordNet's data files into compact read-only tables.
 *
 * Layout after loading (all arrays malloc'd once, never changed again):
 *  - pool:    every lemma and exception base, NUL-terminated;
 *  - lemmas:  one record per (kind, lemma): kind noun/verb gives a run of
 *             senses, kind noun-exception/verb-exception a run of bases;
 *  - slots:   open-addressing hash of lemma records by (kind, text);
 *  - synsets: nouns first, then verbs, in file order (so each part is
 *             sorted by byte offset and offsets resolve by binary search):
 *             class, and a run of hypernym synsets in hypers[];
 *  - senses:  synset and tag count of each sense, in WordNet's order.
 * Loading reads index.*, data.*, *.exc and cntlist.rev once each.
 */
#include "wordnet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define DEFAULT_DIR "/usr/share/wordnet"
#define MAX_LEMMA 255      /* longer lemmas are rejected at load */
#define MAX_DEPTH 64       /* hypernym chains are ~20 deep in WordNet 3.0 */
#define MAX_SENSES 0xFFFFu /* senses per lemma (WordNet's most: 75) */

enum { KIND_NOUN = 0, KIND_VERB = 1, KIND_NOUN_EXC = 2, KIND_VERB_EXC = 3 };

typedef struct lemma_rec {
    uint32_t name;  /* offset in pool */
    uint32_t first; /* first sense (or exception base) */
    uint16_t n;     /* senses (or bases) */
    uint8_t kind;
} lemma_rec;

typedef struct u32vec {
    uint32_t *v;
    size_t n, cap;
} u32vec;

struct nk_wordnet {
    char *dir;
    char *pool;
    size_t pool_len, pool_cap;
    lemma_rec *lemmas;
    size_t nlemmas, cap_lemmas;
    uint32_t *slots; /* lemma index + 1; 0 = empty */
    uint32_t *slot_hash; /* low 32 bits of each slot's key hash */
    size_t nslots;
    uint32_t *off_slots; /* synset + 1 by (part of speech, byte offset) */
    size_t noff_slots;
    /* synsets */
    uint32_t *syn_offset; /* byte offset in its data file */
    uint8_t *syn_class;
    uint32_t *syn_hyper;  /* first hypernym in hypers[]; n+1 entries */
    size_t nsyn, cap_syn;
    size_t nsyn_pos[2]; /* nouns, verbs */
    u32vec hypers;
    /* senses */
    uint32_t *sense_syn;
    uint32_t *sense_count;
    size_t nsenses, cap_senses;
    u32vec bases; /* exception bases: pool offsets */
    size_t nlemmas_pos[2];
    /* anchors for nk_wordnet_actor */
    nk_wn_synset organizations[3], social_group, people, person;
};

static const char *const CLASS_NAMES[NK_WN_NCLASSES] = {
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
    "noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
    "noun.communication", "noun.event", "noun.feeling", "noun.food",
    "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession",
    "noun.process", "noun.quantity", "noun.relation", "noun.shape",
    "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change",
    "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion",
    "verb.motion", "verb.perception", "verb.possession", "verb.social",
    "verb.stative", "verb.weather", "adj.ppl"};

const char *nk_wordnet_class_name(nk_wn_class cls)
{
    return (unsigned)cls < NK_WN_NCLASSES ? CLASS_NAMES[cls] : NULL;
}

nk_wn_class nk_wordnet_class_from_name(const char *name)
{
    if (name)
        for (unsigned i = 0; i < NK_WN_NCLASSES; i++)
            if (strcmp(CLASS_NAMES[i], name) == 0)
                return (nk_wn_class)i;
    return NK_WN_NONE;
}

/* ---- small growable arrays ---------------------------------------------------- */

static void u32_push(u32vec *a, uint32_t x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 1024;
        a->v = nk_xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = x;
}

static uint32_t pool_add(nk_wordnet *wn, const char *s, size_t len)
{
    if (wn->pool_len + len + 1 > wn->pool_cap) {
        while (wn->pool_len + len + 1 > wn->pool_cap)
            wn->pool_cap = wn->pool_cap ? wn->pool_cap * 2 : 1 << 20;
        wn->pool = nk_xrealloc(wn->pool, wn->pool_cap);
    }
    uint32_t at = (uint32_t)wn->pool_len;
    memcpy(wn->pool + at, s, len);
    wn->pool[at + len] = '\0';
    wn->pool_len += len + 1;
    return at;
}

/* ---- hashing ------------------------------------------------------------------ */

/* A multiply-xorshift hash taking 8 bytes a step: FNV-1a's byte loop was a
 * sixth of start-up.  Only used inside this table, never stored. */
static uint64_t key_hash(unsigned kind, const char *s, size_t len)
{
    const uint64_t M = 0x9e3779b97f4a7c15ULL;
    uint64_t h = (kind + 1) * M ^ len;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * M;
        h ^= h >> 29;
        s += 8;
        len -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * M;
    h ^= h >> 32;
    h *= M;
    return h ^ (h >> 29);
}

/* Slot of (KIND, S) with hash H, or of the empty slot where it would go. */
static size_t slot_find(const nk_wordnet *wn, unsigned kind, const char *s, size_t len,
                        uint64_t h)
{
    size_t mask = wn->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint32_t v = wn->slots[i];
        if (!v)
            return i;
        if (wn->slot_hash[i] != (uint32_t)h)
            continue;
        const lemma_rec *r = &wn->lemmas[v - 1];
        const char *name = wn->pool + r->name;
        if (r->kind == kind && strncmp(name, s, len) == 0 && name[len] == '\0')
            return i;
    }
}

static size_t slot_of(const nk_wordnet *wn, unsigned kind, const char *s, size_t len)
{
    return slot_find(wn, kind, s, len, key_hash(kind, s, len));
}

static void rehash(nk_wordnet *wn, size_t nslots)
{
    uint32_t *old = wn->slots, *old_hash = wn->slot_hash;
    size_t nold = wn->nslots;
    wn->slots = nk_xcalloc(nslots, sizeof *wn->slots);
    wn->slot_hash = nk_xcalloc(nslots, sizeof *wn->slot_hash);
    wn->nslots = nslots;
    /* the stored 32 bits are the low bits of the full hash: enough to place
     * a key in any table of up to 2^32 slots */
    for (size_t i = 0; i < nold; i++) {
        if (!old[i])
            continue;
        size_t j = old_hash[i] & (nslots - 1);
        while (wn->slots[j])
            j = (j + 1) & (nslots - 1);
        wn->slots[j] = old[i];
        wn->slot_hash[j] = old_hash[i];
    }
    free(old);
    free(old_hash);
}

/* Add a record for (KIND, S) unless present; returns its index, or -1 when
 * it was there already. */
static long lemma_add(nk_wordnet *wn, unsigned kind, const char *s, size_t len)
{
    if ((wn->nlemmas + 1) * 4 > wn->nslots * 3) /* load factor <= 0.75 */
        rehash(wn, wn->nslots ? wn->nslots * 2 : 1 << 18);
    uint64_t h = key_hash(kind, s, len);
    size_t at = slot_find(wn, kind, s, len, h);
    if (wn->slots[at])
        return -1;
    if (wn->nlemmas == wn->cap_lemmas) {
        wn->cap_lemmas = wn->cap_lemmas ? wn->cap_lemmas * 2 : 1 << 16;
        wn->lemmas = nk_xrealloc(wn->lemmas, wn->cap_lemmas * sizeof *wn->lemmas);
    }
    lemma_rec *r = &wn->lemmas[wn->nlemmas];
    r->name = pool_add(wn, s, len);
    r->first = 0;
    r->n = 0;
    r->kind = (uint8_t)kind;
    wn->slots[at] = (uint32_t)(wn->nlemmas + 1);
    wn->slot_hash[at] = (uint32_t)h;
    return (long)wn->nlemmas++;
}

/* Normalise LEMMA (lower case, spaces to '_') into BUF; false when too long
 * or empty. */
static bool norm_key(const char *lemma, char *buf, size_t *len)
{
    size_t n = 0;
    if (!lemma)
        return false;
    for (const char *p = lemma; *p; p++) {
        if (n >= MAX_LEMMA)
            return false;
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c == ' ')
            c = '_';
        buf[n++] = c;
    }
    buf[n] = '\0';
    *len = n;
    return n > 0;
}

static const lemma_rec *find(const nk_wordnet *wn, unsigned kind, const char *lemma)
{
    char key[MAX_LEMMA + 1];
    size_t len;
    if (!wn || !wn->nslots || !norm_key(lemma, key, &len))
        return NULL;
    uint32_t v = wn->slots[slot_of(wn, kind, key, len)];
    return v ? &wn->lemmas[v - 1] : NULL;
}

/* ---- reading files ---------------------------------------------------------------- */

typedef struct wn_file {
    char *path;
    const char *text; /* mapped read-only (NULL when empty or absent) */
    size_t len;
} wn_file;

static int read_file(const nk_wordnet *wn, const char *name, bool required,
                     wn_file *f, nk_diag_sink *sink)
{
    nk_buf path = {0};
    nk_buf_printf(&path, "%s/%s", wn->dir, name);
    f->path = nk_buf_detach(&path);
    f->text = NULL;
    f->len = 0;
    FILE *fp = fopen(f->path, "rb");
    if (!fp) {
        if (!required && errno == ENOENT)
            return NK_OK;
        int e = errno;
        nk_diag_report(sink, NK_ERROR, f->path, 0, 0, SIZE_MAX,
                       "cannot open WordNet file: %s (install Debian's wordnet-base, "
                       "or point --wordnet DIR or NEWSKG_WORDNET at a WordNet 3.0 "
                       "dict directory)",
                       strerror(e));
        return e == ENOENT ? NK_ERR_NOTFOUND : NK_ERR_IO;
    }
    /* mapped, not read: the files are 23 MB and read once */
    struct stat st;
    int rc = NK_OK;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        nk_diag_report(sink, NK_ERROR, f->path, 0, 0, SIZE_MAX,
                       "not a regular file");
        rc = NK_ERR_IO;
    } else if (st.st_size > 0) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(fp), 0);
        if (m == MAP_FAILED) {
            nk_diag_report(sink, NK_ERROR, f->path, 0, 0, SIZE_MAX, "cannot map: %s",
                           strerror(errno));
            rc = NK_ERR_IO;
        } else {
            f->text = m;
            f->len = (size_t)st.st_size;
        }
    }
    fclose(fp);
    return rc;
}

static void file_free(wn_file *f)
{
    free(f->path);
    if (f->text)
        munmap((void *)(uintptr_t)f->text, f->len);
    f->path = NULL;
    f->text = NULL;
}

/* A cursor over the fields (separated by single spaces) of one line. */
typedef struct cursor {
    const wn_file *f;
    const char *line;  /* start of the line */
    const char *p;     /* next field */
    const char *end;   /* end of the line (at '\n' or the end of the text) */
    unsigned lineno;
} cursor;

static bool next_field(cursor *c, const char **s, size_t *len)
{
    while (c->p < c->end && *c->p == ' ')
        c->p++;
    if (c->p >= c->end)
        return false;
    const char *q = c->p;
    while (q < c->end && *q != ' ')
        q++;
    *s = c->p;
    *len = (size_t)(q - c->p);
    c->p = q;
    return true;
}

static int bad(const cursor *c, nk_diag_sink *sink, const char *what)
{
    nk_diag_report(sink, NK_ERROR, c->f->path, c->lineno,
                   (unsigned)(c->p - c->line) + 1, (size_t)(c->p - c->f->text),
                   "malformed WordNet line: %s", what);
    return NK_ERR_PARSE;
}

/* Parse a field of LEN digits in BASE (10 or 16) into *out. */
static bool parse_num(const char *s, size_t len, unsigned base, unsigned long *out)
{
    unsigned long v = 0;
    if (len == 0 || len > 10)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

static bool num_field(cursor *c, unsigned base, unsigned long *out)
{
    const char *s;
    size_t len;
    return next_field(c, &s, &len) && parse_num(s, len, base, out);
}

/* Call FN on every line of F that is not part of the licence header (lines
 * starting with a space) and not empty.  Stops at the first error. */
typedef int (*line_fn)(nk_wordnet *wn, cursor *c, void *ctx, nk_diag_sink *sink);

static int each_line(nk_wordnet *wn, const wn_file *f, line_fn fn, void *ctx,
                     nk_diag_sink *sink)
{
    if (!f->text)
        return NK_OK;
    const char *p = f->text, *end = f->text + f->len;
    unsigned lineno = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (le > p && *p != ' ') {
            cursor c = {f, p, p, le, lineno};
            if (le > p && le[-1] == '\r')
                c.end = le - 1;
            NK_TRY(fn(wn, &c, ctx, sink));
        }
        p = nl ? nl + 1 : end;
    }
    return NK_OK;
}

/* ---- data.noun / data.verb -------------------------------------------------------- */

typedef struct data_ctx {
    unsigned pos;
    char ss_type;
    u32vec raw_hypers;  /* byte offsets, resolved after both files are read */
} data_ctx;

static int data_line(nk_wordnet *wn, cursor *c, void *vctx, nk_diag_sink *sink)
{
    data_ctx *ctx = vctx;
    const char *s;
    size_t len;
    unsigned long offset, lexfile, wcnt, pcnt;
    if (!num_field(c, 10, &offset) || offset > UINT32_MAX)
        return bad(c, sink, "expected a synset offset");
    if ((size_t)(c->line - c->f->text) != offset)
        return bad(c, sink, "synset offset is not the line's byte offset");
    if (!num_field(c, 10, &lexfile) || lexfile >= NK_WN_NCLASSES)
        return bad(c, sink, "expected a lexicographer file number");
    if (!next_field(c, &s, &len) || len != 1 || s[0] != ctx->ss_type)
        return bad(c, sink, "unexpected synset type");
    if (!num_field(c, 16, &wcnt) || wcnt == 0)
        return bad(c, sink, "expected a word count");
    for (unsigned long i = 0; i < 2 * wcnt; i++)
        if (!next_field(c, &s, &len))
            return bad(c, sink, "fewer words than the word count");
    if (!num_field(c, 10, &pcnt))
        return bad(c, sink, "expected a pointer count");
    if (wn->nsyn == wn->cap_syn) {
        wn->cap_syn = wn->cap_syn ? wn->cap_syn * 2 : 1 << 16;
        wn->syn_offset = nk_xrealloc(wn->syn_offset, wn->cap_syn * sizeof *wn->syn_offset);
        wn->syn_class = nk_xrealloc(wn->syn_class, wn->cap_syn);
        wn->syn_hyper = nk_xrealloc(wn->syn_hyper, (wn->cap_syn + 1) * sizeof *wn->syn_hyper);
    }
    wn->syn_offset[wn->nsyn] = (uint32_t)offset;
    wn->syn_class[wn->nsyn] = (uint8_t)lexfile;
    wn->syn_hyper[wn->nsyn] = (uint32_t)ctx->raw_hypers.n;
    for (unsigned long i = 0; i < pcnt; i++) {
        const char *sym, *off, *pos, *st;
        size_t lsym, loff, lpos, lst;
        unsigned long target;
        if (!next_field(c, &sym, &lsym) || !next_field(c, &off, &loff) ||
            !next_field(c, &pos, &lpos) || !next_field(c, &st, &lst))
            return bad(c, sink, "fewer pointers than the pointer count");
        if (!parse_num(off, loff, 10, &target) || target > UINT32_MAX)
            return bad(c, sink, "expected a pointer's synset offset");
        /* '@' hypernym, "@i" instance hypernym, of the same part of speech */
        if (sym[0] == '@' && (lsym == 1 || (lsym == 2 && sym[1] == 'i')) &&
            lpos == 1 && pos[0] == ctx->ss_type)
            u32_push(&ctx->raw_hypers, (uint32_t)target);
    }
    wn->nsyn++;
    wn->nsyn_pos[ctx->pos]++;
    return NK_OK;
}

static size_t off_hash(unsigned pos, uint32_t offset)
{
    return (size_t)(((uint64_t)offset * 2 + pos) * 0x9e3779b97f4a7c15ULL >> 32);
}

/* Index every synset by (part of speech, byte offset); used while loading. */
static void index_offsets(nk_wordnet *wn)
{
    size_t n = 1;
    while (n < wn->nsyn * 2)
        n *= 2;
    wn->off_slots = nk_xcalloc(n, sizeof *wn->off_slots);
    wn->noff_slots = n;
    for (size_t s = 0; s < wn->nsyn; s++) {
        unsigned pos = s < wn->nsyn_pos[0] ? KIND_NOUN : KIND_VERB;
        size_t j = off_hash(pos, wn->syn_offset[s]) & (n - 1);
        while (wn->off_slots[j])
            j = (j + 1) & (n - 1);
        wn->off_slots[j] = (uint32_t)(s + 1);
    }
}

/* The synset with byte OFFSET in the data file of POS, or NK_WN_NO_SYNSET. */
static nk_wn_synset synset_at(const nk_wordnet *wn, unsigned pos, uint32_t offset)
{
    size_t mask = wn->noff_slots - 1;
    for (size_t j = off_hash(pos, offset) & mask; wn->off_slots[j]; j = (j + 1) & mask) {
        uint32_t s = wn->off_slots[j] - 1;
        if (wn->syn_offset[s] == offset && (s < wn->nsyn_pos[0]) == (pos == KIND_NOUN))
            return s;
    }
    return NK_WN_NO_SYNSET;
}

static int load_data(nk_wordnet *wn, nk_diag_sink *sink)
{
    static const char *const NAMES[2] = {"data.noun", "data.verb"};
    data_ctx ctx[2] = {{KIND_NOUN, 'n', {0}}, {KIND_VERB, 'v', {0}}};
    int rc = NK_OK;
    for (unsigned pos = 0; pos < 2; pos++) {
        wn_file f;
        rc = read_file(wn, NAMES[pos], true, &f, sink);
        if (rc == NK_OK)
            rc = each_line(wn, &f, data_line, &ctx[pos], sink);
        file_free(&f);
        if (rc < 0)
            goto cleanup;
    }
    index_offsets(wn);
    /* resolve hypernym offsets to synsets */
    wn->syn_hyper[wn->nsyn] = (uint32_t)(ctx[0].raw_hypers.n + ctx[1].raw_hypers.n);
    for (size_t i = wn->nsyn_pos[0]; i < wn->nsyn; i++)
        wn->syn_hyper[i] += (uint32_t)ctx[0].raw_hypers.n;
    for (unsigned pos = 0; pos < 2; pos++) {
        for (size_t i = 0; i < ctx[pos].raw_hypers.n; i++) {
            nk_wn_synset s = synset_at(wn, pos, ctx[pos].raw_hypers.v[i]);
            if (s == NK_WN_NO_SYNSET) {
                nk_diag_report(sink, NK_ERROR, NAMES[pos], 0, 0, SIZE_MAX,
                               "a hypernym pointer names offset %u, which is no synset",
                               (unsigned)ctx[pos].raw_hypers.v[i]);
                rc = NK_ERR_INVALID;
                goto cleanup;
            }
            u32_push(&wn->hypers, s);
        }
    }
cleanup:
    free(ctx[0].raw_hypers.v);
    free(ctx[1].raw_hypers.v);
    return rc;
}

/* ---- index.noun / index.verb ------------------------------------------------------- */

static int index_line(nk_wordnet *wn, cursor *c, void *vctx, nk_diag_sink *sink)
{
    unsigned pos = *(unsigned *)vctx;
    const char *lemma, *s;
    size_t llen, len;
    unsigned long nsyn, pcnt, nsense, tagged;
    if (!next_field(c, &lemma, &llen) || llen > MAX_LEMMA)
        return bad(c, sink, "expected a lemma of at most 255 bytes");
    if (!next_field(c, &s, &len) || len != 1 || s[0] != (pos == KIND_NOUN ? 'n' : 'v'))
        return bad(c, sink, "unexpected part of speech");
    if (!num_field(c, 10, &nsyn) || nsyn == 0 || nsyn > MAX_SENSES)
        return bad(c, sink, "expected a synset count");
    if (!num_field(c, 10, &pcnt))
        return bad(c, sink, "expected a pointer count");
    for (unsigned long i = 0; i < pcnt; i++)
        if (!next_field(c, &s, &len))
            return bad(c, sink, "fewer pointer symbols than their count");
    if (!num_field(c, 10, &nsense) || nsense != nsyn)
        return bad(c, sink, "sense count differs from the synset count");
    if (!num_field(c, 10, &tagged))
        return bad(c, sink, "expected a tagged sense count");
    long at = lemma_add(wn, pos, lemma, llen);
    if (at < 0)
        return bad(c, sink, "lemma listed twice");
    wn->nlemmas_pos[pos]++;
    if (wn->nsenses + nsyn > wn->cap_senses) {
        while (wn->nsenses + nsyn > wn->cap_senses)
            wn->cap_senses = wn->cap_senses ? wn->cap_senses * 2 : 1 << 17;
        wn->sense_syn = nk_xrealloc(wn->sense_syn, wn->cap_senses * sizeof *wn->sense_syn);
        wn->sense_count = nk_xrealloc(wn->sense_count, wn->cap_senses * sizeof *wn->sense_count);
    }
    wn->lemmas[at].first = (uint32_t)wn->nsenses;
    wn->lemmas[at].n = (uint16_t)nsyn;
    for (unsigned long i = 0; i < nsyn; i++) {
        unsigned long off;
        if (!num_field(c, 10, &off) || off > UINT32_MAX)
            return bad(c, sink, "expected a synset offset");
        nk_wn_synset syn = synset_at(wn, pos, (uint32_t)off);
        if (syn == NK_WN_NO_SYNSET)
            return bad(c, sink, "synset offset not found in the data file");
        wn->sense_syn[wn->nsenses] = syn;
        wn->sense_count[wn->nsenses] = 0;
        wn->nsenses++;
    }
    return NK_OK;
}

/* ---- noun.exc / verb.exc ------------------------------------------------------------ */

static int exc_line(nk_wordnet *wn, cursor *c, void *vctx, nk_diag_sink *sink)
{
    unsigned kind = *(unsigned *)vctx;
    const char *word, *s;
    size_t wlen, len;
    if (!next_field(c, &word, &wlen) || wlen > MAX_LEMMA)
        return bad(c, sink, "expected an inflected form of at most 255 bytes");
    long at = lemma_add(wn, kind, word, wlen);
    if (at < 0)
        return NK_OK; /* a form listed twice: the first line wins */
    wn->lemmas[at].first = (uint32_t)wn->bases.n;
    size_t n = 0;
    while (next_field(c, &s, &len)) {
        if (len > MAX_LEMMA || n == MAX_SENSES)
            return bad(c, sink, "base form too long, or too many");
        u32_push(&wn->bases, pool_add(wn, s, len));
        n++;
    }
    if (!n)
        return bad(c, sink, "expected a base form");
    wn->lemmas[at].n = (uint16_t)n;
    return NK_OK;
}

/* ---- cntlist.rev: "lemma%ss_type:... sense_number tag_count" -------------------------- */

static int count_line(nk_wordnet *wn, cursor *c, void *vctx, nk_diag_sink *sink)
{
    (void)vctx;
    const char *key;
    size_t klen;
    unsigned long sense, count;
    if (!next_field(c, &key, &klen))
        return bad(c, sink, "expected a sense key");
    if (!num_field(c, 10, &sense) || !num_field(c, 10, &count))
        return bad(c, sink, "expected a sense number and a tag count");
    const char *pct = memchr(key, '%', klen);
    if (!pct || pct + 1 >= key + klen || (size_t)(pct - key) > MAX_LEMMA)
        return bad(c, sink, "malformed sense key");
    unsigned kind;
    if (pct[1] == '1')
        kind = KIND_NOUN;
    else if (pct[1] == '2')
        kind = KIND_VERB;
    else
        return NK_OK; /* adjectives and adverbs are not loaded */
    size_t at = slot_of(wn, kind, key, (size_t)(pct - key));
    uint32_t v = wn->slots[at];
    if (!v || sense == 0 || sense > wn->lemmas[v - 1].n)
        return NK_OK; /* a key of a lemma or sense WordNet's index lacks */
    wn->sense_count[wn->lemmas[v - 1].first + sense - 1] =
        count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
    return NK_OK;
}

static int load_lines(nk_wordnet *wn, const char *name, bool required, line_fn fn,
                      void *ctx, nk_diag_sink *sink)
{
    wn_file f;
    int rc = read_file(wn, name, required, &f, sink);
    if (rc == NK_OK && f.text)
        rc = each_line(wn, &f, fn, ctx, sink);
    file_free(&f);
    return rc;
}

/* Give back the unused ends of the growable arrays. */
static void trim(nk_wordnet *wn)
{
#define TRIM(p, n, cap, elem)                                                  \
    do {                                                                       \
        if ((n) > 0) {                                                         \
            (p) = nk_xrealloc((p), (n) * (elem));                              \
            (cap) = (n);                                                       \
        }                                                                      \
    } while (0)
    TRIM(wn->pool, wn->pool_len, wn->pool_cap, 1);
    TRIM(wn->lemmas, wn->nlemmas, wn->cap_lemmas, sizeof *wn->lemmas);
    TRIM(wn->hypers.v, wn->hypers.n, wn->hypers.cap, sizeof *wn->hypers.v);
    TRIM(wn->bases.v, wn->bases.n, wn->bases.cap, sizeof *wn->bases.v);
    size_t ns = wn->nsenses, nsyn = wn->nsyn;
    TRIM(wn->sense_syn, ns, wn->cap_senses, sizeof *wn->sense_syn);
    TRIM(wn->sense_count, ns, wn->cap_senses, sizeof *wn->sense_count);
    size_t nsyn1 = nsyn + 1;
    TRIM(wn->syn_offset, nsyn, wn->cap_syn, sizeof *wn->syn_offset);
    TRIM(wn->syn_class, nsyn, wn->cap_syn, 1);
    TRIM(wn->syn_hyper, nsyn1, nsyn1, sizeof *wn->syn_hyper);
#undef TRIM
}

int nk_wordnet_load(nk_wordnet **out, const char *dir, nk_diag_sink *sink)
{
    *out = NULL;
    if (!dir || !*dir)
        dir = getenv("NEWSKG_WORDNET");
    if (!dir || !*dir)
        dir = DEFAULT_DIR;
    nk_wordnet *wn = nk_xcalloc(1, sizeof *wn);
    wn->dir = nk_xstrdup(dir);
    int rc = NK_OK;
    unsigned noun = KIND_NOUN, verb = KIND_VERB;
    unsigned noun_exc = KIND_NOUN_EXC, verb_exc = KIND_VERB_EXC;
    NK_CHECK(load_data(wn, sink));
    NK_CHECK(load_lines(wn, "index.noun", true, index_line, &noun, sink));
    NK_CHECK(load_lines(wn, "index.verb", true, index_line, &verb, sink));
    NK_CHECK(load_lines(wn, "noun.exc", true, exc_line, &noun_exc, sink));
    NK_CHECK(load_lines(wn, "verb.exc", true, exc_line, &verb_exc, sink));
    NK_CHECK(load_lines(wn, "cntlist.rev", false, count_line, NULL, sink));
    trim(wn);
    free(wn->off_slots); /* only needed while loading */
    wn->off_slots = NULL;
    wn->noff_slots = 0;
    /* institutions: organization.n.01, and legislatures and courts, which
     * WordNet files under assembly (a gathering) */
    wn->organizations[0] = nk_wordnet_synset(wn, NK_WN_NOUN, "organization", 1);
    wn->organizations[1] = nk_wordnet_synset(wn, NK_WN_NOUN, "legislature", 1);
    wn->organizations[2] = nk_wordnet_synset(wn, NK_WN_NOUN, "court", 1);
    wn->social_group = nk_wordnet_synset(wn, NK_WN_NOUN, "social_group", 1);
    wn->people = nk_wordnet_synset(wn, NK_WN_NOUN, "people", 1);
    wn->person = nk_wordnet_synset(wn, NK_WN_NOUN, "person", 1);
    *out = wn;
    return NK_OK;
cleanup:
    nk_wordnet_free(wn);
    return rc;
}

void nk_wordnet_free(nk_wordnet *wn)
{
    if (!wn)
        return;
    free(wn->dir);
    free(wn->pool);
    free(wn->lemmas);
    free(wn->slots);
    free(wn->slot_hash);
    free(wn->off_slots);
    free(wn->syn_offset);
    free(wn->syn_class);
    free(wn->syn_hyper);
    free(wn->hypers.v);
    free(wn->sense_syn);
    free(wn->sense_count);
    free(wn->bases.v);
    free(wn);
}

const char *nk_wordnet_dir(const nk_wordnet *wn)
{
    return wn ? wn->dir : NULL;
}

size_t nk_wordnet_lemma_count(const nk_wordnet *wn, nk_wn_pos pos)
{
    return wn && (unsigned)pos < 2 ? wn->nlemmas_pos[pos] : 0;
}

size_t nk_wordnet_synset_count(const nk_wordnet *wn, nk_wn_pos pos)
{
    return wn && (unsigned)pos < 2 ? wn->nsyn_pos[pos] : 0;
}

size_t nk_wordnet_memory(const nk_wordnet *wn)
{
    if (!wn)
        return 0;
    return sizeof *wn + wn->pool_cap + wn->cap_lemmas * sizeof *wn->lemmas +
           wn->nslots * (sizeof *wn->slots + sizeof *wn->slot_hash) +
           wn->noff_slots * sizeof *wn->off_slots +
           wn->cap_syn * (sizeof *wn->syn_offset + 1 + sizeof *wn->syn_hyper) +
           wn->hypers.cap * sizeof *wn->hypers.v +
           wn->cap_senses * (sizeof *wn->sense_syn + sizeof *wn->sense_count) +
           wn->bases.cap * sizeof *wn->bases.v;
}

/* ---- queries ------------------------------------------------------------------------------ */

static const lemma_rec *find_pos(const nk_wordnet *wn, nk_wn_pos pos, const char *lemma)
{
    if ((unsigned)pos > 1)
        return NULL;
    return find(wn, pos == NK_WN_NOUN ? KIND_NOUN : KIND_VERB, lemma);
}

size_t nk_wordnet_senses(const nk_wordnet *wn, nk_wn_pos pos, const char *lemma,
                         nk_wn_sense *out, size_t cap)
{
    const lemma_rec *r = find_pos(wn, pos, lemma);
    if (!r)
        return 0;
    for (size_t i = 0; i < r->n && i < cap; i++) {
        uint32_t s = wn->sense_syn[r->first + i];
        out[i].synset = s;
        out[i].cls = (nk_wn_class)wn->syn_class[s];
        out[i].count = wn->sense_count[r->first + i];
    }
    return r->n;
}

nk_wn_class nk_wordnet_first_class(const nk_wordnet *wn, nk_wn_pos pos,
                                   const char *lemma)
{
    const lemma_rec *r = find_pos(wn, pos, lemma);
    return r ? (nk_wn_class)wn->syn_class[wn->sense_syn[r->first]] : NK_WN_NONE;
}

bool nk_wordnet_has_class(const nk_wordnet *wn, nk_wn_pos pos, const char *lemma,
                          nk_wn_class cls)
{
    const lemma_rec *r = find_pos(wn, pos, lemma);
    for (size_t i = 0; r && i < r->n; i++)
        if (wn->syn_class[wn->sense_syn[r->first + i]] == (unsigned)cls)
            return true;
    return false;
}

/* Weight of sense I of R: its tag count + 1. */
static double sense_weight(const nk_wordnet *wn, const lemma_rec *r, size_t i)
{
    return (double)wn->sense_count[r->first + i] + 1.0;
}

double nk_wordnet_class_share(const nk_wordnet *wn, nk_wn_pos pos,
                              const char *lemma, nk_wn_class cls)
{
    const lemma_rec *r = find_pos(wn, pos, lemma);
    if (!r)
        return 0.0;
    double in = 0.0, all = 0.0;
    for (size_t i = 0; i < r->n; i++) {
        double w = sense_weight(wn, r, i);
        all += w;
        if (wn->syn_class[wn->sense_syn[r->first + i]] == (unsigned)cls)
            in += w;
    }
    return in / all;
}

nk_wn_class nk_wordnet_dominant_class(const nk_wordnet *wn, nk_wn_pos pos,
                                      const char *lemma, double *share)
{
    const lemma_rec *r = find_pos(wn, pos, lemma);
    if (share)
        *share = 0.0;
    if (!r)
        return NK_WN_NONE;
    double w[NK_WN_NCLASSES] = {0}, all = 0.0;
    for (size_t i = 0; i < r->n; i++) {
        double x = sense_weight(wn, r, i);
        w[wn->syn_class[wn->sense_syn[r->first + i]]] += x;
        all += x;
    }
    nk_wn_class best = NK_WN_NONE;
    double bw = -1.0;
    for (size_t i = 0; i < r->n; i++) { /* sense order breaks ties */
        unsigned c = wn->syn_class[wn->sense_syn[r->first + i]];
        if (w[c] > bw) {
            bw = w[c];
            best = (nk_wn_class)c;
        }
    }
    if (share)
        *share = bw / all;
    return best;
}

nk_wn_synset nk_wordnet_synset(const nk_wordnet *wn, nk_wn_pos pos,
                               const char *lemma, unsigned sense)
{
    const lemma_rec *r = find_pos(wn, pos, lemma);
    if (!r || sense == 0 || sense > r->n)
        return NK_WN_NO_SYNSET;
    return wn->sense_syn[r->first + sense - 1];
}

nk_wn_class nk_wordnet_synset_class(const nk_wordnet *wn, nk_wn_synset s)
{
    return wn && s < wn->nsyn ? (nk_wn_class)wn->syn_class[s] : NK_WN_NONE;
}

static bool reaches(const nk_wordnet *wn, nk_wn_synset s, nk_wn_synset anc, unsigned depth)
{
    if (s == anc)
        return true;
    if (depth >= MAX_DEPTH)
        return false;
    for (uint32_t i = wn->syn_hyper[s]; i < wn->syn_hyper[s + 1]; i++)
        if (reaches(wn, wn->hypers.v[i], anc, depth + 1))
            return true;
    return false;
}

bool nk_wordnet_synset_is_a(const nk_wordnet *wn, nk_wn_synset s,
                            nk_wn_synset ancestor)
{
    if (!wn || s >= wn->nsyn || ancestor >= wn->nsyn)
        return false;
    return reaches(wn, s, ancestor, 0);
}

bool nk_wordnet_is_a(const nk_wordnet *wn, nk_wn_pos pos, const char *lemma,
                     const char *ancestor, unsigned ancestor_sense,
                     bool first_only)
{
    const lemma_rec *r = find_pos(wn, pos, lemma);
    nk_wn_synset anc = nk_wordnet_synset(wn, pos, ancestor, ancestor_sense);
    if (!r || anc == NK_WN_NO_SYNSET)
        return false;
    size_t n = first_only ? 1 : r->n;
    for (size_t i = 0; i < n; i++)
        if (reaches(wn, wn->sense_syn[r->first + i], anc, 0))
            return true;
    return false;
}

/* The actor kind of one noun synset. */
static nk_wn_actor synset_actor(const nk_wordnet *wn, nk_wn_synset s)
{
    unsigned cls = wn->syn_class[s];
    /* "person", "individual", "someone": the person synset itself is
     * filed among the top nouns */
    if (cls == NK_WN_NOUN_PERSON || (s == wn->person && s != NK_WN_NO_SYNSET))
        return NK_WN_ACTOR_PERSON;
    if (cls != NK_WN_NOUN_GROUP)
        return NK_WN_ACTOR_NONE;
    for (size_t i = 0; i < sizeof wn->organizations / sizeof *wn->organizations; i++)
        if (wn->organizations[i] != NK_WN_NO_SYNSET &&
            reaches(wn, s, wn->organizations[i], 0))
            return NK_WN_ACTOR_ORGANIZATION;
    if ((wn->social_group != NK_WN_NO_SYNSET && reaches(wn, s, wn->social_group, 0)) ||
        (wn->people != NK_WN_NO_SYNSET && reaches(wn, s, wn->people, 0)))
        return NK_WN_ACTOR_GROUP;
    return NK_WN_ACTOR_NONE;
}

nk_wn_actor nk_wordnet_actor(const nk_wordnet *wn, const char *lemma,
                             nk_wn_actor_mode mode)
{
    const lemma_rec *r = find_pos(wn, NK_WN_NOUN, lemma);
    if (!r)
        return NK_WN_ACTOR_NONE;
    switch (mode) {
    case NK_WN_FIRST_SENSE:
        return synset_actor(wn, wn->sense_syn[r->first]);
    case NK_WN_ANY_SENSE:
        for (size_t i = 0; i < r->n; i++) {
            nk_wn_actor a = synset_actor(wn, wn->sense_syn[r->first + i]);
            if (a != NK_WN_ACTOR_NONE)
                return a;
        }
        return NK_WN_ACTOR_NONE;
    case NK_WN_DOMINANT: {
        double w[4] = {0}, all = 0.0;
        for (size_t i = 0; i < r->n; i++) {
            double x = sense_weight(wn, r, i);
            w[synset_actor(wn, wn->sense_syn[r->first + i])] += x;
            all += x;
        }
        for (unsigned a = NK_WN_ACTOR_PERSON; a <= NK_WN_ACTOR_GROUP; a++)
            if (w[a] > all / 2)
                return (nk_wn_actor)a;
        return NK_WN_ACTOR_NONE;
    }
    }
    return NK_WN_ACTOR_NONE;
}

/* ---- base forms (morphy) ------------------------------------------------------------------ */

typedef struct rule {
    const char *suffix, *ending;
} rule;

static const rule NOUN_RULES[] = {{"s", ""},     {"ses", "s"},   {"xes", "x"},
                                  {"zes", "z"},  {"ches", "ch"}, {"shes", "sh"},
                                  {"men", "man"}, {"ies", "y"},  {NULL, NULL}};
static const rule VERB_RULES[] = {{"s", ""},   {"ies", "y"}, {"es", "e"}, {"es", ""},
                                  {"ed", "e"}, {"ed", ""},   {"ing", "e"}, {"ing", ""},
                                  {NULL, NULL}};

static size_t add_base(const char **out, size_t cap, size_t n, const char *s)
{
    for (size_t i = 0; i < n && i < cap; i++)
        if (strcmp(out[i], s) == 0)
            return n;
    if (n < cap)
        out[n] = s;
    return n + 1;
}

/* Add to OUT the lemma KEY[0..wbeg) + BASE + KEY[wend..len) when it exists. */
static size_t try_base(const nk_wordnet *wn, unsigned kind, const char *key, size_t len,
                       size_t wbeg, size_t wend, const char *base, size_t blen,
                       const char **out, size_t cap, size_t n)
{
    char cand[MAX_LEMMA + 1];
    if (len - (wend - wbeg) + blen > MAX_LEMMA)
        return n;
    memcpy(cand, key, wbeg);
    memcpy(cand + wbeg, base, blen);
    memcpy(cand + wbeg + blen, key + wend, len - wend + 1);
    const lemma_rec *b = find(wn, kind, cand);
    return b ? add_base(out, cap, n, wn->pool + b->name) : n;
}

size_t nk_wordnet_base(const nk_wordnet *wn, nk_wn_pos pos, const char *word,
                       const char **out, size_t cap)
{
    char key[MAX_LEMMA + 1];
    size_t len, n = 0;
    if (!wn || (unsigned)pos > 1 || !norm_key(word, key, &len))
        return 0;
    unsigned kind = pos == NK_WN_NOUN ? KIND_NOUN : KIND_VERB;
    const lemma_rec *self = find(wn, kind, key);
    if (self)
        n = add_base(out, cap, n, wn->pool + self->name);
    const lemma_rec *exc = find(wn, kind + 2, key);
    for (size_t i = 0; exc && i < exc->n; i++) {
        const char *base = wn->pool + wn->bases.v[exc->first + i];
        n = try_base(wn, kind, key, len, 0, len, base, strlen(base), out, cap, n);
    }
    /* in a collocation the inflected word is the first of a verb ("carried
     * out") and the last of a noun ("prime ministers") */
    const char *us = pos == NK_WN_NOUN ? strrchr(key, '_') : strchr(key, '_');
    size_t wbeg = 0, wend = len;
    if (us && pos == NK_WN_NOUN)
        wbeg = (size_t)(us - key) + 1;
    else if (us)
        wend = (size_t)(us - key);
    if (us) {
        char w[MAX_LEMMA + 1];
        memcpy(w, key + wbeg, wend - wbeg);
        w[wend - wbeg] = '\0';
        exc = find(wn, kind + 2, w);
        for (size_t i = 0; exc && i < exc->n; i++) {
            const char *base = wn->pool + wn->bases.v[exc->first + i];
            n = try_base(wn, kind, key, len, wbeg, wend, base, strlen(base), out, cap, n);
        }
    }
    for (const rule *r = pos == NK_WN_NOUN ? NOUN_RULES : VERB_RULES; r->suffix; r++) {
        size_t sl = strlen(r->suffix);
        if (wend - wbeg <= sl || strncmp(key + wend - sl, r->suffix, sl) != 0)
            continue;
        char base[MAX_LEMMA + 1];
        size_t blen = wend - wbeg - sl;
        memcpy(base, key + wbeg, blen);
        strcpy(base + blen, r->ending);
        n = try_base(wn, kind, key, len, wbeg, wend, base, strlen(base), out, cap, n);
    }
    return n;
}
