export { COMETBFT_BIN, CHAIN_MAIN, DEV_ACCOUNTS_FILE, NODE_KEYS_FILE, REPO_ROOT } from "./paths";
export { freePort, freePorts, waitForPort } from "./ports";
export { loadDevAccounts, STRATOS_HD_PATH, type DevAccount } from "./dev-accounts";
export { initNodeHome, setTomlKey, type NodeHomeOptions, type NodePorts } from "./node-home";
export { devAppState, STOS_METADATA, WEI_PER_STOS, type StratosGenesisOptions } from "./genesis";
export { loadNodeKeys, type LocalnetNodeKey } from "./node-keys";
export { LocalNode, type LocalNodeOptions } from "./node-process";
export { DaemonProcess, META_NODE_MAIN, RESOURCE_NODE_MAIN, type DaemonOptions } from "./daemon-process";
export { LocalMesh, type MeshOptions } from "./mesh";
