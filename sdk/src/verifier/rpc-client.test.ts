import { ProofError } from "./errors";
import { RpcCallError, fetchAllValidators, httpLightClientRpc, type LightClientRpc } from "./rpc-client";
import { fakeValidator, validatorsJson } from "./testing/fake-chain";

type Call = { url: string; body: { jsonrpc: string; method: string; params: Record<string, unknown> } };

function fakeFetch(answer: (c: Call) => { status?: number; body: string }): { fetchFn: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchFn = (async (url: string, init: { body: string }) => {
    const c = { url, body: JSON.parse(init.body) as Call["body"] };
    calls.push(c);
    const a = answer(c);
    return new Response(a.body, { status: a.status ?? 200 });
  }) as unknown as typeof fetch;
  return { fetchFn, calls };
}

describe("httpLightClientRpc", () => {
  test("posts JSON-RPC with CometBFT's parameter forms and returns the result", async () => {
    const { fetchFn, calls } = fakeFetch((c) => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 1, result: { method: c.body.method } }) }));
    const rpc = httpLightClientRpc("http://node:26657/", fetchFn);
    expect(await rpc.commit(5n)).toEqual({ method: "commit" });
    await rpc.validators(5n, 2, 100);
    await rpc.abciQuery("/store/key", Uint8Array.of(1, 0xab), 7n, true);
    await rpc.abciQuery("/store/key", Uint8Array.of(1), undefined, false);
    await rpc.status();
    expect(calls.map((c) => c.url)).toEqual(Array(5).fill("http://node:26657"));
    expect(calls.map((c) => c.body.params)).toEqual([
      { height: "5" },
      { height: "5", page: "2", per_page: "100" },
      { path: "/store/key", data: "01ab", prove: true, height: "7" },
      { path: "/store/key", data: "01", prove: false },
      {},
    ]);
    expect(calls[0]?.body.jsonrpc).toBe("2.0");
  });

  test("JSON-RPC errors, HTTP errors and non-JSON answers are RpcCallErrors", async () => {
    const err = httpLightClientRpc("http://x", fakeFetch(() => ({ status: 500, body: JSON.stringify({ error: { code: -32603, message: "Internal error", data: "height 9 must be less than or equal to the current blockchain height 4" } }) })).fetchFn);
    await expect(err.commit(9n)).rejects.toThrow(/commit: height 9 must be less than/);
    await expect(err.commit(9n)).rejects.toBeInstanceOf(RpcCallError);
    const html = httpLightClientRpc("http://x", fakeFetch(() => ({ status: 502, body: "<html>bad gateway</html>" })).fetchFn);
    await expect(html.status()).rejects.toThrow(/HTTP 502: answer is not JSON/);
    const empty = httpLightClientRpc("http://x", fakeFetch(() => ({ body: "{}" })).fetchFn);
    await expect(empty.genesis()).rejects.toThrow(/without a result/);
  });
});

describe("fetchAllValidators", () => {
  const vals = Array.from({ length: 5 }, (_, i) => fakeValidator(i + 1).validator);
  const paged = (total = vals.length, height = 3n): LightClientRpc & { pages: number[] } => {
    const pages: number[] = [];
    return {
      pages,
      commit: async () => ({}),
      validators: async (_h, page, perPage) => {
        pages.push(page);
        return validatorsJson(height, vals.slice((page - 1) * perPage, page * perPage), total);
      },
    };
  };

  test("reads every page", async () => {
    const rpc = paged();
    expect(await fetchAllValidators(rpc, 3n, 2)).toEqual(vals);
    expect(rpc.pages).toEqual([1, 2, 3]);
  });

  test("inconsistent pages are rpc_shape", async () => {
    await expect(fetchAllValidators(paged(9), 3n, 2)).rejects.toThrow(ProofError);
    await expect(fetchAllValidators(paged(3), 3n, 2)).rejects.toThrow(/inconsistent/);
    await expect(fetchAllValidators(paged(5, 4n), 3n, 2)).rejects.toThrow(/answered for height 4/);
  });
});
