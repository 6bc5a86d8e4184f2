"""A pyepics driver for devioc's interop tests.

Reads one JSON command per line on stdin and answers one JSON line on stdout, so that a test
pays libca's start-up once and then talks to our CA server through the real libca (the
Debian python3-pyepics 3.4.1 on EPICS libca 7.0.3). Run with /usr/bin/python3.
"""
import ctypes
import json
import math
import sys
import threading
import time
import traceback

import numpy as np
import epics
from epics import ca

PVS = {}
MONITORS = {}
LOCK = threading.Lock()


def plain(value):
    """Turns numpy/bytes values into JSON-friendly ones; NaN/Inf become strings."""
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple, ctypes.Array)):
        # pyepics hands a one-element char waveform over as a raw ctypes array.
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode('latin-1')
    if isinstance(value, (np.floating, float)):
        v = float(value)
        if math.isnan(v):
            return 'NaN'
        if math.isinf(v):
            return 'Infinity' if v > 0 else '-Infinity'
        return v
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def summary(value):
    arr = np.asarray(value, dtype=float)
    return {'len': int(arr.size), 'sum': float(arr.sum()) if arr.size else 0.0,
            'first': plain(arr[:3]), 'last': plain(arr[-3:]), 'dtype': str(np.asarray(value).dtype)}


def get_pv(name, form='native', auto_monitor=False, count=None):
    key = (name, form, auto_monitor, count)
    pv = PVS.get(key)
    if pv is None:
        pv = epics.PV(name, form=form, auto_monitor=auto_monitor, count=count, connection_timeout=5.0)
        PVS[key] = pv
    return pv


def cmd_get(a):
    pv = get_pv(a['pv'], a.get('form', 'native'), False, a.get('count'))
    if not pv.wait_for_connection(timeout=a.get('timeout', 5.0)):
        return {'connected': False}
    value = pv.get(as_string=a.get('as_string', False), use_monitor=False, timeout=a.get('timeout', 5.0),
                   with_ctrlvars=a.get('ctrl', False), count=a.get('count'))
    out = {'connected': True, 'type': pv.type, 'count': pv.count, 'nelm': pv.nelm,
           'host': pv.host, 'read_access': pv.read_access, 'write_access': pv.write_access}
    if a.get('summary'):
        out['summary'] = summary(value) if value is not None else None
    else:
        out['value'] = plain(value)
    if a.get('char_value'):
        out['char_value'] = plain(pv.char_value)
    if a.get('form', 'native') in ('time', 'ctrl'):
        out.update({'status': pv.status, 'severity': pv.severity, 'timestamp': pv.timestamp})
    if a.get('ctrl'):
        out['ctrl'] = plain(pv.get_ctrlvars(timeout=a.get('timeout', 5.0)) or {})
    return out


def cmd_caget(a):
    """epics.caget exactly as a user would call it (fresh PV each time)."""
    value = epics.caget(a['pv'], as_string=a.get('as_string', False), count=a.get('count'),
                        timeout=a.get('timeout', 5.0), use_monitor=False)
    return {'value': plain(value)}


def cmd_put(a):
    pv = get_pv(a['pv'], 'native', False, None)
    if not pv.wait_for_connection(timeout=a.get('timeout', 5.0)):
        return {'connected': False}
    value = a['value']
    if a.get('numpy'):
        value = np.asarray(value, dtype=a['numpy'])
    if a.get('fill') is not None:  # a large generated array: fill = {'n': N, 'kind': 'arange'}
        n = a['fill']['n']
        value = np.arange(n, dtype=float) * a['fill'].get('scale', 1.0)
    t0 = time.time()
    status = pv.put(value, wait=a.get('wait', False), timeout=a.get('timeout', 10.0))
    return {'connected': True, 'status': status, 'elapsed': time.time() - t0}


