import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { FeaturePageKit } from '../../admin/create-feature-page-kit.ts';
import { withNotice } from '../../admin/flash-notices.ts';
import { BadRequestError, ChatwootApiError, NotFoundError } from '../../errors.ts';
import type { InstallationDirectory } from '../../install/installation-directory.ts';
import { HANDOFF_REASON_CODES, parseInstallationSettings } from '../../install/installation-settings.ts';
import type { Logger } from '../../logger.ts';
import type { InstallationRecord, Store } from '../../store/store.ts';
import { checkRoutingReferences, type ReferenceCheck } from '../check-routing-references.ts';
import { dryRunRouting, type DryRunResult } from '../dry-run-routing.ts';
import { dryRunInputOf, readDryRunForm, type DryRunFormValues } from './read-dry-run-form.ts';
import {
  presentRoutingForm,
  readRoutingForm,
  validateRoutingForm,
  type RoutingFormErrors,
  type RoutingFormValues,
} from './read-routing-form.ts';

export interface RoutingPagesDeps {
  store: Store;
  directory: InstallationDirectory;
  logger: Logger;
  kit: FeaturePageKit;
  now: () => Date;
}

const EMPTY_DRY_RUN: DryRunFormValues = {
  conversationId: '',
  channel: '',
  inboxId: '',
  language: '',
  text: '',
  contactAttributes: '',
  labels: '',
  reason: '',
  at: '',
};

/** Sentences for the dry run's "would set" list. */
function describeActions(result: DryRunResult, references: ReferenceCheck): string[] {
  const { plan } = result;
  const actions: string[] = [];
  const teamName = (id: number) => references.teams.find((team) => team.id === id)?.name;
  if (plan.teamId !== undefined)
    actions.push(`Team: ${plan.teamId}${teamName(plan.teamId) ? ` (${teamName(plan.teamId)})` : ''}`);
  const assignment = plan.assignment;
  if (assignment) {
    const picked = assignment.candidates.find((candidate) => candidate.id === assignment.agentId);
    const strategy = assignment.strategy === 'least_loaded' ? 'least loaded' : 'round robin';
    actions.push(
      picked
        ? `Agent: ${picked.name} (#${picked.id}), ${strategy}${picked.openConversations !== undefined ? `, ${picked.openConversations} open conversations` : ''}`
        : `Agent: nobody (${assignment.unassigned ?? 'no agent picked'})`,
    );
    const online = assignment.candidates.filter((candidate) => candidate.online).length;
    actions.push(
      `Candidates (${assignment.source ?? 'agents'}): ${assignment.candidates.length}, online ${online}`,
    );
  }
  if (plan.priority) actions.push(`Priority: ${plan.priority}`);
  if (plan.labels)
    actions.push(
      `Labels: ${plan.labels.result.join(', ')}${plan.labels.added.length ? ` (adds ${plan.labels.added.join(', ')})` : ''}`,
    );
  return actions;
}

/**
 * The routing and SLA page of an installation (`/admin/installations/:id/routing`):
 * business hours, holidays, rules and response targets, validated on save
 * (including team and agent ids against Chatwoot), and a dry run.
 */
