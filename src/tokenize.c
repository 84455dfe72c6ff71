/* tokenize.c: see tokenize.h.
 *
 * One pass over each line: a scanner cuts the line into tokens (words with
 * their internal connectors, clitics, punctuation runs), marking each with a
 * kind; then a second pass over the line's tokens decides where sentences
 * end.  Everything is linear in the input: no backtracking beyond a few
 * bytes of look-ahead, no recursion.
 */
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

/* ---- token kinds ------------------------------------------------------------ */

enum {
    K_WORD = 0,   /* a word, number, clitic, URL */
    K_ABBR_NEVER, /* abbreviation that never ends a sentence: Mr. Dr. J. */
    K_ABBR_CAN,   /* abbreviation that may end one: U.S. Inc. a.m. */
    K_ABBR_ETC,   /* etc.: ends one before any capitalised word */
    K_TERM,       /* . ! ? ... and runs of them */
    K_OPEN,       /* ( [ { “ ‘ « */
    K_CLOSE,      /* ) ] } ” ’ » */
    K_QUOTE,      /* " ' (direction from the spacing) */
    K_DASH,       /* - -- — – */
    K_PUNCT       /* anything else */
};

typedef struct tok {
    size_t b, e;
    unsigned char kind;
    bool space_after;
} tok;

typedef struct scratch {
    tok *t;
    size_t n, cap;
} scratch;

static void push(scratch *s, size_t b, size_t e, unsigned char kind)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->t = nk_xrealloc(s->t, s->cap * sizeof *s->t);
    }
    s->t[s->n++] = (tok){b, e, kind, false};
}

/* ---- characters ------------------------------------------------------------- */

enum { C_SPACE, C_BREAK, C_WORD, C_PUNCT };

/* Decode the (valid) UTF-8 sequence at S[i], i < len; *n gets its length. */
static uint32_t decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    unsigned char c = s[i];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    size_t k = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + k > len) { /* cannot happen after validation; be safe */
        *n = 1;
        return 0xFFFD;
    }
    uint32_t cp = c & (k == 2 ? 0x1Fu : k == 3 ? 0x0Fu : 0x07u);
    for (size_t j = 1; j < k; j++)
        cp = (cp << 6) | (s[i + j] & 0x3Fu);
    *n = k;
    return cp;
}

static int char_class(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp == '\n' || cp == '\r' || cp == 0)
            return C_BREAK;
        if (cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f')
            return C_SPACE;
        if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
            return C_WORD;
        return cp < 0x20 || cp == 0x7F ? C_SPACE : C_PUNCT;
    }
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85)
        return C_BREAK;
    if (cp < 0xA0)
        return C_SPACE; /* C1 controls */
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
        return C_SPACE;
    if (cp <= 0xBF)
        /* Latin-1 symbols; ª ² ³ µ ¹ º ¼ ½ ¾ behave like letters/digits */
        return (cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 ||
                cp == 0xBA || (cp >= 0xBC && cp <= 0xBE))
                   ? C_WORD
                   : C_PUNCT;
    if (cp == 0xD7 || cp == 0xF7)
        return C_PUNCT;
    if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
        (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2100 && cp <= 0x214F && cp != 0x2122) ||
        (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3001 && cp <= 0x303F) ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0xFE10 && cp <= 0xFE6F && cp != 0xFE20))
        return C_PUNCT;
    return C_WORD; /* letters, marks, digits of other scripts, ZWJ/ZWNJ, ... */
}

/* Combining marks, variation selectors and emoji modifiers stay with the
 * character before them, even a symbol. */
