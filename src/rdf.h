/* rdf.h: newskg's graphs as RDF statements, their writers and the reader.
 *
 * Three layers, each built on the one before:
 *
 *  1. Statements.  nk_rdf_emit walks an nk_graph and hands every statement
 *     (subject, predicate, object, named graph) to a callback, in a fixed
 *     order.  It knows the newskg ontology (NK_ONTOLOGY_NS, prefix nk:) and
 *     nothing of Redland: every RDF output below is built on it, and so can
 *     a store loader or any other consumer.  The triples (graph.h gives
 *     the IRIs and their scopes):
 *       article  a nk:Article; nk:documentId
 *       version  a nk:ArticleVersion; nk:versionOf the article,
 *                nk:contentHash, nk:title, nk:date (xsd:date), schema:url
 *                (an IRI), prov:wasRevisionOf the previous version when
 *                known
 *       entity   its type (nk:Person|Organization|Country|Location|Group;
 *                an untyped one nk:Location where it is a place, nk:Actor
 *                where it acts, else nk:Thing; a Location that acts also
 *                nk:Actor, an Organization that is a place also
 *                nk:Location); rdfs:label; nk:entityKind "name" or
 *                "description"; nk:wikidata "Q159" and owl:sameAs wd:Q159
 *                when linked; nk:affiliation; nk:quantity (xsd:decimal),
 *                nk:unit and nk:quantityText for a description with a
 *                number ("six British diplomats", "500 million pounds")
 *       event    a nk:Event, its CAMEO top-level category class (from its
 *                code) and its action class, nk:Claim when it has a
 *                content; nk:lemma, nk:cameoCode, nk:actionText (of its
 *                earliest mention), nk:actor, nk:target, nk:place (not a
 *                Person or Group), nk:attributedTo, nk:time (xsd:date for
 *                YYYY-MM-DD) or nk:timeText, nk:negated, nk:modality,
 *                nk:claimContent, nk:rejects, nk:mention; a quantity
 *                in its words that its target does not hold ("rose
 *                3.5%") as for entities
 *       mention  a nk:Mention; nk:sentence (its number in this version),
 *                nk:beginOffset, nk:endOffset (in the sentence, when its
 *                position is known), nk:sourceText (the fact's action
 *                text), nk:sentenceText, nk:confidence (xsd:decimal)
 *     There are no blank nodes; every IRI comes from the graph model.
 *
 *  2. Writers.  An nk_rdf_writer takes graphs one at a time and writes them
 *     in one format to a sink (a callback or a FILE *).  JSON-LD is
 *     written graph by graph; N-Triples and N-Quads stream: raptor's serializer is fed statement by statement as
 *     each graph is added, so memory is bounded by the largest graph, not
 *     by everything written.  Turtle and RDF/XML need the whole model to
 *     abbreviate, and canonical N-Triples sorts every line: those keep what
 *     they are given until nk_rdf_writer_close.  nk_rdf_write and
 *     nk_rdf_write_graphs are the one-call forms into a buffer.
 *
 *  3. The reader (nk_rdf_read) turns newskg's own RDF back into facts.
 *
 * Only the rdf*.c files include redland.h / raptor2.h.
 *
 * Threads: several threads may emit or write different graphs at the same
 * time (each writer owns its own raptor/librdf world); one writer, like one
 * graph, is used by one thread at a time.  Worlds share libxml2's global
 * state (raptor_free_world calls xmlCleanupParser), so they are created and
 * freed under one lock (nk_rdf_world_lock): making and freeing writers is
 * serialised, writing is not.
 */
#ifndef NK_RDF_H
#define NK_RDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "facts.h"
#include "graph.h"
#include "util.h"

/* Namespaces of the vocabularies newskg writes. */
#define NK_RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NK_RDFS_NS "http://www.w3.org/2000/01/rdf-schema#"
#define NK_OWL_NS "http://www.w3.org/2002/07/owl#"
#define NK_XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define NK_WD_NS "http://www.wikidata.org/entity/"
#define NK_PROV_NS "http://www.w3.org/ns/prov#"
#define NK_SCHEMA_NS "https://schema.org/"

typedef enum nk_rdf_format {
    NK_RDF_TURTLE = 0,          /* Turtle with prefixes (the default) */
    NK_RDF_NTRIPLES,            /* N-Triples in statement order (streams) */
    NK_RDF_NTRIPLES_CANONICAL,  /* N-Triples, lines sorted: byte-stable */
    NK_RDF_NQUADS,              /* N-Quads, one named graph per version
                                   (streams) */
    NK_RDF_RDFXML,              /* RDF/XML (abbreviated) */
    NK_RDF_JSONLD               /* JSON-LD: one named graph object per
                                   version (streams) */
} nk_rdf_format;

