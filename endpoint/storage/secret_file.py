"""The key of rater hashes, kept in a file only the service can read, never in the database.

Whoever holds a copy of the database without this file cannot tell which address a rater key
stands for. Every instance sharing one database must be given the same file.
"""

import os
import stat
from pathlib import Path


class SecretFileError(Exception):
    """The secret file cannot be used as it is; the message says what to do."""


def read_secret(path: Path) -> bytes:
    """The secret in path, created (random, mode 0600) if there is none yet."""
    if not path.exists():
        store_secret(path, os.urandom(32).hex())
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretFileError(f"Tệp khóa bí mật {path} đọc được bởi người khác (quyền {stat.filemode(mode)}); "
                              f"hãy chạy: chmod 600 {path}")
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise SecretFileError(f"Tệp khóa bí mật {path} quá ngắn: cần ít nhất 32 ký tự ngẫu nhiên.")
    return secret.encode("ascii")


def store_secret(path: Path, secret: str) -> None:
    """Write secret to path unless it is there already; a different secret there is an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secret + "\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(draft, path)  # atomic, and never over a file another instance wrote first
        except FileExistsError:
            if path.read_text(encoding="ascii").strip() != secret:
                raise SecretFileError(
                    f"Cơ sở dữ liệu còn giữ khóa chấm sao cũ, khác với khóa trong {path}. Hãy xóa {path} "
                    "(nếu chưa dùng) rồi khởi động lại, để khóa cũ được chuyển ra tệp này.") from None
    finally:
        draft.unlink(missing_ok=True)
