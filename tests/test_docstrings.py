"""Public docstrings follow numpydoc, checked with numpydoc's validator.

As in scikit-learn (``maint_tools/test_docstrings.py``), every public class,
function, method and property is validated, less a few checks that this
project, like scikit-learn, does not follow. docs/conf.py runs the same checks
during the documentation build.
"""

import inspect

import pytest

import sklstm
import sklstm.datasets

numpydoc_validate = pytest.importorskip("numpydoc.validate")

# Checks left out, as in scikit-learn: an extended summary (ES01), a See Also
# section (SA01) and an Examples section (EX01) on every method, the summary
# starting on the first line (GL01), and a type alone on the first line of a
# Returns entry (RT02: we name what is returned, e.g. ``self : object``).
IGNORED = {"ES01", "SA01", "EX01", "GL01", "RT02"}


def _public_objects():
    names = [f"sklstm.{name}" for name in sklstm.__all__ if name != "__version__"]
    names += [f"sklstm.datasets.{name}" for name in sklstm.datasets.__all__]
    for name in names:
        obj = eval(name, {"sklstm": sklstm})
        yield name
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if member.startswith("_"):
                    continue
                if inspect.isfunction(value) or isinstance(value, property):
                    yield f"{name}.{member}"


PUBLIC = sorted(set(_public_objects()))


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring(name):
    errors = [
        f"{code}: {message}"
        for code, message in numpydoc_validate.validate(name)["errors"]
        if code not in IGNORED
    ]
    assert not errors, f"{name}:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    "name", [name for name in PUBLIC if name.count(".") == 1 or "datasets" in name]
)
def test_public_classes_and_functions_have_examples(name):
    assert "Examples\n" in inspect.getdoc(eval(name, {"sklstm": sklstm}))


def test_every_public_name_is_checked():
    assert {name.rsplit(".", 1)[-1] for name in PUBLIC} >= set(sklstm.__all__) - {
        "__version__"
    }
