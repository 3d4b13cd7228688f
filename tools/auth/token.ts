// Mints a user token for the embedded default, signed with the JWT_SECRET
// that `npm start` uses (from the environment, or .data/secrets.json).
//
//   npm run token -- --role sales --sub alice [--role analyst] [--expires 8h]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Role, ROLES, signUserToken } from '@platform/auth';
import { devSecrets } from '@platform/local-runtime';

async function main() {
  const { values } = parseArgs({
    options: { role: { type: 'string', multiple: true }, sub: { type: 'string' }, expires: { type: 'string', default: '8h' } },
  });
  const roles = values.role ?? [];
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (!values.sub || !roles.length || unknown.length) {
    throw new Error(
      `usage: npm run token -- --role <${ROLES.join('|')}> --sub <user> [--expires 8h]${unknown.length ? `\nunknown role: ${unknown.join(', ')}` : ''}`,
    );
  }
  const { jwtSecret } = devSecrets(join(__dirname, '..', '..', '..', '.data', 'secrets.json'));
  process.stdout.write(`${await signUserToken({ sub: values.sub, roles: roles as Role[] }, jwtSecret, values.expires)}\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
