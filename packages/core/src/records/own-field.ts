/**
 * How a field value is added to a record's `v` so that `v` keeps V8's fast properties.
 *
 * A property added by a keyed store (`v[name] = value`) turns an object into a dictionary once
 * too many of its properties live outside it (V8's soft limit for properties added by computed
 * names: 12 beyond the 4 an Object.create object holds in itself; seen here, records of 15 to 19
 * fields stayed fast and calc's 21 did not); a property defined by name is not limited so (up to
 * 128). Records of types that store many fields when they process (calc's LA…LL, sel, calcout,
 * mbboDirect's B0…B1F) became dictionaries at their first processing, every field access a hash
 * lookup after that, about three times the time of a fast property's. defineProperty adds a
 * field as a named store does, but costs about 270 ns where a keyed store costs 50: a record's
 * first fields are added by keyed stores (100,000 ao load and take their first puts as before),
 * the rest by defineProperty. Either way, records of a type that add their fields in the same
 * order share one hidden class.
 */
import type { FieldValue } from './field-value.js';

/**
 * Fields a record's values may gain by keyed stores, with room for the few added by named
 * stores, which are not counted (SEVR at init, an ao's RVAL, PACT, LCNT, TSE): an ao, which
 * holds 15 fields once it has processed, adds all of its own by keyed stores, as before. The
 * unit test asks V8 whether every record type stays fast.
 */
export const KEYED_ADDITIONS = 14;

const descriptor: PropertyDescriptor = { value: undefined, writable: true, enumerable: true, configurable: true };

/**
 * Adds `name` to `v`, which does not own it yet: `added` is how many fields this function has
 * added to `v` before (the caller keeps the count).
 */
export function addOwnField(v: Record<string, FieldValue>, name: string, value: FieldValue, added: number): void {
  if (added < KEYED_ADDITIONS) {
    v[name] = value;
    return;
  }
  descriptor.value = value;
  Object.defineProperty(v, name, descriptor);
  descriptor.value = undefined;
}
