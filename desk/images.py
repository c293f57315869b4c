"""Images uploaded from the desk: checked with Pillow and stored under content/images/ with a safe name.

Refused: anything that is not a real JPEG, PNG or WebP, a file over MAX_BYTES, and an image over
MAX_PIXELS (a decompression bomb: a small file that would unpack to gigabytes). Location metadata
(the EXIF GPS block, XMP) is removed before the image is stored.
"""

import io
import os
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from toandan.vietnamese.text import slugify

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo; the site's largest variant is 1600 wide
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
GPS_IFD = 0x8825


class ImageRefused(ValueError):
    """Why an upload is not stored, in words for the editor."""


@dataclass(frozen=True)
class Stored:
    path: str  # relative to content/, as the article's 'image' field takes it
    width: int
    height: int


def check_name(name: str) -> str:
    """The uploaded file's name without its folder; refuses one that names a path."""
    if not name or "\x00" in name or "/" in name or "\\" in name or name.startswith("."):
        raise ImageRefused("tên tệp ảnh không hợp lệ (không được chứa đường dẫn)")
    return name


def store(data: bytes, name: str, images: Path) -> Stored:
    """Checks an upload and writes it under images/ with a new, safe name; raises ImageRefused."""
    check_name(name)
    if len(data) > MAX_BYTES:
        raise ImageRefused(f"ảnh lớn quá {MAX_BYTES // (1024 * 1024)} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            if image.format not in FORMATS:
                raise ImageRefused("chỉ nhận ảnh JPEG, PNG hoặc WebP")
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused(f"ảnh quá nhiều điểm ảnh ({image.width} × {image.height}); "
                                   f"tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh")
            image.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(f"ảnh quá nhiều điểm ảnh; tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh") from None
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRefused("tệp không phải là ảnh hoặc ảnh bị hỏng") from None
    exif = image.getexif()
    exif.pop(GPS_IFD, None)
    options = {"exif": exif.tobytes()} if exif else {}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if image.format == "JPEG":
        options["quality"] = "keep"  # the same quantisation: no visible loss from saving again
    stem = slugify(Path(name).stem)[:60].strip("-") or "anh"
    images.mkdir(parents=True, exist_ok=True)
    target = images / f"{stem}-{secrets.token_hex(3)}{FORMATS[image.format]}"
    temporary = images / f".{target.name}.upload"
    image.save(temporary, format=image.format, **options)
    os.replace(temporary, target)
    return Stored(f"{images.name}/{target.name}", image.width, image.height)
