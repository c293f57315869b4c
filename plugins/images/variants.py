"""Resized variants of content images, cached by the content of their source."""

import hashlib
import io
import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PIL import ExifTags, Image, ImageOps

FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
MANIFEST = "variants.json"  # in an image's cache folder, beside its variants
KINDS = {mime: kind for kind, (_, mime) in FORMATS.items()}
TURNED = (5, 6, 7, 8)  # EXIF orientations that exif_transpose turns a quarter: width and height swap


@dataclass(frozen=True)
class Variant:
    path: str  # relative to the output root, e.g. images/_v/trao-qua-480.webp
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class ImageSet:
    """A source image and its variants: what a <picture> needs."""

    source: str  # images/trao-qua.jpg
    width: int
    height: int
    variants: tuple[Variant, ...]
    # The cache folder that holds the variants' files (cache_dir_of): found when the set is made,
    # so publishing does not read and hash the source again. Not part of what a page shows.
    cached: str = field(default="", compare=False, repr=False)

    def srcset(self, mime: str, siteurl: str = "") -> str:
        return ", ".join(f"{siteurl}/{v.path} {v.width}w" for v in self.variants if v.mime == mime)

    @property
    def mimes(self) -> list[str]:
        return list(dict.fromkeys(v.mime for v in self.variants))

    @property
    def fallback(self) -> Variant:
        """The largest variant in the original format."""
        original = [v for v in self.variants if v.mime != "image/webp"]
        return max(original, key=lambda v: v.width)


def _digest(path: Path) -> str:
    return _digest_of(path.read_bytes())


def _digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def image_set(source: Path, relative: str, cache: Path, widths: tuple[int, ...], key: Path | None = None) -> ImageSet:
    """The variants of one image, from the cache when its bytes have not changed. key: its cache
    folder (cache_dir_of), when the caller has found it already."""
    key = key or cache_dir_of(source, relative, cache, widths)
    if (made := _made(key)) is not None:
        return made
    # The variants go to the folder of the bytes they are made from: the file may have been saved
    # again since key was found (when the build worked out the sets, plugins/images/early.py).
    data = source.read_bytes()
    key = _folder(_digest_of(data), relative, cache, widths)
    if (made := _made(key)) is not None:
        return made
    # Two images made at once in this process (the build's threads) each have a folder of their own.
    tmp = key.with_name(key.name + f".tmp{os.getpid()}-{threading.get_ident()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        result = _planned(relative, image.width, image.height, _kind(opened), widths, key)
        resized = image
        for variant in result.variants:
            if resized.width != variant.width:  # each width once, for its two formats
                resized = image if variant.width == image.width else \
                    image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
            out_kind = KINDS[variant.mime]
            target = resized.convert("RGB") if out_kind == "JPEG" else resized
            options = {"quality": 80, "method": 4} if out_kind == "WEBP" else (
                {"quality": 82, "optimize": True, "progressive": True} if out_kind == "JPEG" else {"optimize": True})
            target.save(tmp / Path(variant.path).name, out_kind, **options)
    (tmp / MANIFEST).write_text(json.dumps(_to_json(result)))
    os.replace(tmp, key) if not key.exists() else shutil.rmtree(tmp)
    return result


def planned_set(source: Path, relative: str, cache: Path, widths: tuple[int, ...], key: Path | None = None) -> ImageSet:
    """The set image_set gives, without making its variants: from the cache when they are made,
    otherwise worked out from the image's header (its size, turned as its EXIF orientation says,
    and its format), as image_set works it out from the decoded image. key: as in image_set."""
    key = key or cache_dir_of(source, relative, cache, widths)
    if (made := _made(key)) is not None:
        return made
    with Image.open(source) as opened:
        width, height = opened.size
        if opened.getexif().get(ExifTags.Base.Orientation, 1) in TURNED:
            width, height = height, width
        return _planned(relative, width, height, _kind(opened), widths, key)


def is_made(key: Path) -> bool:
    """Whether the cache folder key holds its image's variants (their manifest is renamed in last)."""
    return (key / MANIFEST).is_file()


def _made(key: Path) -> ImageSet | None:
    """The set whose variants the cache folder key holds, once they are made."""
    return _from_json(json.loads((key / MANIFEST).read_text()), key) if is_made(key) else None


def _kind(opened: Image.Image) -> str:
    """The format of an image's variants besides WebP: its own, JPEG or PNG."""
    return opened.format if opened.format in ("JPEG", "PNG") else "PNG"


def _planned(relative: str, width: int, height: int, kind: str, widths: tuple[int, ...], key: Path) -> ImageSet:
    """The variants of an image of that size: each width up to its own, in WebP then its format."""
    stem = Path(relative).stem
    folder = (Path(relative).parent / "_v").as_posix()
    variants = []
    for variant_width in sorted({min(w, width) for w in widths}):
        variant_height = round(height * variant_width / width)
        for ext, mime in (FORMATS["WEBP"], FORMATS[kind]):
            variants.append(Variant(f"{folder}/{stem}-{variant_width}.{ext}", variant_width, variant_height, mime))
    return ImageSet(relative, width, height, tuple(variants), str(key))


def publish(image: ImageSet, output: Path) -> None:
    """Hard-link (or copy) the cached variant files into a build."""
    for variant in image.variants:
        target = output / variant.path
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = Path(image.cached) / Path(variant.path).name
        try:
            os.link(cached, target)
        except OSError:
            shutil.copy2(cached, target)


def cache_dir_of(source: Path, relative: str, cache: Path, widths: tuple[int, ...]) -> Path:
    """The cache folder of one image's variants: by its bytes and its name, which the variants'
    names and addresses come from (two files with the same bytes have variants of their own)."""
    return _folder(_digest(source), relative, cache, widths)


def _folder(digest: str, relative: str, cache: Path, widths: tuple[int, ...]) -> Path:
    name = hashlib.sha256(relative.encode("utf-8")).hexdigest()[:8]
    return cache / f"{digest}-{name}-{'-'.join(map(str, widths))}"


def _to_json(image: ImageSet) -> dict:
    return {"source": image.source, "width": image.width, "height": image.height,
            "variants": [v.__dict__ for v in image.variants]}


def _from_json(data: dict, cached: Path) -> ImageSet:
    return ImageSet(data["source"], data["width"], data["height"],
                    tuple(Variant(**v) for v in data["variants"]), str(cached))
