import { createHash } from 'node:crypto';
import type { TokenProvider } from './TokenProvider';

/**
 * A fixed bearer token, or a function that returns one (called again after a `401`). The identity key is derived
 * from a hash of the first token (or given explicitly), never from the token itself.
 */
export class StaticTokenProvider implements TokenProvider {
  readonly identityKey: string;
  private readonly source: string | (() => string | Promise<string>);

  constructor(token: string | (() => string | Promise<string>), options: { identityKey?: string } = {}) {
    this.source = token;
    this.identityKey =
      options.identityKey ??
      (typeof token === 'string'
        ? `static:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`
        : 'static:callback');
  }

  async getToken(): Promise<string> {
    return typeof this.source === 'string' ? this.source : await this.source();
  }
}