export function createRoutingPagesRouter(deps: RoutingPagesDeps): Router {
  const router = Router();
  const { kit } = deps;
  const path = (id: string) => `/admin/installations/${encodeURIComponent(id)}/routing`;
  router.use('/admin/installations/:id/routing', ...kit.guard);

  async function findInstallation(req: Request): Promise<InstallationRecord> {
    const record = await deps.store.installations.get(String(req.params.id));
    if (!record || record.status !== 'active')
      throw new NotFoundError('There is no active installation with that id.');
    return record;
  }

  async function show(
    req: Request,
    res: Response,
    status: number,
    record: InstallationRecord,
    overrides: {
      form?: RoutingFormValues;
      errors?: RoutingFormErrors;
      dry?: { form: DryRunFormValues; result?: DryRunResult; error?: string };
    } = {},
  ) {
    const settings = parseInstallationSettings(record.settings);
    const form = overrides.form ?? presentRoutingForm(settings);
    const errors = overrides.errors ?? {};
    const context = (await deps.directory.get(record.id)) ?? deps.directory.build(record);
    const references = await checkRoutingReferences(context, settings.routing.rules);
    const dryForm = overrides.dry?.form ?? EMPTY_DRY_RUN;
    const result = overrides.dry?.result;
    kit.send(res, status, 'routing', {
      ...kit.frame(req, `Routing and SLA · account ${record.accountId}`),
      installation: { id: record.id, accountId: record.accountId, chatwootUrl: record.chatwootUrl },
      form,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      errorList: Object.entries(errors).map(([field, message]) => ({ field, message })),
      referenceWarning: references.checked
        ? references.problems.length && !errors.rules
          ? `Saved rules need attention: ${references.problems.join(' ')}`
          : undefined
        : `Could not reach Chatwoot to check team and agent ids (${references.error}).`,
      teams: references.teams,
      agents: references.agents,
      dry: {
        form: dryForm,
        reasons: [
          { value: '', label: 'None', selected: dryForm.reason === '' },
          ...HANDOFF_REASON_CODES.map((code) => ({
            value: code,
            label: code,
            selected: dryForm.reason === code,
          })),
        ],
        error: overrides.dry?.error,
        result: result && {
          rule: result.plan.rule?.name,
          inside: result.plan.businessHours.inside,
          localTime: result.plan.businessHours.localTime,
          language: result.plan.language,
          actions: describeActions(result, result.references),
          warnings: [...result.plan.warnings, ...result.references.problems],
          evaluations: result.plan.evaluations,
        },
      },
    });
  }

  router.get('/admin/installations/:id/routing', async (req, res) => {
    await show(req, res, 200, await findInstallation(req));
  });

  router.post('/admin/installations/:id/routing', async (req, res) => {
    const record = await findInstallation(req);
    const values = readRoutingForm(req.body);
    const result = validateRoutingForm(values);
    if (!result.ok) return show(req, res, 422, record, { form: values, errors: result.errors });
    const context = (await deps.directory.get(record.id)) ?? deps.directory.build(record);
    const references = await checkRoutingReferences(context, result.sections.routing.rules);
    if (references.problems.length)
      return show(req, res, 422, record, { form: values, errors: { rules: references.problems.join(' ') } });
    await deps.store.installations.update(record.id, {
      settings: { ...record.settings, ...result.sections },
    });
    deps.directory.invalidate(record.id);
    await deps.store.audit.append({
      id: randomUUID(),
      installationId: record.id,
      actor: 'admin',
      action: 'settings.updated',
      subject: 'routing',
      reason: 'changed on the admin page',
      data: {
        sections: ['routing', 'businessHours', 'sla'],
        rules: result.sections.routing.rules.length,
        slaTargets: result.sections.sla.targets.length,
      },
      at: deps.now().toISOString(),
    });
    res.redirect(303, withNotice(path(record.id), 'settings-saved'));
  });

  router.post('/admin/installations/:id/routing/dry-run', async (req, res) => {
    const record = await findInstallation(req);
    const form = readDryRunForm(req.body);
    const settings = parseInstallationSettings(record.settings);
    const { input, error } = dryRunInputOf(form, settings.routing.timezone);
    if (!input) return show(req, res, 422, record, { dry: { form, error } });
    const context = (await deps.directory.get(record.id)) ?? deps.directory.build(record);
    try {
      const result = await dryRunRouting(
        { store: deps.store, logger: deps.logger, now: deps.now },
        context,
        input,
      );
      return show(req, res, 200, record, { dry: { form, result } });
    } catch (failure) {
      if (!(failure instanceof BadRequestError) && !(failure instanceof ChatwootApiError)) throw failure;
      return show(req, res, 422, record, { dry: { form, error: failure.message } });
    }
  });

  router.use('/admin/installations/:id/routing', kit.errors);
  return router;
}
