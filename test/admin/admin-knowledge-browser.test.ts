/**
 * The knowledge base page in a real browser (Debian's chromium through
 * playwright-core, JavaScript off): upload a PDF and a Markdown file through
 * the file picker, connect a Help Center portal from the sandbox, and remove
 * a document. A screenshot lands in test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chromium, type Browser } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { helpCenterSeeder } from '../knowledge/help-center-kit.ts';
import { seedInstallation } from './admin-test-kit.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'screenshots');

async function warrantyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Warranty terms');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage().drawText('Every device carries a two-year warranty from the delivery date.', { x: 40, y: 700, size: 12, font });
  return pdf.save();
}

describe('knowledge base page in a browser', function () {
  this.timeout(90_000);
  let harness: OmniloomHarness;
  let sandbox: RunningSandbox;
  let browser: Browser;
  let files: string;

  before(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y chromium\``);
    await mkdir(SCREENSHOTS, { recursive: true });
    files = await mkdtemp(path.join(os.tmpdir(), 'omniloom-kb-upload-'));
    await writeFile(path.join(files, 'warranty.pdf'), await warrantyPdf());
    await writeFile(path.join(files, 'returns.md'), '# Returns\n\nReturns are free within 30 days of delivery.');
    sandbox = await startSandbox({ port: 0 });
    const seed = helpCenterSeeder(sandbox, sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId));
    await seed.portal('help', 'Help site');
    await seed.article('help', { title: 'Tracking a parcel', content: 'Open the tracking link in your shipping email.' });
    harness = await startOmniloom();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await harness?.stop();
    await sandbox?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('uploads files, connects a portal and removes a document', async () => {
    const record = await seedInstallation(harness, {
      chatwootUrl: sandbox.url,
      accountId: sandbox.accountId,
      token: sandbox.adminToken,
    });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${harness.url}/admin/installations/${record.id}`);
    await page.getByLabel('Admin token').fill(harness.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${harness.url}/admin/installations/${record.id}`);

    await page.getByRole('link', { name: 'Knowledge base' }).click();
    await page.waitForURL(`${harness.url}/admin/installations/${record.id}/knowledge`);
    await page.getByText('No documents yet').waitFor();

    await page.getByLabel('Files').setInputFiles([path.join(files, 'warranty.pdf'), path.join(files, 'returns.md')]);
    await page.getByLabel('Language (optional)').fill('en');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('#upload-results').waitFor();
    const results = await page.locator('#upload-results').innerText();
    assert.match(results, /warranty\.pdf: created, 1 passage \(1 embedded, 0 reused\)/);
    assert.match(results, /returns\.md: created/);
    const table = page.locator('#documents-table');
    assert.match(await table.innerText(), /Warranty terms\s+Uploaded/);
    assert.match(await table.innerText(), /Returns\s+Uploaded/);

    await page.getByLabel('Portal').selectOption('help');
    await page.getByRole('button', { name: 'Connect and import' }).click();
    await page.getByText('The portal is connected').waitFor();
    await eventually(async () => {
      await page.reload();
      return /Tracking a parcel\s+Help Center · help/.test(await table.innerText());
    }, 10_000, 'the imported article');
    assert.match(await page.locator('#help-center-portals').innerText(), /Help site\s+help[\s\S]*kept in sync[\s\S]*ok/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-knowledge.png'), fullPage: true });

    await page.getByRole('button', { name: 'Remove Returns' }).click();
    await page.getByText('The document and its passages were removed').waitFor();
    assert.doesNotMatch(await table.innerText(), /Returns/);
    assert.deepEqual(sandbox.violations(), []);
    await context.close();
  });
});
