/* gazetteer.c: loading the gazetteer TSV files and matching token forms.
 *
 * Every alias is normalised (see norm_append) into a key that is folded to
 * lower case, and into the same text unfolded for the case rules.  Two hash
 * tables (open addressing, linear probing): aliases by folded key, each
 * slot holding a chain of alias records with their readings; entries by
 * kind + canonical.  A third set holds the first word of every alias, so
 * most tokens are rejected with one lookup.
 */
#include "gazetteer.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Aliases longer than this (normalised bytes) are rejected at load, which
 * bounds the scratch buffers used while matching. */
#define MAX_ALIAS 255
#define SCRATCH (4 * (MAX_ALIAS + 1))
#define MAX_READINGS 16

static const char *const KIND_NAMES[NK_GAZ_NKINDS] = {
    "name", "demonym", "capital", "seat", "city", "org", "title", "role"};
static const char *const TYPE_NAMES[NK_GAZ_NTYPES] = {
    "Country", "Location", "Organization", "Group", "Person"};

typedef enum case_mode {
    CASE_AUTO = 0, /* decided from the alias text when it is added */
    CASE_FOLD,     /* any case */
    CASE_PROPER,   /* any case, but the first letter must be upper case */
    CASE_ACRONYM,  /* as written, or title case when >= 4 letters */
    CASE_EXACT     /* as written */
} case_mode;

/* One alias spelling with its readings (entries of different kinds). */
typedef struct alias_rec {
    const char *text; /* normalised, unfolded */
    case_mode mode;
    size_t nreadings;
    nk_gaz_entry *readings[MAX_READINGS];
    unsigned line[MAX_READINGS]; /* where each reading was read ... */
    unsigned file[MAX_READINGS]; /* ... (file index) */
    struct alias_rec *next;      /* another spelling with the same key */
} alias_rec;

typedef struct entry_rec {
    nk_gaz_entry e; /* first member: the public entry */
    unsigned file, line;
} entry_rec;

typedef struct slot {
    const char *key; /* NULL = empty */
    uint64_t hash;
    void *val;
} slot;

typedef struct table {
    slot *slots;
    size_t cap, len;
} table;

struct nk_gazetteer {
    nk_arena *arena;
    table aliases; /* folded key -> alias_rec chain */
    table entries; /* "kind\tcanonical" -> entry_rec */
    table first;   /* first word of a folded key -> (void *)1 */
    entry_rec **list;
    size_t nlist, caplist;
    size_t naliases;
    size_t max_key; /* longest folded key, bytes */
};

/* ---- hash table ---------------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
    return nk_hash64(s, strlen(s), NK_HASH_SEED);
}

static slot *table_find(const table *t, const char *key, uint64_t h)
{
    if (!t->cap)
        return NULL;
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &t->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == h && strcmp(s->key, key) == 0)
            return s;
    }
}

static void *table_get(const table *t, const char *key)
{
    slot *s = table_find(t, key, hash_str(key));
    return s ? s->val : NULL;
}

/* Insert KEY (which must outlive the table) or return its slot. */
static slot *table_put(table *t, const char *key)
{
    uint64_t h = hash_str(key);
    slot *found = table_find(t, key, h);
    if (found)
        return found;
    if ((t->len + 1) * 2 > t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 256;
        slot *ns = nk_xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].key)
                continue;
            size_t j = (size_t)t->slots[i].hash & (ncap - 1);
            while (ns[j].key)
                j = (j + 1) & (ncap - 1);
            ns[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = ns;
        t->cap = ncap;
    }
    size_t mask = t->cap - 1;
    size_t i = (size_t)h & mask;
    while (t->slots[i].key)
        i = (i + 1) & mask;
    t->slots[i].key = key;
    t->slots[i].hash = h;
    t->slots[i].val = NULL;
    t->len++;
    return &t->slots[i];
}

/* ---- normalisation ----------------------------------------------------------- */

