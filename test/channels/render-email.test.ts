import assert from 'node:assert/strict';
import { parseMarkdown } from '../../plugin/channels/render/parse-markdown.ts';
import { renderEmailHtml } from '../../plugin/channels/render/render-email-html.ts';
import { renderPlainText } from '../../plugin/channels/render/render-plain-text.ts';

const html = (markdown: string): string => renderEmailHtml(parseMarkdown(markdown));

describe('channels/render: email HTML', () => {
  const cases: [name: string, markdown: string, expected: string][] = [
    [
      'paragraph with formatting',
      '**b** *i* ~~s~~ `c`',
      '<p><strong>b</strong> <em>i</em> <del>s</del> <code>c</code></p>',
    ],
    ['soft line breaks become <br>', 'Ana Lima\nMain St 1', '<p>Ana Lima<br>\nMain St 1</p>'],
    ['raw html tag is escaped', '<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>'],
    [
      'inline raw html is escaped',
      'a <script>alert("x")</script> b',
      '<p>a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; b</p>',
    ],
    ['javascript: link keeps its label only', '[x](javascript:alert(1))', '<p>x</p>'],
    ['data: image dropped to alt text', '![pixel](data:image/png;base64,AAAA)', '<p>pixel</p>'],
    [
      'link attribute escaping',
      '[x](https://e.example/?a=1&b="2")',
      '<p><a href="https://e.example/?a=1&amp;b=&quot;2&quot;">x</a></p>',
    ],
    ['image', '![logo](https://e.example/l.png)', '<p><img src="https://e.example/l.png" alt="logo"></p>'],
    [
      'code block escaped',
      '```html\n<b>"x" & y</b>\n```',
      '<pre><code class="language-html">&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</code></pre>',
    ],
    ['bad language name dropped', '```"><script>\nx\n```', '<pre><code>x</code></pre>'],
    ['heading', '## Hi <you>', '<h2>Hi &lt;you&gt;</h2>'],
    ['ordered list with start', '3. a\n4. b', '<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>'],
    [
      'list in quote',
      '> Steps:\n> - one\n> - two',
      '<blockquote>\n<p>Steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</blockquote>',
    ],
    ['task list', '- [x] done\n- [ ] todo', '<ul>\n<li>&#9745; done</li>\n<li>&#9744; todo</li>\n</ul>'],
    [
      'table',
      '| Plan | Price |\n|---|--:|\n| Basic | $5 |',
      '<table>\n<thead>\n<tr><th>Plan</th><th style="text-align:right">Price</th></tr>\n</thead>\n<tbody>\n<tr><td>Basic</td><td style="text-align:right">$5</td></tr>\n</tbody>\n</table>',
    ],
    ['quote characters escaped', `it's "quoted"`, '<p>it&#39;s &quot;quoted&quot;</p>'],
    ['unicode survives', 'مرحبا 👩‍👩‍👧 e\u0301', '<p>مرحبا 👩‍👩‍👧 e\u0301</p>'],
  ];
  for (const [name, markdown, expected] of cases) it(name, () => assert.equal(html(markdown), expected));

  it('never lets a tag from the markdown through', () => {
    const hostile = [
      '<a href="javascript:alert(1)">x</a>',
      '[<b>x</b>](https://e.example)',
      '<div onclick="x">',
      '`</code><script>`',
      '<!-- comment --><style>*{}</style>',
      '[x](https://e.example/" onmouseover="alert(1))',
    ].join('\n\n');
    const out = html(hostile);
    const tags = [...out.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => (match[1] ?? '').toLowerCase());
    assert.deepEqual([...new Set(tags)].sort(), ['a', 'code', 'p']);
    assert.doesNotMatch(out, /href="javascript/i);
    assert.doesNotMatch(out, /" onmouseover=/);
  });

  it('has a plain-text alternative with links spelled out', () => {
    assert.equal(
      renderPlainText(parseMarkdown('# Hello\n\nSee [the guide](https://e.example/g) for **details**.')),
      'Hello\n\nSee the guide (https://e.example/g) for details.',
    );
  });
});
