import { normalizeEmail } from '../channels/identity/normalize-email.ts';
import { normalizePhone, type CountryCode } from '../channels/identity/normalize-phone.ts';
import type { Identifier } from '../messages/normalized-message.ts';

/**
 * Brings one identifier into the form the identity graph matches on: emails
 * case-folded with an ASCII domain, phones in E.164 (national numbers read in
 * `defaultRegion`), channel ids and external ids trimmed. Returns `undefined`
 * when the value is not a usable identifier (an invalid phone, a malformed email).
 */
export function normalizeIdentifier(identifier: Identifier, defaultRegion?: string): Identifier | undefined {
  const value = normalizeValue(identifier.type, identifier.value, defaultRegion);
  if (!value) return undefined;
  return {
    type: identifier.type,
    value,
    verified: identifier.verified === true,
    ...(identifier.source ? { source: identifier.source } : {}),
  };
}

function normalizeValue(type: Identifier['type'], raw: string, defaultRegion?: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  switch (type) {
    case 'email':
      return normalizeEmail(raw);
    case 'phone':
      return normalizePhone(raw, defaultRegion as CountryCode | undefined);
    case 'channel_user':
    case 'external_id': {
      const trimmed = raw.trim();
      return trimmed === '' || trimmed.length > 255 ? undefined : trimmed;
    }
  }
}

/**
 * Normalises a list and keeps one entry per (type, value): the verified one
 * when a value is both vouched for and claimed.
 */
export function normalizeIdentifiers(
  identifiers: readonly Identifier[],
  defaultRegion?: string,
): Identifier[] {
  const byKey = new Map<string, Identifier>();
  for (const raw of identifiers) {
    const identifier = normalizeIdentifier(raw, defaultRegion);
    if (!identifier) continue;
    const key = identifierKey(identifier);
    const existing = byKey.get(key);
    if (existing && (existing.verified || !identifier.verified)) continue;
    byKey.set(key, identifier);
  }
  return [...byKey.values()];
}

/** `type:value`, the key an identifier is locked and compared by. */
export function identifierKey(identifier: Pick<Identifier, 'type' | 'value'>): string {
  return `${identifier.type}:${identifier.value}`;
}
