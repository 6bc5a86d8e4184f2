"""One libca client (pyepics) monitoring counters, for the load tests: the libca side of
test/helpers/monitor-load-client.mjs, with the same checks and the same report.

Usage: /usr/bin/python3 pyepics_monitor_load.py PREFIX FIRST COUNT TOTAL
  monitors PREFIX<(FIRST + j) % TOTAL> for j < COUNT. Prints READY once every monitor has had its
  first update; "report" on stdin prints one JSON line; stdin closing exits.
"""
import json
import sys
import threading

import epics

prefix, first, count, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
lock = threading.Lock()
stats = {'clients': 1, 'monitors': 0, 'updates': 0, 'drops': 0, 'regressions': 0, 'disconnects': 0, 'errors': 0, 'firstError': ''}
last = {}
pending = [count]


def on_value(pvname=None, value=None, **kw):
    with lock:
        v = float(value)
        before = last.get(pvname)
        if before is None:
            pending[0] -= 1
            if pending[0] == 0:
                sys.stdout.write('READY\n')
                sys.stdout.flush()
        elif v <= before:
            stats['regressions'] += 1
        elif v > before + 1:
            stats['drops'] += int(v - before - 1)
        last[pvname] = v
        stats['updates'] += 1


def on_connection(pvname=None, conn=None, **kw):
    if not conn:
        with lock:
            stats['disconnects'] += 1


pvs = []
for j in range(count):
    name = '%s%d' % (prefix, (first + j) % total)
    stats['monitors'] += 1
    pvs.append(epics.PV(name, auto_monitor=True, callback=on_value, connection_callback=on_connection,
                        connection_timeout=30.0))

for line in sys.stdin:
    if line.strip() == 'report':
        with lock:
            values = list(last.values())
            out = dict(stats, minLast=min(values) if values else None, maxLast=max(values) if values else None)
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()
