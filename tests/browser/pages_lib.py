"""tests/browser/pages_lib.py — what the live browser flows share (pages.py, admin.py):
one tally of checks, screenshots of whole pages, pressing a form's button and
waiting for the next page, signing in. configure() first."""
import os

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from run import browser  # noqa: F401  the same Chromium as the preview checks

_cfg = {"base": "", "shots": "build/screenshots", "prefix": "live-"}
_tally = {"passed": 0, "failed": 0}


def configure(base, shots, prefix):
    _cfg.update(base=base, shots=shots, prefix=prefix)


def passed():
    return _tally["passed"]


def failed():
    return _tally["failed"]


def check(name, ok, why=""):
    if ok:
        _tally["passed"] += 1
        print(f"  Test: {name} ...passed")
    else:
        _tally["failed"] += 1
        print(f"  Test: {name} ...FAILED {why}")


def shot(d, name):
    os.makedirs(_cfg["shots"], exist_ok=True)
    h = d.execute_script("return Math.max(document.body.scrollHeight, 600)")
    d.set_window_size(1280, min(h + 40, 8000))
    d.save_screenshot(os.path.join(_cfg["shots"], f"{_cfg['prefix']}{name}.png"))
    d.set_window_size(1280, 900)


def go(d, path):
    d.get(_cfg["base"] + path)


def submit(d, css):
    """Press a form's button and wait for the next page."""
    old = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.CSS_SELECTOR, css).click()

    def gone(_):
        # While the next page replaces the old one, Chromium may answer the
        # staleness probe with "node does not belong to the document" rather
        # than a stale-element error: both mean the old page is gone.
        try:
            return EC.staleness_of(old)(d)
        except WebDriverException:
            return True

    WebDriverWait(d, 15).until(gone)
    WebDriverWait(d, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda dr: dr.execute_script("return document.readyState") == "complete")


def text(d):
    return d.find_element(By.TAG_NAME, "body").text


def signin(d, name, pw, shot_name=None):
    go(d, "/signin")
    d.find_element(By.ID, "f-name").clear()
    d.find_element(By.ID, "f-name").send_keys(name)
    d.find_element(By.ID, "f-password").send_keys(pw)
    if shot_name:
        shot(d, shot_name)
    submit(d, "main form button[type=submit]")
