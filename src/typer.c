/* typer.c: see typer.h. */
#include "typer.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conllu.h"
#include "pipeline.h"

/* Features are hashed into 2^18 buckets of NK_TYPER_NCLASSES weights. */
#define BUCKET_BITS 18u
#define NBUCKETS ((size_t)1 << BUCKET_BITS)
#define NC ((size_t)NK_TYPER_NCLASSES)
#define MAX_FEATS 96
#define MAGIC "NKTYPER1"
#define FEATURE_SEED 0x7970657231ULL

struct nk_typer {
    float *w;      /* NBUCKETS * NC, bucket-major */
    size_t nonzero;
    float threshold;
};

static const char *const CLASS_NAMES[] = {"Other", "Person", "Organization", "Location"};

const char *nk_typer_class_name(nk_typer_class c)
{
    return (unsigned)c < NC ? CLASS_NAMES[c] : NULL;
}

/* ---- features ------------------------------------------------------------ */

typedef struct feats {
    uint32_t b[MAX_FEATS];
    size_t n;
} feats;

static void add(feats *f, const char *s)
{
    if (f->n < MAX_FEATS)
        f->b[f->n++] = (uint32_t)(nk_hash64(s, strlen(s), FEATURE_SEED) & (NBUCKETS - 1));
}

static void addf(feats *f, const char *fmt, ...) NK_PRINTF(2, 3);
static void addf(feats *f, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    add(f, buf);
}

/* ASCII lower case of S into BUF (truncated to CAP - 1 bytes). */
static const char *lower(const char *s, char *buf, size_t cap)
{
    size_t i = 0;
    for (; s && s[i] && i + 1 < cap; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[i] = '\0';
    return buf;
}

/* "Xx", "X", "x-Xx", "d": character classes with repeats collapsed. */
static void shape(const char *s, nk_buf *out)
{
    char prev = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char k = isupper(c) ? 'X' : islower(c) ? 'x' : isdigit(c) ? 'd' : c >= 0x80 ? 'u' : (char)c;
        if (k != prev)
            nk_buf_putc(out, k);
        prev = k;
    }
}

static const char *deprel(const nk_tree *t, size_t i)
{
    const char *d = nk_tree_tok(t, i)->deprel;
    return d ? d : "_";
}

