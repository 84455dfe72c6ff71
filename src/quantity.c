/* quantity.c: see quantity.h. */
#include "quantity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 64

typedef struct tok {
    size_t b, e;      /* bytes of the token in the phrase */
} tok;

/* A decimal: DIGITS with the point after POINT of them. */
typedef struct decimal {
    char digits[40];
    int point;
} decimal;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool word_is(const char *p, size_t n, const char *w)
{
    size_t wl = strlen(w);
    if (n != wl)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[i])
            return false;
    }
    return true;
}

static const char *const ONES[] = {"zero", "one", "two", "three", "four", "five", "six",
                                   "seven", "eight", "nine", "ten", "eleven", "twelve",
                                   "thirteen", "fourteen", "fifteen", "sixteen",
                                   "seventeen", "eighteen", "nineteen", NULL};
static const char *const TENS[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
                                   "seventy", "eighty", "ninety", NULL};

/* Scale words and suffixes: powers of ten. */
static int scale_of(const char *p, size_t n)
{
    static const struct { const char *w; int k; } S[] = {
        {"hundred", 2}, {"thousand", 3}, {"million", 6}, {"millions", 6}, {"billion", 9},
        {"billions", 9}, {"trillion", 12}, {"bn", 9}, {"m", 6}, {"k", 3}, {"tn", 12},
        {"mln", 6}};
    for (size_t i = 0; i < sizeof S / sizeof *S; i++)
        if (word_is(p, n, S[i].w))
            return S[i].k;
    return 0;
}

/* 0..99 as one word ("seven", "forty-two"), or -1. */
static int small_number(const char *p, size_t n)
{
    for (int i = 0; ONES[i]; i++)
        if (word_is(p, n, ONES[i]))
            return i;
    for (int t = 2; TENS[t]; t++) {
        size_t tl = strlen(TENS[t]);
        if (n >= tl && word_is(p, tl, TENS[t])) {
            if (n == tl)
                return t * 10;
            if (p[tl] == '-')
                for (int i = 1; i < 10; i++)
                    if (word_is(p + tl + 1, n - tl - 1, ONES[i]))
                        return t * 10 + i;
        }
    }
    return -1;
}

static void dec_from_ull(decimal *d, unsigned long long v)
{
    snprintf(d->digits, sizeof d->digits, "%llu", v);
    d->point = (int)strlen(d->digits);
}

/* Digits with ',' thousands and '.' decimals: the number, or false. */
static bool dec_parse(decimal *d, const char *p, size_t n)
{
    size_t k = 0;
    d->point = -1;
    bool seen = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (is_digit(c)) {
            if (k + 1 >= sizeof d->digits)
                return false;
            d->digits[k++] = c;
            seen = true;
        } else if (c == ',' && seen && d->point < 0 && i + 3 < n && is_digit(p[i + 1]) &&
                   is_digit(p[i + 2]) && is_digit(p[i + 3]) &&
                   (i + 4 == n || !is_digit(p[i + 4]))) {
            /* a thousands separator: exactly three digits follow */
        } else if (c == '.' && seen && d->point < 0 && i + 1 < n && is_digit(p[i + 1])) {
            d->point = (int)k;
        } else {
            return false;
        }
    }
    if (!seen)
        return false;
    d->digits[k] = '\0';
    if (d->point < 0)
        d->point = (int)k;
    return true;
}

/* D times ten to the K. */
static void dec_shift(decimal *d, int k)
{
    d->point += k;
    size_t n = strlen(d->digits);
    while ((int)n < d->point && n + 1 < sizeof d->digits)
        d->digits[n++] = '0';
    d->digits[n] = '\0';
}

static void dec_text(const decimal *d, char *out, size_t cap)
{
    const char *s = d->digits;
    int point = d->point;
    size_t n = strlen(s);
    /* leading zeros of the integer part */
    while (point > 1 && *s == '0') {
        s++;
        point--;
        n--;
    }
    size_t k = 0;
    for (int i = 0; i < point && k + 1 < cap; i++)
        out[k++] = s[i];
    if (point <= 0 && k + 1 < cap)
        out[k++] = '0';
    size_t frac_end = n;
    while (frac_end > (size_t)(point > 0 ? point : 0) && s[frac_end - 1] == '0')
        frac_end--;
    if (frac_end > (size_t)(point > 0 ? point : 0)) {
        if (k + 1 < cap)
            out[k++] = '.';
        for (int i = point; i < 0 && k + 1 < cap; i++)
            out[k++] = '0';
        for (size_t i = (size_t)(point > 0 ? point : 0); i < frac_end && k + 1 < cap; i++)
            out[k++] = s[i];
    }
    out[k] = '\0';
}

