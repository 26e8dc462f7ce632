import { ed25519 } from "@noble/curves/ed25519";
import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import { QueryError } from "../../app/query-error";
import { DEFAULT_MINING_TIERS } from "../../economics/mining-schedule";
import { MemoryStore } from "../../store/memory-store";
import { ChainError, ErrUnauthorized, type ErrorKind } from "../../types/errors";
import { Dec } from "../../types/dec";
import {
  COMMUNITY_POOL,
  FEE_COLLECTOR,
  FOUNDATION_ACCOUNT,
  MODULE_ACCOUNTS,
  TOTAL_REWARD_POOL,
  TOTAL_UNISSUED_PREPAY,
} from "../../types/module-accounts";
import { testContext } from "../../../test/helpers/context";
import { randomKey } from "../../../test/helpers/keys";
import { nodeKey, type NodeKey } from "../../../test/helpers/node-keys";
import { AuthKeeper } from "../auth";
import { BankKeeper } from "../bank";
import { RegisterKeeper } from "../register/keeper";
import { BondStatus } from "../register/node-status";
import * as E from "./errors";
import { defaultPotGenesis, exportPotGenesis, initPotGenesis, validatePotGenesis } from "./genesis";
import { potModule } from "./index";
import { MATURE_COUNT_PER_BLOCK, PotKeeper } from "./keeper";
import { individualRewardKey, matureEpochOfKey } from "./keys";
import { potMsgRoutes } from "./msg-server";
import { DEFAULT_POT_PARAMS, epochOfHeight, potParamsFromProto, potParamsToProto, validatePotParams, type PotParams } from "./params";
import { potQueries } from "./query-server";
import { concatSignatures, reachesThreshold, volumeReportTxData } from "./report-signature";

const P = stratos.pot.v1;
const R = stratos.register.v1;
const STOS = 10n ** 18n;

/** Small epochs and maturity for tests: 10 blocks per epoch, rewards mature 2 epochs later. */
const TEST_PARAMS: PotParams = { ...DEFAULT_POT_PARAMS, epochLength: 10n, matureEpoch: 2n };

interface Setup {
  store: MemoryStore;
  auth: AuthKeeper;
  bank: BankKeeper;
  register: RegisterKeeper;
  pot: PotKeeper;
  authority: string;
  metaKeys: NodeKey[];
  metaOwner: string;
  run(typeUrl: string, msg: unknown, height?: bigint): Context;
  pool(name: string): bigint;
  balance(addr: string): bigint;
  query<T>(path: string, req: Uint8Array, decode: (b: Uint8Array) => T): T;
  endBlock(height: bigint): Context;
}

/**
 * State for the hand-computed case: St = 1e24 wei, Pt = 1e22 wei, Lt = 1.0099e13 noz, rate 1e6,
 * `metaCount` bonded meta nodes of one owner, foundation funded with 1000 STOS.
 */
function setup(opts: { metaCount?: number; params?: Partial<PotParams>; foundation?: bigint } = {}): Setup {
  const store = new MemoryStore();
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const register = new RegisterKeeper(bank, auth);
  const authority = auth.moduleAccountAddress("gov");
  const pot = new PotKeeper(bank, register, authority);
  for (const m of MODULE_ACCOUNTS) auth.getOrCreateModuleAccount(store, m.name, m.permissions);
  pot.setParams(store, { ...TEST_PARAMS, ...opts.params });
  const metaOwner = randomKey().address;
  const metaKeys = Array.from({ length: opts.metaCount ?? 1 }, (_, i) => nodeKey(i + 1));
  for (const key of metaKeys) {
    register.setMetaNode(
      store,
      R.MetaNode.fromPartial({ networkAddress: key.address, pubkey: key.pubkeyAny, suspend: false, status: BondStatus.BOND_STATUS_BONDED, tokens: "1000", ownerAddress: metaOwner }),
    );
  }
  register.setBondedMetaNodeCount(store, BigInt(metaKeys.length));
  register.setEffectiveTotalDeposit(store, 10n ** 24n);
  register.setRemainingOzoneLimit(store, 10_099_000_000_000n);
  const fund = (name: string, amount: bigint) => {
    if (amount > 0n) bank.initBalance(store, auth.moduleAccountAddress(name), { denom: "wei", amount });
  };
  fund(TOTAL_UNISSUED_PREPAY, 10n ** 22n);
  fund(FOUNDATION_ACCOUNT, opts.foundation ?? 1000n * STOS);
  bank.initSupply(store, { denom: "wei", amount: 10n ** 22n + (opts.foundation ?? 1000n * STOS) });
  const routes = new Map(potMsgRoutes(pot).map((r) => [r.typeUrl, r]));
  const queries = potQueries(pot);
  const run = (typeUrl: string, msg: unknown, height = 11n): Context => {
    const route = routes.get(`/stratos.pot.v1.${typeUrl}`) as MsgRoute<unknown>;
    const ctx = testContext(store, { height });
    route.validateBasic(msg);
    route.handle(ctx, msg);
    return ctx;
  };
  const module = potModule(pot);
  return {
    store,
    auth,
    bank,
    register,
    pot,
    authority,
    metaKeys,
    metaOwner,
    run,
    pool: (name) => bank.getModuleBalance(store, name, "wei"),
    balance: (addr) => bank.getBalance(store, addr, "wei").amount,
    query: (path, req, decode) => decode(queries[`/stratos.pot.v1.Query/${path}`]!(store, req)),
    endBlock: (height) => {
      const ctx = testContext(store, { height });
      module.hooks!.endBlock!(ctx);
      return ctx;
    },
  };
}

