#!/usr/bin/python3
"""tests/browser/live_qr.py — a printed certificate's QR code, end to end, on a
real tierd: opens the printable page in headless Chromium, screenshots the
QR code, decodes it with zbarimg (Debian zbar-tools), requires the public
check URL of the same serial on the same server, follows it and requires the
page to say EXPECT (valid, revoked or expired) in its status banner.

Usage: tests/browser/live_qr.py PRINT_URL EXPECT SHOT_PREFIX
Exit 0 when all holds; else 1 with the reason on stdout.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from selenium.webdriver.common.by import By  # noqa: E402

from run import browser  # noqa: E402

WORDS = {"valid": "证书有效", "revoked": "证书已撤销", "expired": "证书已过期"}


def main():
    url, expect, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(os.path.dirname(prefix) or ".", exist_ok=True)
    d = browser()
    try:
        d.get(url)
        d.save_screenshot(prefix + "-print.png")
        qr = d.find_elements(By.CSS_SELECTOR, "svg.qr")
        if not qr:
            print(f"live_qr: no QR code on {url}")
            return 1
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", qr[0])
        qr[0].screenshot(prefix + "-qr.png")
        r = subprocess.run(["zbarimg", "-q", "--raw", prefix + "-qr.png"],
                           capture_output=True, text=True)
        got = r.stdout.strip()
        want = url[:-len("/print")] if url.endswith("/print") else url
        if got != want:
            print(f"live_qr: the QR code reads {got!r}, not the check URL {want!r}")
            return 1
        d.get(got)
        d.save_screenshot(prefix + "-check.png")
        st = d.find_element(By.ID, "status")
        if st.get_attribute("data-status") != expect or WORDS[expect] not in st.text:
            print(f"live_qr: {got} says {st.text!r}, not {WORDS[expect]}")
            return 1
        css = d.execute_script(
            "return getComputedStyle(document.querySelector('.site')).backgroundColor")
        if css in ("", "rgba(0, 0, 0, 0)"):
            print("live_qr: the page is unstyled (/static/tierd.css not served)")
            return 1
    finally:
        d.quit()
    print(f"live_qr: {url}: QR → {got}: {WORDS[expect]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
