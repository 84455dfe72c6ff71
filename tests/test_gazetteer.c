/* Unit tests for gazetteer.c and the data in ontology/gazetteer.tsv.
 * Run from the repository root with NEWSKG_DATA=. (as `make test` does). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazetteer.h"
#include "test_sink.h"
#include "util.h"

#define ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"


static nk_gazetteer *G; /* the default gazetteer, shared by the tests */

static int setup(void **state)
{
    (void)state;
    seen s = {0};
    nk_diag_sink sink = {record, &s, 0, 0};
    int rc = nk_gazetteer_load(&G, NULL, 0, &sink);
    if (rc != NK_OK || s.errors)
        fprintf(stderr, "gazetteer: %s (%s:%u: %s)\n", nk_strerror(rc),
                s.file, s.line, s.message);
    return rc == NK_OK && s.errors == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nk_gazetteer_free(G);
    G = NULL;
    return 0;
}

/* Split S at spaces into at most MAX tokens kept in BUF. */
static size_t split(char *buf, size_t cap, const char *s, const char **forms,
                    size_t max)
{
    snprintf(buf, cap, "%s", s);
    size_t n = 0;
    for (char *tok = strtok(buf, " "); tok && n < max; tok = strtok(NULL, " "))
        forms[n++] = tok;
    return n;
}

/* Match S (split at spaces); return the tokens matched, *e the entry. */
static size_t m(const char *s, const nk_gaz_entry **e)
{
    char buf[512];
    const char *forms[32];
    size_t n = split(buf, sizeof buf, s, forms, 32);
    return nk_gazetteer_match(G, forms, n, e);
}

static void test_load_default(void **state)
{
    (void)state;
    assert_non_null(G);
    assert_true(nk_gazetteer_size(G) > 1000);
    assert_true(nk_gazetteer_alias_count(G) > 2000);
    size_t countries = 0;
    for (size_t i = 0; i < nk_gazetteer_size(G); i++) {
        const nk_gaz_entry *e = nk_gazetteer_entry(G, i);
        assert_non_null(e->canonical);
        assert_string_equal(e->type, nk_gaz_type_name(e->type_id));
        assert_string_equal(e->kind, nk_gaz_kind_name(e->kind_id));
        if (e->wikidata)
            assert_true(e->wikidata[0] == 'Q');
        countries += e->type_id == NK_GAZ_COUNTRY && e->kind_id == NK_GAZ_NAME;
    }
    assert_true(countries >= 240);
    assert_null(nk_gazetteer_entry(G, nk_gazetteer_size(G)));
    nk_gazetteer_free(NULL);
}

/* Every "name" in iso-codes' ISO 3166-1 list matches a whole name entry.
 * The JSON is scanned for "name": "..." members; no escapes occur there. */
static void test_iso_countries(void **state)
{
    (void)state;
    if (access(ISO_JSON, R_OK) != 0) {
        skip();
        return;
    }
    char *json = NULL;
    size_t len = 0, checked = 0;
    assert_int_equal(nk_file_read(ISO_JSON, &json, &len, NULL), NK_OK);
    const char *key = "\"name\": \"";
    for (const char *p = strstr(json, key); p; p = strstr(p, key)) {
        p += strlen(key);
        const char *end = strchr(p, '"');
        assert_non_null(end);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(end - p), p);
        char buf[512];
        const char *forms[32];
        size_t n = split(buf, sizeof buf, name, forms, 32);
        const nk_gaz_entry *e = NULL;
        size_t got = nk_gazetteer_match_kind(G, forms, n, NK_GAZ_NAME, &e);
        if (got != n)
            fail_msg("ISO country '%s' is not in the gazetteer", name);
        assert_true(e->type_id == NK_GAZ_COUNTRY ||
                    e->type_id == NK_GAZ_LOCATION);
        assert_non_null(e->country);
        checked++;
        p = end;
    }
    free(json);
    assert_true(checked >= 249);
}

typedef struct row {
    char *key; /* "kind\tfolded alias" */
    char *canonical;
    unsigned line;
} row;

