import os

# scikit-learn runs its array API checks (here: on numpy itself) only when
# SciPy's array API support is switched on, before SciPy is first imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
