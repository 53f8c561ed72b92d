"""The site in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium.

The pages are opened from file:// and from a local web server on
127.0.0.1: the figures are there, links lead to a round and an issue,
the search box filters, a hostile title shows as text and runs nothing,
and no request leaves the site.  Without Chromium these tests are skipped
on a developer's machine, and fail under CI=true (where .ci/run installs it).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

PORTFOLIO = ROOT / "tests" / "portfolio"
EVIL = ROOT / "tests" / "examples" / "site" / "evil.yaml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage")
PHONE = (390, 844)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (uv sync)"
    for path, package in ((CHROMIUM, "chromium"), (DRIVER, "chromium-driver")):
        if not Path(path).exists():
            return f"{path} not found (apt-get install {package})"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run under CI=true, but {missing}")
        pytest.skip(f"no headless Chromium: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="rectrack-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1200,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(20)
    driver.get("about:blank")
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The portfolio and the hostile round, as of 2024-06-30, in Chinese."""
    from typer.testing import CliRunner

    from rectrack.cli import app

    out = tmp_path_factory.mktemp("browser") / "site"
    env = {"RECTRACK_CACHE": "0", "NO_COLOR": "1", "RECTRACK_CONFIG": None, "GITHUB_ACTIONS": None}
    r = CliRunner().invoke(app, ["site", str(PORTFOLIO), str(EVIL), "-o", str(out), "--as-of", "2024-06-30",
                                 "--lang", "zh"], env=env, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def server(site):
    """The site served on 127.0.0.1 by Python's own web server; its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


# The browser's own pages (its new-tab page, loading as the session starts) fetch these; never the network.
BROWSER_OWN = ("chrome://", "chrome-untrusted://", "devtools://")


def _requests(driver) -> list[str]:
    """URLs the pages asked for since the last call (from Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(BROWSER_OWN):
                urls.append(url)
    return urls


def _refusals(driver) -> list[str]:
    """Console messages about something blocked or failing (a CSP refusal would mean data became code)."""
    return [e["message"] for e in driver.get_log("browser") if "Refused" in e["message"] or e["level"] == "SEVERE"]


def _text(driver, css: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css).text


def _arrive(driver, ending: str) -> None:
    """Wait (10 s at most) until the browser is on a page whose address contains `ending` and it has loaded."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: ending in d.current_url
                                    and d.execute_script("return document.readyState") == "complete")


def _walk(driver, base: str) -> None:
    """From the index to a round, an issue, and back; the search box from the header."""
    from selenium.webdriver.common.by import By

    driver.get(base + "index.html")
    assert driver.title == "整改工作总览"
    cards = driver.execute_script(
        "return Array.from(document.querySelectorAll('dl.cards div')).map(d => [d.querySelector('dt').textContent,"
        " d.querySelector('dd').textContent])")
    # the portfolio (9 issues) and the hostile round (1 completed, 1 not started)
    assert dict(cards) == {"轮次": "5", "方面": "7", "问题": "11", "已完成": "5", "基本完成": "1", "正在推进": "2",
                           "未启动": "3", "逾期": "3", "完成率": "45.5%"}
    driver.find_element(By.LINK_TEXT, "r2").click()
    _arrive(driver, "rounds/r2.html")
    assert _text(driver, "h1") == "第二审计组审计甲单位"
    driver.find_element(By.LINK_TEXT, "A1-1").click()
    _arrive(driver, "issues/r2/A1-1.html")
    assert _text(driver, "h1") == "A1-1 报销不规范"
    assert "逾期 395天" in _text(driver, "dl.facts")
    driver.find_element(By.CSS_SELECTOR, ".crumbs a[href$='rounds/r2.html']").click()
    _arrive(driver, "rounds/r2.html")
    box = driver.find_element(By.ID, "site-q")
    box.send_keys("财务科")
    box.submit()
    _arrive(driver, "search.html?q=")
    assert _text(driver, "#count") == "找到3项问题"


def test_file_url_figures_links_and_search(browser, site):
    _requests(browser), _refusals(browser)
    _walk(browser, site.as_uri() + "/")
    asked = _requests(browser)
    assert asked and all(url.startswith("file://") for url in asked), asked
    assert _refusals(browser) == []


def test_web_server_and_nothing_leaves_the_site(browser, site, server):
    _requests(browser)
    _walk(browser, server)
    browser.get(server + "issues/evil/A1-1.html")  # the page with an outside link, not followed
    asked = _requests(browser)
    assert asked and all(url.startswith(server) for url in asked), asked
    assert _refusals(browser) == []


def test_search_filters_as_you_type(browser, site):
    from selenium.webdriver.common.by import By

    browser.get(site.as_uri() + "/search.html")
    assert _text(browser, "#count") == "找到11项问题"
    box = browser.find_element(By.ID, "q")
    box.send_keys("甲单位 nowhere")  # every word must match
    assert _text(browser, "#count") == "找到0项问题"
    box.clear()
    box.send_keys("甲单位 未启动")
    results = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#results li")]
    assert len(results) == 2 and all("甲单位" in r and "未启动" in r for r in results)
    browser.find_element(By.PARTIAL_LINK_TEXT, "台账不全").click()
    _arrive(browser, "issues/r2/A1-2.html")
    assert _text(browser, "h1") == "A1-2 台账不全"


def test_hostile_title_stays_inert(browser, site):
    from selenium.webdriver.common.by import By

    _refusals(browser)
    browser.get(site.as_uri() + "/rounds/evil.html")
    assert _text(browser, "h1") == "<script>window.pwned=1;alert(1)</script>巡察"
    assert "丁单位 \"引号\" & <b>粗</b>" in _text(browser, "dl.facts")
    assert browser.execute_script("return document.querySelectorAll('script, iframe, img, b, u').length") == 0
    browser.find_element(By.PARTIAL_LINK_TEXT, "A1-1").click()
    _arrive(browser, "issues/evil/A1-1.html")
    assert _text(browser, "h1") == "A1-1 </script><script>window.pwned=3</script>问题"
    assert browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    browser.get(site.as_uri() + "/search.html?q=" + quote("pwned"))
    assert _text(browser, "#count") == "找到1项问题"
    assert "</script><script>window.pwned=3</script>问题" in _text(browser, "#results")
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert _refusals(browser) == []  # nothing was even tried: no script of the data exists


def test_print_leaves_navigation_and_search_off_paper(browser, site):
    browser.get(site.as_uri() + "/index.html")
    shown = "return getComputedStyle(document.querySelector(arguments[0])).display"
    assert browser.execute_script(shown, "header.site") != "none"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(shown, "header.site") == "none"
        assert browser.execute_script(shown, "footer") == "none"
        assert browser.execute_script(shown, "main table") == "table"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_phone_width(browser, site, tmp_path):
    browser.set_window_size(*PHONE)
    try:
        for page in ("index.html", "rounds/r1.html", "issues/r1/A1-2.html"):
            browser.get(site.as_uri() + "/" + page)
            # wide tables scroll inside their own box; the page itself does not scroll sideways
            width = browser.execute_script("return document.documentElement.scrollWidth")
            assert width <= browser.execute_script("return window.innerWidth"), page
        browser.get(site.as_uri() + "/index.html")
        shot = Path(os.environ.get("RECTRACK_SCREENSHOTS", tmp_path)) / "site-phone.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    finally:
        browser.set_window_size(1200, 900)
