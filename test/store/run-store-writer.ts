/**
 * A separate process hammering one SQLite store file with a mix of writes
 * (and some reads), used by sqlite-concurrency.test.ts. Prints one JSON line:
 * `{ ok, errors, sharedWins, tickets, startedAt, finishedAt }`: operations done,
 * messages of failed ones, `shared-*` keys this writer won, the values its
 * increments of the shared `tickets` counter returned, and when its loop ran (epoch ms).
 *
 * Usage: node --import tsx run-store-writer.ts <file> <writerId> <rounds> [<writers to wait for>]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { openSqliteStore } from '../../plugin/store/sqlite/open-sqlite-store.ts';

const [file, writerId, roundsText, writersText] = process.argv.slice(2);
if (!file || !writerId || !roundsText)
  throw new Error('usage: run-store-writer.ts <file> <writerId> <rounds>');
const rounds = Number(roundsText);

const store = await openSqliteStore({ file });
const installationId = 'shared';
const errors: string[] = [];
let ok = 0;
let sharedWins = 0;
const tickets: number[] = [];

async function attempt(operation: () => Promise<unknown>): Promise<void> {
  try {
    await operation();
    ok++;
  } catch (error) {
    errors.push(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
  }
}

await attempt(() =>
  store.knowledge.upsertDocument({
    id: `doc-${writerId}`,
    installationId,
    source: `source-${writerId}`,
    title: 't',
    contentHash: 'h',
    metadata: {},
  }),
);

// A barrier: every writer starts its loop only once all have opened the store, so the loops really overlap
// however long each process took to start.
writeFileSync(`${file}.ready-${writerId}`, '');
const expectedWriters = Number(writersText ?? '1');
const deadline = Date.now() + 30_000;
const readyCount = () => ['w1', 'w2', 'w3', 'w4'].filter((id) => existsSync(`${file}.ready-${id}`)).length;
while (readyCount() < expectedWriters && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));

const startedAt = Date.now();
for (let round = 0; round < rounds; round++) {
  const tag = `${writerId}-${round}`;
  await attempt(() =>
    store.messages.insert({
      installationId,
      channel: 'discord',
      channelMessageId: `m-${tag}`,
      chatwootMessageId: round,
      conversationId: 1,
      direction: 'inbound',
    }),
  );
  await attempt(() => store.idempotency.claim(installationId, `k-${tag}`, 60_000));
  await attempt(async () => {
    if (await store.idempotency.claim(installationId, `shared-${round}`)) sharedWins++;
  });
  await attempt(() =>
    store.analytics.recordMany([
      { installationId, type: 'message.inbound', at: new Date().toISOString(), data: { writerId } },
      { installationId, type: 'ai.suggested', at: new Date().toISOString(), data: { writerId } },
    ]),
  );
  await attempt(() =>
    store.threads.upsert({
      installationId,
      channel: 'discord',
      threadKey: `thread-${round % 10}`,
      conversationId: round,
      contactId: 1,
      sourceId: writerId,
      address: {},
    }),
  );
  await attempt(() =>
    store.identities.add({
      installationId,
      contactId: round % 7,
      type: 'email',
      value: `${tag}@x`,
      verified: true,
    }),
  );
  await attempt(() => store.kv.set(installationId, `counter-${writerId}`, round));
  await attempt(async () => tickets.push(await store.kv.increment(installationId, 'tickets')));
  if (round % 10 === 0) {
    await attempt(() =>
      store.knowledge.replaceChunks(installationId, `doc-${writerId}`, [
        {
          id: `chunk-${writerId}`,
          documentId: `doc-${writerId}`,
          installationId,
          ordinal: 0,
          text: tag,
          contentHash: tag,
          embedderId: 'e',
          vector: Float32Array.from([round, 1, 2, 3]),
        },
      ]),
    );
    await attempt(() =>
      store.knowledge.vectorSearch({
        installationId,
        embedderId: 'e',
        vector: Float32Array.from([1, 1, 1, 1]),
        topK: 2,
      }),
    );
  }
}

const finishedAt = Date.now();
await store.close();
process.stdout.write(`${JSON.stringify({ ok, errors, sharedWins, tickets, startedAt, finishedAt })}\n`);
