/** Slack signing edge cases, and the signed-request helper against a minimal verify → handshake → parse route. */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { RawRequest } from '../../../connectors/core/connector.ts';
import { getConnector } from '../../../connectors/core/registry.ts';
import { computeSlackSignature } from '../../../connectors/slack/verify-slack-signature.ts';
import { BadRequestError } from '../../../plugin/errors.ts';
import { postSignedSlackEvent, signSlackRequest } from '../../helpers/sign-slack.ts';

const connector = getConnector('slack');
const secret = 'FAKE_signing_secret_for_unit_tests';
const account = { installationId: 'i1', credentials: { signingSecret: secret }, config: {} };

function req(rawBody: Buffer, headers: Record<string, string>, now = new Date()): RawRequest {
  return { method: 'POST', url: 'https://x.example/webhooks/slack/1', headers, query: {}, rawBody, now };
}

describe('slack verify', () => {
  const body = Buffer.from('{"type":"event_callback","event_id":"Ev1","event":{"type":"app_home_opened"}}');

  it("matches Slack's documented example signature", () => {
    // https://docs.slack.dev/authentication/verifying-requests-from-slack (example secret, timestamp and body)
    const docBody = Buffer.from(
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    );
    assert.equal(
      computeSlackSignature('8f742231b10e8888abcd99yyyzzz85a5', '1531420618', docBody),
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('accepts redeliveries carrying X-Slack-Retry-Num', () => {
    assert.deepEqual(connector.verify(req(body, signSlackRequest(body, secret, { retryNum: 2 })), account), {
      ok: true,
    });
  });

  it('rejects a non-numeric timestamp as stale without computing anything else', () => {
    const headers = { ...signSlackRequest(body, secret), 'x-slack-request-timestamp': 'yesterday' };
    assert.deepEqual(connector.verify(req(body, headers), account), { ok: false, reason: 'stale' });
  });

  it('rejects a signature of a different length as bad-signature', () => {
    const headers = { ...signSlackRequest(body, secret), 'x-slack-signature': 'v0=abc' };
    assert.deepEqual(connector.verify(req(body, headers), account), { ok: false, reason: 'bad-signature' });
  });

  it('rejects a v1 (unknown version) signature as bad-signature', () => {
    const signed = signSlackRequest(body, secret);
    const headers = {
      ...signed,
      'x-slack-signature': (signed['x-slack-signature'] as string).replace('v0=', 'v1='),
    };
    assert.deepEqual(connector.verify(req(body, headers), account), { ok: false, reason: 'bad-signature' });
  });

  describe('signed POSTs through a webhook route', () => {
    let url = '';
    let server: ReturnType<express.Express['listen']>;
    const queued: unknown[] = [];

    before(async () => {
      const app = express();
      app.post('/webhooks/slack/1', express.raw({ type: () => true }), (request, response) => {
        const raw: RawRequest = {
          method: 'POST',
          url: request.originalUrl,
          headers: request.headers as Record<string, string>,
          query: {},
          rawBody: request.body as Buffer,
        };
        const verdict = connector.verify(raw, account);
        if (!verdict.ok) return void response.status(401).json(verdict);
        const handshake = connector.handshake?.(raw, account);
        if (handshake) return void response.status(handshake.status).json(handshake.body);
        try {
          queued.push(...connector.parse(raw.rawBody, account));
        } catch (error) {
          if (error instanceof BadRequestError)
            return void response.status(400).json({ error: error.message });
          throw error;
        }
        response.status(200).end();
      });
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/slack/1`;
    });
    after(() => server.close());

    it('answers url_verification with the challenge', async () => {
      const response = await postSignedSlackEvent(
        url,
        '{"type":"url_verification","challenge":"c-123"}',
        secret,
      );
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { challenge: 'c-123' });
    });

    it('queues a signed event and refuses the same body signed with another secret', async () => {
      const event = JSON.stringify({
        type: 'event_callback',
        team_id: 'T0FAKE0001',
        event_id: 'Ev0SIGNED',
        event: {
          type: 'message',
          user: 'U0FAKEUSR01',
          text: 'hi',
          ts: '1774006000.000001',
          channel: 'D0FAKEDM001',
          channel_type: 'im',
        },
      });
      assert.equal((await postSignedSlackEvent(url, event, secret)).status, 200);
      assert.equal(queued.length, 1);
      assert.equal((await postSignedSlackEvent(url, event, 'another-secret')).status, 401);
      const stale = await postSignedSlackEvent(url, event, secret, { at: new Date(Date.now() - 3_600_000) });
      assert.equal(stale.status, 401);
      assert.deepEqual(await stale.json(), { ok: false, reason: 'stale' });
    });

    it('answers malformed JSON with 400', async () => {
      assert.equal((await postSignedSlackEvent(url, '{"type":', secret)).status, 400);
    });
  });
});
