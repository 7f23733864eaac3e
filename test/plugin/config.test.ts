import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfig } from '../../plugin/config/config.ts';
import { ConfigError } from '../../plugin/errors.ts';

describe('configuration', () => {
  it('runs on defaults with nothing set', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.mongodbUri, undefined);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.role, 'all');
  });

  it('names every wrong variable in one error', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', OMNILOOM_SECRET_KEY: 'short', REDIS_URL: 'http://nope', OMNILOOM_ROLE: 'boss' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['PORT', 'OMNILOOM_SECRET_KEY', 'REDIS_URL', 'OMNILOOM_ROLE']) assert.match(error.message, new RegExp(name));
        return true;
      },
    );
  });

  it('treats blank values as unset and trims the public URL', () => {
    const config = loadConfig({ MONGODB_URI: '  ', OMNILOOM_PUBLIC_URL: 'https://omniloom.example.com/' });
    assert.equal(config.mongodbUri, undefined);
    assert.equal(config.publicUrl, 'https://omniloom.example.com');
  });
});
