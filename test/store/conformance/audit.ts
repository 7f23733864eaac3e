import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext } from './fixtures.ts';

/** Conformance checks for audit. */
export function describeAuditConformance(context: ConformanceContext): void {
  describe('audit', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('appends once per id and lists newest first per installation', async function () {
      const entry = (id: string, at: string) => ({
        id,
        installationId: a,
        actor: 'admin',
        action: 'contact.merge',
        subject: 'contact:10',
        reason: 'same verified email',
        data: { into: 20 },
        at,
      });
      await store.audit.append(entry('e1', '2024-05-01T10:00:00.000Z'));
      await store.audit.append(entry('e2', '2024-05-01T12:00:00.000Z'));
      await store.audit.append(entry('e3', '2024-05-01T11:00:00.000Z'));
      await store.audit.append({ ...entry('e1', '2024-05-01T13:00:00.000Z'), reason: 'retry' });
      await store.audit.append({ ...entry('e9', '2024-05-01T10:00:00.000Z'), installationId: b });

      const list = await store.audit.list(a);
      assert.deepEqual(
        list.map((e) => e.id),
        ['e2', 'e3', 'e1'],
      );
      assert.deepEqual(list[2], entry('e1', '2024-05-01T10:00:00.000Z'), 'the first append wins');
      assert.deepEqual(
        (await store.audit.list(a, 2)).map((e) => e.id),
        ['e2', 'e3'],
      );
      assert.deepEqual(
        (await store.audit.list(b)).map((e) => e.id),
        ['e9'],
      );
    });
  });
}
