/**
 * The worker thread of equity-outputs.ts: receives one EquityJob, writes its files, answers once and
 * exits. Errors go back as messages (with the errno code) so the run reports them as output errors.
 */
import { parentPort } from 'node:worker_threads';
import { writeEquityFiles, type EquityJob, type EquityReply } from './equity-outputs.js';

parentPort!.once('message', (job: EquityJob) => {
  writeEquityFiles(job).then(
    () => parentPort!.postMessage({ ok: true } satisfies EquityReply),
    (e: unknown) => {
      const err = e as NodeJS.ErrnoException;
      parentPort!.postMessage({
        ok: false,
        message: err?.message ?? String(e),
        code: typeof err?.code === 'string' ? err.code : undefined,
        stack: err?.stack,
      } satisfies EquityReply);
    },
  );
});
