"""reports/ stays in small modules (issue 21): no module over 450 lines and no function over
80, as scripts/sizes.py counts them (the aim is 400 and 60; the script lists those too)."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def load_sizes():
    spec = importlib.util.spec_from_file_location("scripts_sizes", ROOT / "scripts" / "sizes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["scripts_sizes"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_no_module_of_reports_over_450_lines_and_no_function_over_80(capsys):
    status = load_sizes().main(["reports", "--modules", "450", "--functions", "80"])
    assert status == 0, capsys.readouterr().out


def test_the_script_finds_a_long_function_and_names_it(tmp_path):
    sizes = load_sizes()
    path = tmp_path / "long.py"
    body = "".join(f"        x{i} = {i}\n" for i in range(70))
    path.write_text(
        f"class Box:\n    def short(self):\n        return 1\n\n    def long(self):\n{body}"
    )
    found = {f.name: f.lines for f in sizes.functions(path)}
    assert found == {"Box.short": 2, "Box.long": 71}
