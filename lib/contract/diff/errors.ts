/** The diff could not run (unknown revision, a spec that does not load, a malformed allow file): exit status 2. */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}
