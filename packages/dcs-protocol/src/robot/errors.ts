/** A robot string or reply that does not have the documented format. */
export class RobotFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RobotFormatError';
  }
}
