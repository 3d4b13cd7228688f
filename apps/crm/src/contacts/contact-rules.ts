import type { ContactField, ContactRow } from './contacts.repository';

/** Fields a merge fills on the survivor when it has none and the merged contact has one. */
const FILLABLE: ContactField[] = ['customerId', 'lastName', 'email', 'phone', 'title', 'ownerId'];

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/**
 * The survivor's fields a merge fills from the merged contact: those the
 * survivor has no value for and the merged one has. The first name is never
 * taken over (the survivor always has one), nor is anything it already holds.
 */
export function fieldsToFill(survivor: ContactRow, merged: ContactRow): ContactField[] {
  return FILLABLE.filter((field) => isEmpty(survivor[field]) && !isEmpty(merged[field]));
}
