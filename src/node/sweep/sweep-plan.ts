// The plan of a sweep: the cross product of its axes, one task per point,
// each with a stable id, its full settings and a content hash. Tasks whose
// sampling settings agree share one cached sample set.
//
// DIR/plan.json is the contract between the planner and every executor
// (`sweep run`, `sweep slurm`, GNU parallel): a task is addressed by its
// index, its outputs live in DIR/tasks/<id>/.

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { checkTrainingFits } from "../../rbm/memory-estimate.js";
import { validateLayerOptions, type LayerTrainingOptions } from "../../rbm/training-options.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { sha256 } from "../io/digest.js";
import { flowLayerOptions } from "../../flow/flow-training.js";
import { flowOptionsOf, flowTrainingOf, type FlowRunSettings } from "../flow/flow.js";
import { DIMER_ENCODINGS, encodedSampleShape } from "../../systems/dimer/encodings.js";
import { DIMER_TEMPERATURE, couplingOf, dimerSampleProblem } from "../sample/sample-settings.js";
import { layerOptionsFromFlags } from "../training/train.js";
import type { InvocationTrainKey, TrainSettings } from "../training/train-settings.js";
import { trainingRows } from "../training/training-progress.js";
import { UsageError } from "../runtime/usage-error.js";
import { flowDefaults, sampleDefaults, trainDefaults, type ParsedSettings, type SpecValue, type SweepSpec } from "./sweep-spec.js";

export const PLAN_FILE = "plan.json";

/**
 * A plan's resolved sampling settings for the Ising model (`blockspin sample`'s, temperature turned into coupling). It
 * has no `model` key, as plans written before the dimer model had none: a set's id is the hash of these settings.
 */
export interface IsingSampleSettings {
  /** Absent: the Ising model. */
  model?: undefined;
  /** Lattice side L. */
  size: number;
  /** Coupling K = J/kT. */
  coupling: number;
  /** Configurations to store. */
  count: number;
  /** Sampling seed. */
  seed: number;
  /** Monte Carlo update (ISING_ALGORITHMS): `wolff` or `metropolis`. */
  algorithm: string;
  /** Independent Markov chains. */
  chains: number;
  /** Updates discarded after the pilot run; unset: 20 tau_int. */
  burnIn?: number;
  /** Updates between stored samples; unset: ceil(2 tau_int). */
  spacing?: number;
}

/** A plan's resolved sampling settings for close-packed dimers (`blockspin sample --model dimer`'s, defaults filled in). */
export interface DimerSampleSettings {
  /** Close-packed dimers (src/systems/dimer/). */
  model: "dimer";
  /** Lattice side L, even. */
  size: number;
  /** Plaquette interaction V, in the units of T (weight exp(-V N_par / T)). */
  interaction: number;
  /** Temperature T > 0, in the units of V. */
  temperature: number;
  /** Coverings to store. */
  count: number;
  /** Sampling seed. */
  seed: number;
  /** Independent Markov chains. */
  chains: number;
  /** Updates discarded after the pilot run; unset: 20 tau_int. */
  burnIn?: number;
  /** Updates between stored samples; unset: ceil(2 tau_int). */
  spacing?: number;
}

/** A plan's resolved sampling settings, by model; exported from `blockspin/node` as PlannedSampleSettings. */
export type SampleSettings = IsingSampleSettings | DimerSampleSettings;

/** Training settings of a task: `blockspin train`'s, without its data and the per-invocation ones. */
export type TaskTrainSettings = Omit<TrainSettings, "data" | InvocationTrainKey>;

/** A sample set of the plan, shared by every task whose sampling settings agree; drawn once into DIR/samples/ID/. */
export interface SampleSet {
  /** Directory name under DIR/samples/: a prefix of the settings' hash. */
  id: string;
  /** The sampling settings it is drawn with. */
  settings: SampleSettings;
}

/** One task of a plan: a training task (TrainSweepTask) or a flow experiment (FlowSweepTask). */
export type SweepTask = TrainSweepTask | FlowSweepTask;

/** The settings of a flow task: `blockspin flow`'s, less where it writes and how it runs and reports. */
export type TaskFlowSettings = FlowRunSettings;

/** One task of a flow sweep: one flow experiment (`blockspin flow` with the task's settings), outputs in DIR/tasks/ID/flow/. */
export interface FlowSweepTask {
  /** Marks a flow task. */
  kind: "flow";
  /** Position in the plan, 0-based: what `sweep run-task DIR INDEX` and $SLURM_ARRAY_TASK_ID address. */
  index: number;
  /** Directory name under DIR/tasks/, built from the task's axis values. */
  id: string;
  /** SHA-256 of the task's full settings. */
  hash: string;
  /** This task's value on every axis, as written in the spec, seed last. */
  axes: Record<string, SpecValue>;
  /** The flow's seed (sampling, training and flows). */
  seed: number;
  /** The full flow settings, defaults filled in. */
  flow: TaskFlowSettings;
}

