/**
 * Staking against a real CometBFT running our app, with stock @cosmjs/stargate clients (DIRECT
 * and amino signers): the genesis validator is the node's own key; delegations move its power
 * in CometBFT's validator set two blocks later; a created validator joins the set; REST answers
 * in the SDK's JSON; an unbonding entry matures and pays back.
 */
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { stringToPath } from "@cosmjs/crypto";
import { toBech32 } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet, encodePubkey, type OfflineSigner } from "@cosmjs/proto-signing";
import { assertIsDeliverTxSuccess, GasPrice, SigningStargateClient, StargateClient } from "@cosmjs/stargate";
import { freePorts, readConsensusPubKey } from "../../../../localnet/lib";
import { randomNodeKey } from "../../../test/helpers/node-keys";
import { rpc } from "../../../test/helpers/rpc";
import { startTestnet, type Testnet } from "../../../test/helpers/testnet";
import { startRestServer, type RunningServer } from "../../api/rest-server";
import { rpcQuerier } from "../../api/rpc-querier";
import { decodeAccAddress } from "../../types/address";

jest.setTimeout(180_000);

const HD = [stringToPath("m/44'/606'/0'/0/0")];
const GAS_PRICE = GasPrice.fromString("1000000000wei");
const STOS = 10n ** 18n;
/** The dev nets' self-bond (localnet/lib/genesis.ts DEV_SELF_BOND): power 1,000,000. */
const GENESIS_POWER = 1_000_000n;
const UNBONDING_SECONDS = 8n;

let net: Testnet;
let rest: RunningServer;
let base: string;
let operator: string;
let clients: SigningStargateClient[] = [];

const valoper = (account: string) => toBech32("stvaloper", decodeAccAddress(account));
const wei = (n: bigint) => ({ denom: "wei", amount: n.toString() });

async function signing(signer: OfflineSigner): Promise<{ client: SigningStargateClient; address: string }> {
  const [acc] = await signer.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(net.rpcUrl, signer, { gasPrice: GAS_PRICE, broadcastPollIntervalMs: 200 });
  clients.push(client);
  return { client, address: acc!.address };
}
const direct = async (i: number) => signing(await DirectSecp256k1HdWallet.fromMnemonic(net.accounts[i]!.mnemonic, { prefix: "st", hdPaths: HD }));
const amino = async (i: number) => signing(await Secp256k1HdWallet.fromMnemonic(net.accounts[i]!.mnemonic, { prefix: "st", hdPaths: HD }));

async function get(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url);
  return { status: res.status, body: await res.json() };
}

/** CometBFT's validator set at `height`, as {base64 key: power}. */
async function cometValidators(height: number): Promise<Record<string, bigint>> {
  await net.node.waitForHeight(BigInt(height), 30_000);
  const r = await rpc<{ validators: { pub_key: { value: string }; voting_power: string }[] }>(net.rpcUrl, "validators", { height: String(height), per_page: "100" });
  return Object.fromEntries(r.validators.map((v) => [v.pub_key.value, BigInt(v.voting_power)]));
}

const balance = async (address: string) => BigInt((await clients[0]!.getBalance(address, "wei")).amount);

beforeAll(async () => {
  net = await startTestnet({ chainId: "stratos-staking-test", stratos: { stakingUnbondingSeconds: UNBONDING_SECONDS } });
  operator = valoper(net.accounts[0]!.address);
  const [port] = await freePorts(1);
  rest = await startRestServer({ app: rpcQuerier(net.rpcUrl), rpcUrl: net.rpcUrl, host: "127.0.0.1", port: port! });
  base = `http://127.0.0.1:${rest.port}`;
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await rest?.close();
  await net?.stop();
});

