import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { CustomerView } from '../panel/present-customer.ts';
import type { SuggestionCard } from '../panel/present-suggestion.ts';

const VIEWS_DIR = fileURLToPath(new URL('.', import.meta.url));

/** What the panel page template reads. */
export interface PanelPageContext {
  assets: string;
  /** Present when the page may act: the panel's data attributes. */
  session?: { token: string; expiresAt: string };
  installationId?: string;
  accountId?: number;
  chatwootOrigin?: string;
  apiBase?: string;
  socketPath?: string;
  /** Shown instead of the panel when it cannot work here. */
  unavailable?: string;
}

/** The panel's HTML: the page and the fragments the client script swaps in. */
export interface PanelRenderer {
  page(context: PanelPageContext): string;
  suggestionList(cards: SuggestionCard[], assets: string): string;
  suggestionCard(card: SuggestionCard, assets: string): string;
  customer(customer: CustomerView, assets: string): string;
}

/**
 * Compiles the panel templates once in an isolated Handlebars environment.
 * Every `{{value}}` is HTML-escaped: customer messages, names and
 * knowledge-base excerpts are untrusted text.
 */
export function createPanelRenderer(): PanelRenderer {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('eq', (left: unknown, right: unknown) => left === right);
  const partialsDir = path.join(VIEWS_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((name) => name.endsWith('.hbs'))) {
    handlebars.registerPartial(
      path.basename(file, '.hbs'),
      readFileSync(path.join(partialsDir, file), 'utf8'),
    );
  }
  const compile = (source: string) => handlebars.compile(source, { strict: false });
  const page = compile(readFileSync(path.join(VIEWS_DIR, 'panel.hbs'), 'utf8'));
  const list = compile('{{> suggestion-list}}');
  const card = compile('{{> suggestion-card}}');
  const customer = compile('{{> customer}}');
  return {
    page: (context) => page(context),
    suggestionList: (cards, assets) => list({ cards, assets }),
    suggestionCard: (suggestion, assets) => card({ card: suggestion, assets }),
    customer: (view, assets) => customer({ customer: view, assets }),
  };
}
