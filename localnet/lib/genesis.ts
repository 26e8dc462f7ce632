import { decodeAccAddress, encodeAccAddress, moduleAddress, VALOPER_PREFIX } from "../../chain/src/types/address";
import { BONDED_TOKENS_POOL, FOUNDATION_ACCOUNT } from "../../chain/src/types/module-accounts";
import type { DevAccount } from "./dev-accounts";
import type { LocalnetNodeKey } from "./node-keys";

/** 1 STOS = 10^18 wei. */
export const WEI_PER_STOS = 10n ** 18n;

/** The display metadata wallets read (`stos` with 18 decimals over base `wei`). */
export const STOS_METADATA = {
  description: "The native token of the Stratos data mesh",
  denom_units: [
    { denom: "wei", exponent: 0, aliases: [] },
    { denom: "gwei", exponent: 9, aliases: [] },
    { denom: "stos", exponent: 18, aliases: [] },
  ],
  base: "wei",
  display: "stos",
  name: "Stratos",
  symbol: "STOS",
  uri: "",
  uri_hash: "",
};

/** Self-bond of each dev net's validator: 1,000,000 STOS (power 1,000,000). */
export const DEV_SELF_BOND = 1_000_000n * WEI_PER_STOS;

/** A genesis validator: bonded from block 1 with its operator's self-delegation. */
export interface StakingGenesisValidator {
  /** The node's ed25519 consensus key (32 bytes; `pub_key` of its priv_validator_key.json). */
  readonly consensusPubKey: Uint8Array;
  /** The `st1...` account that self-delegates; the validator is its `stvaloper1...` address. */
  readonly operatorAddress: string;
  /** wei; minted into the bonded pool at genesis (the operator's balance is not touched). */
  readonly selfBond: bigint;
  /** Default `validator-<i>`. */
  readonly moniker?: string;
}

/** What the Stratos modules start with on a dev net. */
export interface StratosGenesisOptions {
  /** Staking validators (CometBFT gets them from InitChain); none keeps genesis.json's validators. */
  readonly validators?: readonly StakingGenesisValidator[];
  /** staking unbonding time, seconds. Default 60. */
  readonly stakingUnbondingSeconds?: bigint;
  /** Storage nodes to pre-register, bonded and active (resource nodes with their full deposit effective). */
  readonly nodes?: readonly LocalnetNodeKey[];
  /** STOS in the foundation account that pays mining rewards. Default 1,000,000. */
  readonly foundationStos?: bigint;
  /** Deposit of each pre-registered meta node, STOS. Default 10,000. */
  readonly metaDepositStos?: bigint;
  /** Deposit of each pre-registered resource node, STOS. Default 1,000. */
  readonly resourceDepositStos?: bigint;
  /** Balance of each node owner, STOS (deposits come out of it). Default 100,000. */
  readonly ownerStos?: bigint;
  /** pot epoch length in blocks. Default 10 (about 10 s at the localnet's 1 s blocks). */
  readonly epochLength?: bigint;
  /** Epochs until a reward matures. Default 3. */
  readonly matureEpoch?: bigint;
  /** register unbonding threshold and completion time, seconds. Default 120 and 30. */
  readonly unbondingThresholdSeconds?: bigint;
  readonly unbondingCompletionSeconds?: bigint;
  /** Meta-node vote period, seconds. Default 3600. */
  readonly votingPeriodSeconds?: bigint;
}