static const struct { const char *w; const char *code; } CURRENCY_WORDS[] = {
    {"pounds", "GBP"}, {"pound", "GBP"}, {"sterling", "GBP"}, {"dollars", "USD"},
    {"dollar", "USD"}, {"euros", "EUR"}, {"euro", "EUR"}, {"yen", "JPY"}, {"yuan", "CNY"},
    {"renminbi", "CNY"}, {"rupees", "INR"}, {"rupee", "INR"}, {"roubles", "RUB"},
    {"rubles", "RUB"}, {"francs", "CHF"}, {"franc", "CHF"}, {"won", "KRW"},
    {"lira", "TRY"}, {"rand", "ZAR"}, {"pesos", "MXN"}};

static const char *currency_word(const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof CURRENCY_WORDS / sizeof *CURRENCY_WORDS; i++)
        if (word_is(p, n, CURRENCY_WORDS[i].w))
            return CURRENCY_WORDS[i].code;
    return NULL;
}

/* A currency sign at P: its code and length, or NULL. */
static const char *currency_sign(const char *p, size_t n, size_t *len)
{
    static const struct { const char *s; const char *code; } S[] = {
        {"US$", "USD"}, {"$", "USD"}, {"\xc2\xa3", "GBP"}, {"\xe2\x82\xac", "EUR"},
        {"\xc2\xa5", "JPY"}, {"\xe2\x82\xb9", "INR"}, {"\xe2\x82\xbd", "RUB"}};
    for (size_t i = 0; i < sizeof S / sizeof *S; i++) {
        size_t l = strlen(S[i].s);
        if (n > l && strncmp(p, S[i].s, l) == 0) {
            *len = l;
            return S[i].code;
        }
    }
    return NULL;
}

static bool is_preposition(const char *p, size_t n)
{
    static const char *const W[] = {"in", "of", "from", "to", "at", "on", "for", "with", "by",
                                    "over", "across", "into", "and", "or", "who", "which",
                                    "that", NULL};
    for (size_t i = 0; W[i]; i++)
        if (word_is(p, n, W[i]))
            return true;
    return false;
}

static bool is_word(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c >= 0x80))
            return false;
    }
    return n > 0;
}

/* The token's length without trailing punctuation. */
static size_t core_len(const char *p, size_t n)
{
    while (n > 0 && strchr(",.;:)!?\"'", p[n - 1]))
        n--;
    return n;
}

