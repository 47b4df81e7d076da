/** The command line: a thin shell that parses flags and hands over to the library. */
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { VERSION } from '../version.js';
import { type Output, processOutput } from './output.js';
import { validateCommand } from './validate-command.js';

export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  let exitCode: number = ExitCode.Success;
  const program = new Command()
    .name('planpilot')
    .description('Keep a roadmap in GitHub: sync a YAML plan of epics, stories and tasks to issues.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out.stdout(text.trimEnd()),
      writeErr: (text) => out.stderr(text.trimEnd()),
    })
    .showHelpAfterError('(run planpilot --help for usage)');

  program
    .command('validate')
    .description('check a plan file and print a summary; sends nothing to GitHub')
    .argument('<plan>', 'path of the plan file (YAML or JSON)')
    .option('--json', 'print a machine-readable result on stdout')
    .action(async (file: string, options: { json?: boolean }) => {
      exitCode = await validateCommand(file, options, out);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    throw error;
  }
  return exitCode;
}
