import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAllBalancesResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { Any } from "cosmjs-types/google/protobuf/any";
import { gatewayTime, hexToBase64, renderAny, snakeCase, toGatewayJson } from "./gateway-json";

describe("grpc-gateway JSON rendering", () => {
  it("uses snake_case names, strings for 64-bit ints, base64 for bytes and null for unset messages", () => {
    const res = QueryAllBalancesResponse.decode(
      QueryAllBalancesResponse.encode({ balances: [{ denom: "wei", amount: "5" }], pagination: { nextKey: new Uint8Array([1, 2, 255]), total: 7n } }).finish(),
    );
    expect(toGatewayJson(res)).toEqual({ balances: [{ denom: "wei", amount: "5" }], pagination: { next_key: "AQL/", total: "7" } });
    const empty = QueryAllBalancesResponse.decode(new Uint8Array());
    expect(toGatewayJson(empty)).toEqual({ balances: [], pagination: null });
  });

  it("renders a BaseAccount Any inline with @type and a nested secp256k1 PubKey", () => {
    const key = new Uint8Array(33).fill(2);
    const any = Any.fromPartial({
      typeUrl: "/cosmos.auth.v1beta1.BaseAccount",
      value: BaseAccount.encode({
        address: "st1xyz",
        pubKey: Any.fromPartial({ typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key }).finish() }),
        accountNumber: 3n,
        sequence: 0n,
      }).finish(),
    });
    expect(renderAny(any)).toEqual({
      "@type": "/cosmos.auth.v1beta1.BaseAccount",
      address: "st1xyz",
      pub_key: { "@type": "/cosmos.crypto.secp256k1.PubKey", key: Buffer.from(key).toString("base64") },
      account_number: "3",
      sequence: "0",
    });
    const noKey = Any.fromPartial({ typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value: BaseAccount.encode({ address: "st1a", accountNumber: 0n, sequence: 0n }).finish() });
    expect(renderAny(noKey)).toMatchObject({ pub_key: null, account_number: "0" });
  });

  it("renders a ModuleAccount with its base_account, and unknown Any types as @type + value", () => {
    const any = Any.fromPartial({
      typeUrl: "/cosmos.auth.v1beta1.ModuleAccount",
      value: ModuleAccount.encode(ModuleAccount.fromPartial({ baseAccount: { address: "st1m", accountNumber: 1n, sequence: 0n }, name: "fee_collector", permissions: [] })).finish(),
    });
    expect(renderAny(any)).toEqual({
      "@type": "/cosmos.auth.v1beta1.ModuleAccount",
      base_account: { address: "st1m", pub_key: null, account_number: "1", sequence: "0" },
      name: "fee_collector",
      permissions: [],
    });
    expect(renderAny({ typeUrl: "/x.Y", value: new Uint8Array([1]) })).toEqual({ "@type": "/x.Y", value: "AQ==" });
  });

  it("renders enums as names and omits unset oneof members", () => {
    const authInfo = AuthInfo.fromPartial({ signerInfos: [{ modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } }, sequence: 4n }], fee: { amount: [], gasLimit: 200000n } });
    const tx = Tx.decode(Tx.encode({ body: { messages: [], memo: "m", timeoutHeight: 0n, extensionOptions: [], nonCriticalExtensionOptions: [] } as never, authInfo, signatures: [new Uint8Array([9])] }).finish());
    const json = toGatewayJson(tx) as Record<string, any>;
    expect(json["auth_info"].signer_infos[0]).toEqual({ public_key: null, mode_info: { single: { mode: "SIGN_MODE_DIRECT" } }, sequence: "4" });
    expect(json["auth_info"].fee).toMatchObject({ amount: [], gas_limit: "200000", payer: "", granter: "" });
    expect(json["body"]).toMatchObject({ messages: [], memo: "m", timeout_height: "0" });
    expect(json["signatures"]).toEqual(["CQ=="]);
  });

  it("formats names, hex and times like jsonpb", () => {
    expect(snakeCase("sigVerifyCostSecp256k1")).toBe("sig_verify_cost_secp256k1");
    expect(hexToBase64("DEADBEEF")).toBe("3q2+7w==");
    expect(hexToBase64("")).toBe("");
    expect(gatewayTime("2024-01-02T03:04:05Z")).toBe("2024-01-02T03:04:05Z");
    expect(gatewayTime("2024-01-02T03:04:05.5Z")).toBe("2024-01-02T03:04:05.500Z");
    expect(gatewayTime("2024-01-02T03:04:05.1234Z")).toBe("2024-01-02T03:04:05.123400Z");
    expect(gatewayTime("2024-01-02T03:04:05.123456789Z")).toBe("2024-01-02T03:04:05.123456789Z");
    expect(gatewayTime("2024-01-02T03:04:05.100000000Z")).toBe("2024-01-02T03:04:05.100Z");
  });
});
