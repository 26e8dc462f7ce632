/**
 * Staking through the whole app (StratosApp over ABCI calls, no CometBFT): InitChain hands the
 * genesis validators to CometBFT, and txs signed offline by stock cosmjs, in DIRECT and in
 * LEGACY_AMINO_JSON mode (cosmjs's own staking converters, as Keplr and Ledger use), change
 * the powers FinalizeBlock returns.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Secp256k1Wallet } from "@cosmjs/amino";
import { toBech32 } from "@cosmjs/encoding";
import { DirectSecp256k1Wallet, encodePubkey, type EncodeObject, type OfflineSigner } from "@cosmjs/proto-signing";
import { SigningStargateClient } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { finalizeRequest } from "../../../test/helpers/abci-requests";
import { randomKey, type TestKey } from "../../../test/helpers/keys";
import { nodeKey } from "../../../test/helpers/node-keys";
import { devAppState } from "../../../../localnet/lib/genesis";
import { StratosApp } from "../../app/app";
import { CommitStore } from "../../store/commit-store";
import { decodeAccAddress } from "../../types/address";

const CHAIN_ID = "stratos-staking-unit";
const STOS = 10n ** 18n;
const FEE = { amount: [{ denom: "wei", amount: (300_000n * 1_000_000_000n).toString() }], gas: "300000" };
const dirs: string[] = [];
const valoper = (account: string) => toBech32("stvaloper", decodeAccAddress(account));

afterAll(() => {
  for (const s of stores) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const stores: CommitStore[] = [];

function open(): StratosApp {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stratos-staking-"));
  dirs.push(dir);
  const store = CommitStore.open(dir);
  stores.push(store);
  return new StratosApp(store, { verifyWorkers: 0 });
}

function init(app: StratosApp, keys: readonly TestKey[], validators: boolean) {
  const appState = devAppState(keys, 1000n, validators ? { validators: [{ consensusPubKey: nodeKey(0).publicKey, operatorAddress: keys[0]!.address, selfBond: 100n * STOS }] } : {});
  return app.initChain({ time: { seconds: 1_700_000_000n, nanos: 0 }, chainId: CHAIN_ID, validators: [], appStateBytes: new TextEncoder().encode(JSON.stringify(appState)), initialHeight: 1n });
}

/** Signs offline with stock cosmjs (no RPC): the tx bytes a wallet would broadcast. */
async function sign(signer: OfflineSigner, address: string, msgs: EncodeObject[], accountNumber: number, sequence: number): Promise<Uint8Array> {
  const client = await SigningStargateClient.offline(signer);
  const raw = await client.sign(address, msgs, FEE, "", { accountNumber, sequence, chainId: CHAIN_ID });
  return TxRaw.encode(raw).finish();
}

describe("staking through the app", () => {
  it("InitChain returns no validators without staking genesis (CometBFT keeps genesis.json's)", () => {
    expect(init(open(), [randomKey()], false).validators).toEqual([]);
  });

  it("InitChain returns the genesis validators; DIRECT and amino staking txs move power in FinalizeBlock", async () => {
    const app = open();
    const keys = [randomKey(), randomKey(), randomKey()];
    expect(init(app, keys, true).validators).toEqual([{ pubKey: { ed25519: nodeKey(0).publicKey }, power: 100n }]);
    const [, bob, carol] = keys as [TestKey, TestKey, TestKey];
    const direct = await DirectSecp256k1Wallet.fromKey(bob.privkey, "st");
    const amino = await Secp256k1Wallet.fromKey(carol.privkey, "st");
    const op = valoper(keys[0]!.address);

    // Block 1: bob delegates 5 STOS (DIRECT), carol creates a validator with 3 STOS (amino).
    const delegate = await sign(direct, bob.address, [{ typeUrl: "/cosmos.staking.v1beta1.MsgDelegate", value: { delegatorAddress: bob.address, validatorAddress: op, amount: { denom: "wei", amount: (5n * STOS).toString() } } }], 1, 0);
    const createValidator = await sign(
      amino,
      carol.address,
      [
        {
          typeUrl: "/cosmos.staking.v1beta1.MsgCreateValidator",
          value: {
            description: { moniker: "carol", identity: "", website: "", securityContact: "", details: "" },
            commission: { rate: "100000000000000000", maxRate: "200000000000000000", maxChangeRate: "10000000000000000" },
            minSelfDelegation: "1",
            delegatorAddress: carol.address,
            validatorAddress: valoper(carol.address),
            pubkey: encodePubkey({ type: "tendermint/PubKeyEd25519", value: Buffer.from(nodeKey(1).publicKey).toString("base64") }),
            value: { denom: "wei", amount: (3n * STOS).toString() },
          },
        },
      ],
      2,
      0,
    );
    const b2 = await app.finalizeBlock(finalizeRequest(1n, [delegate, createValidator]));
    expect(b2.txResults.map((r) => ({ code: r.code, log: r.log }))).toEqual([
      { code: 0, log: "" },
      { code: 0, log: "" },
    ]);
    expect(b2.validatorUpdates).toEqual(
      expect.arrayContaining([
        { pubKey: { ed25519: nodeKey(0).publicKey }, power: 105n },
        { pubKey: { ed25519: nodeKey(1).publicKey }, power: 3n },
      ]),
    );
    expect(b2.validatorUpdates).toHaveLength(2);
    app.commit();

    // Block 2: bob undelegates 5 STOS signing in amino mode.
    const bobAmino = await Secp256k1Wallet.fromKey(bob.privkey, "st");
    const undelegate = await sign(bobAmino, bob.address, [{ typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate", value: { delegatorAddress: bob.address, validatorAddress: op, amount: { denom: "wei", amount: (5n * STOS).toString() } } }], 1, 1);
    const b3 = await app.finalizeBlock(finalizeRequest(2n, [undelegate]));
    expect(b3.txResults[0]).toMatchObject({ code: 0 });
    expect(b3.validatorUpdates).toEqual([{ pubKey: { ed25519: nodeKey(0).publicKey }, power: 100n }]);
    app.commit();
    await app.close();
  });
});
