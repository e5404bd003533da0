"""Issue 23, what ``import`` and ``new-version`` take in: size limits checked before Pandoc
reads a file, a refused zip bomb costing little memory (finding 5); control characters,
bytes that are not UTF-8 and deeply nested Markdown as located errors, never a crash or a
hang (finding 7); ``new-version`` names checked as ``import`` checks them (finding 9)."""

from __future__ import annotations

import math
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.render.pandoc import pandoc_path
from tests.conftest import ROOT, copy_sources, run_cli
from tests.importing.test_import import DOCX_TEXT, make_docx

NAME = "ipu-132-cyber-warfare-draft"
IMPORTED = "test-imported-docx"
MB = 2**20


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_sources(tmp_path / "project")


def limit(root: Path, setting: str) -> None:
    """``import_limits = { SETTING }`` in the project's [tool.build_tools]."""
    config = root / "pyproject.toml"
    text = config.read_text("utf-8")
    table = "[tool.build_tools]\n"
    config.write_text(text.replace(table, f"{table}import_limits = {{ {setting} }}\n"), "utf-8")


def sources(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "source").iterdir())


def refused(code: int, err: str, root: Path) -> None:
    """Exit 1, a located error and its summary, nothing written, no crash."""
    assert code == 1, err
    assert "[stage-crashed]" not in err and "Traceback" not in err, err
    assert "nothing was written" in err
    assert sources(root) == [f"{NAME}.xml"]


def markdown(tmp_path: Path, body: str, name: str = "text.md") -> Path:
    """``body`` in the fictional resolution's Markdown, after its second preambular
    paragraph (so ``\\(3\\) …`` is the third)."""
    second = "\\(2\\) *Concerned* that one person in four lacks safe water[^1],\n"
    text = DOCX_TEXT.replace(second, f"{second}\n{body}\n")
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def line_of(path: Path, needle: bytes) -> int:
    data = path.read_bytes()
    return data[: data.index(needle)].count(b"\n") + 1


def column_of(path: Path, needle: bytes) -> int:
    """The column (in characters) where ``needle`` begins on its line."""
    data = path.read_bytes()
    start = data.rfind(b"\n", 0, data.index(needle)) + 1
    return len(data[start : data.index(needle)].decode("utf-8")) + 1


# Zip files made here byte by byte: a bomb, and zips that lie about their parts


Part = tuple[str, bytes, int, int]  # name, deflated data, CRC-32, size unpacked


def deflated(data: bytes) -> Part:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return "", packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def padded_document(xml: bytes, spaces: int) -> Part:
    """A Word document.xml with ``spaces`` MiB of spaces after ``<w:body>`` (still XML),
    deflated as one stream: after a full flush the compressor starts afresh, so each MiB
    of spaces deflates to the same bytes, written once and repeated."""
    head, tail = xml.split(b"<w:body>", 1)
    head += b"<w:body>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = b" " * MB
    first = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert first == again
    crc = zlib.crc32(head)
    for _ in range(spaces):
        crc = zlib.crc32(block, crc)
    data += first * spaces + packer.compress(tail) + packer.flush()
    return "word/document.xml", data, zlib.crc32(tail, crc), len(head) + spaces * MB + len(tail)


def write_zip(
    path: Path, parts: list[Part], declared: dict[str, int] | None = None, hidden: str = ""
) -> None:
    """A zip of deflated ``parts``; ``declared`` gives a part a size unpacked other than
    its own, in its header and in the directory; the part ``hidden`` is left out of the
    directory."""
    local, directory, count = b"", b"", 0
    for name, data, crc, size in parts:
        said = (declared or {}).get(name, size)
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), said, len(encoded), 0)
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + encoded + data
        central = (20, *fields, 0, 0, 0, 0, offset)
        if name != hidden:
            directory += struct.pack("<4s6H3L5HLL", b"PK\x01\x02", *central) + encoded
            count += 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(local), 0)
    path.write_bytes(local + directory + end)


