/* facts.c: see facts.h. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

static const char *const MODALITY_NAMES[] = {"asserted", "hypothetical",
                                              "planned", "requested"};

const char *nk_modality_name(nk_modality m)
{
    return (unsigned)m < 4 ? MODALITY_NAMES[m] : "asserted";
}

int nk_modality_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (name && strcmp(name, MODALITY_NAMES[i]) == 0)
            return i;
    return -1;
}

nk_factset *nk_factset_new(void)
{
    nk_factset *set = nk_xcalloc(1, sizeof *set);
    set->arena = nk_arena_new();
    return set;
}

void nk_factset_free(nk_factset *set)
{
    if (!set)
        return;
    nk_arena_free(set->arena);
    free(set->facts);
    free(set);
}

nk_fact *nk_factset_add(nk_factset *set)
{
    if (set->count == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 16;
        set->facts = nk_xrealloc(set->facts, set->cap * sizeof *set->facts);
    }
    nk_fact *f = &set->facts[set->count++];
    memset(f, 0, sizeof *f);
    f->content_of = NK_NO_FACT;
    f->rejects = NK_NO_FACT;
    f->sentence_begin = NK_NO_POS;
    f->confidence = 1.0;
    f->modality = NK_MOD_ASSERTED;
    return f;
}

void nk_factset_set_doc(nk_factset *set, const char *doc)
{
    set->doc = nk_factset_str(set, doc);
    for (size_t i = 0; i < set->count; i++)
        set->facts[i].doc = set->doc;
}

const char *nk_entity_kind_name(nk_entity_kind kind)
{
    switch (kind) {
    case NK_ENTITY_NAME: return "name";
    case NK_ENTITY_DESCRIPTION: return "description";
    case NK_ENTITY_UNKNOWN: break;
    }
    return NULL;
}

int nk_entity_kind_parse(const char *name)
{
    if (name && strcmp(name, "name") == 0)
        return NK_ENTITY_NAME;
    if (name && strcmp(name, "description") == 0)
        return NK_ENTITY_DESCRIPTION;
    return -1;
}

nk_entity_ref *nk_factset_entity(nk_factset *set, const char *label,
                                 const char *type, const char *iri,
                                 const char *wikidata)
{
    nk_entity_ref *e = nk_arena_alloc(set->arena, sizeof *e);
    e->label = nk_arena_strdup(set->arena, label ? label : "");
    e->type = nk_arena_strdup(set->arena, type);
    e->iri = nk_arena_strdup(set->arena, iri);
    e->wikidata = nk_arena_strdup(set->arena, wikidata);
    return e;
}

const char *nk_factset_str(nk_factset *set, const char *s)
{
    return nk_arena_strdup(set->arena, s);
}

static nk_entity_ref *copy_ref(nk_factset *dst, const nk_entity_ref *e)
{
    if (!e)
        return NULL;
    nk_entity_ref *c = nk_factset_entity(dst, e->label, e->type, e->iri, e->wikidata);
    c->kind = e->kind;
    c->affiliation = copy_ref(dst, e->affiliation);
    return c;
}

void nk_factset_append(nk_factset *dst, const nk_factset *src)
{
    size_t shift = dst->count;
    for (size_t i = 0; i < src->count; i++) {
        const nk_fact *f = &src->facts[i];
        nk_fact *g = nk_factset_add(dst);
        *g = *f;
        g->doc = nk_factset_str(dst, f->doc ? f->doc : src->doc);
        g->actor = copy_ref(dst, f->actor);
        g->target = copy_ref(dst, f->target);
        g->place = copy_ref(dst, f->place);
        g->attributed_to = copy_ref(dst, f->attributed_to);
        g->lemma = nk_factset_str(dst, f->lemma);
        g->action_class = nk_factset_str(dst, f->action_class);
        g->action_text = nk_factset_str(dst, f->action_text);
        g->cameo = nk_factset_str(dst, f->cameo);
        g->time = nk_factset_str(dst, f->time);
        g->sentence_text = nk_factset_str(dst, f->sentence_text);
        g->content_of = f->content_of == NK_NO_FACT ? NK_NO_FACT : f->content_of + shift;
        g->rejects = f->rejects == NK_NO_FACT ? NK_NO_FACT : f->rejects + shift;
    }
}
