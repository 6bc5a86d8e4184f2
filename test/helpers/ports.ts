import dgram from 'node:dgram';
import net from 'node:net';

const tcpFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '0.0.0.0', exclusive: true }, () => s.close(() => resolve(true)));
  });

const udpFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = dgram.createSocket({ type: 'udp4', reuseAddr: false });
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind({ port, address: '0.0.0.0', exclusive: true }, () => s.close(() => resolve(true)));
  });

/**
 * A port free for both TCP and UDP (and, with `span`, the following ports too), so that tests
 * never collide with each other or with IOCs already running on this machine.
 */
export async function freePort(span = 2): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    let ok = true;
    for (let p = port; p < port + span && ok; p++) ok = (await tcpFree(p)) && (await udpFree(p));
    if (ok) return port;
  }
  throw new Error('no free port found');
}
