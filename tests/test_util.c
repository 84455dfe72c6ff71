/* Unit tests for util.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static void test_buf(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_buf_puts(&b, "a");
    nk_buf_printf(&b, "%d-%s", 42, "x");
    assert_string_equal(b.data, "a42-x");
    nk_buf_clear(&b);
    nk_buf_json_escape(&b, "q\"\\\n\x01");
    assert_string_equal(b.data, "q\\\"\\\\\\n\\u0001");
    /* UTF-8 of each length, at the edges of each */
    nk_buf_clear(&b);
    static const unsigned long cps[] = {0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x2019, 0xFFFF,
                                        0x10000, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++)
        nk_buf_put_utf8(&b, cps[i]);
    assert_string_equal(b.data, "A\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xE2\x80\x99\xEF\xBF\xBF"
                                "\xF0\x90\x80\x80\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
    assert_true(nk_utf8_valid(b.data, b.len, NULL));
    nk_buf_free(&b);
    static const char HEX[] = "0123456789abcdefABCDEF";
    for (size_t i = 0; i < sizeof HEX - 1; i++)
        assert_int_equal(nk_hex_digit(HEX[i]), i < 16 ? (int)i : (int)i - 6);
    assert_int_equal(nk_hex_digit('g'), -1);
    assert_int_equal(nk_hex_digit('/'), -1);
    assert_int_equal(nk_hex_digit(0), -1);
    assert_int_equal(nk_hex_digit(0xC3), -1);
    nk_buf_free(NULL);
}

static void test_arena(void **state)
{
    (void)state;
    nk_arena *a = nk_arena_new();
    char *s = nk_arena_strdup(a, "hello");
    for (int i = 0; i < 10000; i++)
        assert_non_null(nk_arena_alloc(a, 100));
    char *big = nk_arena_alloc(a, 1 << 20);
    big[(1 << 20) - 1] = 'x';
    assert_string_equal(s, "hello");
    assert_string_equal(nk_arena_printf(a, "%u/%s", 7u, "b"), "7/b");
    assert_null(nk_arena_strdup(a, NULL));
    nk_arena_free(a);
    nk_arena_free(NULL);
}

static void test_slug(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_slug(&b, "Keir Starmer");
    assert_string_equal(b.data, "keir_starmer");
    nk_buf_clear(&b);
    nk_slug(&b, "  Russia\xe2\x80\x99s  Zelensk\xc3\xbd! ");
    assert_string_equal(b.data, "russias_zelensky");
    nk_buf_clear(&b);
    nk_slug(&b, "Foreign, Commonwealth & Development Office");
    assert_string_equal(b.data, "foreign_commonwealth_development_office");
    nk_buf_free(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    size_t bad = 0;
    assert_true(nk_utf8_valid("abc \xe2\x80\x9c", 7, &bad));
    assert_false(nk_utf8_valid("ab\xff", 3, &bad));
    assert_int_equal(bad, 2);
    assert_false(nk_utf8_valid("\xc0\x80", 2, &bad)); /* overlong */
}

static void test_line_col(void **state)
{
    (void)state;
    unsigned l, c;
    nk_line_col("ab\ncd", 5, 4, &l, &c);
    assert_int_equal(l, 2);
    assert_int_equal(c, 2);
}

static void test_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_util_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    assert_int_equal(nk_file_write_atomic(path, "hi\n", 3, NULL), NK_OK);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &data, &len, NULL), NK_OK);
    assert_int_equal(len, 3);
    assert_string_equal(data, "hi\n");
    free(data);
    nk_diag_sink sink = {0};
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_equal(nk_file_read(path, &data, &len, &sink), NK_ERR_NOTFOUND);
    assert_int_equal(sink.errors, 1);
    snprintf(path, sizeof path, "%s/nodir/x", dir);
    assert_int_equal(nk_file_write_atomic(path, "x", 1, &sink), NK_ERR_IO);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    remove(path);
    rmdir(dir);
    assert_string_equal(nk_path_ext("a/b.c/x.PNG"), "PNG");
    assert_string_equal(nk_path_ext("a.b/x"), "");
}

/* The number of names in DIR other than . and .. */
static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static char *slurp_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &data, &len, NULL), NK_OK);
    return data;
}

