import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Root } from 'mdast';
import { parseMarkdown } from '../../plugin/channels/render/parse-markdown.ts';
import { renderMarkdown } from '../../plugin/channels/render/render-markdown.ts';
import { renderPlainText } from '../../plugin/channels/render/render-plain-text.ts';
import { renderWhatsapp } from '../../plugin/channels/render/render-whatsapp.ts';
import { renderDiscord } from '../../plugin/channels/render/render-discord.ts';
import { graphemes } from '../../plugin/channels/split/segment-text.ts';
import { splitRenderedText, splitTree } from '../../plugin/channels/split/split-tree.ts';

function split(markdown: string, limit: number, render: (root: Root) => string = renderPlainText): string[] {
  return splitTree(parseMarkdown(markdown), { render, fits: (text) => text.length <= limit });
}

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

function assertWithin(parts: readonly string[], limit: number): void {
  for (const part of parts)
    assert.ok(part.length <= limit, `part of ${part.length} > ${limit}: ${JSON.stringify(part)}`);
}

describe('channels/split: splitting a reply at the channel limit', () => {
  it('keeps a reply that fits in one part, and returns no part for an empty reply', () => {
    assert.deepEqual(split('Hello **there**', 100), ['Hello there']);
    assert.deepEqual(split('', 100), []);
    assert.deepEqual(split('  \n\n ', 100), []);
  });

  it('fits a paragraph exactly at the limit, and cuts one character over it', () => {
    const text = 'abcd efgh ijkl mnop'; // 19 characters
    assert.deepEqual(split(text, 19), [text]);
    assert.deepEqual(split(text, 18), ['abcd efgh ijkl', 'mnop']);
  });

  it('prefers paragraph boundaries to filling a part', () => {
    const a = 'First paragraph has some words.';
    const b = 'Second paragraph is here too.';
    const c = 'Third one ends it.';
    assert.deepEqual(split(`${a}\n\n${b}\n\n${c}`, a.length + b.length + 2), [`${a}\n\n${b}`, c]);
    assert.deepEqual(split(`${a}\n\n${b}`, a.length + 5), [a, b]);
  });

  it('cuts a long paragraph at sentence boundaries before word boundaries', () => {
    const text = 'One two three. Four five six. Seven eight nine.';
    assert.deepEqual(split(text, 30), ['One two three. Four five six.', 'Seven eight nine.']);
    assert.deepEqual(split('Averyveryverylongsentencewithoutspaces and more words here.', 45), [
      'Averyveryverylongsentencewithoutspaces and', // no sentence boundary fits: whitespace
      'more words here.',
    ]);
  });

  it('keeps every word, in order, with each part within the limit', () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}${i % 7 === 0 ? '.' : ''}`).join(' ');
    for (const limit of [20, 57, 160, 1000]) {
      const parts = split(text, limit);
      assertWithin(parts, limit);
      assert.deepEqual(words(parts.join(' ')), words(text));
    }
  });

  it('closes formatting at a cut and re-opens it in the next part', () => {
    const md = `Intro. **${Array.from({ length: 30 }, (_, i) => `bold${i}`).join(' ')}** outro.`;
    const parts = split(md, 60, renderWhatsapp);
    assertWithin(parts, 60);
    assert.ok(parts.length > 2);
    for (const part of parts.slice(1, -1)) assert.match(part, /^\*[^*]+\*$/, part);
    assert.deepEqual(words(parts.join(' ').replace(/\*/g, '')), words(md.replace(/\*/g, '')));
  });

  it('prefers a cut outside a link or bold span when one fits', () => {
    const md = 'Short lead text here then [a link with several words](https://e.example/x) end';
    const parts = split(md, 60, renderDiscord);
    assertWithin(parts, 60);
    assert.equal(parts[0], 'Short lead text here then');
    assert.equal(parts[1], '[a link with several words](https://e.example/x) end');
  });

  it('never breaks a code block: it moves whole, or is re-fenced between lines', () => {
    const code = Array.from({ length: 40 }, (_, i) => `  line ${i} = [${i}];`).join('\n');
    const md = `Intro text.\n\n\`\`\`js\n${code}\n\`\`\`\n\nOutro.`;
    const parts = split(md, 200, renderDiscord);
    assertWithin(parts, 200);
    // Every part holds balanced fences, and the fenced pieces put back together are the original code.
    for (const part of parts) assert.equal((part.match(/```/g) ?? []).length % 2, 0, part);
    const pieces = parts.flatMap((part) =>
      [...part.matchAll(/```js\n([^`]*)\n```/g)].map((match) => match[1]),
    );
    assert.ok(pieces.length > 1);
    assert.equal(pieces.join('\n'), code);

    const small = split('Some words first.\n\n```\nconst a = 1;\nconst b = 2;\n```', 40, renderDiscord);
    assert.deepEqual(small, ['Some words first.', '```\nconst a = 1;\nconst b = 2;\n```']);
  });

  it('repeats the header row in every piece of a split table', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `| item ${i} | ${i * 10} |`).join('\n');
    const parts = split(`| Name | Price |\n|---|---|\n${rows}`, 120, renderMarkdown);
    assertWithin(parts, 120);
    assert.ok(parts.length > 1);
    for (const part of parts) assert.match(part, /^\| Name/);
    assert.equal(parts.join('\n').match(/item \d+/g)?.length, 12);
  });

  it('continues the numbering of an ordered list across parts', () => {
    const md = Array.from({ length: 10 }, (_, i) => `${i + 1}. step number ${i + 1} of the setup`).join('\n');
    const parts = split(md, 100);
    assertWithin(parts, 100);
    const numbers = parts
      .join('\n')
      .match(/^\d+(?=\. )/gm)
      ?.map(Number);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('continues a long list item without repeating its marker', () => {
    const long = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    const parts = split(`1. short\n2. ${long}\n3. end`, 40);
    assertWithin(parts, 40);
    assert.equal(parts[0], '1. short');
    assert.match(parts[1] ?? '', /^2\. w0/);
    assert.match(parts[2] ?? '', /^ {3}w\d+/);
    assert.equal(
      parts
        .join('\n')
        .match(/^\d+\./gm)
        ?.join(''),
      '1.2.3.',
    );
  });

  it('splits lists inside quotes keeping the quote marker on every part', () => {
    const md = `> Steps:\n${Array.from({ length: 8 }, (_, i) => `> - do thing ${i} now`).join('\n')}`;
    const parts = split(md, 50);
    assertWithin(parts, 50);
    for (const part of parts) for (const line of part.split('\n')) assert.match(line, /^>/);
  });

  it('never cuts inside a grapheme cluster (emoji ZWJ sequences, flags, combining marks)', () => {
    const family = '👨‍👩‍👧‍👦';
    const flags = '🇧🇷🇯🇵';
    const combining = 'e\u0301\u0323';
    for (const unit of [family, flags, combining]) {
      const text = unit.repeat(60);
      const parts = split(text, 23);
      assertWithin(parts, 23);
      assert.equal(parts.join(''), text);
      for (const part of parts)
        for (const cluster of graphemes(part))
          assert.ok(text.includes(cluster) && graphemes(unit).includes(cluster));
    }
  });

  it('keeps RTL and space-less scripts intact', () => {
    const arabic = 'مرحبا بكم في خدمة العملاء. كيف يمكننا مساعدتك اليوم؟ نحن هنا دائما.';
    const parts = split(arabic, 30);
    assertWithin(parts, 30);
    assert.deepEqual(words(parts.join(' ')), words(arabic));

    const thai = 'สวัสดีครับยินดีต้อนรับสู่บริการลูกค้าของเรา'.repeat(3);
    const thaiParts = split(thai, 25);
    assertWithin(thaiParts, 25);
    assert.equal(thaiParts.join(''), thai);
  });

  it('falls back to cutting rendered text for a block with nothing left to cut', () => {
    const md = `| A |\n|---|\n| ${'x'.repeat(30)} ${'y'.repeat(30)} |`;
    const parts = split(md, 40, renderMarkdown);
    assertWithin(parts, 40);
    assert.ok(parts.join(' ').includes('x'.repeat(30)));
    assert.deepEqual(
      splitRenderedText('aaa bbb ccc', (text) => text.length <= 7),
      ['aaa bbb', 'ccc'],
    );
  });

  it('property: parts stay within the limit and keep every word, for any text and limit', () => {
    const word = fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9]{1,12}$/),
      fc.constantFrom('😀', '👩‍👩‍👧', 'e\u0301', 'مرحبا', '日本語', 'ok.', 'end!'),
    );
    const paragraph = fc.array(word, { minLength: 1, maxLength: 40 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(
        fc.array(paragraph, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 24, max: 300 }),
        (paragraphs, limit) => {
          const md = paragraphs.join('\n\n');
          const parts = split(md, limit);
          assertWithin(parts, limit);
          assert.deepEqual(words(parts.join(' ')), words(renderPlainText(parseMarkdown(md))));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: bold spans are balanced in every WhatsApp part', () => {
    const chunk = fc.tuple(
      fc.boolean(),
      fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(chunk, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 30, max: 200 }),
        (chunks, limit) => {
          const md = chunks.map(([bold, ws]) => (bold ? `**${ws.join(' ')}**` : ws.join(' '))).join(' ');
          const parts = split(md, limit, renderWhatsapp);
          assertWithin(parts, limit);
          for (const part of parts) assert.equal((part.match(/\*/g) ?? []).length % 2, 0, part);
        },
      ),
      { numRuns: 100 },
    );
  });
});
