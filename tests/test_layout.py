"""The layout: every address on the site, and the link from any page to any other."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.layout import (
    docs_file,
    download_url,
    home_url,
    parallel_url,
    relative_url,
    version_url,
    work_url,
)


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        (work_url("fr", "s"), home_url("fr"), "s/"),
        (work_url("en", "s"), home_url("fr"), "../en/s/"),
        (work_url("en", "s"), work_url("fr", "s"), "../../en/s/"),
        (download_url("fr", "s", "pdf"), work_url("fr", "s"), "../downloads/s.fr.pdf"),
        (
            download_url("en", "s", "akn"),
            version_url("fr", "s", "v"),
            "../../../../en/downloads/s.en.akn.xml",
        ),
        (version_url("fr", "s", "v"), work_url("fr", "s"), "versions/v/"),
        (version_url("fr", "s", "v"), version_url("fr", "s", "v"), "./"),
        (parallel_url("fr", "s"), work_url("fr", "s"), "parallel/"),
        (work_url("en", "s"), parallel_url("fr", "s"), "../../../en/s/"),
    ],
)
def test_relative_links(target: str, page: str, link: str) -> None:
    assert relative_url(target, page) == link


SEGMENT = st.sampled_from(["fr", "en", "s", "t", "versions", "v1", "parallel", "downloads"])
FOLDER = st.lists(SEGMENT, min_size=1, max_size=5).map(lambda parts: "/".join(parts) + "/")


@given(FOLDER, FOLDER)
def test_a_relative_link_leads_from_the_page_to_its_target(target: str, page: str) -> None:
    resolved = posixpath.normpath(posixpath.join("/" + page, relative_url(target, page)))
    assert resolved + "/" == "/" + target


def test_pages_come_from_the_markdown_files_mkdocs_expects() -> None:
    assert docs_file(home_url("fr")) == "index.md"
    assert docs_file(work_url("fr", "s"), folder_index=True) == "s/index.md"
    assert docs_file(version_url("fr", "s", "v")) == "s/versions/v.md"
    assert docs_file(parallel_url("fr", "s"), folder_index=True) == "s/parallel/index.md"
