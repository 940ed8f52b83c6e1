"""Developer sessions: tests, lint, typing, docs, demo, benchmarks.

Run ``python3 -m pip install nox`` once, then ``python3 -m nox -s tests``.
Each session makes its own virtual environment and installs what it needs.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typing", "docs", "plugins"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False

PYTHON = None  # the interpreter nox runs on


def plugin_packages() -> list[Path]:
    """Every plugin package: those under plugins/, and the plugin guide's example."""
    here = Path(__file__).parent
    found = sorted(p.parent for p in (here / "plugins").glob("*/pyproject.toml"))
    return [*found, here / "docs" / "plugin-example"]


DEFAULT_DATABASES = [
    "plugins/ghgcore-fuels",
    "plugins/ghgcore-grid",
    "plugins/ghgcore-spend",
    "plugins/ghgcore-travel",
]


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite: unit, property-based, end to end, and doctests."""
    session.install("-e", ".[test]", *(f"-e{path}" for path in DEFAULT_DATABASES))
    session.run("pytest", *session.posargs, env={"HYPOTHESIS_PROFILE": "ci"})


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """mypy --strict over the package and the plugin packages' sources."""
    session.install("-e", ".[dask,charts,reports]", "mypy>=1.10", "pandas-stubs")
    session.run("mypy")
    for package in plugin_packages():
        session.install("-e", str(package), "--no-deps")
        session.run("mypy", "--strict", str(package / "src"))


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation; warnings are errors. The notebook runs with the shipped databases."""
    session.install("-e", ".[docs]", *(f"-e{path}" for path in DEFAULT_DATABASES))
    session.run(
        "sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html", *session.posargs
    )
    # no equation left as TeX source, MathJax from the pages themselves, no table left as text, no
    # missing image, no failed notebook cell (how the pages look: tools/screenshot_docs.py)
    session.run("python", "tools/check_docs.py", "docs/_build/html")


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Calculate the example inventory with the shipped databases and example factors, and print it."""
    session.install("-e", ".", *(f"-e{path}" for path in DEFAULT_DATABASES))
    # the shell would expand examples/eksempel-as/2024/*; session.run does not
    inputs = sorted(str(path) for path in Path("examples/eksempel-as/2024").iterdir() if path.is_file())
    session.run("ghgcore", "calculate", *inputs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """Drive the readers and the calculation with mutated inputs for a fixed time (not in CI's default run).

    ``nox -s fuzz -- --seconds 600 --seed 7``; failing inputs are kept in fuzz-failures/.
    """
    session.install("-e", ".", *(f"-e{path}" for path in DEFAULT_DATABASES))
    session.run("python", "tools/fuzz.py", *(session.posargs or ["--seconds", "300"]))


@nox.session(python=PYTHON)
def wheels(session: nox.Session) -> None:
    """Build wheels of ghgcore and the shipped factor databases into dist/ (ghgcore is not on PyPI)."""
    session.install("build")
    for path in [".", *DEFAULT_DATABASES]:
        session.run("python", "-m", "build", "--wheel", "--outdir", "dist", path)


@nox.session(python=PYTHON)
def plugins(session: nox.Session) -> None:
    """Install each factor-database package beside ghgcore (pip), run its tests, and list them all."""
    packages = plugin_packages()
    session.install("-e", ".[test]")
    for package in packages:
        session.install("-e", str(package))
    session.run("ghgcore", "factors", "list", "--check")
    for package in packages:
        with session.chdir(package):
            session.run("pytest", "-p", "no:cacheprovider")


@nox.session(python=PYTHON)
def benchmarks(session: nox.Session) -> None:
    """Time ghgcore against baselines in the same run: in memory, and whole processes from CSV files."""
    session.install(
        "-e", ".", "-e", "plugins/ghgcore-spend", "polars", "duckdb", "pyarrow", "dask[distributed]"
    )
    session.run("python", "benchmarks/run.py", *session.posargs)
    session.run("python", "benchmarks/saft.py")
    session.run("python", "benchmarks/spend.py")
    if (Path(__file__).parent / "benchmarks" / "factors.py").exists():
        session.run("python", "benchmarks/factors.py")
    # `ghgcore calculate` against pandas, polars and DuckDB scripts over the same files
    session.run("python", "benchmarks/process.py")
    # an account store of 400 members x 5 years x 10,000 lines: saving, and `ghgcore progress` for one
    session.run("python", "benchmarks/store.py")
    # `ghgcore network` over the same size of store, default engine and Dask, against pandas and DuckDB scripts
    session.run("python", "benchmarks/network.py")
    # uncertainty: approach 1 and 10,000 Monte Carlo samples over 100,000 lines, time and memory
    session.run("python", "benchmarks/uncertainty.py")
