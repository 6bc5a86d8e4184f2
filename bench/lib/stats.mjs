// Latency statistics. Sequential round trips are few (thousands), so they keep every sample
// and give exact percentiles; monitor latencies can be millions per second, so they go into a
// fixed log-linear histogram (~3 % resolution) that worker processes can send and merge.

/** Exact summary of a list of samples (microseconds). */
export function summarize(samples) {
  if (samples.length === 0) return undefined;
  const s = Float64Array.from(samples).sort();
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  let sum = 0;
  for (const x of s) sum += x;
  return { n: s.length, mean: sum / s.length, min: s[0], p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1] };
}

const SUB_BUCKETS = 32; // per power of two: 2^(1/32) ≈ 2.2 % bucket width
const MAX_EXPONENT = 40;

/** Log-linear histogram of non-negative values (microseconds). */
export class Histogram {
  constructor(counts) {
    this.counts = counts ?? new Float64Array(MAX_EXPONENT * SUB_BUCKETS + 1);
    this.n = 0;
    for (const c of this.counts) this.n += c;
  }

  record(v) {
    let i = 0;
    if (v >= 1) {
      const e = Math.min(MAX_EXPONENT - 1, Math.floor(Math.log2(v)));
      const sub = Math.min(SUB_BUCKETS - 1, Math.floor((v / 2 ** e - 1) * SUB_BUCKETS));
      i = 1 + e * SUB_BUCKETS + sub;
    }
    this.counts[i]++;
    this.n++;
  }

  /** The value below which a fraction q of the samples lie (bucket midpoint). */
  quantile(q) {
    if (this.n === 0) return undefined;
    const target = q * this.n;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target && this.counts[i] > 0) {
        if (i === 0) return 0.5;
        const e = Math.floor((i - 1) / SUB_BUCKETS);
        const sub = (i - 1) % SUB_BUCKETS;
        return 2 ** e * (1 + (sub + 0.5) / SUB_BUCKETS);
      }
    }
    return undefined;
  }

  merge(other) {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.n += other.n;
  }

  summary() {
    if (this.n === 0) return undefined;
    return { n: this.n, p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99), max: this.quantile(1) };
  }

  /** Plain array for IPC (only the non-empty part). */
  toJSON() {
    return Array.from(this.counts);
  }

  static fromJSON(a) {
    return new Histogram(Float64Array.from(a));
  }
}
