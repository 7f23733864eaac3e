/**
 * A fake Microsoft cloud for the Teams connector on one ephemeral port:
 * - Bot Framework OpenID metadata (`/v1/.well-known/openidconfiguration`) and
 *   its JWKS (`/v1/.well-known/keys`, keys endorsed for `msteams`), whose
 *   private keys sign the activities tests post (`signActivity`);
 * - the Microsoft Entra token endpoint (`/<tenant>/oauth2/v2.0/token`,
 *   client credentials, form-encoded, AADSTS errors for a wrong secret);
 * - the Bot Connector on the same origin as a `serviceUrl`: send/reply
 *   activities (201 `{id}`, bearer token required, 429 with Retry-After on
 *   demand), conversation members, and bot-authenticated attachment views.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { ConnectorAccount } from '../../../connectors/core/connector.ts';
import { mintBotConnectorToken, type MintOptions } from './sign-teams-activity.ts';

export const FAKE_TEAMS_APP_ID = '00000000-FAKE-4a1b-8c2d-00000000b07a';
export const FAKE_TEAMS_APP_PASSWORD = 'FAKE~teams.client_secret-0123456789abcdef';
export const FAKE_TEAMS_TENANT = '72f988bf-FAKE-41af-91ab-000000000000';
export const FAKE_TEAMS_BOT_ID = `28:${FAKE_TEAMS_APP_ID}`;

/** One request the fake received (Bot Connector and token endpoint; not key downloads). */
export interface RecordedTeamsRequest {
  method: string;
  /** Path as sent, still percent-encoded. */
  path: string;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

export interface FakeTeamsMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  givenName?: string;
  surname?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: string;
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export interface FakeTeams {
  baseUrl: string;
  /** `<baseUrl>/`, used as the activities' `serviceUrl`. */
  serviceUrl: string;
  openIdMetadataUrl: string;
  tokenEndpoint: string;
  requests: RecordedTeamsRequest[];
  /** Activities the bot posted, by decoded conversation id. */
  activities: Array<{ conversationId: string; replyTo?: string; id: string; body: Record<string, unknown> }>;
  /** Conversation members by `<conversation or team id>|<user id>`. */
  members: Map<string, FakeTeamsMember>;
  /** Files behind `<baseUrl>/v3/attachments/<id>/views/original` (bot token required) or `/files/<id>` (open). */
  files: Map<string, { data: Buffer; contentType: string }>;
  keyFetches: number;
  tokensIssued: number;
  /** Headers the Bot Connector would send with `rawBody` (token minted at `at`). */
  sign(
    rawBody: Buffer | string,
    at?: Date,
    overrides?: Partial<Omit<MintOptions, 'privateKey'>>,
  ): Record<string, string>;
  /** A token signed with a key the JWKS does not publish (an attacker's). */
  signWithUnknownKey(rawBody: Buffer | string, at?: Date): Record<string, string>;
  /** Adds a new signing key to the JWKS (key rotation) and makes it the one `sign` uses. */
  rotateKey(): string;
  /** The next `count` Bot Connector posts answer 429 with this Retry-After (seconds). */
  throttleNext(retryAfterSeconds: number, count?: number): void;
  /** Revokes issued bot tokens: the Bot Connector answers 401 to them. */
  revokeTokens(): void;
  account(config?: Record<string, unknown>): ConnectorAccount;
  close(): Promise<void>;
}

function newKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return {
    kid,
    privateKey,
    publicJwk: { ...jwk, kid, use: 'sig', alg: 'RS256', endorsements: ['msteams', 'skype'] },
  };
}

