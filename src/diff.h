/* diff.h: what changed in the facts between two versions of an article
 * (design.md, "Diff between versions").
 *
 * nk_diff_compute aligns the facts of OLD and NEW in three passes:
 *  1. identity: facts with the same event identity (the hash of actor,
 *     action class or lemma, target, negation and modality that names the
 *     event IRI, graph.h) are paired one to one; among several candidates
 *     the pair with equal details and the most similar sentence wins.  A
 *     pair whose details (place, time, attribution) differ is CHANGED, else
 *     UNCHANGED: wording, sentence order and offsets never count.  Details
 *     differ only when both facts have one (a place one reading missed is
 *     no change) and, for times, neither contains the other word for word
 *     ('on Friday' / 'on Friday in Brussels' agree; 'within two weeks' /
 *     'within a week' do not).  Facts count as a multiset: a fact stated in
 *     two sentences of OLD and in one of NEW leaves one REMOVED (unless
 *     ignore_repeats); but two readings of one event in the same sentence
 *     ('Speaking in London, he said') are one fact: a left-over twin
 *     follows the one that was paired.
 *  2. one-argument changes: of the facts left, an old and a new one with the
 *     same action (class, or lemma when either has no class) that differ in
 *     exactly one of actor, target, negation or modality are CHANGED
 *     ('six diplomats' -> 'seven diplomats'), preferring pairs whose
 *     sentences share the most words and sit at the nearest relative
 *     position; pairs with nothing in common (no shared sentence word
 *     and far apart) are not paired.
 *  3. what is left is REMOVED (old) or ADDED (new).
 * Entities compare by IRI (Wikidata id, else type and normalised label), so
 * 'the FTC' -> 'the Department of Justice' is a changed actor.
 *
 * Writers turn a diff into a `diff -u`-like text, JSON Lines (one change a
 * line, facts in the extract JSONL format), an RDF Patch (the rows that turn
 * OLD's canonical N-Triples into NEW's) or a Graphviz overlay of both
 * versions.
 */
#ifndef NK_DIFF_H
#define NK_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dot.h"
#include "facts.h"
#include "graph.h"
#include "util.h"

typedef enum nk_change_kind {
    NK_CHANGE_UNCHANGED = 0,
    NK_CHANGE_ADDED,
    NK_CHANGE_REMOVED,
    NK_CHANGE_CHANGED
} nk_change_kind;

/* "unchanged", "added", "removed", "changed". */
const char *nk_change_kind_name(nk_change_kind kind);

/* Bits of nk_change.fields: what differs between the facts of a pair. */
enum {
    NK_DIFF_ACTOR = 1u << 0,
    NK_DIFF_TARGET = 1u << 1,
    NK_DIFF_NEGATION = 1u << 2,
    NK_DIFF_MODALITY = 1u << 3,
    NK_DIFF_PLACE = 1u << 4,
    NK_DIFF_TIME = 1u << 5,
    NK_DIFF_ATTRIBUTION = 1u << 6
};

/* One aligned fact: indexes into the OLD and NEW factsets (NK_NO_FACT on
 * the side where it is absent). */
typedef struct nk_change {
    nk_change_kind kind;
    size_t old_index;  /* NK_NO_FACT for ADDED */
    size_t new_index;  /* NK_NO_FACT for REMOVED */
    unsigned fields;   /* NK_DIFF_* bits; 0 unless CHANGED */
} nk_change;

typedef struct nk_diff_options {
    unsigned version;     /* NK_DIFF_OPTIONS_VERSION */
    const char *base;     /* instance IRI base; NULL: NK_DEFAULT_BASE */
    bool ignore_details;  /* pass 1 ignores place, time and attribution */
    bool ignore_repeats;  /* a fact both versions have is UNCHANGED however
                             often each states it; by default a fact stated
                             in more (fewer) sentences of NEW than of OLD
                             is ADDED (REMOVED) */
} nk_diff_options;

#define NK_DIFF_OPTIONS_VERSION 1
#define NK_DIFF_OPTIONS_INIT {NK_DIFF_OPTIONS_VERSION, NULL, false, false}

