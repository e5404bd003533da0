"""Stage ``search``, the end of the site stage: each language's Pagefind index, a job.

    job          inputs                                        outputs
    search/LANG  the pages its site's job listed, as built;    build/search/LANG/
                 our code, Pagefind's version

A language whose listed pages are as they were is not indexed again. The bundles are
published with the pages, as ``LANG/pagefind/`` (see ``build_tools.publish``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from build_tools.config import Language, Project
from build_tools.jobs import Job, JobsDone, Workers, run_jobs
from build_tools.progress import Progress, Report
from build_tools.state import BuildState


def search_job(project: Project, language: Language) -> Job[Path]:
    from build_tools.site.search import build_index, index_inputs

    code = language.code
    return Job(
        key=f"search/{code}",
        label=f"search {code}",
        inputs=index_inputs(project, code),
        outputs=(project.layout.search_bundle(code),),
        work=functools.partial(build_index, project, code),
    )


def run_search(
    project: Project,
    languages: list[Language],
    *,
    state: BuildState | None = None,
    workers: int | Workers = 1,
    say: Report | Progress | None = None,
) -> JobsDone[Path]:
    """Index the built pages of every language of ``languages`` whose pages changed."""
    jobs = [search_job(project, language) for language in languages]
    return run_jobs(jobs, state, workers=workers, say=say)
