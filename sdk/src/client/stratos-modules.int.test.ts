/**
 * Every Stratos Msg through the SDK against a real CometBFT + our app, with the localnet's
 * storage nodes in genesis (one meta node, five resource nodes), short epochs and unbonding
 * times. Also: a Stratos message signed in amino JSON by stock cosmjs with our registry.
 */
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { stringToPath } from "@cosmjs/crypto";
import { SigningStargateClient, GasPrice, type Event } from "@cosmjs/stargate";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { eventually, loadNodeKeys, type LocalnetNodeKey } from "../../../localnet/lib";
import { startTestnet, type Testnet } from "../../../chain/test/helpers/testnet";
import { TxFailedError, TxRejectedError } from "../errors/tx";
import { msgPrepay } from "../messages/sds";
import { stratosAminoTypes, stratosRegistry } from "../messages/registry";
import { nodeKeyFromSeed, randomNodeKey } from "../nodes/node-key";
import { StratosClient } from "./stratos-client";
import { walletFromMnemonic } from "./wallet";

jest.setTimeout(180_000);

const STOS = 10n ** 18n;
const EPOCH_LENGTH = 4n;
const MATURE_EPOCH = 2n;
/** A fixed fee, so a tx that would fail in the block is not stopped by fee simulation first. */
const FIXED_FEE = { amount: [{ denom: "wei", amount: (600_000n * 1_000_000_000n).toString() }], gas: "600000" };

let net: Testnet;
let nodes: LocalnetNodeKey[];
let meta: LocalnetNodeKey;
let alice: StratosClient;
let metaOwner: StratosClient;



function attrs(events: readonly Event[], type: string): Record<string, string> {
  const ev = events.find((e) => e.type === type);
  if (!ev) throw new Error(`no ${type} event in ${events.map((e) => e.type).join(", ")}`);
  return Object.fromEntries(ev.attributes.map((a) => [a.key, JSON.parse(a.value) as string]));
}

async function clientFor(mnemonic: string): Promise<StratosClient> {
  return StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(mnemonic), pollIntervalMs: 200 });
}

const epochOf = (height: number) => (BigInt(height) - 1n) / EPOCH_LENGTH + 1n;

beforeAll(async () => {
  nodes = loadNodeKeys();
  meta = nodes.find((n) => n.role === "meta")!;
  net = await startTestnet({
    chainId: "stratos-modules-test",
    stratos: { nodes, epochLength: EPOCH_LENGTH, matureEpoch: MATURE_EPOCH, unbondingThresholdSeconds: 3n, unbondingCompletionSeconds: 2n },
  });
  alice = await clientFor(net.accounts[0]!.mnemonic);
  metaOwner = await clientFor(meta.owner.mnemonic);
});

afterAll(async () => {
  await net?.stop();
});

