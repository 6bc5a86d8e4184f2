/**
 * The example IOC of DevIOC's documentation, line for line in TypeScript: a model of records
 * and an application whose callbacks give it behaviour. Each record is named after its
 * attribute (`toggle` serves DEVICE:toggle); a callback's record is typed by the model's field
 * (`MyIOC['toggle']`). The root README's example is this file, shortened (a test checks it).
 * `devioc example --device X` serves it, and `devioc startproject` writes a project around it.
 */
import { debounceTime, map, type Subscription } from 'rxjs';
import { getLogger } from '../log/index.js';
import { Model, type ModelOptions, models } from '../model/index.js';

const log = getLogger('MyIOC');

export class MyIOC extends Model {
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

export class MyIOCApp {
  readonly ioc: MyIOC;
  #pipeline: Subscription | undefined;

  constructor(deviceName: string, options: Omit<ModelOptions, 'callbacks'> = {}) {
    this.ioc = new MyIOC(deviceName, { ...options, callbacks: this });
  }

  /** I am called whenever the `toggle` record's value changes. */
  async do_toggle(_record: MyIOC['toggle'], value: number, ioc: MyIOC): Promise<void> {
    if (value === 1) {
      // Command activated: the value returns to 0 after HIGH seconds.
      log.info(`Toggle Changed Value ${value}`);
      await ioc.enum.put((ioc.enum.get() + 1) % 3, { wait: true }); // cycle through values
    }
  }

  do_enum(_record: MyIOC['enum'], value: number): void {
    log.info(`New Enum Value ${value}`);
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
