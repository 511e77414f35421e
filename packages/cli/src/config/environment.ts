/** The environment variables secrets come from; the config file never holds them. */
export const ENV = {
  clientSecret: 'TANDEM_DATAVERSE_CLIENT_SECRET',
  token: 'TANDEM_DATAVERSE_TOKEN',
  databaseUrl: 'TANDEM_DATABASE_URL',
  databasePassword: 'TANDEM_DATABASE_PASSWORD',
} as const;

/** The secret values present in an environment, so output can be scrubbed of them whatever path they take. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values: string[] = [];
  for (const name of [ENV.clientSecret, ENV.token, ENV.databasePassword]) {
    const value = env[name];
    if (value) values.push(value);
  }
  const password = passwordOf(env[ENV.databaseUrl]);
  if (password) values.push(password, encodeURIComponent(password));
  return values.filter((value) => value.length >= 4);
}

/** The password part of a database URL, if any (decoded). */
export function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
