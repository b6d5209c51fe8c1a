#!/usr/bin/env bash
# The benchmark (see BENCHMARKS.md): builds what it needs, starts the mock on loopback,
# measures, prints the table and writes BENCHMARKS.md. --quick: few iterations, written to
# build/bench/BENCHMARKS.quick.md (what CI runs so the benchmark cannot rot).
# --locations: only the "Unit locations" section below (no wrk), replaced in place.
# --budget: only the "Budget: coalescing, caching, merging" section (no wrk), replaced in place.
# --shared: only the "Several game servers, one key" section (no wrk), replaced in place.
# --panels: only the "Integration panels" section (no wrk), replaced in place.
# --mirror: only the "Live mirror" section (no wrk), replaced in place.
# --gateway: only the "Gateway" section (no wrk), replaced in place.
# (--locations, --budget, --shared, --panels, --mirror and --gateway combine: those sections only.)
# Needs wrk (Debian package `wrk`; installed here when run as root), python3, and for --shared
# redis-server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quick=false
locations_only=false
budget_only=false
shared_only=false
panels_only=false
mirror_only=false
gateway_only=false
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --locations) locations_only=true ;;
    --budget) budget_only=true ;;
    --shared) shared_only=true ;;
    --panels) panels_only=true ;;
    --mirror) mirror_only=true ;;
    --gateway) gateway_only=true ;;
  esac
done
# Which parts run: those named, or all of them.
some=false; { $locations_only || $budget_only || $shared_only || $panels_only || $mirror_only || $gateway_only; } && some=true
run_locations=true; run_budget=true; run_shared=true; run_panels=true; run_mirror=true; run_gateway=true
if $some; then
  run_locations=$locations_only; run_budget=$budget_only; run_shared=$shared_only; run_panels=$panels_only; run_mirror=$mirror_only
  run_gateway=$gateway_only
fi
if ! $some; then
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
# bench/src/bin/locations_bench.rs: 64 units pushed at 10 Hz through Client::push_unit_location
# against the in-process mock with the documented limits on, hub up, then REST only, then
# the naive way (one REST call per move, pacing off). 60 s per queued scenario and 10 s of
# the naive one; --quick: 3 s each. The section "Unit locations" of BENCHMARKS.md (or of
# build/bench/BENCHMARKS.quick.md) is replaced, or inserted before the notes.
if $run_locations; then
if $quick; then seconds=3; naive_seconds=3; else seconds=60; naive_seconds=10; fi
mkdir -p "$root/build/bench"
echo "unit locations (${seconds} s + ${seconds} s + ${naive_seconds} s) ..." >&2
(cd "$root" && cargo build --release --quiet -p sonoran-bench --bin locations_bench)
load=$(cut -d' ' -f1 /proc/loadavg)
out="$root/build/bench/locations.out"
"${CARGO_TARGET_DIR:-$root/target}/release/locations_bench" "$seconds" "$naive_seconds" > "$out"
if $quick; then target="$root/build/bench/BENCHMARKS.quick.md"; command="scripts/bench.sh --quick"
else target="$root/BENCHMARKS.md"; command="scripts/bench.sh"; fi
$locations_only && command="$command --locations"
PYTHONPATH="$root/bench" python3 - "$out" "$target" "$root/bench/NOTES.md" "$seconds" "$naive_seconds" "$load" "$command" <<'PY'
import os, sys
from sections import first_heading, measured, replace_or_insert
out, target, notes, seconds, naive_seconds, load, command = sys.argv[1:]
lines = open(out).read().splitlines()
table = "\n".join(l for l in lines if l.startswith("|"))
section = f"""## Unit locations

{measured(load, command, "bench/src/bin/locations_bench.rs")}

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
text = replace_or_insert(text, "## Unit locations", section, first_heading(notes))
with open(target, "w") as f:
    f.write(text)
print(section)
print(f"written to {os.path.relpath(target)}", file=sys.stderr)
PY
fi

# --- Budget: coalescing, caching, merging ---------------------------------------------------
# bench/src/bin/budget_bench.rs: a game's calls through Client::submit against the in-process mock
# with the documented limits on and the client's pacing on, each scenario "off"
# (coalesceReads and mergeWrites false, no cache) and "on" (the defaults plus a cache), each
# run on a fresh mock: 40 players joining in 10 s, 30 unit status changes twice 10 s apart,
# three scripts polling get_calls_v2 every 5 s for 60 s. About 5 minutes; --quick: every
# interval scaled by 0.1 and timeoutMs 3000 (a smoke test: the limits are not scaled), under
# a minute. The section "Budget: coalescing, caching, merging" of BENCHMARKS.md (or of
# build/bench/BENCHMARKS.quick.md) is replaced, or inserted before the notes; a full run also
# copies the notes' "Budget: what the figures mean" from bench/NOTES.md into BENCHMARKS.md.
if $run_budget; then
if $quick; then scale=0.1; timeout_ms=3000; else scale=1; timeout_ms=30000; fi
mkdir -p "$root/build/bench"
echo "budget (scale ${scale}, timeoutMs ${timeout_ms}) ..." >&2
(cd "$root" && cargo build --release --quiet -p sonoran-bench --bin budget_bench)
load=$(cut -d' ' -f1 /proc/loadavg)
out="$root/build/bench/budget.out"
"${CARGO_TARGET_DIR:-$root/target}/release/budget_bench" "$scale" "$timeout_ms" > "$out"
if $quick; then target="$root/build/bench/BENCHMARKS.quick.md"; command="scripts/bench.sh --quick"
else target="$root/BENCHMARKS.md"; command="scripts/bench.sh"; fi
$budget_only && command="$command --budget"
PYTHONPATH="$root/bench" python3 - "$out" "$target" "$root/bench/NOTES.md" "$scale" "$timeout_ms" "$load" "$command" "$quick" <<'PY'
import os, sys
from sections import first_heading, measured, replace_or_insert
out, target, notes, scale, timeout_ms, load, command, quick = sys.argv[1:]
quick = quick == "true"
lines = open(out).read().splitlines()
tables = "\n".join(l for l in lines if not l.startswith("{")).strip()
scaled = "" if float(scale) == 1 else f"""
**Quick run: every interval below is scaled by {scale} and `timeoutMs` is {timeout_ms}** (the
per-minute limits are not scaled), so these figures only show that the harness works.
"""
section = f"""## Budget: coalescing, caching, merging

