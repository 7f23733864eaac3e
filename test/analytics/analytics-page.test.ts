/**
 * The analytics page in a real browser (Debian's chromium through
 * playwright-core): it loads under the admin CSP, Chart.js (served from
 * node_modules) draws every chart, and the figures match the scripted week.
 * Screenshots land in test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import { silentLogger } from '../../plugin/logger.ts';
import { openEmbeddedQueue } from '../../plugin/queue/embedded/open-embedded-queue.ts';
import type { JobQueue } from '../../plugin/queue/queue.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { playScriptedWeek, WEEK_PROVISIONED, WEEK_SETTINGS } from './scripted-week.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'screenshots');
const CHARTS = ['chart-volume', 'chart-rates', 'chart-response', 'chart-reasons', 'chart-csat'];

/** Pixels of a canvas that are not fully transparent. */
function paintedPixels(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement | null;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return painted;
  }, id);
}

describe('analytics page in a browser', function () {
  this.timeout(90_000);
  let omniloom: OmniloomHarness;
  let browser: Browser;
  let queue: JobQueue;
  let queueDir: string;
  const installationId = randomUUID();

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\``,
      );
    }
    await mkdir(SCREENSHOTS, { recursive: true });
    omniloom = await startOmniloom();
    const { store, secrets } = omniloom.runtime;
    await store.installations.create({
      id: installationId,
      chatwootUrl: 'http://127.0.0.1:9',
      accountId: 7,
      tokenCiphertext: secrets.seal('chatwoot-token'),
      urlSecretCiphertext: secrets.seal('url-secret'),
      settings: WEEK_SETTINGS,
      provisioned: WEEK_PROVISIONED,
      status: 'active',
    });
    queueDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-page-queue-'));
    queue = await openEmbeddedQueue({ file: path.join(queueDir, 'queue.sqlite') });
    await playScriptedWeek({
      store,
      directory: new InstallationDirectory({
        store,
        secrets,
        logger: silentLogger(),
        chatwootTimeoutMs: 1000,
      }),
      queue,
      installationId,
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
    await queue?.close();
    await omniloom?.stop();
    if (queueDir) await rm(queueDir, { recursive: true, force: true });
  });

  it('draws every chart from the report, per day and per channel, and links the CSV export', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // Chromium asks for /favicon.ico on its own; Omniloom has none.
      if (message.location().url.endsWith('/favicon.ico')) return;
      if (message.type() === 'error' || /Refused to|Content Security Policy/i.test(message.text()))
        problems.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });

    const url = `${omniloom.url}/admin/installations/${installationId}/analytics?from=2025-03-03&to=2025-03-09&groupBy=day`;
    await page.goto(url);
    await page.getByLabel('Admin token').fill(omniloom.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(url);

    await page.waitForFunction(
      (ids) => ids.every((id) => document.getElementById(id)?.dataset.drawn === 'true'),
      CHARTS,
    );
    for (const id of CHARTS) {
      const painted = await paintedPixels(page, id);
      assert.ok(painted > 500, `${id} is blank (${painted} painted pixels)`);
    }
    assert.equal(await page.locator('[data-figure="inbound"]').textContent(), '8');
    assert.equal(await page.locator('[data-figure="first-median"]').textContent(), '10 min 30 s');
    assert.equal(await page.locator('[data-figure="handoff-rate"]').textContent(), '75.0%');
    assert.equal(await page.locator('[data-figure="csat"]').textContent(), '4.00 / 5');
    // Days without events are charted but not listed in the table.
    assert.equal(await page.locator('#table tbody tr').count(), 5);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analytics-by-day.png'), fullPage: true });

    await page.getByLabel('Group by').selectOption('channel');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/groupBy=channel/);
    await page.waitForFunction(
      (ids) => ids.every((id) => document.getElementById(id)?.dataset.drawn === 'true'),
      CHARTS,
    );
    assert.ok((await paintedPixels(page, 'chart-volume')) > 500);
    assert.deepEqual(await page.locator('#table tbody th').allTextContents(), [
      'email',
      'slack',
      'whatsapp',
      'unknown',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analytics-by-channel.png'), fullPage: true });

    const csv = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.ok(csv);
    const download = await page.request.get(`${omniloom.url}${csv}`);
    assert.equal(download.status(), 200);
    assert.match(await download.text(), /^channel,inbound_messages,/);

    await page.goto(`${omniloom.url}/admin/installations/${installationId}/routing`);
    await page.getByRole('heading', { name: 'Routing and SLA' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'routing-and-sla.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('works in dark mode and on a narrow screen', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${omniloom.url}/admin/login`);
    await page.getByLabel('Admin token').fill(omniloom.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${omniloom.url}/admin`);
    await page.goto(
      `${omniloom.url}/admin/installations/${installationId}/analytics?from=2025-03-03&to=2025-03-09&groupBy=inbox`,
    );
    await page.waitForFunction(
      (ids) => ids.every((id) => document.getElementById(id)?.dataset.drawn === 'true'),
      CHARTS,
    );
    assert.ok((await paintedPixels(page, 'chart-reasons')) > 500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analytics-narrow-dark.png'), fullPage: true });
    await context.close();
  });
});