static bool is_extender(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D ||
           (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
}

static bool is_upper_cp(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
           (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F) ||
           (cp >= 0x100 && cp <= 0x17F && (cp % 2) == 0);
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alpha(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int lower(int c) { return is_upper(c) ? c + 32 : c; }

/* ---- the line scanner --------------------------------------------------------- */

typedef struct line {
    const unsigned char *s; /* the whole text */
    size_t len;             /* text length */
    size_t end;             /* end of the current line */
} line;

static int cls_at(const line *L, size_t i)
{
    if (i >= L->end)
        return C_BREAK;
    size_t n;
    return char_class(decode(L->s, L->len, i, &n));
}

static uint32_t cp_at(const line *L, size_t i, size_t *n)
{
    if (i >= L->end) {
        *n = 0;
        return 0;
    }
    return decode(L->s, L->len, i, n);
}

/* An apostrophe (' or ’) at I: its length in bytes, else 0. */
static size_t apos_at(const line *L, size_t i)
{
    if (i < L->end && L->s[i] == '\'')
        return 1;
    if (i + 3 <= L->end && L->s[i] == 0xE2 && L->s[i + 1] == 0x80 &&
        L->s[i + 2] == 0x99)
        return 3;
    return 0;
}

static bool word_at(const line *L, size_t i) { return cls_at(L, i) == C_WORD; }

/* Case-insensitive ASCII match of WORD (lower case) at I, followed by a
 * non-word character. */
static bool match_word_end(const line *L, size_t i, const char *word)
{
    size_t k = 0;
    for (; word[k]; k++)
        if (i + k >= L->end || lower(L->s[i + k]) != word[k])
            return false;
    return !word_at(L, i + k);
}

/* A clitic starting at I (after an attached word): 's 're 've 'll 'd 'm and
 * n't.  Returns its length in bytes or 0. */
static size_t clitic_at(const line *L, size_t i)
{
    size_t a;
    if (i < L->end && (L->s[i] == 'n' || L->s[i] == 'N') && (a = apos_at(L, i + 1)) &&
        match_word_end(L, i + 1 + a, "t"))
        return 2 + a;
    if (!(a = apos_at(L, i)))
        return 0;
    static const char *const cl[] = {"s", "re", "ve", "ll", "d", "m"};
    for (size_t k = 0; k < sizeof cl / sizeof *cl; k++)
        if (match_word_end(L, i + a, cl[k]))
            return a + strlen(cl[k]);
    return 0;
}

static bool is_url_start(const line *L, size_t i)
{
    static const char *const pre[] = {"http://", "https://", "ftp://", "www.", "mailto:"};
    for (size_t k = 0; k < sizeof pre / sizeof *pre; k++) {
        size_t n = strlen(pre[k]);
        if (i + n < L->end) {
            size_t j = 0;
            while (j < n && lower(L->s[i + j]) == pre[k][j])
                j++;
            if (j == n)
                return true;
        }
    }
    return false;
}

/* End of a URL starting at I: up to whitespace, without trailing
 * punctuation (an unbalanced closing bracket, quotes, . , ; : ! ?). */
static size_t url_end(const line *L, size_t i)
{
    size_t e = i;
    int parens = 0;
    while (e < L->end) {
        size_t n;
        uint32_t cp = cp_at(L, e, &n);
        int c = char_class(cp);
        if (c == C_SPACE || c == C_BREAK || cp == '<' || cp == '>' || cp == '"')
            break;
        if (cp == '(')
            parens++;
        else if (cp == ')')
            parens--;
        e += n;
    }
    for (;;) {
        unsigned char c = L->s[e - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' ||
            c == '\'' || (c == ')' && parens < 0)) {
            if (c == ')')
                parens++;
            e--;
        } else if (e - i > 3 && L->s[e - 3] == 0xE2 && L->s[e - 2] == 0x80 &&
                   (c == 0x9D || c == 0x99)) {
            e -= 3;
        } else {
            break;
        }
        if (e - i <= 4)
            break;
    }
    return e;
}

/* An e-mail address (or a mail system's "Name@ORG") starting at B: the
 * run of non-space characters up to < > " ( ) [ ], when it holds an '@'
 * between word characters.  Returns its end without trailing punctuation,
 * or 0 when there is no address here. */
static size_t email_end(const line *L, size_t b)
{
    size_t e = b, at = 0;
    while (e < L->end) {
        unsigned char c = L->s[e];
        if (c == ' ' || c == '\t' || c == '<' || c == '>' || c == '"' || c == '(' ||
            c == ')' || c == '[' || c == ']' || c == ',' || c == ';' || c >= 0x80)
            break;
        if (c == '@' && e > b && !at && word_at(L, e + 1) && word_at(L, e - 1))
            at = e;
        e++;
    }
    if (!at)
        return 0;
    while (e > at + 1 && !is_alpha(L->s[e - 1]) && !is_digit(L->s[e - 1]))
        e--;
    return e;
}

/* Whole words that UD English splits without an apostrophe: "cannot",
 * "gonna", and the apostrophe-less contractions of web text ("dont"). */
static size_t split_point(const line *L, size_t b, size_t e)
{
    static const struct {
        const char *w;
        unsigned char cut;
    } table[] = {
        {"cannot", 3}, {"gonna", 3}, {"wanna", 3}, {"gotta", 3}, {"dont", 2},
        {"didnt", 3}, {"doesnt", 4}, {"cant", 2}, {"wont", 2}, {"isnt", 2},
        {"wasnt", 3}, {"arent", 3}, {"werent", 4}, {"couldnt", 5}, {"wouldnt", 5},
        {"shouldnt", 6}, {"havent", 4}, {"hasnt", 3}, {"hadnt", 3}, {"aint", 2},
        {"im", 1}, {"ive", 1}, {"youre", 3}, {"thats", 4}, {"whats", 4}, {"theres", 5},
    };
    size_t n = e - b;
    if (n < 2 || n > 8)
        return 0;
    for (size_t k = 0; k < sizeof table / sizeof *table; k++) {
        const char *w = table[k].w;
        if (lower(L->s[b]) != w[0] || strlen(w) != n)
            continue;
        size_t j = 0;
        while (j < n && lower(L->s[b + j]) == w[j])
            j++;
        if (j == n) {
            /* "Im"/"im" only as a word on its own: not "IM" (instant message) */
            if (n == 2 && L->s[b + 1] == 'M')
                return 0;
            return table[k].cut;
        }
    }
    return 0;
}

/* Abbreviations (without their final period) and how they end sentences. */
typedef struct abbrev {
    const char *w;
    unsigned char kind;
    bool before_digit; /* only an abbreviation before a number: "No. 5" */
} abbrev;

static const abbrev ABBREVS[] = {
    /* titles and name parts: never end a sentence */
    {"Mr", K_ABBR_NEVER, 0}, {"Mrs", K_ABBR_NEVER, 0}, {"Ms", K_ABBR_NEVER, 0},
    {"Dr", K_ABBR_NEVER, 0}, {"Prof", K_ABBR_NEVER, 0}, {"Rev", K_ABBR_NEVER, 0},
    {"Hon", K_ABBR_NEVER, 0}, {"St", K_ABBR_NEVER, 0}, {"Mt", K_ABBR_NEVER, 0},
    {"Ft", K_ABBR_NEVER, 0}, {"Gen", K_ABBR_NEVER, 0}, {"Lt", K_ABBR_NEVER, 0},
    {"Col", K_ABBR_NEVER, 0}, {"Maj", K_ABBR_NEVER, 0}, {"Capt", K_ABBR_NEVER, 0},
    {"Sgt", K_ABBR_NEVER, 0}, {"Cpl", K_ABBR_NEVER, 0}, {"Adm", K_ABBR_NEVER, 0},
    {"Cmdr", K_ABBR_NEVER, 0}, {"Gov", K_ABBR_NEVER, 0}, {"Sen", K_ABBR_NEVER, 0},
    {"Rep", K_ABBR_NEVER, 0}, {"Pres", K_ABBR_NEVER, 0}, {"Supt", K_ABBR_NEVER, 0},
    {"Insp", K_ABBR_NEVER, 0}, {"Det", K_ABBR_NEVER, 0}, {"Messrs", K_ABBR_NEVER, 0},
    {"Mme", K_ABBR_NEVER, 0}, {"Mmes", K_ABBR_NEVER, 0}, {"Fr", K_ABBR_NEVER, 0},
    {"Sr", K_ABBR_CAN, 0}, {"Jr", K_ABBR_CAN, 0}, {"vs", K_ABBR_NEVER, 0},
    {"v", K_ABBR_NEVER, 0}, {"cf", K_ABBR_NEVER, 0}, {"approx", K_ABBR_NEVER, 0},
    {"ca", K_ABBR_NEVER, 0}, {"viz", K_ABBR_NEVER, 0}, {"Ave", K_ABBR_CAN, 0},
    {"Blvd", K_ABBR_CAN, 0}, {"Rd", K_ABBR_CAN, 0}, {"Sq", K_ABBR_CAN, 0},
    /* months and days: mostly before a number */
    {"Jan", K_ABBR_NEVER, 0}, {"Feb", K_ABBR_NEVER, 0}, {"Mar", K_ABBR_NEVER, 0},
    {"Apr", K_ABBR_NEVER, 0}, {"Jun", K_ABBR_NEVER, 0}, {"Jul", K_ABBR_NEVER, 0},
    {"Aug", K_ABBR_NEVER, 0}, {"Sep", K_ABBR_NEVER, 0}, {"Sept", K_ABBR_NEVER, 0},
    {"Oct", K_ABBR_NEVER, 0}, {"Nov", K_ABBR_NEVER, 0}, {"Dec", K_ABBR_NEVER, 0},
    {"Mon", K_ABBR_NEVER, 0}, {"Tue", K_ABBR_NEVER, 0}, {"Tues", K_ABBR_NEVER, 0},
    {"Wed", K_ABBR_NEVER, 0}, {"Thu", K_ABBR_NEVER, 0}, {"Thur", K_ABBR_NEVER, 0},
    {"Thurs", K_ABBR_NEVER, 0}, {"Fri", K_ABBR_NEVER, 0},
    /* company and other endings: can end a sentence */
    {"Inc", K_ABBR_CAN, 0}, {"Ltd", K_ABBR_CAN, 0}, {"Co", K_ABBR_CAN, 0},
    {"Corp", K_ABBR_CAN, 0}, {"Bros", K_ABBR_CAN, 0}, {"Plc", K_ABBR_CAN, 0},
    {"Dept", K_ABBR_CAN, 0}, {"Univ", K_ABBR_CAN, 0}, {"Assn", K_ABBR_CAN, 0},
    {"Govt", K_ABBR_CAN, 0}, {"est", K_ABBR_CAN, 0}, {"etc", K_ABBR_ETC, 0},
    {"Calif", K_ABBR_CAN, 0}, {"Conn", K_ABBR_CAN, 0}, {"Fla", K_ABBR_CAN, 0},
    {"Ill", K_ABBR_CAN, 0}, {"Mass", K_ABBR_CAN, 0}, {"Mich", K_ABBR_CAN, 0},
    {"Minn", K_ABBR_CAN, 0}, {"Ont", K_ABBR_CAN, 0}, {"Ariz", K_ABBR_CAN, 0},
    {"Colo", K_ABBR_CAN, 0}, {"Tenn", K_ABBR_CAN, 0}, {"Okla", K_ABBR_CAN, 0},
    {"Sat", K_ABBR_NEVER, 0}, {"Mex", K_ABBR_CAN, 0}, {"Penn", K_ABBR_CAN, 0},
    {"al", K_ABBR_CAN, 0}, {"eg", K_ABBR_NEVER, 0}, {"ie", K_ABBR_NEVER, 0},
    /* only before a number */
    {"No", K_ABBR_NEVER, 1}, {"no", K_ABBR_NEVER, 1}, {"Nos", K_ABBR_NEVER, 1},
    {"Nr", K_ABBR_NEVER, 1}, {"Vol", K_ABBR_NEVER, 1}, {"vol", K_ABBR_NEVER, 1},
    {"p", K_ABBR_NEVER, 1}, {"pp", K_ABBR_NEVER, 1}, {"Fig", K_ABBR_NEVER, 1},
    {"fig", K_ABBR_NEVER, 1}, {"Art", K_ABBR_NEVER, 1}, {"art", K_ABBR_NEVER, 1},
    {"Ch", K_ABBR_NEVER, 1}, {"ch", K_ABBR_NEVER, 1}, {"Sec", K_ABBR_NEVER, 1},
    {"sec", K_ABBR_NEVER, 1}, {"Ex", K_ABBR_NEVER, 1}, {"Rs", K_ABBR_NEVER, 1},
};

/* Abbreviations with inner periods that never end a sentence. */
static const char *const DOTTED_NEVER[] = {"e.g", "i.e", "E.g", "I.e"};

/* Does the word [b,e), followed by a period at e, keep that period?
 * Returns the kind of the abbreviation or K_WORD. */
static unsigned char abbrev_kind(const line *L, size_t b, size_t e)
{
    const unsigned char *w = L->s + b;
    size_t n = e - b;
    /* the first non-space after the period, for "No. 5" */
    size_t k = e + 1;
    while (k < L->end && (L->s[k] == ' ' || L->s[k] == '\t'))
        k++;
    bool digit_next = k < L->end && is_digit(L->s[k]);
    for (size_t i = 0; i < sizeof ABBREVS / sizeof *ABBREVS; i++) {
        const abbrev *a = &ABBREVS[i];
        if (a->w[0] == w[0] && strlen(a->w) == n && memcmp(a->w, w, n) == 0) {
            if (a->before_digit && !digit_next)
                return K_WORD;
            return a->kind;
        }
    }
    for (size_t i = 0; i < sizeof DOTTED_NEVER / sizeof *DOTTED_NEVER; i++)
        if (strlen(DOTTED_NEVER[i]) == n && memcmp(DOTTED_NEVER[i], w, n) == 0)
            return K_ABBR_NEVER;
    /* an initial: "J." */
    if (n == 1 && is_upper(w[0]))
        return K_ABBR_NEVER;
    /* letters with inner periods, segments of one or two letters: U.S, a.m,
     * Ph.D, D.C */
    bool dotted = false;
    size_t seg = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '.') {
            if (seg == 0)
                return K_WORD;
            dotted = true;
            seg = 0;
        } else if (is_alpha(w[i]) && seg < 2) {
            seg++;
        } else {
            return K_WORD;
        }
    }
    return dotted ? K_ABBR_CAN : K_WORD;
}

/* Is the part of the word before the hyphen at Q (back to B or the
 * previous hyphen) a prefix that UD English keeps attached ("e-mail",
 * "non-profit", "co-workers")?  Other hyphenated compounds are split. */
static bool prefix_before(const line *L, size_t b, size_t q)
{
    static const char *const pre[] = {
        "e", "non", "re", "anti", "pre", "co", "pro", "mid", "cross", "post", "over",
        "counter", "semi", "ex", "sub", "multi", "mini", "vice", "neo", "inter", "un",
        "socio", "psycho", "micro", "macro", "ultra", "mega", "bi", "tri", "de", "intra",
        "trans", "hyper", "extra", "infra", "pseudo", "quasi", "meta", "geo", "bio"};
    size_t a = q;
    while (a > b && L->s[a - 1] != '-')
        a--;
    size_t n = q - a;
    if (n == 0 || n > 7)
        return false;
    for (size_t k = 0; k < sizeof pre / sizeof *pre; k++) {
        if (strlen(pre[k]) != n)
            continue;
        size_t j = 0;
        while (j < n && lower(L->s[a + j]) == pre[k][j])
            j++;
        if (j == n)
            return true;
    }
    return false;
}

/* A hyphen at Q inside a date like 01-Feb-02. */
static bool month_dash(const line *L, size_t b, size_t q)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    size_t m;
    if (q > b && is_digit(L->s[q - 1]) && q + 5 < L->end && L->s[q + 4] == '-' &&
        is_digit(L->s[q + 5]))
        m = q + 1;
    else if (q >= b + 5 && L->s[q - 4] == '-' && is_digit(L->s[q - 5]) && q + 1 < L->end &&
             is_digit(L->s[q + 1]))
        m = q - 3;
    else
        return false;
    for (size_t k = 0; k < 36; k += 3)
        if (lower(L->s[m]) == months[k] && lower(L->s[m + 1]) == months[k + 1] &&
            lower(L->s[m + 2]) == months[k + 2])
            return true;
    return false;
}

