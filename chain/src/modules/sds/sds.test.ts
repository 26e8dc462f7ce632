import { ed25519 } from "@noble/curves/ed25519";
import { stratos } from "@stratos/proto";
import { createHash } from "node:crypto";
import { testContext } from "../../../test/helpers/context";
import { randomKey } from "../../../test/helpers/keys";
import { GrpcCode, QueryError } from "../../app/query-error";
import { MemoryStore } from "../../store/memory-store";
import { encodeAccAddress, moduleAddress } from "../../types/address";
import { ChainError, ErrInvalidAddress, ErrInvalidCoins, type ErrorKind } from "../../types/errors";
import { TOTAL_UNISSUED_PREPAY } from "../../types/module-accounts";
import { AuthKeeper } from "../auth";
import { BankKeeper } from "../bank";
import { RegisterKeeper } from "../register/keeper";
import { BondStatus } from "../register/node-status";
import { sdsAddressOfKey } from "../register/pubkey";
import { hasBit, setBit, setBits } from "./bitmap";
import { isCid } from "./cid";
import * as E from "./errors";
import { defaultSdsGenesis, exportSdsGenesis, initSdsGenesis, validateSdsGenesis } from "./genesis";
import { sdsModule } from "./index";
import { SdsKeeper } from "./keeper";
import { sdsMsgRoutes } from "./msg-server";
import { MAX_REPLICAS, MAX_SLICE_COUNT, validateMsgFileUpload, validateMsgPrepay, validateMsgUpdateParams } from "./msgs";
import { sdsQueries } from "./query-server";

const T = stratos.sds.v1;
const WEI = 10n ** 18n;

// ---------------------------------------------------------------- helpers

/** RFC 4648 base32, lower case, no padding: the multibase `b` encoding, written independently of multiformats. */
function base32(bytes: Uint8Array): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** CIDv1 (raw codec, sha2-256) of `text`, built by hand. */
function cidOf(text: string): string {
  const digest = createHash("sha256").update(text).digest();
  return "b" + base32(Uint8Array.from([0x01, 0x55, 0x12, 0x20, ...digest]));
}