{measured(load, command, "bench/src/bin/budget_bench.rs")}
{scaled}
A game's calls, made the way a game makes them: non-blocking `Client::submit` from one game
thread, each completion recorded on the client's I/O thread. Against the mock in-process with
every route's documented limit per key on (`get_account_v2` 10, `get_units_v2` 3,
`set_unit_status_v2` 30, `get_calls_v2` 5 a minute), the client's pacing on (the default) and
`timeoutMs` {timeout_ms} for every call; every run on a fresh mock, so every budget starts full.
**off**: `{{"coalesceReads": false, "mergeWrites": false}}` and no cache. **on**: the default
configuration (coalescing and merging on) plus the scenario's cache. The mock has 40 generated
accounts (`license:member0001` ...); the first 30 are given one online unit each (v1
`MODIFY_IDENTIFIER`, status 2) before the client is made.

1. 40 players join within 10 s, one every 250 ms; each join submits `get_account_v2` for the
   player's own account (`communityUserId`, 40 distinct accounts) and `get_units_v2`
   (`serverId` 1, the same for all). on: cache `{{"get_units_v2": 60000, "get_account_v2": 120000}}`.
2. 30 units change status within 1 s (one `set_unit_status_v2` by `communityUserId` per unit,
   24 to 3 ENROUTE and 6 to 4 ON_SCENE, every fifth to 4); 10 s after the wave's last submit
   the same 30 change again, all to 4. on: no cache. "Last change applied after": from the
   wave's first submit to its last OK completion. The mock's units are read through v1
   `GET_ACTIVE_UNITS` (no limit) just before wave 2 and at the end: "units showing the wave's
   status". Requests are given to the wave in whose time they were answered.
3. Three scripts poll `get_calls_v2` (`serverId` 1) every 5 s for 60 s, the three at the same
   tick (36 calls). Rows: off; on with coalescing only (no cache); on with cache
   `{{"get_calls_v2": 30000}}`. Per minute: requests over the 60 s of polling, or until the
   last answer when that came later.

