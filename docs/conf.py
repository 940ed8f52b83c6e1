"""Sphinx configuration for ghgcore's documentation."""

from __future__ import annotations

import os

import ghgcore

project = "ghgcore"
author = "The ghgcore developers"
copyright = "2026, The ghgcore developers"
release = ghgcore.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    # MyST Markdown pages and notebooks: myst-nb parses both (it brings myst-parser) and executes the
    # notebook at every build, so its outputs (charts, the HTML view) are the current code's
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx.ext.mathjax",
    # MathJax's files shipped with the docs, so equations render without a CDN (offline, in CI's browser)
    "sphinx-mathjax-offline",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "plugin-example", "**.ipynb_checkpoints"]
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# the kernel's own notice on standard error (ipykernel warns that TCP is unencrypted) is not the page's;
# tests/test_notebook.py runs the notebook over IPC and fails on anything written to standard error
nb_output_stderr = "remove"
# dollarmath: $...$ and $$...$$ in the Markdown pages are equations (docs/spend.md)
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"ghgcore {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
nitpicky = False

# Cross-links to pint, numpy, attrs and pandas need their inventories from the
# web; builds without a network (CI here) leave them out rather than warn.
if os.environ.get("GHGCORE_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "pint": ("https://pint.readthedocs.io/en/stable", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
    }
else:
    intersphinx_mapping = {}
