import type { Request, Response, Router } from 'express';
import { SourceIdTakenError, buildContactInbox } from '../domain/build-contact-inbox.ts';
import { NotFoundError, SandboxHttpError, UnprocessableError } from '../domain/errors.ts';
import { filterContacts, resolvedContacts } from '../domain/filter-records.ts';
import { type ContactChanges, createContact, saveContact } from '../domain/save-contact.ts';
import { searchContacts, sortContacts } from '../domain/search-contacts.ts';
import { presentContact } from '../presenters/present-contacts.ts';
import { presentConversation } from '../presenters/present-conversations.ts';
import { presentInboxRow } from '../presenters/present-inbox-row.ts';
import { presentInboxSlim } from '../presenters/present-inboxes.ts';
import { type SandboxCore, contextFor } from '../sandbox-core.ts';
import { generateUuid } from '../state/generate-tokens.ts';
import type { ContactRecord, InboxRecord } from '../state/records.ts';
import { accountRoute, callerOf } from './authenticate-request.ts';
import { castBoolean, castInteger, castObject, castString, paramsOf } from './read-params.ts';

const PAGE_SIZE = 15;

/** Read the permitted contact params (`ContactsController#permitted_params`). */
function readContactParams(params: Record<string, unknown>): ContactChanges {
  const changes: ContactChanges = {};
  for (const key of ['name', 'email', 'phone_number', 'identifier'] as const) {
    if (params[key] !== undefined) changes[key] = castString(params[key]) ?? null;
  }
  const blocked = castBoolean(params.blocked);
  if (blocked !== undefined) changes.blocked = blocked;
  if (params.additional_attributes !== undefined)
    changes.additional_attributes = castObject(params.additional_attributes) ?? {};
  if (params.custom_attributes !== undefined)
    changes.custom_attributes = castObject(params.custom_attributes) ?? {};
  return changes;
}

/** `include_contact_inboxes` param: true unless "false" is given. */
function includeContactInboxes(req: Request): boolean {
  const value = paramsOf(req).include_contact_inboxes;
  return value === undefined || value === '' ? true : value === 'true' || value === true;
}

/** `ContactableInboxesService`: inboxes the contact can be messaged in, with the source id to use. */
function contactableInboxes(
  core: SandboxCore,
  contact: ContactRecord,
): Array<{ source_id: string; inbox: InboxRecord }> {
  const { state } = core;
  const result: Array<{ source_id: string; inbox: InboxRecord }> = [];
  for (const inbox of state.accountInboxes(contact.accountId)) {
    const latest = [...state.contactInboxes.values()]
      .filter((row) => row.inboxId === inbox.id && row.contactId === contact.id)
      .at(-1);
    const phone = contact.phoneNumber;
    switch (inbox.channel.type) {
      case 'Channel::TwilioSms':
        if (phone)
          result.push({
            source_id: inbox.channel.medium === 'whatsapp' ? `whatsapp:${phone}` : phone,
            inbox,
          });
        break;
      case 'Channel::Whatsapp':
        if (phone) result.push({ source_id: phone.replace(/\+/g, ''), inbox });
        break;
      case 'Channel::Sms':
        if (phone) result.push({ source_id: phone, inbox });
        break;
      case 'Channel::Email':
        if (contact.email) result.push({ source_id: contact.email, inbox });
        break;
      case 'Channel::Api':
        result.push({ source_id: latest?.sourceId ?? generateUuid(), inbox });
        break;
      case 'Channel::WebWidget':
        if (latest && state.conversationsOfContactInbox(latest.id).length === 0)
          result.push({ source_id: latest.sourceId, inbox });
        break;
      default:
        break;
    }
  }
  return result;
}

