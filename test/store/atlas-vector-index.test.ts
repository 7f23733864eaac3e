import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ATLAS_FILTER_FIELDS,
  ATLAS_VECTOR_INDEX_NAME,
  KB_CHUNKS_COLLECTION,
} from '../../plugin/store/mongo/atlas-vector-index.ts';
import { isSearchUnavailable } from '../../plugin/store/mongo/is-search-unavailable.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface IndexManifest {
  name: string;
  collectionName: string;
  type: string;
  definition: { fields: Array<{ type: string; path: string; numDimensions?: number; similarity?: string }> };
}

describe('Atlas vector index manifest', function () {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'manifests/atlas-vector-index.json'), 'utf8'),
  ) as IndexManifest;

  it('names the index and collection the MongoDB store queries', function () {
    assert.equal(manifest.name, ATLAS_VECTOR_INDEX_NAME);
    assert.equal(manifest.collectionName, KB_CHUNKS_COLLECTION);
    assert.equal(manifest.type, 'vectorSearch');
  });

  it('indexes the vector for cosine and every field the store pre-filters on', function () {
    const vector = manifest.definition.fields.filter((field) => field.type === 'vector');
    assert.equal(vector.length, 1);
    assert.equal(vector[0]?.path, 'vector');
    assert.equal(vector[0]?.similarity, 'cosine');
    assert.ok(Number.isInteger(vector[0]?.numDimensions) && (vector[0]?.numDimensions ?? 0) > 0);
    const filters = manifest.definition.fields
      .filter((field) => field.type === 'filter')
      .map((field) => field.path);
    assert.deepEqual([...filters].sort(), [...ATLAS_FILTER_FIELDS].sort());
  });
});

describe('isSearchUnavailable', function () {
  // Shapes of real server replies (MongoServerError keeps code, codeName and errmsg).
  const unavailable = [
    {
      code: 31082,
      codeName: 'SearchNotEnabled',
      message: 'Using $vectorSearch requires additional configuration.',
    },
    { code: 40324, message: "Unrecognized pipeline stage name: '$vectorSearch'" },
    { code: 40324, message: "Unrecognized pipeline stage name: '$listSearchIndexes'" },
    {
      code: 6047401,
      message: '$vectorSearch is not allowed or the syntax is incorrect, see the Atlas documentation',
    },
    { codeName: 'SearchNotEnabled', message: 'search not enabled' },
    { message: '$vectorSearch stage is only allowed on MongoDB Atlas' },
  ];
  const other = [
    { code: 11000, message: 'E11000 duplicate key error' },
    {
      code: 2,
      message: 'PlanExecutor error: vector field is indexed with 768 dimensions but queried with 256',
    },
    { name: 'MongoNetworkError', message: 'connection 1 to 127.0.0.1:27017 closed' },
    new Error('Atlas cluster paused'),
    null,
    'string error',
  ];

  it('recognises replies of servers without vector search', function () {
    for (const error of unavailable) assert.equal(isSearchUnavailable(error), true, JSON.stringify(error));
  });

  it('leaves other errors alone', function () {
    for (const error of other) assert.equal(isSearchUnavailable(error), false, String(JSON.stringify(error)));
  });
});
