#!/usr/bin/python3
"""tests/browser/admin.py — the admin's pages in headless Chromium against a
real tierd and MariaDB (started by build/itests/test_web_pages, which passes
the address, the admin's password and this year).

The admin adds a city reviewer with a password, after a refusal (a city
reviewer without a city: the Chinese sentence at the field, what was typed
kept); that reviewer signs in. The admin disables the account: its sign-in is
refused; enables it: the sign-in works again. The admin issues an API token:
the page shows it once, it works against the API, and the accounts page
loaded again does not show it. A new password (after a short one is refused
at the row's field) signs the reviewer's browser out and signs in. The admin
sets a target (after a refusal
that keeps the values) and the report page shows it.

Every page visited is saved as build/screenshots/live-admin-NAME.png.
Prints "browser: N passed, N failed"; exit 1 when anything failed.
"""
import argparse
import os
import sys
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ap = argparse.ArgumentParser()
ap.add_argument("--base", required=True)
ap.add_argument("--shots", default="build/screenshots")
ap.add_argument("--password", required=True)
ap.add_argument("--year", required=True)
A = ap.parse_args()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages_lib as P  # noqa: E402

P.configure(A.base, A.shots, "live-admin-")
check, shot, go, submit, text, signin = P.check, P.shot, P.go, P.submit, P.text, P.signin

REVIEWER = "zibo.reviewer"
RPW = "淄博审核员的密码 2026"


