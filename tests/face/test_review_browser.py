"""The review app in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven by Selenium.

Open the queue, open a call, play from a finding, accept one finding, reject another, and see the
precision page change. With ESCUCHA_SCREENSHOTS=DIR it also saves the pages as PNGs (the README's).
"""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; "
                              "make setup installs them as root)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(face_db):
    import uvicorn

    from escucha.review import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(face_db, reviewer="browser"), host="127.0.0.1", port=port,
                                       log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="escucha-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                 "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _shot(driver, name: str) -> None:
    folder = os.environ.get("ESCUCHA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def _wait(predicate, timeout: float = 8.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def _precision_row(driver, rule: str) -> tuple[str, str]:
    row = driver.find_element("css selector", f'#precision tr[data-rule="{rule}"]')
    return (row.find_element("css selector", ".reviewed").text, row.find_element("css selector", ".precision").text)


def test_review_a_call_in_the_browser(server, browser):
    By = __import__("selenium.webdriver.common.by", fromlist=["By"]).By
    browser.get(f"{server}/precision")
    assert _precision_row(browser, "needless_transfer") == ("0", "–")

    # The queue, filtered to one rule, then one call
    browser.get(f"{server}/")
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.queue-row")) == 6
    _shot(browser, "queue")
    browser.find_element(By.ID, "filter-rule").send_keys("needless_transfer")
    browser.find_element(By.ID, "apply-filters").click()
    _wait(lambda: "rule=needless_transfer" in browser.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.queue-row")
    assert {r.get_attribute("data-call-id") for r in rows} == {
        "en_05_billing_blame", "es_01_culpa_facturacion", "es_09_transferencia_innecesaria"}
    browser.find_element(By.CSS_SELECTOR, 'tr[data-call-id="en_05_billing_blame"] a.call-link').click()
    assert _wait(lambda: browser.current_url.endswith("/calls/en_05_billing_blame"))
    assert "That's not my department." in [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#transcript mark")]

    # Play from the second transfer finding (at 0:42): the player jumps there and plays
    findings = browser.find_elements(By.CSS_SELECTOR, '.finding[data-rule="needless_transfer"]')
    assert len(findings) == 2
    findings[1].find_element(By.CSS_SELECTOR, "button.play").click()
    state = _wait(lambda: browser.execute_script(
        "const p = document.getElementById('player');"
        "return p.currentTime >= 42 && !p.paused ? [p.currentTime, p.duration] : null;"))
    assert state, browser.execute_script("const p=document.getElementById('player'); return [p.currentTime, p.paused, p.error && p.error.code]")
    assert 42 <= state[0] <= state[1]
    browser.execute_script("document.getElementById('player').pause(); window.scrollTo(0, 0)")
    _shot(browser, "call")

    # Accept the first transfer finding, reject the second
    for index, button in ((0, "button.accept"), (1, "button.reject")):
        finding = browser.find_elements(By.CSS_SELECTOR, '.finding[data-rule="needless_transfer"]')[index]
        finding.find_element(By.CSS_SELECTOR, button).click()
        verdict = "confirmed" if index == 0 else "rejected"
        assert _wait(lambda: browser.find_elements(
            By.CSS_SELECTOR, f'.finding[data-rule="needless_transfer"] .verdict-{verdict}'))

    # The precision page has changed
    browser.find_element(By.LINK_TEXT, "Rule precision").click()
    assert _wait(lambda: browser.current_url.endswith("/precision"))
    assert _precision_row(browser, "needless_transfer") == ("2", "50%")
    _shot(browser, "precision")
