"""Check built documentation pages for what renders wrong in a browser.

A developer's and CI's check, run after ``sphinx-build`` (``nox -s docs``);
what it cannot see, a person looks at (``tools/screenshot_docs.py``):

- every ``$$ ... $$`` or ``$...$`` of the Markdown pages must have become a
  MathJax element (MyST's dollarmath), and the MathJax script must be the
  copy shipped with the pages (they are read offline, and CI has no network);
- no Markdown table or code fence left as text (a table that did not parse);
- every image a page shows is in the build (or inline);
- an executed notebook's page has its outputs, and none of them is an error.

Usage: python tools/check_docs.py [BUILD_DIRECTORY]   (default docs/_build/html)
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path


class _Text(HTMLParser):
    """The text of a page outside code, preformatted blocks and scripts, and its script sources."""

    _VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []  # the open elements, and whether each hides its text
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.images: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.extend(value or "" for name, value in attrs if name == "src")
        if tag == "img":
            self.images.extend(value or "" for name, value in attrs if name == "src")
        self.classes.extend((dict(attrs).get("class") or "").split())
        if tag in self._VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.open.append((tag, tag in ("code", "pre", "script", "style") or "math" in classes))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        if not any(hides for _, hides in self.open):
            self.text.append(data)


def problems(build: Path) -> list[str]:
    found = []
    for page in sorted(build.glob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        text = "".join(parser.text)
        for match in re.finditer(r"\$\$|\$[^$\s][^$\n]*\\[a-zA-Z]+[^$\n]*\$", text):
            found.append(f"{page.name}: TeX left as text: {match.group(0)[:60]!r}")
        remote = [
            s for s in parser.scripts if "mathjax" in s.lower() and s.startswith(("http:", "https:", "//"))
        ]
        found.extend(f"{page.name}: MathJax from the network: {s}" for s in remote)
        for match in re.finditer(r"^\s*\|?\s*:?-{3,}:?\s*\|", text, flags=re.MULTILINE):
            found.append(f"{page.name}: a Markdown table left as text: {match.group(0).strip()[:60]!r}")
        if re.search(r"^\s*(```|~~~)", text, flags=re.MULTILINE):
            found.append(f"{page.name}: a code fence left as text")
        for source in parser.images:
            if source.startswith(("data:", "http:", "https:", "//")):
                continue
            if not (page.parent / source.split("#")[0].split("?")[0]).is_file():
                found.append(f"{page.name}: image {source} is not in the build")
        notebook = "cell_output" in parser.classes  # an executed notebook's page
        if notebook and ("traceback" in parser.classes or "stderr" in parser.classes):
            found.append(f"{page.name}: a notebook cell's output is an error or a warning")
    return found


def main(argv: list[str]) -> int:
    build = Path(argv[1] if len(argv) > 1 else "docs/_build/html")
    if not (build / "index.html").is_file():
        print(f"{build}: no built documentation here (run sphinx-build first)", file=sys.stderr)
        return 2
    found = problems(build)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
