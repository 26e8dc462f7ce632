import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { toBech32 } from "@cosmjs/encoding";
import { ed25519 } from "@noble/curves/ed25519";
import { z } from "zod";
import { NODE_KEYS_FILE } from "./paths";

/**
 * A storage node of the localnet: its P2P identity (ed25519 key, `stsds` address) and the
 * wallet that owns it (mnemonic at m/44'/606'/0'/0/0). Test keys only.
 */
export interface LocalnetNodeKey {
  readonly name: string;
  readonly role: "meta" | "resource";
  /** 32-byte ed25519 private key (seed), hex. */
  readonly p2pPrivateKey: string;
  /** 32-byte ed25519 public key, hex. */
  readonly p2pPublicKey: string;
  readonly networkAddress: string;
  readonly owner: { readonly mnemonic: string; readonly address: string };
}

const schema = z
  .array(
    z
      .object({
        name: z.string().min(1),
        role: z.enum(["meta", "resource"]),
        p2p_private_key: z.string().regex(/^[0-9a-f]{64}$/),
        p2p_public_key: z.string().regex(/^[0-9a-f]{64}$/),
        network_address: z.string().startsWith("stsds1"),
        owner: z.object({ mnemonic: z.string(), address: z.string().startsWith("st1") }).strict(),
      })
      .strict(),
  )
  .min(2);

/** Reads `localnet/node-keys.json` and checks each key against its address. */
export function loadNodeKeys(file = NODE_KEYS_FILE): LocalnetNodeKey[] {
  return schema.parse(JSON.parse(readFileSync(file, "utf8"))).map((k) => {
    const pub = ed25519.getPublicKey(Buffer.from(k.p2p_private_key, "hex"));
    if (Buffer.from(pub).toString("hex") !== k.p2p_public_key) throw new Error(`${file}: ${k.name}: public key does not match the private key`);
    const address = toBech32("stsds", createHash("sha256").update(pub).digest().subarray(0, 20));
    if (address !== k.network_address) throw new Error(`${file}: ${k.name}: network address should be ${address}`);
    return { name: k.name, role: k.role, p2pPrivateKey: k.p2p_private_key, p2pPublicKey: k.p2p_public_key, networkAddress: k.network_address, owner: k.owner };
  });
}
