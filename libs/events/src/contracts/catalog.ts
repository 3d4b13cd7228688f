import { customerCreatedV1 } from './crm.events';
import { EventRegistry } from './registry';

export * from './crm.events';

/** Every event type of the platform, every version a service may still receive. */
export const platformEvents = new EventRegistry([customerCreatedV1]);
