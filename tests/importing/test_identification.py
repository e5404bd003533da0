"""The lines a document as issued opens with (adoption line, "[on the report of …]",
"NN/NNN. Title", symbol, date): accepted when they agree with the metadata, taken into
it where it is silent (and said so), refused at their line with both values when they
disagree."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from build_tools import bodies
from build_tools.akn import model as akn
from build_tools.akn.xmlio import hardened_parser
from build_tools.diagnostics import StageFailed
from build_tools.importing.document import import_document
from build_tools.render.reading import plain, read_expression
from tests.conftest import ROOT, copy_sources, run_cli
from tests.importing.files import KINDS, PROJECT, editor_file, unit_texts

OPENING = [
    "A/RES/74/132",
    "Resolution adopted by the General Assembly on 18 December 2019",
    "[on the report of the Third Committee (A/74/394)]",
    "74/132. Report of the Human Rights Council",
]
BODY = [
    "The General Assembly,",
    "Recalling its resolutions on cooperation,",
    "1. Takes note of the report.",
]
# What the text cannot say; symbol, date, stage, committee and title it can
META = """\
name: test-identified
session: 74
place: New York (United States of America)
dates: 17 September – 30 December 2019
outcome: without a vote
"""
GIVEN = {
    "symbol": "A/RES/74/132",
    "date": "2019-12-18",
    "stage": "adopted",
    "body": "un-ga",
    "committee": "Third Committee",
    "title": "Report of the Human Rights Council",
}


def issued(folder: Path, kind: str, opening: list[str], meta: str = META) -> Path:
    text = "\n\n".join([*opening, *BODY]) + "\n"
    markdown = text.replace("1. Takes", "1\\. Takes").replace("74/132. ", "74/132\\. ")
    path = editor_file(folder, kind, text, markdown)
    (folder / "meta.yaml").write_text(meta, "utf-8")
    return path


def identification(xml: bytes) -> dict[str, str]:
    document = akn.document_element(etree.fromstring(xml, hardened_parser()))
    assert document is not None
    work = document.find(f".//{akn.akn('FRBRWork')}")
    assert work is not None

    def value(path: str, attribute: str) -> str:
        found = document.find(path.replace("~", f"{{{akn.NS}}}"))
        if found is None:
            return ""
        return found.get(attribute, "") if attribute else "".join(found.itertext())

    return {
        "symbol": value(".//~FRBRalias[@name='symbol']", "value"),
        "date": value(".//~FRBRWork/~FRBRdate", "date"),
        "stage": document.get("name", ""),
        "body": value(".//~FRBRWork/~FRBRauthor", "href"),
        "committee": value(".//~docCommittee", ""),
        "title": value(".//~docTitle", ""),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_the_lines_a_document_opens_with_fill_what_the_metadata_leaves_out(
    tmp_path: Path, kind: str
) -> None:
    """Finding 7: each of these lines was refused as unplaced."""
    path = issued(tmp_path, kind, OPENING)
    imported = import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    assert identification(imported.xml) == {**GIVEN, "stage": "resolution", "body": "#un-ga"}
    paragraphs = (1, 2, 2, 2, 3, 4)  # Word: paragraphs; the others: lines, blank ones between
    lines = paragraphs if kind == "docx" else tuple(2 * n - 1 for n in paragraphs)
    assert imported.summary().endswith(
        f"; taken from the text: symbol 'A/RES/74/132' (line {lines[0]}), body 'un-ga' (line "
        f"{lines[1]}), date '2019-12-18' (line {lines[2]}), stage 'adopted' (line "
        f"{lines[3]}), committee 'Third Committee' (line {lines[4]}), title 'Report of the "
        f"Human Rights Council' (line {lines[5]})"
    )
    assert unit_texts(imported.xml)["para_1"] == "Takes note of the report."


def test_lines_that_agree_with_the_metadata_are_accepted_and_nothing_is_taken(
    tmp_path: Path,
) -> None:
    meta = META + "".join(f"{key}: {value}\n" for key, value in GIVEN.items())
    path = issued(tmp_path, "txt", [*OPENING, "18 December 2019"], meta)
    imported = import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    assert "taken from the text" not in imported.summary()


@pytest.mark.parametrize(
    ("key", "value", "line", "message"),
    [
        (
            "symbol",
            "A/RES/74/133",
            1,
            "the symbol line says symbol 'A/RES/74/132', the metadata 'A/RES/74/133': "
            "correct one of them (key 'symbol')",
        ),
        (
            "date",
            "2019-12-17",
            3,
            "the adoption line says date '2019-12-18', the metadata '2019-12-17': correct "
            "one of them (key 'date')",
        ),
        (
            "stage",
            "draft",
            3,
            "the adoption line says stage 'adopted', the metadata 'draft': correct one of "
            "them (key 'stage')",
        ),
        (
            "body",
            "ipu-assembly",
            3,
            "the adoption line says body 'un-ga', the metadata 'ipu-assembly': correct one "
            "of them (key 'body')",
        ),
        (
            "committee",
            "Second Committee",
            5,
            "the report line says committee 'Third Committee', the metadata 'Second "
            "Committee': correct one of them (key 'committee')",
        ),
        (
            "title",
            "Another title",
            7,
            "the number-and-title line says title 'Report of the Human Rights Council', the "
            "metadata 'Another title': correct one of them (key 'title')",
        ),
    ],
    ids=["symbol", "date", "stage", "body", "committee", "title"],
)
def test_a_line_that_disagrees_with_the_metadata_is_refused_with_both_values(
    tmp_path: Path, key: str, value: str, line: int, message: str
) -> None:
    meta = META + f"{key}: {value}\n"
    if key == "stage":
        meta = meta.replace("outcome: without a vote\n", "")
    path = issued(tmp_path, "txt", OPENING, meta)
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    expected = f"{path}:{line}: error: {message} [import-identification]"
    assert expected in [d.format() for d in failure.value.diagnostics]


def test_an_adoption_line_naming_no_body_of_the_registry_is_refused(tmp_path: Path) -> None:
    """Finding 2: the text of another body is never published under ours."""
    opening = [line.replace("General Assembly", "Economic and Social Council") for line in OPENING]
    path = issued(tmp_path, "txt", opening)
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:3: error: the adoption line names 'Economic and Social Council', which is no body of "
        f"the registry (build_tools/data/bodies.yaml; known: {bodies.known()}): correct the "
        "line, or add the body to the registry [import-identification]"
    ]


def test_a_number_the_symbol_does_not_end_with_is_refused(tmp_path: Path) -> None:
    opening = [line.replace("74/132.", "74/131.") for line in OPENING]
    path = issued(tmp_path, "txt", opening)
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:7: error: the number-and-title line says number '74/131', but the "
        "metadata's symbol 'A/RES/74/132' does not end with it: correct one of them (key "
        "'symbol') [import-identification]"
    ]


def test_an_adoption_date_that_is_no_date_is_refused(tmp_path: Path) -> None:
    opening = [line.replace("18 December", "31 February") for line in OPENING]
    path = issued(tmp_path, "txt", opening)
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:3: error: the adoption line says date '31 February 2019', which is no date: "
        "correct it [import-identification]"
    ]


def test_a_footnote_on_an_identification_line_is_refused(tmp_path: Path) -> None:
    """The masthead is rebuilt from the metadata: the footnote would be lost."""
    opening = [*OPENING[:3], OPENING[3] + "[^1]", "[^1]: Official Records, Supplement No. 53."]
    path = issued(tmp_path, "txt", opening)
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:7: error: a footnote on a line before the opening formula, which the "
        "masthead rebuilds from the metadata: it would be lost; move it into the text "
        "[import-note]"
    ]


@pytest.mark.parametrize(
    ("opening", "formula", "meta", "expected"),
    [
        (  # the Security Council's: its number line and its adoption line at a meeting
            [
                "Resolution 9901 (2031)",
                "Adopted by the Security Council at its 9977th meeting, on 2 May 2031",
            ],
            "The Security Council,",
            "session: 9977\nsymbol: S/RES/9901 (2031)\ntitle: A test text\n",
            {"date": "2031-05-02", "stage": "resolution", "body": "#un-sc"},
        ),
        (  # the IPU's: its adoption line, then the place and date in brackets
            ["Resolution adopted by consensus by the 150th IPU Assembly", "(Geneva, 3 April 2031)"],
            "The 150th Assembly of the Inter-Parliamentary Union,",
            "session: 150\ntitle: A test text\n",
            {"date": "2031-04-03", "stage": "resolution", "body": "#ipu-assembly"},
        ),
        (  # the General Assembly's before its sessions had numbers in symbols
            ["Resolution adopted by the General Assembly", "12 (III). A title of an early text"],
            "The General Assembly,",
            "session: 3\nsymbol: A/RES/12(III)\ndate: 2031-05-02\n",
            {"title": "A title of an early text", "stage": "resolution", "body": "#un-ga"},
        ),
    ],
)
def test_the_lines_other_bodies_open_with_are_read_too(
    tmp_path: Path, opening: list[str], formula: str, meta: str, expected: dict[str, str]
) -> None:
    """Real IPU and Security Council texts open with lines of their own, once refused as
    unplaced ("Resolution adopted unanimously by the 149th IPU Assembly" / "(Geneva, …)",
    "Adopted by the Security Council at its 5945th meeting, on …")."""
    body = [formula, "Recalling its earlier texts,", "1. Takes note of the report."]
    text = "\n\n".join([*opening, *body]) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    common = "name: test-other-body\nplace: Geneva\ndates: 1–3 April 2031\noutcome: consensus\n"
    (tmp_path / "meta.yaml").write_text(common + meta, "utf-8")
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    found = identification(imported.xml)
    assert {key: found[key] for key in expected} == expected


def test_the_place_and_the_dates_on_lines_of_their_own_are_the_masthead(tmp_path: Path) -> None:
    """As text copied out of an IPU PDF gives them ("Geneva" / "13-17 October 2024"):
    once refused as lines the metadata does not give."""
    opening = ["150th IPU Assembly", "Geneva", "1–3 April 2031", "A test text"]
    body = [
        "The 150th Assembly of the Inter-Parliamentary Union,",
        "Recalling its earlier texts,",
        "1. Takes note of the report.",
    ]
    path = editor_file(tmp_path, "txt", "\n\n".join([*opening, *body]) + "\n", "")
    meta = "name: test-masthead\nstage: draft\ndate: 2031-01-15\ntitle: A test text\n"
    meta += "session: 150\nplace: Geneva\ndates: 1–3 April 2031\n"
    (tmp_path / "meta.yaml").write_text(meta, "utf-8")
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert unit_texts(imported.xml)["para_1"] == "Takes note of the report."


def test_a_date_line_that_is_the_date_of_issue_is_refused_saying_so(tmp_path: Path) -> None:
    """A UN resolution's header gives the date it was issued, months after its adoption:
    the refusal says that removing the line is the other way out."""
    path = issued(tmp_path, "txt", ["A/RES/74/132", "11 March 2020"])
    (tmp_path / "meta.yaml").write_text(META + "date: 2019-12-18\ntitle: A test\n", "utf-8")
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=path.parent / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:3: error: the date line says date '2020-03-11', the metadata '2019-12-18': "
        "correct one of them (key 'date'), or remove the line if it is the date of issue "
        "[import-identification]"
    ]


def test_the_opening_words_of_real_texts_are_set_in_italics_in_plain_text(
    tmp_path: Path,
) -> None:
    """Phrases of real UN and IPU texts that a plain-text import set only in part
    ("*Noting* with appreciation") or not at all ("Determining that …")."""
    phrases = [
        "Acting under",
        "Determining",
        "Gravely concerned",
        "Having examined",
        "Having received and considered",
        "Having taken note",
        "Noting with appreciation",
        "Noting with interest",
        "Noting with satisfaction",
        "Recognising",
    ]
    preamble = [f"{phrase} the test report,".replace("  ", " ") for phrase in phrases]
    text = "\n\n".join(["The General Assembly,", *preamble, "1. Takes note of the report."])
    path = editor_file(tmp_path, "txt", text + "\n", "")
    meta = "name: test-words\nstage: draft\ndate: 2031-01-15\ntitle: A test\nbody: un-ga\n"
    (tmp_path / "meta.yaml").write_text(
        meta + "session: 86\nplace: New York\ndates: 2031\n", "utf-8"
    )
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    root = etree.fromstring(imported.xml, hardened_parser())
    italics = [i.text for i in root.iter(akn.akn("i"))]
    assert italics[: len(phrases)] == phrases


IPU_STARRED = [  # as the IPU issued texts of 2003-2016: "the 109th Assembly", a note on the outcome
    "Resolution adopted by consensus* by the 150th Assembly",
    "(Geneva, 3 April 2031)",
    "The 150th Assembly of the Inter-Parliamentary Union,",
    "Recalling the fictional agreements on automated systems;1",
    "1. Calls on parliaments to act.",
    "1 Including a fictional annex of tests.",
    "* The delegation of Testland expressed reservations on paragraph 1.",
]
IPU_META = (
    "name: test-starred\nsession: 150\ntitle: A test text\nplace: Geneva\n"
    "dates: 1–3 April 2031\noutcome: consensus\n"
)


def notes_of(xml: bytes) -> dict[str, tuple[str, str]]:
    """Every footnote by eId: its marker and its text."""
    document = akn.document_element(etree.fromstring(xml, hardened_parser()))
    assert document is not None
    return {
        note.get("eId", ""): (note.get("marker", ""), " ".join("".join(note.itertext()).split()))
        for note in document.iter(akn.akn("authorialNote"))
    }


def test_a_note_on_the_outcome_keeps_its_asterisk_and_follows_the_outcome(
    tmp_path: Path,
) -> None:
    """The IPU's "adopted by consensus*" with, at the end, "* The delegation of … expressed
    reservations …": refused before as naming "consensus* by the 109th Assembly", no body
    of the registry. Now the note follows the outcome in the rebuilt stage line, keeps its
    asterisk and takes no number: the text's own footnote is still 1."""
    text = "\n\n".join(IPU_STARRED) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(IPU_META, "utf-8")
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert notes_of(imported.xml) == {
        "preface__p_4__authorialNote_1": (
            "*",
            "The delegation of Testland expressed reservations on paragraph 1.",
        ),
        "recs_1__rec_1__authorialNote_1": ("1", "Including a fictional annex of tests."),
    }
    document = akn.document_element(etree.fromstring(imported.xml, hardened_parser()))
    assert document is not None
    stage = document.find(f".//{akn.akn('p')}[@class='stage']")
    assert stage is not None
    status = stage.find(akn.akn("docStatus"))
    assert status is not None and status.text == "adopted by consensus"
    follows = status.getnext()
    assert follows is not None and akn.local(follows) == "authorialNote"
    assert identification(imported.xml)["body"] == "#ipu-assembly"
    assert imported.summary().count("2 footnote(s)") == 1


