/** Who a user is to the platform. */
export enum Role {
  Admin = 'admin',
  Sales = 'sales',
  Marketing = 'marketing',
  Support = 'support',
  Finance = 'finance',
  Inventory = 'inventory',
  ContentEditor = 'content-editor',
  Analyst = 'analyst',
}

export const ROLES = Object.values(Role);

const { Admin, Sales, Marketing, Support, Finance, Inventory, ContentEditor, Analyst } = Role;

/**
 * Every permission a resolver can require, and the roles that hold it. A
 * resolver declares one with @Allow(permission); one that declares none is
 * refused to everybody. docs/security.md shows this table as a matrix and a
 * spec keeps the two identical.
 */
export const PERMISSIONS = {
  'customer:read': [Admin, Sales, Marketing, Support, Finance, Inventory, Analyst],
  'customer:create': [Admin, Sales],
  'customer.openBalance:read': [Admin, Finance, Sales],
  'customer.orders:read': [Admin, Sales, Support, Finance, Inventory],
  'customer.profile:read': [Admin, Marketing, Analyst, Sales],
  'contentType:read': [Admin, ContentEditor, Marketing],
  'contentType:create': [Admin, ContentEditor],
  'audit:read': [Admin],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
