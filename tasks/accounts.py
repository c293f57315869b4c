"""The desk's accounts, managed at a terminal: desk-user."""

import sys

from invoke import Exit, task


@task(help={"action": "add, passwd, enable or disable", "name": "the account's name (a-z, 0-9, - and _)",
            "role": "bien-tap (biên tập viên) or duyet-bai (duyệt bài); for add, or to change it with passwd"})
def desk_user(c, action, name, role=""):
    """Manage the desk's accounts: add NAME --role bien-tap|duyet-bai, passwd NAME, disable NAME, enable NAME."""
    from desk.accounts import AccountError, Accounts
    from desk.config import DeskConfig

    accounts = Accounts(DeskConfig.from_env().users)
    try:
        if action == "add":
            if not role:
                raise AccountError("cần --role bien-tap hoặc --role duyet-bai")
            account = accounts.add(name, role, _new_password())
        elif action == "passwd":
            account = accounts.change(name, password=_new_password(), role=role or None)
        elif action in ("disable", "enable"):
            account = accounts.change(name, disabled=action == "disable")
        else:
            raise AccountError("thao tác là add, passwd, disable hoặc enable")
    except AccountError as error:
        raise Exit(f"Không thực hiện được: {error}", code=1) from None
    state = "đã khóa" if account.disabled else account.role_label
    print(f"Tài khoản {account.name}: {state} ({accounts.path})")


def _new_password() -> str:
    """Asked twice at a terminal; one line of standard input otherwise (for scripts)."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại: ") != password:
        raise Exit("Hai lần nhập không khớp; chưa đổi gì.", code=1)
    return password