static void features(const nk_typer_context *ctx, const nk_typer_name *nm, feats *f)
{
    const nk_tree *t = nm->tree;
    const nk_wordnet *wn = ctx ? ctx->wordnet : NULL;
    const nk_gazetteer *gaz = ctx ? ctx->gazetteer : NULL;
    const nk_wordlists *words = ctx ? ctx->words : NULL;
    size_t first = nm->first, last = nm->last;
    char lw[128], tmp[128];
    f->n = 0;
    add(f, "bias");
    size_t nwords = last - first + 1;
    addf(f, "len=%zu", nwords < 4 ? nwords : 4);
    nk_buf whole = {0}, under = {0}, shp = {0};
    bool orgword = false;
    for (size_t i = first; i <= last; i++) {
        const char *form = nk_tree_form(t, i);
        lower(form, lw, sizeof lw);
        addf(f, "w=%s", lw);
        if (i > first) {
            nk_buf_putc(&whole, ' ');
            nk_buf_putc(&under, '_');
            nk_buf_putc(&shp, ' ');
        }
        nk_buf_puts(&whole, lw);
        nk_buf_puts(&under, lw);
        shape(form, &shp);
        if (nk_wordlists_has(words, NK_WL_ORG_WORD, form))
            orgword = true;
        if (gaz) {
            const char *one[1] = {form};
            const nk_gaz_entry *g = NULL;
            if (nk_gazetteer_match(gaz, one, 1, &g) == 1 && g)
                addf(f, "gz=%d", (int)g->kind_id);
        }
    }
    addf(f, "n=%s", whole.data);
    addf(f, "sh=%s", shp.data);
    addf(f, "f=%s", lower(nk_tree_form(t, first), tmp, sizeof tmp));
    lower(nk_tree_form(t, last), lw, sizeof lw);
    addf(f, "l=%s", lw);
    size_t len = strlen(lw);
    if (len > 3) {
        addf(f, "ls3=%s", lw + len - 3);
        addf(f, "ls4=%s", len > 4 ? lw + len - 4 : lw);
    }
    if (nwords > 1 && strlen(tmp) > 3)
        addf(f, "fs3=%s", tmp + strlen(tmp) - 3);
    if (orgword)
        add(f, "orgword");
    if (nk_wordlists_has(words, NK_WL_ORG_WORD, nk_tree_form(t, last)))
        add(f, "orgword-last");
    if (gaz && nk_gazetteer_demonym(gaz, nk_tree_form(t, first)))
        add(f, "demonym-first");
    /* a name alone (a gazetteer entry) has a bias of its own, so that the
     * gazetteer's share of places does not become every name's prior, and
     * no tag (it has none of its own) */
    if (nm->head == NK_NONE_TOKEN)
        add(f, "alone");
    else
        addf(f, "xp=%s", nk_tree_tok(t, last)->xpos ? nk_tree_tok(t, last)->xpos : "_");
    if (wn) {
        nk_wn_class c = nk_wordnet_dominant_class(wn, NK_WN_NOUN, lw, NULL);
        addf(f, "wl=%d", (int)c);
        if (nwords > 1) {
            nk_wn_class cf = nk_wordnet_dominant_class(wn, NK_WN_NOUN, tmp, NULL);
            addf(f, "wf=%d", (int)cf);
            addf(f, "wfl=%d|%d", (int)cf, (int)c);
            addf(f, "wn=%d", (int)nk_wordnet_dominant_class(wn, NK_WN_NOUN, under.data, NULL));
        }
        if (nk_wordnet_has_class(wn, NK_WN_NOUN, lw, NK_WN_NOUN_PERSON))
            add(f, "wl-person");
        if (nk_wordnet_has_class(wn, NK_WN_NOUN, lw, NK_WN_NOUN_LOCATION))
            add(f, "wl-location");
        if (nk_wordnet_has_class(wn, NK_WN_NOUN, lw, NK_WN_NOUN_GROUP))
            add(f, "wl-group");
    }
    if (wn) {
        /* how many of the words WordNet knows at all (common words vs
         * words that are only names) */
        size_t known = 0;
        for (size_t i = first; i <= last; i++) {
            lower(nk_tree_form(t, i), tmp, sizeof tmp);
            known += nk_wordnet_senses(wn, NK_WN_NOUN, tmp, NULL, 0) > 0 ||
                     nk_wordnet_senses(wn, NK_WN_VERB, tmp, NULL, 0) > 0;
        }
        addf(f, "known=%zu/%zu", known < 4 ? known : 4, nwords < 4 ? nwords : 4);
    }
    nk_buf_free(&whole);
    nk_buf_free(&under);
    nk_buf_free(&shp);
    if (nm->head == NK_NONE_TOKEN)
        return; /* a name alone (a gazetteer entry in training) */
    /* the words around the name */
    addf(f, "p1=%s", first > 0 ? lower(nk_tree_form(t, first - 1), tmp, sizeof tmp) : "<s>");
    addf(f, "p2=%s", first > 1 ? lower(nk_tree_form(t, first - 2), tmp, sizeof tmp) : "<s>");
    addf(f, "n1=%s", last + 1 < t->n ? lower(nk_tree_form(t, last + 1), tmp, sizeof tmp) : "</s>");
    addf(f, "n2=%s", last + 2 < t->n ? lower(nk_tree_form(t, last + 2), tmp, sizeof tmp) : "</s>");
    /* its role in the tree */
    size_t head = nm->head < t->n ? nm->head : last;
    addf(f, "rel=%s", deprel(t, head));
    const char *cs = nk_tree_case(t, head);
    if (cs)
        addf(f, "case=%s", lower(cs, tmp, sizeof tmp));
    size_t gov = nk_tree_head(t, head);
    if (gov != NK_NONE_TOKEN) {
        lower(nk_tree_lemma(t, gov), tmp, sizeof tmp);
        addf(f, "gov=%s|%s", deprel(t, head), tmp);
        addf(f, "govw=%s", tmp);
        const char *up = nk_tree_tok(t, gov)->upos;
        addf(f, "govp=%s|%s", deprel(t, head), up ? up : "_");
        if (wn && nk_tree_upos_is(t, gov, NK_UPOS_NOUN))
            addf(f, "govwn=%s|%d", deprel(t, head),
                 (int)nk_wordnet_dominant_class(wn, NK_WN_NOUN, tmp, NULL));
    }
    for (size_t k = t->kid_start[head]; k < t->kid_start[head + 1]; k++) {
        size_t c = t->kids[k];
        if (c >= first && c <= last)
            continue;
        const char *rel = deprel(t, c);
        if (nk_tree_rel_is(t, c, NK_DEP_DET) || nk_tree_rel_is(t, c, NK_DEP_COMPOUND) ||
            nk_tree_rel_is(t, c, NK_DEP_APPOS) || nk_tree_rel_is(t, c, NK_DEP_AMOD))
        {
            addf(f, "kid=%s|%s", rel, lower(nk_tree_lemma(t, c), tmp, sizeof tmp));
            /* "chief executive X", "the bank X": the class of the noun */
            if (wn && nk_tree_upos_is(t, c, NK_UPOS_NOUN))
                addf(f, "kidwn=%d", (int)nk_wordnet_dominant_class(wn, NK_WN_NOUN, tmp, NULL));
        }
    }
}

