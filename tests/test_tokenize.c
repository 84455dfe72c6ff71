/* Unit tests for tokenize.c, and a small driver for evaluation:
 *
 *   test_tokenize                       run the unit tests
 *   test_tokenize --dump FILE           tokenize a text file, print CoNLL-U
 *   test_tokenize --eval [-o OUT] GOLD...
 *       rebuild the raw text of each gold CoNLL-U file from its "# text"
 *       lines (sentences of a paragraph joined by a space, paragraphs and
 *       documents by a newline), tokenize it and score token and sentence
 *       F1 with nk_conllu_evaluate; totals over all files at the end.
 *       -o OUT writes the system CoNLL-U of the last file to OUT.
 *   test_tokenize --bench FILE [RUNS]   tokenizer speed in MB/s (median)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conllu.h"
#include "document.h"
#include "tokenize.h"

/* ---- helpers ------------------------------------------------------------------ */

static nk_doc *tok(const char *text)
{
    nk_doc *doc = nk_doc_new("t.txt", text, strlen(text));
    assert_int_equal(nk_tokenize(doc, NULL), NK_OK);
    return doc;
}

/* All forms of DOC, separated by spaces, sentences separated by " | ". */
static char *render(const nk_doc *doc)
{
    nk_buf b = {0};
    for (size_t s = 0; s < doc->nsentences; s++) {
        if (s)
            nk_buf_puts(&b, " | ");
        for (size_t i = 0; i < doc->sentences[s].ntokens; i++) {
            if (i)
                nk_buf_putc(&b, ' ');
            nk_buf_puts(&b, doc->sentences[s].tokens[i].form);
        }
    }
    if (!b.data)
        nk_buf_puts(&b, "");
    return nk_buf_detach(&b);
}

/* Every token's span spells its form; sentence spans and texts match. */
static void check_offsets(const nk_doc *doc)
{
    size_t last = 0;
    for (size_t s = 0; s < doc->nsentences; s++) {
        const nk_sentence *sent = &doc->sentences[s];
        assert_true(sent->ntokens > 0);
        assert_int_equal(sent->begin, sent->tokens[0].begin);
        assert_int_equal(sent->end, sent->tokens[sent->ntokens - 1].end);
        assert_int_equal(strlen(sent->text), sent->end - sent->begin);
        assert_memory_equal(sent->text, doc->text + sent->begin, sent->end - sent->begin);
        for (size_t i = 0; i < sent->ntokens; i++) {
            const nk_token *t = &sent->tokens[i];
            assert_true(t->begin >= last);
            assert_true(t->end > t->begin);
            assert_true(t->end <= doc->len);
            assert_int_equal(strlen(t->form), t->end - t->begin);
            assert_memory_equal(t->form, doc->text + t->begin, t->end - t->begin);
            assert_int_equal(t->head, -1);
            last = t->end;
        }
    }
}

static void expect(const char *text, const char *want)
{
    nk_doc *doc = tok(text);
    check_offsets(doc);
    char *got = render(doc);
    if (strcmp(got, want) != 0)
        print_error("input: %s\n  want: %s\n  got:  %s\n", text, want, got);
    assert_string_equal(got, want);
    free(got);
    nk_doc_free(doc);
}

/* ---- unit tests --------------------------------------------------------------- */

static void test_basic(void **state)
{
    (void)state;
    expect("The cat sat on the mat.", "The cat sat on the mat .");
    expect("Hello, world!", "Hello , world !");
    expect("Rebels took the town; the army fled: nobody stayed.",
           "Rebels took the town ; the army fled : nobody stayed .");
}

static void test_abbreviations(void **state)
{
    (void)state;
    expect("Mr. Smith met Dr. Jones in St. Louis at 10 a.m. on Sept. 12.",
           "Mr. Smith met Dr. Jones in St. Louis at 10 a.m. on Sept. 12 .");
    expect("Gen. Lee of Acme Inc. and Foo Ltd. said so.",
           "Gen. Lee of Acme Inc. and Foo Ltd. said so .");
    expect("He was No. 5 in the list. No. Not again.",
           "He was No. 5 in the list . | No . | Not again .");
    expect("Fruit, e.g. apples, i.e. food, etc. are fine.",
           "Fruit , e.g. apples , i.e. food , etc. are fine .");
    expect("Joe B. Smith and J.K. Rowling met.", "Joe B. Smith and J.K. Rowling met .");
    /* ambiguous: an abbreviation that can end a sentence */
    expect("He lives in the U.S. The president agreed.",
           "He lives in the U.S. | The president agreed .");
    expect("The U.S. President spoke.", "The U.S. President spoke .");
    expect("They sold apples, pears, etc. The rest rotted.",
           "They sold apples , pears , etc. | The rest rotted .");
    expect("Mr. Brown arrived.", "Mr. Brown arrived .");
}

