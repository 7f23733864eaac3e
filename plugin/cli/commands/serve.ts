import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { createLogger } from '../../logger.ts';
import { createRuntime } from '../../runtime/create-runtime.ts';
import { startService } from '../../service/start-service.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP service and the workers (OMNILOOM_ROLE=web|worker splits them)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const runtime = await createRuntime(config, logger);
      const service = await startService(runtime);
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'signal received');
        service.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}
