import { describe, expect, it } from 'vitest';
import { CA_MINOR_VERSION } from '@devioc/core/ca';

describe('core package', () => {
  it('speaks CA protocol minor version 13, as rsrv and libca 7.0 do', () => {
    expect(CA_MINOR_VERSION).toBe(13);
  });
});