function sdsAddress(): string {
  return sdsAddressOfKey(ed25519.getPublicKey(ed25519.utils.randomPrivateKey()));
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectKind(fn: () => unknown, kind: ErrorKind, text?: RegExp): ChainError {
  const e = caught(fn);
  if (!kind.is(e)) throw new Error(`expected ${kind.codespace}/${kind.code}, got ${String(e)}`);
  if (text) expect(e.message).toMatch(text);
  return e;
}

function setup(opts: { St?: bigint; Lt?: bigint; Pt?: bigint } = {}) {
  const store = new MemoryStore();
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const register = new RegisterKeeper(bank, auth);
  const gov = auth.moduleAccountAddress("gov");
  const keeper = new SdsKeeper(bank, register, gov);
  register.setEffectiveTotalDeposit(store, opts.St ?? 10n ** 21n);
  register.setRemainingOzoneLimit(store, opts.Lt ?? 10n ** 15n);
  const prepayPool = auth.moduleAccountAddress(TOTAL_UNISSUED_PREPAY);
  if (opts.Pt) bank.initBalance(store, prepayPool, { denom: "wei", amount: opts.Pt });
  const routes = new Map(sdsMsgRoutes(keeper).map((r) => [r.typeUrl, r]));
  const queries = sdsQueries(keeper);
  const fund = (address: string, amount: bigint, denom = "wei") => bank.initBalance(store, address, { denom, amount });
  const metaNode = (owner: string, status = BondStatus.BOND_STATUS_BONDED, suspend = false, address = sdsAddress()) => {
    register.setMetaNode(store, stratos.register.v1.MetaNode.fromPartial({ networkAddress: address, ownerAddress: owner, status, suspend, tokens: "1000" }));
    return address;
  };
  const resourceNode = (status = BondStatus.BOND_STATUS_BONDED, suspend = false) => {
    const address = sdsAddress();
    register.setResourceNode(store, stratos.register.v1.ResourceNode.fromPartial({ networkAddress: address, ownerAddress: randomKey().address, status, suspend, tokens: "1000", nodeType: 4 }));
    return address;
  };
  const route = (typeUrl: string) => routes.get(typeUrl)!;
  const query = (path: string, bytes: Uint8Array = new Uint8Array()) => queries[path]!(store, bytes);
  return { store, auth, bank, register, keeper, gov, prepayPool, routes, route, query, fund, metaNode, resourceNode };
}

// ---------------------------------------------------------------- bitmap and CID

describe("reporter bitmap", () => {
  it("sets bit i in word i/64 at bit i%64, little-endian words, growing by whole words", () => {
    let b: Uint8Array = new Uint8Array();
    b = setBit(b, 0);
    expect([...b]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    b = setBit(b, 9);
    expect([...b]).toEqual([1, 2, 0, 0, 0, 0, 0, 0]);
    b = setBit(b, 63);
    expect(b[7]).toBe(0x80);
    b = setBit(b, 70);
    expect(b.length).toBe(16);
    expect(b[8]).toBe(1 << 6);
    // Read back as uint64 little-endian words, as the real chain does.
    const view = new DataView(b.buffer, b.byteOffset, b.length);
    expect(view.getBigUint64(0, true)).toBe((1n << 63n) | (1n << 9n) | 1n);
    expect(view.getBigUint64(8, true)).toBe(1n << 6n);
    expect(setBits(b)).toEqual([0, 9, 63, 70]);
    expect(hasBit(b, 1)).toBe(false);
    expect(hasBit(b, 1000)).toBe(false);
  });
});

describe("CID parsing", () => {
  it("accepts CIDv1 (base32 and base32hex) and CIDv0, refuses the rest", () => {
    expect(isCid(cidOf("hello"))).toBe(true);
    expect(cidOf("hello")).toBe("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
    expect(isCid("v05ah481cu96rkntgkc72dq1r5b2rjoku3cb1sn0vkt15sso46dh972so4g")).toBe(true);
    expect(isCid("QmRQ353oFNqt8zfZ9X1HgRUszwv9RkEEwmMZZkbkYEsybn")).toBe(true);
    expect(isCid("")).toBe(false);
    expect(isCid("not-a-cid")).toBe(false);
    expect(isCid("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4ye")).toBe(false);
    expect(isCid("b" + "a".repeat(300))).toBe(false);
  });
});

// ---------------------------------------------------------------- prepay

describe("MsgPrepay", () => {
  const PREPAY = "/stratos.sds.v1.MsgPrepay";

  it("buys trunc(Lt*X/(St+Pt+X)) noz with the pools read before the transfer", () => {
    const { store, bank, register, route, fund, prepayPool } = setup({ St: 10n ** 21n, Lt: 10n ** 15n, Pt: 0n });
    const sender = randomKey().address;
    const beneficiary = randomKey().address;
    fund(sender, 5n * WEI);
    const ctx = testContext(store);
    route(PREPAY).handle(ctx, T.MsgPrepay.fromPartial({ sender, beneficiary, amount: [{ denom: "wei", amount: WEI.toString() }] }));
    // 1e15 * 1e18 / (1e21 + 1e18) = 1e12 / 1.001 = 999000999000.999... -> 999000999000
    const first = 999_000_999_000n;
    expect((10n ** 15n * WEI) / (10n ** 21n + WEI)).toBe(first);
    expect(register.getRemainingOzoneLimit(store)).toBe(10n ** 15n - first);
    expect(register.getRemainingOzoneLimit(store)).toBe(999_000_999_001_000n);
    expect(bank.getBalance(store, sender, "wei").amount).toBe(4n * WEI);
    expect(bank.getBalance(store, prepayPool, "wei").amount).toBe(WEI);
    expect(register.ozonePools(store)).toEqual({ St: 10n ** 21n, Lt: 999_000_999_001_000n, Pt: WEI });

    const ev = ctx.events.events().find((e) => e.type === "stratos.sds.v1.EventPrePay")!;
    expect(ev.attributes.map((a) => [a.key, a.value])).toEqual([
      ["sender", JSON.stringify(sender)],
      ["beneficiary", JSON.stringify(beneficiary)],
      ["amount", '"1000000000000000000wei"'],
      ["purchased_noz", '"999000999000"'],
    ]);
    // The bank's transfer events come first, to the prepay pool.
    expect(ctx.events.events().map((e) => e.type)).toEqual(["coin_spent", "coin_received", "transfer", "message", "stratos.sds.v1.EventPrePay"]);

    // Second purchase: Pt now counts. 999000999001000 * 1e18 / (1e21 + 1e18 + 1e18) = 997006985030.9...
    route(PREPAY).handle(testContext(store), T.MsgPrepay.fromPartial({ sender, beneficiary, amount: [{ denom: "wei", amount: WEI.toString() }] }));
    expect((999_000_999_001_000n * WEI) / (10n ** 21n + 2n * WEI)).toBe(997_006_985_030n);
    expect(register.getRemainingOzoneLimit(store)).toBe(999_000_999_001_000n - 997_006_985_030n);
    expect(bank.getBalance(store, prepayPool, "wei").amount).toBe(2n * WEI);
  });

  it("takes only the bond denom and ignores the others", () => {
    const { store, bank, keeper, fund, prepayPool } = setup();
    const sender = randomKey().address;
    fund(sender, WEI);
    fund(sender, 50n, "abcd");
    const purchased = keeper.prepay(testContext(store), sender, sender, [
      { denom: "abcd", amount: 50n },
      { denom: "wei", amount: WEI },
    ]);
    expect(purchased).toBe(999_000_999_000n);
    expect(bank.getBalance(store, sender, "abcd").amount).toBe(50n);
    expect(bank.getBalance(store, prepayPool, "abcd").amount).toBe(0n);
    expect(bank.getBalance(store, sender, "wei").amount).toBe(0n);
  });

  it("refuses a prepay without the bond denom, without funds, or that buys nothing, changing nothing", () => {
    const { store, bank, register, keeper, fund, prepayPool } = setup();
    const sender = randomKey().address;
    fund(sender, WEI);
    fund(sender, 50n, "abcd");
    const ctx = testContext(store);
    expectKind(() => keeper.prepay(ctx, sender, sender, [{ denom: "abcd", amount: 50n }]), E.ErrInvalidDenom, /prepay amount has no wei/);
    expectKind(() => keeper.prepay(ctx, sender, sender, [{ denom: "wei", amount: 2n * WEI }]), E.ErrPrepayFailure, /insufficient funds: spendable balance 1000000000000000000wei is smaller than 2000000000000000000wei: failed to prepay/);
    // 1e15 * 1 / (1e21 + 1) = 0: refused, the coin stays with the sender.
    const e = expectKind(() => keeper.prepay(ctx, sender, sender, [{ denom: "wei", amount: 1n }]), E.ErrOzoneLimitNotEnough, /would buy 0 noz/);
    expect(e.code).toBe(14);
    expect(e.codespace).toBe("sds");
    expect(bank.getBalance(store, sender, "wei").amount).toBe(WEI);
    expect(bank.getBalance(store, prepayPool, "wei").amount).toBe(0n);
    expect(register.getRemainingOzoneLimit(store)).toBe(10n ** 15n);
    expect(ctx.events.events()).toEqual([]);
  });

  it("refuses any prepay once the limit is exhausted", () => {
    const { store, bank, keeper, fund } = setup({ Lt: 0n });
    const sender = randomKey().address;
    fund(sender, WEI);
    expectKind(() => keeper.prepay(testContext(store), sender, sender, [{ denom: "wei", amount: WEI }]), E.ErrOzoneLimitNotEnough);
    expect(bank.getBalance(store, sender, "wei").amount).toBe(WEI);
  });

  it("when St + Pt = 0 the whole remaining limit is bought, never more", () => {
    const { store, register, keeper, fund } = setup({ St: 0n, Lt: 1000n });
    const sender = randomKey().address;
    fund(sender, 10n);
    expect(keeper.prepay(testContext(store), sender, sender, [{ denom: "wei", amount: 10n }])).toBe(1000n);
    expect(register.getRemainingOzoneLimit(store)).toBe(0n);
  });

  it("validateBasic: sender, beneficiary and amount", () => {
    const a = randomKey().address;
    const ok = T.MsgPrepay.fromPartial({ sender: a, beneficiary: a, amount: [{ denom: "wei", amount: "1" }] });
    expect(() => validateMsgPrepay(ok)).not.toThrow();
    expectKind(() => validateMsgPrepay({ ...ok, sender: "" }), E.ErrInvalidSenderAddr);
    expectKind(() => validateMsgPrepay({ ...ok, sender: "cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a" }), E.ErrInvalidSenderAddr);
    expectKind(() => validateMsgPrepay({ ...ok, beneficiary: "st1nope" }), E.ErrInvalidBeneficiaryAddr);
    expectKind(() => validateMsgPrepay({ ...ok, beneficiary: sdsAddress() }), E.ErrInvalidBeneficiaryAddr);
    expectKind(() => validateMsgPrepay({ ...ok, amount: [] }), ErrInvalidCoins, /empty coins/);
    expectKind(() => validateMsgPrepay({ ...ok, amount: [{ denom: "wei", amount: "0" }] }), ErrInvalidCoins, /not positive/);
    expectKind(() => validateMsgPrepay({ ...ok, amount: [{ denom: "wei", amount: "-1" }] }), ErrInvalidCoins);
    expectKind(() => validateMsgPrepay({ ...ok, amount: [{ denom: "w", amount: "1" }] }), ErrInvalidCoins);
    expectKind(() => validateMsgPrepay({ ...ok, amount: [{ denom: "wei", amount: "1" }, { denom: "abcd", amount: "1" }] }), ErrInvalidCoins, /not sorted/);
    expectKind(() => validateMsgPrepay({ ...ok, amount: [{ denom: "wei", amount: "1" }, { denom: "wei", amount: "1" }] }), ErrInvalidCoins, /duplicate/);
  });
});

// ---------------------------------------------------------------- file upload

function holdersFor(nodes: readonly string[], sliceCount: number, replicas: number) {
  return Array.from({ length: sliceCount }, (_, i) => ({
    sliceIndex: i,
    sdsAddresses: Array.from({ length: replicas }, (_, r) => nodes[(i + r) % nodes.length]!),
  }));
}

function uploadMsg(over: Partial<stratos.sds.v1.MsgFileUpload> & { from: string; reporter: string; uploader: string; nodes: readonly string[] }): stratos.sds.v1.MsgFileUpload {
  const { nodes, ...rest } = over;
  return T.MsgFileUpload.fromPartial({
    fileHash: cidOf("file-1"),
    size: 1000n,
    merkleRoot: new Uint8Array(32).fill(7),
    chunkSize: 256n,
    sliceCount: 2,
    replicas: 2,
    holders: holdersFor(nodes, 2, 2),
    ...rest,
  });
}

describe("MsgFileUpload validateBasic", () => {
  const from = randomKey().address;
  const uploader = randomKey().address;
  const reporter = sdsAddress();
  const nodes = [sdsAddress(), sdsAddress(), sdsAddress()];
  const ok = uploadMsg({ from, reporter, uploader, nodes });

  it("accepts a well-formed deal", () => {
    expect(() => validateMsgFileUpload(ok)).not.toThrow();
    expect(() => validateMsgFileUpload({ ...ok, fileHash: "QmRQ353oFNqt8zfZ9X1HgRUszwv9RkEEwmMZZkbkYEsybn" })).not.toThrow();
    expect(() => validateMsgFileUpload({ ...ok, sliceCount: 1, replicas: 3, holders: holdersFor(nodes, 1, 3) })).not.toThrow();
  });

  it("file hash, addresses", () => {
    expectKind(() => validateMsgFileUpload({ ...ok, fileHash: "" }), E.ErrEmptyFileHash);
    expectKind(() => validateMsgFileUpload({ ...ok, fileHash: "hello" }), E.ErrInvalidFileHash, /is not a CID/);
    expect(E.ErrInvalidFileHash.code).toBe(7);
    expectKind(() => validateMsgFileUpload({ ...ok, from: "" }), ErrInvalidAddress, /missing from/);
    expectKind(() => validateMsgFileUpload({ ...ok, from: reporter }), ErrInvalidAddress, /invalid from/);
    expectKind(() => validateMsgFileUpload({ ...ok, reporter: "" }), E.ErrEmptyReporters);
    expectKind(() => validateMsgFileUpload({ ...ok, reporter: from }), ErrInvalidAddress, /invalid reporter/);
    expectKind(() => validateMsgFileUpload({ ...ok, uploader: "" }), E.ErrEmptyUploaderAddr);
    expectKind(() => validateMsgFileUpload({ ...ok, uploader: "st1bad" }), ErrInvalidAddress, /invalid uploader/);
  });

  it("deal fields", () => {
    const bad = (m: Partial<stratos.sds.v1.MsgFileUpload>, text: RegExp) => {
      const e = expectKind(() => validateMsgFileUpload({ ...ok, ...m }), E.ErrInvalid, text);
      expect(e.code).toBe(2);
    };
    bad({ size: 0n }, /size must be positive/);
    bad({ merkleRoot: new Uint8Array(31) }, /merkle_root must be 32 bytes, got 31/);
    bad({ merkleRoot: new Uint8Array() }, /merkle_root must be 32 bytes, got 0/);
    bad({ chunkSize: 0n }, /chunk_size must be positive/);
    bad({ sliceCount: 0, holders: [] }, /slice_count must be at least 1/);
    bad({ sliceCount: MAX_SLICE_COUNT + 1, size: 10n ** 9n }, /exceeds the maximum/);
    bad({ size: 1n, sliceCount: 2 }, /exceeds the file size/);
    bad({ replicas: 0 }, /replicas must be at least 1/);
    bad({ replicas: MAX_REPLICAS + 1 }, /replicas 17 exceeds the maximum of 16/);
    bad({ holders: holdersFor(nodes, 1, 2) }, /one entry per slice: expected 2, got 1/);
    bad({ holders: holdersFor(nodes, 3, 2) }, /expected 2, got 3/);
    bad({ holders: [{ sliceIndex: 0, sdsAddresses: [nodes[0]!, nodes[1]!] }, { sliceIndex: 2, sdsAddresses: [nodes[0]!, nodes[1]!] }] }, /slice_index 2 is out of range/);
    bad({ holders: [{ sliceIndex: 1, sdsAddresses: [nodes[0]!, nodes[1]!] }, { sliceIndex: 1, sdsAddresses: [nodes[0]!, nodes[1]!] }] }, /slice_index 1 appears more than once/);
    bad({ holders: [{ sliceIndex: 0, sdsAddresses: [nodes[0]!] }, { sliceIndex: 1, sdsAddresses: [nodes[0]!, nodes[1]!] }] }, /slice 0 has 1 holders, expected replicas = 2/);
    bad({ holders: [{ sliceIndex: 0, sdsAddresses: [nodes[0]!, nodes[0]!] }, { sliceIndex: 1, sdsAddresses: [nodes[0]!, nodes[1]!] }] }, /holder .* appears more than once/);
    bad({ holders: [{ sliceIndex: 0, sdsAddresses: [nodes[0]!, from] }, { sliceIndex: 1, sdsAddresses: [nodes[0]!, nodes[1]!] }] }, /invalid stsds address/);
  });
});

describe("MsgFileUpload keeper", () => {
  const UPLOAD = "/stratos.sds.v1.MsgFileUpload";

  function world() {
    const s = setup();
    const owner = randomKey().address;
    const uploader = randomKey().address;
    const metaA = s.metaNode(owner);
    const metaB = s.metaNode(owner);
    const nodes = [s.resourceNode(), s.resourceNode(), s.resourceNode()];
    return { ...s, owner, uploader, metaA, metaB, nodes };
  }

  it("records the deal, the reporter's bit, height, owner, and emits EventFileUpload", () => {
    const w = world();
    const msg = uploadMsg({ from: w.owner, reporter: w.metaA, uploader: w.uploader, nodes: w.nodes });
    const ctx = testContext(w.store, { height: 42n });
    w.route(UPLOAD).handle(ctx, msg);
    const info = w.keeper.getFileInfo(w.store, msg.fileHash)!;
    const index = w.register.metaNodeBitmapIndex(w.store, w.metaA)!;
    expect(info).toEqual(
      T.FileInfo.fromPartial({
        height: "42",
        reporters: setBit(new Uint8Array(), index),
        uploader: w.uploader,
        cid: msg.fileHash,
        owner: w.uploader,
        size: 1000n,
        merkleRoot: new Uint8Array(32).fill(7),
        chunkSize: 256n,
        sliceCount: 2,
        replicas: 2,
        holders: msg.holders,
      }),
    );
    expect(w.keeper.filesByOwner(w.store, w.uploader)).toEqual([msg.fileHash]);
    expect(ctx.events.events().map((e) => [e.type, e.attributes.map((a) => [a.key, a.value])])).toEqual([
      [
        "stratos.sds.v1.EventFileUpload",
        [
          ["sender", JSON.stringify(w.owner)],
          ["reporter", JSON.stringify(w.metaA)],
          ["uploader", JSON.stringify(w.uploader)],
          ["file_hash", JSON.stringify(msg.fileHash)],
        ],
      ],
    ]);
  });

  it("ORs in the bits of two reporters (bit = position by bech32 address)", () => {
    const w = world();
    const sorted = [w.metaA, w.metaB].sort();
    expect(w.register.metaNodeBitmapIndex(w.store, sorted[0]!)).toBe(0);
    expect(w.register.metaNodeBitmapIndex(w.store, sorted[1]!)).toBe(1);
    w.route(UPLOAD).handle(testContext(w.store, { height: 5n }), uploadMsg({ from: w.owner, reporter: sorted[1]!, uploader: w.uploader, nodes: w.nodes }));
    let info = w.keeper.getFileInfo(w.store, cidOf("file-1"))!;
    expect([...info.reporters]).toEqual([0b10, 0, 0, 0, 0, 0, 0, 0]);
    w.route(UPLOAD).handle(testContext(w.store, { height: 6n }), uploadMsg({ from: w.owner, reporter: sorted[0]!, uploader: w.uploader, nodes: w.nodes }));
    info = w.keeper.getFileInfo(w.store, cidOf("file-1"))!;
    expect([...info.reporters]).toEqual([0b11, 0, 0, 0, 0, 0, 0, 0]);
    expect(setBits(info.reporters)).toEqual([0, 1]);
    expect(info.height).toBe("6");
  });

  it("requires from to own the reporter and the reporter to be active", () => {
    const w = world();
    const stranger = randomKey().address;
    const exec = (from: string, reporter: string) => () => w.route(UPLOAD).handle(testContext(w.store), uploadMsg({ from, reporter, uploader: w.uploader, nodes: w.nodes }));
    const e = expectKind(exec(stranger, w.metaA), E.ErrReporterAddressOrOwner, /does not own meta node/);
    expect(e.code).toBe(11);
    expectKind(exec(w.owner, sdsAddress()), E.ErrReporterAddressOrOwner, /does not own/);
    const unbonding = w.metaNode(w.owner, BondStatus.BOND_STATUS_UNBONDING);
    expectKind(exec(w.owner, unbonding), E.ErrReporterAddressOrOwner, /is not active/);
    const suspended = w.metaNode(w.owner, BondStatus.BOND_STATUS_BONDED, true);
    expectKind(exec(w.owner, suspended), E.ErrReporterAddressOrOwner, /is not active/);
    const unbonded = w.metaNode(w.owner, BondStatus.BOND_STATUS_UNBONDED);
    expectKind(exec(w.owner, unbonded), E.ErrReporterAddressOrOwner, /is not active/);
    expect(w.keeper.hasFile(w.store, cidOf("file-1"))).toBe(false);
  });

  it("requires every holder to be a bonded, unsuspended resource node", () => {
    const w = world();
    const exec = (holder: string) => () =>
      w.route(UPLOAD).handle(
        testContext(w.store),
        uploadMsg({ from: w.owner, reporter: w.metaA, uploader: w.uploader, nodes: w.nodes, holders: [{ sliceIndex: 0, sdsAddresses: [w.nodes[0]!, w.nodes[1]!] }, { sliceIndex: 1, sdsAddresses: [w.nodes[0]!, holder] }] }),
      );
    const unknown = sdsAddress();
    expectKind(exec(unknown), E.ErrInvalid, new RegExp(`holder ${unknown} of slice 1 is not a registered resource node`));
    expectKind(exec(w.resourceNode(BondStatus.BOND_STATUS_BONDED, true)), E.ErrInvalid, /is not an active resource node/);
    expectKind(exec(w.resourceNode(BondStatus.BOND_STATUS_UNBONDING)), E.ErrInvalid, /is not an active resource node/);
    expectKind(exec(w.resourceNode(BondStatus.BOND_STATUS_UNBONDED)), E.ErrInvalid, /is not an active resource node/);
    // A meta node is not a resource node.
    expectKind(exec(w.metaB), E.ErrInvalid, /not a registered resource node/);
    expect(w.keeper.hasFile(w.store, cidOf("file-1"))).toBe(false);
  });

  it("re-upload: a different root is refused; the same root re-records holders and keeps the owner", () => {
    const w = world();
    w.route(UPLOAD).handle(testContext(w.store, { height: 10n }), uploadMsg({ from: w.owner, reporter: w.metaA, uploader: w.uploader, nodes: w.nodes }));
    const other = randomKey().address;
    const again = (m: Partial<stratos.sds.v1.MsgFileUpload>) => () => w.route(UPLOAD).handle(testContext(w.store, { height: 11n }), uploadMsg({ from: w.owner, reporter: w.metaB, uploader: other, nodes: w.nodes, ...m }));
    expectKind(again({ merkleRoot: new Uint8Array(32).fill(8) }), E.ErrInvalid, /file already recorded with a different root/);
    expectKind(again({ size: 999n }), E.ErrInvalid, /file already recorded with a different root/);
    expectKind(again({ chunkSize: 512n }), E.ErrInvalid, /file already recorded with a different root/);
    expect(w.keeper.getFileInfo(w.store, cidOf("file-1"))!.height).toBe("10");

    // Repair: same root and size, new holders (one node replaced), by another uploader.
    const fresh = w.resourceNode();
    const holders = [
      { sliceIndex: 1, sdsAddresses: [w.nodes[1]!, fresh] },
      { sliceIndex: 0, sdsAddresses: [w.nodes[0]!, fresh] },
    ];
    again({ holders })();
    const info = w.keeper.getFileInfo(w.store, cidOf("file-1"))!;
    expect(info.owner).toBe(w.uploader);
    expect(info.uploader).toBe(other);
    expect(info.height).toBe("11");
    expect(info.holders).toEqual([
      { sliceIndex: 0, sdsAddresses: [w.nodes[0]!, fresh] },
      { sliceIndex: 1, sdsAddresses: [w.nodes[1]!, fresh] },
    ]);
    expect(setBits(info.reporters)).toEqual([0, 1]);
    expect(w.keeper.filesByOwner(w.store, w.uploader)).toEqual([cidOf("file-1")]);
    expect(w.keeper.filesByOwner(w.store, other)).toEqual([]);
  });

  it("a record without a deal (real-chain genesis) is adopted by its first deal upload", () => {
    const w = world();
    const legacyUploader = randomKey().address;
    const hash = cidOf("legacy");
    w.keeper.setFileInfo(w.store, hash, T.FileInfo.fromPartial({ height: "7", reporters: setBit(new Uint8Array(), 5), uploader: legacyUploader }));
    expect(w.keeper.filesByOwner(w.store, legacyUploader)).toEqual([]);
    w.route(UPLOAD).handle(testContext(w.store, { height: 8n }), uploadMsg({ fileHash: hash, from: w.owner, reporter: w.metaA, uploader: w.uploader, nodes: w.nodes }));
    const info = w.keeper.getFileInfo(w.store, hash)!;
    expect(info.owner).toBe(w.uploader);
    expect(info.merkleRoot).toEqual(new Uint8Array(32).fill(7));
    expect(setBits(info.reporters)).toEqual([w.register.metaNodeBitmapIndex(w.store, w.metaA)!, 5].sort());
    expect(w.keeper.filesByOwner(w.store, w.uploader)).toEqual([hash]);
  });

  it("lists files by owner", () => {
    const w = world();
    const hashes = [cidOf("a"), cidOf("b"), cidOf("c")];
    for (const h of hashes) w.route(UPLOAD).handle(testContext(w.store), uploadMsg({ fileHash: h, from: w.owner, reporter: w.metaA, uploader: w.uploader, nodes: w.nodes }));
    const someoneElse = randomKey().address;
    w.route(UPLOAD).handle(testContext(w.store), uploadMsg({ fileHash: cidOf("d"), from: w.owner, reporter: w.metaA, uploader: someoneElse, nodes: w.nodes }));
    expect(w.keeper.filesByOwner(w.store, w.uploader)).toEqual([...hashes].sort());
    expect(w.keeper.filesByOwner(w.store, someoneElse)).toEqual([cidOf("d")]);
    expect([...w.keeper.iterateFiles(w.store)].length).toBe(4);
  });
});

// ---------------------------------------------------------------- params

describe("MsgUpdateParams", () => {
  const UPDATE = "/stratos.sds.v1.MsgUpdateParams";

  it("only the gov module account may update, with valid params", () => {
    const { store, keeper, gov, route } = setup();
    expect(gov).toBe(encodeAccAddress(moduleAddress("gov")));
    const msg = T.MsgUpdateParams.fromPartial({ authority: gov, params: { bondDenom: "ustos" } });
    expect(() => validateMsgUpdateParams(msg)).not.toThrow();
    expect(route(UPDATE).signers(msg)).toEqual([gov]);
    const someone = randomKey().address;
    expectKind(() => route(UPDATE).handle(testContext(store), { ...msg, authority: someone }), E.ErrInvalid, /invalid authority/);
    expect(keeper.getParams(store)).toEqual({ bondDenom: "wei" });
    route(UPDATE).handle(testContext(store), msg);
    expect(keeper.getParams(store)).toEqual({ bondDenom: "ustos" });
    expectKind(() => validateMsgUpdateParams({ ...msg, authority: "nope" }), E.ErrInvalid, /invalid authority/);
    expectKind(() => validateMsgUpdateParams({ ...msg, params: undefined }), E.ErrInvalid, /params must be set/);
    expectKind(() => validateMsgUpdateParams({ ...msg, params: { bondDenom: "" } }), E.ErrInvalid, /bond denom cannot be blank/);
    expectKind(() => validateMsgUpdateParams({ ...msg, params: { bondDenom: "1x" } }), E.ErrInvalid, /invalid bond denom/);
    expectKind(() => route(UPDATE).handle(testContext(store), { ...msg, params: { bondDenom: "" } }), E.ErrInvalid);
  });
});

// ---------------------------------------------------------------- queries

describe("sds queries", () => {
  it("Fileupload: found, not found, invalid", () => {
    const s = setup();
    const owner = randomKey().address;
    const meta = s.metaNode(owner);
    const nodes = [s.resourceNode(), s.resourceNode()];
    s.route("/stratos.sds.v1.MsgFileUpload").handle(testContext(s.store, { height: 3n }), uploadMsg({ from: owner, reporter: meta, uploader: owner, nodes }));
    const path = "/stratos.sds.v1.Query/Fileupload";
    const res = T.QueryFileUploadResponse.decode(s.query(path, T.QueryFileUploadRequest.encode({ fileHash: cidOf("file-1") }).finish()));
    expect(res.fileInfo).toEqual(s.keeper.getFileInfo(s.store, cidOf("file-1")));
    expect(res.fileInfo!.height).toBe("3");

    const missing = caught(() => s.query(path, T.QueryFileUploadRequest.encode({ fileHash: cidOf("nothing") }).finish()));
    expect(missing).toBeInstanceOf(QueryError);
    expect((missing as QueryError).grpcCode).toBe(GrpcCode.NotFound);
    expect((missing as QueryError).message).toMatch(/file does not exist/);
    const bad = caught(() => s.query(path, T.QueryFileUploadRequest.encode({ fileHash: "xyz" }).finish()));
    expect((bad as QueryError).grpcCode).toBe(GrpcCode.InvalidArgument);
    expect((caught(() => s.query(path, T.QueryFileUploadRequest.encode({ fileHash: "" }).finish())) as QueryError).grpcCode).toBe(GrpcCode.InvalidArgument);
  });

  it("SimPrepay, NozPrice, NozSupply, Params", () => {
    const s = setup({ St: 10n ** 21n, Lt: 10n ** 15n, Pt: 0n });
    const sim = (amount: string) => T.QuerySimPrepayResponse.decode(s.query("/stratos.sds.v1.Query/SimPrepay", T.QuerySimPrepayRequest.encode({ amount }).finish())).noz;
    expect(sim("1000000000000000000wei")).toBe("999000999000");
    expect(sim("0wei")).toBe("0");
    for (const bad of ["", "wei", "1.5wei", "-1wei", "1000"]) {
      const e = caught(() => sim(bad));
      expect((e as QueryError).grpcCode).toBe(GrpcCode.InvalidArgument);
    }
    expect((caught(() => sim("1000ustos")) as QueryError).message).toMatch(/prepay takes wei/);

    const price = T.QueryNozPriceResponse.decode(s.query("/stratos.sds.v1.Query/NozPrice")).price;
    expect(price).toBe("1000000.000000000000000000");
    const supply = T.QueryNozSupplyResponse.decode(s.query("/stratos.sds.v1.Query/NozSupply"));
    expect(supply).toEqual({ remaining: (10n ** 15n).toString(), total: (10n ** 15n).toString() });
    expect(T.QueryParamsResponse.decode(s.query("/stratos.sds.v1.Query/Params")).params).toEqual({ bondDenom: "wei" });

    s.register.setRemainingOzoneLimit(s.store, 0n);
    const e = caught(() => s.query("/stratos.sds.v1.Query/NozPrice")) as QueryError;
    expect(e).toBeInstanceOf(QueryError);
    expect(e.grpcCode).toBe(GrpcCode.FailedPrecondition);
    expect(e.message).toMatch(/remaining ozone limit is 0/);
  });

  it("NozPrice counts the prepay pool: (St + Pt) / Lt", () => {
    const s = setup({ St: 3n, Lt: 2n, Pt: 4n });
    expect(T.QueryNozPriceResponse.decode(s.query("/stratos.sds.v1.Query/NozPrice")).price).toBe("3.500000000000000000");
  });
});

// ---------------------------------------------------------------- genesis

describe("sds genesis", () => {
  it("default validates; init -> export -> init round trip", () => {
    expect(validateSdsGenesis(defaultSdsGenesis())).toEqual({ params: { bondDenom: "wei" }, files: [] });
    expect(validateSdsGenesis(undefined)).toEqual({ params: { bondDenom: "wei" }, files: [] });

    const s = setup();
    const owner = randomKey().address;
    const meta = s.metaNode(owner);
    const nodes = [s.resourceNode(), s.resourceNode()];
    for (const name of ["x", "y"]) {
      s.route("/stratos.sds.v1.MsgFileUpload").handle(testContext(s.store, { height: 9n }), uploadMsg({ fileHash: cidOf(name), from: owner, reporter: meta, uploader: owner, nodes }));
    }
    const exported = exportSdsGenesis(s.keeper, s.store);
    expect(exported.params).toEqual({ bond_denom: "wei" });
    expect(exported.files.map((f) => f.file_hash)).toEqual([cidOf("x"), cidOf("y")].sort());
    expect(exported.files[0]!.file_info).toMatchObject({ height: "9", uploader: owner, owner, size: "1000", chunk_size: "256", slice_count: 2, replicas: 2 });
    expect(Object.keys(exported.files[0]!.file_info)).toContain("merkle_root");

    // Through JSON text, as a genesis file.
    const parsed = validateSdsGenesis(JSON.parse(JSON.stringify(exported)));
    const s2 = setup();
    initSdsGenesis(s2.keeper, testContext(s2.store, { mode: "genesis" }), parsed);
    expect(exportSdsGenesis(s2.keeper, s2.store)).toEqual(exported);
    expect(s2.keeper.getFileInfo(s2.store, cidOf("x"))).toEqual(s.keeper.getFileInfo(s.store, cidOf("x")));
    expect(s2.keeper.filesByOwner(s2.store, owner)).toEqual([cidOf("x"), cidOf("y")].sort());
  });

  it("accepts a real-chain record (no deal) in snake_case and camelCase", () => {
    const uploader = randomKey().address;
    const g = validateSdsGenesis({
      params: { bond_denom: "wei" },
      files: [
        { file_hash: cidOf("old"), file_info: { height: "100", reporters: "AQAAAAAAAAA=", uploader } },
        { fileHash: cidOf("old2"), fileInfo: { height: "101", reporters: "", uploader } },
      ],
    });
    expect(g.files[0]!.fileInfo.reporters).toEqual(Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0]));
    expect(g.files[1]!.fileInfo.height).toBe("101");
  });

  it("refuses bad sections with a clear message", () => {
    const info = { height: "1", uploader: randomKey().address };
    expect(() => validateSdsGenesis({ params: { bond_denom: "" } })).toThrow(/sds genesis: params: bond denom cannot be blank/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: "nope", file_info: info }] })).toThrow(/files\[0\]: .*is not a CID/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a"), file_info: info }, { file_hash: cidOf("a"), file_info: info }] })).toThrow(/files\[1\]: duplicate file hash/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a") }] })).toThrow(/file_info is required/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a"), file_info: { ...info, height: "-1" } }] })).toThrow(/height/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a"), file_info: { ...info, reporters: "AQ==" } }] })).toThrow(/whole 64-bit words/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a"), file_info: { ...info, uploader: "st1bad" } }] })).toThrow(/invalid uploader/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a"), file_info: { ...info, size: "10" } }] })).toThrow(/invalid storage deal: merkle_root must be 32 bytes/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a"), file_info: { ...info, cid: cidOf("b") } }] })).toThrow(/differs from the file hash/);
    expect(() => validateSdsGenesis({ fils: [] })).toThrow(/unknown field "fils"/);
    expect(() => validateSdsGenesis({ files: {} })).toThrow(/files must be an array/);
    expect(() => validateSdsGenesis({ files: [{ file_hash: cidOf("a"), file_info: { ...info, size: "x" } }] })).toThrow(/sds genesis: malformed section/);
  });
});

