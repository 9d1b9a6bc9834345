"""The hash of everything a bundle is built from, to know whether dist/dhtt/ is current.

    python installer/bundle_hash.py        prints the hash of the sources now
    python installer/bundle_hash.py --built prints the one dist/dhtt/ was built from
    python installer/bundle_hash.py --check exit 0 if dist/dhtt/ is current, else 1 and why
    python installer/bundle_hash.py --stamp record that dist/dhtt/ was just built from these

Covers the program's files (app, resources, installer, the guide), pyproject.toml, the
Python version and the installed packages; compiled catalogs and caches are left out.
"""

from __future__ import annotations

import hashlib
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ROOT / "dist" / "dhtt" / ".source-hash"
PARTS = ("app", "resources", "installer", "docs/huong-dan", "docs/screenshots")
SKIP_SUFFIXES = (".pyc", ".mo", ".tmp", ".cache")
# Files of installer/ that are not in the bundle and do not change what goes into it.
NOT_BUNDLED = {"build-linux.sh", "dhtt.iss", "bundle_hash.py"}


def source_files() -> list[Path]:
    files: list[Path] = [ROOT / "pyproject.toml"]
    for part in PARTS:
        files += [p for p in (ROOT / part).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts
                  and not p.name.endswith(SKIP_SUFFIXES) and p.name not in NOT_BUNDLED]
    return sorted(files)


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(sys.version.encode())
    # The packages installed in the environment (not egg-info folders on the path).
    site = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    packages = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions(path=site)})
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


def built_hash() -> str | None:
    try:
        return STAMP.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def bundle_problem() -> str | None:
    """Why dist/dhtt/ cannot be smoke-tested as the program of these sources, or ``None``."""
    program = "dhtt.exe" if sys.platform == "win32" else "dhtt"
    if not (ROOT / "dist" / "dhtt" / program).exists():
        return "dist/dhtt/ is not built (bash installer/build-linux.sh builds it)"
    if built_hash() != source_hash():
        return ("dist/dhtt/ was built from other sources than these "
                "(bash installer/build-linux.sh rebuilds it)")
    return None


if __name__ == "__main__":
    if "--stamp" in sys.argv:
        STAMP.write_text(source_hash() + "\n", encoding="utf-8")
    elif "--check" in sys.argv:
        problem = bundle_problem()
        print(problem or "dist/dhtt/ is current")
        sys.exit(1 if problem else 0)
    else:
        print(built_hash() or "" if "--built" in sys.argv else source_hash())
