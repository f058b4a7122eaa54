/**
 * equity.csv and equity.parquet, on a worker thread when the curve is long: with a sample per bar they
 * are the largest files of a run folder (1 M samples: ~50 MB of CSV, ~110 ms of formatting on one core),
 * and on a second core they are written while this thread computes the metrics and writes the trades and
 * fills. The worker gets copies of the four columns (the main thread still needs them for metrics).
 * Short curves are written in-process: a worker's start-up would cost more than it saves.
 *
 * Invariant: the files are byte-identical to the in-process ones (the same functions write them, and
 * the tests compare both ways). A file-system error in the worker comes back with its errno code, so
 * the run reports it like any other output error.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { workerScript } from '../core/worker-script.js';
import { writeEquityCsv } from './outputs.js';
import { writeEquityParquet } from './outputs-parquet.js';
import type { EquityCurve } from './run-record.js';

/** Below this many samples the files are written in-process (measured: a worker costs ~30-40 ms). */
export const EQUITY_WORKER_MIN_ROWS = 200_000;

export interface EquityJob {
  csvPath: string;
  /** null: no Parquet twin. */
  parquetPath: string | null;
  equity: EquityCurve;
  cashScale: number;
}

/** Writes the job's files on this thread. */
export async function writeEquityFiles(job: EquityJob): Promise<void> {
  const twin = job.parquetPath ? writeEquityParquet(job.parquetPath, job.equity, job.cashScale) : null;
  writeEquityCsv(job.csvPath, job.equity, job.cashScale);
  await twin;
}

/** What the worker answers: done, or the error (with its errno code when it has one). */
export type EquityReply = { ok: true } | { ok: false; message: string; code?: string; stack?: string };

/**
 * Starts writing equity.csv (and equity.parquet when `parquet`) into `dir`; resolves to the paths
 * written, in that order, once both are complete.
 */
export async function startEquityFiles(
  dir: string,
  equity: EquityCurve,
  cashScale: number,
  parquet: boolean,
  minRows = EQUITY_WORKER_MIN_ROWS,
): Promise<string[]> {
  const job: EquityJob = {
    csvPath: join(dir, 'equity.csv'),
    parquetPath: parquet ? join(dir, 'equity.parquet') : null,
    equity,
    cashScale,
  };
  const paths = job.parquetPath ? [job.csvPath, job.parquetPath] : [job.csvPath];
  if (equity.length < minRows) await writeEquityFiles(job);
  else await inWorker(job);
  return paths;
}

function inWorker(job: EquityJob): Promise<void> {
  const n = job.equity.length;
  const copy: EquityCurve = {
    length: n,
    tsSec: job.equity.tsSec.slice(0, n),
    tsNsec: job.equity.tsNsec.slice(0, n),
    equityUnits: job.equity.equityUnits.slice(0, n),
    cashUnits: job.equity.cashUnits.slice(0, n),
  };
  const worker = new Worker(workerScript(import.meta.url, 'analytics/equity-worker.js'));
  return new Promise<void>((resolve, reject) => {
    let answered = false;
    worker.once('message', (r: EquityReply) => {
      answered = true;
      void worker.terminate();
      if (r.ok) return resolve();
      const err = new Error(r.message) as NodeJS.ErrnoException;
      if (r.code) err.code = r.code;
      if (r.stack) err.stack = `${r.message}\n--- in the equity worker ---\n${r.stack}`;
      reject(err);
    });
    worker.once('error', (e) => {
      answered = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the equity output worker exited with code ${code} before answering`));
    });
    worker.postMessage({ ...job, equity: copy }, [
      copy.tsSec.buffer,
      copy.tsNsec.buffer,
      copy.equityUnits.buffer,
      copy.cashUnits.buffer,
    ] as ArrayBuffer[]);
  });
}