// ---------------------------------------------------------------- module

describe("sdsModule", () => {
  it("exposes the msgs, queries and genesis of the module", () => {
    const s = setup();
    const m = sdsModule(s.keeper);
    expect(m.name).toBe("sds");
    expect(m.msgs.map((r) => r.typeUrl)).toEqual(["/stratos.sds.v1.MsgFileUpload", "/stratos.sds.v1.MsgPrepay", "/stratos.sds.v1.MsgUpdateParams"]);
    expect(m.msgs.map((r) => r.amino.aminoType)).toEqual(["sds/FileUploadTx", "sds/PrepayTx", "sds/UpdateParamsTx"]);
    expect(Object.keys(m.queries).sort()).toEqual(
      ["/stratos.sds.v1.Query/Fileupload", "/stratos.sds.v1.Query/NozPrice", "/stratos.sds.v1.Query/NozSupply", "/stratos.sds.v1.Query/Params", "/stratos.sds.v1.Query/SimPrepay"].sort(),
    );
    expect(m.validateGenesis(m.defaultGenesis())).toEqual({ params: { bondDenom: "wei" }, files: [] });
  });

  it("routes decode their own encoding and name the signer", () => {
    const s = setup();
    const a = randomKey().address;
    const prepay = s.route("/stratos.sds.v1.MsgPrepay");
    const msg = T.MsgPrepay.fromPartial({ sender: a, beneficiary: a, amount: [{ denom: "wei", amount: "5" }] });
    expect(prepay.decode(T.MsgPrepay.encode(msg).finish())).toEqual(msg);
    expect(prepay.signers(msg)).toEqual([a]);
    const upload = s.route("/stratos.sds.v1.MsgFileUpload");
    const up = uploadMsg({ from: a, reporter: sdsAddress(), uploader: a, nodes: [sdsAddress(), sdsAddress()] });
    expect(upload.decode(T.MsgFileUpload.encode(up).finish())).toEqual(up);
    expect(upload.signers(up)).toEqual([a]);
    const amino = upload.amino.toAmino(up) as Record<string, unknown>;
    expect(amino).toMatchObject({ file_hash: up.fileHash, size: "1000", slice_count: 2 });
  });
});
