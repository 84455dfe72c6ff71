/* json.h: a small strict JSON parser (RFC 8259) into a tree in an arena.
 *
 * Strict: exactly one value with optional surrounding whitespace; no
 * comments, trailing commas, single quotes, NaN, leading zeros or control
 * characters in strings; the input must be valid UTF-8.  \u escapes,
 * surrogate pairs included, become UTF-8; a lone surrogate is an error.
 * Nesting is bounded (NK_JSON_MAX_DEPTH), so hostile input cannot exhaust the
 * stack.  Every node records the byte offset where it starts, so callers can
 * point at bad values.  All nodes and strings live in the arena passed in and
 * die with it: there is nothing to free separately.
 */
#ifndef NK_JSON_H
#define NK_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define NK_JSON_MAX_DEPTH 256

typedef enum nk_json_type {
    NK_JSON_NULL = 0,
    NK_JSON_FALSE,
    NK_JSON_TRUE,
    NK_JSON_NUMBER,
    NK_JSON_STRING,
    NK_JSON_ARRAY,
    NK_JSON_OBJECT
} nk_json_type;

typedef struct nk_json nk_json;

/* One value.  Arrays and objects keep their members as a linked list
 * (child, then next); an object member carries its name in `key`. */
struct nk_json {
    nk_json_type type;
    size_t offset;      /* byte offset of the value's first character */
    const char *key;    /* member name (NUL-terminated UTF-8), else NULL */
    size_t key_len;
    size_t key_offset;  /* byte offset of the member name's opening quote */
    const char *str;    /* STRING: decoded UTF-8, NUL-terminated (may hold
                           NULs from \u0000: see len); NUMBER: its source
                           text */
    size_t len;         /* length of str in bytes */
    double number;      /* NUMBER: its value */
    nk_json *child;     /* ARRAY/OBJECT: first member */
    nk_json *next;      /* next member of the parent */
    size_t count;       /* ARRAY/OBJECT: number of members */
};

/* Parse TEXT[0..len) into a tree allocated in ARENA; *out gets the root.
 * On error *out is NULL, the result is NK_ERR_PARSE and, when not NULL,
 * *err_offset gets the byte offset of the first error and *err_msg a static
 * English description. */
int nk_json_parse(nk_json **out, const char *text, size_t len, nk_arena *arena,
                  size_t *err_offset, const char **err_msg);

/* The first member of object OBJ named KEY, or NULL (also when OBJ is NULL
 * or not an object). */
const nk_json *nk_json_get(const nk_json *obj, const char *key);

/* "null", "false", "true", "number", "string", "array", "object". */
const char *nk_json_type_name(nk_json_type type);

/* True when V is a number with an integral value in [0, 2^53]; *out gets it. */
bool nk_json_as_size(const nk_json *v, size_t *out);

#endif
