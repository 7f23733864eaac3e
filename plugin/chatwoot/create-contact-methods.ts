import type { ChatwootContext } from './chatwoot-context.ts';
import {
  expectOk,
  expectRecord,
  pick,
  unexpectedShape,
  unwrapPayloadList,
  unwrapPayloadRecord,
} from './expect-response.ts';
import type {
  ChatwootContact,
  ChatwootContactInbox,
  ChatwootConversation,
  ChatwootCreatedContact,
  ContactPage,
  ContactSort,
  CreateContactInboxInput,
  CreateContactInput,
  FilterCondition,
  UpdateContactInput,
} from './types.ts';

/** Contacts, their inbox addresses, and merges. */
export interface ContactMethods {
  /** `POST .../contacts`; with `inbox_id` (+ `source_id`) the contact_inbox is created in the same call. */
  createContact(input: CreateContactInput): Promise<ChatwootCreatedContact>;
  /** `GET .../contacts/{id}` (`{ payload: contact }`). */
  getContact(contactId: number): Promise<ChatwootContact>;
  /** `PUT .../contacts/{id}`; custom/additional attributes are merged into the stored ones. */
  updateContact(contactId: number, input: UpdateContactInput): Promise<ChatwootContact>;
  /** `DELETE .../contacts/{id}`. */
  deleteContact(contactId: number): Promise<void>;
  /** `GET .../contacts/search?q=`: substring match on name, email, phone, identifier, company. */
  searchContacts(q: string, options?: { page?: number; sort?: ContactSort }): Promise<ContactPage>;
  /** `POST .../contacts/filter`: structured conditions (`{ payload: [...] }` body). */
  filterContacts(conditions: FilterCondition[], options?: { page?: number }): Promise<ContactPage>;
  /** `POST .../contacts/{id}/contact_inboxes`: gives the contact an address (`source_id`) in an inbox. */
  createContactInbox(contactId: number, input: CreateContactInboxInput): Promise<ChatwootContactInbox>;
  /** `GET .../contacts/{id}/conversations`. */
  listContactConversations(contactId: number): Promise<ChatwootConversation[]>;
  /**
   * `POST .../actions/contact_merge`: `baseId` survives, `mergeeId` is deleted and its
   * conversations, messages and contact_inboxes move over; base's non-blank attributes win.
   */
  mergeContacts(baseId: number, mergeeId: number): Promise<ChatwootContact>;
}

export function createContactMethods({ api, supplement, accountId }: ChatwootContext): ContactMethods {
  const account = { account_id: accountId };
  const contact = (id: number) => ({ path: { account_id: accountId, id } });
  return {
    async createContact(input) {
      const what = 'POST contacts';
      // swagger.json marks inbox_id required and omits source_id; Chatwoot treats both as optional (README §4).
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/contacts', {
          params: { path: account },
          body: input as never,
        }),
      );
      const payload = unwrapPayloadRecord<Record<string, unknown>>(what, body);
      const created = expectRecord<ChatwootContact>(what, payload.contact);
      const contactInbox = payload.contact_inbox;
      const sourceId = pick(contactInbox, 'source_id');
      return {
        contact: created,
        contact_inbox: typeof sourceId === 'string' ? (contactInbox as ChatwootContactInbox) : null,
      };
    },
    async getContact(contactId) {
      const what = `GET contact ${contactId}`;
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/contacts/{id}', { params: contact(contactId) }),
      );
      return expectRecord<ChatwootContact>(what, unwrapPayloadRecord(what, body));
    },
    async updateContact(contactId, input) {
      const what = `PUT contact ${contactId}`;
      const body = await expectOk(
        what,
        api.PUT('/api/v1/accounts/{account_id}/contacts/{id}', { params: contact(contactId), body: input }),
      );
      return expectRecord<ChatwootContact>(what, unwrapPayloadRecord(what, body));
    },
    async deleteContact(contactId) {
      await expectOk(
        `DELETE contact ${contactId}`,
        api.DELETE('/api/v1/accounts/{account_id}/contacts/{id}', { params: contact(contactId) }),
      );
    },
    async searchContacts(q, options = {}) {
      const what = 'GET contacts/search';
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/contacts/search', {
          params: { path: account, query: { q, page: options.page, sort: options.sort } },
        }),
      );
      const { items, meta } = unwrapPayloadList<ChatwootContact, ContactPage['meta']>(what, body);
      return { contacts: items, meta };
    },
    async filterContacts(conditions, options = {}) {
      const what = 'POST contacts/filter';
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/contacts/filter', {
          params: { path: account, query: { page: options.page } },
          body: { payload: conditions } as never,
        }),
      );
      const { items, meta } = unwrapPayloadList<ChatwootContact, ContactPage['meta']>(what, body);
      return { contacts: items, meta };
    },
    async createContactInbox(contactId, input) {
      const what = `POST contact ${contactId} contact_inboxes`;
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/contacts/{id}/contact_inboxes', {
          params: contact(contactId),
          body: input,
        }),
      );
      if (typeof pick(body, 'source_id') !== 'string')
        throw unexpectedShape(what, '{ source_id, inbox }', body);
      return body as ChatwootContactInbox;
    },
    async listContactConversations(contactId) {
      const what = `GET contact ${contactId} conversations`;
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/contacts/{id}/conversations', { params: contact(contactId) }),
      );
      return unwrapPayloadList<ChatwootConversation>(what, body).items;
    },
    async mergeContacts(baseId, mergeeId) {
      const what = `POST contact_merge ${mergeeId} into ${baseId}`;
      const body = await expectOk(
        what,
        supplement.POST('/api/v1/accounts/{account_id}/actions/contact_merge', {
          params: { path: account },
          body: { base_contact_id: baseId, mergee_contact_id: mergeeId },
        }),
      );
      return expectRecord<ChatwootContact>(what, body);
    },
  };
}
