/* ontology.c: load the ontology and lexicon (Turtle, through raptor2) into
 * read-only hash tables.
 *
 * Loading happens in three steps, so that a failure anywhere leaves nothing
 * behind: (1) every file is parsed into one list of triples, in file order;
 * (2) the triples are read twice, first for declarations (rdf:type), then
 * for the values of the declared classes, properties and lexicon entries,
 * later triples replacing earlier ones; (3) the records are checked and
 * frozen into sorted arrays with hash indexes.  All strings live in the
 * ontology's arena.
 */
#include "ontology.h"

#include <raptor2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS_NS "http://www.w3.org/2000/01/rdf-schema#"
#define OWL_NS "http://www.w3.org/2002/07/owl#"

#define RDF_TYPE RDF_NS "type"
#define RDF_PROPERTY RDF_NS "Property"
#define RDFS_CLASS RDFS_NS "Class"
#define RDFS_LABEL RDFS_NS "label"
#define RDFS_COMMENT RDFS_NS "comment"
#define RDFS_SUBCLASSOF RDFS_NS "subClassOf"
#define OWL_CLASS OWL_NS "Class"
#define OWL_NOTHING OWL_NS "Nothing"
#define OWL_OBJECT_PROPERTY OWL_NS "ObjectProperty"
#define OWL_DATATYPE_PROPERTY OWL_NS "DatatypeProperty"
#define OWL_ANNOTATION_PROPERTY OWL_NS "AnnotationProperty"

#define NK_LEXICAL_ENTRY NK_ONTOLOGY_NS "LexicalEntry"
#define NK_LEMMA NK_ONTOLOGY_NS "lemma"
#define NK_WORDNET_CLASS NK_ONTOLOGY_NS "wordnetClass"
#define NK_PARTICLE NK_ONTOLOGY_NS "particle"
#define NK_OBJECT_LEMMA NK_ONTOLOGY_NS "objectLemma"
#define NK_EVOKES NK_ONTOLOGY_NS "evokes"
#define NK_SPEECH_ACT NK_ONTOLOGY_NS "speechAct"
#define NK_POLARITY NK_ONTOLOGY_NS "polarity"
#define NK_COMPLEMENT_MODALITY NK_ONTOLOGY_NS "complementModality"
#define NK_CAMEO NK_ONTOLOGY_NS "cameoCode"
#define NK_PLOVER NK_ONTOLOGY_NS "ploverCategory"

/* Superclass chains longer than this are taken to be cycles. */
#define MAX_DEPTH 64
/* Separates lemma, particle and object in lexicon keys. */
#define KEY_SEP '\x1f'

/* ---- a string-keyed hash map (open addressing; keys borrowed) ------------- */

typedef struct smap {
    const char **keys;
    void **vals;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} smap;

static size_t smap_index(const smap *m, const char *key)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)nk_hash64(key, strlen(key), NK_HASH_SEED) & mask;
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

static void *smap_get(const smap *m, const char *key)
{
    if (m->cap == 0)
        return NULL;
    return m->vals[smap_index(m, key)];
}

static void smap_set(smap *m, const char *key, void *val)
{
    if ((m->count + 1) * 2 > m->cap) {
        smap old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->keys = nk_xcalloc(m->cap, sizeof *m->keys);
        m->vals = nk_xcalloc(m->cap, sizeof *m->vals);
        m->count = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) {
                size_t j = smap_index(m, old.keys[i]);
                m->keys[j] = old.keys[i];
                m->vals[j] = old.vals[i];
                m->count++;
            }
        free(old.keys);
        free(old.vals);
    }
    size_t i = smap_index(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->count++;
    }
    m->vals[i] = val;
}

