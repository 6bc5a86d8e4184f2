/**
 * A circuit's channels by server id (sid). Every request names its channel by sid, so this is
 * looked up once per get and put: an array indexed by sid, not a Map (a hash lookup among
 * 10,000 channels was 7 % of the server's CPU under catime-like load).
 *
 * Sids stay small, so that the array does: a sid the client cleared is given out again. A
 * client stops using a sid when it sends CLEAR_CHANNEL, and the requests it sent before come
 * first on the stream, so a later channel cannot receive them. A channel the server dropped
 * (its PV removed) keeps its sid out of use: the client may still send requests on it until it
 * reads SERVER_DISCONN, and those must not reach another channel. rsrv numbers channels from a
 * counter and checks the number is free; a sid means the same to the client either way.
 */
export class ChannelTable<C extends { readonly sid: number }> {
  private readonly bySid: (C | undefined)[] = [undefined];
  private readonly freed: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The sid for the next channel. */
  nextSid(): number {
    return this.freed.pop() ?? this.bySid.length;
  }

  /** Adds a channel made with nextSid()'s sid. */
  add(channel: C): void {
    if (channel.sid === this.bySid.length) this.bySid.push(channel);
    else this.bySid[channel.sid] = channel;
    this.count++;
  }

  get(sid: number): C | undefined {
    return sid < this.bySid.length ? this.bySid[sid] : undefined;
  }

  /** Whether `channel` is still this circuit's (not cleared, even if its sid was given out again). */
  holds(channel: C): boolean {
    return this.get(channel.sid) === channel;
  }

  /** Removes `channel`; its sid is given out again only when the client cleared it (see above). */
  remove(channel: C, clearedByClient: boolean): void {
    if (!this.holds(channel)) return;
    this.bySid[channel.sid] = undefined;
    this.count--;
    if (clearedByClient) this.freed.push(channel.sid);
  }

  *values(): IterableIterator<C> {
    for (const channel of this.bySid) if (channel !== undefined) yield channel;
  }
}