static int row_cmp(const void *a, const void *b)
{
    return strcmp(((const row *)a)->key, ((const row *)b)->key);
}

/* An independent check of the TSV: no alias (folded, without a leading
 * "the ") has two different canonicals within one kind. */
static void test_no_conflicts(void **state)
{
    (void)state;
    char *path = nk_data_find("ontology/gazetteer.tsv");
    assert_non_null(path);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(nk_file_read(path, &data, &len, NULL), NK_OK);
    free(path);
    size_t cap = 4096, n = 0;
    row *rows = malloc(cap * sizeof *rows);
    unsigned lineno = 0;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        if (line[0] == '#')
            continue;
        char *f[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4; i++) {
            char *t = strchr(f[i - 1], '\t');
            assert_non_null(t);
            *t = '\0';
            f[i] = t + 1;
        }
        char *t = strchr(f[3], '\t');
        if (t)
            *t = '\0';
        for (char *c = f[0]; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c + 32);
        const char *alias = strncmp(f[0], "the ", 4) == 0 ? f[0] + 4 : f[0];
        if (n == cap)
            rows = realloc(rows, (cap *= 2) * sizeof *rows);
        nk_buf k = {0};
        nk_buf_printf(&k, "%s\t%s", f[3], alias);
        rows[n].key = nk_buf_detach(&k);
        rows[n].canonical = f[1];
        rows[n].line = lineno;
        n++;
    }
    qsort(rows, n, sizeof *rows, row_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(rows[i].key, rows[i - 1].key) == 0 &&
            strcmp(rows[i].canonical, rows[i - 1].canonical) != 0)
            fail_msg("alias '%s' is '%s' and '%s'", rows[i].key,
                     rows[i - 1].canonical, rows[i].canonical);
    for (size_t i = 0; i < n; i++)
        free(rows[i].key);
    free(rows);
    free(data);
}

static void expect(const char *text, size_t ntok, const char *canonical,
                   const char *kind, const char *qid)
{
    const nk_gaz_entry *e = NULL;
    size_t got = m(text, &e);
    if (got != ntok)
        fail_msg("'%s': matched %zu tokens, expected %zu", text, got, ntok);
    if (!ntok) {
        assert_null(e);
        return;
    }
    assert_non_null(e);
    assert_string_equal(e->canonical, canonical);
    assert_string_equal(e->kind, kind);
    if (qid)
        assert_string_equal(e->wikidata, qid);
}