/* The result.  Every fact of OLD and of NEW appears in exactly one change
 * (UNCHANGED ones included) as its old_index or new_index, in reading
 * order: by position in NEW, each removed fact just after the new position
 * of the old fact before it.  A repeat (a twin in the same sentence, or any
 * repeat with ignore_repeats) is an UNCHANGED
 * change whose other index names a fact that is paired in another change
 * too. */
typedef struct nk_diff {
    const nk_factset *old_facts;  /* borrowed: must outlive the diff */
    const nk_factset *new_facts;
    nk_change *changes;           /* malloc'd; owned by the diff */
    size_t count;
    size_t added, removed, changed, unchanged; /* counts by kind */
    char *base;                   /* the IRI base used (owned) */
    char *doc;                    /* the document id both versions are
                                     compared under: OLD's (owned) */
} nk_diff;

/* Align OLD and NEW, two versions of OLD's document: entities scoped to the
 * article (graph.h) compare under OLD's document id whatever NEW's says
 * (O may be NULL: defaults).  *out is the caller's, freed
 * with nk_diff_free.  Returns NK_OK, NK_ERR_INVALID (a NULL set) or
 * NK_ERR_UNSUPPORTED (options of another version). */
int nk_diff_compute(nk_diff **out, const nk_factset *old_facts,
                    const nk_factset *new_facts, const nk_diff_options *o,
                    nk_diag_sink *sink);
void nk_diff_free(nk_diff *diff);

/* True when some fact was added, removed or changed. */
bool nk_diff_has_changes(const nk_diff *diff);

/* Append the text form to OUT: a `--- OLD_NAME` / `+++ NEW_NAME` header
 * (names may be NULL: "old", "new"), then per change a line
 * `- fact`, `+ fact` or `~ fact` (with `  field: old -> new` lines) and the
 * sentence it was read in (`  - old sentence` / `  + new sentence`).
 * Nothing at all when no fact changed. */
void nk_diff_write_text(const nk_diff *diff, const char *old_name,
                        const char *new_name, nk_buf *out);

/* Append one JSON line per change (unchanged facts left out):
 *   {"change": "added"|"removed"|"changed", "fact": {...}, "old": {...}}
 * with facts as nk_facts_write_jsonl writes them ("fact" is the new fact, or
 * the old one when removed; "old" only when changed; content_of/rejects
 * index the facts of the fact's own version). */
void nk_diff_write_jsonl(const nk_diff *diff, nk_buf *out);

/* Append the RDF Patch that turns OLD's graph into NEW's: the graphs are
 * built (nk_graph_build, the diff's base) and written as canonical sorted
 * N-Triples; lines only in OLD become `D <s> <p> <o> .`, lines only in NEW
 * `A <s> <p> <o> .`, all deletions first, each group in sorted order,
 * inside `TX .` ... `TC .`.  Nothing when the triples are the same.
 * Returns NK_OK or the status of the graph or RDF writer. */
int nk_diff_write_rdfpatch(const nk_diff *diff, nk_buf *out, nk_diag_sink *sink);

/* Both versions as one picture: NEW's facts then OLD's in one factset, its
 * graph, and a diff status per event and entity for nk_dot_options
 * (event_status / entity_status).  An event is ADDED or REMOVED when only
 * one version has it, CHANGED when it is the new side of a changed pair or
 * its facts differ in number or details, else UNCHANGED; an entity is ADDED
 * or REMOVED when only one version mentions it, else UNCHANGED. */
typedef struct nk_diff_overlay {
    nk_factset *facts;            /* owned */
    nk_graph *graph;              /* owned; borrows `facts` */
    nk_dot_status *event_status;  /* graph->nevents entries, owned */
    nk_dot_status *entity_status; /* graph->nentities entries, owned */
} nk_diff_overlay;

/* Build the overlay of DIFF; TITLE (may be NULL) becomes the factset's
 * title.  *out is the caller's, freed with nk_diff_overlay_free. */
int nk_diff_overlay_build(nk_diff_overlay **out, const nk_diff *diff,
                          const char *title, nk_diag_sink *sink);
void nk_diff_overlay_free(nk_diff_overlay *overlay);

#endif
