import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import { MemoryStore } from "../../store/memory-store";
import { ChainError, ErrInvalidAddress, ErrUnauthorized } from "../../types/errors";
import { COMMUNITY_POOL, META_NODE_BONDED_POOL, META_NODE_NOT_BONDED_POOL, MODULE_ACCOUNTS, RESOURCE_NODE_BONDED_POOL, RESOURCE_NODE_NOT_BONDED_POOL } from "../../types/module-accounts";
import { testContext } from "../../../test/helpers/context";
import { randomKey } from "../../../test/helpers/keys";
import { nodeKey, type NodeKey } from "../../../test/helpers/node-keys";
import { AuthKeeper } from "../auth";
import { BankKeeper } from "../bank";
import { initBankGenesis, validateBankGenesis } from "../bank/genesis";
import * as E from "./errors";
import { defaultRegisterGenesis, exportRegisterGenesis, initRegisterGenesis, validateRegisterGenesis } from "./genesis";
import { formatRfc3339 } from "../../types/time";
import { approvalThreshold, kickRejectThreshold, RegisterKeeper } from "./keeper";
import { parseUnbondingQueueKey, unbondingQueueKey } from "./keys";
import { registerMsgRoutes } from "./msg-server";
import { BondStatus } from "./node-status";
import { DEFAULT_REGISTER_PARAMS } from "./params";
import { registerQueries } from "./query-server";

const R = stratos.register.v1;
const STOS = 10n ** 18n;
const DAY = 86_400n;
const T0 = 1_700_000_000n;

function setup() {
  const store = new MemoryStore();
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const keeper = new RegisterKeeper(bank, auth);
  const owners = [randomKey().address, randomKey().address, randomKey().address, randomKey().address];
  const ctx = testContext(store, { mode: "genesis" });
  for (const m of MODULE_ACCOUNTS) auth.getOrCreateModuleAccount(store, m.name, m.permissions);
  initBankGenesis(bank, auth, ctx, validateBankGenesis({ balances: owners.map((address) => ({ address, coins: [{ denom: "wei", amount: (1_000_000n * STOS).toString() }] })) }));
  const authority = auth.moduleAccountAddress("gov");
  const routes = new Map(registerMsgRoutes(keeper, authority).map((r) => [r.typeUrl, r]));
  const queries = registerQueries(keeper, bank);
  /** Runs a message the way the app does: stateless checks, then the handler, on a fresh context. */
  const run = (typeUrl: string, msg: unknown, opts: { time?: bigint; height?: bigint } = {}): Context => {
    const route = routes.get(`/stratos.register.v1.${typeUrl}`) as MsgRoute<unknown>;
    const c: Context = { ...testContext(store, { height: opts.height ?? 10n }), blockTimeSeconds: opts.time ?? T0 };
    route.validateBasic(msg);
    route.handle(c, msg);
    return c;
  };
  const balance = (addr: string) => bank.getBalance(store, addr, "wei").amount;
  const pool = (name: string) => bank.getModuleBalance(store, name, "wei");
  return { store, auth, bank, keeper, owners, run, balance, pool, queries, authority };
}

const desc = (moniker: string) => R.Description.fromPartial({ moniker });

function createRn(s: ReturnType<typeof setup>, key: NodeKey, owner: string, amount: bigint, time = T0) {
  return s.run(
    "MsgCreateResourceNode",
    R.MsgCreateResourceNode.fromPartial({ networkAddress: key.address, pubkey: key.pubkeyAny, value: { denom: "wei", amount: amount.toString() }, ownerAddress: owner, description: desc("rn"), nodeType: 4 }),
    { time },
  );
}

function createMn(s: ReturnType<typeof setup>, key: NodeKey, owner: string, amount: bigint, time = T0) {
  return s.run(
    "MsgCreateMetaNode",
    R.MsgCreateMetaNode.fromPartial({ networkAddress: key.address, pubkey: key.pubkeyAny, value: { denom: "wei", amount: amount.toString() }, ownerAddress: owner, beneficiaryAddress: owner, description: desc("mn") }),
    { time },
  );
}

/** A bonded, active meta node written straight to state (as genesis would). */
function seedActiveMetaNode(s: ReturnType<typeof setup>, key: NodeKey, owner: string, tokens: bigint) {
  s.keeper.setMetaNode(s.store, R.MetaNode.fromPartial({ networkAddress: key.address, pubkey: key.pubkeyAny, suspend: false, status: BondStatus.BOND_STATUS_BONDED, tokens: tokens.toString(), ownerAddress: owner, description: desc("seed"), creationTime: { seconds: T0 - 365n * DAY, nanos: 0 } }));
  s.keeper.setBondedMetaNodeCount(s.store, s.keeper.getBondedMetaNodeCount(s.store) + 1n);
}

function expectChainError(fn: () => unknown, kind: { code: number; codespace: string }) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChainError);
    expect({ code: (e as ChainError).code, codespace: (e as ChainError).codespace, message: (e as ChainError).message }).toMatchObject({ code: kind.code, codespace: kind.codespace });
    return;
  }
  throw new Error("expected a ChainError");
}

