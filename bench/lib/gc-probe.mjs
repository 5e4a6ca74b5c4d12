// Preloaded into a bench's server (node --expose-gc --import): on SIGUSR2 it runs a full garbage collection
// and prints what is still alive, so a memory bench reads the live heap rather than RSS or a heap full of
// garbage not yet collected. Bench instrumentation only: production servers never load it.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.stderr.write(`GC_PROBE ${JSON.stringify({ heap: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss })}\n`);
});
