import { MsgBeginRedelegate, MsgCreateValidator, MsgDelegate, MsgUndelegate } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import type { Context } from "../../app/context";
import { MemoryStore } from "../../store/memory-store";
import type { KVStore } from "../../store/kv-store";
import { decodeAccAddress, encodeAccAddress, moduleAddress, VALOPER_PREFIX } from "../../types/address";
import { Dec } from "../../types/dec";
import { BONDED_TOKENS_POOL, MODULE_ACCOUNTS, NOT_BONDED_TOKENS_POOL } from "../../types/module-accounts";
import { testContext } from "../../../test/helpers/context";
import { randomKey } from "../../../test/helpers/keys";
import { nodeKey } from "../../../test/helpers/node-keys";
import { AuthKeeper } from "../auth";
import { BankKeeper } from "../bank";
import { exportBankGenesis, initBankGenesis, validateBankGenesis } from "../bank/genesis";
import { defaultStakingGenesis, exportStakingGenesis, initStakingGenesis, validateStakingGenesis } from "./genesis";
import { StakingKeeper } from "./keeper";
import { stakingMsgRoutes } from "./msg-server";
import { decToWire } from "./params";

const STOS = 10n ** 18n;
const T0 = 1_700_000_000n;
const valoper = (account: string) => encodeAccAddress(decodeAccAddress(account), VALOPER_PREFIX);
const poolAddress = (name: string) => encodeAccAddress(moduleAddress(name));

/** A fresh chain state with module accounts, the given bank genesis and the given staking genesis. */
function chain(bankGenesis: unknown, stakingGenesis: unknown) {
  const store = new MemoryStore();
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const keeper = new StakingKeeper(bank);
  for (const m of MODULE_ACCOUNTS) auth.getOrCreateModuleAccount(store, m.name, m.permissions);
  const ctx = { ...testContext(store, { mode: "genesis" }), blockTimeSeconds: T0 };
  initBankGenesis(bank, auth, ctx, validateBankGenesis(bankGenesis));
  const updates = initStakingGenesis(keeper, bank, ctx, validateStakingGenesis(stakingGenesis));
  return { store, auth, bank, keeper, updates };
}

/** The staking section devAppState writes for one self-bonded validator. */
function oneValidator(operator: string, key: Uint8Array, selfBond: bigint) {
  const shares = Dec.fromInt(selfBond).toString();
  return {
    params: { unbonding_time: "60s", max_validators: 100, max_entries: 7, historical_entries: 10000, bond_denom: "wei", min_commission_rate: "0.000000000000000000" },
    validators: [
      {
        operator_address: valoper(operator),
        consensus_pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(key).toString("base64") },
        status: "BOND_STATUS_BONDED",
        tokens: selfBond.toString(),
        delegator_shares: shares,
        description: { moniker: "v0" },
        commission: { commission_rates: { rate: "0.1", max_rate: "0.2", max_change_rate: "0.01" }, update_time: "2024-01-01T00:00:00Z" },
        min_self_delegation: "1",
      },
    ],
    delegations: [{ delegator_address: operator, validator_address: valoper(operator), shares }],
  };
}

