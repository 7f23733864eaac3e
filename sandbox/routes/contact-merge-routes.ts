import type { Router } from 'express';
import { NotFoundError } from '../domain/errors.ts';
import { mergeContacts } from '../domain/merge-contacts.ts';
import { presentContact } from '../presenters/present-contacts.ts';
import { type SandboxCore, contextFor } from '../sandbox-core.ts';
import { accountRoute, callerOf } from './authenticate-request.ts';
import { paramsOf } from './read-params.ts';

/** `POST /actions/contact_merge` (`Actions::ContactMergesController`): answers the surviving contact, unwrapped. */
export function registerContactMergeRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  router.post('/api/v1/accounts/:accountId/actions/contact_merge', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const params = paramsOf(req);
    const find = (id: unknown) => {
      const contact = state.contacts.get(Number(id));
      if (!contact || contact.accountId !== caller.account.id) throw new NotFoundError();
      return contact;
    };
    const base = find(params.base_contact_id);
    const mergee = find(params.mergee_contact_id);
    mergeContacts(contextFor(core, caller.actor), base, mergee);
    res.json(presentContact(state, base));
  });
}
