#!/usr/bin/env python3
"""Writes, for each of the pages' four example panels (mock/tests/fixtures/panels), the
panel helper's options (panelKey, instance, definition) and the example state as JSON files
in the directory given (build/panels by default), and the same as a Lua chunk returning a
table: what the C and Lua panel tests open and publish."""
import json
import pathlib
import sys


def lua(value):
    """`value` (from JSON) as a Lua table constructor."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{json.dumps(k, ensure_ascii=False)}] = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nil"
    return json.dumps(value, ensure_ascii=False)


out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/panels")
out.mkdir(parents=True, exist_ok=True)
for name in ["fire-alarm", "door-locks", "tow-impound", "fleet-management"]:
    example = json.loads(pathlib.Path(f"mock/tests/fixtures/panels/{name}.json").read_text())
    definition = example["definition"]
    options = {"panelKey": definition["key"], "instance": example["instanceKey"], "definition": definition}
    (out / f"{name}.options.json").write_text(json.dumps(options, separators=(",", ":")))
    (out / f"{name}.state.json").write_text(json.dumps(example["state"], separators=(",", ":")))
    (out / f"{name}.lua").write_text("return " + lua({**options, "state": example["state"]}) + "\n")
