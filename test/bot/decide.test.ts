import assert from 'node:assert/strict';
import {
  decideAnswer,
  decideEarlyHandoff,
  planForMessage,
  type AnswerSignals,
} from '../../plugin/bot/decide/decide-bot-action.ts';
import { detectHumanRequest } from '../../plugin/bot/decide/detect-human-request.ts';
import { isRepeatedQuestion, questionTerms } from '../../plugin/bot/decide/detect-repeated-question.ts';
import { matchHumanOnlyTopic } from '../../plugin/bot/decide/match-human-only-topic.ts';
import {
  chooseAnswerLanguage,
  detectLanguage,
  isSupportedLanguage,
} from '../../plugin/bot/detect-language.ts';

describe('bot decisions', () => {
  describe('a request for a person', () => {
    const asks: Record<string, string[]> = {
      en: [
        'I want to talk to a human',
        'Can I speak with a real person please?',
        'connect me to an agent',
        'live agent!',
        'no more bots',
      ],
      es: [
        'Quiero hablar con una persona',
        'necesito hablar con un agente humano',
        'Pásame con un asesor por favor',
      ],
      fr: [
        'Je veux parler à un humain',
        'puis-je parler a une personne ?',
        'Je voudrais un conseiller humain',
      ],
      de: [
        'Ich möchte mit einem Menschen sprechen',
        'Bitte mit einem Mitarbeiter verbinden',
        'einen echten Menschen bitte',
      ],
      pt: ['Quero falar com uma pessoa', 'preciso de atendimento humano', 'posso falar com um atendente?'],
      it: ['Vorrei parlare con un operatore', 'operatore umano per favore'],
      nl: ['Ik wil met een medewerker spreken'],
      pl: ['Chcę porozmawiać z konsultantem'],
      tr: ['Müşteri temsilcisi ile görüşmek istiyorum'],
      ru: ['Хочу поговорить с человеком'],
      ja: ['オペレーターと話したい'],
      zh: ['转人工'],
    };
    for (const [language, texts] of Object.entries(asks)) {
      it(`is recognised in ${language}`, () => {
        for (const text of texts) assert.equal(detectHumanRequest(text), true, text);
      });
    }
    it('is not read into ordinary questions', () => {
      for (const text of [
        'How do I reset my password?',
        'What are your opening hours?',
        'Mi pedido no ha llegado',
        'Comment changer mon adresse ?',
        'Wie lange dauert der Versand?',
        'Onde está o meu pedido?',
        'The agent field in the form is empty',
        'I talked to my manager about the invoice',
        '',
      ]) {
        assert.equal(detectHumanRequest(text), false, text);
      }
    });
  });

  it('matches human-only topics by phrase or by every stemmed term', () => {
    const topics = ['refunds', 'legal action', 'Datenschutz'];
    assert.equal(matchHumanOnlyTopic('I want a refund now', topics), 'refunds');
    assert.equal(matchHumanOnlyTopic('We are considering legal action', topics), 'legal action');
    assert.equal(matchHumanOnlyTopic('Is this action legal in Spain?', topics), 'legal action');
    assert.equal(matchHumanOnlyTopic('Frage zum DATENSCHUTZ', topics), 'Datenschutz');
    assert.equal(matchHumanOnlyTopic('How long does shipping take?', topics), undefined);
    assert.equal(matchHumanOnlyTopic('anything', []), undefined);
  });

  it('recognises the same question asked again', () => {
    const earlier = [questionTerms('How do I reset my password?')];
    assert.equal(isRepeatedQuestion(questionTerms('how do i reset my password'), earlier), true);
    assert.equal(isRepeatedQuestion(questionTerms('How can I reset the password?'), earlier), true);
    assert.equal(isRepeatedQuestion(questionTerms('How long does shipping take?'), earlier), false);
    assert.equal(
      isRepeatedQuestion(questionTerms('password'), earlier),
      false,
      'one shared word is not the same question',
    );
    assert.equal(isRepeatedQuestion(questionTerms('thanks'), []), false);
  });

  it('plans per inbox mode and ownership', () => {
    assert.deepEqual(planForMessage('auto', true), { kind: 'answer' });
    assert.deepEqual(planForMessage('auto', false), { kind: 'suggest', passToTeam: false });
    assert.deepEqual(planForMessage('suggest', true), { kind: 'suggest', passToTeam: true });
    assert.deepEqual(planForMessage('suggest', false), { kind: 'suggest', passToTeam: false });
    assert.deepEqual(planForMessage('off', true), { kind: 'pass_to_team' });
    assert.deepEqual(planForMessage('off', false), { kind: 'ignore' });
  });

  it('hands off at once for a request for a person or a message without text', () => {
    assert.deepEqual(
      decideEarlyHandoff({ text: 'talk to a human', hasAttachments: false, askedForHuman: true }),
      { code: 'customer_asked_for_human' },
    );
    assert.deepEqual(decideEarlyHandoff({ text: '', hasAttachments: true, askedForHuman: false }), {
      code: 'unsupported_content',
      detail: 'attachment only',
    });
    assert.equal(
      decideEarlyHandoff({ text: 'hello', hasAttachments: false, askedForHuman: false }),
      undefined,
    );
  });

  describe('replying or handing off', () => {
    const confident: AnswerSignals = {
      repeatedQuestion: false,
      needsHuman: false,
      hasAnswer: true,
      confidence: 0.8,
      threshold: 0.6,
    };
    it('replies when confident and nothing calls for a person', () => {
      assert.deepEqual(decideAnswer(confident), { action: 'reply' });
      assert.deepEqual(
        decideAnswer({ ...confident, confidence: 0.6 }),
        { action: 'reply' },
        'the threshold itself is enough',
      );
    });
    it('hands off below the threshold, with the numbers', () => {
      assert.deepEqual(decideAnswer({ ...confident, confidence: 0.42 }), {
        action: 'handoff',
        reason: { code: 'low_confidence', detail: '0.42 < 0.60' },
      });
    });
    it('puts topics, repetition, language, failures and the model first', () => {
      assert.equal(
        (decideAnswer({ ...confident, humanOnlyTopic: 'legal' }) as { reason: { code: string } }).reason.code,
        'human_only_topic',
      );
      assert.equal(
        (decideAnswer({ ...confident, repeatedQuestion: true }) as { reason: { code: string } }).reason.code,
        'repeated_question',
      );
      assert.equal(
        (decideAnswer({ ...confident, unsupportedLanguage: 'ja' }) as { reason: { code: string } }).reason
          .code,
        'unsupported_language',
      );
      assert.deepEqual(
        decideAnswer({ ...confident, failure: { kind: 'timeout', message: 'request timed out' } }),
        {
          action: 'handoff',
          reason: { code: 'generation_failed', detail: 'timeout: request timed out' },
        },
      );
      assert.equal(
        (
          decideAnswer({ ...confident, failure: { kind: 'retrieval', message: 'x' } }) as {
            reason: { code: string };
          }
        ).reason.code,
        'retrieval_failed',
      );
      assert.equal(
        (decideAnswer({ ...confident, needsHuman: true }) as { reason: { code: string } }).reason.code,
        'model_needs_human',
      );
      assert.equal(
        (decideAnswer({ ...confident, hasAnswer: false }) as { reason: { code: string } }).reason.code,
        'no_answer',
      );
      assert.equal(
        (
          decideAnswer({ ...confident, modelInsufficient: true, confidence: 0.99 }) as {
            reason: { code: string };
          }
        ).reason.code,
        'no_answer',
        'the model saying the answer is not there outweighs any threshold',
      );
    });
  });

  describe('language', () => {
    it('detects the customer language when the text is clear enough', () => {
      assert.deepEqual(detectLanguage('¿Cuánto tarda el envío a Madrid?'), { code: 'es', reliable: true });
      assert.deepEqual(detectLanguage('Wie lange dauert der Versand?'), { code: 'de', reliable: true });
      assert.equal(detectLanguage('ok').reliable, false);
      assert.equal(detectLanguage('https://example.com 12345').reliable, false);
    });
    it('falls back to the conversation, then to the first configured language', () => {
      assert.equal(chooseAnswerLanguage({ code: 'fr', reliable: true }, 'en', ['en']), 'fr');
      assert.equal(chooseAnswerLanguage({ code: 'fr', reliable: false }, 'es', ['en']), 'es');
      assert.equal(chooseAnswerLanguage({ reliable: false }, undefined, ['pt-BR', 'en']), 'pt');
    });
    it('compares configured languages by base code', () => {
      assert.equal(isSupportedLanguage('pt', ['pt-BR']), true);
      assert.equal(isSupportedLanguage('ja', ['en', 'de']), false);
    });
  });
});