static void test_countries(void **state)
{
    (void)state;
    expect("the United States", 3, "United States", "name", "Q30");
    expect("the United States said", 3, "United States", "name", "Q30");
    expect("U.S.", 1, "United States", "name", "Q30");
    expect("US officials", 1, "United States", "name", "Q30");
    expect("UK", 1, "United Kingdom", "name", "Q145");
    expect("U.K.", 1, "United Kingdom", "name", "Q145");
    expect("Britain", 1, "United Kingdom", "name", "Q145");
    expect("Great Britain", 2, "United Kingdom", "name", "Q145");
    expect("BRITAIN", 1, "United Kingdom", "name", "Q145");
    expect("Russian Federation", 2, "Russia", "name", "Q159");
    expect("Russia 's", 1, "Russia", "name", "Q159");
    expect("Russia \xe2\x80\x99s", 1, "Russia", "name", "Q159");
    expect("Ukraine", 1, "Ukraine", "name", "Q212");
    expect("Iran", 1, "Iran", "name", "Q794");
    expect("Islamic Republic of Iran", 4, "Iran", "name", "Q794");
    expect("China", 1, "China", "name", "Q148");
    expect("People 's Republic of China", 5, "China", "name", "Q148");
    expect("France", 1, "France", "name", "Q142");
    expect("Germany", 1, "Germany", "name", "Q183");
    expect("South Korea", 2, "South Korea", "name", "Q884");
    expect("North Korea", 2, "North Korea", "name", "Q423");
    expect("Czechia", 1, "Czech Republic", "name", "Q213");
    expect("T\xc3\xbcrkiye", 1, "Turkey", "name", "Q43");
    expect("Turkey", 1, "Turkey", "name", "Q43");
    expect("Ivory Coast", 2, "Ivory Coast", "name", "Q1008");
    expect("C\xc3\xb4te d'Ivoire", 2, "Ivory Coast", "name", "Q1008");
    expect("C\xc3\xb4te d\xe2\x80\x99Ivoire", 2, "Ivory Coast", "name", NULL);
    expect("DR Congo", 2, "Democratic Republic of the Congo", "name", "Q974");
    expect("Guinea-Bissau", 1, "Guinea-Bissau", "name", "Q1007");
    expect("Guinea - Bissau", 3, "Guinea-Bissau", "name", "Q1007");
    expect("Papua New Guinea", 3, "Papua New Guinea", "name", NULL);
    expect("Syria", 1, "Syria", "name", "Q858");
    /* case rules */
    expect("us", 0, NULL, NULL, NULL);
    expect("turkey", 0, NULL, NULL, NULL);
    expect("china", 0, NULL, NULL, NULL);
    expect("the", 0, NULL, NULL, NULL);
    expect("the table", 0, NULL, NULL, NULL);
    expect("Who", 0, NULL, NULL, NULL);
    expect("WHO", 1, "World Health Organization", "org", "Q7817");
    expect("Nato", 1, "NATO", "org", "Q7184");
    expect("NATO", 1, "NATO", "org", "Q7184");
    expect("nato", 0, NULL, NULL, NULL);
    /* a longer name wins over its prefix */
    expect("New Mexico", 2, "New Mexico", "name", NULL);
    expect("Equatorial Guinea", 2, "Equatorial Guinea", "name", "Q983");
}

static void test_orgs(void **state)
{
    (void)state;
    const nk_gaz_entry *a = NULL, *b = NULL;
    assert_int_equal(m("Federal Security Service", &a), 3);
    assert_int_equal(m("FSB", &b), 1);
    assert_ptr_equal(a, b);
    assert_string_equal(a->canonical, "Federal Security Service");
    assert_string_equal(a->type, "Organization");
    assert_string_equal(a->country, "Russia");
    assert_int_equal(m("the Federal Security Service ( FSB )", &b), 4);
    assert_ptr_equal(a, b);
    expect("the UN", 2, "United Nations", "org", "Q1065");
    expect("U.N. Security Council", 3, "United Nations Security Council", "org",
           "Q37470");
    expect("European Union", 2, "European Union", "org", "Q458");
    expect("EU", 1, "European Union", "org", "Q458");
    expect("the Fed", 2, "Federal Reserve", "org", "Q53536");
    expect("fed", 0, NULL, NULL, NULL);
    expect("Foreign Office", 2, "Foreign, Commonwealth and Development Office",
           "org", NULL);
    expect("Hamas", 1, "Hamas", "org", "Q38799");
    assert_int_equal(m("Hezbollah", &a), 1);
    assert_string_equal(a->type, "Group");
    assert_int_equal(m("Wagner Group", &a), 2);
    assert_string_equal(a->type, "Group");
    assert_int_equal(m("Gazprom", &a), 1);
    assert_string_equal(a->country, "Russia");
}

