/* common.c: helpers shared by the subcommands. */
#include <string.h>

#include "cli.h"

nk_diag_sink nk_cli_sink(void)
{
    nk_diag_sink s = {nk_diag_print, stderr, 0, 0};
    return s;
}

bool nk_cli_is_help(const char *arg)
{
    return arg && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0);
}
