import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { Role, ROLES } from './roles';

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
  return async (token) => {
    try {
      const { payload } = jwks
        ? await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256'] })
        : await jwtVerify(token, secret as Uint8Array, { ...verifyOptions, algorithms: ['HS256'] });
      return identityFrom(payload);
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

/** The short-lived credential the gateway sends each subgraph on a user's behalf. */
export function signInternalToken(identity: Identity, secret: string): Promise<string> {
  return new SignJWT({ roles: identity.roles, ...(identity.ip ? { ip: identity.ip } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(encoder.encode(secret));
}

/** What every subgraph checks on every request: a gateway credential, or nothing is served. */
export async function verifyInternalToken(token: string, secret: string): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), { issuer: INTERNAL_ISSUER, audience: INTERNAL_AUDIENCE, algorithms: ['HS256'] });
    return identityFrom(payload);
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
