/**
 * Compiles the text conversions of numbers before the first client: parseDouble, which reads
 * a client's DBR_STRING put to a floating-point field, and cvtDoubleToString, which formats a
 * DBR_STRING read of one. The warm-up calls them directly, with texts and values of the kinds
 * clients send and read.
 *
 * Why: each runs once per request, and V8 marks parseDouble for TurboFan only after about
 * 14,000 calls. The warm-up's requests made 13,000 or so. cvtDoubleToString they never reached:
 * its caller keeps the text of the last value it formatted, and the warm-up's records all
 * held the same value. So V8 compiled both while a client's first bulk DBR_STRING puts and
 * gets ran (catime's, each test a few milliseconds long), and a compile takes a core for about
 * that long on a two-core machine. Twelve batches of text requests over the warm-up's
 * connection got both compiled, but cost 60 ms, and the extra socket reads moved Node's own
 * compiles into a client's first requests instead (bench/RESULTS.md, issue 13). Direct calls
 * take a few milliseconds and run nothing else.
 */
import { cvtDoubleToString } from '../ca/protocol/dbr/cvt-fast.js';
import { parseDouble } from '../ca/protocol/dbr/parse-number.js';

/** Calls of parseDouble: past the 14,000 after which V8 marks it (a margin for other V8 versions). */
const PARSES = 20_000;
/** Calls of cvtDoubleToString, a short function V8 marks sooner. */
const FORMATS = 4_000;
/** Distinct texts and values; PREC as records have it: 0 (the default), 3, 6. */
const KINDS = 64;
const PRECISIONS = [0, 3, 6];

/** Runs both conversions often enough to be compiled. Returns a checksum, so nothing is optimized away. */
export function primeTextConversions(): number {
  // Texts as clients write numbers: "%f" (catime, caput of a computed value), short decimals,
  // integers, negative values.
  const texts = Array.from({ length: KINDS }, (_, i) => {
    const value = (i - KINDS / 2) / 7;
    return i % 4 === 0 ? value.toFixed(6) : i % 4 === 1 ? value.toFixed(2) : i % 4 === 2 ? String(Math.round(value)) : (i / KINDS).toFixed(6);
  });
  let sum = 0;
  for (let k = 0; k < PARSES; k++) sum += parseDouble(texts[k % KINDS]!) ?? 0;
  for (let k = 0; k < FORMATS; k++) sum += cvtDoubleToString((k - FORMATS / 2) / 1000, PRECISIONS[k % PRECISIONS.length]!).length;
  return sum;
}
