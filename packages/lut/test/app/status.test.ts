/**
 * What status and message show when several problems stand: the most serious, whatever the
 * order they were raised in (a refused file is never hidden by a routine NO INPUT).
 */
import { describe, expect, it } from 'vitest';
import { LutStatus } from '../../src/model/lut-model.js';
import { StatusBoard, type StatusView } from '../../src/app/status.js';

const board = (): { b: StatusBoard; shown: StatusView[] } => {
  const shown: StatusView[] = [];
  const b = new StatusBoard((view) => shown.push(view));
  return { b, shown };
};

describe('the status board', () => {
  it('shows a file error over NO INPUT whichever came first', () => {
    for (const fileFirst of [true, false]) {
      const { b } = board();
      const raiseFile = () => b.raise('file', LutStatus.FILE_ERROR, 'refused');
      const raiseInput = () => b.raise('input', LutStatus.NO_INPUT, 'waiting for input E to connect', true);
      if (fileFirst) {
        raiseFile();
        raiseInput();
      } else {
        raiseInput();
        raiseFile();
      }
      expect(b.view).toEqual({ status: LutStatus.FILE_ERROR, message: 'refused' });
      // A real (not expected) NO INPUT still ranks below a file error.
      b.raise('input', LutStatus.NO_INPUT, 'input E disconnected');
      expect(b.view.status).toBe(LutStatus.FILE_ERROR);
      b.clear('file');
      expect(b.view).toEqual({ status: LutStatus.NO_INPUT, message: 'input E disconnected' });
    }
  });

  it('ranks FILE ERROR > TABLE ERROR > TARGET ERROR > OUT OF RANGE > NO INPUT, and the newest of equal ones', () => {
    const { b } = board();
    b.raise('input', LutStatus.NO_INPUT, 'no input');
    b.raise('range', LutStatus.OUT_OF_RANGE, 'range');
    expect(b.view.status).toBe(LutStatus.OUT_OF_RANGE);
    b.raise('target', LutStatus.TARGET_ERROR, 'target');
    b.raise('input', LutStatus.NO_INPUT, 'no input again');
    expect(b.view.status).toBe(LutStatus.TARGET_ERROR);
    b.raise('fit', LutStatus.TABLE_ERROR, 'fit');
    b.raise('edit', LutStatus.TABLE_ERROR, 'edit');
    expect(b.view.message).toBe('edit');
    b.raise('file', LutStatus.FILE_ERROR, 'file');
    expect(b.view.message).toBe('file');
    for (const [source, next] of [['file', 'edit'], ['edit', 'fit'], ['fit', 'target'], ['target', 'range'], ['range', 'no input again'], ['input', '']] as const) {
      b.clear(source);
      expect(b.view.message).toBe(next);
    }
    expect(b.view.status).toBe(LutStatus.OK);
  });

  it('an expected problem (waiting for a PV at start) ranks below every real one', () => {
    const { b } = board();
    b.raise('range', LutStatus.OUT_OF_RANGE, 'range');
    b.raise('target', LutStatus.TARGET_ERROR, 'waiting for target G to connect', true);
    expect(b.view.message).toBe('range');
    b.raise('target', LutStatus.TARGET_ERROR, 'target G disconnected');
    expect(b.view.message).toBe('target G disconnected');
  });
});
