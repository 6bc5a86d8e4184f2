/**
 * A record field's channel watches its client's rights for the server's channel
 * (CaPv.watchAccess): one listener, told of loads and ASG changes, never after it left.
 */
import { describe, expect, it } from 'vitest';
import { parseAcf } from '../../src/access/index.js';
import { Access } from '../../src/ca/protocol/constants.js';
import type { AccessListener, ClientInfo } from '../../src/ca/server/provider.js';
import { instantiateDb } from '../../src/records/load-db.js';
import { RecordDatabase } from '../../src/records/database.js';
import { parseDb } from '../../src/records/db-file/index.js';

const client: ClientInfo = { user: 'op', host: 'localhost', address: '127.0.0.1', port: 5064 };

class Listener implements AccessListener {
  readonly told: number[] = [];
  rightsChanged(rights: number): void {
    this.told.push(rights);
  }
}

describe('FieldChannel.watchAccess', () => {
  it('tells its listener of loads and ASG changes until it leaves, and takes one listener', () => {
    const db = new RecordDatabase();
    instantiateDb(db, parseDb('record(ao, "W:a") {}\nrecord(ao, "W:b") {}'));
    const channel = db.open('W:a')!;
    const listener = new Listener();
    channel.watchAccess!(client, listener);
    expect(() => channel.watchAccess!(client, new Listener())).toThrow(/one channel/);

    db.security.load(parseAcf('ASG(DEFAULT) { RULE(1, READ) }\nASG(RW) { RULE(1, WRITE) }', { file: 'x.acf' }));
    expect(listener.told).toEqual([Access.READ]);
    db.get('W:a')!.set('ASG', 'RW');
    expect(listener.told).toEqual([Access.READ, Access.READ_WRITE]);

    channel.unwatchAccess!(listener);
    db.security.load(parseAcf('ASG(DEFAULT) { RULE(1, READ) }', { file: 'y.acf' }));
    db.get('W:a')!.set('ASG', 'DEFAULT');
    expect(listener.told).toEqual([Access.READ, Access.READ_WRITE]);

    // Free again: another listener may watch it.
    const next = new Listener();
    channel.watchAccess!(client, next);
    db.security.unload();
    expect(next.told).toEqual([Access.READ_WRITE]);
  });
});