/** One task of a training sweep: one point of the grid, a training run and its analysis, outputs in DIR/tasks/ID/. */
export interface TrainSweepTask {
  /** Absent: a training task. */
  kind?: undefined;
  /** Position in the plan, 0-based: what `sweep run-task DIR INDEX` and $SLURM_ARRAY_TASK_ID address. */
  index: number;
  /** Directory name under DIR/tasks/, built from the task's axis values. */
  id: string;
  /** SHA-256 of the task's full settings (sample and train). */
  hash: string;
  /** This task's value on every axis, as written in the spec ("sample." prefixes sampling keys), seed last. */
  axes: Record<string, SpecValue>;
  /** Training seed. */
  seed: number;
  /** Id of the task's sample set (SweepPlan.sampleSets). */
  sampleSet: string;
  /** The resolved sampling settings. */
  sample: SampleSettings;
  /** The full training settings, defaults filled in. */
  train: TaskTrainSettings;
}

/** An axis of the plan: a key the spec lists more than one value for (and the seeds, always). */
export interface SweepAxis {
  /** The key as the spec writes it ("sample." prefixes sampling keys; `seed` for the seeds). */
  key: string;
  /** Its values as written, in the spec's order. */
  values: SpecValue[];
}

/** DIR/plan.json: the cross product of a spec's axes, one task per point (buildPlan). */
export interface SweepPlan {
  /** `flow` for a sweep of flow experiments; absent for training tasks. */
  kind?: "flow";
  /** File format tag. */
  format: "blockspin-sweep-plan";
  /** File format version. */
  formatVersion: 1;
  /** The spec's name. */
  name: string;
  /** The spec's description. */
  description?: string;
  /** SHA-256 of the spec as parsed (key order and whitespace do not matter). */
  specHash: string;
  /** The axes, sampling ones first, then training ones in the spec's key order, seeds last (innermost). */
  axes: SweepAxis[];
  /** The distinct sample sets the tasks draw on (none in a flow sweep: each flow samples, sharing DIR/samples/flow-*). */
  sampleSets: SampleSet[];
  /** Every task, by index. */
  tasks: SweepTask[];
}

/** Task and sample-set directories of a plan in DIR. */
export const taskDirectory = (dir: string, task: Pick<SweepTask, "id">): string => join(dir, "tasks", task.id);
export const sampleDirectory = (dir: string, setId: string): string => join(dir, "samples", setId);
/** DIR/samples/ID/ising.npy, or dimer.npy for a dimer set. */
export const samplePath = (dir: string, set: SampleSet): string =>
  join(sampleDirectory(dir, set.id), `${set.settings.model ?? "ising"}.npy`);

interface AxisPoint {
  key: string;
  group: "sample" | "train" | "flow";
  name: string;
  value: unknown;
  written: SpecValue;
}

/**
 * The cross product: sampling axes, then training axes (in the spec's key order), then seeds innermost.
 * Settings `train` would reject only after sampling are a UsageError here, naming the task.
 *
 * @param spec - The parsed spec (parseSweepSpec).
 * @returns The plan: axes, sample sets and tasks with their ids and hashes.
 */
export function buildPlan(spec: SweepSpec): SweepPlan {
  if (spec.kind === "flow") return buildFlowPlan(spec);
  const axisLists: AxisPoint[][] = [
    ...axesOf(spec.sample, "sample"),
    ...axesOf(spec.train, "train"),
    spec.seeds.map((seed) => ({ key: "seed", group: "train" as const, name: "seed", value: seed, written: seed })),
  ];
  const points = axisLists.reduce<AxisPoint[][]>((product, axis) => product.flatMap((p) => axis.map((v) => [...p, v])), [[]]);
  const sampleSets = new Map<string, SampleSet>();
  const tasks = points.map((point, index): TrainSweepTask => {
    const pick = (group: "sample" | "train", settings: ParsedSettings) => {
      const chosen: Record<string, unknown> = {};
      for (const [key, values] of Object.entries(settings.values)) chosen[key] = values[0];
      for (const p of point) if (p.group === group) chosen[p.name] = p.value;
      return chosen;
    };
    const sample = resolveSample(pick("sample", spec.sample));
    const seed = point.find((p) => p.key === "seed")!.value as number;
    const train = { ...trainDefaults(), ...pick("train", spec.train), seed } as TaskTrainSettings;
    const setId = textHash(canonicalJson(sample)).slice(0, 12);
    if (!sampleSets.has(setId)) sampleSets.set(setId, { id: setId, settings: sample });
    const axes = Object.fromEntries(point.map((p) => [p.key, p.written]));
    return {
      index, id: taskId(point), hash: textHash(canonicalJson({ sample, train })),
      axes, seed, sampleSet: setId, sample, train,
    };
  });
  for (const task of tasks) checkTask(task);
  checkDistinctIds(tasks);
  return {
    format: "blockspin-sweep-plan", formatVersion: 1, name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    specHash: textHash(canonicalJson(spec)),
    axes: axisLists.filter((axis) => axis.length > 1 || axis[0]!.key === "seed")
      .map((axis) => ({ key: axis[0]!.key, values: axis.map((p) => p.written) })),
    sampleSets: [...sampleSets.values()],
    tasks,
  };
}

