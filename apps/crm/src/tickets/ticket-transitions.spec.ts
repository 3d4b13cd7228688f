import { assertTicketTransition } from './ticket-transitions';
import { TicketStatus } from './ticket.model';

const { OPEN, PENDING, RESOLVED, CLOSED } = TicketStatus;
const all = [OPEN, PENDING, RESOLVED, CLOSED];
const legal = new Set([
  `${OPEN}>${PENDING}`,
  `${PENDING}>${OPEN}`,
  `${OPEN}>${RESOLVED}`,
  `${PENDING}>${RESOLVED}`,
  `${RESOLVED}>${OPEN}`,
  `${RESOLVED}>${CLOSED}`,
]);

describe('ticket status transitions', () => {
  it.each(all.flatMap((from) => all.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    if (legal.has(`${from}>${to}`)) {
      expect(() => assertTicketTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertTicketTransition(from, to)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'ILLEGAL_TICKET_TRANSITION', from: from.toUpperCase(), to: to.toUpperCase() }) }),
      );
    }
  });

  it('names both statuses and what is allowed', () => {
    expect(() => assertTicketTransition(OPEN, CLOSED)).toThrow('A ticket cannot go from OPEN to CLOSED: OPEN can become PENDING or RESOLVED');
    expect(() => assertTicketTransition(CLOSED, OPEN)).toThrow('A ticket cannot go from CLOSED to OPEN: CLOSED is final');
  });
});
