// Kernel calls are checked twice over: by the compiler (a call's argument
// list is the kernel's own parameter list from src/kernels.ts) and at run
// time (a kernel that throws on a worker names itself and its error).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { kernelNames } from "../../src/threads/protocol.js";
import { stopThreads, threadTeam } from "../../src/threads/pool.js";
import { testCore } from "../support/core.js";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Type errors of `body` compiled under the project's settings beside src/. */
function typeErrors(body: string): string[] {
  const file = join(ROOT, "src", "__kernel-call-check.ts");
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], types: [], skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? body : readFile(name));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** Member names of `interface Kernels` in src/kernels.ts, read with the TypeScript parser. */
function declaredKernels(): string[] {
  const path = join(ROOT, "src", "kernels.ts");
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022);
  const names: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "Kernels") {
      for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) names.push(member.name.text);
    }
  });
  return names;
}

describe("kernel calls", () => {
  afterAll(async () => stopThreads(await testCore()));

  it("the Kernels interface declares exactly the module's exported functions", async () => {
    const core = await testCore();
    expect(declaredKernels().sort()).toEqual(kernelNames(core.module).sort());
  });

  it("a call with the kernel's own argument list compiles; a wrong count, a wrong name or a non-number does not", () => {
    const header = `import type { KernelCall } from "./threads/pool.js";\n`;
    expect(typeErrors(`${header}export const ok: KernelCall = { kernel: "rbmSigmoid", args: [1, 2, 3] };`)).toEqual([]);
    expect(typeErrors(`${header}export const few: KernelCall = { kernel: "rbmSigmoid", args: [1, 2] };`)).not.toEqual([]);
    expect(typeErrors(`${header}export const many: KernelCall = { kernel: "rbmSigmoid", args: [1, 2, 3, 4] };`)).not.toEqual([]);
    expect(typeErrors(`${header}export const name: KernelCall = { kernel: "rbmSigmoids", args: [1, 2, 3] };`)).not.toEqual([]);
    expect(typeErrors(`${header}export const text: KernelCall = { kernel: "rbmSigmoid", args: [1, "2", 3] };`)).not.toEqual([]);
  }, 60_000);

  it("a kernel that traps on a worker thread is reported with its name and the engine's message", async () => {
    const core = await testCore();
    const team = threadTeam(core, 2);
    expect(team.size).toBe(2);
    const count = 1024;
    const input = core.arena.alloc(count * 4);
    const beyondMemory = core.memory.buffer.byteLength + 65536;
    // Thread 0 runs a good call, thread 1 reads past the end of memory.
    const run = () => team.run((t) => [{ kernel: "rbmSigmoid", args: [t === 0 ? input : beyondMemory, count, input] }]);
    expect(run).toThrow(/^kernel rbmSigmoid failed on a worker thread: .*memory access out of bounds/);
    // The failure is cleared: the next phase runs normally.
    expect(team.run((t) => [{ kernel: "rbmSigmoid", args: [input, t + 1, input] }])).toEqual([[0], [0]]);
  });
});
