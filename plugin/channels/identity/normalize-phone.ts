import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Normalises a phone number to E.164 (`+4930123456`), or `undefined` when it
 * is not a valid number. National formats are read in `defaultRegion`
 * (ISO 3166 alpha-2, e.g. `DE`); a `00` international prefix is accepted even
 * without a region; `tel:`, `sms:` and Twilio's `whatsapp:` prefixes are
 * stripped; extensions are dropped. Validation uses libphonenumber's full
 * metadata so numbers of a plausible length but an unassigned range are rejected.
 */
export function normalizePhone(
  raw: string | null | undefined,
  defaultRegion?: CountryCode,
): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const input = raw
    .trim()
    .replace(/^(tel|sms|whatsapp):/i, '')
    .trim();
  if (input === '' || /[a-z]{3,}/i.test(input.replace(/\b(ext|x)\b.*$/i, ''))) return undefined;
  const candidates = [input];
  if (input.startsWith('00')) candidates.push(`+${input.slice(2)}`);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
    if (parsed?.isValid()) return parsed.number;
  }
  return undefined;
}

export type { CountryCode };
