/**
 * A Runtime serving the records of a .db text on a free loopback port, for the length of one
 * test file: started before its tests, closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { Runtime } from '@devioc/core';
import { instantiateDb, parseDb } from '@devioc/core/records';
import { freePort } from '../../../../../test/helpers/ports.js';

export interface ServedDb {
  readonly runtime: Runtime;
  /** The CA server's TCP port. */
  readonly port: number;
}

/** Registers the file's beforeAll/afterAll; read the result's fields inside tests only. */
export function serveDbForFile(db: string): ServedDb {
  const served = { runtime: undefined as unknown as Runtime, port: 0 };
  beforeAll(async () => {
    served.port = await freePort();
    served.runtime = new Runtime({ port: served.port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${served.port + 1}`] });
    instantiateDb(served.runtime.db, parseDb(db));
    await served.runtime.attach({});
  });
  afterAll(async () => {
    await served.runtime?.close();
  });
  return served;
}