static nk_typer_class best_of(const double *score, double *margin)
{
    size_t best = 0;
    for (size_t c = 1; c < NC; c++)
        if (score[c] > score[best])
            best = c;
    double second = -INFINITY;
    for (size_t c = 0; c < NC; c++)
        if (c != best && score[c] > second)
            second = score[c];
    if (margin)
        *margin = score[best] - second;
    return (nk_typer_class)best;
}

static void scores_of(const float *w, const feats *f, double *score)
{
    for (size_t c = 0; c < NC; c++)
        score[c] = 0;
    for (size_t i = 0; i < f->n; i++)
        for (size_t c = 0; c < NC; c++)
            score[c] += w[(size_t)f->b[i] * NC + c];
}

nk_typer_class nk_typer_classify(const nk_typer *t, const nk_typer_context *ctx,
                                 const nk_typer_name *name, double *margin)
{
    if (margin)
        *margin = 0;
    if (!t || !name || !name->tree || name->first > name->last || name->last >= name->tree->n)
        return NK_TYPER_OTHER;
    feats f;
    features(ctx, name, &f);
    double score[NC];
    scores_of(t->w, &f, score);
    return best_of(score, margin);
}

bool nk_typer_confident(const nk_typer *t, double margin)
{
    return t && margin >= (double)t->threshold;
}

double nk_typer_threshold(const nk_typer *t)
{
    return t ? (double)t->threshold : 0;
}

void nk_typer_set_threshold(nk_typer *t, double threshold)
{
    if (t && isfinite(threshold))
        t->threshold = (float)threshold;
}

size_t nk_typer_feature_count(const nk_typer *t)
{
    return t ? t->nonzero : 0;
}

void nk_typer_free(nk_typer *t)
{
    if (!t)
        return;
    free(t->w);
    free(t);
}

static size_t count_nonzero(const float *w)
{
    size_t n = 0;
    for (size_t b = 0; b < NBUCKETS; b++)
        for (size_t c = 0; c < NC; c++)
            if (w[b * NC + c] != 0.0f) {
                n++;
                break;
            }
    return n;
}

/* ---- model file ------------------------------------------------------------
 * "NKTYPER1", then little-endian u32: bucket bits, classes, entries, the
 * threshold (float32 bits); then per entry a u32 bucket (increasing) and
 * NC float32 weights. */

