import type { Queryable } from '@platform/database';
import { conflict, DomainError, notFound } from '@platform/graphql';
import { CrmErrorCode } from '../shared/crm-error-codes';
import { contactsRepository, fullName } from './contacts.repository';

/**
 * Why a contact id has no row: merged into another contact (a write must
 * target the survivor, so the error names it), or it never existed.
 */
export async function contactMissing(db: Queryable, id: string): Promise<DomainError> {
  const survivor = await contactsRepository.survivorOf(db, id);
  if (!survivor) return notFound('Contact', id);
  return new DomainError(CrmErrorCode.ContactAlreadyMerged, `Contact ${id} was merged into ${fullName(survivor)} (${survivor.id}): use that contact instead`, {
    contactId: id,
    survivorId: survivor.id,
  });
}

/** CONFLICT naming the contact that holds the email. */
export async function contactEmailTaken(db: Queryable, email: string): Promise<DomainError> {
  const existing = await contactsRepository.withEmail(db, email);
  // Gone again already (merged or changed since): still a conflict, with no one to name.
  if (!existing) return conflict(`A contact with email ${email} was created meanwhile: try again`);
  return conflict(`A contact with email ${email} already exists: ${fullName(existing)} (${existing.id})`, { existingId: existing.id });
}
