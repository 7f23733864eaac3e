/**
 * Hostile inputs for the fuzz suites: arbitrary bytes, truncated real
 * fixtures, oversized strings, unicode-heavy JSON and real fixtures with a
 * wrong type at one path. Everything derives from the recorded fixtures in
 * test/fixtures/<connector>/, so each connector is attacked with its own
 * payload shapes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Runs per property; FUZZ_RUNS raises it for a longer local hunt. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A normalized message as the generic webhook channel receives it (it has no recorded fixtures). */
export const WEBHOOK_FIXTURES: Json[] = [
  {
    kind: 'message',
    dedupeKey: 'fuzz-1',
    occurredAt: '2026-03-20T11:00:00.000Z',
    channelMessageId: 'm-1',
    thread: { key: 'customer-1', kind: 'direct', address: { chat: '1' } },
    sender: {
      channelUserId: 'customer-1',
      displayName: 'Ada',
      identifiers: [{ type: 'email', value: 'ada@example.com', verified: false }],
    },
    text: 'hello',
    attachments: [
      { kind: 'image', url: 'https://files.example.com/a.png', fileName: 'a.png', sizeBytes: 10 },
    ],
  },
  {
    events: [
      {
        kind: 'reaction',
        dedupeKey: 'r-1',
        occurredAt: '2026-03-20T11:00:00Z',
        channelMessageId: 'm-1',
        thread: { key: 't', kind: 'thread', address: {} },
        sender: { channelUserId: 'u', identifiers: [] },
        emoji: '👍',
        removed: false,
      },
      {
        kind: 'status',
        dedupeKey: 's-1',
        occurredAt: '2026-03-20T11:00:00Z',
        channelMessageId: 'm-1',
        status: 'read',
      },
    ],
  },
];

/** Every `test/fixtures/<connector>/*.json`, parsed; the webhook channel gets built-in samples. */
export function loadFixtures(connectorId: string): Json[] {
  if (connectorId === 'webhook') return WEBHOOK_FIXTURES;
  const dir = path.join(fixturesRoot, connectorId);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Json);
}

/** A location inside a JSON document. */
export type JsonPath = Array<string | number>;

/** Every path of `value` (containers and leaves), root excluded. */
export function pathsOf(value: Json, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** Paths whose value is a string. */
export function stringPathsOf(value: Json): JsonPath[] {
  return pathsOf(value).filter((location) => typeof readPath(value, location) === 'string');
}

export function readPath(value: Json, location: JsonPath): Json | undefined {
  let node: Json | undefined = value;
  for (const key of location) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node;
}

/** A deep copy of `value` with the value at `location` replaced. */
export function withValueAt(value: Json, location: JsonPath, replacement: Json): Json {
  const copy = structuredClone(value);
  let node = copy as Record<string | number, Json>;
  for (const key of location.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[location[location.length - 1]!] = replacement;
  return copy;
}

/** Values of the wrong type (or a hostile shape) put at each path of a fixture. */
export const WRONG_VALUES: Json[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  '',
  ' ',
  'not-a-number',
  '1774006400.000700',
  [],
  [null],
  {},
  { type: 'message' },
  '__proto__',
];

/** Strings that break naive text handling: bidi overrides, ZWJ sequences, lone surrogates, NUL, BOM. */
const NASTY_PIECES = [
  '\u202Eevil\u202C',
  '\u200F\u0645\u0631\u062D\u0628\u0627', // RLM + Arabic
  '\u05E9\u05DC\u05D5\u05DD',
  '👩‍💻',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDFFF',
  '\uFEFF',
  'a\u0301\u0302\u0303',
  '\u2028\u2029',
  '<script>alert(1)</script>',
  '*_~`|>',
  '\r\n\t',
  '%s%n%x',
  '../../../etc/passwd',
];

/** A unicode-heavy string: random code units (lone surrogates included) mixed with known troublemakers. */
export const nastyString = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NASTY_PIECES),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));

/** Arbitrary bytes, up to 4 KiB. */
export const arbitraryBytes = fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes));

/** A real fixture cut off at a random byte (often mid-UTF-8-sequence). */
export function truncatedFixture(fixtures: Json[]): fc.Arbitrary<Buffer> {
  return fc
    .constantFrom(...fixtures.map((fixture) => Buffer.from(JSON.stringify(fixture))))
    .chain((bytes) =>
      fc.integer({ min: 0, max: Math.max(0, bytes.length - 1) }).map((end) => bytes.subarray(0, end)),
    );
}

/** A real fixture with one string replaced by a unicode-heavy one (JSON escapes lone surrogates and NUL). */
export function unicodeFixture(fixtures: Json[]): fc.Arbitrary<Buffer> {
  const withStrings = fixtures.filter((fixture) => stringPathsOf(fixture).length > 0);
  return fc
    .constantFrom(...withStrings)
    .chain((fixture) =>
      fc.tuple(fc.constant(fixture), fc.constantFrom(...stringPathsOf(fixture)), nastyString),
    )
    .map(([fixture, location, text]) => Buffer.from(JSON.stringify(withValueAt(fixture, location, text))));
}

/** A real fixture with one string made huge (by default 64 KiB to 1.1 MiB, past the 1 MB body limit). */
export function oversizedFixture(
  fixtures: Json[],
  sizes: number[] = [65_536, 200_000, 1_100_000],
): fc.Arbitrary<Buffer> {
  const withStrings = fixtures.filter((fixture) => stringPathsOf(fixture).length > 0);
  return fc
    .constantFrom(...withStrings)
    .chain((fixture) =>
      fc.tuple(
        fc.constant(fixture),
        fc.constantFrom(...stringPathsOf(fixture)),
        fc.constantFrom(...sizes),
        fc.constantFrom('x', 'é', '👩‍💻'),
      ),
    )
    .map(([fixture, location, size, unit]) =>
      Buffer.from(JSON.stringify(withValueAt(fixture, location, unit.repeat(Math.ceil(size / unit.length))))),
    );
}

/** Random JSON documents, and random keys merged into a real fixture. */
export function randomJson(fixtures: Json[]): fc.Arbitrary<Buffer> {
  const merged = fc
    .tuple(
      fc.constantFrom(...fixtures),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    )
    .map(([fixture, extra]) =>
      fixture !== null && typeof fixture === 'object' && !Array.isArray(fixture)
        ? { ...fixture, ...(extra as Record<string, Json>) }
        : extra,
    );
  return fc
    .oneof(fc.jsonValue({ maxDepth: 4 }), merged)
    .map((value) => Buffer.from(JSON.stringify(value) ?? 'null'));
}

/** Pathological but valid JSON: deep nesting, huge arrays, numbers at the edge. */
export const PATHOLOGICAL_BODIES: Buffer[] = [
  Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
  Buffer.from(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`),
  Buffer.from(
    JSON.stringify({
      type: 'event_callback',
      event: {
        type: 'message',
        channel: 'C1',
        ts: '1',
        text: 'x',
        files: Array.from({ length: 5_000 }, (_, i) => ({ id: `F${i}` })),
      },
    }),
  ),
  Buffer.from('{"t":"MESSAGE_CREATE","op":0,"d":{"id":1e400,"channel_id":-0,"content":"x"}}'),
  Buffer.from('\uFEFF{"type":"message"}'),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  Buffer.from('null'),
  Buffer.from('"just a string"'),
  Buffer.from('[]'),
  Buffer.from(''),
];
