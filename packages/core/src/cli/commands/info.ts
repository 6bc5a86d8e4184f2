/** `devioc info`: cainfo. */
import dns from 'node:dns';
import type { Command } from 'commander';
import { infoBlock } from '../ca-format/lines.js';
import { type CommonOptions, addCommonOptions, connectAll, finish, timeoutOf, toolClient } from './ca-common.js';

/** libca names a server by its host name (reverse lookup) and port, e.g. "localhost:5064". */
async function hostText(server: string | undefined): Promise<string> {
  if (server === undefined) return '<disconnected>';
  const colon = server.lastIndexOf(':');
  const address = server.slice(0, colon);
  const port = Number(server.slice(colon + 1));
  try {
    const { hostname } = await dns.promises.lookupService(address, port);
    return `${hostname}:${port}`;
  } catch {
    return server;
  }
}

export function registerInfo(program: Command): void {
  const cmd = program
    .command('info')
    .description('show what the server says about PVs (type, count, access, host), like cainfo')
    .argument('<pv...>', 'PV names');
  addCommonOptions(cmd).action(async (names: string[], o: CommonOptions) => {
    const timeout = timeoutOf(o, 'cainfo');
    const client = toolClient(timeout, o.p);
    const channels = await connectAll(client, names, timeout);
    if (channels === undefined) return finish(client, 1);
    let out = '';
    for (const ch of channels) {
      const i = ch.info;
      out += infoBlock({
        name: ch.name,
        state: i.state === 'connected' ? 'connected' : i.state === 'disconnected' ? 'previously connected' : i.state === 'closed' ? 'closed' : 'never connected',
        host: await hostText(i.server),
        read: i.readAccess,
        write: i.writeAccess,
        nativeType: i.nativeType,
        elementCount: i.elementCount,
      });
    }
    process.stdout.write(out);
    await finish(client, 0);
  });
}