def cmd_put_complete(a):
    """A put with a completion callback; reports the callback's arrival."""
    pv = get_pv(a['pv'], 'native', False, None)
    pv.wait_for_connection(timeout=5.0)
    done = threading.Event()
    pv.put(a['value'], use_complete=True, callback=lambda **kw: done.set())
    ok = done.wait(a.get('timeout', 10.0))
    return {'completed': ok, 'put_complete': pv.put_complete}


def cmd_info(a):
    pv = get_pv(a['pv'], 'ctrl', False, None)
    if not pv.wait_for_connection(timeout=a.get('timeout', 5.0)):
        return {'connected': False}
    pv.get(use_monitor=False)
    return {'connected': True, 'type': pv.type, 'count': pv.count, 'nelm': pv.nelm, 'ftype': pv.ftype,
            'read_access': pv.read_access, 'write_access': pv.write_access, 'enum_strs': plain(pv.enum_strs),
            'units': plain(pv.units), 'precision': pv.precision, 'ctrl': plain(pv.get_ctrlvars() or {})}


def cmd_connect(a):
    pv = epics.PV(a['pv'], connection_timeout=a.get('timeout', 5.0), auto_monitor=False)
    ok = pv.wait_for_connection(timeout=a.get('timeout', 5.0))
    return {'connected': bool(ok), 'host': pv.host if ok else None}


def cmd_monitor(a):
    mid = a['id']
    events = []
    conn = []

    def on_value(value=None, status=None, severity=None, timestamp=None, count=None, **kw):
        with LOCK:
            ev = {'status': status, 'severity': severity, 'timestamp': timestamp, 'count': count}
            if a.get('summary'):
                ev['summary'] = summary(value)
            else:
                ev['value'] = plain(value)
            events.append(ev)

    def on_conn(pvname=None, conn=None, **kw):
        with LOCK:
            conn_events.append(bool(conn))

    conn_events = conn
    mask = a.get('mask')
    pv = epics.PV(a['pv'], form=a.get('form', 'time'), auto_monitor=(mask if mask else True),
                  callback=on_value, connection_callback=on_conn, connection_timeout=5.0)
    pv.wait_for_connection(timeout=5.0)
    MONITORS[mid] = (pv, events, conn)
    return {'connected': pv.connected}


def cmd_events(a):
    pv, events, conn = MONITORS[a['id']]
    deadline = time.time() + a.get('timeout', 5.0)
    want = a.get('at_least', 0)
    until = a.get('until_connection')  # wait until this connection state has been reported
    while time.time() < deadline:
        with LOCK:
            if len(events) >= want and (until is None or (until in conn and (until is False or pv.connected))):
                break
        time.sleep(0.01)
    with LOCK:
        out = list(events)
        if a.get('clear', True):
            events.clear()
        c = list(conn)
    return {'events': out, 'connection': c, 'connected': pv.connected}


def cmd_unmonitor(a):
    pv, _, _ = MONITORS.pop(a['id'])
    pv.clear_callbacks()
    pv.disconnect()
    return {}


def cmd_exec(a):
    scope = {'epics': epics, 'ca': ca, 'np': np, 'time': time, 'args': a.get('args', {})}
    exec(a['code'], scope)
    return {'result': plain(scope.get('result'))}


COMMANDS = {'get': cmd_get, 'caget': cmd_caget, 'put': cmd_put, 'put_complete': cmd_put_complete,
            'info': cmd_info, 'connect': cmd_connect, 'monitor': cmd_monitor, 'events': cmd_events,
            'unmonitor': cmd_unmonitor, 'exec': cmd_exec}


def main():
    sys.stdout.write(json.dumps({'ready': True, 'pyepics': epics.__version__}) + '\n')
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            res = {'id': req['id'], 'ok': True, 'result': COMMANDS[req['cmd']](req.get('args', {}))}
        except Exception as exc:  # report, never die: the test decides
            res = {'id': req['id'], 'ok': False, 'error': '%s: %s' % (type(exc).__name__, exc),
                   'trace': traceback.format_exc()}
        sys.stdout.write(json.dumps(res) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