describe("staking on a real CometBFT", () => {
  it("the genesis validator is the node's own consensus key, self-bonded by the first dev account", async () => {
    const key = Buffer.from(readConsensusPubKey(net.home)).toString("base64");
    expect(await cometValidators(1)).toEqual({ [key]: GENESIS_POWER });
    const vals = await get("/cosmos/staking/v1beta1/validators?status=BOND_STATUS_BONDED");
    expect(vals.status).toBe(200);
    expect(vals.body.validators).toEqual([
      expect.objectContaining({
        operator_address: operator,
        consensus_pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key },
        jailed: false,
        status: "BOND_STATUS_BONDED",
        tokens: (GENESIS_POWER * STOS).toString(),
        delegator_shares: `${GENESIS_POWER * STOS}.000000000000000000`,
        commission: expect.objectContaining({ commission_rates: { rate: "0.100000000000000000", max_rate: "0.200000000000000000", max_change_rate: "0.010000000000000000" } }),
      }),
    ]);
    const params = await get("/cosmos/staking/v1beta1/params");
    expect(params.body.params).toEqual({ unbonding_time: `${UNBONDING_SECONDS}s`, max_validators: 100, max_entries: 7, historical_entries: 10000, bond_denom: "wei", min_commission_rate: "0.000000000000000000" });
    expect((await get("/cosmos/staking/v1beta1/pool")).body.pool).toEqual({ not_bonded_tokens: "0", bonded_tokens: (GENESIS_POWER * STOS).toString() });
  });

  it("delegateTokens (DIRECT): CometBFT sees the new power from H+2 on; REST and cosmjs queries show the delegation", async () => {
    const bob = await direct(1);
    const res = await bob.client.delegateTokens(bob.address, operator, wei(5n * STOS), "auto");
    assertIsDeliverTxSuccess(res);
    const key = Buffer.from(readConsensusPubKey(net.home)).toString("base64");
    expect((await cometValidators(res.height + 1))[key]).toBe(GENESIS_POWER);
    expect((await cometValidators(res.height + 2))[key]).toBe(GENESIS_POWER + 5n);

    const dels = await get(`/cosmos/staking/v1beta1/delegations/${bob.address}`);
    expect(dels.status).toBe(200);
    expect(dels.body.delegation_responses).toEqual([
      { delegation: { delegator_address: bob.address, validator_address: operator, shares: `${5n * STOS}.000000000000000000` }, balance: wei(5n * STOS) },
    ]);
    const one = await get(`/cosmos/staking/v1beta1/validators/${operator}/delegations/${bob.address}`);
    expect(one.body.delegation_response.balance).toEqual(wei(5n * STOS));
    expect((await get(`/cosmos/staking/v1beta1/validators/${operator}/delegations`)).body.delegation_responses).toHaveLength(2);
    expect(await bob.client.getDelegation(bob.address, operator)).toEqual(wei(5n * STOS));
    expect(await bob.client.getBalanceStaked(bob.address)).toEqual(wei(5n * STOS));
    const missing = await get(`/cosmos/staking/v1beta1/validators/${valoper(bob.address)}`);
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 5 });
  });

  it("undelegateTokens (amino): the entry shows under unbonding_delegations, matures, and the balance comes back", async () => {
    const carol = await amino(2);
    assertIsDeliverTxSuccess(await carol.client.delegateTokens(carol.address, operator, wei(3n * STOS), "auto"));
    const res = await carol.client.undelegateTokens(carol.address, operator, wei(3n * STOS), "auto");
    assertIsDeliverTxSuccess(res);
    const after = await balance(carol.address);
    const ubd = await get(`/cosmos/staking/v1beta1/delegators/${carol.address}/unbonding_delegations`);
    expect(ubd.body.unbonding_responses).toEqual([
      {
        delegator_address: carol.address,
        validator_address: operator,
        entries: [expect.objectContaining({ creation_height: String(res.height), initial_balance: (3n * STOS).toString(), balance: (3n * STOS).toString(), completion_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) })],
      },
    ]);
    expect((await get(`/cosmos/staking/v1beta1/validators/${operator}/delegations/${carol.address}/unbonding_delegation`)).body.unbond.entries).toHaveLength(1);
    const due = Date.parse(ubd.body.unbonding_responses[0].entries[0].completion_time);
    // Wait for a block past the completion time; EndBlock pays the entry out.
    for (;;) {
      const status = await rpc<{ sync_info: { latest_block_time: string } }>(net.rpcUrl, "status");
      if (Date.parse(status.sync_info.latest_block_time) >= due + 1000) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(await balance(carol.address)).toBe(after + 3n * STOS);
    expect((await get(`/cosmos/staking/v1beta1/delegators/${carol.address}/unbonding_delegations`)).body.unbonding_responses).toEqual([]);
  });

  it("MsgCreateValidator through signAndBroadcast, DIRECT and amino: the validators join REST's list and CometBFT's set", async () => {
    const created: { key: string; operator: string; power: bigint; height: number }[] = [];
    for (const [i, connect, stos] of [
      [3, direct, 1000n],
      [2, amino, 2000n],
    ] as const) {
      const { client, address } = await connect(i);
      const node = randomNodeKey();
      const msg = {
        typeUrl: "/cosmos.staking.v1beta1.MsgCreateValidator",
        value: {
          description: { moniker: `created-${i}`, identity: "", website: "", securityContact: "", details: "" },
          commission: { rate: "50000000000000000", maxRate: "100000000000000000", maxChangeRate: "10000000000000000" },
          minSelfDelegation: "1",
          delegatorAddress: address,
          validatorAddress: valoper(address),
          pubkey: encodePubkey({ type: "tendermint/PubKeyEd25519", value: Buffer.from(node.publicKey).toString("base64") }),
          value: wei(stos * STOS),
        },
      };
      const res = await client.signAndBroadcast(address, [msg], "auto");
      assertIsDeliverTxSuccess(res);
      created.push({ key: Buffer.from(node.publicKey).toString("base64"), operator: valoper(address), power: stos, height: res.height });
    }
    const last = Math.max(...created.map((c) => c.height));
    const set = await cometValidators(last + 2);
    for (const c of created) expect(set[c.key]).toBe(c.power);
    expect(Object.keys(set)).toHaveLength(3);

    const bonded = await get("/cosmos/staking/v1beta1/validators?status=BOND_STATUS_BONDED");
    expect(bonded.body.validators.map((v: { operator_address: string }) => v.operator_address).sort()).toEqual([operator, ...created.map((c) => c.operator)].sort());
    const one = await get(`/cosmos/staking/v1beta1/validators/${created[1]!.operator}`);
    expect(one.body.validator).toMatchObject({ status: "BOND_STATUS_BONDED", tokens: (2000n * STOS).toString(), description: { moniker: "created-2" }, commission: { commission_rates: { rate: "0.050000000000000000" } } });
    // The chain keeps committing: the created validators hold far less than a third of the power.
    await net.node.waitForHeight(BigInt(last + 4), 30_000);
    const reader = await StargateClient.connect(net.rpcUrl);
    expect(await reader.getBalanceStaked(net.accounts[3]!.address)).toEqual(wei(1000n * STOS));
    reader.disconnect();
  });
});
