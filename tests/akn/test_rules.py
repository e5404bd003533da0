"""One broken copy of the draft resolution per rule, each with its exact diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.akn.validate import validate_file
from tests.conftest import ROOT

W = "/akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr"

# (id, text to replace, replacement, text on the reported line (its last occurrence),
#  message ({first}: line of its first occurrence), code, whether it is the only finding)
CASES = [
    (
        "eid-missing",
        '<recital eId="recs_1__rec_3">',
        "<recital>",
        "<recital>",
        "<recital> has no eId",
        "eid-missing",
        True,
    ),
    (
        "eid-duplicate",
        '<paragraph eId="para_2">',
        '<paragraph eId="para_1">',
        '<paragraph eId="para_1">',
        "eId 'para_1' is already used on line {first}",
        "eid-duplicate",
        False,
    ),
    (
        "eid-syntax",
        '<paragraph eId="para_3">',
        '<paragraph eId="para-3">',
        "para-3",
        "eId 'para-3' does not follow the naming convention (name_number joined by '__')",
        "eid-syntax",
        True,
    ),
    (
        "eid-name",
        '<recital eId="recs_1__rec_3">',
        '<recital eId="recs_1__para_3">',
        "recs_1__para_3",
        "eId 'recs_1__para_3' of <recital> should end with a 'rec_…' component",
        "eid-name",
        True,
    ),
    (
        "eid-prefix",
        '<recital eId="recs_1__rec_3">',
        '<recital eId="rec_3">',
        '"rec_3"',
        "eId 'rec_3' has prefix 'none'; expected 'recs_1'",
        "eid-prefix",
        True,
    ),
    (
        "eid-num",
        '<paragraph eId="para_7">',
        '<paragraph eId="para_77">',
        "para_77",
        "eId 'para_77' does not match its number '7.'",
        "eid-num",
        True,
    ),
    (
        "num-sequence",
        "<num>(5)</num>",
        "<num>(6)</num>",
        '<recital eId="recs_1__rec_5">',
        "numbering is not sequential: '(6)' follows '(4)'",
        "num-sequence",
        False,
    ),
    (
        "meta-missing",
        '<FRBRauthor href="#lazrek" as="#co-rapporteur"/>\n          <FRBRauthor href="#mahia" as="#co-rapporteur"/>\n          <FRBRauthoritative',
        "<FRBRauthoritative",
        "<FRBRExpression>",
        "<FRBRExpression> has no FRBRauthor",
        "meta-missing",
        False,
    ),
    (
        "frbr-country",
        '<FRBRcountry value="ipu"/>',
        '<FRBRcountry value="un"/>',
        "<FRBRWork>",
        "work IRI country 'ipu' differs from FRBRcountry 'un'",
        "frbr-iri",
        True,
    ),
    (
        "frbr-manifestation",
        f'<FRBRuri value="{W}/eng@.akn"/>',
        f'<FRBRuri value="{W}/fra@.akn"/>',
        "<FRBRManifestation>",
        f"manifestation IRI '{W}/fra@.akn' is not under the expression IRI '{W}/eng@'",
        "frbr-iri",
        False,
    ),
    (
        "frbr-language",
        '<FRBRlanguage language="eng"/>',
        '<FRBRlanguage language="fra"/>',
        "<FRBRlanguage",
        "expression IRI language 'eng' differs from FRBRlanguage 'fra'",
        "frbr-language",
        True,
    ),
    (
        "lang-code",
        '<FRBRlanguage language="eng"/>',
        '<FRBRlanguage language="en"/>',
        "<FRBRlanguage",
        "language 'en' is not an ISO 639-2 alpha-3 code",
        "lang-code",
        False,
    ),
    (
        "empty-block",
        "<heading>At the national level</heading>",
        "<heading>  </heading>",
        "<heading>  </heading>",
        "<heading> is empty",
        "empty-block",
        True,
    ),
    (
        "ref-unresolved",
        '<organization refersTo="#ipu">IPU</organization>',
        '<organization refersTo="#ipu-council">IPU</organization>',
        "#ipu-council",
        "refersTo='#ipu-council' points to no element of this document",
        "ref-unresolved",
        True,
    ),
    (
        "schema",
        "<heading>At the national level</heading>",
        "<heading>At the national level</heading><note>x</note>",
        "<note>",
        "Element 'akn:note': This element is not expected. Expected is one of ( akn:intro, "
        "akn:content, akn:hcontainer, akn:componentRef, akn:clause, akn:section, akn:part, "
        "akn:paragraph, akn:chapter, akn:title ).",
        "schema",
        True,
    ),
    (
        "ref-undeclared",
        '<ref href="/akn/un/act/treaty/1966-12-16/iccpr" refersTo="#iccpr">',
        '<ref href="/akn/un/act/treaty/1966-12-16/iccpr-typo" refersTo="#iccpr">',
        "iccpr-typo",
        "reference to '/akn/un/act/treaty/1966-12-16/iccpr-typo' is not declared as a TLCReference in <references>",
        "ref-undeclared",
        True,
    ),
    (
        "stage-adoption",
        'href="/ontology/event/ipu/assembly/132/committee-peace/submission"',
        'href="/ontology/event/ipu/assembly/132/adoption"',
        'type="generation" refersTo="#submission"/>',
        "a draft records an adoption event",
        "stage-adoption",
        False,
    ),
    (
        "stage-outcome",
        '<step eId="wf_2" date="2015-01-15" by="#mahia" as="#co-rapporteur" refersTo="#submission"/>',
        '<step eId="wf_2" date="2015-01-15" by="#mahia" as="#co-rapporteur" refersTo="#submission" outcome="#lazrek"/>',
        'outcome="#lazrek"',
        "a draft records the outcome of a decision",
        "stage-outcome",
        True,
    ),
    (
        "stage-date",
        '<FRBRdate date="2015-01-15" name="submission"/>\n          <FRBRauthor href="#lazrek" as="#co-rapporteur"/>\n          <FRBRauthor href="#mahia" as="#co-rapporteur"/>\n          <FRBRcountry',
        '<FRBRdate date="2015-01-15" name="adoption"/>\n          <FRBRauthor href="#lazrek" as="#co-rapporteur"/>\n          <FRBRauthor href="#mahia" as="#co-rapporteur"/>\n          <FRBRcountry',
        'name="adoption"/>',
        "the work of a draft text is dated by its submission: FRBRdate name='adoption' should be 'submission'",
        "stage-date",
        True,
    ),
    (
        "stage-name",
        '<statement name="resolutionDraft" contains="originalVersion">',
        '<statement name="recommendation" contains="originalVersion">',
        '<statement name="recommendation"',
        "document name 'recommendation' is not a stage we publish (use 'resolutionDraft', 'resolution')",
        "stage-name",
        True,
    ),
]

ADOPTED = ROOT / "tests" / "fixtures" / "adopted" / "source" / "test-adopted-resolution.xml"


def broken_copy(valid: Path, old: str, new: str, folder: Path) -> tuple[Path, str]:
    """A copy of the valid document ``valid`` with ``old`` (found once) replaced by ``new``."""
    text = valid.read_text("utf-8")
    assert validate_file(valid) == []
    assert text.count(old) == 1
    broken = text.replace(old, new)
    path = folder / valid.name
    path.write_text(broken, "utf-8")
    return path, broken


@pytest.mark.parametrize(
    ("old", "new", "at", "message", "code"),
    [
        (
            'type="generation" refersTo="#adoption"/>',
            'type="generation" refersTo="#test-assembly"/>',
            "<lifecycle",
            "an adopted text records no adoption event (lifecycle eventRef to a TLCEvent …/adoption)",
            "stage-adoption-missing",
        ),
        (
            ' outcome="#adopted-by-consensus"',
            "",
            '<step eId="wf_1"',
            "an adopted text records no outcome (workflow step of the adoption with @outcome)",
            "stage-outcome-missing",
        ),
    ],
    ids=["no-adoption-event", "no-outcome"],
)
def test_adopted_text_without_its_adoption_is_refused(
    tmp_path: Path, old: str, new: str, at: str, message: str, code: str
) -> None:
    path, broken = broken_copy(ADOPTED, old, new, tmp_path)
    line = broken[: broken.rindex(at)].count("\n") + 1
    found = [_without_column(d.format()) for d in validate_file(path)]
    assert found == [f"{path}:{line}: error: {message} [{code}]"]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "at", "message", "code", "alone"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_rule_reports_exact_located_diagnostic(
    tmp_path: Path,
    source_text: str,
    old: str,
    new: str,
    at: str,
    message: str,
    code: str,
    alone: bool,
) -> None:
    assert source_text.count(old) == 1, "the case must change exactly one place"
    broken = source_text.replace(old, new)
    path = tmp_path / "broken.xml"
    path.write_text(broken, "utf-8")
    message = message.replace("{first}", str(line_of(broken, at)))
    line = broken[: broken.rindex(at)].count("\n") + 1
    expected = f"{path}:{line}: error: {message} [{code}]"
    found = [_without_column(d.format()) for d in validate_file(path)]
    if alone:
        assert found == [expected]
    else:
        assert expected in found


def _without_column(formatted: str) -> str:
    """Schema messages carry libxml2's column; the rule tests pin file and line."""
    location, _, rest = formatted.partition(": ")
    return ":".join(location.split(":")[:2]) + ": " + rest


GOLDEN_SOURCE = ROOT / "tests" / "golden" / "second-resolution" / "source.xml"


@pytest.mark.parametrize(
    ("old", "new", "message", "code"),
    [
        (
            'marker="1" placement="bottom"',
            'placement="bottom"',
            'footnote has no marker (marker="1", "2", … in document order)',
            "note-marker",
        ),
        (
            'marker="1" placement="bottom"',
            'marker="2" placement="bottom"',
            "footnote marker '2' should be '1'",
            "note-marker",
        ),
        (
            'eId="recs_1__rec_1__authorialNote_1" ',
            "",
            "<authorialNote> has no eId",
            "eid-missing",
        ),
    ],
    ids=["no-marker", "marker-out-of-sequence", "no-eid"],
)
def test_footnotes_need_an_eid_and_sequential_markers(
    tmp_path: Path, old: str, new: str, message: str, code: str
) -> None:
    path, broken = broken_copy(GOLDEN_SOURCE, old, new, tmp_path)
    line = broken[: broken.index("<authorialNote")].count("\n") + 1
    found = [_without_column(d.format()) for d in validate_file(path)]
    assert found == [f"{path}:{line}: error: {message} [{code}]"]