/* Scan a word starting at B (a word character): letters and digits with
 * inner connectors.  Returns its end. */
static size_t scan_word(const line *L, size_t b)
{
    size_t q = b;
    while (q < L->end) {
        size_t n;
        uint32_t cp = cp_at(L, q, &n);
        int c = char_class(cp);
        if (c == C_WORD || (q > b && is_extender(cp))) {
            /* stop before n't */
            if ((cp == 'n' || cp == 'N') && q > b && clitic_at(L, q))
                break;
            q += n;
            continue;
        }
        if (c != C_PUNCT)
            break;
        unsigned char prev = L->s[q - 1];
        unsigned char next = q + 1 < L->end ? L->s[q + 1] : 0;
        bool next_word = word_at(L, q + 1);
        switch (cp) {
        case '.': /* U.S, 1.6, e.g, example.com */
            if (next_word && next != '.') {
                q++;
                continue;
            }
            break;
        case ',': /* 9,000 */
            if (is_digit(prev) && q + 3 < L->end && is_digit(L->s[q + 1]) &&
                is_digit(L->s[q + 2]) && is_digit(L->s[q + 3]) &&
                !(q + 4 < L->end && is_digit(L->s[q + 4]))) {
                q++;
                continue;
            }
            break;
        case ':': /* 10:30 */
            if (is_digit(prev) && is_digit(next)) {
                q++;
                continue;
            }
            break;
        case '-': /* 2024-09-12, 713-555-0100, 01-Feb-02, e-mail, non-profit (but long - range) */
            if (next_word && ((is_digit(prev) && is_digit(next)) || prefix_before(L, b, q) ||
                              month_dash(L, b, q))) {
                q++;
                continue;
            }
            break;
        case '/': /* 9/11, 11/28/2000, b/c */
            if ((is_digit(prev) && is_digit(next)) ||
                ((q == b + 1 || !word_at(L, q - 2)) && is_alpha(prev) && is_alpha(next) &&
                 !word_at(L, q + 2))) {
                q++;
                continue;
            }
            break;
        case '_':
        case '@': /* e-mail */
            if (next_word) {
                q++;
                continue;
            }
            break;
        case '&': /* AT&T, Q&A */
            if (is_upper(prev) && is_upper(next)) {
                q++;
                continue;
            }
            break;
        default: {
            size_t a = apos_at(L, q);
            if (a && is_digit(prev) && match_word_end(L, q + a, "s")) {
                q += a + 1; /* 80's */
                continue;
            }
            if (a && !clitic_at(L, q) && word_at(L, q + a) && is_alpha(prev)) {
                q += a; /* O'Neill, rock'n'roll */
                continue;
            }
            break;
        }
        }
        break;
    }
    return q;
}