/** A report signed by `signers` (their ed25519 keys over keccak txData), from meta node 0. */
function report(s: Setup, volumes: readonly [string, bigint][], epoch: bigint, signers: readonly NodeKey[] = s.metaKeys, reference = `ref-${epoch}`) {
  const msg = P.MsgVolumeReport.fromPartial({
    walletVolumes: volumes.map(([walletAddress, v]) => ({ walletAddress, volume: v.toString() })),
    reporter: s.metaKeys[0]!.address,
    epoch: epoch.toString(),
    reportReference: reference,
    reporterOwner: s.metaOwner,
  });
  return sign(msg, signers);
}

function sign(msg: stratos.pot.v1.MsgVolumeReport, signers: readonly NodeKey[]) {
  const txData = volumeReportTxData(msg);
  return { ...msg, BLSSignature: { pubKeys: signers.map((k) => k.publicKey), signature: concatSignatures(signers.map((k) => ed25519.sign(txData, k.privateKey))), txData } };
}

function errorOf(fn: () => unknown): ChainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ChainError) return e;
    throw e;
  }
  throw new Error("expected a ChainError, nothing was thrown");
}

function expectKind(fn: () => unknown, kind: ErrorKind): ChainError {
  const e = errorOf(fn);
  expect({ codespace: e.codespace, code: e.code, message: e.message }).toMatchObject({ codespace: kind.codespace, code: kind.code });
  return e;
}

const wei = (amount: bigint) => [{ denom: "wei", amount: amount.toString() }];

describe("pot params and epochs", () => {
  it("defaults match the sheet and round-trip through proto", () => {
    expect(DEFAULT_POT_PARAMS.matureEpoch).toBe(2016n);
    expect(DEFAULT_POT_PARAMS.miningTiers).toHaveLength(6);
    expect(DEFAULT_POT_PARAMS.communityTax.toString()).toBe("0.020000000000000000");
    expect(DEFAULT_POT_PARAMS.initialTotalSupply.amount).toBe(10n ** 26n);
    expect(DEFAULT_POT_PARAMS.epochLength).toBe(100n);
    const back = potParamsFromProto(P.Params.decode(P.Params.encode(potParamsToProto(DEFAULT_POT_PARAMS)).finish()));
    expect(back).toEqual(DEFAULT_POT_PARAMS);
  });

  it("validation names the problem with codes 2, 9, 10, 11", () => {
    expectKind(() => validatePotParams({ ...DEFAULT_POT_PARAMS, epochLength: 0n }), E.ErrInvalid);
    expectKind(() => validatePotParams({ ...DEFAULT_POT_PARAMS, matureEpoch: 0n }), E.ErrInvalid);
    const badTier = { ...DEFAULT_MINING_TIERS[0]!, chainBp: 2001n };
    expectKind(() => validatePotParams({ ...DEFAULT_POT_PARAMS, miningTiers: [badTier] }), E.ErrMiningRewardParams);
    expectKind(() => validatePotParams({ ...DEFAULT_POT_PARAMS, communityTax: Dec.parse("1.5") }), E.ErrCommunityTax);
    expectKind(() => validatePotParams({ ...DEFAULT_POT_PARAMS, initialTotalSupply: { denom: "wei", amount: -1n } }), E.ErrInitialTotalSupply);
  });

  it("epoch of height h is (h-1)/L + 1", () => {
    expect([1n, 100n, 101n, 200n, 201n].map((h) => epochOfHeight(h, 100n))).toEqual([1n, 1n, 2n, 2n, 3n]);
    expect(epochOfHeight(0n, 100n)).toBe(0n);
  });

  it("threshold is at least two thirds of bonded meta nodes", () => {
    expect(reachesThreshold(1n, 3n)).toBe(false);
    expect(reachesThreshold(2n, 3n)).toBe(true);
    expect(reachesThreshold(4n, 7n)).toBe(false); // Stratos' floor(14/3) = 4 would pass
    expect(reachesThreshold(5n, 7n)).toBe(true);
    expect(reachesThreshold(0n, 0n)).toBe(false);
  });

  it("individual reward keys sort by mature epoch numerically", () => {
    const w = randomKey().address;
    const a = individualRewardKey(9n, w);
    const b = individualRewardKey(10n, w);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(-1);
    expect(matureEpochOfKey(b)).toBe(10n);
  });
});

