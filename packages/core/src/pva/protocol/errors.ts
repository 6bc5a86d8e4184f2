/** A message that cannot be decoded: the connection that sent it is closed with this reason. */
export class PvaDecodeError extends Error {
  override name = 'PvaDecodeError';
}
