/*
 * test_web_session.c — base64url, session ids and cookies, the session's
 * lifetime rule, CSRF tokens bound to the session, and the form parser.
 */
#include "tier/digest.h"
#include "tier/web_b64url.h"
#include "tier/web_form.h"
#include "tier/web_session.h"
#include "tier/web_throttle.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- base64url ---- */

static void test_b64url_round_trips_every_length(void)
{
    unsigned char in[40], out[40];
    char text[B64URL_LEN(40) + 1];

    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (unsigned char)(i * 37 + 250);
    for (size_t n = 0; n <= sizeof in; n++) {
        b64url_encode(in, n, text);
        CU_ASSERT_EQUAL(strlen(text), B64URL_LEN(n));
        CU_ASSERT_PTR_NULL(strpbrk(text, "+/="));
        CU_ASSERT_EQUAL(b64url_decode(text, strlen(text), out, sizeof out), (long)n);
        CU_ASSERT_EQUAL(memcmp(in, out, n), 0);
    }
}

static void test_b64url_known_values_and_strictness(void)
{
    unsigned char out[8];
    char text[16];

    b64url_encode((const unsigned char *)"\xfb\xff", 2, text);
    CU_ASSERT_STRING_EQUAL(text, "-_8"); /* RFC 4648: "+/8=" in plain base64 */
    CU_ASSERT_EQUAL(b64url_decode("Zm9vYg", 6, out, sizeof out), 4);
    CU_ASSERT_EQUAL(memcmp(out, "foob", 4), 0);
    CU_ASSERT_EQUAL(b64url_decode("Zm9vYh", 6, out, sizeof out), -1); /* spare bits set */
    CU_ASSERT_EQUAL(b64url_decode("Zm9vY", 5, out, sizeof out), -1);  /* 4k+1 characters */
    CU_ASSERT_EQUAL(b64url_decode("Zm9v+g", 6, out, sizeof out), -1); /* plain alphabet */
    CU_ASSERT_EQUAL(b64url_decode("Zm9vYg==", 8, out, sizeof out), -1); /* padding */
    CU_ASSERT_EQUAL(b64url_decode("Zm9vYmFy", 8, out, 5), -1);      /* does not fit */
}

/* ---- sessions ---- */

static void test_new_sessions_are_random_and_only_the_hash_is_for_storing(void)
{
    struct web_session_new a, b;
    unsigned char h[32];

    CU_ASSERT_EQUAL_FATAL(web_session_create(&a), 0);
    CU_ASSERT_EQUAL_FATAL(web_session_create(&b), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(a.id, b.id, SESSION_ID_LEN), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(a.csrf_secret, b.csrf_secret, SESSION_CSRF_SECRET_LEN), 0);
    CU_ASSERT_EQUAL(strlen(a.cookie), 43);
    digest_sha256(a.id, SESSION_ID_LEN, h);
    CU_ASSERT_EQUAL(memcmp(h, a.id_hash, 32), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(a.id, a.id_hash, 32), 0);
    web_session_wipe(&a);
    CU_ASSERT_EQUAL(a.cookie[0], '\0');
    web_session_wipe(&b);
}

static void test_cookie_is_found_among_others_and_hashes_to_the_stored_value(void)
{
    struct web_session_new s;
    unsigned char id[SESSION_ID_LEN], h[32];
    char header[256];

    CU_ASSERT_EQUAL_FATAL(web_session_create(&s), 0);
    snprintf(header, sizeof header, "theme=dark; tierd_session=%s ;lang=zh", s.cookie);
    CU_ASSERT_EQUAL(web_session_from_cookie(header, 0, id, h), 1);
    CU_ASSERT_EQUAL(memcmp(id, s.id, SESSION_ID_LEN), 0);
    CU_ASSERT_EQUAL(memcmp(h, s.id_hash, 32), 0);
    /* on https the cookie has the __Host- name; the plain one is not read */
    CU_ASSERT_EQUAL(web_session_from_cookie(header, 1, id, h), 0);
    snprintf(header, sizeof header, "__Host-tierd_session=%s", s.cookie);
    CU_ASSERT_EQUAL(web_session_from_cookie(header, 1, id, h), 1);
    web_session_wipe(&s);
}

