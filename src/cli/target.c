/* target.c: the store options shared by load, query and drop. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "endpoint.h"
#include "store.h"

static bool parse_positive(const char *arg, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || !end || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

int nk_cli_target_option(nk_cli_target *t, const char *command, int opt, const char *arg)
{
    switch (opt) {
    case NK_OPT_STORE: t->store = arg; return 1;
    case NK_OPT_ENDPOINT: t->endpoint = arg; return 1;
    case NK_OPT_GRAPH_STORE: t->graph_store = arg; return 1;
    case NK_OPT_GRAPH_PARAM: t->graph_param = arg; return 1;
    case NK_OPT_TIMEOUT:
    case NK_OPT_CHUNK: {
        long v;
        if (!parse_positive(arg, &v)) {
            fprintf(stderr, "newskg %s: error: --%s wants a positive number, not '%s'\n",
                    command, opt == NK_OPT_TIMEOUT ? "timeout" : "chunk", arg);
            return -1;
        }
        if (opt == NK_OPT_TIMEOUT)
            t->timeout = v;
        else
            t->chunk = v;
        return 1;
    }
    default:
        return 0;
    }
}

const char *nk_cli_store_path(const nk_cli_target *t)
{
    if (t->store && *t->store)
        return t->store;
    const char *env = getenv("NEWSKG_STORE");
    return env && *env ? env : NK_STORE_DEFAULT_PATH;
}

int nk_cli_endpoint_open(const nk_cli_target *t, nk_endpoint **ep, nk_diag_sink *sink)
{
    nk_endpoint_options eo = NK_ENDPOINT_OPTIONS_INIT;
    eo.query_url = t->endpoint;
    eo.graph_store_url = t->graph_store;
    eo.graph_param = t->graph_param;
    eo.timeout = t->timeout;
    eo.chunk_triples = (size_t)t->chunk;
    return nk_endpoint_new(ep, &eo, sink);
}