describe("register: thresholds and maturity", () => {
  it("needs floor(2n/3)+1 approvals and at least one kick rejection", () => {
    expect([1n, 2n, 3n, 4n, 7n].map(approvalThreshold)).toEqual([1n, 2n, 3n, 3n, 5n]);
    expect([1n, 2n, 3n, 6n, 7n].map(kickRejectThreshold)).toEqual([1n, 1n, 1n, 2n, 2n]);
  });

  it("matures 180 days after creation plus 14, or 14 days after unbonding once past 180 (the FAQ examples)", () => {
    const k = setup().keeper;
    const created = T0;
    // Registered day 1, deactivated day 150: back on day 194; deactivated day 190: back on day 204.
    expect(k.matureTime(DEFAULT_REGISTER_PARAMS, BondStatus.BOND_STATUS_BONDED, created, created + 149n * DAY)).toBe(created + 194n * DAY);
    expect(k.matureTime(DEFAULT_REGISTER_PARAMS, BondStatus.BOND_STATUS_BONDED, created, created + 189n * DAY)).toBe(created + 189n * DAY + 14n * DAY);
    expect(k.matureTime(DEFAULT_REGISTER_PARAMS, BondStatus.BOND_STATUS_UNBONDED, created, created + 3n * DAY)).toBe(created + 14n * DAY);
  });

  it("keys the unbonding queue by big-endian time so a range scan finds what is due", () => {
    const a = nodeKey(1).address;
    const key = unbondingQueueKey(123456789n, a);
    expect(parseUnbondingQueueKey(key)).toEqual({ completionSeconds: 123456789n, networkAddress: a });
    expect(Buffer.compare(unbondingQueueKey(255n, a), unbondingQueueKey(256n, a))).toBe(-1);
  });
});

