/**
 * The engine's server under the V8 CPU profiler, for `npm run bench -- --profile`: `node --cpu-prof`
 * writes nothing when the process ends by a signal (as the server's shutdown hooks end it), so this
 * starts the profiler through node:inspector, runs dist/src/main.js, and on SIGUSR2 writes the
 * profile to BENCH_PROFILE_OUT and exits.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { ENGINE_MAIN } from '../lib/server';

const out = process.env.BENCH_PROFILE_OUT ?? `/tmp/server-${process.pid}.cpuprofile`;
const session = new Session();
session.connect();
session.post('Profiler.setSamplingInterval', { interval: 1000 }, () =>
  session.post('Profiler.enable', () =>
    session.post('Profiler.start', () => {
      require(ENGINE_MAIN);
    }),
  ),
);
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(out, JSON.stringify(result.profile));
    process.exit(0);
  });
});
