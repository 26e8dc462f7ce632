/** The SDK client against a real CometBFT + our app: reads, a transfer, and the three typed failures. */
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { stringToPath } from "@cosmjs/crypto";
import { randomKey } from "../../../chain/test/helpers/keys";
import { startTestnet, type Testnet } from "../../../chain/test/helpers/testnet";
import { StratosError } from "../errors/base";
import { TxFailedError, TxRejectedError, TxTimeoutError } from "../errors/tx";
import { StratosClient } from "./stratos-client";
import { walletFromMnemonic } from "./wallet";

jest.setTimeout(120_000);
let net: Testnet;

beforeAll(async () => {
  net = await startTestnet();
});
afterAll(async () => {
  await net?.stop();
});

async function clientFor(mnemonic: string, extra: { broadcastTimeoutMs?: number } = {}): Promise<StratosClient> {
  return StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(mnemonic), pollIntervalMs: 200, ...extra });
}

describe("StratosClient", () => {
  it("reads without a signer and refuses to write", async () => {
    const client = await StratosClient.connect({ rpcUrl: net.rpcUrl });
    expect(await client.chainId()).toBe(net.chainId);
    expect(await client.height()).toBeGreaterThan(0);
    expect(await client.getBalance(net.accounts[0]!.address)).toBeGreaterThan(0n);
    expect(await client.getAccount(randomKey().address)).toBeNull();
    await expect(client.send(randomKey().address, 1n)).rejects.toThrow(StratosError);
    client.disconnect();
  });

  it("sends and returns the included result", async () => {
    const client = await clientFor(net.accounts[0]!.mnemonic);
    const to = randomKey().address;
    const res = await client.send(to, 4242n, { memo: "sdk" });
    expect(res.height).toBeGreaterThan(0);
    expect(res.gasUsed).toBeGreaterThan(0n);
    expect(res.msgResponses.map((m) => m.typeUrl)).toEqual(["/cosmos.bank.v1beta1.MsgSendResponse"]);
    expect(await client.getBalance(to)).toBe(4242n);
    client.disconnect();
  });

  it("rejected at CheckTx -> TxRejectedError (fee below the minimum), nothing charged", async () => {
    const client = await clientFor(net.accounts[1]!.mnemonic);
    const before = await client.getBalance(client.signerAddress);
    const err = await client.send(randomKey().address, 1n, { fee: { amount: [{ denom: "wei", amount: "1" }], gas: "100000" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxRejectedError);
    expect(err).toMatchObject({ code: 13, codespace: "sdk" });
    expect((err as TxRejectedError).hints.join(" ")).toMatch(/raise the fee/);
    expect(await client.getBalance(client.signerAddress)).toBe(before);
    client.disconnect();
  });

  it("included but failed -> TxFailedError with height and hash (insufficient funds)", async () => {
    const rich = await clientFor(net.accounts[2]!.mnemonic);
    const poorWallet = await DirectSecp256k1HdWallet.generate(12, { prefix: "st", hdPaths: [stringToPath("m/44'/606'/0'/0/0")] });
    const [poor] = await poorWallet.getAccounts();
    const feeBudget = 100_000n * 1_000_000_000n;
    await rich.send(poor!.address, feeBudget);
    const client = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: poorWallet, pollIntervalMs: 200 });
    const err = await client.send(randomKey().address, feeBudget, { fee: { amount: [{ denom: "wei", amount: feeBudget.toString() }], gas: "100000" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxFailedError);
    expect(err).toMatchObject({ code: 5, codespace: "sdk" });
    expect((err as TxFailedError).height).toBeGreaterThan(0);
    expect((err as TxFailedError).txHash).toMatch(/^[0-9A-F]{64}$/);
    rich.disconnect();
    client.disconnect();
  });

  it("not seen in time -> TxTimeoutError carrying the hash", async () => {
    const client = await clientFor(net.accounts[3]!.mnemonic, { broadcastTimeoutMs: 1 });
    const err = await client.send(randomKey().address, 1n, { fee: { amount: [{ denom: "wei", amount: "200000000000000" }], gas: "200000" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxTimeoutError);
    expect((err as TxTimeoutError).txHash).toMatch(/^[0-9A-F]{64}$/);
    client.disconnect();
  });
});
