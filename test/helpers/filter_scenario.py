"""Channel filters as a libca client sees them (test/channel-filters.test.ts): gets, element
counts, monitors through dbnd and dec while values are put, ts, and names that must not connect.
Prints one JSON object; run against softIoc to capture the fixture and against devioc to compare.
Usage: /usr/bin/python3 filter_scenario.py (EPICS_CA_* in the environment name the server)."""
import json
import sys
import threading
import time

import epics

GETS = [
    'F:wave', 'F:wave.[2:4]', 'F:wave.[1:2:6]', 'F:wave.[5]', 'F:wave.[-3:]', 'F:wave.[:2]',
    'F:wave.[-1:0]', 'F:wave.{"arr":{"s":1,"i":3}}', 'F:wave.VAL{"arr":{"e":-2}}', 'F:wave.[0x2:010]',
    'F:long.[::2]', 'F:long.[6:100]', 'F:ao.[0:3]', 'F:str.$', 'F:str.VAL$', 'F:ao.{"dec":{"n":2}}',
    'F:ao.{"dbnd":{"abs":5}}', 'F:wave.[1:3]{"dec":{"n":2}}',
]
REFUSED = [
    'F:wave.[x]', 'F:wave.[1:2:3:4]', 'F:ao.{"bogus":{}}', 'F:ao.{"dec":{"n":0}}', 'F:ao.{"dec":{}}',
    'F:ao.{dec}', 'F:ao.{"dbnd":{"m":"sideways"}}', 'F:ao.VAL]', 'F:ao$',
]
PUTS = [1.2, 1.5, 2.5, 2.6, 3.7, 3.0, 10.0, 9.5, -1.0, 0.5, 0.7, 20.0]
MONITORED = ['F:ao.{"dbnd":{"abs":1}}', 'F:ao.{"dbnd":{"rel":20}}', 'F:ao.{"dec":{"n":3}}', 'F:ao.{"dbnd":{"d":0.5,"m":"abs"}}',
             'F:ao.{"dec":{"n":2},"dbnd":{"abs":1}}']


def plain(v):
    try:
        return [float(x) if not isinstance(x, str) else x for x in v]
    except TypeError:
        return v if isinstance(v, str) else float(v)


def main():
    out = {'gets': {}, 'refused': {}, 'monitors': {}}
    epics.caput('F:ao', 0.0, wait=True)
    for name in GETS:
        pv = epics.PV(name, auto_monitor=False, connection_timeout=3.0)
        if not pv.wait_for_connection(timeout=3.0):
            out['gets'][name] = {'connected': False}
            continue
        value = pv.get(use_monitor=False, as_string=False, timeout=3.0)
        out['gets'][name] = {'connected': True, 'nelm': pv.nelm, 'type': pv.type, 'value': plain(value)}
        pv.disconnect()
    for name in REFUSED:
        pv = epics.PV(name, auto_monitor=False, connection_timeout=1.5)
        out['refused'][name] = bool(pv.wait_for_connection(timeout=1.5))
        pv.disconnect()
    lock = threading.Lock()
    seen = {name: [] for name in MONITORED}
    pvs = []
    for name in MONITORED:
        def cb(value=None, pvname=None, _name=name, **kw):
            with lock:
                seen[_name].append(float(value))
        pv = epics.PV(name, auto_monitor=True, callback=cb, connection_timeout=3.0)
        pv.wait_for_connection(timeout=3.0)
        pvs.append(pv)
    # The first update of each monitor, before any put.
    deadline = time.time() + 5
    while time.time() < deadline and any(not seen[n] for n in MONITORED):
        time.sleep(0.01)
    for v in PUTS:
        epics.caput('F:ao', v, wait=True)
        time.sleep(0.05)
    # A last jump every filter lets through (dec counts it: put enough of them), as a sentinel.
    for _ in range(3):
        epics.caput('F:ao', 1000.0, wait=True)
        time.sleep(0.05)
    deadline = time.time() + 5
    while time.time() < deadline and any(1000.0 not in seen[n] for n in MONITORED):
        time.sleep(0.01)
    time.sleep(0.3)
    with lock:
        out['monitors'] = {n: list(v) for n, v in seen.items()}
    # ts: the time of the read, not of the record's last processing.
    plain_pv = epics.PV('F:ao', form='time', auto_monitor=False)
    ts_pv = epics.PV('F:ao.{"ts":{}}', form='time', auto_monitor=False)
    plain_pv.wait_for_connection(3.0)
    ts_pv.wait_for_connection(3.0)
    time.sleep(0.5)
    plain_pv.get(use_monitor=False)
    ts_pv.get(use_monitor=False)
    before = time.time()
    out['ts'] = {'record_older_than_read': plain_pv.timestamp < before - 0.4, 'ts_is_now': abs(ts_pv.timestamp - time.time()) < 2.0}
    # ts with a form: the value is the channel's time stamp (here F:ao's), in that form.
    rec = epics.PV('F:ao', form='time', auto_monitor=False)
    rec.wait_for_connection(3.0)
    rec.get(use_monitor=False)
    stamp = rec.timestamp  # POSIX seconds
    epics_sec = int(stamp) - 631152000
    forms = {}
    for name in ['F:ao.{"ts":{"num":"dbl"}}', 'F:ao.{"ts":{"num":"sec"}}', 'F:ao.{"ts":{"num":"nsec"}}',
                 'F:ao.{"ts":{"num":"dbl","epoch":"unix"}}', 'F:ao.{"ts":{"num":"sec","epoch":"unix"}}',
                 'F:ao.{"ts":{"str":"epics"}}', 'F:ao.{"ts":{"str":"iso"}}', 'F:ao.{"ts":{"str":"epics","num":"dbl"}}',
                 'F:wave.{"ts":{"num":"nsec"}}', 'F:ao.{"ts":{"num":"bogus"}}', 'F:ao.{"ts":{"str":"local"}}']:
        pv = epics.PV(name, auto_monitor=False, connection_timeout=1.5)
        if not pv.wait_for_connection(1.5):
            forms[name] = {'connected': False}
            continue
        v = pv.get(use_monitor=False)
        entry = {'connected': True, 'type': pv.type, 'nelm': pv.nelm}
        if isinstance(v, str):
            t = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(int(stamp)))
            entry['matches'] = v.startswith(t.replace(' ', 'T') if '"iso"' in name else t) and len(v) >= 26
        elif '"sec"' in name:
            entry['matches'] = float(v) == (int(stamp) if 'unix' in name else epics_sec)
        elif '"dbl"' in name:
            entry['matches'] = abs(float(v) - (stamp if 'unix' in name else stamp - 631152000)) < 1e-5
        elif 'F:ao' in name:
            entry['matches'] = abs(float(v) * 1e-9 - (stamp - int(stamp))) < 1e-5
        else:
            entry['matches'] = 0 <= float(v) < 1e9
        forms[name] = entry
        pv.disconnect()
    out['ts_forms'] = forms
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')
    sys.stdout.flush()
    epics.ca.finalize_libca()


main()
