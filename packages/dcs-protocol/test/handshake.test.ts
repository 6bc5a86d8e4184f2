import { describe, expect, it } from 'vitest';
import type { HandshakeContext } from '../src/index.js';
import { judgeHandshakeReply, normalizeAddress } from '../src/index.js';

const context = (overrides: Partial<HandshakeContext> = {}): HandshakeContext => ({
  allowedHosts: (name) => (name === 'robot' ? [] : name === 'fenced' ? ['10.0.0.5'] : undefined),
  isConnected: () => false,
  remoteAddress: '::ffff:127.0.0.1',
  delays: { wrongHostMs: 1000, duplicateMs: 3000 },
  ...overrides,
});

describe('judgeHandshakeReply (DCSS rules)', () => {
  it('accepts a known DHS', () => {
    expect(judgeHandshakeReply('htos_client_is_hardware robot', context())).toEqual({ ok: true, dhsName: 'robot' });
  });
  it('refuses a bad reply', () => {
    expect(judgeHandshakeReply('gtos_client_is_gui', context())).toMatchObject({ ok: false, reason: 'bad-reply', closeDelayMs: 0 });
    expect(judgeHandshakeReply('htos_client_is_hardware', context())).toMatchObject({ ok: false, reason: 'bad-reply' });
  });
  it('refuses an unknown name', () => {
    expect(judgeHandshakeReply('htos_client_is_hardware camera', context())).toMatchObject({ ok: false, reason: 'unknown-dhs', dhsName: 'camera' });
  });
  it('refuses the wrong host after 1 s', () => {
    expect(judgeHandshakeReply('htos_client_is_hardware fenced', context())).toMatchObject({ ok: false, reason: 'wrong-host', closeDelayMs: 1000 });
    expect(judgeHandshakeReply('htos_client_is_hardware fenced', context({ remoteAddress: '::ffff:10.0.0.5' }))).toEqual({ ok: true, dhsName: 'fenced' });
  });
  it('refuses a second connection with the same name after 3 s', () => {
    expect(judgeHandshakeReply('htos_client_is_hardware robot', context({ isConnected: () => true }))).toMatchObject({
      ok: false,
      reason: 'already-connected',
      closeDelayMs: 3000,
    });
  });
  it('normalises addresses', () => {
    expect(normalizeAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress('localhost')).toBe('127.0.0.1');
    expect(normalizeAddress('::1')).toBe('127.0.0.1');
  });
});
