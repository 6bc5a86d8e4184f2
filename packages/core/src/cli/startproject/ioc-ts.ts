import type { ProjectContext } from './context.js';

/**
 * src/ioc.ts: devioc's example IOC (packages/core/src/example/my-ioc.ts, DevIOC's documented
 * example), its model and app named after the project. Everything from `const log` on is the
 * example's text with `MyIOC` renamed (a test keeps the two in step).
 */
export const iocTs = (c: ProjectContext): string => `/**
 * ${c.name}: the IOC's records (the model, ${c.className}) and its behaviour (the app,
 * ${c.appClassName}). It starts as devioc's example IOC; make it yours:
 * - declare records as fields of the model with the builders of \`models\` (Enum, Toggle,
 *   String, Integer, Float, Array, Calc, CalcOut, BinaryInput, BinaryOutput, and the input
 *   records Ai, Bi, Longin, Mbbi, Stringin); each is served as \`<device>:<name>\`, and each of
 *   its fields as \`<device>:<name>.FIELD\`;
 * - give the IOC behaviour with \`do_<record>(record, value, ioc)\` methods on the app: they are
 *   called on every change of that record, whoever made it (a client, the app, a link);
 * - \`ioc.<record>.get()\`, \`.put(value, { wait, soft, quiet, force })\`, and the RxJS streams
 *   \`.value$\` and \`.changes$\`.
 * The whole model API is in @devioc/core's README.
 */
import { getLogger, Model, type ModelOptions, models, type RecordHandle } from '@devioc/core';

const log = getLogger('${c.className}');

export class ${c.className} extends Model {
  enum = models.Enum('enum', { choices: ['ZERO', 'ONE', 'TWO'], default: 0, desc: 'Enum Test' });
  toggle = models.Toggle('toggle', { zname: 'ON', oname: 'OFF', desc: 'Toggle Test' });
  sstring = models.String('sstring', { maxLength: 20, desc: 'Short String Test' });
  lstring = models.String('lstring', { maxLength: 512, desc: 'Long String Test' });
  intval = models.Integer('intval', { maxVal: 1000, minVal: -1000, default: 0, desc: 'Int Test' });
  floatval = models.Float('floatval', { maxVal: 1e6, minVal: 1e-6, default: 0.0, prec: 5, desc: 'Float Test' });
  floatout = models.Float('floatout', { desc: 'Test Float Output' });
  intarray = models.Array('intarray', { type: 'int', length: 16, desc: 'Int Array Test' });
  floatarray = models.Array('floatarray', { type: 'float', length: 16, desc: 'Float Array Test' });
  calc = models.Calc('calc', {
    calc: 'A+B',
    inpa: '$(device):intval CP NMS',
    inpb: '$(device):floatval CP NMS',
    desc: 'Calc Test',
  });
}

export class ${c.appClassName} {
  readonly ioc: ${c.className};

  constructor(deviceName: string, options: Omit<ModelOptions, 'callbacks'> = {}) {
    this.ioc = new ${c.className}(deviceName, { ...options, callbacks: this });
  }

  /** I am called whenever the \`toggle\` record's value changes. */
  async do_toggle(_record: RecordHandle<number, number | boolean | string>, value: number, ioc: ${c.className}): Promise<void> {
    if (value === 1) {
      // Command activated: the value returns to 0 after HIGH seconds.
      log.info(\`Toggle Changed Value \${value}\`);
      await ioc.enum.put((ioc.enum.get() + 1) % 3, { wait: true }); // cycle through values
    }
  }

  do_enum(_record: RecordHandle<number, number | string>, value: number): void {
    log.info(\`New Enum Value \${value}\`);
  }

  async start(): Promise<void> {
    await this.ioc.start();
  }

  async shutdown(): Promise<void> {
    // needed for proper IOC shutdown
    await this.ioc.shutdown();
  }
}
`;