/* The format named NAME: "turtle"/"ttl", "ntriples"/"nt", "canonical"
 * (sorted N-Triples), "nquads"/"nq", "rdfxml"/"xml"/"rdf", "jsonld"/
 * "json-ld" (any case).
 * Returns the nk_rdf_format, or -1 when unknown. */
int nk_rdf_format_parse(const char *name);

/* The format implied by PATH's extension (.ttl, .nt, .nq, .rdf, .xml,
 * .owl, .jsonld), or -1. */
int nk_rdf_format_from_path(const char *path);

/* The canonical name of FORMAT ("turtle", "ntriples", "canonical",
 * "nquads", "rdfxml", "jsonld"). */
const char *nk_rdf_format_name(nk_rdf_format format);

/* True when FORMAT is written as graphs are added (N-Triples, N-Quads
 * statement by statement, JSON-LD graph by graph); false when the writer
 * keeps the graphs until it is closed (Turtle, RDF/XML, canonical
 * N-Triples). */
bool nk_rdf_format_streams(nk_rdf_format format);

/* ---- 1. statements ---------------------------------------------------------- */

typedef enum nk_term_kind {
    NK_TERM_IRI = 0,
    NK_TERM_LITERAL
} nk_term_kind;

/* One RDF term.  A value struct that owns nothing. */
typedef struct nk_term {
    nk_term_kind kind;
    const char *value;     /* the absolute IRI, or the literal's lexical form
                              (UTF-8, NUL-terminated) */
    const char *datatype;  /* literal: datatype IRI; NULL for a plain string
                              (xsd:string) */
    const char *lang;      /* literal: language tag, or NULL */
} nk_term;

/* One statement: subject and predicate are always IRIs (there are no blank
 * nodes); GRAPH is the named graph, the article version's IRI. */
typedef struct nk_statement {
    nk_term subject;
    nk_term predicate;
    nk_term object;
    const char *graph;
} nk_statement;

/* Receives each statement.  Every string it sees is valid only during the
 * call: copy what you keep.  Return NK_OK (or any value >= 0) to go on, a
 * negative nk_status to stop the walk, which then returns that status. */
typedef int (*nk_statement_fn)(void *ctx, const nk_statement *st);

/* Hand every statement of G to FN, in a fixed order (the version, its
 * entities, events, mentions), each with G's version IRI as its graph.
 * Reentrant: allocates only scratch memory of its own.  Returns NK_OK, the
 * callback's negative status, or NK_ERR_INVALID for a NULL FN. */
int nk_rdf_emit(const nk_graph *g, nk_statement_fn fn, void *ctx);

/* The same for N graphs, one after the other (NULL entries skipped). */
int nk_rdf_emit_graphs(const nk_graph *const *graphs, size_t n, nk_statement_fn fn,
                       void *ctx);

/* The fixed nk: terms the emitter uses: X(ID, "localName"), giving
 * NK_RDF_T_ID in enum nk_rdf_term. */
#define NK_RDF_TERM_LIST(X)                                                    \
    X(EVENT, "Event") X(CLAIM, "Claim") X(ARTICLE_VERSION, "ArticleVersion")   \
    X(MENTION, "Mention") X(PERSON, "Person") X(ORGANIZATION, "Organization")  \
    X(COUNTRY, "Country") X(LOCATION, "Location") X(GROUP, "Group")            \
    X(ACTOR, "actor") X(TARGET, "target") X(PLACE, "place") X(TIME, "time")    \
    X(TIME_TEXT, "timeText") X(NEGATED, "negated") X(MODALITY, "modality")     \
    X(ATTRIBUTED_TO, "attributedTo") X(CLAIM_CONTENT, "claimContent")          \
    X(REJECTS, "rejects") X(MENTION_P, "mention") X(SENTENCE, "sentence")      \
    X(BEGIN_OFFSET, "beginOffset") X(END_OFFSET, "endOffset")                  \
    X(SENTENCE_TEXT, "sentenceText") X(ACTION_TEXT, "actionText")              \
    X(SOURCE_TEXT, "sourceText") X(CONFIDENCE, "confidence")                   \
    X(LEMMA, "lemma") X(CAMEO_CODE, "cameoCode") X(WIKIDATA, "wikidata")       \
    X(DOCUMENT_ID, "documentId") X(TITLE, "title") X(DATE, "date")             \
    X(ARTICLE, "Article") X(ACTOR_CLASS, "Actor") X(THING, "Thing")            \
    X(VERSION_OF, "versionOf") X(CONTENT_HASH, "contentHash")                  \
    X(ENTITY_KIND, "entityKind") X(AFFILIATION, "affiliation")                \
    X(QUANTITY, "quantity") X(UNIT, "unit") X(QUANTITY_TEXT, "quantityText")

