"""What to import: saved HTML pages, folders of them (recursively), and text files of addresses."""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_ADDRESS = re.compile(r"^https?://\S+$")


class SourceError(ValueError):
    """A SOURCE that is none of the three kinds."""


@dataclass(frozen=True)
class Source:
    """One page to import: a saved file, or an address to fetch."""

    file: Path | None = None
    address: str = ""

    @property
    def label(self) -> str:
        return self.address or str(self.file)


def _is_address_list(path: Path) -> bool:
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    return bool(lines) and all(_ADDRESS.match(line) for line in lines)


def expand(arguments: list[str]) -> list[Source]:
    """The pages the arguments name, each once, in order. Raises SourceError naming a bad argument."""
    found: list[Source] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found += [Source(file=file) for file in sorted(path.rglob("*"))
                      if file.is_file() and file.suffix.lower() in HTML_SUFFIXES]
        elif path.is_file() and path.suffix.lower() in HTML_SUFFIXES:
            found.append(Source(file=path))
        elif path.is_file() and _is_address_list(path):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    found.append(Source(address=line))
        elif path.is_file():
            raise SourceError(f"{argument}: không phải trang HTML đã lưu, cũng không phải tệp danh sách địa chỉ "
                              "http(s):// (mỗi dòng một địa chỉ)")
        else:
            raise SourceError(f"{argument}: không có tệp hay thư mục này")
    unique, seen = [], set()
    for source in found:
        if source.label not in seen:
            seen.add(source.label)
            unique.append(source)
    return unique


def hosts(sources: list[Source]) -> set[str]:
    """The hosts of the listed addresses: the only ones ever asked for anything."""
    return {urlsplit(source.address).netloc.lower() for source in sources if source.address}
