import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { normalizeEmail } from '../channels/identity/normalize-email.ts';
import type { Identifier } from '../messages/normalized-message.ts';

/** Source recorded on identifiers a customer typed into a message. */
export const MESSAGE_TEXT_SOURCE = 'message-text';

/** At most this many claims are taken from one message, so a pasted list cannot flood the suggestions. */
const MAX_CLAIMS_PER_MESSAGE = 5;
/** Characters before a phone candidate searched for context words. */
const CONTEXT_WINDOW = 40;

const EMAIL_PATTERN = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** Things that look like `name@host.ext` but are file names (`logo@2x.png`) or asset references. */
const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'svg',
  'bmp',
  'ico',
  'pdf',
  'js',
  'css',
  'txt',
  'zip',
]);

/** Words that make a number a phone number ("call me on", "my WhatsApp is", "Telefon"). */
const PHONE_CONTEXT =
  /\b(phone|tel|telephone|mobile|mob|cell|cellphone|call|ring|text|sms|whats\s?app|wa|number|num|contact|reach|handy|telefon|telefonnummer|nummer|movil|móvil|celular|tel[eé]fono|portable|numéro)\b/iu;
/** Words that make a number something else (an order, an invoice, a ticket, a card). */
const NOT_A_PHONE_CONTEXT =
  /\b(order|invoice|ticket|tracking|parcel|shipment|reference|ref|case|account|acct|booking|confirmation|reservation|receipt|transaction|txn|iban|bic|swift|card|po|sku|serial|customer|member|policy|contract|bestellung|bestellnummer|rechnung|kundennummer|auftrag|pedido|factura|commande|facture)(?:\s+(?:number|no\.?|nr\.?|num|id|code|#))?\s*(?:is|was|:|#|=)?\s*$/iu;
const DATE_SHAPES = [
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/, // 2024-01-15
  /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/, // 15.01.2024, 01/15/24
  /^\d{1,2}:\d{2}(?::\d{2})?$/, // 10:30
];

export interface ExtractOptions {
  /** Region for numbers written without a country code (ISO 3166 alpha-2). */
  defaultRegion?: string;
}

/**
 * Emails and phone numbers a customer typed into a message, as claims
 * (`verified: false`, source `message-text`). Typing an address proves
 * nothing about owning it, so these only ever lead to merge suggestions.
 *
 * False-positive guards for phones: a candidate must be written
 * internationally (`+…` / `00…`), have a parenthesised area code, or follow a
 * phone word ("call me on", "my number is"); numbers after order/invoice/
 * ticket words or a `#`, and anything shaped like a date or time, are
 * skipped. Emails in quoted reply lines (`> …`, "… wrote:") and file names
 * such as `logo@2x.png` are skipped.
 */
export function extractClaimedIdentifiers(text: string, options: ExtractOptions = {}): Identifier[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const ownText = stripQuotedLines(text);
  const found = new Map<string, Identifier>();
  const add = (type: Identifier['type'], value: string | undefined) => {
    if (!value || found.size >= MAX_CLAIMS_PER_MESSAGE) return;
    found.set(`${type}:${value}`, { type, value, verified: false, source: MESSAGE_TEXT_SOURCE });
  };
  for (const email of findEmails(ownText)) add('email', email);
  for (const phone of findPhones(ownText, options.defaultRegion)) add('phone', phone);
  return [...found.values()];
}

function stripQuotedLines(text: string): string {
  return text
    .split(/\r?\n/)
    .filter(
      (line) =>
        !/^\s*>/.test(line) && !/\bwrote:\s*$/i.test(line) && !/^\s*(from|to|cc|reply-to):\s/i.test(line),
    )
    .join('\n');
}

function findEmails(text: string): string[] {
  const emails: string[] = [];
  for (const match of text.matchAll(EMAIL_PATTERN)) {
    const candidate = match[0].replace(/[.'-]+$/, '');
    const tld = candidate.slice(candidate.lastIndexOf('.') + 1).toLowerCase();
    if (FILE_EXTENSIONS.has(tld)) continue;
    if (!/^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/u.test(tld)) continue;
    const email = normalizeEmail(candidate);
    if (email) emails.push(email);
  }
  return emails;
}

function findPhones(text: string, defaultRegion?: string): string[] {
  const phones: string[] = [];
  const region = defaultRegion as CountryCode | undefined;
  for (const found of findPhoneNumbersInText(text, region ? { defaultCountry: region } : undefined)) {
    const raw = text.slice(found.startsAt, found.endsAt);
    const before = text.slice(Math.max(0, found.startsAt - CONTEXT_WINDOW), found.startsAt);
    const after = text.slice(found.endsAt, found.endsAt + 1);
    if (!found.number.isValid()) continue;
    if (DATE_SHAPES.some((shape) => shape.test(raw.trim()))) continue;
    if (/[#№]\s*$/.test(before) || /^[\p{L}\p{N}]/u.test(after) || /[\p{L}\p{N}-]$/u.test(before)) continue;
    if (NOT_A_PHONE_CONTEXT.test(before)) continue;
    const international = /^\s*(\+|00)/.test(raw);
    const areaCode = /\(\d{1,5}\)/.test(raw);
    const phoneWords = PHONE_CONTEXT.test(before);
    if (!international && !areaCode && !phoneWords) continue;
    phones.push(found.number.number);
  }
  return phones;
}
