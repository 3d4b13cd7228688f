import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { Role, ROLES } from './roles';
import { ExpiringCache } from './expiring-cache';

/** A verified caller: subject, roles, and where the request came from. */
export interface Identity {
  sub: string;
  roles: Role[];
  /** Client address as the gateway saw it (audit "from where"). */
  ip?: string;
}

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

const INTERNAL_ISSUER = 'platform-gateway';
const INTERNAL_AUDIENCE = 'platform-subgraphs';
const encoder = new TextEncoder();
const INTERNAL_LIFETIME_S = 60;

/**
 * HMAC keys imported once per secret: handing jose the raw bytes makes it
 * import the key again on every sign and verify.
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/**
 * Verified tokens, by their exact text, until they expire (at most a few
 * minutes): a token seen again is the same signed claims, so its signature
 * need not be checked again. Bounded, so a flood of distinct tokens cannot
 * grow it.
 */
const verified = new ExpiringCache<Identity>(10_000);
const verifiedFor = (payload: JWTPayload, ceilingMs: number) => Math.min((payload.exp ?? 0) * 1000, Date.now() + ceilingMs);

function identityFrom(payload: JWTPayload): Identity {
  if (typeof payload.sub !== 'string' || !payload.sub) throw new AuthError('token has no subject');
  const roles = payload.roles;
  if (!Array.isArray(roles) || !roles.every((r): r is Role => ROLES.includes(r as Role))) {
    throw new AuthError(`token roles must be a list of: ${ROLES.join(', ')}`);
  }
  return { sub: payload.sub, roles, ...(typeof payload.ip === 'string' ? { ip: payload.ip } : {}) };
}

const reason = (err: unknown) => (err instanceof AuthError ? err.message : `invalid token (${(err as { code?: string }).code ?? 'unverifiable'})`);

export interface UserTokenOptions {
  /** HS256 shared secret (the embedded default). */
  secret?: string;
  /** JWKS URL for RS256/ES256 tokens from an identity provider (production). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/** Verifies a user's bearer token at the gateway. */
export function userTokenVerifier(options: UserTokenOptions): (token: string) => Promise<Identity> {
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  const secret = options.secret ? encoder.encode(options.secret) : undefined;
  if (!jwks && !secret) throw new Error('userTokenVerifier needs a secret or a JWKS URL');
  const verifyOptions = { issuer: options.issuer, audience: options.audience };
  const cache = new ExpiringCache<Identity>(10_000);
  return async (token) => {
    const known = cache.get(token);
    if (known) return known;
    try {
      const { payload } = jwks
        ? await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256'] })
        : await jwtVerify(token, secret as Uint8Array, { ...verifyOptions, algorithms: ['HS256'] });
      const identity = identityFrom(payload);
      cache.set(token, identity, verifiedFor(payload, 5 * 60_000));
      return identity;
    } catch (err) {
      throw new AuthError(reason(err));
    }
  };
}

/** A user token for the embedded default (the dev CLI and tests). */
export function signUserToken(identity: Omit<Identity, 'ip'>, secret: string, expiresIn = '8h'): Promise<string> {
  return new SignJWT({ roles: identity.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(encoder.encode(secret));
}

/**
 * Credentials already signed, per secret and identity: one is reused while
 * it has more than half its life left, so a user's requests do not each
 * sign one per subgraph call.
 */
const signed = new ExpiringCache<Promise<string>>(10_000);

/** The short-lived credential the gateway sends each subgraph on a user's behalf. */
export function signInternalToken(identity: Identity, secret: string): Promise<string> {
  const cacheKey = JSON.stringify([secret, identity.sub, identity.roles, identity.ip ?? null]);
  const known = signed.get(cacheKey);
  if (known) return known;
  const token = new SignJWT({ roles: identity.roles, ...(identity.ip ? { ip: identity.ip } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${INTERNAL_LIFETIME_S}s`)
    .sign(secretKey(secret));
  signed.set(cacheKey, token, Date.now() + (INTERNAL_LIFETIME_S * 1000) / 2);
  token.catch(() => signed.delete(cacheKey));
  return token;
}

/** What every subgraph checks on every request: a gateway credential, or nothing is served. */
export async function verifyInternalToken(token: string, secret: string): Promise<Identity> {
  const cacheKey = `${secret.length}:${secret}:${token}`;
  const known = verified.get(cacheKey);
  if (known) return known;
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { issuer: INTERNAL_ISSUER, audience: INTERNAL_AUDIENCE, algorithms: ['HS256'] });
    const identity = identityFrom(payload);
    verified.set(cacheKey, identity, verifiedFor(payload, INTERNAL_LIFETIME_S * 1000));
    return identity;
  } catch (err) {
    throw new AuthError(reason(err));
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}
