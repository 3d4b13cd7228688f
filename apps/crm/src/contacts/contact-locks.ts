import type { EntityManager } from 'typeorm';
import { type ContactRow, contactsRepository } from './contacts.repository';

/**
 * The contact, held (KEY SHARE) until the caller commits: a merge deleting
 * it waits for the caller, then moves what the caller linked to it over to
 * the survivor. A merge already under way is waited for, and its merged
 * contact is then gone: undefined.
 */
export function lockContactIn(manager: EntityManager, id: string): Promise<ContactRow | undefined> {
  return contactsRepository.byId(manager, id, 'key share');
}
