import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived the last full collection, in percent.
 *
 * By default V8 grows a busy heap by a factor of up to four before it collects again, and sizes
 * that to the machine's memory: under sustained ticket creation the server's heap was 230 MB
 * of which some 80 MB was alive, and the process's peak RSS 377 MB (budget 300 MB). A fixed
 * 30 % growth kept the heap at 110–115 MB and the peak at 260 MB for about the same throughput
 * (`npm run bench:sustained`, 2026-12-01). The factor is read at every collection, so setting it
 * after start-up takes effect.
 */
const HEAP_GROWING_PERCENT = 30;

/**
 * For a long-running server process. A `node --heap-growing-percent=N` given on the command line
 * stays (NODE_OPTIONS cannot carry this V8 flag).
 */
export function keepHeapCompact(): void {
  const given = process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent/.test(arg));
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * Node options a serving process starts with (`npm start`, the `anlauf` command's first line,
 * and the benchmarks that start the server as shipped). They cannot be set once the process
 * runs, and NODE_OPTIONS would hand them to every child too.
 *
 * `--max-semi-space-size=4`: V8 grows each of the young generation's two halves to 16 MB on a
 * busy server by default, some 50 MB that stays resident. Bounded to 4 MB, the peak RSS of
 * `anlauf serve` under a stream of mail went from 320–325 MB to 275 MB, and under sustained
 * ticket creation from 256–264 to 233–238 MB, with creation and mail rates within the runs'
 * noise (`npm run bench:sustained`, 2026-12-01, two runs each). package.json's start script
 * and bin/anlauf.mjs name the same options (a test keeps them equal).
 *
 * `--initial-old-space-size=32`: until V8 has seen enough collections to size the old generation
 * from what survives, it lets the heap grow to a large initial limit, whatever
 * `--heap-growing-percent` says: under creation with notices to a group's agents, the first full
 * collection after start-up came at 165 MB (to 62 MB alive) and the peak RSS was 306–319 MB.
 * With the initial size given, every full collection came at 80–90 MB and the peak was 256 MB
 * (64 MB: 281–287 MB; `npm run bench -- --tickets 2000 --sustain 60`, third session of
 * 2026-12-04). It is only where the heap starts: it grows past it as the live data needs.
 *
 * Any V8 option costs a short command some 13 ms: Node then compiles its built-in modules
 * without their code cache (`hyperfine`, `anlauf mail import` 147 ms with `node bin/anlauf.mjs`,
 * 160 ms with the option). So README tells MTAs to call pipe delivery through node itself.
 */
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=4', '--initial-old-space-size=32'];

/**
 * The environment a serving process starts with, beside SERVER_NODE_OPTIONS and in the same
 * places (glibc reads it once, when the process starts).
 *
 * `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates its own malloc arena, up to eight
 * per core, and an arena keeps what it once held. `anlauf serve` runs the main thread, the mail
 * parser, outgoing mail, the SQLite checkpointer and libuv's pool, and what they allocate outside
 * V8's heap (SQLite's page caches, buffers of parsed mail) spread over as many arenas: under a
 * stream of 6,000 mails the process held 293–298 MB at its peak, of which V8's heap was some
 * 90 MB, and 273–277 MB with two arenas, mail intake at the same rate within the runs' noise
 * (`npm run bench:sustained -- --minutes 0 --mails 6000`, four runs each alternated, second
 * session of 2026-12-05). Other C libraries ignore the variable.
 */
export const SERVER_ENVIRONMENT = { MALLOC_ARENA_MAX: '2' } as const;

/** SERVER_ENVIRONMENT as a shell prefix: `MALLOC_ARENA_MAX=2`. */
export const SERVER_ENVIRONMENT_PREFIX = Object.entries(SERVER_ENVIRONMENT)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');
