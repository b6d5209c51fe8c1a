#!/usr/bin/env python3
"""Copies each built operation's "Sonoran.lua" example from its reference page into
tests/lua/page_examples/<operation>.lua, adding only `apiUrl` to createClient, so that the
test command can run every page's example unchanged against the mock.

Usage: scripts/lua-page-examples.py [--check] [API_DIR]
  API_DIR   the API reference (default: ../shared/api beside the repository)
  --check   write nothing; exit 1 when a committed copy differs from its page
An operation is "built" when include/sonoran.h has its sonoran_<operation> function.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "lua", "page_examples")


# Built operations whose page example cannot run yet, and why. Each is a known gap, printed
# on every run; remove the entry when the gap is closed.
NOT_YET = {
    # Its example has a `//` comment inside a Lua table: a syntax error in every Lua.
    "set_servers_v2": "the page's Sonoran.lua example is not valid Lua (a `//` comment inside its table)",
}


def operations(api_dir):
    """(operation, page) for every row of OPERATIONS.md that the library has built."""
    header = open(os.path.join(ROOT, "include", "sonoran.h")).read()
    rows = re.findall(r"^\| `([a-z0-9_]+)` \|.*\| `(v2/[^`]+\.md)` \|$", open(os.path.join(api_dir, "OPERATIONS.md")).read(), re.M)
    return [(op, page) for op, page in rows if f"sonoran_{op}(" in header]


def example(api_dir, page):
    """The page's Sonoran.lua example with `apiUrl` added, or None when it has none."""
    text = open(os.path.join(api_dir, page)).read()
    tab = re.search(r'\{% tab title="Sonoran\.lua" %\}\s*```lua\n(.*?)```', text, re.S)
    if not tab:
        return None
    code = tab.group(1)
    code, n = re.subn(r"(Sonoran\.createClient\(\{\n)", r'\1  apiUrl = os.getenv("SONORAN_API_URL"),\n', code, count=1)
    if n != 1:
        sys.exit(f"{page}: no `Sonoran.createClient({{` in its Sonoran.lua example")
    return f"-- The Sonoran.lua example of {page}, unchanged but for apiUrl.\n-- Copied by scripts/lua-page-examples.py: do not edit.\n{code}"


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    api_dir = args[0] if args else os.path.join(ROOT, "..", "shared", "api")
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for op, page in operations(api_dir):
        if op in NOT_YET:
            print(f"not run: {op}: {NOT_YET[op]}", file=sys.stderr)
            path = os.path.join(OUT, f"{op}.lua")
            if os.path.exists(path):
                stale.append(path)
                if not check:
                    os.remove(path)
            continue
        code = example(api_dir, page)
        if code is None:
            continue
        path = os.path.join(OUT, f"{op}.lua")
        current = open(path).read() if os.path.exists(path) else None
        if current != code:
            stale.append(path)
            if not check:
                open(path, "w").write(code)
    if check and stale:
        sys.exit("out of date (run scripts/lua-page-examples.py): " + ", ".join(stale))
    print(f"{len(operations(api_dir))} operations, {len(stale)} {'stale' if check else 'written'}")


main()
