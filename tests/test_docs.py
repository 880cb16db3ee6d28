"""The README's example and the example gallery run as written."""

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("plot_*.py"))


def _run(args, cwd):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


README_CODE = re.findall(
    r"```python\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.DOTALL
)


@pytest.mark.slow
def test_readme_example_runs_and_beats_the_naive_forecast(tmp_path):
    result = _run([sys.executable, "-c", README_CODE[0]], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    mape = float(re.fullmatch(r"MAPE: ([\d.]+)%\n", result.stdout).group(1))
    assert mape < 9.7  # the naive forecast's MAPE on these months


@pytest.mark.slow
def test_readme_forecast_past_the_end_runs(tmp_path):
    result = _run([sys.executable, "-c", README_CODE[1]], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1:6:2] == ["1961-01", "1961-02", "1961-03"]


@pytest.mark.slow
def test_airline_example_runs_and_saves_its_plot(tmp_path):
    # The Quickstart's main job. The other examples run in the docs build
    # (sphinx-gallery, ``sphinx-build -W``), which CI runs too.
    path = ROOT / "examples" / "plot_airline_forecast.py"
    result = _run([sys.executable, str(path)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "airline_forecast.png").exists()


def test_every_example_is_a_gallery_article():
    for path in EXAMPLES:
        text = path.read_text()
        title = text.split('"""')[1].strip().splitlines()
        assert set(title[0]) == {"="} and set(title[2]) == {"="}, path.name
        assert "# %%" in text, path.name


# MAPIE's own notice from TimeSeriesRegressor.update, which the user guide
# describes ("nothing to act on in this recipe").
@pytest.mark.filterwarnings(
    r"ignore:\s*This function behavior has been changed:UserWarning"
)
def test_user_guide_code_runs():
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "user_guide.rst"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
    )
    assert tried > 0 and failures == 0


def test_readme_quickstart_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quickstart, flags=re.DOTALL)
    assert len(commands) == 2
    assert "examples/plot_airline_forecast.py" in commands[0]
    assert commands[1].endswith("pytest") and '".[tests]"' in commands[1]
    assert 'pip install -e ".[tests]"' in ci and "README.md" in ci


def test_api_reference_lists_every_public_name():
    import sklstm

    api = (ROOT / "docs" / "api.rst").read_text()
    listed = set(re.findall(r"^   ([\w.]+)$", api, flags=re.MULTILINE))
    public = set(sklstm.__all__) - {"__version__"}
    assert public <= listed, public - listed
