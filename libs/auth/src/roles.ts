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
  /** Approves content entries of types that require review. */
  ContentReviewer = 'content-reviewer',
  /** Publishes, unpublishes and schedules content entries. */
  ContentPublisher = 'content-publisher',
  /** Keeps the books: ledger, periods, invoices and their credit notes, bills, reports. */
  Accountant = 'accountant',
  /** Accounts receivable and payable clerk: drafts and posts invoices and bills, records payments. */
  Clerk = 'clerk',
}

export const ROLES = Object.values(Role);

const { Admin, Sales, Marketing, Support, Finance, Inventory, ContentEditor, Analyst, ContentReviewer, ContentPublisher, Accountant, Clerk } = Role;

/**
 * Every permission a resolver can require, and the roles that hold it. A
 * resolver declares one with @Allow(permission); one that declares none is
 * refused to everybody. docs/security.md shows this table as a matrix and a
 * spec keeps the two identical.
 */
export const PERMISSIONS = {
  'customer:read': [Admin, Sales, Marketing, Support, Finance, Inventory, Analyst, Accountant, Clerk],
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
  'customer.openBalance:read': [Admin, Finance, Sales, Accountant, Clerk],
  /** A customer's invoices, lifetime revenue and overdue amount. */
  'customer.invoices:read': [Admin, Finance, Sales, Accountant, Clerk],
  'account:read': [Admin, Finance, Accountant, Clerk],
  /** The chart of accounts and exchange rates. */
  'account:manage': [Admin, Finance, Accountant],
  'rate:manage': [Admin, Finance, Accountant],
  'journal:read': [Admin, Finance, Accountant],
  /** Manual journal entries and their reversals. */
  'journal:post': [Admin, Finance, Accountant],
  'period:close': [Admin, Finance, Accountant],
  /** Reopening a closed period: separate from closing it, and audited. */
  'period:reopen': [Admin, Finance],
  'invoice:read': [Admin, Finance, Sales, Accountant, Clerk],
  'invoice:write': [Admin, Finance, Accountant, Clerk],
  'invoice:post': [Admin, Finance, Accountant, Clerk],
  /** Credit notes and cancelling posted invoices. */
  'invoice:credit': [Admin, Finance, Accountant],
  'payment:read': [Admin, Finance, Accountant, Clerk],
  'payment:write': [Admin, Finance, Accountant, Clerk],
  'bill:read': [Admin, Finance, Accountant, Clerk],
  'bill:post': [Admin, Finance, Accountant, Clerk],
  'bill:pay': [Admin, Finance, Accountant],
  'report.finance:read': [Admin, Finance, Accountant],
  'customer.orders:read': [Admin, Sales, Support, Finance, Inventory],
  'customer.profile:read': [Admin, Marketing, Analyst, Sales],
  /** CDP person profiles; their personal traits also need contact.pii:read. */
  'profile:read': [Admin, Marketing, Analyst, Sales],
  /** Tracking sources and write keys, profile merges and splits, erasure. */
  'analytics:manage': [Admin],
  /** Segments (audiences) and their members. */
  'segment:read': [Admin, Marketing, Analyst, Sales],
  'segment:manage': [Admin, Marketing],
  /** CDP metrics: conversion, velocity, order and lifetime value, churn, service times. */
  'metrics:read': [Admin, Sales, Marketing, Finance, Analyst],
  'contentType:read': [Admin, ContentEditor, Marketing],
  'contentType:create': [Admin, ContentEditor],
  'contentType:update': [Admin, ContentEditor],
  /** Drafts, versions and previews of content entries. */
  'entry:read': [Admin, ContentEditor, ContentReviewer, ContentPublisher, Marketing],
  'entry:write': [Admin, ContentEditor],
  'entry:review': [Admin, ContentReviewer],
  'entry:publish': [Admin, ContentPublisher],
  /** Published content: public, anonymous callers included (see PUBLIC_PERMISSIONS). */
  'content:deliver': [Admin, Sales, Marketing, Support, Finance, Inventory, ContentEditor, Analyst, ContentReviewer, ContentPublisher, Accountant, Clerk],
  'asset:read': [Admin, ContentEditor, ContentReviewer, ContentPublisher, Marketing],
  'asset:write': [Admin, ContentEditor, Marketing],
  'form:read': [Admin, ContentEditor, Marketing],
  'form:manage': [Admin, ContentEditor, Marketing],
  /** Who submitted a form or downloaded gated content: personal data. */
  'form.submission:read': [Admin, Marketing],
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

/**
 * Permissions every caller holds, signed in or not: the gateway lets
 * anonymous requests through to its public root fields only, and those
 * resolve with one of these.
 */
export const PUBLIC_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['content:deliver']);

export function can(roles: readonly Role[], permission: Permission): boolean {
  if (PUBLIC_PERMISSIONS.has(permission)) return true;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
