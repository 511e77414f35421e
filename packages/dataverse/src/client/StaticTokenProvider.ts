import { createHash } from 'node:crypto';
import { inspect, type InspectOptions } from 'node:util';
import type { TokenProvider } from './TokenProvider';

/**
 * A fixed bearer token, or a function that returns one (called again after a `401`). The identity key is derived
 * from a hash of the first token (or given explicitly), never from the token itself. The token lives in a private
 * field: inspecting or serialising the provider shows the identity key only.
 */
export class StaticTokenProvider implements TokenProvider {
  readonly identityKey: string;
  readonly #source: string | (() => string | Promise<string>);

  constructor(token: string | (() => string | Promise<string>), options: { identityKey?: string } = {}) {
    this.#source = token;
    this.identityKey =
      options.identityKey ??
      (typeof token === 'string'
        ? `static:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`
        : 'static:callback');
  }

  async getToken(): Promise<string> {
    return typeof this.#source === 'string' ? this.#source : await this.#source();
  }

  toJSON(): { identityKey: string } {
    return { identityKey: this.identityKey };
  }

  [inspect.custom](_depth: number, options: InspectOptions, nested: typeof inspect): string {
    return `StaticTokenProvider ${nested(this.toJSON(), options)}`;
  }
}
