import { z } from 'zod';

/**
 * The JSON the model must return, sent as `responseJsonSchema` so Gemini's
 * constrained decoding produces exactly this shape
 * (https://ai.google.dev/gemini-api/docs/structured-output).
 */
export const ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: {
    answer: {
      type: 'string',
      description: "The reply to the customer in Markdown, in the customer's language.",
    },
    usedChunkIds: {
      type: 'array',
      items: { type: 'string' },
      description: 'Ids of the knowledge-base excerpts the answer relies on, e.g. ["S1"].',
    },
    sufficient: {
      type: 'boolean',
      description: 'True only when the excerpts and the history contain what the answer states.',
    },
    language: { type: 'string', description: 'ISO 639-1 code of the language of the answer.' },
    needsHuman: {
      type: 'boolean',
      description:
        'True when only a person can help (an action on the account, a complaint, a request for a human).',
    },
  },
  required: ['answer', 'usedChunkIds', 'sufficient', 'language'],
  propertyOrdering: ['answer', 'usedChunkIds', 'sufficient', 'language', 'needsHuman'],
} as const;

/** Validates the parsed model output (constrained decoding is a promise, not a guarantee). */
export const modelAnswerSchema = z.object({
  answer: z.string(),
  usedChunkIds: z.array(z.string()),
  sufficient: z.boolean(),
  language: z.string().min(2).max(16),
  needsHuman: z.boolean().optional(),
});

export type ModelAnswer = z.infer<typeof modelAnswerSchema>;
