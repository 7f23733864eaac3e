import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

const templatesDir = join(dirname(fileURLToPath(import.meta.url)), 'templates');

function compile(name: string): Handlebars.TemplateDelegate {
  return Handlebars.compile(readFileSync(join(templatesDir, `${name}.hbs`), 'utf8'));
}

const layout = compile('layout');
const pages = {
  accounts: compile('accounts'),
  conversations: compile('conversations'),
  conversation: compile('conversation'),
};

/** Render one of the sandbox pages inside the layout. */
export function renderPage(page: keyof typeof pages, title: string, data: Record<string, unknown>): string {
  // The doctype lives here: the Glimmer formatter drops it from templates.
  return `<!doctype html>\n${layout({ title, body: pages[page](data) })}`;
}

/** JSON safe to embed in a `<script type="application/json">` element. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
