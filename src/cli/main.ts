/**
 * The command line over the same engine as the app:
 *   npm run cli -- train --data X.npy [--hidden N] [--rho R] … [--iterations N] [--jsonl]
 * A bad argument or file prints one line on stderr and exits with code 2.
 */
import { main } from './program';

// Output piped into a program that stops reading (`| head`) ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => (process.exitCode = code),
}).catch(() => (process.exitCode = 1));
