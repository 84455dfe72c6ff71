/* rdf.h: the RDF writer and reader (Redland librdf behind this wall).
 *
 * The writer turns an nk_graph into triples using the newskg ontology
 * (NK_ONTOLOGY_NS, prefix nk:) and serialises them:
 *   version  a nk:ArticleVersion; nk:documentId, nk:title, nk:url
 *            (xsd:anyURI), nk:date (xsd:date when YYYY-MM-DD)
 *   entity   a nk:Person|Organization|Country|Location|Group; rdfs:label;
 *            nk:wikidata "Q159" and owl:sameAs wd:Q159 when linked
 *   event    a nk:Event (and nk:<action class>, and nk:Claim when it has a
 *            content); nk:lemma, nk:cameoCode, nk:actionText (of its
 *            earliest mention), nk:actor, nk:target,
 *            nk:place, nk:attributedTo, nk:time (xsd:date for YYYY-MM-DD)
 *            or nk:timeText, nk:negated, nk:modality, nk:claimContent,
 *            nk:rejects, nk:mention
 *   mention  a nk:Mention; nk:inVersion, nk:sentence, nk:beginOffset,
 *            nk:endOffset, nk:sourceText (the fact's action text: the words
 *            of the span), nk:sentenceText, nk:confidence (xsd:decimal)
 * There are no blank nodes; every IRI comes from the graph model.
 *
 * Only rdf.c includes redland.h.  Each call makes its own librdf world;
 * worlds share libxml2's global state, so calls from several threads are
 * safe but run one at a time (a lock in rdf.c).
 */
#ifndef NK_RDF_H
#define NK_RDF_H

#include <stddef.h>

#include "facts.h"
#include "graph.h"
#include "util.h"

typedef enum nk_rdf_format {
    NK_RDF_TURTLE = 0,          /* Turtle with prefixes (the default) */
    NK_RDF_NTRIPLES,            /* N-Triples in storage order */
    NK_RDF_NTRIPLES_CANONICAL,  /* N-Triples, lines sorted: byte-stable */
    NK_RDF_NQUADS,              /* N-Quads, one named graph per version */
    NK_RDF_RDFXML               /* RDF/XML (abbreviated) */
} nk_rdf_format;

/* The format named NAME: "turtle"/"ttl", "ntriples"/"nt", "canonical"
 * (sorted N-Triples), "nquads"/"nq", "rdfxml"/"xml"/"rdf" (any case).
 * Returns the nk_rdf_format, or -1 when unknown. */
int nk_rdf_format_parse(const char *name);

/* The format implied by PATH's extension (.ttl, .nt, .nq, .rdf, .xml,
 * .owl), or -1. */
int nk_rdf_format_from_path(const char *path);

/* The canonical name of FORMAT ("turtle", "ntriples", "canonical",
 * "nquads", "rdfxml"). */
const char *nk_rdf_format_name(nk_rdf_format format);

/* Serialise G as FORMAT, appending the text to OUT (the caller writes it
 * out, e.g. with nk_file_write_atomic).  Returns NK_OK, NK_ERR_UNSUPPORTED
 * for an unknown format, or NK_ERR_EXTERNAL when librdf fails (reported to
 * SINK). */
int nk_rdf_write(const nk_graph *g, nk_rdf_format format, nk_buf *out,
                 nk_diag_sink *sink);

/* The same for N graphs in one output (e.g. a corpus as N-Quads: one named
 * graph per article version).  Shared entities are written once except in
 * N-Quads, where each graph carries its own copy. */
int nk_rdf_write_graphs(const nk_graph *const *graphs, size_t n,
                        nk_rdf_format format, nk_buf *out, nk_diag_sink *sink);

/* Read newskg's own RDF (Turtle, N-Triples or N-Quads; FORMAT canonical is
 * read as N-Triples) back into facts: one fact per (event, mention) of the
 * article version, in text order, with the entities' IRIs, the version
 * label and the article metadata, so that building the graph again gives
 * the same triples.  When the input holds several versions the first (by
 * IRI) is read and a warning names the others.  Parse errors go to SINK as
 * FILENAME:line:col; then *out is NULL and the result NK_ERR_PARSE (or
 * NK_ERR_INVALID when no nk:ArticleVersion is found).  *out is the caller's
 * to free with nk_factset_free. */
int nk_rdf_read(nk_factset **out, const char *text, size_t len,
                nk_rdf_format format, const char *filename, nk_diag_sink *sink);

/* Every nk: term the writer can emit, as local names (e.g. "actor",
 * "Mention"), NULL-terminated.  Action classes come from the facts and are
 * not listed. */
const char *const *nk_rdf_terms_used(void);

#endif