static void put_u32(nk_buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        nk_buf_putc(b, (char)(unsigned char)(v >> (8 * i)));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int nk_typer_save(const nk_typer *t, const char *path, nk_diag_sink *sink)
{
    nk_buf b = {0};
    nk_buf_append(&b, MAGIC, 8);
    put_u32(&b, BUCKET_BITS);
    put_u32(&b, (uint32_t)NC);
    put_u32(&b, (uint32_t)t->nonzero);
    uint32_t tbits;
    memcpy(&tbits, &t->threshold, 4);
    put_u32(&b, tbits);
    for (size_t k = 0; k < NBUCKETS; k++) {
        const float *w = t->w + k * NC;
        bool any = false;
        for (size_t c = 0; c < NC; c++)
            any |= w[c] != 0.0f;
        if (!any)
            continue;
        put_u32(&b, (uint32_t)k);
        for (size_t c = 0; c < NC; c++) {
            uint32_t bits;
            memcpy(&bits, &w[c], 4);
            put_u32(&b, bits);
        }
    }
    int rc = nk_file_write_atomic(path, b.data, b.len, sink);
    nk_buf_free(&b);
    return rc;
}

int nk_typer_load(nk_typer **out, const char *path, nk_diag_sink *sink)
{
    *out = NULL;
    char *found = NULL;
    if (!path) {
        found = nk_data_find("models/typer.bin");
        if (!found) {
            nk_diag_report(sink, NK_ERROR, "models/typer.bin", 0, 0, SIZE_MAX,
                           "typer model not found (set NEWSKG_DATA)");
            return NK_ERR_NOTFOUND;
        }
        path = found;
    }
    char *data = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &data, &len, sink);
    if (rc < 0) {
        free(found);
        return rc;
    }
    const unsigned char *p = (const unsigned char *)data;
    const size_t entry = 4 + 4 * NC;
    nk_typer *t = NULL;
    const char *why = NULL;
    if (len < 24 || memcmp(p, MAGIC, 8) != 0)
        why = "not a typer model (bad magic)";
    else if (get_u32(p + 8) != BUCKET_BITS || get_u32(p + 12) != NC)
        why = "typer model of another shape (bucket bits or classes)";
    else if (get_u32(p + 16) > NBUCKETS || (len - 24) != (size_t)get_u32(p + 16) * entry)
        why = "typer model truncated or too long";
    if (!why) {
        t = nk_xcalloc(1, sizeof *t);
        t->w = nk_xcalloc(NBUCKETS * NC, sizeof *t->w);
        t->nonzero = get_u32(p + 16);
        uint32_t tbits = get_u32(p + 20);
        memcpy(&t->threshold, &tbits, 4);
        if (!isfinite(t->threshold) || t->threshold < 0)
            why = "typer model threshold not a finite non-negative number";
        size_t prev = 0;
        for (size_t e = 0; e < t->nonzero && !why; e++) {
            const unsigned char *q = p + 24 + e * entry;
            size_t k = get_u32(q);
            if (k >= NBUCKETS || (e > 0 && k <= prev)) {
                why = "typer model buckets out of order";
                break;
            }
            prev = k;
            for (size_t c = 0; c < NC; c++) {
                uint32_t bits = get_u32(q + 4 + 4 * c);
                float v;
                memcpy(&v, &bits, 4);
                if (!isfinite(v)) {
                    why = "typer model weight not finite";
                    break;
                }
                t->w[k * NC + c] = v;
            }
        }
    }
    if (why) {
        nk_diag_report(sink, NK_ERROR, path, 0, 0, SIZE_MAX, "%s", why);
        nk_typer_free(t);
        t = NULL;
        rc = NK_ERR_PARSE;
    } else {
        *out = t;
        rc = NK_OK;
    }
    free(data);
    free(found);
    return rc;
}

/* ---- training ---------------------------------------------------------------- */

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double accuracy(const float *w, const feats *f, const nk_typer_example *ex, size_t n)
{
    size_t ok = 0;
    double score[NC];
    for (size_t i = 0; i < n; i++) {
        scores_of(w, &f[i], score);
        ok += best_of(score, NULL) == ex[i].gold;
    }
    return n ? (double)ok / (double)n : 0;
}

