"""sonoran-py's getAccountUnitsV2 against the benchmark server: R runs of N sequential calls.
Usage: python bench_py.py URL N R (in the virtual environment bench/run.py makes)."""
import sys
import time

from sonoran import Instance, productEnums

url, n, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
instance = Instance(apiKey="demo-api-key", communityId="demo-community", product=productEnums.CAD, serverId=1, cadApiUrl=url)
params = {"accountUuid": "00000000-0000-0000-0000-000000000000"}
for _ in range(20):
    assert instance.cad.getAccountUnitsV2(dict(params)).success
for _ in range(repeats):
    start = time.perf_counter()
    for _ in range(n):
        response = instance.cad.getAccountUnitsV2(dict(params))
        if not response.success:
            raise SystemExit(f"sonoran-py call failed: {response.reason}")
    print('{"sonoran_py_calls_per_s": %.1f}' % (n / (time.perf_counter() - start)), flush=True)
