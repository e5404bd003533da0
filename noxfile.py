"""Developer and CI entry points: ``nox -s build``, ``nox -s tests``, ``nox -s lint``,
``nox -s typecheck``; for editors, ``nox -s run -- COMMAND …`` runs any command of the
pipeline (``nox -s run -- import draft.docx``) without knowing which environment it needs."""

from __future__ import annotations

import nox

# Python's own venv. (nox looks for uv first and says "uv binary not found." when it is
# not installed: a notice, not an error.)
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "lint", "typecheck"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHON = "3.11"


@nox.session(python=PYTHON, reuse_venv=True)
def build(session: nox.Session) -> None:
    """Validate the sources and publish every output into site/."""
    session.install("-e", ".", silent=False)  # the first install takes a minute: show it
    session.run("build-tools", "build", *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True, default=False)
def run(session: nox.Session) -> None:
    """Any command of the pipeline, in its environment: `nox -s run -- import FILE`,
    `nox -s run -- validate`, `nox -s run -- status`, `nox -s run -- check` (no command:
    the list of commands)."""
    session.install("-e", ".", silent=False)
    session.run("build-tools", *(session.posargs or ["--help"]))


@nox.session(python=PYTHON, reuse_venv=True)
def tests(session: nox.Session) -> None:
    """Run the test suite (real tools as oracles)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON, reuse_venv=True)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package, the tests and this file."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "typecheck"))
    session.run("mypy", "--strict", "build_tools", "tests", "noxfile.py")


@nox.session(python=PYTHON, reuse_venv=True, default=False)
def golden(session: nox.Session) -> None:
    """Regenerate tests/golden/*/ expected outputs after an intended change; review the diff."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("python", "-m", "tests.golden")


@nox.session(python=PYTHON, reuse_venv=True, default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks (not tests): our clean publish against the Sphinx peer for N = 1, 10, 50
    (three alternated rounds, medians, peak memory; `-- --sizes 1,10 --rounds 1` for a quick
    look), then no-op and one-catalog rebuilds, render times per format and language, and
    the corpus goals (issue 26) on generated documents, N = 10, 100 and 1000 (long)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("python", "bench/compare.py", *session.posargs)
    session.run("python", "bench/build_bench.py", "--corpus", "")
    session.run("python", "bench/render_bench.py")
    session.run("python", "bench/corpus_bench.py", "--sizes", "10,100,1000")


@nox.session(python=PYTHON, reuse_venv=True, default=False)
def generality(session: nox.Session) -> None:
    """The any-resolution property at length: hundreds of generated documents of every
    shape and translation state, each built and checked (slow; `nox -s tests` runs 3)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run(
        "pytest",
        "tests/test_any_resolution.py",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "long"},
    )


@nox.session(python=PYTHON, reuse_venv=True, default=False)
def reliability(session: nox.Session) -> None:
    """Kills at many moments, long edit sequences: tests/reliability at length (slow)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "test"))
    session.run("pytest", "tests/reliability", *session.posargs, env={"HYPOTHESIS_PROFILE": "long"})


@nox.session(python=PYTHON, reuse_venv=True, default=False)
def demo(session: nox.Session) -> None:
    """A demonstration site in demo/site (never site/): the sources plus the fictional
    documents of tests/fixtures/ (a corrigendum, an adopted text), labelled on every page."""
    session.install("-e", ".")
    session.run("python", "-m", "tests.demo", *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True, default=False)
def serve(session: nox.Session) -> None:
    """Local preview for editors: rebuilds when source/ or translations/ change."""
    session.install("-e", ".", silent=False)
    session.run("build-tools", "serve", *session.posargs)
