/* cli.h: the subcommands of the newskg binary and helpers they share. */
#ifndef NK_CLI_H
#define NK_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "extract.h"
#include "util.h"

#define NK_VERSION "0.1.0"

/* Exit statuses of the command line. */
enum { NK_EXIT_OK = 0, NK_EXIT_DIFF = 1, NK_EXIT_ERROR = 2 };

typedef struct nk_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} nk_command;

/* One line per subcommand; each cmd_*.c defines its cmd_* function. */
/* Each subcommand adds its line here (name, one-line summary, function). */
#define NK_COMMANDS_TABLE \
    {"extract", "extract facts from news articles: text in; RDF, DOT, PNG, JSONL out", cmd_extract}, \
    {"diff", "compare the facts of two versions of an article: text, JSONL, RDF Patch, picture", cmd_diff}, \
    {"render", "draw or convert facts: JSONL/RDF in; DOT, PNG, SVG, RDF out", cmd_render}, \
    {"load", "load articles and graphs into a store (embedded, or a SPARQL server)", cmd_load}, \
    {"query", "run a SPARQL query on a store: table, CSV, TSV, JSON, XML, RDF", cmd_query}, \
    {"drop", "remove named graphs from a store", cmd_drop}, \
    {"parse", "tokenize, tag and parse text into CoNLL-U", cmd_parse}, \
    {"eval-parse", "score a CoNLL-U file against a gold one (UPOS..LAS)", cmd_eval_parse}, \
    {"train", "train the tagger, parser and name-typer models from CoNLL-U", cmd_train},

