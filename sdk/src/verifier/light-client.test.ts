import { ProofError, type ProofErrorKind } from "./errors";
import { headerHash } from "./header";
import { LightClient, type LightClientOptions } from "./light-client";
import type { LightClientRpc } from "./rpc-client";
import { memoryTrustedStore } from "./trusted-store";
import { fakeValidator, FakeChain, type FakeValidator } from "./testing/fake-chain";

const CHAIN = "light-test";
const validators = Array.from({ length: 12 }, (_, i) => fakeValidator(i + 1, 10n));
/** Every 10 heights two validators leave and two join: sets 10 heights apart share 4 of 6, 20 apart 2 of 6, 30 apart none. */
const rolling = (h: bigint): FakeValidator[] => {
  const epoch = Number((h - 1n) / 10n);
  return validators.slice(2 * epoch, 2 * epoch + 6);
};

let template: FakeChain | undefined;
/** A fresh copy of the 45-block rolling chain, or a new chain with other settings. */
function chainOf(validatorsAt?: (h: bigint) => FakeValidator[], height = 45, blockSeconds = 5): FakeChain {
  if (validatorsAt) return new FakeChain({ chainId: CHAIN, height, validatorsAt, blockSeconds });
  template ??= new FakeChain({ chainId: CHAIN, height: 45, validatorsAt: rolling });
  return template.clone();
}

function client(chain: FakeChain, o: Partial<LightClientOptions> = {}): LightClient {
  return new LightClient({ chainId: CHAIN, rpc: chain.rpc(), trust: { genesisValidators: chain.validators(1n) }, now: () => chain.dateAt(45n, 1), ...o });
}

async function rejects(p: Promise<unknown>, kind: ProofErrorKind, message?: RegExp): Promise<ProofError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProofError);
    expect((e as ProofError).kind).toBe(kind);
    if (message) expect((e as ProofError).message).toMatch(message);
    return e as ProofError;
  }
  throw new Error(`expected a ProofError ${kind}`);
}

const commitCalls = (chain: FakeChain): string[] => chain.calls.filter((c) => c.startsWith("commit"));

