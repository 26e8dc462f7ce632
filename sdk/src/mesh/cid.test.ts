import { randomBytes } from "node:crypto";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { cidFromRoot, isMeshCid, rootFromCid } from "./cid";
import { MESH_CID_CODEC } from "./constants";
import { MeshError } from "./errors";

describe("cid", () => {
  test("fixed vectors: CIDv1, base32, codec 0x300001, sha2-256 multihash of the root", () => {
    // Byte layout: 0x01 (v1), varint 0x300001 = 81 80 c0 01, 0x12 (sha2-256), 0x20 (32), root.
    expect(cidFromRoot(new Uint8Array(32))).toBe("bagaybqabciqaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    const counting = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
    expect(cidFromRoot(counting)).toBe("bagaybqabciqaccapcyosikzshfaeotsvlrrwu4lyp6di3fe3uku3bn56yxgnhwq");
    expect(Buffer.from(rootFromCid("bagaybqabciqaccapcyosikzshfaeotsvlrrwu4lyp6di3fe3uku3bn56yxgnhwq")).equals(Buffer.from(counting))).toBe(true);
  });

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