describe("MsgVolumeReport distribution (hand-computed)", () => {
  it("pays 80 STOS mining and R = 100 STOS traffic exactly as section 2.4", () => {
    const s = setup();
    const [a, b] = [randomKey().address, randomKey().address];
    // R = (St + Pt) * Y / (Lt + Y) = 1.01e24 * 1e9 / 1.01e13 = 1e20 wei.
    const ctx = s.run("MsgVolumeReport", report(s, [[a, 300_000_000n], [b, 700_000_000n]], 1n), 11n);

    // Tier 1 (20/60/20). Mining: validators 16, resource nodes 48 (0.3 / 0.7), meta node 16.
    // Traffic: validators 20, resource nodes 60 (18 / 42 before a 2% tax), meta node 20.
    const mature = 1n + 2n;
    const reward = (w: string) => s.pot.getIndividualReward(s.store, mature, w);
    expect(reward(a)).toEqual({ walletAddress: a, rewardFromMiningPool: wei(14_400_000_000_000_000_000n), rewardFromTrafficPool: wei(17_640_000_000_000_000_000n) });
    expect(reward(b)).toEqual({ walletAddress: b, rewardFromMiningPool: wei(33_600_000_000_000_000_000n), rewardFromTrafficPool: wei(41_160_000_000_000_000_000n) });
    expect(reward(s.metaOwner)).toEqual({ walletAddress: s.metaOwner, rewardFromMiningPool: wei(16n * STOS), rewardFromTrafficPool: wei(19_600_000_000_000_000_000n) });
    expect(s.pot.getImmatureTotal(s.store, a)).toEqual([{ denom: "wei", amount: 32_040_000_000_000_000_000n }]);
    expect(s.pot.getImmatureTotal(s.store, b)).toEqual([{ denom: "wei", amount: 74_760_000_000_000_000_000n }]);
    expect(s.pot.getImmatureTotal(s.store, s.metaOwner)).toEqual([{ denom: "wei", amount: 35_600_000_000_000_000_000n }]);

    // Balance moves.
    expect(s.pool(FOUNDATION_ACCOUNT)).toBe(1000n * STOS - 80n * STOS);
    expect(s.pool(FEE_COLLECTOR)).toBe(16n * STOS + 20n * STOS);
    expect(s.pool(TOTAL_REWARD_POOL)).toBe(64n * STOS + 78_400_000_000_000_000_000n);
    expect(s.pool(COMMUNITY_POOL)).toBe(1_600_000_000_000_000_000n);
    expect(s.pool(TOTAL_UNISSUED_PREPAY)).toBe(10n ** 22n - 100n * STOS);

    // Totals.
    expect(s.register.getRemainingOzoneLimit(s.store)).toBe(10_099_000_000_000n + 1_000_000_000n);
    expect(s.pot.getTotalMinedToken(s.store)).toBe(80n * STOS);
    expect(s.pot.getLastDistributedEpoch(s.store)).toBe(1n);
    expect(s.pot.getTotalReward(s.store, 1n)).toEqual({ miningReward: wei(80n * STOS), trafficReward: wei(100n * STOS) });
    const record = s.pot.getVolumeReport(s.store, 1n)!;
    expect(record.reporter).toBe(s.metaKeys[0]!.address);
    expect(record.reportReference).toBe("ref-1");
    expect(record.txHash).toMatch(/^[0-9A-F]{64}$/);

    const events = ctx.events.events();
    const ev = events.find((e) => e.type === "stratos.pot.v1.EventVolumeReport")!;
    expect(ev.attributes.map((x) => [x.key, x.value])).toEqual([
      ["report_reference", '"ref-1"'],
      ["epoch", '"1"'],
    ]);
  });

  it("pays the beneficiary of every bonded meta node (suspended too) with the stored count as divisor", () => {
    const s = setup({ metaCount: 3 });
    const beneficiary = randomKey().address;
    const third = s.register.getMetaNode(s.store, s.metaKeys[2]!.address)!;
    s.register.setMetaNode(s.store, { ...third, suspend: true, beneficiaryAddress: beneficiary });
    const a = randomKey().address;
    s.run("MsgVolumeReport", report(s, [[a, 1_000_000_000n]], 1n, s.metaKeys.slice(0, 2)), 11n);
    // 16 STOS mining / 3 per meta node, truncated; the owner holds two nodes, so two shares.
    const share = (16n * STOS) / 3n;
    expect(s.pot.getIndividualReward(s.store, 3n, beneficiary)!.rewardFromMiningPool).toEqual(wei(share));
    expect(s.pot.getIndividualReward(s.store, 3n, s.metaOwner)!.rewardFromMiningPool).toEqual(wei(share * 2n));
    expect(s.pot.getTotalMinedToken(s.store)).toBe(16n * STOS + 48n * STOS + share * 3n);
  });

  it("duplicate wallets in a report accumulate", () => {
    const s = setup();
    const a = randomKey().address;
    s.run("MsgVolumeReport", report(s, [[a, 300_000_000n], [a, 700_000_000n]], 1n), 11n);
    expect(s.pot.getIndividualReward(s.store, 3n, a)!.rewardFromMiningPool).toEqual(wei(48n * STOS));
  });

  it("switches tier when the total mined crosses a boundary", () => {
    const s = setup();
    const boundary = DEFAULT_MINING_TIERS[0]!.end;
    s.pot.setTotalMinedToken(s.store, boundary - 1n * STOS);
    const [a, b] = [randomKey().address, randomKey().address];
    s.run("MsgVolumeReport", report(s, [[a, 300_000_000n], [b, 700_000_000n]], 1n), 21n);
    expect(s.pot.getTotalReward(s.store, 1n)!.miningReward).toEqual(wei(80n * STOS));
    expect(s.pot.getTotalMinedToken(s.store)).toBe(boundary + 79n * STOS);
    const fee = s.pool(FEE_COLLECTOR);
    // Tier 2: 40 STOS, 20/62/18.
    s.run("MsgVolumeReport", report(s, [[a, 300_000_000n], [b, 700_000_000n]], 2n), 21n);
    expect(s.pot.getTotalReward(s.store, 2n)!.miningReward).toEqual(wei(40n * STOS));
    expect(s.pot.getIndividualReward(s.store, 4n, a)!.rewardFromMiningPool).toEqual(wei(7_440_000_000_000_000_000n));
    expect(s.pot.getIndividualReward(s.store, 4n, b)!.rewardFromMiningPool).toEqual(wei(17_360_000_000_000_000_000n));
    expect(s.pot.getIndividualReward(s.store, 4n, s.metaOwner)!.rewardFromMiningPool).toEqual(wei(7_200_000_000_000_000_000n));
    expect(s.pool(FEE_COLLECTOR) - fee).toBeGreaterThanOrEqual(8n * STOS);
  });

  it("out of issuance: traffic only, with the last tier's shares, and no foundation needed", () => {
    const s = setup({ foundation: 0n });
    s.pot.setTotalMinedToken(s.store, 40_000_000n * STOS);
    const a = randomKey().address;
    s.run("MsgVolumeReport", report(s, [[a, 1_000_000_000n]], 1n), 11n);
    expect(s.pot.getTotalMinedToken(s.store)).toBe(40_000_000n * STOS);
    expect(s.pot.getTotalReward(s.store, 1n)).toEqual({ miningReward: [], trafficReward: wei(100n * STOS) });
    // Tier 6: 20/70/10; resource node traffic 70 STOS minus 2%.
    expect(s.pot.getIndividualReward(s.store, 3n, a)).toEqual({ walletAddress: a, rewardFromMiningPool: [], rewardFromTrafficPool: wei(68_600_000_000_000_000_000n) });
    expect(s.pool(FEE_COLLECTOR)).toBe(20n * STOS);
  });

  it("community tax: 0 sends nothing to the pool, 0.5 halves node traffic", () => {
    const s0 = setup({ params: { communityTax: Dec.ZERO } });
    const a = randomKey().address;
    s0.run("MsgVolumeReport", report(s0, [[a, 1_000_000_000n]], 1n), 11n);
    expect(s0.pool(COMMUNITY_POOL)).toBe(0n);
    expect(s0.pot.getIndividualReward(s0.store, 3n, a)!.rewardFromTrafficPool).toEqual(wei(60n * STOS));
    const s5 = setup({ params: { communityTax: Dec.parse("0.5") } });
    s5.run("MsgVolumeReport", report(s5, [[a, 1_000_000_000n]], 1n), 11n);
    expect(s5.pot.getIndividualReward(s5.store, 3n, a)!.rewardFromTrafficPool).toEqual(wei(30n * STOS));
    expect(s5.pool(COMMUNITY_POOL)).toBe(30n * STOS + 10n * STOS);
    expect(s5.pot.getTotalReward(s5.store, 1n)!.trafficReward).toEqual(wei(100n * STOS));
  });

  it("fails clearly when the foundation cannot cover mining, or the noz supply is exceeded", () => {
    const s = setup({ foundation: 10n * STOS });
    const a = randomKey().address;
    const e = expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 1_000_000_000n]], 1n), 11n), E.ErrVolumeReport);
    expect(e.message).toMatch(/foundation_account holds 10000000000000000000wei but epoch 1 mines 80000000000000000000wei/);
    const s2 = setup();
    s2.register.setRemainingOzoneLimit(s2.store, 10n ** 18n);
    expect(expectKind(() => s2.run("MsgVolumeReport", report(s2, [[a, 1n]], 1n), 11n), E.ErrVolumeReport).message).toMatch(/exceeds total Noz supply/);
  });

  it("rejects a report with zero total volume", () => {
    const s = setup();
    expectKind(() => s.run("MsgVolumeReport", report(s, [[randomKey().address, 0n]], 1n), 11n), E.ErrVolumeReport);
  });
});

