// The `segkit` command line.
import { buildProgram, runProgram } from './program';

process.exitCode = await runProgram(buildProgram(), process.argv.slice(2));
