// The PV set both servers serve, defined once so that our server and softIoc are measured on
// the same names and the same behaviour:
//   BENCH:000000 … BENCH:009999   10 000 scalar doubles: catime `BENCH: 10000 1`, the connect
//                                 test, and the targets of the get benchmarks. ao records in
//                                 softIoc, MemoryPv doubles in ours.
//   BENCH:counter                 a counter stepping by 1 at 10 Hz, always (caEventRate).
//   BENCH:fan:000 … (100)         counters stepping by 1 at 10 Hz while BENCH:fan:enable is
//                                 non-zero: few posts, many subscribers each (fan-out), so the
//                                 figure is the server's event delivery, not record processing.
//   BENCH:mon:00000 … (10 000)    the same while BENCH:mon:enable is non-zero: one update per
//                                 PV per tick, i.e. an IOC with 10 000 changing PVs (for rsrv
//                                 this includes the cost of processing 100 000 calc records/s).
// The bench switches the ticking groups on over CA only for the scenarios that use them, so
// they cost nothing elsewhere; in softIoc each ticking record has SDIS pointing at its enable
// PV and DISV 0 (disabled = not processed, no events).
export const PREFIX = 'BENCH:';
export const CATIME_COUNT = 10000;
export const TICK_HZ = 10;

export const catimeName = (i) => `${PREFIX}${String(i).padStart(6, '0')}`;
export const COUNTER = `${PREFIX}counter`;

/** Ticking groups: name(i) of each member, its enable PV, and how many there are. */
export const GROUPS = {
  fan: { count: 100, name: (i) => `${PREFIX}fan:${String(i).padStart(3, '0')}`, enable: `${PREFIX}fan:enable` },
  mon: { count: 10000, name: (i) => `${PREFIX}mon:${String(i).padStart(5, '0')}`, enable: `${PREFIX}mon:enable` },
};

/** The softIoc database equivalent to bench/lib/serve.mjs. */
export function softIocDb() {
  const lines = [];
  for (let i = 0; i < CATIME_COUNT; i++) lines.push(`record(ao, "${catimeName(i)}") {}`);
  lines.push(`record(calc, "${COUNTER}") { field(SCAN, ".1 second") field(INPA, "${COUNTER} NPP") field(CALC, "A+1") }`);
  for (const g of Object.values(GROUPS)) {
    lines.push(`record(ao, "${g.enable}") { field(VAL, "0") field(PINI, "YES") }`);
    for (let i = 0; i < g.count; i++) {
      const n = g.name(i);
      lines.push(
        `record(calc, "${n}") { field(SCAN, ".1 second") field(SDIS, "${g.enable} NPP") field(DISV, "0") field(INPA, "${n} NPP") field(CALC, "A+1") }`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
