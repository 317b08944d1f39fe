#!/usr/bin/python3
"""tests/browser/enterprise.py — an enterprise's work in headless Chromium
against a real tierd and MariaDB (started by build/itests/test_web_enterprise,
which made the accounts: the enterprise "browsy", another enterprise "acme",
the city reviewer "jinan", all with --password).

browsy chooses 专精特新 on the tiers page, uploads a sample application (the
form fills), types one wrong amount and sees the message at that field and in
the error summary, corrects it and checks (the verdict is shown), adds and
removes an IP row (every typed value kept), saves a draft, resumes it from its
list, submits, and sees the application in its list. acme cannot see it (the
not-found page). jinan returns it with a comment; browsy sees the comment,
uses 修改后重新提交 (the form pre-filled from the returned document), submits,
and the new application says it replaces the old one.

Every page visited is saved as build/screenshots/ent-NAME.png (whole page).
Prints "browser: N passed, N failed"; exit 1 when anything failed.
"""
import argparse
import os
import sys

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ap = argparse.ArgumentParser()
ap.add_argument("--base", required=True)
ap.add_argument("--shots", default="build/screenshots")
ap.add_argument("--password", required=True)
ap.add_argument("--sample", required=True)
A = ap.parse_args()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import browser  # noqa: E402  the same Chromium as the preview checks

USCC = "91370112MA3L7M8N9D"  # browsy's
REV2 = "financials.year.2.revenue"

passed = 0
failed = 0


