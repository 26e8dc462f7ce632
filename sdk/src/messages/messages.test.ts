import type { EncodeObject } from "@cosmjs/proto-signing";
import { stratos } from "@stratos/proto";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { nodeKeyFromSeed } from "../nodes/node-key";
import { ed25519PubkeyFromAny } from "./common";
import * as pot from "./pot";
import * as register from "./register";
import { stratosAminoTypes, stratosRegistry, STRATOS_MSG_TYPES } from "./registry";
import * as sds from "./sds";

const key = nodeKeyFromSeed(new Uint8Array(32).fill(9));
const registry = stratosRegistry();
const aminoTypes = stratosAminoTypes();

/** One message per Msg type, built with the builders, with its type guard. */
const cases: readonly [EncodeObject, (o: EncodeObject) => boolean][] = [
  [register.msgCreateResourceNode({ pubkey: key.publicKey, value: 10n ** 18n, ownerAddress: "st1owner", description: { moniker: "rn-1" }, nodeType: 4 }), register.isMsgCreateResourceNodeEncodeObject],
  [register.msgCreateMetaNode({ pubkey: key.publicKey, value: { denom: "wei", amount: "5" }, ownerAddress: "st1owner", description: { moniker: "meta-1", details: "d" } }), register.isMsgCreateMetaNodeEncodeObject],
  [register.msgRemoveResourceNode({ resourceNodeAddress: "stsds1rn", ownerAddress: "st1owner" }), register.isMsgRemoveResourceNodeEncodeObject],
  [register.msgRemoveMetaNode({ metaNodeAddress: "stsds1meta", ownerAddress: "st1owner" }), register.isMsgRemoveMetaNodeEncodeObject],
  [register.msgUpdateResourceNode({ networkAddress: "stsds1rn", ownerAddress: "st1owner", description: { moniker: "x" }, nodeType: 7 }), register.isMsgUpdateResourceNodeEncodeObject],
  [register.msgUpdateMetaNode({ networkAddress: "stsds1meta", ownerAddress: "st1owner", beneficiaryAddress: "st1b" }), register.isMsgUpdateMetaNodeEncodeObject],
  [register.msgUpdateResourceNodeDeposit({ networkAddress: "stsds1rn", ownerAddress: "st1owner", depositDelta: 3n }), register.isMsgUpdateResourceNodeDepositEncodeObject],
  [register.msgUpdateMetaNodeDeposit({ networkAddress: "stsds1meta", ownerAddress: "st1owner", depositDelta: 4n }), register.isMsgUpdateMetaNodeDepositEncodeObject],
  [register.msgUpdateEffectiveDeposit({ reporters: ["stsds1m"], reporterOwner: ["st1o"], networkAddress: "stsds1rn", effectiveTokens: 10n ** 18n }), register.isMsgUpdateEffectiveDepositEncodeObject],
  [register.msgMetaNodeRegistrationVote({ candidateNetworkAddress: "stsds1c", candidateOwnerAddress: "st1c", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" }), register.isMsgMetaNodeRegistrationVoteEncodeObject],
  [register.msgKickMetaNodeVote({ targetNetworkAddress: "stsds1t", opinion: false, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" }), register.isMsgKickMetaNodeVoteEncodeObject],
  [
    register.msgUpdateRegisterParams({
      authority: "st1gov",
      params: stratos.register.v1.Params.fromPartial({ bondDenom: "wei", unbondingThreasholdTime: { seconds: 100n }, maxEntries: 16, resourceNodeRegEnabled: true, resourceNodeMinDeposit: { denom: "wei", amount: "1" }, votingPeriod: { seconds: 60n } }),
    }),
    register.isMsgUpdateRegisterParamsEncodeObject,
  ],
  [sds.msgFileUpload({ fileHash: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", from: "st1mo", reporter: "stsds1meta", uploader: "st1up", size: 1024n, merkleRoot: new Uint8Array(32).fill(1), chunkSize: 256n, sliceCount: 1, replicas: 2, holders: [{ sliceIndex: 0, sdsAddresses: ["stsds1a", "stsds1b"] }] }), sds.isMsgFileUploadEncodeObject],
  [sds.msgPrepay({ sender: "st1s", amount: 10n ** 18n }), sds.isMsgPrepayEncodeObject],
  [sds.msgUpdateSdsParams({ authority: "st1gov", params: { bondDenom: "wei" } }), sds.isMsgUpdateSdsParamsEncodeObject],
  [pot.msgVolumeReport({ walletVolumes: [{ walletAddress: "st1a", volume: 1000n }], reporter: "stsds1meta", epoch: 3n, reportReference: "r3", reporterOwner: "st1mo", BLSSignature: { pubKeys: [key.publicKey], signature: new Uint8Array(64).fill(2), txData: new Uint8Array(32).fill(3) } }), pot.isMsgVolumeReportEncodeObject],
  [pot.msgWithdraw({ walletAddress: "st1w", amount: [{ denom: "wei", amount: "7" }] }), pot.isMsgWithdrawEncodeObject],
  [pot.msgFoundationDeposit({ from: "st1f", amount: 8n }), pot.isMsgFoundationDepositEncodeObject],
  [pot.msgSlashingResourceNode({ reporters: ["stsds1m"], reporterOwner: ["st1o"], networkAddress: "stsds1rn", walletAddress: "st1w", slashing: "100", suspend: true }), pot.isMsgSlashingResourceNodeEncodeObject],
  [
    pot.msgUpdatePotParams({ authority: "st1gov", params: stratos.pot.v1.Params.fromPartial({ bondDenom: "wei", rewardDenom: "wei", matureEpoch: 2016n, communityTax: "0.020000000000000000", epochLength: 100n }) }),
    pot.isMsgUpdatePotParamsEncodeObject,
  ],
];

test("one builder per Stratos Msg type", () => {
  expect(cases.map(([m]) => m.typeUrl).sort()).toEqual(STRATOS_MSG_TYPES.map(([url]) => url).sort());
});

describe.each(cases.map(([m, guard]) => [m.typeUrl, m, guard] as const))("%s", (typeUrl, msg, guard) => {
  test("registry encode/decode gives the message back", () => {
    const bytes = registry.encode(msg);
    expect(registry.decode({ typeUrl, value: bytes })).toEqual(msg.value);
  });

  test("the generated codec of the type URL decodes the bytes", () => {
    const codec = STRATOS_MSG_TYPES.find(([url]) => url === typeUrl)![1];
    expect(codec.decode(registry.encode(msg))).toEqual(msg.value);
  });

  test("its type guard accepts it and every other guard rejects it", () => {
    expect(guard(msg)).toBe(true);
    for (const [, other] of cases) if (other !== guard) expect(other(msg)).toBe(false);
    expect(guard({ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: {} })).toBe(false);
  });

  test("amino round trip through stratosAminoTypes()", () => {
    const amino = aminoTypes.toAmino(msg);
    expect(amino.type).not.toMatch(/^\//);
    const back = aminoTypes.fromAmino(JSON.parse(JSON.stringify(amino)));
    expect(back.typeUrl).toBe(typeUrl);
    expect(back.value).toEqual(msg.value);
    expect(registry.encode(back)).toEqual(registry.encode(msg));
  });
});

describe("builders", () => {
  test("msgCreateResourceNode packs the ed25519 key and derives the network address", () => {
    const { value } = register.msgCreateResourceNode({ pubkey: key.publicKey, value: 10n ** 18n, ownerAddress: "st1owner", description: { moniker: "rn-1" }, nodeType: 4 });
    expect(value.networkAddress).toBe(key.address);
    expect(value.pubkey?.typeUrl).toBe("/cosmos.crypto.ed25519.PubKey");
    expect(Ed25519PubKey.decode(value.pubkey!.value).key).toEqual(key.publicKey);
    expect(ed25519PubkeyFromAny(value.pubkey!)).toEqual(key.publicKey);
    expect(value.value).toEqual({ denom: "wei", amount: "1000000000000000000" });
    expect(value.description).toEqual({ moniker: "rn-1", identity: "", website: "", securityContact: "", details: "" });
    expect(value.beneficiaryAddress).toBe("");
  });

  test("amino JSON of a create-node message uses the legacy name and tendermint/PubKeyEd25519", () => {
    const amino = aminoTypes.toAmino(register.msgCreateMetaNode({ pubkey: key.publicKey, value: 1n, ownerAddress: "st1o", description: { moniker: "m" } }));
    expect(amino).toEqual({
      type: "register/CreateMetaNodeTx",
      value: {
        network_address: key.address,
        pubkey: { type: "tendermint/PubKeyEd25519", value: Buffer.from(key.publicKey).toString("base64") },
        value: { denom: "wei", amount: "1" },
        owner_address: "st1o",
        beneficiary_address: "st1o",
        description: { moniker: "m" },
      },
    });
  });

  test("defaults: prepay beneficiary and withdraw target are the sender", () => {
    expect(sds.msgPrepay({ sender: "st1s", amount: 5n }).value).toEqual({ sender: "st1s", beneficiary: "st1s", amount: [{ denom: "wei", amount: "5" }] });
    expect(pot.msgWithdraw({ walletAddress: "st1w", amount: 1n }).value.targetAddress).toBe("st1w");
  });

  test("bad input is refused early", () => {
    expect(() => register.msgCreateResourceNode({ pubkey: new Uint8Array(33), value: 1n, ownerAddress: "st1o", description: {}, nodeType: 1 })).toThrow(/32 bytes/);
    expect(() => sds.msgPrepay({ sender: "st1s", amount: -1n })).toThrow(/negative/);
    expect(() => pot.msgSlashingResourceNode({ reporters: [], reporterOwner: [], networkAddress: "", walletAddress: "", slashing: "1.5", suspend: false })).toThrow(/not an integer/);
  });

  test("cosmjs' own messages still work with the Stratos registry and amino types", () => {
    const send = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: "st1a", toAddress: "st1b", amount: [{ denom: "wei", amount: "1" }] } };
    expect(registry.decode({ typeUrl: send.typeUrl, value: registry.encode(send) })).toMatchObject(send.value);
    expect(aminoTypes.toAmino(send).type).toBe("cosmos-sdk/MsgSend");
  });
});