Requests the mock received: each client logs at `debug` into a sink of the benchmark and
every attempt that got an HTTP answer is counted by operation; the mode's cell shows the
mock's own total (`MockServer::request_count`, less the benchmark's state reads), which the
per-route counts must add up to. 429s seen: HTTP 429 answers the client received (retried or not). Answered
OK: completions with a response ("cached": served from the read cache). Refused by client
pacing: `rate_limited` with no HTTP status (the call would have waited for budget past its
timeout). Times: from `submit` to the completion, p50 / p99, of all calls and of the OK ones.

{tables}
"""
text = open(target).read() if os.path.exists(target) else ""
note_lines = open(notes).read().splitlines(keepends=True) if os.path.exists(notes) else []
text = replace_or_insert(text, "## Budget: coalescing, caching, merging", section, first_heading(notes))
if not quick:
    # The notes' own section, as the full run (bench/run.py) would append it.
    heading = "## Budget: what the figures mean"
    start = next((i for i, l in enumerate(note_lines) if l.rstrip("\n") == heading), None)
    if start is not None:
        end = next((i for i in range(start + 1, len(note_lines)) if note_lines[i].startswith("## ")), len(note_lines))
        text = replace_or_insert(text, heading, "".join(note_lines[start:end]).rstrip("\n") + "\n", "")
with open(target, "w") as f:
    f.write(text.rstrip("\n") + "\n")
print(section)
print(f"written to {os.path.relpath(target)}", file=sys.stderr)
PY
fi

# --- Several game servers, one key -----------------------------------------------------------
# tests/shared/: a C, a Lua and a Rust process (one game server each) burst get_units_v2 and
# set_unit_status_v2 at once with one key against the mock with the documented limits on,
# once with the shared limiter (a redis-server on loopback) and once without (each paces
# itself), each run on a fresh mock. --quick: one get_units_v2 and 4 status changes each (no
# window to wait for: it only shows the harness works).
if $run_shared; then
if $quick; then gets=1; statuses=4; else gets=2; statuses=12; fi
mkdir -p "$root/build/bench"
echo "several game servers, one key (${gets} + ${statuses} calls per process, shared and not) ..." >&2
(cd "$root" && scripts/build-c.sh >/dev/null && scripts/build-lua.sh >/dev/null \
  && cargo build --release --quiet -p sonoran-bench --bin shared_burst && cargo build --release --quiet -p sonoran-mock)
export PKG_CONFIG_PATH=$root/build/c/lib/pkgconfig
gcc -std=c11 -O2 "$root/tests/shared/burst.c" $(pkg-config --cflags --libs sonoran) -Wl,-rpath,"$root/build/c/lib" -o "$root/build/bench/shared_burst_c"
load=$(cut -d' ' -f1 /proc/loadavg)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$root/build/bench/redis.log" 2>&1 &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
results="$root/build/bench/shared.out"
: >"$results"
for mode in shared none; do
  limiter=redis://127.0.0.1:$redis_port/0; [ $mode = none ] && limiter=none
  mock_log="$root/build/bench/shared_mock_$mode.log"
  "${CARGO_TARGET_DIR:-$root/target}/release/sonoran-mock" --port 0 >"$mock_log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 100); do grep -q 'listening on' "$mock_log" && break; sleep 0.1; done
  mock_url=$(sed -n 's/.*listening on //p' "$mock_log")
  : >"$root/build/bench/shared_${mode}_ends"
  started=$(date +%s.%N)
  pids=()
  for who in c lua rust; do
    case $who in
      c) cmd=("$root/build/bench/shared_burst_c") ;;
      lua) cmd=(env LUA_CPATH="$root/build/lua/5.4/?.so" lua5.4 "$root/tests/shared/burst.lua") ;;
      rust) cmd=("${CARGO_TARGET_DIR:-$root/target}/release/shared_burst") ;;
    esac
    ( "${cmd[@]}" "$mock_url" "$limiter" "$who" "$gets" "$statuses" >"$root/build/bench/shared_${mode}_$who.out" 2>&1 || true
      echo "$who $(date +%s.%N)" >>"$root/build/bench/shared_${mode}_ends" ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  stats=$(python3 -c "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + '/_mock/stats').read().decode())" "$mock_url")
  kill $mock_pid 2>/dev/null || true; wait $mock_pid 2>/dev/null || true
  python3 - "$mode" "$started" "$stats" "$root/build/bench" >>"$results" <<'PY'
import json, sys
mode, started, stats, folder = sys.argv[1], float(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
routes = stats["routes"]
ends = [float(l.split()[1]) for l in open(f"{folder}/shared_{mode}_ends") if l.strip()]
results = {}
for who in ("c", "lua", "rust"):
    text = open(f"{folder}/shared_{mode}_{who}.out").read()
    line = next((l for l in text.splitlines() if l.startswith(f"{who}: ")), f"{who}: ? ok, ? failed")
    results[who] = line.split(": ", 1)[1]
print(json.dumps({"mode": mode, "routes": routes, "last_s": max(ends) - started if ends else None, "processes": results}))
PY
done
kill $redis_pid 2>/dev/null || true
if $quick; then target="$root/build/bench/BENCHMARKS.quick.md"; command="scripts/bench.sh --quick"
else target="$root/BENCHMARKS.md"; command="scripts/bench.sh"; fi
$shared_only && command="$command --shared"
PYTHONPATH="$root/bench" python3 - "$results" "$target" "$load" "$command" "$gets" "$statuses" <<'PY'
import json, os, sys
from sections import measured, replace_or_insert
results, target, load, command, gets, statuses = sys.argv[1:]
runs = [json.loads(l) for l in open(results) if l.strip()]
calls = 3 * (int(gets) + int(statuses))
rows = []
for run in runs:
    routes = run["routes"]
    units, status = routes.get("get_units_v2", {}), routes.get("set_unit_status_v2", {})
    limited = sum(r.get("limited", 0) for r in routes.values())
    ok = failed = 0
    for who, text in run["processes"].items():
        parts = text.replace(",", "").split()
        ok += int(parts[0]) if parts[0].isdigit() else 0
        failed += int(parts[2]) if parts[2].isdigit() else 0
    label = "shared limiter (Redis)" if run["mode"] == "shared" else "each process alone"
    last = f"{run['last_s']:.1f} s" if run["last_s"] is not None else "?"
    per = "; ".join(f"{w} {t}" for w, t in run["processes"].items())
    rows.append(f"| {label} | {calls} | {units.get('requests', 0)} ({units.get('limited', 0)} 429) | {status.get('requests', 0)} ({status.get('limited', 0)} 429) | {limited} | {ok} | {failed} | {last} | {per} |")
section = f"""## Several game servers, one key