int nk_typer_train(nk_typer **out, const nk_typer_context *ctx,
                   const nk_typer_example *train, size_t ntrain,
                   const nk_typer_example *dev, size_t ndev,
                   const nk_typer_train_options *opts)
{
    nk_typer_train_options defaults = NK_TYPER_TRAIN_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    if (ntrain == 0)
        return NK_ERR_INVALID;
    unsigned epochs = opts->epochs ? opts->epochs : 10;
    feats *ftrain = nk_xmalloc(ntrain * sizeof *ftrain);
    feats *fdev = nk_xmalloc((ndev ? ndev : 1) * sizeof *fdev);
    /* only first mentions: later ones are found by coreference */
    const nk_typer_example **tr = nk_xmalloc(ntrain * sizeof *tr);
    nk_typer_example *dv = nk_xmalloc((ndev ? ndev : 1) * sizeof *dv);
    size_t nt = 0, nd = 0;
    for (size_t i = 0; i < ntrain; i++)
        if (train[i].first) {
            tr[nt] = &train[i];
            features(ctx, &train[i].name, &ftrain[nt++]);
        }
    for (size_t i = 0; i < ndev; i++)
        if (dev[i].first) {
            dv[nd] = dev[i];
            features(ctx, &dev[i].name, &fdev[nd++]);
        }
    ntrain = nt;
    ndev = nd;
    if (ntrain == 0) {
        free(ftrain);
        free(fdev);
        free(tr);
        free(dv);
        return NK_ERR_INVALID;
    }
    size_t *order = nk_xmalloc(ntrain * sizeof *order);
    for (size_t i = 0; i < ntrain; i++)
        order[i] = i;
    /* averaged perceptron: w current, u the sum of step * update, so the
     * average is w - u / steps */
    double *w = nk_xcalloc(NBUCKETS * NC, sizeof *w);
    double *u = nk_xcalloc(NBUCKETS * NC, sizeof *u);
    float *avg = nk_xcalloc(NBUCKETS * NC, sizeof *avg);
    float *best = nk_xcalloc(NBUCKETS * NC, sizeof *best);
    double best_acc = -1;
    double step = 1;
    uint64_t rng = opts->seed;
    for (unsigned e = 0; e < epochs; e++) {
        for (size_t i = ntrain - 1; i > 0; i--) {
            size_t j = (size_t)(splitmix(&rng) % (i + 1));
            size_t tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        size_t errors = 0;
        for (size_t k = 0; k < ntrain; k++, step++) {
            const feats *f = &ftrain[order[k]];
            size_t gold = (size_t)tr[order[k]]->gold;
            double score[NC] = {0};
            for (size_t i = 0; i < f->n; i++)
                for (size_t c = 0; c < NC; c++)
                    score[c] += w[(size_t)f->b[i] * NC + c];
            size_t guess = (size_t)best_of(score, NULL);
            if (guess == gold)
                continue;
            errors++;
            for (size_t i = 0; i < f->n; i++) {
                size_t b = (size_t)f->b[i] * NC;
                w[b + gold] += 1;
                u[b + gold] += step;
                w[b + guess] -= 1;
                u[b + guess] -= step;
            }
        }
        for (size_t i = 0; i < NBUCKETS * NC; i++)
            avg[i] = (float)(w[i] - u[i] / step);
        double acc = ndev ? accuracy(avg, fdev, dv, ndev) : 0;
        nk_diag_report(opts->progress, NK_NOTE, NULL, 0, 0, SIZE_MAX,
                       "typer: epoch %u: %zu training errors of %zu, dev accuracy %.4f",
                       e + 1, errors, ntrain, acc);
        if (!ndev || acc > best_acc) {
            best_acc = acc;
            memcpy(best, avg, NBUCKETS * NC * sizeof *best);
        }
    }
    nk_typer *t = nk_xcalloc(1, sizeof *t);
    t->w = best;
    t->nonzero = count_nonzero(best);
    *out = t;
    free(ftrain);
    free(fdev);
    free(tr);
    free(dv);
    free(order);
    free(w);
    free(u);
    free(avg);
    return NK_OK;
}

/* ---- GUM's entity layer ---------------------------------------------------- */

typedef struct corpus_file {
    nk_doc *doc;
    nk_tree *trees;
} corpus_file;

struct nk_typer_corpus {
    corpus_file *files;
    size_t nfiles;
    nk_typer_example *ex;
    size_t nex, cap;
    unsigned long *seen; /* entity ids named so far in the file being read */
    size_t nseen, capseen;
    const nk_pipeline *reparse; /* re-tags and parses files added, or NULL */
};

nk_typer_corpus *nk_typer_corpus_new(void)
{
    return nk_xcalloc(1, sizeof(nk_typer_corpus));
}

void nk_typer_corpus_free(nk_typer_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nfiles; i++)
        nk_doc_free(c->files[i].doc);
    free(c->files);
    free(c->ex);
    free(c->seen);
    free(c);
}

void nk_typer_corpus_reparse(nk_typer_corpus *c, const nk_pipeline *pipeline)
{
    if (c)
        c->reparse = pipeline;
}

const nk_typer_example *nk_typer_corpus_examples(const nk_typer_corpus *c, size_t *n)
{
    *n = c ? c->nex : 0;
    return c ? c->ex : NULL;
}

size_t nk_typer_corpus_files(const nk_typer_corpus *c)
{
    return c ? c->nfiles : 0;
}

size_t nk_typer_corpus_sentences(const nk_typer_corpus *c, size_t doc)
{
    return c && doc < c->nfiles ? c->files[doc].doc->nsentences : 0;
}

const nk_tree *nk_typer_corpus_tree(const nk_typer_corpus *c, size_t doc, size_t sent)
{
    if (!c || doc >= c->nfiles || sent >= c->files[doc].doc->nsentences)
        return NULL;
    return &c->files[doc].trees[sent];
}

