"""Hostile input to the importer: pages and images made to break it, each refused with a warning."""

import struct
import zlib

from importer.images import Images


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes of PNG whose header claims width × height: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_an_image_claiming_too_many_pixels_is_left_out_not_a_crash(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    page = saved / "bai.html"
    page.write_text("<html></html>", encoding="utf-8")
    for name, size in (("vua.png", (12_000, 10_000)), ("bom.png", (100_000, 100_000))):
        (saved / name).write_bytes(png_claiming(*size))
    images = Images(tmp_path / "content", fetcher=None)
    for name in ("vua.png", "bom.png"):
        warnings: list[str] = []
        assert images.bring(name, "", page, warnings) is None
        assert len(warnings) == 1 and "điểm ảnh" in warnings[0]
    assert images.copied == 0
    assert not (tmp_path / "content" / "images").exists()
