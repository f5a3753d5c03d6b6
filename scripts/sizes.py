"""List the apps' modules over 400 lines and functions over 60 lines (issue 21).

Reads the source with ``ast`` only (nothing is imported, so no Django settings are needed):

    .venv/bin/python scripts/sizes.py              # every app
    .venv/bin/python scripts/sizes.py reports      # one app or more
    .venv/bin/python scripts/sizes.py --modules 450 --functions 80   # the hard limits

A function's length runs from its ``def`` line to its last line, docstring and nested
functions included; a method is named ``Class.method``, a nested function ``outer.inner``.
Migrations are left out (generated). The exit status is 1 when anything is listed, so that a
check can use it.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "accounts",
    "backups",
    "config",
    "demo",
    "education",
    "experiments",
    "foods",
    "journal",
    "portability",
    "reminders",
    "reports",
)
MODULE_LINES = 400
FUNCTION_LINES = 60


@dataclass(frozen=True)
class Function:
    path: Path
    name: str
    line: int
    lines: int


def modules(apps: tuple[str, ...]) -> Iterator[Path]:
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def functions(path: Path) -> Iterator[Function]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def walk(node: ast.AST, prefix: str) -> Iterator[Function]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                end = child.end_lineno or child.lineno
                yield Function(path, name, child.lineno, end - child.lineno + 1)
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("apps", nargs="*", default=list(APPS))
    parser.add_argument("--modules", type=int, default=MODULE_LINES, metavar="LINES")
    parser.add_argument("--functions", type=int, default=FUNCTION_LINES, metavar="LINES")
    args = parser.parse_args(argv)
    paths = list(modules(tuple(args.apps)))
    long_modules = [(line_count(p), p) for p in paths if line_count(p) > args.modules]
    long_functions = [f for p in paths for f in functions(p) if f.lines > args.functions]

    print(f"Modules over {args.modules} lines: {len(long_modules)}")
    for lines, path in sorted(long_modules, key=lambda item: (-item[0], str(item[1]))):
        print(f"  {lines:5d}  {path.relative_to(ROOT)}")
    print(f"Functions over {args.functions} lines: {len(long_functions)}")
    for function in sorted(long_functions, key=lambda f: (-f.lines, str(f.path), f.line)):
        where = f"{function.path.relative_to(ROOT)}:{function.line}"
        print(f"  {function.lines:5d}  {where}  {function.name}")
    return 1 if long_modules or long_functions else 0


if __name__ == "__main__":
    sys.exit(main())
