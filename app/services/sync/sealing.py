"""Encryption of a whole package file to the recipient's X25519 key.

The construction is age's: an ephemeral X25519 key agreement, HKDF-SHA256 to a file key,
then ChaCha20-Poly1305 over 64 KiB chunks with a counter nonce whose last byte marks the
final chunk (the STREAM construction), so a file cut short (a USB stick pulled out) or
chunks reordered never decrypt. All primitives come from ``cryptography``.
"""

from __future__ import annotations

import hashlib
import json
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import InputError
from app.i18n import N_

MAGIC = b"DHTT-PKG"
CIPHER = "X25519-HKDF-SHA256-ChaCha20Poly1305-STREAM64K"
CHUNK = 64 * 1024
TAG = 16
MAX_HEADER = 4096


def _file_key(shared: bytes, ephemeral: bytes, recipient: bytes, header: bytes) -> bytes:
    info = b"dhtt-package-v1" + hashlib.sha256(header).digest()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
                info=info).derive(shared)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def seal(plaintext: bytes, recipient_public: bytes, header: dict) -> bytes:
    """``plaintext`` encrypted so only the holder of the recipient's private key reads it.

    ``header`` (format, recipient unit and key id; nothing personal) stays readable so a
    package for another office is recognised before any decryption is tried.
    """
    header_bytes = json.dumps(dict(header, cipher=CIPHER), sort_keys=True).encode()
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    aead = ChaCha20Poly1305(_file_key(shared, ephemeral_public, recipient_public, header_bytes))
    parts = [MAGIC, struct.pack(">I", len(header_bytes)), header_bytes, ephemeral_public]
    count = max(1, -(-len(plaintext) // CHUNK))
    for i in range(count):
        chunk = plaintext[i * CHUNK:(i + 1) * CHUNK]
        parts.append(aead.encrypt(_nonce(i, i == count - 1), chunk, None))
    return b"".join(parts)


def read_header(data: bytes) -> tuple[dict, int]:
    """The readable header of a sealed file and where its encrypted part begins."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise InputError(N_("This file is not a DHTT package (.dhtt)."))
    (size,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if size > MAX_HEADER or len(data) < start + size + 32:
        raise InputError(N_("The package file is damaged or cut short. Ask the sender to "
                            "send it again."))
    try:
        header = json.loads(data[start:start + size])
        if not isinstance(header, dict):
            raise ValueError
    except ValueError as exc:
        raise InputError(N_("The package file is damaged or cut short. Ask the sender to "
                            "send it again.")) from exc
    return header, start + size


def unseal(data: bytes, private_key: bytes) -> tuple[dict, bytes]:
    """Decrypt a sealed file: (its header, the plaintext). A file altered or cut short by
    even one byte is refused."""
    header, offset = read_header(data)
    header_bytes = data[len(MAGIC) + 4:offset]
    ephemeral_public = data[offset:offset + 32]
    body = memoryview(data)[offset + 32:]
    own = X25519PrivateKey.from_private_bytes(private_key)
    recipient_public = own.public_key().public_bytes_raw()
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as exc:
        raise InputError(N_("The package file is damaged or cut short. Ask the sender to "
                            "send it again.")) from exc
    aead = ChaCha20Poly1305(_file_key(shared, ephemeral_public, recipient_public, header_bytes))
    step = CHUNK + TAG
    count = max(1, -(-len(body) // step))
    out = []
    try:
        for i in range(count):
            piece = bytes(body[i * step:(i + 1) * step])
            if len(piece) < TAG:
                raise InvalidTag
            out.append(aead.decrypt(_nonce(i, i == count - 1), piece, None))
    except InvalidTag as exc:
        raise InputError(N_("The package file is damaged, was changed after it was made, "
                            "or was cut short (for example a USB stick pulled out while "
                            "copying). Ask the sender to send it again.")) from exc
    return header, b"".join(out)