static void test_write_special(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_write_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], link[256], other[256];
    nk_diag_sink sink = {0};
    struct stat st;

    /* devices are written, not replaced */
    assert_int_equal(nk_file_write_atomic("/dev/null", "x", 1, NULL), NK_OK);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(nk_file_write_atomic("/dev/full", "x", 1, &sink), NK_ERR_IO);
    assert_int_equal(sink.errors, 1);
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));

    /* a directory is an error, and left alone */
    assert_int_equal(nk_file_write_atomic(dir, "x", 1, &sink), NK_ERR_IO);
    assert_int_equal(sink.errors, 2);

    /* a regular file keeps its permission bits */
    snprintf(path, sizeof path, "%s/kept.txt", dir);
    assert_int_equal(nk_file_write_atomic(path, "old\n", 4, NULL), NK_OK);
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(nk_file_write_atomic(path, "new\n", 4, NULL), NK_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);

    /* a symbolic link is followed: the link stays, its target changes */
    snprintf(link, sizeof link, "%s/link.txt", dir);
    assert_int_equal(symlink("kept.txt", link), 0);
    assert_int_equal(nk_file_write_atomic(link, "via link\n", 9, NULL), NK_OK);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *data = slurp_file(path);
    assert_string_equal(data, "via link\n");
    free(data);
    /* a dangling link creates its target */
    snprintf(link, sizeof link, "%s/dangling.txt", dir);
    snprintf(other, sizeof other, "%s/created.txt", dir);
    assert_int_equal(symlink("created.txt", link), 0);
    assert_int_equal(nk_file_write_atomic(link, "made\n", 5, NULL), NK_OK);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    data = slurp_file(other);
    assert_string_equal(data, "made\n");
    free(data);

    /* a FIFO is written through (a reader is open), and stays a FIFO */
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int rfd = open(fifo, O_RDONLY | O_NONBLOCK);
    assert_true(rfd >= 0);
    assert_int_equal(nk_file_write_atomic(fifo, "piped\n", 6, NULL), NK_OK);
    char buf[16] = {0};
    assert_int_equal(read(rfd, buf, sizeof buf - 1), 6);
    assert_string_equal(buf, "piped\n");
    close(rfd);
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));

    /* a full disk (here a file size limit) fails cleanly: the old file is
     * intact and no temporary file is left (in a child: the limit is
     * process-wide) */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {4, 4};
        setrlimit(RLIMIT_FSIZE, &rl);
        _exit(nk_file_write_atomic(path, "0123456789abcdef\n", 17, NULL) == NK_ERR_IO ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    data = slurp_file(path);
    assert_string_equal(data, "via link\n");
    free(data);

    /* kept.txt, link.txt, dangling.txt, created.txt, fifo: no temporaries */
    assert_int_equal(count_entries(dir), 5);
    unlink(fifo);
    unlink(link);
    unlink(other);
    snprintf(link, sizeof link, "%s/link.txt", dir);
    unlink(link);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
}

/* An interrupted process leaves no temporary file behind. */
static void test_signal_cleanup(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_signal_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.png", dir);
    static const int sigs[] = {SIGTERM, SIGINT};
    for (size_t i = 0; i < 2; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* a background shell starts us with SIGINT ignored, and the
             * handler keeps what is ignored */
            signal(SIGINT, SIG_DFL);
            signal(SIGTERM, SIG_DFL);
            nk_file_cleanup_on_signals();
            char *tmp = nk_file_temp_name(path);
            FILE *f = fopen(tmp, "w");
            if (!f)
                _exit(3);
            fputs("half", f);
            fclose(f);
            raise(sigs[i]);
            _exit(4); /* not reached */
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sigs[i]);
        assert_int_equal(count_entries(dir), 0);
    }
    assert_int_equal(rmdir(dir), 0);
}

/* Streaming output: aborted, the old file stays; committed, it is whole. */
static void test_file_out(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_out_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.nq", dir);
    assert_int_equal(nk_file_write_atomic(path, "old\n", 4, NULL), NK_OK);
    nk_file_out *f = NULL;
    assert_int_equal(nk_file_out_open(&f, path, NULL), NK_OK);
    fputs("half of ", nk_file_out_stream(f));
    assert_int_equal(count_entries(dir), 2); /* out.nq and its temporary */
    nk_file_out_abort(f);
    char *data = slurp_file(path);
    assert_string_equal(data, "old\n");
    free(data);
    assert_int_equal(count_entries(dir), 1);
    assert_int_equal(nk_file_out_open(&f, path, NULL), NK_OK);
    for (int i = 0; i < 3; i++)
        fprintf(nk_file_out_stream(f), "line %d\n", i);
    assert_int_equal(nk_file_out_commit(f, NULL), NK_OK);
    data = slurp_file(path);
    assert_string_equal(data, "line 0\nline 1\nline 2\n");
    free(data);
    assert_int_equal(count_entries(dir), 1);
    nk_diag_sink sink = {0};
    assert_int_equal(nk_file_out_open(&f, "/dev/full", &sink), NK_OK);
    fputs("x", nk_file_out_stream(f));
    assert_int_equal(nk_file_out_commit(f, &sink), NK_ERR_IO);
    assert_int_equal(sink.errors, 1);
    nk_file_out_abort(NULL);
    assert_int_equal(nk_file_out_commit(NULL, NULL), NK_OK);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
}

static void test_read_limits(void **state)
{
    (void)state;
    char dir[] = "/tmp/nk_read_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/in.txt", dir);
    assert_int_equal(nk_file_write_atomic(path, "0123456789", 10, NULL), NK_OK);
    char *data = NULL;
    size_t len = 0;
    nk_diag_sink sink = {0};
    assert_int_equal(nk_file_read_max(path, 9, &data, &len, &sink), NK_ERR_INVALID);
    assert_null(data);
    assert_int_equal(sink.errors, 1);
    assert_int_equal(nk_file_read_max(path, 10, &data, &len, &sink), NK_OK);
    assert_int_equal(len, 10);
    free(data);
    /* a directory is an error, not an empty text */
    assert_int_equal(nk_file_read(dir, &data, &len, &sink), NK_ERR_IO);
    assert_null(data);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
}

static void test_hash(void **state)
{
    (void)state;
    /* FNV-1a reference values */
    assert_true(nk_hash64("", 0, NK_HASH_SEED) == 0xcbf29ce484222325ULL);
    assert_true(nk_hash64("a", 1, NK_HASH_SEED) == 0xaf63dc4c8601ec8cULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf),   cmocka_unit_test(test_arena),
        cmocka_unit_test(test_slug),  cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_line_col), cmocka_unit_test(test_files),
        cmocka_unit_test(test_hash), cmocka_unit_test(test_write_special),
        cmocka_unit_test(test_signal_cleanup), cmocka_unit_test(test_read_limits),
        cmocka_unit_test(test_file_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
