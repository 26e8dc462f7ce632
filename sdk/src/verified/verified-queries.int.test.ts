import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { FileInfo } from "@stratos/proto/gen/ts/stratos/sds/v1/sds";
import { eventually, loadNodeKeys } from "../../../localnet/lib";
import { rpc } from "../../../chain/test/helpers/rpc";
import { startTestnet, type Testnet } from "../../../chain/test/helpers/testnet";
import { StratosClient } from "../client/stratos-client";
import { walletFromMnemonic } from "../client/wallet";
import { ProofError, type ProofErrorKind } from "../verifier/errors";
import { headerHash } from "../verifier/header";
import { parseSignedHeader, parseValidators } from "../verifier/rpc-json";
import { fakeValidator, signCommit, signedHeaderJson, validatorsJson } from "../verifier/testing/fake-chain";
import type { Validator } from "../verifier/types";
import { validatorSetHash } from "../verifier/validator-set";
import { createVerifiedQueries } from "./connect";
import { startTamperingProxy, type Tamper, type TamperingProxy } from "./testing/tampering-proxy";
import { STORE_KEY_QUERY_PATH, type VerifiedQueries } from "./verified-queries";

jest.setTimeout(120_000);

const CHAIN_ID = "stratos-verified-test";
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
let net: Testnet;
let proxy: TamperingProxy;
let alice: StratosClient;
let genesisValidators: Validator[];
const fresh = "st1qypqgzqpqgzqsqgzqsyqzqsypqqsypqgg8sfu5"; // never funded

/** A verified-queries client whose every RPC call goes through the proxy, trusting the real genesis set. */
function throughProxy(): VerifiedQueries {
  return createVerifiedQueries({ rpcUrl: proxy.url, chainId: CHAIN_ID, trust: { genesisValidators } });
}

async function expectProofError(p: Promise<unknown>, kind: ProofErrorKind, message?: RegExp): Promise<ProofError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ProofError)) throw new Error(`expected a ProofError (${kind}), got ${e === undefined ? "success" : String(e)}`);
  expect(e.kind).toBe(kind);
  if (message) expect(e.message).toMatch(message);
  console.log(`caught as expected: ${e.message}`);
  return e;
}

/** Alters the answer of /store/key queries only. */
function onStoreQuery(f: (response: Record<string, unknown>) => void): Tamper {
  return (method, params, result) => {
    if (method !== "abci_query" || params["path"] !== STORE_KEY_QUERY_PATH) return undefined;
    const response = { ...(result["response"] as Record<string, unknown>) };
    f(response);
    return { ...result, response };
  };
}

/** `commit` and `validators` calls above the first block: the light client already trusts block 1. */
const aboveFirst = (params: Record<string, unknown>): boolean => params["height"] !== undefined && String(params["height"]) !== "1";

/** Alters `commit` answers (the signed header) above the first block. */
function onCommit(f: (sh: { header: Record<string, unknown>; commit: Record<string, unknown> }) => void): Tamper {
  return (method, params, result) => {
    if (method !== "commit" || !aboveFirst(params)) return undefined;
    const sh = JSON.parse(JSON.stringify(result["signed_header"])) as { header: Record<string, unknown>; commit: Record<string, unknown> };
    f(sh);
    return { ...result, signed_header: sh };
  };
}

function flipHex(hex: string, at = 0): string {
  const c = hex[at] === "0" ? "1" : "0";
  return hex.slice(0, at) + c + hex.slice(at + 1);
}

beforeAll(async () => {
  net = await startTestnet({ chainId: CHAIN_ID });
  proxy = await startTamperingProxy(net.rpcUrl);
  genesisValidators = parseValidators(await rpc(net.rpcUrl, "validators", { height: "1" })).validators;
  alice = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(net.accounts[0]!.mnemonic), pollIntervalMs: 200 });
  await alice.send(net.accounts[1]!.address, 12_345n);
  const meta = loadNodeKeys().find((n) => n.role === "meta")!;
  const holders = loadNodeKeys().filter((n) => n.role === "resource").map((n) => n.networkAddress);
  const metaOwner = await StratosClient.connect({ rpcUrl: net.rpcUrl, signer: await walletFromMnemonic(meta.owner.mnemonic), pollIntervalMs: 200 });
  const uploaded = await metaOwner.fileUpload({
    fileHash: CID,
    reporter: meta.networkAddress,
    uploader: alice.signerAddress,
    size: 1000n,
    merkleRoot: new Uint8Array(32).fill(7),
    chunkSize: 256n,
    sliceCount: 1,
    replicas: 2,
    holders: [{ sliceIndex: 0, sdsAddresses: holders.slice(0, 2) }],
  });
  metaOwner.disconnect();
  // a verified read proves the state one block below the latest (its app hash is in the next header)
  await net.node.waitForHeight(BigInt(uploaded.height) + 2n, 30_000);
});

