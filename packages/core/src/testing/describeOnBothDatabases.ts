import { afterAll, beforeAll, describe } from 'vitest';
import { DATABASE_KINDS, type DatabaseKind } from './scratchDatabase';

let current: DatabaseKind = 'sqlite';

/** The database the running `describeOnBothDatabases` block is about (`sqlite` outside of one). */
export function currentDatabaseKind(): DatabaseKind {
  return current;
}

/**
 * Declares a block of tests twice: `name [sqlite]` and `name [postgresql]`. The body gets the kind, and fixtures
 * can read it from `currentDatabaseKind()`, so existing tests run on both databases without other changes.
 */
export function describeOnBothDatabases(name: string, body: (kind: DatabaseKind) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${name} [${kind}]`, () => {
      beforeAll(() => void (current = kind));
      afterAll(() => void (current = 'sqlite'));
      body(kind);
    });
  }
}
