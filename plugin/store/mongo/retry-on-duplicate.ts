import { isDuplicateKey } from './is-duplicate-key.ts';

/**
 * Runs an upsert again when it lost a race: two concurrent upserts of the same
 * key can both try to insert, and the loser gets E11000; the second attempt
 * finds the winner's document and updates it.
 */
export async function retryOnDuplicate<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return upsert();
  }
}
