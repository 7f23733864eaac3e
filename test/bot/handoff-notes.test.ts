import assert from 'node:assert/strict';
import { formatHandoffNote } from '../../plugin/bot/handoff/format-handoff-note.ts';
import { composeReply, formatSourcesLine } from '../../plugin/bot/reply/format-sources-line.ts';
import { renderForChannel } from '../../plugin/bot/reply/post-bot-message.ts';

describe('hand-off notes and reply text', () => {
  it('writes a note with the reason, the question, the draft, its sources and the routing', () => {
    const note = formatHandoffNote({
      reason: { code: 'low_confidence', detail: '0.42 < 0.60' },
      question: 'Where is my invoice?',
      draft: 'You can download invoices under Orders.\n\nSources: Invoices',
      confidence: 0.42,
      threshold: 0.6,
      generator: 'gemini',
      sources: [
        {
          id: 'c',
          documentId: 'd',
          title: 'Invoices',
          heading: 'Billing',
          text: '…',
          url: 'https://help.example.com/invoices',
          score: 0.1167,
        },
      ],
      routing: { rule: 'billing', teamId: 3, priority: 'high', labels: ['billing'] },
    });
    assert.equal(
      note,
      [
        '**Omniloom handed this conversation to the team:** the assistant was not confident enough in its answer (0.42 < 0.60).',
        '',
        '**Customer asked**',
        '> Where is my invoice?',
        '',
        '**Draft answer** (written by the assistant, confidence 0.42 (threshold 0.60), not sent)',
        '> You can download invoices under Orders.',
        '> ',
        '> Sources: Invoices',
        '',
        '**Sources**',
        '1. Invoices › Billing — https://help.example.com/invoices (score 0.117)',
        '',
        '**Routing:** rule "billing" → team 3, priority high, labels billing.',
      ].join('\n'),
    );
    assert.match(
      formatHandoffNote({
        reason: { code: 'customer_asked_for_human' },
        question: 'human!',
        threshold: 0.6,
        sources: [],
      }),
      /\*\*Draft answer:\*\* none\./,
    );
  });

  it('lists each source document once, linked when it has a web address, in the answer language', () => {
    const sources = [
      { documentId: 'a', title: 'Refunds [EU]', url: 'https://help.example.com/refunds' },
      { documentId: 'a', title: 'Refunds [EU]', url: 'https://help.example.com/refunds' },
      { documentId: 'b', title: 'Shipping' },
    ];
    assert.equal(
      formatSourcesLine(sources, 'de'),
      'Quellen: [Refunds \\[EU\\]](https://help.example.com/refunds), Shipping',
    );
    assert.equal(composeReply('Yes.', [], 'en'), 'Yes.');
  });

  it('renders replies for the channel where Chatwoot sends text raw, and keeps Markdown where it converts', () => {
    const markdown = 'Open **Settings**.\n\nSources: [Passwords](https://help.example.com/pw)';
    assert.deepEqual(renderForChannel(markdown, 'Channel::Whatsapp'), [
      'Open *Settings*.\n\nSources: Passwords (https://help.example.com/pw)',
    ]);
    assert.deepEqual(renderForChannel(markdown, 'Channel::Api'), [markdown]);
    assert.deepEqual(renderForChannel(markdown, 'Channel::WebWidget'), [markdown]);
    assert.deepEqual(renderForChannel(markdown, undefined), [markdown]);
  });
});
