import { defineRow, int, type Queryable, uuid } from '@platform/database';

/** A customer's id, by the 1-based position in a batch's input it answers for. */
const idAtPosition = defineRow('customer id by position', { n: int(), id: uuid() });

/** The SQL of the customers area that other areas' batches run (the CSV import). */
export const customersRepository = {
  /**
   * The ids of the customers holding these emails (case-insensitively),
   * aligned with `emails` (none where no customer has it, or the email is
   * null). One statement for the whole batch.
   */
  async idsByEmailsIn(db: Queryable, emails: readonly (string | null)[]): Promise<(string | undefined)[]> {
    const ids = new Array<string | undefined>(emails.length).fill(undefined);
    const found = await idAtPosition.many(
      db,
      `SELECT i.n::int AS n, cu.id
         FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
         JOIN customers cu ON lower(cu.email) = lower(i.email)`,
      [emails],
    );
    for (const { n, id } of found) ids[n - 1] = id;
    return ids;
  },
};
