import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseMarkdown } from '../../plugin/channels/render/parse-markdown.ts';
import { renderChatwootTelegram } from '../../plugin/channels/render/render-chatwoot-telegram.ts';

/**
 * [markdown, what Omniloom posts to Chatwoot, what Chatwoot then sends to Telegram (parse_mode HTML)].
 * The third column was produced by running the second through Chatwoot's conversion with the real
 * libraries (fixtures/chatwoot-telegram-conversion.rb); the last test re-runs it when Ruby is available.
 */
const CASES: [markdown: string, posted: string, telegramHtml: string][] = [
  [
    '**bold** and *italic* and ~~strike~~',
    '**bold** and *italic* and strike',
    '<strong>bold</strong> and <em>italic</em> and strike',
  ],
  [
    '# Order status\n\nYour order **#1234** ships _today_.',
    '**Order status**\n\nYour order **#1234** ships *today*.',
    '<strong>Order status</strong>\n\nYour order <strong>#1234</strong> ships <em>today</em>.',
  ],
  [
    '- first\n- second\n\n1. one\n2. two',
    '• first\n• second\n\n1. one\n2. two',
    '• first\n• second\n\n1. one\n2. two',
  ],
  ['> quoted *text*\n\nafter', '> quoted *text*\n\nafter', '&gt; quoted <em>text</em>\n\nafter'],
  [
    'Use `npm ci` or `a < b && "c"`',
    'Use `npm ci` or a < b && "c"',
    'Use <code>npm ci</code> or a &lt; b &amp;&amp; "c"',
  ],
  [
    '```js\nif (a < b) { return "x"; }\n  done();\n```',
    'if (a < b) { return "x"; }\n`  done();`',
    'if (a &lt; b) { return "x"; }\n<code>  done();</code>',
  ],
  [
    'Details: [our site](https://example.com/a_(b)?x=1&y=2) or https://example.com/x_y_z',
    'Details: [our site](https://example.com/a_\\(b\\)?x=1&y=2) or https://example.com/x\\_y\\_z',
    'Details: <a href="https://example.com/a_(b)?x=1&amp;y=2">our site</a> or https://example.com/x_y_z',
  ],
  [
    'Literal 2 * 3 * 4, snake_case_name, [brackets], back\\\\slash and <br> tag & <b>html</b>',
    'Literal 2 \\* 3 \\* 4, snake\\_case\\_name, \\[brackets\\], back\\\\slash and <\u200bbr> tag & <b>html</b>',
    'Literal 2 * 3 * 4, snake_case_name, [brackets], back\\slash and &lt;\u200bbr&gt; tag &amp; &lt;b&gt;html&lt;/b&gt;',
  ],
  ['Line one\nline two  \nline three', 'Line one\nline two\nline three', 'Line one\nline two\nline three'],
  [
    '| Plan | Price |\n|---|---|\n| Basic | $5 |',
    '• **Plan**: Basic; **Price**: $5',
    '• <strong>Plan</strong>: Basic; <strong>Price</strong>: $5',
  ],
  [
    'مرحبا **بالعالم** 👩‍👩‍👧 e\u0301',
    'مرحبا **بالعالم** 👩‍👩‍👧 e\u0301',
    'مرحبا <strong>بالعالم</strong> 👩‍👩‍👧 e\u0301',
  ],
  ['3. starts at three', '3\\. starts at three', '3. starts at three'],
];

const conversionScript = fileURLToPath(
  new URL('./fixtures/chatwoot-telegram-conversion.rb', import.meta.url),
);

function rubyConversionAvailable(): boolean {
  const probe = spawnSync('ruby', ['-e', 'require "commonmarker"; require "rails-html-sanitizer"'], {
    encoding: 'utf8',
  });
  return probe.status === 0;
}

describe('channels/render: markdown for Chatwoot’s Telegram conversion (pinned commit)', () => {
  for (const [markdown, posted] of CASES) {
    it(`posts ${JSON.stringify(markdown).slice(0, 60)}`, () => {
      assert.equal(renderChatwootTelegram(parseMarkdown(markdown)), posted);
    });
  }

  it('survives Chatwoot’s conversion as intended (needs ruby + commonmarker + rails-html-sanitizer)', function () {
    if (!rubyConversionAvailable()) this.skip();
    const posted = CASES.map(([markdown]) => renderChatwootTelegram(parseMarkdown(markdown)));
    const run = spawnSync('ruby', [conversionScript], { input: JSON.stringify(posted), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      JSON.parse(run.stdout),
      CASES.map(([, , telegramHtml]) => telegramHtml),
    );
  });
});
