"""Desk accounts in a TOML file outside content/, passwords hashed with scrypt (memory-hard)."""

import base64
import hashlib
import hmac
import os
import re
import secrets
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

EDITOR, APPROVER = "bien-tap", "duyet-bai"
ROLES = {EDITOR: "Biên tập viên", APPROVER: "Duyệt bài"}
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
NAME_LIMIT = 100  # characters of a name typed at sign-in kept: longer than any NAME
# scrypt's cost: 2**15 blocks of 128 * r bytes, 32 MiB a hash; maxmem must allow it.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 10


class AccountError(ValueError):
    """An account that cannot be added or changed, in words for the person at the terminal."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password: str  # scrypt$n$r$p$salt$hash, base64 parts
    disabled: bool = False

    @property
    def approver(self) -> bool:
        return self.role == APPROVER

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def hash_password(password: str, cost: dict = SCRYPT) -> str:
    """The cost is stored with the hash: a later change of SCRYPT applies to passwords set after it."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=MAXMEM, dklen=32, **cost)
    parts = [str(cost["n"]), str(cost["r"]), str(cost["p"]),
             base64.b64encode(salt).decode(), base64.b64encode(digest).decode()]
    return "scrypt$" + "$".join(parts)


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        computed = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                  p=int(p), maxmem=MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, expected)


# Checked against when the account does not exist, so that a wrong name takes as long as a wrong password.
_DECOY = hash_password(secrets.token_hex(16))


class Accounts:
    """The accounts file: read on every use (the terminal may change it while the desk runs)."""

    def __init__(self, path: Path, cost: dict = SCRYPT):
        self.path = path
        self.cost = cost

    def all(self) -> dict[str, Account]:
        if not self.path.exists():
            return {}
        with self.path.open("rb") as file:
            data = tomllib.load(file)
        return {name: Account(name, entry.get("role", ""), entry.get("password", ""), bool(entry.get("disabled")))
                for name, entry in data.get("accounts", {}).items()}

    def get(self, name: str) -> Account | None:
        account = self.all().get(name)
        return account if account and not account.disabled and account.role in ROLES else None

    def authenticate(self, name: str, password: str) -> Account | None:
        account = self.get(name)
        valid = verify_password(password, account.password if account else _DECOY)
        return account if account and valid else None

    def add(self, name: str, role: str, password: str) -> Account:
        accounts = self.all()
        if not NAME.fullmatch(name):
            raise AccountError("tên tài khoản chỉ gồm chữ thường không dấu, số, '-' và '_' (tối đa 64 ký tự)")
        if name in accounts:
            raise AccountError(f"đã có tài khoản '{name}'; đổi mật khẩu bằng: ./dev desk-user passwd {name}")
        accounts[name] = Account(name, _role(role), hash_password(_strong(password), self.cost))
        self._write(accounts)
        return accounts[name]

    def change(self, name: str, password: str | None = None, role: str | None = None,
               disabled: bool | None = None) -> Account:
        accounts = self.all()
        if name not in accounts:
            raise AccountError(f"không có tài khoản '{name}'")
        account = accounts[name]
        if password is not None:
            account = replace(account, password=hash_password(_strong(password), self.cost))
        if role:
            account = replace(account, role=_role(role))
        if disabled is not None:
            account = replace(account, disabled=disabled)
        accounts[name] = account
        self._write(accounts)
        return account

    def _write(self, accounts: dict[str, Account]) -> None:
        lines = ["# Tài khoản bàn biên tập: ./dev desk-user add|passwd|disable TÊN --role bien-tap|duyet-bai", ""]
        for account in accounts.values():
            # Names are [a-z0-9_-] and the other values base64 or fixed words: no TOML escaping is needed.
            lines += [f'[accounts."{account.name}"]', f'role = "{account.role}"',
                      f'password = "{account.password}"', f"disabled = {'true' if account.disabled else 'false'}", ""]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write("\n".join(lines))
        os.replace(temporary, self.path)


def _role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"vai trò phải là một trong: {', '.join(ROLES)}")
    return role


def _strong(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")
    return password