describe("MsgVolumeReport checks", () => {
  const a = randomKey().address;

  it("refuses an epoch that has not ended, and one not after the last", () => {
    const s = setup();
    // Height 10 is still epoch 1.
    expect(expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 5n]], 1n), 10n), E.ErrMatureEpoch).message).toMatch(/epoch 1 has not ended: block 10 is in epoch 1/);
    s.run("MsgVolumeReport", report(s, [[a, 5n]], 2n), 31n);
    expect(expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 5n]], 2n), 31n), E.ErrMatureEpoch).message).toMatch(/not after the last distributed epoch 2/);
    expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 5n]], 1n), 31n), E.ErrMatureEpoch);
  });

  it("requires the reporter to be an active meta node of the owner", () => {
    const s = setup();
    const msg = report(s, [[a, 5n]], 1n);
    expectKind(() => s.run("MsgVolumeReport", sign({ ...msg, reporterOwner: randomKey().address, BLSSignature: undefined }, s.metaKeys), 11n), E.ErrReporterAddressOrOwner);
    const node = s.register.getMetaNode(s.store, s.metaKeys[0]!.address)!;
    s.register.setMetaNode(s.store, { ...node, suspend: true });
    expectKind(() => s.run("MsgVolumeReport", msg, 11n), E.ErrReporterAddressOrOwner);
  });

  it("rejects a txData that is not keccak of the report, and a tampered volume", () => {
    const s = setup();
    const msg = report(s, [[a, 5n]], 1n);
    const wrong = { ...msg, BLSSignature: { ...msg.BLSSignature, txData: new Uint8Array(32).fill(7) } };
    expectKind(() => s.run("MsgVolumeReport", wrong, 11n), E.ErrBLSTxDataInvalid);
    const tampered = { ...msg, walletVolumes: [{ walletAddress: a, volume: "6" }] };
    expectKind(() => s.run("MsgVolumeReport", tampered, 11n), E.ErrBLSTxDataInvalid);
    // Tampered volume with txData recomputed but the old signatures: the signatures fail.
    const resigned = { ...tampered, BLSSignature: { ...msg.BLSSignature, txData: volumeReportTxData(tampered) } };
    expectKind(() => s.run("MsgVolumeReport", resigned, 11n), E.ErrBLSVerifyFailed);
  });

  it("rejects unknown, duplicate, malformed and suspended meta-node keys", () => {
    const s = setup({ metaCount: 3 });
    const unknown = nodeKey(200);
    expect(expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 5n]], 1n, [s.metaKeys[0]!, unknown]), 11n), E.ErrBLSPubkeysInvalid).message).toMatch(/not the key of a registered meta node/);
    expect(expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 5n]], 1n, [s.metaKeys[0]!, s.metaKeys[0]!]), 11n), E.ErrBLSPubkeysInvalid).message).toMatch(/listed twice/);
    const short = report(s, [[a, 5n]], 1n);
    expectKind(() => s.run("MsgVolumeReport", { ...short, BLSSignature: { ...short.BLSSignature, pubKeys: [new Uint8Array(31).fill(1)] } }, 11n), E.ErrBLSPubkeysInvalid);
    const third = s.register.getMetaNode(s.store, s.metaKeys[2]!.address)!;
    s.register.setMetaNode(s.store, { ...third, suspend: true });
    expect(expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 5n]], 1n, s.metaKeys), 11n), E.ErrBLSPubkeysInvalid).message).toMatch(/not bonded or is suspended/);
  });

  it("rejects a signature of the wrong length and one that does not verify", () => {
    const s = setup({ metaCount: 2 });
    const msg = report(s, [[a, 5n]], 1n);
    const sig = msg.BLSSignature;
    expectKind(() => s.run("MsgVolumeReport", { ...msg, BLSSignature: { ...sig, signature: sig.signature.subarray(0, 100) } }, 11n), E.ErrBLSSignatureInvalid);
    const flipped = sig.signature.slice();
    flipped[70] = flipped[70]! ^ 1;
    expectKind(() => s.run("MsgVolumeReport", { ...msg, BLSSignature: { ...sig, signature: flipped } }, 11n), E.ErrBLSVerifyFailed);
    // Signatures swapped relative to pub_keys.
    const swapped = concatSignatures([sig.signature.subarray(64, 128), sig.signature.subarray(0, 64)]);
    expectKind(() => s.run("MsgVolumeReport", { ...msg, BLSSignature: { ...sig, signature: swapped } }, 11n), E.ErrBLSVerifyFailed);
  });

  it("needs two thirds of bonded meta nodes: 1 of 3 fails, 2 of 3 passes", () => {
    const s = setup({ metaCount: 3 });
    expect(expectKind(() => s.run("MsgVolumeReport", report(s, [[a, 5n]], 1n, s.metaKeys.slice(0, 1)), 11n), E.ErrBLSNotReachThreshold).message).toMatch(/1 of 3 bonded meta nodes signed/);
    s.run("MsgVolumeReport", report(s, [[a, 5n]], 1n, s.metaKeys.slice(1, 3)), 11n);
    expect(s.pot.getLastDistributedEpoch(s.store)).toBe(1n);
  });

  it("validateBasic: codes 13-18, 20-22", () => {
    const s = setup();
    const ok = report(s, [[a, 5n]], 1n);
    const route = potMsgRoutes(s.pot).find((r) => r.typeUrl === "/stratos.pot.v1.MsgVolumeReport")!;
    const vb = (m: unknown) => () => route.validateBasic(m);
    expect(() => route.validateBasic(ok)).not.toThrow();
    expectKind(vb({ ...ok, reporter: "" }), E.ErrEmptyReporterAddr);
    expectKind(vb({ ...ok, walletVolumes: [] }), E.ErrEmptyWalletVolumes);
    expectKind(vb({ ...ok, epoch: "0" }), E.ErrEpochNotPositive);
    expectKind(vb({ ...ok, reportReference: "" }), E.ErrEmptyReportReference);
    expectKind(vb({ ...ok, reporterOwner: "st1nope" }), E.ErrReporterOwnerAddr);
    expectKind(vb({ ...ok, walletVolumes: [{ walletAddress: a, volume: "-1" }] }), E.ErrNegativeVolume);
    expectKind(vb({ ...ok, walletVolumes: [{ walletAddress: "", volume: "1" }] }), E.ErrMissingWalletAddress);
    expectKind(vb({ ...ok, BLSSignature: undefined }), E.ErrBLSSignatureInvalid);
    expectKind(vb({ ...ok, BLSSignature: { ...ok.BLSSignature, txData: new Uint8Array() } }), E.ErrBLSTxDataInvalid);
    expectKind(vb({ ...ok, BLSSignature: { ...ok.BLSSignature, pubKeys: [new Uint8Array()] } }), E.ErrBLSPubkeysInvalid);
    expect(route.signers(ok)).toEqual([s.metaOwner]);
  });
});