def test_an_asterisk_line_no_mark_refers_to_is_refused_at_its_line(tmp_path: Path) -> None:
    unmarked = [IPU_STARRED[0].replace("consensus*", "consensus"), *IPU_STARRED[1:]]
    text = "\n\n".join(unmarked) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(IPU_META, "utf-8")
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:13:1: error: the footnote line '* …' is referred to nowhere: no mark * is "
        "glued to a word of the text (as in 'by consensus*'); glue it where the footnote "
        "belongs, or delete the line [import-note]"
    ]


def test_an_asterisk_used_twice_is_refused_at_its_second_place(tmp_path: Path) -> None:
    twice = [*IPU_STARRED[:4], "1. Calls on parliaments* to act.", *IPU_STARRED[5:]]
    text = "\n\n".join(twice) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(IPU_META, "utf-8")
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:9:24: error: the mark * is glued to a word a second time (the first on "
        "line 1): its footnote line '* …' belongs to one place; give the other place a mark "
        "of its own ('**') and its own line [import-note]"
    ]


def test_a_registry_body_s_other_names_in_adoption_lines_must_be_texts() -> None:
    text = Path(ROOT / bodies.REGISTRY).read_text("utf-8")
    broken = text.replace(
        '    - "the {ordinal} Assembly"\n', '    - {wrong: "the {ordinal} Assembly"}\n', 1
    )
    assert broken != text
    with pytest.raises(bodies.RegistryError) as failure:
        bodies.parse_registry(broken)
    assert [d.message for d in failure.value.diagnostics] == [
        "body 'ipu-assembly': adopted_by_also must be a list of texts"
    ]


