/** Slack rendering through the connector's seam: markdown → mrkdwn and splitting near 4000 characters. */
import assert from 'node:assert/strict';
import { SLACK_TEXT_LIMIT, renderForSlack } from '../../../connectors/slack/index.ts';

describe('slack render', () => {
  const cases: Array<[string, string]> = [
    ['**bold** and *italic* and _also_', '*bold* and _italic_ and _also_'],
    ['~~gone~~', '~gone~'],
    ['[the guide](https://docs.example.com/a?b=1&c=2)', '<https://docs.example.com/a?b=1&amp;c=2|the guide>'],
    ['5 < 6 & 7 > 3', '5 &lt; 6 &amp; 7 &gt; 3'],
    ['`a < b && **not bold**`', '`a &lt; b &amp;&amp; **not bold**`'],
    ['# Title', '*Title*'],
    ['- one\n- two', '• one\n• two'],
    ['> quoted *text*', '> quoted _text_'],
    ['```ts\nif (a < b) {}\n```', '```\nif (a &lt; b) {}\n```'],
  ];
  for (const [markdown, mrkdwn] of cases) {
    it(`${JSON.stringify(markdown)} → ${JSON.stringify(mrkdwn)}`, () =>
      assert.deepEqual(renderForSlack(markdown), [mrkdwn]));
  }

  it('keeps a short reply in one part', () => {
    assert.deepEqual(renderForSlack('Hello **Quinn**'), ['Hello *Quinn*']);
  });

  it('splits long replies into parts of at most 4000 characters on paragraph boundaries', () => {
    const paragraph = 'Slack text '.repeat(100).trim();
    const text = Array.from({ length: 10 }, () => paragraph).join('\n\n');
    const parts = renderForSlack(text);
    assert.ok(parts.length >= 3);
    for (const part of parts) assert.ok(part.length <= SLACK_TEXT_LIMIT);
    for (const part of parts.slice(0, -1)) assert.ok(part.length > 3000, 'parts are filled, not tiny');
    assert.equal(parts.join('\n\n'), text);
  });

  it('closes and reopens a code block cut by a split', () => {
    const code = Array.from({ length: 400 }, (_, i) => `line ${i} of the stack trace`).join('\n');
    const parts = renderForSlack(`\`\`\`\n${code}\n\`\`\``);
    assert.ok(parts.length >= 2);
    for (const part of parts) {
      assert.ok(part.length <= SLACK_TEXT_LIMIT);
      assert.equal((part.match(/```/g) ?? []).length % 2, 0);
    }
  });

  it('never splits inside an emoji sequence', () => {
    const parts = renderForSlack('🏳️‍🌈'.repeat(1000));
    for (const part of parts) assert.equal(part.length % '🏳️‍🌈'.length, 0);
  });
});
