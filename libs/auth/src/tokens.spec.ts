import { SignJWT } from 'jose';
import { can, Role } from './roles';
import { bearerToken, signInternalToken, signUserToken, userTokenVerifier, verifyInternalToken } from './tokens';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('tokens', () => {
  it('round-trips a user token and refuses a wrong secret, an unknown role and a missing subject', async () => {
    const verify = userTokenVerifier({ secret });
    const token = await signUserToken({ sub: 'alice', roles: [Role.Sales] }, secret);
    await expect(verify(token)).resolves.toEqual({ sub: 'alice', roles: ['sales'] });
    await expect(userTokenVerifier({ secret: `${secret}x` })(token)).rejects.toThrow(/invalid token/);
    const rogue = await new SignJWT({ roles: ['root'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('eve').sign(new TextEncoder().encode(secret));
    await expect(verify(rogue)).rejects.toThrow(/token roles must be a list of/);
    const anonymous = await new SignJWT({ roles: ['sales'] }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
    await expect(verify(anonymous)).rejects.toThrow('token has no subject');
  });

  it('refuses an expired token and an alg=none token', async () => {
    const expired = await signUserToken({ sub: 'a', roles: [Role.Admin] }, secret, '-1s');
    await expect(userTokenVerifier({ secret })(expired)).rejects.toThrow(/ERR_JWT_EXPIRED/);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"a","roles":["admin"]}').toString('base64url')}.`;
    await expect(userTokenVerifier({ secret })(none)).rejects.toThrow(/invalid token/);
  });

  it('keeps user tokens and internal tokens apart', async () => {
    const user = await signUserToken({ sub: 'alice', roles: [Role.Admin] }, secret);
    await expect(verifyInternalToken(user, secret)).rejects.toThrow(/invalid token/);
    const internal = await signInternalToken({ sub: 'alice', roles: [Role.Admin], ip: '10.0.0.1' }, secret);
    await expect(verifyInternalToken(internal, secret)).resolves.toEqual({ sub: 'alice', roles: ['admin'], ip: '10.0.0.1' });
  });

  it('serves a verified token again only to the same secret and only until it expires', async () => {
    jest.useFakeTimers({ now: new Date('2026-06-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const internal = await signInternalToken({ sub: 'carol', roles: [Role.Sales] }, secret);
      await expect(verifyInternalToken(internal, secret)).resolves.toEqual({ sub: 'carol', roles: ['sales'] });
      await expect(verifyInternalToken(internal, `${secret}-other`)).rejects.toThrow(/invalid token/);
      jest.setSystemTime(new Date('2026-06-01T10:01:01Z'));
      await expect(verifyInternalToken(internal, secret)).rejects.toThrow(/ERR_JWT_EXPIRED/);

      const verify = userTokenVerifier({ secret });
      const user = await signUserToken({ sub: 'dave', roles: [Role.Support] }, secret, '10s');
      await expect(verify(user)).resolves.toEqual({ sub: 'dave', roles: ['support'] });
      jest.setSystemTime(new Date('2026-06-01T10:01:12Z'));
      await expect(verify(user)).rejects.toThrow(/ERR_JWT_EXPIRED/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reuses a signed credential per identity while it has more than half its life left', async () => {
    jest.useFakeTimers({ now: new Date('2026-06-02T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const alice = { sub: 'alice', roles: [Role.Sales], ip: '10.0.0.1' };
      const first = await signInternalToken(alice, secret);
      // Ten seconds on, a freshly signed token would carry a new iat and exp.
      jest.setSystemTime(new Date('2026-06-02T10:00:10Z'));
      expect(await signInternalToken({ ...alice }, secret)).toBe(first);
      expect(await signInternalToken({ ...alice, ip: '10.0.0.2' }, secret)).not.toBe(first);
      expect(await signInternalToken({ ...alice, roles: [Role.Sales, Role.Admin] }, secret)).not.toBe(first);
      expect(await signInternalToken({ ...alice, sub: 'bob' }, secret)).not.toBe(first);
      expect(await signInternalToken(alice, `${secret}-other`)).not.toBe(first);
      jest.setSystemTime(new Date('2026-06-02T10:00:31Z'));
      const renewed = await signInternalToken(alice, secret);
      expect(renewed).not.toBe(first);
      await expect(verifyInternalToken(renewed, secret)).resolves.toEqual(alice);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads bearer headers', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer x')).toBe('x');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('can', () => {
  it('grants by role', () => {
    expect(can([Role.Finance], 'customer.openBalance:read')).toBe(true);
    expect(can([Role.Analyst], 'customer:create')).toBe(false);
    expect(can([Role.Analyst, Role.Sales], 'customer:create')).toBe(true);
    expect(can([], 'customer:read')).toBe(false);
  });
});
