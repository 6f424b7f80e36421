/**
 * An error the CLI reports as one line (never a stack trace) with exit status 2:
 * the tool could not run. The message says what to do.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * What a command produced: its text and its exit status. Commands return it rather than exit, so
 * tests call them as functions; only those that run for long print while they run (`dev up`'s log,
 * `dev deploy` and `dev destroy` handing the terminal to cdk).
 */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr?: string;
  readonly exitCode: number;
}