describe("maturity (EndBlock)", () => {
  it("matures after mature_epoch epochs, at most 100 wallets per block", () => {
    const s = setup();
    const wallets = Array.from({ length: 150 }, () => randomKey().address);
    s.run("MsgVolumeReport", report(s, wallets.map((w) => [w, 1_000_000n] as [string, bigint]), 1n), 11n);
    const all = [...wallets, s.metaOwner];
    const pending = () => [...s.pot.iterateAllIndividualRewards(s.store)].length;
    expect(pending()).toBe(151);
    // Epoch 2 (heights 11-20): nothing matures; reward mature epoch is 1 + 2 = 3.
    s.endBlock(20n);
    expect(pending()).toBe(151);
    // A block with nothing to mature writes nothing (an idle chain keeps its app hash).
    expect(s.pot.getMaturedEpoch(s.store)).toBe(0n);
    s.endBlock(21n);
    expect(pending()).toBe(151 - MATURE_COUNT_PER_BLOCK);
    expect(s.pot.getMaturedEpoch(s.store)).toBe(0n);
    s.endBlock(22n);
    expect(pending()).toBe(0);
    expect(s.pot.getMaturedEpoch(s.store)).toBe(3n);
    for (const w of all) {
      expect(s.pot.getImmatureTotal(s.store, w)).toEqual([]);
      expect(s.pot.getMatureTotal(s.store, w).length).toBe(1);
    }
    expect(s.endBlock(23n).events.events()).toEqual([]);
  });

  it("collects slashing debt into the community pool", () => {
    const s = setup();
    const a = randomKey().address;
    s.run("MsgVolumeReport", report(s, [[a, 1_000_000_000n]], 1n), 11n);
    const total = 48n * STOS + 58_800_000_000_000_000_000n;
    s.register.setSlashing(s.store, a, 5n * STOS);
    const community = s.pool(COMMUNITY_POOL);
    const rewardPool = s.pool(TOTAL_REWARD_POOL);
    s.endBlock(21n);
    expect(s.pot.getMatureTotal(s.store, a)).toEqual([{ denom: "wei", amount: total - 5n * STOS }]);
    expect(s.register.getSlashing(s.store, a)).toBe(0n);
    expect(s.pool(COMMUNITY_POOL) - community).toBe(5n * STOS);
    expect(rewardPool - s.pool(TOTAL_REWARD_POOL)).toBe(5n * STOS);
    // A debt larger than the reward takes it all and keeps the rest.
    const b = randomKey().address;
    s.run("MsgVolumeReport", report(s, [[b, 1_000_000_000n]], 3n), 41n);
    s.register.setSlashing(s.store, b, 1000n * STOS);
    s.endBlock(51n);
    expect(s.pot.getMatureTotal(s.store, b)).toEqual([]);
    expect(s.register.getSlashing(s.store, b)).toBeGreaterThan(0n);
  });
});

