/**
 * Every bridged connector Omniloom ships. Adding a channel is its folder under
 * `connectors/` plus one line in `CONNECTORS` below.
 */
import { NotFoundError } from '../../plugin/errors.ts';
import { createDiscordConnector } from '../discord/index.ts';
import { createSlackConnector } from '../slack/index.ts';
import { createTeamsConnector } from '../teams/index.ts';
import { createViberConnector } from '../viber/index.ts';
import type { Connector } from './connector.ts';

const CONNECTORS: readonly Connector[] = [
  createDiscordConnector(),
  createSlackConnector(),
  createViberConnector(),
  createTeamsConnector(),
];

const byId = new Map(CONNECTORS.map((connector) => [connector.id, connector]));

/** All registered connectors, in registration order. */
export function listConnectors(): readonly Connector[] {
  return CONNECTORS;
}

/** The connector with this id; NotFoundError (404) naming the known ids otherwise. */
export function getConnector(id: string): Connector {
  const connector = byId.get(id);
  if (!connector) {
    throw new NotFoundError(`Unknown connector "${id}"; known connectors: ${[...byId.keys()].join(', ')}`);
  }
  return connector;
}