describe("sds through the SDK", () => {
  it("prepays: the chain sells exactly what sim_prepay quoted and the limit drops by it", async () => {
    const quote = await alice.sds.simPrepay(STOS);
    const limitBefore = await alice.register.remainingOzoneLimit();
    expect(quote).toBeGreaterThan(0n);
    const res = await alice.prepay(STOS);
    expect(attrs(res.events, "stratos.sds.v1.EventPrePay")).toMatchObject({ sender: alice.signerAddress, beneficiary: alice.signerAddress, purchased_noz: quote.toString() });
    expect(await alice.register.remainingOzoneLimit()).toBe(limitBefore - quote);
    const price = await alice.sds.nozPrice();
    expect(Number(price)).toBeGreaterThan(0);
    const supply = await alice.sds.nozSupply();
    expect(supply.remaining).toBe(limitBefore - quote);
  });

  it("records a file (the storage deal) reported by the meta node, held by registered resource nodes", async () => {
    const holders = nodes.filter((n) => n.role === "resource").map((n) => n.networkAddress);
    const root = createHash("sha256").update("file").digest();
    const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    const res = await metaOwner.fileUpload({
      fileHash: cid,
      reporter: meta.networkAddress,
      uploader: alice.signerAddress,
      size: 1000n,
      merkleRoot: new Uint8Array(root),
      chunkSize: 256n,
      sliceCount: 2,
      replicas: 2,
      holders: [
        { sliceIndex: 0, sdsAddresses: holders.slice(0, 2) },
        { sliceIndex: 1, sdsAddresses: holders.slice(2, 4) },
      ],
    });
    expect(attrs(res.events, "stratos.sds.v1.EventFileUpload")).toMatchObject({ reporter: meta.networkAddress, uploader: alice.signerAddress, file_hash: cid });
    const record = (await alice.sds.fileUpload(cid))!;
    expect(record).toMatchObject({ owner: alice.signerAddress, size: 1000n, sliceCount: 2, replicas: 2, height: String(res.height) });
    expect(Buffer.from(record.merkleRoot)).toEqual(root);
    expect(record.holders.map((h) => h.sdsAddresses)).toEqual([holders.slice(0, 2), holders.slice(2, 4)]);
    // Only the meta node's owner may report; the failure happens in the block.
    await expect(alice.fileUpload({ fileHash: cid, reporter: meta.networkAddress, uploader: alice.signerAddress, size: 1000n, merkleRoot: new Uint8Array(root), chunkSize: 256n, sliceCount: 1, replicas: 1, holders: [{ sliceIndex: 0, sdsAddresses: holders.slice(0, 1) }] }, { fee: FIXED_FEE })).rejects.toMatchObject({ code: 11, codespace: "sds" });
    expect(await alice.sds.fileUpload("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")).toBeNull();
  });
});

