/**
 * Every module account of the chain, with the names the real Stratos chain uses (fact sheet
 * section 0) and their permissions. The app creates them all at genesis and blocks them from
 * receiving user sends; module code moves coins between them through the bank keeper.
 */
export const FEE_COLLECTOR = "fee_collector";
/** Deposits of Bonded resource nodes. */
export const RESOURCE_NODE_BONDED_POOL = "resource_node_bonded_pool";
/** Deposits of Unbonded and Unbonding resource nodes. */
export const RESOURCE_NODE_NOT_BONDED_POOL = "resource_node_not_bonded_pool";
/** Deposits of Bonded meta nodes. */
export const META_NODE_BONDED_POOL = "meta_node_bonded_pool";
/** Deposits of candidate and Unbonding meta nodes. */
export const META_NODE_NOT_BONDED_POOL = "meta_node_not_bonded_pool";
/** STOS paid for ozone (the "Pt" pool). */
export const TOTAL_UNISSUED_PREPAY = "total_unissued_prepay";
/** Source of mining rewards, funded by MsgFoundationDeposit. */
export const FOUNDATION_ACCOUNT = "foundation_account";
/** Node rewards until they are withdrawn. */
export const TOTAL_REWARD_POOL = "total_reward_pool";
/**
 * The community pool: community tax on traffic rewards and collected slashing debts. The real
 * chain funds x/distribution's community pool; this chain has no distribution module yet, so
 * the coins sit in this module account (its balance is the pool).
 */
export const COMMUNITY_POOL = "distribution";
/** Tokens of Bonded validators (x/staking's BondedPoolName). */
export const BONDED_TOKENS_POOL = "bonded_tokens_pool";
/** Tokens of Unbonding and Unbonded validators and of unbonding delegations (x/staking's NotBondedPoolName). */
export const NOT_BONDED_TOKENS_POOL = "not_bonded_tokens_pool";

export interface ModuleAccountSpec {
  readonly name: string;
  readonly permissions: readonly string[];
}

export const MODULE_ACCOUNTS: readonly ModuleAccountSpec[] = [
  { name: FEE_COLLECTOR, permissions: [] },
  { name: COMMUNITY_POOL, permissions: [] },
  { name: RESOURCE_NODE_BONDED_POOL, permissions: ["minter"] },
  { name: RESOURCE_NODE_NOT_BONDED_POOL, permissions: ["minter"] },
  { name: META_NODE_BONDED_POOL, permissions: ["minter"] },
  { name: META_NODE_NOT_BONDED_POOL, permissions: ["minter"] },
  { name: TOTAL_UNISSUED_PREPAY, permissions: ["minter"] },
  { name: FOUNDATION_ACCOUNT, permissions: ["minter", "burner"] },
  { name: TOTAL_REWARD_POOL, permissions: [] },
  // Last, so the account numbers of the accounts above stay as they were before staking.
  { name: BONDED_TOKENS_POOL, permissions: ["burner", "staking"] },
  { name: NOT_BONDED_TOKENS_POOL, permissions: ["burner", "staking"] },
];