static void test_places(void **state)
{
    (void)state;
    const nk_gaz_entry *e = NULL;
    assert_int_equal(m("Moscow", &e), 1);
    assert_string_equal(e->kind, "capital");
    assert_string_equal(e->type, "Location");
    assert_string_equal(e->country, "Russia");
    assert_string_equal(e->wikidata, "Q649");
    expect("the Kremlin", 2, "Kremlin", "seat", NULL);
    assert_int_equal(m("Kyiv", &e), 1);
    assert_string_equal(e->country, "Ukraine");
    assert_int_equal(m("Kiev", &e), 1);
    assert_string_equal(e->canonical, "Kyiv");
    assert_int_equal(m("Downing Street", &e), 2);
    assert_string_equal(e->country, "United Kingdom");
    assert_int_equal(m("Washington", &e), 1);
    assert_string_equal(e->country, "United States");
    assert_int_equal(m("St. Petersburg", &e), 2);
    assert_string_equal(e->kind, "city");
    assert_string_equal(e->canonical, "Saint Petersburg");

    /* Brussels: the EU when it acts, Belgium's capital second */
    const nk_gaz_entry *r[4];
    size_t nr = 0;
    const char *brussels[] = {"Brussels", "warned"};
    assert_int_equal(nk_gazetteer_match_all(G, brussels, 2, r, 4, &nr), 1);
    assert_int_equal(nr, 2);
    assert_string_equal(r[0]->kind, "seat");
    assert_string_equal(r[0]->country, "European Union");
    assert_string_equal(r[1]->kind, "capital");
    assert_string_equal(r[1]->country, "Belgium");
    assert_int_equal(nk_gazetteer_match_kind(G, brussels, 2, NK_GAZ_CAPITAL, &e),
                     1);
    assert_string_equal(e->country, "Belgium");
    assert_int_equal(nk_gazetteer_match_kind(G, brussels, 2, NK_GAZ_ORG, &e), 0);
    assert_null(e);

    /* regions within continents are places, not people */
    assert_int_equal(m("Eastern Europe", &e), 2);
    assert_string_equal(e->type, "Location");
    assert_int_equal(m("Horn of Africa", &e), 3);
    assert_string_equal(e->type, "Location");
    /* every US state, for datelines ("SAN JOSE, California") */
    assert_int_equal(m("WISCONSIN", &e), 1);
    assert_string_equal(e->country, "United States");
    assert_int_equal(m("North Dakota", &e), 2);
    assert_string_equal(e->country, "United States");
    /* San Jose: Costa Rica's capital first, the Californian city second */
    const char *sanjose[] = {"San", "Jose", ",", "California"};
    assert_int_equal(nk_gazetteer_match_all(G, sanjose, 4, r, 4, &nr), 2);
    assert_int_equal(nr, 2);
    assert_string_equal(r[0]->country, "Costa Rica");
    assert_string_equal(r[1]->kind, "city");
    assert_string_equal(r[1]->country, "United States");
}

