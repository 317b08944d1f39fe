#!/usr/bin/python3
"""tests/browser/pages.py — the reviewers' work in headless Chromium against a
real tierd and MariaDB (started by build/itests/test_web_pages, which passes
the address, the applications it posted and the reviewers' password).

A city reviewer (jinan) signs in after a wrong password, finds an application
in the queue, opens it, returns it with a comment (after a refusal without
one, with what was typed kept), recommends another, opens another city's
application (the not-found page), signs out. A province reviewer approves the
recommended one and lands on its certificate; the report counts it. A form
posted without its CSRF token is refused and changes nothing. Two province
reviewers approve the same application at once: the second sees who did it.

Every page visited is saved as build/screenshots/live-NAME.png (whole page).
Prints "browser: N passed, N failed"; exit 1 when anything failed.
"""
import argparse
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ap = argparse.ArgumentParser()
ap.add_argument("--base", required=True)
ap.add_argument("--shots", default="build/screenshots")
ap.add_argument("--password", required=True)
ap.add_argument("--return", dest="ret", required=True)
ap.add_argument("--recommend", required=True)
ap.add_argument("--race", required=True)
ap.add_argument("--other-city", required=True)
A = ap.parse_args()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages_lib as P  # noqa: E402  the helpers admin.py shares

P.configure(A.base, A.shots, "live-")
browser, check, shot, go, submit, text, signin = (P.browser, P.check, P.shot, P.go, P.submit,
                                                  P.text, P.signin)


def decide(d, app, action_id, comment):
    go(d, f"/applications/{app}")
    d.find_element(By.ID, action_id).click()
    if comment is not None:
        d.find_element(By.ID, "f-comment").send_keys(comment)
    submit(d, "form.decide button[type=submit]")


def main():
    city = browser()
    prov = browser()
    prov2 = browser()
    try:
        # wrong password, then the right one
        signin(city, "jinan", "not-the-password", "signin")
        check("a wrong password is refused on the page",
              "账户名或密码不正确" in text(city) and city.current_url.endswith("/signin"))
        check("the name typed is kept",
              city.find_element(By.ID, "f-name").get_attribute("value") == "jinan")
        shot(city, "signin-refused")
        signin(city, "jinan", A.password)
        check("sign-in lands on the queue", city.current_url.endswith("/queue"),
              city.current_url)
        shot(city, "queue-city")
        links = [a.get_attribute("href") for a in city.find_elements(By.CSS_SELECTOR, "main a")]
        check("the queue lists the application to return",
              any(h and h.endswith(f"/applications/{A.ret}") for h in links))
        check("the queue does not list another city's",
              not any(h and h.endswith(f"/applications/{A.other_city}") for h in links))
        old = city.find_element(By.TAG_NAME, "html")
        city.find_element(By.CSS_SELECTOR, f'a[href="/applications/{A.ret}"]').click()
        WebDriverWait(city, 15).until(EC.staleness_of(old))
        check("the application page opens", f"/applications/{A.ret}" in city.current_url)
        shot(city, "application-city")

        # return without a comment: refused, the choice kept; then with one
        city.find_element(By.ID, "f-action-2").click()
        submit(city, "form.decide button[type=submit]")
        check("a return without a comment shows the sentence",
              len(city.find_elements(By.CSS_SELECTOR, ".error-summary")) == 1, text(city)[:200])
        check("the choice is kept", city.find_element(By.ID, "f-action-2").is_selected())
        shot(city, "decision-refused")
        city.find_element(By.ID, "f-comment").send_keys("营业收入证明缺少审计报告，请补充后重新提交。")
        submit(city, "form.decide button[type=submit]")
        check("the return is recorded", "审核决定已记录" in text(city) and "已退回" in text(city),
              text(city)[:300])
        shot(city, "application-returned")

        decide(city, A.recommend, "f-action", "材料齐全，各项指标符合条件，推荐。")
        check("another is recommended", "已推荐" in text(city))
        decide(city, A.race, "f-action", "推荐。")
        check("a third is recommended", "已推荐" in text(city))

        go(city, "/queue")
        shot(city, "queue-after")

        # another city's application: the not-found page
        go(city, f"/applications/{A.other_city}")
        check("another city's application answers the not-found page",
              "未找到页面" in text(city))
        shot(city, "notfound")

        # sign out
        submit(city, "form.site__signout button")
        check("sign-out lands on the sign-in page", "您已退出登录" in text(city))
        go(city, "/queue")
        check("after sign-out the queue asks to sign in", city.current_url.endswith("/signin"),
              city.current_url)

        # the province: the report before, approve, the certificate, the report after
        signin(prov, "province", A.password)
        go(prov, "/report")
        before = text(prov)
        shot(prov, "report-before")
        go(prov, "/queue")
        shot(prov, "queue-province")
        check("the province's queue lists the recommended one",
              len(prov.find_elements(By.CSS_SELECTOR,
                                     f'a[href="/applications/{A.recommend}"]')) == 1)

        # a form without its CSRF token: 403, and the application unchanged
        go(prov, f"/applications/{A.recommend}")
        prov.execute_script("document.querySelector('form.decide input[name=csrf]').remove()")
        prov.find_element(By.ID, "f-action").click()
        prov.find_element(By.ID, "f-comment").send_keys("不应被记录")
        submit(prov, "form.decide button[type=submit]")
        check("a POST without the CSRF token is refused", "表单已失效" in text(prov),
              text(prov)[:200])
        shot(prov, "csrf-refused")
        go(prov, f"/applications/{A.recommend}")
        check("and nothing changed", "不应被记录" not in text(prov) and
              len(prov.find_elements(By.ID, "f-action")) == 1)

        decide(prov, A.recommend, "f-action", "经审核，符合专精特新中小企业认定条件。")
        check("the approval lands on its certificate", "/certificates/" in prov.current_url,
              prov.current_url)
        check("the certificate is valid", "证书已签发" in text(prov))
        shot(prov, "certificate")
        serial = prov.current_url.split("/certificates/")[1].split("?")[0]
        go(prov, "/certificates")
        shot(prov, "certificates")
        go(prov, f"/certificates?serial={serial}")  # what the form's GET sends
        check("the certificate is found by its number",
              prov.current_url.endswith(f"/certificates/{serial}"), prov.current_url)
        go(prov, "/report")
        after = text(prov)
        check("the report shows the new count", before != after)
        shot(prov, "report")

        # two province reviewers approve the same application at once
        signin(prov2, "province2", A.password)
        go(prov, f"/applications/{A.race}")
        go(prov2, f"/applications/{A.race}")
        for d in (prov, prov2):
            d.find_element(By.ID, "f-action").click()
            d.find_element(By.ID, "f-comment").send_keys("批准。")
        submit(prov, "form.decide button[type=submit]")
        submit(prov2, "form.decide button[type=submit]")
        check("the first approval issues the certificate", "/certificates/" in prov.current_url)
        t2 = text(prov2)
        check("the second sees who decided", "已由province处理" in t2, t2[:300])
        check("the second sees the current state", "已批准" in t2)
        shot(prov2, "race-second")
    finally:
        for d in (city, prov, prov2):
            d.quit()
    print(f"browser: {P.passed()} passed, {P.failed()} failed")
    return 1 if P.failed() else 0


sys.exit(main())
