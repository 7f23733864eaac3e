import assert from 'node:assert/strict';
import type { Root } from 'mdast';
import { parseMarkdown } from '../../plugin/channels/render/parse-markdown.ts';
import { renderDiscord } from '../../plugin/channels/render/render-discord.ts';
import { renderMarkdown } from '../../plugin/channels/render/render-markdown.ts';
import { renderPlainText } from '../../plugin/channels/render/render-plain-text.ts';
import { renderSlack } from '../../plugin/channels/render/render-slack.ts';
import { renderTeams } from '../../plugin/channels/render/render-teams.ts';
import { renderTelegramHtml } from '../../plugin/channels/render/render-telegram-html.ts';
import { renderTelegramMarkdownV2 } from '../../plugin/channels/render/render-telegram-markdown-v2.ts';
import { renderViber } from '../../plugin/channels/render/render-viber.ts';
import { renderWhatsapp } from '../../plugin/channels/render/render-whatsapp.ts';

type Case = [name: string, markdown: string, expected: string];

function table(render: (root: Root) => string, cases: Case[]): void {
  for (const [name, markdown, expected] of cases) {
    it(name, () => assert.equal(render(parseMarkdown(markdown)), expected));
  }
}

const TABLE_MD = '| Plan | Price |\n|---|--:|\n| Basic | $5 |\n| Pro | $9 |';
const LIST_IN_QUOTE_MD = '> Steps:\n> - one\n> - two';

describe('channels/render: WhatsApp', () => {
  table(renderWhatsapp, [
    ['bold, italic, strike', '**bold** and *italic* and ~~strike~~', '*bold* and _italic_ and ~strike~'],
    ['bold inside italic', '*italic with **bold** inside*', '_italic with *bold* inside_'],
    ['italic inside bold', '**bold with *italic***', '*bold with _italic_*'],
    ['labelled link spelled out', '[Docs](https://example.com/docs)', 'Docs (https://example.com/docs)'],
    ['link whose text is the url', 'see https://example.com/a', 'see https://example.com/a'],
    ['autolink', '<https://example.com>', 'https://example.com'],
    ['www autolink literal', 'visit www.example.com now', 'visit www.example.com now'],
    ['email autolink literal', 'mail ana@example.com', 'mail ana@example.com'],
    ['unsafe link keeps its label only', '[click](javascript:alert(1))', 'click'],
    ['inline code', 'run `npm i` & *go*', 'run `npm i` & _go_'],
    ['code block with special characters', '```js\nif (a < b && *p) {}\n```', '```if (a < b && *p) {}```'],
    ['heading as bold line', '# Title', '*Title*'],
    ['bold inside a heading is not doubled', '## A **b** c', '*A b c*'],
    ['list in quote', LIST_IN_QUOTE_MD, '> Steps:\n>\n> - one\n> - two'],
    ['ordered list keeps its start', '3. a\n4. b', '3. a\n4. b'],
    ['nested list', '- a\n  - b', '- a\n  - b'],
    ['task list', '- [x] done\n- [ ] todo', '- [x] done\n- [ ] todo'],
    ['hard break', 'a  \nb', 'a\nb'],
    ['image', '![logo](https://example.com/l.png)', 'logo (https://example.com/l.png)'],
    ['table degrades to labelled rows', TABLE_MD, '- *Plan*: Basic; *Price*: $5\n- *Plan*: Pro; *Price*: $9'],
    ['RTL text', 'مرحبا **بالعالم**', 'مرحبا *بالعالم*'],
    ['emoji ZWJ sequence and combining mark', '👩‍👩‍👧 **cafe\u0301**', '👩‍👩‍👧 *cafe\u0301*'],
  ]);
});

