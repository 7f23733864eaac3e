import type { Config } from '../../config/config.ts';
import type { AnswerGenerator } from './answer-generator.ts';
import { createExtractiveGenerator } from './create-extractive-generator.ts';
import { createGeminiGenerator } from './create-gemini-generator.ts';

/** Gemini (GEMINI_API_KEY, GEMINI_MODEL, GEMINI_BASE_URL) when a key is configured, else the extractive writer. */
export function createAnswerGenerator(gemini: Config['gemini']): AnswerGenerator {
  if (!gemini.apiKey) return createExtractiveGenerator();
  return createGeminiGenerator({
    apiKey: gemini.apiKey,
    model: gemini.model,
    ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}),
  });
}
