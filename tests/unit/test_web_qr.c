/*
 * test_web_qr.c — the server-drawn QR code (src/web/qr.c): what the SVG
 * draws is decoded by an independent reader (zbarimg, Debian zbar-tools) to
 * the very text it was given; refusals leave the buffer as it was.
 *
 * The SVG's path is rasterised here (each "Mx yh1v1h-1z" a square of SCALE
 * pixels) into a PGM file, so what is decoded is exactly what a browser or a
 * printer would draw from the page.
 */
#include "tier/web_qr.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCALE 6

/* Rasterise the SVG at `svg` into a PGM file at path. 0 or -1. */
static int svg_to_pgm(const char *svg, const char *path)
{
    int side = 0, x, y, n;
    const char *d;
    unsigned char *px;
    FILE *f;

    if (sscanf(strstr(svg, "viewBox=\"0 0 ") + 13, "%d", &side) != 1 || side <= 0 || side > 400)
        return -1;
    px = malloc((size_t)side * side);
    if (px == NULL)
        return -1;
    memset(px, 255, (size_t)side * side);
    d = strstr(svg, " d=\"");
    if (d == NULL) {
        free(px);
        return -1;
    }
    for (d += 4; *d == 'M'; d += n) {
        if (sscanf(d, "M%d %dh1v1h-1z%n", &x, &y, &n) != 2 || x < 0 || y < 0 || x >= side ||
            y >= side) {
            free(px);
            return -1;
        }
        px[y * side + x] = 0;
    }
    f = fopen(path, "wb");
    if (f == NULL) {
        free(px);
        return -1;
    }
    fprintf(f, "P5\n%d %d\n255\n", side * SCALE, side * SCALE);
    for (y = 0; y < side * SCALE; y++)
        for (x = 0; x < side * SCALE; x++)
            fputc(px[(y / SCALE) * side + x / SCALE], f);
    free(px);
    return fclose(f) == 0 ? 0 : -1;
}

/* zbarimg's reading of the PGM at path into out (trailing newline cut). */
static int zbar_read(const char *path, char *out, size_t cap)
{
    char cmd[600];
    FILE *p;
    size_t n;

    snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", path);
    p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return pclose(p) == 0 ? 0 : -1;
}

static void decodes_to(const char *text)
{
    struct buf b;
    char err[256], path[] = "/tmp/test_web_qr_XXXXXX", got[WEB_QR_TEXT_MAX + 2];
    int fd;

    buf_init(&b, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_qr_svg(text, &b, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_EQUAL_FATAL(svg_to_pgm(b.data, path), 0);
    CU_ASSERT_EQUAL(zbar_read(path, got, sizeof got), 0);
    CU_ASSERT_STRING_EQUAL(got, text);
    unlink(path);
    buf_free(&b);
}

static void test_the_drawn_code_decodes_to_the_check_url(void)
{
    decodes_to("https://registry.example.cn/check/SSME-2026-000123");
    decodes_to("http://127.0.0.1:8080/check/CHAMP-2026-000001");
}

static void test_a_long_url_still_decodes(void)
{
    char t[WEB_QR_TEXT_MAX + 1];

    memset(t, 'a', sizeof t - 1);
    memcpy(t, "https://x.example/check/", 24);
    t[WEB_QR_TEXT_MAX] = '\0';
    decodes_to(t);
}

static void test_the_label_escapes_the_text_and_is_well_formed(void)
{
    struct buf b;
    char err[256];

    buf_init(&b, 1u << 20);
    CU_ASSERT_EQUAL_FATAL(web_qr_svg("https://x/check/\"<a>&", &b, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "aria-label=\"https://x/check/&quot;&lt;a&gt;&amp;\""));
    CU_ASSERT_PTR_NULL(strstr(b.data, "<a>"));
    buf_free(&b);
}

static void test_empty_and_too_long_text_are_refused_and_the_buffer_kept(void)
{
    struct buf b;
    char err[256], t[WEB_QR_TEXT_MAX + 2];

    buf_init(&b, 1u << 20);
    buf_adds(&b, "before");
    CU_ASSERT_EQUAL(web_qr_svg("", &b, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "1 to 512"));
    memset(t, 'a', sizeof t - 1);
    t[sizeof t - 1] = '\0';
    CU_ASSERT_EQUAL(web_qr_svg(t, &b, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "513 bytes"));
    CU_ASSERT_STRING_EQUAL(b.data, "before");
    buf_free(&b);
}

static void test_a_drawing_over_the_buffer_cap_leaves_it_as_it_was(void)
{
    struct buf b;
    char err[256];

    buf_init(&b, 300);
    buf_adds(&b, "before");
    CU_ASSERT_EQUAL(web_qr_svg("https://x.example/check/SSME-2026-000123", &b, err, sizeof err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "limit"));
    CU_ASSERT_EQUAL(b.len, 6u);
    CU_ASSERT_STRING_EQUAL(b.data, "before");
    buf_free(&b);
}

int main(void)
{
    CU_pSuite s;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("web_qr", NULL, NULL);
    CU_add_test(s, "the drawn code decodes to the check URL",
                test_the_drawn_code_decodes_to_the_check_url);
    CU_add_test(s, "a long URL still decodes", test_a_long_url_still_decodes);
    CU_add_test(s, "the label escapes the text and is well-formed",
                test_the_label_escapes_the_text_and_is_well_formed);
    CU_add_test(s, "empty and too long text are refused and the buffer kept",
                test_empty_and_too_long_text_are_refused_and_the_buffer_kept);
    CU_add_test(s, "a drawing over the buffer cap leaves it as it was",
                test_a_drawing_over_the_buffer_cap_leaves_it_as_it_was);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    {
        unsigned f = CU_get_number_of_failures();
        CU_cleanup_registry();
        return f ? 1 : 0;
    }
}
