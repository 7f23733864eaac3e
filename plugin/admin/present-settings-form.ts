import type { InstallationSettings } from '../install/installation-settings.ts';

export const AUTO_MERGE_KINDS = ['email', 'phone', 'external_id', 'channel_user'] as const;
export type AutoMergeKind = (typeof AUTO_MERGE_KINDS)[number];

/** The settings form as the admin sees and types it: text for every field, so a rejected form re-renders verbatim. */
export interface SettingsFormValues {
  defaultMode: string;
  /** Inbox id → mode, or '' for "use the default". */
  inboxModes: Record<string, string>;
  threshold: string;
  persona: string;
  systemPrompt: string;
  /** Comma-separated language codes. */
  languages: string;
  /** One topic per line. */
  humanOnlyTopics: string;
  handoffMessage: string;
  defaultRegion: string;
  autoMerge: Record<AutoMergeKind, boolean>;
  afterResolved: string;
  timezone: string;
  /** Routing rules as pretty-printed JSON. */
  routingRules: string;
}

/** Form values showing the saved settings. */
export function presentSettingsForm(settings: InstallationSettings): SettingsFormValues {
  return {
    defaultMode: settings.ai.defaultMode,
    inboxModes: { ...settings.ai.inboxModes },
    threshold: String(settings.ai.threshold),
    persona: settings.ai.persona,
    systemPrompt: settings.ai.systemPrompt,
    languages: settings.ai.languages.join(', '),
    humanOnlyTopics: settings.ai.humanOnlyTopics.join('\n'),
    handoffMessage: settings.ai.handoffMessage,
    defaultRegion: settings.identity.defaultRegion,
    autoMerge: { ...settings.identity.autoMerge },
    afterResolved: settings.conversations.afterResolved,
    timezone: settings.routing.timezone,
    routingRules: JSON.stringify(settings.routing.rules, null, 2),
  };
}