function axesOf(settings: ParsedSettings, group: "sample" | "train" | "flow"): AxisPoint[][] {
  return Object.entries(settings.values)
    .filter(([, values]) => values.length > 1)
    .map(([name, values]) => values.map((value, i) => ({
      key: group === "sample" ? `sample.${name}` : name, group, name, value, written: settings.written[name]![i]!,
    })));
}

/** The cross product of a flow spec's axes, seeds innermost; each task's settings checked as `blockspin flow` checks them. */
function buildFlowPlan(spec: SweepSpec): SweepPlan {
  const flow = spec.flow ?? { values: {}, written: {} };
  const axisLists: AxisPoint[][] = [
    ...axesOf(flow, "flow"),
    spec.seeds.map((seed) => ({ key: "seed", group: "flow" as const, name: "seed", value: seed, written: seed })),
  ];
  const points = axisLists.reduce<AxisPoint[][]>((product, axis) => product.flatMap((p) => axis.map((v) => [...p, v])), [[]]);
  const tasks = points.map((point, index): FlowSweepTask => {
    const chosen: Record<string, unknown> = {};
    for (const [key, values] of Object.entries(flow.values)) chosen[key] = values[0];
    for (const p of point) chosen[p.name] = p.value;
    const settings = { ...flowDefaults(), ...chosen } as TaskFlowSettings;
    return {
      kind: "flow", index, id: taskId(point), hash: textHash(canonicalJson({ flow: settings })),
      axes: Object.fromEntries(point.map((p) => [p.key, p.written])), seed: settings.seed, flow: settings,
    };
  });
  for (const task of tasks) {
    try {
      flowOptionsOf(task.flow);
    } catch (error) {
      throw new UsageError(`task ${task.index} (${task.id}): ${(error as Error).message}`);
    }
  }
  checkDistinctIds(tasks);
  return {
    format: "blockspin-sweep-plan", formatVersion: 1, kind: "flow", name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    specHash: textHash(canonicalJson(spec)),
    axes: axisLists.filter((axis) => axis.length > 1 || axis[0]!.key === "seed")
      .map((axis) => ({ key: axis[0]!.key, values: axis.map((p) => p.written) })),
    sampleSets: [],
    tasks,
  };
}

function checkDistinctIds(tasks: readonly SweepTask[]): void {
  const seen = new Map<string, number>();
  for (const task of tasks) {
    const other = seen.get(task.id);
    if (other !== undefined) throw new UsageError(`tasks ${other} and ${task.index} would share the directory ${task.id}: an axis lists two values that read the same`);
    seen.set(task.id, task.index);
  }
}

/**
 * Where a flow task caches its Wolff samples: one directory per lattice, count, temperatures and seed, shared by
 * the tasks that sample the same configurations (the samples are a function of these alone).
 *
 * @param dir - The sweep directory.
 * @param task - A flow task.
 * @returns DIR/samples/flow-HASH.
 */
export function flowSampleDirectory(dir: string, task: FlowSweepTask): string {
  const { size, perTemperature, seed } = task.flow;
  return join(dir, "samples", `flow-${textHash(canonicalJson({ size, perTemperature, seed })).slice(0, 12)}`);
}

function resolveSample(chosen: Record<string, unknown>): SampleSettings {
  const { temperature, model, interaction, ...rest } = { ...sampleDefaults(), ...chosen } as Record<string, unknown> & {
    temperature?: number; model?: string; interaction?: number;
  };
  if (model === "dimer") return resolveDimerSample(rest, temperature, interaction);
  if (interaction !== undefined) throw new UsageError("sample.interaction: the plaquette interaction is the dimer model's (give sample.model dimer)");
  const coupling = couplingOf({ temperature, coupling: rest["coupling"] as number | undefined });
  return { ...(rest as unknown as IsingSampleSettings), coupling };
}

