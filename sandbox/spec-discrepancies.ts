import type { ViolationKind } from './validation/violation-log.ts';

/**
 * A known difference between Chatwoot's real behaviour (its controllers and jbuilder views at the
 * pinned commit 38d6ee6d) and its swagger.json. The sandbox follows Chatwoot; violations covered by an
 * entry are not recorded, so response validation still catches the sandbox's own mistakes. Entries are
 * as narrow as the difference allows (operation, field path, schema keyword, type of the value).
 */
export interface SpecDiscrepancy {
  /** Stable name of the entry. */
  id: string;
  /** `METHOD /template` as written in the spec, or `*` for every operation. */
  operation: string;
  direction: 'request' | 'response';
  kind?: ViolationKind;
  status?: number;
  /** Query/path parameter name, for parameter kinds. */
  parameter?: string;
  /** Schema errors only: the error's instance path must match. */
  instancePath?: RegExp;
  /** Schema errors only: the ajv keyword (`type`, `enum`, `required`, …). */
  keyword?: string;
  /** Schema errors only: the JSON type of the offending value (`null`, `string`, `array`, …). */
  actualType?: string;
  /** Why Chatwoot differs from its spec here, with the source that shows it. */
  reason: string;
}

const CONVERSATIONS = 'GET /api/v1/accounts/{account_id}/conversations';
const MESSAGES = '/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages';

/**
 * Attributes Chatwoot renders as `null` when unset (jbuilder writes nil as null) while swagger.json
 * declares them without `nullable`. Only null values of these names are tolerated; any other type
 * error on them is still a violation.
 */
const NIL_ATTRIBUTES = [
  // contacts (`_contact.json.jbuilder`, `Contact#push_event_data`)
  'email',
  'phone_number',
  'identifier',
  // users and agents (`_user.json.jbuilder`, `_agent.json.jbuilder`)
  'inviter_id',
  'display_name',
  'custom_role_id',
  // agent bots, teams, custom attribute definitions
  'description',
  'outgoing_url',
  'attribute_description',
  'default_value',
  'regex_pattern',
  'regex_cue',
  // inboxes (`_inbox.json.jbuilder`: channel attributes through `channel.try(...)`)
  'greeting_message',
  'out_of_office_message',
  'business_name',
  'callback_webhook_url',
  'website_url',
  'widget_color',
  'website_token',
  'web_widget_script',
  'welcome_title',
  'welcome_tagline',
  'reply_time',
  'selected_feature_flags',
  'messaging_service_sid',
  'provider',
  'hmac_mandatory',
  'open_hour',
  'open_minutes',
  'close_hour',
  'close_minutes',
  // conversations and messages
  'priority',
  'sla_policy_id',
  'snoozed_until',
  'last_non_activity_message',
  'agent_last_seen_at',
  'assignee_last_seen_at',
  'source_id',
  'sender_type',
  'sender_id',
  'content',
  'success',
  // accounts and help center
  'domain',
  'support_email',
  'latest_chatwoot_version',
  'color',
  'custom_domain',
  'header_text',
  'homepage_link',
  'page_title',
];

