/**
 * @stratos/sdk: a typed client for the Stratos chain. Upload, download and the Stratos
 * modules' messages arrive with the storage-mesh and module work.
 */
export { StratosError } from "./errors/base";
export { TxFailedError, TxRejectedError, TxTimeoutError, type ChainErrorCode } from "./errors/tx";
export { StratosClient, type StratosClientOptions, type TxOptions, type TxResult } from "./client/stratos-client";
export { STRATOS_HD_PATH, STRATOS_PREFIX, walletFromMnemonic } from "./client/wallet";
