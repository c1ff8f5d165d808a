/**
 * How the browser tests and the benchmark start Debian's Chromium (no GPU here).
 *
 * The tests pass `--use-angle=swiftshader --enable-unsafe-swiftshader`: Chromium then runs SwiftShader
 * (a CPU implementation of Vulkan and OpenGL ES) as if it were a GPU driver, for WebGL and for
 * compositing and rasterizing the page, the way Chromium's own GPU-less test bots exercise its
 * hardware paths. A user's Chromium on a machine without a GPU does not: it composites and
 * rasterizes in software and uses SwiftShader for WebGL only (chrome://gpu: "Compositing: Software
 * only"). The benchmark measures the page as users get it with `userChromiumLaunchOptions`.
 */
const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumLaunchOptions = {
  executablePath,
  args: [...COMMON_ARGS, '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
};

/** The browser as it runs for a user of this machine: its own choice of compositing and WebGL. */
export const userChromiumLaunchOptions = { executablePath, args: COMMON_ARGS };
