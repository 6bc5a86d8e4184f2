/** A text that is not a well-formed Tcl list (unmatched brace or quote). */
export class TclListError extends Error {
  /** Character offset where the bad element starts. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} (at offset ${position})`);
    this.name = 'TclListError';
    this.position = position;
  }
}