static void smap_free(smap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- the loaded ontology ---------------------------------------------------- */

struct nk_ontology {
    nk_arena *arena;
    nk_onto_class *classes;
    size_t nclasses;
    nk_onto_property *props;
    size_t nprops;
    nk_lex_entry *entries;
    size_t nentries;
    smap class_by_name;
    smap prop_by_name;
    smap lex;       /* folded key -> entry */
    size_t max_key; /* longest lexicon key, to refuse longer lookups early */
    const nk_wordnet *wordnet; /* backs up the lexicon (nk_ontology_use_wordnet) */
};

/* ---- step 1: Turtle files to triples ---------------------------------------- */

enum { TERM_IRI, TERM_BLANK, TERM_LITERAL };

typedef struct triple {
    const char *s, *p, *o;
    const char *lang; /* literal language tag, or NULL */
    int okind;
    unsigned file;    /* index into loader.files */
    unsigned line;    /* 0 when unknown */
} triple;

typedef struct loader {
    nk_ontology *ont;
    nk_diag_sink *sink;
    const char **files; /* arena copies of the paths, in load order */
    unsigned nfiles;
    triple *triples;    /* malloc'd */
    size_t ntriples, cap;
    /* while parsing one file */
    raptor_parser *parser;
    unsigned cur_file;
    bool parse_failed;
} loader;

static const char *term_string(loader *ld, const raptor_term *t, int *kind,
                               const char **lang)
{
    if (lang)
        *lang = NULL;
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI:
        *kind = TERM_IRI;
        return nk_arena_strdup(ld->ont->arena,
                               (const char *)raptor_uri_as_string(t->value.uri));
    case RAPTOR_TERM_TYPE_BLANK:
        /* Blank ids are per file: prefix the file index so they never meet. */
        *kind = TERM_BLANK;
        return nk_arena_printf(ld->ont->arena, "_:f%u_%s", ld->cur_file,
                               (const char *)t->value.blank.string);
    case RAPTOR_TERM_TYPE_LITERAL:
        *kind = TERM_LITERAL;
        if (lang && t->value.literal.language)
            *lang = nk_arena_strdup(ld->ont->arena,
                                    (const char *)t->value.literal.language);
        return nk_arena_strndup(ld->ont->arena,
                                (const char *)t->value.literal.string,
                                t->value.literal.string_len);
    case RAPTOR_TERM_TYPE_UNKNOWN:
    default:
        *kind = TERM_LITERAL;
        return "";
    }
}

static void on_statement(void *user_data, raptor_statement *st)
{
    loader *ld = user_data;
    if (ld->ntriples == ld->cap) {
        ld->cap = ld->cap ? ld->cap * 2 : 1024;
        ld->triples = nk_xrealloc(ld->triples, ld->cap * sizeof *ld->triples);
    }
    triple *t = &ld->triples[ld->ntriples++];
    int kind;
    t->s = term_string(ld, st->subject, &kind, NULL);
    t->p = term_string(ld, st->predicate, &kind, NULL);
    t->o = term_string(ld, st->object, &t->okind, &t->lang);
    t->file = ld->cur_file;
    int line = raptor_locator_line(raptor_parser_get_locator(ld->parser));
    t->line = line > 0 ? (unsigned)line : 0;
}

/* Our own log handler: raptor's default prints an uninitialised location
 * (dependencies.md, pitfall 1).  Messages go to the sink with our path. */
static void on_log(void *user_data, raptor_log_message *msg)
{
    loader *ld = user_data;
    const char *file = ld->cur_file < ld->nfiles ? ld->files[ld->cur_file] : NULL;
    /* Some messages come without a locator: use the parser's position. */
    raptor_locator *loc = msg->locator;
    if (!loc && ld->parser)
        loc = raptor_parser_get_locator(ld->parser);
    int line = loc ? raptor_locator_line(loc) : -1;
    int col = loc ? raptor_locator_column(loc) : -1;
    nk_severity sev = NK_NOTE;
    if (msg->level >= RAPTOR_LOG_LEVEL_ERROR) {
        sev = NK_ERROR;
        ld->parse_failed = true;
    } else if (msg->level == RAPTOR_LOG_LEVEL_WARN) {
        sev = NK_WARNING;
    } else {
        return; /* debug and info chatter */
    }
    nk_diag_report(ld->sink, sev, file, line > 0 ? (unsigned)line : 0,
                   col > 0 ? (unsigned)col : 0, SIZE_MAX, "%s",
                   msg->text ? msg->text : "Turtle error");
}

