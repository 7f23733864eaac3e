import { Router, type Request, type Response } from 'express';
import { BadRequestError, ChatwootApiError } from '../../errors.ts';
import { installOmniloom } from '../../install/install-omniloom.ts';
import { installRequestSchema, type InstallRequest } from '../../install/install-request.ts';
import type { AdminContext } from '../admin-context.ts';

interface InstallFormValues {
  chatwootUrl: string;
  accountId: string;
  channels: string[];
  inboxes: string;
}

type InstallFormErrors = Partial<Record<keyof InstallFormValues | 'token', string>>;

const FIELD_HINTS: Record<string, string> = {
  chatwootUrl: 'Enter the Chatwoot base URL, for example https://chatwoot.example.com.',
  accountId: 'Enter the numeric account id (the number after /accounts/ in Chatwoot URLs).',
  token: 'Paste an administrator access token (Chatwoot → Profile settings → Access token).',
  channels: 'Choose channels from the list.',
  inboxes: 'Enter inbox ids separated by commas, or "all".',
};

/**
 * `GET/POST /admin/install`: the install form. It runs the same
 * `installOmniloom` as `POST /api/installations` and `omniloom install`.
 */
export function createInstallRouter(ctx: AdminContext): Router {
  const { deps } = ctx;
  const router = Router();

  router.get('/admin/install', (req, res) => {
    showForm(req, res, 200, { chatwootUrl: '', accountId: '', channels: [], inboxes: '' }, {});
  });

  router.post('/admin/install', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: InstallFormValues = {
      chatwootUrl: text(body.chatwootUrl).trim(),
      accountId: text(body.accountId).trim(),
      channels: list(body.channels),
      inboxes: text(body.inboxes).trim(),
    };
    const errors: InstallFormErrors = {};
    const inboxes = parseInboxes(values.inboxes);
    if (inboxes === undefined) errors.inboxes = FIELD_HINTS.inboxes;
    const request: InstallRequest = {
      chatwootUrl: values.chatwootUrl,
      accountId: values.accountId,
      token: text(body.token),
      channels: values.channels,
      inboxes: inboxes ?? [],
    };
    const parsed = installRequestSchema.safeParse(request);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'chatwootUrl') as keyof InstallFormErrors;
        errors[field] ??= FIELD_HINTS[field] ?? issue.message;
      }
    }
    for (const channel of values.channels) {
      if (!deps.connectors(channel)) errors.channels = `Unknown channel "${channel}".`;
    }
    if (Object.keys(errors).length > 0) return showForm(req, res, 422, values, errors);

    try {
      const result = await installOmniloom(deps, request);
      ctx.send(res, result.changes.length > 0 ? 201 : 200, 'install-result', {
        ...ctx.frame(req, 'Omniloom installed', 'install'),
        result,
        bridged: Object.entries(result.inboxes.bridged).map(([channel, inboxId]) => ({
          channel: deps.channelName(channel) ?? channel,
          inboxId,
          webhookUrl: result.webhooks[channel],
        })),
        chatwootUrl: parsed.data?.chatwootUrl,
        accountId: parsed.data?.accountId,
      });
    } catch (error) {
      if (error instanceof BadRequestError)
        return showForm(req, res, error.status, values, {}, error.message);
      if (error instanceof ChatwootApiError) return showForm(req, res, 502, values, {}, error.message);
      throw error;
    }
  });

  function showForm(
    req: Request,
    res: Response,
    status: number,
    values: InstallFormValues,
    errors: InstallFormErrors,
    error?: string,
  ): void {
    ctx.send(res, status, 'install', {
      ...ctx.frame(req, 'Install Omniloom', 'install'),
      values,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      error,
      channels: deps.listChannels().map((connector) => ({
        id: connector.id,
        name: connector.displayName,
        checked: values.channels.includes(connector.id),
      })),
    });
  }

  return router;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A checkbox group arrives as a string (one box ticked) or an array (several). */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** `''` → none chosen, `all` → every inbox, `1, 2` → ids; undefined when it is none of these. */
function parseInboxes(value: string): 'all' | number[] | undefined {
  if (value === '') return [];
  if (value.toLowerCase() === 'all') return 'all';
  const parts = value.split(/[,\s]+/).filter((part) => part !== '');
  if (!parts.every((part) => /^\d+$/.test(part) && Number(part) > 0)) return undefined;
  return parts.map(Number);
}
