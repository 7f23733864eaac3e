import type { Command } from 'commander';
import { OmniloomError } from '../errors.ts';

/** Runs the program; operator mistakes print one clear line instead of a stack trace. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof OmniloomError) {
      console.error(`omniloom: ${error.message}`);
      process.exitCode = error.code === 'config_invalid' ? 78 : 1;
      return;
    }
    throw error;
  }
}
