import { analyticsEvents } from './analytics.events';
import { cmsEvents } from './cms.events';
import { crmEvents } from './crm.events';
import { financeEvents } from './finance.events';
import { inventoryEvents } from './inventory.events';
import { EventRegistry } from './registry';

export * from './analytics.events';
export * from './cms.events';
export * from './crm.events';
export * from './finance.events';
export * from './inventory.events';
export * from './shared-schemas';

/** Every event type of the platform, every version a service may still receive. */
export const platformEvents = new EventRegistry([...crmEvents, ...cmsEvents, ...inventoryEvents, ...financeEvents, ...analyticsEvents]);
