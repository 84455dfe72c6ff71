/* quantity.h: numbers in phrases, as values a store can compare.
 *
 * nk_quantity_parse reads the first count, sum of money or percentage in a
 * phrase ("41 of 60 missiles", "seven killed", "500 million pounds",
 * "$12 million in humanitarian aid", "3.5%", "about 4,000 dockers") into
 * a decimal value (digits, no exponent: "500000000", "3.5"), a unit (an
 * ISO 4217 code for money, "percent", else the noun counted, as written
 * in lower case: "missiles", "dockers"; empty when none follows) and the
 * span of its words in the phrase.  Numbers are digits (with ',' between
 * thousands and '.' before decimals) or English number words up to the
 * ninety-nines, times hundred, thousand, million, billion, trillion (also
 * "bn", "m", "k" glued to digits).  A year-like number alone ("in 2023")
 * is a number too: callers decide where quantities make sense.
 *
 * No allocation; reentrant.
 */
#ifndef NK_QUANTITY_H
#define NK_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct nk_quantity {
    char value[48];   /* the decimal lexical form */
    char unit[32];    /* "GBP", "percent", "missiles", or "" */
    size_t begin;     /* [begin, end) of the quantity's words in the phrase */
    size_t end;
    double number;    /* value as a double, for comparisons */
} nk_quantity;

/* The first quantity in PHRASE (NUL-terminated UTF-8) into *OUT; false
 * when there is none (then *OUT is zeroed). */
bool nk_quantity_parse(const char *phrase, nk_quantity *out);

/* True when A and B measure the same thing (the same unit). */
bool nk_quantity_same_unit(const nk_quantity *a, const nk_quantity *b);

#endif