/* Tokenize the line [B, L->end) into S. */
static void scan_line(const line *L, size_t b, scratch *S)
{
    size_t p = b;
    size_t word_end = (size_t)-1; /* end of the last word token, for clitics */
    while (p < L->end) {
        size_t n;
        uint32_t cp = cp_at(L, p, &n);
        int c = char_class(cp);
        if (c == C_SPACE || c == C_BREAK) {
            p += n;
            continue;
        }
        /* clitics after a word: 's n't 'll ... */
        if (p == word_end && !(apos_at(L, p) && is_digit(L->s[p - 1]))) {
            size_t k = clitic_at(L, p);
            if (k) {
                push(S, p, p + k, K_WORD);
                p += k;
                continue;
            }
        }
        if ((cp == 'h' || cp == 'H' || cp == 'w' || cp == 'W' || cp == 'f' || cp == 'F' ||
             cp == 'm' || cp == 'M') &&
            is_url_start(L, p)) {
            size_t e = url_end(L, p);
            push(S, p, e, K_WORD);
            p = word_end = e;
            continue;
        }
        if (c == C_WORD) {
            size_t e = email_end(L, p);
            if (e) {
                push(S, p, e, K_WORD);
                p = word_end = e;
                continue;
            }
            e = scan_word(L, p);
            size_t cut = split_point(L, p, e);
            if (cut) {
                push(S, p, p + cut, K_WORD);
                push(S, p + cut, e, K_WORD);
                p = word_end = e;
                continue;
            }
            /* 5pm, 10:30am -> number + am/pm */
            if (e - p >= 3 && is_digit(L->s[p]) && (lower(L->s[e - 1]) == 'm') &&
                (lower(L->s[e - 2]) == 'a' || lower(L->s[e - 2]) == 'p') &&
                is_digit(L->s[e - 3])) {
                push(S, p, e - 2, K_WORD);
                push(S, e - 2, e, K_WORD);
                p = word_end = e;
                continue;
            }
            unsigned char kind = K_WORD;
            if (e < L->end && L->s[e] == '.' && !(e + 1 < L->end && L->s[e + 1] == '.')) {
                kind = abbrev_kind(L, p, e);
                if (kind != K_WORD)
                    e++;
            }
            push(S, p, e, kind);
            p = word_end = e;
            continue;
        }
        /* punctuation */
        size_t e = p + n;
        unsigned char kind = K_PUNCT;
        switch (cp) {
        case '.':
        case '!':
        case '?':
            /* . ... ?! .? !!! are one token each */
            while (e < L->end && (L->s[e] == '.' || L->s[e] == '!' || L->s[e] == '?'))
                e++;
            kind = K_TERM;
            break;
        case '-':
            while (e < L->end && L->s[e] == '-')
                e++;
            kind = K_DASH;
            break;
        case '\'':
            /* '68, '90s */
            if (p + 2 < L->end && is_digit(L->s[p + 1]) && is_digit(L->s[p + 2]) &&
                (!word_at(L, p + 3) || match_word_end(L, p + 3, "s")) &&
                (p == b || !word_at(L, p - 1))) {
                e = p + 3 + (p + 3 < L->end && L->s[p + 3] == 's');
                kind = K_WORD;
                break;
            }
            kind = K_QUOTE;
            break;
        case '"':
            kind = K_QUOTE;
            break;
        case '(':
        case '[':
        case '{':
        case 0x201C: /* “ */
        case 0x2018: /* ‘ */
        case 0xAB:   /* « */
        case 0x201E: /* „ */
            kind = K_OPEN;
            break;
        case '`':
            while (e < L->end && L->s[e] == '`')
                e++;
            kind = K_OPEN;
            break;
        case ')':
        case ']':
        case '}':
        case 0x201D: /* ” */
        case 0x2019: /* ’ */
        case 0xBB:   /* » */
            kind = K_CLOSE;
            break;
        case 0x2026: /* … */
            kind = K_TERM;
            break;
        case 0x2013: /* – */
        case 0x2014: /* — */
        case 0x2015:
            while (e + 3 <= L->end && L->s[e] == L->s[p] &&
                   L->s[e + 1] == L->s[p + 1] && L->s[e + 2] == L->s[p + 2])
                e += 3;
            kind = K_DASH;
            break;
        case ':':
        case ';':
        case '=':
            /* emoticons :) :( :-) ;) :D :P */
            if (cp != '=' && e < L->end) {
                size_t f = e;
                if (L->s[f] == '-')
                    f++;
                if (f < L->end && (L->s[f] == ')' || L->s[f] == '(' || L->s[f] == 'D' ||
                                   L->s[f] == 'P' || L->s[f] == 'p') &&
                    !word_at(L, f + 1) && (p == b || cls_at(L, p - 1) != C_WORD)) {
                    e = f + 1;
                    break;
                }
            }
            if (cp == '=')
                while (e < L->end && L->s[e] == '=')
                    e++;
            break;
        case '*':
        case '_':
        case '~':
        case '#':
        case '+':
        case '<':
        case '>':
        case '/':
        case '^':
            /* runs of the same symbol: *** ==== >>> */
            while (e < L->end && L->s[e] == (unsigned char)cp)
                e++;
            break;
        default:
            break;
        }
        /* keep combining marks and emoji modifiers with the symbol */
        while (e < L->end) {
            size_t m;
            uint32_t x = cp_at(L, e, &m);
            if (!is_extender(x))
                break;
            e += m;
            if (x == 0x200D && e < L->end) { /* ZWJ joins the next symbol */
                cp_at(L, e, &m);
                e += m;
            }
        }
        push(S, p, e, kind);
        p = e;
    }
}

