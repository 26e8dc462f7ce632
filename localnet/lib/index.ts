export { COMETBFT_BIN, CHAIN_MAIN, DEV_ACCOUNTS_FILE, REPO_ROOT } from "./paths";
export { freePort, freePorts, waitForPort } from "./ports";
export { loadDevAccounts, STRATOS_HD_PATH, type DevAccount } from "./dev-accounts";
export { initNodeHome, setTomlKey, type NodeHomeOptions, type NodePorts } from "./node-home";
export { devAppState, STOS_METADATA, WEI_PER_STOS } from "./genesis";
export { LocalNode, type LocalNodeOptions } from "./node-process";
