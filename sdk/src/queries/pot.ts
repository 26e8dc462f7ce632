import { createProtobufRpcClient, type QueryClient } from "@cosmjs/stargate";
import { stratos } from "@stratos/proto";
import type { Coin } from "@stratos/proto/gen/ts/cosmos/base/v1beta1/coin";
import type { Metrics, Params } from "@stratos/proto/gen/ts/stratos/pot/v1/pot";
import type {
  QueryRewardsByEpochResponse,
  QueryRewardsByWalletAndEpochResponse,
  QueryTotalRewardByEpochResponse,
  ReportInfo,
  RewardByWallet,
} from "@stratos/proto/gen/ts/stratos/pot/v1/query";
import { intToBigInt, orNull, pageRequest, type PageOptions } from "./common";

/**
 * Queries of the `pot` module (`stratos.pot.v1.Query`), as a cosmjs query extension.
 *
 * @example
 * const q = QueryClient.withExtensions(cometClient, setupPotExtension);
 * const { matureTotalReward } = await q.pot.rewardsByWallet("st1...");
 */
export interface PotExtension {
  readonly pot: {
    /** The volume report of an epoch (0 = the last distributed one), or null if there is none. */
    readonly volumeReport: (epoch?: bigint) => Promise<ReportInfo | null>;
    /** Individual rewards of an epoch that have not matured yet; paged. */
    readonly rewardsByEpoch: (epoch: bigint, pagination?: PageOptions) => Promise<QueryRewardsByEpochResponse>;
    /** A wallet's matured and immature reward totals. */
    readonly rewardsByWallet: (walletAddress: string) => Promise<RewardByWallet>;
    /** A wallet's not-yet-matured rewards of an epoch; paged. */
    readonly rewardsByWalletAndEpoch: (walletAddress: string, epoch: bigint, pagination?: PageOptions) => Promise<QueryRewardsByWalletAndEpochResponse>;
    /** A wallet's outstanding slashing debt, in wei. */
    readonly slashingByOwner: (walletAddress: string) => Promise<bigint>;
    /** The module params. */
    readonly params: () => Promise<Params>;
    /** Total mining rewards paid so far. */
    readonly totalMinedToken: () => Promise<Coin>;
    /** The circulating supply. */
    readonly circulationSupply: () => Promise<Coin[]>;
    /** Mining and traffic rewards paid for an epoch (`isLegacy`: rebuilt from events). */
    readonly totalRewardByEpoch: (epoch: bigint) => Promise<QueryTotalRewardByEpochResponse>;
    /** Supply and reward figures (Int strings, wei). */
    readonly metrics: () => Promise<Metrics>;
  };
}

/**
 * Sets up the `pot` query extension over the generated `QueryClientImpl`.
 *
 * @example
 * import { QueryClient } from "@cosmjs/stargate";
 * import { connectComet } from "@cosmjs/tendermint-rpc";
 * const q = QueryClient.withExtensions(await connectComet("http://127.0.0.1:26657"), setupPotExtension);
 * console.log(await q.pot.totalMinedToken());
 */
export function setupPotExtension(base: QueryClient): PotExtension {
  const v1 = stratos.pot.v1;
  const q = new v1.QueryClientImpl(createProtobufRpcClient(base));
  return {
    pot: {
      volumeReport: (epoch = 0n) => orNull(async () => (await q.VolumeReport(v1.QueryVolumeReportRequest.fromPartial({ epoch }))).reportInfo),
      rewardsByEpoch: (epoch, pagination) => q.RewardsByEpoch(v1.QueryRewardsByEpochRequest.fromPartial({ epoch, pagination: pageRequest(pagination) })),
      rewardsByWallet: async (walletAddress) =>
        (await q.RewardsByWallet(v1.QueryRewardsByWalletRequest.fromPartial({ walletAddress }))).rewards ?? v1.RewardByWallet.fromPartial({ walletAddress }),
      rewardsByWalletAndEpoch: (walletAddress, epoch, pagination) =>
        q.RewardsByWalletAndEpoch(v1.QueryRewardsByWalletAndEpochRequest.fromPartial({ walletAddress, epoch, pagination: pageRequest(pagination) })),
      slashingByOwner: async (walletAddress) => intToBigInt((await q.SlashingByOwner(v1.QuerySlashingByOwnerRequest.fromPartial({ walletAddress }))).slashing),
      params: async () => (await q.Params(v1.QueryParamsRequest.fromPartial({}))).params ?? v1.Params.fromPartial({}),
      totalMinedToken: async () => (await q.TotalMinedToken(v1.QueryTotalMinedTokenRequest.fromPartial({}))).totalMinedToken ?? { denom: "wei", amount: "0" },
      circulationSupply: async () => (await q.CirculationSupply(v1.QueryCirculationSupplyRequest.fromPartial({}))).circulationSupply,
      totalRewardByEpoch: (epoch) => q.TotalRewardByEpoch(v1.QueryTotalRewardByEpochRequest.fromPartial({ epoch })),
      metrics: async () => (await q.Metrics(v1.QueryMetricsRequest.fromPartial({}))).metrics ?? v1.Metrics.fromPartial({}),
    },
  };
}
