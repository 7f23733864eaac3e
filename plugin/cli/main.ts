import { Command } from 'commander';
import { registerInstallCommands } from './commands/install.ts';
import { registerServeCommand } from './commands/serve.ts';
import { runCli } from './run-cli.ts';

const program = new Command()
  .name('omniloom')
  .description('Omnichannel AI agent platform for Chatwoot')
  .showHelpAfterError();

registerServeCommand(program);
registerInstallCommands(program);

await runCli(program, process.argv);
