"""`rectrack --version` and completion start fast: no pydantic, rich, ruamel or openpyxl on the way."""

from __future__ import annotations

import subprocess
import sys

from rectrack import __version__

HEAVY = ("pydantic", "rich", "ruamel", "openpyxl", "jsonschema")

PROBE = """
import sys
sys.argv = ["rectrack", "--version"]
from rectrack.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(%r))
print(code, heavy)
""" % (HEAVY,)


def test_version_prints_and_imports_nothing_heavy():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"rectrack {__version__}", "0 []"]
