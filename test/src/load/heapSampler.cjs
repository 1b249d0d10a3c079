/*
 * Preloaded into the backend by the load benchmark (test/src/load/load.ts,
 * through NODE_OPTIONS=--require): appends the process's memory every 5 s,
 * and the V8 heap in use right after every full (mark-compact) garbage
 * collection, to the JSON-lines file RUNWAY_LOAD_HEAP_FILE. The heap after
 * a full GC approximates the live set, which tells RSS headroom (V8 sizing
 * its heap for the allocation rate) from objects that are kept. Does
 * nothing when the variable is unset.
 */
const fs = require('node:fs');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const file = process.env.RUNWAY_LOAD_HEAP_FILE;
if (file) {
  const mb = bytes => Math.round((bytes / 2 ** 20) * 10) / 10;
  const write = record =>
    fs.appendFileSync(
      file,
      `${JSON.stringify({ ts: Date.now(), ...record })}\n`,
    );
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        write({ gc: 'major', heapUsedMb: mb(process.memoryUsage().heapUsed) });
      }
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const m = process.memoryUsage();
    write({
      rssMb: mb(m.rss),
      heapUsedMb: mb(m.heapUsed),
      heapTotalMb: mb(m.heapTotal),
      externalMb: mb(m.external),
      arrayBuffersMb: mb(m.arrayBuffers),
    });
  }, 5000).unref();
}
