import path from "node:path";

/** Repository root (this file lives in localnet/lib). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** CometBFT installed by `make install` (pinned v0.38.25). */
export const COMETBFT_BIN = path.join(REPO_ROOT, ".tools", "bin", "cometbft");
/** The chain's entry point, run through tsx. */
export const CHAIN_MAIN = path.join(REPO_ROOT, "chain", "src", "main.ts");
export const DEV_ACCOUNTS_FILE = path.join(REPO_ROOT, "localnet", "dev-accounts.json");
export const NODE_KEYS_FILE = path.join(REPO_ROOT, "localnet", "node-keys.json");
