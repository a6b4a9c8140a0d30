"""Sphinx configuration: the docs are Markdown (MyST); references are generated from the code.

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html`` (warnings are
errors). Outputs shown in the pages are produced at build time by running the real
``cstcontent`` command on the bundled fixtures, and option tables come from the
exporters' classes (``_ext/cst_generated.py``); the screenshots are taken with Chromium
(``_ext/cst_screenshots.py``); the CLI and API references come from the argument parser
and the docstrings.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "cstcontent"
author = "cstcontent developers"
copyright = "2026, cstcontent developers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxarg.ext",
    "cst_generated",
    "cst_screenshots",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "screenshots/README.md"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Links that leave the docs (the repository's folders, the README) are written as full URLs.
nitpicky = False

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "cstcontent"
html_static_path: list[str] = []
