// reproduce interrupted by SIGINT mid-arm, then --resume: the same bytes as
// an uninterrupted run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = new URL("../../dist/node/cli.js", import.meta.url).pathname;
const ARGS = ["--quick", "--epochs", "20", "--sklearn-epochs", "2", "--quiet"];

function interrupted(out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "reproduce", ...ARGS, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    // interrupt once training has started: the samples exist and the first arm is under way
    const poll = setInterval(() => {
      if (existsSync(join(out, "reproduce.json"))) {
        clearInterval(poll);
        setTimeout(() => child.kill("SIGINT"), 1500);
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

describe("blockspin reproduce --resume", () => {
  it("continues an interrupted run to the same bytes as an uninterrupted one", async () => {
    const root = mkdtempSync(join(tmpdir(), "blockspin-reproduce-resume-"));
    const stopped = join(root, "stopped");
    const first = await interrupted(stopped);
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(/interrupted in arm \w+ seed 1 at layer \d+ .*resume with blockspin reproduce --resume --out/);
    expect(existsSync(join(stopped, "report.html"))).toBe(false);

    const resumed = spawnSync(process.execPath, [CLI, "reproduce", "--resume", "--out", stopped], { encoding: "utf8" });
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/resuming .* from its checkpoint|reusing/);

    const straight = join(root, "straight");
    expect(spawnSync(process.execPath, [CLI, "reproduce", ...ARGS, "--out", straight]).status).toBe(0);
    for (const arm of ["l1", "l2", "sklearn"]) {
      for (const file of ["layer1.W.npy", "layer2.W.npy", "layer3.W.npy", "layer3.hbias.npy"]) {
        const a = readFileSync(join(stopped, "arms", arm, "seed-1", file));
        const b = readFileSync(join(straight, "arms", arm, "seed-1", file));
        expect(a.equals(b), `${arm}/${file}`).toBe(true);
      }
      expect(existsSync(join(stopped, "arms", arm, "seed-1", "checkpoint"))).toBe(false);
    }
    expect(existsSync(join(stopped, "report.html"))).toBe(true);
  });

  it("refuses --resume where nothing was started", () => {
    const run = spawnSync(process.execPath, [CLI, "reproduce", "--resume", "--out", join(mkdtempSync(join(tmpdir(), "blockspin-")), "none")], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/--resume: .* has no reproduce\.json/);
  });
});
