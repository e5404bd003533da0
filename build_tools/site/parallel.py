"""The rows of the parallel views, filled in when the site is published.

A language's MkDocs build leaves, where a parallel view's rows go, a mark naming the
document and the languages of its columns in order (:func:`rows_mark`). ``publish``
puts the rows there (:class:`ParallelViews`), from every language's fragments
(:mod:`build_tools.render.fragments`). So a language's site is made from its own text
alone, and a changed translation rebuilds its own site; every other site only has its
parallel views filled again, as they show that translation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from build_tools.config import Project
from build_tools.i18n.ui import display_name
from build_tools.languages import profile
from build_tools.render.fragments import Fragments, read_fragments
from build_tools.state import code_fingerprint, file_sha256, fingerprint, sha256

_MARK = "<!--parallel-rows {name} {codes}-->"
_MARKS = re.compile(r"<!--parallel-rows ([^\s>]+) ([^\s>]+)-->")


def rows_mark(name: str, codes: list[str]) -> str:
    """Where the rows of the parallel view of ``name`` go: cells of ``codes``, in order
    (the page's own language first, then the one shown by default)."""
    return _MARK.format(name=name, codes=",".join(codes))


def column_heads(codes: list[str]) -> str:
    """The row naming the language of each column, in that language (as the choices
    name them), cell for cell like the rows below, so the same rules show or hide it."""
    cells = []
    for code in codes:
        direction = profile(code).direction
        cells.append(
            f'<div class="cell" lang="{html.escape(code)}" dir="{direction}">'
            f'<p class="column-head">{html.escape(display_name(code))}</p></div>'
        )
    return "\n".join(['<div id="parallel-columns" class="row columns">', *cells, "</div>"])


def parallel_rows(own: Fragments, others: list[Fragments], codes: list[str]) -> str:
    """The rows of a parallel view, one per unit of ``own``: its cell first, then the
    cells of ``others`` (the one shown by default first; the stylesheet shows one),
    under a row naming the columns' languages (``codes``, in the same order)."""
    rows = [
        "\n".join(
            [f'<div id="{html.escape(eid)}" class="row">', cell, *(o.cell(eid) for o in others)]
        )
        + "\n</div>"
        for eid, cell in own.cells
    ]
    head = column_heads(codes)
    return "\n".join(['<div id="parallel-text" class="parallel">', head, *rows, "</div>"])


@dataclass(frozen=True, slots=True)
class Filled:
    """What a parallel view was filled from and what it came to: the document and the
    languages its mark names, the fingerprint of the page as built and of those
    languages' fragments, and the filled page's SHA-256 and size."""

    name: str
    codes: tuple[str, ...]
    inputs: str
    digest: str
    size: int


class ParallelViews:
    """Puts the rows into the parallel views of a site as it is published, reading each
    document's fragments once however many pages show them. ``known``: what each view
    (by its path in the site) was last filled from and came to (see :meth:`known`)."""

    def __init__(self, project: Project, known: Mapping[str, Filled] | None = None) -> None:
        self.project = project
        self.read: dict[tuple[str, str], Fragments] = {}
        self.last = dict(known or {})
        self.now: dict[str, Filled] = {}  # the views filled or known in this publish

    @staticmethod
    def is_view(page: Path) -> bool:
        return page.name == "index.html" and page.parent.name == "parallel"

    def known(self, relative: str, page: Path) -> Filled | None:
        """What the view at ``relative`` fills to, without filling it: known when the page
        as built and every fragment its mark names are those it was last filled from
        (their digests are taken from their statuses while a build runs, see
        ``BuildState.hashing``). At N=1000 the 6,000 views were filled on every publish."""
        last = self.last.get(relative)
        if last is None or last.inputs != self._inputs(page, last.name, last.codes):
            return None
        self.now[relative] = last
        return last

    def filled(self, page: Path, relative: str = "") -> bytes | None:
        """``page`` with its rows put in; None when it is not a parallel view (it has no
        mark). The page itself is not written; what it came to is kept as
        ``relative``'s (see :meth:`known`)."""
        if not self.is_view(page):
            return None
        data = page.read_bytes()
        text = data.decode("utf-8")
        found = _MARKS.search(text)
        if found is None:
            return None
        name, shown = found.group(1), found.group(2).split(",")
        rows = parallel_rows(
            self._columns(shown[0], name), [self._columns(c, name) for c in shown[1:]], shown
        )
        result = (text[: found.start()] + rows + text[found.end() :]).encode("utf-8")
        if relative:
            inputs = self._inputs(page, name, tuple(shown), sha256(data))
            self.now[relative] = Filled(name, tuple(shown), inputs, sha256(result), len(result))
        return result

    def _inputs(self, page: Path, name: str, codes: tuple[str, ...], digest: str = "") -> str:
        fragments = [file_sha256(self.project.layout.fragments(code, name)) for code in codes]
        page_digest = digest or file_sha256(page)
        return fingerprint(code_fingerprint(), page_digest, name, *codes, *fragments)

    def _columns(self, code: str, name: str) -> Fragments:
        key = (code, name)
        if key not in self.read:
            self.read[key] = read_fragments(self.project.layout.fragments(code, name))
        return self.read[key]


def fragment_characters(project: Project, names: list[str], codes: list[str]) -> set[str]:
    """Every character the fragments of ``names`` in ``codes`` can put on a page (the
    site fonts must have them: parallel views show every language)."""
    found: set[str] = set()
    for code in codes:
        for name in names:
            path = project.layout.fragments(code, name)
            if path.exists():
                fragments = read_fragments(path)
                found.update(fragments.body, fragments.empty)
                for _, cell in fragments.cells:
                    found.update(cell)
    return found
