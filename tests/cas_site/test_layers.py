"""The layer order (README, "Layout"; contracts in pyproject.toml) holds, checked by import-linter.

``make lint`` and CI run ``lint-imports`` too; running it here makes ``make test`` catch a
model that imports a view as well. No database: import-linter reads the source only.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args, cwd=ROOT, cache=None):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--cache-dir", str(cache), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_project_keeps_its_layer_order(tmp_path):
    result = lint_imports(cache=tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def _app(root, name, modules):
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for module, imports in modules.items():
        (package / f"{module}.py").write_text("".join(f"from {name} import {i}  # noqa\n" for i in imports))


def test_the_layer_order_refuses_imports_upwards(tmp_path):
    """The project's own layers contract, applied to a small app whose models import its views
    and forms and whose services import its views, reports each of those imports (and no other;
    models reach services only through forms here, which the forms import reports)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")["layers"]
    _app(
        tmp_path,
        "demoapp",
        {
            "choices": [],
            "models": ["choices", "views", "forms"],
            "services": ["models", "views"],
            "forms": ["services", "models"],
            "views": ["forms", "services", "models"],
            "urls": ["views"],
        },
    )
    contract = "\n".join(
        [
            "[tool.importlinter]",
            'root_packages = ["demoapp"]',
            "[[tool.importlinter.contracts]]",
            'id = "layers"',
            'name = "layers"',
            'type = "layers"',
            'containers = ["demoapp"]',
            f"layers = {layers!r}",
        ]
    )
    (tmp_path / "pyproject.toml").write_text(contract)

    result = lint_imports(cwd=tmp_path, cache=tmp_path / "cache")

    assert result.returncode == 1, result.stdout + result.stderr
    broken = sorted(line for line in result.stdout.splitlines() if " is not allowed to import " in line)
    assert broken == [
        "demoapp.models is not allowed to import demoapp.forms:",
        "demoapp.models is not allowed to import demoapp.views:",
        "demoapp.services is not allowed to import demoapp.views:",
    ]
