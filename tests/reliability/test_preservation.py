"""No sequence of edits loses a translation. Editors change, remove and add paragraphs;
translators slip (a key pasted twice, a string left open); ``update`` runs after each.
Every non-empty translation present before an ``update`` is still in the catalog after
it (active, or kept as an obsolete ``#~`` entry), and an ``update`` that refuses a broken
catalog leaves it byte for byte as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import copy_sources, run_cli
from tests.reliability.builds import TALLY

NAME = "ipu-132-cyber-warfare-draft"
EXAMPLES = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 25
EDITS = st.lists(
    st.sampled_from(
        ["change-source", "remove-paragraph", "add-paragraph", "duplicate-key", "open-string"]
    ),
    min_size=1,
    max_size=5,
)


def translations(po_path: Path) -> set[str]:
    """Every non-empty translation in the file, active or obsolete."""
    catalog = polib.pofile(str(po_path))
    return {e.msgstr for e in catalog if e.msgstr} | {
        e.msgstr for e in catalog.obsolete_entries() if e.msgstr
    }


def edit_source(root: Path, edit: str, step: int) -> None:
    source = root / "source" / f"{NAME}.xml"
    text = source.read_text("utf-8")
    if edit == "change-source":
        text = text.replace("parliaments", f"parliaments (edit {step})", 1)
    elif edit == "remove-paragraph" and '<paragraph eId="para_12">' in text:
        start = text.index('<paragraph eId="para_12">')
        text = text[:start] + text[text.index("</paragraph>", start) + len("</paragraph>") :]
    elif edit == "add-paragraph":
        number = text.count("<recital ") + 1
        text = text.replace(
            "</recitals>",
            f'<recital eId="recs_1__rec_{number}"><num>({number})</num>'
            f"<p><i>Noting</i> edit {step},</p></recital></recitals>",
        )
    source.write_text(text, "utf-8")


def edit_catalog(po: Path, edit: str) -> None:
    text = po.read_text("utf-8")
    if edit == "duplicate-key" and 'msgctxt "para_11"' in text:
        start = text.index('msgctxt "para_11"')
        text += "\n" + text[start : text.index("\n\n", start)] + "\n"
    elif edit == "open-string":
        text = text.replace('"garantir la sécurité."', '"garantir la sécurité.', 1)
    po.write_text(text, "utf-8")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=EDITS)
def test_no_sequence_of_edits_loses_a_translation(
    edits: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_sources(Path(folder))
        po = root / "translations" / "fr" / f"{NAME}.po"
        for step, edit in enumerate(edits):
            TALLY["edits"] += 1
            good = po.read_bytes()
            if edit in {"duplicate-key", "open-string"}:
                edit_catalog(po, edit)
            else:
                edit_source(root, edit, step)
                assert run_cli(root, ["extract"], capsys)[0] == 0
            before, written = (
                translations(po) if edit not in {"open-string"} else set(),
                po.read_bytes(),
            )
            code, err = run_cli(root, ["update", "--lang", "fr"], capsys)
            if code != 0:
                assert po.read_bytes() == written, "a refused catalog is not touched"
                assert "Traceback" not in err
                po.write_bytes(good)  # the translator fixes the slip
                continue
            assert before <= translations(po), "no translation is lost"
