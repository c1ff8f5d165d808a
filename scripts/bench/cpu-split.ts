/**
 * Where the machine's cores went while the app trained: the CPU time of each thread of the
 * browser's processes (Linux /proc/<pid>/task/<tid>/stat), read at the click on Train and at Done,
 * grouped by what the threads do. It shows what the page leaves the kernel on this machine: the
 * kernel's threads and the training worker against the page's main thread, the compositor and
 * the browser's thread pools (raster, V8's compiler and garbage collector).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const CPU_GROUPS = [
  'training worker and kernel threads',
  "page's main thread",
  'compositor and display',
  'thread pools (raster, V8 compile and GC)',
  'browser, GPU and I/O',
] as const;
type Group = (typeof CPU_GROUPS)[number];

/** CPU seconds of each group over a window, and the window's length. */
export interface CpuSplit {
  seconds: number;
  cpuSeconds: Record<Group, number>;
}

interface Sample {
  at: number;
  ticks: Map<string, { group: Group; ticks: number }>;
}

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function groupOf(thread: string, processType: string): Group {
  if (thread.startsWith('DedicatedWorker')) return 'training worker and kernel threads';
  if (/^(Compositor|VizCompositor)/.test(thread)) return 'compositor and display';
  if (/^(ThreadPool|CompositorTileW)/.test(thread))
    return 'thread pools (raster, V8 compile and GC)';
  if (processType === 'renderer' && !thread.includes('IO')) return "page's main thread";
  return 'browser, GPU and I/O';
}

/** The CPU ticks of every thread of the Chromium processes now; null where /proc is not Linux's. */
export function sampleCpu(): Sample | null {
  const ticks = new Map<string, { group: Group; ticks: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('chrom')) continue;
      const type =
        /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime and stime: fields 14 and 15 of stat, 12 and 13 after the name.
        const used = Number(fields[11]) + Number(fields[12]);
        ticks.set(`${pid}/${tid}`, { group: groupOf(name, type), ticks: used });
      }
    } catch {
      // A process or thread that ended while it was read.
    }
  }
  return { at: performance.now(), ticks };
}

/** The CPU each group used between two samples (threads that ended in between are not counted). */
export function cpuBetween(from: Sample, to: Sample): CpuSplit {
  const cpuSeconds = Object.fromEntries(CPU_GROUPS.map((g) => [g, 0])) as Record<Group, number>;
  for (const [key, { group, ticks }] of to.ticks)
    cpuSeconds[group] += (ticks - (from.ticks.get(key)?.ticks ?? 0)) / clockTicks();
  return { seconds: (to.at - from.at) / 1000, cpuSeconds };
}
