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
 *   called on every change of that record, whoever made it (a client, the app, a link); or
 *   with \`onUpdate: (value, put) => …\` and \`validate\` where the record is declared;
 * - \`ioc.<record>.get()\`, \`.put(value, { wait, soft, quiet, force })\`, and the RxJS streams
 *   \`.value$\` and \`.changes$\` (the app's start() runs a pipeline over them).
 * The whole model API is in @devioc/core's README.
 */
import { debounceTime, map, type Subscription } from 'rxjs';
import { getLogger, Model, type ModelOptions, models } from '@devioc/core';

const log = getLogger('${c.className}');

export class ${c.className} extends Model {
  enum = models.Enum({ choices: ['ZERO', 'ONE', 'TWO'], default: 0, desc: 'Enum Test' });
  toggle = models.Toggle({ zname: 'ON', oname: 'OFF', desc: 'Toggle Test' });
  sstring = models.String({ maxLength: 20, desc: 'Short String Test' });
  lstring = models.String({ maxLength: 512, desc: 'Long String Test' });
  intval = models.Integer({ maxVal: 1000, minVal: -1000, default: 0, desc: 'Int Test' });
  floatval = models.Float({ maxVal: 1e6, minVal: 1e-6, default: 0.0, prec: 5, desc: 'Float Test' });
  floatout = models.Float({ desc: 'Test Float Output' });
  intarray = models.Array({ type: 'int', length: 16, desc: 'Int Array Test' });
  floatarray = models.Array({ type: 'float', length: 16, desc: 'Float Array Test' });
  calc = models.Calc({
    calc: 'A+B',
    inpa: '$(device):intval CP NMS',
    inpb: '$(device):floatval CP NMS',
    desc: 'Calc Test',
  });
}

export class ${c.appClassName} {
  readonly ioc: ${c.className};
  #pipeline: Subscription | undefined;

  constructor(deviceName: string, options: Omit<ModelOptions, 'callbacks'> = {}) {
    this.ioc = new ${c.className}(deviceName, { ...options, callbacks: this });
  }

  /** I am called whenever the \`toggle\` record's value changes. */
  async do_toggle(_record: ${c.className}['toggle'], value: number, ioc: ${c.className}): Promise<void> {
    if (value === 1) {
      // Command activated: the value returns to 0 after HIGH seconds.
      log.info(\`Toggle Changed Value \${value}\`);
      await ioc.enum.put((ioc.enum.get() + 1) % 3, { wait: true }); // cycle through values
    }
  }

  do_enum(_record: ${c.className}['enum'], value: number): void {
    log.info(\`New Enum Value \${value}\`);
  }

  async start(): Promise<void> {
    await this.ioc.start();
    // An RxJS pipeline over the records' streams: floatout follows floatval, doubled, once
    // floatval has stayed still for 100 ms.
    this.#pipeline = this.ioc.floatval.changes$
      .pipe(
        debounceTime(100),
        map((value) => value * 2),
      )
      .subscribe((value) => void this.ioc.floatout.put(value));
  }

  async shutdown(): Promise<void> {
    // needed for proper IOC shutdown; the pipeline first, so that nothing puts to a gone record
    this.#pipeline?.unsubscribe();
    await this.ioc.shutdown();
  }
}
`;
