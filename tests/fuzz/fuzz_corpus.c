/* fuzz_corpus.c: corpus input as JSON Lines (extract --input jsonl), one
 * article per line.  Whatever the lines, the reader must end, skip bad
 * records with a message, and hand out only articles with an id and a
 * UTF-8 text.  The input goes through a file (the reader reads a path);
 * even inputs also pass --lossy and a small --max-input-bytes. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "fuzz.h"

static char path[64];

static void unlink_path(void)
{
    unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* in memory when the machine has a tmpfs: the file is written per input */
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/nk_fuzz_corpus_%ld.jsonl", dir, (long)getpid());
    atexit(unlink_path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    NK_FUZZ_CHECK(f != NULL);
    NK_FUZZ_CHECK(fwrite(data, 1, size, f) == size);
    fclose(f);
    nk_corpus_reader *r = NULL;
    NK_FUZZ_CHECK(nk_corpus_reader_open(&r, NK_CORPUS_JSONL, path, NULL) == NK_OK);
    if (size % 2 == 0)
        nk_corpus_reader_limit(r, 64, true);
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    size_t calls = 0;
    const nk_article *a = NULL;
    int rc;
    while ((rc = nk_corpus_reader_next(r, &a)) != 0) {
        NK_FUZZ_CHECK(++calls <= lines); /* one answer per line at most */
        if (rc < 0) {
            NK_FUZZ_CHECK(rc == NK_ERR_PARSE || rc == NK_ERR_INVALID || rc == NK_ERR_IO);
            if (rc == NK_ERR_IO)
                break;
            continue;
        }
        NK_FUZZ_CHECK(a && a->id && a->text);
        NK_FUZZ_CHECK(nk_utf8_valid(a->text, a->len, NULL));
        NK_FUZZ_CHECK(a->len <= size);
    }
    nk_corpus_reader_free(r);
    return 0;
}