static int parse_file(loader *ld, raptor_world *world, unsigned index)
{
    const char *path = ld->files[index];
    char *data = NULL;
    size_t len = 0;
    int rc = nk_file_read(path, &data, &len, ld->sink);
    if (rc < 0)
        return rc;

    ld->cur_file = index;
    ld->parse_failed = false;
    rc = NK_OK;
    raptor_uri *base = NULL;
    ld->parser = raptor_new_parser(world, "turtle");
    if (!ld->parser) {
        nk_diag_report(ld->sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                       "raptor has no Turtle parser");
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    raptor_parser_set_statement_handler(ld->parser, ld, on_statement);
    /* The Turtle parser needs a base URI (pitfall 4): the file's own. */
    base = raptor_new_uri_from_uri_or_file_string(
        world, NULL, (const unsigned char *)(strcmp(path, "-") ? path : "stdin"));
    if (!base || raptor_parser_parse_start(ld->parser, base) != 0) {
        nk_diag_report(ld->sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                       "cannot start the Turtle parser");
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    int prc = raptor_parser_parse_chunk(ld->parser, (const unsigned char *)data,
                                        len, 1);
    if (prc != 0 || ld->parse_failed) {
        if (!ld->parse_failed)
            nk_diag_report(ld->sink, NK_ERROR, path, 0, 0, SIZE_MAX,
                           "malformed Turtle");
        rc = NK_ERR_PARSE;
    }

cleanup:
    if (base)
        raptor_free_uri(base);
    if (ld->parser)
        raptor_free_parser(ld->parser);
    ld->parser = NULL;
    free(data);
    return rc;
}

/* ---- step 2: triples to records ------------------------------------------- */

typedef struct class_rec {
    const char *iri;
    const char *label, *comment, *cameo, *plover;
    const char *parent_iri; /* first declared superclass */
} class_rec;

typedef struct prop_rec {
    const char *iri;
    const char *label, *comment;
    nk_property_kind kind;
} prop_rec;

typedef struct entry_rec {
    const char *iri;
    const char *lemma, *particle, *object, *evokes;
    const char *cameo, *plover;
    bool speech_act;
    nk_polarity polarity;
    int modality;
    unsigned file, line; /* the latest file that said something about it */
    const char *key;     /* folded lookup key, set in step 3 */
} entry_rec;

/* Records in creation order, plus maps from subject IRI to record. */
typedef struct records {
    nk_arena *tmp;
    class_rec **classes;
    size_t nclasses, ccap;
    prop_rec **props;
    size_t nprops, pcap;
    entry_rec **entries;
    size_t nentries, ecap;
    smap class_map, prop_map, entry_map;
} records;

#define PUSH(arr, n, cap, item)                                                \
    do {                                                                       \
        if ((n) == (cap)) {                                                    \
            (cap) = (cap) ? (cap) * 2 : 64;                                    \
            (arr) = nk_xrealloc((arr), (cap) * sizeof *(arr));                 \
        }                                                                      \
        (arr)[(n)++] = (item);                                                 \
    } while (0)

static nk_property_kind property_kind(const char *type_iri, bool *is_prop)
{
    *is_prop = true;
    if (strcmp(type_iri, OWL_OBJECT_PROPERTY) == 0)
        return NK_PROP_OBJECT;
    if (strcmp(type_iri, OWL_DATATYPE_PROPERTY) == 0)
        return NK_PROP_DATATYPE;
    if (strcmp(type_iri, OWL_ANNOTATION_PROPERTY) == 0)
        return NK_PROP_ANNOTATION;
    if (strcmp(type_iri, RDF_PROPERTY) == 0)
        return NK_PROP_OTHER;
    *is_prop = false;
    return NK_PROP_OTHER;
}

static void collect_declarations(records *r, const loader *ld)
{
    for (size_t i = 0; i < ld->ntriples; i++) {
        const triple *t = &ld->triples[i];
        if (t->okind != TERM_IRI || strcmp(t->p, RDF_TYPE) != 0)
            continue;
        bool is_prop;
        nk_property_kind kind = property_kind(t->o, &is_prop);
        if (strcmp(t->o, OWL_CLASS) == 0 || strcmp(t->o, RDFS_CLASS) == 0) {
            /* Anonymous classes (restrictions, enumerations) are skipped. */
            if (strncmp(t->s, "_:", 2) == 0 || smap_get(&r->class_map, t->s))
                continue;
            class_rec *c = nk_arena_alloc(r->tmp, sizeof *c);
            c->iri = t->s;
            PUSH(r->classes, r->nclasses, r->ccap, c);
            smap_set(&r->class_map, c->iri, c);
        } else if (is_prop) {
            prop_rec *p = smap_get(&r->prop_map, t->s);
            if (!p) {
                p = nk_arena_alloc(r->tmp, sizeof *p);
                p->iri = t->s;
                p->kind = kind;
                PUSH(r->props, r->nprops, r->pcap, p);
                smap_set(&r->prop_map, p->iri, p);
            } else if (p->kind == NK_PROP_OTHER) {
                p->kind = kind; /* an OWL kind beats plain rdf:Property */
            }
        } else if (strcmp(t->o, NK_LEXICAL_ENTRY) == 0) {
            if (smap_get(&r->entry_map, t->s))
                continue;
            entry_rec *e = nk_arena_alloc(r->tmp, sizeof *e);
            e->iri = t->s;
            e->modality = -1;
            e->file = t->file;
            e->line = t->line;
            PUSH(r->entries, r->nentries, r->ecap, e);
            smap_set(&r->entry_map, e->iri, e);
        }
    }
}

/* Labels and comments: untagged or English ones; the last one read wins. */
static bool usable_text(const triple *t)
{
    return t->okind == TERM_LITERAL &&
           (!t->lang || strncmp(t->lang, "en", 2) == 0);
}

static int entry_value(entry_rec *e, const triple *t, const loader *ld)
{
    const char *file = ld->files[t->file];
    if (t->file > e->file || (t->file == e->file && t->line > e->line)) {
        e->file = t->file;
        e->line = t->line;
    }
    const char *p = t->p;
    bool lit = t->okind == TERM_LITERAL;
    if (strcmp(p, NK_EVOKES) == 0) {
        if (t->okind != TERM_IRI) {
            nk_diag_report(ld->sink, NK_ERROR, file, t->line, 0, SIZE_MAX,
                           "%s: nk:evokes must name a class", e->iri);
            return NK_ERR_INVALID;
        }
        e->evokes = t->o;
        return NK_OK;
    }
    if (strncmp(p, NK_ONTOLOGY_NS, strlen(NK_ONTOLOGY_NS)) != 0)
        return NK_OK;
    if (!lit) {
        if (strcmp(p, NK_LEMMA) == 0 || strcmp(p, NK_WORDNET_CLASS) == 0 ||
            strcmp(p, NK_PARTICLE) == 0 ||
            strcmp(p, NK_OBJECT_LEMMA) == 0 || strcmp(p, NK_SPEECH_ACT) == 0 ||
            strcmp(p, NK_POLARITY) == 0 || strcmp(p, NK_COMPLEMENT_MODALITY) == 0) {
            nk_diag_report(ld->sink, NK_ERROR, file, t->line, 0, SIZE_MAX,
                           "%s: <%s> needs a literal value", e->iri, p);
            return NK_ERR_INVALID;
        }
        return NK_OK;
    }
    if (strcmp(p, NK_LEMMA) == 0) {
        e->lemma = t->o;
    } else if (strcmp(p, NK_WORDNET_CLASS) == 0) {
        if (strncmp(t->o, "verb.", 5) != 0 || nk_wordnet_class_from_name(t->o) == NK_WN_NONE) {
            nk_diag_report(ld->sink, NK_ERROR, file, t->line, 0, SIZE_MAX,
                           "%s: nk:wordnetClass must name a WordNet verb class "
                           "(\"verb.communication\", ...), not \"%s\"", e->iri, t->o);
            return NK_ERR_INVALID;
        }
        /* kept under a lemma no verb has: "wordnet:verb.communication" */
        e->lemma = nk_arena_printf(ld->ont->arena, "%s%s", NK_LEX_WORDNET_PREFIX, t->o);
    } else if (strcmp(p, NK_PARTICLE) == 0) {
        e->particle = t->o;
    } else if (strcmp(p, NK_OBJECT_LEMMA) == 0) {
        e->object = t->o;
    } else if (strcmp(p, NK_CAMEO) == 0) {
        e->cameo = t->o;
    } else if (strcmp(p, NK_PLOVER) == 0) {
        e->plover = t->o;
    } else if (strcmp(p, NK_SPEECH_ACT) == 0) {
        if (strcmp(t->o, "true") == 0 || strcmp(t->o, "1") == 0) {
            e->speech_act = true;
        } else if (strcmp(t->o, "false") == 0 || strcmp(t->o, "0") == 0) {
            e->speech_act = false;
        } else {
            nk_diag_report(ld->sink, NK_ERROR, file, t->line, 0, SIZE_MAX,
                           "%s: nk:speechAct must be true or false, not \"%s\"",
                           e->iri, t->o);
            return NK_ERR_INVALID;
        }
    } else if (strcmp(p, NK_POLARITY) == 0) {
        if (strcmp(t->o, "negative") == 0) {
            e->polarity = NK_POLARITY_NEGATIVE;
        } else if (strcmp(t->o, "positive") == 0) {
            e->polarity = NK_POLARITY_POSITIVE;
        } else {
            nk_diag_report(ld->sink, NK_ERROR, file, t->line, 0, SIZE_MAX,
                           "%s: nk:polarity must be \"positive\" or "
                           "\"negative\", not \"%s\"", e->iri, t->o);
            return NK_ERR_INVALID;
        }
    } else if (strcmp(p, NK_COMPLEMENT_MODALITY) == 0) {
        int m = nk_modality_parse(t->o);
        if (m < 0) {
            nk_diag_report(ld->sink, NK_ERROR, file, t->line, 0, SIZE_MAX,
                           "%s: unknown nk:complementModality \"%s\" (asserted, "
                           "hypothetical, planned or requested)", e->iri, t->o);
            return NK_ERR_INVALID;
        }
        e->modality = m;
    }
    return NK_OK;
}

static int collect_values(records *r, const loader *ld)
{
    int rc = NK_OK;
    for (size_t i = 0; i < ld->ntriples; i++) {
        const triple *t = &ld->triples[i];
        class_rec *c = smap_get(&r->class_map, t->s);
        if (c) {
            if (strcmp(t->p, RDFS_LABEL) == 0 && usable_text(t))
                c->label = t->o;
            else if (strcmp(t->p, RDFS_COMMENT) == 0 && usable_text(t))
                c->comment = t->o;
            else if (strcmp(t->p, NK_CAMEO) == 0 && t->okind == TERM_LITERAL)
                c->cameo = t->o;
            else if (strcmp(t->p, NK_PLOVER) == 0 && t->okind == TERM_LITERAL)
                c->plover = t->o;
            else if (strcmp(t->p, RDFS_SUBCLASSOF) == 0 && !c->parent_iri &&
                     smap_get(&r->class_map, t->o) && strcmp(t->o, c->iri) != 0)
                c->parent_iri = t->o;
            continue;
        }
        prop_rec *p = smap_get(&r->prop_map, t->s);
        if (p) {
            if (strcmp(t->p, RDFS_LABEL) == 0 && usable_text(t))
                p->label = t->o;
            else if (strcmp(t->p, RDFS_COMMENT) == 0 && usable_text(t))
                p->comment = t->o;
            continue;
        }
        entry_rec *e = smap_get(&r->entry_map, t->s);
        if (e) {
            int erc = entry_value(e, t, ld);
            if (erc < 0 && rc == NK_OK)
                rc = erc;
        } else if (strcmp(t->p, NK_EVOKES) == 0) {
            nk_diag_report(ld->sink, NK_WARNING, ld->files[t->file], t->line, 0,
                           SIZE_MAX, "%s has nk:evokes but is not declared "
                           "a nk:LexicalEntry: ignored", t->s);
        }
    }
    return rc;
}

/* ---- step 3: records to the frozen ontology -------------------------------- */

static const char *local_name(const char *iri)
{
    size_t n = strlen(NK_ONTOLOGY_NS);
    if (strncmp(iri, NK_ONTOLOGY_NS, n) == 0 && iri[n])
        return iri + n;
    return iri;
}

static int cmp_class_rec(const void *a, const void *b)
{
    return strcmp((*(const class_rec *const *)a)->iri,
                  (*(const class_rec *const *)b)->iri);
}

static int cmp_prop_rec(const void *a, const void *b)
{
    return strcmp((*(const prop_rec *const *)a)->iri,
                  (*(const prop_rec *const *)b)->iri);
}

static int cmp_entry_rec(const void *a, const void *b)
{
    const entry_rec *x = *(const entry_rec *const *)a;
    const entry_rec *y = *(const entry_rec *const *)b;
    return strcmp(x->key, y->key);
}

static char fold(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Write the folded key of (lemma, particle, object) into OUT (CAP bytes).
 * Returns its length, or SIZE_MAX when it does not fit. */
static size_t make_key(char *out, size_t cap, const char *lemma,
                       const char *particle, const char *object)
{
    const char *parts[3] = {lemma, particle, object};
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        if (k > 0) {
            if (n + 1 >= cap)
                return SIZE_MAX;
            out[n++] = KEY_SEP;
        }
        for (const char *s = parts[k] ? parts[k] : ""; *s; s++) {
            if (n + 1 >= cap)
                return SIZE_MAX;
            out[n++] = fold(*s);
        }
    }
    out[n] = '\0';
    return n;
}

static char *arena_lower(nk_arena *arena, const char *s)
{
    if (!s || !*s)
        return NULL;
    char *d = nk_arena_strdup(arena, s);
    for (char *p = d; *p; p++)
        *p = fold(*p);
    return d;
}

static const char *walk_cameo(const nk_onto_class *c)
{
    for (int depth = 0; c && depth < MAX_DEPTH; c = c->parent, depth++)
        if (c->cameo)
            return c->cameo;
    return NULL;
}

static const char *walk_plover(const nk_onto_class *c)
{
    for (int depth = 0; c && depth < MAX_DEPTH; c = c->parent, depth++)
        if (c->plover)
            return c->plover;
    return NULL;
}

static void freeze_classes(nk_ontology *ont, records *r)
{
    if (r->nclasses > 1)
        qsort(r->classes, r->nclasses, sizeof *r->classes, cmp_class_rec);
    ont->nclasses = r->nclasses;
    ont->classes = nk_arena_alloc(ont->arena, (r->nclasses + 1) * sizeof *ont->classes);
    smap by_iri = {0};
    for (size_t i = 0; i < r->nclasses; i++) {
        const class_rec *c = r->classes[i];
        nk_onto_class *d = &ont->classes[i];
        d->iri = c->iri;
        d->name = local_name(c->iri);
        d->label = c->label;
        d->comment = c->comment;
        d->cameo = c->cameo;
        d->plover = c->plover;
        smap_set(&by_iri, d->iri, d);
        smap_set(&ont->class_by_name, d->name, d);
    }
    for (size_t i = 0; i < r->nclasses; i++) {
        const char *parent = r->classes[i]->parent_iri;
        ont->classes[i].parent = parent ? smap_get(&by_iri, parent) : NULL;
    }
    smap_free(&by_iri);
}

static void freeze_props(nk_ontology *ont, records *r)
{
    if (r->nprops > 1)
        qsort(r->props, r->nprops, sizeof *r->props, cmp_prop_rec);
    ont->nprops = r->nprops;
    ont->props = nk_arena_alloc(ont->arena, (r->nprops + 1) * sizeof *ont->props);
    for (size_t i = 0; i < r->nprops; i++) {
        const prop_rec *p = r->props[i];
        nk_onto_property *d = &ont->props[i];
        d->iri = p->iri;
        d->name = local_name(p->iri);
        d->label = p->label;
        d->comment = p->comment;
        d->kind = p->kind;
        smap_set(&ont->prop_by_name, d->name, d);
    }
}

/* True when A was stated after B (later file, or later line in one file). */
static bool later(const entry_rec *a, const entry_rec *b)
{
    return a->file != b->file ? a->file > b->file : a->line >= b->line;
}

static int freeze_lexicon(nk_ontology *ont, records *r, const loader *ld)
{
    int rc = NK_OK;
    smap winners = {0}; /* key -> entry_rec */
    entry_rec **keep = NULL;
    size_t nkeep = 0, kcap = 0;

    for (size_t i = 0; i < r->nentries; i++) {
        entry_rec *e = r->entries[i];
        const char *file = ld->files[e->file];
        if (!e->lemma || !*e->lemma) {
            nk_diag_report(ld->sink, NK_ERROR, file, e->line, 0, SIZE_MAX,
                           "lexicon entry %s has no nk:lemma", e->iri);
            rc = NK_ERR_INVALID;
            continue;
        }
        if (!e->evokes) {
            nk_diag_report(ld->sink, NK_ERROR, file, e->line, 0, SIZE_MAX,
                           "lexicon entry %s has no nk:evokes", e->iri);
            rc = NK_ERR_INVALID;
            continue;
        }
        if (strcmp(e->evokes, OWL_NOTHING) != 0 && !smap_get(&r->class_map, e->evokes)) {
            nk_diag_report(ld->sink, NK_ERROR, file, e->line, 0, SIZE_MAX,
                           "lexicon entry %s evokes <%s>, which is not a "
                           "declared class", e->iri, e->evokes);
            rc = NK_ERR_INVALID;
            continue;
        }
        e->lemma = arena_lower(ont->arena, e->lemma);
        e->particle = arena_lower(ont->arena, e->particle);
        e->object = arena_lower(ont->arena, e->object);
        nk_buf key = {0};
        nk_buf_puts(&key, e->lemma);
        nk_buf_putc(&key, KEY_SEP);
        nk_buf_puts(&key, e->particle ? e->particle : "");
        nk_buf_putc(&key, KEY_SEP);
        nk_buf_puts(&key, e->object ? e->object : "");
        e->key = nk_arena_strdup(ont->arena, key.data);
        nk_buf_free(&key);

        entry_rec *old = smap_get(&winners, e->key);
        if (old && old->file == e->file)
            nk_diag_report(ld->sink, NK_WARNING, file, e->line, 0, SIZE_MAX,
                           "lexicon entry %s repeats the words of %s (line %u)",
                           e->iri, old->iri, old->line);
        if (!old || later(e, old))
            smap_set(&winners, e->key, e);
    }
    for (size_t i = 0; i < winners.cap; i++) {
        entry_rec *e = winners.vals[i];
        if (winners.keys[i] && strcmp(e->evokes, OWL_NOTHING) != 0)
            PUSH(keep, nkeep, kcap, e);
    }
    if (nkeep > 1)
        qsort(keep, nkeep, sizeof *keep, cmp_entry_rec);

    ont->nentries = nkeep;
    ont->entries = nk_arena_alloc(ont->arena, (nkeep + 1) * sizeof *ont->entries);
    for (size_t i = 0; i < nkeep; i++) {
        const entry_rec *e = keep[i];
        nk_lex_entry *d = &ont->entries[i];
        const nk_onto_class *cls = nk_ontology_class(ont, e->evokes);
        d->iri = e->iri;
        d->lemma = e->lemma;
        d->particle = e->particle;
        d->object = e->object;
        d->cls = cls;
        d->cameo = e->cameo ? e->cameo : walk_cameo(cls);
        d->plover = e->plover ? e->plover : walk_plover(cls);
        d->speech_act = e->speech_act;
        d->polarity = e->polarity;
        d->complement_modality = e->modality;
        d->file = ld->files[e->file];
        d->line = e->line;
        smap_set(&ont->lex, e->key, d);
        size_t klen = strlen(e->key);
        if (klen > ont->max_key)
            ont->max_key = klen;
    }
    free(keep);
    smap_free(&winners);
    return rc;
}

/* ---- public API ----------------------------------------------------------- */

void nk_ontology_free(nk_ontology *ont)
{
    if (!ont)
        return;
    smap_free(&ont->class_by_name);
    smap_free(&ont->prop_by_name);
    smap_free(&ont->lex);
    nk_arena_free(ont->arena);
    free(ont);
}

int nk_ontology_load_files(nk_ontology **out, const char *const *files,
                           size_t nfiles, nk_diag_sink *sink)
{
    *out = NULL;
    int rc = NK_OK;
    nk_ontology *ont = nk_xcalloc(1, sizeof *ont);
    ont->arena = nk_arena_new();
    loader ld = {0};
    records r = {0};
    raptor_world *world = NULL;
    ld.ont = ont;
    ld.sink = sink;
    ld.cur_file = UINT32_MAX;
    r.tmp = nk_arena_new();

    if (nfiles > UINT32_MAX - 1) {
        rc = NK_ERR_INVALID;
        goto cleanup;
    }
    ld.nfiles = (unsigned)nfiles;
    ld.files = nk_arena_alloc(ont->arena, (nfiles + 1) * sizeof *ld.files);
    for (size_t i = 0; i < nfiles; i++)
        ld.files[i] = nk_arena_strdup(ont->arena, files[i] ? files[i] : "-");

    world = raptor_new_world();
    if (!world) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "cannot create a raptor world");
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    raptor_world_set_log_handler(world, &ld, on_log);
    if (raptor_world_open(world) != 0) {
        nk_diag_report(sink, NK_ERROR, NULL, 0, 0, SIZE_MAX,
                       "cannot initialise raptor");
        rc = NK_ERR_EXTERNAL;
        goto cleanup;
    }
    for (unsigned i = 0; i < ld.nfiles; i++)
        NK_CHECK(parse_file(&ld, world, i));
    ld.cur_file = UINT32_MAX;

    collect_declarations(&r, &ld);
    int vrc = collect_values(&r, &ld);
    freeze_classes(ont, &r);
    freeze_props(ont, &r);
    int lrc = freeze_lexicon(ont, &r, &ld);
    rc = vrc < 0 ? vrc : lrc;

cleanup:
    if (world)
        raptor_free_world(world);
    free(ld.triples);
    free(r.classes);
    free(r.props);
    free(r.entries);
    smap_free(&r.class_map);
    smap_free(&r.prop_map);
    smap_free(&r.entry_map);
    nk_arena_free(r.tmp);
    if (rc < 0) {
        nk_ontology_free(ont);
        return rc;
    }
    *out = ont;
    return NK_OK;
}

int nk_ontology_load(nk_ontology **out, const char *const *extra_files,
                     size_t nextra, nk_diag_sink *sink)
{
    static const char *const defaults[] = {"ontology/newskg.ttl",
                                           "ontology/lexicon.ttl"};
    const size_t ndef = sizeof defaults / sizeof defaults[0];
    *out = NULL;
    int rc = NK_OK;
    const char **files = nk_xcalloc(ndef + nextra + 1, sizeof *files);
    size_t n = 0;
    for (size_t i = 0; i < ndef; i++) {
        char *path = nk_data_find(defaults[i]);
        if (!path) {
            nk_diag_report(sink, NK_ERROR, defaults[i], 0, 0, SIZE_MAX,
                           "not found (set NEWSKG_DATA to the directory that "
                           "holds ontology/)");
            rc = NK_ERR_NOTFOUND;
            goto cleanup;
        }
        files[n++] = path;
    }
    for (size_t i = 0; i < nextra; i++)
        files[n++] = extra_files[i];
    rc = nk_ontology_load_files(out, files, n, sink);

cleanup:
    for (size_t i = 0; i < ndef && i < n; i++)
        free((void *)(uintptr_t)files[i]);
    free(files);
    return rc;
}

const nk_lex_entry *nk_ontology_lookup_exact(const nk_ontology *ont,
                                             const char *lemma,
                                             const char *particle,
                                             const char *object)
{
    if (!ont || !lemma || !*lemma)
        return NULL;
    /* A key longer than every key in the lexicon cannot match: the buffer
     * holds just one byte more than the longest. */
    char small[256];
    size_t cap = ont->max_key + 2;
    char *buf = cap <= sizeof small ? small : nk_xmalloc(cap);
    const nk_lex_entry *e = NULL;
    if (make_key(buf, cap, lemma, particle, object) != SIZE_MAX)
        e = smap_get(&ont->lex, buf);
    if (buf != small)
        free(buf);
    return e;
}

const nk_lex_entry *nk_ontology_lookup(const nk_ontology *ont, const char *lemma,
                                       const char *particle, const char *object)
{
    bool has_p = particle && *particle, has_o = object && *object;
    const nk_lex_entry *e = NULL;
    if (has_p && has_o)
        e = nk_ontology_lookup_exact(ont, lemma, particle, object);
    if (!e && has_p)
        e = nk_ontology_lookup_exact(ont, lemma, particle, NULL);
    if (!e && has_o)
        e = nk_ontology_lookup_exact(ont, lemma, NULL, object);
    if (!e)
        e = nk_ontology_lookup_exact(ont, lemma, NULL, NULL);
    if (!e && ont && ont->wordnet)
        e = nk_ontology_lookup_wordnet(ont, lemma, particle);
    return e;
}

const nk_lex_entry *nk_ontology_lookup_wordnet(const nk_ontology *ont,
                                               const char *lemma,
                                               const char *particle)
{
    if (!ont || !ont->wordnet || !lemma || !*lemma || strlen(lemma) > 200)
        return NULL;
    nk_wn_class cls = NK_WN_NONE;
    double share = 0.0;
    if (particle && *particle && strlen(particle) <= 50) {
        char phrase[256]; /* "carry out" is a WordNet lemma of its own */
        snprintf(phrase, sizeof phrase, "%s %s", lemma, particle);
        cls = nk_wordnet_dominant_class(ont->wordnet, NK_WN_VERB, phrase, &share);
    }
    if (cls == NK_WN_NONE)
        cls = nk_wordnet_dominant_class(ont->wordnet, NK_WN_VERB, lemma, &share);
    if (cls == NK_WN_NONE || share <= NK_LEX_WORDNET_SHARE)
        return NULL;
    char key[64];
    snprintf(key, sizeof key, "%s%s", NK_LEX_WORDNET_PREFIX, nk_wordnet_class_name(cls));
    return nk_ontology_lookup_exact(ont, key, NULL, NULL);
}

void nk_ontology_use_wordnet(nk_ontology *ont, const nk_wordnet *wn)
{
    if (ont)
        ont->wordnet = wn;
}

/* NAME as the key of the name maps: "nk:X" and full nk: IRIs become "X". */
static const char *name_key(const char *name)
{
    size_t n = strlen(NK_ONTOLOGY_NS);
    if (strncmp(name, NK_ONTOLOGY_NS, n) == 0)
        return name + n;
    if (strncmp(name, "nk:", 3) == 0)
        return name + 3;
    return name;
}

const nk_onto_class *nk_ontology_class(const nk_ontology *ont, const char *name)
{
    if (!ont || !name)
        return NULL;
    return smap_get(&ont->class_by_name, name_key(name));
}

const nk_onto_property *nk_ontology_property(const nk_ontology *ont,
                                             const char *name)
{
    if (!ont || !name)
        return NULL;
    return smap_get(&ont->prop_by_name, name_key(name));
}

bool nk_ontology_has_class(const nk_ontology *ont, const char *name)
{
    return nk_ontology_class(ont, name) != NULL;
}

bool nk_ontology_has_property(const nk_ontology *ont, const char *name)
{
    return nk_ontology_property(ont, name) != NULL;
}

const char *nk_ontology_class_cameo(const nk_ontology *ont, const char *name)
{
    return walk_cameo(nk_ontology_class(ont, name));
}

const char *nk_ontology_class_plover(const nk_ontology *ont, const char *name)
{
    return walk_plover(nk_ontology_class(ont, name));
}

bool nk_ontology_is_a(const nk_ontology *ont, const char *name,
                      const char *ancestor)
{
    const nk_onto_class *a = nk_ontology_class(ont, ancestor);
    const nk_onto_class *c = nk_ontology_class(ont, name);
    for (int depth = 0; a && c && depth < MAX_DEPTH; c = c->parent, depth++)
        if (c == a)
            return true;
    return false;
}

size_t nk_ontology_class_count(const nk_ontology *ont)
{
    return ont ? ont->nclasses : 0;
}

const nk_onto_class *nk_ontology_class_at(const nk_ontology *ont, size_t i)
{
    return ont && i < ont->nclasses ? &ont->classes[i] : NULL;
}

size_t nk_ontology_property_count(const nk_ontology *ont)
{
    return ont ? ont->nprops : 0;
}

const nk_onto_property *nk_ontology_property_at(const nk_ontology *ont, size_t i)
{
    return ont && i < ont->nprops ? &ont->props[i] : NULL;
}

size_t nk_ontology_lexicon_count(const nk_ontology *ont)
{
    return ont ? ont->nentries : 0;
}

const nk_lex_entry *nk_ontology_lexicon_at(const nk_ontology *ont, size_t i)
{
    return ont && i < ont->nentries ? &ont->entries[i] : NULL;
}
