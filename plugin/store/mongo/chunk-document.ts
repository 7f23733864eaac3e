import { vectorNorm } from '../normalize-vector.ts';
import type { KbChunkRecord } from '../store.ts';
import { NO_INBOX, type KbChunkDoc } from './models.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';

/** A chunk record as stored: number-array vector, its dims and norm, {@link NO_INBOX} for unscoped chunks. */
export function chunkToDoc(chunk: KbChunkRecord): KbChunkDoc {
  const doc: KbChunkDoc = {
    installationId: chunk.installationId,
    id: chunk.id,
    documentId: chunk.documentId,
    inboxId: chunk.inboxId ?? NO_INBOX,
    ordinal: chunk.ordinal,
    text: chunk.text,
    contentHash: chunk.contentHash,
    embedderId: chunk.embedderId,
    dims: chunk.vector.length,
    norm: vectorNorm(chunk.vector),
    vector: Array.from(chunk.vector),
  };
  if (chunk.language !== undefined) doc.language = chunk.language;
  if (chunk.heading !== undefined) doc.heading = chunk.heading;
  return doc;
}

/** The record back from a stored chunk (extra fields such as a search score are dropped). */
export function chunkFromDoc(doc: KbChunkDoc): KbChunkRecord {
  const clean = stripMongoFields(doc);
  const chunk: KbChunkRecord = {
    id: clean.id,
    documentId: clean.documentId,
    installationId: clean.installationId,
    ordinal: clean.ordinal,
    text: clean.text,
    contentHash: clean.contentHash,
    embedderId: clean.embedderId,
    vector: Float32Array.from(clean.vector),
  };
  if (clean.inboxId !== NO_INBOX) chunk.inboxId = clean.inboxId;
  if (clean.language !== undefined) chunk.language = clean.language;
  if (clean.heading !== undefined) chunk.heading = clean.heading;
  return chunk;
}
