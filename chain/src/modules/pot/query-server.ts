import { stratos } from "@stratos/proto";
import type { QueryHandler } from "../../app/module";
import { QueryError } from "../../app/query-error";
import { isAccAddress } from "../../types/address";
import { coinsToWire } from "../../types/coin";
import type { PotKeeper } from "./keeper";
import { potParamsToProto } from "./params";

const Q = stratos.pot.v1;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

function requireWallet(address: string): void {
  if (!address) throw QueryError.invalidArgument("empty wallet address");
  if (!isAccAddress(address)) throw QueryError.invalidArgument(`invalid wallet address ${address}: decoding bech32 failed`);
}

function requirePositiveEpoch(epoch: bigint): void {
  if (epoch <= 0n) throw QueryError.invalidArgument(`epoch must be positive, got ${epoch}`);
}

/** The `stratos.pot.v1.Query` service. */
export function potQueries(keeper: PotKeeper): Record<string, QueryHandler> {
  return {
    "/stratos.pot.v1.Query/VolumeReport": (store, data) => {
      const req = Q.QueryVolumeReportRequest.decode(data);
      if (req.epoch < 0n) throw QueryError.invalidArgument(`epoch must not be negative, got ${req.epoch}`);
      const epoch = req.epoch === 0n ? keeper.getLastDistributedEpoch(store) : req.epoch;
      const record = epoch > 0n ? keeper.getVolumeReport(store, epoch) : undefined;
      if (!record) throw QueryError.notFound(`no volume report for epoch ${epoch}`);
      return Q.QueryVolumeReportResponse.encode({ reportInfo: { epoch, reference: record.reportReference, txHash: record.txHash, reporter: record.reporter } }).finish();
    },
    "/stratos.pot.v1.Query/RewardsByEpoch": (store, data) => {
      const req = Q.QueryRewardsByEpochRequest.decode(data);
      requirePositiveEpoch(req.epoch);
      const p = req.pagination;
      const limit = Math.min(Number(p?.limit || BigInt(DEFAULT_LIMIT)), MAX_LIMIT);
      const useKey = p?.key !== undefined && p.key.length > 0;
      let skip = useKey ? 0 : Number(p?.offset ?? 0n);
      if (!Number.isSafeInteger(skip) || skip < 0) throw QueryError.invalidArgument("invalid pagination offset");
      const matureEpoch = req.epoch + keeper.getParams(store).matureEpoch;
      const rewards: stratos.pot.v1.Reward[] = [];
      let nextKey: Uint8Array = new Uint8Array();
      let total = 0n;
      for (const { walletBytes, reward } of keeper.iterateIndividualRewardsFrom(store, matureEpoch, useKey ? p!.key : undefined)) {
        total++;
        if (skip > 0) {
          skip--;
          continue;
        }
        if (rewards.length === limit) {
          if (nextKey.length === 0) nextKey = walletBytes;
          if (!p?.countTotal) break;
          continue;
        }
        rewards.push(reward);
      }
      return Q.QueryRewardsByEpochResponse.encode({ rewards, pagination: { nextKey, total: p?.countTotal ? total : 0n } }).finish();
    },
    "/stratos.pot.v1.Query/RewardsByWallet": (store, data) => {
      const req = Q.QueryRewardsByWalletRequest.decode(data);
      requireWallet(req.walletAddress);
      return Q.QueryRewardsByWalletResponse.encode({
        rewards: {
          walletAddress: req.walletAddress,
          matureTotalReward: coinsToWire(keeper.getMatureTotal(store, req.walletAddress)),
          immatureTotalReward: coinsToWire(keeper.getImmatureTotal(store, req.walletAddress)),
        },
      }).finish();
    },
    "/stratos.pot.v1.Query/RewardsByWalletAndEpoch": (store, data) => {
      const req = Q.QueryRewardsByWalletAndEpochRequest.decode(data);
      requireWallet(req.walletAddress);
      requirePositiveEpoch(req.epoch);
      const reward = keeper.getIndividualReward(store, req.epoch + keeper.getParams(store).matureEpoch, req.walletAddress);
      const rewards = reward ? [reward] : [];
      return Q.QueryRewardsByWalletAndEpochResponse.encode({ rewards, pagination: { nextKey: new Uint8Array(), total: BigInt(rewards.length) } }).finish();
    },
    "/stratos.pot.v1.Query/SlashingByOwner": (store, data) => {
      const req = Q.QuerySlashingByOwnerRequest.decode(data);
      requireWallet(req.walletAddress);
      return Q.QuerySlashingByOwnerResponse.encode({ slashing: keeper.getSlashing(store, req.walletAddress).toString() }).finish();
    },
    "/stratos.pot.v1.Query/Params": (store) => Q.QueryParamsResponse.encode({ params: potParamsToProto(keeper.getParams(store)) }).finish(),
    "/stratos.pot.v1.Query/TotalMinedToken": (store) =>
      Q.QueryTotalMinedTokenResponse.encode({ totalMinedToken: { denom: keeper.getParams(store).rewardDenom, amount: keeper.getTotalMinedToken(store).toString() } }).finish(),
    "/stratos.pot.v1.Query/CirculationSupply": (store) => {
      const c = keeper.circulationSupply(store);
      return Q.QueryCirculationSupplyResponse.encode({ circulationSupply: [{ denom: c.denom, amount: c.amount.toString() }] }).finish();
    },
    "/stratos.pot.v1.Query/TotalRewardByEpoch": (store, data) => {
      const req = Q.QueryTotalRewardByEpochRequest.decode(data);
      requirePositiveEpoch(req.epoch);
      const total = keeper.getTotalReward(store, req.epoch);
      if (!total) throw QueryError.notFound(`no total reward recorded for epoch ${req.epoch}`);
      return Q.QueryTotalRewardByEpochResponse.encode({ totalReward: total, isLegacy: false }).finish();
    },
    "/stratos.pot.v1.Query/Metrics": (store) => Q.QueryMetricsResponse.encode({ metrics: keeper.metrics(store) }).finish(),
  };
}