def api_status(token, path):
    rq = urllib.request.Request(A.base + path, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(rq, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def main():
    adm = P.browser()
    rev = P.browser()
    try:
        signin(adm, "admin", A.password)
        go(adm, "/admin/accounts")
        check("the accounts page opens for the admin", "账户管理" in text(adm), text(adm)[:200])
        shot(adm, "accounts")

        # a city reviewer without a city: refused at the field, values kept
        adm.find_element(By.ID, "f-name").send_keys(REVIEWER)
        Select(adm.find_element(By.ID, "f-role")).select_by_value("city-reviewer")
        adm.find_element(By.ID, "f-password").send_keys(RPW)
        submit(adm, "form[action='/admin/accounts'] button[type=submit]")
        err = adm.find_elements(By.ID, "f-city-error")
        check("a city reviewer without a city is refused at the city field",
              len(err) == 1 and "市级审核员须选择所属城市" in err[0].text, text(adm)[:300])
        check("the refusal is in the error summary, linked to the field",
              len(adm.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#f-city']")) == 1)
        check("the name typed is kept",
              adm.find_element(By.ID, "f-name").get_attribute("value") == REVIEWER)
        check("the role chosen is kept",
              Select(adm.find_element(By.ID, "f-role")).first_selected_option
              .get_attribute("value") == "city-reviewer")
        check("the password is not shown again",
              adm.find_element(By.ID, "f-password").get_attribute("value") == "")
        shot(adm, "add-refused")

        Select(adm.find_element(By.ID, "f-city")).select_by_value("370300")
        adm.find_element(By.ID, "f-password").send_keys(RPW)
        submit(adm, "form[action='/admin/accounts'] button[type=submit]")
        check("the account is added", "账户已添加" in text(adm) and REVIEWER in text(adm),
              text(adm)[:300])
        shot(adm, "added")

        signin(rev, REVIEWER, RPW)
        check("the new reviewer signs in", rev.current_url.endswith("/queue"), rev.current_url)
        check("as 淄博's city reviewer", "淄博" in text(rev), text(rev)[:200])
        shot(rev, "reviewer-queue")
        submit(rev, "form.site__signout button")

        # disabled: the sign-in is refused; enabled again: it works
        submit(adm, f"form[action='/admin/accounts/{REVIEWER}/disable'] button")
        check("the account is disabled", "账户已停用" in text(adm), text(adm)[:200])
        shot(adm, "disabled")
        signin(rev, REVIEWER, RPW)
        check("a disabled account cannot sign in",
              rev.current_url.endswith("/signin") and "账户名或密码不正确" in text(rev),
              rev.current_url)
        shot(rev, "disabled-signin")
        submit(adm, f"form[action='/admin/accounts/{REVIEWER}/enable'] button")
        check("the account is enabled", "账户已启用" in text(adm), text(adm)[:200])
        signin(rev, REVIEWER, RPW)
        check("enabled again, it signs in", rev.current_url.endswith("/queue"), rev.current_url)

        # a token: shown once, works against the API, gone on the next load
        submit(adm, f"form[action='/admin/accounts/{REVIEWER}/token'] button")
        box = adm.find_elements(By.ID, "f-token")
        token = box[0].get_attribute("value") if box else ""
        check("the token is shown", token.startswith("tierd_") and len(token) == 70, token[:10])
        check("the page says it will not be shown again", "只显示这一次" in text(adm))
        shot(adm, "token")
        check("the token works against the API", api_status(token, "/v1/submissions") == 200)
        go(adm, "/admin/accounts")
        check("loaded again, the page does not show the token",
              token not in adm.page_source and not adm.find_elements(By.ID, "f-token"))
        check("the token is counted on the account's row",
              any(REVIEWER in r.text and r.text.split()[-1] != "0"
                  for r in adm.find_elements(By.CSS_SELECTOR, "tbody tr")))

        # a new password: a short one refused at the row's field, then set;
        # the reviewer's browser is signed out, the new password signs in
        form = f"form[action='/admin/accounts/{REVIEWER}/password']"
        adm.find_element(By.XPATH, f"//form[@action='/admin/accounts/{REVIEWER}/password']"
                                   "/parent::details/summary").click()
        adm.find_element(By.CSS_SELECTOR, f"{form} input[name=password]").send_keys("short")
        submit(adm, f"{form} button")
        err = adm.find_elements(By.ID, "f-new-password-error")
        check("a short password is refused at the account's password field",
              len(err) == 1 and "密码太短" in err[0].text
              and adm.find_element(By.ID, "f-new-password").is_displayed(), text(adm)[:300])
        check("and not at the add form's initial password",
              not adm.find_elements(By.ID, "f-password-error"))
        check("the summary links to it",
              len(adm.find_elements(By.CSS_SELECTOR,
                                    ".error-summary a[href='#f-new-password']")) == 1)
        shot(adm, "password-refused")
        adm.find_element(By.ID, "f-new-password").send_keys(RPW + " 新")
        submit(adm, f"{form} button")
        check("the password is set", "密码已设置" in text(adm), text(adm)[:200])
        go(rev, "/queue")
        check("the reviewer's browser was signed out", "/signin" in rev.current_url,
              rev.current_url)
        signin(rev, REVIEWER, RPW + " 新")
        check("the new password signs in", rev.current_url.endswith("/queue"), rev.current_url)

        # a target: refused and kept, then set; the report shows it
        go(adm, f"/admin/targets?year={A.year}")
        shot(adm, "targets")
        Select(adm.find_element(By.ID, "f-tier")).select_by_value("gazelle")
        adm.find_element(By.ID, "f-count").send_keys("很多")
        adm.find_element(By.ID, "f-source").send_keys("浏览器测试设定")
        submit(adm, "form[method='post'][action='/admin/targets'] button[type=submit]")
        err = adm.find_elements(By.ID, "f-count-error")
        check("a count that is not a number is refused at the field",
              len(err) == 1 and "目标数" in err[0].text, text(adm)[:300])
        check("the tier chosen is kept",
              Select(adm.find_element(By.ID, "f-tier")).first_selected_option
              .get_attribute("value") == "gazelle")
        check("the source typed is kept",
              adm.find_element(By.ID, "f-source").get_attribute("value") == "浏览器测试设定")
        shot(adm, "target-refused")
        adm.find_element(By.ID, "f-count").clear()
        adm.find_element(By.ID, "f-count").send_keys("4321")
        submit(adm, "form[method='post'][action='/admin/targets'] button[type=submit]")
        check("the target is saved", "目标已保存" in text(adm) and "4,321" in text(adm),
              text(adm)[:300])
        shot(adm, "target-set")
        go(adm, f"/report?year={A.year}")
        check("the report shows the target", "4,321" in text(adm), text(adm)[:300])
        shot(adm, "report")

        # the admin pages are not there for a reviewer
        go(rev, "/admin/accounts")
        check("a reviewer finds no accounts page", "未找到页面" in text(rev))
    finally:
        adm.quit()
        rev.quit()
    print(f"browser: {P.passed()} passed, {P.failed()} failed")
    return 1 if P.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
