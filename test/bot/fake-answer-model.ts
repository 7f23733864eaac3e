import {
  generateContentReply,
  promptText,
  validateGenerateContent,
  type FakeGeminiRoute,
} from '../fakes/fake-gemini-server.ts';

const STOP = new Set(
  'a an and are as at be by can do does for from has have how i if in is it its me my of on or our the this to was what when where which who will with you your'.split(
    ' ',
  ),
);

function words(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length > 2 && !STOP.has(word)),
  );
}

/** What the model saw: the excerpts (alias, title, text), the history block and the question, parsed from the prompt. */
export function readPrompt(body: unknown): {
  excerpts: Array<{ id: string; title: string; text: string }>;
  history: string;
  question: string;
  system: string;
} {
  const text = promptText(body);
  const excerpts = [
    ...text.matchAll(/<excerpt id="(S\d+)" title="([^"]*)"[^>]*>\n([\s\S]*?)\n<\/excerpt>/g),
  ].map((match) => ({
    id: match[1]!,
    title: match[2]!,
    text: match[3]!,
  }));
  const history = /<history>\n([\s\S]*?)\n<\/history>/.exec(text)?.[1] ?? '';
  const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(text)?.[1] ?? '';
  const system = (
    (body as { systemInstruction?: { parts?: Array<{ text?: string }> } }).systemInstruction?.parts ?? []
  )
    .map((part) => part.text ?? '')
    .join('');
  return { excerpts, history, question, system };
}

/**
 * A stand-in for the model behind the fake Gemini API: answers with the first
 * sentences of the excerpt sharing the most words with the question (at least
 * two), citing it; otherwise says the material is not sufficient.
 */
export const groundedAnswerRoute: FakeGeminiRoute = ({ body }) => {
  const invalid = validateGenerateContent(body);
  if (invalid) return invalid;
  const { excerpts, question } = readPrompt(body);
  const asked = words(question);
  let best: { id: string; text: string; overlap: number } | undefined;
  for (const excerpt of excerpts) {
    const overlap = [...words(`${excerpt.title} ${excerpt.text}`)].filter((word) => asked.has(word)).length;
    if (overlap >= 2 && (!best || overlap > best.overlap))
      best = { id: excerpt.id, text: excerpt.text, overlap };
  }
  const answer = best
    ? {
        answer: best.text
          .split(/(?<=\.)\s+/)
          .slice(0, 2)
          .join(' '),
        usedChunkIds: [best.id],
        sufficient: true,
        language: 'en',
        needsHuman: false,
      }
    : {
        answer: 'I will check this with the team.',
        usedChunkIds: [],
        sufficient: false,
        language: 'en',
        needsHuman: false,
      };
  return generateContentReply(JSON.stringify(answer));
};
