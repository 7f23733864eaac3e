import type { Request, Router } from 'express';
import type { NativeMessageInput, NativeSender } from '../channels/native-message-input.ts';
import { receiveNativeMessage } from '../channels/receive-native-message.ts';
import { identifyWidgetContact } from '../channels/identify-widget-contact.ts';
import { type InboxSettings, createInbox, defaultChannel } from '../domain/create-inbox.ts';
import type { FaultRuleInput } from '../faults/fault-rules.ts';
import { NotFoundError, UnprocessableError } from '../domain/errors.ts';
import { createAccount, createUser } from '../domain/seed-account.ts';
import { presentContact, presentContactInboxRow } from '../presenters/present-contacts.ts';
import { presentConversation } from '../presenters/present-conversations.ts';
import { presentInbox } from '../presenters/present-inboxes.ts';
import { presentMessage } from '../presenters/present-messages.ts';
import { type SandboxCore, contextFor } from '../sandbox-core.ts';
import { CHANNEL_TYPES, type ChannelType } from '../state/records.ts';
import { castBoolean, castInteger, castObject, castString } from './read-params.ts';

/** Options the hooks need from the running sandbox. */
export interface HookOptions {
  defaultAccountId: number;
}

function body(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

/**
 * Test hooks under `/__sandbox`: accounts and agents, native inboxes and their incoming messages
 * (standing in for WhatsApp, Telegram, … posting to Chatwoot), the widget opening, delivery log,
 * violations, faults and signing secrets.
 */
export function registerSandboxHookRoutes(router: Router, core: SandboxCore, options: HookOptions): void {
  const { state } = core;

  router.post('/__sandbox/accounts', (req, res) => {
    const params = body(req);
    const account = createAccount(
      state,
      castString(params.name) ?? `Sandbox account ${state.accounts.size + 1}`,
      core.now(),
    );
    const admin = createUser(
      state,
      account.id,
      {
        name: castString(params.admin_name) ?? 'Sandbox Admin',
        email: castString(params.admin_email) ?? `admin+${account.id}@sandbox.example`,
        role: 'administrator',
      },
      core.now(),
    );
    res
      .status(201)
      .json({ id: account.id, name: account.name, adminToken: admin.accessToken, adminUserId: admin.id });
  });

  router.post('/__sandbox/accounts/:accountId/agents', (req, res) => {
    const account = state.accounts.get(Number(req.params.accountId));
    if (!account) throw new NotFoundError();
    const params = body(req);
    const role = params.role === 'administrator' ? 'administrator' : 'agent';
    const user = createUser(
      state,
      account.id,
      {
        name: castString(params.name) ?? 'Sandbox Agent',
        email: castString(params.email) ?? `agent+${state.users.size + 1}@sandbox.example`,
        role,
      },
      core.now(),
    );
    const inboxIds = Array.isArray(params.inbox_ids) ? params.inbox_ids.map(Number) : [];
    for (const inboxId of inboxIds) state.inboxes.get(inboxId)?.memberIds.add(user.id);
    res
      .status(201)
      .json({ id: user.id, name: user.name, email: user.email, role, accessToken: user.accessToken });
  });

  router.post('/__sandbox/inboxes', (req, res) => {
    const params = body(req);
    const type = castString(params.channel_type) as ChannelType | undefined;
    if (!type || !CHANNEL_TYPES.includes(type)) {
      throw new UnprocessableError(`channel_type must be one of ${CHANNEL_TYPES.join(', ')}`);
    }
    const accountId = castInteger(params.account_id) ?? options.defaultAccountId;
    if (!state.accounts.has(accountId)) throw new NotFoundError();
    const channel = defaultChannel(state, type);
    const channelFields: Array<[string, keyof typeof channel]> = [
      ['phone_number', 'phoneNumber'],
      ['provider', 'provider'],
      ['email', 'email'],
      ['page_id', 'pageId'],
      ['instagram_id', 'instagramId'],
      ['bot_name', 'botName'],
      ['line_channel_id', 'lineChannelId'],
      ['website_url', 'websiteUrl'],
      ['webhook_url', 'webhookUrl'],
      ['hmac_token', 'hmacToken'],
    ];
    for (const [key, field] of channelFields) {
      const value = castString(params[key]);
      if (value) (channel as unknown as Record<string, unknown>)[field] = value;
    }
    if (params.medium === 'whatsapp' || params.medium === 'sms') channel.medium = params.medium;
    const mandatory = castBoolean(params.hmac_mandatory);
    if (mandatory !== undefined) channel.hmacMandatory = mandatory;
    const extra = castObject(params.additional_attributes);
    if (extra && type === 'Channel::Api') channel.additionalAttributes = extra;
    const settings: InboxSettings = {
      name: castString(params.name) ?? `${type.replace('Channel::', '')} inbox`,
      lock_to_single_conversation: castBoolean(params.lock_to_single_conversation),
      allow_messages_after_resolved: castBoolean(params.allow_messages_after_resolved),
      greeting_enabled: castBoolean(params.greeting_enabled),
      greeting_message: castString(params.greeting_message) ?? undefined,
      enable_email_collect: castBoolean(params.enable_email_collect),
      enable_auto_assignment: castBoolean(params.enable_auto_assignment),
    };
    const inbox = createInbox(contextFor(core, { kind: 'system' }), accountId, channel, settings);
    res.status(201).json(presentInbox(state, inbox, true));
  });

  router.post('/__sandbox/inboxes/:inboxId/incoming', (req, res) => {
    const context = contextFor(core, { kind: 'system' });
    const arrival = receiveNativeMessage(
      context,
      Number(req.params.inboxId),
      body(req) as NativeMessageInput,
    );
    const contact = state.contacts.get(arrival.contactInbox.contactId);
    res.status(arrival.duplicate ? 200 : 201).json({
      duplicate: arrival.duplicate,
      contact: contact ? presentContact(state, contact, true) : null,
      contact_inbox: presentContactInboxRow(arrival.contactInbox),
      conversation: presentConversation(state, arrival.conversation),
      message: presentMessage(state, arrival.message),
    });
  });

  router.post('/__sandbox/inboxes/:inboxId/widget_triggered', (req, res) => {
    const inbox = state.inboxes.get(Number(req.params.inboxId));
    if (!inbox || inbox.channel.type !== 'Channel::WebWidget') throw new NotFoundError();
    const params = body(req);
    const context = contextFor(core, { kind: 'system' });
    const session = identifyWidgetContact(context, inbox, (castObject(params.contact) ?? {}) as NativeSender);
    const info = castObject(params.event_info) ?? {};
    core.events.record({
      name: 'webwidget_triggered',
      contactInboxId: session.id,
      eventInfo: {
        initiated_at: { timestamp: context.now().toString() },
        referer: null,
        widget_language: null,
        browser_language: 'en',
        browser: {
          browser_name: 'Chrome',
          browser_version: '131.0.0.0',
          device_name: 'Unknown',
          platform_name: 'macOS',
          platform_version: '10.15.7',
        },
        ...info,
      },
    });
    res.status(201).json({ contact_inbox: presentContactInboxRow(session) });
  });

  router.get('/__sandbox/deliveries', async (req, res) => {
    if (req.query.settle !== undefined) await core.settle();
    const event = castString(req.query.event);
    const url = castString(req.query.url);
    res.json(
      core.deliverer.log.filter((entry) => (!event || entry.event === event) && (!url || entry.url === url)),
    );
  });

  router.delete('/__sandbox/deliveries', (_req, res) => {
    core.deliverer.clearLog();
    res.status(204).end();
  });

  router.get('/__sandbox/violations', (_req, res) => {
    res.json(core.violations.entries);
  });

  router.delete('/__sandbox/violations', (_req, res) => {
    core.violations.clear();
    res.status(204).end();
  });

  router.get('/__sandbox/faults', (_req, res) => {
    res.json(core.faults.list());
  });

  router.post('/__sandbox/faults', (req, res) => {
    try {
      res.status(201).json(core.faults.add(body(req) as FaultRuleInput));
    } catch (error) {
      throw new UnprocessableError((error as Error).message);
    }
  });

  router.delete('/__sandbox/faults', (_req, res) => {
    core.faults.clear();
    res.status(204).end();
  });

  router.post('/__sandbox/signing-secrets', (req, res) => {
    const params = body(req);
    const receiver = castString(params.receiver);
    if (!['account_webhook', 'api_inbox_webhook', 'agent_bot_webhook'].includes(receiver ?? '')) {
      throw new UnprocessableError(
        'receiver must be account_webhook, api_inbox_webhook or agent_bot_webhook',
      );
    }
    const key = `${receiver}:${castInteger(params.id) ?? 0}`;
    const secret = castString(params.secret);
    if (secret) state.signingSecrets.set(key, secret);
    else state.signingSecrets.delete(key);
    res.status(204).end();
  });
}
