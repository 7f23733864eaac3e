import type { Request, Response, Router } from 'express';
import { NotFoundError, RecordInvalidError, SandboxHttpError } from '../domain/errors.ts';
import { isoTime } from '../presenters/format-time.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import type { CustomAttributeDefinitionRecord } from '../state/records.ts';
import { accountRoute, callerOf } from './authenticate-request.ts';
import { castString, paramsOf, requireWrapped } from './read-params.ts';

const ATTRIBUTES = [
  'attribute_display_name',
  'attribute_description',
  'attribute_display_type',
  'attribute_key',
  'attribute_model',
  'regex_pattern',
  'regex_cue',
  'attribute_values',
  'default_value',
];
const MODELS = ['conversation_attribute', 'contact_attribute'] as const;
const DISPLAY_TYPES = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'] as const;

/** Read an enum given by name or integer. */
function readEnum<T extends string>(values: readonly T[], value: unknown, name: string): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const resolved = /^\d+$/.test(String(value))
    ? values[Number(value)]
    : (values.find((entry) => entry === value) as T | undefined);
  if (!resolved)
    throw new SandboxHttpError(500, { status: 500, error: `'${String(value)}' is not a valid ${name}` });
  return resolved;
}

/** `app/views/api/v1/models/_custom_attribute_definition.json.jbuilder`. */
function presentDefinition(definition: CustomAttributeDefinitionRecord): Record<string, unknown> {
  return {
    id: definition.id,
    attribute_display_name: definition.attributeDisplayName,
    attribute_display_type: definition.attributeDisplayType,
    attribute_description: definition.attributeDescription,
    attribute_key: definition.attributeKey,
    regex_pattern: definition.regexPattern,
    regex_cue: definition.regexCue,
    attribute_values: definition.attributeValues,
    attribute_model: definition.attributeModel,
    default_value: definition.defaultValue,
    created_at: isoTime(definition.createdAt),
    updated_at: isoTime(definition.updatedAt),
  };
}

/** Custom attribute definitions (`CustomAttributeDefinitionsController`); contact and conversation filters use them. */
export function registerCustomAttributeRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/custom_attribute_definitions';

  const find = (req: Request, res: Response): CustomAttributeDefinitionRecord => {
    const definition = state.customAttributeDefinitions.get(Number(req.params.definitionId));
    if (!definition || definition.accountId !== callerOf(res).account.id) throw new NotFoundError();
    return definition;
  };

  const apply = (definition: CustomAttributeDefinitionRecord, fields: Record<string, unknown>): void => {
    if (fields.attribute_display_name !== undefined)
      definition.attributeDisplayName = castString(fields.attribute_display_name) ?? '';
    if (fields.attribute_description !== undefined)
      definition.attributeDescription = castString(fields.attribute_description) ?? null;
    if (fields.attribute_key !== undefined) definition.attributeKey = castString(fields.attribute_key) ?? '';
    if (fields.regex_pattern !== undefined)
      definition.regexPattern = castString(fields.regex_pattern) ?? null;
    if (fields.regex_cue !== undefined) definition.regexCue = castString(fields.regex_cue) ?? null;
    if (Array.isArray(fields.attribute_values))
      definition.attributeValues = fields.attribute_values.map(String);
    const type = readEnum(DISPLAY_TYPES, fields.attribute_display_type, 'attribute_display_type');
    if (type) definition.attributeDisplayType = type;
    const model = readEnum(MODELS, fields.attribute_model, 'attribute_model');
    if (model) definition.attributeModel = model;
    const problems: Array<[string, string]> = [];
    if (!definition.attributeDisplayName) problems.push(['attribute_display_name', "can't be blank"]);
    if (!definition.attributeKey) problems.push(['attribute_key', "can't be blank"]);
    const clash = [...state.customAttributeDefinitions.values()].some(
      (other) =>
        other.id !== definition.id &&
        other.accountId === definition.accountId &&
        other.attributeModel === definition.attributeModel &&
        other.attributeKey === definition.attributeKey,
    );
    if (clash) problems.push(['attribute_key', 'has already been taken']);
    if (problems.length > 0) throw new RecordInvalidError(problems);
  };

  router.get(base, accountRoute(core), (req, res) => {
    const { account } = callerOf(res);
    const model = readEnum(MODELS, paramsOf(req).attribute_model, 'attribute_model');
    const definitions = [...state.customAttributeDefinitions.values()].filter(
      (definition) => definition.accountId === account.id && (!model || definition.attributeModel === model),
    );
    res.json(definitions.map(presentDefinition));
  });

  router.post(base, accountRoute(core), (req, res) => {
    const { account } = callerOf(res);
    const now = core.now();
    const definition: CustomAttributeDefinitionRecord = {
      id: 0,
      accountId: account.id,
      attributeDisplayName: '',
      attributeKey: '',
      attributeDisplayType: 'text',
      attributeModel: 'conversation_attribute',
      attributeDescription: null,
      attributeValues: [],
      defaultValue: null,
      regexPattern: null,
      regexCue: null,
      createdAt: now,
      updatedAt: now,
    };
    apply(definition, requireWrapped(req, 'custom_attribute_definition', ATTRIBUTES));
    definition.id = state.nextId('customAttributeDefinitions');
    state.customAttributeDefinitions.set(definition.id, definition);
    res.json(presentDefinition(definition));
  });

  router.get(`${base}/:definitionId`, accountRoute(core), (req, res) => {
    res.json(presentDefinition(find(req, res)));
  });

  router.patch(`${base}/:definitionId`, accountRoute(core), (req, res) => {
    const definition = find(req, res);
    const draft = { ...definition };
    apply(draft, requireWrapped(req, 'custom_attribute_definition', ATTRIBUTES));
    Object.assign(definition, draft, { updatedAt: core.now() });
    res.json(presentDefinition(definition));
  });

  router.delete(`${base}/:definitionId`, accountRoute(core), (req, res) => {
    state.customAttributeDefinitions.delete(find(req, res).id);
    res.status(204).end();
  });
}
