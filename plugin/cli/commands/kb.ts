import type { Command } from 'commander';
import { addKnowledgePaths, listKnowledge, removeKnowledge } from '../../knowledge/manage-knowledge.ts';
import { printJson, withCliRuntime } from '../open-cli-runtime.ts';
import { registerHelpCenterCommands } from './kb-help-center.ts';

export function registerKnowledgeCommands(program: Command): void {
  const kb = program.command('kb').description('Manage an installation\'s knowledge base');
  kb.command('add <installationId> <paths...>')
    .description('Ingest files or folders (Markdown, HTML, text, PDF); unchanged parts are not re-embedded')
    .option('--inbox <id>', 'limit the documents to one inbox')
    .option('--language <code>', 'language of the documents, e.g. en')
    .action(async (installationId: string, paths: string[], options: { inbox?: string; language?: string }) => {
      await withCliRuntime(async (runtime) => {
        const results = await addKnowledgePaths({ store: runtime.store, gemini: runtime.config.gemini }, installationId, paths, {
          ...(options.inbox ? { inboxId: Number(options.inbox) } : {}),
          ...(options.language ? { language: options.language } : {}),
        });
        printJson(results.map((entry) => ('error' in entry ? { file: entry.file, error: entry.error.message } : { file: entry.file, ...entry.result })));
        if (results.some((entry) => 'error' in entry)) process.exitCode = 1;
      });
    });
  kb.command('list <installationId>')
    .description('List the documents of the knowledge base')
    .action(async (installationId: string) => {
      await withCliRuntime(async (runtime) => {
        const documents = await listKnowledge({ store: runtime.store, gemini: runtime.config.gemini }, installationId);
        printJson(documents.map(({ id, title, source, chunks, language, inboxId, updatedAt }) => ({ id, title, source, chunks, language, inboxId, updatedAt })));
      });
    });
  kb.command('remove <installationId> <documentId>')
    .description('Remove a document and its chunks')
    .action(async (installationId: string, documentId: string) => {
      await withCliRuntime(async (runtime) => {
        await removeKnowledge({ store: runtime.store, gemini: runtime.config.gemini }, installationId, documentId);
        printJson({ removed: documentId });
      });
    });
  registerHelpCenterCommands(kb);
}
