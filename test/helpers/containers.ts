// The simulated RobotDHS (fixtures/robot-dhs) in a container, run through testcontainers.
//
// The image is built locally FROM scratch (fixtures/robot-dhs/container/Dockerfile): node, its
// shared libraries and the simulator bundled into one file. Nothing is pulled. Its tag carries
// a hash of what is in it, so it is built once and reused until the simulator, the Dockerfile or
// node change. Containers run with host networking: the simulator connects to a server on the
// host's 127.0.0.1, and its control port listens there too.
//
// The engine is whatever speaks the Docker API: DOCKER_HOST, /var/run/docker.sock, or the podman
// service that scripts/container-engine.sh starts (found on its socket when DOCKER_HOST is
// unset). When none answers, every call here fails with a message saying what is missing.
import { hostname } from 'node:os';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import {
  BoundPorts,
  GenericContainer,
  getContainerRuntimeClient,
  ImageName,
  type ContainerRuntimeClient,
  type StartedTestContainer,
  type WaitStrategy,
} from 'testcontainers';
import { buildContext, IMAGE_REPOSITORY } from '../../fixtures/robot-dhs/container/build-context.mjs';
import { freePort } from './ports.js';
import { controlCommand } from './simulator-control.js';

/** The socket of the podman service that scripts/container-engine.sh starts. */
export const PODMAN_SOCKET = '/run/devioc-podman.sock';
const DOCKER_SOCKET = '/var/run/docker.sock';
const LABEL = 'org.devioc.fixture';
const LABEL_PID = 'org.devioc.owner-pid';
const LABEL_HOST = 'org.devioc.owner-host';

// The Ryuk reaper image cannot be pulled here; this harness removes its own containers (and,
// at the next run, those a crashed run left behind). Set it to "false" to have Ryuk anyway.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

