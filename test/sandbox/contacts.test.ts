import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';

describe('sandbox contacts', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;
  let inboxId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
    inboxId = (await api.createApiInbox('Contacts inbox')).id;
    await api.createContact({
      name: 'Marta Silva',
      email: 'Marta.Silva@Example.org',
      identifier: 'TG:889',
      additional_attributes: { company_name: 'Acme Tiles', city: 'Lisbon' },
    });
    await api.createContact({
      name: 'Jonas Berg',
      phone_number: '+4915112345678',
      custom_attributes: { plan: 'pro' },
    });
    await api.createContact({ name: 'Anonymous visitor' });
  });
  after(() => sandbox.close());

  it('creates a contact with a contact inbox in the same call', async () => {
    const answer = await api.post(api.account('/contacts'), {
      name: 'Lea',
      email: 'lea@example.org',
      inbox_id: inboxId,
      source_id: 'discord-42',
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.payload.contact_inbox.source_id, 'discord-42');
    assert.equal(answer.body.payload.contact_inbox.inbox.id, inboxId);
    assert.deepEqual(
      answer.body.payload.contact.contact_inboxes.map((row: { source_id: string }) => row.source_id),
      ['discord-42'],
    );
    const generated = await api.post(api.account('/contacts'), { name: 'Max', inbox_id: inboxId });
    assert.match(generated.body.payload.contact_inbox.source_id, /^[0-9a-f-]{36}$/);
  });

  it('normalises email to lower case and enforces uniqueness and formats', async () => {
    const search = await api.get(api.account('/contacts/search?q=marta.silva@example.org'));
    assert.equal(search.body.payload[0].email, 'marta.silva@example.org');
    const duplicate = await api.post(api.account('/contacts'), {
      name: 'Copy',
      email: 'MARTA.SILVA@example.org',
    });
    assert.equal(duplicate.status, 422);
    assert.deepEqual(duplicate.body, { message: 'Email has already been taken', attributes: ['email'] });
    const identifier = await api.post(api.account('/contacts'), { name: 'Copy', identifier: 'TG:889' });
    assert.deepEqual(identifier.body, {
      message: 'Identifier has already been taken',
      attributes: ['identifier'],
    });
    const phone = await api.post(api.account('/contacts'), { name: 'Bad', phone_number: '0151 123' });
    assert.deepEqual(phone.body, {
      message: 'Phone number should be in e164 format',
      attributes: ['phone_number'],
    });
  });

  it('searches name, email, phone and company case-insensitively and identifier case-sensitively', async () => {
    const names = async (q: string) =>
      (await api.get(api.account(`/contacts/search?q=${encodeURIComponent(q)}`))).body.payload.map(
        (contact: { name: string }) => contact.name,
      );
    assert.deepEqual(await names('MARTA'), ['Marta Silva']);
    assert.deepEqual(await names('acme'), ['Marta Silva']);
    assert.deepEqual(await names('15112'), ['Jonas Berg']);
    assert.deepEqual(await names('tg:889'), []);
    assert.deepEqual(await names('TG:8'), ['Marta Silva']);
    assert.deepEqual(
      await names('visitor'),
      [],
      'contacts without email, phone or identifier are not listed',
    );
    const empty = await api.get(api.account('/contacts/search'));
    assert.equal(empty.status, 422);
    const meta = await api.get(api.account('/contacts/search?q=a'));
    assert.equal(meta.body.meta.count, meta.body.payload.length);
    assert.equal(meta.body.meta.current_page, 1);
  });

  it('filters with the filter payload format (AND binds tighter than OR)', async () => {
    const run = async (payload: unknown[]) => api.post(api.account('/contacts/filter'), { payload });
    const byCity = await run([
      { attribute_key: 'city', filter_operator: 'equal_to', values: ['LISBON'], query_operator: null },
    ]);
    assert.deepEqual(
      byCity.body.payload.map((contact: { name: string }) => contact.name),
      ['Marta Silva'],
    );
    const either = await run([
      { attribute_key: 'name', filter_operator: 'contains', values: ['nobody'], query_operator: 'and' },
      { attribute_key: 'email', filter_operator: 'contains', values: ['example'], query_operator: 'or' },
      {
        attribute_key: 'phone_number',
        filter_operator: 'equal_to',
        values: ['4915112345678'],
        query_operator: null,
      },
    ]);
    assert.deepEqual(
      either.body.payload.map((contact: { name: string }) => contact.name),
      ['Jonas Berg'],
    );
    const invalidKey = await run([
      { attribute_key: 'shoe_size', filter_operator: 'equal_to', values: ['42'], query_operator: null },
    ]);
    assert.equal(invalidKey.status, 422);
    assert.match(invalidKey.body.error, /^Invalid attribute key - \[shoe_size\]/);
    const invalidOperator = await run([
      { attribute_key: 'identifier', filter_operator: 'contains', values: ['x'], query_operator: null },
    ]);
    assert.equal(invalidOperator.status, 422);
    await api.post(api.account('/custom_attribute_definitions'), {
      custom_attribute_definition: {
        attribute_display_name: 'Plan',
        attribute_key: 'plan',
        attribute_display_type: 'text',
        attribute_model: 'contact_attribute',
      },
    });
    const byPlan = await run([
      { attribute_key: 'plan', filter_operator: 'equal_to', values: ['PRO'], query_operator: null },
    ]);
    assert.deepEqual(
      byPlan.body.payload.map((contact: { name: string }) => contact.name),
      ['Jonas Berg'],
    );
  });

  it('merges custom and additional attributes on update', async () => {
    const contact = await api.createContact({
      name: 'Update me',
      email: 'update@example.org',
      custom_attributes: { a: 1 },
    });
    const updated = await api.put(api.account(`/contacts/${contact.id}`), {
      custom_attributes: { b: 2 },
      name: 'Updated',
    });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.payload.custom_attributes, { a: 1, b: 2 });
    assert.equal(updated.body.payload.name, 'Updated');
    const shown = await api.get(api.account(`/contacts/${contact.id}?include_contact_inboxes=false`));
    assert.equal(shown.body.payload.contact_inboxes, undefined);
  });

  it('links contact inboxes, lists contactable inboxes and conversations, and deletes', async () => {
    const contact = await api.createContact({ name: 'Linker', email: 'linker@example.org' });
    const link = await api.post(api.account(`/contacts/${contact.id}/contact_inboxes`), {
      inbox_id: inboxId,
      source_id: 'slack-U1',
      hmac_verified: true,
    });
    assert.equal(link.status, 200);
    assert.deepEqual(Object.keys(link.body).sort(), ['inbox', 'source_id']);
    const contactable = await api.get(api.account(`/contacts/${contact.id}/contactable_inboxes`));
    assert.equal(
      contactable.body.payload.find((row: { inbox: { id: number } }) => row.inbox.id === inboxId).source_id,
      'slack-U1',
    );
    const conversation = await api.createConversation(inboxId, contact.id, 'slack-U1');
    assert.equal(conversation.meta.hmac_verified, true);
    const conversations = await api.get(api.account(`/contacts/${contact.id}/conversations`));
    assert.deepEqual(
      conversations.body.payload.map((row: { id: number }) => row.id),
      [conversation.id],
    );
    assert.equal((await api.delete(api.account(`/contacts/${contact.id}`))).status, 200);
    assert.equal((await api.get(api.account(`/contacts/${contact.id}`))).status, 404);
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
