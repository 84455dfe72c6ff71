/* Unit tests for quantity.c: counts, money and percentages in phrases. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "quantity.h"

static void expect(const char *phrase, const char *value, const char *unit, const char *text)
{
    nk_quantity q;
    if (!nk_quantity_parse(phrase, &q))
        fail_msg("no quantity in '%s'", phrase);
    if (strcmp(q.value, value) != 0 || strcmp(q.unit, unit) != 0 ||
        strlen(text) != q.end - q.begin || strncmp(phrase + q.begin, text, strlen(text)) != 0)
        fail_msg("'%s': got %s [%s] '%.*s', want %s [%s] '%s'", phrase, q.value, q.unit,
                 (int)(q.end - q.begin), phrase + q.begin, value, unit, text);
}

static void test_counts(void **state)
{
    (void)state;
    expect("41 of 60 missiles", "41", "missiles", "41 of 60 missiles");
    expect("seven killed", "7", "killed", "seven killed");
    expect("six British diplomats", "6", "diplomats", "six British diplomats");
    expect("about 4,000 dockers", "4000", "dockers", "4,000 dockers");
    expect("at least 43 people", "43", "people", "43 people");
    expect("forty-two protesters", "42", "protesters", "forty-two protesters");
    expect("two hundred thousand refugees", "200000", "refugees",
           "two hundred thousand refugees");
    expect("a million people in the region", "1000000", "people", "a million people");
    expect("14 suspects", "14", "suspects", "14 suspects");
    expect("180 tonnes of food", "180", "tonnes", "180 tonnes");
    expect("1,000", "1000", "", "1,000");
}

static void test_money(void **state)
{
    (void)state;
    expect("500 million pounds", "500000000", "GBP", "500 million pounds");
    expect("$12 million in humanitarian aid", "12000000", "USD", "$12 million");
    expect("a planned $34 billion merger", "34000000000", "USD", "$34 billion");
    expect("1.2bn euros", "1200000000", "EUR", "1.2bn euros");
    expect("a \xc2\xa3" "3.5m fine", "3500000", "GBP", "\xc2\xa3" "3.5m");
    expect("310 million euros", "310000000", "EUR", "310 million euros");
    expect("\xe2\x82\xac" "2.75 billion", "2750000000", "EUR", "\xe2\x82\xac" "2.75 billion");
}

static void test_percentages(void **state)
{
    (void)state;
    expect("3.5%", "3.5", "percent", "3.5%");
    expect("3.5 per cent of voters", "3.5", "percent", "3.5 per cent");
    expect("forty percent", "40", "percent", "forty percent");
    expect("0.25% rise", "0.25", "percent", "0.25%");
}

static void test_none(void **state)
{
    (void)state;
    nk_quantity q;
    static const char *const none[] = {"the accusations", "", "Keir Starmer", "a deal",
                                       "G7 leaders", "1,00 things", "3.x", NULL};
    for (size_t i = 0; none[i]; i++)
        if (nk_quantity_parse(none[i], &q))
            fail_msg("a quantity in '%s': %s [%s]", none[i], q.value, q.unit);
    assert_false(nk_quantity_parse(NULL, &q));
    assert_string_equal(q.value, "");
    /* the same unit */
    nk_quantity a, b;
    assert_true(nk_quantity_parse("seven killed", &a));
    assert_true(nk_quantity_parse("9 killed", &b));
    assert_true(nk_quantity_same_unit(&a, &b));
    assert_true(b.number > a.number);
    assert_true(nk_quantity_parse("9 injured", &b));
    assert_false(nk_quantity_same_unit(&a, &b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_percentages),
        cmocka_unit_test(test_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
