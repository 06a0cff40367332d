#!/usr/bin/env python3
"""Validates a Teams app manifest against the published JSON schema it names.

    python3 deploy/teams/validate_manifest.py [manifest.json | package.zip]

The schema is the one the npm package @microsoft/app-manifest ships (see schema/SOURCE.md),
read from schema/; validation uses the `jsonschema` package from PyPI (.ci/run installs it).
Exits 0 when valid, 1 with every error listed when not, 3 when jsonschema is missing.
"""

import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path):
    path = Path(path)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            manifest = json.loads(package.read("manifest.json"))
            for icon in manifest.get("icons", {}).values():
                if icon not in names:
                    raise SystemExit(f"{path}: icon {icon} is not in the package")
            return manifest
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv):
    try:
        import jsonschema
    except ImportError:
        print("jsonschema is not installed: python3 -m pip install 'jsonschema==4.26.0'", file=sys.stderr)
        return 3
    target = argv[0] if argv else HERE / "manifest.json"
    manifest = load(target)
    version = re.fullmatch(r"\d+\.\d+", str(manifest.get("manifestVersion", "")))
    if not version:
        print(f"{target}: no manifestVersion", file=sys.stderr)
        return 1
    schema_path = HERE / "schema" / f"MicrosoftTeams.v{version.group(0)}.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.path))
    for error in errors:
        where = "/".join(str(p) for p in error.path) or "(top)"
        print(f"{target}: {where}: {error.message}", file=sys.stderr)
    if errors:
        return 1
    print(f"{target}: valid against {schema_path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
