"""Font subsets for formats that carry their own fonts (EPUB, the site).

Each face is cut down to the characters the text uses (HarfBuzz's hb-subset, which also
makes static instances of variable fonts), saved under a plain file name: the same text
gives the same bytes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import fontpkg
import noto_cjk
import uharfbuzz as hb

from build_tools.render.fonts import SCRIPTS


@dataclass(frozen=True, slots=True)
class Face:
    family: str  # CSS family name
    file: str  # plain output name
    weight: str  # CSS font-weight
    style: str  # normal | italic
    source: Path
    index: int = 0  # face number inside a collection
    instance: tuple[tuple[str, float], ...] = ()  # axis values, for a variable source


@functools.cache
def _faces() -> dict[str, tuple[Face, ...]]:
    serif = fontpkg.path("Noto Serif")
    serif_italic = next(serif.parent.glob("NotoSerif-Italic*"))
    amiri = fontpkg.path("Amiri").parent
    regular = (("wght", 400.0), ("wdth", 100.0))
    bold = (("wght", 700.0), ("wdth", 100.0))
    latin = (
        Face("Noto Serif", "NotoSerif-Regular.ttf", "400", "normal", serif, instance=regular),
        Face("Noto Serif", "NotoSerif-Bold.ttf", "700", "normal", serif, instance=bold),
        Face("Noto Serif", "NotoSerif-Italic.ttf", "400", "italic", serif_italic, instance=regular),
    )
    return {
        "latin": latin,
        "arabic": (
            Face("Amiri", "Amiri-Regular.ttf", "400", "normal", amiri / "Amiri-Regular.ttf"),
            Face("Amiri", "Amiri-Bold.ttf", "700", "normal", amiri / "Amiri-Bold.ttf"),
            latin[0],
        ),
        "chinese": (
            Face(
                "Noto Sans CJK SC",
                "NotoSansCJKsc-Regular.otf",
                "400",
                "normal",
                Path(noto_cjk.otc_path("sans")),
                index=2,
            ),
            latin[0],
        ),
    }


def faces_for(language: str) -> tuple[Face, ...]:
    return _faces()[SCRIPTS.get(language.split("-")[0], "latin")]


def all_faces() -> tuple[Face, ...]:
    """Every face of every script: a page may quote any language (switcher, parallel view)."""
    return tuple(dict.fromkeys(face for faces in _faces().values() for face in faces))


def subset_face(face: Face, text: str, folder: Path) -> Path:
    """Write the subset of ``face`` covering ``text`` into ``folder`` (see
    :func:`subset_bytes`); return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / face.file
    target.write_bytes(subset_bytes(face, text))
    return target


def subset_bytes(face: Face, text: str) -> bytes:
    """The subset of ``face`` covering ``text``.

    HarfBuzz's hb-subset pins a variable font's axes at the face's instance and cuts it to
    the characters in one pass (milliseconds), keeping every layout feature (Arabic
    joining, ligatures, vertical forms) and every name record."""
    source = hb.Face(_blob(face.source), face.index)
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(ord(char) for char in set(text + " "))
    for tags in (wanted.layout_feature_tag_set, wanted.name_id_set):
        tags.clear()
        tags.invert()  # all of them
    wanted.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    for axis, value in face.instance:
        wanted.pin_axis_location(source, axis, value)
    result = hb.subset(source, wanted)
    if result is None:
        raise ValueError(f"harfbuzz could not subset {face.source.name}")
    return bytes(result.blob.data)


@functools.cache
def _blob(path: Path) -> hb.Blob:
    return hb.Blob.from_file_path(str(path))


def font_face_css(faces: tuple[Face, ...], prefix: str) -> str:
    rules = []
    for face in faces:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f'  src: url("{prefix}{face.file}");\n'
            f"  font-weight: {face.weight};\n"
            f"  font-style: {face.style};\n"
            "}"
        )
    return "\n".join(rules) + "\n"
