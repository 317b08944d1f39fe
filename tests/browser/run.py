#!/usr/bin/python3
"""tests/browser/run.py — the reviewers' pages in a real headless Chromium.

Opens every page in a folder of rendered pages (build/web-preview/, written by
build/tests/test_web_view from the real stylesheets over the API's real XML),
checks what a reviewer relies on, saves a full-page screenshot of each under
build/screenshots/, and ends with "browser: N passed, N failed" (the line
scripts/run-tests prints for the other kinds). Exit 1 when anything failed.

Checks, per page:
  - <html lang="zh-CN">, a <title>, one <h1>;
  - every visible input, select and textarea has a <label for> (radios too);
  - every link of the error summary leads to a form control on the page, and
    following it puts the keyboard focus there;
  - nothing is loaded from another host and no script is present;
  - the keyboard alone reaches the page's primary button;
  - the Chinese text is drawn with a CJK font (the width of 审核 is two
    ideographs, not two boxes of a fallback font);
  - a page with a QR code (the printable certificate): the code read back by
    zbarimg (Debian zbar-tools) from the screenshot is the URL printed under
    it, a public check URL; printed to PDF on A4 it is one page.

Needs Debian's chromium, chromium-driver, python3-selenium, fonts-noto-cjk.
Usage: tests/browser/run.py [PREVIEW_DIR] [SCREENSHOT_DIR]
"""
import base64
import os
import re
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

PREVIEW = sys.argv[1] if len(sys.argv) > 1 else "build/web-preview"
SHOTS = sys.argv[2] if len(sys.argv) > 2 else "build/screenshots"

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


def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--lang=zh-CN", "--window-size=1280,900", "--allow-file-access-from-files",
              "--no-first-run", "--disable-extensions", "--hide-scrollbars"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def controls(d):
    return d.find_elements(By.CSS_SELECTOR,
                           "input:not([type=hidden]), select, textarea")


def page_checks(d, name):
    html = d.find_element(By.TAG_NAME, "html")
    check(f"{name}: html lang is zh-CN", html.get_attribute("lang") == "zh-CN")
    check(f"{name}: has a title", d.title.strip() != "")
    check(f"{name}: one h1", len(d.find_elements(By.TAG_NAME, "h1")) == 1)

    unlabelled = []
    for c in controls(d):
        cid = c.get_attribute("id")
        if not cid or not d.find_elements(By.CSS_SELECTOR, f'label[for="{cid}"]'):
            unlabelled.append(c.get_attribute("name"))
    check(f"{name}: every input has a label", not unlabelled, f"unlabelled: {unlabelled}")

    foreign = d.execute_script("""
        const out = [];
        for (const e of document.querySelectorAll('[src], link[href]')) {
            const u = new URL(e.getAttribute('src') || e.getAttribute('href'), location.href);
            if (u.protocol !== location.protocol || u.host !== location.host) out.push(u.href);
        }
        return out;""")
    check(f"{name}: nothing from another host", not foreign, f"{foreign}")
    check(f"{name}: no script", not d.find_elements(By.TAG_NAME, "script"))

    # a CJK font: 审核 in the page's font is two full-width ideographs
    width = d.execute_script("""
        const s = document.createElement('span');
        s.textContent = '审核审核审核审核';
        s.style.fontSize = '20px';
        document.body.appendChild(s);
        const w = s.getBoundingClientRect().width;
        s.remove();
        return w;""")
    check(f"{name}: Chinese drawn in a CJK font", 155 <= width <= 165, f"8 ideographs at "
          f"20px are {width:.1f}px wide")

    links = d.find_elements(By.CSS_SELECTOR, ".error-summary a")
    for a in links:
        target = a.get_attribute("href").split("#", 1)[-1]
        el = d.find_elements(By.ID, target)
        ok = bool(el) and el[0].tag_name in ("input", "select", "textarea")
        check(f"{name}: error link #{target} leads to a field", ok)
        if ok:
            a.click()
            focused = d.switch_to.active_element.get_attribute("id")
            check(f"{name}: following #{target} focuses the field", focused == target,
                  f"focus on {focused}")
    if d.find_elements(By.CSS_SELECTOR, ".error-summary"):
        check(f"{name}: error summary has links or sentences", bool(
            d.find_elements(By.CSS_SELECTOR, ".error-summary li")))

    # the keyboard alone reaches the primary button (at most 60 tabs; in a
    # longer form, or one with dates (a date input takes a tab per part), a
    # few tabs from the control just before it)
    primary = d.find_elements(By.CSS_SELECTOR, "main button.button:not(.button--secondary)")
    stops = d.execute_script(
        "return document.querySelectorAll('a[href], input, select, textarea, button').length")
    dates = len(d.find_elements(By.CSS_SELECTOR, "input[type=date]"))
    if primary and (stops > 60 or dates > 0):
        before = d.execute_script("""
            const all = [...document.querySelectorAll(
                'input:not([type=hidden]), select, textarea, button:not([tabindex="-1"])')];
            const b = arguments[0];
            const prev = all.filter(e => e.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
            return prev[prev.length - 1];""", primary[0])
        d.execute_script("arguments[0].focus()", before)
        reached = False
        for _ in range(4):
            d.switch_to.active_element.send_keys(Keys.TAB)
            if d.switch_to.active_element == primary[0]:
                reached = True
                break
        check(f"{name}: keyboard reaches the primary button from the last field", reached)
    elif primary:
        d.find_element(By.TAG_NAME, "body").click()
        reached = False
        for _ in range(60):
            d.switch_to.active_element.send_keys(Keys.TAB)
            if d.switch_to.active_element == primary[0]:
                reached = True
                break
        check(f"{name}: keyboard reaches the primary button", reached)


