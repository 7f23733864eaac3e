/** Discord rendering through the connector's seam: Discord markdown, split at 2000 without breaking code or emoji. */
import assert from 'node:assert/strict';
import { DISCORD_CONTENT_LIMIT, renderForDiscord } from '../../../connectors/discord/index.ts';

describe('discord render', () => {
  it('keeps a short reply as one part with Discord markdown', () => {
    assert.deepEqual(renderForDiscord('**Hi** there, see [docs](https://docs.example.com)'), [
      '**Hi** there, see [docs](https://docs.example.com)',
    ]);
  });

  it('neutralises @everyone in the text itself', () => {
    const [part] = renderForDiscord('ping @everyone');
    assert.ok(part && !part.includes('@everyone'), part);
  });

  it('splits long text at paragraph boundaries into parts of at most 2000', () => {
    const paragraph = 'word '.repeat(150).trim();
    const text = Array.from({ length: 6 }, () => paragraph).join('\n\n');
    const parts = renderForDiscord(text);
    assert.ok(parts.length >= 3);
    for (const part of parts) assert.ok(part.length <= DISCORD_CONTENT_LIMIT, `part of ${part.length}`);
    assert.equal(parts.join(' ').replace(/\s+/g, ' '), text.replace(/\s+/g, ' '));
  });

  it('hard-splits a text without spaces at the limit', () => {
    const parts = renderForDiscord('x'.repeat(4500));
    assert.deepEqual(
      parts.map((part) => part.length),
      [2000, 2000, 500],
    );
  });

  it('never cuts an emoji ZWJ sequence', () => {
    const family = '👩‍👩‍👧‍👦';
    const parts = renderForDiscord(family.repeat(400));
    for (const part of parts) {
      assert.ok(part.length <= DISCORD_CONTENT_LIMIT);
      assert.equal(part.length % family.length, 0, 'each part holds whole family emoji');
    }
    assert.equal(parts.join(''), family.repeat(400));
  });

  it('closes a code block cut in two and reopens it with its language', () => {
    const code = Array.from({ length: 200 }, (_, i) => `console.log(${i}); // line ${i}`).join('\n');
    const parts = renderForDiscord(`Try this:\n\n\`\`\`js\n${code}\n\`\`\``);
    assert.ok(parts.length >= 3);
    for (const part of parts) {
      assert.ok(part.length <= DISCORD_CONTENT_LIMIT);
      assert.equal((part.match(/```/g) ?? []).length % 2, 0, 'balanced fences in every part');
    }
    assert.match(parts[1] ?? '', /^```js\n/);
  });

  it('returns no parts for blank text', () => {
    assert.deepEqual(renderForDiscord('  \n '), []);
  });
});