def test_the_note_on_the_outcome_is_shown_under_the_stage_line_with_its_asterisk(
    tmp_path: Path,
) -> None:
    """What every renderer reads: the asterisk after the outcome, linked to the note, and
    the note under the line ("* The delegation …"), not a numbered footnote (which would
    shift the text's own footnotes to 2, 3 …)."""
    text = "\n\n".join(IPU_STARRED) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(IPU_META, "utf-8")
    written = tmp_path / "imported.xml"
    written.write_bytes(import_document(PROJECT, path, meta=tmp_path / "meta.yaml").xml)
    reading = read_expression(written, "en")
    stage, note = reading.subtitle
    eid = "preface__p_4__authorialNote_1"
    assert [(i.kind, i.text, i.target) for i in stage.inlines if i.kind in {"note", "noteref"}] == [
        ("noteref", "*", f"#{eid}")
    ]
    assert (note.eid, note.role) == (eid, "own-mark-note")
    assert (
        plain(note.inlines) == "* The delegation of Testland expressed reservations on paragraph 1."
    )


WRAPPED = [  # text copied out of an IPU PDF: title, paragraphs and a footnote wrapped
    "150th IPU Assembly",
    "Geneva",
    "1–3 April 2031",
    "A fictional test text",
    "on wrapped lines",
    "Resolution adopted unanimously by the 150th IPU Assembly",
    "(Geneva, 3 April 2031)",
    "The 150th Assembly of the Inter-Parliamentary Union,",
    "Alarmed",
    "that the fictional systems are wrapped over",
    "  several lines of a copy,1",
    "1. Calls on parliaments to act.",
    "1 Including a fictional annex of tests",
    "that continues on a second line.",
]
WRAPPED_META = (
    "name: test-wrapped\nsession: 150\ntitle: A fictional test text on wrapped lines\n"
    "place: Geneva (Testland)\ndates: 1–3 April 2031\noutcome: unanimously\n"
)


