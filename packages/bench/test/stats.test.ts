import { describe, expect, it } from 'vitest';
import { mean, quantile, summarize } from '../src/stats.js';
import { markdownTable, textTable } from '../src/table.js';

describe('summaries', () => {
  it('take nearest-rank quantiles, whatever the input order', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(summarize(samples)).toEqual({ count: 100, median: 50, p95: 95, p99: 99 });
    expect(quantile([7], 0.99)).toBe(7);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });

  it('take the mean with the outliers in, where the median leaves them out', () => {
    const samples = [1, 1, 1, 1, 3001]; // one retransmission after a 3 s timeout
    expect(summarize(samples).median).toBe(1);
    expect(mean(samples)).toBe(601);
    expect(Number.isNaN(mean([]))).toBe(true);
  });
});

describe('tables', () => {
  const rows = [
    ['library', 'median'],
    ['linklock', '139'],
    ['proper-lockfile', '374'],
  ];

  it('align names left and numbers right under a rule', () => {
    expect(textTable(rows).split('\n')).toEqual([
      'library          median',
      '---------------  ------',
      'linklock            139',
      'proper-lockfile     374',
    ]);
  });

  it('render as Markdown with numeric columns right-aligned', () => {
    expect(markdownTable(rows).split('\n')).toEqual([
      '| library | median |',
      '| --- | ---: |',
      '| linklock | 139 |',
      '| proper-lockfile | 374 |',
    ]);
  });
});
