/**
 * Fusion grid through the real pipeline on the DEV split: ingests the corpus
 * into SQLite (as the benchmark does), takes each query's keyword and vector
 * rankings once, then fuses them offline for every (candidates, k, weight).
 * Usage: node --import tsx bench/rag/tune-fusion-on-dev.ts [--dataset dir]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBeirSplit } from '../lib/load-beir-dataset.ts';
import { openBenchStore } from '../lib/open-bench-store.ts';
import { meanScores, scoreRanking } from '../lib/score-ranking.ts';
import { loadLocalEmbedder } from '../../rag/embed/local-embedder.ts';
import { ingestDocument } from '../../rag/ingest.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import { createRetriever } from '../../rag/retrieve/create-retriever.ts';
import { fuseReciprocalRank } from '../../rag/retrieve/fuse-reciprocal-rank.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: { dataset: { type: 'string', default: path.resolve(repoRoot, '..', 'shared', 'rag-eval') } },
});
const data = await loadBeirSplit(args.dataset, 'dev');
const bench = await openBenchStore('sqlite');
try {
  const initial = await loadLocalEmbedder(bench.store.kv, 'tune');
  for (const p of data.corpus) {
    await ingestDocument(bench.store, initial, {
      installationId: 'tune',
      source: p.id,
      title: p.title,
      text: p.text,
      type: 'text',
    });
  }
  const { embedder } = await refreshLocalEmbedder(bench.store, 'tune', { force: true });
  const retriever = createRetriever({ store: bench.store, embedder });
  const sourceOf = new Map((await bench.store.knowledge.listDocuments('tune')).map((d) => [d.id, d.source]));
  const legs = [];
  for (const query of data.queries) {
    const ids = async (mode: 'keyword' | 'vector'): Promise<string[]> =>
      (await retriever.retrieve(query.text, { installationId: 'tune', mode, topK: 100 })).map(
        (h) => h.chunk.id,
      );
    legs.push({ query, keyword: await ids('keyword'), vector: await ids('vector') });
  }
  const passage = (chunkId: string): string => sourceOf.get(chunkId.slice(0, chunkId.lastIndexOf(':')))!;
  for (const candidates of [50, 100]) {
    for (const k of [5, 10, 20, 40, 60]) {
      for (const weight of [1, 1.5, 2, 3, 4]) {
        const scores = meanScores(
          legs.map(({ query, keyword, vector }) => {
            const fused = fuseReciprocalRank(
              [
                { ids: keyword.slice(0, candidates), weight: 1 },
                { ids: vector.slice(0, candidates), weight },
              ],
              k,
            );
            return scoreRanking([...new Set(fused.map((e) => passage(e.id)))], data.relevant.get(query.id)!);
          }),
        );
        console.log(
          `candidates ${candidates} k ${k} vector weight ${weight}: nDCG@10 ${scores.ndcg10.toFixed(4)} recall@10 ${scores.recall10.toFixed(4)} MRR ${scores.mrr.toFixed(4)}`,
        );
      }
    }
  }
} finally {
  await bench.close();
}