{measured(load, command, "tests/shared/")}

Three game servers of one community, one key: a C process (`tests/shared/burst.c`), a Lua
script (`tests/shared/burst.lua`, lua5.4) and a Rust program (`bench/src/bin/shared_burst.rs`)
start together and each submits, without blocking, {gets} `get_units_v2` (different
parameters, so nothing is shared within a process) and {statuses} `set_unit_status_v2`, against
the mock with every route's documented limit per key on (`get_units_v2` 3 a minute,
`set_unit_status_v2` 30), `timeoutMs` 150000. Once with `sharedLimiter` pointing all three at one
`redis-server` on loopback, once without (each process paces itself to the full limit); each
run on a fresh mock. Requests and 429s: the mock's own count per route (`/_mock/stats`); a
429 longer than `maxRetryWaitMs` (10 s) is returned to the caller as a failure. Last call: from
the start until the last of the three processes had every answer.

| run | calls | `get_units_v2` requests (429s) | `set_unit_status_v2` requests (429s) | 429s | answered OK | failed | last call answered after | per process |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}
"""
text = open(target).read() if os.path.exists(target) else ""
text = replace_or_insert(text, "## Several game servers, one key", section, "## About this run")
with open(target, "w") as f:
    f.write(text.rstrip("\n") + "\n")
print(section)
print(f"written to {os.path.relpath(target)}", file=sys.stderr)
PY
fi

# --- Integration panels ----------------------------------------------------------------------
# bench/src/bin/panel_bench.rs: CAD actions pressed on the in-process mock while the game
# thread runs Panel::handle at 60 ticks a second: at 200 actions a second, then as fast as the
# mock takes them. 2000 actions each; --quick: 200. The section "Integration panels" is replaced.
if $run_panels; then
if $quick; then actions=200; else actions=2000; fi
mkdir -p "$root/build/bench"
echo "integration panels ($actions actions, twice) ..." >&2
(cd "$root" && cargo build --release --quiet -p sonoran-bench --bin panel_bench)
load=$(cut -d' ' -f1 /proc/loadavg)
paced="$root/build/bench/panels_paced.out" flood="$root/build/bench/panels_flood.out"
"${CARGO_TARGET_DIR:-$root/target}/release/panel_bench" "$actions" 200 > "$paced"
"${CARGO_TARGET_DIR:-$root/target}/release/panel_bench" "$actions" 1000000 > "$flood"
if $quick; then target="$root/build/bench/BENCHMARKS.quick.md"; command="scripts/bench.sh --quick"
else target="$root/BENCHMARKS.md"; command="scripts/bench.sh"; fi
$panels_only && command="$command --panels"
PYTHONPATH="$root/bench" python3 - "$paced" "$flood" "$target" "$root/bench/NOTES.md" "$load" "$command" "$actions" <<'PY'
import os, sys
from sections import first_heading, measured, replace_or_insert
paced, flood, target, notes, load, command, actions = sys.argv[1:]
section = f"""## Integration panels

