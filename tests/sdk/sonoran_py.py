#!/usr/bin/env python3
"""The official Sonoran.py SDK (PyPI `Sonoran.py`) pointed at the gateway (`cadApiUrl`), against
the mock with a tight limit on (5 requests per 2 s per route): a burst of heartbeats beyond the
budget through the gateway reaches the SDK with zero 429s and every call succeeds; the same burst
straight at the mock gets 429s; three SDK processes ("game servers") sharing the gateway share one
budget. Prints both figures. Usage: MOCK_URL=... GATEWAY_URL=... python3 sonoran_py.py
(run by scripts/test.sh with a venv holding Sonoran.py). Exits 1 on failure."""
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import sonoran

MOCK_URL = os.environ["MOCK_URL"]
GATEWAY_URL = os.environ["GATEWAY_URL"]
seen_429 = [0]
_urlopen = urllib.request.urlopen


def counting_urlopen(*args, **kwargs):
    """urllib's urlopen, counting the 429s the SDK receives (it retries them itself)."""
    try:
        return _urlopen(*args, **kwargs)
    except urllib.error.HTTPError as error:
        if error.code == 429:
            seen_429[0] += 1
        raise


urllib.request.urlopen = counting_urlopen


def mock_stats(route):
    with _urlopen(MOCK_URL + "/_mock/stats") as answer:
        return json.loads(answer.read())["routes"].get(route, {"requests": 0, "limited": 0})


def burst(url, count):
    """`count` heartbeats at once; answers how many succeeded."""
    client = sonoran.Instance(communityId="demo-community", apiKey="demo-api-key", product=sonoran.productEnums.CAD, cadApiUrl=url)
    results = []
    threads = [threading.Thread(target=lambda: results.append(client.cad.heartbeatV2(1, 12).success)) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(1 for r in results if r)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--one-server":
        # One "game server" of three: its own process, through the gateway.
        ok = burst(GATEWAY_URL, 8)
        print(json.dumps({"ok": ok, "seen429": seen_429[0]}))
        return 0
    failures = []
    before = mock_stats("heartbeat_v2")
    ok = burst(GATEWAY_URL, 15)
    after = mock_stats("heartbeat_v2")
    through = {"ok": ok, "seen429": seen_429[0], "sent": after["requests"] - before["requests"], "limited": after["limited"] - before["limited"]}
    if ok != 15 or seen_429[0] != 0 or through["limited"] != 0 or through["sent"] != 15:
        failures.append(f"through the gateway: {through}")
    seen_429[0] = 0
    import time
    time.sleep(3.2)
    before = mock_stats("heartbeat_v2")
    ok = burst(MOCK_URL, 15)
    after = mock_stats("heartbeat_v2")
    direct = {"ok": ok, "seen429": seen_429[0], "limited": after["limited"] - before["limited"]}
    if direct["seen429"] == 0 or direct["limited"] == 0:
        failures.append(f"straight at the mock the burst should meet 429s: {direct}")
    print(f"Sonoran.py, 15 heartbeats at once, 5 per 2 s allowed: through the gateway {through['ok']}/15 ok, "
          f"{through['seen429']} × 429 seen by the SDK, {through['limited']} × 429 from the mock; "
          f"straight at the mock {direct['ok']}/15 ok, {direct['seen429']} × 429 seen by the SDK")
    time.sleep(3.2)
    before = mock_stats("heartbeat_v2")
    servers = [subprocess.Popen([sys.executable, __file__, "--one-server"], stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [json.loads(p.communicate(timeout=120)[0]) for p in servers]
    after = mock_stats("heartbeat_v2")
    shared = {"ok": sum(o["ok"] for o in outcomes), "seen429": sum(o["seen429"] for o in outcomes), "limited": after["limited"] - before["limited"]}
    if shared != {"ok": 24, "seen429": 0, "limited": 0}:
        failures.append(f"three SDK processes sharing the gateway: {shared}")
    print(f"three Sonoran.py processes × 8 heartbeats through one gateway: {shared['ok']}/24 ok, {shared['seen429']} × 429 seen, "
          f"{shared['limited']} × 429 from the mock")
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