describe("MsgWithdraw and MsgFoundationDeposit", () => {
  it("withdraws matured rewards to the target, and refuses more than matured", () => {
    const s = setup();
    const a = randomKey().address;
    const target = randomKey().address;
    s.run("MsgVolumeReport", report(s, [[a, 1_000_000_000n]], 1n), 11n);
    expectKind(() => s.run("MsgWithdraw", P.MsgWithdraw.fromPartial({ amount: wei(1n), walletAddress: a, targetAddress: target }), 12n), E.ErrInsufficientMatureTotal);
    s.endBlock(21n);
    const matured = s.pot.getMatureTotal(s.store, a)[0]!.amount;
    const ctx = s.run("MsgWithdraw", P.MsgWithdraw.fromPartial({ amount: wei(10n * STOS), walletAddress: a, targetAddress: target }), 22n);
    expect(s.balance(target)).toBe(10n * STOS);
    expect(s.pot.getMatureTotal(s.store, a)).toEqual([{ denom: "wei", amount: matured - 10n * STOS }]);
    const ev = ctx.events.events().find((e) => e.type === "stratos.pot.v1.EventWithdraw")!;
    expect(ev.attributes.map((x) => [x.key, x.value])).toEqual([
      ["amount", '"10000000000000000000wei"'],
      ["wallet_address", JSON.stringify(a)],
      ["target_address", JSON.stringify(target)],
    ]);
    expectKind(() => s.run("MsgWithdraw", P.MsgWithdraw.fromPartial({ amount: wei(matured), walletAddress: a, targetAddress: target }), 22n), E.ErrInsufficientMatureTotal);
    s.run("MsgWithdraw", P.MsgWithdraw.fromPartial({ amount: wei(matured - 10n * STOS), walletAddress: a, targetAddress: target }), 22n);
    expect(s.pot.getMatureTotal(s.store, a)).toEqual([]);
    expectKind(() => s.run("MsgWithdraw", P.MsgWithdraw.fromPartial({ amount: [], walletAddress: a, targetAddress: target })), E.ErrWithdrawAmountInvalid);
    expectKind(() => s.run("MsgWithdraw", P.MsgWithdraw.fromPartial({ amount: wei(1n), walletAddress: a, targetAddress: "" })), E.ErrMissingTargetAddress);
  });

  it("foundation deposit moves coins from any account to the foundation account", () => {
    const s = setup();
    const from = randomKey().address;
    s.bank.initBalance(s.store, from, { denom: "wei", amount: 50n });
    const before = s.pool(FOUNDATION_ACCOUNT);
    const ctx = s.run("MsgFoundationDeposit", P.MsgFoundationDeposit.fromPartial({ amount: wei(30n), from }));
    expect(s.pool(FOUNDATION_ACCOUNT) - before).toBe(30n);
    expect(s.balance(from)).toBe(20n);
    const ev = ctx.events.events().find((e) => e.type === "stratos.pot.v1.EventFoundationDeposit")!;
    expect(ev.attributes.map((x) => [x.key, x.value])).toEqual([["amount", '"30wei"']]);
    expectKind(() => s.run("MsgFoundationDeposit", P.MsgFoundationDeposit.fromPartial({ amount: [], from })), E.ErrFoundationDepositAmountInvalid);
    expectKind(() => s.run("MsgFoundationDeposit", P.MsgFoundationDeposit.fromPartial({ amount: wei(1n), from: "" })), E.ErrEmptyFromAddr);
  });
});