{measured(load, command, "bench/src/bin/panel_bench.rs")}

The panel helper as a game script uses it: {actions} CAD actions pressed on the in-process mock
(`POST /_mock/panels/actions`, limits off on both sides so that the helper is measured, not
the 240 acknowledgements a minute), delivered by push over the hub, while the game thread calls
`Panel::handle` once a tick at 60 ticks a second and answers each action at once. Game thread
CPU: `CLOCK_THREAD_CPUTIME_ID` around each `handle` (taking the action, running the handler,
checking and handing back its result); acknowledgements go out on the client's I/O thread.
Handled once and acknowledged once are counted by the handler and by the mock's
`/_mock/panels/acks`.

At 200 actions a second (the pace of a busy community):

{open(paced).read().strip()}

As fast as the mock takes presses:

{open(flood).read().strip()}
"""
text = open(target).read() if os.path.exists(target) else ""
text = replace_or_insert(text, "## Integration panels", section, first_heading(notes))
with open(target, "w") as f:
    f.write(text)
print(section)
print(f"written to {os.path.relpath(target)}", file=sys.stderr)
PY
fi

# --- Live mirror -----------------------------------------------------------------------------
# bench/src/bin/mirror_bench.rs: a HUD reading the unit list every tick at 60 Hz while 64
# units change status twice a second, from the mirror and by polling get_units_v2 through the
# read cache, at the same time, each on its own in-process mock with the documented limits on:
# 600 s of changes and a 25 s tail; --quick: 20 s and 3 s. Then bench/mirror_read.lua (Lua 5.4
# in bench/tick_host.c, for its thread CPU clock) times client:units() against a sonoran-mock
# process: 2000 reads and 200 changes; --quick: 300 and 30. The section "Live mirror" of
# BENCHMARKS.md (or of build/bench/BENCHMARKS.quick.md) is replaced, or inserted before the notes.
if $run_mirror; then
if $quick; then seconds=20; tail=3; reads=300; changes=30; else seconds=600; tail=25; reads=2000; changes=200; fi
rate=2
mkdir -p "$root/build/bench"
echo "live mirror (${seconds} s of changes + ${tail} s, then the Lua reads) ..." >&2
(cd "$root" && cargo build --release --quiet -p sonoran-bench --bin mirror_bench && cargo build --release --quiet -p sonoran-mock \
  && scripts/build-lua.sh 5.4 >/dev/null)
gcc -O2 -std=c11 -I/usr/include/lua5.4 -o "$root/build/bench/tick_host_5.4" "$root/bench/tick_host.c" -llua5.4
load=$(cut -d' ' -f1 /proc/loadavg)
out="$root/build/bench/mirror.out" lua_out="$root/build/bench/mirror_lua.out"
"${CARGO_TARGET_DIR:-$root/target}/release/mirror_bench" "$seconds" "$rate" "$tail" > "$out"
mock_bin="${CARGO_TARGET_DIR:-$root/target}/release/sonoran-mock"
mock_log="$root/build/bench/mirror_mock.log"
"$mock_bin" --port 0 >"$mock_log" 2>&1 &
mirror_mock_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$mock_log" && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$mock_log")
LUA_CPATH="$root/build/lua/5.4/?.so" "$root/build/bench/tick_host_5.4" "$root/bench/mirror_read.lua" "$mock_url" "$mock_bin" "$reads" "$changes" > "$lua_out" \
  || { kill $mirror_mock_pid 2>/dev/null || true; exit 1; }
kill $mirror_mock_pid 2>/dev/null || true; wait $mirror_mock_pid 2>/dev/null || true
if $quick; then target="$root/build/bench/BENCHMARKS.quick.md"; command="scripts/bench.sh --quick"
else target="$root/BENCHMARKS.md"; command="scripts/bench.sh"; fi
$mirror_only && command="$command --mirror"
PYTHONPATH="$root/bench" python3 - "$out" "$lua_out" "$target" "$root/bench/NOTES.md" "$load" "$command" "$seconds" "$rate" "$tail" "$reads" "$changes" <<'PY'
import json, os, sys
from sections import first_heading, measured, replace_or_insert
out, lua_out, target, notes, load, command, seconds, rate, tail, reads, changes = sys.argv[1:]
lines = open(out).read().splitlines()
runs = {r["scenario"]: r for r in (json.loads(l) for l in lines if l.startswith("{"))}
table = "\n".join(l for l in lines if l.startswith("|"))
made = runs["mirror"]["changes"]
lua = {r["case"]: r for r in (json.loads(l) for l in open(lua_out) if l.startswith("{"))}
names = {
    "unchanged": "`client:units()`, nothing changed (the kept tape replayed into fresh tables)",
    "changed": "`client:units()`, the first read after a status change (the list's text made, read into a tape, replayed)",
    "since_unchanged": "`client:units(version)`, nothing changed (`nil, version`)",
}
lua_rows = "\n".join(
    f"| {names[case]} | {r['reads']} | {r['us_p50']:.1f} / {r['us_p99']:.1f} | {r['kb_p50']:.1f} |"
    for case, r in ((c, lua[c]) for c in ("unchanged", "changed", "since_unchanged") if c in lua))
listed = lua.get("unchanged", {}).get("units", "?")
# tick_host gives the thread's clock; plain lua5.4 only the process's.
clock = "" if lua.get("unchanged", {}).get("clock") == "thread" else ", here os.clock(): the process's CPU"
quick_note = "" if int(seconds) >= 600 else f"""
**Quick run: {seconds} s of changes**, so the requests per minute count the reads at the start
over a short run and polling's staleness covers one cache period at most: these figures only
show that the harness works.
"""
section = f"""## Live mirror

