import { MiningRewardParam, Params, SingleWalletVolume } from "../../gen/ts/stratos/pot/v1/pot";
import {
  BLSSignatureInfo,
  MsgFoundationDeposit,
  MsgSlashingResourceNode,
  MsgUpdateParams,
  MsgVolumeReport,
  MsgWithdraw,
} from "../../gen/ts/stratos/pot/v1/tx";
import { bool, bytes, bytesList, coin, coins, int64, message, messages, msgConverter, objectCodec, str, strings, type StratosAminoConverter } from "./fields";

// Amino JSON of the `pot` Msgs, with the legacy amino codec names (x/pot/types/codec.go). Two keys
// follow the real chain's Go JSON tags rather than the proto names: `bls_signature` (proto
// `BLS_signature`) and `tx_data` (proto `txData`).

const singleWalletVolume = objectCodec<SingleWalletVolume>({
  walletAddress: str("wallet_address"),
  volume: str("volume"),
});

const blsSignatureInfo = objectCodec<BLSSignatureInfo>({
  pubKeys: bytesList("pub_keys"),
  signature: bytes("signature"),
  txData: bytes("tx_data"),
});

const miningRewardParam = objectCodec<MiningRewardParam>({
  totalMinedValveStart: coin("total_mined_valve_start"),
  totalMinedValveEnd: coin("total_mined_valve_end"),
  miningReward: coin("mining_reward"),
  blockChainPercentageInBp: str("block_chain_percentage_in_bp"),
  resourceNodePercentageInBp: str("resource_node_percentage_in_bp"),
  metaNodePercentageInBp: str("meta_node_percentage_in_bp"),
});

const params = objectCodec<Params>({
  bondDenom: str("bond_denom"),
  rewardDenom: str("reward_denom"),
  matureEpoch: int64("mature_epoch"),
  miningRewardParams: messages("mining_reward_params", miningRewardParam),
  communityTax: str("community_tax"),
  initialTotalSupply: coin("initial_total_supply"),
  epochLength: int64("epoch_length"),
});

/**
 * Converters of the `stratos.pot.v1` Msgs, keyed by type URL.
 *
 * @example
 * const { aminoType } = createPotAminoConverters()["/stratos.pot.v1.MsgVolumeReport"]!;
 */
export function createPotAminoConverters(): Record<string, StratosAminoConverter<unknown>> {
  return {
    "/stratos.pot.v1.MsgVolumeReport": msgConverter<MsgVolumeReport>("pot/VolumeReportTx", MsgVolumeReport, {
      walletVolumes: messages("wallet_volumes", singleWalletVolume),
      reporter: str("reporter"),
      epoch: str("epoch"),
      reportReference: str("report_reference"),
      reporterOwner: str("reporter_owner"),
      BLSSignature: message("bls_signature", blsSignatureInfo),
    }),
    "/stratos.pot.v1.MsgWithdraw": msgConverter<MsgWithdraw>("pot/WithdrawTx", MsgWithdraw, {
      amount: coins("amount"),
      walletAddress: str("wallet_address"),
      targetAddress: str("target_address"),
    }),
    "/stratos.pot.v1.MsgFoundationDeposit": msgConverter<MsgFoundationDeposit>("pot/FoundationDepositTx", MsgFoundationDeposit, {
      amount: coins("amount"),
      from: str("from"),
    }),
    "/stratos.pot.v1.MsgSlashingResourceNode": msgConverter<MsgSlashingResourceNode>("pot/SlashingResourceNodeTx", MsgSlashingResourceNode, {
      reporters: strings("reporters"),
      reporterOwner: strings("reporter_owner"),
      networkAddress: str("network_address"),
      walletAddress: str("wallet_address"),
      slashing: str("slashing"),
      suspend: bool("suspend"),
    }),
    "/stratos.pot.v1.MsgUpdateParams": msgConverter<MsgUpdateParams>("pot/UpdateParamsTx", MsgUpdateParams, {
      authority: str("authority"),
      params: message("params", params),
    }),
  };
}
