#!/usr/bin/env python3
"""Writes, for each of the pages' four example panels (mock/tests/fixtures/panels), the
panel helper's options (panelKey, instance, definition) and the example state as JSON files
in the directory given (build/panels by default): what the C panel test opens and publishes."""
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/panels")
out.mkdir(parents=True, exist_ok=True)
for name in ["fire-alarm", "door-locks", "tow-impound", "fleet-management"]:
    example = json.loads(pathlib.Path(f"mock/tests/fixtures/panels/{name}.json").read_text())
    definition = example["definition"]
    options = {"panelKey": definition["key"], "instance": example["instanceKey"], "definition": definition}
    (out / f"{name}.options.json").write_text(json.dumps(options, separators=(",", ":")))
    (out / f"{name}.state.json").write_text(json.dumps(example["state"], separators=(",", ":")))
