import type { InstallationContext } from '../install/installation-directory.ts';
import { AI_MODES, parseInstallationSettings } from '../install/installation-settings.ts';
import { installationUrls } from '../install/public-urls.ts';
import type { DeadLetter } from '../queue/queue.ts';
import type { ChannelAccountRecord, InstallationRecord } from '../store/store.ts';
import type { AdminDeps } from './admin-context.ts';
import { formatTime } from './format-time.ts';
import { AUTO_MERGE_KINDS, presentSettingsForm, type SettingsFormValues } from './present-settings-form.ts';
import type { SettingsFormErrors } from './read-settings-form.ts';
import { withDeadline } from '../timing/with-deadline.ts';

/** What the admin typed into a form that failed, shown again with its error. */
export interface InstallationPageOverrides {
  settings?: { values: SettingsFormValues; errors: SettingsFormErrors };
  /** A channel form's outcome: a failed save (with the settings typed) or a webhook registration's result. */
  channel?: { channel: string; error?: string; notice?: string; configText?: string };
}

const MAX_DEAD_LETTERS_SHOWN = 50;
const AUTO_MERGE_LABELS: Record<(typeof AUTO_MERGE_KINDS)[number], string> = {
  email: 'Email address',
  phone: 'Phone number',
  external_id: 'External id',
  channel_user: 'Channel user id',
};
const MODE_LABELS: Record<string, string> = {
  off: 'Off',
  suggest: 'Suggest replies',
  auto: 'Answer automatically',
};

/**
 * The view model of an installation's page: settings form, channel forms and
 * status panel. Secrets never enter it: credential fields are reported as
 * set or not set, nothing more.
 */
export async function loadInstallationPage(
  deps: AdminDeps,
  record: InstallationRecord,
  overrides: InstallationPageOverrides = {},
) {
  const settings = parseInstallationSettings(record.settings);
  const form = overrides.settings?.values ?? presentSettingsForm(settings);
  const errors = overrides.settings?.errors ?? {};
  const accounts = await deps.store.channelAccounts.list(record.id);
  const [inboxList, queues, deadLetters] = await Promise.all([
    listInboxes(deps, record, Object.keys(form.inboxModes)),
    Promise.all(deps.queueNames().map(async (name) => ({ name, ...(await deps.queue.counts(name)) }))),
    deadLettersOf(deps, record.id),
  ]);

  return {
    installation: {
      id: record.id,
      chatwootUrl: record.chatwootUrl,
      accountId: record.accountId,
      status: record.status,
      agentBotId: record.provisioned.agentBotId,
      createdAt: formatTime(record.createdAt),
      dashboardAppUrl: installationUrls(deps.publicUrl, record.id, '').dashboardApp,
    },
    form,
    errors,
    errorList: Object.entries(errors).map(([field, message]) => ({ field: fieldAnchor(field), message })),
    hasErrors: Object.keys(errors).length > 0,
    defaultModeOptions: options(AI_MODES, form.defaultMode),
    inboxes: inboxList.inboxes.map((inbox) => ({
      ...inbox,
      options: [
        { value: '', label: 'Default', selected: (form.inboxModes[String(inbox.id)] ?? '') === '' },
        ...options(AI_MODES, form.inboxModes[String(inbox.id)] ?? ''),
      ],
    })),
    inboxWarning: inboxList.warning,
    autoMerge: AUTO_MERGE_KINDS.map((kind) => ({
      kind,
      label: AUTO_MERGE_LABELS[kind],
      checked: form.autoMerge[kind],
    })),
    afterResolvedOptions: [
      {
        value: 'reopen',
        label: 'Reopen the resolved conversation',
        selected: form.afterResolved === 'reopen',
      },
      {
        value: 'new_conversation',
        label: 'Start a new conversation',
        selected: form.afterResolved === 'new_conversation',
      },
    ],
    channels: presentChannels(deps, record, accounts, overrides.channel),
    status: {
      channels: accounts.map((account) => ({
        channel: deps.channelName(account.channel) ?? account.channel,
        inboxId: account.inboxId,
        lastInboundAt: formatTime(account.lastInboundAt),
      })),
      queues,
      deadLetters,
    },
  };
}

function options(values: readonly string[], selected: string) {
  return values.map((value) => ({ value, label: MODE_LABELS[value] ?? value, selected: value === selected }));
}

/** Id of the input an error message belongs to, for the error summary's links. */
function fieldAnchor(field: string): string {
  if (field === 'autoMerge') return 'autoMerge-email';
  if (field === 'form') return 'settings';
  return field;
}

interface InboxRow {
  id: number;
  name: string;
  channelType: string;
}

