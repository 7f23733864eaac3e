/**
 * SMS segment accounting (3GPP TS 23.038 / 23.040).
 *
 * A message that fits the GSM-7 default alphabet (basic table, plus the
 * extension table whose characters take an escape septet each) is sent as
 * GSM-7: 160 septets in a single SMS, 153 per part once concatenated (the UDH
 * takes the rest). Any other character makes the whole message UCS-2: 70 UTF-16
 * units alone, 67 per part, and characters outside the BMP take two units.
 * An escape pair or a surrogate pair is never split across parts, so a part can
 * carry one unit less than its nominal size.
 */

// GSM 03.38 basic character set (the ESC code 0x1B is not a character).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Extension table characters reachable in the default (no national shift) table.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** SMS parts the carrier bills for. */
  segments: number;
}

const SIZES = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const;

/** True when every character of `text` is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) return false;
  return true;
}

/** Encoding, size and number of SMS segments `text` takes when sent as one message. */
export function countSmsSegments(text: string): SmsSegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const costs: number[] = [];
  for (const char of text) {
    costs.push(encoding === 'GSM-7' ? (GSM7_EXTENSION.has(char) ? 2 : 1) : char.length);
  }
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, part } = SIZES[encoding];
  if (units === 0) return { encoding, units, segments: 0 };
  if (units <= single) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments };
}

/** The ellipsis to end a trimmed SMS with: `…` would force UCS-2 on a GSM-7 message. */
export function smsEllipsis(text: string): string {
  return isGsm7(text) ? '...' : '…';
}
