/* lemmatizer.c: irregular-verb table and English inflection rules. */
#include "lemmatizer.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Irregular verbs: lemma, then its irregular past and participle forms
 * (space-separated; forms equal to the lemma are left out).  Where a form
 * belongs to two verbs the more common reading comes first ("lay" -> lie,
 * "found" -> find, "saw" -> see). */
static const char *const IRREGULAR[][2] = {
    {"be", "was were been"},
    {"have", "had"},
    {"do", "did done"},
    {"go", "went gone"},
    {"say", "said"},
    {"make", "made"},
    {"get", "got gotten"},
    {"take", "took taken"},
    {"come", "came"},
    {"see", "saw seen"},
    {"know", "knew known"},
    {"give", "gave given"},
    {"find", "found"},
    {"think", "thought"},
    {"tell", "told"},
    {"become", "became"},
    {"leave", "left"},
    {"feel", "felt"},
    {"bring", "brought"},
    {"begin", "began begun"},
    {"keep", "kept"},
    {"hold", "held"},
    {"write", "wrote written"},
    {"stand", "stood"},
    {"hear", "heard"},
    {"mean", "meant"},
    {"meet", "met"},
    {"run", "ran"},
    {"pay", "paid"},
    {"sit", "sat"},
    {"speak", "spoke spoken"},
    {"lie", "lay lain"},
    {"lay", "laid"},
    {"lead", "led"},
    {"grow", "grew grown"},
    {"lose", "lost"},
    {"fall", "fell fallen"},
    {"send", "sent"},
    {"build", "built"},
    {"spend", "spent"},
    {"win", "won"},
    {"sell", "sold"},
    {"buy", "bought"},
    {"seek", "sought"},
    {"flee", "fled"},
    {"strike", "struck stricken"},
    {"draw", "drew drawn"},
    {"throw", "threw thrown"},
    {"bear", "bore borne born"},
    {"hang", "hung"},
    {"shoot", "shot"},
    {"fight", "fought"},
    {"catch", "caught"},
    {"teach", "taught"},
    {"break", "broke broken"},
    {"choose", "chose chosen"},
    {"drive", "drove driven"},
    {"rise", "rose risen"},
    {"arise", "arose arisen"},
    {"eat", "ate eaten"},
    {"drink", "drank drunk"},
    {"fly", "flew flown"},
    {"forget", "forgot forgotten"},
    {"forgive", "forgave forgiven"},
    {"forbid", "forbade forbidden"},
    {"freeze", "froze frozen"},
    {"hide", "hid hidden"},
    {"ride", "rode ridden"},
    {"ring", "rang rung"},
    {"sing", "sang sung"},
    {"sink", "sank sunk"},
    {"shrink", "shrank shrunk"},
    {"spring", "sprang sprung"},
    {"swim", "swam swum"},
    {"steal", "stole stolen"},
    {"swear", "swore sworn"},
    {"tear", "tore torn"},
    {"wear", "wore worn"},
    {"wake", "woke woken"},
    {"awake", "awoke awoken"},
    {"weave", "wove woven"},
    {"shake", "shook shaken"},
    {"blow", "blew blown"},
    {"show", "shown"},
    {"sew", "sewn"},
    {"sow", "sown"},
    {"swell", "swollen"},
    {"prove", "proven"},
    {"bite", "bit bitten"},
    {"slide", "slid"},
    {"stride", "strode stridden"},
    {"strive", "strove striven"},
    {"tread", "trod trodden"},
    {"slay", "slew slain"},
    {"bend", "bent"},
    {"bind", "bound"},
    {"bleed", "bled"},
    {"breed", "bred"},
    {"feed", "fed"},
    {"speed", "sped"},
    {"cling", "clung"},
    {"fling", "flung"},
    {"sling", "slung"},
    {"sting", "stung"},
    {"string", "strung"},
    {"swing", "swung"},
    {"wring", "wrung"},
    {"stink", "stank stunk"},
    {"stick", "stuck"},
    {"dig", "dug"},
    {"spin", "spun"},
    {"creep", "crept"},
    {"sleep", "slept"},
    {"sweep", "swept"},
    {"weep", "wept"},
    {"kneel", "knelt"},
    {"deal", "dealt"},
    {"dwell", "dwelt"},
    {"dream", "dreamt"},
    {"lean", "leant"},
    {"leap", "leapt"},
    {"learn", "learnt"},
    {"burn", "burnt"},
    {"smell", "smelt"},
    {"spell", "spelt"},
    {"spill", "spilt"},
    {"spoil", "spoilt"},
    {"lend", "lent"},
    {"light", "lit"},
    {"grind", "ground"},
    {"wind", "wound"},
    {"shine", "shone"},
    {"spit", "spat"},
    {"dive", "dove"},
    {"abide", "abode"},
    {"understand", "understood"},
    {"misunderstand", "misunderstood"},
    {"undergo", "underwent undergone"},
    {"undertake", "undertook undertaken"},
    {NULL, NULL}};

