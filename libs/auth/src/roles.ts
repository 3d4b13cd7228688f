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
  'customer:update': [Admin, Sales],
  'contact:read': [Admin, Sales, Marketing, Support, Analyst],
  /** Email and phone of contacts and leads: personal data analysts work without. */
  'contact.pii:read': [Admin, Sales, Marketing, Support],
  'contact:write': [Admin, Sales, Marketing, Support],
  'contact:merge': [Admin, Sales],
  'lead:read': [Admin, Sales, Marketing, Analyst],
  'lead:write': [Admin, Sales, Marketing],
  'lead:convert': [Admin, Sales],
  'pipeline:read': [Admin, Sales, Finance, Analyst],
  'pipeline:manage': [Admin],
  'deal:read': [Admin, Sales, Finance, Analyst],
  'deal:write': [Admin, Sales],
  'quote:read': [Admin, Sales, Finance],
  'quote:write': [Admin, Sales],
  'activity:read': [Admin, Sales, Marketing, Support],
  'activity:write': [Admin, Sales, Marketing, Support],
  'task:read': [Admin, Sales, Marketing, Support],
  'task:write': [Admin, Sales, Marketing, Support],
  'ticket:read': [Admin, Support, Sales],
  'ticket:write': [Admin, Support],
  'sequence:read': [Admin, Marketing, Sales],
  'sequence:manage': [Admin, Marketing],
  'sequence:enrol': [Admin, Marketing, Sales],
  'report.sales:read': [Admin, Sales, Finance, Analyst],
  'report.support:read': [Admin, Support, Analyst],
  'customer.openBalance:read': [Admin, Finance, Sales],
  'customer.orders:read': [Admin, Sales, Support, Finance, Inventory],
  'customer.profile:read': [Admin, Marketing, Analyst, Sales],
  /** CDP person profiles; their personal traits also need contact.pii:read. */
  'profile:read': [Admin, Marketing, Analyst, Sales],
  /** Tracking sources and write keys, profile merges and splits, erasure. */
  'analytics:manage': [Admin],
  'contentType:read': [Admin, ContentEditor, Marketing],
  'contentType:create': [Admin, ContentEditor],
  'audit:read': [Admin],
  'product:read': [Admin, Sales, Support, Finance, Inventory, Analyst],
  'product:write': [Admin, Inventory],
  'stock:read': [Admin, Sales, Support, Finance, Inventory, Analyst],
  /** Costs of goods: what the business pays, not what it charges. */
  'stock.cost:read': [Admin, Finance, Inventory],
  'stock:write': [Admin, Inventory],
  'stock:reserve': [Admin, Sales, Inventory],
  'stock:audit': [Admin, Inventory],
  'order:read': [Admin, Sales, Support, Finance, Inventory],
  'order:fulfil': [Admin, Inventory],
  'order:cancel': [Admin, Sales, Inventory],
  'purchase:read': [Admin, Finance, Inventory],
  'purchase:write': [Admin, Inventory],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
