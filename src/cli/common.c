/* common.c: helpers shared by the subcommands. */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "graph.h"

nk_diag_sink nk_cli_sink(void)
{
    nk_diag_sink s = {nk_diag_print, stderr, 0, 0};
    return s;
}

bool nk_cli_is_help(const char *arg)
{
    return arg && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0);
}

int nk_cli_article_option(nk_cli_article *a, const char *command, int opt, const char *arg)
{
    switch (opt) {
    case NK_OPT_DATE:
        if (!nk_date_valid(arg)) {
            fprintf(stderr, "newskg %s: error: --date wants YYYY-MM-DD, not '%s'\n", command, arg);
            return -1;
        }
        a->date = arg;
        return 1;
    case NK_OPT_TITLE: a->title = arg; return 1;
    case NK_OPT_URL: a->url = arg; return 1;
    case NK_OPT_ID: a->id = arg; return 1;
    case NK_OPT_WORDNET: a->wordnet = arg; return 1;
    case NK_OPT_LOSSY: a->lossy = true; return 1;
    case NK_OPT_MAX_INPUT: {
        char *end = NULL;
        unsigned long long v = strtoull(arg, &end, 10);
        unsigned shift = 0;
        if (end && *end && !end[1])
            shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20
                  : *end == 'G' || *end == 'g' ? 30 : 99;
        else if (end && *end)
            shift = 99;
        if (!*arg || *arg == '-' || end == arg || shift == 99 || v == 0 ||
            v > ((unsigned long long)SIZE_MAX >> 1 >> shift)) {
            fprintf(stderr, "newskg %s: error: --max-input-bytes wants a positive size such as "
                            "1000000 or 64M, not '%s'\n", command, arg);
            return -1;
        }
        a->max_input = (size_t)(v << shift);
        return 1;
    }
    case NK_OPT_ONTOLOGY:
    case NK_OPT_GAZETTEER:
    case NK_OPT_WORDS: {
        size_t *n = opt == NK_OPT_ONTOLOGY    ? &a->nontology
                    : opt == NK_OPT_GAZETTEER ? &a->ngazetteer
                                              : &a->nwords;
        const char **files = opt == NK_OPT_ONTOLOGY    ? a->ontology
                             : opt == NK_OPT_GAZETTEER ? a->gazetteer
                                                       : a->words;
        if (*n == NK_CLI_MAX_EXTRA) {
            fprintf(stderr, "newskg %s: error: at most %d files per option\n", command,
                    NK_CLI_MAX_EXTRA);
            return -1;
        }
        files[(*n)++] = arg;
        return 1;
    }
    default:
        return 0;
    }
}

int nk_cli_read_input(const nk_cli_article *a, const char *path, char **text, size_t *len,
                      nk_diag_sink *sink)
{
    size_t max = a && a->max_input ? a->max_input : NK_CLI_DEFAULT_MAX_INPUT;
    NK_TRY(nk_file_read_max(path, max, text, len, sink));
    if (a && a->lossy) {
        size_t first = 0;
        size_t n = nk_utf8_lossy(*text, *len, &first);
        if (n) {
            unsigned line, col;
            nk_line_col(*text, *len, first, &line, &col);
            nk_diag_report(sink, NK_WARNING, strcmp(path, "-") == 0 ? "<stdin>" : path, line, col,
                           first, "%zu byte%s of invalid UTF-8 read as '?' (the first at byte "
                           "offset %zu)", n, n == 1 ? "" : "s", first);
        }
    }
    return NK_OK;
}

nk_resources_options nk_cli_article_resources(const nk_cli_article *a)
{
    nk_resources_options ro = NK_RESOURCES_OPTIONS_INIT;
    ro.ontology_files = a->ontology;
    ro.nontology_files = a->nontology;
    ro.gazetteer_files = a->gazetteer;
    ro.ngazetteer_files = a->ngazetteer;
    ro.wordnet_dir = a->wordnet;
    ro.word_files = a->words;
    ro.nword_files = a->nwords;
    return ro;
}

int nk_cli_other_option(nk_cli_article *a, const char *command, int c, char **argv,
                        void (*usage)(FILE *))
{
    int taken = nk_cli_article_option(a, command, c, optarg);
    if (taken < 0)
        return NK_EXIT_ERROR;
    if (taken)
        return -1;
    if (c == 'h') {
        usage(stdout);
        return NK_EXIT_OK;
    }
    if (c == ':') {
        fprintf(stderr, "newskg %s: error: option '%s' needs an argument\n", command,
                argv[optind - 1]);
        return NK_EXIT_ERROR;
    }
    fprintf(stderr, "newskg %s: error: unknown option '%s'\n", command, argv[optind - 1]);
    usage(stderr);
    return NK_EXIT_ERROR;
}

int nk_cli_previous_iri(nk_buf *out, const char *value, const nk_factset *set,
                        const char *base, nk_diag_sink *sink)
{
    const char *colon = strchr(value, ':');
    bool iri = colon && colon > value && strncmp(colon, "://", 3) == 0;
    if (iri) {
        nk_buf_puts(out, value);
        return NK_OK;
    }
    char *text = NULL;
    size_t len = 0;
    NK_TRY(nk_file_read(value, &text, &len, sink));
    char label[20];
    nk_graph_text_label(label, text, len);
    free(text);
    const char *doc = set->doc;
    for (size_t i = 0; !doc && i < set->count; i++)
        doc = set->facts[i].doc;
    nk_graph_version_iri(out, base, doc ? doc : "unknown", label);
    return NK_OK;
}