describe("register through the SDK", () => {
  const rn = randomNodeKey();
  const candidate = nodeKeyFromSeed(new Uint8Array(32).fill(7));

  it("registers a resource node, updates it, adds deposit; the meta node makes its deposit effective", async () => {
    await alice.createResourceNode({ pubkey: rn.publicKey, value: 2n * STOS, description: { moniker: "alice-rn" }, nodeType: 4 });
    expect(await alice.register.resourceNode(rn.address)).toMatchObject({ status: 3, suspend: true, tokens: (2n * STOS).toString(), ownerAddress: alice.signerAddress });
    await alice.updateResourceNode({ networkAddress: rn.address, description: { moniker: "alice-rn-2", website: "https://example.org" }, nodeType: 4 });
    expect((await alice.register.resourceNode(rn.address))!.description!.moniker).toBe("alice-rn-2");
    const dep = await alice.updateResourceNodeDeposit(rn.address, STOS);
    expect(attrs(dep.events, "stratos.register.v1.EventUpdateResourceNodeDeposit")).toMatchObject({ current_deposit: `${3n * STOS}wei` });
    const limit = await alice.register.remainingOzoneLimit();
    const eff = await metaOwner.updateEffectiveDeposit({ reporters: [meta.networkAddress], networkAddress: rn.address, effectiveTokens: 3n * STOS });
    expect(attrs(eff.events, "stratos.register.v1.EventUpdateEffectiveDeposit")).toMatchObject({ is_unsuspended: "true" });
    expect(await alice.register.resourceNode(rn.address)).toMatchObject({ suspend: false, effectiveTokens: (3n * STOS).toString() });
    // 3 STOS of effective deposit at 1e6 wei per noz.
    expect(await alice.register.remainingOzoneLimit()).toBe(limit + 3_000_000_000_000n);
    // Alice owns no meta node: she cannot vouch for deposits.
    await expect(alice.updateEffectiveDeposit({ reporters: [meta.networkAddress], networkAddress: rn.address, effectiveTokens: STOS }, { fee: FIXED_FEE })).rejects.toMatchObject({ code: 62, codespace: "register" });
  });

  it("separates rejected at CheckTx from failed in the block", async () => {
    // Node type 9 fails the stateless checks: refused at CheckTx, nothing charged.
    await expect(alice.createResourceNode({ pubkey: randomNodeKey().publicKey, value: STOS, description: { moniker: "x" }, nodeType: 9 }, { fee: FIXED_FEE })).rejects.toBeInstanceOf(TxRejectedError);
    // A second registration of the same key passes CheckTx and fails in the block.
    const err = await alice.createResourceNode({ pubkey: rn.publicKey, value: STOS, description: { moniker: "dup" }, nodeType: 4 }, { fee: FIXED_FEE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxFailedError);
    expect(err).toMatchObject({ code: 12, codespace: "register" });
  });

  it("a meta-node candidate is voted in by the bonded meta node, updated, topped up", async () => {
    await alice.createMetaNode({ pubkey: candidate.publicKey, value: 5n * STOS, beneficiaryAddress: alice.signerAddress, description: { moniker: "alice-meta" } });
    expect(await alice.register.metaNode(candidate.address)).toMatchObject({ status: 1, suspend: true });
    const before = await alice.register.bondedMetaNodeCount();
    const vote = await metaOwner.voteMetaNodeRegistration({ candidateNetworkAddress: candidate.address, candidateOwnerAddress: alice.signerAddress, opinion: true, voterNetworkAddress: meta.networkAddress });
    expect(attrs(vote.events, "stratos.register.v1.EventMetaNodeRegistrationVote")).toMatchObject({ candidate_status: "BOND_STATUS_BONDED" });
    expect(await alice.register.metaNode(candidate.address)).toMatchObject({ status: 3, suspend: false });
    expect(await alice.register.bondedMetaNodeCount()).toBe(before + 1n);
    await alice.updateMetaNode({ networkAddress: candidate.address, description: { moniker: "alice-meta-2" } });
    await alice.updateMetaNodeDeposit(candidate.address, STOS);
    expect(await alice.register.metaNode(candidate.address)).toMatchObject({ tokens: (6n * STOS).toString(), description: { moniker: "alice-meta-2" } });
    const info = await alice.register.depositByOwner(alice.signerAddress);
    expect(info.depositInfos.map((d) => d.networkAddress).sort()).toEqual([candidate.address, rn.address].sort());
  });

  it("a kick vote is recorded; two active meta nodes need two approvals", async () => {
    const res = await alice.kickMetaNodeVote({ targetNetworkAddress: meta.networkAddress, opinion: true, voterNetworkAddress: candidate.address });
    expect(attrs(res.events, "stratos.register.v1.EventKickMetaNodeVote")).toMatchObject({ target_status: "BOND_STATUS_BONDED", voter_network_address: candidate.address });
    expect((await alice.register.metaNode(meta.networkAddress))!.status).toBe(3);
  });

  it("removes both nodes; after the unbonding time the deposits come back and the records are gone", async () => {
    const balanceBefore = await alice.getBalance(alice.signerAddress);
    const rm1 = await alice.removeResourceNode(rn.address);
    expect(attrs(rm1.events, "stratos.register.v1.EventUnBondingResourceNode")).toMatchObject({ resource_node: rn.address, deposit_to_remove: `${3n * STOS}wei` });
    const rm2 = await alice.removeMetaNode(candidate.address);
    expect(attrs(rm2.events, "stratos.register.v1.EventUnBondingMetaNode")).toMatchObject({ meta_node: candidate.address, deposit_to_remove: `${6n * STOS}wei` });
    expect((await alice.register.resourceNode(rn.address))!.status).toBe(2);
    await eventually("both deposits to be paid back", async () => (await alice.register.resourceNode(rn.address)) === null && (await alice.register.metaNode(candidate.address)) === null, 60_000);
    const balanceAfter = await alice.getBalance(alice.signerAddress);
    // 9 STOS back, minus the two removal fees (well under 1 STOS).
    expect(balanceAfter - balanceBefore).toBeGreaterThan(8n * STOS);
    expect(balanceAfter - balanceBefore).toBeLessThan(9n * STOS);
  });
});

describe("pot through the SDK", () => {
  it("funds the foundation account", async () => {
    const res = await alice.foundationDeposit(100n * STOS);
    expect(attrs(res.events, "stratos.pot.v1.EventFoundationDeposit")).toMatchObject({ amount: `${100n * STOS}wei` });
  });

  it("a signed volume report pays immature rewards that mature after mature_epoch epochs and are withdrawn", async () => {
    const rns = nodes.filter((n) => n.role === "resource").slice(0, 2);
    const height = await eventually("epoch 2", async () => {
      const h = await alice.height();
      return epochOf(h) >= 2n ? h : undefined;
    });
    const epoch = epochOf(height) - 1n;
    const minedBefore = BigInt((await alice.pot.totalMinedToken()).amount);
    const res = await metaOwner.volumeReport({
      walletVolumes: [
        { walletAddress: rns[0]!.owner.address, volume: 200_000_000_000n },
        { walletAddress: rns[1]!.owner.address, volume: 100_000_000_000n },
      ],
      reporter: meta.networkAddress,
      epoch,
      reportReference: `report-${epoch}`,
      signers: [{ privateKey: Buffer.from(meta.p2pPrivateKey, "hex") }],
    });
    expect(attrs(res.events, "stratos.pot.v1.EventVolumeReport")).toMatchObject({ report_reference: `report-${epoch}`, epoch: String(epoch) });
    // The record names the tx that carried the report (its CometBFT hash), as on Stratos.
    expect(await alice.pot.volumeReport(epoch)).toMatchObject({ reference: `report-${epoch}`, reporter: meta.networkAddress, txHash: res.txHash.toUpperCase() });
    // Tier 1: 80 STOS per epoch, all of it mined (validators 20%, resource nodes 60%, meta nodes 20%).
    expect(BigInt((await alice.pot.totalMinedToken()).amount) - minedBefore).toBe(80n * STOS);
    const owner0 = rns[0]!.owner.address;
    const wei = (coins: readonly { denom: string; amount: string }[]) => BigInt(coins.find((c) => c.denom === "wei")?.amount ?? "0");
    const rewards = await alice.pot.rewardsByWallet(owner0);
    // Epochs are short here: the reward may already have matured by the time we look.
    const earned = wei(rewards.immatureTotalReward) + wei(rewards.matureTotalReward);
    // 48 STOS of mining to resource nodes, 2/3 of it to the first wallet, plus its traffic share.
    expect(earned).toBeGreaterThanOrEqual(32n * STOS);
    // A report for the same epoch again is refused.
    await expect(
      metaOwner.volumeReport({ walletVolumes: [{ walletAddress: owner0, volume: 1n }], reporter: meta.networkAddress, epoch, reportReference: "again", signers: [{ privateKey: Buffer.from(meta.p2pPrivateKey, "hex") }] }, { fee: FIXED_FEE }),
    ).rejects.toMatchObject({ code: 8, codespace: "pot" });
    // A report signed by a key that is not a bonded meta node's is refused (once epoch + 1 has
    // ended, so the epoch check passes and the signature check is what refuses it).
    await eventually("epoch + 1 to end", async () => epochOf(await alice.height()) >= epoch + 2n);
    await expect(
      metaOwner.volumeReport({ walletVolumes: [{ walletAddress: owner0, volume: 1n }], reporter: meta.networkAddress, epoch: epoch + 1n, reportReference: "forged", signers: [{ privateKey: randomNodeKey().privateKey }] }, { fee: FIXED_FEE }),
    ).rejects.toMatchObject({ code: 22, codespace: "pot" });
    const mature = await eventually("the reward to mature", async () => {
      const r = await alice.pot.rewardsByWallet(owner0);
      return wei(r.immatureTotalReward) === 0n ? wei(r.matureTotalReward) : undefined;
    });
    expect(mature).toBe(earned);
    const owner = await clientFor(rns[0]!.owner.mnemonic);
    const before = await owner.getBalance(owner0);
    const w = await owner.withdraw(mature);
    expect(attrs(w.events, "stratos.pot.v1.EventWithdraw")).toMatchObject({ amount: `${mature}wei`, wallet_address: owner0 });
    const after = await owner.getBalance(owner0);
    expect(after - before).toBeGreaterThan(mature - STOS / 1000n);
    await expect(owner.withdraw(1n, undefined, { fee: FIXED_FEE })).rejects.toMatchObject({ code: 7, codespace: "pot" });
  });

  it("slashes a resource node: a debt in wei, the node suspended", async () => {
    const victim = nodes.filter((n) => n.role === "resource")[4]!;
    const res = await metaOwner.slashResourceNode({ reporters: [meta.networkAddress], networkAddress: victim.networkAddress, walletAddress: victim.owner.address, slashing: 1_000_000_000n, suspend: true });
    expect(attrs(res.events, "stratos.pot.v1.EventSlashing")).toMatchObject({ network_address: victim.networkAddress, slashing_type: "storage" });
    expect(await alice.pot.slashingByOwner(victim.owner.address)).toBeGreaterThan(0n);
    expect(await alice.register.resourceNode(victim.networkAddress)).toMatchObject({ suspend: true, effectiveTokens: "0" });
  });
});

describe("stock cosmjs with the Stratos registry", () => {
  it("signs a MsgPrepay in amino JSON (SIGN_MODE_LEGACY_AMINO_JSON) and the chain accepts it", async () => {
    const wallet = await Secp256k1HdWallet.fromMnemonic(net.accounts[1]!.mnemonic, { prefix: "st", hdPaths: [stringToPath("m/44'/606'/0'/0/0")] });
    const [account] = await wallet.getAccounts();
    const client = await SigningStargateClient.connectWithSigner(net.rpcUrl, wallet, { registry: stratosRegistry(), aminoTypes: stratosAminoTypes(), gasPrice: GasPrice.fromString("1000000000wei") });
    const res = await client.signAndBroadcast(account!.address, [msgPrepay({ sender: account!.address, beneficiary: account!.address, amount: STOS })], "auto");
    expect(res.code).toBe(0);
    expect(res.events.some((e) => e.type === "stratos.sds.v1.EventPrePay")).toBe(true);
    client.disconnect();
  });
});

describe("examples/ run against the chain", () => {
  const run = (name: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const script = path.join(__dirname, "..", "..", "..", "examples", name, "main.ts");
      execFile(process.execPath, ["--require", "tsx/cjs", script], { env: { ...process.env, STRATOS_RPC: net.rpcUrl }, timeout: 90_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${name} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
    });

  it("register-node registers a node and the meta node activates it", async () => {
    const out = await run("register-node");
    expect(out).toMatch(/registered stsds1\w+ in block \d+/);
    expect(out).toMatch(/activated: suspended false, effective deposit 2000000000000000000 wei/);
  });

  it("prepay quotes, pays and reports the noz bought", async () => {
    const out = await run("prepay");
    const quoted = /would buy (\d+) noz/.exec(out)?.[1];
    const bought = /bought (\d+) noz/.exec(out)?.[1];
    expect(quoted).toBeDefined();
    expect(bought).toBe(quoted);
  });

  it("read-rewards prints the epoch, the last report and every node owner's rewards", async () => {
    const out = await run("read-rewards");
    expect(out).toMatch(/epoch \d+ \(4 blocks each\); rewards mature after 2 epochs/);
    expect(out).toMatch(/last volume report: epoch \d+/);
    expect(out.split("\n").filter((l) => /immature \d+ wei, mature \d+ wei/.test(l))).toHaveLength(nodes.length);
  });
});
