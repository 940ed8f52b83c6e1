"""Render every page of the built documentation to a PNG in headless Chromium, to look at them.

A developer's tool: ``tools/check_docs.py`` catches what can be checked in
the HTML; how the pages look (equations typeset, tables laid out, charts and
the notebook's outputs in place) is for a person to see. Pages are loaded from
the build folder (``file://``), with Chromium's network features off.

Usage: python tools/screenshot_docs.py [BUILD_DIRECTORY [OUT_DIRECTORY]]
       (default docs/_build/html and docs/_build/screenshots)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=8000",
    "--window-size=1280,3000",
)


def main(argv: list[str]) -> int:
    build = Path(argv[1] if len(argv) > 1 else "docs/_build/html").resolve()
    out = Path(argv[2] if len(argv) > 2 else "docs/_build/screenshots").resolve()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("no Chromium found (apt install chromium)", file=sys.stderr)
        return 2
    if not (build / "index.html").is_file():
        print(f"{build}: no built documentation here (run sphinx-build first)", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for page in sorted(build.glob("*.html")):
        if page.name in {"genindex.html", "search.html", "py-modindex.html"}:
            continue
        target = out / (page.stem + ".png")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [browser, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={target}", page.as_uri()],
                check=True,
                capture_output=True,
                timeout=120,
            )
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
