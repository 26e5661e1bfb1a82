// A key in the config file that looks like it holds a credential is refused wherever it appears: config files
// get committed, and leaked exchange keys were the costliest mistake of earlier competitions. The message
// names the key and its line, never its value.
import { InputError } from '../core/errors.js';
import { formatKeyPath, walkKeys } from './yaml-source.js';
import type { KeyPath, YamlSource } from './yaml-source.js';

export const SECRETS_MESSAGE =
  'secrets must not be in the config file; set ROOSTOO_API_KEY / ROOSTOO_SECRET_KEY in the environment or .env';

const EXACT = new Set([
  'apikey',
  'api_key',
  'api-key',
  'secret',
  'secret_key',
  'password',
  'passwd',
  'token',
]);
const CONTAINS = ['secret', 'api_key', 'apikey', 'api-key', 'password', 'private_key', 'passphrase'];

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase();
  return EXACT.has(k) || CONTAINS.some((part) => k.includes(part)) || /(^|[_-])token$/.test(k);
}

export function findSecretKeys(source: YamlSource): { problems: InputError[]; paths: KeyPath[] } {
  const problems: InputError[] = [];
  const paths: KeyPath[] = [];
  walkKeys(source, (path, key, line) => {
    if (!isSecretKey(key)) return;
    paths.push(path);
    problems.push(new InputError(SECRETS_MESSAGE, { file: source.file, line, key: formatKeyPath(path) }));
  });
  return { problems, paths };
}
