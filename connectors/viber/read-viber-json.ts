/**
 * Viber sends `message_token` (and answers `send_message` with one) as a bare
 * 64-bit JSON number such as `5741311803571721087`, beyond the 2^53 that a
 * JavaScript number holds exactly: `JSON.parse` would silently round it, and
 * delivery receipts would no longer match the messages they are about. Every
 * integer literal too long to be exact is turned into a string before parsing.
 * https://developers.viber.com/docs/api/rest-bot-api/#callbacks
 */
import { readJsonObject } from '../core/read-payload.ts';

/**
 * A JSON string token (skipped whole, so digits inside text are never touched)
 * or an integer of 16+ digits that is not part of a decimal or exponent.
 */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?\d{16,})(?![\d.eE])/g;

/** `JSON.parse` that keeps integers beyond Number.MAX_SAFE_INTEGER exact, as decimal strings. */
export function parseJsonKeepingLongIntegers(text: string): unknown {
  const quoted = text.replace(STRING_OR_LONG_INTEGER, (match, digits: string | undefined) =>
    digits === undefined || Number.isSafeInteger(Number(digits)) ? match : `"${digits}"`,
  );
  return JSON.parse(quoted);
}

/**
 * Decodes one callback body: strict UTF-8, a JSON object, long integers kept
 * exact. Anything else is a BadRequestError naming what was wrong.
 */
export function readViberJsonObject(raw: Buffer, what = 'Viber callback'): Record<string, unknown> {
  return readJsonObject(raw, { connector: 'viber', what }, parseJsonKeepingLongIntegers);
}
