import { contactCreatedV1, contactMergedV1, contactUpdatedV1, eventOf, type NewEvent } from '@platform/events';
import type { ContactField, ContactRow } from './contacts.repository';

/** The state every contact event carries: the one place a contact becomes an event payload. */
function contactState(contact: ContactRow) {
  return { contactId: contact.id, customerId: contact.customerId, firstName: contact.firstName, lastName: contact.lastName, email: contact.email };
}

/** The events of the contact aggregate, keyed by the contact (a merge: by the survivor). */
export const contactEvents = {
  created: (contact: ContactRow): NewEvent<unknown> =>
    eventOf(contactCreatedV1, contact.id, { ...contactState(contact), createdAt: contact.createdAt.toISOString() }, { time: contact.createdAt }),

  updated: (contact: ContactRow, changed: readonly ContactField[]): NewEvent<unknown> =>
    eventOf(
      contactUpdatedV1,
      contact.id,
      { ...contactState(contact), changed: [...changed], updatedAt: contact.updatedAt.toISOString() },
      { time: contact.updatedAt },
    ),

  merged: (survivorId: string, mergedId: string, mergedAt: Date): NewEvent<unknown> =>
    eventOf(contactMergedV1, survivorId, { survivorId, mergedId, mergedAt: mergedAt.toISOString() }, { time: mergedAt }),
};
