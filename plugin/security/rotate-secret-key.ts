import type { Store } from '../store/store.ts';
import { createSecretBox } from './secret-box.ts';

export interface RotationResult {
  installations: number;
  channelAccounts: number;
  newKeyId: string;
}

/**
 * Re-encrypts every stored secret (Chatwoot tokens, URL secrets, channel
 * credentials) from `oldKeyHex` to `newKeyHex`. Envelopes already under the
 * new key are left alone, so an interrupted rotation can simply be run again.
 */
export async function rotateSecretKey(store: Store, oldKeyHex: string, newKeyHex: string): Promise<RotationResult> {
  const box = createSecretBox(newKeyHex, [oldKeyHex]);
  const reseal = (envelope: string) => (box.owns(envelope) ? envelope : box.seal(box.open(envelope)));
  const result: RotationResult = { installations: 0, channelAccounts: 0, newKeyId: box.keyId };
  for (const installation of await store.installations.list()) {
    await store.installations.update(installation.id, {
      tokenCiphertext: reseal(installation.tokenCiphertext),
      urlSecretCiphertext: reseal(installation.urlSecretCiphertext),
      ...(installation.botTokenCiphertext ? { botTokenCiphertext: reseal(installation.botTokenCiphertext) } : {}),
    });
    result.installations += 1;
    for (const account of await store.channelAccounts.list(installation.id)) {
      await store.channelAccounts.upsert({ ...account, credentialsCiphertext: reseal(account.credentialsCiphertext) });
      result.channelAccounts += 1;
    }
  }
  return result;
}
