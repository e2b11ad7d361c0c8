// Progress on long work. On an interactive terminal: a bar on stderr. In
// batch (stdout is a file or a pipe, as in a Slurm or CI log): one plain line
// on stdout at most every `logInterval` seconds, with what is under way, the
// fraction done and an ETA, so the log shows progress without the bar's
// control characters. With --quiet: nothing.

import cliProgress from "cli-progress";

/** A progress display: a bar on a terminal, plain lines in a log, or nothing (createProgress). */
export interface Progress {
  /**
   * `done` of `total` in any unit the caller keeps consistent (samples, tasks, StackProgressPlan's work units):
   * only the fraction and the rate are shown, so a label that should show a count carries it itself.
   *
   * @param done - Work done so far.
   * @param total - All the work, in the same unit.
   * @param label - What is under way, e.g. `layer 2 epoch 14/50`.
   */
  update(done: number, total: number, label: string): void;
  /** Ends the display (removes the bar); call it once the work is over, also on failure. */
  stop(): void;
}

/** Options of createProgress. */
export interface ProgressOptions {
  /** Seconds between plain log lines when stdout is not a terminal; 0 logs every change of label. Default 30. */
  logInterval?: number;
  /** Where the bar goes (default stderr). */
  stream?: NodeJS.WriteStream;
  /** Where log lines go (default stdout). */
  logStream?: NodeJS.WritableStream & {
    /** Whether the stream is a terminal: if so, the bar is drawn instead of log lines. */
    isTTY?: boolean;
  };
}

export const DEFAULT_LOG_INTERVAL = 30;

/** Help text of --log-interval, shared by every command that reports progress (its value: logIntervalSeconds in settings/flag-values.ts). */
export const LOG_INTERVAL_HELP = `when stdout is not a terminal, print a progress line at most every <s> seconds (0: every epoch) [${DEFAULT_LOG_INTERVAL}]`;

const silent: Progress = { update() {}, stop() {} };

/**
 * A progress display: on an interactive terminal a bar on stderr; when stdout is a file or a pipe, a plain
 * line on stdout at most every `logInterval` seconds with the label, the fraction done and an ETA.
 *
 * @param quiet - Show nothing.
 * @param options - Log interval and streams.
 * @returns The display; silent when quiet (or when only the bar's stream is not a terminal).
 */
export function createProgress(quiet: boolean, options: ProgressOptions = {}): Progress {
  if (quiet) return silent;
  const logStream = options.logStream ?? process.stdout;
  if (!logStream.isTTY) return lineLog(logStream, options.logInterval ?? DEFAULT_LOG_INTERVAL);
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{label} [{bar}] {percentage}% | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label) {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * Plain lines: one when the label changes (a new layer-epoch, a new task) and at least `intervalSeconds` have
 * passed since the previous line (or since the start), e.g.
 * `[07:12:03] layer 2 epoch 14/50 PL -61.3 | 41% | ETA 3m 10s`.
 */
function lineLog(stream: NodeJS.WritableStream, intervalSeconds: number): Progress {
  let start = performance.now();
  let lastLine = start;
  let lastLabel = "";
  // The rate is measured from the first update of the current total: a resumed run starts part-way, and a new
  // total is a new phase in other units (reproduce samples, then trains), whose time must not count against it.
  let firstDone: number | undefined;
  let phaseTotal: number | undefined;
  return {
    update(done, total, label) {
      const now = performance.now();
      if (total !== phaseTotal) {
        phaseTotal = total;
        firstDone = done;
        start = now;
      }
      if (label === lastLabel || now - lastLine < intervalSeconds * 1000) return;
      lastLabel = label;
      lastLine = now;
      const fraction = total > 0 ? done / total : 0;
      const rate = (done - firstDone!) / ((now - start) / 1000);
      const eta = rate > 0 ? ` | ETA ${formatDuration((total - done) / rate)}` : "";
      const clock = new Date().toISOString().slice(11, 19);
      stream.write(`[${clock}] ${label} | ${(100 * fraction).toFixed(0)}%${eta}\n`);
    },
    stop() {},
  };
}

/** 75 -> "1m 15s", 4000 -> "1h 6m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
