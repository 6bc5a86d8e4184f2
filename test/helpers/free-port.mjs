/**
 * Ports for test servers: free for both TCP and UDP on every interface (a CA server binds both,
 * and with SO_REUSEADDR on UDP: a second IOC on a port already taken silently takes its
 * searches), with the ports after it free too (beacons, the repeater). One implementation for
 * the TypeScript tests (test/helpers/ports.ts) and the plain .mjs helpers.
 */
import dgram from 'node:dgram';
import net from 'node:net';

const tcpFree = (port) =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '0.0.0.0', exclusive: true }, () => s.close(() => resolve(true)));
  });

const udpFree = (port) =>
  new Promise((resolve) => {
    const s = dgram.createSocket({ type: 'udp4', reuseAddr: false });
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind({ port, address: '0.0.0.0', exclusive: true }, () => s.close(() => resolve(true)));
  });

/** A port in 20000–59999 free for TCP and UDP, with the `span - 1` ports after it free too. */
export async function freePort(span = 2) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    let ok = true;
    for (let p = port; p < port + span && ok; p++) ok = (await tcpFree(p)) && (await udpFree(p));
    if (ok) return port;
  }
  throw new Error('no free port found');
}
