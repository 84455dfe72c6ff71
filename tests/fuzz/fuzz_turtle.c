/* fuzz_turtle.c: newskg's RDF read back as facts (render, diff), from
 * Turtle. */
#define NK_FUZZ_RDF_FORMAT NK_RDF_TURTLE
#define NK_FUZZ_RDF_NAME "fuzz.ttl"
#include "fuzz_rdf.h"
