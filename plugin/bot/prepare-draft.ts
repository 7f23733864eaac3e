import type { Retriever, RetrievedChunk } from '../../rag/retrieve/create-retriever.ts';
import { analyzeTerms } from '../../rag/text/analyze-terms.ts';
import {
  formatCustomerHistory,
  loadCustomerHistory,
  type CustomerHistory,
} from '../identity/load-customer-history.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { Logger } from '../logger.ts';
import type { KbDocumentRecord, Store } from '../store/store.ts';
import { estimateConfidence } from './confidence/estimate-confidence.ts';
import type { ConfidenceFeatures } from './confidence/extract-confidence-features.ts';
import type { ConfidenceCalibration } from './confidence/load-calibration.ts';
import type {
  AnswerGenerator,
  GeneratedAnswer,
  GenerationFailureKind,
  SourceChunk,
} from './generate/answer-generator.ts';
import { composeReply } from './reply/format-sources-line.ts';

/** What drafting needs. */
export interface DraftDeps {
  store: Pick<Store, 'knowledge' | 'kv'>;
  retriever: Retriever;
  generator: AnswerGenerator;
  logger: Logger;
  calibration?: ConfidenceCalibration;
}

export interface DraftRequest {
  messageId: number;
  conversationId: number;
  inboxId: number;
  contactId?: number;
  question: string;
  /** ISO 639-1 code to answer in. */
  language: string;
  /** `whatsapp`, `email`, `discord`, … */
  channel: string;
}

/** A drafted answer with everything needed to send it, suggest it, or explain a hand-off. */
export interface Draft {
  question: string;
  /** What was searched (the question, plus the customer's previous message when the question is very short). */
  query: string;
  language: string;
  generator: AnswerGenerator['kind'];
  /** Retrieved excerpts, best first. */
  chunks: SourceChunk[];
  /** The excerpts the answer cites. */
  sources: SourceChunk[];
  answer?: GeneratedAnswer;
  /** The customer-ready text (answer + sources line); empty when there is no answer. */
  reply: string;
  confidence: number;
  /** Calibrated retrieval estimate before the model's judgement. */
  retrieval: number;
  features?: ConfidenceFeatures;
  failure?: { kind: GenerationFailureKind | 'retrieval'; message: string };
}

const TOP_K = 5;

function webAddress(document: KbDocumentRecord | undefined): string | undefined {
  const candidates = [document?.metadata?.url, document?.source];
  return candidates.find(
    (value): value is string => typeof value === 'string' && /^https?:\/\//i.test(value),
  );
}

async function describeChunks(
  store: DraftDeps['store'],
  installationId: string,
  results: readonly RetrievedChunk[],
): Promise<SourceChunk[]> {
  const documents = new Map<string, KbDocumentRecord | undefined>();
  for (const hit of results) {
    if (!documents.has(hit.chunk.documentId)) {
      documents.set(
        hit.chunk.documentId,
        await store.knowledge.getDocument(installationId, hit.chunk.documentId),
      );
    }
  }
  return results.map((hit) => {
    const document = documents.get(hit.chunk.documentId);
    const url = webAddress(document);
    return {
      id: hit.chunk.id,
      documentId: hit.chunk.documentId,
      title: document?.title ?? hit.chunk.heading ?? 'Help article',
      ...(hit.chunk.heading ? { heading: hit.chunk.heading } : {}),
      text: hit.chunk.text,
      ...(url ? { url } : {}),
      score: hit.score,
    };
  });
}

/** How far back a customer's previous message still gives a terse question its subject. */
const CONTEXT_WINDOW_MS = 24 * 60 * 60_000;

/**
 * The customer's previous message on any channel within the last day, to give
 * a terse follow-up ("what do I do now?") its subject, even when the subject
 * was stated in another conversation.
 */
function previousCustomerMessage(
  history: CustomerHistory | undefined,
  request: DraftRequest,
): string | undefined {
  const since = Date.now() - CONTEXT_WINDOW_MS;
  const earlier = history?.entries.filter(
    (entry) =>
      entry.author === 'customer' && entry.messageId !== request.messageId && Date.parse(entry.at) >= since,
  );
  return earlier?.at(-1)?.text;
}

