/** Errors raised by the DBR codec and the value conversions. */

/** A value could not be converted between two native types (EPICS: a failed dbConvert routine). */
export class ConversionError extends Error {
  override readonly name = 'ConversionError';
}

/** A DBR payload is malformed: unknown type, bad count, or fewer bytes than the type and count need. */
export class DbrDecodeError extends Error {
  override readonly name = 'DbrDecodeError';
}
