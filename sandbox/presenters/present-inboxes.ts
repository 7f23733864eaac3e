import type { InboxRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';

const WEEKDAY = {
  closed_all_day: false,
  open_hour: 9,
  open_minutes: 0,
  close_hour: 17,
  close_minutes: 0,
  open_all_day: false,
};
const CLOSED = {
  closed_all_day: true,
  open_hour: null,
  open_minutes: null,
  close_hour: null,
  close_minutes: null,
  open_all_day: false,
};

/** The default weekly schedule Chatwoot creates for every inbox (`OutOfOffisable#create_default_working_hours`). */
function weeklySchedule(): Array<Record<string, unknown>> {
  return [0, 1, 2, 3, 4, 5, 6].map((day) => ({
    day_of_week: day,
    ...(day === 0 || day === 6 ? CLOSED : WEEKDAY),
  }));
}

/** The web widget embed snippet (`Channel::WebWidget#web_widget_script`). */
function webWidgetScript(baseUrl: string, websiteToken: string): string {
  return `
    <script>
      (function(d,t) {
        var BASE_URL="${baseUrl}";
        var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
        g.src=BASE_URL+"/packs/js/sdk.js";
        g.async = true;
        s.parentNode.insertBefore(g,s);
        g.onload=function(){
          window.chatwootSDK.run({
            websiteToken: '${websiteToken}',
            baseUrl: BASE_URL
          })
        }
      })(document,"script");
    </script>
    `;
}

/**
 * `app/views/api/v1/models/_inbox.json.jbuilder`. `hmac_token` (and other secrets) only for administrators.
 */
export function presentInbox(
  state: SandboxState,
  inbox: InboxRecord,
  isAdmin: boolean,
): Record<string, unknown> {
  const channel = inbox.channel;
  const type = channel.type;
  const portal = inbox.portalId ? state.portals.get(inbox.portalId) : undefined;
  const json: Record<string, unknown> = {
    id: inbox.id,
    avatar_url: '',
    channel_id: channel.id,
    name: inbox.name,
    channel_type: type,
    greeting_enabled: inbox.greetingEnabled,
    greeting_message: inbox.greetingMessage,
    working_hours_enabled: inbox.workingHoursEnabled,
    enable_email_collect: inbox.enableEmailCollect,
    csat_survey_enabled: inbox.csatSurveyEnabled,
    csat_config: {},
    enable_auto_assignment: inbox.enableAutoAssignment,
    auto_assignment_config: {},
    out_of_office_message: inbox.outOfOfficeMessage,
    working_hours: weeklySchedule(),
    timezone: inbox.timezone,
    callback_webhook_url: callbackWebhookUrl(state, inbox),
    allow_messages_after_resolved: inbox.allowMessagesAfterResolved,
    lock_to_single_conversation: inbox.lockToSingleConversation,
    sender_name_type: inbox.senderNameType,
    business_name: inbox.businessName,
  };
  if (portal) json.help_center = { name: portal.name, slug: portal.slug };
  const widget = type === 'Channel::WebWidget';
  json.allowed_domains = widget ? '' : null;
  json.widget_color = channel.widgetColor ?? null;
  json.website_url = channel.websiteUrl ?? null;
  json.hmac_mandatory = channel.hmacMandatory ?? null;
  json.welcome_title = channel.welcomeTitle ?? null;
  json.welcome_tagline = channel.welcomeTagline ?? null;
  json.web_widget_script =
    widget && channel.websiteToken ? webWidgetScript(state.baseUrl, channel.websiteToken) : null;
  json.website_token = channel.websiteToken ?? null;
  json.selected_feature_flags = widget ? ['attachments', 'emoji_picker', 'end_conversation'] : null;
  json.reply_time = widget ? 'in_a_few_minutes' : null;
  if (widget) {
    if (isAdmin) json.hmac_token = channel.hmacToken;
    json.pre_chat_form_enabled = false;
    json.pre_chat_form_options = {
      pre_chat_message: 'Share your queries or comments here.',
      pre_chat_fields: [],
    };
    json.continuity_via_email = true;
  }
  if (type === 'Channel::FacebookPage') {
    json.page_id = channel.pageId ?? null;
    json.reauthorization_required = false;
  }
  if (type === 'Channel::Instagram') {
    json.reauthorization_required = false;
    json.instagram_id = channel.instagramId ?? null;
  }
  json.messaging_service_sid = channel.messagingServiceSid ?? null;
  json.phone_number = channel.phoneNumber ?? null;
  if (type === 'Channel::TwilioSms') {
    json.medium = channel.medium ?? 'sms';
    json.content_templates = {};
    if (isAdmin) {
      json.auth_token = 'sandbox-twilio-auth-token';
      json.account_sid = channel.accountSid ?? null;
    }
  }
  if (type === 'Channel::Email') {
    json.email = channel.email ?? null;
    json.forwarding_enabled = false;
  }
  if (type === 'Channel::Api') {
    if (isAdmin) json.hmac_token = channel.hmacToken;
    json.webhook_url = channel.webhookUrl ?? null;
    json.inbox_identifier = channel.identifier;
    json.additional_attributes = channel.additionalAttributes ?? {};
  }
  json.provider = channel.provider ?? null;
  if (type === 'Channel::Telegram') json.bot_name = channel.botName ?? null;
  if (type === 'Channel::Whatsapp') {
    json.message_templates = [];
    if (isAdmin) json.provider_config = {};
    json.reauthorization_required = false;
  }
  return json;
}

/** `Inbox#callback_webhook_url`: where the platform of a native channel posts its webhooks. */
function callbackWebhookUrl(state: SandboxState, inbox: InboxRecord): string | null {
  const base = state.baseUrl;
  switch (inbox.channel.type) {
    case 'Channel::TwilioSms':
      return `${base}/twilio/callback`;
    case 'Channel::Sms':
      return `${base}/webhooks/sms/${(inbox.channel.phoneNumber ?? '').replace(/^\+/, '')}`;
    case 'Channel::Line':
      return `${base}/webhooks/line/${inbox.channel.lineChannelId ?? ''}`;
    case 'Channel::Whatsapp':
      return `${base}/webhooks/whatsapp/${inbox.channel.phoneNumber ?? ''}`;
    default:
      return null;
  }
}

/** `app/views/api/v1/models/_inbox_slim.json.jbuilder`. */
export function presentInboxSlim(inbox: InboxRecord): Record<string, unknown> {
  return {
    id: inbox.id,
    avatar_url: '',
    channel_id: inbox.channel.id,
    name: inbox.name,
    channel_type: inbox.channel.type,
    provider: inbox.channel.provider ?? null,
  };
}

/** `Inbox#webhook_data`. */
export function presentInboxWebhookData(inbox: InboxRecord): Record<string, unknown> {
  return { id: inbox.id, name: inbox.name };
}
