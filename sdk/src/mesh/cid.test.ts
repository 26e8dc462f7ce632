import { existsSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { cidFromRoot, isMeshCid, rootFromCid } from "./cid";
import { MESH_CID_CODEC } from "./constants";
import { MeshError } from "./errors";

// multiformats is ESM-only; resolve it by path as chain/src/modules/sds/cid.ts does.
function requireMultiformats<T>(sub: string): T {
  try {
    return require(`multiformats/${sub}`) as T;
  } catch (e) {
    for (const dir of require.resolve.paths("multiformats") ?? []) {
      const file = join(dir, "multiformats", "dist", "src", `${sub}.js`);
      if (existsSync(file)) return require(file) as T;
    }
    throw e;
  }
}
const { CID } = requireMultiformats<typeof import("multiformats/cid")>("cid");
const Digest = requireMultiformats<typeof import("multiformats/hashes/digest")>("hashes/digest");

describe("cid", () => {
  test("round-trip and agreement with multiformats", () => {
    const root = new Uint8Array(randomBytes(32));
    const cid = cidFromRoot(root);
    expect(cid.startsWith("b")).toBe(true);
    expect(Buffer.from(rootFromCid(cid)).equals(Buffer.from(root))).toBe(true);
    expect(isMeshCid(cid)).toBe(true);
    const ref = CID.create(1, MESH_CID_CODEC, Digest.create(0x12, root));
    expect(ref.toString()).toBe(cid);
    const parsed = CID.parse(cid);
    expect(parsed.code).toBe(MESH_CID_CODEC);
    expect(parsed.multihash.code).toBe(0x12);
  });

  test("rejects other codecs, hashes, lengths and encodings", () => {
    const root = new Uint8Array(randomBytes(32));
    const raw = CID.create(1, 0x55, Digest.create(0x12, root)).toString();
    expect(() => rootFromCid(raw)).toThrow(MeshError);
    try {
      rootFromCid(raw);
    } catch (e) {
      expect((e as MeshError).code).toBe("bad_cid");
    }
    expect(isMeshCid(raw)).toBe(false);
    expect(isMeshCid(CID.create(1, MESH_CID_CODEC, Digest.create(0x13, root)).toString())).toBe(false);
    expect(isMeshCid(CID.create(1, MESH_CID_CODEC, Digest.create(0x12, root.subarray(0, 20))).toString())).toBe(false);
    expect(isMeshCid(CID.create(0, 0x70, Digest.create(0x12, root)).toString())).toBe(false); // Qm...
    expect(isMeshCid(cidFromRoot(root).toUpperCase())).toBe(false);
    expect(isMeshCid(cidFromRoot(root) + "a")).toBe(false);
    expect(isMeshCid("")).toBe(false);
    expect(() => cidFromRoot(new Uint8Array(31))).toThrow(MeshError);
  });
});
