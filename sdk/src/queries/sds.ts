import { createProtobufRpcClient, type QueryClient } from "@cosmjs/stargate";
import { stratos } from "@stratos/proto";
import type { FileInfo, Params } from "@stratos/proto/gen/ts/stratos/sds/v1/sds";
import { intToBigInt, orNull } from "./common";

/**
 * Queries of the `sds` module (`stratos.sds.v1.Query`), as a cosmjs query extension.
 *
 * @example
 * const q = QueryClient.withExtensions(cometClient, setupSdsExtension);
 * const noz = await q.sds.simPrepay(10n ** 18n);
 */
export interface SdsExtension {
  readonly sds: {
    /** The on-chain record (storage deal) of a file by CID, or null if there is none. */
    readonly fileUpload: (fileHash: string) => Promise<FileInfo | null>;
    /** How much ozone (noz) `amountWei` would buy now (sends the coin string `<amount>wei`). */
    readonly simPrepay: (amountWei: bigint) => Promise<bigint>;
    /** The ozone price in wei per noz, a cosmos `Dec` string (18 decimals), e.g. `"1000000.000000000000000000"`. */
    readonly nozPrice: () => Promise<string>;
    /** The remaining ozone limit and the total ozone supply, in noz. */
    readonly nozSupply: () => Promise<{ readonly remaining: bigint; readonly total: bigint }>;
    /** The module params. */
    readonly params: () => Promise<Params>;
  };
}

/**
 * Sets up the `sds` query extension over the generated `QueryClientImpl`.
 *
 * @example
 * import { QueryClient } from "@cosmjs/stargate";
 * import { connectComet } from "@cosmjs/tendermint-rpc";
 * const q = QueryClient.withExtensions(await connectComet("http://127.0.0.1:26657"), setupSdsExtension);
 * console.log(await q.sds.nozPrice());
 */
export function setupSdsExtension(base: QueryClient): SdsExtension {
  const v1 = stratos.sds.v1;
  const q = new v1.QueryClientImpl(createProtobufRpcClient(base));
  return {
    sds: {
      fileUpload: (fileHash) => orNull(async () => (await q.Fileupload(v1.QueryFileUploadRequest.fromPartial({ fileHash }))).fileInfo),
      simPrepay: async (amountWei) => intToBigInt((await q.SimPrepay(v1.QuerySimPrepayRequest.fromPartial({ amount: `${amountWei}wei` }))).noz),
      nozPrice: async () => (await q.NozPrice(v1.QueryNozPriceRequest.fromPartial({}))).price,
      nozSupply: async () => {
        const res = await q.NozSupply(v1.QueryNozSupplyRequest.fromPartial({}));
        return { remaining: intToBigInt(res.remaining), total: intToBigInt(res.total) };
      },
      params: async () => (await q.Params(v1.QueryParamsRequest.fromPartial({}))).params ?? v1.Params.fromPartial({}),
    },
  };
}
