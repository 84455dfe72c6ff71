/* test_sink.h: a diagnostics sink for unit tests that counts errors and
 * remembers the last one's file, line and message.  Include after util.h. */
#ifndef NK_TEST_SINK_H
#define NK_TEST_SINK_H

#include <stdio.h>

#include "util.h"

typedef struct seen {
    unsigned errors;
    unsigned line;
    char file[512];
    char message[512];
} seen;

static inline void record(void *ctx, const nk_diag *d)
{
    seen *s = ctx;
    if (d->severity != NK_ERROR)
        return;
    s->errors++;
    s->line = d->line;
    snprintf(s->file, sizeof s->file, "%s", d->file ? d->file : "");
    snprintf(s->message, sizeof s->message, "%s", d->message);
}

#endif