def word_parts(docx: Path) -> Iterator[Part]:
    with zipfile.ZipFile(docx) as archive:
        for info in archive.infolist():
            yield (info.filename, *deflated(archive.read(info))[1:])


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional resolution as a Word document (its metadata in fixture.yaml)."""
    return make_docx(tmp_path_factory.mktemp("word"))


@pytest.fixture(scope="module")
def padded(word: Path) -> Part:
    """Its document.xml with 1.5 GiB of spaces: 1.6 MB packed."""
    with zipfile.ZipFile(word) as archive:
        return padded_document(archive.read("word/document.xml"), 1536)


def bomb(word: Path, padded: Part) -> list[Part]:
    """The parts of ``word``, its document.xml ``padded``."""
    return [padded if part[0] == padded[0] else part for part in word_parts(word)]


# Linux carries the memory a process held before exec over to what it holds after: a
# command started straight from pytest (hundreds of MB into a long run) would be measured
# at pytest's size. So a small launcher starts the command and reports its peak.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, flush=True)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def imported_in_a_process(root: Path, argv: list[str], seconds: float = 60) -> tuple[int, str, int]:
    """``python -m build_tools ARGV`` as a process of its own, in ``root``: its exit
    status, its stderr and the most memory it (or any process it waited for) held, in MB.
    Killed with every process it started if it takes more than ``seconds``."""
    err, out = root.parent / "stderr.txt", root.parent / "peak.txt"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-S", "-c", LAUNCHER, sys.executable, "-m", "build_tools", *argv]
    with err.open("wb") as stream, out.open("wb") as peak:
        process = subprocess.Popen(
            command, cwd=root, env=environment, stdout=peak, stderr=stream, start_new_session=True
        )
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        pytest.fail(f"{' '.join(argv)} took more than {seconds} s")
    return (
        process.returncode,
        err.read_text("utf-8"),
        int(out.read_text("utf-8").split()[-1]) // 1024,
    )


# Finding 5: limits, checked before Pandoc reads a file


def test_a_zip_bomb_is_refused_from_its_directory_with_little_memory(
    root: Path, word: Path, padded: Part
) -> None:
    """1.5 GiB of spaces packed in 1.6 MB (Pandoc took 5.4 GB of memory for one): refused
    from the zip's directory, nothing unpacked, the whole command under 200 MB."""
    docx = root.parent / "bomb.docx"
    write_zip(docx, bomb(word, padded))
    assert docx.stat().st_size < 2 * 10**6
    meta = str(word.parent / "fixture.yaml")
    code, err, memory = imported_in_a_process(root, ["import", str(docx), "--meta", meta])
    refused(code, err, root)
    assert memory < 200, f"{memory} MB"
    assert (
        "bomb.docx: error: its parts unpack to 1.6 GB, more than the import limit of 200 MB" in err
    )
    assert 'import_limits = { docx_unpacked = "2 GB" } [import-limit]' in err
    ratio = padded[3] / len(padded[1])
    assert f"its part word/document.xml unpacks to {ratio:.0f} times its packed size" in err
    assert f"import_limits = {{ docx_ratio = {math.ceil(ratio)} }}" in err


@pytest.mark.parametrize("how", ["sizes", "overlap", "hidden part"])
def test_a_zip_that_lies_about_its_parts_is_refused_with_little_memory(
    root: Path, word: Path, padded: Part, how: str
) -> None:
    """A zip whose directory understates what a part unpacks to (Pandoc unpacks what the
    data hold: 1.5 GiB here, 5.4 GB of memory), whose parts share their data, or that
    holds a part its directory does not list (Pandoc's zip reader walks the parts from the
    start of the file, by their own headers, and only then reads the directory): each is
    refused, unpacking no more than a byte past what the directory declares."""
    docx, parts = root.parent / "liar.docx", list(word_parts(word))
    if how == "sizes":
        write_zip(docx, bomb(word, padded), {"word/document.xml": 4096})
    elif how == "hidden part":
        write_zip(
            docx, [parts[0], ("word/hidden.xml", *padded[1:]), *parts[1:]], None, "word/hidden.xml"
        )
    else:
        write_zip(docx, parts)
        data = docx.read_bytes()  # the directory's last entry pointed at the first part
        entry = data.rindex(b"PK\x01\x02") + 42  # its offset field
        docx.write_bytes(data[:entry] + struct.pack("<L", 0) + data[entry + 4 :])
    meta = str(word.parent / "fixture.yaml")
    code, err, memory = imported_in_a_process(root, ["import", str(docx), "--meta", meta])
    refused(code, err, root)
    assert memory < 200, f"{memory} MB"
    said = {
        "sizes": "part word/document.xml unpacks to more than the 4.1 KB it declares",
        "overlap": f"part {parts[-1][0]} overlaps the part before it",
        "hidden part": f"part {parts[1][0]} does not follow the part before it",
    }[how]
    assert f"liar.docx: error: not a Word document as Word writes one: {said}" in err, err
    assert err.count("[import-format]") == 1


