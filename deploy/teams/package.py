#!/usr/bin/env python3
"""Writes the Teams app package: a zip of manifest.json (with your bot's app ID) and the icons.

    TEAMS_APP_ID=<your bot's Microsoft App ID> python3 deploy/teams/package.py [--out tandem-teams.zip]

The app ID is the one Azure gave the bot (the same TEAMS_APP_ID that `tandem serve` reads); it
becomes both the app's ID and the bot's ID in the manifest. Standard library only.
"""

import argparse
import json
import os
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def manifest_for(app_id, version=None):
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    manifest["id"] = app_id
    for bot in manifest["bots"]:
        bot["botId"] = app_id
    if version:
        manifest["version"] = version
    return manifest


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-id", default=os.environ.get("TEAMS_APP_ID", ""),
                        help="the bot's Microsoft App ID (default: $TEAMS_APP_ID)")
    parser.add_argument("--version", help="the app version to write (default: the manifest's)")
    parser.add_argument("--out", default="tandem-teams.zip", help="the zip to write")
    args = parser.parse_args(argv)
    app_id = args.app_id.strip()
    if not GUID.match(app_id):
        print(f"error: the app ID must be a GUID (set TEAMS_APP_ID or pass --app-id), got {app_id!r}",
              file=sys.stderr)
        return 2
    manifest = json.dumps(manifest_for(app_id, args.version), indent=2, ensure_ascii=False)
    with zipfile.ZipFile(args.out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", manifest + "\n")
        package.write(HERE / "color.png", "color.png")
        package.write(HERE / "outline.png", "outline.png")
    print(f"wrote {args.out}: upload it in Teams (Apps > Manage your apps > Upload an app)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