describe("MsgSlashingResourceNode", () => {
  function withResourceNode() {
    const s = setup();
    const rn = nodeKey(100);
    const rnOwner = randomKey().address;
    s.register.setResourceNode(
      s.store,
      R.ResourceNode.fromPartial({ networkAddress: rn.address, pubkey: rn.pubkeyAny, suspend: false, status: BondStatus.BOND_STATUS_BONDED, tokens: (10n * STOS).toString(), ownerAddress: rnOwner, nodeType: 4, effectiveTokens: (10n * STOS).toString() }),
    );
    const msg = (over: Partial<stratos.pot.v1.MsgSlashingResourceNode> = {}) =>
      P.MsgSlashingResourceNode.fromPartial({ reporters: [s.metaKeys[0]!.address], reporterOwner: [s.metaOwner], networkAddress: rn.address, walletAddress: rnOwner, slashing: "1000000000", suspend: true, ...over });
    return { s, rn, rnOwner, msg };
  }

  it("records a wei debt trunc(R(Y)) and suspends, removing the effective deposit from St and Lt", () => {
    const { s, rn, rnOwner, msg } = withResourceNode();
    const ctx = s.run("MsgSlashingResourceNode", msg());
    // R = 1.01e24 * 1e9 / (1.0099e13 + 1e9) = 1e20, computed on the pools before suspension.
    expect(s.register.getSlashing(s.store, rnOwner)).toBe(100n * STOS);
    const node = s.register.getResourceNode(s.store, rn.address)!;
    expect(node.suspend).toBe(true);
    expect(node.effectiveTokens).toBe("0");
    expect(s.register.getEffectiveTotalDeposit(s.store)).toBe(10n ** 24n - 10n * STOS);
    expect(s.register.getRemainingOzoneLimit(s.store)).toBe(10_099_000_000_000n - 10_000_000_000_000n);
    const ev = ctx.events.events().find((e) => e.type === "stratos.pot.v1.EventSlashing")!;
    expect(Object.fromEntries(ev.attributes.map((x) => [x.key, x.value]))).toEqual({
      wallet_address: JSON.stringify(rnOwner),
      network_address: JSON.stringify(rn.address),
      amount: '"100000000000000000000"',
      slashing_type: '"storage"',
      suspend: '"true"',
    });
    // A second slash adds to the debt; the node is already suspended so St does not move again.
    s.run("MsgSlashingResourceNode", msg({ slashing: "0" }));
    expect(s.register.getEffectiveTotalDeposit(s.store)).toBe(10n ** 24n - 10n * STOS);
    const q = s.query("SlashingByOwner", P.QuerySlashingByOwnerRequest.encode({ walletAddress: rnOwner }).finish(), (b) => P.QuerySlashingByOwnerResponse.decode(b));
    expect(q.slashing).toBe((100n * STOS).toString());
  });

  it("needs every reporter to be an active meta node of its owner", () => {
    const { s, msg } = withResourceNode();
    expectKind(() => s.run("MsgSlashingResourceNode", msg({ reporterOwner: [randomKey().address] })), E.ErrReporterAddressOrOwner);
    expectKind(() => s.run("MsgSlashingResourceNode", msg({ reporterOwner: [] })), E.ErrReporterAddressOrOwner);
    expectKind(() => s.run("MsgSlashingResourceNode", msg({ networkAddress: nodeKey(101).address })), E.ErrSlashingResourceNodeFailure);
    const route = potMsgRoutes(s.pot).find((r) => r.typeUrl === "/stratos.pot.v1.MsgSlashingResourceNode")!;
    expect(route.signers(msg())).toEqual([s.metaOwner]);
  });
});

describe("MsgUpdateParams", () => {
  it("only the gov authority may change params, and they are validated", () => {
    const s = setup();
    const params = potParamsToProto({ ...TEST_PARAMS, matureEpoch: 7n });
    expect(errorOf(() => s.run("MsgUpdateParams", P.MsgUpdateParams.fromPartial({ authority: randomKey().address, params }))).kind).toBe(ErrUnauthorized);
    s.run("MsgUpdateParams", P.MsgUpdateParams.fromPartial({ authority: s.authority, params }));
    expect(s.pot.getParams(s.store).matureEpoch).toBe(7n);
    expectKind(() => s.run("MsgUpdateParams", P.MsgUpdateParams.fromPartial({ authority: s.authority, params: { ...params, epochLength: 0n } })), E.ErrInvalid);
  });
});

