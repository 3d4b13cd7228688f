import { safeFileName, sniff } from './asset-rules';
import { tinyPng } from './test-images';

describe('sniff', () => {
  it('tells images and their dimensions, and PDFs, by their bytes', () => {
    expect(sniff(tinyPng(640, 480))).toEqual({ mimeType: 'image/png', width: 640, height: 480 });
    expect(sniff(Buffer.from('%PDF-1.7\n...'))).toEqual({ mimeType: 'application/pdf', width: null, height: null });
  });

  it('refuses anything else, whatever it claims to be', () => {
    expect(sniff(Buffer.from('<svg onload="alert(1)"></svg>'))).toBeUndefined();
    expect(sniff(Buffer.from('MZ\x90\x00 an executable named photo.png'))).toBeUndefined();
    expect(sniff(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('safeFileName', () => {
  it('keeps the base name and drops what could break a header', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('report "q1".pdf\r\n')).toBe('report _q1_.pdf_');
    expect(safeFileName('')).toBe('file');
  });
});
