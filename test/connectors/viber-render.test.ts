/** Viber rendering through the connector's seam: markdown → Viber's own markup, split at 7000 characters. */
import assert from 'node:assert/strict';
import { VIBER_TEXT_LIMIT, renderForViber } from '../../connectors/viber/index.ts';

describe('viber render', () => {
  const cases: Array<[string, string, string]> = [
    ['bold', '**bold** and __also bold__', '*bold* and *also bold*'],
    ['italic', '*italic* and _also_', '_italic_ and _also_'],
    ['strikethrough', '~~gone~~', '~gone~'],
    ['inline code', 'run `setup.exe /repair` now', 'run ```setup.exe /repair``` now'],
    ['code block', '```ts\nif (a < b) {}\n```', '```if (a < b) {}```'],
    [
      'link',
      '[the guide](https://docs.example.com/a?b=1&c=2)',
      'the guide (https://docs.example.com/a?b=1&c=2)',
    ],
    ['bare link', 'see https://example.com', 'see https://example.com'],
    ['bullet list', '- one\n- two', '- one\n- two'],
    ['ordered list', '1. first\n2. second', '1. first\n2. second'],
    ['heading', '# Title\n\ntext', '*Title*\n\ntext'],
    ['quote', '> quoted *text*', '> quoted _text_'],
    ['table', '| Plan | Price |\n|---|---|\n| Basic | $5 |', '- *Plan*: Basic; *Price*: $5'],
    ['plain symbols', '5 < 6 & 7 > 3', '5 < 6 & 7 > 3'],
  ];
  for (const [name, markdown, viber] of cases) {
    it(`${name}: ${JSON.stringify(markdown)} → ${JSON.stringify(viber)}`, () => {
      assert.deepEqual(renderForViber(markdown), [viber]);
    });
  }

  it('keeps RTL text and emoji sequences intact', () => {
    const text = 'مرحبا **بك** 👩‍👩‍👧‍👦 🏳️‍🌈';
    assert.deepEqual(renderForViber(text), ['مرحبا *بك* 👩‍👩‍👧‍👦 🏳️‍🌈']);
  });

  it('splits long text into parts of at most 7000 characters on paragraph boundaries', () => {
    const paragraph = 'Viber text '.repeat(150).trim();
    const text = Array.from({ length: 12 }, () => paragraph).join('\n\n');
    const parts = renderForViber(text);
    assert.ok(parts.length >= 3);
    for (const part of parts) assert.ok(part.length <= VIBER_TEXT_LIMIT);
    for (const part of parts.slice(0, -1)) assert.ok(part.length > 5000, 'parts are filled, not tiny');
    assert.equal(parts.join('\n\n'), text);
  });

  it('keeps a short reply in one part', () => {
    assert.deepEqual(renderForViber('Hello **Quinn**'), ['Hello *Quinn*']);
  });
});
