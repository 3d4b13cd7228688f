import { applyDecorators } from '@nestjs/common';
import { MaxDate, MinDate } from 'class-validator';

/**
 * Times crm stores and pages through: years 1 to 9999. Earlier ones are out
 * of the database's range (an internal error instead of a clear answer) and
 * cursors refuse both, so a row outside it could not be paged past.
 */
export const EARLIEST = new Date('0001-01-01T00:00:00.000Z');
export const LATEST = new Date('9999-12-31T23:59:59.999Z');
const RANGE = 'between 0001-01-01 and 9999-12-31 (UTC)';

export const withinCalendar = (value: Date | null | undefined) => !value || (value.getTime() >= EARLIEST.getTime() && value.getTime() <= LATEST.getTime());

/** class-validator decorators: the field is a time in years 1 to 9999. */
export function WithinCalendar(field: string): PropertyDecorator {
  return applyDecorators(MinDate(EARLIEST, { message: `${field} must be ${RANGE}` }), MaxDate(LATEST, { message: `${field} must be ${RANGE}` }));
}

export const CALENDAR_RANGE = RANGE;
