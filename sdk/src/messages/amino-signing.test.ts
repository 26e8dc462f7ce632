import { Secp256k1HdWallet, makeSignDoc, serializeSignDoc, type StdFee } from "@cosmjs/amino";
import { Secp256k1, Secp256k1Signature, sha256, stringToPath } from "@cosmjs/crypto";
import { SigningStargateClient } from "@cosmjs/stargate";
import { TxBody, TxRaw, AuthInfo } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { STRATOS_HD_PATH } from "../client/wallet";
import { nodeKeyFromSeed } from "../nodes/node-key";
import { signVolumeReport } from "../nodes/volume-report";
import { msgVolumeReport } from "./pot";
import { msgCreateResourceNode } from "./register";
import { stratosAminoTypes, stratosRegistry } from "./registry";
import { msgFileUpload, msgPrepay } from "./sds";

// An amino-only signer (Ledger-like) signs Stratos messages with cosmjs; the signature then verifies
// over sign bytes rebuilt, as the chain does, from the decoded transaction alone.

const MNEMONIC = "economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone";

test("SIGN_MODE_LEGACY_AMINO_JSON: the chain's rebuilt sign bytes match what the wallet signed", async () => {
  const wallet = await Secp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: "st", hdPaths: [stringToPath(STRATOS_HD_PATH)] });
  const [account] = await wallet.getAccounts();
  const address = account!.address;
  const client = await SigningStargateClient.offline(wallet, { registry: stratosRegistry(), aminoTypes: stratosAminoTypes() });
  const node = nodeKeyFromSeed(new Uint8Array(32).fill(3));
  const msgs = [
    msgPrepay({ sender: address, amount: 10n ** 18n }),
    msgCreateResourceNode({ pubkey: node.publicKey, value: 10n ** 18n, ownerAddress: address, description: { moniker: "rn <&> 1" }, nodeType: 4 }),
    msgFileUpload({ fileHash: "bafk", from: address, reporter: node.address, uploader: address, size: 10n, merkleRoot: new Uint8Array(32).fill(7) }),
    msgVolumeReport(signVolumeReport(msgVolumeReport({ walletVolumes: [{ walletAddress: address, volume: 5n }], reporter: node.address, epoch: 1n, reportReference: "r1", reporterOwner: address }).value, [node])),
  ];
  const fee: StdFee = { amount: [{ denom: "wei", amount: "2000" }], gas: "200000" };
  const signerData = { accountNumber: 7, sequence: 3, chainId: "stratos-test" };
  const raw = await client.sign(address, msgs, fee, "memo", signerData);

  // Chain side: decode, rebuild the StdSignDoc from the decoded messages, verify.
  const body = TxBody.decode(raw.bodyBytes);
  const authInfo = AuthInfo.decode(raw.authInfoBytes);
  expect(authInfo.signerInfos[0]!.modeInfo!.single!.mode).toBe(SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
  const registry = stratosRegistry();
  const aminoTypes = stratosAminoTypes();
  const decoded = body.messages.map((m) => ({ typeUrl: m.typeUrl, value: registry.decode(m) }));
  const signDoc = makeSignDoc(decoded.map((m) => aminoTypes.toAmino(m)), fee, signerData.chainId, body.memo, signerData.accountNumber, signerData.sequence);
  const signature = Secp256k1Signature.fromFixedLength(TxRaw.decode(TxRaw.encode(raw).finish()).signatures[0]!);
  expect(await Secp256k1.verifySignature(signature, sha256(serializeSignDoc(signDoc)), account!.pubkey)).toBe(true);
  // And the messages survived the amino round trip the client did before encoding.
  expect(decoded.map((m) => m.value)).toEqual(msgs.map((m) => m.value));
});
