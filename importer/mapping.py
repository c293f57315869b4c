"""The old portal's categories and units, mapped to the registry's names by the editor.

content/data/legacy-categories.yaml has two sections, `categories` and `units`: each old name,
then the registry's name after the colon. A name seen for the first time is added with nothing
after it (or with the registry's name when it is already one); the editor fills in the rest and runs
the import again. An article whose name is not mapped yet is written as a draft.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from toandan.vietnamese.text import fold

from .articles import readable

HEADER = """\
# Chuyên mục và đơn vị của cổng cũ, và tên tương ứng trên trang mới.
# Sau dấu ':' ghi một tên trong categories.yaml (chuyên mục) hoặc units.yaml (đơn vị);
# dòng còn trống là chưa ánh xạ: bài thuộc tên đó được nhập dạng nháp (status: draft).
# Điền xong thì chạy lại ./dev import-pages với cùng nguồn.
"""
SECTIONS = ("categories", "units")


class MappingError(ValueError):
    """The mapping file cannot be read; nothing is imported until it is fixed."""


def registry_names(path: Path) -> list[str]:
    """The names of a registry file (categories.yaml, units.yaml): its keys."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) if path.is_file() else {}
    return list(data or {})


@dataclass
class LegacyMapping:
    path: Path
    known: dict[str, list[str]]  # section -> the registry's names
    names: dict[str, dict[str, str]] = field(default_factory=lambda: {section: {} for section in SECTIONS})
    added: int = 0

    @classmethod
    def load(cls, path: Path, data_dir: Path) -> "LegacyMapping":
        mapping = cls(path, {"categories": registry_names(data_dir / "categories.yaml"),
                             "units": registry_names(data_dir / "units.yaml")})
        if path.is_file():
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
            except yaml.YAMLError as error:
                raise MappingError(f"{path}: YAML sai cú pháp: {error}") from None
            if not isinstance(data, dict) or set(data) - set(SECTIONS):
                raise MappingError(f"{path}: chỉ có hai mục 'categories' và 'units'")
            for section in SECTIONS:
                entries = data.get(section) or {}
                if not isinstance(entries, dict):
                    raise MappingError(f"{path}: '{section}' phải gồm các dòng 'tên cũ: tên mới'")
                mapping.names[section] = {str(old): (new or "").strip() for old, new in entries.items()}
        return mapping

    def resolve(self, section: str, old: str) -> tuple[str | None, str]:
        """(the registry's name or None, why not). A new old name is remembered, to be written."""
        old = readable(old)
        if not old:
            return None, ""
        entries = self.names[section]
        if old not in entries:
            same = [name for name in self.known[section] if fold(name).lower() == fold(old).lower()]
            entries[old] = same[0] if same else ""
            self.added += 1
        new = entries[old]
        if not new:
            return None, f'chưa ánh xạ "{old}" trong {self.path.name}'
        if new not in self.known[section]:
            return None, f'"{old}" được ánh xạ tới "{new}", tên này không có trong danh mục'
        return new, ""

    def save(self) -> bool:
        """Write the file when a name was added; answers whether it was written."""
        if not self.added:
            return False
        lines = [HEADER.rstrip("\n")]
        for section in SECTIONS:
            lines.append(f"{section}:" + ("" if self.names[section] else " {}"))
            for old, new in self.names[section].items():
                value = json.dumps(new, ensure_ascii=False) if new else ""
                lines.append(f"  {json.dumps(old, ensure_ascii=False)}: {value}".rstrip())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.added = 0
        return True
