"""The release a running process belongs to, for cache keys (mila/cache/scope.py).

`RELEASE` in the environment wins (a deploy sets it to its commit or image tag). Otherwise the
release is a digest of the code itself (Python modules, templates, translations, static files)
and of the Django and Wagtail versions, so that any change to what renders a page is a new
release, on a developer's machine as on a server deployed without the variable.
"""

import hashlib
import os
from pathlib import Path

# Not part of what renders a page: tests, docs, benchmarks, local data, caches, the virtualenv.
SKIPPED_DIRECTORIES = {"tests", "docs", "scripts", "var", "media", "node_modules", "__pycache__"}
SUFFIXES = {".py", ".html", ".txt", ".xml", ".po", ".css", ".js", ".svg", ".json", ".toml"}


def code_digest(base_dir):
    import django
    import wagtail

    digest = hashlib.sha256(f"django {django.__version__} wagtail {wagtail.__version__}".encode())
    base_dir = Path(base_dir)
    for root, directories, files in os.walk(base_dir):
        directories[:] = sorted(
            name
            for name in directories
            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            path = Path(root, name)
            if path.suffix in SUFFIXES:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release(base_dir):
    return os.environ.get("RELEASE", "").strip() or code_digest(base_dir)
