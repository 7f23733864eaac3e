import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { BadRequestError, ChatwootApiError, NotFoundError, OmniloomError } from '../../errors.ts';
import { configureChannel } from '../../install/configure-channel.ts';
import { registerChannelWebhook } from '../../install/register-channel-webhook.ts';
import { uninstallOmniloom } from '../../install/uninstall-omniloom.ts';
import type { InstallationRecord } from '../../store/store.ts';
import type { AdminContext } from '../admin-context.ts';
import { withNotice } from '../flash-notices.ts';
import {
  belongsTo,
  loadInstallationPage,
  type InstallationPageOverrides,
} from '../load-installation-page.ts';
import { readSettingsForm, validateSettingsForm } from '../read-settings-form.ts';

/**
 * One installation's page (`/admin/installations/:id`) and the forms on it:
 * settings, channel credentials and webhook registration, dead-letter retry
 * and uninstall.
 */
export function createInstallationRouter(ctx: AdminContext): Router {
  const { deps } = ctx;
  const router = Router();
  const pagePath = (id: string) => `/admin/installations/${encodeURIComponent(id)}`;

  router.get('/admin/installations/:id', async (req, res) => {
    await showPage(req, res, 200, await findInstallation(req));
  });

  router.post('/admin/installations/:id', async (req, res) => {
    const record = await findInstallation(req);
    const values = readSettingsForm(req.body);
    const result = validateSettingsForm(values);
    if (!result.ok) return showPage(req, res, 422, record, { settings: { values, errors: result.errors } });
    // Keys other features keep in the settings object survive; the schema's sections are replaced whole.
    await deps.store.installations.update(record.id, {
      settings: { ...record.settings, ...result.settings },
    });
    deps.directory.invalidate(record.id);
    await audit(record.id, 'settings.updated', 'settings', { sections: Object.keys(result.settings) });
    res.redirect(303, withNotice(pagePath(record.id), 'settings-saved', 'settings'));
  });

  router.post('/admin/installations/:id/channels/:channel', async (req, res) => {
    const record = await findInstallation(req);
    const channel = String(req.params.channel);
    const connector = deps.connectors(channel);
    if (!connector) throw new NotFoundError(`No channel named "${channel}".`);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const configText = typeof body.config === 'string' ? body.config : '';
    const failed = (error: string) =>
      showPage(req, res, 422, record, { channel: { channel, error, configText } });

    let config: Record<string, unknown> = {};
    if (configText.trim() !== '') {
      try {
        config = JSON.parse(configText) as Record<string, unknown>;
      } catch (error) {
        return failed(`The settings are not valid JSON: ${(error as Error).message}.`);
      }
      if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        return failed(
          'The settings must be a JSON object, for example {"apiBaseUrl": "https://slack.com/api/"}.',
        );
      }
    }
    const credentials: Record<string, string> = {};
    for (const field of connector.credentialFields) {
      const value = body[`credential.${field}`];
      if (typeof value === 'string' && value.trim() !== '') credentials[field] = value.trim();
    }
    try {
      const result = await configureChannel(deps, record.id, channel, { credentials, config });
      await audit(record.id, 'channel.configured', channel, {
        credentialFieldsChanged: Object.keys(credentials).sort(),
        inboxId: result.inboxId,
      });
    } catch (error) {
      if (error instanceof BadRequestError || error instanceof ChatwootApiError) return failed(error.message);
      throw error;
    }
    res.redirect(303, withNotice(pagePath(record.id), 'channel-saved', `channel-${channel}`));
  });

  router.post('/admin/installations/:id/channels/:channel/webhook', async (req, res) => {
    const record = await findInstallation(req);
    const channel = String(req.params.channel);
    const connector = deps.connectors(channel);
    if (!connector) throw new NotFoundError(`No channel named "${channel}".`);
    let registration;
    try {
      registration = await registerChannelWebhook(deps, record.id, channel);
    } catch (error) {
      // The platform's refusal (bad token, unreachable URL) is for the admin to fix, shown on the card.
      if (!(error instanceof OmniloomError)) throw error;
      return showPage(req, res, error instanceof BadRequestError ? 422 : 502, record, {
        channel: { channel, error: `The webhook was not registered: ${error.message}` },
      });
    }
    await audit(record.id, 'channel.webhook_registered', channel, {
      webhookUrl: registration.webhookUrl,
      eventTypes: registration.eventTypes ?? null,
    });
    // Rendered rather than redirected: the notice names what the platform confirmed. Sending it again is harmless.
    const confirmed = registration.eventTypes?.length
      ? ` It confirmed these events: ${registration.eventTypes.join(', ')}.`
      : '';
    await showPage(req, res, 200, record, {
      channel: {
        channel,
        notice: `Webhook registered: ${connector.displayName} now delivers to the URL above.${confirmed}`,
      },
    });
  });

  router.post('/admin/installations/:id/dead-letters/retry', async (req, res) => {
    const record = await findInstallation(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const queue = typeof body.queue === 'string' ? body.queue : '';
    const jobId = typeof body.job === 'string' ? body.job : '';
    // Only a dead letter of this installation may be retried from its page.
    const letter = (await deps.queue.deadLetters(queue)).find(
      (entry) => entry.id === jobId && belongsTo(entry, record.id),
    );
    const retried = letter ? await deps.queue.retryDeadLetter(queue, jobId) : false;
    if (retried) await audit(record.id, 'dead_letter.retried', `${queue}/${jobId}`, { queue });
    res.redirect(303, withNotice(pagePath(record.id), retried ? 'retried' : 'retry-missing', 'status'));
  });

  router.get('/admin/installations/:id/uninstall', async (req, res) => {
    const record = await findInstallation(req);
    ctx.send(res, 200, 'uninstall', {
      ...ctx.frame(req, 'Uninstall Omniloom', 'installations'),
      installation: describe(record),
    });
  });

  router.post('/admin/installations/:id/uninstall', async (req, res) => {
    const record = await findInstallation(req);
    try {
      await uninstallOmniloom(deps, record.id);
    } catch (error) {
      if (!(error instanceof BadRequestError || error instanceof ChatwootApiError)) throw error;
      return ctx.send(res, 502, 'uninstall', {
        ...ctx.frame(req, 'Uninstall Omniloom', 'installations'),
        installation: describe(record),
        error: error.message,
      });
    }
    res.redirect(303, withNotice('/admin', 'uninstalled'));
  });

  async function findInstallation(req: Request): Promise<InstallationRecord> {
    const record = await deps.store.installations.get(String(req.params.id));
    if (!record)
      throw new NotFoundError('There is no installation with that id. It may have been uninstalled.');
    return record;
  }

  async function showPage(
    req: Request,
    res: Response,
    status: number,
    record: InstallationRecord,
    overrides?: InstallationPageOverrides,
  ) {
    const page = await loadInstallationPage(deps, record, overrides);
    ctx.send(res, status, 'installation', {
      ...ctx.frame(req, `Account ${record.accountId} · ${new URL(record.chatwootUrl).host}`, 'installations'),
      ...page,
    });
  }

  async function audit(
    installationId: string,
    action: string,
    subject: string,
    data: Record<string, unknown>,
  ) {
    await deps.store.audit.append({
      id: randomUUID(),
      installationId,
      actor: 'admin',
      action,
      subject,
      reason: 'changed on the admin page',
      data,
      at: new Date().toISOString(),
    });
  }

  return router;
}

function describe(record: InstallationRecord) {
  return {
    id: record.id,
    chatwootUrl: record.chatwootUrl,
    accountId: record.accountId,
    agentBotId: record.provisioned.agentBotId,
    channels: Object.keys(record.provisioned.apiInboxes ?? {}),
  };
}
