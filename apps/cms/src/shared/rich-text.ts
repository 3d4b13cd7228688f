import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';

/**
 * Rich text is stored as a document tree, never as HTML: a frontend may
 * render the tree itself, and what the CMS renders to HTML goes through a
 * maintained sanitiser as the last step, so stored content cannot carry
 * script into a page whatever a node holds.
 */
export type RichTextNode =
  | { type: 'text'; text: string; marks?: ('bold' | 'italic' | 'code' | 'underline')[] }
  | { type: 'paragraph' | 'quote' | 'list-item'; children: RichTextNode[] }
  | { type: 'heading'; level: number; children: RichTextNode[] }
  | { type: 'list'; ordered?: boolean; children: RichTextNode[] }
  | { type: 'link'; href: string; children: RichTextNode[] }
  | { type: 'image'; assetId: string; alt?: string }
  /** An editor's embedded HTML (what WordPress calls a custom HTML block): rendered only through the sanitiser. */
  | { type: 'html'; html: string };

export interface RichTextDocument {
  type: 'doc';
  children: RichTextNode[];
}

const MAX_TEXT = 100_000;

const node: z.ZodType<RichTextNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z
      .object({
        type: z.literal('text'),
        text: z.string().max(MAX_TEXT),
        marks: z
          .array(z.enum(['bold', 'italic', 'code', 'underline']))
          .max(4)
          .optional(),
      })
      .strict(),
    z.object({ type: z.enum(['paragraph', 'quote', 'list-item']), children: z.array(node).max(1000) }).strict(),
    z.object({ type: z.literal('heading'), level: z.number().int().min(1).max(6), children: z.array(node).max(1000) }).strict(),
    z.object({ type: z.literal('list'), ordered: z.boolean().optional(), children: z.array(node).max(1000) }).strict(),
    z.object({ type: z.literal('link'), href: z.string().min(1).max(2000), children: z.array(node).max(1000) }).strict(),
    z.object({ type: z.literal('image'), assetId: z.uuid(), alt: z.string().max(500).optional() }).strict(),
    z.object({ type: z.literal('html'), html: z.string().max(MAX_TEXT) }).strict(),
  ]),
);

const documentSchema = z.object({ type: z.literal('doc'), children: z.array(node).max(5000) }).strict();

/** Why a value is not a rich text document (the first problems, with their path), or nothing. */
export function richTextProblems(value: unknown): string[] {
  const parsed = documentSchema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
}

/** The asset ids a document's images name. */
export function richTextAssets(doc: RichTextDocument): string[] {
  const ids: string[] = [];
  const walk = (nodes: RichTextNode[]) => {
    for (const n of nodes) {
      if (n.type === 'image') ids.push(n.assetId);
      if ('children' in n) walk(n.children);
    }
  };
  walk(doc.children);
  return ids;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MARK_TAGS = { bold: 'strong', italic: 'em', code: 'code', underline: 'u' } as const;

function renderNode(n: RichTextNode, assetUrl: (id: string) => string): string {
  const inner = (children: RichTextNode[]) => children.map((c) => renderNode(c, assetUrl)).join('');
  switch (n.type) {
    case 'text':
      return (n.marks ?? []).reduce((html, mark) => `<${MARK_TAGS[mark]}>${html}</${MARK_TAGS[mark]}>`, escape(n.text));
    case 'paragraph':
      return `<p>${inner(n.children)}</p>`;
    case 'quote':
      return `<blockquote>${inner(n.children)}</blockquote>`;
    case 'list-item':
      return `<li>${inner(n.children)}</li>`;
    case 'heading':
      return `<h${n.level}>${inner(n.children)}</h${n.level}>`;
    case 'list':
      return n.ordered ? `<ol>${inner(n.children)}</ol>` : `<ul>${inner(n.children)}</ul>`;
    case 'link':
      return `<a href="${escape(n.href)}">${inner(n.children)}</a>`;
    case 'image':
      return `<img src="${escape(assetUrl(n.assetId))}" alt="${escape(n.alt ?? '')}" />`;
    case 'html':
      return n.html;
  }
}

const SANITISER: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'code', 'u', 'a', 'img', 'br', 'pre', 'span'],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'width', 'height'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
};

/** The document as HTML, sanitised: no script, event handler, style or javascript: URL survives. */
export function renderRichText(doc: RichTextDocument, assetUrl: (id: string) => string): string {
  return sanitizeHtml(doc.children.map((n) => renderNode(n, assetUrl)).join(''), SANITISER);
}
