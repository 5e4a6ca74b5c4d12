// The live bench's server process: Gazette's own entry point (src/main.ts), plus an IPC answer to "memory"
// with the process's memory after a full garbage collection (run with --expose-gc), so that the bench can
// divide the growth by the number of idle streams.
process.on('message', (m: unknown) => {
  if (m !== 'memory') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.(); gc?.();
  process.send?.({ memory: process.memoryUsage(), gc: Boolean(gc) });
});
await import('../../src/main.js');