/* ---- sentence boundaries ------------------------------------------------------ */

static bool tok_is(const line *L, const tok *t, const char *w)
{
    size_t n = strlen(w);
    return t->e - t->b == n && memcmp(L->s + t->b, w, n) == 0;
}

static bool starts_upper(const line *L, const tok *t)
{
    size_t n;
    return is_upper_cp(decode(L->s, L->len, t->b, &n));
}

static bool starts_lower(const line *L, const tok *t)
{
    unsigned char c = L->s[t->b];
    return t->kind == K_WORD && c >= 'a' && c <= 'z';
}

/* Could token T open a sentence? */
static bool starts_sentence(const line *L, const tok *t)
{
    if (t->kind == K_OPEN || t->kind == K_QUOTE)
        return true;
    unsigned char c = L->s[t->b];
    return is_digit(c) || starts_upper(L, t);
}

/* Capitalised words that typically begin a sentence: after an abbreviation
 * that can end one ("the U.S. The president"). */
static bool typical_starter(const line *L, const tok *t)
{
    static const char *const w[] = {
        "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They",
        "We", "I", "You", "His", "Her", "Its", "Their", "Our", "My", "But", "And",
        "However", "In", "On", "At", "For", "As", "If", "When", "While", "After",
        "Before", "There", "Here", "What", "Who", "Why", "How", "Where", "So", "Yet",
        "Also", "Meanwhile", "Some", "Many", "Most", "Both", "Such", "Other", "Then",
        "Now", "Today", "Yesterday", "Not", "Although", "Though", "Since", "Because",
        "Despite", "According", "Under", "With", "By", "From", "During", "Last",
        "Earlier", "Later", "Officials", "Police", "Its", "One", "Two", "All", "Each",
        "Please", "Thanks", "Thank",
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_is(L, t, w[i]))
            return true;
    return false;
}