static nk_typer_class gum_class(const char *etype, size_t n)
{
    if (n == 6 && strncmp(etype, "person", 6) == 0)
        return NK_TYPER_PERSON;
    if (n == 12 && strncmp(etype, "organization", 12) == 0)
        return NK_TYPER_ORGANIZATION;
    if (n == 5 && strncmp(etype, "place", 5) == 0)
        return NK_TYPER_LOCATION;
    return NK_TYPER_OTHER;
}

typedef struct open_mention {
    unsigned long id;
    nk_typer_class cls;
    size_t start;
} open_mention;

typedef struct mention {
    size_t start, end;
    nk_typer_class cls;
    unsigned long id;
} mention;

/* The examples of one sentence from its mentions: one per PROPN-headed
 * name span, typed by the narrowest mention with that span. */
static void sentence_examples(nk_typer_corpus *c, size_t doc, size_t sent, const mention *m,
                              size_t nm)
{
    const nk_tree *t = &c->files[doc].trees[sent];
    size_t first_new = c->nex;
    for (size_t k = 0; k < nm; k++) {
        if (m[k].end >= t->n)
            continue;
        size_t head = NK_NONE_TOKEN;
        for (size_t i = m[k].start; i <= m[k].end && head == NK_NONE_TOKEN; i++) {
            size_t h = nk_tree_head(t, i);
            if (h == NK_NONE_TOKEN || h < m[k].start || h > m[k].end)
                head = i;
        }
        if (head == NK_NONE_TOKEN || !nk_tree_upos_is(t, head, NK_UPOS_PROPN))
            continue;
        size_t f = head, l = head;
        while (f > m[k].start && nk_tree_upos_is(t, f - 1, NK_UPOS_PROPN))
            f--;
        while (l < m[k].end && nk_tree_upos_is(t, l + 1, NK_UPOS_PROPN))
            l++;
        size_t width = m[k].end - m[k].start;
        bool dup = false;
        for (size_t e = first_new; e < c->nex; e++) {
            nk_typer_example *x = &c->ex[e];
            if (x->name.first == f && x->name.last == l) {
                dup = true;
                /* the narrowest mention decides; its width is kept in head's
                 * place until the sentence is done */
                if (width < x->name.head) {
                    x->name.head = width;
                    x->gold = m[k].cls;
                    x->doc = m[k].id; /* until the sentence is done */
                }
            }
        }
        if (dup)
            continue;
        if (c->nex == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->ex = nk_xrealloc(c->ex, c->cap * sizeof *c->ex);
        }
        c->ex[c->nex++] = (nk_typer_example){{t, f, l, width}, m[k].cls, m[k].id, sent, false};
    }
    /* the head of a name is the token of the span whose governor lies
     * outside it */
    for (size_t e = first_new; e < c->nex; e++) {
        unsigned long id = c->ex[e].doc;
        c->ex[e].doc = doc;
        c->ex[e].first = true;
        for (size_t k = 0; k < c->nseen && c->ex[e].first; k++)
            c->ex[e].first = c->seen[k] != id;
        if (c->ex[e].first) {
            if (c->nseen == c->capseen) {
                c->capseen = c->capseen ? 2 * c->capseen : 64;
                c->seen = nk_xrealloc(c->seen, c->capseen * sizeof *c->seen);
            }
            c->seen[c->nseen++] = id;
        }
        nk_typer_name *n = &c->ex[e].name;
        n->head = n->last;
        for (size_t i = n->first; i <= n->last; i++) {
            size_t h = nk_tree_head(t, i);
            if (h == NK_NONE_TOKEN || h < n->first || h > n->last) {
                n->head = i;
                break;
            }
        }
    }
}

