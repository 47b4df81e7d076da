/** A bad flag, input or environment value: nothing was sent to GitHub, and the CLI exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