static bool month_name(const line *L, const tok *t)
{
    /* full names and the short forms datelines use, with or without a period */
    static const char *const m[] = {"January", "February", "March", "April", "May",
                                    "June", "July", "August", "September", "October",
                                    "November", "December", "Jan", "Feb", "Mar", "Apr",
                                    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                                    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.",
                                    "Sep.", "Sept.", "Oct.", "Nov.", "Dec."};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (tok_is(L, t, m[i]))
            return true;
    return false;
}

static bool all_caps_word(const line *L, const tok *t)
{
    size_t letters = 0;
    for (size_t i = t->b; i < t->e; i++) {
        unsigned char c = L->s[i];
        if (c >= 'a' && c <= 'z')
            return false;
        if (is_upper(c))
            letters++;
        else if (c < 0x80 && c != '.' && c != '-' && c != '\'')
            return false;
    }
    return letters >= 2;
}

/* A dateline opening the line: "KHARTOUM, June 4 -", "THE HAGUE --",
 * "WASHINGTON (Reuters) -", "SAN JOSE, California, Oct 23 -".  Returns the index of its dash, or 0. */
static size_t dateline_dash(const line *L, const tok *t, size_t n)
{
    if (n < 3 || !all_caps_word(L, &t[0]))
        return 0;
    for (size_t i = 1; i < n && i < 12; i++) {
        if (t[i].kind == K_DASH)
            return i + 1 < n && starts_sentence(L, &t[i + 1]) ? i : 0;
        bool ok = all_caps_word(L, &t[i]) || tok_is(L, &t[i], ",") || t[i].kind == K_OPEN ||
                  t[i].kind == K_CLOSE || is_digit(L->s[t[i].b]) || t[i].kind == K_ABBR_NEVER ||
                  month_name(L, &t[i]) ||
                  (i > 1 && t[i - 1].kind == K_OPEN && starts_upper(L, &t[i])) ||
                  /* "SAN JOSE, California, Oct 23 -": the place's region */
                  (i > 1 && tok_is(L, &t[i - 1], ",") && all_caps_word(L, &t[i - 2]) &&
                   starts_upper(L, &t[i]));
        if (!ok)
            return 0;
    }
    return 0;
}