afterEach(() => {
  // every tampering test must actually have altered an answer in flight
  if (proxy.tamper) expect(proxy.altered).toBeGreaterThan(0);
  proxy.tamper = undefined;
  proxy.altered = 0;
});

afterAll(async () => {
  alice?.disconnect();
  await proxy?.close();
  await net?.stop();
});

describe("verified reads through an honest RPC", () => {
  it("client.verified proves balances, accounts, supply, a file record, rewards and nodes, and each matches the plain query", async () => {
    const v = alice.verified; // trust on first use, straight to the node
    const bob = net.accounts[1]!.address;
    const { value: balance, height, appHash } = await v.getBalance(bob);
    const plain = await rpc<{ response: { value: string } }>(net.rpcUrl, "abci_query", {
      path: "/cosmos.bank.v1beta1.Query/Balance",
      data: Buffer.from(QueryBalanceRequest.encode({ address: bob, denom: "wei" }).finish()).toString("hex"),
      height: height.toString(),
    });
    expect(balance).toBe(BigInt(QueryBalanceResponse.decode(fromBase64(plain.response.value)).balance!.amount));
    const header = parseSignedHeader(await rpc(net.rpcUrl, "commit", { height: (height + 1n).toString() }));
    expect(appHash).toEqual(header.header.appHash);
    console.log(`balance of ${bob} = ${balance} wei proven at height ${height}`);

    expect((await v.getBalance(fresh)).value).toBe(0n); // proven absent
    expect((await v.getAccount(fresh)).value).toBeNull();
    const acc = (await v.getAccount(alice.signerAddress)).value!;
    expect(acc.sequence).toBeGreaterThanOrEqual(1n);
    expect((await v.getSupply()).value).toBeGreaterThan(0n);

    const record = (await v.getFileRecord(CID)).value!;
    expect(record).toMatchObject({ owner: alice.signerAddress, size: 1000n, replicas: 2 });
    expect(record).toEqual(await alice.sds.fileUpload(CID));
    expect((await v.getFileRecord("bafkreiabsentabsentabsentabsentabsentabsentabsentabsentabsent")).value).toBeNull();

    const rewards = (await v.getRewards(alice.signerAddress)).value;
    expect(rewards).toEqual({ mature: [], immature: [] });
    const meta = loadNodeKeys().find((n) => n.role === "meta")!;
    expect((await v.getMetaNode(meta.networkAddress)).value?.ownerAddress).toBe(meta.owner.address);
    const rn = loadNodeKeys().find((n) => n.role === "resource")!;
    expect((await v.getResourceNode(rn.networkAddress)).value?.networkAddress).toBe(rn.networkAddress);
    expect((await v.getVolumeReport(1n)).value).toBeNull();
  });

  it("first-use trust starts at a recent header, so it works on a chain older than the trusting period", async () => {
    const block1 = parseSignedHeader(await rpc(net.rpcUrl, "commit", { height: "1" })).header.time.seconds;
    await eventually("block 1 to be more than 6 s old", () => BigInt(Math.floor(Date.now() / 1000)) > block1 + 6n, 30_000, 500);
    const bob = net.accounts[1]!.address;
    // rooted at the first block, a 5 s trusting period has run out: nothing can be verified
    const fromGenesis = createVerifiedQueries({ rpcUrl: net.rpcUrl, chainId: CHAIN_ID, trust: { genesisValidators }, trustingPeriodSeconds: 5 });
    await expectProofError(fromGenesis.getBalance(bob), "trust", /expired/);
    const firstUse = createVerifiedQueries({ rpcUrl: net.rpcUrl, chainId: CHAIN_ID, trust: "first-use", trustingPeriodSeconds: 5 });
    expect((await firstUse.getBalance(bob)).value).toBeGreaterThan(0n);
  });

  it("the proxy passes honest answers through unchanged", async () => {
    const v = throughProxy();
    const before = proxy.forwarded;
    expect((await v.getBalance(net.accounts[1]!.address)).value).toBeGreaterThan(0n);
    expect(proxy.forwarded - before).toBeGreaterThanOrEqual(3); // status, commit, validators, the proof query
    expect(proxy.altered).toBe(0);
  });
});