describe("register: resource nodes", () => {
  it("registers a node bonded but suspended, escrows the deposit, leaves the ozone limit alone", () => {
    const s = setup();
    const key = nodeKey(1);
    const c = createRn(s, key, s.owners[0]!, 5n * STOS);
    const node = s.keeper.getResourceNode(s.store, key.address)!;
    expect(node).toMatchObject({ status: BondStatus.BOND_STATUS_BONDED, suspend: true, tokens: (5n * STOS).toString(), effectiveTokens: "0", beneficiaryAddress: s.owners[0], nodeType: 4 });
    expect(s.pool(RESOURCE_NODE_BONDED_POOL)).toBe(5n * STOS);
    expect(s.balance(s.owners[0]!)).toBe(999_995n * STOS);
    expect(s.keeper.getBondedResourceNodeCount(s.store)).toBe(1n);
    expect(s.keeper.ozonePools(s.store)).toEqual({ St: 0n, Lt: 0n, Pt: 0n });
    const ev = c.events.events().find((e) => e.type === "stratos.register.v1.EventCreateResourceNode")!;
    expect(Object.fromEntries(ev.attributes.map((a) => [a.key, a.value]))).toEqual({
      sender: JSON.stringify(s.owners[0]),
      network_address: JSON.stringify(key.address),
      pubkey: JSON.stringify(Buffer.from(key.pubkeyAny.value).toString("hex")),
      ozone_limit_changes: JSON.stringify("0"),
      initial_deposit: JSON.stringify(`${5n * STOS}wei`),
    });
  });

  it("refuses duplicates, small deposits, wrong denoms, a pubkey that is not the address's, and registration when disabled", () => {
    const s = setup();
    const key = nodeKey(1);
    createRn(s, key, s.owners[0]!, STOS);
    expectChainError(() => createRn(s, key, s.owners[1]!, STOS), E.ErrResourceNodePubKeyExists);
    expectChainError(() => createRn(s, nodeKey(2), s.owners[1]!, STOS - 1n), E.ErrInsufficientDeposit);
    expectChainError(
      () => s.run("MsgCreateResourceNode", R.MsgCreateResourceNode.fromPartial({ networkAddress: nodeKey(3).address, pubkey: nodeKey(4).pubkeyAny, value: { denom: "wei", amount: "1" }, ownerAddress: s.owners[0], description: desc("x"), nodeType: 4 })),
      E.ErrInvalidNetworkAddr,
    );
    expectChainError(
      () => s.run("MsgCreateResourceNode", R.MsgCreateResourceNode.fromPartial({ networkAddress: nodeKey(3).address, pubkey: nodeKey(3).pubkeyAny, value: { denom: "stos", amount: "5" }, ownerAddress: s.owners[0], description: desc("x"), nodeType: 4 })),
      E.ErrBadDenom,
    );
    expectChainError(
      () => s.run("MsgCreateResourceNode", R.MsgCreateResourceNode.fromPartial({ networkAddress: nodeKey(3).address, pubkey: nodeKey(3).pubkeyAny, value: { denom: "wei", amount: "5" }, ownerAddress: s.owners[0], description: desc("x"), nodeType: 8 })),
      E.ErrInvalidNodeType,
    );
    expectChainError(
      () => s.run("MsgCreateResourceNode", R.MsgCreateResourceNode.fromPartial({ networkAddress: nodeKey(3).address, pubkey: nodeKey(3).pubkeyAny, value: { denom: "wei", amount: "5" }, ownerAddress: s.owners[0], description: desc(""), nodeType: 4 })),
      E.ErrEmptyMoniker,
    );
    s.keeper.setParams(s.store, { ...DEFAULT_REGISTER_PARAMS, resourceNodeRegEnabled: false });
    expectChainError(() => createRn(s, nodeKey(5), s.owners[1]!, STOS), E.ErrResourceNodeRegDisabled);
    expect(s.keeper.getResourceNode(s.store, nodeKey(5).address)).toBeUndefined();
  });

  it("adds deposit (only the owner), reporting the deposit after the add", () => {
    const s = setup();
    const key = nodeKey(1);
    createRn(s, key, s.owners[0]!, 2n * STOS);
    const msg = (owner: string) => R.MsgUpdateResourceNodeDeposit.fromPartial({ networkAddress: key.address, ownerAddress: owner, depositDelta: { denom: "wei", amount: STOS.toString() } });
    expectChainError(() => s.run("MsgUpdateResourceNodeDeposit", msg(s.owners[1]!)), E.ErrInvalidOwnerAddr);
    const c = s.run("MsgUpdateResourceNodeDeposit", msg(s.owners[0]!));
    expect(s.keeper.getResourceNode(s.store, key.address)!.tokens).toBe((3n * STOS).toString());
    const ev = c.events.events().find((e) => e.type === "stratos.register.v1.EventUpdateResourceNodeDeposit")!;
    const attrs = Object.fromEntries(ev.attributes.map((a) => [a.key, JSON.parse(a.value) as string]));
    expect(attrs).toMatchObject({ current_deposit: `${3n * STOS}wei`, available_token_before: `${2n * STOS}wei`, available_token_after: `${3n * STOS}wei`, ozone_limit_changes: "0" });
    expectChainError(() => s.run("MsgUpdateResourceNodeDeposit", R.MsgUpdateResourceNodeDeposit.fromPartial({ networkAddress: key.address, ownerAddress: s.owners[0], depositDelta: { denom: "wei", amount: "0" } })), E.ErrValueNegative);
  });

  it("effective deposit: only active meta nodes may set it; it unsuspends the node and backs the ozone limit", () => {
    const s = setup();
    const mn = nodeKey(10);
    seedActiveMetaNode(s, mn, s.owners[3]!, 0n);
    const rn = nodeKey(1);
    createRn(s, rn, s.owners[0]!, 10n * STOS);
    const msg = (owner: string, eff: bigint) => R.MsgUpdateEffectiveDeposit.fromPartial({ reporters: [mn.address], reporterOwner: [owner], networkAddress: rn.address, effectiveTokens: eff.toString() });
    // Stratos lets anyone send this; we require the reporter to be an active meta node of the signer.
    expectChainError(() => s.run("MsgUpdateEffectiveDeposit", msg(s.owners[0]!, STOS)), E.ErrReporterAddressOrOwner);
    // First effective deposit with St = 0: St grows, Lt does not (the chain's St = 0 rule).
    s.run("MsgUpdateEffectiveDeposit", msg(s.owners[3]!, 4n * STOS));
    expect(s.keeper.getResourceNode(s.store, rn.address)).toMatchObject({ suspend: false, effectiveTokens: (4n * STOS).toString() });
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 4n * STOS, Lt: 0n });
    // Raise by 2 STOS: Lt += 2e18 / 1e6 = 2e12 noz.
    const c = s.run("MsgUpdateEffectiveDeposit", msg(s.owners[3]!, 6n * STOS));
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 6n * STOS, Lt: 2_000_000_000_000n });
    const ev = c.events.events().find((e) => e.type === "stratos.register.v1.EventUpdateEffectiveDeposit")!;
    expect(ev.attributes.find((a) => a.key === "is_unsuspended")!.value).toBe(JSON.stringify("false"));
    // Lower by 1 STOS: Lt -= 1e12.
    s.run("MsgUpdateEffectiveDeposit", msg(s.owners[3]!, 5n * STOS));
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 5n * STOS, Lt: 1_000_000_000_000n });
    expectChainError(() => s.run("MsgUpdateEffectiveDeposit", msg(s.owners[3]!, 11n * STOS)), E.ErrInsufficientBalance);
  });

  it("unbonds into the not-bonded pool, removes the effective deposit, pays out at maturity minus the slashing debt", () => {
    const s = setup();
    const mn = nodeKey(10);
    seedActiveMetaNode(s, mn, s.owners[3]!, 100n * STOS);
    s.keeper.setEffectiveTotalDeposit(s.store, 100n * STOS);
    s.keeper.setRemainingOzoneLimit(s.store, 100_000_000_000_000n);
    const rn = nodeKey(1);
    const owner = s.owners[0]!;
    createRn(s, rn, owner, 10n * STOS, T0);
    s.run("MsgUpdateEffectiveDeposit", R.MsgUpdateEffectiveDeposit.fromPartial({ reporters: [mn.address], reporterOwner: [s.owners[3]!], networkAddress: rn.address, effectiveTokens: (10n * STOS).toString() }));
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 110n * STOS, Lt: 110_000_000_000_000n });
    s.keeper.setSlashing(s.store, owner, 3n * STOS);
    const unbondAt = T0 + 10n * DAY;
    expectChainError(() => s.run("MsgRemoveResourceNode", R.MsgRemoveResourceNode.fromPartial({ resourceNodeAddress: rn.address, ownerAddress: s.owners[1] }), { time: unbondAt }), E.ErrInvalidOwnerAddr);
    const c = s.run("MsgRemoveResourceNode", R.MsgRemoveResourceNode.fromPartial({ resourceNodeAddress: rn.address, ownerAddress: owner }), { time: unbondAt });
    const mature = T0 + 194n * DAY;
    expect(c.events.events().find((e) => e.type === "stratos.register.v1.EventUnBondingResourceNode")!.attributes.find((a) => a.key === "unbonding_mature_time")!.value).toBe(JSON.stringify(formatRfc3339(mature)));
    expect(s.keeper.getResourceNode(s.store, rn.address)).toMatchObject({ status: BondStatus.BOND_STATUS_UNBONDING, suspend: true, effectiveTokens: "0" });
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 100n * STOS, Lt: 100_000_000_000_000n });
    expect(s.pool(RESOURCE_NODE_BONDED_POOL)).toBe(0n);
    expect(s.pool(RESOURCE_NODE_NOT_BONDED_POOL)).toBe(10n * STOS);
    expect(s.keeper.getBondedResourceNodeCount(s.store)).toBe(0n);
    expectChainError(() => s.run("MsgRemoveResourceNode", R.MsgRemoveResourceNode.fromPartial({ resourceNodeAddress: rn.address, ownerAddress: owner }), { time: unbondAt }), E.ErrInsufficientBalance);
    const before = s.balance(owner);
    // One second early: nothing happens.
    const early: Context = { ...testContext(s.store, { height: 20n }), blockTimeSeconds: mature - 1n };
    s.keeper.endBlock(early);
    expect(s.balance(owner)).toBe(before);
    const due: Context = { ...testContext(s.store, { height: 21n }), blockTimeSeconds: mature };
    s.keeper.endBlock(due);
    expect(s.balance(owner)).toBe(before + 7n * STOS);
    expect(s.pool(COMMUNITY_POOL)).toBe(3n * STOS);
    expect(s.keeper.getSlashing(s.store, owner)).toBe(0n);
    expect(s.keeper.getResourceNode(s.store, rn.address)).toBeUndefined();
    expect(s.keeper.getUnbondingNode(s.store, rn.address)).toBeUndefined();
    const done = due.events.events().find((e) => e.type === "stratos.register.v1.EventCompleteUnBondingResourceNode")!;
    expect(done.attributes.find((a) => a.key === "amount")!.value).toBe(JSON.stringify(`${7n * STOS}wei`));
  });
});

