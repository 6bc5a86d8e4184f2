"""Round trip through a devioc IOC's own logic, as a pyepics user sees it: write req, wait for
the monitor update of resp that the IOC's do_req callback produces. Prints JSON percentiles."""
import json, sys, threading, time
import epics

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
req = epics.PV('BENCH:req', auto_monitor=False)
got = threading.Event()
want = {'v': None}

def on_resp(value=None, **kw):
    if value == want['v']:
        got.set()

resp = epics.PV('BENCH:resp', callback=on_resp)
req.wait_for_connection(5); resp.wait_for_connection(5)
time.sleep(0.5)
times = []
for i in range(1, n + 1):
    want['v'] = float(i)
    got.clear()
    t0 = time.perf_counter()
    req.put(float(i))
    if not got.wait(5):
        print(json.dumps({'error': 'no resp for %d' % i})); sys.exit(1)
    times.append((time.perf_counter() - t0) * 1e6)
times.sort()
pct = lambda p: times[min(len(times) - 1, int(p / 100.0 * len(times)))]
print(json.dumps({'n': n, 'p50_us': pct(50), 'p90_us': pct(90), 'p99_us': pct(99), 'min_us': times[0], 'max_us': times[-1]}))