/** The account's inboxes from Chatwoot, plus any inbox a saved mode mentions; a slow or failing Chatwoot only adds a warning. */
async function listInboxes(
  deps: AdminDeps,
  record: InstallationRecord,
  configuredIds: string[],
): Promise<{ inboxes: InboxRow[]; warning?: string }> {
  let fetched: InboxRow[] = [];
  let warning: string | undefined;
  try {
    const context: InstallationContext =
      (await deps.directory.get(record.id)) ?? deps.directory.build(record);
    const inboxes = await withDeadline(context.chatwoot.listInboxes(), deps.inboxListTimeoutMs ?? 4_000);
    fetched = inboxes.map((inbox) => ({
      id: inbox.id,
      name: inbox.name,
      channelType: describeChannelType(inbox.channel_type),
    }));
  } catch (error) {
    warning = `Could not list the account's inboxes from Chatwoot (${(error as Error).message}). Inboxes with a saved mode are shown.`;
  }
  const known = new Set(fetched.map((inbox) => String(inbox.id)));
  const extra = [
    ...new Set([
      ...configuredIds,
      ...(record.provisioned.botInboxes ?? []).map((entry) => String(entry.inboxId)),
    ]),
  ]
    .filter((id) => !known.has(id))
    .map((id) => ({
      id: Number(id),
      name: `Inbox ${id}`,
      channelType: warning ? 'unknown' : 'not found in Chatwoot',
    }));
  return { inboxes: [...fetched, ...extra].sort((a, b) => a.id - b.id), warning };
}

/** Chatwoot's channel classes as its own settings pages name them. */
const CHANNEL_TYPE_NAMES: Record<string, string> = {
  'Channel::WebWidget': 'Website',
  'Channel::Api': 'API',
  'Channel::Email': 'Email',
  'Channel::FacebookPage': 'Facebook',
  'Channel::Instagram': 'Instagram',
  'Channel::TwitterProfile': 'Twitter',
  'Channel::TwilioSms': 'Twilio SMS / WhatsApp',
  'Channel::Sms': 'SMS',
  'Channel::Whatsapp': 'WhatsApp',
  'Channel::Telegram': 'Telegram',
  'Channel::Line': 'LINE',
  'Channel::Voice': 'Voice',
};

/** `Channel::WebWidget` → `Website`; unknown classes lose the prefix and gain spaces. */
function describeChannelType(type: string): string {
  return CHANNEL_TYPE_NAMES[type] ?? splitWords(type.replace(/^Channel::/, ''));
}

/** `botToken` → `Bot token`. */
function splitWords(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function presentChannels(
  deps: AdminDeps,
  record: InstallationRecord,
  accounts: ChannelAccountRecord[],
  result: InstallationPageOverrides['channel'],
) {
  const byChannel = new Map(accounts.map((account) => [account.channel, account]));
  return deps.listChannels().map((connector) => {
    const account = byChannel.get(connector.id);
    const stored = account ? storedCredentialNames(deps, account) : new Set<string>();
    const outcome = result?.channel === connector.id ? result : undefined;
    return {
      id: connector.id,
      name: connector.displayName,
      added: account?.inboxId !== undefined,
      inboxId: account?.inboxId,
      webhookUrl: installationUrls(deps.publicUrl, record.id, '').channelWebhook(connector.id),
      fields: connector.credentialFields.map((field) => ({
        name: field,
        label: splitWords(field),
        inputId: `${connector.id}-${field}`,
        set: stored.has(field),
      })),
      registersWebhook: connector.registerWebhook !== undefined,
      configText: outcome?.configText ?? JSON.stringify(account?.config ?? {}, null, 2),
      error: outcome?.error,
      notice: outcome?.notice,
    };
  });
}

/** Names of the credentials that hold a value: the values themselves never leave this function. */
function storedCredentialNames(deps: AdminDeps, account: ChannelAccountRecord): Set<string> {
  try {
    const credentials = JSON.parse(deps.secrets.open(account.credentialsCiphertext)) as Record<
      string,
      unknown
    >;
    return new Set(
      Object.keys(credentials).filter(
        (key) => typeof credentials[key] === 'string' && credentials[key] !== '',
      ),
    );
  } catch {
    return new Set();
  }
}

async function deadLettersOf(deps: AdminDeps, installationId: string) {
  const letters = (await deps.queue.deadLetters()).filter((letter) => belongsTo(letter, installationId));
  return letters
    .sort((a, b) => b.failedAt.localeCompare(a.failedAt))
    .slice(0, MAX_DEAD_LETTERS_SHOWN)
    .map((letter) => ({
      id: letter.id,
      queue: letter.queue,
      attempts: letter.attempts,
      error: letter.error.length > 500 ? `${letter.error.slice(0, 500)}…` : letter.error,
      failedAt: formatTime(letter.failedAt),
    }));
}

/** Every Omniloom job carries the installation id it works for. */
export function belongsTo(letter: DeadLetter, installationId: string): boolean {
  return (letter.data as { installationId?: unknown } | null)?.installationId === installationId;
}
