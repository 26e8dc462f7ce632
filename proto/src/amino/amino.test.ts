import { makeSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { Registry } from "@cosmjs/proto-signing";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import * as potTx from "../../gen/ts/stratos/pot/v1/tx";
import * as registerTx from "../../gen/ts/stratos/register/v1/tx";
import * as sdsTx from "../../gen/ts/stratos/sds/v1/tx";
import { STRATOS_MSG_TYPES, createStratosAminoConverters, timestampFromRfc3339, timestampToRfc3339, type AminoJsonObject } from ".";
import { bool, bytes, bytesList, coin, duration, int32, int64, str, strings, timestamp, type AminoField } from "./fields";

const converters = createStratosAminoConverters();
const registry = new Registry([...STRATOS_MSG_TYPES]);

const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const pubkey = { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: Ed25519PubKey.encode({ key }).finish() };
const description = { moniker: "rn-1", identity: "id", website: "https://example.org", securityContact: "sec@example.org", details: "d" };
const wei = (amount: string) => ({ denom: "wei", amount });
const day = 86_400n;

/** A value with every field set (non-default) for each Msg. */
const full: Record<string, object> = {
  "/stratos.register.v1.MsgCreateResourceNode": { networkAddress: "stsds1node", pubkey, value: wei("1000000000000000000"), ownerAddress: "st1owner", beneficiaryAddress: "st1ben", description, nodeType: 7 },
  "/stratos.register.v1.MsgRemoveResourceNode": { resourceNodeAddress: "stsds1node", ownerAddress: "st1owner" },
  "/stratos.register.v1.MsgUpdateResourceNode": { description, beneficiaryAddress: "st1ben", networkAddress: "stsds1node", ownerAddress: "st1owner", nodeType: 4 },
  "/stratos.register.v1.MsgUpdateResourceNodeDeposit": { networkAddress: "stsds1node", ownerAddress: "st1owner", depositDelta: wei("5") },
  "/stratos.register.v1.MsgUpdateEffectiveDeposit": { reporters: ["stsds1m1", "stsds1m2"], reporterOwner: ["st1o1", "st1o2"], networkAddress: "stsds1node", effectiveTokens: "123" },
  "/stratos.register.v1.MsgCreateMetaNode": { networkAddress: "stsds1meta", pubkey, value: wei("2"), ownerAddress: "st1owner", beneficiaryAddress: "st1ben", description },
  "/stratos.register.v1.MsgRemoveMetaNode": { metaNodeAddress: "stsds1meta", ownerAddress: "st1owner" },
  "/stratos.register.v1.MsgUpdateMetaNode": { description, beneficiaryAddress: "st1ben", networkAddress: "stsds1meta", ownerAddress: "st1owner" },
  "/stratos.register.v1.MsgUpdateMetaNodeDeposit": { networkAddress: "stsds1meta", ownerAddress: "st1owner", depositDelta: wei("9") },
  "/stratos.register.v1.MsgMetaNodeRegistrationVote": { candidateNetworkAddress: "stsds1c", candidateOwnerAddress: "st1c", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" },
  "/stratos.register.v1.MsgKickMetaNodeVote": { targetNetworkAddress: "stsds1t", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" },
  "/stratos.register.v1.MsgUpdateParams": {
    authority: "st1gov",
    params: {
      bondDenom: "wei",
      unbondingThreasholdTime: { seconds: 180n * day, nanos: 0 },
      unbondingCompletionTime: { seconds: 14n * day, nanos: 5 },
      maxEntries: 16,
      resourceNodeRegEnabled: true,
      resourceNodeMinDeposit: wei("1000000000000000000"),
      votingPeriod: { seconds: 7n * day, nanos: 0 },
    },
  },
  "/stratos.sds.v1.MsgFileUpload": {
    fileHash: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
    from: "st1metaowner",
    reporter: "stsds1meta",
    uploader: "st1up",
    size: 2n ** 64n - 1n,
    merkleRoot: new Uint8Array(32).fill(0xab),
    chunkSize: 1n << 20n,
    sliceCount: 2,
    replicas: 2,
    holders: [
      { sliceIndex: 0, sdsAddresses: ["stsds1a", "stsds1b"] },
      { sliceIndex: 1, sdsAddresses: ["stsds1b", "stsds1c"] },
    ],
  },
  "/stratos.sds.v1.MsgPrepay": { sender: "st1s", beneficiary: "st1b", amount: [wei("1000"), { denom: "xyz", amount: "1" }] },
  "/stratos.sds.v1.MsgUpdateParams": { authority: "st1gov", params: { bondDenom: "wei" } },
  "/stratos.pot.v1.MsgVolumeReport": {
    walletVolumes: [
      { walletAddress: "st1a", volume: "1000" },
      { walletAddress: "st1b", volume: "5" },
    ],
    reporter: "stsds1meta",
    epoch: "12",
    reportReference: "ref-12",
    reporterOwner: "st1mo",
    BLSSignature: { pubKeys: [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)], signature: new Uint8Array(128).fill(3), txData: new Uint8Array(32).fill(4) },
  },
  "/stratos.pot.v1.MsgWithdraw": { amount: [wei("7")], walletAddress: "st1w", targetAddress: "st1t" },
  "/stratos.pot.v1.MsgFoundationDeposit": { amount: [wei("8")], from: "st1f" },
  "/stratos.pot.v1.MsgSlashingResourceNode": { reporters: ["stsds1m"], reporterOwner: ["st1o"], networkAddress: "stsds1node", walletAddress: "st1w", slashing: "100", suspend: true },
  "/stratos.pot.v1.MsgUpdateParams": {
    authority: "st1gov",
    params: {
      bondDenom: "wei",
      rewardDenom: "wei",
      matureEpoch: 2016n,
      miningRewardParams: [
        { totalMinedValveStart: wei("0"), totalMinedValveEnd: wei("16"), miningReward: wei("80"), blockChainPercentageInBp: "2000", resourceNodePercentageInBp: "6000", metaNodePercentageInBp: "2000" },
      ],
      communityTax: "0.020000000000000000",
      initialTotalSupply: wei("100000000000000000000000000"),
      epochLength: 100n,
    },
  },
};

function codecOf(typeUrl: string) {
  const entry = STRATOS_MSG_TYPES.find(([url]) => url === typeUrl);
  if (!entry) throw new Error(`no codec for ${typeUrl}`);
  return entry[1];
}

function converterOf(typeUrl: string) {
  const c = converters[typeUrl];
  if (!c) throw new Error(`no converter for ${typeUrl}`);
  return c;
}

describe("coverage", () => {
  test("one converter and one codec for every Msg of the three Msg services", () => {
    const msgs = (pkg: string, mod: object) =>
      Object.keys(mod)
        .filter((n) => /^Msg[A-Z]/.test(n) && !n.endsWith("Response") && !n.startsWith("MsgClient") && !n.startsWith("MsgService"))
        .map((n) => `/stratos.${pkg}.v1.${n}`);
    const expected = [...msgs("register", registerTx), ...msgs("sds", sdsTx), ...msgs("pot", potTx)].sort();
    expect(expected).toHaveLength(20);
    expect(Object.keys(converters).sort()).toEqual(expected);
    expect(STRATOS_MSG_TYPES.map(([url]) => url).sort()).toEqual(expected);
    expect(Object.keys(full).sort()).toEqual(expected);
  });

  test("amino names: the legacy codec names, unique, at most 39 characters", () => {
    const names = Object.fromEntries(Object.entries(converters).map(([url, c]) => [url, c.aminoType]));
    expect(names).toEqual({
      "/stratos.register.v1.MsgCreateResourceNode": "register/CreateResourceNodeTx",
      "/stratos.register.v1.MsgRemoveResourceNode": "register/RemoveResourceNodeTx",
      "/stratos.register.v1.MsgUpdateResourceNode": "register/UpdateResourceNodeTx",
      "/stratos.register.v1.MsgUpdateResourceNodeDeposit": "register/UpdateResourceNodeDepositTx",
      "/stratos.register.v1.MsgUpdateEffectiveDeposit": "stratos/MsgUpdateEffectiveDeposit",
      "/stratos.register.v1.MsgCreateMetaNode": "register/CreateMetaNodeTx",
      "/stratos.register.v1.MsgRemoveMetaNode": "register/RemoveMetaNodeTx",
      "/stratos.register.v1.MsgUpdateMetaNode": "register/UpdateMetaNodeTx",
      "/stratos.register.v1.MsgUpdateMetaNodeDeposit": "register/UpdateMetaNodeDepositTx",
      "/stratos.register.v1.MsgMetaNodeRegistrationVote": "register/MsgMetaNodeRegistrationVote",
      "/stratos.register.v1.MsgKickMetaNodeVote": "stratos/MsgKickMetaNodeVote",
      "/stratos.register.v1.MsgUpdateParams": "register/UpdateParamsTx",
      "/stratos.sds.v1.MsgFileUpload": "sds/FileUploadTx",
      "/stratos.sds.v1.MsgPrepay": "sds/PrepayTx",
      "/stratos.sds.v1.MsgUpdateParams": "sds/UpdateParamsTx",
      "/stratos.pot.v1.MsgVolumeReport": "pot/VolumeReportTx",
      "/stratos.pot.v1.MsgWithdraw": "pot/WithdrawTx",
      "/stratos.pot.v1.MsgFoundationDeposit": "pot/FoundationDepositTx",
      "/stratos.pot.v1.MsgSlashingResourceNode": "pot/SlashingResourceNodeTx",
      "/stratos.pot.v1.MsgUpdateParams": "pot/UpdateParamsTx",
    });
    const list = Object.values(names);
    expect(new Set(list).size).toBe(list.length);
    for (const n of list) expect(n.length).toBeLessThanOrEqual(39);
  });
});

describe.each(Object.keys(full))("%s", (typeUrl) => {
  const codec = codecOf(typeUrl);
  const conv = converterOf(typeUrl);

  test("fromAmino(toAmino(x)) equals x, and re-encodes to the same bytes", () => {
    const msg = codec.fromPartial(full[typeUrl]);
    const amino = conv.toAmino(msg);
    const back = conv.fromAmino(JSON.parse(JSON.stringify(amino)) as AminoJsonObject);
    expect(back).toEqual(msg);
    expect(registry.encode({ typeUrl, value: back })).toEqual(registry.encode({ typeUrl, value: msg }));
  });

  test("every field of the full value is written (nothing dropped)", () => {
    const amino = conv.toAmino(codec.fromPartial(full[typeUrl]));
    expect(Object.keys(amino)).toHaveLength(Object.keys(full[typeUrl]!).length);
  });

  test("the empty message is {} and round-trips", () => {
    const empty = codec.fromPartial({});
    expect(conv.toAmino(empty)).toEqual({});
    expect(conv.fromAmino({})).toEqual(empty);
  });

  test("a decoded message gives the same JSON as the original (the chain's view)", () => {
    const msg = codec.fromPartial(full[typeUrl]);
    const decoded = registry.decode({ typeUrl, value: registry.encode({ typeUrl, value: msg }) });
    expect(JSON.stringify(conv.toAmino(decoded))).toBe(JSON.stringify(conv.toAmino(msg)));
  });
});

describe("JSON shape", () => {
  test("MsgCreateResourceNode: snake_case keys, tendermint/PubKeyEd25519, coin, uint32 as a number", () => {
    const conv = converterOf("/stratos.register.v1.MsgCreateResourceNode");
    expect(conv.toAmino(full["/stratos.register.v1.MsgCreateResourceNode"])).toEqual({
      network_address: "stsds1node",
      pubkey: { type: "tendermint/PubKeyEd25519", value: Buffer.from(key).toString("base64") },
      value: { denom: "wei", amount: "1000000000000000000" },
      owner_address: "st1owner",
      beneficiary_address: "st1ben",
      description: { moniker: "rn-1", identity: "id", website: "https://example.org", security_contact: "sec@example.org", details: "d" },
      node_type: 7,
    });
  });

  test("omitempty: empty strings, false, 0, empty lists and unset messages are left out; a set empty message is {}", () => {
    const vote = converterOf("/stratos.register.v1.MsgKickMetaNodeVote");
    expect(vote.toAmino({ targetNetworkAddress: "stsds1t", opinion: false, voterNetworkAddress: "", voterOwnerAddress: "st1v" })).toEqual({
      target_network_address: "stsds1t",
      voter_owner_address: "st1v",
    });
    const upd = converterOf("/stratos.register.v1.MsgUpdateResourceNode");
    expect(upd.toAmino({ description: { moniker: "m" }, nodeType: 0, ownerAddress: "st1o" })).toEqual({ description: { moniker: "m" }, owner_address: "st1o" });
    const rep = converterOf("/stratos.pot.v1.MsgVolumeReport");
    expect(rep.toAmino({ epoch: "3", BLSSignature: {} })).toEqual({ epoch: "3", bls_signature: {} });
  });

  test("MsgVolumeReport: bls_signature / tx_data keys (the real chain's JSON tags), bytes as base64", () => {
    const json = converterOf("/stratos.pot.v1.MsgVolumeReport").toAmino(full["/stratos.pot.v1.MsgVolumeReport"]);
    expect(json.bls_signature).toEqual({
      pub_keys: [Buffer.alloc(32, 1).toString("base64"), Buffer.alloc(32, 2).toString("base64")],
      signature: Buffer.alloc(128, 3).toString("base64"),
      tx_data: Buffer.alloc(32, 4).toString("base64"),
    });
    expect(json.wallet_volumes).toEqual([
      { wallet_address: "st1a", volume: "1000" },
      { wallet_address: "st1b", volume: "5" },
    ]);
  });

  test("64-bit integers as strings, durations as nanosecond strings", () => {
    const file = converterOf("/stratos.sds.v1.MsgFileUpload").toAmino(full["/stratos.sds.v1.MsgFileUpload"]);
    expect(file).toMatchObject({ size: "18446744073709551615", chunk_size: "1048576", slice_count: 2, merkle_root: Buffer.alloc(32, 0xab).toString("base64") });
    const reg = converterOf("/stratos.register.v1.MsgUpdateParams").toAmino(full["/stratos.register.v1.MsgUpdateParams"]);
    expect(reg.params).toEqual({
      bond_denom: "wei",
      unbonding_threashold_time: "15552000000000000",
      unbonding_completion_time: "1209600000000005",
      max_entries: 16,
      resource_node_reg_enabled: true,
      resource_node_min_deposit: { denom: "wei", amount: "1000000000000000000" },
      voting_period: "604800000000000",
    });
    const pot = converterOf("/stratos.pot.v1.MsgUpdateParams").toAmino(full["/stratos.pot.v1.MsgUpdateParams"]);
    expect(pot.params).toMatchObject({ mature_epoch: "2016", epoch_length: "100", community_tax: "0.020000000000000000" });
  });

  test("the sign doc bytes do not depend on the property order of the input", () => {
    const conv = converterOf("/stratos.sds.v1.MsgPrepay");
    const a = conv.toAmino({ sender: "st1s", beneficiary: "st1b", amount: [wei("1")] });
    const b = conv.toAmino({ amount: [{ amount: "1", denom: "wei" }], beneficiary: "st1b", sender: "st1s" });
    const doc = (value: AminoJsonObject) =>
      serializeSignDoc(makeSignDoc([{ type: conv.aminoType, value }], { amount: [], gas: "200000" }, "stratos-1", "", 1, 0));
    expect(doc(a)).toEqual(doc(b));
    expect(new TextDecoder().decode(doc(a))).toContain('{"type":"sds/PrepayTx","value":{"amount":[{"amount":"1","denom":"wei"}],"beneficiary":"st1b","sender":"st1s"}}');
  });

  test("partial input is normalised with fromPartial (bigint from a number or string)", () => {
    const conv = converterOf("/stratos.sds.v1.MsgFileUpload");
    expect(conv.toAmino({ size: 10, chunkSize: "4" })).toEqual({ size: "10", chunk_size: "4" });
  });

  test("unsupported pubkey types and malformed JSON throw", () => {
    const conv = converterOf("/stratos.register.v1.MsgCreateMetaNode");
    expect(() => conv.toAmino({ pubkey: { typeUrl: "/foo.Key", value: new Uint8Array(1) } })).toThrow(/unsupported public key type/);
    expect(() => conv.fromAmino({ network_address: 5 })).toThrow(/network_address/);
    expect(() => conv.fromAmino({ pubkey: { type: "tendermint/PubKeySr25519", value: "" } })).toThrow(/pubkey/);
  });
});

describe("field converters", () => {
  const cases: [AminoField<never>, unknown][] = [
    [str("f") as AminoField<never>, 1],
    [bool("f") as AminoField<never>, "true"],
    [int32("f") as AminoField<never>, 1.5],
    [int64("f") as AminoField<never>, "1e3"],
    [bytes("f") as AminoField<never>, [1]],
    [strings("f") as AminoField<never>, [1]],
    [bytesList("f") as AminoField<never>, "AQ=="],
    [coin("f") as AminoField<never>, { denom: 1 }],
    [duration("f") as AminoField<never>, 5],
    [timestamp("f") as AminoField<never>, 5],
  ];
  test.each(cases)("%#: a value of the wrong JSON type throws, naming the field", (field, bad) => {
    expect(() => field.fromAmino(bad as never)).toThrow(/field "f"/);
  });

  test("absent keys read back as fresh proto defaults; defaults are left out", () => {
    const b = bytes("f");
    const first = b.fromAmino(undefined);
    expect(first).toEqual(new Uint8Array(0));
    expect(b.fromAmino(null)).not.toBe(first);
    expect(strings("f").fromAmino(undefined)).toEqual([]);
    expect([str("f").fromAmino(undefined), bool("f").fromAmino(null), int32("f").fromAmino(undefined), int64("f").fromAmino(undefined)]).toEqual(["", false, 0, 0n]);
    expect([coin("f").fromAmino(undefined), duration("f").fromAmino(undefined), timestamp("f").fromAmino(undefined)]).toEqual([undefined, undefined, undefined]);
    expect([str("f").toAmino(""), bool("f").toAmino(false), int32("f").toAmino(0), int64("f").toAmino(0n), b.toAmino(new Uint8Array(0)), strings("f").toAmino([]), coin("f").toAmino(undefined)]).toEqual(
      Array(7).fill(undefined),
    );
    expect(duration("f").toAmino({ seconds: -1n, nanos: -5 })).toBe("-1000000005");
    expect(duration("f").fromAmino("-1000000005")).toEqual({ seconds: -1n, nanos: -5 });
  });
});

describe("timestamps (Go time.Time JSON)", () => {
  test.each([
    [{ seconds: 0n, nanos: 0 }, "1970-01-01T00:00:00Z"],
    [{ seconds: 1_700_000_000n, nanos: 5 }, "2023-11-14T22:13:20.000000005Z"],
    [{ seconds: 1_700_000_000n, nanos: 120_000_000 }, "2023-11-14T22:13:20.12Z"],
  ])("%p <-> %s", (ts, s) => {
    expect(timestampToRfc3339(ts)).toBe(s);
    expect(timestampFromRfc3339(s)).toEqual(ts);
  });

  test("offsets are converted to UTC", () => {
    expect(timestampFromRfc3339("2023-11-15T00:13:20.5+02:00")).toEqual({ seconds: 1_700_000_000n, nanos: 500_000_000 });
  });
});
