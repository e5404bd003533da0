"""What each worker does before its first job (see ``pipeline.run_build``).

It lives apart from the pipeline so that a worker imports only what its jobs run: a
worker unpickles this function by importing its module, and importing the whole
pipeline (catalogs, validation, publishing) took 45 ms of every worker's start.
"""

from __future__ import annotations


def ready(codes: list[str]) -> None:
    """Import what render and site jobs run, load what every site build reads (the
    theme's files, the languages' locale data) and start the worker's Pandoc."""
    from build_tools.render import outputs, pandoc  # noqa: F401
    from build_tools.site.engine import warm_up

    warm_up(codes)
    pandoc.warm_up()
