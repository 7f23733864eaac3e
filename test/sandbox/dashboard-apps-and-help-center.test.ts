import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';

describe('sandbox dashboard apps and help center', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
  });
  after(() => sandbox.close());

  it('creates, lists, shows, updates and deletes dashboard apps', async () => {
    const created = await api.post(api.account('/dashboard_apps'), {
      dashboard_app: { title: 'Omniloom', content: [{ type: 'frame', url: 'https://omniloom.example/app' }] },
    });
    assert.equal(created.status, 200);
    assert.deepEqual(Object.keys(created.body).sort(), ['content', 'created_at', 'id', 'title']);
    assert.deepEqual(created.body.content, [{ type: 'frame', url: 'https://omniloom.example/app' }]);
    const listed = await api.get(api.account('/dashboard_apps'));
    assert.deepEqual(
      listed.body.map((app: { id: number }) => app.id),
      [created.body.id],
    );
    const updated = await api.patch(api.account(`/dashboard_apps/${created.body.id}`), {
      dashboard_app: { title: 'Omniloom 2' },
    });
    assert.equal(updated.body.title, 'Omniloom 2');
    assert.equal((await api.get(api.account(`/dashboard_apps/${created.body.id}`))).body.title, 'Omniloom 2');
    assert.equal((await api.delete(api.account(`/dashboard_apps/${created.body.id}`))).status, 204);
    assert.equal((await api.get(api.account(`/dashboard_apps/${created.body.id}`))).status, 404);
  });

  it('validates dashboard app content', async () => {
    for (const content of [
      [],
      [{ type: 'frame', url: 'ftp://x' }],
      [{ type: 'link', url: 'https://x.example' }],
      'https://x.example',
    ]) {
      const answer = await api.post(api.account('/dashboard_apps'), {
        dashboard_app: { title: 'Bad', content },
      });
      assert.equal(answer.status, 422, JSON.stringify(content));
      assert.deepEqual(answer.body, { message: 'Content : Invalid data', attributes: ['content'] });
    }
    const recorded = sandbox.violations();
    assert.equal(recorded.length, 4, 'each invalid body is also a violation of the supplement');
    assert.ok(
      recorded.every(
        (violation) => violation.operation === 'POST /api/v1/accounts/{account_id}/dashboard_apps',
      ),
    );
    await api.request('DELETE', '/__sandbox/violations');
  });

  it('keeps portals, categories and articles and lists published articles', async () => {
    const portal = await api.post(api.account('/portals'), {
      portal: {
        name: 'Handbook',
        slug: 'handbook',
        config: { allowed_locales: ['en', 'pt'], default_locale: 'en' },
      },
    });
    assert.equal(portal.status, 200);
    const category = await api.post(api.account('/portals/handbook/categories'), {
      category: { name: 'Shipping', slug: 'shipping', locale: 'en' },
    });
    assert.equal(category.status, 200);
    const base = { author_id: sandbox.adminUserId, category_id: category.body.payload.id };
    const published = await api.post(api.account('/portals/handbook/articles'), {
      article: {
        ...base,
        title: 'Tracking an order',
        content: 'Use the tracking link in your email.',
        status: 'published',
      },
    });
    assert.equal(published.status, 200);
    assert.equal(published.body.payload.status, 'published');
    assert.match(published.body.payload.slug, /^\d+-tracking-an-order$/);
    const draft = await api.post(api.account('/portals/handbook/articles'), {
      ...base,
      title: 'Returns',
      content: 'Draft text',
    });
    assert.equal(draft.body.payload.status, 'draft');
    const missing = await api.post(api.account('/portals/handbook/articles'), {
      article: { title: 'No content', author_id: sandbox.adminUserId },
    });
    assert.equal(missing.status, 422);

    const list = await api.get(api.account('/portals/handbook/articles?status=published&locale=en'));
    assert.deepEqual(
      list.body.payload.map((article: { title: string }) => article.title),
      ['Tracking an order'],
    );
    assert.equal(list.body.meta.articles_count, 2);
    assert.equal(list.body.meta.published_count, 1);
    assert.equal(list.body.payload[0].category.slug, 'shipping');
    const search = await api.get(api.account('/portals/handbook/articles?query=track'));
    assert.deepEqual(
      search.body.payload.map((article: { title: string }) => article.title),
      ['Tracking an order'],
    );

    const updated = await api.patch(api.account(`/portals/handbook/articles/${draft.body.payload.id}`), {
      article: { status: 'published' },
    });
    assert.equal(updated.body.payload.status, 'published');
    assert.equal(
      (await api.get(api.account(`/portals/handbook/articles/${draft.body.payload.id}`))).body.payload.title,
      'Returns',
    );
    assert.equal(
      (await api.delete(api.account(`/portals/handbook/articles/${draft.body.payload.id}`))).status,
      200,
    );

    const portals = await api.get(api.account('/portals'));
    assert.equal(portals.body.payload[0].slug, 'handbook');
    assert.deepEqual(
      portals.body.payload[0].config.allowed_locales.map((locale: { code: string }) => locale.code),
      ['en', 'pt'],
    );
    const categories = await api.get(api.account('/portals/handbook/categories'));
    assert.equal(categories.body.payload[0].meta.articles_count, 1);
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