static void test_malformed_or_doubled_cookies_are_no_session(void)
{
    struct web_session_new s;
    unsigned char id[SESSION_ID_LEN], h[32];
    char header[256];

    CU_ASSERT_EQUAL_FATAL(web_session_create(&s), 0);
    CU_ASSERT_EQUAL(web_session_from_cookie(NULL, 0, id, h), 0);
    CU_ASSERT_EQUAL(web_session_from_cookie("", 0, id, h), 0);
    CU_ASSERT_EQUAL(web_session_from_cookie("tierd_session=", 0, id, h), 0);
    CU_ASSERT_EQUAL(web_session_from_cookie("tierd_session=abc", 0, id, h), 0);
    snprintf(header, sizeof header, "tierd_session=%.42s!", s.cookie);
    CU_ASSERT_EQUAL(web_session_from_cookie(header, 0, id, h), 0);
    snprintf(header, sizeof header, "tierd_session=%sA", s.cookie);
    CU_ASSERT_EQUAL(web_session_from_cookie(header, 0, id, h), 0);
    /* two cookies of the name (one planted by a sibling subdomain): neither */
    snprintf(header, sizeof header, "tierd_session=%s; tierd_session=%s", s.cookie, s.cookie);
    CU_ASSERT_EQUAL(web_session_from_cookie(header, 0, id, h), 0);
    /* a longer name that ends the same is another cookie */
    snprintf(header, sizeof header, "xtierd_session=%s", s.cookie);
    CU_ASSERT_EQUAL(web_session_from_cookie(header, 0, id, h), 0);
    web_session_wipe(&s);
}

static void test_set_cookie_attributes(void)
{
    char v[SESSION_SET_COOKIE_MAX];
    const char *c = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    web_session_set_cookie(v, c, 0);
    CU_ASSERT_STRING_EQUAL(v, "tierd_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; "
                              "Path=/; HttpOnly; SameSite=Strict");
    web_session_set_cookie(v, c, 1);
    CU_ASSERT_STRING_EQUAL(v, "__Host-tierd_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA;"
                              " Path=/; HttpOnly; SameSite=Strict; Secure");
    web_session_set_cookie(v, NULL, 1);
    CU_ASSERT_STRING_EQUAL(v, "__Host-tierd_session=; Path=/; HttpOnly; SameSite=Strict; "
                              "Secure; Max-Age=0");
}

static void test_session_ends_after_30_idle_minutes_or_12_hours(void)
{
    const int64_t t = 1767225600; /* 2026-01-01 00:00 UTC */

    CU_ASSERT_EQUAL(web_session_alive(t, t, t), 1);
    CU_ASSERT_EQUAL(web_session_alive(t, t, t + 30 * 60 - 1), 1);
    CU_ASSERT_EQUAL(web_session_alive(t, t, t + 30 * 60), 0);
    /* busy all day: still ends at 12 hours */
    CU_ASSERT_EQUAL(web_session_alive(t, t + 12 * 3600 - 60, t + 12 * 3600 - 1), 1);
    CU_ASSERT_EQUAL(web_session_alive(t, t + 12 * 3600 - 60, t + 12 * 3600), 0);
    /* a clock before the creation */
    CU_ASSERT_EQUAL(web_session_alive(t, t, t - 1), 0);
    CU_ASSERT_EQUAL(web_session_alive(t, t - 1, t), 0);
}

/* ---- CSRF ---- */

static void test_csrf_token_belongs_to_its_session_only(void)
{
    struct web_session_new a, b;
    char ta[SESSION_CSRF_TOKEN_LEN + 1], tb[SESSION_CSRF_TOKEN_LEN + 1];
    char t2[SESSION_CSRF_TOKEN_LEN + 1];

    CU_ASSERT_EQUAL_FATAL(web_session_create(&a), 0);
    CU_ASSERT_EQUAL_FATAL(web_session_create(&b), 0);
    CU_ASSERT_EQUAL_FATAL(web_csrf_token(a.id, a.csrf_secret, ta), 0);
    CU_ASSERT_EQUAL_FATAL(web_csrf_token(b.id, b.csrf_secret, tb), 0);
    CU_ASSERT_EQUAL(strlen(ta), 43);
    /* stable for the session: every form of the session carries the same */
    CU_ASSERT_EQUAL(web_csrf_token(a.id, a.csrf_secret, t2), 0);
    CU_ASSERT_STRING_EQUAL(ta, t2);
    CU_ASSERT_EQUAL(web_csrf_check(a.id, a.csrf_secret, ta), 1);
    CU_ASSERT_EQUAL(web_csrf_check(a.id, a.csrf_secret, tb), 0);
    CU_ASSERT_EQUAL(web_csrf_check(b.id, b.csrf_secret, ta), 0);
    /* the stored secret alone (a database reader) with another cookie: no */
    CU_ASSERT_EQUAL(web_csrf_check(b.id, a.csrf_secret, ta), 0);
    CU_ASSERT_EQUAL(web_csrf_check(a.id, a.csrf_secret, NULL), 0);
    CU_ASSERT_EQUAL(web_csrf_check(a.id, a.csrf_secret, ""), 0);
    ta[42] = ta[42] == 'A' ? 'Q' : 'A';
    CU_ASSERT_EQUAL(web_csrf_check(a.id, a.csrf_secret, ta), 0);
    web_session_wipe(&a);
    web_session_wipe(&b);
}

