import { detectAll } from 'tinyld';

/** A detected language (ISO 639-1) and whether the text was long and clear enough to trust it. */
export interface DetectedLanguage {
  code?: string;
  reliable: boolean;
}

/** The base code of a setting such as `pt-BR` → `pt`. */
export function baseLanguage(code: string): string {
  return code.toLowerCase().split(/[-_]/)[0]!;
}

/**
 * Detects the language of a customer message with tinyld. Chat messages are
 * short, so a result counts as reliable only for text of a few words with a
 * clear winner.
 */
export function detectLanguage(text: string): DetectedLanguage {
  const clean = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\p{N}\p{P}\p{S}]+/gu, ' ')
    .trim();
  if (!clean) return { reliable: false };
  const [best, second] = detectAll(clean);
  if (!best?.lang) return { reliable: false };
  const words = clean.split(/\s+/).length;
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(clean);
  // tinyld's scores are relative: trust a clear lead over the runner-up.
  const clearLead = best.accuracy >= 0.9 || best.accuracy >= 1.5 * (second?.accuracy ?? 0);
  const reliable = (words >= 3 || (cjk && clean.length >= 4)) && clearLead;
  return { code: best.lang, reliable };
}

/**
 * The language to answer in: the message's when detected reliably, else the
 * one used earlier in the conversation, else the installation's first.
 */
export function chooseAnswerLanguage(
  detected: DetectedLanguage,
  previous: string | undefined,
  configured: readonly string[],
): string {
  if (detected.reliable && detected.code) return detected.code;
  return previous ?? baseLanguage(configured[0] ?? 'en');
}

/** True when the installation answers in `code` (compared by base language). */
export function isSupportedLanguage(code: string, configured: readonly string[]): boolean {
  return configured.length === 0 || configured.some((entry) => baseLanguage(entry) === baseLanguage(code));
}
