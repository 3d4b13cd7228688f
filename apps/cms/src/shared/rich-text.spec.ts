import { renderRichText, richTextAssets, richTextProblems, type RichTextDocument } from './rich-text';

const asset = (id: string) => `/cms/assets/${id}`;
const ASSET = '5b0e1e44-8c5a-4e8e-9a55-1d6f3c1c2a10';

describe('rich text', () => {
  it('renders the tree to HTML with marks, links, lists and images', () => {
    const doc: RichTextDocument = {
      type: 'doc',
      children: [
        { type: 'heading', level: 2, children: [{ type: 'text', text: 'Pricing' }] },
        {
          type: 'paragraph',
          children: [
            { type: 'text', text: 'Fair', marks: ['bold'] },
            { type: 'link', href: 'https://example.com', children: [{ type: 'text', text: 'more' }] },
          ],
        },
        { type: 'list', ordered: true, children: [{ type: 'list-item', children: [{ type: 'text', text: 'one' }] }] },
        { type: 'image', assetId: ASSET, alt: 'chart' },
      ],
    };
    expect(renderRichText(doc, asset)).toBe(
      `<h2>Pricing</h2><p><strong>Fair</strong><a href="https://example.com" rel="noopener noreferrer">more</a></p><ol><li>one</li></ol><img src="/cms/assets/${ASSET}" alt="chart" />`,
    );
    expect(richTextAssets(doc)).toEqual([ASSET]);
  });

  it('never lets script through: escaped text, sanitised embeds, no javascript: links or handlers', () => {
    const doc: RichTextDocument = {
      type: 'doc',
      children: [
        { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
        { type: 'html', html: '<p onclick="steal()">hi<script>alert(2)</script><img src=x onerror=alert(3)><iframe src="https://evil"></iframe></p>' },
        { type: 'link', href: 'javascript:alert(4)', children: [{ type: 'text', text: 'click' }] },
        { type: 'html', html: '<a href="JaVaScRiPt:alert(5)">x</a><style>body{}</style><svg onload=alert(6)></svg>' },
      ],
    };
    const html = renderRichText(doc, asset);
    expect(html).not.toMatch(/<script|onclick|onerror|onload|javascript:|<iframe|<style|<svg/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('names what is wrong with a malformed document', () => {
    expect(richTextProblems({ type: 'doc', children: [] })).toEqual([]);
    expect(richTextProblems('<p>html</p>')).not.toEqual([]);
    expect(richTextProblems({ type: 'doc', children: [{ type: 'script', src: 'x' }] })[0]).toMatch(/children\.0/);
    expect(richTextProblems({ type: 'doc', children: [{ type: 'heading', level: 9, children: [] }] })).not.toEqual([]);
  });
});
