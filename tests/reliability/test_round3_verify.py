"""Issue 23, findings 3, 4 and 10, and the manifest and signature cases of finding 7:
``verify`` proves that a site is complete and which edition it is, and a private key is
never made inside the project without a word.

- Every file under the site, at any depth, is in the manifest: only the manifest and its
  signature at the root are not (one of those names in a subfolder was exempt).
- A published site holds plain files and folders only: a symbolic link (to a file or a
  folder, inside the site or out) or a named pipe is a problem, never followed or opened.
- The signed manifest says its edition (a number and a time); ``verify`` prints it, and
  ``--not-before`` refuses an older signed site put back in place (a replay).
- A signature or manifest of the wrong kind, nested too deeply or too large is one
  located line, never a crash or a wait.
- ``keygen`` refuses a path inside the project unless ``--force``.

One signed site is built for the module (only publishing runs: it reuses the build
outputs of the session's published project); each test tampers with a copy of it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.outputs import MANIFEST_LIMIT
from build_tools.signing import generate_key, load_private_key, sign
from tests.conftest import ROOT, copy_sources, run_cli
from tests.helpers import NAME, copy_published, edit_message, main_in, site_digest

FIRST = 1796126400  # SOURCE_DATE_EPOCH of the module's site: 2026-12-01T12:00:00Z
SECOND = 1796212800  # of a later publication: 2026-12-02T12:00:00Z


@dataclass(frozen=True, slots=True)
class Signed:
    """A project whose site is signed with ``key`` (edition 2, published at FIRST)."""

    root: Path
    key: Path
    public: Path

    @property
    def site(self) -> Path:
        return self.root / "site"


@pytest.fixture(scope="module")
def signed(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Signed:
    folder = tmp_path_factory.mktemp("signed")
    root = copy_sources(folder / "project")
    # Reuse the outputs: only publish runs. The records copied with them say edition 1 was
    # published (the session's site, not copied): this site is edition 2.
    shutil.copytree(published / "build", root / "build")
    key = folder / "keys" / "ipu.key"
    public = generate_key(key)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(FIRST))
        assert main_in(root, ["build", "--quiet", "--sign", str(key)]) == 0
    return Signed(root, key, public)


def site_copy(signed: Signed, folder: Path) -> Path:
    """A copy of the signed site, to tamper with."""
    return Path(shutil.copytree(signed.site, folder / "site", symlinks=True))


def verify(
    folder: Path, site: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, str]:
    return run_cli(folder, ["verify", str(site), *options], capsys)


def verify_process(site: Path, public: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``verify SITE --key PUBLIC`` in a process of its own, which must end within two
    minutes: a named pipe opened for reading would make it wait for ever."""
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "verify", str(site), "--key", str(public)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_signed_site_verifies_and_says_its_edition(
    signed: Signed, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 4: verify printed neither the edition nor its time."""
    code, err = verify(signed.root, signed.site, capsys, "--key", str(signed.public))
    assert code == 0, err
    assert err.strip().endswith(
        "site/ matches its manifest (edition 2, published 2026-12-01T12:00:00Z) and its signature"
    )
    manifest = json.loads((signed.site / "manifest.json").read_text("utf-8"))
    assert manifest["edition"] == {"number": 2, "published": "2026-12-01T12:00:00Z"}


def test_a_manifest_or_signature_in_a_subfolder_is_not_exempt(
    signed: Signed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 3: any file named manifest.json or manifest.json.sig was exempt, at any depth."""
    site = site_copy(signed, tmp_path)
    shutil.copy(site / "manifest.json", site / "fr" / "manifest.json")
    shutil.copy(site / "manifest.json.sig", site / "en" / "assets" / "manifest.json.sig")
    code, err = verify(tmp_path, site, capsys, "--key", str(signed.public))
    assert code == 1
    extra = [line for line in err.splitlines() if "[manifest-extra]" in line]
    assert extra == [
        "site/manifest.json: error: en/assets/manifest.json.sig: not in the manifest "
        "[manifest-extra]",
        "site/manifest.json: error: fr/manifest.json: not in the manifest [manifest-extra]",
    ]


def _folder_link(site: Path, outside: Path) -> str:
    (site / "en" / "mirror").symlink_to(Path("..") / "fr")  # a folder inside the site
    return "en/mirror: a symbolic link (to ../fr)"


def _file_link(site: Path, outside: Path) -> str:
    page = site / "fr" / "index.html"  # listed: replaced by a link to the same bytes
    shutil.move(page, outside / "index.html")
    page.symlink_to(outside / "index.html")
    return f"fr/index.html: a symbolic link (to {outside / 'index.html'})"


def _listed_folder_link(site: Path, outside: Path) -> str:
    downloads = site / "fr" / "downloads"  # its files are listed: reached only through a link
    shutil.move(downloads, outside / "downloads")
    downloads.symlink_to(outside / "downloads")
    return f"fr/downloads: a symbolic link (to {outside / 'downloads'})"


def _pipe(site: Path, outside: Path) -> str:
    os.mkfifo(site / "fr" / "pipe")
    return "fr/pipe: a named pipe (FIFO), not a file"


@pytest.mark.parametrize(
    "tamper",
    [_folder_link, _file_link, _listed_folder_link, _pipe],
    ids=["link to a folder inside", "listed file as a link", "listed folder as a link", "pipe"],
)
def test_links_and_pipes_in_a_site_are_refused_never_followed(
    signed: Signed, tmp_path: Path, capsys: pytest.CaptureFixture[str], tamper: object
) -> None:
    """Finding 3: a link to a folder inside site/ was never looked into, and a link to a
    file was followed (so a listed file could be anywhere); a pipe was not seen."""
    site = site_copy(signed, tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    assert callable(tamper)
    expected = tamper(site, outside)
    code, err = verify(tmp_path, site, capsys, "--key", str(signed.public))
    assert code == 1
    found = [line for line in err.splitlines() if expected in line]
    assert len(found) == 1, err
    assert found[0].endswith("[manifest-link]" if "link" in expected else "[manifest-kind]")
    missing = [line for line in err.splitlines() if "[manifest-missing]" in line]
    if tamper is _listed_folder_link:  # its files are not in the site, whatever the link finds
        assert missing and all("fr/downloads/" in line for line in missing)
    else:
        assert missing == []
    assert "Traceback" not in err and "[stage-crashed]" not in err


@pytest.fixture(scope="module")
def editions(signed: Signed, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The signed project, moved, then a French correction published as edition 3 (at
    SECOND); and a copy of its edition 2 site, kept before."""
    folder = tmp_path_factory.mktemp("editions")
    root = copy_published(signed.root, folder / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(SECOND))
        assert main_in(root, ["build", "--quiet", "--sign", str(signed.key)]) == 0  # moved
        old = Path(shutil.copytree(root / "site", folder / "edition-2"))
        catalog = root / "translations" / "fr" / f"{NAME}.po"
        edit_message(catalog, "para_12", "Encourage", "Exhorte")
        assert main_in(root, ["build", "--quiet", "--sign", str(signed.key)]) == 0
    return root, old


def test_an_edition_grows_with_each_publish_that_changes_the_site_and_never_goes_back(
    signed: Signed, editions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the moved project published the same site again: the same edition, byte for byte
    assert (editions[1] / "manifest.json").read_bytes() == (
        signed.site / "manifest.json"
    ).read_bytes()
    root = copy_published(editions[0], tmp_path / "project")
    old = editions[1]
    build = ["build", "--sign", str(signed.key)]  # not --quiet: its summary line is read
    code, err = run_cli(root, build, capsys)  # moved again: the same edition 3
    assert code == 0 and "as edition 3" in err, err
    manifest = json.loads((root / "site" / "manifest.json").read_text("utf-8"))
    assert manifest["edition"] == {"number": 3, "published": "2026-12-02T12:00:00Z"}
    code, err = run_cli(root, build, capsys)  # nothing changed: nothing published
    assert code == 0 and "nothing changed since the last build" in err
    assert json.loads((root / "site" / "manifest.json").read_text("utf-8")) == manifest
    shutil.rmtree(root / "site")  # lost: build/state.json still knows edition 3
    code, err = run_cli(root, build, capsys)
    assert code == 0 and "as edition 4" in err, err
    shutil.rmtree(root / "site")
    shutil.copytree(old, root / "site")  # an older site put back: its number is not reused
    code, err = run_cli(root, build, capsys)
    assert code == 0 and "as edition 5" in err, err


def test_an_older_signed_site_put_back_is_refused_with_not_before(
    signed: Signed, editions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 4: an older signed site put back in place verified, as nothing signed said
    which edition it is."""
    root, old = editions
    replayed = Path(shutil.copytree(old, tmp_path / "site"))
    key = ["--key", str(signed.public)]
    later = json.loads((root / "site" / "manifest.json").read_text("utf-8"))["edition"]
    assert later == {"number": 3, "published": "2026-12-02T12:00:00Z"}
    for not_before in ("3", "2026-12-02", "2026-12-02T11:00:00Z"):
        code, err = verify(tmp_path, root / "site", capsys, *key, "--not-before", not_before)
        assert code == 0, err
        code, err = verify(tmp_path, replayed, capsys, *key, "--not-before", not_before)
        assert code == 1
        [line] = [line for line in err.splitlines() if "[manifest-edition]" in line]
        assert "the site is edition 2, published 2026-12-01T12:00:00Z" in line
        assert f"(--not-before {not_before})" in line
    assert verify(tmp_path, replayed, capsys, *key, "--not-before", "2")[0] == 0
    code, err = verify(tmp_path, replayed, capsys, "--not-before", "1")
    assert code == 2 and "--not-before needs --key" in err
    assert verify(tmp_path, replayed, capsys, *key, "--not-before", "yesterday")[0] == 2


def test_a_signed_manifest_without_an_edition_is_not_recent(
    signed: Signed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A site signed before editions verifies, and says so; it never passes --not-before."""
    site = site_copy(signed, tmp_path)
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    del manifest["edition"]
    data = json.dumps(manifest).encode("utf-8")
    (site / "manifest.json").write_bytes(data)
    private = load_private_key(signed.key, ROOT)
    (site / "manifest.json.sig").write_bytes(sign(data, private))
    code, err = verify(tmp_path, site, capsys, "--key", str(signed.public))
    assert code == 0 and "matches its manifest (no edition recorded)" in err
    code, err = verify(tmp_path, site, capsys, "--key", str(signed.public), "--not-before", "1")
    assert code == 1 and "says no edition" in err and "[manifest-edition]" in err


@pytest.mark.parametrize("found", ["folder", "link", "pipe"])
def test_a_signature_of_the_wrong_kind_is_a_located_error(
    signed: Signed, tmp_path: Path, found: str
) -> None:
    """Finding 7: a folder in its place crashed verify; a link was followed; a pipe
    made it wait for ever."""
    site = site_copy(signed, tmp_path)
    signature = site / "manifest.json.sig"
    shutil.move(signature, tmp_path / "real.sig")
    if found == "folder":
        signature.mkdir()
    elif found == "link":
        signature.symlink_to(tmp_path / "real.sig")  # the right signature, elsewhere
    else:
        os.mkfifo(signature)
    done = verify_process(site, signed.public, tmp_path)
    what = {"folder": "a folder", "link": "a symbolic link", "pipe": "a named pipe (FIFO)"}
    expected = (
        f"site/manifest.json.sig: error: {what[found]}, not a file: a signature is a plain "
        "file beside the manifest [manifest-signature]"
    )
    assert done.returncode == 1
    assert expected in done.stderr.splitlines(), done.stderr
    assert "[stage-crashed]" not in done.stderr and "Traceback" not in done.stderr


def _nested(manifest: Path) -> str:
    manifest.write_text("[" * 100_000, "utf-8")
    return "malformed manifest: nested too deeply to be a manifest"


def _huge(manifest: Path) -> str:
    with manifest.open("r+b") as handle:  # sparse: takes no room
        handle.truncate(MANIFEST_LIMIT + 1)
    return "malformed manifest: larger than 256 MiB"


def _link(manifest: Path) -> str:
    shutil.move(manifest, manifest.parent.parent / "real.json")
    manifest.symlink_to(manifest.parent.parent / "real.json")  # the right manifest, elsewhere
    return "malformed manifest: a symbolic link, not a file"


def _folder(manifest: Path) -> str:
    manifest.unlink()
    manifest.mkdir()
    return "malformed manifest: a folder, not a file"


def _fifo(manifest: Path) -> str:
    manifest.unlink()
    os.mkfifo(manifest)
    return "malformed manifest: a named pipe (FIFO), not a file"


STRANGE = [_nested, _huge, _link, _folder, _fifo]


@pytest.mark.parametrize("tamper", STRANGE, ids=["nested", "huge", "link", "folder", "pipe"])
def test_a_strange_manifest_is_malformed_never_a_crash(
    signed: Signed, tmp_path: Path, tamper: object
) -> None:
    """Finding 7: 100,000 nested ``[`` crashed verify (RecursionError), a pipe made it
    wait for ever, a link was followed."""
    site = site_copy(signed, tmp_path)
    assert callable(tamper)
    expected = tamper(site / "manifest.json")
    done = verify_process(site, signed.public, tmp_path)
    assert done.returncode == 1, done.stderr
    [line] = [line for line in done.stderr.splitlines() if "[manifest-malformed]" in line]
    assert line.startswith(f"site/manifest.json: error: {expected}")
    assert "[stage-crashed]" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("tamper", [_nested, _fifo], ids=["nested", "pipe"])
def test_a_build_over_a_site_with_a_strange_manifest_refuses_it_as_not_ours(
    signed: Signed, tmp_path: Path, capsys: pytest.CaptureFixture[str], tamper: object
) -> None:
    """The build reads the manifest of the site it would replace (is that folder ours?):
    such a manifest is none of ours, so the site is not, and nothing is deleted."""
    root = copy_published(signed.root, tmp_path / "project")
    assert callable(tamper)
    tamper(root / "site" / "manifest.json")
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 2, err
    assert "pyproject.toml:" in err and "holds site/" in err and "which no build wrote" in err
    assert "[config]" in err and "[stage-crashed]" not in err
    assert (root / "site" / "fr" / "index.html").is_file()


def test_keygen_refuses_a_path_inside_the_project_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 10: a private key was written into the repository without a word."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    (root / "keys").mkdir()
    (tmp_path / "my-keys").symlink_to(root / "keys")  # outside, but it leads in
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for cwd, path in (
        (root, "ipu.key"),
        (root, str(tmp_path / "my-keys" / "ipu.key")),
        (elsewhere, str(root / "keys" / "ipu.key")),  # run from outside any project
    ):
        code, err = run_cli(cwd, ["keygen", path], capsys)
        assert code == 2, err
        assert f"is inside the project {root}" in err and "keep private keys outside it" in err
        assert list(root.rglob("*.key*")) == []
    code, err = run_cli(root, ["keygen", "--force", "keys/test.key"], capsys)
    assert code == 0, err
    assert (root / "keys" / "test.key").is_file() and (root / "keys" / "test.key.pub").is_file()
    code, err = run_cli(elsewhere, ["keygen", "ipu.key"], capsys)  # outside: as before
    assert code == 0 and (elsewhere / "ipu.key").is_file()


def test_site_digest_leaves_out_the_edition_and_nothing_else(
    signed: Signed, tmp_path: Path
) -> None:
    """The kill tests compare sites with site_digest: only the edition may differ."""
    site = site_copy(signed, tmp_path)
    before = site_digest(site)
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    manifest["edition"] = {"number": 9, "published": "2027-01-01T00:00:00Z"}
    (site / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
    (site / "manifest.json.sig").write_bytes(b"another signature\n")
    assert site_digest(site) == before
    manifest["files"][0]["size"] += 1
    (site / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert site_digest(site) != before


def _key_in_place(kind: str, place: Path) -> None:
    if kind == "pipe":
        os.mkfifo(place)
    elif kind == "folder":
        place.mkdir()
    else:
        with place.open("wb") as handle:  # sparse: takes no room
            handle.truncate(1 << 30)


KEY_KINDS = {"pipe": "not a plain file", "folder": "not a plain file", "huge": "larger than 64 KiB"}


@pytest.mark.parametrize("kind", sorted(KEY_KINDS))
def test_a_key_of_the_wrong_kind_is_refused_at_once(
    signed: Signed, tmp_path: Path, kind: str
) -> None:
    """A named pipe given as the public or the private key made ``verify`` and ``build
    --sign`` wait for ever (a gigabyte file was read whole): each is one line, exit 2."""
    site = site_copy(signed, tmp_path)
    public = tmp_path / "strange.pub"
    _key_in_place(kind, public)
    done = verify_process(site, public, tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{public}: not a readable public key ({KEY_KINDS[kind]})" in done.stderr
    assert "Traceback" not in done.stderr
    private = tmp_path / "strange.key"
    _key_in_place(kind, private)
    built = subprocess.run(
        [sys.executable, "-m", "build_tools", "build", "--quiet", "--sign", str(private)],
        cwd=signed.root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 2, built.stderr
    assert f"{private}: not a readable Ed25519 private key ({KEY_KINDS[kind]})" in built.stderr
    assert "Traceback" not in built.stderr