/**
 * Drafts an answer to one customer message: reads the customer's history
 * across every channel (identity's shared history), searches the knowledge
 * base (hybrid retrieval, scoped to the inbox), asks the generator for a
 * grounded answer, and estimates the confidence. Never throws for a search
 * or generation problem: the draft carries the failure instead.
 */
export async function prepareDraft(
  deps: DraftDeps,
  installation: InstallationContext,
  request: DraftRequest,
): Promise<Draft> {
  const installationId = installation.record.id;
  let history: CustomerHistory | undefined;
  if (request.contactId !== undefined) {
    try {
      history = await loadCustomerHistory(deps, installation, request.contactId, {
        maxMessages: 30,
        maxChars: 5_000,
      });
    } catch (error) {
      deps.logger.warn(
        { err: error, installationId, contactId: request.contactId },
        'customer history unavailable; answering without it',
      );
    }
  }
  const historyText = history
    ? formatCustomerHistory({
        ...history,
        entries: history.entries.filter((entry) => entry.messageId !== request.messageId),
      })
    : '';

  const previous =
    analyzeTerms(request.question).length < 3 ? previousCustomerMessage(history, request) : undefined;
  const query = previous ? `${previous}\n${request.question}` : request.question;
  const base = {
    question: request.question,
    query,
    language: request.language,
    generator: deps.generator.kind,
  };

  let results: RetrievedChunk[];
  try {
    results = await deps.retriever.retrieve(query, { installationId, inboxId: request.inboxId, topK: TOP_K });
  } catch (error) {
    deps.logger.warn({ err: error, installationId }, 'hybrid search failed; trying keyword search alone');
    try {
      results = await deps.retriever.retrieve(query, {
        installationId,
        inboxId: request.inboxId,
        topK: TOP_K,
        mode: 'keyword',
      });
    } catch (second) {
      const message = second instanceof Error ? second.message : String(second);
      return {
        ...base,
        chunks: [],
        sources: [],
        reply: '',
        confidence: 0,
        retrieval: 0,
        failure: { kind: 'retrieval', message },
      };
    }
  }
  const chunks = await describeChunks(deps.store, installationId, results);

  const outcome = await deps.generator.generate({
    question: request.question,
    searchText: query,
    chunks,
    history: historyText,
    persona: installation.settings.ai.persona,
    systemPrompt: installation.settings.ai.systemPrompt,
    language: request.language,
    channel: request.channel,
  });
  if (!outcome.ok) {
    const estimate = estimateConfidence({
      question: query,
      results,
      grounded: false,
      sufficient: false,
      calibration: deps.calibration,
    });
    return {
      ...base,
      chunks,
      sources: [],
      reply: '',
      confidence: 0,
      retrieval: estimate.retrieval,
      features: estimate.features,
      failure: { kind: outcome.failure.kind, message: outcome.failure.message },
    };
  }
  const answer = outcome.answer;
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  const sources = answer.usedChunkIds
    .map((id) => byId.get(id))
    .filter((chunk): chunk is SourceChunk => !!chunk);
  const estimate = estimateConfidence({
    question: query,
    results,
    sufficient: answer.sufficient,
    grounded: sources.length > 0,
    calibration: deps.calibration,
  });
  return {
    ...base,
    language: answer.language || request.language,
    chunks,
    sources,
    answer,
    reply: answer.answer ? composeReply(answer.answer, sources, answer.language || request.language) : '',
    confidence: answer.answer ? estimate.confidence : 0,
    retrieval: estimate.retrieval,
    features: estimate.features,
  };
}

/**
 * Worth showing to an agent: there is text, the model did not judge the
 * material insufficient, and the answer rests on cited excerpts (or the model
 * found it in the customer's history).
 */
export function isUsefulDraft(draft: Pick<Draft, 'reply' | 'answer' | 'sources'>): boolean {
  if (!draft.reply || draft.answer?.sufficient === false) return false;
  return draft.sources.length > 0 || draft.answer?.sufficient === true;
}
