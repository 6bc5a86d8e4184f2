import { CaServer, type CaServerStartOptions, MemoryPvProvider, type MemoryPvDefinition } from '@devioc/core/ca';
import { freePort } from './ports.js';

export interface TestServer {
  server: CaServer;
  pvs: MemoryPvProvider;
  port: number;
  stop(): Promise<void>;
}

/** A CA server on a free port, serving an in-memory PV set, beaconing to loopback only. */
export async function startTestServer(definitions: MemoryPvDefinition[], options: CaServerStartOptions = {}, port?: number): Promise<TestServer> {
  const p = port ?? (await freePort());
  const pvs = new MemoryPvProvider(definitions);
  const server = new CaServer({
    port: p,
    autoBeaconAddresses: false,
    beaconAddresses: [`127.0.0.1:${p + 1}`],
    providers: [pvs],
    ...options,
  });
  await server.start();
  return { server, pvs, port: p, stop: () => server.stop() };
}
