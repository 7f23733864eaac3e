import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** Folder of the admin page templates (`<view>.hbs`, `layout.hbs`, `partials/*.hbs`). */
export const ADMIN_VIEWS_DIR = fileURLToPath(new URL('./views', import.meta.url));

/** What every admin page's layout reads, besides the view's own fields. */
export interface PageFrame {
  title: string;
  /** Nav entry to mark as current. */
  section?: 'installations' | 'install';
  /** Present when the admin signed in with the form: the header shows a sign-out button. */
  signedIn?: boolean;
  csrfToken?: string;
  notice?: { kind: 'success' | 'error'; text: string };
}

/** Renders a view inside the shared layout. */
export type RenderPage = (view: string, context: PageFrame & Record<string, unknown>) => string;

/**
 * Compiles the admin templates once, in an isolated Handlebars environment.
 * Handlebars HTML-escapes every `{{value}}`; the only unescaped output is the
 * layout's `{{{body}}}`, which is itself a rendered (escaped) template.
 */
export function createPageRenderer(viewsDir: string = ADMIN_VIEWS_DIR): RenderPage {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('eq', (left: unknown, right: unknown) => left === right);

  const partialsDir = path.join(viewsDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((name) => name.endsWith('.hbs'))) {
    handlebars.registerPartial(
      path.basename(file, '.hbs'),
      readFileSync(path.join(partialsDir, file), 'utf8'),
    );
  }
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(viewsDir).filter((name) => name.endsWith('.hbs'))) {
    templates.set(
      path.basename(file, '.hbs'),
      handlebars.compile(readFileSync(path.join(viewsDir, file), 'utf8')),
    );
  }
  const layout = templates.get('layout');
  if (!layout) throw new Error(`The admin layout template is missing from ${viewsDir}`);

  return (view, context) => {
    const template = templates.get(view);
    if (!template || view === 'layout') throw new Error(`No admin view named "${view}"`);
    return layout({ ...context, body: template(context) });
  };
}