describe("register: meta nodes and votes", () => {
  it("a candidate is voted in by active meta nodes, then its deposit backs the ozone limit", () => {
    const s = setup();
    const voters = [nodeKey(10), nodeKey(11), nodeKey(12)];
    voters.forEach((v, i) => seedActiveMetaNode(s, v, s.owners[i]!, 10n * STOS));
    s.keeper.setEffectiveTotalDeposit(s.store, 30n * STOS);
    s.keeper.setRemainingOzoneLimit(s.store, 30_000_000_000_000n);
    const cand = nodeKey(20);
    createMn(s, cand, s.owners[3]!, 9n * STOS);
    expect(s.keeper.getMetaNode(s.store, cand.address)).toMatchObject({ status: BondStatus.BOND_STATUS_UNBONDED, suspend: true });
    expect(s.pool(META_NODE_NOT_BONDED_POOL)).toBe(9n * STOS);
    const vote = (voter: NodeKey, voterOwner: string, opinion = true, time = T0 + 1n) =>
      s.run("MsgMetaNodeRegistrationVote", R.MsgMetaNodeRegistrationVote.fromPartial({ candidateNetworkAddress: cand.address, candidateOwnerAddress: s.owners[3], opinion, voterNetworkAddress: voter.address, voterOwnerAddress: voterOwner }), { time });
    // A voter that does not own the meta node it names is refused (the chain drops this check; we keep it).
    expectChainError(() => vote(voters[0]!, s.owners[1]!), E.ErrNoActiveVoterMetaNodeFound);
    vote(voters[0]!, s.owners[0]!);
    expectChainError(() => vote(voters[0]!, s.owners[0]!), E.ErrDuplicateVoting);
    vote(voters[1]!, s.owners[1]!, false);
    expect(s.keeper.getMetaNode(s.store, cand.address)!.status).toBe(BondStatus.BOND_STATUS_UNBONDED);
    vote(voters[2]!, s.owners[2]!);
    // 3 active -> 3 approvals needed; 2 approvals so far.
    expect(s.keeper.getMetaNode(s.store, cand.address)!.status).toBe(BondStatus.BOND_STATUS_UNBONDED);
    // Expired votes are refused.
    const late = nodeKey(13);
    seedActiveMetaNode(s, late, s.owners[0]!, 0n);
    expectChainError(() => vote(late, s.owners[0]!, true, T0 + 8n * DAY), E.ErrVoteExpired);
    // 4 active now -> floor(8/3)+1 = 3 approvals: the fourth voter passes it.
    const c = vote(late, s.owners[0]!);
    expect(s.keeper.getMetaNode(s.store, cand.address)).toMatchObject({ status: BondStatus.BOND_STATUS_BONDED, suspend: false });
    expect(s.pool(META_NODE_NOT_BONDED_POOL)).toBe(0n);
    expect(s.pool(META_NODE_BONDED_POOL)).toBe(9n * STOS);
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 39n * STOS, Lt: 39_000_000_000_000n });
    expect(s.keeper.getBondedMetaNodeCount(s.store)).toBe(5n);
    const ev = c.events.events().find((e) => e.type === "stratos.register.v1.EventMetaNodeRegistrationVote")!;
    expect(ev.attributes.find((a) => a.key === "candidate_status")!.value).toBe(JSON.stringify("BOND_STATUS_BONDED"));
    expect(ev.attributes.find((a) => a.key === "ozone_limit_changes")!.value).toBe(JSON.stringify("9000000000000"));
  });

  it("removing a bonded meta node takes its deposit out of the ozone limit", () => {
    const s = setup();
    const mn = nodeKey(10);
    seedActiveMetaNode(s, mn, s.owners[0]!, 10n * STOS);
    s.keeper.setEffectiveTotalDeposit(s.store, 10n * STOS);
    s.keeper.setRemainingOzoneLimit(s.store, 10_000_000_000_000n);
    s.bank.sendCoinsFromAccountToModule(testContext(s.store), s.owners[0]!, META_NODE_BONDED_POOL, [{ denom: "wei", amount: 10n * STOS }]);
    const c = s.run("MsgRemoveMetaNode", R.MsgRemoveMetaNode.fromPartial({ metaNodeAddress: mn.address, ownerAddress: s.owners[0] }));
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 0n, Lt: 0n });
    expect(s.keeper.getMetaNode(s.store, mn.address)!.status).toBe(BondStatus.BOND_STATUS_UNBONDING);
    expect(s.pool(META_NODE_NOT_BONDED_POOL)).toBe(10n * STOS);
    const ev = c.events.events().find((e) => e.type === "stratos.register.v1.EventUnBondingMetaNode")!;
    expect(ev.attributes.find((a) => a.key === "ozone_limit_changes")!.value).toBe(JSON.stringify("-10000000000000"));
  });

  it("kick votes unbond the target once enough active meta nodes approve", () => {
    const s = setup();
    const mns = [nodeKey(10), nodeKey(11), nodeKey(12), nodeKey(13)];
    mns.forEach((m, i) => seedActiveMetaNode(s, m, s.owners[i]!, 5n * STOS));
    s.bank.sendCoinsFromAccountToModule(testContext(s.store), s.owners[3]!, META_NODE_BONDED_POOL, [{ denom: "wei", amount: 20n * STOS }]);
    s.keeper.setEffectiveTotalDeposit(s.store, 20n * STOS);
    s.keeper.setRemainingOzoneLimit(s.store, 20_000_000_000_000n);
    const target = mns[3]!.address;
    const kick = (voter: number, opinion: boolean) =>
      s.run("MsgKickMetaNodeVote", R.MsgKickMetaNodeVote.fromPartial({ targetNetworkAddress: target, opinion, voterNetworkAddress: mns[voter]!.address, voterOwnerAddress: s.owners[voter] }));
    expectChainError(() => kick(3, true), E.ErrSameAddr);
    kick(0, true);
    expect(s.keeper.getKickVotePool(s.store, target)!.approveList).toEqual([mns[0]!.address]);
    kick(1, true);
    // 4 active -> floor(8/3)+1 = 3 approvals needed.
    expect(s.keeper.getMetaNode(s.store, target)!.status).toBe(BondStatus.BOND_STATUS_BONDED);
    kick(2, true);
    expect(s.keeper.getMetaNode(s.store, target)!.status).toBe(BondStatus.BOND_STATUS_UNBONDING);
    expect(s.keeper.ozonePools(s.store)).toMatchObject({ St: 15n * STOS, Lt: 15_000_000_000_000n });
    expect(s.keeper.getBondedMetaNodeCount(s.store)).toBe(3n);
  });

  it("bitmap index: position by bech32 among meta nodes neither suspended nor Unbonded", () => {
    const s = setup();
    const keys = [nodeKey(50), nodeKey(51), nodeKey(52), nodeKey(53)].sort((a, b) => (a.address < b.address ? -1 : 1));
    for (const k of keys) seedActiveMetaNode(s, k, s.owners[0]!, STOS);
    const suspended = s.keeper.getMetaNode(s.store, keys[1]!.address)!;
    s.keeper.setMetaNode(s.store, { ...suspended, suspend: true });
    const unbonded = s.keeper.getMetaNode(s.store, keys[2]!.address)!;
    s.keeper.setMetaNode(s.store, { ...unbonded, status: BondStatus.BOND_STATUS_UNBONDED });
    expect(keys.map((k) => s.keeper.metaNodeBitmapIndex(s.store, k.address))).toEqual([0, undefined, undefined, 1]);
    expect(s.keeper.metaNodeBitmapIndex(s.store, nodeKey(54).address)).toBeUndefined();
    expect(s.keeper.activeMetaNodeCount(s.store)).toBe(2n);
  });

  it("a rejection closes a kick round among few meta nodes", () => {
    const s = setup();
    const mns = [nodeKey(10), nodeKey(11)];
    mns.forEach((m, i) => seedActiveMetaNode(s, m, s.owners[i]!, 0n));
    s.run("MsgKickMetaNodeVote", R.MsgKickMetaNodeVote.fromPartial({ targetNetworkAddress: mns[1]!.address, opinion: false, voterNetworkAddress: mns[0]!.address, voterOwnerAddress: s.owners[0] }));
    expect(s.keeper.getKickVotePool(s.store, mns[1]!.address)).toBeUndefined();
  });
});

