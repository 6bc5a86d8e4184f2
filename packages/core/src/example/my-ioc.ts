/**
 * The example IOC of DevIOC's documentation, line for line in TypeScript: a model of records
 * and an application whose callbacks give it behaviour. `devioc example --device X` serves it,
 * and `devioc startproject` writes a project around it.
 */
import { getLogger } from '../log/index.js';
import { Model, type ModelOptions, models, type RecordHandle } from '../model/index.js';

const log = getLogger('MyIOC');

export class MyIOC extends Model {
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

export class MyIOCApp {
  readonly ioc: MyIOC;

  constructor(deviceName: string, options: Omit<ModelOptions, 'callbacks'> = {}) {
    this.ioc = new MyIOC(deviceName, { ...options, callbacks: this });
  }

  /** I am called whenever the `toggle` record's value changes. */
  async do_toggle(_record: RecordHandle<number, number | boolean | string>, value: number, ioc: MyIOC): Promise<void> {
    if (value === 1) {
      // Command activated: the value returns to 0 after HIGH seconds.
      log.info(`Toggle Changed Value ${value}`);
      await ioc.enum.put((ioc.enum.get() + 1) % 3, { wait: true }); // cycle through values
    }
  }

  do_enum(_record: RecordHandle<number, number | string>, value: number): void {
    log.info(`New Enum Value ${value}`);
  }

  async start(): Promise<void> {
    await this.ioc.start();
  }

  async shutdown(): Promise<void> {
    // needed for proper IOC shutdown
    await this.ioc.shutdown();
  }
}
