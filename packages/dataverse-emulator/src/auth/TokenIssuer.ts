import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a verified token says. */
export interface TokenClaims {
  /** The systemuserid the caller acts as. */
  oid: string;
  appid: string;
  tid: string;
  aud: string;
  iss: string;
  iat: number;
  exp: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

/**
 * Issues and verifies the emulator's access tokens: compact JWTs signed with HS256 by a key made per emulator
 * instance, so a token from one emulator run is refused by the next. Not meant to be secure, only realistic in shape.
 */
export class TokenIssuer {
  private readonly key: Buffer;
  /** Tokens whose signature was checked: a client sends the same one on every request. Expiry is checked every time. */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly tenantId: string,
    private readonly now: () => number,
  ) {
    this.key = randomBytes(32);
  }

  get lifetime(): number {
    return this.lifetimeSeconds;
  }

  issue(userId: string, clientId: string, audience: string, issuer: string, lifetimeSeconds = this.lifetimeSeconds): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = { oid: userId, appid: clientId, tid: this.tenantId, aud: audience, iss: issuer, iat, exp: iat + lifetimeSeconds };
    const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = base64url(JSON.stringify(claims));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  verify(token: string): TokenCheck {
    const known = this.verified.get(token);
    if (known) return known.exp * 1000 <= this.now() ? { ok: false, reason: 'token expired' } : { ok: true, claims: known };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
    const [head, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${head}.${body}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid signature' };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    if (claims.exp * 1000 <= this.now()) return { ok: false, reason: 'token expired' };
    if (this.verified.size >= 1000) this.verified.clear();
    this.verified.set(token, claims);
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
