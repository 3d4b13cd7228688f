import { badUserInput } from '@platform/graphql';

/**
 * A prefix tsquery from what a user typed: every word must match the start of
 * a lexeme. Words keep letters and digits (and the @ . _ + - that hold an
 * email address or a domain together, so a full address matches its lexeme);
 * tsquery operators and quotes never survive, and each word is quoted as a
 * tsquery literal. The result is bound as a parameter of to_tsquery, never
 * spliced into SQL. Null for a blank search (no filter).
 */
export function prefixTsQuery(search: string | null | undefined): string | null {
  if (search == null || !search.trim()) return null;
  const words = search
    .split(/\s+/)
    .map((word) =>
      word
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}@._+-]/gu, ''),
    )
    // Separators only count between letters or digits: "-acme." is "acme".
    .map((word) => word.replace(/^[@._+-]+|[@._+-]+$/g, ''))
    .filter((word) => word.length > 0)
    .slice(0, 10);
  if (!words.length) throw badUserInput(`Search "${search}" has no letters or digits to look for`, { search: ['must contain a letter or a digit'] });
  return words.map((word) => `'${word}':*`).join(' & ');
}
