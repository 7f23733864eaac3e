import type { ContactRecord, ConversationRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import { UnprocessableError } from './errors.ts';

/** One condition of a filter payload (`{ payload: [condition, ...] }`). */
export interface FilterCondition {
  attribute_key?: unknown;
  filter_operator?: unknown;
  values?: unknown;
  query_operator?: unknown;
  custom_attribute_type?: unknown;
}

interface AttributeRule {
  kind: 'standard' | 'additional_attributes';
  dataType: 'text' | 'text_case_insensitive' | 'number' | 'labels' | 'date' | 'boolean' | 'link';
  operators: string[];
}

const EQ = ['equal_to', 'not_equal_to'];
const PRESENCE = ['is_present', 'is_not_present'];
const DATE = ['is_greater_than', 'is_less_than', 'days_before'];
const CONTAINS = ['contains', 'does_not_contain'];

/** `lib/filters/filter_keys.yml` (contacts section). */
const CONTACT_RULES: Record<string, AttributeRule> = {
  name: { kind: 'standard', dataType: 'text_case_insensitive', operators: [...EQ, ...CONTAINS] },
  phone_number: { kind: 'standard', dataType: 'text', operators: [...EQ, ...CONTAINS, 'starts_with'] },
  email: { kind: 'standard', dataType: 'text_case_insensitive', operators: [...EQ, ...CONTAINS] },
  identifier: { kind: 'standard', dataType: 'text_case_insensitive', operators: EQ },
  country_code: { kind: 'additional_attributes', dataType: 'text_case_insensitive', operators: EQ },
  city: { kind: 'additional_attributes', dataType: 'text_case_insensitive', operators: [...EQ, ...CONTAINS] },
  company: {
    kind: 'additional_attributes',
    dataType: 'text_case_insensitive',
    operators: [...EQ, ...CONTAINS],
  },
  labels: { kind: 'standard', dataType: 'labels', operators: [...EQ, ...PRESENCE] },
  created_at: { kind: 'standard', dataType: 'date', operators: DATE },
  last_activity_at: { kind: 'standard', dataType: 'date', operators: DATE },
  blocked: { kind: 'standard', dataType: 'boolean', operators: EQ },
};

/** `lib/filters/filter_keys.yml` (conversations section). */
const CONVERSATION_RULES: Record<string, AttributeRule> = {
  status: { kind: 'standard', dataType: 'text', operators: EQ },
  assignee_id: { kind: 'standard', dataType: 'text', operators: [...EQ, ...PRESENCE] },
  inbox_id: { kind: 'standard', dataType: 'text', operators: [...EQ, ...PRESENCE] },
  team_id: { kind: 'standard', dataType: 'number', operators: [...EQ, ...PRESENCE] },
  priority: { kind: 'standard', dataType: 'text', operators: EQ },
  display_id: { kind: 'standard', dataType: 'number', operators: [...EQ, ...CONTAINS] },
  campaign_id: { kind: 'standard', dataType: 'number', operators: [...EQ, ...PRESENCE] },
  labels: { kind: 'standard', dataType: 'labels', operators: [...EQ, ...PRESENCE] },
  browser_language: { kind: 'additional_attributes', dataType: 'text', operators: EQ },
  conversation_language: { kind: 'additional_attributes', dataType: 'text', operators: EQ },
  country_code: { kind: 'additional_attributes', dataType: 'text', operators: EQ },
  referer: { kind: 'additional_attributes', dataType: 'link', operators: [...EQ, ...CONTAINS] },
  created_at: { kind: 'standard', dataType: 'date', operators: DATE },
  last_activity_at: { kind: 'standard', dataType: 'date', operators: DATE },
  mail_subject: { kind: 'additional_attributes', dataType: 'text', operators: [...EQ, ...CONTAINS] },
};

const CUSTOM_TYPES: Record<string, AttributeRule['dataType']> = {
  date: 'date',
  text: 'text',
  number: 'number',
  link: 'text',
  list: 'text',
  checkbox: 'boolean',
};

type Predicate<T> = (record: T) => boolean;

/** Read an attribute value of a record for a condition. */
type Reader<T> = (record: T, key: string, rule: AttributeRule, custom: boolean) => unknown;

function ilike(value: string, pattern: string): boolean {
  return value.toLowerCase().includes(pattern.trim().toLowerCase());
}

function dateOnly(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && value) return new Date(value).toISOString().slice(0, 10);
  return undefined;
}