def many_parts(word: Path, count: int) -> Path:
    docx = word.parent / "parts.docx"
    with zipfile.ZipFile(word) as archive, zipfile.ZipFile(docx, "w") as out:
        for info in archive.infolist():
            out.writestr(info, archive.read(info))
        for number in range(count):
            out.writestr(f"customXml/item{number}.xml", b"<x/>")
    return docx


def test_too_many_parts_are_refused_and_a_raised_limit_lets_them_through(
    root: Path, word: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = many_parts(word, 2000)
    with zipfile.ZipFile(docx) as archive:
        count = len(archive.infolist())
    argv = ["import", str(docx), "--meta", str(word.parent / "fixture.yaml")]
    code, err = run_cli(root, argv, capsys)
    refused(code, err, root)
    assert f"parts.docx: error: it holds {count} parts (files in its zip container), " in err
    assert "more than the import limit of 2000; nothing was imported" in err
    assert f"pyproject.toml, [tool.build_tools]: import_limits = {{ docx_parts = {count} }}" in err
    limit(root, f"docx_parts = {count}")
    code, err = run_cli(root, argv, capsys)
    assert code == 0, err
    assert sources(root) == [f"{NAME}.xml", f"{IMPORTED}.xml"]


LIMITS = [  # the setting, what it lowers the limit to, what the message says was measured
    ("docx_size", '"1 KB"', "docx", "the file is {size}, more than the import limit of 1 KB"),
    ("docx_unpacked", '"2 KB"', "docx", "its parts unpack to"),
    (
        "docx_parts",
        "4",
        "docx",
        "parts (files in its zip container), more than the import limit of 4",
    ),
    ("text_size", '"500 B"', "md", "the file is {size}, more than the import limit of 500 B"),
    ("paragraphs", "3", "md", "paragraphs, more than the import limit of 3"),
    ("paragraphs", "3", "docx", "paragraphs, more than the import limit of 3"),
    ("markdown_depth", "1", "md", "the Markdown nests 2 levels deep (brackets [ open at once"),
    (
        "pandoc_memory",
        '"1 MB"',
        "docx",
        "Pandoc needed more memory to read it than the import limit of 1 MB;",
    ),
    (
        "pandoc_seconds",
        "0.01",
        "md",
        "Pandoc did not finish reading it within the import limit of 0.01 s;",
    ),
]


@pytest.mark.parametrize(
    ("key", "value", "kind", "said"), LIMITS, ids=[f"{k}-{f}" for k, _, f, _ in LIMITS]
)
def test_each_limit_says_what_was_measured_and_how_to_raise_it(
    root: Path,
    word: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: str,
    kind: str,
    said: str,
) -> None:
    body = "\\(3\\) *Noting* [the [report]],"
    if key == "pandoc_seconds":  # Pandoc reads a short text in 5 ms: one it takes 0.4 s to
        body = "\\(3\\) *Noting* " + "that " * 60000 + ","
    text = markdown(word.parent, body)
    path = word if kind == "docx" else text
    argv = ["import", str(path), "--meta", str(word.parent / "fixture.yaml")]
    assert run_cli(root, argv, capsys)[0] == 0, "within the default limits"
    (root / "source" / f"{IMPORTED}.xml").unlink()
    limit(root, f"{key} = {value}")
    code, err = run_cli(root, argv, capsys)
    refused(code, err, root)
    size = path.stat().st_size
    assert said.format(size=f"{size / 1000:.1f} KB" if size > 1000 else f"{size} B") in err, err
    assert (
        f"If the file is genuine, raise the limit in pyproject.toml, [tool.build_tools]: import_limits = {{ {key} = "
        in err
    )
    assert err.count("[import-limit]") == 1


def test_a_malformed_limit_is_a_located_configuration_error(
    root: Path, word: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    limit(root, 'docx_unpacked = "lots", paragraphs = 2.5, bombs = 1')
    line = (root / "pyproject.toml").read_text("utf-8").splitlines().index("[tool.build_tools]") + 2
    code, err = run_cli(root, ["import", str(word)], capsys)
    assert code == 2, err
    assert (
        f"pyproject.toml:{line}: error: import_limits: docx_unpacked = 'lots' must be a size such as \"200 MB\" [config]"
        in err
    )
    assert (
        f"pyproject.toml:{line}: error: import_limits: paragraphs = 2.5 must be a whole number above 0 [config]"
        in err
    )
    assert f"pyproject.toml:{line}: error: import_limits: unknown limit 'bombs'" in err
    assert sources(root) == [f"{NAME}.xml"]


def test_new_version_from_a_file_is_held_to_the_same_limits(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrected = tmp_path / "corrected.txt"
    corrected.write_text("The 132nd Assembly of the Inter-Parliamentary Union,\n" * 40, "utf-8")
    limit(root, 'text_size = "1 KB"')
    argv = ["new-version", NAME, "--date", "2026-12-01", "--reason", "x", "--from", str(corrected)]
    code, err = run_cli(root, argv, capsys)
    refused(code, err, root)
    assert "corrected.txt: error: the file is 2.1 KB, more than the import limit of 1 KB" in err
    assert 'import_limits = { text_size = "3 KB" } [import-limit]' in err


def test_a_named_pipe_is_not_read(root: Path, tmp_path: Path) -> None:
    """Reading a pipe waits for a writer that never comes."""
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    code, err, _ = imported_in_a_process(root, ["import", str(pipe)], seconds=20)
    refused(code, err, root)
    assert "pipe.md: error: not a file that can be read [import-format]" in err


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_metadata_that_repeat_a_value_a_billion_times_are_refused(
    root: Path, word: Path, tmp_path: Path
) -> None:
    """YAML aliases: nine lines name a list of a billion values (a --meta file of them took
    1.2 GB and 30 s without end); metadata never need one."""
    meta = tmp_path / "laughs.yaml"
    meta.write_text(LAUGHS + "authors: [{name: *i, country: Testland}]\n", "utf-8")
    code, err, memory = imported_in_a_process(
        root, ["import", str(word), "--meta", str(meta)], seconds=30
    )
    refused(code, err, root)
    assert memory < 200, f"{memory} MB"
    assert "laughs.yaml: not YAML: an alias (*name) is not allowed" in err
    assert "line 2, column 8" in err and "[import-meta]" in err


def test_metadata_nested_too_deeply_or_too_large_are_located_errors(
    root: Path, word: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = tmp_path / "deep.yaml"
    meta.write_text("name: " + "[" * 100_000 + "\n", "utf-8")
    code, err = run_cli(root, ["import", str(word), "--meta", str(meta)], capsys)
    refused(code, err, root)
    assert "deep.yaml: nested too deeply to be read [import-meta]" in err
    meta.write_text(DOCX_TEXT.split("---\n")[1], "utf-8")
    limit(root, 'text_size = "100 B"')
    code, err = run_cli(root, ["import", str(word), "--meta", str(meta)], capsys)
    refused(code, err, root)
    assert "deep.yaml: error: the file is " in err and 'text_size = "' in err


# Finding 7: characters that are never text, nesting, Pandoc's own limits


CHARACTERS = [  # each in one of the two text formats, NUL in both
    ("\x00", ".txt", "control character U+0000"),
    ("\x00", ".md", "control character U+0000"),
    ("\x01", ".txt", "control character U+0001"),
    ("\x7f", ".md", "control character U+007F"),
    ("\ufffe", ".txt", "noncharacter U+FFFE"),
    ("\uffff", ".md", "noncharacter U+FFFF"),
]


@pytest.mark.parametrize(
    ("character", "suffix", "said"), CHARACTERS, ids=[f"{s}{x}" for _, x, s in CHARACTERS]
)
def test_a_control_character_in_a_text_is_named_at_its_line_and_column(
    root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
    character: str,
    said: str,
) -> None:
    path = markdown(tmp_path, f"\\(3\\) *Noting* the re{character}port,", f"text{suffix}")
    code, err = run_cli(root, ["import", str(path)], capsys)
    refused(code, err, root)
    written = f"re{character}port".encode()
    line, column = line_of(path, written), column_of(path, written) + 2
    assert f"text{suffix}:{line}:{column}: error: {said}; delete it [import-control]" in err


def test_bytes_that_are_not_utf8_are_named_at_their_line(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = markdown(tmp_path, "\\(3\\) *Noting* the report,")
    data = path.read_bytes().replace(b"the report", b"the r\xe9port")  # Latin-1
    path.write_bytes(data)
    code, err = run_cli(root, ["import", str(path)], capsys)
    refused(code, err, root)
    line, column = line_of(path, b"\xe9port"), column_of(path, b"\xe9port")
    assert f"text.md:{line}:{column}: error: not UTF-8: byte 0xE9 is not a character here; " in err
    assert "[import-encoding]" in err


def test_a_control_character_in_a_word_document_is_named_at_its_paragraph(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """XML keeps DEL and the C1 controls; Pandoc hands them on."""
    source = markdown(tmp_path, "\\(3\\) *Noting* the re\x7fport,")
    body = source.read_text("utf-8").split("---\n", 2)[2]
    source.write_text(body, "utf-8")
    docx = tmp_path / "controls.docx"
    subprocess.run([pandoc_path(), str(source), "-o", str(docx)], check=True)
    (tmp_path / "meta.yaml").write_text(DOCX_TEXT.split("---\n")[1], "utf-8")
    code, err = run_cli(root, ["import", str(docx), "--meta", str(tmp_path / "meta.yaml")], capsys)
    refused(code, err, root)
    assert (
        "controls.docx:4: error: control character U+007F in the text of this paragraph; delete it [import-control]"
        in err
    )


NESTED = [
    ("[" * 10_000, "brackets [ open at once", 9),
    ("> " * 10_000 + "x", "quotes, lists or indentation", 1),
    ("- " * 10_000 + "x", "quotes, lists or indentation", 1),
]


@pytest.mark.parametrize(("body", "what", "column"), NESTED, ids=["brackets", "quotes", "lists"])
def test_deeply_nested_markdown_is_refused_at_once(
    root: Path, tmp_path: Path, body: str, what: str, column: int
) -> None:
    """Pandoc's reader takes twice as long for each bracket open at once (16 took it 8 s),
    and seconds for thousands of quote or list levels: refused before it reads them."""
    path = markdown(tmp_path, body)
    started = time.monotonic()
    try:
        code, err, _ = imported_in_a_process(root, ["import", str(path)], seconds=30)
    finally:
        took = time.monotonic() - started
    refused(code, err, root)
    assert took < 10, f"{took:.1f} s"
    line = line_of(path, body[:4].encode())
    assert f"text.md:{line}:{column}: error: the Markdown nests 10000 levels deep ({what}" in err
    assert "import_limits = { markdown_depth = 10000 } [import-limit]" in err


def test_markdown_that_keeps_pandoc_busy_is_stopped_by_its_time_limit(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nested no deeper than the limit, yet slow for Pandoc (thousands of "<" in one
    paragraph: 9 s): its reader is stopped, and the error says so."""
    path = markdown(tmp_path, "<a " * 3000)
    limit(root, "pandoc_seconds = 2")
    started = time.monotonic()
    code, err = run_cli(root, ["import", str(path)], capsys)
    refused(code, err, root)
    assert time.monotonic() - started < 10
    assert (
        "text.md: error: Pandoc did not finish reading it within the import limit of 2 s; nothing"
        in err
    )
    assert "import_limits = { pandoc_seconds = 4 } [import-limit]" in err


# Finding 9: new-version names a document as import does


@pytest.mark.parametrize(
    "name", ["../../outside", "../outside", f"{NAME}/../{NAME}", "/tmp/outside", "index"]
)
def test_new_version_takes_only_a_document_name(
    root: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A name that is a path would have read a document outside source/ and written its
    new version beside it."""
    outside = root.parent / "outside.xml"
    outside.write_bytes((root / "source" / f"{NAME}.xml").read_bytes())
    (root / "outside.xml").write_bytes(outside.read_bytes())
    before = sorted(path.name for path in root.parent.rglob("*"))
    code, err = run_cli(
        root, ["new-version", name, "--date", "2030-01-01", "--reason", "x"], capsys
    )
    assert code == 2, err
    assert (
        f"error: argument NAME: document name {name!r} must be a slug (letters, digits, - _ .) and not a site folder"
        in err
    )
    assert sorted(path.name for path in root.parent.rglob("*")) == before
    code, err = run_cli(root, ["import", "x.md", "--name", name], capsys)
    assert code == 2, "the same rule as import --name"
    assert f"error: argument --name: document name {name!r} must be a slug" in err