/* Present-tense and -ing forms that rules cannot derive. */
static const char *const IRREGULAR_PRESENT[][2] = {
    {"be", "is are am 's 're 'm art being"},
    {"have", "has 've having"},
    {"do", "does doing"},
    {"go", "goes"},
    {"die", "dying"},
    {"lie", "lying"},
    {"tie", "tying"},
    {NULL, NULL}};

/* Prefixes that combine with irregular verbs: withdrew, overthrew. */
static const char *const PREFIXES[] = {
    "with", "over", "under", "out", "mis", "fore", "up", "un", "re", "be",
    "inter", "counter", NULL};

/* True when WORD occurs as a space-separated item of LIST. */
static int in_list(const char *list, const char *word, size_t n)
{
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, word, n) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* The forms of IRREGULAR, hashed once per process: form -> lemma. */
#define FORM_SLOTS 1024
static struct {
    const char *form; /* points into IRREGULAR's strings (not terminated) */
    size_t len;
    const char *lemma;
} form_table[FORM_SLOTS];
static pthread_once_t form_once = PTHREAD_ONCE_INIT;

static uint32_t form_slot(const char *s, size_t n)
{
    return (uint32_t)nk_hash64(s, n, NK_HASH_SEED) & (FORM_SLOTS - 1);
}

static void build_forms(void)
{
    for (size_t i = 0; IRREGULAR[i][0]; i++) {
        const char *p = IRREGULAR[i][1];
        while (*p) {
            const char *e = strchr(p, ' ');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            uint32_t k = form_slot(p, len);
            while (form_table[k].form &&
                   !(form_table[k].len == len && memcmp(form_table[k].form, p, len) == 0))
                k = (k + 1) & (FORM_SLOTS - 1);
            if (!form_table[k].form) { /* the first verb listed wins */
                form_table[k].form = p;
                form_table[k].len = len;
                form_table[k].lemma = IRREGULAR[i][0];
            }
            if (!e)
                break;
            p = e + 1;
        }
    }
}

/* Lemma of the irregular past form S[0..n), or NULL. */
static const char *past_lookup(const char *s, size_t n)
{
    pthread_once(&form_once, build_forms);
    uint32_t k = form_slot(s, n);
    while (form_table[k].form) {
        if (form_table[k].len == n && memcmp(form_table[k].form, s, n) == 0)
            return form_table[k].lemma;
        k = (k + 1) & (FORM_SLOTS - 1);
    }
    return NULL;
}

static const char *table_lookup(const char *const (*table)[2], const char *form,
                                size_t n)
{
    if (table == IRREGULAR)
        return past_lookup(form, n);
    for (size_t i = 0; table[i][0]; i++)
        if (in_list(table[i][1], form, n))
            return table[i][0];
    return NULL;
}

bool nk_lemma_is_irregular_past(const char *form)
{
    if (!form)
        return false;
    size_t n = strlen(form);
    if (past_lookup(form, n))
        return true;
    for (size_t i = 0; PREFIXES[i]; i++) {
        size_t pl = strlen(PREFIXES[i]);
        if (n >= pl + 3 && memcmp(form, PREFIXES[i], pl) == 0 &&
            past_lookup(form + pl, n - pl))
            return true;
    }
    return false;
}

static int is_past_tag(const char *xpos)
{
    return strcmp(xpos, "VBD") == 0 || strcmp(xpos, "VBN") == 0;
}

const char *nk_lemma_irregular(const char *form, const char *xpos,
                               nk_arena *arena)
{
    if (!form || !xpos)
        return NULL;
    size_t n = strlen(form);
    if (is_past_tag(xpos)) {
        const char *l = table_lookup(IRREGULAR, form, n);
        if (l)
            return l;
        /* prefixed irregular forms: with+drew -> with+draw */
        for (size_t i = 0; PREFIXES[i]; i++) {
            size_t pl = strlen(PREFIXES[i]);
            if (n < pl + 3 || memcmp(form, PREFIXES[i], pl) != 0)
                continue;
            l = table_lookup(IRREGULAR, form + pl, n - pl);
            if (l && arena)
                return nk_arena_printf(arena, "%s%s", PREFIXES[i], l);
        }
        return NULL;
    }
    if (strcmp(xpos, "VBZ") == 0 || strcmp(xpos, "VBP") == 0 ||
        strcmp(xpos, "VBG") == 0)
        return table_lookup(IRREGULAR_PRESENT, form, n);
    return NULL;
}

/* ---- regular inflection ---------------------------------------------------- */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_cons(char c)
{
    return c >= 'a' && c <= 'z' && !is_vowel(c);
}

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* Number of vowel groups (a rough syllable count) of S[0..n). */
static int syllables(const char *s, size_t n)
{
    int groups = 0, prev = 0;
    for (size_t i = 0; i < n; i++) {
        int v = is_vowel(s[i]) || (s[i] == 'y' && i > 0);
        if (v && !prev)
            groups++;
        prev = v;
    }
    return groups;
}

