/* fuzz.h: what every fuzz target in tests/fuzz/ shares.
 *
 * Each fuzz_*.c defines the two libFuzzer entry points below.  Built with
 * clang -fsanitize=fuzzer (`make fuzz`) they are libFuzzer targets; built
 * with plain gcc and driver.c (`make test`) they replay the corpus in
 * tests/fuzz/corpus/<target>/ without any fuzzing engine.
 *
 * A target checks more than "no crash": what it reads successfully must
 * also write, and what it writes must read back (NK_FUZZ_CHECK aborts, so
 * libFuzzer and the replay driver both report the input).
 */
#ifndef NK_FUZZ_H
#define NK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NK_FUZZ_CHECK(cond)                                                    \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* A NUL-terminated malloc'd copy of the input, for APIs that want a C
 * string beyond the length they are given. */
char *nk_fuzz_copy(const uint8_t *data, size_t size);

struct nk_factset;
/* What every target checks on the facts it read or made: they build a
 * graph (and, when DOT is set, its DOT text), and their JSON Lines read
 * back into as many facts, which write the same bytes again. */
void nk_fuzz_check_facts(const struct nk_factset *set, int dot);

/* The store targets' temporary store: a path for target NAME unique to
 * this process, in /dev/shm when there is one (else $TMPDIR or /tmp), into
 * BUF of N bytes; and the removal of the store at PATH with its -wal, -shm
 * and -journal files. */
void nk_fuzz_store_path(char *buf, size_t n, const char *name);
void nk_fuzz_remove_store(const char *path);

#endif
