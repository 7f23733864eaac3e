import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../../plugin/store/store.ts';
import { startIdentityHarness, type IdentityHarness } from './start-identity-harness.ts';

/**
 * Omniloom's requests must match Chatwoot's API spec. Response-side entries
 * are the sandbox's own deviations (it keeps an allow-list of Chatwoot's
 * known spec gaps) and are printed, not failed on.
 */
function assertNoRequestViolations(h: IdentityHarness): void {
  const violations = h.sandbox.violations();
  const requests = violations.filter((violation) => violation.direction === 'request');
  assert.deepEqual(requests, [], 'Omniloom spoke to Chatwoot outside its API spec');
  const responses = violations.filter((violation) => violation.direction !== 'request');
  if (responses.length > 0 && process.env.TEST_LOGS) {
    console.error('sandbox response deviations:', [
      ...new Set(responses.map((violation) => violation.operation)),
    ]);
  }
}

/**
 * Customer journeys across channels against the sandbox Chatwoot: native
 * inboxes exactly as the sandbox records them (Chatwoot's own contact
 * matching included) and bridged channels through Omniloom.
 */
describe('identity journeys: one customer, every channel', function () {
  this.timeout(60_000);
  let h: IdentityHarness;

  before(async () => {
    h = await startIdentityHarness();
  });

  after(async () => {
    await h?.stop();
  });

  afterEach(async function () {
    if (!h) return;
    await h.settle();
    assertNoRequestViolations(h);
    assert.deepEqual(
      await h.omniloom.runtime.queue.deadLetters('cw-identity'),
      [],
      'identity jobs failed for good',
    );
    assert.deepEqual(
      await h.omniloom.runtime.queue.deadLetters('identity'),
      [],
      'bridged identity jobs failed for good',
    );
    assert.deepEqual(
      await h.omniloom.runtime.queue.deadLetters('inbound'),
      [],
      'inbound jobs failed for good',
    );
  });

  const audit = async (action: string): Promise<AuditRecord[]> =>
    (await h.omniloom.runtime.store.audit.list(h.installationId, 1000)).filter(
      (entry) => entry.action === action,
    );
  const mergesOf = async (contactId: number) =>
    (await audit('contact.merged')).filter(
      (entry) => entry.data.baseContactId === contactId || entry.data.mergeeContactId === contactId,
    );
  const privateNotes = (conversationDisplayId: number) => {
    const conversation = [...h.sandbox.state.conversations.values()].find(
      (row) => row.displayId === conversationDisplayId,
    );
    return conversation
      ? h.sandbox.state.messagesOf(conversation.id).filter((message) => message.private)
      : [];
  };
  const unique = () => randomUUID().slice(0, 8);
  const phoneNumber = (() => {
    let next = 200;
    return () => `+1415555${String(next++).padStart(4, '0')}`;
  })();

  describe('WhatsApp then SMS from the same number', () => {
    it('native inboxes: one contact holding the number as verified', async () => {
      const phone = phoneNumber();
      const whatsapp = await h.native(h.inboxes.whatsapp, {
        contact: { phone_number: phone, name: 'Ana' },
        content: 'hi on WhatsApp',
        source_id: `wamid.${unique()}`,
      });
      assert.equal(whatsapp.status, 201, JSON.stringify(whatsapp.body));
      await h.settle();
      const sms = await h.native(h.inboxes.sms, {
        contact: { phone_number: phone },
        content: 'and now by SMS',
        source_id: `sms-${unique()}`,
      });
      assert.equal(sms.status, 201, JSON.stringify(sms.body));
      await h.settle();

      const contacts = h.contactsAt([
        { inboxId: h.inboxes.whatsapp, sourceId: phone.slice(1) },
        { inboxId: h.inboxes.sms, sourceId: phone },
      ]);
      assert.equal(contacts.length, 1, 'one contact for both channels');
      const identity = await h.identity(contacts[0]!.id);
      assert.deepEqual(
        identity.identifiers.find((id) => id.type === 'phone'),
        { type: 'phone', value: phone, verified: true, source: 'whatsapp:source_id' },
      );
      assert.deepEqual(identity.suggestions, []);
    });

    it('SMS through a bridged gateway: merged automatically into the older WhatsApp contact, audited and noted', async () => {
      const phone = phoneNumber();
      const whatsapp = await h.native(h.inboxes.whatsapp, {
        contact: { phone_number: phone, name: 'Bea' },
        content: 'hello',
        source_id: `wamid.${unique()}`,
      });
      const whatsappContact = whatsapp.body.contact.id as number;
      await h.settle();
      const user = `sms-${unique()}`;
      await h.viaWebhook(user, 'texting you from my phone', [
        {
          type: 'phone',
          value: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`,
          verified: true,
          source: 'sms-gateway:from',
        },
      ]);
      await h.settle();

      const contacts = h.contactsAt([
        { inboxId: h.inboxes.whatsapp, sourceId: phone.slice(1) },
        { inboxId: h.inboxes.webhook, sourceId: `webhook:${user}` },
      ]);
      assert.deepEqual(
        contacts.map((contact) => contact.id),
        [whatsappContact],
        'the older (WhatsApp) contact is the one kept',
      );
      const inboxes = h
        .conversationsOf(whatsappContact)
        .map((conversation) => conversation.inboxId)
        .sort();
      assert.deepEqual(
        inboxes,
        [h.inboxes.whatsapp, h.inboxes.webhook].sort(),
        'both conversations belong to it',
      );

      const [entry, ...more] = await mergesOf(whatsappContact);
      assert.equal(more.length, 0);
      assert.equal(entry?.actor, 'system');
      assert.equal(entry?.reason, `same verified phone ${phone}`);
      assert.deepEqual(entry?.data.identifier, { type: 'phone', value: phone });
      assert.ok(entry?.at && Date.parse(entry.at) > Date.now() - 60_000);

      const smsConversation = h
        .conversationsOf(whatsappContact)
        .find((conversation) => conversation.inboxId === h.inboxes.webhook)!;
      const notes = privateNotes(smsConversation.id);
      assert.equal(notes.length, 1);
      assert.match(
        notes[0]!.content ?? '',
        new RegExp(`^Merged with contact #${whatsappContact} automatically: same verified phone \\${phone}`),
      );

      const link = await h.omniloom.runtime.store.threads.get(h.installationId, 'webhook', `chat-${user}`);
      assert.equal(link?.contactId, whatsappContact, 'the thread link follows the merge');
      const identity = await h.identity(entry!.data.mergeeContactId as number);
      assert.equal(identity.contactId, whatsappContact);
      assert.equal(identity.mergedFrom, entry!.data.mergeeContactId);
      assert.ok(
        identity.identifiers.some((id) => id.type === 'channel_user' && id.value === `webhook:${user}`),
      );
    });
  });

  describe('a Telegram user types the address of an email contact', () => {
    async function telegramClaimingEmail(text: (email: string) => string) {
      const email = `cleo-${unique()}@mail.example`;
      const mail = await h.native(h.inboxes.email, {
        contact: { email, name: 'Cleo' },
        content: 'Order question',
        email: { subject: 'Order' },
      });
      assert.equal(mail.status, 201, JSON.stringify(mail.body));
      await h.settle();
      const telegramUser = String(Math.floor(Math.random() * 1e9));
      const telegram = await h.native(h.inboxes.telegram, {
        contact: { source_id: telegramUser, name: 'Cleo T' },
        content: text(email),
        source_id: `tg-${unique()}`,
      });
      assert.equal(telegram.status, 201, JSON.stringify(telegram.body));
      await h.settle();
      return {
        email,
        emailContact: mail.body.contact.id as number,
        telegramContact: telegram.body.contact.id as number,
        telegramUser,
      };
    }

    it('only suggests a merge; accepting it merges', async () => {
      const { email, emailContact, telegramContact } = await telegramClaimingEmail(
        (address) => `Hi! My email is ${address}, order #A-2291`,
      );
      assert.notEqual(emailContact, telegramContact);
      assert.ok(
        h.sandbox.state.contacts.has(emailContact) && h.sandbox.state.contacts.has(telegramContact),
        'nothing merged',
      );
      assert.deepEqual(await mergesOf(telegramContact), []);

      const identity = await h.identity(telegramContact);
      assert.equal(identity.contactId, telegramContact);
      assert.deepEqual(
        identity.identifiers.find((id) => id.type === 'email'),
        { type: 'email', value: email, verified: false, source: 'message-text' },
      );
      assert.equal(identity.suggestions.length, 1);
      const [suggestion] = identity.suggestions;
      assert.equal(suggestion!.otherContactId, emailContact);
      assert.deepEqual(suggestion!.identifier, { type: 'email', value: email });
      assert.match(
        suggestion!.reason,
        /claimed \(message-text\) on one contact, verified \(email:from\) on the other/,
      );
      assert.ok(!identity.identifiers.some((id) => id.type === 'phone'), 'the order number is not a phone');
      assert.deepEqual(
        (await h.identity(emailContact)).suggestions.map((s) => s.id),
        [suggestion!.id],
        'visible from both sides',
      );

      const conversation = h.conversationsOf(telegramContact)[0]!;
      const accepted = await h.post(
        `/api/installations/${h.installationId}/contacts/${telegramContact}/identity/suggestions/${suggestion!.id}/accept`,
        {
          conversationId: conversation.id,
        },
      );
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.contactId, emailContact, 'the older email contact is kept');
      assert.equal(h.sandbox.state.contacts.has(telegramContact), false);
      assert.deepEqual(
        h
          .conversationsOf(emailContact)
          .map((c) => c.inboxId)
          .sort(),
        [h.inboxes.email, h.inboxes.telegram].sort(),
      );
      const [entry] = await mergesOf(emailContact);
      assert.equal(entry?.actor, 'admin');
      assert.equal(entry?.data.trigger, `suggestion:${suggestion!.id}`);
      assert.match(
        privateNotes(conversation.id)[0]?.content ?? '',
        new RegExp(`^Merged with contact #${emailContact} by admin`),
      );
      const after = await h.identity(telegramContact);
      assert.equal(after.contactId, emailContact);
      assert.deepEqual(after.suggestions, []);
      const again = await h.post(
        `/api/installations/${h.installationId}/contacts/${emailContact}/identity/suggestions/${suggestion!.id}/accept`,
      );
      assert.equal(again.status, 409);
    });

    it('a dismissed suggestion never comes back', async () => {
      const { email, emailContact, telegramContact, telegramUser } = await telegramClaimingEmail(
        (address) => `reach me at ${address}`,
      );
      const [suggestion] = (await h.identity(telegramContact)).suggestions;
      assert.ok(suggestion);
      const dismissed = await h.post(
        `/api/installations/${h.installationId}/contacts/${telegramContact}/identity/suggestions/${suggestion.id}/dismiss`,
      );
      assert.equal(dismissed.status, 200, JSON.stringify(dismissed.body));
      assert.deepEqual((await h.identity(telegramContact)).suggestions, []);
      assert.equal(
        (await audit('merge_suggestion.dismissed')).filter(
          (entry) => entry.data.suggestionId === suggestion.id,
        ).length,
        1,
      );

      await h.native(h.inboxes.telegram, {
        contact: { source_id: telegramUser },
        content: `really, it is ${email.toUpperCase()}`,
        source_id: `tg-${unique()}`,
      });
      await h.settle();
      assert.deepEqual((await h.identity(telegramContact)).suggestions, [], 'not suggested again');
      assert.deepEqual((await h.identity(emailContact)).suggestions, []);
      assert.equal(
        (await h.omniloom.runtime.store.mergeSuggestions.listForContact(h.installationId, telegramContact))
          .length,
        1,
      );
      assert.ok(
        h.sandbox.state.contacts.has(telegramContact) && h.sandbox.state.contacts.has(emailContact),
        'and never merged',
      );
      const accept = await h.post(
        `/api/installations/${h.installationId}/contacts/${telegramContact}/identity/suggestions/${suggestion.id}/accept`,
      );
      assert.equal(accept.status, 409);
    });
  });

  describe('website widget visitors', () => {
    it('identified with a valid HMAC and the email of an email contact: one contact, identity verified', async () => {
      const email = `dora-${unique()}@mail.example`;
      const mail = await h.native(h.inboxes.email, {
        contact: { email, name: 'Dora' },
        content: 'hello',
        email: { subject: 'Hi' },
      });
      await h.settle();
      const identifier = `user-${unique()}`;
      const widget = await h.native(h.inboxes.widget, {
        contact: { identifier, identifier_hash: h.hmacOf(identifier), email, name: 'Dora' },
        content: 'logged in on the website',
      });
      assert.equal(widget.status, 201, JSON.stringify(widget.body));
      await h.settle();
      const contacts = h
        .contactsAt([{ inboxId: h.inboxes.email, sourceId: email }, { inboxId: h.inboxes.widget }])
        .filter((contact) => contact.email === email || contact.identifier === identifier);
      assert.deepEqual(
        contacts.map((contact) => contact.id),
        [mail.body.contact.id],
      );
      const identity = await h.identity(mail.body.contact.id);
      const verified = identity.identifiers
        .filter((id) => id.verified)
        .map((id) => `${id.type}:${id.value}`)
        .sort();
      assert.deepEqual(verified, [`email:${email}`, `external_id:${identifier}`]);
      assert.deepEqual(identity.suggestions, []);
    });

    it('identified with a valid HMAC and the verified email of a bridged Slack contact: merged by Omniloom', async () => {
      const email = `elif-${unique()}@corp.example`;
      const slackUser = `U${unique().toUpperCase()}`;
      h.fakeSlack.users.set(slackUser, {
        id: slackUser,
        team_id: 'TEXTERNAL1',
        name: 'elif',
        profile: { email, real_name: 'Elif' },
      });
      await h.viaSlack(slackUser, 'hello from Slack Connect');
      await h.settle();
      const [slackContact] = h.contactsAt([
        { inboxId: h.inboxes.slack, sourceId: `slack:TEXTERNAL1:${slackUser}` },
      ]);
      assert.ok(slackContact, 'the Slack contact exists');

      const identifier = `user-${unique()}`;
      const widget = await h.native(h.inboxes.widget, {
        contact: { identifier, identifier_hash: h.hmacOf(identifier), email, name: 'Elif' },
        content: 'now on the website',
      });
      assert.equal(widget.status, 201, JSON.stringify(widget.body));
      await h.settle();
      assert.equal(
        h.sandbox.state.contacts.has(widget.body.contact.id),
        false,
        'the widget contact was merged away',
      );
      const kept = h
        .conversationsOf(slackContact.id)
        .map((conversation) => conversation.inboxId)
        .sort();
      assert.deepEqual(kept, [h.inboxes.widget, h.inboxes.slack].sort());
      const [entry] = await mergesOf(slackContact.id);
      assert.equal(entry?.reason, `same verified email ${email}`);
    });

    it('with an invalid HMAC: Chatwoot refuses the identity, and the typed address is only a suggestion', async () => {
      const email = `finn-${unique()}@mail.example`;
      const mail = await h.native(h.inboxes.email, {
        contact: { email, name: 'Finn' },
        content: 'hi',
        email: { subject: 'Hi' },
      });
      await h.settle();
      const identifier = `user-${unique()}`;
      const forged = await h.native(h.inboxes.widget, {
        contact: { identifier, identifier_hash: h.hmacOf('someone-else'), email, name: 'Finn' },
        content: 'let me in',
      });
      assert.equal(forged.status, 401);

      const anonymous = await h.native(h.inboxes.widget, {
        contact: {},
        content: `I am ${email}, please show my orders`,
      });
      assert.equal(anonymous.status, 201, JSON.stringify(anonymous.body));
      await h.settle();
      const visitor = anonymous.body.contact.id as number;
      assert.ok(
        h.sandbox.state.contacts.has(visitor) && h.sandbox.state.contacts.has(mail.body.contact.id),
        'not merged',
      );
      const identity = await h.identity(visitor);
      assert.equal(
        identity.identifiers.some((id) => id.verified && id.type !== 'channel_user'),
        false,
      );
      assert.deepEqual(
        identity.suggestions.map((s) => [s.otherContactId, s.identifier.value]),
        [[mail.body.contact.id, email]],
      );
      assert.deepEqual(await mergesOf(visitor), []);
    });
  });

  it('a Slack Connect user whose verified email equals an email contact’s: merged, later messages follow', async () => {
    const email = `gus-${unique()}@partner.example`;
    const mail = await h.native(h.inboxes.email, {
      contact: { email, name: 'Gus' },
      content: 'contract question',
      email: { subject: 'Contract' },
    });
    const emailContact = mail.body.contact.id as number;
    await h.settle();
    const slackUser = `U${unique().toUpperCase()}`;
    h.fakeSlack.users.set(slackUser, {
      id: slackUser,
      team_id: 'TEXTERNAL1',
      name: 'gus',
      profile: { email: email.toUpperCase(), real_name: 'Gus' },
    });
    await h.viaSlack(slackUser, 'pinging you on Slack Connect too');
    await h.settle();

    assert.deepEqual(
      h
        .contactsAt([
          { inboxId: h.inboxes.email, sourceId: email },
          { inboxId: h.inboxes.slack, sourceId: `slack:TEXTERNAL1:${slackUser}` },
        ])
        .map((c) => c.id),
      [emailContact],
    );
    const [entry] = await mergesOf(emailContact);
    assert.equal(entry?.reason, `same verified email ${email}`);
    const identity = await h.identity(emailContact);
    assert.ok(identity.identifiers.some((id) => id.type === 'email' && id.value === email && id.verified));
    assert.ok(
      identity.identifiers.some(
        (id) => id.type === 'channel_user' && id.value === `slack:TEXTERNAL1:${slackUser}`,
      ),
    );

    await h.viaSlack(slackUser, 'second message in the same DM');
    await h.settle();
    const slackConversations = h
      .conversationsOf(emailContact)
      .filter((conversation) => conversation.inboxId === h.inboxes.slack);
    assert.equal(slackConversations.length, 1, 'the DM keeps its conversation on the merged contact');
    assert.equal((await mergesOf(emailContact)).length, 1);
  });

  it('20 parallel first messages from one person over three channels leave one contact', async () => {
    const email = `hana-${unique()}@mail.example`;
    const slackUser = `U${unique().toUpperCase()}`;
    const shopUser = `shop-${unique()}`;
    h.fakeSlack.users.set(slackUser, {
      id: slackUser,
      team_id: 'TEXTERNAL1',
      name: 'hana',
      profile: { email, real_name: 'Hana' },
    });
    const sends = Array.from({ length: 20 }, (_, index) => {
      switch (index % 3) {
        case 0:
          return h.native(h.inboxes.email, {
            contact: { email, name: 'Hana' },
            content: `mail ${index}`,
            email: { subject: `Question ${index}` },
          });
        case 1:
          return h.viaSlack(slackUser, `slack ${index}`, `thread:C${slackUser}:${index}`);
        default:
          return h.viaWebhook(
            shopUser,
            `shop ${index}`,
            [{ type: 'email', value: email, verified: true, source: 'shop:login' }],
            `order-${index}`,
          );
      }
    });
    await Promise.all(sends);
    await h.settle();

    const contacts = h.contactsAt([
      { inboxId: h.inboxes.email, sourceId: email },
      { inboxId: h.inboxes.slack, sourceId: `slack:TEXTERNAL1:${slackUser}` },
      { inboxId: h.inboxes.webhook, sourceId: `webhook:${shopUser}` },
    ]);
    assert.equal(contacts.length, 1, `one contact, got ${contacts.map((c) => c.id).join(', ')}`);
    const [contact] = contacts;
    const conversations = h.conversationsOf(contact!.id);
    assert.equal(conversations.length, 20, 'every first message has its conversation on the one contact');
    assert.equal((await mergesOf(contact!.id)).length, 2, 'three contacts, two merges');
    const links = await Promise.all(
      [1, 4, 7, 10, 13, 16, 19].map((index) =>
        h.omniloom.runtime.store.threads.get(h.installationId, 'slack', `thread:C${slackUser}:${index}`),
      ),
    );
    assert.deepEqual([...new Set(links.map((link) => link?.contactId))], [contact!.id]);
  });

  it('conflicting identities are flagged, not merged', async () => {
    const email = `family-${unique()}@mail.example`;
    const [first, second] = [phoneNumber(), phoneNumber()];
    await h.viaWebhook(`mum-${unique()}`, 'hello', [
      { type: 'email', value: email, verified: true, source: 'shop:login' },
      { type: 'phone', value: first, verified: true, source: 'shop:sms-otp' },
    ]);
    await h.settle();
    const kid = `kid-${unique()}`;
    await h.viaWebhook(kid, 'hi there', [
      { type: 'email', value: email, verified: true, source: 'shop:login' },
      { type: 'phone', value: second, verified: true, source: 'shop:sms-otp' },
    ]);
    await h.settle();

    const [kidContact] = h.contactsAt([{ inboxId: h.inboxes.webhook, sourceId: `webhook:${kid}` }]);
    const identity = await h.identity(kidContact!.id);
    assert.equal(identity.suggestions.length, 1);
    const [flag] = identity.suggestions;
    assert.equal(flag!.conflict, true);
    assert.match(flag!.reason, new RegExp(`^Conflict: same email ${email}, but different verified phones`));
    assert.ok(h.sandbox.state.contacts.has(flag!.otherContactId), 'both contacts remain');
    assert.deepEqual(await mergesOf(kidContact!.id), []);
    const flagged = (await audit('identity.conflict_flagged')).filter(
      (entry) => entry.data.suggestionId === flag!.id,
    );
    assert.equal(flagged.length, 1);
    const conversation = h.conversationsOf(kidContact!.id)[0]!;
    assert.match(
      privateNotes(conversation.id)[0]?.content ?? '',
      /^Possible identity conflict with contact #/,
    );
  });

  it('shared history: the merged customer’s messages from every channel, in time order, within a budget', async () => {
    const email = `ines-${unique()}@mail.example`;
    await h.native(h.inboxes.email, {
      contact: { email, name: 'Ines' },
      content: 'first, by email',
      email: { subject: 'Hello' },
    });
    await h.settle();
    const slackUser = `U${unique().toUpperCase()}`;
    h.fakeSlack.users.set(slackUser, {
      id: slackUser,
      team_id: 'TEXTERNAL1',
      name: 'ines',
      profile: { email },
    });
    await h.viaSlack(slackUser, 'second, on Slack');
    await h.settle();
    await h.viaSlack(slackUser, `third, on Slack, and long: ${'x'.repeat(900)}`);
    await h.settle();
    const [contact] = h.contactsAt([{ inboxId: h.inboxes.email, sourceId: email }]);

    const response = await h.omniloom.admin(
      `/api/installations/${h.installationId}/contacts/${contact!.id}/history?maxMessages=10`,
    );
    assert.equal(response.status, 200);
    const history = (await response.json()) as any;
    const customer = history.entries.filter((entry: any) => entry.author === 'customer');
    assert.deepEqual(
      customer.map((entry: any) => entry.channel),
      ['email', 'slack', 'slack'],
    );
    assert.equal(customer[0].text, 'first, by email');
    assert.equal(customer[2].truncated, true);
    assert.ok(customer[2].text.length <= 600);
    assert.ok(
      history.entries.every((entry: any) => !entry.private),
      'private notes (the merge note) stay out',
    );
    const times = history.entries.map((entry: any) => entry.at);
    assert.deepEqual([...times].sort(), times);

    const small = (await (
      await h.omniloom.admin(
        `/api/installations/${h.installationId}/contacts/${contact!.id}/history?maxMessages=1`,
      )
    ).json()) as any;
    assert.equal(small.entries.length, 1);
    assert.equal(small.hasMore, true);
    assert.match(small.entries[0].text, /^third, on Slack/);
  });

  it('a contact deleted in Chatwoot is left alone, not merged into', async () => {
    const email = `lea-${unique()}@mail.example`;
    const mail = await h.native(h.inboxes.email, {
      contact: { email, name: 'Lea' },
      content: 'hello',
      email: { subject: 'Hi' },
    });
    await h.settle();
    await h.api.delete(`/contacts/${mail.body.contact.id}`);
    await h.settle();
    const slackUser = `U${unique().toUpperCase()}`;
    h.fakeSlack.users.set(slackUser, {
      id: slackUser,
      team_id: 'TEXTERNAL1',
      name: 'lea',
      profile: { email },
    });
    await h.viaSlack(slackUser, 'hi from Slack');
    await h.settle();
    await h.viaSlack(slackUser, 'me again');
    await h.settle();
    const [slackContact] = h.contactsAt([
      { inboxId: h.inboxes.slack, sourceId: `slack:TEXTERNAL1:${slackUser}` },
    ]);
    assert.ok(slackContact);
    const identity = await h.identity(slackContact.id);
    assert.ok(identity.identifiers.some((id) => id.type === 'email' && id.value === email && id.verified));
    assert.deepEqual(identity.suggestions, []);
    assert.deepEqual(await mergesOf(slackContact.id), []);
  });

  it('the identity API needs the admin token and names unknown things clearly', async () => {
    const anonymous = await fetch(
      `${h.omniloom.url}/api/installations/${h.installationId}/contacts/1/identity`,
      { headers: { accept: 'application/json' } },
    );
    assert.equal(anonymous.status, 401);
    const unknownInstallation = await h.omniloom.admin('/api/installations/nope/contacts/1/identity');
    assert.equal(unknownInstallation.status, 404);
    const badContact = await h.omniloom.admin(`/api/installations/${h.installationId}/contacts/abc/identity`);
    assert.equal(badContact.status, 400);
    const unknownSuggestion = await h.post(
      `/api/installations/${h.installationId}/contacts/1/identity/suggestions/${randomUUID()}/dismiss`,
    );
    assert.equal(unknownSuggestion.status, 404);
  });
});

describe('identity journeys: per-installation policy and recovery', function () {
  this.timeout(60_000);
  let h: IdentityHarness;

  before(async () => {
    h = await startIdentityHarness({
      settings: { identity: { autoMerge: { phone: false } } },
      // Short Chatwoot timeout, so a slow merge call can be made to look lost.
      env: { OMNILOOM_CHATWOOT_TIMEOUT_MS: '1500' },
    });
  });

  after(async () => {
    await h?.stop();
  });

  afterEach(async () => {
    await h.settle();
    assertNoRequestViolations(h);
  });

  it('with automatic phone merges off, a verified phone match is only suggested', async () => {
    const phone = '+14155550999';
    const whatsapp = await h.native(h.inboxes.whatsapp, {
      contact: { phone_number: phone, name: 'Jo' },
      content: 'hi',
      source_id: 'wamid.policy',
    });
    await h.settle();
    await h.viaWebhook('jo-gateway', 'hello again', [
      { type: 'phone', value: phone, verified: true, source: 'sms-gateway:from' },
    ]);
    await h.settle();
    const identity = await h.identity(whatsapp.body.contact.id);
    assert.equal(identity.suggestions.length, 1);
    assert.match(identity.suggestions[0]!.reason, /automatic merging on phone is turned off/);
    assert.ok(h.sandbox.state.contacts.has(identity.suggestions[0]!.otherContactId), 'not merged');
  });

  it('a merge whose answer was lost is completed on the retry, once', async () => {
    const email = 'kim@mail.example';
    const mail = await h.native(h.inboxes.email, {
      contact: { email, name: 'Kim' },
      content: 'hello',
      email: { subject: 'Hi' },
    });
    await h.settle();
    // Chatwoot performs the merge but answers after Omniloom gave up waiting.
    await h.api.post('/__sandbox/faults', {
      method: 'POST',
      path: '/api/v1/accounts/*/actions/contact_merge',
      delayMs: 2_500,
      times: 1,
    });
    await h.viaWebhook('kim-shop', 'order status?', [
      { type: 'email', value: email, verified: true, source: 'shop:login' },
    ]);
    await h.settle();

    const faults = (await h.api.get('/__sandbox/faults')) as Array<{ hits: number }>;
    assert.equal(faults[0]?.hits, 1, 'the merge call was the slow one');
    assert.ok(
      h.omniloom.logs.some((line) => line.includes('contact_merge')),
      'the first attempt failed',
    );
    const emailContact = mail.body.contact.id as number;
    const contacts = h.contactsAt([
      { inboxId: h.inboxes.email, sourceId: email },
      { inboxId: h.inboxes.webhook, sourceId: 'webhook:kim-shop' },
    ]);
    assert.deepEqual(
      contacts.map((contact) => contact.id),
      [emailContact],
    );
    const merges = (await h.omniloom.runtime.store.audit.list(h.installationId, 1000)).filter(
      (entry) => entry.action === 'contact.merged' && entry.data.baseContactId === emailContact,
    );
    assert.equal(merges.length, 1);
    const identity = await h.identity(merges[0]!.data.mergeeContactId as number);
    assert.equal(identity.contactId, emailContact);
    assert.ok(
      identity.identifiers.some((id) => id.type === 'channel_user' && id.value === 'webhook:kim-shop'),
      'identifiers followed',
    );
    assert.equal(
      (await h.omniloom.runtime.store.threads.get(h.installationId, 'webhook', 'chat-kim-shop'))?.contactId,
      emailContact,
    );
  });
});