static void test_a_new_csrf_secret_voids_earlier_tokens(void)
{
    struct web_session_new a;
    char t[SESSION_CSRF_TOKEN_LEN + 1];

    CU_ASSERT_EQUAL_FATAL(web_session_create(&a), 0);
    CU_ASSERT_EQUAL_FATAL(web_csrf_token(a.id, a.csrf_secret, t), 0);
    a.csrf_secret[0] ^= 0x80;
    CU_ASSERT_EQUAL(web_csrf_check(a.id, a.csrf_secret, t), 0);
    web_session_wipe(&a);
}

/* ---- forms ---- */

static void test_form_decodes_fields_as_browsers_send_them(void)
{
    struct web_form f;
    char err[200];
    /* 退回 = %E9%80%80%E5%9B%9E; a textarea's line break is %0D%0A */
    const char *body = "csrf=abc-_9&action=return&comment=%E9%80%80%E5%9B%9E%EF%BC%9A"
                       "%E7%BC%BA%E5%B0%91+R%26D+%3C%3E%0D%0A%E7%AC%AC2%E8%A1%8C&empty=";

    CU_ASSERT_EQUAL_FATAL(web_form_parse(body, strlen(body), &f, err, sizeof err), 0);
    CU_ASSERT_EQUAL(f.n, 4);
    CU_ASSERT_STRING_EQUAL(web_form_get(&f, "csrf"), "abc-_9");
    CU_ASSERT_STRING_EQUAL(web_form_get(&f, "action"), "return");
    CU_ASSERT_STRING_EQUAL(web_form_get(&f, "comment"), "退回：缺少 R&D <>\r\n第2行");
    CU_ASSERT_STRING_EQUAL(web_form_get(&f, "empty"), "");
    CU_ASSERT_PTR_NULL(web_form_get(&f, "overrideReason"));
    web_form_free(&f);
    CU_ASSERT_EQUAL(web_form_parse("", 0, &f, err, sizeof err), 0);
    CU_ASSERT_EQUAL(f.n, 0);
    web_form_free(&f);
}

