#!/usr/bin/python3
"""pyepics (libca) doing the same work as bench/ca-client.mjs's devioc client, against the same server.

Usage: /usr/bin/python3 bench/ca-client-pyepics.py <connect|seqget|pipeget|monitor> [args...]
Prints one JSON object. The environment (EPICS_CA_*) points it at the bench server.
"""
import json
import sys
import time

import epics
from epics import ca


def connect(n):
    names = [f"B:{i}" for i in range(int(n))]
    t0 = time.perf_counter()
    chids = [ca.create_channel(name, connect=False, auto_cb=False) for name in names]
    for chid in chids:
        if not ca.connect_channel(chid, timeout=30):
            return {"error": "connect timeout"}
    return {"channels": len(chids), "seconds": time.perf_counter() - t0}


def seqget(n):
    chid = ca.create_channel("B:0", connect=True, auto_cb=False)
    ca.get(chid)
    t0 = time.perf_counter()
    for _ in range(int(n)):
        ca.get(chid)
    dt = time.perf_counter() - t0
    return {"gets": int(n), "seconds": dt}


def pipeget(channels, rounds):
    chids = [ca.create_channel(f"B:{i}", connect=False, auto_cb=False) for i in range(int(channels))]
    for chid in chids:
        ca.connect_channel(chid, timeout=30)
    t0 = time.perf_counter()
    for _ in range(int(rounds)):
        for chid in chids:
            ca.get(chid, wait=False)
        ca.pend_io(30)
        for chid in chids:
            ca.get_complete(chid)
    dt = time.perf_counter() - t0
    return {"gets": int(channels) * int(rounds), "seconds": dt}


def monitor(channels, seconds):
    count = [0]

    def cb(**kw):
        count[0] += 1

    pvs = [epics.PV(f"M:{i}", callback=cb, form="time") for i in range(int(channels))]
    for pv in pvs:
        pv.wait_for_connection(30)
    time.sleep(1.0)
    count[0] = 0
    t0 = time.perf_counter()
    end = t0 + float(seconds)
    while time.perf_counter() < end:
        time.sleep(0.05)
    dt = time.perf_counter() - t0
    return {"updates": count[0], "seconds": dt}


if __name__ == "__main__":
    scenario, args = sys.argv[1], sys.argv[2:]
    result = {"connect": connect, "seqget": seqget, "pipeget": pipeget, "monitor": monitor}[scenario](*args)
    result["pyepics"] = epics.__version__
    print(json.dumps(result), flush=True)
    epics.ca.finalize_libca()