function pubkeyJson(hex: string) {
  return { "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(hex, "hex").toString("base64") };
}

/** A Dec as genesis JSON writes it: `"1000.000000000000000000"` for an integer. */
const decOfInt = (n: bigint) => `${n}.000000000000000000`;

/** The staking section: short unbonding, and each validator Bonded with its self-delegation. */
function stakingAppState(validators: readonly StakingGenesisValidator[], unbondingSeconds: bigint, creation: string): Record<string, unknown> {
  const rows = validators.map((v, i) => {
    if (v.consensusPubKey.length !== 32) throw new Error(`validator ${i}: consensusPubKey must be 32 bytes, got ${v.consensusPubKey.length}`);
    if (v.selfBond <= 0n) throw new Error(`validator ${i}: selfBond must be positive`);
    return { ...v, valoper: encodeAccAddress(decodeAccAddress(v.operatorAddress), VALOPER_PREFIX), moniker: v.moniker ?? `validator-${i}` };
  });
  return {
    params: { unbonding_time: `${unbondingSeconds}s`, max_validators: 100, max_entries: 7, historical_entries: 10000, bond_denom: "wei", min_commission_rate: "0.000000000000000000" },
    validators: rows.map((v) => ({
      operator_address: v.valoper,
      consensus_pubkey: { "@type": "/cosmos.crypto.ed25519.PubKey", key: Buffer.from(v.consensusPubKey).toString("base64") },
      jailed: false,
      status: "BOND_STATUS_BONDED",
      tokens: v.selfBond.toString(),
      delegator_shares: decOfInt(v.selfBond),
      description: { moniker: v.moniker },
      commission: {
        commission_rates: { rate: "0.100000000000000000", max_rate: "0.200000000000000000", max_change_rate: "0.010000000000000000" },
        update_time: creation,
      },
      min_self_delegation: "1",
    })),
    delegations: rows.map((v) => ({ delegator_address: v.operatorAddress, validator_address: v.valoper, shares: decOfInt(v.selfBond) })),
  };
}

/**
 * `app_state` funding each account with `stosEach` STOS, the foundation account, and the
 * storage nodes' owners; the nodes are registered, bonded and active from block 1. The staking
 * validators of `opts.validators` are Bonded with their self-delegations, the bonded pool
 * holding their sum (so InitChain hands CometBFT exactly these validators). Times and epochs
 * are short so a dev net shows unbonding and reward maturity within minutes.
 */
export function devAppState(accounts: readonly { address: string }[], stosEach = 10_000_000n, opts: StratosGenesisOptions = {}): Record<string, unknown> {
  const nodes = opts.nodes ?? [];
  const owners = [...new Set(nodes.map((n) => n.owner.address))].filter((o) => !accounts.some((a) => a.address === o));
  const all = [...accounts.map((a) => ({ address: a.address, stos: stosEach })), ...owners.map((address) => ({ address, stos: opts.ownerStos ?? 100_000n }))];
  const foundation = encodeAccAddress(moduleAddress(FOUNDATION_ACCOUNT));
  const wei = (stos: bigint) => (stos * WEI_PER_STOS).toString();
  const metaDeposit = wei(opts.metaDepositStos ?? 10_000n);
  const rnDeposit = wei(opts.resourceDepositStos ?? 1_000n);
  const creation = "2024-01-01T00:00:00Z";
  const validators = opts.validators ?? [];
  const bonded = validators.reduce((sum, v) => sum + v.selfBond, 0n);
  return {
    auth: {
      accounts: all.map((a, i) => ({
        "@type": "/cosmos.auth.v1beta1.BaseAccount",
        address: a.address,
        account_number: String(i),
        sequence: "0",
        pub_key: null,
      })),
    },
    bank: {
      balances: [
        ...all.map((a) => ({ address: a.address, coins: [{ denom: "wei", amount: wei(a.stos) }] })),
        { address: foundation, coins: [{ denom: "wei", amount: wei(opts.foundationStos ?? 1_000_000n) }] },
        ...(bonded > 0n ? [{ address: encodeAccAddress(moduleAddress(BONDED_TOKENS_POOL)), coins: [{ denom: "wei", amount: bonded.toString() }] }] : []),
      ],
      supply: [],
      denom_metadata: [STOS_METADATA],
    },
    staking: stakingAppState(validators, opts.stakingUnbondingSeconds ?? 60n, creation),
    register: {
      params: {
        bond_denom: "wei",
        unbonding_threashold_time: `${opts.unbondingThresholdSeconds ?? 120n}s`,
        unbonding_completion_time: `${opts.unbondingCompletionSeconds ?? 30n}s`,
        max_entries: 16,
        resource_node_reg_enabled: true,
        resource_node_min_deposit: { denom: "wei", amount: wei(1n) },
        voting_period: `${opts.votingPeriodSeconds ?? 3600n}s`,
      },
      meta_nodes: nodes
        .filter((n) => n.role === "meta")
        .map((n) => ({
          network_address: n.networkAddress,
          pubkey: pubkeyJson(n.p2pPublicKey),
          suspend: false,
          status: "BOND_STATUS_BONDED",
          tokens: metaDeposit,
          owner_address: n.owner.address,
          beneficiary_address: n.owner.address,
          description: { moniker: n.name },
          creation_time: creation,
        })),
      resource_nodes: nodes
        .filter((n) => n.role === "resource")
        .map((n) => ({
          network_address: n.networkAddress,
          pubkey: pubkeyJson(n.p2pPublicKey),
          suspend: false,
          status: "BOND_STATUS_BONDED",
          tokens: rnDeposit,
          effective_tokens: rnDeposit,
          owner_address: n.owner.address,
          beneficiary_address: n.owner.address,
          description: { moniker: n.name },
          creation_time: creation,
          node_type: 4,
        })),
      remaining_noz_limit: "0",
      deposit_noz_rate: "1000000.000000000000000000",
    },
    pot: { params: { epoch_length: String(opts.epochLength ?? 10n), mature_epoch: String(opts.matureEpoch ?? 3n) } },
  };
}

export type { DevAccount };
