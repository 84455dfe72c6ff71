/* facts_jsonl.h: facts as JSON Lines (design.md, "Facts as JSON Lines").
 *
 * One JSON object per line:
 *   {"doc": "dev-01", "sentence": 1, "span": [0, 41],
 *    "actor": {"label": "Russia", "type": "Country", "wikidata": "Q159"},
 *    "action": {"lemma": "expel", "class": "Expel", "text": "...", "cameo": "174"},
 *    "target": {...} | null, "place": {...} | null, "time": "2024-09-12" | null,
 *    "negated": false, "modality": "asserted", "attributed_to": {...} | null,
 *    "confidence": 1.0,
 *    "content_of": 0, "rejects": 2, "sentence_text": "...", "sentence_begin": 0}
 * Required: "sentence" (integer >= 1) and "action" with a non-empty "lemma".
 * Optional, with defaults: doc (null), span ([0,0]), entities (null), time
 * (null), negated (false), modality ("asserted"), confidence (1),
 * content_of / rejects (0-based indexes of other facts in the same input,
 * counting fact lines only; absent when none), sentence_text (absent).
 * Entity objects: "label" (required string), "type" (Person, Organization,
 * Country, Location, Group or null), "iri", "wikidata" ("Q<digits>"),
 * "kind" ("name" or "description": what decides the scope of its IRI,
 * graph.h; absent when unknown) and "affiliation" (the entity object of the
 * country or organisation it belongs to; nested at most 4 deep).
 * "sentence_begin" (optional) is the byte offset of the sentence in the
 * input; the span must lie inside the sentence.
 * Unknown keys are ignored so that other extractors may add their own.
 * Blank lines are skipped.
 */
#ifndef NK_FACTS_JSONL_H
#define NK_FACTS_JSONL_H

#include <stddef.h>

#include "facts.h"
#include "util.h"

/* Read JSON Lines TEXT[0..len) into a new fact set (*out, the caller frees
 * it with nk_factset_free).  FILENAME names the input in diagnostics
 * ("file:line:column: key \"action.lemma\": ...").  Every bad line is
 * reported to SINK (up to a limit); on any error nothing is returned:
 * *out is NULL and the result is NK_ERR_PARSE (malformed JSON) or
 * NK_ERR_INVALID (well-formed JSON with missing or wrong keys). */
int nk_facts_read_jsonl(nk_factset **out, const char *text, size_t len,
                        const char *filename, nk_diag_sink *sink);

/* Append SET as JSON Lines to OUT: one fact per line, keys in a fixed
 * order, absent optional keys left out, so the same set always gives the
 * same bytes and the output reads back with nk_facts_read_jsonl. */
void nk_facts_write_jsonl(const nk_factset *set, nk_buf *out);

/* The same for a set written after FIRST fact lines of the same output
 * (e.g. one article of a corpus): content_of and rejects are shifted by
 * FIRST, so the indexes count fact lines of the whole output. */
void nk_facts_write_jsonl_from(const nk_factset *set, size_t first, nk_buf *out);

/* True when TYPE is an entity type the ontology knows ("Person",
 * "Organization", "Country", "Location", "Group"). */
bool nk_entity_type_known(const char *type);

/* What the reader accepts as an action class (an ontology local name:
 * a letter, then letters, digits or '_') and as a Wikidata id
 * ("Q<digits>"); other readers (RDF) check the same, so that every fact set
 * they read can be written as JSON Lines and read back. */
bool nk_facts_class_name_ok(const char *name);
bool nk_facts_wikidata_ok(const char *id);

#endif
