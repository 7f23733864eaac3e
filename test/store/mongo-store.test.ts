import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { openMongoStore } from '../../plugin/store/mongo/open-mongo-store.ts';
import { describeStoreConformance } from './store-conformance.ts';

/**
 * Runs the shared conformance suite against MongoDB when MONGODB_URI is set
 * (each run uses a throwaway database, dropped afterwards). Without it every
 * test is reported as pending with the reason below.
 */
const uri = process.env.MONGODB_URI;
const dbName = `omniloom_store_test_${randomUUID().slice(0, 8)}`;

describe('MongoDB store', function () {
  before(function () {
    if (!uri) {
      console.log('      MONGODB_URI is not set: the MongoDB store conformance suite is skipped');
      this.skip();
    }
  });

  after(async function () {
    if (!uri) return;
    const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  describeStoreConformance('mongo', () => openMongoStore({ uri: uri as string, dbName }));
});
