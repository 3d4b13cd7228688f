import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DevSecrets {
  jwtSecret: string;
  internalJwtSecret: string;
}

/**
 * The embedded default's secrets: from JWT_SECRET / INTERNAL_JWT_SECRET when
 * set, otherwise generated once per checkout into `file` (under .data/, which
 * git ignores), so nothing secret is ever in the repository and tokens minted
 * by `npm run token` stay valid across restarts.
 */
export function devSecrets(file: string, env: NodeJS.ProcessEnv = process.env): DevSecrets {
  let stored: Partial<DevSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
  const secrets = {
    jwtSecret: env.JWT_SECRET || stored.jwtSecret || randomBytes(32).toString('hex'),
    internalJwtSecret: env.INTERNAL_JWT_SECRET || stored.internalJwtSecret || randomBytes(32).toString('hex'),
  };
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
