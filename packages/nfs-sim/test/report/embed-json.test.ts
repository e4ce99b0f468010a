import { describe, expect, it } from 'vitest';
import { embedJson } from '../../src/report/embed-json.js';

describe('embedJson', () => {
  const hostile = {
    path: '</script><script>alert(1)</script>',
    comment: '<!-- x -->',
    separators: 'a\u2028b\u2029c',
  };

  it('leaves nothing that ends or bends a <script> element, nor raw line separators', () => {
    const text = embedJson(hostile);
    expect(text).not.toContain('</');
    expect(text).not.toContain('<!--');
    expect(text).not.toMatch(/[\u2028\u2029]/);
  });

  it('parses back to the same value', () => {
    expect(JSON.parse(embedJson(hostile))).toEqual(hostile);
    expect(JSON.parse(embedJson([1.5, null, 'x']))).toEqual([1.5, null, 'x']);
  });
});
