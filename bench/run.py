#!/usr/bin/env python3
"""The benchmark: what a call costs the game thread, and how the library compares with the
loopback limit (wrk, a bare reqwest loop) and a peer client (sonoran-py), all against one
server: the project's mock, a separate process, with its rate limit off.

Usage: scripts/bench.sh [--quick]
Prints the table and writes it to BENCHMARKS.md (--quick: build/bench/BENCHMARKS.quick.md,
few iterations, for CI). Every figure is a median over repeated runs, with its range; ratios
are taken within the same run. Only loopback traffic.
"""
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "bench")
QUICK = "--quick" in sys.argv
REPEATS = 3 if QUICK else 7
N = 300 if QUICK else 3000
WRK_SECONDS = 1 if QUICK else 3
RSS_CALLS = (1000, 10_000 if QUICK else 100_000)
# Tick cadence: calls per (runtime, gap, answer size), and the gaps of the game's other work.
TICK_N = 20 if QUICK else 100
TICK_GAPS = "10" if QUICK else "1,10,90"
PATH = "/v2/emergency/servers/1/accounts/00000000-0000-0000-0000-000000000000/units"
LIB = os.path.join(ROOT, "build", "c", "lib", "libsonoran.so")


def run(*cmd, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise subprocess.CalledProcessError(done.returncode, cmd)
    return done.stdout


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def bench_c(url, mode, *args):
    return json_lines(run(os.path.join(OUT, "bench_c"), LIB, url, mode, *map(str, args)))


def spread(values, unit="", digits=0):
    """median [min–max]"""
    fmt = f"{{:,.{digits}f}}"
    return f"{fmt.format(statistics.median(values))}{unit} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def wrk(url, connections, seconds):
    out = run("wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-H", "Authorization: Bearer demo-api-key",
              "-H", "Accept: application/json", url + PATH)
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if not match or errors:
        raise RuntimeError("wrk failed:\n" + out)
    return float(match.group(1))


def stats(url):
    with urllib.request.urlopen(url + "/_mock/stats") as response:
        return json.load(response)


def sonoran_py(url):
    """sonoran-py 0.1.25 in a virtual environment inside the build folder; None if it cannot be had."""
    venv = os.path.join(OUT, "venv")
    python = os.path.join(venv, "bin", "python")
    try:
        if not os.path.exists(python):
            run(sys.executable, "-m", "venv", venv)
        run(python, "-m", "pip", "install", "-q", "sonoran-py==0.1.25")
        out = run(python, os.path.join(ROOT, "bench", "bench_py.py"), url, str(N // 3), str(REPEATS))
        return [line["sonoran_py_calls_per_s"] for line in json_lines(out)]
    except (subprocess.CalledProcessError, OSError) as e:
        print(f"sonoran-py unavailable: {e}", file=sys.stderr)
        return None


def stripped_size(path):
    copy = os.path.join(OUT, os.path.basename(path) + ".stripped")
    shutil.copy(path, copy)
    run("strip", copy)
    return os.path.getsize(copy)


# The 1-minute load average when measuring began.
START_LOAD = []


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    load = f", load average {START_LOAD[0]:.1f} when measuring began (above 0.5, other work shared the cores and the figures are noisier)" if START_LOAD else ""
    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}{load}"


def main():
    os.makedirs(OUT, exist_ok=True)
    print("building ...", file=sys.stderr)
    run(os.path.join(ROOT, "scripts", "build-c.sh"))
    run(os.path.join(ROOT, "scripts", "build-lua.sh"), "5.4", "jit")
    run("cargo", "build", "--release", "--quiet", "-p", "sonoran-mock")
    run("cargo", "build", "--release", "--quiet", "-p", "sonoran-bench", "--bin", "bench_core")
    run("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", os.path.join(OUT, "bench_c"), "bench/bench_c.c", "-ldl")
    # The tick benchmark's Lua host, once per Lua runtime.
    run("gcc", "-O2", "-std=c11", "-I/usr/include/lua5.4", "-o", os.path.join(OUT, "tick_host_5.4"), "bench/tick_host.c", "-llua5.4")
    run("gcc", "-O2", "-std=c11", "-I/usr/include/luajit-2.1", "-o", os.path.join(OUT, "tick_host_jit"), "bench/tick_host.c", "-lluajit-5.1")

    # 98 generated accounts beside the two seeded ones: a `get_accounts` page of 100.
    mock = subprocess.Popen([os.path.join(ROOT, "target", "release", "sonoran-mock"), "--port", "0", "--rate-limit", "0", "--extra-accounts", "98"],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        url = re.search(r"listening on (\S+)", mock.stdout.readline()).group(1)
        START_LOAD.append(os.getloadavg()[0])
        r = measure(url)
    finally:
        mock.terminate()
        mock.wait()
    report(r)


def measure(url):
    r = {}
    print("sequential calls ...", file=sys.stderr)
    # Interleaved, so that every client meets the machine in the same state.
    seq, wrk1, bare = [], [], []
    for _ in range(REPEATS):
        seq += [x["seq_calls_per_s"] for x in bench_c(url, "seq", N, 1)]
        wrk1.append(wrk(url, 1, WRK_SECONDS))
        bare += [x["reqwest_calls_per_s"] for x in json_lines(run(os.path.join(ROOT, "target", "release", "bench_core"), "reqwest", url, str(N), "1"))]
    r["seq"], r["wrk1"], r["reqwest"] = seq, wrk1, bare
    r["py"] = sonoran_py(url)

    print("connections ...", file=sys.stderr)
    before = stats(url)
    bench_c(url, "seq", 100, 1)  # 50 warm-up calls, then 100
    after = stats(url)
    # The second stats request counts its own connection and request: take them off.
    r["connections"] = after["connections"] - before["connections"] - 1
    r["connection_calls"] = after["requests"] - before["requests"] - 1

    print("caller-thread cost ...", file=sys.stderr)
    r["submit"] = [bench_c(url, "submit", N, 1)[0] for _ in range(REPEATS)]

    print("64 in flight ...", file=sys.stderr)
    inflight, wrk64 = [], []
    for _ in range(REPEATS):
        inflight += [x["inflight64_calls_per_s"] for x in bench_c(url, "inflight", N * 2, 1)]
        wrk64.append(wrk(url, 64, WRK_SECONDS))
    r["inflight"], r["wrk64"] = inflight, wrk64

    print("idle client ...", file=sys.stderr)
    r["idle"] = bench_c(url, "idle")[0]

    print("dlopen + client ...", file=sys.stderr)
    r["dlopen"] = [bench_c(url, "dlopen")[0]["dlopen_client_ms"] for _ in range(max(REPEATS, 5))]

    print("memory ...", file=sys.stderr)
    r["rss"] = bench_c(url, "rss", *RSS_CALLS)[0]

    print("envelope cost ...", file=sys.stderr)
    r["envelope"] = json_lines(run(os.path.join(ROOT, "target", "release", "bench_core"), "envelope", str(REPEATS)))[0]

    print("tick cadence ...", file=sys.stderr)
    r["tick_c"] = bench_c(url, "tick", TICK_N, 1 if QUICK else 3)
    r["tick_lua"] = {}
    for flavour in ("jit", "5.4"):
        out = run(os.path.join(OUT, f"tick_host_{flavour}"), "bench/tick.lua", url, str(TICK_N), TICK_GAPS,
                  env=dict(os.environ, LUA_CPATH=os.path.join(ROOT, "build", "lua", flavour, "?.so")))
        r["tick_lua"][flavour] = json_lines(out)

    r["so_bytes"] = stripped_size(LIB)
    r["lua_bytes"] = stripped_size(os.path.join(ROOT, "build", "lua", "5.4", "sonoran.so"))
    r["a_bytes"] = os.path.getsize(os.path.join(ROOT, "build", "c", "lib", "libsonoran.a"))
    return r


# The targets of the tick-cadence figures (µs, p50 at a 10 ms gap): Lua submit; Lua poll by
# answer size; C submit + poll.
TICK_TARGETS = {"lua_submit": 15, "small": 40, "medium": 30, "large": 150, "c_both": 10}


def tick_table(r):
    rows = []
    for flavour, name in (("jit", "LuaJIT"), ("5.4", "Lua 5.4")):
        for x in r["tick_lua"][flavour]:
            if x.get("case") == "cold_vs_warm":
                rows.append((f"{name}, the same refused submit twice after 10 ms of work: first, second", f"{x['first_us_p50']:.1f} / {x['second_us_p50']:.1f}",
                             "—", "—", "—", "—", "the first pays for a cold library (see below)"))
                continue
            if x.get("case") == "createClient":
                rows.append((f"{name} `createClient` after the first", f"{x['cpu_ms_p50']:.2f} ms / {x['cpu_ms_p99']:.2f} ms", "—", "—", "—", "≤ 1 ms",
                             verdict(x["cpu_ms_p50"] <= 1, "", "")))
                continue
            target, result = "", ""
            if x["gap_ms"] == 10 and flavour == "jit" and x["case"] in TICK_TARGETS:
                ok = x["submit_us_p50"] <= TICK_TARGETS["lua_submit"] and x["poll_us_p50"] <= TICK_TARGETS[x["case"]]
                target = f"submit ≤ {TICK_TARGETS['lua_submit']}, poll ≤ {TICK_TARGETS[x['case']]}"
                result = verdict(ok, "", "see below")
            rows.append((f"{name}, {x['gap_ms']} ms gap, {x['case']} `{x['method']}`", f"{x['submit_us_p50']:.1f} / {x['submit_us_p99']:.1f}",
                         f"{x['poll_us_p50']:.1f} / {x['poll_us_p99']:.1f}", f"{x['lua_copy_us_p50']:.1f}", f"{x['kb_p50']:.1f}", target, result))
    for x in r["tick_c"]:
        if x.get("case") == "cold_vs_warm":
            rows.append(("C, the same refused submit + poll twice after 10 ms of work: first, second; an eventfd write (one wake-up) alone",
                         f"{x['first_us_p50']:.1f} / {x['second_us_p50']:.1f}; {x['wake_us_p50']:.1f}", "—", "—", "—", "—",
                         "the first pays for a cold library (see below)"))
            continue
        if x.get("case") == "client_new":
            rows.append(("C `sonoran_client_new` after the first", f"{x['cpu_ms_p50']:.2f} ms / {x['cpu_ms_p99']:.2f} ms", "—", "—", "—", "≤ 1 ms",
                         verdict(x["cpu_ms_p50"] <= 1, "", "")))
            continue
        ok = x["both_us_p50"] <= TICK_TARGETS["c_both"]
        rows.append((f"C, {x['gap_ms']} ms gap, {x['case']}", f"{x['submit_us_p50']:.1f} / {x['submit_us_p99']:.1f}",
                     f"{x['poll_us_p50']:.1f} / {x['poll_us_p99']:.1f}", "—", "—", f"submit + poll ≤ {TICK_TARGETS['c_both']}",
                     f"{x['both_us_p50']:.1f}: " + verdict(ok, "", "see below")))
    head = ("| runtime, gap, answer | submit µs p50 / p99 | poll µs p50 / p99 | Lua's own copy of the result, µs p50 | KB | target (p50) | result |\n"
            "|---|---|---|---|---|---|---|\n")
    return head + "\n".join("| " + " | ".join(row) + " |" for row in rows)


def verdict(ok, good, bad):
    note = good if ok else bad
    return ("**met**" if ok else "**missed**") + (f" ({note})" if note else "")


def report(r):
    med = statistics.median
    seq, wrk1, bare, wrk64, inflight = med(r["seq"]), med(r["wrk1"]), med(r["reqwest"]), med(r["wrk64"]), med(r["inflight"])
    ratios = [s / w for s, w in zip(r["seq"], r["wrk1"])]
    p50 = [x["submit_poll_us_p50"] for x in r["submit"]]
    p99 = [x["submit_poll_us_p99"] for x in r["submit"]]
    submit_p99 = [x["submit_us_p99"] for x in r["submit"]]
    poll_p99 = [x["poll_us_p99"] for x in r["submit"]]
    cpu_p99 = [x["cpu_us_p99"] for x in r["submit"]]
    worst = max(x["submit_poll_us_max"] for x in r["submit"])
    idle = r["idle"]
    rss = r["rss"]
    env = r["envelope"]
    py = r["py"]
    rows = [
        ("sequential blocking calls/s, `get_account_units`, C ABI (dlopen'ed `libsonoran.so`)", spread(r["seq"]), "—", ""),
        ("loopback limit: `wrk -t1 -c1`, same path", spread(r["wrk1"]), "library ≥ 0.8× wrk",
         f"library/wrk = {med(ratios):.2f} [{min(ratios):.2f}–{max(ratios):.2f}]: " + verdict(med(ratios) >= 0.8, "", "see below")),
        ("bare reqwest blocking loop, one keep-alive connection", spread(r["reqwest"]), "—", f"library/reqwest = {seq / bare:.2f}"),
        ("sonoran-py 0.1.25 `instance.cad.getAccountUnitsV2`", spread(py) if py else "n/a (not installable here)", "report the ratio",
         f"library/sonoran-py = {seq / med(py):.1f}×" if py else ""),
        ("TCP connections the server saw", f"{r['connections']} for {r['connection_calls']} sequential calls", "1",
         verdict(r["connections"] == 1, "one keep-alive connection", f"{r['connections']} connections")),
        ("caller-thread cost of `sonoran_submit` + the `sonoran_poll` that returns the result (polling every 50 µs)",
         f"p50 {spread(p50, ' µs', 1)}, p99 {spread(p99, ' µs', 1)}, max {worst:.0f} µs; of the p99: submit {statistics.median(submit_p99):.1f} µs, poll {statistics.median(poll_p99):.1f} µs; the thread's CPU time: p99 {spread(cpu_p99, ' µs', 1)}",
         "p99 ≤ 20 µs", verdict(med(p99) <= 20, f"{20 / max(med(p99), 0.01):.1f}× under", "see below")),
        ("throughput, 64 requests in flight (submit 64, poll until done)", spread(r["inflight"]), "≥ 2× sequential",
         f"{inflight / seq:.2f}× sequential: " + verdict(inflight / seq >= 2, f"{inflight / seq / 2:.1f}× the target", "see below")),
        ("`wrk -t1 -c64`, same path", spread(r["wrk64"]), "—", f"wrk -c64 / wrk -c1 = {wrk64 / wrk1:.2f}"),
        ("CPU of a live client with nothing to do, over 5 s; threads of the process", f"{idle['idle_cpu_percent']:.2f} % CPU, {idle['threads']} threads",
         "0 %, ≤ 4 threads", verdict(idle["idle_cpu_percent"] == 0 and idle["threads"] <= 4, "the caller's thread and one I/O thread", "see below")),
        ("`dlopen` + `sonoran_client_new`, cold process", spread(r["dlopen"], " ms", 2), "≤ 5 ms",
         verdict(med(r["dlopen"]) <= 5, f"{5 / med(r['dlopen']):.1f}× under", "see below")),
        (f"RSS after {rss['first']:,} and after {rss['second']:,} calls", f"{rss['rss_kib_first']:,} KiB → {rss['rss_kib_second']:,} KiB",
         "no growth beyond noise", f"{rss['rss_kib_second'] - rss['rss_kib_first']:+,} KiB"),
        (f"100-account `get_accounts` page ({env['page_bytes']:,} bytes) into the envelope, in-process", f"{env['envelope_us']:.0f} µs per page",
         "—", f"typed decode + re-encode: {env['typed_roundtrip_us']:.0f} µs"),
        ("stripped size: `libsonoran.so`; Lua module (5.4)", f"{r['so_bytes'] / 1e6:.2f} MB; {r['lua_bytes'] / 1e6:.2f} MB", "report",
         f"`libsonoran.a` unstripped {r['a_bytes'] / 1e6:.1f} MB"),
    ]
    table = "| figure | measured | target | result |\n|---|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    tick = tick_table(r)
    command = "scripts/bench.sh" + (" --quick" if QUICK else "")
    text = f"""# Benchmarks

Measured {datetime.datetime.now().strftime("%Y-%m-%d %H:%M")} on {machine()}, with `{command}`
({REPEATS} runs of each figure, {N:,} calls a run; medians with [min–max]; ratios taken in the same run).

Server: the project's mock (`sonoran-mock --rate-limit 0`, axum, 2 worker threads), a separate
process on loopback, answering the v2 `get_account_units` path with a 400-byte JSON body. It is
what users test their plugins against, and every client here (the library through its C ABI,
wrk, a bare reqwest loop, sonoran-py) calls the same path on the same process, so the ratios
compare clients, not servers. The library runs with its client-side pacing off (it would
otherwise keep to the API's 10 calls a minute).

{table}

## The game thread at tick cadence

As a game uses the library: one non-blocking call, then the game's other work for a gap (CPU
work walking 16 MiB, as a frame does), then the poll that returns the result; the game
thread's own CPU time (`CLOCK_THREAD_CPUTIME_ID`) for the submit and for that poll, p50 / p99
over {TICK_N} calls each. Lua: `bench/tick_host.c` embeds the runtime, `bench/tick.lua` makes
the calls, and "KB" is the Lua memory the submit and poll allocated (collector stopped). C:
`bench_c tick` through the `dlopen`'ed library. Answers: small `getAccount` (one account),
medium `getAccountUnitsV2` (one account's units), large `getAccounts{{limit = 100}}` (a page of
100 accounts, 105 KB), refused `getAccounts{{limit = 0}}` (invalid: no network, a tiny envelope).
"Lua's own copy" is what the runtime itself pays, at the same cadence, to make the same tables
(a plain-Lua deep copy of the result the callback received): the floor for any module that
hands a script fresh tables. `bench/profile.sh` shows where the instructions and cache misses
of a submit and a poll go (callgrind).

{tick}
"""
    print(text)
    target = os.path.join(OUT, "BENCHMARKS.quick.md") if QUICK else os.path.join(ROOT, "BENCHMARKS.md")
    if not QUICK:
        notes = os.path.join(ROOT, "bench", "NOTES.md")
        if os.path.exists(notes):
            with open(notes) as f:
                text += "\n" + f.read()
    with open(target, "w") as f:
        f.write(text)
    print(f"written to {os.path.relpath(target, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
