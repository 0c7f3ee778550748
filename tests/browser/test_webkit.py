"""End to end in WebKit: the engine of Safari on iPhones and of every iOS browser, WeChat's included, which is where
most shared links are opened. Debian's WebKitGTK (no browser download) is driven through its WebKitWebDriver with
Selenium, on a virtual X display (Xvfb) that the fixture starts itself, against the built site served by Debian's
nginx with the production configuration (CSP included): Pyodide in a Web Worker must answer in WebKit too.

Checked here: a shared link to the checker page is answered on screen, for the scenario in the link, with the form
filled from it; a question asked with the checker page's form gets the golden table's verdict.
The tests wait for the visible answer only (not for any attribute of the page's own loading machinery).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

DRIVER = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
XVFB = shutil.which("Xvfb") or "/usr/bin/Xvfb"
HINT = "needs Debian's WebKitGTK driver and Xvfb: make system (apt-get install webkit2gtk-driver xvfb)"
ANSWER_TIMEOUT_S = 60
SHARED = "checker/?v=1&a=bind&r=140000&d=2025-01-01&rel=sibling&rs=resident"  # tests/browser/test_e2e.py: 可以

pytestmark = [pytest.mark.skipif(not (Path(DRIVER).exists() and Path(XVFB).exists()), reason=HINT),
              pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning")]  # selenium's own


@pytest.fixture(scope="module")
def display():
    """A fresh Xvfb on a free display number (Xvfb picks it and writes it to -displayfd); stopped at the end."""
    read, write = os.pipe()
    proc = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    deadline = time.monotonic() + 20
    try:
        while not number.endswith(b"\n") and proc.poll() is None:  # written once it accepts connections
            if not select.select([read], [], [], max(0.0, deadline - time.monotonic()))[0]:
                break  # timed out
            chunk = os.read(read, 16)
            if not chunk:
                break
            number += chunk
    finally:
        os.close(read)
    if not number.strip().isdigit():
        proc.kill()
        proc.wait()
        pytest.fail(f"Xvfb did not start (exit code {proc.poll()})", pytrace=False)
    yield f":{number.strip().decode()}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def driver(display, tmp_path_factory):
    """One WebKitGTK session (WebKitWebDriver starts the browser on the Xvfb display) for this module."""
    log = tmp_path_factory.mktemp("webkit") / "webkitwebdriver.log"
    env = {**os.environ, "DISPLAY": display}
    env.pop("WAYLAND_DISPLAY", None)
    service = webdriver.WebKitGTKService(executable_path=DRIVER, env=env, log_output=str(log))
    try:
        drv = webdriver.WebKitGTK(options=webdriver.WebKitGTKOptions(), service=service)
    except Exception as exc:  # noqa: BLE001 - report the driver's own log
        pytest.fail(f"WebKitWebDriver did not start a session: {exc}\n{log.read_text(errors='replace')[-3000:]}",
                    pytrace=False)
    drv.set_window_size(1280, 1000)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def base_url(nginx_site):
    return nginx_site.url


def verdict(driver, answer: int | None = None) -> tuple[str, str]:
    """The verdict and summary line of the (n-th) answer, once it is visible on screen."""
    which = f"[data-answer='{answer}']" if answer else ""
    strong = WebDriverWait(driver, ANSWER_TIMEOUT_S).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, f".yb-result{which} .yb-verdict strong")))
    return strong.text, driver.find_element(By.CSS_SELECTOR, f".yb-result{which} .yb-summary").text


def control(driver, label: str):
    """The form control named by its visible <label> (as a person finds it)."""
    form = driver.find_element(By.CSS_SELECTOR, "form.yb-form")
    node = form.find_element(By.XPATH, f".//label[normalize-space()='{label}']")
    return form.find_element(By.ID, node.get_attribute("for"))


def test_shared_link_is_answered_in_webkit(driver, base_url, tmp_path_factory):
    started = time.monotonic()
    driver.get(base_url + SHARED)
    text, summary = verdict(driver)
    elapsed = time.monotonic() - started
    assert text == "可以"
    assert "山西" in summary and "2025-01-01" in summary and "兄弟姐妹" in summary, summary
    assert Select(control(driver, "亲属是共济人的")).first_selected_option.get_attribute("value") == "sibling"
    assert Select(control(driver, "共济人（出钱的人）的参保地")).first_selected_option.text == "山西"
    driver.execute_script("arguments[0].scrollIntoView()", driver.find_element(By.CSS_SELECTOR, ".yb-result"))
    shot = tmp_path_factory.mktemp("webkit-shot") / "shared-link.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"WebKit answered the shared link in {elapsed:.1f} s; screenshot: {shot}")


def test_form_question_is_answered_in_webkit(driver, base_url):
    """tests/engine/golden.py: 公婆/岳父母不是近亲属 (山西, 2025-01-01, parent_in_law) -> no."""
    driver.get(base_url + "checker/")
    WebDriverWait(driver, ANSWER_TIMEOUT_S).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "form.yb-form button[type='submit']")))
    Select(control(driver, "要办的事")).select_by_value("bind")
    Select(control(driver, "共济人（出钱的人）的参保地")).select_by_value("140000")
    Select(control(driver, "亲属是共济人的")).select_by_value("parent_in_law")
    Select(control(driver, "亲属参加的医保")).select_by_value("resident")
    Select(control(driver, "亲属在哪个省参保")).select_by_value("same")
    date = control(driver, "办理日期")
    assert date.get_attribute("value"), "the date defaults to today"
    # WebKit's <input type=date> is a segmented control in the browser's locale (a picker on iOS): keystrokes of an
    # ISO date land in the wrong segments ("0001-12-01"). Set it as the picker does: the value, then input + change.
    driver.execute_script("arguments[0].value = arguments[1];"
                          "for (const t of ['input', 'change']) arguments[0].dispatchEvent(new Event(t, {bubbles: true}));",
                          date, "2025-01-01")
    assert date.get_property("value") == "2025-01-01"
    driver.find_element(By.CSS_SELECTOR, "form.yb-form button[type='submit']").click()
    text, summary = verdict(driver, 1)
    assert text == "不可以"
    assert "山西" in summary and "配偶的父母" in summary, summary
    assert "2025-01-01" in summary, f"the date typed into WebKit's date field was not used: {summary}"
    assert "v=1" in driver.current_url and "rel=parent_in_law" in driver.current_url
