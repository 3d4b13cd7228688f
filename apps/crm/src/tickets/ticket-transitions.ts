import { DomainError } from '@platform/graphql';
import { TicketStatus } from './ticket.model';
import { CrmErrorCode } from '../shared/crm-error-codes';

export const ILLEGAL_TICKET_TRANSITION = CrmErrorCode.IllegalTicketTransition;
export const TICKET_CLOSED = CrmErrorCode.TicketClosed;

const LEGAL: Record<TicketStatus, TicketStatus[]> = {
  [TicketStatus.OPEN]: [TicketStatus.PENDING, TicketStatus.RESOLVED],
  [TicketStatus.PENDING]: [TicketStatus.OPEN, TicketStatus.RESOLVED],
  [TicketStatus.RESOLVED]: [TicketStatus.OPEN, TicketStatus.CLOSED],
  [TicketStatus.CLOSED]: [],
};

const name = (status: TicketStatus) => status.toUpperCase();

export const allowedNext = (from: TicketStatus): TicketStatus[] => LEGAL[from];

/** Throws ILLEGAL_TICKET_TRANSITION naming both statuses unless `to` may follow `from`. */
export function assertTicketTransition(from: TicketStatus, to: TicketStatus): void {
  if (LEGAL[from].includes(to)) return;
  const allowed = LEGAL[from].map(name);
  const hint = allowed.length ? `${name(from)} can become ${allowed.join(' or ')}` : `${name(from)} is final`;
  throw new DomainError(ILLEGAL_TICKET_TRANSITION, `A ticket cannot go from ${name(from)} to ${name(to)}: ${hint}`, {
    from: name(from),
    to: name(to),
    allowed,
  });
}