static void test_quotes(void **state)
{
    (void)state;
    expect("\xe2\x80\x9cWe will win,\xe2\x80\x9d he said.\xe2\x80\x9d Next came.",
           "\xe2\x80\x9c We will win , \xe2\x80\x9d he said . \xe2\x80\x9d | Next came .");
    expect("\"Stop!\" she said. \"Now.\" Then silence.",
           "\" Stop ! \" she said . | \" Now . \" | Then silence .");
    expect("He said 'no' twice.", "He said ' no ' twice .");
    expect("The \xe2\x80\x98" "best\xe2\x80\x99 plan.",
           "The \xe2\x80\x98 best \xe2\x80\x99 plan .");
}

static void test_dashes(void **state)
{
    (void)state;
    expect("The long-range UK-French missile \xe2\x80\x94 a first \xe2\x80\x93 flew -- far.",
           "The long - range UK - French missile \xe2\x80\x94 a first \xe2\x80\x93 flew -- far .");
    /* prefixes stay attached, as in EWT and GUM; so do digit groups */
    expect("An e-mail from a non-profit co-worker: call 713-555-0100.",
           "An e-mail from a non-profit co-worker : call 713-555-0100 .");
    expect("peace\xe2\x80\x94" "for now", "peace \xe2\x80\x94 for now");
    expect("a well-known - and old - idea", "a well - known - and old - idea");
}

static void test_clitics(void **state)
{
    (void)state;
    expect("Russia\xe2\x80\x99s army and the countries' leaders",
           "Russia \xe2\x80\x99s army and the countries ' leaders");
    expect("I don't know, I can't and won't go.",
           "I do n't know , I ca n't and wo n't go .");
    expect("They're here, we've seen, you'll see, he'd go, I'm fine.",
           "They 're here , we 've seen , you 'll see , he 'd go , I 'm fine .");
    expect("It\xe2\x80\x99s Biden\xe2\x80\x99s. DON'T.",
           "It \xe2\x80\x99s Biden \xe2\x80\x99s . | DO N'T .");
    expect("I'm gonna say I cannot, O'Neill said.",
           "I 'm gon na say I can not , O'Neill said .");
}

static void test_numbers(void **state)
{
    (void)state;
    expect("It cost $1.6 billion, 9,000 jobs, 185 km and 3.5% growth.",
           "It cost $ 1.6 billion , 9,000 jobs , 185 km and 3.5 % growth .");
    expect("At 10:30 on 2024-09-12, the 3rd and 21st runners left.",
           "At 10:30 on 2024-09-12 , the 3rd and 21st runners left .");
    expect("Prices rose 5.5 percent in 2010. 15 people died.",
           "Prices rose 5.5 percent in 2010 . | 15 people died .");
    expect("Meet at 5pm on 9/11.", "Meet at 5 pm on 9/11 .");
    expect("In the '80s and 1990's, and/or b/c.", "In the '80s and 1990's , and / or b/c .");
}

static void test_datelines(void **state)
{
    (void)state;
    expect("KHARTOUM, June 4 - Sudan's army said on Tuesday it would talk.",
           "KHARTOUM , June 4 - | Sudan 's army said on Tuesday it would talk .");
    expect("THE HAGUE \xe2\x80\x94 Judges ruled.", "THE HAGUE \xe2\x80\x94 | Judges ruled .");
    expect("WASHINGTON (Reuters) - The U.S. said no.",
           "WASHINGTON ( Reuters ) - | The U.S. said no .");
    expect("NATO - the alliance - met.", "NATO - the alliance - met .");
    /* abbreviated months, with and without the period */
    expect("BRUSSELS, Sept 9 - The Commission fined it.",
           "BRUSSELS , Sept 9 - | The Commission fined it .");
    expect("SAN FRANCISCO, Oct. 8 - Regulators met.",
           "SAN FRANCISCO , Oct. 8 - | Regulators met .");
}

static void test_brackets_urls(void **state)
{
    (void)state;
    expect("The Federal Security Service (FSB) said.",
           "The Federal Security Service ( FSB ) said .");
    expect("See https://example.com/a?b=c. Or mail info@example.org (today).",
           "See https://example.com/a?b=c . | Or mail info@example.org ( today ) .");
    expect("Visit www.bbc.co.uk, then wait...", "Visit www.bbc.co.uk , then wait ...");
    expect("Wait... what? Well\xe2\x80\xa6 OK!", "Wait ... what ? | Well \xe2\x80\xa6 | OK !");
}