static void test_form_body_need_not_be_terminated(void)
{
    struct web_form f;
    char err[200];
    char body[] = {'a', '=', '1', '&', 'b', '=', '2'};

    CU_ASSERT_EQUAL_FATAL(web_form_parse(body, sizeof body, &f, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(web_form_get(&f, "b"), "2");
    web_form_free(&f);
}

static void expect_refused(const char *body, size_t len, const char *why)
{
    struct web_form f;
    char err[200] = "";

    CU_ASSERT_EQUAL(web_form_parse(body, len, &f, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, why));
    if (strstr(err, why) == NULL)
        printf("\n    got \"%s\", wanted \"%s\"\n", err, why);
    CU_ASSERT_EQUAL(f.n, 0);
    CU_ASSERT_PTR_NULL(f.arena);
}

static void test_form_refusals_say_which_field_and_why(void)
{
    char *big;

    expect_refused("a=1&a=2", 7, "field 2 (a): given twice");
    expect_refused("a=%4", 4, "(a): a % not followed");
    expect_refused("a=%zz", 5, "(a): a % not followed");
    expect_refused("a=%00", 5, "(a): not UTF-8 text");
    expect_refused("a=%07", 5, "(a): not UTF-8 text");
    expect_refused("a=%C0%AF", 8, "(a): not UTF-8 text");      /* overlong '/' */
    expect_refused("a=%ED%A0%80", 11, "(a): not UTF-8 text");  /* a surrogate */
    expect_refused("a=%E9%80", 8, "(a): not UTF-8 text");      /* cut short */
    expect_refused("na%20me=1", 9, "field 1: the name");
    expect_refused("=1", 2, "field 1: the name");
    big = malloc(WEB_FORM_BODY_MAX + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'x', WEB_FORM_BODY_MAX + 1);
    big[0] = 'v';
    big[1] = '=';
    expect_refused(big, WEB_FORM_BODY_MAX + 1, "over the cap");
    expect_refused(big, WEB_FORM_VALUE_MAX + 3, "(v): value over 8192 bytes");
    /* 33 fields */
    {
        char many[33 * 8];
        size_t o = 0;
        for (int i = 0; i < 33; i++)
            o += (size_t)snprintf(many + o, sizeof many - o, "f%d=1&", i);
        expect_refused(many, o, "field 33: more than 32 fields");
    }
    free(big);
}

static void test_form_value_at_the_cap_is_accepted(void)
{
    struct web_form f;
    char err[200];
    size_t len = 2 + WEB_FORM_VALUE_MAX;
    char *body = malloc(len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    memcpy(body, "v=", 2);
    memset(body + 2, 'x', WEB_FORM_VALUE_MAX);
    CU_ASSERT_EQUAL(web_form_parse(body, len, &f, err, sizeof err), 0);
    CU_ASSERT_EQUAL(f.f[0].value_len, WEB_FORM_VALUE_MAX);
    web_form_free(&f);
    free(body);
}

/* 200,000 bodies made of the bytes that matter to the parser (and some
 * others), from a fixed seed: every one is either refused or parsed into
 * fields that keep the promises (under the sanitizer build, also no read or
 * write out of bounds). */
static void test_form_random_bodies_keep_the_promises(void)
{
    static const char alphabet[] = "&&==%%++aZ09_-\xe9\x80\x80\xff\x00\r\n 3F2";
    unsigned long long x = 0x9E3779B97F4A7C15ull;
    char body[96];
    struct web_form f;
    char err[200];
    int parsed = 0;

    for (int round = 0; round < 200000; round++) {
        size_t len;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        len = (size_t)(x % sizeof body);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            body[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        if (web_form_parse(body, len, &f, err, sizeof err) != 0) {
            if (f.n != 0 || f.arena != NULL || err[0] == '\0') {
                CU_FAIL("a refusal left fields behind or said nothing");
                break;
            }
            continue;
        }
        parsed++;
        for (size_t i = 0; i < f.n; i++) {
            if (strlen(f.f[i].value) != f.f[i].value_len || f.f[i].value_len > len ||
                web_form_get(&f, f.f[i].name) != f.f[i].value) {
                CU_FAIL("a parsed field breaks a promise");
                break;
            }
        }
        web_form_free(&f);
    }
    /* the mix is not all refusals */
    CU_ASSERT_TRUE(parsed > 1000);
}

/* ---- per-address back-off ---- */

static void test_address_backs_off_after_three_failures_then_locks(void)
{
    struct web_throttle *t = web_throttle_new(64);
    const char *a = "192.0.2.7";
    int64_t now = 1000000;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (int i = 1; i <= 3; i++) {
        CU_ASSERT_EQUAL(web_throttle_wait(t, a, now), 0);
        CU_ASSERT_EQUAL(web_throttle_failed(t, a, now), i);
    }
    /* 3 failures: 1 s, then 2 s after the 4th, 4 s after the 5th */
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now), 1000);
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now + 999), 1);
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now + 1000), 0);
    now += 1000;
    CU_ASSERT_EQUAL(web_throttle_failed(t, a, now), 4);
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now), 2000);
    CU_ASSERT_EQUAL(web_throttle_failed(t, a, now), 5);
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now), 4000);
    /* another address is not slowed */
    CU_ASSERT_EQUAL(web_throttle_wait(t, "192.0.2.8", now), 0);
    /* the wait never passes a minute before the lock */
    for (int i = 6; i < WEB_THROTTLE_LOCK_AT; i++)
        web_throttle_failed(t, a, now);
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now), WEB_THROTTLE_MAX_WAIT_S * 1000);
    CU_ASSERT_EQUAL(web_throttle_failed(t, a, now), WEB_THROTTLE_LOCK_AT);
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now), WEB_THROTTLE_LOCK_S * 1000);
    /* forgotten after 15 quiet minutes */
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now + WEB_THROTTLE_FORGET_S * 1000), 0);
    CU_ASSERT_EQUAL(web_throttle_failed(t, a, now + WEB_THROTTLE_FORGET_S * 1000), 1);
    /* a success forgets at once */
    web_throttle_failed(t, a, now + WEB_THROTTLE_FORGET_S * 1000);
    web_throttle_failed(t, a, now + WEB_THROTTLE_FORGET_S * 1000);
    CU_ASSERT_NOT_EQUAL(web_throttle_wait(t, a, now + WEB_THROTTLE_FORGET_S * 1000), 0);
    web_throttle_succeeded(t, a);
    CU_ASSERT_EQUAL(web_throttle_wait(t, a, now + WEB_THROTTLE_FORGET_S * 1000), 0);
    web_throttle_free(t);
}

