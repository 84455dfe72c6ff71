/* main.c: the newskg command line.  Thin: it picks a subcommand and hands
 * the rest of argv to it; each subcommand lives in its own cmd_*.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const nk_command COMMANDS[] = {
    NK_COMMANDS_TABLE
    {NULL, NULL, NULL}
};

static void usage(FILE *f)
{
    fprintf(f, "usage: newskg COMMAND [OPTIONS] [ARGS]\n\n"
               "Turn English news articles into a knowledge graph of actors and actions.\n\n"
               "Commands:\n");
    for (size_t i = 0; COMMANDS[i].name; i++)
        fprintf(f, "  %-11s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\nOptions:\n"
               "  -h, --help  show this help\n"
               "  --version   print the version\n"
               "\nRun 'newskg COMMAND --help' for a command's options.\n"
               "Exit status: 0 success, 1 differences found (diff), 2 error.\n");
}

/* What went to standard output must have arrived: a full disk or a closed
 * pipe behind stdout is an error (exit 2), not a silent loss. */
static int finish_stdout(int status)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno;
        fprintf(stderr, "newskg: error: cannot write standard output: %s\n",
                e ? strerror(e) : "write error");
        return 2;
    }
    return status;
}

int main(int argc, char **argv)
{
    nk_file_cleanup_on_signals();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
        strcmp(name, "help") == 0) {
        usage(stdout);
        return finish_stdout(0);
    }
    if (strcmp(name, "--version") == 0) {
        printf("newskg %s\n", NK_VERSION);
        return finish_stdout(0);
    }
    for (size_t i = 0; COMMANDS[i].name; i++)
        if (strcmp(name, COMMANDS[i].name) == 0)
            return finish_stdout(COMMANDS[i].run(argc - 1, argv + 1));
    fprintf(stderr, "newskg: unknown command '%s'\n", name);
    usage(stderr);
    return 2;
}
