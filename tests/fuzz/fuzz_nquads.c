/* fuzz_nquads.c: newskg's RDF read back as facts (render, diff), from
 * N-Quads. */
#define NK_FUZZ_RDF_FORMAT NK_RDF_NQUADS
#define NK_FUZZ_RDF_NAME "fuzz.nq"
#include "fuzz_rdf.h"
