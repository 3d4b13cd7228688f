import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken, can, type Identity, type Permission, userTokenVerifier } from '@platform/auth';
import { DomainError, ErrorCode } from '@platform/graphql';
import { SERVICE_CONFIG } from '@platform/service';

/**
 * Editors' REST calls (an upload is multipart, which the graph does not
 * carry) come to the cms directly with the user token the gateway would
 * take, verified the same way: JWT_SECRET, or JWT_JWKS_URL for an identity
 * provider.
 */
@Injectable()
export class EditorAuth {
  private readonly verify?: (token: string) => Promise<Identity>;

  constructor(@Inject(SERVICE_CONFIG) config: { JWT_SECRET?: string; JWT_JWKS_URL?: string }) {
    if (config.JWT_SECRET || config.JWT_JWKS_URL) this.verify = userTokenVerifier({ secret: config.JWT_SECRET, jwksUrl: config.JWT_JWKS_URL });
  }

  /** The caller, holding `permission`; UNAUTHENTICATED or FORBIDDEN otherwise. */
  async require(req: Request, permission: Permission): Promise<Identity> {
    const token = bearerToken(req.headers.authorization);
    if (!this.verify) throw new DomainError(ErrorCode.Unauthenticated, 'This cms takes no user tokens: set JWT_SECRET or JWT_JWKS_URL');
    if (!token) throw new DomainError(ErrorCode.Unauthenticated, 'Sign in first: send Authorization: Bearer <token>');
    let identity: Identity;
    try {
      identity = await this.verify(token);
    } catch (err) {
      throw new DomainError(ErrorCode.Unauthenticated, `Your token was refused: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!can(identity.roles, permission)) throw new DomainError(ErrorCode.Forbidden, `Not allowed: needs ${permission}`, { permission });
    return { ...identity, ip: req.ip };
  }
}