def test_lines_a_pdf_copy_wraps_are_joined_when_the_next_opens_in_lowercase(
    tmp_path: Path,
) -> None:
    """A wrapped title, paragraph and footnote line were each refused as unplaced, or
    taken for an unnumbered operative paragraph; the place without its country
    ("Geneva" for "Geneva (Testland)") was refused too."""
    text = "\n".join(WRAPPED) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(WRAPPED_META, "utf-8")
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    texts = unit_texts(imported.xml)
    assert texts["recs_1__rec_1"] == (
        "Alarmed that the fictional systems are wrapped over several lines of a copy,"
    )
    assert notes_of(imported.xml) == {
        "recs_1__rec_1__authorialNote_1": (
            "1",
            "Including a fictional annex of tests that continues on a second line.",
        )
    }


def test_a_mark_on_a_wrapped_line_is_located_on_its_own_line(tmp_path: Path) -> None:
    text = "\n".join(WRAPPED).replace("a copy,1", "a copy,2") + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(WRAPPED_META, "utf-8")
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:11:27: error: the number 2 glued to 'copy,' reads as a footnote mark, but "
        "no line '2 …' at the end of the text gives its footnote: add that line, or set the "
        "number apart from the word [import-note]",
        f"{path}:13:1: error: the footnote line '1 …' is referred to nowhere: no number 1 is "
        "glued to a word of the text (as in 'systems;1'); glue it where the footnote "
        "belongs, or delete the line [import-note]",
    ]


