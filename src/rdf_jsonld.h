/* rdf_jsonld.h: the JSON-LD writer's parts, used by rdf.c (internal). */
#ifndef NK_RDF_JSONLD_H
#define NK_RDF_JSONLD_H

#include <stdbool.h>

#include "rdf.h"

/* Append the document's start (the context for BASE, "@graph": [). */
void nk_rdf_jsonld_begin(nk_buf *out, const char *base);
/* Append G as one named graph object (FIRST: no comma before it). */
int nk_rdf_jsonld_graph(nk_buf *out, const nk_graph *g, bool first);
/* Append the document's end. */
void nk_rdf_jsonld_end(nk_buf *out);

#endif
