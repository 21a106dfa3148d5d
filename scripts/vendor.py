"""Refresh the vendored browser libraries from the npm registry (no CDN at run time).

Usage: .venv/bin/python scripts/vendor.py [PACKAGE ...]   (default: every package of PACKAGES)

For each package, downloads the pinned version with ``npm pack``, checks the tarball against the registry's
integrity hash, copies the listed files under ``app/static/vendor/`` and records package, version, tarball
integrity and each file's SRI hash in ``app/static/vendor/manifest.json``.
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
# package: (version, {file under app/static/vendor: file in the tarball}, licence)
PACKAGES = {
    # the same version as scripts/socketio-node/package.json
    "socket.io-client": ("4.8.3", {"socket.io/socket.io.min.js": "package/dist/socket.io.min.js"}, "MIT"),
    "d3-array": ("3.2.5", {"d3/d3-array.min.js": "package/dist/d3-array.min.js"}, "ISC"),
    "d3-geo": ("3.1.2", {"d3/d3-geo.min.js": "package/dist/d3-geo.min.js"}, "ISC"),
    "topojson-client": ("3.1.0", {"d3/topojson-client.min.js": "package/dist/topojson-client.min.js"}, "ISC"),
    # Natural Earth's countries at 1:110m, as TopoJSON (ids are ISO 3166 numeric codes)
    "world-atlas": ("2.0.2", {"world/countries-110m.json": "package/countries-110m.json"}, "ISC"),
}


def sri(data: bytes, algorithm: str = "sha384") -> str:
    """A subresource-integrity value for ``data``."""
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


def vendor(package: str, manifest: dict) -> None:
    """Download ``package`` at its pinned version, check it, copy its files and record them in ``manifest``."""
    version, files, licence = PACKAGES[package]
    spec = f"{package}@{version}"
    expected = subprocess.run(
        ["npm", "view", spec, "dist.integrity"], check=True, capture_output=True, text=True
    ).stdout.strip()
    recorded = {}
    with tempfile.TemporaryDirectory() as scratch:
        name = (
            subprocess.run(["npm", "pack", spec, "--silent"], cwd=scratch, check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        tarball = Path(scratch) / name
        actual = sri(tarball.read_bytes(), "sha512")
        if actual != expected:
            sys.exit(f"integrity mismatch for {spec}: registry {expected}, downloaded {actual}")
        with tarfile.open(tarball) as archive:
            for target_name, source in files.items():
                data = archive.extractfile(source).read()
                target = VENDOR / target_name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                recorded[target_name] = {"from": source, "integrity": sri(data)}
                print(f"vendored {spec}: {target.relative_to(ROOT)} {recorded[target_name]['integrity']}")
    manifest[package] = {
        "version": version,
        "source": f"https://registry.npmjs.org/{package}/-/{package}-{version}.tgz",
        "tarball_integrity": expected,
        "files": recorded,
        "license": licence,
    }


def main(packages: list[str]) -> None:
    manifest_path = VENDOR / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for package in packages or PACKAGES:
        vendor(package, manifest)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
