import { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";
import { Registry } from "@cosmjs/proto-signing";
import { Coin as CosmjsCoin } from "cosmjs-types/cosmos/base/v1beta1/coin";
import { PageRequest as CosmjsPageRequest } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { BondStatus as CosmjsBondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { Timestamp as CosmjsTimestamp } from "cosmjs-types/google/protobuf/timestamp";
import { cosmos, google, stratos } from "../gen/ts";

// Round trips of generated codecs (bigint 64-bit fields), the field numbers of the wire form, wire
// equality with cosmjs-types for the shared cosmos types, and the use with a stock cosmjs Registry.

const { register, pot, sds } = stratos;

/** The field numbers of the top-level fields of an encoded message, in wire order. */
function fieldNumbers(bytes: Uint8Array): number[] {
  const reader = new BinaryReader(bytes);
  const out: number[] = [];
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    out.push(fieldNo);
    reader.skip(wireType, fieldNo);
  }
  return out;
}

const ed25519Key = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const pubkeyAny = google.protobuf.Any.fromPartial({
  typeUrl: "/cosmos.crypto.ed25519.PubKey",
  // Any.value is plain bytes (env=both: Uint8Array; a Buffer is one too).
  value: Buffer.from(Ed25519PubKey.encode(Ed25519PubKey.fromPartial({ key: ed25519Key })).finish()),
});

describe("register", () => {
  const msg = register.v1.MsgCreateResourceNode.fromPartial({
    networkAddress: "stsds1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
    pubkey: pubkeyAny,
    value: { denom: "wei", amount: "1000000000000000000" },
    ownerAddress: "st1owner",
    beneficiaryAddress: "st1beneficiary",
    description: { moniker: "rn-1", identity: "", website: "https://example.org", securityContact: "", details: "d" },
    nodeType: 4,
  });

  test("MsgCreateResourceNode round-trips, fields 1..7 as on Stratos", () => {
    const bytes = register.v1.MsgCreateResourceNode.encode(msg).finish();
    expect(fieldNumbers(bytes)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const back = register.v1.MsgCreateResourceNode.decode(bytes);
    expect(back).toEqual(msg);
    // The ed25519 P2P key survives inside the Any.
    expect(back.pubkey?.typeUrl).toBe("/cosmos.crypto.ed25519.PubKey");
    expect(Ed25519PubKey.decode(back.pubkey!.value).key).toEqual(ed25519Key);
  });

  test("ResourceNode: status enum, timestamps with bigint seconds, fields 1..11", () => {
    const node = register.v1.ResourceNode.fromPartial({
      networkAddress: "stsds1x",
      pubkey: pubkeyAny,
      suspend: true,
      status: cosmos.staking.v1beta1.BondStatus.BOND_STATUS_BONDED,
      tokens: "123456789012345678901234567890",
      ownerAddress: "st1o",
      description: { moniker: "m" },
      creationTime: { seconds: 1_700_000_000n, nanos: 5 },
      nodeType: 7,
      effectiveTokens: "1",
      beneficiaryAddress: "st1b",
    });
    const bytes = register.v1.ResourceNode.encode(node).finish();
    expect(fieldNumbers(bytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const back = register.v1.ResourceNode.decode(bytes);
    expect(back).toEqual(node);
    expect(typeof back.creationTime?.seconds).toBe("bigint");
  });

  test("UnbondingNodeEntry keeps int64 beyond 2^53 exactly", () => {
    const big = 2n ** 62n + 12345n;
    const entry = register.v1.UnbondingNodeEntry.fromPartial({
      creationHeight: big,
      completionTime: { seconds: 2n ** 40n, nanos: 0 },
      initialBalance: "10",
      balance: "9",
    });
    const back = register.v1.UnbondingNodeEntry.decode(register.v1.UnbondingNodeEntry.encode(entry).finish());
    expect(back.creationHeight).toBe(big);
    expect(back).toEqual(entry);
  });

  test("fromPartial fills defaults and coerces 64-bit inputs to bigint", () => {
    const empty = register.v1.UnbondingNodeEntry.fromPartial({});
    expect(empty.creationHeight).toBe(0n);
    expect(empty.completionTime).toBeUndefined();
    expect(empty.balance).toBe("");
    expect(register.v1.UnbondingNodeEntry.fromPartial({ creationHeight: "42" }).creationHeight).toBe(42n);
    expect(register.v1.UnbondingNodeEntry.fromPartial({ creationHeight: 7 }).creationHeight).toBe(7n);
  });

  test("proto3 JSON: int64 as a decimal string, enum by name", () => {
    const res = register.v1.QueryBondedMetaNodeCountResponse.fromPartial({ number: 2n ** 63n - 1n });
    expect(register.v1.QueryBondedMetaNodeCountResponse.toJSON(res)).toEqual({ number: "9223372036854775807" });
    const node = register.v1.MetaNode.fromPartial({ status: cosmos.staking.v1beta1.BondStatus.BOND_STATUS_UNBONDING });
    expect(register.v1.MetaNode.toJSON(node)).toMatchObject({ status: "BOND_STATUS_UNBONDING" });
    expect(register.v1.MetaNode.fromJSON({ status: "BOND_STATUS_UNBONDING" }).status).toBe(2);
  });
});

describe("pot", () => {
  test("MsgVolumeReport round-trips with its BLS signature info, fields 1..6", () => {
    const msg = pot.v1.MsgVolumeReport.fromPartial({
      walletVolumes: [
        { walletAddress: "st1a", volume: "1000000000000" },
        { walletAddress: "st1b", volume: "5" },
      ],
      reporter: "stsds1meta",
      epoch: "12",
      reportReference: "ref-12",
      reporterOwner: "st1metaowner",
      BLSSignature: {
        pubKeys: [Buffer.alloc(48, 1), Buffer.alloc(48, 2)],
        signature: Buffer.alloc(96, 3),
        txData: Buffer.alloc(32, 4),
      },
    });
    const bytes = pot.v1.MsgVolumeReport.encode(msg).finish();
    expect(fieldNumbers(bytes)).toEqual([1, 1, 2, 3, 4, 5, 6]);
    expect(pot.v1.MsgVolumeReport.decode(bytes)).toEqual(msg);
  });

  test("query requests with int64 epochs and uint64 pagination", () => {
    const req = pot.v1.QueryRewardsByWalletAndEpochRequest.fromPartial({
      walletAddress: "st1w",
      epoch: 2016n,
      pagination: { key: Buffer.from("next"), limit: 100n, countTotal: true },
    });
    const back = pot.v1.QueryRewardsByWalletAndEpochRequest.decode(
      pot.v1.QueryRewardsByWalletAndEpochRequest.encode(req).finish(),
    );
    expect(back).toEqual(req);
    expect(back.pagination?.offset).toBe(0n);
  });

  test("QueryCirculationSupplyResponse uses field 3 as on Stratos", () => {
    const res = pot.v1.QueryCirculationSupplyResponse.fromPartial({ circulationSupply: [{ denom: "wei", amount: "1" }] });
    expect(fieldNumbers(pot.v1.QueryCirculationSupplyResponse.encode(res).finish())).toEqual([3]);
  });
});

describe("sds", () => {
  const merkleRoot = Buffer.alloc(32, 0xab);
  const deal = {
    size: 2n ** 64n - 1n,
    merkleRoot,
    chunkSize: 1n << 20n,
    sliceCount: 3,
    replicas: 2,
    holders: [
      { sliceIndex: 0, sdsAddresses: ["stsds1a", "stsds1b"] },
      { sliceIndex: 1, sdsAddresses: ["stsds1b", "stsds1c"] },
      { sliceIndex: 2, sdsAddresses: ["stsds1c", "stsds1a"] },
    ],
  };

  test("FileInfo: Stratos fields 1..3 then the storage-deal fields 4..11", () => {
    const info = sds.v1.FileInfo.fromPartial({
      height: "100",
      reporters: Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]),
      uploader: "st1uploader",
      cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      owner: "st1uploader",
      ...deal,
    });
    const bytes = sds.v1.FileInfo.encode(info).finish();
    expect(fieldNumbers(bytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 11]);
    const back = sds.v1.FileInfo.decode(bytes);
    expect(back).toEqual(info);
    expect(back.size).toBe(18446744073709551615n);
  });

  test("MsgFileUpload keeps the Stratos fields 1..4 and adds the deal fields 5..10", () => {
    const msg = sds.v1.MsgFileUpload.fromPartial({
      fileHash: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      from: "st1metaowner",
      reporter: "stsds1meta",
      uploader: "st1uploader",
      ...deal,
    });
    const bytes = sds.v1.MsgFileUpload.encode(msg).finish();
    expect(fieldNumbers(bytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]);
    expect(sds.v1.MsgFileUpload.decode(bytes)).toEqual(msg);
  });

  test("a record as the real chain writes it (fields 1..3 only) decodes with empty deal fields", () => {
    const w = new BinaryWriter();
    w.uint32(10).string("77"); // 1: height
    w.uint32(18).bytes(Uint8Array.of(3)); // 2: reporters bitmap
    w.uint32(26).string("st1u"); // 3: uploader
    const info = sds.v1.FileInfo.decode(w.finish());
    expect(info).toMatchObject({ height: "77", uploader: "st1u", cid: "", size: 0n, sliceCount: 0, holders: [] });
    expect(Array.from(info.reporters)).toEqual([3]);
  });

  test("MsgPrepay round-trips", () => {
    const msg = sds.v1.MsgPrepay.fromPartial({
      sender: "st1s",
      beneficiary: "st1b",
      amount: [{ denom: "wei", amount: "1000000000000000000" }],
    });
    expect(sds.v1.MsgPrepay.decode(sds.v1.MsgPrepay.encode(msg).finish())).toEqual(msg);
  });
});

describe("wire equality with cosmjs-types for the shared cosmos types", () => {
  test("Coin", () => {
    const c = { denom: "wei", amount: "123456789012345678901234567890" };
    expect(cosmos.base.v1beta1.Coin.encode(c).finish()).toEqual(CosmjsCoin.encode(c).finish());
  });

  test("PageRequest", () => {
    const ours = cosmos.base.query.v1beta1.PageRequest.fromPartial({ key: Buffer.from([9]), offset: 3n, limit: 50n, countTotal: true, reverse: true });
    const theirs = CosmjsPageRequest.fromPartial({ key: Uint8Array.of(9), offset: 3n, limit: 50n, countTotal: true, reverse: true });
    expect(cosmos.base.query.v1beta1.PageRequest.encode(ours).finish()).toEqual(CosmjsPageRequest.encode(theirs).finish());
  });

  test("BondStatus values", () => {
    const ours = cosmos.staking.v1beta1.BondStatus;
    expect([ours.BOND_STATUS_UNSPECIFIED, ours.BOND_STATUS_UNBONDED, ours.BOND_STATUS_UNBONDING, ours.BOND_STATUS_BONDED]).toEqual([
      CosmjsBondStatus.BOND_STATUS_UNSPECIFIED,
      CosmjsBondStatus.BOND_STATUS_UNBONDED,
      CosmjsBondStatus.BOND_STATUS_UNBONDING,
      CosmjsBondStatus.BOND_STATUS_BONDED,
    ]);
  });

  test("Timestamp", () => {
    const t = { seconds: 1_700_000_000n, nanos: 123 };
    expect(google.protobuf.Timestamp.encode(t).finish()).toEqual(CosmjsTimestamp.encode(CosmjsTimestamp.fromPartial(t)).finish());
  });
});

test("a stock cosmjs Registry encodes and decodes our messages", () => {
  const registry = new Registry([
    ["/stratos.sds.v1.MsgPrepay", sds.v1.MsgPrepay],
    ["/stratos.register.v1.MsgCreateResourceNode", register.v1.MsgCreateResourceNode],
  ]);
  const value = sds.v1.MsgPrepay.fromPartial({ sender: "st1s", beneficiary: "st1s", amount: [{ denom: "wei", amount: "5" }] });
  const any = registry.encodeAsAny({ typeUrl: "/stratos.sds.v1.MsgPrepay", value });
  expect(any.typeUrl).toBe("/stratos.sds.v1.MsgPrepay");
  expect(any.value).toEqual(sds.v1.MsgPrepay.encode(value).finish());
  expect(registry.decode({ typeUrl: any.typeUrl, value: any.value })).toEqual(value);
});