def check(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  Test: {name} ...passed")
    else:
        failed += 1
        print(f"  Test: {name} ...FAILED {why}")


def shot(d, name, at=None):
    """The whole page as ent-NAME.png, and the first screen (or the screen
    around element id `at`) as ent-NAME-top.png, which is legible."""
    os.makedirs(A.shots, exist_ok=True)
    if at is not None:
        d.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", at)
    else:
        d.execute_script("window.scrollTo(0, 0)")
    d.save_screenshot(os.path.join(A.shots, f"ent-{name}-top.png"))
    h = d.execute_script("return Math.max(document.body.scrollHeight, 600)")
    d.set_window_size(1280, min(h + 40, 12000))
    d.save_screenshot(os.path.join(A.shots, f"ent-{name}.png"))
    d.set_window_size(1280, 900)


def go(d, path):
    d.get(A.base + path)


def wait_new_page(d, old):
    def gone(_):
        try:
            return EC.staleness_of(old)(d)
        except WebDriverException:
            return True

    WebDriverWait(d, 20).until(gone)
    WebDriverWait(d, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda dr: dr.execute_script("return document.readyState") == "complete")


def press(d, css):
    """Press a button (by CSS) and wait for the next page."""
    old = d.find_element(By.TAG_NAME, "html")
    el = d.find_element(By.CSS_SELECTOR, css)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()
    wait_new_page(d, old)


def do(d, action):
    press(d, f'form.apply button[name="do"][value="{action}"]:not(.visually-hidden)')


def field(d, name):
    return d.find_element(By.ID, f"f-{name}")


def set_field(d, name, value):
    el = field(d, name)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.clear()
    el.send_keys(value)


def text(d):
    return d.find_element(By.TAG_NAME, "body").text


def signin(d, name):
    go(d, "/signin")
    d.find_element(By.ID, "f-name").send_keys(name)
    d.find_element(By.ID, "f-password").send_keys(A.password)
    press(d, "main form button[type=submit]")


def main():
    ent = browser()
    other = browser()
    city = browser()
    try:
        signin(ent, "browsy")
        check("an enterprise lands on its applications", ent.current_url.endswith("/my"),
              ent.current_url)
        shot(ent, "my-empty")
        go(ent, "/apply")
        t = text(ent)
        check("the tiers page says the rule set in force", "年认定标准" in t, t[:200])
        shot(ent, "tiers")
        old = ent.find_element(By.TAG_NAME, "html")
        ent.find_element(By.CSS_SELECTOR, 'a[href="/apply/specialized-sme"]').click()
        wait_new_page(ent, old)
        check("the 专精特新 form opens", "申报专精特新中小企业" in text(ent))
        shot(ent, "form-empty")

        # upload a sample: the form fills
        ent.find_element(By.ID, "f-xml").send_keys(os.path.abspath(A.sample))
        press(ent, "form.upload button[type=submit]")
        check("an uploaded sample fills the form",
              field(ent, "enterprise.name").get_attribute("value") == "示例精密机械有限公司（测试）")
        shot(ent, "uploaded")

        # one wrong amount: the message at that field and in the summary
        set_field(ent, "enterprise.uscc", USCC)
        set_field(ent, REV2, "12000000.345")
        do(ent, "check")
        summary = ent.find_elements(By.CSS_SELECTOR, ".error-summary a")
        check("the error summary links to the wrong amount",
              any(a.get_attribute("href").endswith(f"#f-{REV2}") for a in summary),
              [a.get_attribute("href") for a in summary])
        errs = ent.find_elements(By.ID, f"f-{REV2}-error")
        check("the message is at the field", len(errs) == 1 and "营业收入" in errs[0].text,
              errs[0].text if errs else "none")
        check("what was typed is kept", field(ent, REV2).get_attribute("value") == "12000000.345")
        check("the USCC typed is kept", field(ent, "enterprise.uscc").get_attribute("value") == USCC)
        shot(ent, "check-wrong-amount")
        shot(ent, "check-wrong-amount-field", f"f-{REV2}")

        # corrected: the verdict
        set_field(ent, REV2, "42600000.00")
        do(ent, "check")
        t = text(ent)
        check("the check shows the verdict", "检查结果" in t and "草稿已保存" in t, t[:300])
        check("no error summary once corrected",
              len(ent.find_elements(By.CSS_SELECTOR, ".error-summary")) == 0)
        shot(ent, "check-verdict")

        # a repeating group: add a row, type in it, remove it; values kept
        press(ent, 'button[name="do"][value="add:intellectualProperty.item"]')
        check("a row is added", len(ent.find_elements(By.ID, "f-intellectualProperty.item.3.number")) == 1)
        check("the corrected amount survives the round trip",
              field(ent, REV2).get_attribute("value") == "42600000.00")
        set_field(ent, "intellectualProperty.item.3.number", "ZL202300000001.1")
        shot(ent, "row-added", "f-intellectualProperty.item.3.number")
        press(ent, 'button[name="do"][value="remove:intellectualProperty.item.3"]')
        check("the row is removed",
              len(ent.find_elements(By.ID, "f-intellectualProperty.item.3.number")) == 0)
        check("the other rows are kept",
              field(ent, "intellectualProperty.item.2.number").get_attribute("value") ==
              "ZL202020890123.8")

        # save, list, resume
        do(ent, "save")
        check("the draft is saved", "草稿已保存" in text(ent))
        go(ent, "/my")
        drafts = ent.find_elements(By.CSS_SELECTOR, "table.drafts a")
        check("the draft is in the list", len(drafts) >= 1)
        shot(ent, "my-draft")
        old = ent.find_element(By.TAG_NAME, "html")
        ent.find_element(By.PARTIAL_LINK_TEXT, "继续填写").click()
        wait_new_page(ent, old)
        check("the draft resumes with what was typed",
              field(ent, REV2).get_attribute("value") == "42600000.00" and
              field(ent, "enterprise.uscc").get_attribute("value") == USCC)

        # submit: the list
        do(ent, "submit")
        check("submitting lands on my applications", "/my?submitted=" in ent.current_url,
              ent.current_url + " " + text(ent)[:300])
        app = ent.current_url.split("submitted=")[1]
        check("the application is listed",
              len(ent.find_elements(By.CSS_SELECTOR, f'a[href="/applications/{app}"]')) >= 1)
        check("its draft is gone", len(ent.find_elements(By.CSS_SELECTOR, "table.drafts")) == 0)
        shot(ent, "my-submitted")

        # another enterprise: not found
        signin(other, "acme")
        go(other, f"/applications/{app}")
        check("another enterprise cannot see it", "未找到页面" in text(other))

        # the city returns it with a comment
        signin(city, "jinan")
        go(city, f"/applications/{app}")
        city.find_element(By.ID, "f-action-2").click()
        city.find_element(By.ID, "f-comment").send_keys("近三年营业收入证明缺少审计报告，请补充后重新提交。")
        press(city, "form.decide button[type=submit]")
        check("the city returns it", "已退回" in text(city), text(city)[:200])

        # the enterprise sees the comment and corrects through the pre-filled form
        go(ent, "/my")
        check("the list says returned", "已退回企业修改" in text(ent))
        go(ent, f"/applications/{app}")
        note = ent.find_elements(By.CSS_SELECTOR, ".notice--returned")
        check("the enterprise sees the reviewer's comment first",
              len(note) == 1 and "缺少审计报告" in note[0].text, text(ent)[:300])
        shot(ent, "returned")
        old = ent.find_element(By.TAG_NAME, "html")
        ent.find_element(By.LINK_TEXT, "修改后重新提交").click()
        wait_new_page(ent, old)
        check("the form is pre-filled from the returned document",
              field(ent, "enterprise.name").get_attribute("value") == "示例精密机械有限公司（测试）"
              and field(ent, REV2).get_attribute("value") == "42600000.00")
        check("the form says what it replaces", f"第 {app} 号" in text(ent))
        shot(ent, "resubmit-form")
        set_field(ent, "enterprise.contact.phone", "0531-88880001")
        do(ent, "submit")
        check("the correction is submitted", "/my?submitted=" in ent.current_url,
              ent.current_url + " " + text(ent)[:300])
        new = ent.current_url.split("submitted=")[1]
        check("it is a new application", new != app)
        go(ent, f"/applications/{new}")
        check("the new application is linked to the old one",
              len(ent.find_elements(By.CSS_SELECTOR, f'a[href="/applications/{app}"]')) >= 1,
              text(ent)[:300])
        shot(ent, "resubmitted")
    finally:
        for d in (ent, other, city):
            d.quit()
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