describe("LightClient", () => {
  test("trust from genesis validators, then adjacent headers across a validator-set change", async () => {
    const chain = chainOf();
    const light = client(chain);
    expect(light.latestTrusted()).toBeUndefined();
    for (const h of [9n, 10n, 11n, 12n]) {
      const b = await light.verifyHeaderAt(h);
      expect(b.signedHeader.header.height).toBe(h);
    }
    expect(light.latestTrusted()?.signedHeader.header.appHash).toEqual(chain.signedHeader(12n).header.appHash);
    expect(light.trustedBlocks().map((b) => b.signedHeader.header.height)).toEqual([1n, 9n, 10n, 11n, 12n]);
  });

  test("skips to a later header across a validator-set change when enough trusted power signed it", async () => {
    const chain = chainOf();
    const light = client(chain);
    await light.verifyHeaderAt(15n); // set of 1-10 vs 11-20: 4 of 6 trusted validators signed
    expect(commitCalls(chain)).toEqual(["commit 1", "commit 15"]);
  });

  test("bisects when the trusted set's signing power is below the trust level", async () => {
    const chain = chainOf();
    const light = client(chain);
    await light.verifyHeaderAt(35n); // no validator of heights 1-10 signs height 35
    // 1 -> 35 fails, 1 -> 18 ok, 18 -> 35 fails, 18 -> 26 ok, 26 -> 35 ok
    expect(commitCalls(chain)).toEqual(["commit 1", "commit 35", "commit 18", "commit 26"]);
    expect(light.latestTrusted()?.signedHeader.header.height).toBe(35n);
  });

  test("a complete validator-set change is crossed by bisecting down to adjacent headers", async () => {
    const a = validators.slice(0, 4);
    const b = validators.slice(4, 8);
    const chain = chainOf((h) => (h <= 10n ? a : b), 20);
    const light = client(chain, { now: () => chain.dateAt(20n, 1) });
    await light.verifyHeaderAt(15n);
    expect(commitCalls(chain)).toContain("commit 11");
  });

  test("a stricter trust level bisects more", async () => {
    const chain = chainOf();
    await client(chain, { trustLevel: { numerator: 3n, denominator: 4n } }).verifyHeaderAt(15n);
    expect(commitCalls(chain).length).toBeGreaterThan(2);
    expect(() => client(chain, { trustLevel: { numerator: 1n, denominator: 4n } })).toThrow(/within \[1\/3, 1\]/);
  });

  test("refuses to verify from a trusted header older than the trusting period", async () => {
    const chain = chainOf();
    const day = 24 * 3600;
    const light = client(chain, { trustingPeriodSeconds: day, now: () => chain.dateAt(1n, day) });
    await light.verifyHeaderAt(1n); // the root itself is accepted
    await rejects(light.verifyHeaderAt(5n), "trust", /expired/);
    const fresh = client(chain, { trustingPeriodSeconds: day, now: () => chain.dateAt(1n, day - 1) });
    await expect(fresh.verifyHeaderAt(5n)).resolves.toBeDefined();
  });

  test("refuses headers from the future beyond the clock drift", async () => {
    const chain = chainOf();
    const light = client(chain, { now: () => chain.dateAt(20n, -10) }); // header 20 is exactly now + 10 s
    await rejects(light.verifyHeaderAt(20n), "trust", /future/);
    await expect(light.verifyHeaderAt(19n)).resolves.toBeDefined();
  });

  test("refuses headers whose time does not increase", async () => {
    const chain = chainOf(rolling, 10, 0);
    await rejects(client(chain, { now: () => chain.dateAt(10n, 1) }).verifyHeaderAt(3n), "trust", /not after/);
  });

  test("refuses another chain", async () => {
    const chain = chainOf();
    await rejects(client(chain, { chainId: "not-" + CHAIN }).verifyHeaderAt(5n), "trust", /belongs to chain/);
  });

  test("refuses a first header not signed by the genesis validators", async () => {
    const chain = chainOf();
    await rejects(client(chain, { trust: { genesisValidators: validators.slice(6, 12).map((v) => v.validator) } }).verifyHeaderAt(5n), "validators", /genesis/);
  });

  test("trust from a header hash: accepted when it matches, refused otherwise", async () => {
    const chain = chainOf();
    const hash = headerHash(chain.signedHeader(10n).header);
    const light = client(chain, { trust: { height: 10n, hash } });
    await expect(light.verifyHeaderAt(20n)).resolves.toBeDefined();
    expect(commitCalls(chain)).toEqual(["commit 10", "commit 20"]);
    const wrong = client(chain, { trust: { height: 10n, hash: headerHash(chain.signedHeader(11n).header) } });
    await rejects(wrong.verifyHeaderAt(20n), "trust", /not the trusted hash/);
  });

  test("below the first trusted header: backwards through the last block ids", async () => {
    const chain = chainOf();
    const light = client(chain, { trust: { height: 20n, hash: headerHash(chain.signedHeader(20n).header) } });
    const b = await light.verifyHeaderAt(16n);
    expect(b.signedHeader.header.height).toBe(16n);
    expect(commitCalls(chain)).toEqual(["commit 20", "commit 19", "commit 18", "commit 17", "commit 16"]);
    // between trusted headers: forward from the nearest lower one
    chain.calls.length = 0;
    await light.verifyHeaderAt(18n);
    expect(commitCalls(chain)).toEqual(["commit 18"]);
  });

  test("backwards: a tampered older header breaks the hash chain", async () => {
    const chain = chainOf();
    chain.blocks.get(17n)!.signedHeader.header.appHash = new Uint8Array(32);
    const light = client(chain, { trust: { height: 20n, hash: headerHash(chain.signedHeader(20n).header) } });
    await rejects(light.verifyHeaderAt(15n), "header", /last block id/);
  });

  test("an RPC answering another height's validators, or a tampered header, is caught", async () => {
    const chain = chainOf();
    const rpc = chain.rpc();
    const lying: LightClientRpc = { commit: rpc.commit, validators: (h, page, perPage) => rpc.validators(h === 25n ? 5n : h, page, perPage) };
    await rejects(client(chain, { rpc: lying }).verifyHeaderAt(25n), "rpc_shape", /answered for height 5/);
    const relabelled: LightClientRpc = {
      commit: rpc.commit,
      validators: async (h, page, perPage) => ({ ...((await rpc.validators(h === 25n ? 5n : h, page, perPage)) as object), block_height: String(h) }),
    };
    await rejects(client(chain, { rpc: relabelled }).verifyHeaderAt(25n), "validators", /validator set hash/);
    chain.blocks.get(25n)!.signedHeader.header.appHash = new Uint8Array(32);
    await rejects(client(chain).verifyHeaderAt(25n), "header", /commit signs block/);
  });

  test("a forged chain signed by other validators is refused even after bisection", async () => {
    const chain = chainOf();
    const forged = new FakeChain({ chainId: CHAIN, height: 45, validatorsAt: () => validators.slice(8, 12) });
    // the forger serves the real block 1 (the trust root), then its own blocks
    const real = chain.rpc();
    const fake = forged.rpc();
    const rpc: LightClientRpc = {
      commit: (h) => (h === 1n ? real.commit(h) : fake.commit(h)),
      validators: (h, page, perPage) => (h === 1n ? real.validators(h, page, perPage) : fake.validators(h, page, perPage)),
    };
    const e = await rejects(client(chain, { rpc }).verifyHeaderAt(30n), "validators");
    expect(e.message).toMatch(/next validators hash/); // bisection reached the adjacent header 2
  });

  test("verified headers are kept in the store and reused by a new client", async () => {
    const chain = chainOf();
    const store = memoryTrustedStore();
    await client(chain, { store }).verifyHeaderAt(12n);
    expect(store.blocks.map((b) => b.signedHeader.header.height).sort()).toEqual([12n, 1n].sort());
    chain.calls.length = 0;
    const again = client(chain, { store });
    expect((await again.verifyHeaderAt(12n)).signedHeader.header.height).toBe(12n);
    expect(chain.calls).toEqual([]); // no network: the root and height 12 came from the store
    await rejects(client(chain, { store, chainId: "other" }).verifyHeaderAt(12n), "trust", /trusted store/);
  });

  test("concurrent calls are serialised and all verified", async () => {
    const chain = chainOf();
    const light = client(chain);
    const got = await Promise.all([light.verifyHeaderAt(30n), light.verifyHeaderAt(7n), light.verifyHeaderAt(30n)]);
    expect(got.map((b) => b.signedHeader.header.height)).toEqual([30n, 7n, 30n]);
  });

  test("a trusted height is answered at once, not after a verification waiting on the network", async () => {
    const chain = chainOf();
    const rpc = chain.rpc();
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow: LightClientRpc = { commit: async (h) => (h === 30n ? gate.then(() => rpc.commit(h)) : rpc.commit(h)), validators: rpc.validators };
    const light = client(chain, { rpc: slow });
    await light.verifyHeaderAt(12n);
    const pending = light.verifyHeaderAt(30n); // blocked on the RPC
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("the trusted height waited behind height 30")), 2_000)));
    try {
      expect((await Promise.race([light.verifyHeaderAt(12n), waited])).signedHeader.header.height).toBe(12n);
      expect((await Promise.race([light.verifyHeaderAt(1n), waited])).signedHeader.header.height).toBe(1n);
    } finally {
      clearTimeout(timer);
      release();
    }
    expect((await pending).signedHeader.header.height).toBe(30n);
  });

  test("a failed step is not remembered", async () => {
    const a = validators.slice(0, 3);
    const chain = chainOf((h) => (h <= 10n ? a : validators.slice(3, 6)), 20);
    // height 12 is signed by a set none of the trusted validators is in (bisect), and 11 is broken
    chain.blocks.get(11n)!.signedHeader.commit.signatures[0]!.signature = new Uint8Array(64);
    const light = client(chain, { now: () => chain.dateAt(20n, 1), trust: { height: 10n, hash: headerHash(chain.signedHeader(10n).header) } });
    await rejects(light.verifyHeaderAt(12n), "commit", /wrong signature/);
    expect(light.trustedBlocks().map((b) => b.signedHeader.header.height)).toEqual([10n]);
  });
});