describe("register: stateless checks (validateBasic) of every Msg", () => {
  const key = nodeKey(40);
  const other = nodeKey(41);
  const owner = randomKey().address;
  const coin = { denom: "wei", amount: "5" };
  const routes = new Map(registerMsgRoutes(new RegisterKeeper(new BankKeeper(new AuthKeeper()), new AuthKeeper()), owner).map((r) => [r.typeUrl, r]));
  const routeOf = (name: string) => routes.get(`/stratos.register.v1.${name}`) as MsgRoute<unknown>;
  const ok = (name: string, msg: unknown) => expect(() => routeOf(name).validateBasic(msg)).not.toThrow();
  const bad = (name: string, msg: unknown, kind: { code: number; codespace: string }) => expectChainError(() => routeOf(name).validateBasic(msg), kind);

  it("MsgCreateResourceNode and MsgCreateMetaNode", () => {
    const rn = R.MsgCreateResourceNode.fromPartial({ networkAddress: key.address, pubkey: key.pubkeyAny, value: coin, ownerAddress: owner, description: desc("rn"), nodeType: 4 });
    ok("MsgCreateResourceNode", rn);
    bad("MsgCreateResourceNode", { ...rn, networkAddress: "" }, E.ErrEmptyNodeNetworkAddress);
    bad("MsgCreateResourceNode", { ...rn, networkAddress: owner }, E.ErrInvalidNetworkAddr);
    bad("MsgCreateResourceNode", { ...rn, pubkey: undefined }, E.ErrEmptyPubKey);
    bad("MsgCreateResourceNode", { ...rn, pubkey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: key.pubkeyAny.value } }, E.ErrUnknownPubKey);
    bad("MsgCreateResourceNode", { ...rn, pubkey: other.pubkeyAny }, E.ErrInvalidNetworkAddr);
    bad("MsgCreateResourceNode", { ...rn, ownerAddress: "" }, E.ErrEmptyOwnerAddr);
    bad("MsgCreateResourceNode", { ...rn, ownerAddress: key.address }, ErrInvalidAddress);
    bad("MsgCreateResourceNode", { ...rn, beneficiaryAddress: key.address }, E.ErrInvalidBeneficiaryAddr);
    bad("MsgCreateResourceNode", { ...rn, value: undefined }, E.ErrValueNegative);
    bad("MsgCreateResourceNode", { ...rn, value: { denom: "wei", amount: "0" } }, E.ErrValueNegative);
    bad("MsgCreateResourceNode", { ...rn, value: { denom: "wei", amount: "-5" } }, E.ErrValueNegative);
    bad("MsgCreateResourceNode", { ...rn, value: { denom: "w", amount: "5" } }, E.ErrBadDenom);
    bad("MsgCreateResourceNode", { ...rn, description: desc("") }, E.ErrEmptyMoniker);
    bad("MsgCreateResourceNode", { ...rn, description: R.Description.fromPartial({ moniker: "m", details: "x".repeat(281) }) }, E.ErrEmptyDescription);
    bad("MsgCreateResourceNode", { ...rn, nodeType: 0 }, E.ErrInvalidNodeType);

    const mn = R.MsgCreateMetaNode.fromPartial({ networkAddress: key.address, pubkey: key.pubkeyAny, value: coin, ownerAddress: owner, beneficiaryAddress: owner, description: desc("mn") });
    ok("MsgCreateMetaNode", mn);
    bad("MsgCreateMetaNode", { ...mn, networkAddress: "" }, E.ErrEmptyNodeNetworkAddress);
    bad("MsgCreateMetaNode", { ...mn, pubkey: other.pubkeyAny }, E.ErrInvalidNetworkAddr);
    bad("MsgCreateMetaNode", { ...mn, beneficiaryAddress: "" }, E.ErrInvalidBeneficiaryAddr);
    bad("MsgCreateMetaNode", { ...mn, value: { denom: "wei", amount: "0" } }, E.ErrValueNegative);
    bad("MsgCreateMetaNode", { ...mn, description: desc(" ") }, E.ErrEmptyMoniker);
  });

  it("MsgRemove*, MsgUpdate* and MsgUpdate*Deposit", () => {
    ok("MsgRemoveResourceNode", R.MsgRemoveResourceNode.fromPartial({ resourceNodeAddress: key.address, ownerAddress: owner }));
    bad("MsgRemoveResourceNode", R.MsgRemoveResourceNode.fromPartial({ resourceNodeAddress: "", ownerAddress: owner }), E.ErrEmptyResourceNodeAddr);
    bad("MsgRemoveResourceNode", R.MsgRemoveResourceNode.fromPartial({ resourceNodeAddress: key.address, ownerAddress: "" }), E.ErrEmptyOwnerAddr);
    ok("MsgRemoveMetaNode", R.MsgRemoveMetaNode.fromPartial({ metaNodeAddress: key.address, ownerAddress: owner }));
    bad("MsgRemoveMetaNode", R.MsgRemoveMetaNode.fromPartial({ metaNodeAddress: "", ownerAddress: owner }), E.ErrEmptyMetaNodeAddr);
    bad("MsgRemoveMetaNode", R.MsgRemoveMetaNode.fromPartial({ metaNodeAddress: owner, ownerAddress: owner }), E.ErrInvalidNetworkAddr);

    const urn = R.MsgUpdateResourceNode.fromPartial({ networkAddress: key.address, ownerAddress: owner, description: desc(""), nodeType: 2 });
    ok("MsgUpdateResourceNode", urn);
    bad("MsgUpdateResourceNode", { ...urn, networkAddress: "" }, E.ErrEmptyNodeNetworkAddress);
    bad("MsgUpdateResourceNode", { ...urn, beneficiaryAddress: "nope" }, E.ErrInvalidBeneficiaryAddr);
    bad("MsgUpdateResourceNode", { ...urn, nodeType: 8 }, E.ErrInvalidNodeType);
    const umn = R.MsgUpdateMetaNode.fromPartial({ networkAddress: key.address, ownerAddress: owner, description: desc("m") });
    ok("MsgUpdateMetaNode", umn);
    bad("MsgUpdateMetaNode", { ...umn, description: desc("") }, E.ErrEmptyMoniker);
    bad("MsgUpdateMetaNode", { ...umn, ownerAddress: "x" }, ErrInvalidAddress);

    for (const name of ["MsgUpdateResourceNodeDeposit", "MsgUpdateMetaNodeDeposit"]) {
      const m = { networkAddress: key.address, ownerAddress: owner, depositDelta: coin };
      ok(name, m);
      bad(name, { ...m, networkAddress: "" }, E.ErrEmptyNodeNetworkAddress);
      bad(name, { ...m, ownerAddress: "" }, E.ErrEmptyOwnerAddr);
      bad(name, { ...m, depositDelta: { denom: "wei", amount: "0" } }, E.ErrValueNegative);
    }
  });

  it("MsgUpdateEffectiveDeposit, both votes and MsgUpdateParams", () => {
    const ued = R.MsgUpdateEffectiveDeposit.fromPartial({ reporters: [other.address], reporterOwner: [owner], networkAddress: key.address, effectiveTokens: "10" });
    ok("MsgUpdateEffectiveDeposit", ued);
    bad("MsgUpdateEffectiveDeposit", { ...ued, networkAddress: "" }, E.ErrEmptyNodeNetworkAddress);
    bad("MsgUpdateEffectiveDeposit", { ...ued, reporters: [], reporterOwner: [] }, E.ErrReporterAddress);
    bad("MsgUpdateEffectiveDeposit", { ...ued, reporterOwner: [] }, E.ErrReporterAddressOrOwner);
    bad("MsgUpdateEffectiveDeposit", { ...ued, reporters: [owner] }, E.ErrReporterAddress);
    bad("MsgUpdateEffectiveDeposit", { ...ued, reporterOwner: [other.address] }, E.ErrReporterAddressOrOwner);
    bad("MsgUpdateEffectiveDeposit", { ...ued, effectiveTokens: "-1" }, E.ErrInvalidEffectiveToken);

    const rv = R.MsgMetaNodeRegistrationVote.fromPartial({ candidateNetworkAddress: key.address, candidateOwnerAddress: owner, opinion: true, voterNetworkAddress: other.address, voterOwnerAddress: owner });
    ok("MsgMetaNodeRegistrationVote", rv);
    bad("MsgMetaNodeRegistrationVote", { ...rv, candidateNetworkAddress: "" }, E.ErrEmptyCandidateNetworkAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, candidateNetworkAddress: owner }, E.ErrInvalidCandidateNetworkAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, candidateOwnerAddress: "" }, E.ErrEmptyCandidateOwnerAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, candidateOwnerAddress: key.address }, E.ErrInvalidCandidateOwnerAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, voterNetworkAddress: "" }, E.ErrEmptyVoterNetworkAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, voterNetworkAddress: owner }, E.ErrInvalidVoterNetworkAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, voterOwnerAddress: "" }, E.ErrEmptyVoterOwnerAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, voterOwnerAddress: key.address }, E.ErrInvalidVoterOwnerAddr);
    bad("MsgMetaNodeRegistrationVote", { ...rv, voterNetworkAddress: key.address }, E.ErrSameAddr);

    const kv = R.MsgKickMetaNodeVote.fromPartial({ targetNetworkAddress: key.address, opinion: true, voterNetworkAddress: other.address, voterOwnerAddress: owner });
    ok("MsgKickMetaNodeVote", kv);
    bad("MsgKickMetaNodeVote", { ...kv, targetNetworkAddress: "" }, E.ErrInvalidTargetNetworkAddr);
    bad("MsgKickMetaNodeVote", { ...kv, voterNetworkAddress: "" }, E.ErrEmptyVoterNetworkAddr);
    bad("MsgKickMetaNodeVote", { ...kv, voterOwnerAddress: "" }, E.ErrEmptyVoterOwnerAddr);
    bad("MsgKickMetaNodeVote", { ...kv, voterNetworkAddress: key.address }, E.ErrSameAddr);

    bad("MsgUpdateParams", R.MsgUpdateParams.fromPartial({ authority: owner }), E.ErrInvalid);
  });

  it("the codes are the real chain's (codespace register)", () => {
    expect([E.ErrInvalidNetworkAddr, E.ErrEmptyOwnerAddr, E.ErrValueNegative, E.ErrBadDenom, E.ErrInvalidNodeType, E.ErrSameAddr].map((k) => [k.codespace, k.code])).toEqual([
      ["register", 3],
      ["register", 4],
      ["register", 5],
      ["register", 10],
      ["register", 45],
      ["register", 29],
    ]);
  });
});

