/**
 * Every connector's `parse` (a pure function on raw bytes) against hostile
 * input: it returns well-formed events or throws BadRequestError with a 4xx
 * status — never a TypeError, a RangeError or a malformed event.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Connector, ConnectorAccount } from '../../connectors/core/connector.ts';
import { listConnectors } from '../../connectors/core/registry.ts';
import { webhookConnector } from '../../connectors/webhook/index.ts';
import { BadRequestError } from '../../plugin/errors.ts';
import { inboundEventSchema } from '../../plugin/messages/inbound-event-schema.ts';
import {
  FUZZ_RUNS,
  PATHOLOGICAL_BODIES,
  WRONG_VALUES,
  arbitraryBytes,
  loadFixtures,
  oversizedFixture,
  pathsOf,
  randomJson,
  truncatedFixture,
  unicodeFixture,
  withValueAt,
} from './fuzz-inputs.ts';

const account: ConnectorAccount = {
  installationId: 'fuzz',
  credentials: {},
  config: { botUserId: 'U0FAKEBOT01', applicationId: '1187340000000000001', appId: 'fuzz-app' },
};

/** What parse did with one input: `events`, or a 4xx rejection. Anything else fails the property. */
function parseOutcome(connector: Connector, raw: Buffer): 'events' | 'rejected' {
  let events: unknown;
  try {
    events = connector.parse(raw, account);
  } catch (error) {
    assert.ok(
      error instanceof BadRequestError,
      `${connector.id}.parse threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message} for ${preview(raw)}`,
    );
    assert.ok(
      error.status >= 400 && error.status < 500,
      `${connector.id}.parse rejected with status ${error.status}`,
    );
    return 'rejected';
  }
  assert.ok(Array.isArray(events), `${connector.id}.parse returned ${typeof events}`);
  for (const event of events) {
    const problems = structuralProblems(event);
    assert.deepEqual(problems, [], `${connector.id}.parse returned a malformed event for ${preview(raw)}`);
  }
  return 'events';
}

/**
 * Problems of an event against the normalized model. Left out: size caps (they bound the inbound API's
 * input; oversized channel fields are stored as they came), malformed attachment URLs (a failed download
 * becomes a note on the message, see fetch-attachments.ts) whitespace-only ids and
 * odd sizes (the API schema trims and bounds; from a channel they are values the platform signed, and
 * `sizeBytes` is only an early hint for the download limit, which is enforced on the bytes).
 */
function structuralProblems(event: unknown): string[] {
  const result = inboundEventSchema.safeParse(event);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => issue.code !== 'too_big')
    .filter((issue) => !(issue.code === 'invalid_format' && issue.format === 'url'))
    .filter((issue) => !(issue.code === 'too_small' && isBlankString(valueAt(event, issue.path))))
    .filter((issue) => issue.path[issue.path.length - 1] !== 'sizeBytes')
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function valueAt(value: unknown, location: readonly PropertyKey[]): unknown {
  return location.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    value,
  );
}

function isBlankString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.trim() === '';
}

function preview(raw: Buffer): string {
  const text = raw.toString('utf8');
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}… (${raw.length} bytes)` : text);
}

const connectors: Connector[] = [...listConnectors(), webhookConnector];

describe('fuzz: every connector parse returns events or a BadRequestError', function () {
  this.timeout(60_000);

  for (const connector of connectors) {
    describe(connector.id, () => {
      const fixtures = loadFixtures(connector.id);
      const check = (arbitrary: fc.Arbitrary<Buffer>, numRuns = FUZZ_RUNS) =>
        fc.assert(
          fc.property(arbitrary, (raw) => {
            parseOutcome(connector, raw);
          }),
          { numRuns },
        );

      it('parses every recorded fixture to events', () => {
        for (const fixture of fixtures)
          assert.equal(parseOutcome(connector, Buffer.from(JSON.stringify(fixture))), 'events');
      });

      it('survives arbitrary bytes', () => check(arbitraryBytes));

      it('survives truncated fixtures', () => check(truncatedFixture(fixtures)));

      it('survives unicode-heavy JSON (RTL, ZWJ emoji, lone surrogates, NUL)', () =>
        check(unicodeFixture(fixtures)));

      it('survives oversized strings', () => check(oversizedFixture(fixtures), Math.min(FUZZ_RUNS, 25)));

      it('survives random JSON and unexpected keys', () => check(randomJson(fixtures)));

      it('survives pathological JSON (deep nesting, huge arrays, BOM, edge numbers)', () => {
        for (const body of PATHOLOGICAL_BODIES) parseOutcome(connector, body);
      });

      it('survives a wrong type at every path of every fixture', () => {
        let tried = 0;
        for (const fixture of fixtures) {
          for (const location of pathsOf(fixture)) {
            for (const wrong of WRONG_VALUES) {
              parseOutcome(connector, Buffer.from(JSON.stringify(withValueAt(fixture, location, wrong))));
              tried += 1;
            }
          }
        }
        assert.ok(tried > 0);
      });
    });
  }
});
