import { secretValues } from '../config/environment';

/**
 * The last line of defence: replaces every secret value of the environment in text about to be printed, whichever
 * path it took (a log line, an error message, `--json` output). Redaction by key (pino's `redact`) comes first.
 */
export class SecretScrubber {
  readonly #secrets: string[];

  constructor(secrets: readonly string[] = secretValues()) {
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join('[redacted]');
    return result;
  }
}
