import type { Retriever } from '../../rag/retrieve/create-retriever.ts';
import type { InstallationDirectory } from '../install/installation-directory.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { ConfidenceCalibration } from './confidence/load-calibration.ts';
import type { AnswerGenerator } from './generate/answer-generator.ts';
import type { RealtimeEmitter } from './suggest/suggestion-events.ts';

/** Everything the AI agent works with. */
export interface BotDeps {
  store: Store;
  directory: InstallationDirectory;
  logger: Logger;
  /** Knowledge-base search (the rag module's hybrid retriever). */
  retriever: Retriever;
  /** Gemini, or the extractive writer offline. */
  generator: AnswerGenerator;
  /** socket.io server: suggestions are pushed to the dashboard through it. */
  realtime?: RealtimeEmitter;
  /** Overrides the committed calibration (tests). */
  calibration?: ConfidenceCalibration;
  now: () => Date;
  /** Shows a typing indicator while an answer is drafted (default true). */
  typingIndicator?: boolean;
}
