"""Signed publication: an Ed25519 signature over ``manifest.json``.

The Secretariat keeps the private key outside the repository (``keygen`` refuses to
write one inside it, and signing refuses one found there) and publishes the public key;
anyone can then check that a site (or a downloaded manifest) is the one the Secretariat
published, and, since the manifest says its edition, that it is not an older one:
``python -m build_tools verify SITE --key KEY.pub --not-before EDITION``.
"""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.diagnostics import UsageError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# cryptography is imported where a key is used: most commands never sign (it took 34 ms
# of the start of every command).

SIGNATURE = "manifest.json.sig"  # beside manifest.json; base64 of the Ed25519 signature
KEY_LIMIT = 64 * 1024  # a PEM Ed25519 key is about 120 bytes; anything larger is not one


def generate_key(private: Path) -> Path:
    """Write a new private key (PEM, readable by its owner only) and ``<private>.pub``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if private.exists():
        raise UsageError(f"{private} exists; refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    public = private.with_name(private.name + ".pub")
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return public


def load_private_key(path: Path, project_root: Path) -> Ed25519PrivateKey:
    """The signing key; it must live outside the project, where a commit cannot take it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if path.resolve().is_relative_to(project_root.resolve()):
        raise UsageError(f"{path}: the signing key must be kept outside the repository")
    try:
        key = serialization.load_pem_private_key(read_key_file(path), password=None)
    except (OSError, ValueError) as error:
        raise UsageError(f"{path}: not a readable Ed25519 private key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{path}: not an Ed25519 private key")
    return key


def read_key_file(path: Path) -> bytes:
    """A key file's bytes; a named pipe, a device or a folder in its place is refused at
    once, never waited on or read without end (opened without blocking, then checked to be
    a plain file of a key's size). A link to a key is followed: keys are often kept so."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            raise ValueError("not a plain file")
        if found.st_size > KEY_LIMIT:
            raise ValueError(f"larger than {KEY_LIMIT // 1024} KiB")
        return os.read(descriptor, KEY_LIMIT + 1)
    finally:
        os.close(descriptor)


def sign(manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    return base64.b64encode(key.sign(manifest)) + b"\n"


def signature_problem(manifest: bytes, signature: bytes | None, public: Path) -> str:
    """Why the signature does not prove ``manifest`` came from the holder of the key ("" if
    it does)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(read_key_file(public))
    except (OSError, ValueError) as error:
        raise UsageError(f"{public}: not a readable public key ({error})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(f"{public}: not an Ed25519 public key")
    if signature is None:
        return f"{SIGNATURE} is missing: the site is not signed"
    try:
        key.verify(base64.b64decode(signature.strip(), validate=True), manifest)
    except (InvalidSignature, ValueError):
        return "the signature does not match manifest.json and this key"
    return ""
