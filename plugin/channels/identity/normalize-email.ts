import { domainToASCII } from 'node:url';

/**
 * Normalises an email address for matching: trims, drops a `mailto:` prefix
 * and surrounding angle brackets, lower-cases it and converts an
 * internationalised domain to its ASCII (punycode) form. Returns `undefined`
 * for anything that is not `local@domain.tld` shaped.
 *
 * Lower-casing the local part is technically lossy (RFC 5321 lets servers
 * treat it case-sensitively) but no mainstream provider does, and matching
 * `Ana@x.com` with `ana@x.com` is what identity linking needs.
 */
export function normalizeEmail(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let input = raw.trim().replace(/^mailto:/i, '');
  if (input.startsWith('<') && input.endsWith('>')) input = input.slice(1, -1).trim();
  const at = input.lastIndexOf('@');
  if (at <= 0 || at === input.length - 1) return undefined;
  const local = input.slice(0, at).toLowerCase();
  if (/[\s<>(),;:@"]/.test(local) || local.length > 64) return undefined;
  const domain = domainToASCII(
    input
      .slice(at + 1)
      .replace(/\.$/, '')
      .toLowerCase(),
  );
  if (domain === '' || !domain.includes('.') || domain.startsWith('.') || domain.includes('..'))
    return undefined;
  return `${local}@${domain}`;
}
