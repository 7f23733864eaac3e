import assert from 'node:assert/strict';
import type { SourceChunk } from '../../plugin/bot/generate/answer-generator.ts';
import {
  createExtractiveGenerator,
  selectAnswerSentences,
} from '../../plugin/bot/generate/create-extractive-generator.ts';

const chunks: SourceChunk[] = [
  {
    id: 'pw:0',
    documentId: 'pw',
    title: 'Resetting your password',
    text: 'Passwords protect your account. To reset your password, open Settings, then Account, and choose Reset password. The reset link we email you is valid for 24 hours. Contact us if the email does not arrive.',
    score: 0.1,
  },
  {
    id: 'ship:0',
    documentId: 'ship',
    title: 'Shipping times',
    text: 'Standard shipping takes 3 to 5 business days within the EU.\n\n- Express shipping arrives in 1 to 2 business days.\n- Pick-up points hold parcels for 7 days.',
    score: 0.05,
  },
];

const input = (question: string, language = 'en') => ({
  question,
  chunks,
  history: '',
  persona: 'p',
  systemPrompt: '',
  language,
  channel: 'web',
});

describe('extractive answers (no Gemini)', () => {
  it('quotes the sentences that best match the question, marked as from the help center', async () => {
    const outcome = await createExtractiveGenerator().generate(input('How do I reset my password?'));
    assert.ok(outcome.ok);
    assert.equal(outcome.answer.extractive, true);
    assert.equal(outcome.answer.sufficient, undefined, 'nobody judged sufficiency');
    assert.deepEqual(outcome.answer.usedChunkIds, ['pw:0']);
    assert.match(outcome.answer.answer, /^From our help center:\n\n> /);
    assert.match(
      outcome.answer.answer,
      /To reset your password, open Settings, then Account, and choose Reset password\./,
    );
    assert.doesNotMatch(
      outcome.answer.answer,
      /Contact us/,
      'sentences without a question term are left out',
    );
  });

  it('keeps document order across sources and splits list items into sentences', () => {
    const chosen = selectAnswerSentences('express shipping', chunks, 'en');
    assert.deepEqual(
      chosen.map((candidate) => candidate.sentence),
      [
        'Standard shipping takes 3 to 5 business days within the EU.',
        '- Express shipping arrives in 1 to 2 business days.',
      ],
    );
  });

  it('uses the search text when the question alone is too terse', async () => {
    const outcome = await createExtractiveGenerator().generate({
      ...input('How?'),
      searchText: 'I need to reset my password\nHow?',
    });
    assert.ok(outcome.ok);
    assert.match(outcome.answer.answer, /choose Reset password/);
  });

  it('says nothing when no sentence shares a term with the question', async () => {
    const outcome = await createExtractiveGenerator().generate(input('Do you accept bitcoin?'));
    assert.ok(outcome.ok);
    assert.equal(outcome.answer.answer, '');
    assert.deepEqual(outcome.answer.usedChunkIds, []);
  });

  it('marks the answer in the customer language', async () => {
    const outcome = await createExtractiveGenerator().generate(input('reset password', 'es'));
    assert.ok(outcome.ok);
    assert.match(outcome.answer.answer, /^De nuestro centro de ayuda:/);
  });
});
