/**
 * A small network of hosts built inside the test run: Linux network namespaces joined by a
 * bridge that lives in a namespace of its own, connected to nothing else.
 *
 * - Every host is a namespace with `lo` and one interface `eth0` addressed from the benchmarking
 *   range 198.18.0.0/24 (RFC 2544), and no route but that subnet's: no packet can leave it.
 * - The bridge sits in a "switch" namespace, so nothing is added to the machine's own namespace;
 *   taking a host's switch port down cuts that host off exactly as a pulled cable would.
 * - Names carry the creating process id, so parallel runs never meet, and namespaces left by a
 *   run that died (its pid gone) are removed by the next one.
 *
 * It needs root (CI runs as root). When namespaces cannot be made, `create` fails saying why:
 * the tests that use it must fail, not skip.
 */
import { type ChildProcess, execFile, spawn, type SpawnOptions } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PREFIX = 'dvt';
export const SUBNET = '198.18.0';
export const BROADCAST = `${SUBNET}.255`;

export interface NetHost {
  /** The name the test gave it. */
  readonly name: string;
  /** The namespace's name. */
  readonly ns: string;
  /** Its address on the test network. */
  readonly address: string;
  /** Its port on the switch (in the switch namespace). */
  readonly switchPort: string;
}

async function ip(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('ip', args, { timeout: 10_000 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')}: ${(e.stderr ?? e.message).trim()}`);
  }
}

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes namespaces of earlier runs whose process is gone. */
async function removeStale(): Promise<void> {
  const list = await ip('netns', 'list');
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = new RegExp(`^${PREFIX}(\\d+)[a-z]`).exec(name);
    if (m && !pidAlive(Number(m[1]))) await ip('netns', 'del', name).catch(() => undefined);
  }
}

let networkCount = 0;

export class TestNetwork {
  private readonly hosts = new Map<string, NetHost>();
  private readonly children = new Set<ChildProcess>();
  private destroyed = false;

  private constructor(
    private readonly id: string,
    private readonly switchNs: string,
  ) {}

  /** Builds the switch and one namespace per host name (addresses .1, .2, … in order). */
  static async create(hostNames: string[]): Promise<TestNetwork> {
    if (process.platform !== 'linux') throw new Error('network namespaces need Linux');
    if (process.getuid?.() !== 0) throw new Error('network namespaces need root (CI runs as root; run the tests as root)');
    if (hostNames.length > 200) throw new Error('at most 200 hosts');
    await removeStale();
    // Short ids: interface names are limited to 15 characters.
    const id = `${PREFIX}${process.pid}${String.fromCharCode(97 + (networkCount++ % 26))}`;
    const net = new TestNetwork(id, `${id}sw`);
    try {
      await ip('netns', 'add', net.switchNs);
      await ip('-n', net.switchNs, 'link', 'set', 'lo', 'up');
      await ip('-n', net.switchNs, 'link', 'add', 'br0', 'type', 'bridge');
      await ip('-n', net.switchNs, 'link', 'set', 'br0', 'up');
      for (const [i, name] of hostNames.entries()) await net.addHost(name, i + 1);
    } catch (err) {
      await net.destroy();
      throw err;
    }
    return net;
  }

  private async addHost(name: string, index: number): Promise<void> {
    const ns = `${this.id}h${index}`;
    const switchPort = `p${index}`;
    const address = `${SUBNET}.${index}`;
    await ip('netns', 'add', ns);
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
    // The pair is made inside the switch namespace and one end moved straight into the host's.
    await ip('-n', this.switchNs, 'link', 'add', switchPort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    await ip('-n', this.switchNs, 'link', 'set', switchPort, 'master', 'br0');
    await ip('-n', this.switchNs, 'link', 'set', switchPort, 'up');
    await ip('-n', ns, 'addr', 'add', `${address}/24`, 'broadcast', BROADCAST, 'dev', 'eth0');
    await ip('-n', ns, 'link', 'set', 'eth0', 'up');
    this.hosts.set(name, { name, ns, address, switchPort });
  }

  host(name: string): NetHost {
    const h = this.hosts.get(name);
    if (h === undefined) throw new Error(`no host "${name}" in the test network`);
    return h;
  }

  /** Spawns a command inside a host's namespace; it is killed when the network is destroyed. */
  spawn(host: string, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.host(host).ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Runs a command inside a host's namespace to completion. */
  async exec(host: string, command: string, args: string[], timeoutMs = 20_000): Promise<string> {
    const { stdout } = await run('ip', ['netns', 'exec', this.host(host).ns, command, ...args], { timeout: timeoutMs });
    return stdout;
  }

  /** Pulls the host's cable: its switch port goes down, its own interface stays configured. */
  async unplug(host: string): Promise<void> {
    await ip('-n', this.switchNs, 'link', 'set', this.host(host).switchPort, 'down');
  }

  async plug(host: string): Promise<void> {
    await ip('-n', this.switchNs, 'link', 'set', this.host(host).switchPort, 'up');
  }

  /** Every host back on the network (after a test that failed half-way). */
  async plugAll(): Promise<void> {
    for (const h of this.hosts.values()) await this.plug(h.name);
  }

  /** Moves an address to a host as a second address (an IOC moved to another host keeps its name). */
  async addAddress(host: string, address: string): Promise<void> {
    await ip('-n', this.host(host).ns, 'addr', 'add', `${address}/24`, 'broadcast', BROADCAST, 'dev', 'eth0');
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    const exits = [...this.children].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
    for (const h of this.hosts.values()) await ip('netns', 'del', h.ns).catch(() => undefined);
    await ip('netns', 'del', this.switchNs).catch(() => undefined);
  }
}
