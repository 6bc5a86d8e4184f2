/**
 * dbTest.c's TAB_BUFFER: messages laid out on 80-column lines at tab stops of 10 or 20, each
 * padded to the next stop past its end, a line flushed when the next message would not fit.
 * dbpr, dbgf and dbpf print through it, trailing spaces included.
 */
const MAXLINE = 80;

export class TabBuffer {
  private line = '';
  private readonly lines: string[] = [];

  constructor(private readonly tab: 10 | 20) {}

  add(message: string): void {
    const msg = message.length > MAXLINE ? message.slice(0, MAXLINE) : message;
    if (this.line.length + msg.length > MAXLINE) this.flush();
    let text = this.line + msg;
    const padded = Math.min(MAXLINE, (Math.floor(text.length / this.tab) + 1) * this.tab);
    // dbpr_insert_msg pads to the first stop after the text; a message ending on a stop
    // still gets a whole tab of spaces, and nothing passes column 80.
    if (text.length < padded) text += ' '.repeat(padded - text.length);
    this.line = text;
  }

  flush(): void {
    if (this.line !== '') this.lines.push(this.line);
    this.line = '';
  }

  /** The lines so far (the current one flushed), each without its newline. */
  take(): string[] {
    this.flush();
    return this.lines.splice(0);
  }
}
