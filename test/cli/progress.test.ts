// createProgress in batch: plain lines on a non-terminal stream when the
// label changes and the interval has passed; nothing with quiet.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgress, formatDuration } from "../../src/node/runtime/progress.js";

function sink(isTTY = false) {
  const lines: string[] = [];
  const stream = Object.assign(new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split("\n").filter(Boolean)); done(); } }), { isTTY });
  return { stream, lines };
}

describe("progress lines", () => {
  it("prints a line per change of label with interval 0, never for the same label twice", () => {
    const { stream, lines } = sink();
    const progress = createProgress(false, { logInterval: 0, logStream: stream });
    for (let batch = 0; batch < 10; batch++) progress.update(batch, 30, "layer 1 epoch 1/3");
    for (let batch = 10; batch < 20; batch++) progress.update(batch, 30, "layer 1 epoch 2/3 PL -1.00");
    progress.stop();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] layer 1 epoch 1\/3 \| 0%$/);
    expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\] layer 1 epoch 2\/3 PL -1\.00 \| 33%( \| ETA \d+s)?$/);
  });

  it("holds lines back until the interval has passed, and prints nothing when quiet", () => {
    const held = sink();
    const progress = createProgress(false, { logInterval: 3600, logStream: held.stream });
    for (let epoch = 1; epoch <= 5; epoch++) progress.update(epoch, 5, `epoch ${epoch}`);
    expect(held.lines).toEqual([]);
    const quiet = sink();
    createProgress(true, { logInterval: 0, logStream: quiet.stream }).update(1, 2, "epoch 1");
    expect(quiet.lines).toEqual([]);
  });

  it("leaves a terminal's stdout to the progress bar", () => {
    const tty = sink(true);
    createProgress(false, { logInterval: 0, logStream: tty.stream, stream: sink(false).stream as unknown as NodeJS.WriteStream }).update(1, 2, "epoch 1");
    expect(tty.lines).toEqual([]);
  });

  it("draws a bar on a terminal with the percentage and ETA, not the caller's units", () => {
    const bar = sink(true);
    const progress = createProgress(false, { logStream: sink(true).stream, stream: bar.stream as unknown as NodeJS.WriteStream });
    progress.update(3_200_000, 6_400_000, "layer 1 epoch 2/4");
    progress.stop();
    const text = bar.lines.join("\n");
    expect(text).toMatch(/layer 1 epoch 2\/4 \[.*\] 50% \| ETA/);
    expect(text).not.toMatch(/3200000|6400000/);
  });

  describe("ETA on a fake clock", () => {
    afterEach(() => { vi.useRealTimers(); });

    it("measures the rate from the first update of each total, so a slow earlier phase does not stretch the ETA", () => {
      vi.useFakeTimers({ toFake: ["performance", "Date"] });
      const { stream, lines } = sink();
      const progress = createProgress(false, { logInterval: 0, logStream: stream });
      // Phase 1, sampling: 10 steps over 100 s.
      for (let step = 0; step <= 10; step++) {
        progress.update(step, 10, `sampling ${step}`);
        vi.advanceTimersByTime(10_000);
      }
      // Phase 2, training in other units: 100 of 1000 units in 10 s, so 90 s are left.
      progress.update(0, 1000, "layer 1 epoch 1/10");
      vi.advanceTimersByTime(10_000);
      progress.update(100, 1000, "layer 1 epoch 2/10");
      progress.stop();
      expect(lines.at(-1)).toMatch(/ layer 1 epoch 2\/10 \| 10% \| ETA 1m 30s$/);
      // Phase 1's own rate: 5 of 10 after 50 s, 50 s left.
      expect(lines[5]).toMatch(/ sampling 5 \| 50% \| ETA 50s$/);
    });

    it("counts a resumed run's rate from where it starts", () => {
      vi.useFakeTimers({ toFake: ["performance", "Date"] });
      const { stream, lines } = sink();
      const progress = createProgress(false, { logInterval: 0, logStream: stream });
      progress.update(600, 1000, "epoch 7/10");
      vi.advanceTimersByTime(20_000);
      progress.update(700, 1000, "epoch 8/10");
      expect(lines.at(-1)).toMatch(/ epoch 8\/10 \| 70% \| ETA 1m 0s$/);
    });
  });

  it("formats ETAs in seconds, minutes or hours", () => {
    expect(formatDuration(42)).toBe("42s");
    expect(formatDuration(75)).toBe("1m 15s");
    expect(formatDuration(4000)).toBe("1h 6m");
  });
});
