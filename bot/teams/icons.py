"""The app package's two icons, drawn here so the package needs no image files or libraries:
a 192x192 full-colour icon and a 32x32 white outline on transparency (what Teams asks for)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

RGBA = tuple[int, int, int, int]
ACCENT: RGBA = (0x2E, 0x5E, 0x8C, 255)  # the app's accent colour, #2E5E8C
WHITE: RGBA = (255, 255, 255, 255)
CLEAR: RGBA = (0, 0, 0, 0)


def png(size: int, pixel: Callable[[int, int], RGBA]) -> bytes:
    """A PNG of `size` x `size` RGBA pixels (8-bit, no interlace)."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _speech_bubble(size: int, x: int, y: int) -> bool:
    """A rounded speech bubble with a tail, in a `size` square."""
    margin, bottom = size * 0.18, size * 0.68
    inside = margin <= x <= size - margin and margin <= y <= bottom
    tail = (
        size * 0.28 <= x <= size * 0.42
        and bottom <= y <= size * 0.84
        and (x - size * 0.28 >= (y - bottom) * 0.9)
    )
    return inside or tail


def color_icon() -> bytes:
    size = 192
    return png(size, lambda x, y: WHITE if _speech_bubble(size, x, y) else ACCENT)


def outline_icon() -> bytes:
    size = 32

    def pixel(x: int, y: int) -> RGBA:
        edge = _speech_bubble(size, x, y) and not all(
            _speech_bubble(size, x + dx, y + dy) for dx in (-1, 1) for dy in (-1, 1)
        )
        return WHITE if edge else CLEAR

    return png(size, pixel)