{measured(load, command, "bench/src/bin/mirror_bench.rs, bench/mirror_read.lua")}
{quick_note}
A HUD that shows the unit list and reads it every tick, at 60 ticks a second, for {seconds} s
while 64 units change status {rate} times a second ({made} changes), made two ways at the same
time, each against its own in-process mock with every route's documented limit per key on
(`get_units_v2` 3 a minute, `get_calls_v2` 5) and with its own client paced by those limits
(the default). **Mirror**: `Client::start_mirror` with the default options (one `get_units_v2`
of every page and one `get_calls_v2` at the start and every 5 minutes, push events over the hub
in between); the game thread reads `Mirror::unit_values()` every tick and drains its events.
**Polling**: the read cache holds `get_units_v2` for 20 s (its 3 a minute, spaced, so the cache
alone keeps the HUD within the budget); every tick the game thread takes the answers that came
in (`Body::to_value`) and submits `get_units_v2` (`serverId` 1, `onlyUnits` false) with
`Client::submit` unless its previous one is still waiting, so most ticks get the cached answer.

Both mocks are given 64 units on duty (`POST /_mock/units/seed`, AVAILABLE). A driver thread per
mock changes one of them, picked at random, at a random moment of every {1 / float(rate):g} s
(`POST /_mock/units/{{identId}}/status`; the same sequence on both mocks), and notes when it sent
each change. A unit steps through the five named statuses (0 UNAVAILABLE ... 4 ON_SCENE) in turn,
so that a status a read shows can only be that unit's latest change of it. Staleness of a
change: the time of the first tick whose read showed the unit in the change's status, less the
time the change was sent; at 60 Hz that is 0-16.7 ms even with instant delivery. A change is
never seen when the unit changed again before a read showed it, or nothing showed it by the
end; both HUDs tick on for {tail} s after the last change. Requests: the mock's own count per
route (`/_mock/stats`: requests made with the community's key, as the API counts them per key
and route; 429s are the answers over the limit), over the whole run from the client's start
(the mirror's from `start_mirror`, before its first read). Game thread CPU:
`CLOCK_THREAD_CPUTIME_ID` around each read alone: the mirror's `units_since(version)` and
`unit_values()` (what a Rust host reads) and `units_text()` (the JSON array the Lua face reads,
made once per change); for polling, around the tick's whole work, and around `submit` and
around taking the answers apart. The clock read itself is in every figure (its own row).

{table}

The Lua face (`bench/mirror_read.lua`: Lua 5.4 with `build/lua/5.4/sonoran.so`, hosted by
`bench/tick_host.c` for the game thread's CPU clock{clock}): a `sonoran-mock` process
(documented limits) with 64 units seeded ({listed} listed with the mock's own), a client with
`client:startMirror()`, once seeded: `client:units()` read {reads} times while nothing changed,
{changes} times as the first read after a status change (a unit's status set through
`sonoran-mock --control /_mock/units/ID/status`, the read made once the mirror's version had
moved), and `client:units(version)` {reads} times while nothing changed. Each read is timed alone;
before it the collector runs and the host does 2 ms of the game's other work (walking 16 MiB, so
caches are as cold as in a real tick), and the collector is stopped during the read (as in the
tick benchmark), so the KB are what the read allocates.

| Lua 5.4, 64 units | reads | game thread CPU per read, p50 / p99 (µs) | allocated per read, p50 (KB) |
|---|---|---|---|
{lua_rows}
"""
text = open(target).read() if os.path.exists(target) else ""
text = replace_or_insert(text, "## Live mirror", section, first_heading(notes))
with open(target, "w") as f:
    f.write(text)
print(section)
print(f"written to {os.path.relpath(target)}", file=sys.stderr)
PY
fi

# --- Gateway ---------------------------------------------------------------------------------
# bench/src/bin/gateway_bench.rs: requests per second from 16 clients through the gateway and
# straight to the in-process mock (pacing, sharing and the cache off), then one request at a
# time for the latency the gateway adds. 10 s each; --quick: 2 s. The section "Gateway" is replaced.
if $run_gateway; then
if $quick; then seconds=2; else seconds=10; fi
mkdir -p "$root/build/bench"
echo "gateway (${seconds} s + ${seconds} s, then one at a time) ..." >&2
(cd "$root" && cargo build --release --quiet -p sonoran-bench --bin gateway_bench)
load=$(cut -d' ' -f1 /proc/loadavg)
out="$root/build/bench/gateway.out"
"${CARGO_TARGET_DIR:-$root/target}/release/gateway_bench" "$seconds" 16 > "$out"
if $quick; then target="$root/build/bench/BENCHMARKS.quick.md"; command="scripts/bench.sh --quick"
else target="$root/BENCHMARKS.md"; command="scripts/bench.sh"; fi
$gateway_only && command="$command --gateway"
PYTHONPATH="$root/bench" python3 - "$out" "$target" "$root/bench/NOTES.md" "$load" "$command" "$seconds" <<'PY'
import os, sys
from sections import first_heading, measured, replace_or_insert
out, target, notes, load, command, seconds = sys.argv[1:]
section = f"""## Gateway

{measured(load, command, "bench/src/bin/gateway_bench.rs")}

What the gateway costs on loopback: 16 keep-alive HTTP clients (reqwest, one thread each) send
`GET /v2/general/version` for {seconds} s straight to the in-process mock, then for {seconds} s
through the gateway (`Client::start_gateway`, whose client sends to the same mock), with pacing,
shared reads and the cache off so that every request through the gateway is one request
upstream; then one request at a time on one connection, straight and through, for the latency
the gateway adds (its HTTP server, recognising and checking the request, the client's send).
The mock and the gateway share the machine's 2 cores with the clients.

{open(out).read().strip()}
"""
text = open(target).read() if os.path.exists(target) else ""
text = replace_or_insert(text, "## Gateway", section, first_heading(notes))
with open(target, "w") as f:
    f.write(text)
print(section)
print(f"written to {os.path.relpath(target)}", file=sys.stderr)
PY
fi