/* A small output buffer on the stack (no allocation while matching). */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool overflow;
    bool pending_space;
} sbuf;

static void sb_putc(sbuf *b, char c)
{
    if (b->len + 1 >= b->cap) {
        b->overflow = true;
        return;
    }
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

static bool joins_left(char c) /* no space is put before these */
{
    return c == '\'' || c == '-' || c == '.' || c == ',';
}

/* Append S normalised: runs of white space become one space (none at the
 * start, before ' - . , or after -), curly apostrophes become ', the
 * non-breaking hyphen becomes -.  Folding (upper to lower case for ASCII
 * and Latin-1 letters) is separate, byte for byte (fold_copy), so the
 * folded and unfolded forms have the same length. */
static void norm_append(sbuf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        char c;
        size_t n = 1;
        if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r') {
            b->pending_space = b->len > 0;
            u++;
            continue;
        } else if (u[0] == 0xC2 && u[1] == 0xA0) { /* no-break space */
            b->pending_space = b->len > 0;
            u += 2;
            continue;
        } else if (u[0] == 0xE2 && u[1] == 0x80 &&
                   (u[2] == 0x98 || u[2] == 0x99)) { /* ‘ ’ */
            c = '\'';
            n = 3;
        } else if (u[0] == 0xE2 && u[1] == 0x80 &&
                   (u[2] == 0x90 || u[2] == 0x91)) { /* hyphens */
            c = '-';
            n = 3;
        } else if (*u < 0x80) {
            c = (char)*u;
        } else {
            /* copy one multi-byte UTF-8 sequence as is */
            size_t len = nk_utf8_len(u);
            if (b->pending_space && b->p[b->len - 1] != '-')
                sb_putc(b, ' ');
            b->pending_space = false;
            for (size_t i = 0; i < len && *u; i++)
                sb_putc(b, (char)*u++);
            continue;
        }
        if (b->pending_space && !joins_left(c) && b->p[b->len - 1] != '-')
            sb_putc(b, ' ');
        b->pending_space = false;
        sb_putc(b, c);
        u += n;
    }
}

/* The same ASCII and Latin-1 letters nk_slug knows: A-Z and U+00C0..U+00DE
 * (except U+00D7) become lower case; nothing changes length. */
static void fold_copy(char *dst, const char *src, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c == 0xC3 && i + 1 < len) {
            unsigned char d = (unsigned char)src[i + 1];
            dst[i++] = (char)c;
            if (d >= 0x80 && d <= 0x9E && d != 0x97)
                d = (unsigned char)(d + 32);
            c = d;
        }
        dst[i] = (char)c;
    }
    dst[len] = '\0';
}

static bool is_lower_at(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return (u[0] >= 'a' && u[0] <= 'z') ||
           (u[0] == 0xC3 && u[1] >= 0x9F && u[1] <= 0xBF && u[1] != 0xB7);
}

static bool is_upper_at(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return (u[0] >= 'A' && u[0] <= 'Z') ||
           (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97);
}

/* Length of the first word of a folded key: up to a space, ' or -. */
static size_t first_word_len(const char *key)
{
    size_t n = 0;
    while (key[n] && key[n] != ' ' && key[n] != '\'' && key[n] != '-')
        n++;
    return n;
}

static case_mode auto_mode(const char *text, nk_gaz_kind kind)
{
    bool lower = false;
    size_t upper = 0;
    for (const char *p = text; *p; p++) {
        if (is_lower_at(p))
            lower = true;
        else if (is_upper_at(p))
            upper++;
    }
    if (!lower && upper > 0)
        return CASE_ACRONYM;
    if (kind == NK_GAZ_TITLE || kind == NK_GAZ_ROLE)
        return CASE_FOLD;
    return is_upper_at(text) ? CASE_PROPER : CASE_FOLD;
}

/* Does the unfolded input INPUT satisfy alias A's case rule?  The folded
 * forms are already known to be equal. */
