"""Images of imported articles, copied into content/images/legacy/ under names made from their address."""

import hashlib
import io
import warnings as python_warnings

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from PIL import Image, UnidentifiedImageError

from toandan.vietnamese.text import slugify

from .fetch import Fetcher, FetchError

FOLDER = "images/legacy"  # under content/
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# An image's header can claim gigapixels in a few hundred bytes (a decompression bomb): the build
# would unpack it to make the article's sizes. The desk's limit: a 50-megapixel phone photo.
MAX_PIXELS = 50_000_000

class Images:
    """Finds each image of a page (a file beside a saved page, or an address on the old portal),
    checks that it is an image, and copies it once; answers its path under content/, or None."""

    def __init__(self, content: Path, fetcher: Fetcher | None):
        self.content = content
        self.fetcher = fetcher
        self.copied = 0

    def bring_first(self, sources: list[str], page_address: str, page_file: Path | None,
                    warnings: list[str]) -> str | None:
        """The first of several versions of one image that can be had; the last one's problem if none."""
        problems: list[str] = []
        for src in filter(None, sources):
            problems = []
            if (path := self.bring(src, page_address, page_file, problems)) is not None:
                return path
        warnings.extend(problems)
        return None

    def bring(self, src: str, page_address: str, page_file: Path | None, warnings: list[str]) -> str | None:
        src = src.strip()
        if not src or src.startswith("data:"):
            warnings.append("bỏ một ảnh nhúng thẳng trong trang (data:)")
            return None
        data = None
        where = urljoin(page_address, src) if page_address else src
        if page_file is not None and not urlsplit(src).scheme and not src.startswith("/"):
            beside = (page_file.parent / unquote(urlsplit(src).path)).resolve()
            if page_file.parent.resolve() not in beside.parents:
                warnings.append(f"ảnh {src} nằm ngoài thư mục của trang đã lưu: không lấy")
                return None
            if beside.is_file():
                data, where = beside.read_bytes(), str(beside)
        if data is None:
            if self.fetcher is None or not self.fetcher.allowed(where):
                warnings.append(f"không lấy được ảnh {src}: không có bên cạnh trang lưu và không thuộc trang cũ được liệt kê")
                return None
            try:
                data = self.fetcher.get(where)
            except FetchError as error:
                warnings.append(f"không tải được ảnh {where}: {error}")
                return None
        try:
            with python_warnings.catch_warnings():
                python_warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:  # reads the header only
                    pixels = image.width * image.height
                    if pixels <= MAX_PIXELS:
                        image.verify()
                    kind = image.format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            pixels, kind = MAX_PIXELS + 1, None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            warnings.append(f"{src} không phải ảnh đọc được: bỏ qua")
            return None
        if pixels > MAX_PIXELS:
            warnings.append(f"ảnh {src} quá nhiều điểm ảnh (tối đa {MAX_PIXELS // 1_000_000} triệu): bỏ qua")
            return None
        if kind not in FORMATS:
            warnings.append(f"ảnh {src} dạng {kind} không dùng được trên trang: bỏ qua")
            return None
        fingerprint = f"{hashlib.sha256(data).hexdigest()[:10]}{FORMATS[kind]}"
        folder = self.content / FOLDER
        same = sorted(folder.glob(f"*-{fingerprint}")) if folder.is_dir() else []
        if same:  # the same picture under another address: one copy
            return f"{FOLDER}/{same[0].name}"
        stem = slugify(PurePosixPath(unquote(urlsplit(where).path)).stem)[:60] or "anh"
        name = f"{stem}-{fingerprint}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        self.copied += 1
        return f"{FOLDER}/{name}"
