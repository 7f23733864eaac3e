import { OmniloomError } from '../../plugin/errors.ts';
import type { Embedder } from './embedder.ts';

/** Embeds passages `batchSize` at a time and checks that every vector has the embedder's dims. */
export async function embedInBatches(
  embedder: Embedder,
  texts: readonly string[],
  batchSize = 64,
): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const out = await embedder.embedDocuments(batch);
    if (out.length !== batch.length || out.some((vector) => vector.length !== embedder.dims)) {
      throw new OmniloomError(
        `embedder ${embedder.id} returned ${out.length} vectors for ${batch.length} texts (or wrong dimensions; expected ${embedder.dims})`,
        { code: 'upstream_error' },
      );
    }
    vectors.push(...out);
  }
  return vectors;
}