def _outcome_read(tmp_path: Path, text: str, outcome: str, expected: str) -> tuple[str, str] | None:
    """Import ``text`` with ``outcome`` in its metadata: the stage line's outcome and the
    import's summary; None when ``expected`` is the error it is refused with (checked)."""
    path = editor_file(tmp_path, "txt", text + "\n", text + "\n")
    meta = "name: test-outcome\nsession: 150\ntitle: A test text\nplace: Geneva\n"
    (tmp_path / "meta.yaml").write_text(meta + "dates: 1–3 April 2031\n" + outcome, "utf-8")
    if expected.startswith("error"):
        with pytest.raises(StageFailed) as failure:
            import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
        assert [d.format() for d in failure.value.diagnostics] == [f"{path}:1: {expected}"]
        return None
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    document = akn.document_element(etree.fromstring(imported.xml, hardened_parser()))
    assert document is not None
    status = document.find(f".//{akn.akn('docStatus')}")
    assert status is not None and status.text is not None
    return status.text, imported.summary()


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("", "taken from the text: outcome 'by 120 votes to 3, with 10 abstentions' (line 1)"),
        ("outcome: {vote: {for: 120, against: 3, abstentions: 10}}\n", ""),
        (
            "outcome: consensus\n",
            "error: the adoption line says outcome 'by 120 votes to 3, with 10 abstentions', "
            "the metadata 'consensus': correct one of them (key 'outcome': {vote: {for: 120, "
            "against: 3, abstentions: 10}}) [import-identification]",
        ),
    ],
)
def test_an_adoption_line_with_a_vote_is_read_and_checked(
    tmp_path: Path, outcome: str, expected: str
) -> None:
    """The IPU's older texts: "Resolution adopted by 1122 votes to 19, with 66
    abstentions, / by the 91st …": the vote was read as the body's name."""
    opening = [
        "Resolution adopted by 120 votes to 3, with 10 abstentions,",
        "by the 150th IPU Assembly",
        "(Geneva, 3 April 2031)",
        "The 150th Assembly of the Inter-Parliamentary Union,",
        "Recalling its earlier texts,",
        "1. Calls on parliaments to act.",
    ]
    found = _outcome_read(tmp_path, "\n".join(opening), outcome, expected)
    if found is not None:
        status, summary = found
        assert status == "adopted by 120 votes to 3, with 10 abstentions"
        assert expected in summary