static void test_a_full_table_stays_bounded_and_keeps_the_busiest(void)
{
    struct web_throttle *t = web_throttle_new(16);
    char addr[WEB_THROTTLE_ADDR_MAX], longer[WEB_THROTTLE_ADDR_MAX + 1];
    int64_t now = 5000000;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (int i = 0; i < 5; i++)
        web_throttle_failed(t, "2001:db8::1", now + 10000);
    /* 10,000 other addresses, each failing once, all earlier */
    for (int i = 0; i < 10000; i++) {
        snprintf(addr, sizeof addr, "198.51.%d.%d", i / 256, i % 256);
        web_throttle_failed(t, addr, now + i % 9000);
    }
    /* the table has 16 slots; the attacker in it is slowed or was evicted
     * only by an address idle no longer than it: it failed last, so it stays */
    CU_ASSERT_NOT_EQUAL(web_throttle_wait(t, "2001:db8::1", now + 10000), 0);
    /* over-long text is never counted */
    memset(longer, 'x', sizeof longer);
    longer[sizeof longer - 1] = '\0';
    CU_ASSERT_EQUAL(web_throttle_failed(t, longer, now), 0);
    CU_ASSERT_EQUAL(web_throttle_wait(t, longer, now), 0);
    web_throttle_free(t);
}

int main(void)
{
    CU_pSuite s;
    unsigned int failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("web_session", NULL, NULL);
    CU_add_test(s, "b64url round trips every length", test_b64url_round_trips_every_length);
    CU_add_test(s, "b64url known values and strictness", test_b64url_known_values_and_strictness);
    CU_add_test(s, "new sessions are random and only the hash is for storing",
                test_new_sessions_are_random_and_only_the_hash_is_for_storing);
    CU_add_test(s, "cookie is found among others and hashes to the stored value",
                test_cookie_is_found_among_others_and_hashes_to_the_stored_value);
    CU_add_test(s, "malformed or doubled cookies are no session",
                test_malformed_or_doubled_cookies_are_no_session);
    CU_add_test(s, "Set-Cookie attributes", test_set_cookie_attributes);
    CU_add_test(s, "session ends after 30 idle minutes or 12 hours",
                test_session_ends_after_30_idle_minutes_or_12_hours);
    CU_add_test(s, "CSRF token belongs to its session only",
                test_csrf_token_belongs_to_its_session_only);
    CU_add_test(s, "a new CSRF secret voids earlier tokens",
                test_a_new_csrf_secret_voids_earlier_tokens);
    CU_add_test(s, "form decodes fields as browsers send them",
                test_form_decodes_fields_as_browsers_send_them);
    CU_add_test(s, "form body need not be terminated", test_form_body_need_not_be_terminated);
    CU_add_test(s, "form refusals say which field and why",
                test_form_refusals_say_which_field_and_why);
    CU_add_test(s, "form value at the cap is accepted", test_form_value_at_the_cap_is_accepted);
    CU_add_test(s, "address backs off after three failures then locks",
                test_address_backs_off_after_three_failures_then_locks);
    CU_add_test(s, "a full table stays bounded and keeps the busiest",
                test_a_full_table_stays_bounded_and_keeps_the_busiest);
    CU_add_test(s, "form: random bodies keep the promises",
                test_form_random_bodies_keep_the_promises);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
