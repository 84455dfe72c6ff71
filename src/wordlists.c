/* wordlists.c: see wordlists.h. */
#include "wordlists.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const NAMES[NK_WL_COUNT] = {
    [NK_WL_ORG_WORD] = "org-word",
    [NK_WL_GENERIC_ORG] = "generic-org",
    [NK_WL_ORG_DESCRIPTION] = "org-description",
    [NK_WL_GOVERNMENT] = "government",
    [NK_WL_COUNTRY_NOUN] = "country-noun",
    [NK_WL_TIME_WORD] = "time-word",
    [NK_WL_HAZARD] = "hazard",
    [NK_WL_MEMBER] = "member",
    [NK_WL_SPEAKS_FOR] = "speaks-for",
    [NK_WL_SPOKESPERSON] = "spokesperson",
    [NK_WL_NEW_SET] = "new-set",
    [NK_WL_PLACE_NOUN] = "place-noun",
    [NK_WL_ACTION_NOUN] = "action-noun",
    [NK_WL_ACCUSATION_NOUN] = "accusation-noun",
    [NK_WL_NO_FACT_VERB] = "no-fact-verb",
    [NK_WL_LIGHT_VERB] = "light-verb",
    [NK_WL_ASPECTUAL] = "aspectual",
    [NK_WL_FAILING] = "failing",
    [NK_WL_SPEECH] = "speech",
    [NK_WL_OBJECT_CONTROL] = "object-control",
    [NK_WL_SYMMETRIC] = "symmetric",
    [NK_WL_BRINGS_ABOUT] = "brings-about",
    [NK_WL_BUSINESS] = "business",
    [NK_WL_PUBLIC_BODY] = "public-body",
    [NK_WL_COMPASS] = "compass",
    [NK_WL_NAME_PARTICLE] = "name-particle",
    [NK_WL_REPRESENTS] = "represents",
    [NK_WL_MALE_WORD] = "male-word",
    [NK_WL_FEMALE_WORD] = "female-word",
    [NK_WL_MALE_NAME] = "male-name",
    [NK_WL_FEMALE_NAME] = "female-name",
    [NK_WL_TO_INFINITIVE] = "to-infinitive",
    [NK_WL_PREPOSITION_PARTICIPLE] = "preposition-participle",
    [NK_WL_PHONE_CALL] = "phone-call",
    [NK_WL_ARMED_FORCE] = "armed-force",
};

_Static_assert(NK_WL_COUNT <= 64, "a word's lists are bits of a 64-bit mask");

/* One word (folded to lower case) and the lists it is in, as bits. */
typedef struct slot {
    char *word;
    uint64_t lists;
} slot;

struct nk_wordlists {
    slot *slots; /* open addressing, a power of two */
    size_t cap, n;
    size_t count[NK_WL_COUNT];
};

const char *nk_wordlist_name(nk_wordlist list)
{
    return (unsigned)list < NK_WL_COUNT ? NAMES[list] : NULL;
}

static uint64_t fold_hash(const char *w)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *w; w++) {
        h ^= (unsigned char)tolower((unsigned char)*w);
        h *= 1099511628211ULL;
    }
    return h;
}

static slot *find(const nk_wordlists *w, const char *word)
{
    if (!w->cap)
        return NULL;
    for (size_t i = (size_t)fold_hash(word) & (w->cap - 1);; i = (i + 1) & (w->cap - 1)) {
        if (!w->slots[i].word)
            return &w->slots[i];
        if (nk_str_ieq(w->slots[i].word, word))
            return &w->slots[i];
    }
}

static void grow(nk_wordlists *w)
{
    size_t old = w->cap;
    slot *olds = w->slots;
    w->cap = old ? old * 2 : 256;
    w->slots = nk_xcalloc(w->cap, sizeof *w->slots);
    for (size_t i = 0; i < old; i++)
        if (olds[i].word)
            *find(w, olds[i].word) = olds[i];
    free(olds);
}

