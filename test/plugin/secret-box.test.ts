import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../plugin/logger.ts';
import { loadSecretKey } from '../../plugin/security/load-secret-key.ts';
import { createSecretBox } from '../../plugin/security/secret-box.ts';

describe('secret box', () => {
  const key = randomBytes(32).toString('hex');

  it('round-trips unicode and never contains the plaintext', () => {
    const box = createSecretBox(key);
    const secret = 'xoxb-🔑-مرحبا-token';
    const sealed = box.seal(secret);
    assert.ok(!sealed.includes('xoxb'));
    assert.equal(box.open(sealed), secret);
    assert.notEqual(box.seal(secret), sealed, 'a fresh IV every time');
  });

  it('rejects tampered envelopes', () => {
    const box = createSecretBox(key);
    const parts = box.seal('token').split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    assert.throws(() => box.open(parts.join('.')));
  });

  it('opens envelopes of a previous key after rotation and tells them apart', () => {
    const oldBox = createSecretBox(key);
    const sealed = oldBox.seal('token');
    const newBox = createSecretBox(randomBytes(32).toString('hex'), [key]);
    assert.equal(newBox.owns(sealed), false);
    assert.equal(newBox.open(sealed), 'token');
    assert.throws(() => createSecretBox(randomBytes(32).toString('hex')).open(sealed), /OMNILOOM_SECRET_KEY/);
  });

  it('generates a key file readable only by its owner when none is configured', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-key-'));
    const first = await loadSecretKey({ dataDir, sharedStore: false, logger: silentLogger() });
    const second = await loadSecretKey({ dataDir, sharedStore: false, logger: silentLogger() });
    assert.equal(first, second);
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777, 0o600);
    assert.equal((await readFile(path.join(dataDir, 'secret.key'), 'utf8')).trim(), first);
  });

  it('requires a configured key with a shared store', async () => {
    await assert.rejects(loadSecretKey({ dataDir: os.tmpdir(), sharedStore: true, logger: silentLogger() }), /OMNILOOM_SECRET_KEY is required/);
  });
});
