"""A CA client that subscribes and then stops reading: the misbehaving client of the load tests.

It speaks the protocol by hand (nothing of libca or devioc) with a 4 KiB receive buffer, so that
the server's sends back up within seconds. Usage:
  python3 stalled_ca_client.py HOST PORT SUBS_PER_CHANNEL NAME...
Prints "STALLED" once its subscriptions are made, then never reads again; it exits when stdin closes.
"""
import socket
import struct
import sys

host, port, per_channel, names = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
MINOR = 13
DBR_TIME_DOUBLE = 20
MASK = 1 | 4  # DBE_VALUE | DBE_ALARM


def padded(text):
    raw = text.encode() + b'\0'
    return raw + b'\0' * ((8 - len(raw) % 8) % 8)


def header(cmd, payload_size, dtype, count, p1, p2):
    return struct.pack('>HHHHII', cmd, payload_size, dtype, count, p1, p2)


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect((host, port))
out = header(0, 0, 0, MINOR, 0, 0)
for cmd, text in ((21, 'stalled-host'), (20, 'stalled-user')):
    body = padded(text)
    out += header(cmd, len(body), 0, 0, 0, 0) + body
for cid, name in enumerate(names):
    body = padded(name)
    out += header(18, len(body), 0, 0, cid, MINOR) + body
s.sendall(out)

# Read until every channel is created: CREATE_CHAN replies carry (cid, sid).
sids = {}
buf = b''
while len(sids) < len(names):
    chunk = s.recv(65536)
    if not chunk:
        sys.exit('server closed the circuit before the channels were created')
    buf += chunk
    while len(buf) >= 16:
        cmd, size, dtype, count, p1, p2 = struct.unpack('>HHHHII', buf[:16])
        if len(buf) < 16 + size:
            break
        if cmd == 18:
            sids[p1] = p2
        elif cmd == 26:
            sys.exit('channel create failed for %s' % names[p1])
        buf = buf[16 + size:]

subs = b''
subid = 0
for cid, sid in sids.items():
    for _ in range(per_channel):
        subs += header(1, 16, DBR_TIME_DOUBLE, 1, sid, subid) + struct.pack('>fffHH', 0.0, 0.0, 0.0, MASK, 0)
        subid += 1
s.sendall(subs)
sys.stdout.write('STALLED\n')
sys.stdout.flush()
sys.stdin.read()  # never read the socket again; leave when the test closes stdin
