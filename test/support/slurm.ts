// A real single-node Slurm for the tests, set up as ../../../shared/slurm-local.md
// describes (Debian's slurm-wlm and munge, no systemd): when sbatch and
// slurmctld are installed and we are root, start munged, slurmctld and
// slurmd unless they already run, and stop exactly what we started (by pid
// file, never by name). Otherwise say why the Slurm tests cannot run.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, totalmem, availableParallelism } from "node:os";

export type SlurmCluster = { available: true; stop(): void } | { available: false; reason: string };

const CONF = "/etc/slurm/slurm.conf";
const MUNGE_SOCKET = "/run/munge/munge.socket.2";
const MUNGE_PID = "/run/munge/munged.pid";
const SLURMCTLD_PID = "/run/slurmctld.pid";
const SLURMD_PID = "/run/slurmd.pid";

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error?.message ?? ""}`.trim() };
}

/** The node is up and takes jobs: `sinfo` reports it idle, mixed or allocated. */
function nodeReady(): boolean {
  const info = run("sinfo", ["-h", "-o", "%T"]);
  return info.ok && /idle|mix|alloc/.test(info.output);
}

function pidAlive(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function slurmConf(): string {
  const host = hostname();
  const realMemoryMiB = Math.floor((totalmem() / 2 ** 20) * 0.8);
  return `ClusterName=local
SlurmctldHost=${host}
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=${SLURMCTLD_PID}
SlurmdPidFile=${SLURMD_PID}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=${host} CPUs=${availableParallelism()} RealMemory=${realMemoryMiB} State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`;
}

async function waitFor(check: () => boolean, seconds: number): Promise<boolean> {
  for (let waited = 0; waited < seconds * 4; waited++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

/** Starts what is missing of munged, slurmctld and slurmd; `stop()` stops only those. */
export async function startSlurm(): Promise<SlurmCluster> {
  const missing = ["sbatch", "squeue", "scancel", "sinfo", "slurmctld", "slurmd", "munged"].filter((c) => !onPath(c) && !existsSync(`/usr/sbin/${c}`));
  if (missing.length > 0) return { available: false, reason: `Slurm is not installed (${missing.join(", ")} missing; apt-get install slurm-wlm munge)` };
  if (process.getuid?.() !== 0) return { available: false, reason: "starting a local Slurm needs root (slurmctld, slurmd and munged run as root/munge)" };
  if (nodeReady()) return { available: true, stop() {} };

  const started: string[] = [];
  const stop = () => {
    for (const pidFile of started.reverse()) {
      if (!existsSync(pidFile)) continue;
      try {
        process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  for (const dir of ["/var/spool/slurmctld", "/var/spool/slurmd", "/var/log/slurm", "/run/munge"]) mkdirSync(dir, { recursive: true });
  run("chown", ["munge:munge", "/run/munge"]);
  if (!existsSync(CONF)) writeFileSync(CONF, slurmConf());
  if (!existsSync(MUNGE_SOCKET) || !pidAlive(MUNGE_PID)) {
    if (!existsSync("/etc/munge/munge.key")) run("runuser", ["-u", "munge", "--", "/usr/sbin/mungekey", "--create"]);
    const munged = run("runuser", ["-u", "munge", "--", "/usr/sbin/munged", "--force"]);
    if (!munged.ok) return { available: false, reason: `munged did not start: ${munged.output}` };
    started.push(MUNGE_PID);
  }
  for (const [daemon, pidFile] of [["slurmctld", SLURMCTLD_PID], ["slurmd", SLURMD_PID]] as const) {
    if (pidAlive(pidFile)) continue;
    const result = run(existsSync(`/usr/sbin/${daemon}`) ? `/usr/sbin/${daemon}` : daemon, []);
    if (!result.ok) {
      stop();
      return { available: false, reason: `${daemon} did not start: ${result.output.split("\n").at(-1)}` };
    }
    started.push(pidFile);
    await waitFor(() => pidAlive(pidFile), 10);
  }
  if (!(await waitFor(nodeReady, 30))) {
    const state = run("sinfo", ["-h", "-o", "%T %E"]).output;
    stop();
    return { available: false, reason: `the Slurm node did not become idle (sinfo: ${state || "no answer"})` };
  }
  return { available: true, stop };
}