int nk_typer_corpus_add(nk_typer_corpus *c, const char *path, nk_diag_sink *sink)
{
    char *text = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &text, &len, sink);
    if (rc < 0)
        return rc;
    nk_doc *doc = NULL;
    rc = nk_conllu_read(&doc, path, text, len, sink);
    if (rc < 0) {
        free(text);
        return rc;
    }
    if (c->reparse)
        nk_pipeline_analyse_tokens(c->reparse, doc);
    size_t d = c->nfiles;
    c->files = nk_xrealloc(c->files, (d + 1) * sizeof *c->files);
    c->files[d].doc = doc;
    c->files[d].trees = nk_arena_alloc(doc->arena, (doc->nsentences ? doc->nsentences : 1) *
                                                       sizeof(nk_tree));
    for (size_t s = 0; s < doc->nsentences; s++)
        nk_tree_init(&c->files[d].trees[s], &doc->sentences[s], doc->arena);
    c->nfiles++;
    c->nseen = 0;
    /* the Entity annotations, word line by word line in step with the reader */
    open_mention open[64];
    size_t nopen = 0;
    mention *ms = NULL;
    size_t nms = 0, capms = 0;
    size_t sent = 0, word = 0;
    bool in_sentence = false;
    unsigned lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end && rc >= 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (le == p || (le == p + 1 && *p == '\r')) {
            if (in_sentence) {
                if (sent < doc->nsentences)
                    sentence_examples(c, d, sent, ms, nms);
                sent++;
            }
            in_sentence = false;
            word = 0;
            nopen = 0;
            nms = 0;
        } else if (*p != '#') {
            in_sentence = true;
            /* id: skip ranges (1-2) and empty nodes (1.1) */
            const char *q = p;
            while (q < le && *q != '\t' && *q != '-' && *q != '.')
                q++;
            if (q < le && *q == '\t') {
                /* the 10th column */
                const char *col = p;
                for (int k = 0; k < 9 && col; k++) {
                    col = memchr(col, '\t', (size_t)(le - col));
                    if (col)
                        col++;
                }
                const char *ent = NULL;
                if (col) {
                    for (const char *s = col; s + 7 <= le; s++)
                        if ((s == col || s[-1] == '|') && memcmp(s, "Entity=", 7) == 0) {
                            ent = s + 7;
                            break;
                        }
                }
                for (const char *s = ent; s && s < le && *s != '|' && *s != '\r';) {
                    if (*s == '(') {
                        const char *a = ++s;
                        while (s < le && *s != '(' && *s != ')' && *s != '|')
                            s++;
                        const char *dash1 = memchr(a, '-', (size_t)(s - a));
                        const char *dash2 = dash1 ? memchr(dash1 + 1, '-', (size_t)(s - dash1 - 1)) : NULL;
                        if (!dash1) {
                            nk_diag_report(sink, NK_ERROR, path, lineno, (unsigned)(a - p), SIZE_MAX,
                                           "Entity mention without a type");
                            rc = NK_ERR_PARSE;
                            break;
                        }
                        const char *te = dash2 ? dash2 : s;
                        open_mention om = {strtoul(a, NULL, 10),
                                           gum_class(dash1 + 1, (size_t)(te - dash1 - 1)), word};
                        if (s < le && *s == ')') {
                            s++;
                            if (nms == capms) {
                                capms = capms ? 2 * capms : 16;
                                ms = nk_xrealloc(ms, capms * sizeof *ms);
                            }
                            ms[nms++] = (mention){word, word, om.cls, om.id};
                        } else if (nopen < sizeof open / sizeof *open) {
                            open[nopen++] = om;
                        }
                    } else if (isdigit((unsigned char)*s)) {
                        char *after = NULL;
                        unsigned long id = strtoul(s, &after, 10);
                        s = after;
                        if (s < le && *s == ')')
                            s++;
                        for (size_t k = nopen; k-- > 0;)
                            if (open[k].id == id) {
                                if (nms == capms) {
                                    capms = capms ? 2 * capms : 16;
                                    ms = nk_xrealloc(ms, capms * sizeof *ms);
                                }
                                ms[nms++] = (mention){open[k].start, word, open[k].cls, id};
                                memmove(&open[k], &open[k + 1], (nopen - k - 1) * sizeof *open);
                                nopen--;
                                break;
                            }
                    } else {
                        nk_diag_report(sink, NK_ERROR, path, lineno, (unsigned)(s - p + 1), SIZE_MAX,
                                       "unexpected '%c' in Entity", *s);
                        rc = NK_ERR_PARSE;
                        break;
                    }
                }
                word++;
            }
        }
        p = nl ? nl + 1 : end;
    }
    if (rc >= 0 && in_sentence && sent < doc->nsentences)
        sentence_examples(c, d, sent, ms, nms);
    free(ms);
    free(text);
    return rc < 0 ? rc : NK_OK;
}

