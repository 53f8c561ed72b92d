"""Make the README's screenshots of the site: `uv run python docs/make_screenshots.py` (needs chromium).

Builds the site of tests/portfolio and data/issues.yaml as of 2024-06-30 and
photographs the index, a round page and the index at phone width with
Debian's headless Chromium, into docs/images/.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
SHOTS = [("site-index.png", "index.html", (1100, 1400)),
         ("site-round.png", "rounds/hd-2023-r6-zgc.html", (1100, 1100)),
         ("site-phone.png", "index.html", (390, 844))]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="rectrack-shots-"))
    site = work / "site"
    subprocess.run([sys.executable, "-m", "rectrack", "site", str(ROOT / "tests" / "portfolio"),
                    str(ROOT / "data" / "issues.yaml"), "-o", str(site), "--as-of", "2024-06-30", "--lang", "zh"],
                   check=True)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
                 f"--user-data-dir={work / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        for name, page, (width, height) in SHOTS:
            driver.set_window_size(width, height)
            driver.get((site / page).as_uri())
            driver.save_screenshot(str(ROOT / "docs" / "images" / name))
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
