/**
 * Help Center syncs that go wrong: articles that move between pages while
 * they are read, Chatwoot failing mid-sync, and a portal deleted in Chatwoot.
 * None of them may remove articles that still exist.
 */
import assert from 'node:assert/strict';
import type { HelpCenterMethods } from '../../plugin/chatwoot/create-help-center-methods.ts';
import type { ArticlePage, ChatwootArticle } from '../../plugin/chatwoot/types.ts';
import {
  articleUrlBase,
  HelpCenterChangedError,
  readPublishedArticles,
} from '../../plugin/knowledge/help-center/read-published-articles.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { helpCenterSeeder, type HelpCenterSeeder } from './help-center-kit.ts';

function article(id: number): ChatwootArticle {
  return {
    id,
    slug: `${id}-article`,
    title: `Article ${id}`,
    content: `Body ${id}`,
    status: 'published',
    account_id: 1,
    updated_at: 1_700_000_000 + id,
    category: { id: 1, name: 'General', slug: 'general', locale: 'pt' },
  };
}

/** Pages of two articles; `reportedCount(page, read)` is the published count the server claims on each page. */
function pagedHelpCenter(
  ids: number[],
  reportedCount: (page: number, read: number) => number,
): HelpCenterMethods & { reads: number } {
  const methods = {
    reads: 0,
    async listPortals() {
      return [];
    },
    async listArticles(_portal: string, query: { page?: number } = {}): Promise<ArticlePage> {
      const page = query.page ?? 1;
      if (page === 1) methods.reads++;
      return {
        articles: ids.slice((page - 1) * 2, page * 2).map(article),
        meta: { published_count: reportedCount(page, methods.reads) },
      };
    },
    async *iterateArticles() {},
  };
  return methods;
}

describe('reading a portal consistently', () => {
  const base = articleUrlBase('https://chat.example.com/', { slug: 'help' });

  it('reads every page, with the category locale and the public address', async () => {
    const client = pagedHelpCenter([1, 2, 3, 4, 5], () => 5);
    const articles = await readPublishedArticles(client, 'help', base);
    assert.deepEqual(articles.map((entry) => entry.id), [1, 2, 3, 4, 5]);
    assert.equal(articles[0]!.locale, 'pt');
    assert.equal(articles[0]!.url, 'https://chat.example.com/hc/help/articles/1-article');
    assert.equal(client.reads, 1);
  });

  it('uses the custom domain when the portal has one', () => {
    assert.equal(
      articleUrlBase('https://chat.example.com', { slug: 'help', custom_domain: 'help.example.com' }),
      'https://help.example.com/hc/help/articles/',
    );
  });

  it('reads again when the count changes between pages, and succeeds once it is stable', async () => {
    // The first read sees the count move from 5 to 6 on page 2; the second read is stable.
    const client = pagedHelpCenter([1, 2, 3, 4, 5], (page, read) => (read === 1 && page > 1 ? 6 : 5));
    assert.equal((await readPublishedArticles(client, 'help', base)).length, 5);
    assert.equal(client.reads, 2);
  });

  it('gives up rather than return a partial list when articles keep moving', async () => {
    // The server claims six but only five come back: an article slipped between pages every time.
    const client = pagedHelpCenter([1, 2, 3, 4, 5], () => 6);
    await assert.rejects(readPublishedArticles(client, 'help', base), HelpCenterChangedError);
    assert.equal(client.reads, 3);
  });
});

