/**
 * Stores a field value in a record's `v` so that `v` keeps V8's fast properties.
 *
 * A property added by a keyed store (`v[name] = value`) turns an object into a dictionary once
 * it holds more than about 16 properties (V8's soft limit for properties added by computed
 * names); a property defined by name does not (up to 128). Records of types that store many
 * fields when they process (calc's LA…LL, sel, calcout, mbboDirect's B0…B1F) became
 * dictionaries at their first processing, and each field access after that a hash lookup, about
 * three times the time of a fast property's. Adding through defineProperty, as a named store
 * does, keeps them fast, and every record of a type that adds its fields in the same order
 * shares one hidden class, as before.
 */
import type { FieldValue } from './field-value.js';

const descriptor: PropertyDescriptor = { value: undefined, writable: true, enumerable: true, configurable: true };

/** `v[name] = value`, the property added as a named store adds it when `v` does not own it yet. */
export function setOwnField(v: Record<string, FieldValue>, name: string, value: FieldValue): void {
  if (Object.hasOwn(v, name)) {
    v[name] = value;
    return;
  }
  descriptor.value = value;
  Object.defineProperty(v, name, descriptor);
  descriptor.value = undefined;
}
