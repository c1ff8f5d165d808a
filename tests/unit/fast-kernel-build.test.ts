/** The committed kernel binaries are what AssemblyScript builds from the committed kernel source. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildKernelModule } from '../../scripts/build-kernel';

describe('the WebAssembly cost kernel build', () => {
  it('kernel-binary.ts matches a rebuild of the kernel/*.as sources (run npx tsx scripts/build-kernel.ts)', async () => {
    const committed = readFileSync(
      fileURLToPath(new URL('../../src/engine/kernel/kernel-binary.ts', import.meta.url)),
      'utf8',
    );
    expect(await buildKernelModule()).toBe(committed);
  });
});
