"""Font subsets for formats that carry their own fonts (EPUB, the site).

Each face is cut down to the characters the text uses (HarfBuzz's hb-subset, which also
makes static instances of variable fonts), saved under a plain file name: the same text
gives the same bytes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb

from build_tools.languages import WebFace, all_scripts, profile
from build_tools.render.fonts import family_file


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
def _face(face: WebFace) -> Face:
    source, index = family_file(face.family)
    if face.pattern:
        source = next(source.parent.glob(face.pattern))
    return Face(face.family, face.file, face.weight, face.style, source, index, face.instance)


def faces_for(language: str) -> tuple[Face, ...]:
    return tuple(_face(face) for face in profile(language).script.faces)


def all_faces() -> tuple[Face, ...]:
    """Every face of every script: a page may quote any language (switcher, parallel view)."""
    faces = (_face(face) for script in all_scripts() for face in script.faces)
    return tuple(dict.fromkeys(faces))


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
