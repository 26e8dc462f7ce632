import { Description, Params } from "../../gen/ts/stratos/register/v1/register";
import {
  MsgCreateMetaNode,
  MsgCreateResourceNode,
  MsgKickMetaNodeVote,
  MsgMetaNodeRegistrationVote,
  MsgRemoveMetaNode,
  MsgRemoveResourceNode,
  MsgUpdateEffectiveDeposit,
  MsgUpdateMetaNode,
  MsgUpdateMetaNodeDeposit,
  MsgUpdateParams,
  MsgUpdateResourceNode,
  MsgUpdateResourceNodeDeposit,
} from "../../gen/ts/stratos/register/v1/tx";
import { bool, coin, duration, int32, message, msgConverter, objectCodec, pubkeyAny, str, strings, type StratosAminoConverter } from "./fields";

// Amino JSON of the `register` Msgs. Names: the legacy amino codec's (x/register/types/codec.go),
// which GetSignBytes uses; MsgUpdateEffectiveDeposit and MsgKickMetaNodeVote have none and use their
// `amino.name` proto option.

const description = objectCodec<Description>({
  moniker: str("moniker"),
  identity: str("identity"),
  website: str("website"),
  securityContact: str("security_contact"),
  details: str("details"),
});

const params = objectCodec<Params>({
  bondDenom: str("bond_denom"),
  unbondingThreasholdTime: duration("unbonding_threashold_time"),
  unbondingCompletionTime: duration("unbonding_completion_time"),
  maxEntries: int32("max_entries"),
  resourceNodeRegEnabled: bool("resource_node_reg_enabled"),
  resourceNodeMinDeposit: coin("resource_node_min_deposit"),
  votingPeriod: duration("voting_period"),
});

/**
 * Converters of the `stratos.register.v1` Msgs, keyed by type URL.
 *
 * @example
 * const { aminoType } = createRegisterAminoConverters()["/stratos.register.v1.MsgCreateResourceNode"]!;
 */
export function createRegisterAminoConverters(): Record<string, StratosAminoConverter<unknown>> {
  return {
    "/stratos.register.v1.MsgCreateResourceNode": msgConverter<MsgCreateResourceNode>("register/CreateResourceNodeTx", MsgCreateResourceNode, {
      networkAddress: str("network_address"),
      pubkey: pubkeyAny("pubkey"),
      value: coin("value"),
      ownerAddress: str("owner_address"),
      beneficiaryAddress: str("beneficiary_address"),
      description: message("description", description),
      nodeType: int32("node_type"),
    }),
    "/stratos.register.v1.MsgRemoveResourceNode": msgConverter<MsgRemoveResourceNode>("register/RemoveResourceNodeTx", MsgRemoveResourceNode, {
      resourceNodeAddress: str("resource_node_address"),
      ownerAddress: str("owner_address"),
    }),
    "/stratos.register.v1.MsgUpdateResourceNode": msgConverter<MsgUpdateResourceNode>("register/UpdateResourceNodeTx", MsgUpdateResourceNode, {
      description: message("description", description),
      beneficiaryAddress: str("beneficiary_address"),
      networkAddress: str("network_address"),
      ownerAddress: str("owner_address"),
      nodeType: int32("node_type"),
    }),
    "/stratos.register.v1.MsgUpdateResourceNodeDeposit": msgConverter<MsgUpdateResourceNodeDeposit>(
      "register/UpdateResourceNodeDepositTx",
      MsgUpdateResourceNodeDeposit,
      {
        networkAddress: str("network_address"),
        ownerAddress: str("owner_address"),
        depositDelta: coin("deposit_delta"),
      },
    ),
    "/stratos.register.v1.MsgUpdateEffectiveDeposit": msgConverter<MsgUpdateEffectiveDeposit>("stratos/MsgUpdateEffectiveDeposit", MsgUpdateEffectiveDeposit, {
      reporters: strings("reporters"),
      reporterOwner: strings("reporter_owner"),
      networkAddress: str("network_address"),
      effectiveTokens: str("effective_tokens"),
    }),
    "/stratos.register.v1.MsgCreateMetaNode": msgConverter<MsgCreateMetaNode>("register/CreateMetaNodeTx", MsgCreateMetaNode, {
      networkAddress: str("network_address"),
      pubkey: pubkeyAny("pubkey"),
      value: coin("value"),
      ownerAddress: str("owner_address"),
      beneficiaryAddress: str("beneficiary_address"),
      description: message("description", description),
    }),
    "/stratos.register.v1.MsgRemoveMetaNode": msgConverter<MsgRemoveMetaNode>("register/RemoveMetaNodeTx", MsgRemoveMetaNode, {
      metaNodeAddress: str("meta_node_address"),
      ownerAddress: str("owner_address"),
    }),
    "/stratos.register.v1.MsgUpdateMetaNode": msgConverter<MsgUpdateMetaNode>("register/UpdateMetaNodeTx", MsgUpdateMetaNode, {
      description: message("description", description),
      beneficiaryAddress: str("beneficiary_address"),
      networkAddress: str("network_address"),
      ownerAddress: str("owner_address"),
    }),
    "/stratos.register.v1.MsgUpdateMetaNodeDeposit": msgConverter<MsgUpdateMetaNodeDeposit>("register/UpdateMetaNodeDepositTx", MsgUpdateMetaNodeDeposit, {
      networkAddress: str("network_address"),
      ownerAddress: str("owner_address"),
      depositDelta: coin("deposit_delta"),
    }),
    "/stratos.register.v1.MsgMetaNodeRegistrationVote": msgConverter<MsgMetaNodeRegistrationVote>(
      "register/MsgMetaNodeRegistrationVote",
      MsgMetaNodeRegistrationVote,
      {
        candidateNetworkAddress: str("candidate_network_address"),
        candidateOwnerAddress: str("candidate_owner_address"),
        opinion: bool("opinion"),
        voterNetworkAddress: str("voter_network_address"),
        voterOwnerAddress: str("voter_owner_address"),
      },
    ),
    "/stratos.register.v1.MsgKickMetaNodeVote": msgConverter<MsgKickMetaNodeVote>("stratos/MsgKickMetaNodeVote", MsgKickMetaNodeVote, {
      targetNetworkAddress: str("target_network_address"),
      opinion: bool("opinion"),
      voterNetworkAddress: str("voter_network_address"),
      voterOwnerAddress: str("voter_owner_address"),
    }),
    "/stratos.register.v1.MsgUpdateParams": msgConverter<MsgUpdateParams>("register/UpdateParamsTx", MsgUpdateParams, {
      authority: str("authority"),
      params: message("params", params),
    }),
  };
}
