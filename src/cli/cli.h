/* cli.h: the subcommands of the newskg binary and helpers they share. */
#ifndef NK_CLI_H
#define NK_CLI_H

#include <stdbool.h>
#include <stdio.h>

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
    {"parse", "tokenize, tag and parse text into CoNLL-U", cmd_parse}, \
    {"eval-parse", "score a CoNLL-U file against a gold one (UPOS..LAS)", cmd_eval_parse}, \
    {"train", "train the tagger and parser models from CoNLL-U", cmd_train},

int cmd_render(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_eval_parse(int argc, char **argv);
int cmd_train(int argc, char **argv);

/* A diagnostics sink printing to stderr. */
nk_diag_sink nk_cli_sink(void);

/* True when ARG is -h or --help. */
bool nk_cli_is_help(const char *arg);

#endif
