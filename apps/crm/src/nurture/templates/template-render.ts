/** The values a template may use; anything else is refused when the template is saved. */
export const PLACEHOLDERS = ['firstName', 'lastName', 'email', 'company'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<Placeholder, string | null>>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Names inside {{ }} that are not known placeholders, in order of first appearance. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(match[1])) unknown.add(match[1]);
  }
  return [...unknown];
}

/**
 * Fills the placeholders with the person's values, verbatim: mail goes out as
 * text/plain, so nothing is escaped. A missing value becomes an empty string.
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(TOKEN, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? (values[name as Placeholder] ?? '') : whole));
}
