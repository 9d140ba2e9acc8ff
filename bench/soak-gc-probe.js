// Preloaded into the gateway by the soak (node --expose-gc -r bench/soak-gc-probe.js src/main.ts):
// on an IPC message "heap" it runs a full garbage collection and answers with what is left,
// so the soak compares live memory, not GC timing. Nothing else changes in the gateway.
'use strict';
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message !== 'heap' || typeof global.gc !== 'function') return;
    global.gc();
    const { heapUsed, rss, external } = process.memoryUsage();
    process.send({ heapUsed, rss, external });
  });
  // The channel must not keep the gateway alive on shutdown.
  if (process.channel && typeof process.channel.unref === 'function') process.channel.unref();
}
