import { decodePage, encodePage, INLINE_LEAVES, PAGE_BITS, pageCacheKey, pageKey, type EncodeSink } from "./page-codec";
import { INNER, MemorySmt, nodeHash, ZERO_HASH, type Hash, type SmtNode } from "./smt";
import { Rng } from "./test-helpers";

interface Stored {
  depth: number;
  path: Hash;
  bytes: Buffer;
  hash: Hash;
}

/** Encodes every page of an in-memory tree, as a commit at `version` would. */
function encodeAll(root: SmtNode, version: number): { pages: Stored[]; sink: EncodeSink } {
  const sink: EncodeSink = { children: [], freshInners: [], freshLeaves: [] };
  const pages: Stored[] = [{ depth: 0, path: ZERO_HASH, bytes: encodePage(root, 0, ZERO_HASH, version, sink), hash: nodeHash(root) }];
  for (let i = 0; i < sink.children.length; i++) {
    const c = sink.children[i];
    if (c === undefined) break;
    pages.push({ depth: c.depth, path: c.path, bytes: encodePage(c.node, c.depth, c.path, version, sink), hash: c.node.hash });
  }
  return { pages, sink };
}

function clearSpans(node: SmtNode | null): void {
  if (node === null || node.kind !== INNER) return;
  node.src = undefined;
  clearSpans(node.left);
  clearSpans(node.right);
}

describe("page codec", () => {
  const rng = new Rng(5);
  const tree = new MemorySmt();
  tree.apply(Array.from({ length: 3000 }, () => [rng.bytes(16), rng.bytes(rng.int(30))] as const));
  const root = tree.rootNodeRef as SmtNode;
  const { pages, sink } = encodeAll(root, 7);

  test("every leaf lands in exactly one page", () => {
    expect(sink.freshLeaves.length).toBe(3000);
    expect(pages.length).toBeGreaterThan(16);
    // A child page is only split off when its subtree is too big to inline.
    expect(sink.children.length).toBe(pages.length - 1);
    for (const c of sink.children) expect(c.depth % PAGE_BITS).toBe(0);
  });

  test("decode then re-encode reproduces every page byte for byte, with and without copied spans", () => {
    for (const p of pages) {
      const top = decodePage(p.bytes, p.depth, p.hash);
      expect(top).not.toBeNull();
      const again = encodePage(top as SmtNode, p.depth, p.path, 99, { children: [], freshInners: [], freshLeaves: [] });
      expect(again.equals(p.bytes)).toBe(true);
      clearSpans(top);
      const full = encodePage(top as SmtNode, p.depth, p.path, 99, { children: [], freshInners: [], freshLeaves: [] });
      expect(full.equals(p.bytes)).toBe(true);
      // and the decoded subtree hashes to what its parent recorded
      const fresh = decodePage(p.bytes, p.depth);
      expect(nodeHash(fresh)).toBe(p.hash);
    }
  });

  test("small subtrees at a page's bottom are inlined", () => {
    // With 3000 keys, most subtrees at depth 12 hold a handful of leaves.
    const deepest = Math.max(...pages.map((p) => p.depth));
    expect(deepest).toBeLessThanOrEqual(12);
    expect(INLINE_LEAVES).toBeGreaterThanOrEqual(2);
  });

  test("page keys: version first, then depth, then the masked path prefix", () => {
    const path = String.fromCharCode(0xab, 0xcd, 0xef) + "\0".repeat(29);
    expect(pageKey(258, 0, path).toString("hex")).toBe("000000000000010200");
    expect(pageKey(1, 4, path).toString("hex")).toBe("000000000000000104a0");
    expect(pageKey(1, 12, path).toString("hex")).toBe("00000000000000010cabc0");
    expect(pageKey(1, 16, path).toString("hex")).toBe("000000000000000110abcd");
    expect(pageCacheKey(1, 12, path)).toBe(pageCacheKey(1, 12, path.slice(0, 1) + String.fromCharCode(0xc7) + path.slice(2)));
    expect(pageCacheKey(1, 12, path)).not.toBe(pageCacheKey(2, 12, path));
  });

  test("malformed pages are rejected", () => {
    const good = pages[0] as Stored;
    expect(() => decodePage(good.bytes.subarray(0, good.bytes.length - 1), 0)).toThrow();
    expect(() => decodePage(Buffer.concat([good.bytes, Buffer.of(0)]), 0)).toThrow();
    expect(() => decodePage(Buffer.of(9), 0)).toThrow();
    expect(() => decodePage(Buffer.concat([Buffer.of(3), Buffer.alloc(40)]), 0)).toThrow(); // reference above the bottom
  });
});
