import assert from 'node:assert/strict';
import { formatCustomerHistory, type CustomerHistory } from '../../plugin/identity/load-customer-history.ts';

describe('identity: shared history as prompt lines', () => {
  it('renders one line per message with time, channel, author and attachments', () => {
    const history: CustomerHistory = {
      contactId: 7,
      hasMore: false,
      conversations: [],
      entries: [
        {
          at: '2025-11-20T09:14:07.000Z',
          channel: 'whatsapp',
          inboxId: 1,
          conversationId: 3,
          messageId: 10,
          author: 'customer',
          text: 'my parcel has not arrived',
          attachments: ['image'],
        },
        {
          at: '2025-11-20T09:20:00.000Z',
          channel: 'email',
          inboxId: 2,
          conversationId: 4,
          messageId: 11,
          author: 'agent',
          authorName: 'Sam',
          text: 'we are on it',
          attachments: [],
        },
        {
          at: '2025-11-20T09:21:00.000Z',
          channel: 'slack',
          inboxId: 5,
          conversationId: 6,
          messageId: 12,
          author: 'bot',
          text: 'Tracking shows it in Lisbon.',
          attachments: [],
        },
      ],
    };
    assert.equal(
      formatCustomerHistory(history),
      [
        '[2025-11-20 09:14 · whatsapp] Customer: my parcel has not arrived [image]',
        '[2025-11-20 09:20 · email] Agent: we are on it',
        '[2025-11-20 09:21 · slack] Bot: Tracking shows it in Lisbon.',
      ].join('\n'),
    );
  });
});
