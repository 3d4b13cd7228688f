import { imageSize } from 'image-size';

/** The file types an asset may be, told by their bytes. SVG is not among them: it can carry script. */
export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

const IMAGE_TYPES: Record<string, AcceptedType> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

export interface Sniffed {
  mimeType: AcceptedType;
  width: number | null;
  height: number | null;
}

/**
 * What the bytes are, from their content (never the file name or the type
 * the client claims): an image read by image-size, with its dimensions, or
 * a PDF by its signature. Undefined for anything else.
 */
export function sniff(bytes: Buffer): Sniffed | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { mimeType: 'application/pdf', width: null, height: null };
  try {
    const size = imageSize(bytes);
    const mimeType = size.type ? IMAGE_TYPES[size.type] : undefined;
    if (!mimeType || !size.width || !size.height) return undefined;
    return { mimeType, width: size.width, height: size.height };
  } catch {
    return undefined;
  }
}

/** A file name safe to echo in a Content-Disposition header: no path, no quotes or control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[^\w.\- ]+/g, '_')
    .trim()
    .slice(0, 200);
  return clean || 'file';
}
