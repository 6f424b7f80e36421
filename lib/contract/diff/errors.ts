/**
 * The diff could not run (an unknown revision, no git repository, a file it cannot read at that
 * revision, a malformed allow file): exit status 2. A spec that does not load is not one of these: it
 * is a `spec-does-not-load` change (README.md).
 */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}
