"""The audit log: one JSON line per action, with the account, the time and the address."""

import json
import threading
from pathlib import Path

from toandan.vietnamese import dates


FIELD_LIMIT = 300  # characters of one value; a name or target typed or forged longer is cut, marked '…'


def _bounded(value: str) -> str:
    return value if len(value) <= FIELD_LIMIT else value[: FIELD_LIMIT - 1] + "…"


class AuditLog:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def record(self, account: str, action: str, target: str = "", address: str = "", detail: str = "") -> None:
        entry = {"time": dates.now().isoformat(timespec="seconds"), "account": _bounded(account), "action": action,
                 "target": _bounded(target), "address": _bounded(address)}
        if detail:
            entry["detail"] = _bounded(detail)
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write(line)

    def entries(self) -> list[dict]:
        """Every entry, oldest first; a line that is not one (cut short, edited by hand) is kept as its text."""
        if not self.path.exists():
            return []
        return [_entry(line) for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines()
                if line.strip()]


def _entry(line: str) -> dict:
    try:
        entry = json.loads(line)
    except ValueError:
        entry = None
    if not isinstance(entry, dict):
        return {"action": "dong-hong", "detail": _bounded(line)}
    return {name: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            for name, value in entry.items()}
