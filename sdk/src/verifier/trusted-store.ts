import type { SignedHeader, ValidatorSet } from "./types";

/**
 * A header the light client has verified, with the validator set that signed it.
 *
 * @example
 * const appHash = trusted.signedHeader.header.appHash; // state after block height - 1
 */
export interface TrustedBlock {
  signedHeader: SignedHeader;
  validators: ValidatorSet;
}

/**
 * Where a light client keeps its trusted blocks between runs. `load` gives every block saved
 * before (any order); `save` is called for each newly verified one.
 *
 * @example
 * const light = new LightClient({ chainId, rpc, trust, store: memoryTrustedStore() });
 */
export interface TrustedStore {
  load(): TrustedBlock[] | Promise<TrustedBlock[]>;
  save(b: TrustedBlock): void | Promise<void>;
}

/**
 * A {@link TrustedStore} in memory (the default): trust lasts as long as the object. `blocks`
 * shows what was saved.
 *
 * @example
 * const store = memoryTrustedStore();
 * await light.verifyHeaderAt(10n);
 * store.blocks.length; // 2: the trust root and height 10
 */
export function memoryTrustedStore(initial: readonly TrustedBlock[] = []): TrustedStore & { readonly blocks: readonly TrustedBlock[] } {
  const blocks: TrustedBlock[] = [...initial];
  return {
    blocks,
    load: () => [...blocks],
    save: (b) => {
      const i = blocks.findIndex((x) => x.signedHeader.header.height === b.signedHeader.header.height);
      if (i >= 0) blocks[i] = b;
      else blocks.push(b);
    },
  };
}
