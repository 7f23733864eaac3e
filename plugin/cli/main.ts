import { Command } from 'commander';
import { registerServeCommand } from './commands/serve.ts';
import { runCli } from './run-cli.ts';

const program = new Command()
  .name('omniloom')
  .description('Omnichannel AI agent platform for Chatwoot')
  .showHelpAfterError();

registerServeCommand(program);

await runCli(program, process.argv);
