#!/usr/bin/env python3
"""Draws Tandem's two Teams icons with the standard library only (zlib, struct).

color.png   192x192: two interlocking white rings on teal, the mark of two teams in one loop.
outline.png  32x32:  the same rings in white on a transparent background, as Teams requires.

Run from anywhere: python3 deploy/teams/make_icons.py
"""

import math
import struct
import zlib
from pathlib import Path

TEAL = (15, 118, 110)
WHITE = (255, 255, 255)


def png(width, height, pixel):
    """A PNG (RGBA, 8 bits) whose pixel (x, y) is pixel(x, y) -> (r, g, b, a)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def ring_coverage(x, y, size, samples=4):
    """How much of pixel (x, y) the two rings cover, 0..1 (supersampled for smooth edges)."""
    radius, width = size * 0.22, size * 0.075
    centres = [(size * 0.38, size * 0.5), (size * 0.62, size * 0.5)]
    hits = 0
    for sy in range(samples):
        for sx in range(samples):
            px = x + (sx + 0.5) / samples
            py = y + (sy + 0.5) / samples
            if any(abs(math.hypot(px - cx, py - cy) - radius) <= width / 2 for cx, cy in centres):
                hits += 1
    return hits / (samples * samples)


def color_pixel(x, y):
    c = ring_coverage(x, y, 192)
    return tuple(round(b * (1 - c) + w * c) for b, w in zip(TEAL, WHITE)) + (255,)


def outline_pixel(x, y):
    return WHITE + (round(255 * ring_coverage(x, y, 32)),)


def main():
    here = Path(__file__).resolve().parent
    (here / "color.png").write_bytes(png(192, 192, color_pixel))
    (here / "outline.png").write_bytes(png(32, 32, outline_pixel))
    print(f"wrote {here / 'color.png'} and {here / 'outline.png'}")


if __name__ == "__main__":
    main()
