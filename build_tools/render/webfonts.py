"""Font subsets for formats that carry their own fonts (EPUB, the site).

Each face is cut down to the characters the text uses (fontTools), saved under a plain
file name, with the timestamp of the original kept: the same text gives the same bytes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import fontpkg
import noto_cjk
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

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


def static_source(face: Face, cache: Path) -> Path:
    """A static instance of a variable font, made once and kept in ``cache``.

    Static faces subset in milliseconds (a variable font's gvar table takes seconds) and
    work in every reading system."""
    if not face.instance:
        return face.source
    stamp = f"{face.source.stat().st_size}-" + "-".join(
        f"{axis}{value:g}" for axis, value in face.instance
    )
    target = cache / f"{face.source.stem.split('[')[0]}-{stamp}.ttf"
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with TTFont(str(face.source), recalcTimestamp=False) as font:
            static = instancer.instantiateVariableFont(
                font, dict(face.instance), updateFontNames=False
            )
            temporary = target.with_suffix(f".{os.getpid()}.tmp")  # parallel builds may race
            static.save(str(temporary))
            temporary.replace(target)
    return target


def subset_face(face: Face, text: str, folder: Path, cache: Path) -> Path:
    """Write the subset of ``face`` covering ``text`` into ``folder``; return its path."""
    options = subset.Options()
    options.layout_features = ["*"]  # keep shaping (Arabic joining, ligatures, vertical forms)
    options.name_IDs = ["*"]
    options.notdef_outline = True
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / face.file
    source = static_source(face, cache)
    with TTFont(str(source), fontNumber=face.index, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text + " ")
        subsetter.subset(font)
        font.save(str(target))
    return target


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
