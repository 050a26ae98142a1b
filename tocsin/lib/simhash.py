"""64-bit SimHash: near-duplicate texts (reposts, syndicated copies) get close fingerprints.

Charikar's construction over the words and word pairs of an accent- and case-folded text. Two texts
whose fingerprints differ in at most ``NEAR`` bits are treated as the same story. Banding
finds candidates without comparing against every fingerprint.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

# Unrelated texts differ in about 32 bits (sd 4); a repost with a word changed, in a few.
NEAR = 8
# Eight 8-bit bands: texts NEAR apart share at least one band about 98 % of the time.
BANDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(?<!\w)[@#]\w+")


def fold(text: str) -> list[str]:
    text = _URL.sub(" ", text.lower())
    text = _HANDLE.sub(" ", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Latin scripts lose only their accents; other scripts keep their letters.
    words = _WORD.findall(ascii_text) or _WORD.findall(text)
    return [w for w in words if w not in {"rt", "via"}]


_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def fingerprint(text: str) -> int:
    """A signed 64-bit integer (fits a database BIGINT); 0 for text with no words."""
    words = fold(text)
    if not words:
        return 0
    h = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    h = (h << np.uint64(32)) | np.fromiter(
        (zlib.adler32(w.encode()) for w in words), dtype=np.uint64, count=len(words)
    )
    if len(words) >= 2:
        # Words and word pairs: one inserted or changed word moves few features, and the
        # pairs keep some of the order.
        h = np.concatenate([h * _MIX[2], h[:-1] * _MIX[0] ^ h[1:] * _MIX[1]])
    # One row of 64 bits per shingle; a bit of the fingerprint is set where most rows set it.
    bits = np.unpackbits(h.astype(">u8").view(np.uint8).reshape(len(h), 8), axis=1)
    majority = (bits.sum(axis=0) * 2 > len(h)).astype(np.uint8)
    value = int.from_bytes(np.packbits(majority).tobytes(), "big")
    return value - (1 << 64) if value >= 1 << 63 else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


def bands(fp: int) -> list[tuple[int, int]]:
    unsigned = fp & 0xFFFFFFFFFFFFFFFF
    return [(i, (unsigned >> (8 * i)) & 0xFF) for i in range(BANDS)]