/** Starts the fake; call `close()` in an `after` hook. */
export async function startFakeTeams(): Promise<FakeTeams> {
  const requests: RecordedTeamsRequest[] = [];
  const activities: FakeTeams['activities'] = [];
  const members = new Map<string, FakeTeamsMember>();
  const files = new Map<string, { data: Buffer; contentType: string }>();
  const keys: SigningKey[] = [newKey(`fake-kid-${randomBytes(4).toString('hex')}`)];
  const validTokens = new Set<string>();
  let throttle: { seconds: number; count: number } | undefined;
  let stranger: SigningKey | undefined;
  let baseUrl = '';
  let activityCounter = 0;

  const app = express();
  const record = (req: Request) =>
    void requests.push({
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? req.originalUrl,
      body:
        req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0
          ? { ...(req.body as Record<string, unknown>) }
          : undefined,
      authorization: req.headers.authorization,
    });
  const authorized = (req: Request) =>
    validTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));
  const unauthorized = (res: Response) =>
    void res.status(401).json({ message: 'Authorization has been denied for this request.' });

  app.get('/v1/.well-known/openidconfiguration', (_req, res) => {
    res.json({
      issuer: 'https://api.botframework.com',
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${baseUrl}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
  });
  app.get('/v1/.well-known/keys', (_req, res) => {
    fake.keyFetches += 1;
    res.json({ keys: keys.map((key) => key.publicJwk) });
  });

  app.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req, res) => {
    record(req);
    const form = req.body as Record<string, string>;
    if (form.grant_type !== 'client_credentials' || form.scope !== 'https://api.botframework.com/.default') {
      return void res.status(400).json({
        error: 'invalid_request',
        error_description: 'AADSTS900144: The request body must contain the following parameter: grant_type.',
      });
    }
    if (form.client_id !== FAKE_TEAMS_APP_ID) {
      return void res.status(400).json({
        error: 'unauthorized_client',
        error_description: `AADSTS700016: Application with identifier '${form.client_id}' was not found in the directory.`,
      });
    }
    if (form.client_secret !== FAKE_TEAMS_APP_PASSWORD) {
      return void res.status(401).json({
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    }
    const token = `fake-bot-token-${randomBytes(12).toString('hex')}`;
    validTokens.add(token);
    fake.tokensIssued += 1;
    res.json({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  });

  const postActivity = (req: Request, res: Response) => {
    record(req);
    if (!authorized(req)) return unauthorized(res);
    if (throttle && throttle.count > 0) {
      throttle.count -= 1;
      return void res
        .status(429)
        .set('Retry-After', String(throttle.seconds))
        .json({ error: { code: 'Throttled', message: 'Too many requests' } });
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.type !== 'message' && body.type !== 'typing') {
      return void res.status(400).json({ error: { code: 'BadArgument', message: 'Unknown activity type' } });
    }
    const size = Buffer.byteLength(JSON.stringify(body), 'utf8');
    if (size > 28 * 1024) {
      return void res
        .status(413)
        .json({ error: { code: 'MessageSizeTooBig', message: 'Message size too big' } });
    }
    const id = `1774${String(++activityCounter).padStart(9, '0')}`;
    activities.push({
      conversationId: String(req.params.conversationId),
      ...(req.params.activityId ? { replyTo: String(req.params.activityId) } : {}),
      id,
      body,
    });
    res.status(201).json({ id });
  };
  app.post('/v3/conversations/:conversationId/activities', express.json({ limit: '1mb' }), postActivity);
  app.post(
    '/v3/conversations/:conversationId/activities/:activityId',
    express.json({ limit: '1mb' }),
    postActivity,
  );

  app.get('/v3/conversations/:conversationId/members/:userId', (req, res) => {
    record(req);
    if (!authorized(req)) return unauthorized(res);
    const member = members.get(`${String(req.params.conversationId)}|${String(req.params.userId)}`);
    if (!member)
      return void res.status(404).json({
        error: {
          code: 'MemberNotFoundInConversation',
          message: 'The member was not found in the conversation',
        },
      });
    res.json(member);
  });

  app.get('/v3/attachments/:id/views/original', (req, res) => {
    if (!authorized(req)) return unauthorized(res);
    const file = files.get(String(req.params.id));
    if (!file) return void res.status(404).end();
    res.type(file.contentType).send(file.data);
  });
  app.get('/files/:id', (req, res) => {
    const file = files.get(String(req.params.id));
    if (!file) return void res.status(404).end();
    res.type(file.contentType).send(file.data);
  });

  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const current = () => keys[keys.length - 1] as SigningKey;
  const headers = (token: string) => ({
    authorization: `Bearer ${token}`,
    'content-type': 'application/json; charset=utf-8',
  });

  const fake: FakeTeams = {
    baseUrl,
    serviceUrl: `${baseUrl}/`,
    openIdMetadataUrl: `${baseUrl}/v1/.well-known/openidconfiguration`,
    tokenEndpoint: `${baseUrl}/${FAKE_TEAMS_TENANT}/oauth2/v2.0/token`,
    requests,
    activities,
    members,
    files,
    keyFetches: 0,
    tokensIssued: 0,
    sign(rawBody, at = new Date(), overrides = {}) {
      const key = current();
      return headers(
        mintBotConnectorToken(rawBody, {
          audience: FAKE_TEAMS_APP_ID,
          at,
          ...overrides,
          kid: overrides.kid ?? key.kid,
          privateKey: key.privateKey,
        }),
      );
    },
    signWithUnknownKey(rawBody, at = new Date()) {
      stranger ??= newKey(`unknown-kid-${randomBytes(4).toString('hex')}`);
      return headers(
        mintBotConnectorToken(rawBody, {
          audience: FAKE_TEAMS_APP_ID,
          at,
          kid: stranger.kid,
          privateKey: stranger.privateKey,
        }),
      );
    },
    rotateKey() {
      const key = newKey(`fake-kid-${randomBytes(4).toString('hex')}`);
      keys.push(key);
      return key.kid;
    },
    throttleNext(seconds, count = 1) {
      throttle = { seconds, count };
    },
    revokeTokens() {
      validTokens.clear();
    },
    account(config = {}) {
      return {
        installationId: `fake-teams-${(server.address() as AddressInfo).port}`,
        credentials: { appId: FAKE_TEAMS_APP_ID, appPassword: FAKE_TEAMS_APP_PASSWORD },
        config: { openIdMetadataUrl: fake.openIdMetadataUrl, tokenEndpoint: fake.tokenEndpoint, ...config },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