function compileCondition<T>(
  condition: FilterCondition,
  rules: Record<string, AttributeRule>,
  customTypes: Map<string, AttributeRule['dataType']>,
  read: Reader<T>,
  entity: 'contacts' | 'conversations',
): Predicate<T> {
  const key = String(condition.attribute_key ?? '');
  const operator = String(condition.filter_operator ?? '');
  const standard = rules[key];
  if (standard && !standard.operators.includes(operator)) {
    throw new UnprocessableError(
      `Invalid operator. The allowed operators for ${key} are [${standard.operators.join(',')}].`,
    );
  }
  const values = Array.isArray(condition.values)
    ? condition.values
    : condition.values === undefined
      ? []
      : [condition.values];
  if (
    !PRESENCE.includes(operator) &&
    (values.length === 0 || values.every((value) => value === '' || value === null))
  ) {
    throw new UnprocessableError(`Invalid value. The values provided for ${key} are invalid`);
  }
  const customType = standard ? undefined : customTypes.get(key);
  if (!standard && !customType) {
    throw new UnprocessableError(
      `Invalid attribute key - [${key}]. The key should be one of [${Object.keys(rules).join(',')}] or a custom attribute defined in the account.`,
    );
  }
  const rule: AttributeRule = standard ?? { kind: 'standard', dataType: customType ?? 'text', operators: [] };
  const custom = !standard;
  const caseInsensitive = rule.dataType === 'text_case_insensitive' || (custom && rule.dataType === 'text');
  const normalise = (value: unknown): string => {
    let text = String(value ?? '');
    if (entity === 'contacts' && key === 'phone_number') text = `+${text.replace(/\+/g, '')}`;
    return caseInsensitive ? text.toLowerCase() : text;
  };
  // Contacts compare equality with the first value only; conversations use IN (all values).
  const equalValues = entity === 'contacts' || custom ? [normalise(values[0])] : values.map(normalise);
  return (record) => {
    const raw = read(record, key, rule, custom);
    if (rule.dataType === 'labels') {
      const labels = (raw as string[]) ?? [];
      const wanted = values.map(String);
      if (operator === 'equal_to') return labels.some((label) => wanted.includes(label));
      if (operator === 'not_equal_to') return !labels.some((label) => wanted.includes(label));
      if (operator === 'is_present') return labels.length > 0;
      return labels.length === 0;
    }
    if (operator === 'is_present') return raw !== null && raw !== undefined;
    if (operator === 'is_not_present') return raw === null || raw === undefined;
    if (DATE.includes(operator)) {
      const date = dateOnly(raw);
      if (!date) return false;
      if (operator === 'days_before') {
        const limit = new Date(Date.now() - Number(values[0]) * 86_400_000).toISOString().slice(0, 10);
        return date < limit;
      }
      const bound = dateOnly(values[0]) ?? '';
      return operator === 'is_greater_than' ? date > bound : date < bound;
    }
    if (raw === null || raw === undefined) {
      // SQL NULL never matches; a custom attribute's not_equal_to also takes records without it.
      return custom && operator === 'not_equal_to';
    }
    const value = normalise(raw);
    switch (operator) {
      case 'equal_to':
        return equalValues.includes(value);
      case 'not_equal_to':
        return !equalValues.includes(value);
      case 'contains':
        return values.some((pattern) => ilike(String(raw), String(pattern)));
      case 'does_not_contain':
        return values.every((pattern) => !ilike(String(raw), String(pattern)));
      default:
        return equalValues.includes(value);
    }
  };
}

/**
 * Combine compiled conditions the way the SQL string Chatwoot builds is evaluated:
 * `c1 AND c2 OR c3` — AND binds tighter than OR.
 */
function combine<T>(conditions: FilterCondition[], predicates: Array<Predicate<T>>): Predicate<T> {
  return (record) => {
    let anyGroup = false;
    let group = true;
    predicates.forEach((predicate, index) => {
      group = group && predicate(record);
      const operator = String(conditions[index]?.query_operator ?? '').toLowerCase();
      if (operator === 'or' || index === predicates.length - 1) {
        anyGroup = anyGroup || group;
        group = true;
      }
    });
    return anyGroup;
  };
}

