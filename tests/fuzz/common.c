/* common.c: helpers linked into every fuzz target. */
#include <string.h>

#include "fuzz.h"

char *nk_fuzz_copy(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
