"""Hostile and broken XML is refused with a located error, never expanded or fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.akn.validate import validate_file
from build_tools.cli import main

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

XXE = f"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<akomaNtoso xmlns="{AKN}"><doc name="x">&secret;</doc></akomaNtoso>
"""
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<akomaNtoso xmlns="{AKN}">&lol9;</akomaNtoso>\n'
)
NETWORK_DTD = f"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso SYSTEM "http://127.0.0.1:9/akn.dtd">
<akomaNtoso xmlns="{AKN}"/>
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("name", "data"), [("xxe.xml", XXE), ("laughs.xml", LAUGHS), ("dtd.xml", NETWORK_DTD)]
)
def test_doctype_and_entities_are_refused(tmp_path: Path, name: str, data: str) -> None:
    path = write(tmp_path, name, data)
    found = [d.format() for d in validate_file(path)]
    assert found == [
        f"{path}:2: error: DOCTYPE declarations are not allowed (possible entity attack); remove it [xml-doctype]"
    ]


def test_secret_file_content_never_appears(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "xxe.xml", XXE)
    assert main(["validate", str(path)]) == 1
    assert "root:" not in capsys.readouterr().err


def test_malformed_xml_is_located(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bad.xml", f'<akomaNtoso xmlns="{AKN}">\n  <doc name="x">\n</akomaNtoso>\n'
    )
    found = [d.format() for d in validate_file(path)]
    assert found == [
        f"{path}:3:14: error: malformed XML: Opening and ending tag mismatch: doc line 2 and akomaNtoso [xml-syntax]"
    ]


def test_wrong_namespace_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "ns.xml", '<akomaNtoso xmlns="http://www.akomantoso.org/2.0"/>\n')
    found = [d.format() for d in validate_file(path)]
    assert found == [
        f"{path}:1: error: root element is <akomaNtoso> in http://www.akomantoso.org/2.0; "
        f"expected <akomaNtoso> in {AKN} [akn-namespace]"
    ]


def test_not_utf8_is_refused_with_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "latin1.xml",
        f'<akomaNtoso xmlns="{AKN}">\n<!-- caf\xe9 -->\n</akomaNtoso>\n'.encode("latin-1"),
    )
    found = [d.format() for d in validate_file(path)]
    assert found == [
        f"{path}:2: error: file is not valid UTF-8 (Akoma Ntoso sources must be UTF-8) [xml-encoding]"
    ]


def test_declared_other_encoding_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "decl.xml",
        f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<akomaNtoso xmlns="{AKN}"/>\n',
    )
    found = [d.format() for d in validate_file(path)]
    assert found == [f"{path}:1: error: declared encoding ISO-8859-1 is not UTF-8 [xml-encoding]"]


def test_empty_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.xml", b"")
    [diagnostic] = validate_file(path)
    assert diagnostic.code == "xml-syntax"
    assert diagnostic.format().startswith(f"{path}:1")
