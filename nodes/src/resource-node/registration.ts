import { StratosClient, walletFromMnemonic, type NodeKey } from "@stratos/sdk";

export interface RegistrationConfig {
  readonly rpcUrl: string;
  readonly ownerMnemonic: string;
  readonly depositWei: string;
  readonly moniker: string;
}

/** What start-up found or did on chain. */
export type RegistrationOutcome = { readonly status: "registered"; readonly txHash: string; readonly height: number } | { readonly status: "already-registered"; readonly owner: string };

/**
 * Makes sure this node is a registered resource node: reads the registry and, when the address
 * is unknown, registers it (storage node type, the given deposit) from the owner wallet. A node
 * registered to another owner is left alone and reported, never re-registered.
 */
export async function ensureRegistered(key: NodeKey, config: RegistrationConfig): Promise<RegistrationOutcome> {
  const client = await StratosClient.connect({ rpcUrl: config.rpcUrl, signer: await walletFromMnemonic(config.ownerMnemonic) });
  const existing = await client.register.resourceNode(key.address);
  if (existing) return { status: "already-registered", owner: existing.ownerAddress };
  const res = await client.createResourceNode({ pubkey: key.publicKey, value: BigInt(config.depositWei), description: { moniker: config.moniker }, nodeType: 4 });
  return { status: "registered", txHash: res.txHash, height: res.height };
}