/** Contacts (`ContactsController` and its nested controllers). */
export function registerContactRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/contacts';

  const findContact = (req: Request, res: Response): ContactRecord => {
    const contact = state.contacts.get(Number(req.params.contactId));
    if (!contact || contact.accountId !== callerOf(res).account.id) throw new NotFoundError();
    return contact;
  };

  const sendPage = (req: Request, res: Response, contacts: ContactRecord[]): void => {
    const params = paramsOf(req);
    const page = castInteger(params.page) ?? 1;
    const sorted = sortContacts(contacts, castString(params.sort) ?? undefined);
    const withInboxes = includeContactInboxes(req);
    res.json({
      meta: { count: contacts.length, current_page: params.page ?? 1 },
      payload: sorted
        .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
        .map((contact) => presentContact(state, contact, withInboxes)),
    });
  };

  router.get(base, accountRoute(core), (req, res) => {
    const { account } = callerOf(res);
    let contacts = resolvedContacts(state, account.id);
    const labels = paramsOf(req).labels;
    if (Array.isArray(labels))
      contacts = contacts.filter((contact) => contact.labels.some((label) => labels.includes(label)));
    sendPage(req, res, contacts);
  });

  router.get(`${base}/search`, accountRoute(core), (req, res) => {
    const query = castString(paramsOf(req).q);
    if (!query) throw new UnprocessableError('Specify search string with parameter q');
    sendPage(req, res, searchContacts(state, callerOf(res).account.id, query));
  });

  router.post(`${base}/filter`, accountRoute(core), (req, res) => {
    sendPage(req, res, filterContacts(state, callerOf(res).account.id, paramsOf(req).payload));
  });

  router.post(base, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const params = paramsOf(req);
    const context = contextFor(core, caller.actor);
    const inboxId = castInteger(params.inbox_id);
    const inbox = inboxId === undefined ? undefined : state.inboxes.get(inboxId);
    if (inboxId !== undefined && (!inbox || inbox.accountId !== caller.account.id)) throw new NotFoundError();
    const contact = createContact(context, caller.account.id, readContactParams(params));
    let contactInbox;
    try {
      contactInbox = inbox
        ? buildContactInbox(context, contact, inbox, castString(params.source_id))
        : undefined;
    } catch (error) {
      state.contacts.delete(contact.id); // the transaction rolls back
      throw error instanceof SourceIdTakenError
        ? new SandboxHttpError(500, { status: 500, error: 'Internal Server Error' })
        : error;
    }
    res.json({
      payload: {
        contact: presentContact(state, contact, true),
        contact_inbox: {
          inbox: contactInbox && inbox ? presentInboxRow(inbox) : null,
          source_id: contactInbox?.sourceId ?? null,
        },
      },
    });
  });

  router.get(`${base}/:contactId`, accountRoute(core), (req, res) => {
    res.json({ payload: presentContact(state, findContact(req, res), includeContactInboxes(req)) });
  });

  const update = (req: Request, res: Response): void => {
    const caller = callerOf(res);
    const contact = findContact(req, res);
    const changes = readContactParams(paramsOf(req));
    // custom and additional attributes are merged into the existing ones, not replaced
    if (changes.custom_attributes)
      changes.custom_attributes = { ...contact.customAttributes, ...changes.custom_attributes };
    if (changes.additional_attributes) {
      changes.additional_attributes = { ...contact.additionalAttributes, ...changes.additional_attributes };
    }
    saveContact(contextFor(core, caller.actor), contact, changes);
    res.json({ payload: presentContact(state, contact, includeContactInboxes(req)) });
  };
  router.put(`${base}/:contactId`, accountRoute(core), update);
  router.patch(`${base}/:contactId`, accountRoute(core), update);

  router.delete(`${base}/:contactId`, accountRoute(core), (req, res) => {
    const contact = findContact(req, res);
    for (const conversation of [...state.conversations.values()]) {
      if (conversation.contactId !== contact.id) continue;
      for (const message of state.messagesOf(conversation.id)) state.messages.delete(message.id);
      state.conversations.delete(conversation.id);
    }
    for (const row of state.contactInboxesOf(contact.id)) state.contactInboxes.delete(row.id);
    state.contacts.delete(contact.id);
    res.status(200).end();
  });

  router.get(`${base}/:contactId/contactable_inboxes`, accountRoute(core), (req, res) => {
    const contact = findContact(req, res);
    res.json({
      payload: contactableInboxes(core, contact).map(({ source_id, inbox }) => ({
        inbox: presentInboxSlim(inbox),
        source_id,
      })),
    });
  });

  router.get(`${base}/:contactId/conversations`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const contact = findContact(req, res);
    const conversations = [...state.conversations.values()]
      .filter((conversation) => conversation.contactId === contact.id)
      .sort(
        (a, b) => (b.lastActivityAt ?? b.createdAt).getTime() - (a.lastActivityAt ?? a.createdAt).getTime(),
      )
      .slice(0, 20);
    res.json({
      payload: conversations.map((conversation) => presentConversation(state, conversation, caller.user?.id)),
    });
  });

  router.post(`${base}/:contactId/contact_inboxes`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const contact = findContact(req, res);
    const params = paramsOf(req);
    const inbox = state.inboxes.get(castInteger(params.inbox_id) ?? -1);
    if (!inbox || inbox.accountId !== caller.account.id) throw new NotFoundError();
    let row;
    try {
      row = buildContactInbox(
        contextFor(core, caller.actor),
        contact,
        inbox,
        castString(params.source_id),
        castBoolean(params.hmac_verified) ?? false,
      );
    } catch (error) {
      if (error instanceof SourceIdTakenError)
        throw new SandboxHttpError(500, { status: 500, error: 'Internal Server Error' });
      throw error;
    }
    res.json({ source_id: row.sourceId, inbox: presentInboxSlim(inbox) });
  });

  router.get(`${base}/:contactId/labels`, accountRoute(core), (req, res) => {
    res.json({ payload: findContact(req, res).labels });
  });

  router.post(`${base}/:contactId/labels`, accountRoute(core), (req, res) => {
    const contact = findContact(req, res);
    const labels = paramsOf(req).labels;
    contact.labels = Array.isArray(labels) ? [...new Set(labels.map(String))] : [];
    res.json({ payload: contact.labels });
  });
}
