// Command registry. Each command lives in src/commands/<name>.ts and is parsed here without
// spawning a process, so tests can drive it directly.
import { Command, CommanderError } from 'commander';
import { SegkitError } from 'segkit';
import { DataError, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { cocoRleCommand } from './commands/coco-rle';
import { renderCommand } from './commands/render';
import { convertCommand } from './commands/convert';
import { mergeCommand } from './commands/merge';
import { validateCommand } from './commands/validate';
import { infoCommand } from './commands/info';
import { compareCommand } from './commands/compare';
import { version } from './version';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/** The commands, in help order: add a command's factory here. */
const COMMANDS: ((io: Io) => Command)[] = [convertCommand, validateCommand, infoCommand, compareCommand, mergeCommand, renderCommand, cocoRleCommand];

export function buildProgram(io: Io = defaultIo): Command {
  const program = new Command('segkit')
    .description('Fast, exact segmentation annotations: COCO RLE, polygons, masks, datasets.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  for (const cmd of COMMANDS.map((make) => make(io))) {
    // addCommand does not pass settings down: each command reports errors instead of exiting.
    cmd.copyInheritedSettings(program);
    program.addCommand(cmd);
  }
  return program;
}

/** Parses and runs; returns the exit code instead of exiting. */
export async function runProgram(program: Command, argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.err(`segkit: ${e.message}`);
      return EXIT_USAGE;
    }
    if (e instanceof SegkitError || e instanceof DataError) {
      io.err(`segkit: ${e.message}`);
      return EXIT_DATA;
    }
    const sys = e as NodeJS.ErrnoException;
    if (sys && typeof sys.code === 'string' && typeof sys.syscall === 'string') {
      // A file that cannot be read or written: a data error, reported with its path.
      io.err(`segkit: cannot ${sys.syscall} ${sys.path ?? ''}: ${sys.code}`);
      return EXIT_DATA;
    }
    throw e;
  }
}
