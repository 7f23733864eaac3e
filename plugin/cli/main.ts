import { Command } from 'commander';
import { registerChannelCommands } from './commands/channel.ts';
import { registerInstallCommands } from './commands/install.ts';
import { registerKnowledgeCommands } from './commands/kb.ts';
import { registerParseCommand } from './commands/parse.ts';
import { registerRotateKeyCommand } from './commands/rotate-key.ts';
import { registerServeCommand } from './commands/serve.ts';
import { runCli } from './run-cli.ts';

const program = new Command()
  .name('omniloom')
  .description('Omnichannel AI agent platform for Chatwoot')
  .showHelpAfterError();

registerServeCommand(program);
registerInstallCommands(program);
registerChannelCommands(program);
registerRotateKeyCommand(program);
registerParseCommand(program);
registerKnowledgeCommands(program);

await runCli(program, process.argv);
