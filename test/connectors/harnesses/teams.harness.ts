/**
 * Contract harness for Teams: Bot Connector JWTs signed with the fake's RSA
 * key (published in its JWKS), activities posted to the fake Bot Connector
 * after a client-credentials token request.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  FAKE_TEAMS_APP_ID,
  FAKE_TEAMS_BOT_ID,
  FAKE_TEAMS_TENANT,
  startFakeTeams,
} from '../../fakes/fake-teams/start-fake-teams.ts';
import { type ContractHarness, fixturesFor } from '../contract-harness.ts';

const fixturesDir = fixturesFor('teams');
const CONVERSATION = 'a:1FAKEpersonalConversation_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0';
/** The running fake's Bot Connector origin, the `serviceUrl` replies go to. */
let serviceUrl = '';

export const harness: ContractHarness = {
  fixturesDir,
  signedFixture: 'message-personal.json',
  signatureHeaders: ['authorization'],
  unknownFixtures: [
    'event-read-receipt-unknown.json',
    'invoke-card-action.json',
    'conversation-update-members-added.json',
    'message-update-undelete.json',
  ],
  // The JWT covers the body only through its `serviceurl` claim.
  tamperBody: (body) =>
    Buffer.from(
      body.toString('utf8').replace('https://smba.trafficmanager.net/emea/', 'https://attacker.example.com/'),
    ),
  textMessage(text) {
    const activity = JSON.parse(readFileSync(path.join(fixturesDir, 'message-personal.json'), 'utf8')) as {
      text: string;
    };
    activity.text = text;
    return Buffer.from(JSON.stringify(activity));
  },
  async startFake() {
    const fake = await startFakeTeams();
    serviceUrl = fake.serviceUrl;
    return {
      account: fake.account(),
      sign: (rawBody, at) => fake.sign(rawBody, at),
      requests: () => fake.requests.map(({ method, path: p, body }) => ({ method, path: p, body })),
      close: () => fake.close(),
    };
  },
  outbound(_fake, text) {
    return {
      installationId: 'contract',
      channel: 'teams',
      thread: {
        key: `personal:${CONVERSATION}`,
        kind: 'direct',
        address: {
          serviceUrl,
          conversationId: CONVERSATION,
          conversationType: 'personal',
          botId: FAKE_TEAMS_BOT_ID,
          tenantId: FAKE_TEAMS_TENANT,
        },
      },
      text,
      attachments: [],
      chatwootMessageId: 1,
      chatwootConversationId: 1,
    };
  },
  expectedSendRequests(_fake, text) {
    return [
      {
        method: 'POST',
        path: `/${FAKE_TEAMS_TENANT}/oauth2/v2.0/token`,
        body: {
          grant_type: 'client_credentials',
          client_id: FAKE_TEAMS_APP_ID,
          scope: 'https://api.botframework.com/.default',
        },
      },
      {
        method: 'POST',
        path: `/v3/conversations/${encodeURIComponent(CONVERSATION)}/activities`,
        body: {
          type: 'message',
          text,
          textFormat: 'markdown',
          conversation: { id: CONVERSATION, tenantId: FAKE_TEAMS_TENANT },
          from: { id: FAKE_TEAMS_BOT_ID },
        },
      },
    ];
  },
};