static void set(nk_wordlists *w, nk_wordlist list, const char *word, bool on)
{
    if ((w->n + 1) * 2 > w->cap)
        grow(w);
    slot *s = find(w, word);
    if (!s->word) {
        if (!on)
            return;
        s->word = nk_xstrdup(word);
        for (char *p = s->word; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        w->n++;
    }
    uint64_t bit = (uint64_t)1 << list;
    if (on && !(s->lists & bit))
        w->count[list]++;
    else if (!on && (s->lists & bit))
        w->count[list]--;
    s->lists = on ? s->lists | bit : s->lists & ~bit;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Read PATH into W; a malformed line is an error at file:line:column. */
static int read_file(nk_wordlists *w, const char *path, nk_diag_sink *sink)
{
    char *text = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &text, &len, sink);
    if (rc != NK_OK)
        return rc;
    unsigned line = 0;
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *l = p;
        p = nl ? nl + 1 : NULL;
        if (*trim(l) == '\0' || *trim(l) == '#')
            continue;
        char *tab = strchr(l, '\t');
        if (!tab) {
            nk_diag_report(sink, NK_ERROR, path, line, 1, SIZE_MAX,
                           "expected LIST<TAB>WORD");
            rc = NK_ERR_PARSE;
            break;
        }
        *tab = '\0';
        const char *name = trim(l);
        char *word = trim(tab + 1);
        int list = -1;
        for (int i = 0; i < NK_WL_COUNT; i++)
            if (strcmp(NAMES[i], name) == 0)
                list = i;
        bool remove = word[0] == '!';
        if (remove)
            word++;
        if (list < 0 || !*word) {
            nk_diag_report(sink, NK_ERROR, path, line, list < 0 ? 1u : (unsigned)(tab - l) + 2u,
                           SIZE_MAX, list < 0 ? "unknown word list '%s'" : "no word after '%s'",
                           name);
            rc = NK_ERR_PARSE;
            break;
        }
        set(w, (nk_wordlist)list, word, !remove);
    }
    free(text);
    return rc;
}

static int load(nk_wordlists **out, const char *first, const char *second,
                const char *const *files, size_t n, nk_diag_sink *sink)
{
    *out = NULL;
    nk_wordlists *w = nk_xcalloc(1, sizeof *w);
    int rc = first ? read_file(w, first, sink) : NK_OK;
    if (rc == NK_OK && second)
        rc = read_file(w, second, sink);
    for (size_t i = 0; rc == NK_OK && i < n; i++)
        rc = read_file(w, files[i], sink);
    if (rc != NK_OK) {
        nk_wordlists_free(w);
        return rc;
    }
    *out = w;
    return NK_OK;
}

int nk_wordlists_load(nk_wordlists **out, const char *const *extra, size_t nextra,
                      nk_diag_sink *sink)
{
    *out = NULL;
    char *path = nk_data_find("ontology/wordlists.tsv");
    if (!path) {
        nk_diag_report(sink, NK_ERROR, "ontology/wordlists.tsv", 0, 0, SIZE_MAX,
                       "word lists not found (set NEWSKG_DATA to the data directory)");
        return NK_ERR_NOTFOUND;
    }
    /* the first names scripts/make-first-names learned, when the data
     * directory has them */
    char *names = nk_data_find("ontology/first-names.tsv");
    int rc = load(out, path, names, extra, extra ? nextra : 0, sink);
    free(names);
    free(path);
    return rc;
}

int nk_wordlists_load_files(nk_wordlists **out, const char *const *files, size_t nfiles,
                            nk_diag_sink *sink)
{
    return load(out, NULL, NULL, files, files ? nfiles : 0, sink);
}

void nk_wordlists_free(nk_wordlists *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->cap; i++)
        free(w->slots[i].word);
    free(w->slots);
    free(w);
}

bool nk_wordlists_has(const nk_wordlists *w, nk_wordlist list, const char *word)
{
    if (!w || !word || (unsigned)list >= NK_WL_COUNT)
        return false;
    const slot *s = find(w, word);
    return s && s->word && (s->lists & ((uint64_t)1 << list));
}

size_t nk_wordlists_count(const nk_wordlists *w, nk_wordlist list)
{
    return w && (unsigned)list < NK_WL_COUNT ? w->count[list] : 0;
}