/** A dimer set's settings, refusing what `blockspin sample --model dimer` refuses (runDimerSample). */
function resolveDimerSample(rest: Record<string, unknown>, temperature: number | undefined, interaction: number | undefined): DimerSampleSettings {
  const { size, count, seed, chains, burnIn, spacing, algorithm, coupling } = rest as unknown as IsingSampleSettings;
  const problem = dimerSampleProblem({ size, coupling, algorithm }, (key) => `sample.${key}`);
  if (problem) throw new UsageError(problem);
  return {
    model: "dimer", size, interaction: interaction ?? 0, temperature: temperature ?? DIMER_TEMPERATURE, count, seed, chains,
    ...(burnIn !== undefined ? { burnIn } : {}), ...(spacing !== undefined ? { spacing } : {}),
  };
}

/**
 * Visible units per sample a task's RBM sees: L^2 spins, or the dimer encoding's units (2 L^2 bonds, a 2L x 2L image).
 *
 * @param task - A training task.
 * @returns The first layer's visible units.
 */
export function taskVisibleUnits(task: TrainSweepTask): number {
  if (task.sample.model !== "dimer") return task.sample.size ** 2;
  return encodedSampleShape(task.train.encoding ?? DIMER_ENCODINGS[0], task.sample.size).reduce((a, b) => a * b, 1);
}

/** "penalty-l1_penaltyStrength-0.0002_seed-1": readable, stable, and safe as a directory name. */
function taskId(point: readonly AxisPoint[]): string {
  return point.map((p) => `${p.key}-${String(p.written)}`).join("_").replace(/[^\w.,+-]/g, "~");
}

/** Per-layer options of a task, as `blockspin train` would build them from the same flags (for a flow task, its RBM's). */
export function taskLayers(task: SweepTask): LayerTrainingOptions[] {
  if (task.kind === "flow") return [flowLayerOptions(flowTrainingOf(task.flow), task.flow.hidden ?? task.flow.size ** 2)];
  return layerOptionsFromFlags(task.train);
}

/** Problems `train` would reject only after sampling: found at plan time instead, naming the task. */
function checkTask(task: TrainSweepTask): void {
  try {
    const layers = taskLayers(task);
    if (task.train.encoding !== undefined && task.sample.model !== "dimer") {
      throw new Error("encoding: encodings are for dimer samples (give sample.model dimer)");
    }
    const nVisible = taskVisibleUnits(task);
    const rows = trainingRows(task.sample.count, task.train.validation);
    layers.forEach((options, i) => {
      try {
        validateLayerOptions(options, rows);
      } catch (error) {
        throw new Error(`layer ${i + 1}: ${(error as Error).message}`, { cause: error });
      }
    });
    checkTrainingFits(task.sample.count, nVisible, layers);
  } catch (error) {
    throw new UsageError(`task ${task.index} (${task.id}): ${(error as Error).message}`);
  }
}

const textHash = (text: string): string => sha256(new TextEncoder().encode(text));

/** JSON with object keys sorted, so a hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v);
}

/**
 * Writes DIR/plan.json. Planning the same spec again leaves it as it is (same ids, same hashes); a plan from a
 * different spec is refused, since the tasks already run in DIR would no longer match it.
 *
 * @param dir - The sweep directory.
 * @param plan - The plan (buildPlan).
 * @returns `written`, or `unchanged` when DIR already holds the plan of the same spec.
 */
export async function writePlan(dir: string, plan: SweepPlan): Promise<"written" | "unchanged"> {
  const path = join(dir, PLAN_FILE);
  if (existsSync(path)) {
    const existing = await readPlan(dir);
    if (existing.specHash === plan.specHash) return "unchanged";
    throw new UsageError(`${path} was planned from a different spec ("${existing.name}"); plan into another directory, or delete ${dir} first`);
  }
  await writeFileAtomic(path, `${JSON.stringify(plan, null, 2)}\n`);
  return "written";
}

/**
 * Reads DIR/plan.json; a missing file is a usage error saying to plan first.
 *
 * @param dir - The sweep directory.
 * @returns The plan.
 */
export async function readPlan(dir: string): Promise<SweepPlan> {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(path)) throw new UsageError(`${dir}: no ${PLAN_FILE} (run blockspin sweep plan SPEC.json --out ${dir} first)`);
  const plan = JSON.parse(await readFile(path, "utf8")) as SweepPlan;
  if (plan.format !== "blockspin-sweep-plan") throw new UsageError(`${path}: not a blockspin sweep plan`);
  return plan;
}

/** The task at `index`, or a usage error naming the valid range. */
export function taskAt(plan: SweepPlan, index: number): SweepTask {
  const task = plan.tasks[index];
  if (!Number.isInteger(index) || !task) throw new UsageError(`INDEX: expected 0 to ${plan.tasks.length - 1}, got ${index}`);
  return task;
}
