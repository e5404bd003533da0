"""A generated corpus (tests/corpus.py) builds: twenty distinct documents of three bodies,
drafts and the adopted texts made from them, corrigenda, annexes, footnotes, catalogs in
every translation state; every source is valid, every document is published in English
and in exactly the languages the gate lists for it, and the site verifies. The benchmarks
(bench/corpus_bench.py) use the same generator at N = 10 to 1000."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from build_tools.akn.validate import validate_file
from build_tools.config import load_project
from build_tools.manifest import verify_site
from build_tools.pipeline import run_status
from tests.conftest import build_in
from tests.corpus import MARK, PSEUDO, Corpus, count, make_corpus, plan

N, SEED = 20, 16  # seed 16 draws all three bodies, corrigenda and annexes at N = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "project", N, SEED)


@pytest.fixture(scope="module")
def built(corpus: Corpus) -> Corpus:
    build_in(corpus.root)
    return corpus


def test_the_corpus_is_varied(corpus: Corpus) -> None:
    sources = sorted((corpus.root / "source").glob("*.xml"))
    assert len(sources) == N
    assert set(corpus.bodies) == {"ipu-assembly", "ipu-governing-council", "ipu-committee-peace"}
    assert set(corpus.stages) == {"draft", "adopted"}
    assert corpus.versions, "a corrigendum or more"
    lengths = sorted(corpus.lengths.values())
    assert lengths[0] <= 10 and lengths[-1] >= 50, lengths
    assert len(set(lengths)) >= N // 3, lengths  # an adopted text is about its draft's length
    titles = Counter(
        etree.parse(path).xpath("string(//*[local-name()='docTitle'])")
        for path in sources
        if "_" not in path.stem  # a corrigendum keeps its document's title
    )
    assert max(titles.values()) <= 2, "distinct, but for a draft and its adopted text"
    states = Counter(corpus.states.values())
    assert set(states) == {"approved", "complete", "fuzzy", "above", "below", "none", "absent"}
    text = sources[0].read_text("utf-8")
    assert MARK.format(seed=SEED) in text, "every source says it is generated"
    assert any("<attachment " in p.read_text("utf-8") for p in sources)
    assert any("<authorialNote " in p.read_text("utf-8") for p in sources)
    assert all(
        PSEUDO in p.read_text("utf-8")
        for p in (corpus.root / "translations").glob("*/*.po")
        if p.stem != "ui" and corpus.states[(p.stem, p.parent.name)] != "none"
    )


def test_every_generated_source_is_valid(corpus: Corpus) -> None:
    for path in sorted((corpus.root / "source").glob("*.xml")):
        assert [d.format() for d in validate_file(path)] == [], path.name


def test_the_corpus_builds_and_publishes_by_the_gate(built: Corpus) -> None:
    project = load_project(built.root)
    site = project.site
    assert verify_site(site) == []
    rows = run_status(project, project.documents(), list(project.languages))
    assert {row.document for row in rows} == set(built.documents) | set(built.versions)
    versioned = {name.split("_")[0] for name in built.versions}  # shown as their last version
    for row in rows:
        work = row.document.split("_")[0]
        page = site / row.language / work / "index.html"
        if row.language == "en":
            assert row.listed and page.exists(), row
        elif work not in versioned:
            assert page.exists() == row.listed, row
    statuses = Counter(row.status for row in rows if row.language != "en")
    assert {"official", "provisional", "not listed"} <= set(statuses), statuses
    home = html.fromstring((site / "fr" / "index.html").read_bytes())
    banner = home.xpath("string(//aside[@class='md-banner'])")
    assert "démonstration" in banner.casefold(), "every page says what it is"


def test_an_adopted_text_links_to_its_draft(built: Corpus) -> None:
    site = built.root / "site" / "en"
    adopted = next(d for d in built.documents if not d.endswith("-draft") and "-gc-" not in d)
    page = html.fromstring((site / adopted / "index.html").read_bytes())
    assert f"../{adopted}-draft/" in page.xpath("//a/@href")


def test_the_same_seed_gives_the_same_corpus(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "a", 4, 3).root
    second = make_corpus(tmp_path / "b", 4, 3).root
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(n=st.integers(1, 400), seed=st.integers(0, 2**32))
def test_a_plan_has_n_files_of_distinct_names_and_titles(n: int, seed: int) -> None:
    planned = plan(n, random.Random(seed))
    assert sum(1 + bool(p.corrigendum) for p in planned) == n
    names = [str(p.meta["name"]) for p in planned]
    assert len(set(names)) == len(names)
    titled = [(str(p.meta["title"]), str(p.meta["stage"])) for p in planned]
    assert len(set(titled)) == len(titled)
    assert all(5 <= count(p.resolution) <= 121 for p in planned)
