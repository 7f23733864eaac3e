/**
 * RAG benchmark: retrieval quality (nDCG@10, recall@10, MRR) and latency for
 * keyword-only, vector-only and hybrid search on a BEIR-layout dataset, plus
 * ingestion throughput; or, with --scale, latency and memory on synthetic
 * chunk sets. With --json the last line printed is one JSON object.
 *
 *   npm run bench:rag -- [--dataset dir] [--split test] [--json] [--store sqlite|memory]
 *   npm run bench:rag -- --scale 10000,100000 [--json]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBeirSplit } from '../lib/load-beir-dataset.ts';
import { openBenchStore } from '../lib/open-bench-store.ts';
import { evaluateDataset, type ModeReport } from './evaluate-dataset.ts';
import { measureScale } from './measure-scale.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: path.resolve(repoRoot, '..', 'shared', 'rag-eval') },
    split: { type: 'string', default: 'test' },
    json: { type: 'boolean', default: false },
    scale: { type: 'string' },
    store: { type: 'string', default: 'sqlite' },
    queries: { type: 'string', default: '200' },
  },
});
const prefer = args.store === 'memory' ? 'memory' : 'sqlite';
const dataset = path.resolve(args.dataset);

function line(name: string, report: ModeReport): string {
  return `${name.padEnd(8)} nDCG@10 ${report['ndcg@10'].toFixed(4)}  recall@10 ${report['recall@10'].toFixed(4)}  MRR ${report.mrr.toFixed(4)}  p50 ${report.p50_ms.toFixed(2)} ms  p99 ${report.p99_ms.toFixed(2)} ms`;
}

if (args.scale) {
  const sizes = args.scale
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => size > 0);
  const data = await loadBeirSplit(dataset, args.split);
  const sentences = data.corpus.flatMap((p) => p.text.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 20);
  const queries = data.queries.slice(0, Number(args.queries)).map((q) => q.text);
  const results = [];
  for (const size of sizes) {
    const bench = await openBenchStore(prefer);
    try {
      const report = await measureScale(bench.store, size, sentences, queries);
      results.push({ store: bench.kind, ...report });
      console.log(
        `${size} chunks (${bench.kind}, built in ${report.build_s} s): keyword p50 ${report.keyword.p50_ms} / p99 ${report.keyword.p99_ms} ms; ` +
          `vector p50 ${report.vector.p50_ms} / p99 ${report.vector.p99_ms} ms; hybrid p50 ${report.hybrid.p50_ms} / p99 ${report.hybrid.p99_ms} ms; ` +
          `RSS ${report.rss_mb} MB, heap ${report.heap_used_mb} MB`,
      );
    } finally {
      await bench.close();
    }
  }
  if (args.json) console.log(JSON.stringify({ scale: results }));
} else {
  const data = await loadBeirSplit(dataset, args.split);
  const bench = await openBenchStore(prefer);
  try {
    const report = await evaluateDataset(bench.store, data);
    const d = report.details;
    console.log(
      `dataset ${dataset}, split ${args.split}: ${data.corpus.length} passages, ${d.queries} queries`,
    );
    console.log(`store ${bench.kind}; embedder ${report.embedder}`);
    console.log(
      `ingestion: ${d.chunks} chunks, ${d.ingestMs.toFixed(0)} ms ingest + ${d.refitMs.toFixed(0)} ms fit/re-embed (${d.reembedded} re-embedded) → ${report.ingest_chunks_per_s} chunks/s`,
    );
    console.log(line('keyword', report.keyword));
    console.log(line('vector', report.vector));
    console.log(line('hybrid', report.hybrid));
    if (args.json) {
      const { details: _details, ...summary } = report;
      console.log(JSON.stringify(summary));
    }
  } finally {
    await bench.close();
  }
}
