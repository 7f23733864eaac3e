import assert from 'node:assert/strict';
import { chunkDocument } from '../../rag/chunk/chunk-document.ts';
import { estimateTokens } from '../../rag/chunk/estimate-tokens.ts';
import { hashContent } from '../../rag/chunk/hash-content.ts';
import { loadMarkdown } from '../../rag/load/load-markdown.ts';

const words = (n: number, prefix = 'word'): string =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');

describe('chunkDocument', () => {
  it('keeps the heading path of every chunk and never crosses a heading', () => {
    const doc = loadMarkdown(
      '# Billing\n\nIntro to billing.\n\n## Refunds\n\nRefunds take 14 days.\n\n### Partial refunds\n\nPartial ones too.\n\n## Invoices\n\nInvoices are monthly.\n',
    );
    const chunks = chunkDocument({ ...doc, title: 'Billing' }, { maxTokens: 200, overlapTokens: 20 });
    assert.deepEqual(
      chunks.map((c) => [c.heading, c.text]),
      [
        ['Billing', 'Intro to billing.'],
        ['Billing > Refunds', 'Refunds take 14 days.'],
        ['Billing > Refunds > Partial refunds', 'Partial ones too.'],
        ['Billing > Invoices', 'Invoices are monthly.'],
      ],
    );
    assert.deepEqual(chunks[2]!.headingPath, ['Billing', 'Refunds', 'Partial refunds']);
    assert.deepEqual(
      chunks.map((c) => c.ordinal),
      [0, 1, 2, 3],
    );
  });

  it('puts the document title above headings that do not repeat it', () => {
    const chunks = chunkDocument({
      title: 'FAQ',
      blocks: [
        { kind: 'heading', depth: 2, text: 'Login' },
        { kind: 'text', text: 'Use SSO.' },
      ],
    });
    assert.equal(chunks[0]!.heading, 'FAQ > Login');
  });

  it('packs small paragraphs together up to the budget', () => {
    const blocks = Array.from({ length: 6 }, (_, i) => ({
      kind: 'text' as const,
      text: words(10, `p${i}w`),
    }));
    const chunks = chunkDocument({ blocks }, { maxTokens: 50, overlapTokens: 0 });
    assert.equal(chunks.length, 2);
    assert.ok(chunks[0]!.text.includes('p0w0') && chunks[0]!.text.includes('p2w9'));
    assert.ok(chunks.every((c) => c.tokens <= 50));
  });

  it('splits an oversized paragraph by sentences, then words, within the budget', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence ${i} has exactly six words.`).join(' ');
    const long = words(500);
    const chunks = chunkDocument(
      {
        blocks: [
          { kind: 'text', text: sentences },
          { kind: 'text', text: long },
        ],
      },
      { maxTokens: 60, overlapTokens: 0 },
    );
    assert.ok(chunks.length > 5);
    for (const chunk of chunks)
      assert.ok(estimateTokens(chunk.text) <= 60, `chunk of ${chunk.tokens} tokens`);
    // Sentence splits fall on sentence ends.
    assert.ok(chunks.filter((c) => c.text.startsWith('Sentence')).every((c) => c.text.endsWith('words.')));
    // No word is lost.
    const all = chunks.map((c) => c.text).join(' ');
    for (let i = 0; i < 500; i += 37) assert.ok(all.includes(`word${i} `) || all.endsWith(`word${i}`));
  });

  it('repeats trailing text of the previous chunk as overlap, within the same section only', () => {
    const sentences = Array.from({ length: 20 }, (_, i) => `Step ${i} does thing ${i}.`).join(' ');
    const chunks = chunkDocument(
      {
        blocks: [
          { kind: 'text', text: sentences },
          { kind: 'heading', depth: 2, text: 'Next' },
          { kind: 'text', text: 'Fresh start.' },
        ],
      },
      { maxTokens: 40, overlapTokens: 12 },
    );
    const body = chunks.filter((c) => c.heading === '');
    assert.ok(body.length >= 2);
    for (let i = 1; i < body.length; i++) {
      const overlap = body[i]!.text.split('\n\n')[0]!;
      assert.ok(body[i - 1]!.text.endsWith(overlap), `chunk ${i} starts with the tail of chunk ${i - 1}`);
      assert.ok(estimateTokens(overlap) <= 12);
      assert.match(overlap, /^Step \d+/, 'overlap starts at a sentence start');
    }
    assert.equal(chunks.find((c) => c.heading === 'Next')!.text, 'Fresh start.');
    for (const chunk of chunks) assert.ok(chunk.tokens <= 40);
  });

  it('hashes the normalised heading path and text', () => {
    const a = chunkDocument({ title: 'T', blocks: [{ kind: 'text', text: 'Hello   world\n' }] })[0]!;
    const b = chunkDocument({ title: 'T', blocks: [{ kind: 'text', text: 'Hello world' }] })[0]!;
    const c = chunkDocument({ title: 'Other', blocks: [{ kind: 'text', text: 'Hello world' }] })[0]!;
    assert.equal(a.contentHash, b.contentHash);
    assert.notEqual(a.contentHash, c.contentHash);
    assert.equal(a.contentHash, hashContent('T\nHello world'));
    assert.match(a.contentHash, /^[0-9a-f]{64}$/);
  });

  it('yields nothing for an empty document', () => {
    assert.deepEqual(
      chunkDocument({ title: 'Empty', blocks: [{ kind: 'heading', depth: 1, text: 'Empty' }] }),
      [],
    );
  });
});