typedef struct cands {
    const char **out;
    size_t n, max;
    nk_arena *arena;
} cands;

/* Add STEM[0..n) + ADD unless already present. */
static void add(cands *c, const char *stem, size_t n, const char *add_s)
{
    if (c->n >= c->max || n == 0)
        return;
    char *s = nk_arena_printf(c->arena, "%.*s%s", (int)n, stem, add_s);
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->out[i], s) == 0)
            return;
    c->out[c->n++] = s;
}

/* Candidates for STEM[0..n), what is left after removing -ed, -ing, -er or
 * -est: the stem itself, the stem + e, or the stem undoubled. */
static void stem_candidates(cands *c, const char *st, size_t n)
{
    if (n == 0)
        return;
    char last = st[n - 1];
    if (n >= 2 && last == st[n - 2] && is_cons(last)) {
        int keep_double = last == 's' || last == 'f' || last == 'z' ||
                          (last == 'l' && (syllables(st, n) <= 1 ||
                                           ends_with(st, n, "stall") ||
                                           ends_with(st, n, "call") ||
                                           ends_with(st, n, "ill")));
        if (keep_double) {
            add(c, st, n, "");
            add(c, st, n - 1, "");
        } else {
            add(c, st, n - 1, "");
            add(c, st, n, "");
        }
        return;
    }
    /* a one-syllable consonant-vowel-consonant stem would have doubled its
     * consonant ("hop" -> "hopped"), so "hoped" comes from "hope" */
    int cvc = n >= 3 && is_cons(last) && last != 'w' && last != 'x' &&
              last != 'y' && is_vowel(st[n - 2]) && !is_vowel(st[n - 3]);
    int wants_e = strchr("cgszvu", last) != NULL ||
                  (n >= 2 && last == 'l' && strchr("bptkdgfz", st[n - 2])) ||
                  (cvc && syllables(st, n) == 1);
    if (last == 'e' || last == 'y' || last == 'w')
        wants_e = 0;
    if (wants_e) {
        add(c, st, n, "e");
        add(c, st, n, "");
    } else {
        add(c, st, n, "");
        add(c, st, n, "e");
    }
}

size_t nk_lemma_candidates(const char *form, const char *xpos, nk_arena *arena,
                           const char **out, size_t max)
{
    cands c = {out, 0, max, arena};
    if (!form || !xpos || !arena)
        return 0;
    size_t n = strlen(form);
    int plural = strcmp(xpos, "NNS") == 0 || strcmp(xpos, "NNPS") == 0;
    if (plural || strcmp(xpos, "VBZ") == 0) {
        if (ends_with(form, n, "ies") && n > 4)
            add(&c, form, n - 3, "y");
        if (plural && ends_with(form, n, "ves")) {
            add(&c, form, n - 3, "f");
            add(&c, form, n - 3, "fe");
        }
        if (plural && ends_with(form, n, "men"))
            add(&c, form, n - 3, "man");
        if (ends_with(form, n, "sses") || ends_with(form, n, "shes") ||
            ends_with(form, n, "ches") || ends_with(form, n, "xes") ||
            ends_with(form, n, "zzes") || ends_with(form, n, "oes"))
            add(&c, form, n - 2, "");
        if (ends_with(form, n, "s") && !ends_with(form, n, "ss") &&
            !ends_with(form, n, "us") && !ends_with(form, n, "is"))
            add(&c, form, n - 1, "");
        if (ends_with(form, n, "es"))
            add(&c, form, n - 2, "");
        add(&c, form, n, "");
        return c.n;
    }
    if (is_past_tag(xpos)) {
        if (ends_with(form, n, "ied") && n > 4)
            add(&c, form, n - 3, "y");
        if (ends_with(form, n, "ed") && n > 3)
            stem_candidates(&c, form, n - 2);
        add(&c, form, n, "");
        return c.n;
    }
    if (strcmp(xpos, "VBG") == 0) {
        if (ends_with(form, n, "ing") && n > 4)
            stem_candidates(&c, form, n - 3);
        add(&c, form, n, "");
        return c.n;
    }
    if (strcmp(xpos, "JJR") == 0 || strcmp(xpos, "RBR") == 0) {
        if (ends_with(form, n, "ier") && n > 4)
            add(&c, form, n - 3, "y");
        if (ends_with(form, n, "er") && n > 3)
            stem_candidates(&c, form, n - 2);
        add(&c, form, n, "");
        return c.n;
    }
    if (strcmp(xpos, "JJS") == 0 || strcmp(xpos, "RBS") == 0) {
        if (ends_with(form, n, "iest") && n > 5)
            add(&c, form, n - 4, "y");
        if (ends_with(form, n, "est") && n > 4)
            stem_candidates(&c, form, n - 3);
        add(&c, form, n, "");
        return c.n;
    }
    add(&c, form, n, "");
    return c.n;
}
