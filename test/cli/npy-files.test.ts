// .npy files and atomic writes on disk (src/node/io/npy.ts, src/node/io/atomic-write.ts).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNpy, writeNpy } from "../../src/node/io/npy.js";
import { removeIfExists, temporaryPathFor, writeFileAtomic } from "../../src/node/io/atomic-write.js";
import { dict, expectSameArray, randomArray, rawNpy } from "../support/npy.js";
import { scratchDirectories } from "../support/scratch.js";

const scratch = scratchDirectories("blockspin-npy-");

describe("readNpy / writeNpy", () => {
  it("round-trips through a file", async () => {
    const path = join(scratch(), "a.npy");
    const array = randomArray("float32", [4, 6], 99);
    await writeNpy(path, array);
    expect(readdirSync(dirname(path))).toEqual(["a.npy"]);
    expectSameArray(await readNpy(path), array);
  });

  it("starts every error message with the path", async () => {
    const dir = scratch();
    await expect(readNpy(join(dir, "missing.npy"))).rejects.toThrow(new RegExp(`^${dir}/missing.npy: cannot read: ENOENT`));
    const truncated = join(dir, "t.npy");
    writeFileSync(truncated, rawNpy(dict("'|i1'", "(20000, 8, 8)"), 1000));
    await expect(readNpy(truncated)).rejects.toThrow(`${truncated}: truncated: header declares 1280000 bytes of data, file has 1000`);
    const bad = join(dir, "bad.npy");
    await expect(writeNpy(bad, { dtype: "int8", shape: [3], data: new Int8Array(2) })).rejects.toThrow(new RegExp(`^${bad}: cannot encode`));
    expect(readdirSync(dir).sort()).toEqual(["t.npy"]);
  });
});

describe("writeFileAtomic", () => {
  it("writes bytes and UTF-8 strings, replacing the old content, leaving no temp files", async () => {
    const dir = scratch();
    const path = join(dir, "out.bin");
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    await writeFileAtomic(path, "π ≈ 3.14\n");
    expect(readFileSync(path, "utf8")).toBe("π ≈ 3.14\n");
    expect(readdirSync(dir)).toEqual(["out.bin"]);
  });

  it("ends with one complete version when writes race", async () => {
    const dir = scratch();
    const path = join(dir, "race.txt");
    const contents = Array.from({ length: 12 }, (_, i) => `${i}`.repeat(10_000 + i));
    await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
    expect(contents).toContain(readFileSync(path, "utf8"));
    expect(readdirSync(dir)).toEqual(["race.txt"]);
  });

  it("rejects and leaves nothing when the directory does not exist", async () => {
    const dir = scratch();
    await expect(writeFileAtomic(join(dir, "no", "such", "x.npy"), "data")).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes its temp file when the final rename fails", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "taken", "child"), { recursive: true }); // a non-empty directory cannot be renamed over
    await expect(writeFileAtomic(join(dir, "taken"), "data")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);
    expect(readdirSync(join(dir, "taken"))).toEqual(["child"]);
  });

  it("names temp files .<base>.<pid>.<random>.tmp beside the target", () => {
    const temp = temporaryPathFor("/data/run/ising.npy");
    expect(dirname(temp)).toBe("/data/run");
    expect(temp.slice("/data/run/".length)).toMatch(new RegExp(`^\\.ising\\.npy\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    expect(temporaryPathFor("/data/run/ising.npy")).not.toBe(temp);
  });
});

describe("removeIfExists", () => {
  it("removes a file, tolerates a missing one, and reports which happened", async () => {
    const path = join(scratch(), "f");
    writeFileSync(path, "x");
    expect(await removeIfExists(path)).toBe(true);
    expect(await removeIfExists(path)).toBe(false);
  });

  it("still reports other failures", async () => {
    await expect(removeIfExists(scratch())).rejects.toThrow();
  });
});