describe("staking genesis", () => {
  it("an empty section is valid, hands CometBFT no validators, and exports as the defaults", () => {
    const c = chain({}, undefined);
    expect(c.updates).toEqual([]);
    expect(exportStakingGenesis(c.keeper, c.store)).toEqual({ ...defaultStakingGenesis(), exported: true });
    expect(validateStakingGenesis(defaultStakingGenesis()).params.maxValidators).toBe(100);
  });

  it("bonds the genesis validators and hands them to CometBFT with power = tokens / 10^18", () => {
    const op = randomKey().address;
    const c = chain({ balances: [{ address: poolAddress(BONDED_TOKENS_POOL), coins: [{ denom: "wei", amount: (1000n * STOS).toString() }] }] }, oneValidator(op, nodeKey(0).publicKey, 1000n * STOS));
    expect(c.updates).toEqual([{ pubKey: { ed25519: nodeKey(0).publicKey }, power: 1000n }]);
    expect(c.keeper.getLastTotalPower(c.store)).toBe(1000n);
    expect(c.keeper.getValidatorByConsensusKey(c.store, nodeKey(0).publicKey)?.operatorAddress).toBe(valoper(op));
    expect(c.keeper.endBlock({ ...testContext(c.store, { height: 1n }), blockTimeSeconds: T0 })).toEqual([]);
  });

  it("refuses pools that do not hold the validators' tokens", () => {
    const op = randomKey().address;
    expect(() => chain({}, oneValidator(op, nodeKey(0).publicKey, 1000n * STOS))).toThrow(/bonded pool balance is different from bonded coins: 0wei <-> 1000000000000000000000wei/);
    expect(() => chain({ balances: [{ address: poolAddress(NOT_BONDED_TOKENS_POOL), coins: [{ denom: "wei", amount: "5" }] }] }, undefined)).toThrow(/not bonded pool balance/);
  });

  it.each([
    ["a duplicate operator", (g: any) => g.validators.push({ ...g.validators[0], consensus_pubkey: { ...g.validators[0].consensus_pubkey, key: Buffer.from(nodeKey(1).publicKey).toString("base64") } }), /duplicate validator/],
    ["a duplicate consensus key", (g: any) => g.validators.push({ ...g.validators[0], operator_address: valoper(randomKey().address) }), /duplicate consensus pubkey/],
    ["a bonded and jailed validator", (g: any) => (g.validators[0].jailed = true), /bonded and jailed/],
    ["zero shares", (g: any) => ((g.validators[0].delegator_shares = "0"), (g.delegations = [])), /cannot have zero delegator shares/],
    ["shares that are not the delegations' sum", (g: any) => (g.delegations[0].shares = "1"), /differ from the sum of its delegations/],
    ["a delegation to no validator", (g: any) => g.delegations.push({ delegator_address: randomKey().address, validator_address: valoper(randomKey().address), shares: "1" }), /no such validator/],
    ["a commission above its max", (g: any) => (g.validators[0].commission.commission_rates.rate = "0.5"), /commission cannot be more than the max rate/],
    ["a short consensus key", (g: any) => (g.validators[0].consensus_pubkey.key = "AAAA"), /32 bytes/],
    ["a fractional unbonding time", (g: any) => (g.params.unbonding_time = "1.5s"), /whole seconds/],
    ["zero max validators", (g: any) => (g.params.max_validators = 0), /max validators must be positive/],
    ["an unknown field", (g: any) => (g.validators[0].power = 5), /power/],
  ])("refuses %s", (_name, mutate, message) => {
    const g = oneValidator(randomKey().address, nodeKey(0).publicKey, 10n * STOS);
    mutate(g);
    expect(() => validateStakingGenesis(g)).toThrow(message);
  });

  it("round-trips: export after delegations, unbondings and a redelegation, init a fresh chain from it, export the same", () => {
    const [a, b, d] = [randomKey().address, randomKey().address, randomKey().address];
    const c = chain({ balances: [a, b, d].map((address) => ({ address, coins: [{ denom: "wei", amount: (1000n * STOS).toString() }] })) }, { params: { unbonding_time: "100s", max_validators: 1, max_entries: 7, bond_denom: "wei" } });
    const routes = new Map(stakingMsgRoutes(c.keeper).map((r) => [r.typeUrl.split(".").pop()!, r]));
    const at = (height: bigint): Context => ({ ...testContext(c.store, { height }), blockTimeSeconds: T0 + height });
    const run = (name: string, msg: unknown, height: bigint) => routes.get(name)!.handle(at(height), msg);
    const create = (op: string, i: number, amount: bigint) =>
      MsgCreateValidator.fromPartial({
        description: { moniker: `v${i}` },
        commission: { rate: decToWire(Dec.parse("0.1")), maxRate: decToWire(Dec.parse("0.2")), maxChangeRate: decToWire(Dec.parse("0.01")) },
        minSelfDelegation: "1",
        validatorAddress: valoper(op),
        pubkey: nodeKey(i).pubkeyAny,
        value: { denom: "wei", amount: amount.toString() },
      });
    run("MsgCreateValidator", create(a, 0, 20n * STOS), 2n);
    run("MsgCreateValidator", create(b, 1, 10n * STOS), 2n); // max_validators 1: b stays Unbonded
    c.keeper.endBlock(at(2n));
    run("MsgDelegate", MsgDelegate.fromPartial({ delegatorAddress: d, validatorAddress: valoper(a), amount: { denom: "wei", amount: (7n * STOS).toString() } }), 3n);
    run("MsgUndelegate", MsgUndelegate.fromPartial({ delegatorAddress: d, validatorAddress: valoper(a), amount: { denom: "wei", amount: (2n * STOS).toString() } }), 4n);
    run("MsgBeginRedelegate", MsgBeginRedelegate.fromPartial({ delegatorAddress: d, validatorSrcAddress: valoper(a), validatorDstAddress: valoper(b), amount: { denom: "wei", amount: STOS.toString() } }), 5n);
    c.keeper.endBlock(at(5n));

    const exported = exportStakingGenesis(c.keeper, c.store);
    expect(exported.unbonding_delegations).toHaveLength(1);
    expect(exported.redelegations).toHaveLength(1);
    expect(exported.last_validator_powers).toEqual([{ address: valoper(a), power: "24" }]);
    const copy = chain(exportBankGenesis(c.bank, c.store as KVStore), JSON.parse(JSON.stringify(exported)));
    // An exported genesis gives CometBFT the last powers as they were.
    expect(copy.updates).toEqual([{ pubKey: { ed25519: nodeKey(0).publicKey }, power: 24n }]);
    expect(exportStakingGenesis(copy.keeper, copy.store)).toEqual(exported);
    // The copy goes on where the original would: the unbonding pays out when it is due.
    const before = copy.bank.getBalance(copy.store, d, "wei").amount;
    copy.keeper.endBlock({ ...testContext(copy.store, { height: 200n }), blockTimeSeconds: T0 + 4n + 100n });
    expect(copy.bank.getBalance(copy.store, d, "wei").amount).toBe(before + 2n * STOS);
  });
});
