"""Sessions: a random id in a signed HttpOnly SameSite=Strict cookie, held in memory with its CSRF token.

Held in memory on purpose: logging out or a restart ends a session for good, and the desk runs
as one process.
"""

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

COOKIE = "desk_session"
LOGIN_COOKIE = "desk_login"  # the login form's CSRF token, before there is a session
TRACKED = 100_000  # names and addresses whose wrong passwords are counted at one time


@dataclass
class Session:
    account: str
    csrf: str
    seen: float


def load_secret(path: Path) -> bytes:
    """The signing key, made (readable by the owner only) on first start."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def same_token(expected: str, given: str) -> bool:
    """Whether given is expected, compared in constant time; any text may be posted or sent as a
    cookie, and hmac.compare_digest refuses str with letters outside ASCII (a TypeError, a 500)."""
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8", "surrogatepass"))


class Signer:
    def __init__(self, key: bytes):
        self.key = key

    def sign(self, value: str) -> str:
        mac = hmac.new(self.key, value.encode(), hashlib.sha256).digest()
        return f"{value}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"

    def unsign(self, signed: str | None) -> str | None:
        if not signed or "." not in signed:
            return None
        value, _, _ = signed.rpartition(".")
        return value if same_token(self.sign(value), signed) else None


class Sessions:
    def __init__(self, idle_seconds: float, clock=time.monotonic):
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, account: str) -> str:
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._forget_idle()
            self._sessions[session_id] = Session(account, secrets.token_urlsafe(32), self.clock())
        return session_id

    def get(self, session_id: str | None) -> Session | None:
        """The live session, its idle clock restarted; None when unknown or idle too long."""
        if session_id is None:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            now = self.clock()
            if now - session.seen > self.idle_seconds:
                del self._sessions[session_id]
                return None
            session.seen = now
            return session

    def end(self, session_id: str | None) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def _forget_idle(self) -> None:
        now = self.clock()
        for session_id in [i for i, s in self._sessions.items() if now - s.seen > self.idle_seconds]:
            del self._sessions[session_id]


class LoginLimiter:
    """Wrong passwords in a row, per account and per address; at the limit, locked for a while.

    A right password resets the account's count (and the address's), unless it is locked already.
    """

    def __init__(self, lock_seconds: float, per_account: int = 10, per_address: int = 30, clock=time.monotonic):
        self.lock_seconds = lock_seconds
        self.clock = clock
        self.limits = {"account": per_account, "address": per_address}
        self._failures: dict[tuple[str, str], int] = {}
        self._locked_until: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def locked(self, account: str, address: str) -> float:
        """Seconds left of a lock on this account or address; 0 when neither is locked."""
        now = self.clock()
        with self._lock:
            ends = [self._locked_until.get(key, 0) for key in (("account", account), ("address", address))]
        return max(0.0, max(ends) - now)

    def failed(self, account: str, address: str) -> bool:
        """Counts a wrong password; True when this one locked the account or the address."""
        locked = False
        with self._lock:
            self._bound()
            for key in (("account", account), ("address", address)):
                count = self._failures.get(key, 0) + 1
                if count >= self.limits[key[0]]:
                    self._locked_until[key] = self.clock() + self.lock_seconds
                    count = 0
                    locked = True
                self._failures[key] = count
        return locked

    @property
    def counted(self) -> int:
        """How many accounts and addresses have wrong passwords counted now: never more than TRACKED."""
        with self._lock:
            return len(self._failures)

    def _bound(self) -> None:
        """Names and addresses tried are remembered up to TRACKED: ended locks go first, then the
        counts kept longest (a flood of made-up names cannot grow the memory without end)."""
        now = self.clock()
        self._locked_until = {key: end for key, end in self._locked_until.items() if end > now}
        while len(self._failures) > TRACKED - 2:  # room for the account and the address counted next
            del self._failures[next(iter(self._failures))]

    def succeeded(self, account: str, address: str) -> None:
        with self._lock:
            self._failures.pop(("account", account), None)
            self._failures.pop(("address", address), None)
