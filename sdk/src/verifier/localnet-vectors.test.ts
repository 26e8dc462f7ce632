import { CommitmentProof } from "cosmjs-types/cosmos/ics23/v1/proofs";
import { toHex } from "@cosmjs/encoding";
import { ProofError, type ProofErrorKind } from "./errors";
import { headerHash } from "./header";
import { NotEnoughVotingPowerError, verifyCommit } from "./commit";
import { LightClient } from "./light-client";
import type { LightClientRpc } from "./rpc-client";
import { parseAbciQuery, parseGenesisValidators, parseSignedHeader, parseValidators } from "./rpc-json";
import { verifySmtProof } from "./smt-proof";
import type { SignedHeader, Validator } from "./types";
import { validatorAddress, validatorSetHash } from "./validator-set";
import vectors from "./testdata/localnet-vectors.json";

// Vectors captured from a real single-validator test net (CometBFT 0.38.25 + our app) by
// testdata/capture-vectors.ts: nothing here was produced by the code under test.
const HEIGHTS = ["1", "2", "3", "4"] as const;
const chainId = vectors.chainId;
const sh = (h: string): SignedHeader => parseSignedHeader(vectors.commits[h as keyof typeof vectors.commits]);
const vals = (h: string): Validator[] => parseValidators(vectors.validators[h as keyof typeof vectors.validators]).validators;

function expectKind(f: () => unknown, kind: ProofErrorKind): ProofError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ProofError);
    expect((e as ProofError).kind).toBe(kind);
    return e as ProofError;
  }
  throw new Error(`expected a ProofError ${kind}`);
}

const flip = (b: Uint8Array, i = 0): Uint8Array => {
  const c = Uint8Array.from(b);
  c[i] = (c[i] as number) ^ 1;
  return c;
};