describe("a tampering RPC is caught every time", () => {
  it("a changed balance value", async () => {
    proxy.tamper = onStoreQuery((r) => {
      if (typeof r["value"] === "string" && r["value"] !== "") r["value"] = toBase64(new TextEncoder().encode("999999999999999999999999999"));
    });
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "proof", /value of the key not proven/);
    expect(proxy.altered).toBeGreaterThan(0);
  });

  it("a changed file record (another owner)", async () => {
    proxy.tamper = onStoreQuery((r) => {
      const info = FileInfo.decode(fromBase64(r["value"] as string));
      r["value"] = toBase64(FileInfo.encode({ ...info, owner: net.accounts[2]!.address }).finish());
    });
    await expectProofError(throughProxy().getFileRecord(CID), "proof");
  });

  it("a present key answered as absent", async () => {
    proxy.tamper = onStoreQuery((r) => {
      r["value"] = "";
    });
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "proof");
  });

  it("a corrupted proof", async () => {
    proxy.tamper = onStoreQuery((r) => {
      const ops = (r["proofOps"] as { ops: { data: string }[] }).ops;
      const data = fromBase64(ops[0]!.data);
      data[data.length - 5] = data[data.length - 5]! ^ 0xff;
      ops[0]!.data = toBase64(data);
    });
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "proof");
  });

  it("a proof of another key", async () => {
    let other: string | undefined;
    const v = createVerifiedQueries({ rpcUrl: net.rpcUrl, chainId: CHAIN_ID, trust: { genesisValidators } });
    // capture an honest answer for another account, then serve it for bob's key
    proxy.tamper = onStoreQuery((r) => {
      if (!other) return;
      const o = JSON.parse(other) as Record<string, unknown>;
      Object.assign(r, { key: o["key"], value: o["value"], proofOps: o["proofOps"] }); // same height, another key's proof
    });
    const capture = await startTamperingProxy(net.rpcUrl);
    capture.tamper = onStoreQuery((r) => {
      other = JSON.stringify(r);
    });
    await createVerifiedQueries({ rpcUrl: capture.url, chainId: CHAIN_ID, trust: { genesisValidators } }).getBalance(net.accounts[3]!.address);
    await capture.close();
    expect(other).toBeDefined();
    await v.getBalance(net.accounts[1]!.address); // honest path still fine
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "proof", /another key/);
  });

  it("an answer for another height", async () => {
    proxy.tamper = onStoreQuery((r) => {
      r["height"] = String(BigInt(r["height"] as string) - 1n);
    });
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "proof", /asked/);
  });

  it("a header with another app hash (the commit no longer matches it)", async () => {
    proxy.tamper = onCommit((sh) => {
      sh.header["app_hash"] = flipHex(sh.header["app_hash"] as string);
    });
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "header", /commit signs block/);
  });

  it("a header with another app hash and a commit re-pointed at it (the signatures no longer check)", async () => {
    proxy.tamper = (method, params, result) => {
      if (method !== "commit" || !aboveFirst(params)) return undefined;
      const sh = parseSignedHeader(result);
      const header = { ...sh.header, appHash: new Uint8Array(32).fill(0xaa) };
      const commit = { ...sh.commit, blockId: { ...sh.commit.blockId, hash: headerHash(header) } };
      return { ...result, signed_header: signedHeaderJson({ header, commit }) };
    };
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "commit", /wrong signature/);
  });

  it("a changed signature", async () => {
    proxy.tamper = onCommit((sh) => {
      const sigs = sh.commit["signatures"] as { signature: string }[];
      const raw = fromBase64(sigs[0]!.signature);
      raw[10] = raw[10]! ^ 1;
      sigs[0]!.signature = toBase64(raw);
    });
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "commit", /wrong signature/);
  });

  it("a changed vote timestamp", async () => {
    proxy.tamper = onCommit((sh) => {
      const sigs = sh.commit["signatures"] as { timestamp: string }[];
      sigs[0]!.timestamp = "2020-01-01T00:00:00Z";
    });
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "commit", /wrong signature/);
  });

  it("a changed validator set (voting power)", async () => {
    proxy.tamper = (method, _params, result) => {
      if (method !== "validators") return undefined;
      const vals = (result["validators"] as { voting_power: string }[]).map((v) => ({ ...v, voting_power: String(BigInt(v.voting_power) * 10n) }));
      return { ...result, validators: vals };
    };
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address), "validators", /not the header's/);
  });

  it.each([
    ["the next block (adjacent: its validators must be the trusted header's next validators)", 1n, "validators" as const],
    // skipping fails the 1/3 trust check, the client bisects down to block 2, refused as above
    ["a later block (skipping, then bisection)", 4n, "validators" as const],
  ])("a whole forged chain: another validator set signs %s", async (_what, height, kind) => {
    const attacker = fakeValidator(666, 1_000n);
    proxy.tamper = (method, params, result) => {
      if (!aboveFirst(params)) return undefined;
      if (method === "validators") return validatorsJson(BigInt(String(params["height"])), [attacker.validator], 1) as Record<string, unknown>;
      if (method !== "commit") return undefined;
      const sh = parseSignedHeader(result);
      const setHash = validatorSetHash([attacker.validator]);
      const header = { ...sh.header, appHash: new Uint8Array(32).fill(0xbb), validatorsHash: setHash, nextValidatorsHash: setHash };
      const blockId = { ...sh.commit.blockId, hash: headerHash(header) };
      const commit = signCommit(CHAIN_ID, [attacker], header.height, blockId, header.time);
      return { signed_header: signedHeaderJson({ header, commit }), canonical: true };
    };
    // block 1 checks against the trusted genesis set; the forged header comes next or later
    await expectProofError(throughProxy().getBalance(net.accounts[1]!.address, "wei", height), kind);
  });
});
