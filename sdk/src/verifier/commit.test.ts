import { toHex } from "@cosmjs/encoding";
import { ProofError } from "./errors";
import { NotEnoughVotingPowerError, checkCommitBasic, verifyCommit, verifyCommitLight, verifyCommitLightTrusting, verifyCommitSignatures, type VerifiedSignatures } from "./commit";
import { fakeValidator, FakeChain, orderedSet, signCommit, type FakeValidator, type FakeVote } from "./testing/fake-chain";
import { BLOCK_ID_FLAG, type SignedHeader } from "./types";

const CHAIN = "commit-test";
const ONE_THIRD = { numerator: 1n, denominator: 3n };

/** Block 1 of a chain whose set is `vals`, voted as `vote(i)` says (i in set order). */
function block(vals: FakeValidator[], vote: (i: number) => FakeVote = () => "commit"): { sh: SignedHeader; set: FakeValidator[] } {
  const chain = new FakeChain({ chainId: CHAIN, height: 1, validatorsAt: () => vals, vote: (_h, i) => vote(i) });
  return { sh: chain.signedHeader(1n), set: orderedSet(vals) };
}

const equalPower = (n: number, power = 1n): FakeValidator[] => Array.from({ length: n }, (_, i) => fakeValidator(i + 1, power));

function thrown(f: () => void): ProofError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProofError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("verifyCommit: more than 2/3 of the power", () => {
  test("exactly 2/3 is not enough; one more vote is", () => {
    // 3 validators of power 1: 2 of 3 is exactly 2/3
    const two = block(equalPower(3), (i) => (i === 2 ? "absent" : "commit"));
    const e = thrown(() => verifyCommit(CHAIN, two.set.map((v) => v.validator), two.sh));
    expect(e).toBeInstanceOf(NotEnoughVotingPowerError);
    expect(e.kind).toBe("commit");
    expect([(e as NotEnoughVotingPowerError).got, (e as NotEnoughVotingPowerError).needed]).toEqual([2n, 2n]);
    const three = block(equalPower(3));
    expect(() => verifyCommit(CHAIN, three.set.map((v) => v.validator), three.sh)).not.toThrow();
  });

  test("weighted: 4 of 6 is exactly 2/3 and fails, 5 of 6 passes", () => {
    const vals = [fakeValidator(1, 3n), fakeValidator(2, 1n), fakeValidator(3, 1n), fakeValidator(4, 1n)];
    // set order: power 3 first, then the three power-1 validators by address
    const four = block(vals, (i) => (i >= 2 ? "absent" : "commit")); // 3 + 1
    expect(thrown(() => verifyCommit(CHAIN, four.set.map((v) => v.validator), four.sh))).toBeInstanceOf(NotEnoughVotingPowerError);
    const five = block(vals, (i) => (i === 3 ? "absent" : "commit")); // 3 + 1 + 1
    expect(() => verifyCommit(CHAIN, five.set.map((v) => v.validator), five.sh)).not.toThrow();
  });

  test("nil votes do not count but their signatures are checked", () => {
    const vals = equalPower(4);
    const ok = block(vals, (i) => (i === 1 ? "nil" : i === 3 ? "absent" : "commit")); // 2 of 4 for the block
    expect(thrown(() => verifyCommit(CHAIN, ok.set.map((v) => v.validator), ok.sh))).toBeInstanceOf(NotEnoughVotingPowerError);
    const nil = block(vals, (i) => (i === 1 ? "nil" : "commit")); // 3 of 4 for the block, a valid nil vote
    const set = nil.set.map((v) => v.validator);
    expect(() => verifyCommit(CHAIN, set, nil.sh)).not.toThrow();
    // a nil vote whose signature is over the block (not over nil) is a bad signature
    const sig = nil.sh.commit.signatures[1]!;
    expect(sig.blockIdFlag).toBe(BLOCK_ID_FLAG.NIL);
    const forBlock = signCommit(CHAIN, nil.set, 1n, nil.sh.commit.blockId, nil.sh.header.time);
    nil.sh.commit.signatures[1] = { ...forBlock.signatures[1]!, blockIdFlag: BLOCK_ID_FLAG.NIL };
    expect(thrown(() => verifyCommit(CHAIN, set, nil.sh)).message).toMatch(/wrong signature #1/);
    // VerifyCommitLight ignores nil votes and stops at > 2/3
    expect(() => verifyCommitLight(CHAIN, set, nil.sh)).not.toThrow();
  });

  test("a bad signature past the 2/3 mark fails verifyCommit (all checked) but not verifyCommitLight", () => {
    const b = block(equalPower(4));
    const set = b.set.map((v) => v.validator);
    const last = b.sh.commit.signatures[3]!;
    last.signature = Uint8Array.from(last.signature, (x, i) => (i === 0 ? x ^ 1 : x));
    expect(thrown(() => verifyCommit(CHAIN, set, b.sh)).kind).toBe("commit");
    expect(() => verifyCommitLight(CHAIN, set, b.sh)).not.toThrow();
  });

  test("the commit must have one entry per validator, in the set's order", () => {
    const b = block(equalPower(4));
    const set = b.set.map((v) => v.validator);
    const short = structuredClone(b.sh);
    short.commit.signatures.pop();
    expect(thrown(() => verifyCommit(CHAIN, set, short)).message).toMatch(/3 signatures for 4 validators/);
    // the same validator's signature twice (index 0 copied to 1): refused by index lookup
    const dup = structuredClone(b.sh);
    dup.commit.signatures[1] = dup.commit.signatures[0]!;
    expect(thrown(() => verifyCommit(CHAIN, set, dup)).message).toMatch(/signature #1 is from/);
    // the set in another order has another hash
    expect(thrown(() => verifyCommit(CHAIN, [...set].reverse(), b.sh)).kind).toBe("validators");
  });

  test("malformed commits", () => {
    const b = block(equalPower(2));
    const bad = (edit: (sh: SignedHeader) => void): ProofError => {
      const t = structuredClone(b.sh);
      edit(t);
      return thrown(() => checkCommitBasic(t.commit));
    };
    expect(bad((t) => (t.commit.signatures[0]!.blockIdFlag = 7)).message).toMatch(/unknown block id flag/);
    expect(bad((t) => (t.commit.signatures[0]!.signature = new Uint8Array(0))).message).toMatch(/missing/);
    expect(bad((t) => (t.commit.signatures[0]!.validatorAddress = new Uint8Array(19))).message).toMatch(/20/);
    expect(bad((t) => (t.commit.signatures = [])).message).toMatch(/no signatures/);
    expect(bad((t) => (t.commit.round = -1)).message).toMatch(/round/);
    expect(bad((t) => (t.commit.blockId.partSetHeader.total = 0)).message).toMatch(/complete block id/);
    expect(
      bad((t) => {
        t.commit.signatures[0] = { ...t.commit.signatures[0]!, blockIdFlag: BLOCK_ID_FLAG.ABSENT };
      }).message,
    ).toMatch(/absent vote with/);
  });

  test("a validator set that does not hash to the header's, or is malformed", () => {
    const b = block(equalPower(3));
    const set = b.set.map((v) => v.validator);
    expect(thrown(() => verifyCommit(CHAIN, set.slice(0, 2), b.sh)).kind).toBe("validators");
    expect(thrown(() => verifyCommit(CHAIN, [], b.sh)).message).toMatch(/empty/);
    expect(thrown(() => verifyCommit(CHAIN, [set[0]!, set[0]!, set[2]!], b.sh)).message).toMatch(/twice/);
    expect(thrown(() => verifyCommit(CHAIN, set.map((v) => ({ ...v, votingPower: 0n })), b.sh)).message).toMatch(/voting power 0/);
  });
});

describe("verifyCommitLightTrusting: more than the trust level of a trusted set", () => {
  test("counts trusted validators by address, skips unknown signers, needs more than 1/3", () => {
    const trusted = equalPower(3).map((v) => v.validator); // validators 1-3, power 1 each: need > 1
    // the new block is signed by validators 2, 5, 6, 7 (one trusted validator: 1/3, not more)
    const one = block([fakeValidator(2, 1n), fakeValidator(5, 1n), fakeValidator(6, 1n), fakeValidator(7, 1n)]);
    const e = thrown(() => verifyCommitLightTrusting(CHAIN, trusted, one.sh.commit, ONE_THIRD));
    expect(e).toBeInstanceOf(NotEnoughVotingPowerError);
    expect(e.kind).toBe("trust");
    expect([(e as NotEnoughVotingPowerError).got, (e as NotEnoughVotingPowerError).needed]).toEqual([1n, 1n]);
    // two trusted validators among the signers: 2/3 > 1/3
    const two = block([fakeValidator(2, 1n), fakeValidator(3, 1n), fakeValidator(6, 1n), fakeValidator(7, 1n)]);
    expect(() => verifyCommitLightTrusting(CHAIN, trusted, two.sh.commit, ONE_THIRD)).not.toThrow();
    // ... but not 2/3 or more
    expect(thrown(() => verifyCommitLightTrusting(CHAIN, trusted, two.sh.commit, { numerator: 2n, denominator: 3n })).kind).toBe("trust");
  });

  test("a validator signing twice is refused, not counted twice", () => {
    const trusted = equalPower(3).map((v) => v.validator);
    const b = block([fakeValidator(1, 1n), fakeValidator(5, 1n), fakeValidator(6, 1n)]);
    const i = b.set.findIndex((v) => toHex(v.validator.address) === toHex(trusted[0]!.address));
    const j = i === 0 ? 1 : 0;
    b.sh.commit.signatures[j] = b.sh.commit.signatures[i]!;
    expect(thrown(() => verifyCommitLightTrusting(CHAIN, trusted, b.sh.commit, ONE_THIRD)).message).toMatch(/double vote/);
  });

  test("signatures found valid are shared only for the same signature under the same key", () => {
    const b = block(equalPower(3));
    const set = b.set.map((v) => v.validator);
    const verified: VerifiedSignatures = new Map();
    verifyCommitLightTrusting(CHAIN, set, b.sh.commit, ONE_THIRD, verified);
    expect(verified.size).toBe(2); // stopped past 1/3
    expect(() => verifyCommitSignatures(CHAIN, set, b.sh.commit, true, verified)).not.toThrow();
    const [i] = [...verified.keys()] as [number];
    const sig = b.sh.commit.signatures[i]!;
    sig.signature = Uint8Array.from(sig.signature, (x, k) => (k === 0 ? x ^ 1 : x)); // changed after it was checked
    expect(thrown(() => verifyCommitSignatures(CHAIN, set, b.sh.commit, true, verified)).message).toMatch(new RegExp(`wrong signature #${i}`));
    verified.set(i, { pubKey: set[(i + 1) % 3]!.pubKey, signature: sig.signature }); // "checked" under another key
    expect(thrown(() => verifyCommitSignatures(CHAIN, set, b.sh.commit, true, verified)).message).toMatch(new RegExp(`wrong signature #${i}`));
  });

  test("a trusted validator's bad signature is refused", () => {
    const trusted = equalPower(3).map((v) => v.validator);
    const b = block(equalPower(3));
    b.sh.commit.signatures[0]!.timestamp = { seconds: 1n, nanos: 0 };
    expect(thrown(() => verifyCommitLightTrusting(CHAIN, trusted, b.sh.commit, ONE_THIRD)).message).toMatch(/wrong signature #0/);
    expect(thrown(() => verifyCommitLightTrusting("another-chain", trusted, block(equalPower(3)).sh.commit, ONE_THIRD)).kind).toBe("commit");
  });
});
