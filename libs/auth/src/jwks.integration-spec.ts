import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { userTokenVerifier } from './tokens';

describe('user tokens from an identity provider (JWKS, RS256 and ES256)', () => {
  let server: Server;
  let jwksUrl: string;
  const keys: { alg: string; kid: string; privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'] }[] = [];

  beforeAll(async () => {
    const jwks: Record<string, unknown>[] = [];
    for (const alg of ['RS256', 'ES256']) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      keys.push({ alg, kid: `${alg}-key`, privateKey });
      jwks.push({ ...(await exportJWK(publicKey)), kid: `${alg}-key`, alg, use: 'sig' });
    }
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: jwks }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const sign = (alg: string, claims: { iss?: string; aud?: string } = {}) => {
    const key = keys.find((k) => k.alg === alg)!;
    return new SignJWT({ roles: ['finance'] })
      .setProtectedHeader({ alg, kid: key.kid })
      .setSubject('bob')
      .setIssuer(claims.iss ?? 'https://idp.example.test')
      .setAudience(claims.aud ?? 'platform')
      .setExpirationTime('5m')
      .sign(key.privateKey);
  };

  it.each(['RS256', 'ES256'])('accepts a %s token signed by a published key, for the expected issuer and audience', async (alg) => {
    const verify = userTokenVerifier({ jwksUrl, issuer: 'https://idp.example.test', audience: 'platform' });
    await expect(verify(await sign(alg))).resolves.toEqual({ sub: 'bob', roles: ['finance'] });
    await expect(verify(await sign(alg, { iss: 'https://evil.example.test' }))).rejects.toThrow(/invalid token/);
    await expect(verify(await sign(alg, { aud: 'someone-else' }))).rejects.toThrow(/invalid token/);
  });

  it('refuses an HS256 token when keys come from a JWKS', async () => {
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('eve')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(userTokenVerifier({ jwksUrl })(forged)).rejects.toThrow(/invalid token/);
  });
});