describe('a Help Center sync that fails', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let api: SandboxApi;
  let omniloom: OmniloomHarness;
  let seed: HelpCenterSeeder;
  let installationId: string;

  const titles = async () =>
    (
      (await (await omniloom.admin(`/api/installations/${installationId}/knowledge`)).json()) as {
        documents: Array<{ title: string }>;
      }
    ).documents
      .map((document) => document.title)
      .sort();
  const lastRun = async () =>
    (
      (await (await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center`)).json()) as {
        portals: Array<{ lastRun?: { ok: boolean; error?: string; at: string } }>;
      }
    ).portals[0]?.lastRun;
  const syncNow = () =>
    omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/guides/sync`, { method: 'POST' });

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    seed = helpCenterSeeder(sandbox, api);
    omniloom = await startOmniloom({
      env: { OMNILOOM_JOB_ATTEMPTS: '2', OMNILOOM_JOB_BACKOFF_MS: '100', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
    });
    const installed = await omniloom.admin('/api/installations', {
      method: 'POST',
      json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken },
    });
    installationId = ((await installed.json()) as { installationId: string }).installationId;
    await seed.portal('guides', 'Guides');
    await seed.article('guides', { title: 'Setup', content: 'Plug it in.' });
    await seed.article('guides', { title: 'Care', content: 'Wipe with a dry cloth.' });
    const connected = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center`, {
      method: 'POST',
      json: { portal: 'guides', keepInSync: false },
    });
    assert.equal(connected.status, 202);
    await eventually(async () => (await titles()).length === 2, 10_000, 'the first import');
  });

  after(async () => {
    await omniloom?.stop();
    await sandbox?.close();
  });

  it('records a Chatwoot failure, keeps the articles, and succeeds on a later try', async () => {
    const previous = (await lastRun())!.at;
    await api.post('/__sandbox/faults', { method: 'GET', path: '/api/v1/accounts/*/portals/guides/articles', status: 500, times: 1 });
    assert.equal((await syncNow()).status, 202);
    // The first request fails; the retry succeeds.
    const faultSpent = async () =>
      ((await api.get('/__sandbox/faults')) as Array<{ remaining: number }>).every((rule) => rule.remaining === 0);
    await eventually(async () => {
      const run = await lastRun();
      return (await faultSpent()) && run?.at !== previous && run?.ok === true;
    }, 10_000, 'the retried sync');
    assert.deepEqual(await titles(), ['Care', 'Setup']);
    await api.delete('/__sandbox/faults');
  });

  it('dead-letters a sync after the retry budget and shows why, removing nothing', async () => {
    await api.post('/__sandbox/faults', { method: 'GET', path: '/api/v1/accounts/*/portals/guides/articles', status: 503, times: 10 });
    assert.equal((await syncNow()).status, 202);
    const dead = await eventually(async () => {
      const response = await omniloom.admin('/api/dead-letters');
      const { deadLetters } = (await response.json()) as { deadLetters: Array<{ queue: string; error: string }> };
      return deadLetters.find((letter) => letter.queue === 'knowledge-help-center');
    }, 10_000, 'the dead letter');
    assert.match(dead.error, /503/);
    const run = await lastRun();
    assert.equal(run?.ok, false);
    assert.match(run?.error ?? '', /503/);
    assert.deepEqual(await titles(), ['Care', 'Setup']);
    await api.delete('/__sandbox/faults');
  });

  it('a disconnect during a running sync waits for it, and the articles stay removed', async () => {
    await api.post('/__sandbox/faults', { method: 'GET', path: '/api/v1/accounts/*/portals/guides/articles', delayMs: 1_000, times: 5 });
    assert.equal((await syncNow()).status, 202);
    await eventually(async () => {
      const rules = (await api.get('/__sandbox/faults')) as Array<{ hits: number }>;
      return rules.some((rule) => rule.hits > 0);
    }, 10_000, 'the sync to be reading articles');
    const disconnected = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/guides`, { method: 'DELETE' });
    assert.equal(disconnected.status, 204);
    assert.deepEqual(await titles(), []);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.deepEqual(await titles(), [], 'the finished sync did not bring them back');
    await api.delete('/__sandbox/faults');

    const reconnected = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center`, {
      method: 'POST',
      json: { portal: 'guides', keepInSync: false },
    });
    assert.equal(reconnected.status, 202);
    await eventually(async () => (await titles()).length === 2, 10_000, 'the import after reconnecting');
  });

  it('keeps the articles of a portal deleted in Chatwoot until it is disconnected', async () => {
    await api.delete('/portals/guides');
    assert.equal((await syncNow()).status, 202);
    await eventually(async () => {
      const run = await lastRun();
      return run?.ok === false && /no longer has the Help Center portal "guides"/.test(run.error ?? '') ? run : undefined;
    }, 10_000, 'the failed run');
    assert.deepEqual(await titles(), ['Care', 'Setup']);
  });
});