bool nk_quantity_parse(const char *phrase, nk_quantity *out)
{
    memset(out, 0, sizeof *out);
    if (!phrase)
        return false;
    tok t[MAX_TOKENS];
    size_t nt = 0;
    for (size_t i = 0; phrase[i] && nt < MAX_TOKENS;) {
        while (phrase[i] == ' ' || phrase[i] == '\t' || phrase[i] == '\n')
            i++;
        if (!phrase[i])
            break;
        size_t b = i;
        while (phrase[i] && phrase[i] != ' ' && phrase[i] != '\t' && phrase[i] != '\n')
            i++;
        t[nt++] = (tok){b, i};
    }
    for (size_t i = 0; i < nt; i++) {
        const char *p = phrase + t[i].b;
        size_t n = core_len(p, t[i].e - t[i].b);
        size_t sign_len = 0;
        const char *code = currency_sign(p, n, &sign_len);
        const char *q = p + sign_len;
        size_t qn = n - sign_len;
        bool percent = false;
        if (qn > 1 && q[qn - 1] == '%') {
            percent = true;
            qn--;
        }
        decimal d;
        size_t next = i + 1;
        bool found = false;
        if (qn > 0 && is_digit(q[0])) {
            /* digits, maybe with a scale glued on ("1.2bn", "500m") */
            size_t k = qn;
            while (k > 0 && !is_digit(q[k - 1]))
                k--;
            int glued = k < qn ? scale_of(q + k, qn - k) : 0;
            if (dec_parse(&d, q, k) && (k == qn || glued)) {
                found = true;
                if (glued)
                    dec_shift(&d, glued);
            }
        } else if (!sign_len && !percent) {
            int v = small_number(q, qn);
            if (v < 0 && (word_is(q, qn, "a") || word_is(q, qn, "an")) && i + 1 < nt &&
                scale_of(phrase + t[i + 1].b, core_len(phrase + t[i + 1].b,
                                                        t[i + 1].e - t[i + 1].b)) >= 2)
                v = 1;
            if (v >= 0) {
                found = true;
                /* "two hundred thousand", "forty-two million" */
                unsigned long long total = 0, cur = (unsigned long long)v;
                while (next < nt) {
                    const char *w = phrase + t[next].b;
                    size_t wn = core_len(w, t[next].e - t[next].b);
                    int sc = scale_of(w, wn);
                    int more = small_number(w, wn);
                    if (sc >= 2 && wn > 2) {
                        unsigned long long m = 1;
                        for (int z = 0; z < sc; z++)
                            m *= 10;
                        if (sc == 2)
                            cur *= m;
                        else {
                            total += cur * m;
                            cur = 0;
                        }
                    } else if (more > 0 && more < 100 && cur % 100 == 0 && cur > 0) {
                        cur += (unsigned long long)more;
                    } else {
                        break;
                    }
                    next++;
                }
                dec_from_ull(&d, total + cur);
            }
        }
        if (!found)
            continue;
        /* a scale word after digits: "500 million" */
        if (is_digit(q[0]) && next < nt) {
            const char *w = phrase + t[next].b;
            size_t wn = core_len(w, t[next].e - t[next].b);
            int sc = scale_of(w, wn);
            if (sc >= 2 && wn > 2) {
                dec_shift(&d, sc);
                next++;
            }
        }
        size_t end = t[next - 1].e;
        const char *unit = NULL;
        char noun[32] = "";
        if (!percent && next < nt) {
            const char *w = phrase + t[next].b;
            size_t wn = core_len(w, t[next].e - t[next].b);
            if (word_is(w, wn, "percent") || word_is(w, wn, "%")) {
                percent = true;
                end = t[next].e;
            } else if (word_is(w, wn, "per") && next + 1 < nt &&
                       word_is(phrase + t[next + 1].b,
                               core_len(phrase + t[next + 1].b, t[next + 1].e - t[next + 1].b),
                               "cent")) {
                percent = true;
                end = t[next + 1].e;
            } else if (!code && (unit = currency_word(w, wn)) != NULL) {
                code = unit;
                end = t[next].b + wn;
            } else if (!code) {
                /* the noun counted: the last word before a preposition;
                 * "41 of 60 missiles" counts the missiles */
                size_t j = next;
                if (word_is(w, wn, "of") && j + 1 < nt)
                    j++; /* "of" */
                size_t last = (size_t)-1;
                for (; j < nt; j++) {
                    const char *x = phrase + t[j].b;
                    size_t xn = core_len(x, t[j].e - t[j].b);
                    decimal dd;
                    bool number = (xn && is_digit(x[0]) && dec_parse(&dd, x, xn)) ||
                                  small_number(x, xn) >= 0;
                    if (number && last == (size_t)-1 && j > next)
                        continue; /* "of 60" */
                    if (!is_word(x, xn) || is_preposition(x, xn))
                        break;
                    last = j;
                    if (xn != t[j].e - t[j].b)
                        break; /* punctuation ends the phrase */
                }
                if (last != (size_t)-1) {
                    const char *x = phrase + t[last].b;
                    size_t xn = core_len(x, t[last].e - t[last].b);
                    if (xn < sizeof noun) {
                        for (size_t c = 0; c < xn; c++)
                            noun[c] = (char)(x[c] >= 'A' && x[c] <= 'Z' ? x[c] - 'A' + 'a' : x[c]);
                        noun[xn] = '\0';
                    }
                    end = t[last].b + xn;
                }
            }
        }
        if (percent)
            unit = "percent";
        else if (code)
            unit = code;
        else
            unit = noun;
        dec_text(&d, out->value, sizeof out->value);
        snprintf(out->unit, sizeof out->unit, "%s", unit);
        out->begin = t[i].b;
        out->end = end > t[i].b ? end : t[i].e;
        out->number = strtod(out->value, NULL);
        return true;
    }
    return false;
}

bool nk_quantity_same_unit(const nk_quantity *a, const nk_quantity *b)
{
    return strcmp(a->unit, b->unit) == 0;
}
