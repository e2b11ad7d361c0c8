// One writer per directory: the lock itself, and the commands that take it
// (reproduce, train, sweep run-task) started twice on the same directory.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDirectoryLock, DirectoryLockedError, LOCK_FILE } from "../../src/node/io/directory-lock.js";
import { cli, cliAsync, tempDir, waitUntil, writeSpec } from "../support/sweep.js";

/** The pid of a process that has exited: nothing runs under it (until the kernel reuses it). */
function deadPid(): number {
  return spawnSync("true").pid;
}

function writeLock(dir: string, holder: { pid: number; host: string }): void {
  writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify({ ...holder, command: "blockspin train", since: "2026-01-01T00:00:00.000Z" })}\n`);
}

describe("directory lock", () => {
  it("lets one writer in, names it to the second, and is gone after release", () => {
    const dir = tempDir("lock");
    const lock = acquireDirectoryLock(dir, { command: "blockspin train" });
    const holder = JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")) as { pid: number; host: string };
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => acquireDirectoryLock(dir, { command: "blockspin train" })).toThrow(DirectoryLockedError);
    expect(() => acquireDirectoryLock(dir, { command: "blockspin train" }))
      .toThrow(new RegExp(`is being written by blockspin train \\(pid ${process.pid} on ${hostname()}, since `));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireDirectoryLock(dir, { command: "blockspin train" }).release();
  });

  it("takes over a lock whose process is gone on this host", () => {
    const dir = tempDir("lock");
    writeLock(dir, { pid: deadPid(), host: hostname() });
    const lock = acquireDirectoryLock(dir, { command: "blockspin reproduce" });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"))).toMatchObject({ pid: process.pid, command: "blockspin reproduce" });
    lock.release();
  });

  it("respects a lock from another host unless forced", () => {
    const dir = tempDir("lock");
    writeLock(dir, { pid: deadPid(), host: "elsewhere.cluster" });
    expect(() => acquireDirectoryLock(dir, { command: "blockspin train" })).toThrow(/on elsewhere\.cluster.*pass --force/);
    const lock = acquireDirectoryLock(dir, { command: "blockspin train", force: true });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
  });

  it("lets exactly one of several processes take over the same stale lock", async () => {
    const dir = tempDir("lock-race");
    writeLock(dir, { pid: deadPid(), host: hostname() });
    const lockModule = new URL("../../dist/node/io/directory-lock.js", import.meta.url).href;
    const release = join(dir, "release");
    // Each contender tries once, says whether it got the lock, and a winner holds it until told to let go.
    const script = `
      import { existsSync } from "node:fs";
      const { acquireDirectoryLock } = await import(${JSON.stringify(lockModule)});
      let lock;
      try { lock = acquireDirectoryLock(${JSON.stringify(dir)}, { command: "contender" }); } catch { console.log("locked"); process.exit(0); }
      console.log("won");
      while (!existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 20));
      lock.release();`;
    const contenders = Array.from({ length: 4 }, () => spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] }));
    const exits = contenders.map((child) => new Promise((resolve) => child.on("exit", resolve)));
    const answers = contenders.map((child) => new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (chunk) => { out += chunk; if (out.includes("\n")) resolve(out.trim()); });
    }));
    const results = await Promise.all(answers);
    writeFileSync(release, "");
    await Promise.all(exits);
    expect(results.filter((r) => r === "won")).toHaveLength(1);
    expect(results.filter((r) => r === "locked")).toHaveLength(3);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("leaves a lock alone on release once another writer has taken it over", () => {
    const dir = tempDir("lock");
    const lock = acquireDirectoryLock(dir, { command: "blockspin train" });
    writeLock(dir, { pid: 1, host: hostname() }); // as if a --force writer replaced ours
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});

/** Starts `first`, waits until it holds DIR's lock, then runs `second` on the same directory. */
async function secondWriter(lockDir: string, first: string[], second: string[]) {
  const running = cliAsync(first);
  await waitUntil(() => existsSync(join(lockDir, LOCK_FILE)), 120_000, `${first[0]} to take the lock`);
  const other = cli(second);
  return { first: await running.done, second: other, firstPid: running.pid };
}

const LONG_SPEC = { name: "long", sample: { size: 16, count: 2000, seed: 3 }, train: { layers: "64,16", epochs: 40 }, seeds: [1] };

describe("one writer per directory, end to end", () => {
  it("two reproduce --out D: one finishes, the other exits 2 naming the holder", async () => {
    const out = join(tempDir("lock-reproduce"), "run");
    const args = ["reproduce", "--quick", "--arms", "l1", "--epochs", "4", "--quiet", "--out", out];
    const { first, second, firstPid } = await secondWriter(out, args, args);
    expect(second.status).toBe(2);
    expect(second.stderr.trim().split("\n")).toHaveLength(1);
    expect(second.stderr).toMatch(new RegExp(`is being written by blockspin reproduce \\(pid ${firstPid} on ${hostname()}`));
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  });

  it("two sweep run-task DIR 0: one finishes, the other exits 2 naming the holder", async () => {
    const root = tempDir("lock-task");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, LONG_SPEC), "--out", dir]).status).toBe(0);
    expect(cli(["sweep", "sample", dir, "--quiet"]).status).toBe(0);
    const taskDir = join(dir, "tasks", "seed-1");
    const { first, second, firstPid } = await secondWriter(taskDir, ["sweep", "run-task", dir, "0"], ["sweep", "run-task", dir, "0"]);
    expect(second.status).toBe(2);
    expect(second.stderr.trim().split("\n")).toHaveLength(1);
    expect(second.stderr).toMatch(new RegExp(`is being written by blockspin sweep run-task 0 \\(pid ${firstPid} on ${hostname()}`));
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(taskDir, "result.json"))).toBe(true);
  });

  it("train takes the lock of --out too", async () => {
    const root = tempDir("lock-train");
    const data = join(root, "ising.npy");
    expect(cli(["sample", "--size", "16", "--count", "2000", "--out", data, "--quiet"]).status).toBe(0);
    const out = join(root, "model");
    const args = ["train", "--data", data, "--layers", "64,16", "--epochs", "40", "--quiet", "--out", out];
    const { first, second } = await secondWriter(out, args, args);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/is being written by blockspin train \(pid \d+/);
    expect(first.code, first.stderr).toBe(0);
  });

  it("takes over the lock of a killed run-task and finishes the task", async () => {
    const root = tempDir("lock-stale");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, LONG_SPEC), "--out", dir]).status).toBe(0);
    expect(cli(["sweep", "sample", dir, "--quiet"]).status).toBe(0);
    const taskDir = join(dir, "tasks", "seed-1");
    const killed = cliAsync(["sweep", "run-task", dir, "0"]);
    await waitUntil(() => existsSync(join(taskDir, LOCK_FILE)), 120_000, "run-task to take the lock");
    process.kill(killed.pid, "SIGKILL"); // no exit handler runs: the lock stays behind
    await killed.done;
    expect(JSON.parse(readFileSync(join(taskDir, LOCK_FILE), "utf8"))).toMatchObject({ pid: killed.pid });
    const status = cli(["sweep", "status", dir]);
    expect(status.stdout).toMatch(/0 running/);
    const rerun = cli(["sweep", "run-task", dir, "0"]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(existsSync(join(taskDir, "result.json"))).toBe(true);
    expect(existsSync(join(taskDir, LOCK_FILE))).toBe(false);
  });
});

describe("locks in sample sets", () => {
  it("a task waits for the sampling another process holds, then uses its samples", async () => {
    const root = tempDir("lock-samples");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, { ...LONG_SPEC, train: { layers: "16", epochs: 1 } }), "--out", dir]).status).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as { sampleSets: { id: string }[] };
    const setDir = join(dir, "samples", plan.sampleSets[0]!.id);
    mkdirSync(setDir, { recursive: true });
    const holder = acquireDirectoryLock(setDir, { command: "blockspin sweep sample" });
    const task = cliAsync(["sweep", "run-task", dir, "0"]);
    await new Promise((r) => setTimeout(r, 3000));
    expect(existsSync(join(dir, "tasks", "seed-1", "result.json"))).toBe(false); // still waiting
    holder.release();
    const done = await task.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/waiting for blockspin sweep sample \(pid \d+/);
  });
});