int cmd_render(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_drop(int argc, char **argv);
int cmd_eval_parse(int argc, char **argv);
int cmd_train(int argc, char **argv);
/* newskg train --typer (cmd_typer.c), called by cmd_train. */
int cmd_train_typer(int argc, char **argv);

/* Options that say which article is read and with which resources, shared
 * by the commands that extract (extract, diff).  Their getopt codes: */
enum {
    NK_OPT_DATE = 200,
    NK_OPT_TITLE,
    NK_OPT_URL,
    NK_OPT_ID,
    NK_OPT_ONTOLOGY,
    NK_OPT_GAZETTEER,
    NK_OPT_MODE,
    NK_OPT_WORDNET,
    NK_OPT_MAX_INPUT,
    NK_OPT_LOSSY,
    NK_OPT_WORDS
};
/* --max-input-bytes when not given: one article larger than this is refused. */
#define NK_CLI_DEFAULT_MAX_INPUT ((size_t)64 << 20)
#define NK_CLI_MAX_EXTRA 16

typedef struct nk_cli_article {
    const char *date, *title, *url, *id;
    const char *ontology[NK_CLI_MAX_EXTRA];
    size_t nontology;
    const char *gazetteer[NK_CLI_MAX_EXTRA];
    size_t ngazetteer;
    int nlp_mode;   /* nk_nlp_mode (--mode) */
    const char *wordnet; /* --wordnet DIR, or NULL */
    size_t max_input;    /* --max-input-bytes N, or 0 for the default */
    bool lossy;          /* --lossy: bytes that are not UTF-8 read as '?' */
    const char *words[NK_CLI_MAX_EXTRA]; /* --words FILE */
    size_t nwords;
} nk_cli_article;

/* Take option OPT (one of NK_OPT_*) with argument ARG into A.  Returns 1 when
 * taken, 0 when OPT is not one of these, -1 after printing an error that
 * names COMMAND. */
int nk_cli_article_option(nk_cli_article *a, const char *command, int opt, const char *arg);

/* The options a command's own switch did not take: the article options
 * (into A), -h, and unknown or argument-less ones (reported with COMMAND's
 * USAGE).  Returns -1 when the option was taken and parsing goes on, else
 * the exit status the command should return. */
int nk_cli_other_option(nk_cli_article *a, const char *command, int c, char **argv,
                        void (*usage)(FILE *));

/* Read the input PATH ("-": standard input) as A says: refused past its
 * --max-input-bytes, and with --lossy every byte that is not UTF-8 read as
 * '?' with a warning naming the first.  *text is the caller's to free. */
int nk_cli_read_input(const nk_cli_article *a, const char *path, char **text, size_t *len,
                      nk_diag_sink *sink);

/* The lines of --help that describe --max-input-bytes and --lossy. */
#define NK_CLI_INPUT_HELP \
    "      --max-input-bytes N  refuse an input larger than N bytes (suffixes K, M,\n" \
    "                         G; default 64M): memory stays bounded\n" \
    "      --lossy            read bytes that are not UTF-8 as '?' (with a\n" \
    "                         warning) instead of stopping at the first\n"

/* The resource options A asks for. */
nk_resources_options nk_cli_article_resources(const nk_cli_article *a);

/* Where load, query and drop go: the embedded store (--store, else
 * $NEWSKG_STORE, else ./newskg.db) or a SPARQL 1.1 server (--endpoint).
 * Their getopt codes (target.c): */
enum {
    NK_OPT_STORE = 230,
    NK_OPT_ENDPOINT,
    NK_OPT_GRAPH_STORE,
    NK_OPT_GRAPH_PARAM,
    NK_OPT_TIMEOUT,
    NK_OPT_CHUNK
};

typedef struct nk_cli_target {
    const char *store;
    const char *endpoint;
    const char *graph_store;
    const char *graph_param;
    long timeout;
    long chunk;
} nk_cli_target;

/* The long options of a target, for a getopt_long table. */
#define NK_CLI_TARGET_OPTIONS \
    {"store", required_argument, NULL, NK_OPT_STORE}, \
    {"endpoint", required_argument, NULL, NK_OPT_ENDPOINT}, \
    {"graph-store", required_argument, NULL, NK_OPT_GRAPH_STORE}, \
    {"graph-param", required_argument, NULL, NK_OPT_GRAPH_PARAM}, \
    {"timeout", required_argument, NULL, NK_OPT_TIMEOUT}, \
    {"chunk", required_argument, NULL, NK_OPT_CHUNK}

/* The --help lines of those options. */
#define NK_CLI_TARGET_HELP \
    "Store:\n" \
    "      --store PATH       the embedded store file (default: $NEWSKG_STORE,\n" \
    "                         else ./newskg.db)\n" \
    "      --endpoint URL     a SPARQL 1.1 server instead: its query URL\n" \
    "      --graph-store URL  its Graph Store Protocol URL (default: the\n" \
    "                         endpoint URL)\n" \
    "      --graph-param NAME the GSP parameter naming a graph (default graph;\n" \
    "                         Virtuoso: graph-uri)\n" \
    "      --timeout SECONDS  per HTTP request (default 300)\n" \
    "      --chunk N          triples per HTTP request (default 20000)\n" \
    "  Server credentials: NEWSKG_ENDPOINT_USER and NEWSKG_ENDPOINT_PASSWORD,\n" \
    "  else a netrc file ($NETRC, else ~/.netrc); basic or digest.\n"

/* Take a target option (1), or say it is not one (0), or print an error
 * naming COMMAND (-1). */
int nk_cli_target_option(nk_cli_target *t, const char *command, int opt, const char *arg);
/* The store path T names. */
const char *nk_cli_store_path(const nk_cli_target *t);
/* The SPARQL server T names (--endpoint and its options) as *EP (the
 * caller frees it with nk_endpoint_free); errors go to SINK. */
struct nk_endpoint;
int nk_cli_endpoint_open(const nk_cli_target *t, struct nk_endpoint **ep, nk_diag_sink *sink);

/* The version IRI that --previous VALUE names for the facts SET (of the
 * document it revises) under BASE: VALUE itself when it is an absolute IRI,
 * else the version IRI of the text in the file VALUE.  Appended to OUT;
 * errors (an unreadable file) go to SINK. */
int nk_cli_previous_iri(nk_buf *out, const char *value, const nk_factset *set,
                        const char *base, nk_diag_sink *sink);

/* A diagnostics sink printing to stderr. */
nk_diag_sink nk_cli_sink(void);

/* True when ARG is -h or --help. */
bool nk_cli_is_help(const char *arg);

#endif
