import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One passage of a BEIR corpus. */
export interface BeirPassage {
  id: string;
  title: string;
  text: string;
}

/** A BEIR-layout retrieval set: corpus, the queries of one split, and their relevant passage ids. */
export interface BeirSplit {
  corpus: BeirPassage[];
  queries: Array<{ id: string; text: string }>;
  relevant: Map<string, Set<string>>;
}

async function readJsonl<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** Reads `corpus.jsonl`, `queries.jsonl` and `qrels/<split>.tsv` (positive judgements only). */
export async function loadBeirSplit(dir: string, split: string): Promise<BeirSplit> {
  const corpus = (
    await readJsonl<{ _id: string; title?: string; text: string }>(path.join(dir, 'corpus.jsonl'))
  ).map((row) => ({ id: row._id, title: row.title ?? '', text: row.text }));
  const relevant = new Map<string, Set<string>>();
  const qrels = await readFile(path.join(dir, 'qrels', `${split}.tsv`), 'utf8');
  for (const line of qrels.split('\n').slice(1)) {
    const [queryId, corpusId, score] = line.trim().split('\t');
    if (!queryId || !corpusId || Number(score) <= 0) continue;
    let set = relevant.get(queryId);
    if (!set) relevant.set(queryId, (set = new Set()));
    set.add(corpusId);
  }
  const queries = (await readJsonl<{ _id: string; text: string }>(path.join(dir, 'queries.jsonl')))
    .filter((row) => relevant.has(row._id))
    .map((row) => ({ id: row._id, text: row.text }));
  return { corpus, queries, relevant };
}
