#!/usr/bin/env python3
"""Summarises a callgrind profile of bench/profile.lua per call: totals, then where they go.

Usage: profile_summary.py CALLGRIND_FILE CALLS
Prints the instructions (Ir) and first-level cache misses (I1mr: code, D1mr + D1mw: data)
per call, then the heaviest functions, inclusive (what a subtree costs) for the library's
own code and the crates it calls, and exclusive (where instructions are spent) for all."""
import re
import subprocess
import sys

path, calls = sys.argv[1], int(sys.argv[2])


def table(inclusive):
    out = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", path],
                         capture_output=True, text=True, check=True).stdout
    events, rows, totals = None, [], None
    for line in out.splitlines():
        if line.startswith("Events shown:"):
            events = line.split(":", 1)[1].split()
            continue
        if events is None or not re.match(r"^\s*[\d,]+\s", line):
            continue
        # Each event is "N (P%)" or "." or "N"; the function name follows.
        parts = re.findall(r"([\d,]+)(?: \(\s*[\d.]+%\))?|(\.)", line)
        values = [int(n.replace(",", "")) if n else 0 for n, _ in parts[:len(events)]]
        name = re.sub(r"^(\s*([\d,]+( \(\s*[\d.]+%\))?|\.)\s+){" + str(len(events)) + "}", "", line).strip()
        row = dict(zip(events, values))
        if name == "PROGRAM TOTALS":
            totals = row
        else:
            rows.append((name, row))
    return totals, rows


def short(name):
    name = re.sub(r" \[.*\]$", "", name)
    return re.sub(r"^.*?:", "", name, count=1) if ":" in name.split("::")[0] else name


def misses(row, kind):
    return row.get("I1mr", 0) if kind == "code" else row.get("D1mr", 0) + row.get("D1mw", 0)


totals, exclusive = table(False)
print(f"per call: {totals['Ir'] / calls:,.0f} instructions, {misses(totals, 'code') / calls:,.0f} code-cache misses "
      f"(I1), {misses(totals, 'data') / calls:,.0f} data-cache misses (D1)")
_, inclusive = table(True)
ours = re.compile(r"sonoran|mlua|tokio|serde_json|indexmap|hashbrown|reqwest|hyper")
seen = set()
print("  heaviest subtrees of the library and its crates (inclusive, per call: Ir, I1 misses, D1 misses):")
shown = 0
for name, row in inclusive:
    n = short(name)
    if not ours.search(n) or n in seen or row["Ir"] >= totals["Ir"] * 0.999:
        continue
    seen.add(n)
    print(f"    {row['Ir'] / calls:8,.0f} {misses(row, 'code') / calls:6,.0f} {misses(row, 'data') / calls:6,.0f}  {n[:110]}")
    shown += 1
    if shown == 16:
        break
print("  where the instructions are spent (exclusive, per call: Ir, I1 misses, D1 misses):")
for name, row in exclusive[:10]:
    print(f"    {row['Ir'] / calls:8,.0f} {misses(row, 'code') / calls:6,.0f} {misses(row, 'data') / calls:6,.0f}  {short(name)[:110]}")
