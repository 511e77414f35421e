import { ENV, passwordOf } from './environment';
import { pathText } from './configSchema';

const SECRET_KEY = /(secret|password|passwd|token|apikey|api_key|credential)s?$/i;

/** Where a secret of a key belongs instead of the file. */
function variableFor(key: string): string {
  if (/secret/i.test(key)) return ENV.clientSecret;
  if (/token/i.test(key)) return ENV.token;
  if (/password|passwd/i.test(key)) return ENV.databasePassword;
  return `an environment variable (${ENV.clientSecret}, ${ENV.token} or ${ENV.databasePassword})`;
}

/**
 * Finds secret-looking values written in the config: a string under a key named like a secret (`clientSecret`,
 * `token`, `password` …) or a URL that carries a password. Only plain objects and arrays are walked; plugin classes
 * and instances are the plugins' business. The messages name the key and the variable to use, never the value.
 */
export function secretsInConfig(config: unknown): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') {
      const key = String(path[path.length - 1] ?? '');
      if (SECRET_KEY.test(key) && value.length > 0) {
        problems.push(`${pathText(path)}: a secret must not be written in the config file; set ${variableFor(key)} in the environment instead`);
      } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && passwordOf(value)) {
        const variable = /^postgres/i.test(value) ? `${ENV.databasePassword} (or the whole URL in ${ENV.databaseUrl})` : 'an environment variable';
        problems.push(`${pathText(path)}: this URL carries a password; leave it out of the config file and set ${variable} instead`);
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(config, []);
  return problems;
}