def test_a_wrapped_line_that_opens_in_capitals_is_refused_not_made_a_paragraph(
    tmp_path: Path,
) -> None:
    """A PDF copy wraps before a name ("… on 2 May 2031," / "UN Secretary-General said:
    …"): that line was silently made a preambular paragraph of its own. Right under
    another line and opening with no preambular phrase, it is now refused at its line;
    an empty line before it says it is a paragraph."""
    lines = [*WRAPPED[:11], "Test Secretary-General J. Doe said so,", *WRAPPED[11:]]
    text = "\n".join(lines) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(WRAPPED_META, "utf-8")
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:12: error: a line of the preamble that opens with no preambular phrase, "
        "right under the line before it: if it carries that line on (text copied out of a "
        "PDF), join the two lines; if it is a paragraph of its own, put an empty line before "
        "it, or add its opening phrase to the 'preambular' list of "
        "build_tools/importing/data/vocabulary.yaml [import-unplaced]"
    ]
    apart = text.replace("\nTest Secretary-General", "\n\nTest Secretary-General")
    path.write_text(apart, "utf-8")
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert unit_texts(imported.xml)["recs_1__rec_2"] == "Test Secretary-General J. Doe said so,"


def test_a_new_version_of_a_text_with_a_note_on_its_outcome_keeps_the_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The corrected text may repeat the stage line, as the published text gives it, with
    its asterisk and the note: they are the current document's masthead (its preface
    keeps them), not a footnote that would be lost."""
    root = copy_sources(tmp_path / "project")
    text = "\n\n".join(IPU_STARRED) + "\n"
    path = editor_file(tmp_path / "first", "txt", text, text)
    (tmp_path / "first" / "meta.yaml").write_text(IPU_META, "utf-8")
    argv = ["import", str(path), "--meta", str(tmp_path / "first" / "meta.yaml")]
    code, err = run_cli(root, argv, capsys)
    assert code == 0, err
    ours = "Resolution adopted by consensus* by the 150th IPU Assembly (Geneva, 3 April 2031)"
    again = [ours, *IPU_STARRED[2:]]  # as the published text gives the line
    revised = "\n\n".join(again).replace("to act.", "to act now.") + "\n"
    corrected = editor_file(tmp_path / "corrected", "txt", revised)
    argv = ["new-version", "test-starred", "--date", "2031-05-02", "--reason", "corrected"]
    code, err = run_cli(root, [*argv, "--from", str(corrected)], capsys)
    assert code == 0, err
    written = (root / "source" / "test-starred_2031-05-02.xml").read_bytes()
    assert notes_of(written)["preface__p_4__authorialNote_1"][0] == "*"
    assert "to act now." in unit_texts(written)["para_1"]


def _custom_mark(docx: Path, mark: str) -> None:
    """The first footnote of ``docx`` given a mark of its own, as Word writes one
    (Insert Footnote, Custom mark): in the text and opening the note."""
    with zipfile.ZipFile(docx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    text = parts["word/document.xml"].decode("utf-8")
    found = re.search(r'<w:footnoteReference w:id="(\d+)" />', text)
    assert found is not None
    marked = f'<w:footnoteReference w:customMarkFollows="1" w:id="{found[1]}" /><w:t>{mark}</w:t>'
    parts["word/document.xml"] = text.replace(found[0], marked, 1).encode("utf-8")
    notes = parts["word/footnotes.xml"].decode("utf-8")
    start = notes.index(f'w:id="{found[1]}"')
    at = notes.index("<w:footnoteRef />", start)
    notes = notes[:at] + f"<w:t>{mark}</w:t>" + notes[at + len("<w:footnoteRef />") :]
    parts["word/footnotes.xml"] = notes.encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_word_footnote_with_a_mark_of_its_own_is_the_note_on_the_outcome(
    tmp_path: Path,
) -> None:
    """Word's custom mark ("adopted by consensus*"): Pandoc drops the mark from the text
    and opens the note with it. It was a numbered footnote on a masthead line (refused as
    one that would be lost); it is the note on the outcome, with its asterisk, and the
    text's own footnote is still 1."""
    markdown = "\n\n".join(
        [
            "Resolution adopted by consensus[^1] by the 150th Assembly",
            "(Geneva, 3 April 2031)",
            "The 150th Assembly of the Inter-Parliamentary Union,",
            "*Recalling* the fictional agreements on automated systems,[^2]",
            "1\\. *Calls on* parliaments to act.",
            "[^1]: The delegation of Testland expressed reservations on paragraph 1.",
            "[^2]: Including a fictional annex of tests.",
        ]
    )
    path = editor_file(tmp_path, "docx", markdown, markdown + "\n")
    _custom_mark(path, "*")
    (tmp_path / "meta.yaml").write_text(IPU_META, "utf-8")
    imported = import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert notes_of(imported.xml) == {
        "preface__p_4__authorialNote_1": (
            "*",
            "The delegation of Testland expressed reservations on paragraph 1.",
        ),
        "recs_1__rec_1__authorialNote_1": ("1", "Including a fictional annex of tests."),
    }