describe('channels/render: plain text (Messenger, Instagram, SMS, LINE)', () => {
  table(renderPlainText, [
    ['emphasis dropped', '**bold** and *italic* and ~~strike~~', 'bold and italic and strike'],
    ['nested emphasis dropped', '*a **b** c*', 'a b c'],
    ['link spelled out', '[Docs](https://example.com/docs)', 'Docs (https://example.com/docs)'],
    ['link text equals url', '[https://example.com](https://example.com)', 'https://example.com'],
    ['code kept verbatim', 'use `a*b_c`', 'use a*b_c'],
    ['code block kept verbatim', '```\n  x = [1, 2]\n```', '  x = [1, 2]'],
    ['heading', '# Title\n\ntext', 'Title\n\ntext'],
    ['lists', '- a\n- b\n\n1. one\n2. two', '- a\n- b\n\n1. one\n2. two'],
    ['list in quote', LIST_IN_QUOTE_MD, '> Steps:\n>\n> - one\n> - two'],
    ['table', TABLE_MD, '- Plan: Basic; Price: $5\n- Plan: Pro; Price: $9'],
    ['header-only table', '| a | b |\n|---|---|', '- a; b'],
    ['raw html shown as text', 'x <b>y</b>', 'x <b>y</b>'],
    ['footnotes', 'Fact[^1]\n\n[^1]: Source', 'Fact[1]\n\n[1] Source'],
    ['combining marks', 'Cafe\u0301 **ok**', 'Cafe\u0301 ok'],
  ]);
});

describe('channels/render: Slack mrkdwn', () => {
  table(renderSlack, [
    ['bold, italic, strike', '**b** *i* ~~s~~', '*b* _i_ ~s~'],
    ['nested', '**bold _and italic_**', '*bold _and italic_*'],
    [
      'labelled link with ampersand',
      '[Docs](https://e.example/?a=1&b=2)',
      '<https://e.example/?a=1&amp;b=2|Docs>',
    ],
    ['url link', 'go to https://e.example', 'go to <https://e.example>'],
    ['pipe in url is encoded', '[x](https://e.example/a|b)', '<https://e.example/a%7Cb|x>'],
    ['escapes & < >', 'AT&T says 1 > 0 and <tag>', 'AT&amp;T says 1 &gt; 0 and &lt;tag&gt;'],
    ['mention syntax cannot be injected', '<!channel> hi <@U123>', '&lt;!channel&gt; hi &lt;@U123&gt;'],
    ['escaping inside code', '`a<b`', '`a&lt;b`'],
    ['code block', '```\nif (a && b) {}\n```', '```\nif (a &amp;&amp; b) {}\n```'],
    ['lists', '- a\n- b\n\n1. x', '• a\n• b\n\n1. x'],
    ['heading', '# T', '*T*'],
    ['quote', '> q\n> r', '> q\n> r'],
  ]);
});

describe('channels/render: Discord', () => {
  table(renderDiscord, [
    ['formatting', '**b** *i* ~~s~~ `c`', '**b** *i* ~~s~~ `c`'],
    ['nested', '*italic **bold***', '*italic **bold***'],
    [
      'markdown characters in text are escaped',
      'Use 2*3, snake_case_name and |pipe|',
      'Use 2\\*3, snake\\_case\\_name and \\|pipe\\|',
    ],
    [
      'mentions are neutralised',
      'Hi @everyone and @here, ping <@123456> <@&789> <#42>',
      'Hi @\u200beveryone and @\u200bhere, ping \\<@123456\\> \\<@&789\\> \\<#42\\>',
    ],
    ['masked link', '[Docs](https://e.example/x_(1))', '[Docs](https://e.example/x_%281%29)'],
    ['bare url is not escaped', 'see https://e.example/a_b_c', 'see https://e.example/a_b_c'],
    ['headings up to level 3', '# T\n\n#### Deep', '# T\n\n**Deep**'],
    [
      'escaped list marker stays literal',
      '1\\. not a list\n\n\\- no dash\n\n\\# no heading',
      '1\\. not a list\n\n\\- no dash\n\n\\# no heading',
    ],
    ['code block containing a fence', '````\na ``` b\n````', '```\na `\u200b`` b\n```'],
    ['inline code containing a backtick', '`` a`b ``', '``a`b``'],
    ['quote', '> a\n> b', '> a\n> b'],
    ['table', TABLE_MD, '- **Plan**: Basic; **Price**: $5\n- **Plan**: Pro; **Price**: $9'],
  ]);
});

