"""Sphinx configuration for the sklstm documentation.

Build (from the repository root; the gallery's examples are executed, about
five minutes on 2 cores):

    python -m pip install torch==2.13.0 && python -m pip install -e ".[docs]"
    python -m sphinx -W -b html docs docs/_build/html

Links into the documentation of scikit-learn, PyTorch, skorch, pandas, numpy
and Python (intersphinx) need their inventories from the internet. Each is
tried first; where it cannot be fetched, the build goes on without those links
(the names are shown as code, unlinked) and says so, so that ``-W`` does not
depend on the network. Set ``SKLSTM_DOCS_OFFLINE=1`` to skip trying.
"""

import os
from urllib.request import urlopen

import sklstm

project = "sklstm"
author = "the sklstm developers"
copyright = "2026, the sklstm developers"
release = sklstm.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.json",
    "auto_examples/*.md5",
    "sg_execution_times.rst",
]

# API reference: one page per public name, from its numpydoc docstring.
autosummary_generate = True
templates_path = ["_templates"]
autodoc_default_options = {"inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# The same checks as tests/test_docstrings.py, so that the build warns (and
# -W fails) on a docstring the test suite would refuse.
numpydoc_validation_checks = {"all", "ES01", "SA01", "EX01", "RT02", "GL01"}
numpydoc_validation_exclude = {r"\.__init__$", r"\.__sklearn_tags__$"}

# Links into other projects' documentation.
_INTERSPHINX = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "pandas": ("https://pandas.pydata.org/docs", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
    "torch": ("https://docs.pytorch.org/docs/stable", None),
    "skorch": ("https://skorch.readthedocs.io/en/stable", None),
}


def _reachable(url, timeout=5.0):
    """Whether the project's inventory can be fetched now (so -W cannot fail on it)."""
    try:
        with urlopen(f"{url}/objects.inv", timeout=timeout) as response:
            return response.read(64).startswith(b"# Sphinx inventory")
    except (OSError, ValueError):
        return False


if os.environ.get("SKLSTM_DOCS_OFFLINE") == "1":
    intersphinx_mapping = {}
else:
    intersphinx_mapping = {
        name: target for name, target in _INTERSPHINX.items() if _reachable(target[0])
    }
    _unreachable = sorted(set(_INTERSPHINX) - set(intersphinx_mapping))
    if _unreachable:
        print(
            "sklstm docs: no internet access to the inventories of "
            f"{', '.join(_unreachable)}; building without links to them."
        )
intersphinx_timeout = 10

# The executed gallery.
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "remove_config_comments": True,
    "download_all_examples": False,
    "doc_module": ("sklstm",),
    "backreferences_dir": "generated/backreferences",
    "within_subsection_order": "FileNameSortKey",
    "min_reported_time": 1,
}

html_theme = "pydata_sphinx_theme"
html_title = f"sklstm {release}"
html_theme_options = {
    "navbar_end": ["navbar-icon-links"],
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
# Pages without sub-pages would get an empty left sidebar (the theme's
# section navigation has nothing to list): leave it out on them.
html_sidebars = {
    "index": [],
    "install": [],
    "user_guide": [],
    "architecture": [],
    "changelog": [],
}
html_static_path = []
