import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { BadRequestError } from '../../plugin/errors.ts';
import { listDocumentFiles } from '../../rag/load/list-document-files.ts';
import { loadDocument, resolveFormat } from '../../rag/load/load-document.ts';
import { loadHtml } from '../../rag/load/load-html.ts';
import { loadMarkdown } from '../../rag/load/load-markdown.ts';
import { loadPdf } from '../../rag/load/load-pdf.ts';
import { loadText } from '../../rag/load/load-text.ts';

async function makePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Refund policy');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage();
  first.drawText('Refunds are issued within 14 days.', { x: 50, y: 700, font, size: 12 });
  first.drawText('Contact billing for help.', { x: 50, y: 680, font, size: 12 });
  doc.addPage().drawText('Exchanges are free of charge.', { x: 50, y: 700, font, size: 12 });
  return doc.save();
}

describe('loaders', () => {
  it('markdown: headings, paragraphs, lists, tables and code become blocks', () => {
    const doc = loadMarkdown(
      '# Guide\n\nFirst *para*.\n\n## Steps\n\n1. Open [settings](https://x.test)\n2. Click save\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nnpm i\n```\n\n> quoted tip\n',
    );
    assert.equal(doc.title, 'Guide');
    assert.deepEqual(doc.blocks, [
      { kind: 'heading', depth: 1, text: 'Guide' },
      { kind: 'text', text: 'First para.' },
      { kind: 'heading', depth: 2, text: 'Steps' },
      { kind: 'text', text: '1. Open settings\n2. Click save' },
      { kind: 'text', text: 'a | b\n1 | 2' },
      { kind: 'text', text: 'npm i' },
      { kind: 'text', text: 'quoted tip' },
    ]);
  });

  it('html: converted to the same structure, title from <title>, chrome and scripts dropped', () => {
    const doc = loadHtml(
      '<html><head><title>Shipping</title><style>p{}</style></head><body><nav>Home | About</nav>' +
        '<h1>Shipping</h1><p>We ship <b>worldwide</b>.</p><h2>Costs</h2><ul><li>EU: free</li><li>US: $5</li></ul>' +
        '<script>alert(1)</script><footer>© shop</footer></body></html>',
    );
    assert.equal(doc.title, 'Shipping');
    assert.deepEqual(doc.blocks, [
      { kind: 'heading', depth: 1, text: 'Shipping' },
      { kind: 'text', text: 'We ship worldwide.' },
      { kind: 'heading', depth: 2, text: 'Costs' },
      { kind: 'text', text: '- EU: free\n- US: $5' },
    ]);
  });

  it('html fragment without <title> takes the first <h1>', () => {
    assert.equal(loadHtml('<h1>Returns</h1><p>Within 30 days.</p>').title, 'Returns');
  });

  it('plain text: paragraphs split on blank lines', () => {
    assert.deepEqual(loadText('one\nline two\n\n  \n\nthree\r\n\r\nfour').blocks, [
      { kind: 'text', text: 'one\nline two' },
      { kind: 'text', text: 'three' },
      { kind: 'text', text: 'four' },
    ]);
  });

  it('pdf: text layer per page, title from metadata', async () => {
    const doc = await loadPdf(await makePdf());
    assert.equal(doc.title, 'Refund policy');
    assert.deepEqual(doc.blocks, [
      { kind: 'text', text: 'Refunds are issued within 14 days.\nContact billing for help.' },
      { kind: 'text', text: 'Exchanges are free of charge.' },
    ]);
  });

  it('pdf: garbage bytes give a clear bad-request error', async () => {
    await assert.rejects(loadPdf(new TextEncoder().encode('not a pdf')), (error: unknown) => {
      assert.ok(error instanceof BadRequestError);
      assert.match(error.message, /not a readable PDF/);
      return true;
    });
  });

  it('loadDocument dispatches on MIME type or extension and rejects unknown types', async () => {
    assert.equal(resolveFormat('text/html; charset=utf-8'), 'html');
    assert.equal(resolveFormat('.MD'), 'markdown');
    assert.equal((await loadDocument({ buffer: new TextEncoder().encode('# T\n\nx') }, 'md')).title, 'T');
    assert.equal((await loadDocument({ buffer: await makePdf() }, 'application/pdf')).title, 'Refund policy');
    await assert.rejects(loadDocument({ text: 'x' }, 'docx'), (error: unknown) => {
      assert.ok(error instanceof BadRequestError);
      assert.equal(error.status, 415);
      return true;
    });
  });

  it('folders: lists supported files recursively, skipping hidden entries', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-rag-load-'));
    try {
      await mkdir(path.join(dir, 'guides', 'deep'), { recursive: true });
      await mkdir(path.join(dir, '.git'));
      await writeFile(path.join(dir, 'a.md'), '# A');
      await writeFile(path.join(dir, 'guides', 'b.html'), '<p>b</p>');
      await writeFile(path.join(dir, 'guides', 'deep', 'c.txt'), 'c');
      await writeFile(path.join(dir, 'guides', 'deep', 'd.pdf'), await makePdf());
      await writeFile(path.join(dir, 'guides', 'image.png'), 'x');
      await writeFile(path.join(dir, '.git', 'e.md'), 'hidden');
      const files = await listDocumentFiles([dir, path.join(dir, 'a.md')]);
      assert.deepEqual(
        files.map((file) => path.relative(dir, file)),
        [
          'a.md',
          path.join('guides', 'b.html'),
          path.join('guides', 'deep', 'c.txt'),
          path.join('guides', 'deep', 'd.pdf'),
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
