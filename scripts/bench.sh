#!/usr/bin/env bash
# The benchmark (see BENCHMARKS.md): builds what it needs, starts the mock on loopback,
# measures, prints the table and writes BENCHMARKS.md. --quick: few iterations, written to
# build/bench/BENCHMARKS.quick.md (what CI runs so the benchmark cannot rot).
# --locations: only the "Unit locations" section below (no wrk), replaced in place.
# Needs wrk (Debian package `wrk`; installed here when run as root) and python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quick=false
locations_only=false
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --locations) locations_only=true ;;
  esac
done
if ! $locations_only; then
  if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
      echo "bench.sh: wrk is missing: sudo apt-get install -y wrk" >&2; exit 1
    fi
  fi
  python3 "$root/bench/run.py" "$@"
fi

# --- Unit locations -------------------------------------------------------------------------
# examples/locations_bench.rs: 64 units pushed at 10 Hz through Client::push_unit_location
# against the in-process mock with the documented limits on, hub up, then REST only, then
# the naive way (one REST call per move, pacing off). 60 s per queued scenario and 10 s of
# the naive one; --quick: 3 s each. The section "Unit locations" of BENCHMARKS.md (or of
# build/bench/BENCHMARKS.quick.md) is replaced, or inserted before the notes.
if $quick; then seconds=3; naive_seconds=3; else seconds=60; naive_seconds=10; fi
mkdir -p "$root/build/bench"
echo "unit locations (${seconds} s + ${seconds} s + ${naive_seconds} s) ..." >&2
(cd "$root" && cargo build --release --quiet --example locations_bench)
load=$(cut -d' ' -f1 /proc/loadavg)
out="$root/build/bench/locations.out"
"${CARGO_TARGET_DIR:-$root/target}/release/examples/locations_bench" "$seconds" "$naive_seconds" > "$out"
if $quick; then target="$root/build/bench/BENCHMARKS.quick.md"; command="scripts/bench.sh --quick"
else target="$root/BENCHMARKS.md"; command="scripts/bench.sh"; fi
$locations_only && command="$command --locations"
python3 - "$out" "$target" "$root/bench/NOTES.md" "$seconds" "$naive_seconds" "$load" "$command" <<'PY'
import datetime, os, platform, sys
out, target, notes, seconds, naive_seconds, load, command = sys.argv[1:]
lines = open(out).read().splitlines()
table = "\n".join(l for l in lines if l.startswith("|"))
model = "unknown"
try:
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), model)
except OSError:
    pass
section = f"""## Unit locations

Measured {datetime.datetime.now().strftime("%Y-%m-%d %H:%M")} on {os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}, load average {float(load):.1f} when this section began, with `{command}` (`examples/locations_bench.rs`).

64 units moving at 10 Hz (the game thread pushes all 64 every 100 ms with
`Client::push_unit_location`: latest-wins per unit, flushed by the client's I/O thread) for
{seconds} s, against the mock in-process with every route's documented limit on
(`update_unit_locations_v2` 12 a minute per key; the hub's `unitLocation` at most 25 units and
one call per 200 ms per session), each scenario on a fresh mock. Hub up: the default
configuration (the client opens its own hub session). REST only: `locationsViaHub: false`.
Naive: no queue, one blocking `update_unit_locations_v2` call per move with client-side pacing
off, for {naive_seconds} s only. The mock's 64 generated accounts are given one online unit each
(v1 `MODIFY_IDENTIFIER`), so every pushed unit is a unit on the mock.

Staleness: each position carries its unit and tick number (`location: "u<unit>:<tick>"`) and
the game thread notes when it pushed it. Every 100 ms another thread reads the mock's units
through v1 `GET_ACTIVE_UNITS` (the same units `get_units_v2` answers from, on a route the mock
does not limit, so sampling takes nothing from the budget being measured) and records, for each
of the 64 units, how long ago the position the mock shows was pushed (counted from the unit's
first push while the mock has none of its positions yet); p50 / p99 over every (sample, unit).
At 10 Hz this is 0–100 ms even with instant delivery. A `get_units_v2` read at the end checks
that it shows the same pushed positions. Calls /s: every call over the run's length, and the
most made in any 1 s (from the client's `location_stats`, read every 100 ms). Game thread per
push: wall clock (and `CLOCK_THREAD_CPUTIME_ID`) around each `push_unit_location`. Limit
errors: the stream's `failed_calls` and `last_error` (a 429 or a refused `unitLocation` counts
there); naive: answers `rate_limited`, and the mock's request count less the accepted ones.

{table}
"""
text = open(target).read() if os.path.exists(target) else ""
lines = text.splitlines(keepends=True)
start = next((i for i, l in enumerate(lines) if l.rstrip("\n") == "## Unit locations"), None)
if start is not None:
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    lines[start:end] = [section + "\n"]
    text = "".join(lines)
else:
    first_note = ""
    if os.path.exists(notes):
        first_note = next((l for l in open(notes).read().splitlines(keepends=True) if l.startswith("## ")), "")
    at = text.find(first_note) if first_note else -1
    if at >= 0:
        text = text[:at] + section + "\n" + text[at:]
    else:
        text = text + ("\n" if text and not text.endswith("\n\n") else "") + section
with open(target, "w") as f:
    f.write(text)
print(section)
print(f"written to {os.path.relpath(target)}", file=sys.stderr)
PY
