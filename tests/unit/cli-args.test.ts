import { describe, expect, it } from 'vitest';
import { UsageError, parseCommand, type TrainOptions } from '../../src/cli/args';
import { PRESETS } from '../../src/engine/settings';

function train(...args: string[]): TrainOptions {
  const parsed = parseCommand(['train', ...args]);
  if (parsed.command !== 'train') throw new Error('expected train');
  return parsed.options;
}

describe('command-line arguments', () => {
  it('defaults to the original program’s natural-image configuration on the WebAssembly SIMD kernel', () => {
    const options = train();
    for (const key of ['rho', 'beta', 'lambda', 'hiddenSize', 'iterations', 'seed'] as const)
      expect(options[key]).toBe(PRESETS.natural[key]);
    expect([options.backend, options.optimizer, options.jsonl]).toEqual(['kernel', 'lbfgs', false]);
  });

  it('takes --flag value and --flag=value, with the table’s flag names', () => {
    const options = train('--rho=0.05', '--hidden', '36', '--learning-rate', '0.1', '--jsonl');
    expect([options.rho, options.hiddenSize, options.learningRate, options.jsonl]).toEqual([
      0.05,
      36,
      0.1,
      true,
    ]);
    expect([...options.given].sort()).toEqual(['hiddenSize', 'learningRate', 'rho']);
  });

  it('uses the MNIST configuration for --data mnist, except what is given', () => {
    const options = train('--data', 'mnist', '--lambda', '0.001');
    expect([options.rho, options.hiddenSize, options.lambda]).toEqual([
      PRESETS.mnist.rho,
      PRESETS.mnist.hiddenSize,
      0.001,
    ]);
  });

  it('refuses with a UsageError that names the argument', () => {
    const refusal = (args: string[]) => {
      try {
        parseCommand(args);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal(['fit'])).toMatch(/unknown command "fit"/);
    expect(refusal(['train', '--hidden', '2.5'])).toMatch(/--hidden: .*whole number/);
    expect(refusal(['train', '--iterations', '-1'])).toMatch(/--iterations: .*at least 0/);
    expect(refusal(['train', '--rho', '0.1', '--rho', '0.2'])).toMatch(/--rho is given twice/);
    expect(refusal(['train', '--backend', 'webgl'])).toMatch(/--backend must be one of/);
    expect(refusal(['train', '--jsonl=yes'])).toMatch(/--jsonl takes no value/);
    expect(refusal(['train', 'extra'])).toMatch(/unexpected argument "extra"/);
    expect(refusal(['train', '--init', 'w.mat'])).toMatch(/\.npy or \.json/);
  });

  it('answers --help', () => {
    expect(parseCommand(['--help'])).toEqual({ command: 'help' });
    expect(parseCommand(['train', '--help'])).toEqual({ command: 'help' });
  });
});