/* Mark in CUT[i] that a sentence ends after token i of the line.  Returns
 * the index of a dateline's dash (the dateline is tokens 0..d), or 0. */
static size_t find_boundaries(const line *L, const tok *t, size_t n, bool *cut,
                              bool article_start)
{
    size_t d = article_start ? dateline_dash(L, t, n) : 0;
    if (d)
        cut[d] = true;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char k = t[i].kind;
        if (k == K_TERM) {
            size_t j = i + 1;
            /* closing quotes and brackets attached to the punctuation */
            while (j < n && !t[j - 1].space_after &&
                   (t[j].kind == K_CLOSE || t[j].kind == K_QUOTE ||
                    /* “ typed where ” was meant: `decision.“ However` */
                    (t[j].kind == K_OPEN && L->s[t[j].b] != '(' && L->s[t[j].b] != '[' &&
                     L->s[t[j].b] != '{' && (t[j].space_after || j + 1 == n)) ||
                    (t[j].kind == K_TERM && t[j - 1].kind != K_TERM)))
                j++;
            /* after . ! ? even a lower-case word starts a sentence (web text
             * and chat: "nice sarcasm. that's fine"), since abbreviations
             * keep their period; after an ellipsis only a capital does */
            bool ellipsis = t[i].e - t[i].b > 1 && L->s[t[i].b] == '.' && L->s[t[i].b + 1] == '.';
            if (!ellipsis && L->s[t[i].b] == 0xE2)
                ellipsis = true; /* … */
            if (j < n && t[j - 1].space_after &&
                (starts_sentence(L, &t[j]) ||
                 /* not after a quotation: `"Stop!" she said` */
                 (!ellipsis && j == i + 1 && starts_lower(L, &t[j]))))
                cut[j - 1] = true;
            i = j - 1;
        } else if ((k == K_ABBR_CAN || k == K_ABBR_ETC) && t[i].space_after) {
            size_t j = i + 1;
            if (t[j].kind == K_TERM) /* "U.S.." */
                continue;
            if (k == K_ABBR_ETC ? starts_upper(L, &t[j]) : typical_starter(L, &t[j]))
                cut[i] = true;
        }
    }
    return d;
}

