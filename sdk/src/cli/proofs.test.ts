import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cidFromRoot, expiresIn, newNonce, signAsWallet, walletKeyFromPrivateKey, type Receipt } from "../mesh";
import { nodeKeyFromSeed } from "../nodes/node-key";
import { readReceipts } from "./proofs";

const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-cli-receipts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wallet = walletKeyFromPrivateKey(new Uint8Array(32).fill(3));
const receipt = (bytes: number) =>
  signAsWallet<Receipt>(
    { type: "receipt", chain_id: "c", nonce: newNonce(), expires: expiresIn(60), node: nodeKeyFromSeed(new Uint8Array(32).fill(5)).address, cid: cidFromRoot(new Uint8Array(32)), slice_index: "0", bytes: String(bytes), ticket_nonce: newNonce(), epoch_hint: "1" },
    wallet,
  );
const [a, b] = [receipt(1), receipt(2)];

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("readReceipts (stratos verify-receipt)", () => {
  it("reads one envelope or an array, compact or pretty-printed, and JSON lines", async () => {
    expect(await readReceipts(file("one.json", JSON.stringify(a)))).toEqual([a]);
    expect(await readReceipts(file("pretty.json", JSON.stringify(a, null, 2)))).toEqual([a]);
    expect(await readReceipts(file("array.json", JSON.stringify([a, b], null, 2)))).toEqual([a, b]);
    expect(await readReceipts(file("lines.jsonl", `${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`))).toEqual([a, b]);
  });

  it("names the bad line, a non-receipt item, an empty or missing file", async () => {
    await expect(readReceipts(file("bad.jsonl", `${JSON.stringify(a)}\n{nope\n`))).rejects.toThrow(/line 2 is not JSON/);
    await expect(readReceipts(file("other.json", JSON.stringify([a, { payload: { type: "ticket" } }])))).rejects.toThrow(/item 2 .* is not a receipt envelope/);
    await expect(readReceipts(file("empty.json", "  \n"))).rejects.toThrow(/is empty/);
    await expect(readReceipts(path.join(dir, "missing.json"))).rejects.toThrow(/cannot read/);
  });
});
