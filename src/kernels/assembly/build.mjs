// `npm run build:wasm`: compiles the AssemblyScript kernels (index.ts) into the two modules the
// engine picks from at run time (src/kernels/wasm.ts): plain SIMD or relaxed SIMD. Both import a
// shared memory: worker threads share it, and its buffer is never detached when it grows, so
// output arrays can live in it (wasm.ts). The compiles are independent and mostly
// single-threaded, so they run at once.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../../..");
const asc = path.join(root, "node_modules/assemblyscript/bin/asc.js");
const common = ["src/kernels/assembly/index.ts", "-O3", "--runtime", "stub", "--noAssert"];
// 32768 pages, 2 GB: offsets stay below 2^31, where the host's int32 arithmetic holds (wasm.ts
// MAXIMUM_PAGES).
const shared = ["--sharedMemory", "--importMemory", "--initialMemory", "16", "--maximumMemory", "32768"];
const MODULES = [
  { out: "simd.wasm", features: "simd,threads", extra: shared },
  { out: "relaxed-simd.wasm", features: "simd,relaxed-simd,threads", extra: shared },
];

function compile({ out, features, extra }) {
  const args = [asc, ...common, "-o", `dist/kernels/${out}`, "--enable", features, ...extra];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    child.stdout.on("data", (d) => output.push(d));
    child.stderr.on("data", (d) => output.push(d));
    child.on("error", (e) => resolve({ out, code: 1, text: String(e) }));
    child.on("close", (code) => resolve({ out, code, text: Buffer.concat(output).toString() }));
  });
}

const results = await Promise.all(MODULES.map(compile));
for (const r of results) {
  if (r.text.trim() !== "") process.stderr.write(r.text);
  if (r.code !== 0) console.error(`build:wasm: ${r.out} failed (exit ${r.code})`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
