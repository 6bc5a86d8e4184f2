/**
 * A FIFO of received chunks. Bytes are copied only when a whole message is available,
 * so a message arriving one byte at a time costs O(size), not O(size²).
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.total += chunk.length;
  }

  /** The first n bytes, without consuming them. */
  peek(n: number): Buffer {
    if (n > this.total) throw new RangeError(`peek(${n}) with ${this.total} bytes queued`);
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    const parts: Buffer[] = [];
    let need = n;
    for (const chunk of this.chunks) {
      if (need === 0) break;
      const part = chunk.length <= need ? chunk : chunk.subarray(0, need);
      parts.push(part);
      need -= part.length;
    }
    // Merge what we gathered so the next peek of the same bytes is free.
    const merged = Buffer.concat(parts, n);
    this.discardRaw(n);
    this.chunks.unshift(merged);
    this.total += n;
    return merged;
  }

  /** Remove and return the first n bytes. */
  take(n: number): Buffer {
    const bytes = this.peek(n);
    this.discardRaw(n);
    return bytes;
  }

  private discardRaw(n: number): void {
    let left = n;
    while (left > 0) {
      const head = this.chunks[0];
      if (head === undefined) break;
      if (head.length <= left) {
        this.chunks.shift();
        left -= head.length;
      } else {
        this.chunks[0] = head.subarray(left);
        left = 0;
      }
    }
    this.total -= n;
  }
}