describe("pot queries", () => {
  it("answers every query of stratos.pot.v1.Query", () => {
    const s = setup();
    const [a, b] = [randomKey().address, randomKey().address];
    s.run("MsgVolumeReport", report(s, [[a, 300_000_000n], [b, 700_000_000n]], 1n), 11n);

    const vr = s.query("VolumeReport", P.QueryVolumeReportRequest.encode({ epoch: 0n }).finish(), (x) => P.QueryVolumeReportResponse.decode(x));
    expect(vr.reportInfo).toMatchObject({ epoch: 1n, reference: "ref-1", reporter: s.metaKeys[0]!.address });
    expect(() => s.query("VolumeReport", P.QueryVolumeReportRequest.encode({ epoch: 9n }).finish(), (x) => x)).toThrow(QueryError);

    const page1 = s.query("RewardsByEpoch", P.QueryRewardsByEpochRequest.encode({ epoch: 1n, pagination: { key: new Uint8Array(), offset: 0n, limit: 2n, countTotal: true, reverse: false } }).finish(), (x) =>
      P.QueryRewardsByEpochResponse.decode(x),
    );
    expect(page1.rewards).toHaveLength(2);
    expect(page1.pagination!.total).toBe(3n);
    const page2 = s.query("RewardsByEpoch", P.QueryRewardsByEpochRequest.encode({ epoch: 1n, pagination: { key: page1.pagination!.nextKey, offset: 0n, limit: 2n, countTotal: false, reverse: false } }).finish(), (x) =>
      P.QueryRewardsByEpochResponse.decode(x),
    );
    expect(page2.rewards).toHaveLength(1);
    expect(page2.pagination!.nextKey).toHaveLength(0);
    expect(new Set([...page1.rewards, ...page2.rewards].map((r) => r.walletAddress))).toEqual(new Set([a, b, s.metaOwner]));

    const byWallet = s.query("RewardsByWallet", P.QueryRewardsByWalletRequest.encode({ walletAddress: a }).finish(), (x) => P.QueryRewardsByWalletResponse.decode(x));
    expect(byWallet.rewards).toEqual({ walletAddress: a, matureTotalReward: [], immatureTotalReward: wei(32_040_000_000_000_000_000n) });
    const byWalletEpoch = s.query("RewardsByWalletAndEpoch", P.QueryRewardsByWalletAndEpochRequest.encode(P.QueryRewardsByWalletAndEpochRequest.fromPartial({ walletAddress: b, epoch: 1n })).finish(), (x) =>
      P.QueryRewardsByWalletAndEpochResponse.decode(x),
    );
    expect(byWalletEpoch.rewards[0]!.rewardFromMiningPool).toEqual(wei(33_600_000_000_000_000_000n));

    const params = s.query("Params", P.QueryParamsRequest.encode({}).finish(), (x) => P.QueryParamsResponse.decode(x));
    expect(params.params!.epochLength).toBe(10n);
    const mined = s.query("TotalMinedToken", P.QueryTotalMinedTokenRequest.encode({}).finish(), (x) => P.QueryTotalMinedTokenResponse.decode(x));
    expect(mined.totalMinedToken).toEqual({ denom: "wei", amount: (80n * STOS).toString() });
    const circ = s.query("CirculationSupply", P.QueryCirculationSupplyRequest.encode({}).finish(), (x) => P.QueryCirculationSupplyResponse.decode(x));
    // Supply 1e22 + 1000 STOS, minus the 40M STOS still to mine (+80 mined) is negative: floored at 0.
    expect(circ.circulationSupply).toEqual([{ denom: "wei", amount: "0" }]);
    s.bank.initSupply(s.store, { denom: "wei", amount: 100_000_000n * STOS });
    const circ2 = s.query("CirculationSupply", P.QueryCirculationSupplyRequest.encode({}).finish(), (x) => P.QueryCirculationSupplyResponse.decode(x));
    expect(circ2.circulationSupply[0]!.amount).toBe((60_000_000n * STOS + 80n * STOS).toString());

    const tr = s.query("TotalRewardByEpoch", P.QueryTotalRewardByEpochRequest.encode({ epoch: 1n }).finish(), (x) => P.QueryTotalRewardByEpochResponse.decode(x));
    expect(tr).toEqual({ totalReward: { miningReward: wei(80n * STOS), trafficReward: wei(100n * STOS) }, isLegacy: false });
    let notFound: unknown;
    try {
      s.query("TotalRewardByEpoch", P.QueryTotalRewardByEpochRequest.encode({ epoch: 2n }).finish(), (x) => x);
    } catch (e) {
      notFound = e;
    }
    expect(notFound).toBeInstanceOf(QueryError);
    expect((notFound as QueryError).grpcCode).toBe(5);

    const m = s.query("Metrics", P.QueryMetricsRequest.encode({}).finish(), (x) => P.QueryMetricsResponse.decode(x)).metrics!;
    expect(m).toMatchObject({
      totalMiningSupply: (40_000_000n * STOS).toString(),
      totalMinedTokens: (80n * STOS).toString(),
      totalMiningReward: (80n * STOS).toString(),
      chainMiningReward: (16n * STOS).toString(),
      resourceMiningReward: (48n * STOS).toString(),
      metaMiningReward: (16n * STOS).toString(),
      unissuedPrepay: (10n ** 22n - 100n * STOS).toString(),
    });
  });
});

describe("pot genesis", () => {
  it("default genesis validates", () => {
    const g = validatePotGenesis(defaultPotGenesis());
    expect(g.params).toEqual(DEFAULT_POT_PARAMS);
    expect(g.lastDistributedEpoch).toBe(0n);
  });

  it("params fields left out take their defaults (a Stratos genesis has no epoch_length)", () => {
    const json = defaultPotGenesis() as { params: Record<string, unknown> };
    delete json.params["epoch_length"];
    expect(validatePotGenesis(json).params.epochLength).toBe(100n);
    expect(() => validatePotGenesis({ ...json, params: { ...json.params, community_tax: "2.0" } })).toThrow(/community tax/);
    // Partial params (as the localnet writes them) keep the other defaults.
    const partial = validatePotGenesis({ params: { epoch_length: "10", mature_epoch: "3" } }).params;
    expect(partial).toEqual({ ...DEFAULT_POT_PARAMS, epochLength: 10n, matureEpoch: 3n });
    expect(() => validatePotGenesis({ mature_total_info: [{ wallet_address: "nope", value: [] }] })).toThrow(/invalid wallet address/);
  });

  it("export -> validate -> init -> export round trip, rewards re-keyed at last + mature_epoch", () => {
    const s = setup();
    const [a, b] = [randomKey().address, randomKey().address];
    s.run("MsgVolumeReport", report(s, [[a, 300_000_000n], [b, 700_000_000n]], 1n), 11n);
    s.endBlock(21n);
    s.run("MsgVolumeReport", report(s, [[a, 1_000_000_000n]], 2n), 21n);
    const exported = exportPotGenesis(s.pot, s.store);
    expect(exported["last_distributed_epoch"]).toBe("2");
    expect(exported["matured_epoch"]).toBe("3");

    const store2 = new MemoryStore();
    const auth2 = new AuthKeeper();
    const bank2 = new BankKeeper(auth2);
    const pot2 = new PotKeeper(bank2, new RegisterKeeper(bank2, auth2), s.authority);
    initPotGenesis(pot2, testContext(store2, { mode: "genesis" }), validatePotGenesis(JSON.parse(JSON.stringify(exported))));
    expect(exportPotGenesis(pot2, store2)).toEqual(exported);
    expect(pot2.getIndividualReward(store2, 2n + 2n, a)).toEqual(s.pot.getIndividualReward(s.store, 4n, a));
    expect(pot2.getParams(store2)).toEqual(s.pot.getParams(s.store));

    // Bank supply above initial_total_supply is refused, as Stratos does.
    const store3 = new MemoryStore();
    bank2.initSupply(store3, { denom: "wei", amount: 10n ** 27n });
    expect(() => initPotGenesis(pot2, testContext(store3, { mode: "genesis" }), validatePotGenesis(defaultPotGenesis()))).toThrow(/exceeds initial_total_supply/);
  });
});
