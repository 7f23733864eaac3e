import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { listConnectors } from '../../connectors/core/registry.ts';
import { ACCOUNT_WEBHOOK_EVENTS } from '../../plugin/install/provision/ensure-account-webhook.ts';
import { installationSettingsSchema } from '../../plugin/install/installation-settings.ts';

const manifests = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'manifests');
const readJson = async (file: string) => JSON.parse(await readFile(path.join(manifests, file), 'utf8'));

describe('marketplace manifest', () => {
  it('validates against its JSON Schema', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(await readJson('omniloom.app.schema.json'));
    const valid = validate(await readJson('omniloom.app.json'));
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  });

  it('lists every bridged connector, and every listed connector manifest exists', async () => {
    const manifest = await readJson('omniloom.app.json');
    const bridged = manifest.channels.filter((channel: { kind: string }) => channel.kind === 'bridged').map((channel: { id: string }) => channel.id);
    for (const connector of listConnectors()) assert.ok(bridged.includes(connector.id), `${connector.id} missing from the manifest`);
    const files = await readdir(path.join(manifests, 'connectors'));
    for (const channel of manifest.channels) {
      if (channel.manifest) assert.ok(files.includes(path.basename(channel.manifest)), `${channel.manifest} does not exist`);
    }
  });

  it('describes settings the service accepts, with the same defaults', async () => {
    const manifest = await readJson('omniloom.app.json');
    const defaults = installationSettingsSchema.parse({});
    assert.equal(manifest.settings.properties.ai.properties.defaultMode.default, defaults.ai.defaultMode);
    assert.equal(manifest.settings.properties.ai.properties.threshold.default, defaults.ai.threshold);
    assert.equal(manifest.settings.properties.identity.properties.defaultRegion.default, defaults.identity.defaultRegion);
    assert.ok(ACCOUNT_WEBHOOK_EVENTS.length > 0);
  });
});
