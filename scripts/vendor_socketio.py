"""Refresh the vendored browser client of Socket.IO from the npm registry (no CDN at run time).

Usage: .venv/bin/python scripts/vendor_socketio.py [VERSION]

Downloads ``socket.io-client@VERSION`` with ``npm pack``, checks the tarball against the registry's
integrity hash, copies ``dist/socket.io.min.js`` to ``app/static/vendor/socket.io/`` and records package,
version, tarball integrity and the file's SRI hash in ``app/static/vendor/manifest.json``.
"""

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "app" / "static" / "vendor"
DEFAULT_VERSION = "4.8.3"  # the same as scripts/socketio-node/package.json


def sri(data: bytes, algorithm: str = "sha384") -> str:
    """A subresource-integrity value for ``data``."""
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


def main(version: str) -> None:
    package = f"socket.io-client@{version}"
    expected = subprocess.run(
        ["npm", "view", package, "dist.integrity"], check=True, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as scratch:
        name = (
            subprocess.run(
                ["npm", "pack", package, "--silent"], cwd=scratch, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        tarball = Path(scratch) / name
        actual = sri(tarball.read_bytes(), "sha512")
        if actual != expected:
            sys.exit(f"integrity mismatch for {package}: registry {expected}, downloaded {actual}")
        with tarfile.open(tarball) as archive:
            script = archive.extractfile("package/dist/socket.io.min.js").read()
    target = VENDOR / "socket.io" / "socket.io.min.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(script)
    manifest_path = VENDOR / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest["socket.io-client"] = {
        "version": version,
        "source": f"https://registry.npmjs.org/socket.io-client/-/socket.io-client-{version}.tgz",
        "tarball_integrity": expected,
        "files": {"socket.io/socket.io.min.js": {"from": "package/dist/socket.io.min.js", "integrity": sri(script)}},
        "license": "MIT",
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"vendored {package}: {target.relative_to(ROOT)} {sri(script)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_VERSION)
