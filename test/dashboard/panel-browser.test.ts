import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { eventually } from '../helpers/start-omniloom.ts';
import { startPanelWorld, type Customer, type PanelWorld } from './start-panel-world.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = path.join(repoRoot, 'test-output', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';

/**
 * A page on an origin that is not Chatwoot's: `/sibling` is a frame placed
 * beside the panel inside Chatwoot's page that posts a forged context to it;
 * `/host` tries to frame the panel itself, playing Chatwoot's side.
 */
async function startForeignOrigin(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const context = url.searchParams.get('context') ?? '{}';
    const script =
      url.pathname === '/sibling'
        ? `const data = ${JSON.stringify(context)};
           window.parent.frames[0].postMessage(data, '*');
           window.parent.frames[0].postMessage(JSON.parse(data), '*');
           document.title = 'posted';`
        : `const frame = document.querySelector('iframe');
           frame.addEventListener('load', () => frame.contentWindow.postMessage(${JSON.stringify(context)}, '*'));`;
    const frame =
      url.pathname === '/host'
        ? `<iframe src="${url.searchParams.get('panel') ?? ''}" width="360" height="400"></iframe>`
        : '';
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><body>${frame}<script>${script}</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The panel in a real browser, framed by the sandbox's conversation page
 * (another origin than Omniloom's), which plays Chatwoot's Dashboard App
 * protocol, against a real Omniloom whose AI agent drafts the suggestions.
 */
describe('dashboard panel in a browser', function () {
  this.timeout(90_000);
  let world: PanelWorld;
  let customer: Customer;
  let browser: Browser;
  let page: Page;
  let foreign: { url: string; close(): Promise<void> };

  const conversationPage = (conversationId: number) =>
    `${world.sandbox.url}/ui/accounts/${world.sandbox.accountId}/conversations/${conversationId}`;
  const panel = (): FrameLocator => page.frameLocator('iframe[data-app-id]').first();
  const panelFrame = (): Frame => {
    const frame = page
      .frames()
      .find((candidate) => candidate.url().startsWith(`${world.omniloom.url}/dashboard/`));
    assert.ok(frame, 'the panel frame');
    return frame;
  };
  const loadedConversation = async () =>
    Number(await panel().locator('body').getAttribute('data-loaded-conversation-id'));
  const watching = async () => Number(await panel().locator('body').getAttribute('data-watching'));
  const pendingSuggestions = async (conversationId: number) =>
    (
      await world.omniloom.runtime.store.suggestions.listForConversation(world.installationId, conversationId)
    ).filter((row) => row.status === 'pending');
  const shoot = async (name: string) => {
    await page
      .locator('.app iframe')
      .first()
      .screenshot({ path: path.join(SCREENSHOTS, `dashboard-${name}.png`) });
  };
  /** Chatwoot's side panel is narrow; the demo page's frame is made tall so screenshots show the whole panel. */
  const openConversation = async (conversationId: number) => {
    await page.goto(conversationPage(conversationId));
    await page.addStyleTag({ content: '.app iframe { height: 1150px !important; }' });
  };

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    }
    await mkdir(SCREENSHOTS, { recursive: true });
    [world, browser, foreign] = await Promise.all([
      startPanelWorld(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      }),
      startForeignOrigin(),
    ]);
    await world.addKnowledge();
    customer = await world.newCustomer('Marta');
    // The AI agent (suggest mode by default) drafts a reply to the Telegram message from the knowledge base.
    await eventually(
      async () => (await pendingSuggestions(customer.telegramConversationId)).length > 0,
      20_000,
      'a first suggestion',
    );
    page = await browser.newPage({ viewport: { width: 860, height: 1300 } });
  });

  after(async () => {
    await browser?.close();
    await foreign?.close();
    await world?.stop();
  });

  it('renders the suggestions and the customer once Chatwoot’s context arrives', async () => {
    const [first] = await pendingSuggestions(customer.telegramConversationId);
    await openConversation(customer.telegramConversationId);
    const card = panel().locator(`[data-suggestion-id="${first!.id}"]`);
    await card.waitFor();
    assert.equal(await loadedConversation(), customer.telegramConversationId);
    assert.equal((await card.locator('.suggestion-text').textContent())?.trim(), first!.text.trim());
    assert.match((await card.locator('.question q').textContent()) ?? '', /Where is my order\?/);
    assert.match((await card.locator('.confidence-value').textContent()) ?? '', /^\d+%$/);
    await card.locator('details.sources > summary').click();
    await card.locator('details.source > summary').first().click();
    assert.ok(await card.locator('.excerpt').first().isVisible(), 'a source opens to its excerpt');

    const customerSection = panel().locator('#customer');
    await customerSection.locator('.identity').first().waitFor();
    const identities = await customerSection.locator('.identity').allTextContents();
    assert.ok(
      identities.some((text) => text.includes(customer.email) && text.includes('claimed')),
      identities.join(' | '),
    );
    assert.ok(
      identities.some((text) => text.includes(customer.telegramUser) && text.includes('verified')),
      identities.join(' | '),
    );
    assert.equal(await customerSection.locator('[data-merge-id]').count(), 1);
    assert.equal(await customerSection.locator('.timeline-item.current').count(), 1);
    await eventually(
      async () => (await watching()) === customer.telegramConversationId,
      5000,
      'the panel socket to watch the conversation',
    );
    await shoot('context');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-in-chatwoot.png') });
  });

  it('shows a new suggestion live when the customer writes again, without reloading', async () => {
    const frame = panelFrame();
    await frame.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const before = new Set((await pendingSuggestions(customer.telegramConversationId)).map((row) => row.id));
    await world.native(world.inboxes.telegram, {
      contact: { source_id: customer.telegramUser },
      content: 'How long does shipping take to Lisbon?',
      source_id: `tg-live-${Date.now()}`,
    });
    const fresh = await eventually(
      async () =>
        (await pendingSuggestions(customer.telegramConversationId)).find((row) => !before.has(row.id)),
      20_000,
      'the AI agent to suggest a reply to the new message',
    );
    const card = panel().locator(`[data-suggestion-id="${fresh.id}"]`);
    await card.waitFor({ timeout: 10_000 });
    assert.ok(await card.evaluate((node) => node.classList.contains('is-new')), 'marked as new');
    // The announcement is written a moment after the card appears, so screen readers notice the change.
    await panel().locator('#announcer', { hasText: /New suggested reply/ }).waitFor({ state: 'attached', timeout: 5_000 });
    assert.equal(
      await frame.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      true,
      'same document',
    );
    assert.match((await card.locator('.question q').textContent()) ?? '', /How long does shipping take/);
    for (const id of before) {
      assert.equal(
        await panel().locator(`[data-suggestion-id="${id}"]`).getAttribute('data-status'),
        'superseded',
      );
    }
    await shoot('live-suggestion');
  });

  it('accept sends the suggestion into the Chatwoot conversation', async () => {
    const [latest] = await pendingSuggestions(customer.telegramConversationId);
    const card = panel().locator(`[data-suggestion-id="${latest!.id}"]`);
    await card.locator('[data-action="accept"]').click();
    await eventually(
      () =>
        world
          .messagesOf(customer.telegramConversationId)
          .some((m) => m.content === latest!.text && m.messageType === 'outgoing' && !m.private),
      10_000,
      'the reply in the sandbox conversation',
    );
    await panel().locator(`[data-suggestion-id="${latest!.id}"][data-status="accepted"]`).waitFor();
    assert.equal(
      (await world.omniloom.runtime.store.suggestions.get(world.installationId, latest!.id))?.status,
      'accepted',
    );
    // The demo page polls its thread: the agent sees the reply beside the panel.
    await page
      .locator('#messages .message.outgoing', { hasText: latest!.text.slice(0, 40) })
      .first()
      .waitFor({ timeout: 5000 });
    await shoot('accepted');
  });

  it('edits a suggestion from the keyboard and sends the edited text', async () => {
    const before = new Set((await pendingSuggestions(customer.telegramConversationId)).map((row) => row.id));
    await world.native(world.inboxes.telegram, {
      contact: { source_id: customer.telegramUser },
      content: 'Can I return tiles I did not use?',
      source_id: `tg-edit-${Date.now()}`,
    });
    const fresh = await eventually(
      async () =>
        (await pendingSuggestions(customer.telegramConversationId)).find((row) => !before.has(row.id)),
      20_000,
      'a suggestion for the returns question',
    );
    const card = panel().locator(`[data-suggestion-id="${fresh.id}"]`);
    await card.locator('[data-action="edit"]').focus();
    await page.keyboard.press('Enter');
    const textarea = card.locator('textarea');
    assert.ok(await textarea.evaluate((node) => node === document.activeElement), 'the editor takes focus');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Kind regards, Diego');
    await page.keyboard.press('Control+Enter');
    const sent = `${fresh.text} Kind regards, Diego`;
    await eventually(
      () => world.messagesOf(customer.telegramConversationId).some((m) => m.content === sent),
      10_000,
      'the edited reply',
    );
    await panel().locator(`[data-suggestion-id="${fresh.id}"][data-status="edited"]`).waitFor();
  });

  it('asks the AI agent again for the latest customer message', async () => {
    const before = new Set(
      (
        await world.omniloom.runtime.store.suggestions.listForConversation(
          world.installationId,
          customer.telegramConversationId,
        )
      ).map((row) => row.id),
    );
    await panel().locator('[data-action="regenerate"]').click();
    const fresh = await eventually(
      async () =>
        (await pendingSuggestions(customer.telegramConversationId)).find((row) => !before.has(row.id)),
      20_000,
      'a regenerated suggestion',
    );
    await panel().locator(`[data-suggestion-id="${fresh.id}"][data-status="pending"]`).waitFor();
    assert.match(
      (await panel().locator(`[data-suggestion-id="${fresh.id}"] .question q`).textContent()) ?? '',
      /return tiles/,
    );
  });

  it('merges the two contacts of the customer in one click', async () => {
    const merge = panel().locator('[data-merge-id]');
    await merge.locator('[data-action="merge"]').click();
    await eventually(
      () => !world.sandbox.state.contacts.has(customer.telegramContactId),
      10_000,
      'the Telegram contact to be merged away',
    );
    assert.ok(world.sandbox.state.contacts.has(customer.emailContactId), 'the older email contact is kept');
    await panel().locator('[data-merge-id]').waitFor({ state: 'detached' });
    const timeline = panel().locator('.timeline-item');
    await eventually(async () => (await timeline.count()) === 2, 5000, 'both conversations in the timeline');
    const channels = await panel()
      .locator('.timeline-item .channel-chip')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('title')));
    assert.deepEqual([...channels].sort(), ['Email', 'Telegram']);
    assert.equal(
      Number(await panel().locator('[data-contact-id]').getAttribute('data-contact-id')),
      customer.emailContactId,
    );
    await shoot('merged');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot('merged-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('follows the agent to another conversation, in place and in a new frame', async () => {
    const emailContext = await (
      await fetch(`${conversationPage(customer.emailConversationId)}/context`)
    ).json();
    // Chatwoot posting a new context into the same frame.
    await page.evaluate((data) => {
      const frame = document.querySelector('iframe[data-app-id]') as HTMLIFrameElement;
      frame.contentWindow?.postMessage(JSON.stringify({ event: 'appContext', data }), '*');
    }, emailContext);
    await eventually(
      async () => (await loadedConversation()) === customer.emailConversationId,
      10_000,
      'the panel to load the email conversation',
    );
    await eventually(
      async () => (await watching()) === customer.emailConversationId,
      5000,
      'the socket to follow',
    );
    const expected = (
      await world.omniloom.runtime.store.suggestions.listForConversation(
        world.installationId,
        customer.emailConversationId,
        6,
      )
    ).map((row) => row.id);
    const shown = await panel()
      .locator('[data-suggestion-id]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-suggestion-id')));
    assert.deepEqual(shown, expected, 'the email conversation’s suggestions');
    assert.match(
      (await panel().locator('#panel-conversation').textContent()) ?? '',
      new RegExp(`#${customer.emailConversationId}`),
    );

    // Chatwoot recreating the frame for the other conversation.
    await openConversation(customer.telegramConversationId);
    await eventually(
      async () => (await loadedConversation()) === customer.telegramConversationId,
      10_000,
      'the new frame to load',
    );
    await shoot('switched');
  });

  it('ignores a context posted from another origin, and cannot be framed by one', async () => {
    await eventually(
      async () => (await watching()) === customer.telegramConversationId,
      5000,
      'the panel to watch',
    );
    const requested: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/conversations/')) requested.push(req.url());
    });
    const forged = JSON.stringify({
      event: 'appContext',
      data: {
        conversation: { id: customer.emailConversationId, account_id: world.sandbox.accountId },
        contact: {},
        currentAgent: {},
      },
    });
    await page.evaluate(
      (src) => {
        const sibling = document.createElement('iframe');
        sibling.src = src;
        document.body.append(sibling);
      },
      `${foreign.url}/sibling?context=${encodeURIComponent(forged)}`,
    );
    await eventually(
      async () =>
        (await page
          .frames()
          .find((frame) => frame.url().startsWith(foreign.url))
          ?.title()) === 'posted',
      5000,
      'the forged post',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await loadedConversation(), customer.telegramConversationId);
    assert.equal(await watching(), customer.telegramConversationId);
    assert.deepEqual(requested, [], 'the forged context made no request');

    const blocked = await browser.newPage();
    try {
      const panelUrl = `${world.omniloom.url}/dashboard/${world.installationId}`;
      const answered = blocked.waitForResponse((response) => response.url() === panelUrl);
      await blocked.goto(
        `${foreign.url}/host?panel=${encodeURIComponent(panelUrl)}&context=${encodeURIComponent(forged)}`,
      );
      assert.equal((await answered).status(), 200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const frame of blocked.frames()) {
        assert.equal(
          await frame
            .locator('#panel')
            .count()
            .catch(() => 0),
          0,
          `frame-ancestors keeps the panel out of ${frame.url()}`,
        );
      }
    } finally {
      await blocked.close();
    }
  });
});
