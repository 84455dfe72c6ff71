/* common.c: helpers linked into every fuzz target. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dot.h"
#include "facts_jsonl.h"
#include "fuzz.h"
#include "graph.h"

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

void nk_fuzz_check_facts(const nk_factset *set, int dot)
{
    nk_graph *g = NULL;
    NK_FUZZ_CHECK(nk_graph_build(&g, set, NULL, NULL) == NK_OK);
    nk_buf out = {0}, again = {0};
    if (dot) {
        NK_FUZZ_CHECK(nk_dot_write(g, NULL, &out, NULL) == NK_OK);
        nk_buf_clear(&out);
    }
    nk_facts_write_jsonl(set, &out);
    nk_factset *back = NULL;
    NK_FUZZ_CHECK(nk_facts_read_jsonl(&back, out.data ? out.data : "", out.len, "again.jsonl",
                                      NULL) == NK_OK);
    NK_FUZZ_CHECK(back->count == set->count);
    nk_facts_write_jsonl(back, &again);
    NK_FUZZ_CHECK(out.len == again.len &&
                  (out.len == 0 || memcmp(out.data, again.data, out.len) == 0));
    nk_factset_free(back);
    nk_buf_free(&out);
    nk_buf_free(&again);
    nk_graph_free(g);
}

void nk_fuzz_store_path(char *buf, size_t n, const char *name)
{
    struct stat sb;
    const char *dir = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
                              access("/dev/shm", W_OK) == 0
                          ? "/dev/shm"
                          : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(buf, n, "%s/nk_fuzz_%s.%ld.db", dir, name, (long)getpid());
}

void nk_fuzz_remove_store(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[300];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}
