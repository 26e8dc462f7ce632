import { ed25519 } from "@noble/curves/ed25519";
import { ProofError } from "./errors";
import { checkTrustLevel, headerExpired, verifyAdjacent, verifyBackwards, verifyLightBlock, verifyNonAdjacent, type LightParams } from "./light-verifier";
import { fakeValidator, FakeChain } from "./testing/fake-chain";
import type { TrustedBlock } from "./trusted-store";

const vals = [1, 2, 3, 4].map((n) => fakeValidator(n));
const chain = new FakeChain({ chainId: "lv", height: 6, validatorsAt: (h) => (h <= 3n ? vals.slice(0, 3) : vals.slice(1, 4)) });
const block = (h: bigint): TrustedBlock => ({ signedHeader: structuredClone(chain.signedHeader(h)), validators: chain.validators(h) });
const params = (o: Partial<LightParams> = {}): LightParams => ({
  chainId: "lv",
  now: chain.timeAt(7n),
  trustingPeriodSeconds: 3600,
  maxClockDriftSeconds: 10,
  trustLevel: { numerator: 1n, denominator: 3n },
  ...o,
});

function kind(f: () => void): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ProofError) return `${e.kind}: ${e.reason}`;
    throw e;
  }
  return "ok";
}

describe("light-client steps", () => {
  test("adjacent and non-adjacent steps across a validator-set change", () => {
    expect(kind(() => verifyAdjacent(block(3n), block(4n), params()))).toBe("ok");
    expect(kind(() => verifyNonAdjacent(block(2n), block(5n), params()))).toBe("ok");
    expect(kind(() => verifyLightBlock(block(1n), block(6n), params()))).toBe("ok");
    expect(kind(() => verifyAdjacent(block(2n), block(4n), params()))).toMatch(/^trust: header 4 is not adjacent/);
    expect(kind(() => verifyNonAdjacent(block(3n), block(4n), params()))).toMatch(/^trust: header 4 is adjacent/);
  });

  test("non-adjacent: a signature checked against the trusted set is not verified again", () => {
    // block 5 is signed by validators 2, 3 and 4; the trusted set of block 2 is 1, 2 and 3
    const verify = jest.spyOn(ed25519, "verify");
    try {
      expect(kind(() => verifyNonAdjacent(block(2n), block(5n), params()))).toBe("ok");
      expect(verify).toHaveBeenCalledTimes(3); // 2 and 3 for the trust level, then only 4
      verify.mockClear();
      // a bad signature from a validator of both sets is still refused
      const bad = block(5n);
      const sig = bad.signedHeader.commit.signatures[0]!;
      sig.signature = Uint8Array.from(sig.signature, (x, i) => (i === 0 ? x ^ 1 : x));
      expect(kind(() => verifyNonAdjacent(block(2n), bad, params()))).toMatch(/^commit: wrong signature #0/);
    } finally {
      verify.mockRestore();
    }
  });

  test("adjacent: the new validators must be the trusted header's next validators", () => {
    const untrusted = block(4n);
    const trusted = block(3n);
    trusted.signedHeader.header.nextValidatorsHash = trusted.signedHeader.header.validatorsHash;
    expect(kind(() => verifyAdjacent(trusted, untrusted, params()))).toMatch(/^validators: .*next validators hash/);
  });

  test("the untrusted validators must hash to the header's", () => {
    expect(kind(() => verifyLightBlock(block(1n), { ...block(5n), validators: chain.validators(1n) }, params()))).toMatch(/^validators: validator set hash/);
  });

  test("expiry, future, order and chain id", () => {
    const t1 = chain.timeAt(1n);
    expect(headerExpired(block(1n).signedHeader.header, 3600, { seconds: t1.seconds + 3600n, nanos: 0 })).toBe(true);
    expect(headerExpired(block(1n).signedHeader.header, 3600, { seconds: t1.seconds + 3599n, nanos: 999 })).toBe(false);
    expect(kind(() => verifyLightBlock(block(1n), block(5n), params({ trustingPeriodSeconds: 5 })))).toMatch(/^trust: trusted header at height 1 expired/);
    expect(kind(() => verifyLightBlock(block(1n), block(5n), params({ now: chain.timeAt(5n), maxClockDriftSeconds: 0 })))).toMatch(/^trust: .*future/);
    expect(kind(() => verifyLightBlock(block(5n), block(2n), params()))).toMatch(/^trust: header height 2 is not above/);
    expect(kind(() => verifyLightBlock(block(1n), block(5n), params({ chainId: "other" })))).toMatch(/^trust: header belongs to chain "lv"/);
  });

  test("backwards: hash, time and chain id", () => {
    expect(kind(() => verifyBackwards(block(4n).signedHeader.header, block(5n).signedHeader.header))).toBe("ok");
    const older = block(4n).signedHeader.header;
    older.appHash = new Uint8Array(32);
    expect(kind(() => verifyBackwards(older, block(5n).signedHeader.header))).toMatch(/^header: header hash/);
    expect(kind(() => verifyBackwards(block(5n).signedHeader.header, block(4n).signedHeader.header))).toMatch(/^trust/);
    expect(kind(() => verifyBackwards(block(3n).signedHeader.header, block(5n).signedHeader.header))).toMatch(/^trust: header 3 is not just below 5/);
  });

  test("trust levels outside [1/3, 1] are refused", () => {
    expect(kind(() => checkTrustLevel({ numerator: 1n, denominator: 3n }))).toBe("ok");
    expect(kind(() => checkTrustLevel({ numerator: 1n, denominator: 1n }))).toBe("ok");
    for (const l of [
      { numerator: 1n, denominator: 4n },
      { numerator: 4n, denominator: 3n },
      { numerator: 1n, denominator: 0n },
    ]) {
      expect(kind(() => checkTrustLevel(l))).toMatch(/^trust/);
    }
  });
});