describe('channels/render: Telegram MarkdownV2', () => {
  table(renderTelegramMarkdownV2, [
    [
      'every reserved character is escaped',
      'Price: 1.5 + 2 = 3.5! (approx) [x] {y} #tag a-b a|b ~ > _ back\\\\slash',
      'Price: 1\\.5 \\+ 2 \\= 3\\.5\\! \\(approx\\) \\[x\\] \\{y\\} \\#tag a\\-b a\\|b \\~ \\> \\_ back\\\\slash',
    ],
    ['formatting', '**b** *i* ~~s~~', '*b* _i_ ~s~'],
    ['nested', '**bold *italic* end.**', '*bold _italic_ end\\.*'],
    ['code escapes only backtick and backslash', '`a_b.c\\d`', '`a_b.c\\\\d`'],
    ['code with a backtick', '`` a`b ``', '`a\\`b`'],
    ['pre keeps reserved characters', '```py\nprint("a.b") # ok\n```', '```py\nprint("a.b") # ok\n```'],
    ['link url escapes ) and \\', '[a.b](https://e.example/x_(1))', '[a\\.b](https://e.example/x_(1\\))'],
    ['bare url escaped as text', 'https://e.example/a-b', 'https://e\\.example/a\\-b'],
    ['lists', '1. one\n2. two\n\n- a', '1\\. one\n2\\. two\n\n• a'],
    ['quote', '> quoted.\n> more', '>quoted\\.\n>more'],
    ['heading', '## Hi!', '*Hi\\!*'],
  ]);
});

describe('channels/render: Telegram HTML', () => {
  table(renderTelegramHtml, [
    ['formatting', '**b** *i* ~~s~~ `a<b`', '<b>b</b> <i>i</i> <s>s</s> <code>a&lt;b</code>'],
    [
      'link attribute escaping',
      '[x](https://e.example/?a=1&b="2")',
      '<a href="https://e.example/?a=1&amp;b=&quot;2&quot;">x</a>',
    ],
    [
      'pre with language',
      '```js\nif (a<b) {}\n```',
      '<pre><code class="language-js">if (a&lt;b) {}</code></pre>',
    ],
    ['quote', '> q', '<blockquote>q</blockquote>'],
    ['html injection is text', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['heading', '# T & U', '<b>T &amp; U</b>'],
  ]);
});

describe('channels/render: Viber', () => {
  table(renderViber, [
    ['formatting', '**b** *i* ~~s~~ `c`', '*b* _i_ ~s~ ```c```'],
    ['link', '[Docs](https://e.example/d)', 'Docs (https://e.example/d)'],
    ['code block', '```\nx = 1\n```', '```x = 1```'],
    ['list in quote', LIST_IN_QUOTE_MD, '> Steps:\n>\n> - one\n> - two'],
  ]);
});

describe('channels/render: Microsoft Teams', () => {
  table(renderTeams, [
    ['heading becomes bold', '# Title\n\n**b** *i*', '**Title**\n\n**b** *i*'],
    [
      'table becomes labelled list',
      TABLE_MD,
      '- **Plan**: Basic; **Price**: $5\n- **Plan**: Pro; **Price**: $9',
    ],
    ['raw html is literal text', 'x <b>y</b>', 'x \\<b>y\\</b>'],
    ['link', '[Docs](https://e.example/d)', '[Docs](https://e.example/d)'],
    [
      'link query string kept intact',
      '[Docs](https://e.example/d?a=1&b=2)',
      '[Docs](https://e.example/d?a=1&b=2)',
    ],
    ['ampersand in text still escaped', 'Terms&Conditions *not bold*', 'Terms\\&Conditions *not bold*'],
  ]);
});

describe('channels/render: normalised markdown (web widget, API inbox)', () => {
  table(renderMarkdown, [
    ['bullet markers unified', '* a\n* b', '- a\n- b'],
    ['emphasis markers unified', '__b__ _i_', '**b** *i*'],
    ['reference links resolved', '[a][r]\n\n[r]: https://e.example "T"', '[a](https://e.example "T")'],
    ['tilde fence becomes backticks', '~~~\ncode\n~~~', '```\ncode\n```'],
    ['tables kept', '|a|b|\n|-|-|\n|1|2|', '| a | b |\n| - | - |\n| 1 | 2 |'],
  ]);
});
