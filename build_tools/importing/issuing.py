"""Whose text an import is, and whether we have it already: the opening formula must be
one of the body's the metadata names (``body:``, else the project's), and a text whose
symbol, or work, and date a source already has is refused (``new-version``/``--replace``)."""

from __future__ import annotations

from pathlib import Path

from build_tools import bodies
from build_tools.akn.versions import expression_of, same_text
from build_tools.diagnostics import Diagnostic, StageFailed, display_path
from build_tools.importing import readers
from build_tools.importing.metadata import Metadata
from build_tools.importing.structure import FORMULA, split_label


def opening_formula(paras: list[readers.Para]) -> readers.Para | None:
    """The paragraph that opens the preamble as a formula does ("The …,"), if any: the
    first one without a number, before any numbered paragraph."""
    for para in paras:
        label, _ = split_label(para)
        if label:
            return None
        if FORMULA.match(" ".join(para.text.split())):
            return para
    return None


def formula_problems(paras: list[readers.Para], meta: Metadata, shown: str) -> list[Diagnostic]:
    """The opening formula against the body of ``meta``, at the formula's line."""
    formula = opening_formula(paras)
    if formula is None:
        return []
    text = " ".join(formula.text.split())
    body = meta.issuing_body
    found = body.match_formula(text)
    if found is not None:
        if found.number and found.number != meta.assembly:
            message = (
                f"the opening formula names the {body.session_name(found.number)}, the "
                f"metadata the {body.session_name(meta.assembly)} (session {meta.assembly}): "
                "correct one of them"
            )
            return [Diagnostic(shown, formula.line, message, "import-body")]
        return []
    expected = " or ".join(repr(f) for f in body.formula_texts())
    other = bodies.formula_of(text)
    if other is not None:
        fix = f"it is the formula of the {other.body.name()}: set `body: {other.body.id}` in the metadata"
    else:
        fix = (
            "no body of the registry uses it: correct it, or set `body:` to the body whose "
            f"text it is ({bodies.known()}; a new body goes into {bodies.REGISTRY})"
        )
    message = (
        f"the opening formula {text!r} is not the {body.name()}'s (body: {body.id}; its "
        f"texts open with {expected}); {fix}"
    )
    return [Diagnostic(shown, formula.line, message, "import-body")]


def refuse_duplicate(
    sources: list[Path], xml: bytes, target: Path, input_path: Path, *, replace: bool
) -> None:
    """Raise StageFailed when a source other than ``target`` (or ``target`` itself,
    without ``replace``) already holds the text ``xml`` is: the same symbol, or work,
    and date."""
    new = expression_of(target, xml)
    if new is None:
        return
    for source in sources:
        if replace and source.resolve() == target.resolve():
            continue
        old = expression_of(source)
        if old is None or not same_text(new, old, by_symbol=True):
            continue
        what = f"{new.symbol} of {new.date}" if new.symbol else f"{new.work} of {new.date}"
        message = (
            f"{display_path(source)} already holds {what}; a later text of it is a version: "
            f"`new-version {source.stem} --date DATE --reason … --from {display_path(input_path)}`, "
            f"or, to replace that text, `import … --name {source.stem} --replace`"
        )
        raise StageFailed([Diagnostic(display_path(input_path), 0, message, "import-duplicate")])
