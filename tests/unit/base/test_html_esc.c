/* test_html_esc.c - unit tests of base/html_esc.c: the escaper (markup characters, invalid
 * UTF-8 and control characters), hf's escaping of %s and %c and its numbers (every length
 * modifier, width, precision and '*' as printf), h_raw and the text writers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/html_esc.h"
#include "base/banned.h"

#define PAYLOAD "<script>x</script>\"'><img src=x onerror=alert(1)>&amp;"
#define ESCAPED "&lt;script&gt;x&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;"

static void expect(struct buf *b, const char *want)
{
	assert_string_equal(buf_str(b), want);
	assert_int_equal(buf_status(b), ST_OK);
	buf_reset(b);
}

static void test_html_esc_escapes_markup(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	html_esc(&b, PAYLOAD);
	expect(&b, ESCAPED);
	html_esc(&b, "长株潭 plain");
	expect(&b, "长株潭 plain");
	html_esc(&b, NULL);
	expect(&b, "");
	html_escn(&b, "a<b>c", 2);
	expect(&b, "a&lt;");
	buf_release(&b);
}

static void test_html_esc_replaces_what_xml_cannot_carry(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	html_esc(&b, "a\x01" "b\tc\nd\x7f" "e");
	expect(&b, "a\xef\xbf\xbd" "b\tc\nd\xef\xbf\xbd" "e");
	html_esc(&b, "\xff<\xc3");            /* a stray byte, a markup char, a cut sequence */
	expect(&b, "\xef\xbf\xbd&lt;\xef\xbf\xbd");
	html_esc(&b, "\xed\xa0\x80");         /* a surrogate: each byte replaced */
	expect(&b, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	html_esc(&b, "\xef\xbf\xbe");         /* U+FFFE */
	expect(&b, "\xef\xbf\xbd");
	html_escn(&b, "长", 2);               /* cut inside a character */
	expect(&b, "\xef\xbf\xbd\xef\xbf\xbd");
	buf_release(&b);
}

static void test_hf_escapes_strings_and_chars(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	const char *volatile none = NULL; /* a NULL %s writes nothing (hidden from -Wformat) */
	hf(&b, "<a href=\"/x/%s\" title='%s'>%c%s</a>", "a&b", PAYLOAD, '<', none);
	expect(&b, "<a href=\"/x/a&amp;b\" title='" ESCAPED "'>&lt;</a>");
	hf(&b, "%.3s|%.*s|100%%", "<<<<", 2, "&&&&");
	expect(&b, "&lt;&lt;&lt;|&amp;&amp;|100%");
	hf(&b, "no conversions <b>");
	expect(&b, "no conversions <b>");
	buf_release(&b);
}

static void test_hf_formats_numbers_as_printf(void **state)
{
	(void)state;
	struct buf b;
	char want[256];
	buf_init(&b, 0);
	signed char hh = -5;
	short h = -300;
	long l = -70000L;
	long long ll = -9000000000LL;
	size_t z = (size_t)1 << 40;
	intmax_t j = INTMAX_MIN;
	ptrdiff_t t = -42;
	hf(&b, "%d %i %u %hhd %hd %ld %lld %zu %jd %td %x %X %o %05d %-4d| %+d", -1, 2, 3u, hh, h, l, ll, z, j, t, 255u,
	   255u, 8u, 42, 7, 9);
	snprintf(want, sizeof(want), "%d %i %u %hhd %hd %ld %lld %zu %jd %td %x %X %o %05d %-4d| %+d", -1, 2, 3u, hh, h, l,
		 ll, z, j, t, 255u, 255u, 8u, 42, 7, 9);
	expect(&b, want);
	hf(&b, "%.2f %g %e %8.3f %Lf %.0f%% %*d %.*f", 3.14159, 1e-7, 12345.678, -2.5, (long double)1.5, 99.6, 5, 3, 2,
	   0.125);
	snprintf(want, sizeof(want), "%.2f %g %e %8.3f %Lf %.0f%% %*d %.*f", 3.14159, 1e-7, 12345.678, -2.5,
		 (long double)1.5, 99.6, 5, 3, 2, 0.125);
	expect(&b, want);
	hf(&b, "<td>%s</td><td>%zu</td><td>%s</td>", "<", (size_t)7, ">");
	expect(&b, "<td>&lt;</td><td>7</td><td>&gt;</td>");
	buf_release(&b);
}

static void test_raw_and_text_writers_do_not_escape(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	h_raw(&b, "<b>made</b>");
	tw(&b, " a<b");
	tf(&b, " %s=%d", "x&y", 3);
	expect(&b, "<b>made</b> a<b x&y=3");
	buf_release(&b);
}

static void test_hf_keeps_the_sticky_limit(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 16);
	hf(&b, "%s", "<<<<<<<<<<");
	assert_int_equal(buf_status(&b), ST_TOO_LARGE);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_esc_escapes_markup),
		cmocka_unit_test(test_html_esc_replaces_what_xml_cannot_carry),
		cmocka_unit_test(test_hf_escapes_strings_and_chars),
		cmocka_unit_test(test_hf_formats_numbers_as_printf),
		cmocka_unit_test(test_raw_and_text_writers_do_not_escape),
		cmocka_unit_test(test_hf_keeps_the_sticky_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
