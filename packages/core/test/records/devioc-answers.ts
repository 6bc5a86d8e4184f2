/**
 * The devioc side of the fixtures captured from softIoc (softioc-capture.mjs): serves a .db from
 * a Runtime on a private loopback port and hands `read` a CA client, as the capture scripts hand
 * theirs softIoc. Returns the answers and the runtime, which the test closes when done.
 */
import { Runtime } from '@devioc/core';
import { instantiateDb, loadDbFile } from '@devioc/core/records';
import { CaClient } from '../../src/ca/client/index.js';
import type { Logger } from '../../src/log/logger.js';
import { freePort } from '../../../../test/helpers/ports.js';

export async function answersFromDevioc<T>(dbFile: string, read: (client: CaClient) => Promise<T>, logger?: Logger): Promise<{ runtime: Runtime; answers: T }> {
  const port = await freePort();
  const runtime = new Runtime({ port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`] });
  instantiateDb(runtime.db, loadDbFile(dbFile));
  await runtime.attach({});
  const client = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, timeout: 5, env: {}, ...(logger ? { logger } : {}) });
  try {
    return { runtime, answers: await read(client) };
  } finally {
    await client.close();
  }
}
