"""The developers' tasks: every test, the benchmarks, the lock file upgraded."""

import glob
import os
import shlex
import shutil
import sys

from invoke import Exit, task

from . import project
from .environment import beyond_the_lock, installed_names


@task(help={"quick": "small corpora, one run each: for development (writes var/benchmarks-quick.md)",
            "sizes": "corpus sizes, comma-separated (default 1000,2000,10000; quick: 200,1000; "
                     "accelerators: 2000,10000)",
            "runs": "runs per build figure (default 3; quick: 1; accelerators: 2)",
            "accelerators": "what each accelerator gains: builds and search with each one off "
                            "(writes its table in docs/benchmarks.md)"})
def bench(c, quick=False, sizes="", runs=0, accelerators=False):
    """Measure builds against plain Pelican, search and the endpoint; write docs/benchmarks.md."""
    from bench import report
    from bench.run import run

    root = project.ROOT
    if accelerators:
        from bench import accelerators as gains

        chosen = [int(s) for s in sizes.split(",") if s] or [2000, 10000]
        results = gains.measure(root / "var" / "bench" / "accelerators", chosen, int(runs) or 2)
        print(gains.write(results, root / "docs" / "benchmarks.md").relative_to(root))
        return
    _ensure_system_packages(c, {"wrk": SYSTEM_PACKAGES["wrk"]})
    chosen = [int(s) for s in sizes.split(",") if s] or ([200, 1000] if quick else [1000, 2000, 10000])
    results = run(root / "var" / "bench", chosen, int(runs) or (1 if quick else 3), 5 if quick else 10, quick,
                  endpoint_rounds=1 if quick else 3)
    target = root / ("var/benchmarks-quick.md" if quick else "docs/benchmarks.md")
    print(report.write(results, target).relative_to(root))
    for name, measured, met in report.targets(results.figures, chosen, results.corpora):
        print(f"{'đạt ' if met else 'CHƯA'}  {name}: {measured}")


SYSTEM_PACKAGES = {
    # Debian package: how to tell it is there
    "postgresql": lambda: bool(glob.glob("/usr/lib/postgresql/*/bin/initdb")),
    "chromium": lambda: bool(shutil.which("chromium")),
    "nginx": lambda: bool(shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")),
    "wrk": lambda: bool(shutil.which("wrk")),
}


def _ensure_system_packages(c, packages: dict | None = None) -> None:
    """The tests use real PostgreSQL, Chromium, nginx and wrk: install them from Debian if missing."""
    missing = [name for name, present in (packages or SYSTEM_PACKAGES).items() if not present()]
    if not missing:
        return
    command = f"apt-get install -y -q --no-install-recommends {' '.join(missing)}"
    if os.geteuid() != 0:
        raise Exit(f"Tests need Debian packages {', '.join(missing)}: sudo apt-get update && sudo {command}", code=1)
    print(f"Installing {', '.join(missing)} for the tests...")
    c.run("apt-get update -q", hide="out")
    c.run(f"DEBIAN_FRONTEND=noninteractive {command}", hide="out")


LOCK = "requirements.lock"
LOCK_TOOL = "pip-tools==7.7.0"  # pip-compile, in a venv of its own under cache/ so .venv stays exactly the lock


@task
def upgrade(c):
    """Re-resolve requirements.lock to the newest releases pyproject.toml allows, with hashes, and install it."""
    tool = project.ROOT / "cache" / "lock-tool"
    if not (tool / "bin" / "pip-compile").exists():
        c.run(shlex.join([sys.executable, "-m", "venv", "--clear", str(tool)]))
        c.run(shlex.join([str(tool / "bin" / "pip"), "install", "--quiet", LOCK_TOOL]))
    compile_lock = [str(tool / "bin" / "pip-compile"), "--quiet", "--upgrade", "--generate-hashes", "--allow-unsafe",
                    "--extra", "test", "--build-deps-for", "editable", "--strip-extras", "--no-emit-index-url", "--no-emit-find-links",
                    "--output-file", LOCK, "pyproject.toml"]
    with c.cd(str(project.ROOT)):
        c.run(shlex.join(compile_lock), env={"CUSTOM_COMPILE_COMMAND": "./dev upgrade"})
    c.run(shlex.join([sys.executable, "-m", "pip", "install", "--quiet", "--require-hashes", "-r",
                      str(project.ROOT / LOCK)]))
    beyond = beyond_the_lock((project.ROOT / LOCK).read_text(encoding="utf-8"), installed_names())
    if beyond:
        c.run(shlex.join([sys.executable, "-m", "pip", "uninstall", "--quiet", "--yes", *beyond]))
    print(f"Đã cập nhật {LOCK}. Chạy ./dev test trước khi commit.")


FAST_TESTS = "not (browser or postgres or nginx or bench or slow)"  # markers in pyproject.toml


@task(help={"k": "only tests matching this expression", "x": "stop at the first failure",
            "fast": "leave out the tests that need Chromium, PostgreSQL, nginx or the benchmark, and the slow ones"})
def test(c, k="", x=False, fast=False):
    """Run every test (installs PostgreSQL, Chromium, nginx and wrk from Debian first if missing)."""
    args = [sys.executable, "-m", "pytest"]
    if fast:
        args += ["-m", FAST_TESTS]
    else:
        _ensure_system_packages(c)
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    c.run(shlex.join(args), pty=False)
