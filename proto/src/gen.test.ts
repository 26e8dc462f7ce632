import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// The generated code under proto/gen/ts is committed. This test runs the same generation (buf with
// the same buf.gen.yaml and the same ts-proto from node_modules) into a temporary folder and fails,
// naming the files, when the committed code differs from what the .proto files give now.

const PROTO_DIR = path.resolve(__dirname, "..");
const BUF = path.resolve(PROTO_DIR, "../node_modules/.bin/buf");
const COMMITTED = path.join(PROTO_DIR, "gen/ts");

/** Every file under `root`, as sorted paths relative to it with "/" separators. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

/** Runs `buf generate` with the committed template, writing under `outBase`/gen/ts. */
function generateInto(outBase: string): void {
  // buf starts the ts-proto plugin, a `#!/usr/bin/env node` script: make sure this node is on PATH.
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` };
  execFileSync(process.execPath, [BUF, "generate", "--template", "buf.gen.yaml", "-o", outBase], {
    cwd: PROTO_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

test("committed proto/gen/ts is what `make proto` generates now", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stratos-proto-gen-"));
  try {
    generateInto(tmp);
    const fresh = path.join(tmp, "gen/ts");
    const committed = new Set(listFiles(COMMITTED));
    const generated = new Set(listFiles(fresh));
    expect(generated.size).toBeGreaterThan(0);

    const problems: string[] = [];
    for (const file of [...new Set([...committed, ...generated])].sort()) {
      if (!committed.has(file)) problems.push(`missing from proto/gen/ts: ${file}`);
      else if (!generated.has(file)) problems.push(`no longer generated: ${file}`);
      else if (!fs.readFileSync(path.join(COMMITTED, file)).equals(fs.readFileSync(path.join(fresh, file)))) {
        problems.push(`differs: ${file}`);
      }
    }
    if (problems.length > 0) {
      throw new Error(`proto/gen/ts is stale; run \`make proto\` and commit the result:\n  ${problems.join("\n  ")}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);

test("generation is byte-stable (two runs give the same bytes)", () => {
  const a = fs.mkdtempSync(path.join(os.tmpdir(), "stratos-proto-gen-a-"));
  const b = fs.mkdtempSync(path.join(os.tmpdir(), "stratos-proto-gen-b-"));
  try {
    generateInto(a);
    generateInto(b);
    const files = listFiles(path.join(a, "gen/ts"));
    expect(listFiles(path.join(b, "gen/ts"))).toEqual(files);
    const differing = files.filter(
      (f) => !fs.readFileSync(path.join(a, "gen/ts", f)).equals(fs.readFileSync(path.join(b, "gen/ts", f))),
    );
    expect(differing).toEqual([]);
  } finally {
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  }
}, 60_000);