static nk_typer_class gazetteer_class(const char *type, size_t n)
{
    if (n == 6 && strncmp(type, "Person", 6) == 0)
        return NK_TYPER_PERSON;
    if (n == 12 && strncmp(type, "Organization", 12) == 0)
        return NK_TYPER_ORGANIZATION;
    if ((n == 7 && strncmp(type, "Country", 7) == 0) || (n == 8 && strncmp(type, "Location", 8) == 0))
        return NK_TYPER_LOCATION;
    return NK_TYPER_NCLASSES; /* not used (Group) */
}

int nk_typer_corpus_add_names(nk_typer_corpus *c, const char *path, nk_diag_sink *sink)
{
    static const char *const kinds[] = {"name", "org", "city", "capital", "seat", NULL};
    char *text = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &text, &len, sink);
    if (rc < 0)
        return rc;
    nk_doc *doc = nk_doc_new(path, NULL, 0);
    nk_typer_class *gold = NULL;
    size_t ngold = 0;
    unsigned lineno = 0;
    for (const char *p = text, *end = text + len; p < end && rc >= 0;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        const char *col[4];
        size_t clen[4], ncol = 0;
        for (const char *q = p; ncol < 4 && q <= le;) {
            const char *tab = memchr(q, '\t', (size_t)(le - q));
            const char *ce = tab ? tab : le;
            col[ncol] = q;
            clen[ncol++] = (size_t)(ce - q);
            if (!tab)
                break;
            q = tab + 1;
        }
        if (le > p && *p != '#' && ncol < 4) {
            nk_diag_report(sink, NK_ERROR, path, lineno, 1, SIZE_MAX,
                           "expected alias, canonical, type and kind separated by tabs");
            rc = NK_ERR_PARSE;
            break;
        }
        p = nl ? nl + 1 : end;
        if (ncol < 4 || *col[0] == '#')
            continue;
        nk_typer_class cls = gazetteer_class(col[2], clen[2]);
        char kind[16];
        if (cls == NK_TYPER_NCLASSES || clen[3] >= sizeof kind || clen[0] == 0)
            continue;
        memcpy(kind, col[3], clen[3]);
        kind[clen[3]] = '\0';
        if (!nk_str_in(kind, kinds))
            continue;
        char *alias = nk_arena_strndup(doc->arena, col[0], clen[0]);
        size_t n = 1;
        for (const char *a = alias; *a; a++)
            n += *a == ' ';
        if (n > 8 || strstr(alias, "  ") || alias[0] == ' ' || alias[clen[0] - 1] == ' ')
            continue;
        nk_sentence *s = nk_doc_add_sentence(doc, n);
        s->begin = s->end = NK_NO_OFFSET;
        s->text = alias;
        char *save = NULL;
        char *copy = nk_arena_strdup(doc->arena, alias);
        for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
            nk_token *t = &s->tokens[s->ntokens++];
            memset(t, 0, sizeof *t);
            t->begin = t->end = NK_NO_OFFSET;
            t->form = t->lemma = w;
            t->upos = "PROPN";
            t->xpos = "NNP";
            t->space_after = true;
        }
        for (size_t i = 0; i < s->ntokens; i++) {
            s->tokens[i].head = i + 1 == s->ntokens ? 0 : (int)s->ntokens;
            s->tokens[i].deprel = i + 1 == s->ntokens ? "root" : "compound";
        }
        gold = nk_xrealloc(gold, (ngold + 1) * sizeof *gold);
        gold[ngold++] = cls;
    }
    free(text);
    if (rc < 0) {
        nk_doc_free(doc);
        free(gold);
        return rc;
    }
    size_t d = c->nfiles;
    c->files = nk_xrealloc(c->files, (d + 1) * sizeof *c->files);
    c->files[d].doc = doc;
    c->files[d].trees = nk_arena_alloc(doc->arena, (doc->nsentences ? doc->nsentences : 1) *
                                                       sizeof(nk_tree));
    c->nfiles++;
    for (size_t s = 0; s < doc->nsentences; s++) {
        nk_tree *t = &c->files[d].trees[s];
        nk_tree_init(t, &doc->sentences[s], doc->arena);
        if (c->nex == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->ex = nk_xrealloc(c->ex, c->cap * sizeof *c->ex);
        }
        c->ex[c->nex++] = (nk_typer_example){{t, 0, t->n - 1, NK_NONE_TOKEN}, gold[s], d, s, true};
    }
    free(gold);
    return NK_OK;
}