/* ---- output -------------------------------------------------------------------- */

static void emit(nk_doc *doc, const tok *t, size_t n)
{
    if (n == 0)
        return;
    nk_sentence *s = nk_doc_add_sentence(doc, n);
    for (size_t i = 0; i < n; i++) {
        nk_token *o = &s->tokens[i];
        o->begin = t[i].b;
        o->end = t[i].e;
        o->form = nk_arena_strndup(doc->arena, doc->text + t[i].b, t[i].e - t[i].b);
        o->head = -1;
        o->space_after = t[i].space_after;
    }
    s->ntokens = n;
    s->begin = t[0].b;
    s->end = t[n - 1].e;
    s->text = nk_arena_strndup(doc->arena, doc->text + s->begin, s->end - s->begin);
}

/* End of the line starting at B: the next \n, \r, NUL, U+0085, U+2028 or
 * U+2029. */
static size_t line_end(const unsigned char *s, size_t len, size_t b)
{
    size_t i = b;
    while (i < len) {
        unsigned char c = s[i];
        if (c == '\n' || c == '\r' || c == 0)
            return i;
        if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
            return i;
        if (c == 0xC2 && i + 1 < len && s[i + 1] == 0x85)
            return i;
        i++;
    }
    return len;
}

int nk_tokenize_check(const char *name, const char *text, size_t len, nk_diag_sink *sink)
{
    size_t bad = 0;
    if (!text || nk_utf8_valid(text, len, &bad))
        return NK_OK;
    unsigned ln, col;
    nk_line_col(text, len, bad, &ln, &col);
    nk_diag_report(sink, NK_ERROR, name, ln, col, bad,
                   "invalid UTF-8 at byte offset %zu (byte 0x%02X)", bad,
                   (unsigned)(unsigned char)text[bad]);
    return NK_ERR_PARSE;
}

int nk_tokenize(nk_doc *doc, nk_diag_sink *sink)
{
    if (!doc->text || doc->len == 0)
        return NK_OK;
    NK_TRY(nk_tokenize_check(doc->name, doc->text, doc->len, sink));
    nk_tokenize_range(doc, 0, doc->len, 0);
    return NK_OK;
}

unsigned nk_tokenize_range(nk_doc *doc, size_t begin, size_t end, unsigned lines)
{
    const unsigned char *s = (const unsigned char *)doc->text;
    scratch S = {0};
    bool *cut = NULL;
    size_t cutcap = 0;
    size_t b = begin;
    /* LINES: non-blank lines so far */
    while (b < end) {
        line L = {s, end, line_end(s, end, b)};
        S.n = 0;
        scan_line(&L, b, &S);
        if (S.n) {
            for (size_t i = 0; i < S.n; i++) {
                size_t e = S.t[i].e;
                S.t[i].space_after = e >= L.end || cls_at(&L, e) == C_SPACE;
            }
            if (S.n > cutcap) {
                cutcap = S.n * 2;
                free(cut);
                cut = nk_xmalloc(cutcap * sizeof *cut);
            }
            memset(cut, 0, S.n * sizeof *cut);
            /* datelines are looked for in the first lines of the text */
            size_t dateline = find_boundaries(&L, S.t, S.n, cut, lines < 5);
            lines++;
            size_t first = 0;
            for (size_t i = 0; i < S.n; i++)
                if (cut[i] || i + 1 == S.n || i + 1 - first >= NK_TOKENIZE_MAX_SENTENCE) {
                    emit(doc, S.t + first, i + 1 - first);
                    if (dateline && first == 0 && i == dateline && doc->nsentences)
                        doc->sentences[doc->nsentences - 1].dateline = true;
                    first = i + 1;
                }
        }
        /* skip the line break (\r\n counts once) */
        b = L.end;
        if (b < end) {
            if (s[b] == '\r' && b + 1 < end && s[b + 1] == '\n')
                b += 2;
            else if (s[b] == 0xE2)
                b += 3;
            else if (s[b] == 0xC2)
                b += 2;
            else
                b++;
        }
    }
    free(S.t);
    free(cut);
    return lines;
}
