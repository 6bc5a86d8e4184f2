import { testClient } from './ca-client.js';

/** The PVs and identities of fixtures/access: the probe that produced softioc-rights.txt against EPICS softIoc. */
const PVS = ['T:def', 'T:ro', 'T:hosts', 'T:live', 'T:enable', 'T:level', 'T:level.DESC', 'T:nogroup', 'T:def.DESC'];
const IDENTITIES = [['alice', 'h1'], ['carol', 'h1'], ['carol', 'ctrlhost'], ['dave', 'CTRLHOST'], ['eve', '10.0.0.5']];

/** One line per identity: each PV's read/write access as a client naming itself (CLIENT_NAME, HOST_NAME) is granted it. */
export async function rightsMatrix(serverPort: number): Promise<string> {
  let out = '';
  for (const [user, host] of IDENTITIES) {
    const c = testClient(serverPort, { userName: user, hostName: host });
    try {
      const row: string[] = [];
      for (const pv of PVS) {
        const ch = c.channel(pv);
        await ch.whenConnected(5);
        row.push(`${pv}=${ch.readAccess ? 'r' : '-'}${ch.writeAccess ? 'w' : '-'}`);
      }
      out += `${user} ${host} ${row.join(' ')}\n`;
    } finally {
      await c.close();
    }
  }
  return out;
}
