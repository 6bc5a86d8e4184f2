/**
 * What dbGet (dbAccess.c, EPICS 7.0.8) serves of the fields it does not simply convert, for a
 * snapshot marked with PvSnapshot.dbGetRule:
 * - 'link', a link field (getLinkValue), plain or as `FIELD$`: DBR_STRING is the link's text
 *   (39 characters at most, one element), DBR_DOUBLE is NaN ("needed for dbCa links", one
 *   element), DBR_CHAR the text cut to the count asked for less one, with its NUL (as many
 *   elements as that); any other type is refused (S_db_badDbrtype: the read fails).
 * - 'attribute', RTYP (getAttrValue): as a link, but DBR_DOUBLE is refused too.
 * - 'string', a string field as a char array (`FIELD$`): the field's whole buffer, its text
 *   then NULs, converted to any type, except that a DBR_CHAR read is cut to the count asked
 *   for (at most the field's size), ends with a NUL there, and is as long as its text and NUL
 *   (the "long string" rule). A long-string record's `VAL$` is not such a field.
 * The alarm, time stamp and metadata stay the snapshot's.
 */
import { dbrLayout } from './layout.js';
import { DbrType, NativeType, type PvSnapshot } from './types.js';

/** MAX_STRING_SIZE less the NUL. */
const STRING_CHARS = 39;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The snapshot to encode and the reply's element count; undefined when dbGet refuses the type. */
export interface DbGetView {
  snapshot: PvSnapshot;
  count: number;
}

/**
 * @param requested the count the client asked for (0: as many as there are, the reply sized to them)
 * @param nativeCount the channel's element count (1 for a plain link, 1024 for `LINK$`, the size of a string field)
 */
export function dbGetView(snap: PvSnapshot, dbrType: DbrType, requested: number, nativeCount: number): DbGetView | undefined {
  const layout = dbrLayout(dbrType);
  // CLASS_NAME carries the record type, PUT_ACKT/PUT_ACKS are never read: nothing of the value.
  if (dbrType === DbrType.CLASS_NAME || dbrType === DbrType.PUT_ACKT || dbrType === DbrType.PUT_ACKS) return { snapshot: snap, count: requested !== 0 ? requested : snap.value.length };
  return snap.dbGetRule === 'string' ? stringCharsView(snap, layout.valueType, requested, nativeCount) : textView(snap, layout.valueType, requested, nativeCount);
}

function textView(snap: PvSnapshot, type: NativeType, requested: number, nativeCount: number): DbGetView | undefined {
  const text = snap.dbGetText ?? '';
  switch (type) {
    case NativeType.STRING: {
      const bytes = encoder.encode(text);
      const cut = bytes.length > STRING_CHARS ? decoder.decode(bytes.subarray(0, STRING_CHARS)) : text;
      return { snapshot: { ...snap, nativeType: NativeType.STRING, value: [cut] }, count: requested !== 0 ? requested : 1 };
    }
    case NativeType.DOUBLE:
      if (snap.dbGetRule !== 'link') return undefined;
      return { snapshot: { ...snap, nativeType: NativeType.DOUBLE, value: Float64Array.of(Number.NaN) }, count: requested !== 0 ? requested : 1 };
    case NativeType.CHAR: {
      // strncpy(pbuf, text, maxlen - 1) with maxlen the count asked for, or the channel's.
      const room = (requested !== 0 ? requested : nativeCount) - 1;
      const bytes = encoder.encode(text).subarray(0, Math.max(0, room));
      const value = new Int8Array(bytes.length + 1);
      value.set(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
      return { snapshot: { ...snap, nativeType: NativeType.CHAR, value }, count: requested !== 0 ? requested : value.length };
    }
    default:
      return undefined;
  }
}

function stringCharsView(snap: PvSnapshot, type: NativeType, requested: number, nativeCount: number): DbGetView {
  const chars = snap.value as Int8Array;
  if (type === NativeType.CHAR) {
    // pbuf[nRequest - 1] = 0; nRequest = strlen(pbuf) + 1, nRequest at most the field's size.
    const n = Math.min(requested !== 0 ? requested : nativeCount, nativeCount);
    const textEnd = Math.min(chars.indexOf(0) === -1 ? chars.length : chars.indexOf(0), n - 1);
    const value = new Int8Array(textEnd + 1);
    value.set(chars.subarray(0, textEnd));
    return { snapshot: { ...snap, value }, count: requested !== 0 ? requested : value.length };
  }
  // The whole buffer: the characters, then NULs to the field's size.
  const value = new Int8Array(nativeCount);
  value.set(chars.subarray(0, nativeCount));
  return { snapshot: { ...snap, value }, count: requested !== 0 ? requested : nativeCount };
}
