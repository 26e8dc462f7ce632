import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { devAppState, type StratosGenesisOptions } from "../../../localnet/lib/genesis";
import { StratosApp, type AppOptions } from "../../src/app/app";
import { CommitStore } from "../../src/store/commit-store";

/** An app on a fresh store in a temporary folder, for tests that drive it with ABCI calls directly. */
export interface UnitApp {
  readonly app: StratosApp;
  readonly store: CommitStore;
  readonly dir: string;
  /** Stops the app's workers, closes the store and deletes the folder. */
  close(): Promise<void>;
}

/** App options (default: no verifier threads), plus where the store lives. */
export interface UnitAppOptions extends AppOptions {
  /** Folder name prefix under the OS temp folder. */
  readonly prefix?: string;
  /** Reopen this folder instead of making one (a restart); it is not deleted by close(). */
  readonly dir?: string;
  /** Minimum gas price in wei per gas unit for CheckTx (shorthand for `minGasPrice`); default none. */
  readonly minGasPriceWei?: bigint;
}

export function openUnitApp(o: UnitAppOptions = {}): UnitApp {
  const { prefix, dir: reopen, minGasPriceWei, ...appOptions } = o;
  const dir = reopen ?? mkdtempSync(path.join(os.tmpdir(), prefix ?? "stratos-unit-"));
  const store = CommitStore.open(dir);
  const app = new StratosApp(store, {
    verifyWorkers: 0,
    ...(minGasPriceWei !== undefined ? { minGasPrice: { denom: "wei", amount: minGasPriceWei } } : {}),
    ...appOptions,
  });
  return {
    app,
    store,
    dir,
    close: async () => {
      await app.close();
      store.close();
      if (reopen === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface UnitGenesis {
  readonly chainId: string;
  /** Funded accounts. */
  readonly accounts: readonly { readonly address: string }[];
  /** STOS per account; default 1000. */
  readonly stosEach?: bigint;
  readonly stratos?: StratosGenesisOptions;
}

/** Genesis time of every unit chain: block h of {@link finalizeRequest} is h seconds later. */
export const UNIT_GENESIS_TIME = { seconds: 1_700_000_000n, nanos: 0 };

/** InitChain with the localnet's genesis for `accounts`; returns the genesis app hash. */
export function initUnitChain(app: StratosApp, g: UnitGenesis): Uint8Array {
  return app.initChain({
    time: UNIT_GENESIS_TIME,
    chainId: g.chainId,
    validators: [],
    appStateBytes: new TextEncoder().encode(JSON.stringify(devAppState(g.accounts, g.stosEach ?? 1000n, g.stratos ?? {}))),
    initialHeight: 1n,
  }).appHash;
}
