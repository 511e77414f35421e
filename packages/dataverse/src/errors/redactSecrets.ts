/**
 * Replaces every occurrence of the given secrets in a text with `***`, so an error message or a log line built from
 * a third-party error can never leak a client secret or a token. Empty and very short secrets are ignored (they
 * would redact ordinary words).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    // The secret as it is, percent-encoded, and form-encoded (as in a token request body).
    const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
    for (const form of forms) out = out.split(form).join('***');
  }
  // Bearer tokens that appear in headers echoed into messages.
  return out.replace(/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/g, '$1***');
}
