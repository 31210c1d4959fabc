/**
 * Preloaded into a server child by test/faults/crash.test.ts (`--import`): on SIGUSR2 it makes the fault
 * the process must survive as a clean crash, chosen by CRASH_KIND: a promise rejected with nobody
 * awaiting it, or an exception thrown outside any request.
 */
process.on('SIGUSR2', () => {
  if (process.env.CRASH_KIND === 'exception') {
    setImmediate(() => {
      throw new Error('deliberate uncaught exception');
    });
  } else {
    void Promise.reject(new Error('deliberate unhandled rejection'));
  }
});