/** The allow-list of known spec discrepancies. */
export const SPEC_DISCREPANCIES: SpecDiscrepancy[] = [
  {
    id: 'nil-attributes-render-null',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'type',
    actualType: 'null',
    instancePath: new RegExp(`/(${NIL_ATTRIBUTES.join('|')})$`),
    reason:
      'jbuilder renders unset attributes as null; swagger.json declares these properties without `nullable` (see NIL_ATTRIBUTES for the views).',
  },
  {
    id: 'conversation-timestamp-integer',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'type',
    actualType: 'integer',
    instancePath: /(^|\/)timestamp$/,
    reason:
      '`_conversation.json.jbuilder`: `json.timestamp conversation.last_activity_at.to_i` (unix seconds); the spec says string.',
  },
  {
    id: 'conversation-snoozed-until-iso',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'type',
    actualType: 'string',
    instancePath: /(^|\/)snoozed_until$/,
    reason:
      '`json.snoozed_until conversation.snoozed_until` renders the datetime as ISO-8601; the spec says number.',
  },
  {
    id: 'conversation-status-snoozed',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'enum',
    instancePath: /^(\/data)?(\/payload\/\d+)?\/status$/,
    reason:
      '`Conversation.statuses` is open/resolved/pending/snoozed; the conversation schema enum lacks snoozed.',
  },
  {
    id: 'push-message-updated-at-iso',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'type',
    actualType: 'string',
    instancePath: /(messages\/\d+|last_non_activity_message)\/updated_at$/,
    reason:
      '`Message#push_event_data` merges the raw attributes, so updated_at is an ISO-8601 time (see payloads/*.json); the spec says integer.',
  },
  {
    id: 'push-message-sender-type-class-name',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'enum',
    instancePath: /(messages\/\d+|last_non_activity_message)\/sender_type$/,
    reason:
      '`sender_type` is the polymorphic class name (Contact, User, AgentBot), not contact/agent/agent_bot as the spec enum says.',
  },
  {
    id: 'message-type-template',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'enum',
    instancePath: /message_type$/,
    reason:
      '`Message.message_types` has template (3) besides incoming/outgoing/activity; the spec enum stops at 2.',
  },
  {
    id: 'list-current-page-integer',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'type',
    actualType: 'integer',
    instancePath: /\/meta\/current_page$/,
    reason:
      '`@current_page = params[:page] || 1`: the integer 1 when no page is given, the string otherwise; the spec says string.',
  },
  {
    id: 'inbox-selected-feature-flags-array',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'type',
    actualType: 'array',
    instancePath: /selected_feature_flags$/,
    reason:
      'Web widget `selected_feature_flags` (FlagShihTzu) is a list of flag names; the spec says object.',
  },
  {
    id: 'account-features-hash',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    instancePath: /^\/features$/,
    keyword: 'type',
    reason:
      '`json.features @account.enabled_features` is a hash of feature name → true (Featurable#enabled_features); the spec says array.',
  },
  {
    id: 'custom-attribute-values-array',
    operation: '*',
    direction: 'response',
    kind: 'response-body',
    keyword: 'type',
    actualType: 'array',
    instancePath: /^(\/\d+)?\/attribute_values$/,
    reason: '`attribute_values` is a jsonb array; the spec says string.',
  },
  {
    id: 'contact-create-payload-object',
    operation: 'POST /api/v1/accounts/{account_id}/contacts',
    direction: 'response',
    kind: 'response-body',
    instancePath: /^\/payload$/,
    keyword: 'type',
    actualType: 'object',
    reason:
      '`contacts/create.json.jbuilder` renders `{ payload: { contact, contact_inbox } }`; the spec reuses the list schema (array).',
  },
  {
    id: 'webhook-list-envelope',
    operation: 'GET /api/v1/accounts/{account_id}/webhooks',
    direction: 'response',
    kind: 'response-body',
    instancePath: /^$/,
    keyword: 'type',
    actualType: 'object',
    reason:
      '`webhooks/index.json.jbuilder` renders `{ payload: { webhooks: [...] } }`; the spec says a bare array.',
  },
  {
    id: 'assignment-null',
    operation: 'POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/assignments',
    direction: 'response',
    kind: 'response-body',
    instancePath: /^$/,
    actualType: 'null',
    reason: '`AssignmentsController` renders `json: nil` when unassigning or when the team/bot is not found.',
  },
  {
    id: 'set-agent-bot-head-ok',
    operation: 'POST /api/v1/accounts/{account_id}/inboxes/{id}/set_agent_bot',
    direction: 'response',
    kind: 'undeclared-status',
    status: 200,
    reason: '`InboxesController#set_agent_bot` answers `head :ok` (200); the spec declares 204.',
  },
  {
    id: 'inbox-agent-bot-200',
    operation: 'GET /api/v1/accounts/{account_id}/inboxes/{id}/agent_bot',
    direction: 'response',
    kind: 'undeclared-status',
    status: 200,
    reason: '`inboxes/agent_bot.json.jbuilder` renders `{ agent_bot: ... }` with 200; the spec declares 204.',
  },
  {
    id: 'contact-update-200',
    operation: 'PUT /api/v1/accounts/{account_id}/contacts/{id}',
    direction: 'response',
    kind: 'undeclared-status',
    status: 200,
    reason: '`contacts/update.json.jbuilder` renders `{ payload: contact }` with 200; the spec declares 204.',
  },
  {
    id: 'custom-attribute-delete-no-content',
    operation: 'DELETE /api/v1/accounts/{account_id}/custom_attribute_definitions/{id}',
    direction: 'response',
    kind: 'undeclared-status',
    status: 204,
    reason:
      '`CustomAttributeDefinitionsController#destroy` answers `head :no_content`; the spec declares 200.',
  },
  {
    id: 'message-create-multipart',
    operation: `POST ${MESSAGES}`,
    direction: 'request',
    kind: 'unsupported-media-type',
    reason:
      'Attachments are sent as multipart/form-data `attachments[]` parts (Messages::MessageBuilder#process_attachments); the spec only declares application/json. The form fields are still validated against the JSON schema.',
  },
  {
    id: 'message-list-paging',
    operation: `GET ${MESSAGES}`,
    direction: 'request',
    kind: 'unknown-query-parameter',
    reason:
      '`MessageFinder` pages with `before` and `after` (message ids); the spec lists no query parameters.',
  },
  {
    id: 'contact-create-without-inbox',
    operation: 'POST /api/v1/accounts/{account_id}/contacts',
    direction: 'request',
    kind: 'request-body',
    keyword: 'required',
    instancePath: /^$/,
    reason:
      '`ContactsController#create` builds a contact inbox only when `inbox_id` is present; the spec marks it required.',
  },
  {
    id: 'contact-include-contact-inboxes',
    operation: '*',
    direction: 'request',
    kind: 'unknown-query-parameter',
    parameter: 'include_contact_inboxes',
    reason:
      '`ContactsController#set_include_contact_inboxes` reads `include_contact_inboxes` on index/search/filter/show/update.',
  },
  {
    id: 'conversation-list-extra-filters',
    operation: CONVERSATIONS,
    direction: 'request',
    kind: 'unknown-query-parameter',
    reason:
      '`ConversationFinder` also reads `source_id`, `sort_by`, `conversation_type` and `updated_within`.',
  },
  {
    id: 'filter-query-operator-case-and-null',
    operation: '*',
    direction: 'request',
    kind: 'request-body',
    instancePath: /^\/payload\/\d+\/query_operator$/,
    reason:
      '`FilterHelper#validate_single_condition` accepts null/empty (last condition) and upcases and/or; the spec only allows "AND"/"OR" (its own example uses null).',
  },
  {
    id: 'filter-operators-and-values',
    operation: '*',
    direction: 'request',
    kind: 'request-body',
    instancePath: /^\/payload\/\d+\/(filter_operator|values(\/\d+)?)$/,
    reason:
      '`lib/filters/filter_keys.yml` allows is_present, is_not_present, is_greater_than, is_less_than, days_before and starts_with, and values may be numbers or booleans; the spec lists four operators and string values.',
  },
  {
    id: 'toggle-status-without-body',
    operation: 'POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status',
    direction: 'request',
    kind: 'missing-body',
    reason:
      '`ConversationsController#toggle_status` toggles open ↔ resolved when no status is given; the spec requires a body.',
  },
  {
    id: 'unassign-with-null',
    operation: 'POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/assignments',
    direction: 'request',
    kind: 'request-body',
    instancePath: /^\/(assignee_id|team_id)$/,
    keyword: 'type',
    actualType: 'null',
    reason: '`assignee_id: null` (or `team_id: null`) unassigns (`Conversations::AssignmentService`).',
  },
  {
    id: 'detach-agent-bot-with-null',
    operation: 'POST /api/v1/accounts/{account_id}/inboxes/{id}/set_agent_bot',
    direction: 'request',
    kind: 'request-body',
    instancePath: /^\/agent_bot$/,
    keyword: 'type',
    actualType: 'null',
    reason: '`agent_bot: null` detaches the inbox bot (`InboxesController#set_agent_bot`).',
  },
];
