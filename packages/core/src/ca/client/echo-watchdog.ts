/**
 * Circuit liveness, as libca's tcpRecvWatchdog: after EPICS_CA_CONN_TMO of silence from the server,
 * send an ECHO; if nothing at all arrives within the echo timeout, the server is unresponsive.
 *
 * One timer per circuit, re-armed from the circuit's last-receive time rather than on every message,
 * so a busy circuit costs nothing here.
 */
import type { ClientCircuit } from './circuit.js';

export class EchoWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private echoSentAt = 0;
  private stopped = false;

  constructor(
    private readonly circuit: ClientCircuit,
    private readonly connectionTimeoutMs: number,
    private readonly echoTimeoutMs: number,
    private readonly onUnresponsive: () => void,
  ) {
    this.arm(connectionTimeoutMs);
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.check(), Math.max(1, ms));
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped || this.circuit.isLost) return;
    const now = performance.now();
    if (this.circuit.echoPending) {
      const waited = now - this.echoSentAt;
      if (waited >= this.echoTimeoutMs) {
        this.stop();
        this.onUnresponsive();
        return;
      }
      this.arm(this.echoTimeoutMs - waited);
      return;
    }
    const idle = now - this.circuit.lastReceive;
    if (idle >= this.connectionTimeoutMs) {
      this.echoSentAt = now;
      this.circuit.echo();
      this.arm(this.echoTimeoutMs);
    } else {
      this.arm(this.connectionTimeoutMs - idle);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