def test_a_note_with_a_mark_of_its_own_in_the_text_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    """Only the note on the outcome keeps its mark (the site, PDF and EPUB number the
    text's footnotes in turn): one in the text would be shown with another's number."""
    lines = [*IPU_STARRED[:4], "1. Calls on parliaments** to act.", *IPU_STARRED[5:]]
    lines.append("** A second fictional note.")
    text = "\n\n".join(lines) + "\n"
    path = editor_file(tmp_path, "txt", text, text)
    (tmp_path / "meta.yaml").write_text(IPU_META, "utf-8")
    with pytest.raises(StageFailed) as failure:
        import_document(PROJECT, path, meta=tmp_path / "meta.yaml")
    assert [d.format() for d in failure.value.diagnostics] == [
        f"{path}:9: error: a footnote with a mark of its own (**) in the text: such a note "
        "is read on the adoption line only, where it follows the outcome; number this one "
        "as the text's other footnotes are numbered [import-note]"
    ]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("", "adopted unanimously"),
        ("outcome: unanimously\n", "adopted unanimously"),
        (
            "outcome: consensus\n",
            "error: the adoption line says outcome 'unanimously', the metadata 'consensus': "
            "correct one of them (key 'outcome') [import-identification]",
        ),
    ],
)
def test_an_outcome_written_unanimously_is_said_so(
    tmp_path: Path, outcome: str, expected: str
) -> None:
    """The IPU's "Resolution adopted unanimously by the 149th IPU Assembly": the line was
    read but its outcome was not, so the metadata had to call it something it is not
    (consensus, without a vote); it is now an outcome of its own, and said as written."""
    opening = [
        "Resolution adopted unanimously by the 150th IPU Assembly",
        "(Geneva, 3 April 2031)",
        "The 150th Assembly of the Inter-Parliamentary Union,",
        "Recalling its earlier texts,",
        "1. Calls on parliaments to act.",
    ]
    found = _outcome_read(tmp_path, "\n\n".join(opening), outcome, expected)
    assert found is None or found[0] == expected
