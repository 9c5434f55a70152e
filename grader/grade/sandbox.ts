// What the operating system adds around a child that runs student code, beyond Node's
// permission model (which covers neither signals nor the network):
// - a PID namespace (`unshare --pid`): the child is PID 1 of its own namespace and cannot name,
//   let alone signal, the grader or any other process; with it a network namespace (`--net`,
//   no interface but a downed loopback) and an IPC namespace;
// - where the grader runs as root (CI, Gradescope), its own unprivileged uid/gid, unique among
//   the children running at once, so even a process it could name would refuse its signals.
// Each layer is probed once and used where this machine allows it; `sandboxReport()` says which.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface SandboxLayers {
  /** prlimit(1) is there to cap each child's CPU time: a child left behind by a grader that died still ends. */
  cpuLimit: boolean;
  /** The unshare(1) flags that start a child in fresh namespaces, or null when unavailable. */
  namespaces: string[] | null;
  /** True when children get their own uid/gid (the grader runs as root). */
  ownUid: boolean;
}

/** The range of uids/gids handed to children: unused by Debian, far above login and system users. */
const UID_BASE = 2_100_000_000;
const UID_SLOTS = 4096;

let probed: SandboxLayers | undefined;

function works(cmd: string, args: string[]): boolean {
  try {
    return spawnSync(cmd, args, { stdio: "ignore", timeout: 10_000 }).status === 0;
  } catch {
    return false;
  }
}

/** Probes once per grader process what this machine allows. SEPCONV_SANDBOX=none turns both off (tests of the JavaScript layer alone). */
export function sandboxLayers(): SandboxLayers {
  if (probed) return probed;
  if (process.platform !== "linux" || process.env.SEPCONV_SANDBOX === "none") {
    probed = { namespaces: null, ownUid: false, cpuLimit: false };
    return probed;
  }
  const root = process.getuid?.() === 0;
  // Without root, a user namespace lets unshare create the others (where the kernel allows it).
  const candidates = root
    ? [
        ["--pid", "--net", "--ipc", "--fork", "--kill-child"],
        ["--pid", "--fork", "--kill-child"],
      ]
    : [
        ["--user", "--map-root-user", "--pid", "--net", "--ipc", "--fork", "--kill-child"],
        ["--user", "--map-root-user", "--pid", "--fork", "--kill-child"],
      ];
  const uid = UID_BASE;
  const dropUid = `process.setgroups([]); process.setgid(${uid}); process.setuid(${uid}); if (process.getuid() !== ${uid}) process.exit(1);`;
  const inNamespace = "process.exit(process.pid === 1 ? 0 : 1)";
  // One start of Node checks both where both work (the usual case as root): probing costs a grading run ~0.3 s each.
  let namespaces: string[] | null = null;
  let ownUid = false;
  if (
    root &&
    works("unshare", [...candidates[0]!, process.execPath, "-e", dropUid + inNamespace])
  ) {
    namespaces = candidates[0]!;
    ownUid = true;
  } else {
    namespaces =
      candidates.find((flags) =>
        works("unshare", [...flags, process.execPath, "-e", inNamespace]),
      ) ?? null;
    ownUid = root && works(process.execPath, ["-e", dropUid]);
  }
  const cpuLimit = works("prlimit", ["--cpu=5", "true"]);
  probed = { namespaces, ownUid, cpuLimit };
  return probed;
}

/** @public required from dist/ by tests */
export function sandboxReport(): string {
  const s = sandboxLayers();
  return [
    s.namespaces
      ? `own PID${s.namespaces.includes("--net") ? ", network and IPC" : ""} namespace`
      : "no PID namespace (unshare unavailable)",
    s.ownUid ? "own unprivileged uid/gid" : "the grader's uid (not root, or setuid refused)",
  ].join("; ");
}

/** The command that starts `node` (argv) in the layers available, its CPU time capped at `cpuSeconds`. */
export function sandboxCommand(node: string[], cpuSeconds: number): string[] {
  const s = sandboxLayers();
  const capped = s.cpuLimit ? ["prlimit", `--cpu=${cpuSeconds}`, ...node] : node;
  return s.namespaces ? ["unshare", ...s.namespaces, ...capped] : capped;
}

/**
 * Hands out uids no other running child holds; a slot is free again once its child has exited.
 * @public required from dist/ by tests
 */
export class UidPool {
  private readonly free: number[];
  constructor(offset = (process.pid * 64) % UID_SLOTS) {
    // Different grader processes start at different offsets, so their children rarely share one.
    this.free = Array.from({ length: UID_SLOTS }, (_, i) => UID_BASE + ((offset + i) % UID_SLOTS));
  }
  take(): number {
    const id = this.free.shift();
    if (id === undefined) throw new Error("more than 4096 children at once");
    return id;
  }
  give(id: number): void {
    this.free.push(id);
  }
}

export const uidPool = new UidPool();

/** The pid of the Node process itself: under unshare it is the child of the unshare process. */
export function innerPid(pid: number, layers: SandboxLayers): number | null {
  if (!layers.namespaces) return pid;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return children.length ? Number(children[0]) : null;
  } catch {
    return null;
  }
}
