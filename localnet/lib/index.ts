export { COMETBFT_BIN, CHAIN_MAIN, DEV_ACCOUNTS_FILE, NODE_KEYS_FILE, REPO_ROOT } from "./paths";
export { freePort, freePorts, waitForPort } from "./ports";
export { loadDevAccounts, STRATOS_HD_PATH, type DevAccount } from "./dev-accounts";
export { initNodeHome, readConsensusPubKey, setTomlKey, type NodeHomeOptions, type NodePorts } from "./node-home";
export { devAppState, DEV_SELF_BOND, STOS_METADATA, WEI_PER_STOS, type StakingGenesisValidator, type StratosGenesisOptions } from "./genesis";
export { loadNodeKeys, type LocalnetNodeKey } from "./node-keys";
export { LocalNode, type LocalNodeOptions } from "./node-process";
export { DaemonProcess, META_NODE_MAIN, RESOURCE_NODE_MAIN, type DaemonOptions } from "./daemon-process";
export { LocalMesh, healthyResourceNodes, waitHealthyNodes, type MeshOptions } from "./mesh";
export { eventually, fetchJson, pollUntil, sleep, type PollOptions } from "./wait";
export { isRunning, pipeOutput, spawnTsx, stopChild, waitExit, waitOutputClosed, type OutputTarget } from "./child-process";
export {
  freeNetPorts,
  initFullNodeHome,
  joinInfoFromRpc,
  localnetPorts,
  NetMismatchError,
  devStakingValidators,
  stateSyncConfig,
  stateSyncTrustFromRpc,
  ValidatorNet,
  type FullNodeHomeOptions,
  type GenesisValidator,
  type JoinInfo,
  type MemberPorts,
  type NetMember,
  type StateSyncTrust,
  type ValidatorNetOptions,
} from "./validator-net";