static void test_lines(void **state)
{
    (void)state;
    expect("Headline without stop\nFirst sentence. Second one.\n\nREAD MORE: more news\n",
           "Headline without stop | First sentence . | Second one . | READ MORE : more news");
    expect("a\r\nb\rc", "a | b | c");
    expect("  \n\n\t ", "");
    expect("", "");
}

static void test_offsets_and_space(void **state)
{
    (void)state;
    const char *text = "  He said: \xe2\x80\x9cIt\xe2\x80\x99s fine.\xe2\x80\x9d\n\nOK";
    nk_doc *doc = tok(text);
    check_offsets(doc);
    assert_int_equal(doc->nsentences, 2);
    const nk_sentence *s = &doc->sentences[0];
    assert_int_equal(s->begin, 2);
    assert_string_equal(s->text, "He said: \xe2\x80\x9cIt\xe2\x80\x99s fine.\xe2\x80\x9d");
    assert_string_equal(s->tokens[1].form, "said");
    assert_false(s->tokens[1].space_after); /* said: */
    assert_true(s->tokens[2].space_after);
    assert_string_equal(s->tokens[4].form, "It");
    assert_false(s->tokens[4].space_after);
    assert_string_equal(doc->sentences[1].text, "OK");
    nk_doc_free(doc);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    const char text[] = "fine\nbad \xff here";
    nk_doc *doc = nk_doc_new("x.txt", text, sizeof text - 1);
    nk_diag_sink sink = {0};
    assert_int_equal(nk_tokenize(doc, &sink), NK_ERR_PARSE);
    assert_int_equal(sink.errors, 1);
    assert_int_equal(doc->nsentences, 0);
    nk_doc_free(doc);
}

static void test_nul_bytes(void **state)
{
    (void)state;
    const char text[] = "one\0two three";
    nk_doc *doc = nk_doc_new("x.txt", text, sizeof text - 1);
    assert_int_equal(nk_tokenize(doc, NULL), NK_OK);
    check_offsets(doc);
    char *got = render(doc);
    assert_string_equal(got, "one | two three");
    free(got);
    nk_doc_free(doc);
}

static void test_pathological(void **state)
{
    (void)state;
    size_t n = 100000;
    char *big = nk_xmalloc(n + 1);
    const char *patterns[] = {"a", ".", "!?", "'", "-", "a.", "n't", "\xe2\x80\x94", "1,",
                              "a'", "(", "http://x", "@a", "$"};
    for (size_t k = 0; k < sizeof patterns / sizeof *patterns; k++) {
        size_t pl = strlen(patterns[k]);
        for (size_t i = 0; i < n; i++)
            big[i] = patterns[k][i % pl];
        /* do not cut a multi-byte character */
        size_t len = n - n % pl;
        big[len] = '\0';
        nk_doc *doc = nk_doc_new("big", big, len);
        assert_int_equal(nk_tokenize(doc, NULL), NK_OK);
        check_offsets(doc);
        for (size_t s = 0; s < doc->nsentences; s++)
            assert_true(doc->sentences[s].ntokens <= NK_TOKENIZE_MAX_SENTENCE);
        nk_doc_free(doc);
    }
    /* words without punctuation: cut into bounded sentences */
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 6 == 5) ? ' ' : 'w';
    nk_doc *doc = nk_doc_new("big", big, n);
    assert_int_equal(nk_tokenize(doc, NULL), NK_OK);
    assert_true(doc->nsentences >= n / 6 / NK_TOKENIZE_MAX_SENTENCE);
    nk_doc_free(doc);
    free(big);
}

static void test_conllu_roundtrip(void **state)
{
    (void)state;
    nk_doc *doc = tok("He didn't go.\nShe did.");
    nk_buf out = {0};
    nk_conllu_write(doc, &out);
    nk_doc *back = NULL;
    assert_int_equal(nk_conllu_read(&back, "rt", out.data, out.len, NULL), NK_OK);
    nk_conllu_eval ev;
    assert_int_equal(nk_conllu_evaluate(back, doc, &ev, NULL), NK_OK);
    assert_int_equal(ev.tokens.correct, 8);
    assert_int_equal(ev.sentences.correct, 2);
    nk_doc_free(back);
    nk_buf_free(&out);
    nk_doc_free(doc);
}

/* ---- the evaluation driver ------------------------------------------------------- */

static bool starts(const char *line, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(line, p, k) == 0;
}