static void test_demonyms(void **state)
{
    (void)state;
    const nk_gaz_entry *e = nk_gazetteer_demonym(G, "British");
    assert_non_null(e);
    assert_string_equal(e->canonical, "United Kingdom");
    assert_string_equal(e->kind, "name");
    assert_string_equal(e->wikidata, "Q145");
    static const char *const pairs[][2] = {
        {"Russian", "Russia"},     {"Russians", "Russia"},
        {"Ukrainian", "Ukraine"},  {"American", "United States"},
        {"French", "France"},      {"Chinese", "China"},
        {"Iranian", "Iran"},       {"Israeli", "Israel"},
        {"Israelis", "Israel"},    {"Palestinian", "Palestine"},
        {"Britons", "United Kingdom"}, {"South Korean", "South Korea"},
        {"Dutch", "Netherlands"},  {"Saudi", "Saudi Arabia"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        e = nk_gazetteer_demonym(G, pairs[i][0]);
        if (!e || strcmp(e->canonical, pairs[i][1]) != 0)
            fail_msg("demonym %s -> %s, expected %s", pairs[i][0],
                     e ? e->canonical : "(none)", pairs[i][1]);
    }
    assert_null(nk_gazetteer_demonym(G, "Russia"));
    assert_null(nk_gazetteer_demonym(G, "table"));
    assert_null(nk_gazetteer_demonym(G, NULL));
    assert_null(nk_gazetteer_demonym(NULL, "British"));
}

static void test_titles_roles(void **state)
{
    (void)state;
    const char *pm[] = {"Prime", "Minister", "Keir", "Starmer"};
    assert_int_equal(nk_gazetteer_is_title(G, pm, 4), 2);
    const char *pm2[] = {"prime", "minister", "Keir"};
    assert_int_equal(nk_gazetteer_is_title(G, pm2, 3), 2);
    const char *gen[] = {"Gen.", "Valery", "Gerasimov"};
    assert_int_equal(nk_gazetteer_is_title(G, gen, 3), 1);
    const char *fs[] = {"Foreign", "Secretary", "David", "Lammy"};
    assert_int_equal(nk_gazetteer_is_title(G, fs, 4), 2);
    const char *sos[] = {"Secretary", "of", "State", "Marco"};
    assert_int_equal(nk_gazetteer_is_title(G, sos, 4), 3);
    const char *sir[] = {"Sir", "Keir"};
    assert_int_equal(nk_gazetteer_is_title(G, sir, 2), 1);
    const char *mr[] = {"Mr", "Putin"};
    assert_int_equal(nk_gazetteer_is_title(G, mr, 2), 1);
    const char *general[] = {"general", "election"};
    assert_int_equal(nk_gazetteer_is_title(G, general, 2), 0);
    const char *russia[] = {"Russia"};
    assert_int_equal(nk_gazetteer_is_title(G, russia, 1), 0);
    assert_int_equal(nk_gazetteer_is_title(G, NULL, 0), 0);

    assert_string_equal(nk_gazetteer_role(G, "official"), "Person");
    assert_string_equal(nk_gazetteer_role(G, "spokeswoman"), "Person");
    assert_string_equal(nk_gazetteer_role(G, "attaché"), "Person");
    assert_string_equal(nk_gazetteer_role(G, "officials"), "Group");
    assert_string_equal(nk_gazetteer_role(G, "Diplomats"), "Group");
    assert_string_equal(nk_gazetteer_role(G, "police"), "Group");
    assert_string_equal(nk_gazetteer_role(G, "troops"), "Group");
    assert_string_equal(nk_gazetteer_role(G, "ministry"), "Organization");
    assert_string_equal(nk_gazetteer_role(G, "embassy"), "Organization");
    assert_null(nk_gazetteer_role(G, "table"));
    assert_null(nk_gazetteer_role(G, "Russia"));
}

/* Write TEXT to a temporary file; the caller unlinks and frees the name. */
static char *temp_file(const char *text)
{
    char *path = strdup("/tmp/nk_gaz_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_extra_files(void **state)
{
    (void)state;
    char *good = temp_file("# a user's additions\n"
                           "Gotham\tGotham City\tLocation\tcity\t\tUnited States\n"
                           "Gotham City\tGotham City\tLocation\tcity\n"
                           "gcpd\tGotham City Police\tOrganization\torg\t\t\texact\n"
                           "Brussels\tBrussels\tLocation\tseat\t\tBelgium\n");
    const char *files[] = {good};
    seen s = {0};
    nk_diag_sink sink = {record, &s, 0, 0};
    nk_gazetteer *g = NULL;
    assert_int_equal(nk_gazetteer_load(&g, files, 1, &sink), NK_OK);
    assert_int_equal(s.errors, 0);
    const char *gotham[] = {"Gotham"};
    const nk_gaz_entry *e = NULL;
    assert_int_equal(nk_gazetteer_match(g, gotham, 1, &e), 1);
    assert_string_equal(e->canonical, "Gotham City");
    assert_string_equal(e->country, "United States");
    assert_null(e->wikidata);
    const char *gcpd[] = {"GCPD"};
    assert_int_equal(nk_gazetteer_match(g, gcpd, 1, &e), 0);
    const char *uk[] = {"UK"}; /* the default file is still there */
    assert_int_equal(nk_gazetteer_match(g, uk, 1, &e), 1);
    /* a later file overrides the same alias and kind */
    const char *brussels[] = {"Brussels"};
    assert_int_equal(nk_gazetteer_match(g, brussels, 1, &e), 1);
    assert_string_equal(e->country, "Belgium");
    nk_gazetteer_free(g);

    /* only the user's files */
    assert_int_equal(nk_gazetteer_load_files(&g, files, 1, &sink), NK_OK);
    assert_int_equal(nk_gazetteer_size(g), 3);
    assert_int_equal(nk_gazetteer_match(g, uk, 1, &e), 0);
    nk_gazetteer_free(g);
    unlink(good);
    free(good);
}

static void expect_error(const char *text, int status, unsigned line)
{
    char *path = temp_file(text);
    const char *files[] = {path};
    seen s = {0};
    nk_diag_sink sink = {record, &s, 0, 0};
    nk_gazetteer *g = (nk_gazetteer *)1;
    assert_int_equal(nk_gazetteer_load(&g, files, 1, &sink), status);
    assert_null(g);
    assert_true(s.errors >= 1);
    if (s.line != line || strcmp(s.file, path) != 0)
        fail_msg("error at %s:%u (%s), expected line %u", s.file, s.line,
                 s.message, line);
    unlink(path);
    free(path);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_error("# ok\nParis\tParis\tLocation\tcity\nnot a tsv line\n",
                 NK_ERR_PARSE, 3);
    expect_error("X\tX\tPlanet\tcity\n", NK_ERR_PARSE, 1);
    expect_error("X\tX\tLocation\tvillage\n", NK_ERR_PARSE, 1);
    expect_error("\n\nX\tX\tLocation\tcity\tQ12x\n", NK_ERR_PARSE, 3);
    expect_error("X\tX\tLocation\tcity\t\t\tsometimes\n", NK_ERR_PARSE, 1);
    expect_error("X\tX\tLocation\tcity\t\t\t\t\n", NK_ERR_PARSE, 1);
    expect_error("\tX\tLocation\tcity\n", NK_ERR_PARSE, 1);
    /* one alias, one kind, two canonicals in one file */
    expect_error("Springfield\tSpringfield, Illinois\tLocation\tcity\n"
                 "Springfield\tSpringfield, Massachusetts\tLocation\tcity\n",
                 NK_ERR_INVALID, 2);
    /* contradicting ids for one entry */
    expect_error("A\tAlpha\tLocation\tcity\tQ1\nB\tAlpha\tLocation\tcity\tQ2\n",
                 NK_ERR_INVALID, 2);
    expect_error("A\tAlpha\tLocation\tcity\nB\tAlpha\tGroup\tcity\n",
                 NK_ERR_INVALID, 2);

    /* a missing extra file */
    const char *missing[] = {"/nonexistent/gazetteer.tsv"};
    nk_gazetteer *g = NULL;
    assert_true(nk_gazetteer_load(&g, missing, 1, NULL) < 0);
    assert_null(g);
}

static void test_edge_cases(void **state)
{
    (void)state;
    const nk_gaz_entry *e = (const nk_gaz_entry *)1;
    assert_int_equal(nk_gazetteer_match(NULL, NULL, 0, &e), 0);
    assert_null(e);
    assert_int_equal(nk_gazetteer_match(G, NULL, 3, NULL), 0);
    const char *empty[] = {""};
    assert_int_equal(nk_gazetteer_match(G, empty, 1, &e), 0);
    /* a very long token and many tokens do not overflow anything */
    char big[5000];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *longs[] = {"United", big, "States"};
    assert_int_equal(nk_gazetteer_match(G, longs, 3, &e), 0);
    const char *many[64];
    for (size_t i = 0; i < 64; i++)
        many[i] = "the";
    assert_int_equal(nk_gazetteer_match(G, many, 64, &e), 0);
    const char *forms[] = {"United", "States"};
    assert_int_equal(nk_gazetteer_match(G, forms, 1, &e), 0); /* "United" */
    assert_null(nk_gazetteer_get(G, "Russia", NK_GAZ_NKINDS));
    assert_non_null(nk_gazetteer_get(G, "Russia", NK_GAZ_NAME));
    assert_null(nk_gaz_kind_name(NK_GAZ_NKINDS));
    assert_null(nk_gaz_type_name(NK_GAZ_NTYPES));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_default),
        cmocka_unit_test(test_iso_countries),
        cmocka_unit_test(test_no_conflicts),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_orgs),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_demonyms),
        cmocka_unit_test(test_titles_roles),
        cmocka_unit_test(test_extra_files),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_edge_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