def screenshot(d, name):
    os.makedirs(SHOTS, exist_ok=True)
    # what the reviewer sees first, then the whole page
    d.save_screenshot(os.path.join(SHOTS, f"{name}-top.png"))
    h = d.execute_script("return Math.max(document.body.scrollHeight, 600)")
    d.set_window_size(1280, min(h + 40, 8000))
    path = os.path.join(SHOTS, f"{name}.png")
    ok = d.save_screenshot(path)
    check(f"{name}: screenshot saved", ok and os.path.getsize(path) > 10000, path)
    d.set_window_size(1280, 900)


def qr_checks(d, name):
    codes = d.find_elements(By.CSS_SELECTOR, "svg.qr")
    if not codes:
        return
    want = codes[0].get_attribute("aria-label")
    path = os.path.join(SHOTS, f"{name}-qr.png")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", codes[0])
    codes[0].screenshot(path)
    r = subprocess.run(["zbarimg", "-q", "--raw", path], capture_output=True, text=True)
    got = r.stdout.strip()
    check(f"{name}: the QR code in the screenshot reads as the URL printed under it",
          r.returncode == 0 and got == want, f"zbarimg read {got!r}, the page says {want!r}")
    check(f"{name}: the QR code opens a public check page", "/check/" in got, got)
    pdf = d.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True,
        "printBackground": False})
    raw = base64.b64decode(pdf["data"])
    with open(os.path.join(SHOTS, f"{name}.pdf"), "wb") as f:
        f.write(raw)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", raw))
    check(f"{name}: printed on A4 it is one page", pages == 1, f"{pages} pages")


def main():
    pages = sorted(f for f in os.listdir(PREVIEW) if f.endswith(".html"))
    if not pages:
        print(f"browser: no pages in {PREVIEW} (run build/tests/test_web_view first)")
        print("browser: 0 passed, 1 failed")
        return 1
    t0 = time.time()
    try:
        d = browser()
    except WebDriverException as e:
        print(f"browser: cannot start headless Chromium: {e.msg}")
        print("browser: 0 passed, 1 failed")
        return 1
    try:
        for f in pages:
            name = f[:-5]
            print(f"=== browser: {name}")
            d.get("file://" + os.path.abspath(os.path.join(PREVIEW, f)))
            screenshot(d, name)
            page_checks(d, name)
            qr_checks(d, name)
    finally:
        d.quit()
    print(f"browser: {len(pages)} pages in {time.time() - t0:.1f} s")
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
