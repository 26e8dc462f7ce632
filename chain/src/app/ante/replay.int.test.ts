/**
 * Replay and malleability against a real CometBFT and the app: the same signed tx broadcast again
 * (before and after it is committed, and after a restart emptied CometBFT's cache of seen txs)
 * moves coins once; a tx signed for another chain id is refused
 * with sdk code 4 and changes nothing; the high-S twin of a valid signature (s -> n - s, which
 * verifies under plain ECDSA and has another tx hash) is refused with code 4 before and after the
 * low-S original, which goes through exactly once.
 */
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { pollUntil } from "../../../../localnet/lib";
import { accountState, balanceAt, txHash } from "../../../test/helpers/chain-reads";
import { keyFromMnemonic, randomKey, type TestKey } from "../../../test/helpers/keys";
import { broadcastSync, latestHeight, txByHash, type BroadcastResult } from "../../../test/helpers/rpc";
import { startTestnet, type Testnet } from "../../../test/helpers/testnet";
import { buildTx, msgSend } from "../../../test/helpers/tx-builder";
import { highS } from "../../../test/helpers/tx-fuzz-cases";

jest.setTimeout(180_000);

let net: Testnet;
let sender: TestKey;
const recipient = randomKey();

beforeAll(async () => {
  net = await startTestnet({ chainId: "stratos-replay-test" });
  sender = await keyFromMnemonic(net.accounts[0]!.mnemonic);
});

afterAll(async () => {
  await net?.stop();
});

/** CheckTx's verdict, or CometBFT's own refusal (its cache of seen txs) as code -1 with the message. */
async function broadcast(tx: Uint8Array): Promise<BroadcastResult> {
  try {
    return await broadcastSync(net.rpcUrl, tx);
  } catch (e) {
    return { code: -1, log: (e as Error).message, codespace: "cometbft", hash: txHash(tx) };
  }
}

function committed(tx: Uint8Array): Promise<{ height: bigint; code: number }> {
  const hash = txHash(tx);
  return pollUntil(() => txByHash(net.rpcUrl, hash), { timeoutMs: 30_000, intervalMs: 200, timeoutMessage: () => `tx ${hash} was not committed` });
}

async function waitBlocks(n: bigint): Promise<void> {
  await net.node.waitForHeight((await latestHeight(net.rpcUrl)) + n);
}

async function snapshot(): Promise<{ sequence: bigint; sender: bigint; recipient: bigint }> {
  const acc = await accountState(net.rpcUrl, sender.address);
  return { sequence: acc.sequence, sender: await balanceAt(net.rpcUrl, sender.address), recipient: await balanceAt(net.rpcUrl, recipient.address) };
}

const refused = (r: BroadcastResult): boolean => r.code !== 0;

describe("replay and malleability under a real CometBFT", () => {
  it("the same tx twice moves coins once", async () => {
    const { accountNumber, sequence } = await accountState(net.rpcUrl, sender.address);
    const tx = buildTx({ key: sender, chainId: net.chainId, accountNumber, sequence, msgs: [msgSend(sender.address, recipient.address, 1000n)] });
    const before = await snapshot();
    expect((await broadcast(tx)).code).toBe(0);
    const again = await broadcast(tx);
    expect(refused(again)).toBe(true);
    const inBlock = await committed(tx);
    expect(inBlock.code).toBe(0);
    const later = await broadcast(tx);
    expect(refused(later)).toBe(true);
    // CometBFT's cache of seen txs is memory only: after a restart the replay reaches the app,
    // whose sequence check refuses it.
    const height = await latestHeight(net.rpcUrl);
    await net.node.stop();
    await net.node.start();
    await net.node.waitForHeight(height + 1n);
    const afterRestart = await broadcast(tx);
    expect({ code: afterRestart.code, codespace: afterRestart.codespace }).toEqual({ code: 32, codespace: "sdk" });
    await waitBlocks(2n);
    const after = await snapshot();
    expect(after.recipient - before.recipient).toBe(1000n);
    expect(after.sequence).toBe(before.sequence + 1n);
    console.log(
      `replay: tx ${txHash(tx).slice(0, 12)} broadcast 4 times: accepted once (height ${inBlock.height}); again before commit -> ${again.codespace}/${again.code} (${again.log.slice(0, 60)}), ` +
        `after commit -> ${later.codespace}/${later.code}; after a node restart (cache empty) the app refuses it -> ${afterRestart.codespace}/${afterRestart.code} (${afterRestart.log.slice(0, 60)}); recipient +1000 wei once, sequence +1`,
    );
  });

  it("a tx signed for another chain id is refused with code 4 and changes nothing", async () => {
    const { accountNumber, sequence } = await accountState(net.rpcUrl, sender.address);
    const before = await snapshot();
    const results: string[] = [];
    for (const other of ["stratos-1", `${net.chainId}-fork`, ""]) {
      const tx = buildTx({ key: sender, chainId: net.chainId, signChainId: other, accountNumber, sequence, msgs: [msgSend(sender.address, recipient.address, 5n)] });
      const r = await broadcast(tx);
      expect({ code: r.code, codespace: r.codespace }).toEqual({ code: 4, codespace: "sdk" });
      expect(r.log).toMatch(/signature verification failed/);
      results.push(`${JSON.stringify(other)} -> ${r.codespace}/${r.code}`);
    }
    await waitBlocks(2n);
    expect(await snapshot()).toEqual(before);
    console.log(`chain id: signed for ${results.join(", ")}; balances and sequence unchanged after 2 blocks`);
  });

  it("the high-S twin of a signature is refused; the low-S original goes through once", async () => {
    const { accountNumber, sequence } = await accountState(net.rpcUrl, sender.address);
    const before = await snapshot();
    const original = buildTx({ key: sender, chainId: net.chainId, accountNumber, sequence, msgs: [msgSend(sender.address, recipient.address, 777n)] });
    const raw = TxRaw.decode(original);
    const twin = TxRaw.encode({ ...raw, signatures: [highS(raw.signatures[0]!)] }).finish();
    expect(txHash(twin)).not.toBe(txHash(original));

    const first = await broadcast(twin);
    expect({ code: first.code, codespace: first.codespace }).toEqual({ code: 4, codespace: "sdk" });
    expect((await broadcast(original)).code).toBe(0);
    expect((await committed(original)).code).toBe(0);
    const after = await broadcast(twin);
    expect(refused(after)).toBe(true);
    expect(await txByHash(net.rpcUrl, txHash(twin))).toBeUndefined();
    await waitBlocks(2n);
    const end = await snapshot();
    expect(end.recipient - before.recipient).toBe(777n);
    expect(end.sequence).toBe(before.sequence + 1n);
    console.log(
      `high-S: twin ${txHash(twin).slice(0, 12)} refused before (${first.codespace}/${first.code}: ${first.log.slice(0, 50)}) and after (${after.codespace}/${after.code}) ` +
        `the original ${txHash(original).slice(0, 12)} was committed; never in a block; recipient +777 wei once`,
    );
  });
});