describe("register: params, queries, genesis", () => {
  it("MsgUpdateParams is for the authority only", () => {
    const s = setup();
    const params = R.Params.fromPartial({ bondDenom: "wei", unbondingThreasholdTime: { seconds: 10n }, unbondingCompletionTime: { seconds: 5n }, maxEntries: 3, resourceNodeRegEnabled: false, resourceNodeMinDeposit: { denom: "wei", amount: "7" }, votingPeriod: { seconds: 60n } });
    expectChainError(() => s.run("MsgUpdateParams", R.MsgUpdateParams.fromPartial({ authority: s.owners[0], params })), ErrUnauthorized);
    s.run("MsgUpdateParams", R.MsgUpdateParams.fromPartial({ authority: s.authority, params }));
    expect(s.keeper.getParams(s.store)).toMatchObject({ maxEntries: 3, votingPeriodSeconds: 60n, resourceNodeMinDeposit: { denom: "wei", amount: 7n } });
    expectChainError(() => s.run("MsgUpdateParams", R.MsgUpdateParams.fromPartial({ authority: s.authority, params: { ...params, maxEntries: 0 } })), E.ErrInvalid);
  });

  it("answers node, deposit, count and limit queries", () => {
    const s = setup();
    const rn = nodeKey(1);
    createRn(s, rn, s.owners[0]!, 2n * STOS);
    const q = (name: string, bytes: Uint8Array) => s.queries[`/stratos.register.v1.Query/${name}`]!(s.store, bytes);
    const node = R.QueryResourceNodeResponse.decode(q("ResourceNode", R.QueryResourceNodeRequest.encode({ networkAddr: rn.address }).finish())).node!;
    expect(node.networkAddress).toBe(rn.address);
    expect(() => q("ResourceNode", R.QueryResourceNodeRequest.encode({ networkAddr: nodeKey(2).address }).finish())).toThrow(/not found/);
    expect(() => q("MetaNode", R.QueryMetaNodeRequest.encode({ networkAddr: "st1bad" }).finish())).toThrow(/invalid network address/);
    const byNode = R.QueryDepositByNodeResponse.decode(q("DepositByNode", R.QueryDepositByNodeRequest.encode({ networkAddr: rn.address, queryType: 2 }).finish())).depositInfo!;
    expect(byNode.bondedDeposit).toEqual({ denom: "wei", amount: (2n * STOS).toString() });
    const byOwner = R.QueryDepositByOwnerResponse.decode(q("DepositByOwner", R.QueryDepositByOwnerRequest.encode({ ownerAddr: s.owners[0]!, pagination: undefined }).finish()));
    expect(byOwner.depositInfos.map((d) => d.networkAddress)).toEqual([rn.address]);
    const total = R.QueryDepositTotalResponse.decode(q("DepositTotal", new Uint8Array()));
    expect(total.totalBondedDeposit!.amount).toBe((2n * STOS).toString());
    expect(R.QueryBondedResourceNodeCountResponse.decode(q("BondedResourceNodeCount", new Uint8Array())).number).toBe(1n);
    expect(R.QueryRemainingOzoneLimitResponse.decode(q("RemainingOzoneLimit", new Uint8Array())).ozoneLimit).toBe("0");
  });

  it("genesis: escrows deposits on a fresh start, derives St and Lt, and round-trips", () => {
    const s = setup();
    const mn = nodeKey(10);
    const rn = nodeKey(1);
    const g = validateRegisterGenesis({
      ...defaultRegisterGenesis(),
      meta_nodes: [{ network_address: mn.address, pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(mn.publicKey).toString("base64") }, suspend: false, status: "BOND_STATUS_BONDED", tokens: (9900n * STOS).toString(), owner_address: s.owners[0], description: { moniker: "m" } }],
      resource_nodes: [{ network_address: rn.address, pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(rn.publicKey).toString("base64") }, suspend: false, status: "BOND_STATUS_BONDED", tokens: (10n * STOS).toString(), effective_tokens: (10n * STOS).toString(), owner_address: s.owners[1], node_type: 4, description: { moniker: "r" } }],
    });
    initRegisterGenesis(s.keeper, s.bank, testContext(s.store, { mode: "genesis" }), g);
    // St = 9900 + 10 STOS; Lt = St / 1e6.
    expect(s.keeper.ozonePools(s.store)).toEqual({ St: 9910n * STOS, Lt: 9_910_000_000_000_000n, Pt: 0n });
    expect(s.pool(META_NODE_BONDED_POOL)).toBe(9900n * STOS);
    expect(s.pool(RESOURCE_NODE_BONDED_POOL)).toBe(10n * STOS);
    expect(s.keeper.getMetaNode(s.store, mn.address)!.beneficiaryAddress).toBe(s.owners[0]);
    const exported = exportRegisterGenesis(s.keeper, s.store);
    // Import into a chain whose bank state already holds the pools (an export of a running chain):
    // nothing is escrowed again and Lt comes from remaining_noz_limit.
    const s2 = setup();
    const c2 = testContext(s2.store, { mode: "genesis" });
    s2.bank.sendCoinsFromAccountToModule(c2, s2.owners[0]!, META_NODE_BONDED_POOL, [{ denom: "wei", amount: 9900n * STOS }]);
    s2.bank.sendCoinsFromAccountToModule(c2, s2.owners[1]!, RESOURCE_NODE_BONDED_POOL, [{ denom: "wei", amount: 10n * STOS }]);
    initRegisterGenesis(s2.keeper, s2.bank, c2, validateRegisterGenesis(JSON.parse(JSON.stringify(exported))));
    expect(exportRegisterGenesis(s2.keeper, s2.store)).toEqual(exported);
    expect(s2.pool(META_NODE_BONDED_POOL)).toBe(9900n * STOS);
  });

  it("genesis refuses a node whose address is not its key's, duplicates and a zero rate", () => {
    const mn = nodeKey(10);
    const bad = { network_address: nodeKey(11).address, pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(mn.publicKey).toString("base64") }, status: "BOND_STATUS_BONDED", tokens: "1", owner_address: randomKey().address };
    expect(() => validateRegisterGenesis({ ...defaultRegisterGenesis(), meta_nodes: [bad] })).toThrow(/not the address of its pubkey/);
    const good = { ...bad, network_address: mn.address };
    expect(() => validateRegisterGenesis({ ...defaultRegisterGenesis(), meta_nodes: [good, good] })).toThrow(/duplicate/);
    expect(() => validateRegisterGenesis({ ...defaultRegisterGenesis(), deposit_noz_rate: "0" })).toThrow(/deposit_noz_rate must be positive/);
    expect(() => validateRegisterGenesis({ ...defaultRegisterGenesis(), params: { ...(defaultRegisterGenesis()["params"] as object), voting_period: "7 days" } })).toThrow(/invalid duration/);
  });
});
