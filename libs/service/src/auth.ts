import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, can, type Identity, type Permission, verifyInternalToken } from '@platform/auth';
import { DomainError, ErrorCode, type RequestContext } from '@platform/graphql';

const PERMISSION = Symbol('permission');

/** The permission a resolver (query, mutation, field or reference) requires. Every resolver declares one. */
export const Allow = (permission: Permission) => SetMetadata(PERMISSION, permission);

/** The permission a resolver method declares, if any. */
export const permissionOf = (handler: object): Permission | undefined => Reflect.getMetadata(PERMISSION, handler);

/**
 * Subgraphs serve the gateway only: every /graphql request, _service and
 * _entities included, must carry the gateway's short-lived credential.
 */
export function gatewayCredentialMiddleware(secret: string) {
  return (req: Request & { identity?: Identity }, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization);
    const refuse = (message: string) => res.status(401).json({ errors: [{ message, extensions: { code: ErrorCode.Unauthenticated } }] });
    if (!token) return refuse('This service answers the gateway only: missing gateway credential');
    verifyInternalToken(token, secret).then(
      (identity) => {
        req.identity = identity;
        next();
      },
      (err: Error) => refuse(`This service answers the gateway only: ${err.message}`),
    );
  };
}

/** Refuses any resolver that declares no permission, and any caller without it. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const permission = this.reflector.get<Permission | undefined>(PERMISSION, context.getHandler());
    const info = GqlExecutionContext.create(context).getInfo<{ parentType?: { name: string }; fieldName?: string } | undefined>();
    const field = info?.parentType && info.fieldName ? `${info.parentType.name}.${info.fieldName}` : context.getHandler().name;
    if (!permission) throw new DomainError(ErrorCode.Forbidden, `${field} declares no permission and is refused to everyone`);
    // Reference resolvers get (reference, context, info); others (root, args, context, info).
    const request = context.getArgs().find((arg): arg is RequestContext => !!arg && typeof arg === 'object' && 'loaders' in arg);
    const identity = request?.identity;
    if (!identity || !can(identity.roles, permission)) {
      throw new DomainError(ErrorCode.Forbidden, `Not allowed: ${field} needs ${permission}`, { permission });
    }
    return true;
  }
}
