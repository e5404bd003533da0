"""Font subsets: each carries what its text needs and shapes it exactly as the full font
does (HarfBuzz is the oracle: same glyphs, same advances and offsets, same outlines)."""

from __future__ import annotations

from pathlib import Path

import pytest
import uharfbuzz as hb

from build_tools.render.webfonts import Face, all_faces, faces_for, subset_face
from tests.conftest import ROOT

NAME = "ipu-132-cyber-warfare-draft"


def translated_lines(language: str) -> list[str]:
    text = (ROOT / "translations" / language / f"{NAME}.po").read_text("utf-8")
    return [
        line[8:-1] for line in text.splitlines() if line.startswith('msgstr "') and len(line) > 10
    ]


Shaped = list[tuple[int, int, int, tuple[int, int] | None]]


def shaped(font: hb.Font, text: str) -> Shaped:
    """Each glyph's advance, offsets and outline extents, as HarfBuzz shapes ``text``."""
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    result: Shaped = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        extents = font.get_glyph_extents(info.codepoint)
        size = (extents.width, extents.height) if extents else None
        result.append((position.x_advance, position.x_offset, position.y_offset, size))
    return result


def full_font(face: Face) -> hb.Font:
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(face.source)), face.index))
    if face.instance:
        font.set_variations(dict(face.instance))
    return font


@pytest.mark.parametrize("language", ["en", "fr", "ar", "ru", "zh"])
def test_a_subset_shapes_its_text_as_the_whole_font_does(tmp_path: Path, language: str) -> None:
    lines = translated_lines(language) if language != "en" else ["Cyber warfare: “use of force”"]
    text = "".join(lines)
    for face in faces_for(language):
        subset = hb.Font(hb.Face(subset_face(face, text, tmp_path).read_bytes()))
        whole = full_font(face)
        for line in lines:
            assert shaped(subset, line) == shaped(whole, line), (face.file, line[:40])


def test_a_subset_is_static_small_and_the_same_every_time(tmp_path: Path) -> None:
    text = "Cyber warfare — Кибервойна — الحرب السيبرانية — 网络战"
    for face in all_faces():
        first = subset_face(face, text, tmp_path / "a").read_bytes()
        assert first == subset_face(face, text, tmp_path / "b").read_bytes()
        tables = hb.Face(first).table_tags
        assert "fvar" not in tables and "gvar" not in tables, face.file
        assert len(first) < face.source.stat().st_size / 4, face.file
