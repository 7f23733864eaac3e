/**
 * The admin pages in a real browser (Debian's chromium through playwright-core)
 * with JavaScript turned off: sign in, open an installation, change the
 * confidence threshold, save, and see it persisted. Screenshots land in
 * test-output/screenshots/ for a look at the light, dark and narrow layouts.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { parseInstallationSettings } from '../../plugin/install/installation-settings.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { seedInstallation, startInboxChatwoot, type InboxChatwoot } from './admin-test-kit.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'screenshots');

describe('admin pages in a browser without JavaScript', function () {
  this.timeout(90_000);
  let harness: OmniloomHarness;
  let chatwoot: InboxChatwoot;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\``,
      );
    }
    await mkdir(SCREENSHOTS, { recursive: true });
    harness = await startOmniloom();
    chatwoot = await startInboxChatwoot({
      accountId: 1,
      token: 'browser-test-chatwoot-token',
      inboxes: [
        { id: 1, name: 'Website chat', channel_type: 'Channel::WebWidget' },
        { id: 2, name: 'WhatsApp', channel_type: 'Channel::Whatsapp' },
        { id: 3, name: 'Slack', channel_type: 'Channel::Api' },
      ],
    });
    browser = await chromium.launch({
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
    });
  });
  after(async () => {
    await browser?.close();
    await harness?.stop();
    await chatwoot?.close();
  });

  it('signs in, changes the threshold, saves and finds it saved', async () => {
    const record = await seedInstallation(harness, {
      chatwootUrl: chatwoot.url,
      accountId: 1,
      token: 'browser-test-chatwoot-token',
      provisioned: {
        agentBotId: 4,
        apiInboxes: { slack: 3 },
        botInboxes: [{ inboxId: 1, previousAgentBotId: null }],
      },
    });
    await harness.runtime.store.channelAccounts.upsert({
      installationId: record.id,
      channel: 'slack',
      inboxId: 3,
      config: {},
      credentialsCiphertext: harness.runtime.secrets.seal(
        JSON.stringify({ signingSecret: 'browser-SECRET-signing' }),
      ),
    });
    await harness.runtime.store.channelAccounts.touchInbound(record.id, 'slack', new Date().toISOString());

    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Refused to|Content Security Policy/i.test(message.text())) refused.push(message.text());
    });

    await page.goto(`${harness.url}/admin/installations/${record.id}`);
    assert.match(page.url(), /\/admin\/login\?next=/);
    // Keyboard first: the token field has focus, and Tab moves on to the button.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'token');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Sign in');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-login.png') });

    await page.getByLabel('Admin token').fill('wrong-token-for-the-test');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That admin token is not valid').waitFor();
    await page.getByLabel('Admin token').fill(harness.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${harness.url}/admin/installations/${record.id}`);

    // The stylesheet loaded under the page's CSP: the primary button wears Chatwoot blue.
    const saveButton = page.getByRole('button', { name: 'Save settings' });
    assert.equal(
      await saveButton.evaluate((element) => getComputedStyle(element).backgroundColor),
      'rgb(31, 147, 255)',
    );
    assert.equal(await page.getByLabel('Website chat').inputValue(), '');
    assert.equal(await page.locator('#inboxMode-3').isVisible(), true);
    assert.equal(await page.getByLabel('Confidence threshold').inputValue(), '0.6');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-installation.png'), fullPage: true });

    await page.getByLabel('Confidence threshold').fill('0.85');
    await page.getByLabel('Website chat').selectOption('auto');
    await saveButton.click();
    await page.waitForURL(/notice=settings-saved/);
    await page.getByText('Settings saved.').waitFor();

    await page.reload();
    assert.equal(await page.getByLabel('Confidence threshold').inputValue(), '0.85');
    assert.equal(await page.getByLabel('Website chat').inputValue(), 'auto');
    const saved = parseInstallationSettings(
      (await harness.runtime.store.installations.get(record.id))?.settings,
    );
    assert.equal(saved.ai.threshold, 0.85);
    assert.deepEqual(saved.ai.inboxModes, { '1': 'auto' });

    // A rejected value comes back with its message next to the field.
    await page.getByLabel('Confidence threshold').fill('3');
    await saveButton.click();
    await page.locator('#threshold-error').waitFor();
    assert.equal(await page.getByLabel('Confidence threshold').inputValue(), '3');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-settings-error.png') });

    const html = await page.content();
    assert.ok(!html.includes('browser-SECRET-signing'), 'a credential reached the page');
    assert.ok(!html.includes('browser-test-chatwoot-token'), 'the Chatwoot token reached the page');
    assert.deepEqual(refused, []);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${harness.url}/admin/installations/${record.id}`);
    assert.notEqual(
      await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
      'rgb(248, 250, 252)',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-installation-dark.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${harness.url}/admin`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-installations-narrow.png'), fullPage: true });
    await context.close();
  });
});
