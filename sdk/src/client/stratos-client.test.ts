import type { EncodeObject } from "@cosmjs/proto-signing";
import { StratosError } from "../errors/base";
import { nodeKeyFromSeed } from "../nodes/node-key";
import { volumeReportSignBytes } from "../nodes/volume-report";
import { StratosClient, type TxResult } from "./stratos-client";

// The convenience writes without a node: which message each one sends, with the signer filled in.
// (Broadcasting against a real node: stratos-client.int.test.ts.)

const ME = "st1me";

function offlineClient(): { client: StratosClient; sent: EncodeObject[][] } {
  const sent: EncodeObject[][] = [];
  const client = Object.create(StratosClient.prototype) as StratosClient;
  Object.defineProperty(client, "address", { value: ME });
  const result: TxResult = { txHash: "AA", height: 1, gasWanted: 1n, gasUsed: 1n, events: [], msgResponses: [] };
  client.signAndBroadcast = async (msgs) => {
    sent.push([...msgs]);
    return result;
  };
  return { client, sent };
}

const key = nodeKeyFromSeed(new Uint8Array(32).fill(5));

test("each convenience method sends one message signed by the client's account", async () => {
  const { client, sent } = offlineClient();
  await client.prepay(10n ** 18n);
  await client.prepay(1n, "st1friend");
  await client.createResourceNode({ pubkey: key.publicKey, value: 1n, description: { moniker: "rn" }, nodeType: 4 });
  await client.createMetaNode({ pubkey: key.publicKey, value: 1n, description: { moniker: "meta" } });
  await client.updateResourceNodeDeposit("stsds1rn", 2n);
  await client.updateMetaNodeDeposit("stsds1meta", 3n);
  await client.removeResourceNode("stsds1rn");
  await client.removeMetaNode("stsds1meta");
  await client.voteMetaNodeRegistration({ candidateNetworkAddress: "stsds1c", candidateOwnerAddress: "st1c", opinion: true, voterNetworkAddress: "stsds1v" });
  await client.updateEffectiveDeposit({ reporters: ["stsds1m1", "stsds1m2"], networkAddress: "stsds1rn", effectiveTokens: 5n });
  await client.fileUpload({ fileHash: "bafk", reporter: "stsds1meta", uploader: "st1up" });
  await client.volumeReport({ walletVolumes: [{ walletAddress: "st1a", volume: 10n }], reporter: "stsds1meta", epoch: 2n, reportReference: "r2", signers: [key] });
  await client.withdraw(4n);
  await client.foundationDeposit(6n);
  await client.slashResourceNode({ reporters: ["stsds1m"], networkAddress: "stsds1rn", walletAddress: "st1w", slashing: 1n, suspend: true });
  expect(sent.every((msgs) => msgs.length === 1)).toBe(true);
  const msgs = sent.map(([m]) => m!);
  expect(msgs.map((m) => m.typeUrl.split(".").pop())).toEqual([
    "MsgPrepay", "MsgPrepay", "MsgCreateResourceNode", "MsgCreateMetaNode", "MsgUpdateResourceNodeDeposit", "MsgUpdateMetaNodeDeposit",
    "MsgRemoveResourceNode", "MsgRemoveMetaNode", "MsgMetaNodeRegistrationVote", "MsgUpdateEffectiveDeposit", "MsgFileUpload",
    "MsgVolumeReport", "MsgWithdraw", "MsgFoundationDeposit", "MsgSlashingResourceNode",
  ]);
  expect(msgs[0]!.value).toEqual({ sender: ME, beneficiary: ME, amount: [{ denom: "wei", amount: "1000000000000000000" }] });
  expect(msgs[1]!.value.beneficiary).toBe("st1friend");
  expect(msgs[2]!.value).toMatchObject({ ownerAddress: ME, networkAddress: key.address, nodeType: 4 });
  expect(msgs[6]!.value).toEqual({ resourceNodeAddress: "stsds1rn", ownerAddress: ME });
  expect(msgs[8]!.value.voterOwnerAddress).toBe(ME);
  expect(msgs[9]!.value.reporterOwner).toEqual([ME, ME]);
  expect(msgs[10]!.value.from).toBe(ME);
  expect(msgs[11]!.value.reporterOwner).toBe(ME);
  expect(msgs[11]!.value.BLSSignature.txData).toEqual(volumeReportSignBytes(msgs[11]!.value));
  expect(msgs[12]!.value).toEqual({ amount: [{ denom: "wei", amount: "4" }], walletAddress: ME, targetAddress: ME });
  expect(msgs[13]!.value.from).toBe(ME);
  expect(msgs[14]!.value.reporterOwner).toEqual([ME]);
});

test("connect to an unreachable node -> StratosError with a hint", async () => {
  const err = await StratosClient.connect({ rpcUrl: "http://127.0.0.1:1" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StratosError);
  expect((err as StratosError).hints.join(" ")).toMatch(/node running/);
});