static bool case_ok(const alias_rec *a, const char *input)
{
    switch (a->mode) {
    case CASE_FOLD:
    case CASE_AUTO:
        return true;
    case CASE_PROPER:
        return !is_lower_at(input);
    case CASE_EXACT:
        return strcmp(a->text, input) == 0;
    case CASE_ACRONYM: {
        if (strcmp(a->text, input) == 0)
            return true;
        size_t letters = 0;
        for (const char *p = a->text; *p; p++) {
            if (!((*p >= 'A' && *p <= 'Z')))
                return false; /* dots, digits, spaces: exact only */
            letters++;
        }
        if (letters < 4 || input[0] != a->text[0])
            return false;
        for (size_t i = 1; input[i]; i++)
            if (!(input[i] >= 'a' && input[i] <= 'z'))
                return false;
        return true;
    }
    }
    return false;
}

/* ---- loading --------------------------------------------------------------- */

typedef struct loader {
    nk_gazetteer *g;
    nk_diag_sink *sink;
    const char *path;
    unsigned file;
    int rc;
} loader;

static void fail(loader *ld, int status, unsigned line, unsigned col,
                 const char *fmt, ...) NK_PRINTF(5, 6);

static void fail(loader *ld, int status, unsigned line, unsigned col,
                 const char *fmt, ...)
{
    nk_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    nk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    nk_diag_report(ld->sink, NK_ERROR, ld->path, line, col, SIZE_MAX, "%s",
                   msg.data);
    nk_buf_free(&msg);
    if (ld->rc == NK_OK)
        ld->rc = status;
}

