import assert from 'node:assert/strict';
import { classifyRequest } from '../../plugin/chatwoot/classify-request.ts';
import { parseRetryAfter } from '../../plugin/chatwoot/parse-retry-after.ts';

describe('chatwoot client: retry rules', () => {
  describe('parseRetryAfter', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    it('reads delta-seconds', () => {
      assert.equal(parseRetryAfter('120', now), 120_000);
      assert.equal(parseRetryAfter(' 0 ', now), 0);
    });
    it('reads an HTTP date, clamping the past to zero', () => {
      assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
      assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now), 0);
    });
    it('ignores absent or unreadable values', () => {
      for (const value of [null, undefined, '', '1.5', '-3', 'soon'])
        assert.equal(parseRetryAfter(value, now), undefined);
    });
  });

  describe('classifyRequest', () => {
    const url = (path: string) => new URL(`https://chatwoot.example/prefix/api/v1/accounts/3${path}`);
    it('treats reads, PUT, PATCH and DELETE as idempotent', () => {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        assert.equal(classifyRequest(method, url('/contacts/1'), undefined).mode, 'idempotent');
      }
    });
    it('treats POSTs that assign absolute values or only query as idempotent', () => {
      const idempotent: [string, Record<string, unknown> | undefined][] = [
        ['/contacts/filter', { payload: [] }],
        ['/conversations/filter', { payload: [] }],
        ['/inboxes/5/set_agent_bot', { agent_bot: null }],
        ['/conversations/8/toggle_status', { status: 'open' }],
        ['/conversations/8/toggle_priority', { priority: null }],
        ['/conversations/8/assignments', { assignee_id: 1 }],
        ['/conversations/8/labels', { labels: [] }],
        ['/contacts/8/labels', { labels: [] }],
        ['/conversations/8/custom_attributes', { custom_attributes: {} }],
        ['/conversations/8/toggle_typing_status', { typing_status: 'on' }],
        ['/contacts/8/contact_inboxes', { inbox_id: 1, source_id: 'x' }],
      ];
      for (const [path, body] of idempotent)
        assert.equal(classifyRequest('POST', url(path), body).mode, 'idempotent', path);
    });
    it('treats creating POSTs and toggles without a target value as unsafe', () => {
      const unsafe: [string, Record<string, unknown> | undefined][] = [
        ['/contacts', { name: 'a' }],
        ['/conversations', { source_id: 'x' }],
        ['/conversations/8/toggle_status', {}],
        ['/contacts/8/contact_inboxes', { inbox_id: 1 }],
        ['/actions/contact_merge', { base_contact_id: 1, mergee_contact_id: 2 }],
        ['/conversations/8/messages', { content: 'hi', echo_id: 'tmp' }],
        ['/webhooks', undefined],
      ];
      for (const [path, body] of unsafe)
        assert.equal(classifyRequest('POST', url(path), body).mode, 'unsafe', path);
    });
    it('reconciles message creation that carries a source_id via the messages list', () => {
      const result = classifyRequest('POST', url('/conversations/8/messages'), {
        content: 'hi',
        source_id: 'discord:1',
      });
      assert.equal(result.mode, 'reconcile');
      assert.equal(
        result.lookup?.url,
        'https://chatwoot.example/prefix/api/v1/accounts/3/conversations/8/messages',
      );
      const hit = { id: 2, source_id: 'discord:1' };
      assert.deepEqual(result.lookup?.match({ payload: [{ id: 1, source_id: null }, hit] }), hit);
      assert.equal(result.lookup?.match({ payload: [{ id: 1, source_id: 'discord:2' }] }), undefined);
      assert.equal(result.lookup?.match(null), undefined);
    });
  });
});
