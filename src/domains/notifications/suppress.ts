/**
 * Thrown while composing an email that must not go out after all (its reason gone since it was queued: a scheduled
 * report unsubscribed meanwhile). The notifications consumer marks the row `suppressed` and sends nothing.
 */
export class SuppressEmail extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SuppressEmail';
  }
}
