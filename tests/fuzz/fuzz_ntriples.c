/* fuzz_ntriples.c: newskg's RDF read back as facts (render, diff), from
 * N-Triples. */
#define NK_FUZZ_RDF_FORMAT NK_RDF_NTRIPLES
#define NK_FUZZ_RDF_NAME "fuzz.nt"
#include "fuzz_rdf.h"