/* Raw text of a gold CoNLL-U file from its comments. */
static void rebuild_text(const char *conllu, size_t len, nk_buf *out)
{
    bool newpar = true;
    size_t pos = 0;
    while (pos < len) {
        const char *line = conllu + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n && line[n - 1] == '\r')
            n--;
        if ((starts(line, n, "# newpar") && (n == 8 || line[8] == ' ')) ||
            (starts(line, n, "# newdoc") && (n == 8 || line[8] == ' ')))
            newpar = true;
        else if (starts(line, n, "# text = ")) {
            if (out->len)
                nk_buf_putc(out, newpar ? '\n' : ' ');
            nk_buf_append(out, line + 9, n - 9);
            newpar = false;
        }
    }
    nk_buf_putc(out, '\n');
}

static int run_eval(int argc, char **argv)
{
    nk_diag_sink sink = {nk_diag_print, NULL, 0, 0};
    nk_score tokens = {0}, sents = {0};
    const char *outpath = NULL;
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            outpath = argv[++i];
            continue;
        }
        char *raw = NULL;
        size_t len = 0;
        if (nk_file_read(argv[i], &raw, &len, &sink) < 0)
            return 2;
        nk_buf text = {0};
        rebuild_text(raw, len, &text);
        nk_doc *gold = NULL;
        if (nk_conllu_read(&gold, argv[i], raw, len, &sink) < 0)
            return 2;
        free(raw);
        nk_doc *sys = nk_doc_new("system", text.data, text.len);
        nk_conllu_eval ev;
        if (nk_tokenize(sys, &sink) < 0 || nk_conllu_evaluate(gold, sys, &ev, &sink) < 0) {
            rc = 2;
        } else {
            printf("%s: tokens F1 %.2f (gold %zu, system %zu), sentences F1 %.2f (gold %zu, "
                   "system %zu)\n",
                   argv[i], nk_score_f1(&ev.tokens), ev.tokens.gold, ev.tokens.system,
                   nk_score_f1(&ev.sentences), ev.sentences.gold, ev.sentences.system);
            tokens.gold += ev.tokens.gold;
            tokens.system += ev.tokens.system;
            tokens.correct += ev.tokens.correct;
            sents.gold += ev.sentences.gold;
            sents.system += ev.sentences.system;
            sents.correct += ev.sentences.correct;
        }
        if (outpath) {
            nk_buf o = {0};
            nk_conllu_write(sys, &o);
            nk_file_write_atomic(outpath, o.data ? o.data : "", o.len, &sink);
            nk_buf_free(&o);
        }
        nk_doc_free(sys);
        nk_doc_free(gold);
        nk_buf_free(&text);
    }
    printf("TOTAL: tokens F1 %.2f, sentences F1 %.2f\n", nk_score_f1(&tokens),
           nk_score_f1(&sents));
    return rc;
}

static int run_dump(const char *path)
{
    nk_diag_sink sink = {nk_diag_print, NULL, 0, 0};
    char *raw = NULL;
    size_t len = 0;
    if (nk_file_read(path, &raw, &len, &sink) < 0)
        return 2;
    nk_doc *doc = nk_doc_new(path, raw, len);
    free(raw);
    int rc = nk_tokenize(doc, &sink);
    if (rc == NK_OK) {
        nk_buf o = {0};
        nk_conllu_write(doc, &o);
        fwrite(o.data ? o.data : "", 1, o.len, stdout);
        nk_buf_free(&o);
    }
    nk_doc_free(doc);
    return rc < 0 ? 2 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int run_bench(const char *path, int runs)
{
    nk_diag_sink sink = {nk_diag_print, NULL, 0, 0};
    char *raw = NULL;
    size_t len = 0;
    if (nk_file_read(path, &raw, &len, &sink) < 0)
        return 2;
    if (runs < 1 || runs > 100)
        runs = 5;
    double t[100];
    size_t ntok = 0;
    for (int r = 0; r < runs; r++) {
        nk_doc *doc = nk_doc_new(path, raw, len);
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (nk_tokenize(doc, &sink) < 0)
            return 2;
        clock_gettime(CLOCK_MONOTONIC, &b);
        t[r] = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        ntok = 0;
        for (size_t s = 0; s < doc->nsentences; s++)
            ntok += doc->sentences[s].ntokens;
        nk_doc_free(doc);
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    double med = t[runs / 2];
    printf("%zu bytes, %zu tokens, median of %d runs %.4f s: %.1f MB/s\n", len, ntok, runs,
           med, (double)len / 1e6 / med);
    free(raw);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--dump") == 0)
        return run_dump(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "--eval") == 0)
        return run_eval(argc, argv);
    if (argc >= 3 && strcmp(argv[1], "--bench") == 0)
        return run_bench(argv[2], argc >= 4 ? atoi(argv[3]) : 5);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_dashes),
        cmocka_unit_test(test_clitics),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_brackets_urls),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_offsets_and_space),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_conllu_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
