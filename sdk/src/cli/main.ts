/**
 * Entry point of the `stratos` CLI (`sdk/bin/stratos.js` loads it through tsx): runs {@link runCli}
 * on `process.argv`, cancels running transfers on the first Ctrl-C and sets the exit code.
 *
 * @example
 * // npx stratos --json ozone
 * require("./main");
 */
import { runCli } from "./program";

const controller = new AbortController();
let interrupted = false;
process.on("SIGINT", () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write("\ninterrupted: stopping (Ctrl-C again to quit now)\n");
  controller.abort(new Error("interrupted"));
});
// Writing binary to a closed pipe (e.g. `stratos download <cid> | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
});

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
    // cosmjs' websocket / http agents may keep the loop alive; the work is done once stdout is flushed.
    const exit = (): void => {
      if (process.stdout.writableLength > 0) process.stdout.once("drain", exit);
      else process.exit(code);
    };
    setTimeout(exit, 200).unref();
  },
  (e: unknown) => {
    process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
