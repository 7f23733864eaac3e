/**
 * Teams rendering: markdown text messages through the shared profile, and the
 * Adaptive Card used instead for tables and replies too long for one message.
 */
import assert from 'node:assert/strict';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  buildAdaptiveCards,
  planTeamsActivities,
  renderForTeams,
} from '../../connectors/teams/index.ts';

describe('teams render', () => {
  describe('text messages (textFormat: markdown)', () => {
    const cases: Array<[string, string, string]> = [
      ['bold', '**bold** and __also__', '**bold** and **also**'],
      ['italic', '*italic* and _also_', '*italic* and *also*'],
      ['strikethrough', '~~gone~~', '~~gone~~'],
      ['inline code', 'run `setup.exe /repair` now', 'run `setup.exe /repair` now'],
      ['code block', '```ts\nif (a < b) {}\n```', '```ts\nif (a < b) {}\n```'],
      [
        'link with a query string',
        '[the guide](https://docs.example.com/a?b=1&c=2&copy=3)',
        '[the guide](https://docs.example.com/a?b=1&c=2&copy=3)',
      ],
      [
        'reference link with a query string',
        '[the guide][g]\n\n[g]: https://docs.example.com/a?b=1&c=2',
        '[the guide](https://docs.example.com/a?b=1&c=2)',
      ],
      [
        'image with a query string',
        '![chart](https://cdn.example.com/c.png?w=1&h=2)',
        '![chart](https://cdn.example.com/c.png?w=1&h=2)',
      ],
      ['ampersand in text stays escaped', 'Q&A and R&amp;D', 'Q\\&A and R\\&D'],
      [
        'ampersand in a link label stays escaped',
        '[Q&A](https://e.example/?q=a&b=c)',
        '[Q\\&A](https://e.example/?q=a&b=c)',
      ],
      ['bullet list', '* one\n* two', '- one\n- two'],
      ['ordered list', '1. first\n2. second', '1. first\n2. second'],
      ['heading', '# Title\n\ntext', '**Title**\n\ntext'],
      ['quote', '> quoted *text*', '> quoted *text*'],
      ['raw html stays text', '<b>html</b> 5 < 6', '\\<b>html\\</b> 5 < 6'],
    ];
    for (const [name, markdown, teams] of cases) {
      it(`${name}: ${JSON.stringify(markdown)} → ${JSON.stringify(teams)}`, () => {
        assert.deepEqual(renderForTeams(markdown), [teams]);
      });
    }

    it('sends a short reply as one markdown text message', () => {
      assert.deepEqual(planTeamsActivities('Hello **Quinn** 👋🏽'), [
        { type: 'message', text: 'Hello **Quinn** 👋🏽', textFormat: 'markdown' },
      ]);
    });

    it('sends nothing for an empty reply', () => {
      assert.deepEqual(planTeamsActivities('   '), []);
    });
  });

  describe('adaptive card fallback', () => {
    it('turns a reply with a table into one card with a real Table element', () => {
      const activities = planTeamsActivities(
        'Plans:\n\n| Plan | Price |\n|---|---|\n| **Basic** | $5 |\n| Pro | $9 |',
      );
      assert.equal(activities.length, 1);
      const attachments = activities[0]?.attachments as Array<{ contentType: string; content: any }>;
      assert.equal(attachments[0]?.contentType, ADAPTIVE_CARD_CONTENT_TYPE);
      const card = attachments[0]?.content;
      assert.equal(card.type, 'AdaptiveCard');
      assert.equal(card.version, '1.5');
      assert.deepEqual(card.msteams, { width: 'Full' });
      assert.deepEqual(card.body[0], { type: 'TextBlock', text: 'Plans:', wrap: true });
      const table = card.body[1];
      assert.equal(table.type, 'Table');
      assert.equal(table.firstRowAsHeader, true);
      assert.deepEqual(
        table.rows.map((row: any) => row.cells.map((cell: any) => cell.items[0].text)),
        [
          ['Plan', 'Price'],
          ['**Basic**', '$5'],
          ['Pro', '$9'],
        ],
      );
    });

    it('maps headings, lists, code, quotes, links and rules to card elements', () => {
      const [card] = buildAdaptiveCards(
        '# Fix\n\nSee [docs](https://docs.example.com) and **do**:\n\n1. stop\n2. start\n\n---\n\n```\nrm -rf *_tmp\n```\n\n> a _note_',
      );
      assert.deepEqual(card?.body, [
        { type: 'TextBlock', text: 'Fix', wrap: true, weight: 'Bolder', size: 'Large' },
        { type: 'TextBlock', text: 'See [docs](https://docs.example.com) and **do**:', wrap: true },
        { type: 'TextBlock', text: '1. stop\r2. start', wrap: true },
        {
          type: 'RichTextBlock',
          inlines: [{ type: 'TextRun', text: 'rm -rf *_tmp', fontType: 'Monospace' }],
          separator: true,
        },
        {
          type: 'Container',
          style: 'emphasis',
          items: [{ type: 'TextBlock', text: 'a _note_', wrap: true }],
        },
      ]);
    });

    it('sends a reply beyond one text message as cards of at most ~24 KB each, not dozens of messages', () => {
      const paragraph = 'Troubleshooting step with details. '.repeat(60).trim();
      const markdown = Array.from({ length: 40 }, (_, i) => `## Step ${i + 1}\n\n${paragraph}`).join('\n\n');
      assert.ok(markdown.length > 28_000);
      const activities = planTeamsActivities(markdown);
      assert.ok(activities.length >= 2 && activities.length <= 4, `${activities.length} cards`);
      for (const activity of activities) {
        assert.ok(Buffer.byteLength(JSON.stringify(activity)) < 26_000);
        assert.ok(activity.attachments);
      }
      const texts = activities.flatMap((activity: any) =>
        activity.attachments[0].content.body.map((el: any) => el.text),
      );
      assert.equal(texts.filter((text: string) => text === paragraph).length, 40, 'no text lost');
    });

    it('splits a single huge paragraph across card text blocks without losing text', () => {
      const words = Array.from({ length: 6000 }, (_, i) => `word${i}`);
      const cards = buildAdaptiveCards(words.join(' '));
      const text = cards.flatMap((card) => card.body.map((element) => String(element.text))).join(' ');
      assert.equal(text, words.join(' '));
      for (const card of cards) assert.ok(Buffer.byteLength(JSON.stringify(card)) <= 24_000);
    });

    it('keeps RTL text and emoji in card text', () => {
      const [card] = buildAdaptiveCards('| سؤال | 答案 |\n|---|---|\n| مرحبا 👩‍👩‍👧‍👦 | 你好 🏳️‍🌈 |');
      const table = card?.body[0] as any;
      assert.equal(table.rows[1].cells[0].items[0].text, 'مرحبا 👩‍👩‍👧‍👦');
      assert.equal(table.rows[1].cells[1].items[0].text, '你好 🏳️‍🌈');
    });
  });
});
