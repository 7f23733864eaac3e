/**
 * What the contract suite needs to know about one connector beyond the
 * `Connector` interface: how its platform signs requests, where its fixtures
 * live, and what HTTP requests a send should produce against its fake.
 * Each connector provides `harnesses/<connector id>.harness.ts` exporting
 * `harness`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectorAccount } from '../../connectors/core/connector.ts';
import type { OutboundMessage } from '../../plugin/messages/normalized-message.ts';

/** An HTTP request a fake platform received. */
export interface SeenRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/** A running fake platform plus an account wired to it. */
export interface ContractFake {
  account: ConnectorAccount;
  /** Headers the platform would send with `rawBody` at time `at`. */
  sign(rawBody: Buffer, at: Date): Record<string, string>;
  requests(): SeenRequest[];
  close(): Promise<void>;
}

export interface ExpectedRequest {
  method: string;
  path: string;
  /** Keys that must be present with these (deep-equal) values; other keys are not checked. */
  body?: Record<string, unknown>;
}

export interface ContractHarness {
  /** Folder of `<event>.json` fixtures. */
  fixturesDir: string;
  /** A fixture that arrives over signed HTTP, used for the signature checks. */
  signedFixture: string;
  /** Header names whose absence must give `missing-header`. */
  signatureHeaders: string[];
  /**
   * False when the platform signs no timestamp (Viber): there is no replay
   * window to test, replays are left to dedupe. Default true.
   */
  signsTimestamp?: boolean;
  /**
   * Changes a signed body so that its signature no longer covers it. Default:
   * adds a key. Tokens that bind the body only through a claim (Teams'
   * `serviceurl`) change that field instead.
   */
  tamperBody?(body: Buffer): Buffer;
  /** Fixtures of events Omniloom does not handle: each must parse to `ignored` only. */
  unknownFixtures: string[];
  /** The endpoint check the platform sends, and the body it expects back. */
  handshake?: { fixture: string; expectedBody: Record<string, unknown> };
  /** A delivery carrying one customer message with exactly this text (escaped as the platform would). */
  textMessage(text: string): Buffer;
  startFake(): Promise<ContractFake>;
  /** A reply to send through the fake; the markdown is the same for every connector. */
  outbound(fake: ContractFake, text: string): OutboundMessage;
  expectedSendRequests(fake: ContractFake, text: string): ExpectedRequest[];
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function fixturesFor(connectorId: string): string {
  return path.join(repoRoot, 'test', 'fixtures', connectorId);
}