#define NK_RDF_TERM_ENUM_(id, local) NK_RDF_T_##id,
typedef enum nk_rdf_term { NK_RDF_TERM_LIST(NK_RDF_TERM_ENUM_) NK_RDF_TERM_COUNT } nk_rdf_term;

/* The class of the CAMEO top-level category of CODE ("13" for "130" or
 * "1382": nk:ThreatenCategory), as a full IRI, or NULL when CODE is not a
 * CAMEO code. */
const char *nk_rdf_cameo_category(const char *code);

/* The full IRI and the local name of term T (NULL when out of range). */
const char *nk_rdf_term_iri(nk_rdf_term t);
const char *nk_rdf_term_local(nk_rdf_term t);

/* Every nk: term the emitter can use, as local names (e.g. "actor",
 * "Mention"), NULL-terminated, in nk_rdf_term order.  Action classes come
 * from the facts and are not listed. */
const char *const *nk_rdf_terms_used(void);

/* Internal to the rdf*.c files: the lock around creating and freeing
 * raptor/librdf worlds. */
void nk_rdf_world_lock(void);
void nk_rdf_world_unlock(void);

/* ---- 2. writers ---------------------------------------------------------------- */

/* Receives output bytes; returns NK_OK or a negative status (e.g. NK_ERR_IO),
 * which makes the writer fail with it. */
typedef int (*nk_write_fn)(void *ctx, const char *data, size_t len);

typedef struct nk_rdf_writer nk_rdf_writer;

/* A writer of FORMAT sending its bytes to WRITE(WRITE_CTX, ...).  *out is
 * the caller's, freed with nk_rdf_writer_free (after nk_rdf_writer_close,
 * or instead of it to abandon the output).  Problems go to SINK, which must
 * outlive the writer.  Returns NK_OK, NK_ERR_UNSUPPORTED (unknown format)
 * or NK_ERR_EXTERNAL (raptor/librdf could not be set up). */
int nk_rdf_writer_new(nk_rdf_writer **out, nk_rdf_format format, nk_write_fn write,
                      void *write_ctx, nk_diag_sink *sink);

/* The same, writing to FP (which stays the caller's: not closed; write
 * errors are reported as NK_ERR_IO). */
int nk_rdf_writer_new_file(nk_rdf_writer **out, nk_rdf_format format, FILE *fp,
                           nk_diag_sink *sink);

/* Add G (its statements in named graph G->version_iri).  Streaming formats
 * write it before returning; the others keep its statements (not G: it may
 * be freed right after) until close.  Graphs come out in the order they are
 * added.  Returns NK_OK or a negative status; after an error the writer
 * only accepts nk_rdf_writer_free. */
int nk_rdf_writer_add(nk_rdf_writer *w, const nk_graph *g);

/* Finish: serialise what is kept (Turtle, RDF/XML, canonical N-Triples) and
 * flush.  Returns NK_OK or a negative status.  Call once. */
int nk_rdf_writer_close(nk_rdf_writer *w);

void nk_rdf_writer_free(nk_rdf_writer *w);

/* The JSON-LD "@context" object newskg's JSON-LD uses for instance IRIs
 * under BASE (NULL: default): the prefixes nk, rdf, rdfs, owl, xsd, wd,
 * prov, schema, entity, event, doc and mention.  ontology/context.jsonld
 * holds it for the default base. */
void nk_rdf_jsonld_context(nk_buf *out, const char *base);

/* Serialise G as FORMAT, appending the text to OUT (the caller writes it
 * out, e.g. with nk_file_write_atomic).  Returns NK_OK, NK_ERR_UNSUPPORTED
 * for an unknown format, or NK_ERR_EXTERNAL when librdf/raptor fails
 * (reported to SINK). */
int nk_rdf_write(const nk_graph *g, nk_rdf_format format, nk_buf *out,
                 nk_diag_sink *sink);

/* The same for N graphs in one output (e.g. a corpus as N-Quads: one named
 * graph per article version).  Turtle, RDF/XML and canonical N-Triples write
 * an entity shared by several graphs once; N-Triples repeats its triples
 * for every graph that has it; N-Quads gives each graph its own copy. */
int nk_rdf_write_graphs(const nk_graph *const *graphs, size_t n,
                        nk_rdf_format format, nk_buf *out, nk_diag_sink *sink);

/* ---- 3. reading ------------------------------------------------------------------ */

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

#endif
