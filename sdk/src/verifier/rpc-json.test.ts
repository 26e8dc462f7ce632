import { toBase64, toHex } from "@cosmjs/encoding";
import { ProofError, type ProofErrorKind } from "./errors";
import { parseAbciQuery, parseGenesisValidators, parseSignedHeader, parseValidators } from "./rpc-json";
import { fakeValidator } from "./testing/fake-chain";
import vectors from "./testdata/localnet-vectors.json";

function kindOf(f: () => unknown): ProofErrorKind {
  try {
    f();
  } catch (e) {
    if (e instanceof ProofError) return e.kind;
    throw e;
  }
  throw new Error("did not throw");
}

const commit = (): { signed_header: { header: Record<string, unknown>; commit: Record<string, unknown> } } => structuredClone(vectors.commits["2"]);

describe("rpc-json", () => {
  test("parses a real commit result", () => {
    const sh = parseSignedHeader(vectors.commits["2"]);
    expect(sh.header.height).toBe(2n);
    expect(sh.header.version).toEqual({ block: 11n, app: 1n });
    const frac = /\.(\d+)Z$/.exec(vectors.commits["2"].signed_header.header.time)?.[1] ?? "";
    expect(sh.header.time.nanos).toBe(Number(frac.padEnd(9, "0")));
    expect(sh.commit.signatures[0]?.signature.length).toBe(64);
    expect(sh.commit.blockId.partSetHeader.total).toBe(1);
  });

  test("anything that is not the RPC's shape is rpc_shape", () => {
    const cases: ((c: ReturnType<typeof commit>) => void)[] = [
      (c) => delete c.signed_header.header["app_hash"],
      (c) => (c.signed_header.header["app_hash"] = "XYZ"),
      (c) => (c.signed_header.header["height"] = "two"),
      (c) => (c.signed_header.header["time"] = "yesterday"),
      (c) => (c.signed_header.commit["signatures"] = null),
      (c) => (c.signed_header.commit["block_id"] = {}),
    ];
    for (const edit of cases) {
      const c = commit();
      edit(c);
      expect(kindOf(() => parseSignedHeader(c))).toBe("rpc_shape");
    }
    // numbers are accepted for int64 fields (some proxies re-encode them)
    const c = commit();
    c.signed_header.header["height"] = 2;
    expect(parseSignedHeader(c).header.height).toBe(2n);
    for (const bad of [null, undefined, 5, "x", {}, { signed_header: null }]) expect(kindOf(() => parseSignedHeader(bad))).toBe("rpc_shape");
  });

  test("validators: ed25519 keys only, page totals", () => {
    const v = parseValidators(vectors.validators["2"]);
    expect(v).toMatchObject({ blockHeight: 2n, total: 1 });
    expect(v.validators[0]?.pubKey.length).toBe(32);
    expect(v.validators[0]?.votingPower).toBe(10n);
    const secp = structuredClone(vectors.validators["2"]);
    secp.validators[0]!.pub_key.type = "tendermint/PubKeySecp256k1";
    expect(kindOf(() => parseValidators(secp))).toBe("validators");
    const short = structuredClone(vectors.validators["2"]);
    short.validators[0]!.pub_key.value = "AAAA";
    expect(kindOf(() => parseValidators(short))).toBe("validators");
    expect(kindOf(() => parseValidators({ block_height: "2", validators: [] }))).toBe("rpc_shape");
  });

  test("abci_query: empty fields may be null or left out", () => {
    const present = parseAbciQuery(vectors.queries[0]!.result);
    expect(present.code).toBe(0);
    expect(present.proofOps).toHaveLength(1);
    expect(parseAbciQuery({ response: { height: "7" } })).toEqual({ code: 0, log: "", key: new Uint8Array(0), value: new Uint8Array(0), height: 7n, proofOps: [] });
    expect(parseAbciQuery({ response: { code: 6, log: "no", value: null, proofOps: null, height: "0" } })).toMatchObject({ code: 6, log: "no", proofOps: [] });
    expect(kindOf(() => parseAbciQuery({ response: { value: "not base64!" } }))).toBe("rpc_shape");
    expect(kindOf(() => parseAbciQuery({}))).toBe("rpc_shape");
  });

  test("genesis validators: from the RPC result or the document, in CometBFT order", () => {
    const a = fakeValidator(1, 5n).validator;
    const b = fakeValidator(2, 7n).validator;
    const c = fakeValidator(3, 5n).validator;
    const json = [a, b, c].map((v) => ({ pub_key: { type: "tendermint/PubKeyEd25519", value: toBase64(v.pubKey) }, power: v.votingPower.toString(), name: "" }));
    const got = parseGenesisValidators({ genesis: { validators: json } });
    expect(got[0]?.address).toEqual(b.address);
    const rest = [a, c].map((v) => toHex(v.address)).sort();
    expect(got.slice(1).map((v) => toHex(v.address))).toEqual(rest);
    expect(parseGenesisValidators({ validators: json })).toEqual(got);
    expect(parseGenesisValidators({ validators: null })).toEqual([]);
  });
});
