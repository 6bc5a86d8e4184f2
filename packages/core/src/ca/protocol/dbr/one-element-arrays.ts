/**
 * One reusable one-element array of each CA native type, for a scalar value that is used at
 * once and then overwritten: a decoded put's (ScalarScratch), a get's reply (ReplySnapshot).
 */
export class OneElementArrays {
  // Not the literal [''] : V8 gives a constant literal copy-on-write elements shared with the
  // literal, copied at the first store, so code compiled on one circuit's arrays (the
  // warm-up's, written already) was thrown away at the first string of the next.
  readonly string: string[] = Array.of('');
  readonly char = new Uint8Array(1);
  readonly short = new Int16Array(1);
  readonly long = new Int32Array(1);
  readonly float = new Float32Array(1);
  readonly enum = new Uint16Array(1);
  readonly double = new Float64Array(1);
}
