# Run by pyepics_driver.py's exec (scope: ca, time, args): subscribes to args['names'] with
# DBE_VALUE|DBE_LOG|DBE_ALARM|DBE_PROPERTY, carries out args['steps'] (each a list of
# [pv, value] puts with completion) and returns, per step, the events each PV received:
# [value, status, severity]. After each step it puts the step's number to args['marker'] and
# waits for that marker's own event: the server sends one circuit's events in order, so every
# event the step caused has arrived by then.
names = args['names']
marker = args['marker']
received = []

def on_event(pvname=None, value=None, status=None, severity=None, **kw):
    if isinstance(value, bytes):
        value = value.decode('latin-1')
    elif hasattr(value, 'tolist'):
        value = value.tolist()
    received.append([pvname, value, status, severity])

chids = {}
for name in names + [marker]:
    chid = ca.create_channel(name, connect=False, auto_cb=False)
    if not ca.connect_channel(chid, timeout=5.0):
        raise RuntimeError('not connected: ' + name)
    chids[name] = chid
keep = [ca.create_subscription(chids[n], use_time=True, mask=15, callback=on_event) for n in names + [marker]]

def barrier(number):
    ca.put(chids[marker], number, wait=True)
    deadline = time.time() + 20.0
    while time.time() < deadline:
        ca.pend_event(0.01)
        if any(e[0] == marker and e[1] == number for e in received):
            return
    raise RuntimeError('no marker event %d' % number)

segments = []
def cut(number):
    barrier(number)
    seen = {}
    for name, value, status, severity in received:
        if name != marker:
            seen.setdefault(name, []).append([value, status, severity])
    del received[:]
    segments.append(seen)

cut(1)
for i, step in enumerate(args['steps']):
    for pv, value in step:
        ch = chids.get(pv)
        if ch is None:
            ch = chids[pv] = ca.create_channel(pv, connect=False, auto_cb=False)
            ca.connect_channel(ch, timeout=5.0)
        ca.put(ch, value, wait=True)
    cut(i + 2)
result = segments
