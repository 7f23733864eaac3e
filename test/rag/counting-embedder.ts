import type { Embedder } from '../../rag/embed/embedder.ts';

/** Wraps a real embedder and records every text it was asked to embed. */
export class CountingEmbedder implements Embedder {
  readonly documentCalls: string[][] = [];
  readonly queryCalls: string[] = [];

  constructor(private readonly inner: Embedder) {}

  get id(): string {
    return this.inner.id;
  }

  get dims(): number {
    return this.inner.dims;
  }

  /** Texts embedded as documents so far. */
  get embeddedTexts(): string[] {
    return this.documentCalls.flat();
  }

  embedDocuments(texts: string[]): Promise<Float32Array[]> {
    this.documentCalls.push([...texts]);
    return this.inner.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<Float32Array> {
    this.queryCalls.push(text);
    return this.inner.embedQuery(text);
  }
}