static int lookup_name(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

static bool valid_qid(const char *s)
{
    if (s[0] != 'Q' || s[1] < '1' || s[1] > '9')
        return false;
    for (s += 2; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Merge one optional field of an entry: NEW (may be "") into *FIELD.
 * Returns false on a contradiction within one file. */
static bool merge_field(loader *ld, entry_rec *er, const char **field,
                        const char *nw)
{
    if (!*nw)
        return true;
    if (!*field) {
        *field = nk_arena_strdup(ld->g->arena, nw);
        return true;
    }
    if (strcmp(*field, nw) == 0)
        return true;
    if (er->file == ld->file)
        return false;
    *field = nk_arena_strdup(ld->g->arena, nw); /* a later file overrides */
    return true;
}

static entry_rec *get_entry(loader *ld, unsigned line, const char *canonical,
                            nk_gaz_type type, nk_gaz_kind kind,
                            const char *qid, const char *country)
{
    nk_gazetteer *g = ld->g;
    char *key = nk_arena_printf(g->arena, "%s\t%s", KIND_NAMES[kind], canonical);
    slot *s = table_put(&g->entries, key);
    entry_rec *er = s->val;
    if (!er) {
        er = nk_arena_alloc(g->arena, sizeof *er);
        er->e.canonical = nk_arena_strdup(g->arena, canonical);
        er->e.type_id = type;
        er->e.type = TYPE_NAMES[type];
        er->e.kind_id = kind;
        er->e.kind = KIND_NAMES[kind];
        er->file = ld->file;
        er->line = line;
        s->val = er;
        if (g->nlist == g->caplist) {
            g->caplist = g->caplist ? g->caplist * 2 : 1024;
            g->list = nk_xrealloc(g->list, g->caplist * sizeof *g->list);
        }
        g->list[g->nlist++] = er;
    } else if (er->e.type_id != type) {
        if (er->file == ld->file) {
            fail(ld, NK_ERR_INVALID, line, 0, "type %s contradicts line %u (%s)",
                 TYPE_NAMES[type], er->line, er->e.type);
            return NULL;
        }
        er->e.type_id = type;
        er->e.type = TYPE_NAMES[type];
    }
    if (!merge_field(ld, er, &er->e.wikidata, qid) ||
        !merge_field(ld, er, &er->e.country, country)) {
        fail(ld, NK_ERR_INVALID, line, 0,
             "wikidata or country of '%s' (%s) contradicts line %u", canonical,
             KIND_NAMES[kind], er->line);
        return NULL;
    }
    return er;
}

static void add_alias(loader *ld, unsigned line, const char *alias,
                      entry_rec *er, case_mode mode)
{
    nk_gazetteer *g = ld->g;
    char text[SCRATCH], key[SCRATCH];
    sbuf b = {text, 0, sizeof text, false, false};
    text[0] = '\0';
    norm_append(&b, alias);
    size_t off = 0;
    fold_copy(key, text, b.len);
    if (b.len > 4 && strncmp(key, "the ", 4) == 0)
        off = 4; /* "the United States" is stored as "United States" */
    if (b.overflow || b.len - off > MAX_ALIAS) {
        fail(ld, NK_ERR_PARSE, line, 1, "alias longer than %d bytes", MAX_ALIAS);
        return;
    }
    if (b.len == off) {
        fail(ld, NK_ERR_PARSE, line, 1, "%s", "empty alias");
        return;
    }
    if (mode == CASE_AUTO)
        mode = auto_mode(text + off, er->e.kind_id);

    slot *s = table_put(&g->aliases, nk_arena_strdup(g->arena, key + off));
    if (!s->val)
        g->naliases++;
    if (b.len - off > g->max_key)
        g->max_key = b.len - off;
    size_t fw = first_word_len(key + off);
    slot *fs = table_put(&g->first, nk_arena_strndup(g->arena, key + off, fw));
    fs->val = (void *)1;

    /* The same kind under the same key: a duplicate, a conflict or (from a
     * later file) an override. */
    for (alias_rec *a = s->val; a; a = a->next) {
        for (size_t i = 0; i < a->nreadings; i++) {
            nk_gaz_entry *e = a->readings[i];
            if (e->kind_id != er->e.kind_id)
                continue;
            if (e == &er->e)
                return;
            if (a->file[i] == ld->file) {
                fail(ld, NK_ERR_INVALID, line, 1,
                     "alias '%s' (%s) is '%s' on line %u, now '%s'", alias,
                     er->e.kind, e->canonical, a->line[i], er->e.canonical);
                return;
            }
            a->readings[i] = &er->e; /* a later file overrides */
            a->line[i] = line;
            a->file[i] = ld->file;
            return;
        }
    }
    alias_rec *a = s->val;
    while (a && strcmp(a->text, text + off) != 0)
        a = a->next;
    if (!a) {
        a = nk_arena_alloc(g->arena, sizeof *a);
        a->text = nk_arena_strdup(g->arena, text + off);
        a->mode = mode;
        alias_rec **tail = (alias_rec **)&s->val;
        while (*tail)
            tail = &(*tail)->next;
        *tail = a;
    }
    if (a->nreadings == MAX_READINGS) {
        fail(ld, NK_ERR_INVALID, line, 1, "too many readings for '%s'", alias);
        return;
    }
    a->readings[a->nreadings] = &er->e;
    a->line[a->nreadings] = line;
    a->file[a->nreadings] = ld->file;
    a->nreadings++;
}

static void parse_line(loader *ld, unsigned line, char *text)
{
    char *col[8];
    unsigned cols[8];
    size_t n = 0;
    char *p = text;
    for (;;) {
        if (n == 7) {
            fail(ld, NK_ERR_PARSE, line, 0, "%s", "more than 7 columns");
            return;
        }
        col[n] = p;
        cols[n] = (unsigned)(p - text) + 1;
        n++;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (n < 4) {
        fail(ld, NK_ERR_PARSE, line, 0,
             "%s", "expected alias, canonical, type and kind separated by tabs");
        return;
    }
    const char *wd = n > 4 ? col[4] : "";
    const char *country = n > 5 ? col[5] : "";
    const char *cs = n > 6 ? col[6] : "";
    if (!*col[0] || !*col[1]) {
        fail(ld, NK_ERR_PARSE, line, cols[*col[0] ? 1 : 0], "%s",
             "empty alias or canonical label");
        return;
    }
    int type = lookup_name(TYPE_NAMES, NK_GAZ_NTYPES, col[2]);
    if (type < 0) {
        fail(ld, NK_ERR_PARSE, line, cols[2], "unknown type '%s'", col[2]);
        return;
    }
    int kind = lookup_name(KIND_NAMES, NK_GAZ_NKINDS, col[3]);
    if (kind < 0) {
        fail(ld, NK_ERR_PARSE, line, cols[3], "unknown kind '%s'", col[3]);
        return;
    }
    if (*wd && !valid_qid(wd)) {
        fail(ld, NK_ERR_PARSE, line, cols[4], "bad Wikidata id '%s'", wd);
        return;
    }
    case_mode mode = CASE_AUTO;
    if (strcmp(cs, "exact") == 0)
        mode = CASE_EXACT;
    else if (strcmp(cs, "fold") == 0)
        mode = CASE_FOLD;
    else if (*cs) {
        fail(ld, NK_ERR_PARSE, line, cols[6], "unknown case rule '%s'", cs);
        return;
    }
    entry_rec *er = get_entry(ld, line, col[1], (nk_gaz_type)type,
                              (nk_gaz_kind)kind, wd, country);
    if (er)
        add_alias(ld, line, col[0], er, mode);
}

static int load_file(nk_gazetteer *g, const char *path, unsigned index,
                     nk_diag_sink *sink)
{
    char *data = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &data, &len, sink);
    if (rc < 0)
        return rc;
    loader ld = {g, sink, path, index, NK_OK};
    size_t bad;
    if (!nk_utf8_valid(data, len, &bad)) {
        unsigned line, col;
        nk_line_col(data, len, bad, &line, &col);
        nk_diag_report(sink, NK_ERROR, path, line, col, bad,
                       "invalid UTF-8");
        free(data);
        return NK_ERR_PARSE;
    }
    unsigned lineno = 0;
    char *p = data;
    while (p < data + len) {
        char *eol = memchr(p, '\n', (size_t)(data + len - p));
        char *next = eol ? eol + 1 : data + len;
        if (!eol)
            eol = data + len;
        *eol = '\0';
        if (eol > p && eol[-1] == '\r')
            eol[-1] = '\0';
        lineno++;
        if (*p && *p != '#')
            parse_line(&ld, lineno, p);
        p = next;
    }
    free(data);
    return ld.rc;
}

static int load(nk_gazetteer **out, const char *first,
                const char *const *files, size_t nfiles, nk_diag_sink *sink)
{
    nk_gazetteer *g = nk_xcalloc(1, sizeof *g);
    g->arena = nk_arena_new();
    int rc = NK_OK;
    unsigned index = 0;
    if (first)
        rc = load_file(g, first, index++, sink);
    for (size_t i = 0; i < nfiles && rc == NK_OK; i++)
        rc = load_file(g, files[i], index++, sink);
    if (rc < 0) {
        nk_gazetteer_free(g);
        return rc;
    }
    /* Countries named by entries should exist; a typo is worth a warning. */
    for (size_t i = 0; i < g->nlist; i++) {
        const nk_gaz_entry *e = &g->list[i]->e;
        if (!e->country || strcmp(e->country, e->canonical) == 0)
            continue;
        if (!nk_gazetteer_get(g, e->country, NK_GAZ_NAME) &&
            !nk_gazetteer_get(g, e->country, NK_GAZ_ORG))
            nk_diag_report(sink, NK_WARNING, NULL, 0, 0, SIZE_MAX,
                           "gazetteer: '%s' names an unknown country '%s'",
                           e->canonical, e->country);
    }
    *out = g;
    return NK_OK;
}

int nk_gazetteer_load(nk_gazetteer **out, const char *const *extra_files,
                      size_t nextra, nk_diag_sink *sink)
{
    *out = NULL;
    char *path = nk_data_find("ontology/gazetteer.tsv");
    if (!path) {
        nk_diag_report(sink, NK_ERROR, "ontology/gazetteer.tsv", 0, 0, SIZE_MAX,
                       "gazetteer not found (set NEWSKG_DATA to the data "
                       "directory)");
        return NK_ERR_NOTFOUND;
    }
    int rc = load(out, path, extra_files, extra_files ? nextra : 0, sink);
    free(path);
    return rc;
}

int nk_gazetteer_load_files(nk_gazetteer **out, const char *const *files,
                            size_t nfiles, nk_diag_sink *sink)
{
    *out = NULL;
    return load(out, NULL, files, files ? nfiles : 0, sink);
}

void nk_gazetteer_free(nk_gazetteer *g)
{
    if (!g)
        return;
    free(g->aliases.slots);
    free(g->entries.slots);
    free(g->first.slots);
    free(g->list);
    nk_arena_free(g->arena);
    free(g);
}

/* ---- matching ---------------------------------------------------------------- */

static bool is_the(const char *s)
{
    return (s[0] == 't' || s[0] == 'T') && (s[1] == 'h' || s[1] == 'H') &&
           (s[2] == 'e' || s[2] == 'E') && s[3] == '\0';
}

/* Readings of the alias whose folded key is KEY and unfolded form TEXT,
 * restricted to KIND (-1 = any).  Returns the count (0: no match). */
static size_t readings_of(const nk_gazetteer *g, const char *key,
                          const char *text, int kind,
                          const nk_gaz_entry **out, size_t cap)
{
    const alias_rec *a = table_get(&g->aliases, key);
    size_t n = 0;
    for (; a; a = a->next) {
        if (!case_ok(a, text))
            continue;
        for (size_t i = 0; i < a->nreadings; i++) {
            const nk_gaz_entry *e = a->readings[i];
            if (kind >= 0 && (int)e->kind_id != kind)
                continue;
            bool dup = false;
            for (size_t j = 0; j < n && j < cap; j++)
                dup = dup || out[j] == e;
            if (dup)
                continue;
            if (n < cap)
                out[n] = e;
            n++;
        }
    }
    return n;
}

/* The longest match starting at FORMS[0]; see nk_gazetteer_match. */
static size_t match(const nk_gazetteer *g, const char *const *forms,
                    size_t nforms, int kind, bool skip_the,
                    const nk_gaz_entry **out, size_t cap, size_t *nout)
{
    size_t skip = 0, best = 0, nbest = 0;
    if (nout)
        *nout = 0;
    if (!g || !forms || nforms == 0 || !g->aliases.len)
        return 0;
    if (skip_the && nforms > 1 && forms[0] && is_the(forms[0]))
        skip = 1;
    char text[SCRATCH], key[SCRATCH];
    const nk_gaz_entry *tmp[MAX_READINGS];
    sbuf b = {text, 0, sizeof text, false, false};
    text[0] = '\0';
    for (size_t k = skip; k < nforms; k++) {
        if (!forms[k])
            break;
        b.pending_space = b.len > 0;
        norm_append(&b, forms[k]);
        if (b.overflow || b.len > g->max_key)
            break;
        fold_copy(key, text, b.len);
        if (k == skip) {
            char fw[SCRATCH];
            size_t n = first_word_len(key);
            memcpy(fw, key, n);
            fw[n] = '\0';
            if (!table_get(&g->first, fw))
                break;
        }
        size_t n = readings_of(g, key, text, kind, tmp, MAX_READINGS);
        if (n) {
            best = k + 1;
            nbest = n < MAX_READINGS ? n : MAX_READINGS;
            for (size_t i = 0; i < nbest && i < cap; i++)
                out[i] = tmp[i];
        }
    }
    if (nout)
        *nout = nbest;
    return best;
}

size_t nk_gazetteer_match(const nk_gazetteer *g, const char *const *forms,
                          size_t nforms, const nk_gaz_entry **out)
{
    const nk_gaz_entry *e = NULL;
    size_t n = match(g, forms, nforms, -1, true, &e, 1, NULL);
    if (out)
        *out = n ? e : NULL;
    return n;
}

size_t nk_gazetteer_match_all(const nk_gazetteer *g, const char *const *forms,
                              size_t nforms, const nk_gaz_entry **out,
                              size_t cap, size_t *nreadings)
{
    return match(g, forms, nforms, -1, true, out, out ? cap : 0, nreadings);
}

size_t nk_gazetteer_match_kind(const nk_gazetteer *g, const char *const *forms,
                               size_t nforms, nk_gaz_kind kind,
                               const nk_gaz_entry **out)
{
    const nk_gaz_entry *e = NULL;
    size_t n = match(g, forms, nforms, (int)kind, true, &e, 1, NULL);
    if (out)
        *out = n ? e : NULL;
    return n;
}

/* The readings of a single string (one or more words) of KIND. */
static const nk_gaz_entry *lookup_word(const nk_gazetteer *g, const char *word,
                                       nk_gaz_kind kind)
{
    if (!g || !word)
        return NULL;
    const char *forms[1] = {word};
    const nk_gaz_entry *e = NULL;
    size_t n = match(g, forms, 1, (int)kind, false, &e, 1, NULL);
    return n ? e : NULL;
}

const nk_gaz_entry *nk_gazetteer_demonym(const nk_gazetteer *g,
                                         const char *word)
{
    const nk_gaz_entry *e = lookup_word(g, word, NK_GAZ_DEMONYM);
    if (!e)
        return NULL;
    const nk_gaz_entry *c = nk_gazetteer_get(g, e->canonical, NK_GAZ_NAME);
    return c ? c : e;
}

size_t nk_gazetteer_is_title(const nk_gazetteer *g, const char *const *forms,
                             size_t nforms)
{
    const nk_gaz_entry *e = NULL;
    return match(g, forms, nforms, NK_GAZ_TITLE, false, &e, 1, NULL);
}

const char *nk_gazetteer_role(const nk_gazetteer *g, const char *word)
{
    const nk_gaz_entry *e = lookup_word(g, word, NK_GAZ_ROLE);
    return e ? e->type : NULL;
}

const nk_gaz_entry *nk_gazetteer_get(const nk_gazetteer *g,
                                     const char *canonical, nk_gaz_kind kind)
{
    if (!g || !canonical || (unsigned)kind >= NK_GAZ_NKINDS)
        return NULL;
    char key[SCRATCH];
    size_t kl = strlen(KIND_NAMES[kind]), cl = strlen(canonical);
    if (kl + 1 + cl >= sizeof key)
        return NULL;
    memcpy(key, KIND_NAMES[kind], kl);
    key[kl] = '\t';
    memcpy(key + kl + 1, canonical, cl + 1);
    const entry_rec *er = table_get(&g->entries, key);
    return er ? &er->e : NULL;
}

size_t nk_gazetteer_size(const nk_gazetteer *g)
{
    return g ? g->nlist : 0;
}

size_t nk_gazetteer_alias_count(const nk_gazetteer *g)
{
    return g ? g->naliases : 0;
}

const nk_gaz_entry *nk_gazetteer_entry(const nk_gazetteer *g, size_t i)
{
    return g && i < g->nlist ? &g->list[i]->e : NULL;
}

const char *nk_gaz_kind_name(nk_gaz_kind kind)
{
    return (unsigned)kind < NK_GAZ_NKINDS ? KIND_NAMES[kind] : NULL;
}

const char *nk_gaz_type_name(nk_gaz_type type)
{
    return (unsigned)type < NK_GAZ_NTYPES ? TYPE_NAMES[type] : NULL;
}