function validatePayload(payload: unknown): FilterCondition[] {
  if (!Array.isArray(payload))
    throw new UnprocessableError('param is missing or the value is empty: payload');
  for (const condition of payload as FilterCondition[]) {
    const operator = condition.query_operator;
    if (operator === null || operator === undefined || operator === '') continue;
    if (!['AND', 'OR'].includes(String(operator).toUpperCase())) {
      throw new UnprocessableError('Query operator must be either "AND" or "OR".');
    }
  }
  return payload as FilterCondition[];
}

function customAttributeTypes(
  state: SandboxState,
  accountId: number,
  model: string,
): Map<string, AttributeRule['dataType']> {
  const types = new Map<string, AttributeRule['dataType']>();
  for (const definition of state.customAttributeDefinitions.values()) {
    if (definition.accountId !== accountId || definition.attributeModel !== model) continue;
    types.set(definition.attributeKey, CUSTOM_TYPES[definition.attributeDisplayType] ?? 'text');
  }
  return types;
}

/** `Contacts::FilterService`: contacts of the account matching the filter payload (resolved contacts only). */
export function filterContacts(state: SandboxState, accountId: number, payload: unknown): ContactRecord[] {
  const conditions = validatePayload(payload);
  const customTypes = customAttributeTypes(state, accountId, 'contact_attribute');
  const read: Reader<ContactRecord> = (contact, key, rule, custom) => {
    if (custom) return contact.customAttributes[key] ?? null;
    if (rule.kind === 'additional_attributes') return contact.additionalAttributes[key] ?? null;
    const fields: Record<string, unknown> = {
      name: contact.name,
      phone_number: contact.phoneNumber,
      email: contact.email,
      identifier: contact.identifier,
      labels: contact.labels,
      created_at: contact.createdAt,
      last_activity_at: contact.lastActivityAt,
      blocked: contact.blocked,
    };
    return fields[key] ?? null;
  };
  const predicates = conditions.map((condition) =>
    compileCondition(condition, CONTACT_RULES, customTypes, read, 'contacts'),
  );
  const matches = combine(conditions, predicates);
  return resolvedContacts(state, accountId).filter(matches);
}

/** `Contact.resolved_contacts`: contacts with an email, a phone number or an identifier. */
export function resolvedContacts(state: SandboxState, accountId: number): ContactRecord[] {
  return [...state.contacts.values()].filter(
    (contact) =>
      contact.accountId === accountId && Boolean(contact.email || contact.phoneNumber || contact.identifier),
  );
}

/** `Conversations::FilterService`: conversations of the account matching the filter payload. */
export function filterConversations(
  state: SandboxState,
  accountId: number,
  payload: unknown,
): ConversationRecord[] {
  const conditions = validatePayload(payload);
  const customTypes = customAttributeTypes(state, accountId, 'conversation_attribute');
  const read: Reader<ConversationRecord> = (conversation, key, rule, custom) => {
    if (custom) return conversation.customAttributes[key] ?? null;
    if (rule.kind === 'additional_attributes') return conversation.additionalAttributes[key] ?? null;
    const fields: Record<string, unknown> = {
      status: conversation.status,
      assignee_id: conversation.assigneeId,
      inbox_id: conversation.inboxId,
      team_id: conversation.teamId,
      priority: conversation.priority,
      display_id: conversation.displayId,
      campaign_id: null,
      labels: conversation.labels,
      created_at: conversation.createdAt,
      last_activity_at: conversation.lastActivityAt ?? conversation.createdAt,
    };
    return fields[key] ?? null;
  };
  const statusAll = conditions.map((condition) => {
    if (
      condition.attribute_key === 'status' &&
      Array.isArray(condition.values) &&
      condition.values.includes('all')
    ) {
      return { ...condition, values: ['open', 'resolved', 'pending', 'snoozed'] };
    }
    return condition;
  });
  const predicates = statusAll.map((condition) =>
    compileCondition(condition, CONVERSATION_RULES, customTypes, read, 'conversations'),
  );
  const matches = combine(statusAll, predicates);
  return [...state.conversations.values()].filter(
    (conversation) => conversation.accountId === accountId && matches(conversation),
  );
}
