"""Draws the app's PNG icons from our own SVGs, with the Chromium the browser tests use.

    .venv/bin/python scripts/make_icons.py

The PNGs are committed (static/img/app/); run this again after changing an SVG. The manifest
(journal/app_shell.py) lists them: 192 and 512 px of the rounded icon, and a maskable one
whose trace sits inside the middle 80 % that every launcher's mask keeps.
"""

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

IMAGES = Path(__file__).resolve().parents[1] / "static" / "img"
ICONS = [
    ("icon.svg", "app/icon-192.png", 192),
    ("icon.svg", "app/icon-512.png", 512),
    ("icon-maskable.svg", "app/icon-maskable-512.png", 512),
    ("icon.svg", "app/apple-touch-icon.png", 180),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        for source, target, size in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (
                (IMAGES / source)
                .read_text()
                .replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            )
            page.set_content(
                '<body style="margin:0;background:transparent">'
                f'<div style="width:{size}px;height:{size}px">{svg}</div></body>'
            )
            (IMAGES / target).parent.mkdir(exist_ok=True)
            page.locator("div").screenshot(path=str(IMAGES / target), omit_background=True)
            page.close()
            print(f"{target}: {size} x {size}")
        browser.close()


if __name__ == "__main__":
    main()