describe("localnet vectors", () => {
  test("were captured from CometBFT 0.38.25", () => {
    expect(vectors.cometbftVersion).toBe("0.38.25");
  });

  test("header hash of height h is commit(h)'s block id and commit(h+1)'s last block id", () => {
    for (const h of HEIGHTS) expect(toHex(headerHash(sh(h).header))).toBe(toHex(sh(h).commit.blockId.hash));
    for (const h of ["1", "2", "3"]) {
      const next = String(Number(h) + 1);
      expect(toHex(sh(next).header.lastBlockId.hash)).toBe(toHex(headerHash(sh(h).header)));
      expect(sh(next).header.lastBlockId.partSetHeader).toEqual(sh(h).commit.blockId.partSetHeader);
    }
    // height 1 has an empty last block id, which still hashes as CometBFT does
    expect(sh("1").header.lastBlockId.hash.length).toBe(0);
  });

  test("validator set hash matches the headers, and the genesis validators are the first set", () => {
    for (const h of HEIGHTS) {
      expect(toHex(validatorSetHash(vals(h)))).toBe(toHex(sh(h).header.validatorsHash));
      expect(toHex(validatorSetHash(vals(h)))).toBe(toHex(sh(h).header.nextValidatorsHash));
    }
    const genesis = parseGenesisValidators({ genesis: { validators: vectors.genesisValidators } });
    expect(toHex(validatorSetHash(genesis))).toBe(toHex(sh("1").header.validatorsHash));
    expect(genesis[0]?.address).toEqual(vals("1")[0]?.address);
  });

  test("verifyCommit accepts every captured height", () => {
    for (const h of HEIGHTS) expect(() => verifyCommit(chainId, vals(h), sh(h))).not.toThrow();
  });

  describe("tampering is refused with the right kind", () => {
    const h = "3";
    test("one byte of the app hash: the header is no longer the signed block", () => {
      const t = sh(h);
      t.header.appHash = flip(t.header.appHash, 5);
      const e = expectKind(() => verifyCommit(chainId, vals(h), t), "header");
      expect(e.height).toBe(3n);
      expect(e.message).toMatch(/commit signs block/);
    });
    test("a signature byte", () => {
      const t = sh(h);
      t.commit.signatures[0]!.signature = flip(t.commit.signatures[0]!.signature, 10);
      expect(expectKind(() => verifyCommit(chainId, vals(h), t), "commit").message).toMatch(/wrong signature #0/);
    });
    test("a vote timestamp (the signed bytes change)", () => {
      const t = sh(h);
      t.commit.signatures[0]!.timestamp = { ...t.commit.signatures[0]!.timestamp, nanos: t.commit.signatures[0]!.timestamp.nanos + 1 };
      expectKind(() => verifyCommit(chainId, vals(h), t), "commit");
    });
    test("the header time", () => {
      const t = sh(h);
      t.header.time = { ...t.header.time, seconds: t.header.time.seconds + 1n };
      expectKind(() => verifyCommit(chainId, vals(h), t), "header");
    });
    test("a voting power", () => {
      const v = vals(h);
      v[0]!.votingPower += 1n;
      expect(expectKind(() => verifyCommit(chainId, v, sh(h)), "validators").message).toMatch(/validator set hash/);
    });
    test("a validator key, with or without its address", () => {
      const v = vals(h);
      v[0]!.pubKey = flip(v[0]!.pubKey, 3);
      expect(expectKind(() => verifyCommit(chainId, v, sh(h)), "validators").message).toMatch(/not the address of its key/);
      v[0]!.address = validatorAddress(v[0]!.pubKey);
      expect(expectKind(() => verifyCommit(chainId, v, sh(h)), "validators").message).toMatch(/validator set hash/);
    });
    test("the header's validators hash (the header hash changes with it)", () => {
      const t = sh(h);
      t.header.validatorsHash = flip(t.header.validatorsHash);
      expectKind(() => verifyCommit(chainId, vals(h), t), "header"); // the header hash changed first
    });
    test("the chain id, asked or in the header", () => {
      expect(expectKind(() => verifyCommit("other-chain", vals(h), sh(h)), "header").message).toMatch(/belongs to chain/);
      const t = sh(h);
      t.header.chainId = "other-chain";
      expectKind(() => verifyCommit("other-chain", vals(h), t), "header");
    });
    test("the height, of the header or of the commit", () => {
      const t = sh(h);
      t.header.height = 4n;
      expect(expectKind(() => verifyCommit(chainId, vals(h), t), "header").message).toMatch(/commit is for height 3/);
      const c = sh(h);
      c.commit.height = 4n;
      expectKind(() => verifyCommit(chainId, vals(h), c), "header");
    });
    test("the commit of another height", () => {
      const t = sh(h);
      t.commit = sh("2").commit;
      expectKind(() => verifyCommit(chainId, vals(h), t), "header");
    });
    test("a removed signature (absent vote): not enough power", () => {
      const t = sh(h);
      t.commit.signatures[0] = { blockIdFlag: 1, validatorAddress: new Uint8Array(0), timestamp: { seconds: -62135596800n, nanos: 0 }, signature: new Uint8Array(0) };
      const e = expectKind(() => verifyCommit(chainId, vals(h), t), "commit");
      expect(e).toBeInstanceOf(NotEnoughVotingPowerError);
      expect((e as NotEnoughVotingPowerError).got).toBe(0n);
      expect((e as NotEnoughVotingPowerError).needed).toBe(6n);
    });
  });

  describe("a light client serving the captured answers", () => {
    const rpc: LightClientRpc = {
      commit: async (h) => vectors.commits[String(h) as keyof typeof vectors.commits],
      validators: async (h) => vectors.validators[String(h) as keyof typeof vectors.validators],
    };
    const now = (): Date => new Date(Number(sh("4").header.time.seconds) * 1000 + 1000);
    const heights = (light: LightClient): bigint[] => light.trustedBlocks().map((b) => b.signedHeader.header.height);

    test("from the genesis validators: skips to 3, then adjacent 4, then 2 between trusted headers", async () => {
      const genesisValidators = parseGenesisValidators({ genesis: { validators: vectors.genesisValidators } });
      const light = new LightClient({ chainId, rpc, trust: { genesisValidators }, now });
      for (const h of [3n, 4n, 2n]) {
        const b = await light.verifyHeaderAt(h);
        expect(toHex(b.signedHeader.header.appHash)).toBe(toHex(sh(String(h)).header.appHash));
      }
      expect(heights(light)).toEqual([1n, 2n, 3n, 4n]);
    });

    test("from the hash of header 4: backwards to 1 through the last block ids", async () => {
      const light = new LightClient({ chainId, rpc, trust: { height: 4n, hash: headerHash(sh("4").header) }, now });
      expect(toHex(headerHash((await light.verifyHeaderAt(1n)).signedHeader.header))).toBe(toHex(sh("1").commit.blockId.hash));
      expect(heights(light)).toEqual([1n, 4n]);
    });

    test("refuses a root hash that is not the header's, and a header of another chain", async () => {
      const wrong = new LightClient({ chainId, rpc, trust: { height: 4n, hash: flip(headerHash(sh("4").header)) }, now });
      await expect(wrong.verifyHeaderAt(4n)).rejects.toMatchObject({ kind: "trust" });
      const other = new LightClient({ chainId: "other-chain", rpc, trust: { height: 2n, hash: headerHash(sh("2").header) }, now });
      await expect(other.verifyHeaderAt(3n)).rejects.toMatchObject({ kind: "trust", reason: expect.stringMatching(/belongs to chain/) });
    });
  });

  describe("state proofs (abci_query /store/key, prove=true) against the app hash of the next header", () => {
    const q = (what: string) => {
      const v = vectors.queries.find((x) => x.what === what);
      if (!v) throw new Error(`no ${what} query in the vectors`);
      const a = parseAbciQuery(v.result);
      return { a, proof: CommitmentProof.decode(a.proofOps[0]!.data) };
    };
    const appHash = () => sh("4").header.appHash;

    test("a present key's value and an absent key's absence are proven", () => {
      const present = q("present");
      expect(present.a.height).toBe(3n);
      expect(present.a.proofOps[0]?.type).toBe("ics23:smt");
      expect(new TextDecoder().decode(present.a.value)).toMatch(/^\d+$/);
      expect(() => verifySmtProof(present.proof, appHash(), present.a.key, present.a.value)).not.toThrow();
      const absent = q("absent");
      expect(absent.a.value.length).toBe(0);
      expect(absent.proof.nonexist).toBeDefined();
      expect(() => verifySmtProof(absent.proof, appHash(), absent.a.key)).not.toThrow();
    });

    test("another value, another key, another root or a tampered proof are refused", () => {
      const { a, proof } = q("present");
      expectKind(() => verifySmtProof(proof, appHash(), a.key, new TextEncoder().encode("1")), "proof");
      expectKind(() => verifySmtProof(proof, appHash(), flip(a.key, 7), a.value), "proof");
      expectKind(() => verifySmtProof(proof, flip(appHash()), a.key, a.value), "proof");
      expectKind(() => verifySmtProof(proof, appHash(), a.key), "proof"); // not a non-membership proof
      const t = CommitmentProof.decode(a.proofOps[0]!.data);
      const step = t.exist!.path[0]!;
      if (step.suffix.length > 0) step.suffix = flip(step.suffix, 4);
      else step.prefix = flip(step.prefix, 4);
      expect(expectKind(() => verifySmtProof(t, appHash(), a.key, a.value), "proof").message).toMatch(/does not lead to the root/);
      const absent = q("absent");
      expectKind(() => verifySmtProof(absent.proof, appHash(), a.key), "proof"); // a present key is not absent
    });
  });
});
