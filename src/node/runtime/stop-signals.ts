// SIGINT / SIGTERM during long training: the first one asks training to
// stop after the current epoch (it then checkpoints); a second one exits at
// once, keeping the last checkpoint. Exit codes are 128 + the signal number.

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** SIGINT/SIGTERM as seen so far by watchStopSignals. */
export interface StopRequests {
  /** The signal received, if any. */
  readonly signal: StopSignal | undefined;
  /** The exit code for the signal received: 128 + its number (130 for SIGINT, 143 for SIGTERM; 130 before any). */
  readonly exitCode: number;
  /** Stops watching: removes the process's SIGINT/SIGTERM handlers. */
  dispose(): void;
}

/**
 * Starts watching SIGINT/SIGTERM (the first asks to stop after the epoch, a second exits at once with
 * 128 + the signal number); dispose() stops watching.
 *
 * @returns The live view of the signals received.
 */
export function watchStopSignals(): StopRequests {
  let signal: StopSignal | undefined;
  const on = (name: StopSignal) => () => {
    if (signal !== undefined) process.exit(SIGNAL_EXIT[name]);
    signal = name;
  };
  const onInt = on("SIGINT");
  const onTerm = on("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    get signal() { return signal; },
    get exitCode() { return SIGNAL_EXIT[signal ?? "SIGINT"]; },
    dispose() {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}