/** null when the Docker API at `dockerHost` answers GET /_ping, else why not, in words. */
export function pingEngine(dockerHost: string, timeoutMs = 3000): Promise<string | null> {
  let target: { socketPath: string } | { host: string; port: number };
  if (dockerHost.startsWith('unix://')) target = { socketPath: dockerHost.slice('unix://'.length) };
  else if (dockerHost.startsWith('tcp://')) {
    const url = new URL(`http://${dockerHost.slice('tcp://'.length)}`);
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else return Promise.resolve(`cannot check a DOCKER_HOST of this form`);
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? null : `GET /_ping answered HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') resolve('no such socket');
      else if (error.code === 'ECONNREFUSED') resolve('nothing listens on it (connection refused)');
      else if (error.code === 'EACCES') resolve('permission denied on the socket');
      else resolve(error.message);
    });
    req.end();
  });
}

async function missingEngine(cause: unknown): Promise<Error> {
  const lines = ['No container engine answers, and the container suites need one that speaks the Docker API:'];
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    lines.push(`- DOCKER_HOST=${dockerHost}: ${(await pingEngine(dockerHost)) ?? 'answers GET /_ping, but testcontainers cannot use it'}`);
    if (dockerHost === `unix://${PODMAN_SOCKET}`) {
      lines.push('  that is the podman service of scripts/container-engine.sh: it is not running (its log: /var/log/devioc-podman.log)');
    }
  } else {
    lines.push('- DOCKER_HOST is not set');
    lines.push(`- ${DOCKER_SOCKET} (a Docker engine): ${(await pingEngine(`unix://${DOCKER_SOCKET}`)) ?? 'answers'}`);
    lines.push(`- ${PODMAN_SOCKET} (the podman service of scripts/container-engine.sh): ${(await pingEngine(`unix://${PODMAN_SOCKET}`)) ?? 'answers'}`);
  }
  lines.push(`- testcontainers says: ${cause instanceof Error ? cause.message : String(cause)}`);
  lines.push(
    'Fix: `bash scripts/container-engine.sh` installs Debian podman + runc if needed, starts podman serving the Docker API, ' +
      'and prints the DOCKER_HOST to export (with TESTCONTAINERS_RYUK_DISABLED=true); scripts/test-all.sh, and so CI, does it ' +
      'before the tests. On a machine with Docker, start the Docker engine.',
  );
  return new Error(lines.join('\n'));
}

let engine: Promise<ContainerRuntimeClient> | undefined;

/** The container runtime client, or an error that says which engine is missing and how to start one. */
export function containerEngine(): Promise<ContainerRuntimeClient> {
  engine ??= (async () => {
    if (!process.env.DOCKER_HOST && (await pingEngine(`unix://${DOCKER_SOCKET}`)) !== null && (await pingEngine(`unix://${PODMAN_SOCKET}`)) === null) {
      process.env.DOCKER_HOST = `unix://${PODMAN_SOCKET}`;
    }
    try {
      return await getContainerRuntimeClient();
    } catch (error) {
      throw await missingEngine(error);
    }
  })();
  engine.catch(() => {
    engine = undefined; // the next call looks again
  });
  return engine;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes simulator containers left by test processes of this host that no longer run. */
async function removeLeftovers(client: ContainerRuntimeClient): Promise<void> {
  const dockerode = client.container.dockerode;
  const containers = await dockerode.listContainers({ all: true, filters: { label: [`${LABEL}=robot-dhs`] } });
  for (const info of containers) {
    const pid = Number(info.Labels[LABEL_PID]);
    if (info.Labels[LABEL_HOST] !== hostname() || !Number.isInteger(pid) || alive(pid)) continue;
    await dockerode
      .getContainer(info.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
}

/** Removes the simulator images of other hashes (older builds). Images still in use stay. */
async function removeOtherImages(client: ContainerRuntimeClient, keep: string): Promise<void> {
  const dockerode = client.container.dockerode;
  for (const image of await dockerode.listImages()) {
    for (const tag of image.RepoTags ?? []) {
      if (tag.startsWith(`${IMAGE_REPOSITORY}:`) && tag !== keep) {
        await dockerode
          .getImage(tag)
          .remove()
          .catch(() => undefined);
      }
    }
  }
}

let image: Promise<string> | undefined;

/**
 * The simulator image's tag, built if no image of that tag exists: the build context is made
 * (or found up to date) by fixtures/robot-dhs/container/build-context.mjs, then built with
 * GenericContainer.fromDockerfile. Needs `npm run build` first.
 */
export function simulatorImage(): Promise<string> {
  image ??= (async () => {
    const client = await containerEngine();
    await removeLeftovers(client);
    const context = await buildContext();
    if (!(await client.image.exists(ImageName.fromString(context.image)))) {
      await GenericContainer.fromDockerfile(context.contextDir, context.dockerfile).build(context.image, { deleteOnExit: false });
      await removeOtherImages(client, context.image);
    }
    return context.image;
  })();
  image.catch(() => {
    image = undefined;
  });
  return image;
}

export interface SimulatorContainerOptions {
  /** The port of the DCSS side (our DcssServer, UncleSAM) on the host. */
  dhsPort: number;
  /** Its address as the container sees it; with host networking, the host's loopback. */
  dhsHost?: string;
  /** DHS name in the handshake; default robot. */
  name?: string;
  /** Robot timings run this many times faster; default 100. */
  speed?: number;
  followupSpeed?: number;
  /** Wait between connection attempts; default 200 ms (the real DHS: 5 s). */
  retryMs?: number;
  /** The control port on 127.0.0.1; default a free port, the same across stop and start. */
  controlPort?: number;
  /** Faults armed at start (`--fault`). */
  faults?: string[];
  /** Any other simulator options, as on its command line. */
  args?: string[];
  /** What start() waits for: the handshake done (default), or only the first connection attempt. */
  waitFor?: 'connected' | 'started';
  /** How long start() waits; default 30 s. */
  startupTimeoutMs?: number;
}

/** One log line of the container, with the time the simulator wrote in it (or when it was read). */
export interface LogLine {
  at: number;
  text: string;
}

const READY: Record<'connected' | 'started', RegExp> = {
  connected: /\bconnected to \S+ as /,
  started: /\bconnecting to \S+ as /,
};
const LINE_TIME = /^robot-dhs (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;

interface LineWaiter {
  pattern: RegExp;
  from: number;
  /** The run (start) it waits in: the end of that run's log rejects it. */
  run: number | undefined;
  resolve: (line: LogLine) => void;
  reject: (error: Error) => void;
}

/**
 * A simulator container: started with `startSimulatorContainer`, stopped and started again as a
 * DHS host would be power-cycled, inspected and broken through its control port.
 */
export class SimulatorContainer {
  /** Every line the simulator wrote, across restarts. */
  readonly lines: LogLine[] = [];
  private readonly waiters = new Set<LineWaiter>();
  /** Counts starts: each start follows the log of its own run. */
  private run = 0;
  private started!: StartedTestContainer;
  private removed = false;

  private constructor(
    readonly image: string,
    readonly controlPort: number,
    private readonly readyPattern: RegExp,
    private readonly startupTimeoutMs: number,
  ) {}

  static async start(options: SimulatorContainerOptions): Promise<SimulatorContainer> {
    const tag = await simulatorImage();
    const controlPort = options.controlPort ?? (await freePort(1));
    const args = [
      '--host', options.dhsHost ?? '127.0.0.1',
      '--port', String(options.dhsPort),
      '--name', options.name ?? 'robot',
      '--speed', String(options.speed ?? 100),
      '--retry-ms', String(options.retryMs ?? 200),
      '--control-port', String(controlPort),
      ...(options.followupSpeed === undefined ? [] : ['--followup-speed', String(options.followupSpeed)]),
      ...(options.faults ?? []).flatMap((fault) => ['--fault', fault]),
      ...(options.args ?? []),
    ];
    const simulator = new SimulatorContainer(tag, controlPort, READY[options.waitFor ?? 'connected'], options.startupTimeoutMs ?? 30_000);
    try {
      simulator.started = await new GenericContainer(tag)
        .withNetworkMode('host')
        .withCommand(args)
        .withLabels({ [LABEL]: 'robot-dhs', [LABEL_PID]: String(process.pid), [LABEL_HOST]: hostname() })
        .withWaitStrategy(simulator.readiness())
        .withStartupTimeout(simulator.startupTimeoutMs)
        .start();
    } catch (error) {
      throw new Error(`the simulator container did not become ready: ${error instanceof Error ? error.message : String(error)}\n${simulator.logText()}`);
    }
    return simulator;
  }

  /** The testcontainers handle. */
  get container(): StartedTestContainer {
    return this.started;
  }

  /** The log, one line each, for error messages. */
  logText(): string {
    return this.lines.map((line) => line.text).join('\n');
  }

  /**
   * Stops the container, and so the simulator, at once (SIGKILL after `timeoutMs`, default 0:
   * a power cut). The container is kept, for start().
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    const client = await containerEngine();
    await client.container.stop(this.dockerode(client), { timeout: options.timeoutMs ?? 0 });
  }

  /** Starts the stopped container again and waits as at the first start (handshake done by default). */
  async start(): Promise<void> {
    const client = await containerEngine();
    const container = this.dockerode(client);
    const startTime = new Date();
    await client.container.start(container);
    try {
      await this.readiness().waitUntilReady(container, new BoundPorts(), startTime);
    } catch (error) {
      throw new Error(`the simulator container did not become ready again: ${error instanceof Error ? error.message : String(error)}\n${this.logText()}`);
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops and removes the container; safe to call more than once. */
  async remove(): Promise<void> {
    if (this.removed || !this.started) return;
    this.removed = true;
    await this.started.stop({ timeout: 2000, remove: true });
  }

  /** One control-port command, one line back (fixtures/README.md, "Control port"). */
  control(command: string, timeoutMs = 5000): Promise<string> {
    return controlCommand(this.controlPort, command, timeoutMs);
  }

  async state(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.control('state')) as Record<string, unknown>;
  }

  /**
   * The first log line matching `pattern` from line index `from` on (default: only lines still
   * to come). Rejects after `timeoutMs`.
   */
  waitForLine(pattern: RegExp, options: { from?: number; timeoutMs?: number; run?: number } = {}): Promise<LogLine> {
    const from = options.from ?? this.lines.length;
    const found = this.lines.slice(from).find((line) => pattern.test(line.text));
    if (found) return Promise.resolve(found);
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const waiter: LineWaiter = {
        pattern,
        from,
        run: options.run,
        resolve: (line) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.reject(new Error(`no log line ${pattern} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private dockerode(client: ContainerRuntimeClient): Dockerode.Container {
    return client.container.getById(this.started.getId());
  }

  /** Follows the container's log from `startTime` on, into `lines`, until the container stops. */
  private async follow(container: Dockerode.Container, startTime: Date | undefined, run: number): Promise<void> {
    const client = await containerEngine();
    const notBefore = startTime?.getTime() ?? 0;
    // `since` has whole seconds: lines of the previous run in the same second are told apart by
    // the time the simulator writes in each line.
    const stream: Readable = await client.container.logs(container, { since: Math.floor(notBefore / 1000) });
    let buffer = '';
    const take = (text: string) => {
      if (run !== this.run) return; // a late line of an earlier run's log
      const stamp = LINE_TIME.exec(text);
      const at = stamp ? Date.parse(stamp[1] as string) : Date.now();
      if (at < notBefore) return;
      const line = { at, text };
      const index = this.lines.push(line) - 1;
      for (const waiter of [...this.waiters]) if (index >= waiter.from && waiter.pattern.test(text)) waiter.resolve(line);
    };
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        take(buffer.slice(0, newline).replace(/\r$/, ''));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    });
    const ended = () => {
      if (buffer !== '') take(buffer);
      buffer = '';
      for (const waiter of [...this.waiters]) if (waiter.run === run) waiter.reject(new Error(`the container's log ended (the simulator exited) before a line ${waiter.pattern}`));
    };
    stream.once('end', ended);
    stream.once('error', ended);
  }

  /** A testcontainers wait strategy: follow the log, and wait for the ready line of this run. */
  private readiness(): WaitStrategy {
    let timeoutMs = this.startupTimeoutMs;
    let timeoutSet = false;
    const strategy: WaitStrategy = {
      waitUntilReady: async (container, _boundPorts, startTime) => {
        const run = ++this.run;
        const line = this.waitForLine(this.readyPattern, { from: this.lines.length, timeoutMs, run });
        line.catch(() => undefined); // awaited below, once the log is followed
        await this.follow(container, startTime, run);
        await line;
      },
      withStartupTimeout: (ms) => {
        timeoutMs = ms;
        timeoutSet = true;
        return strategy;
      },
      isStartupTimeoutSet: () => timeoutSet,
      getStartupTimeout: () => timeoutMs,
    };
    return strategy;
  }
}

/** The simulator in a container, connecting to `dhsPort` on the host; see SimulatorContainer. */
export function startSimulatorContainer(options: SimulatorContainerOptions): Promise<SimulatorContainer> {
  return SimulatorContainer.start(options);
}
