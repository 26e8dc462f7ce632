import type { EncodeObject } from "@cosmjs/proto-signing";
import { stratos } from "@stratos/proto";
import type { Description, Params } from "@stratos/proto/gen/ts/stratos/register/v1/register";
import type {
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
} from "@stratos/proto/gen/ts/stratos/register/v1/tx";
import { sdsAddressFromPubkey } from "../nodes/node-key";
import { ed25519PubkeyToAny, toCoin, toIntString, type Amount, type IntValue } from "./common";

const tx = stratos.register.v1;

/**
 * A node description; every field is optional (empty = not set).
 *
 * @example
 * const d: DescriptionInput = { moniker: "rn-1", website: "https://example.org" };
 */
export type DescriptionInput = Partial<Description>;

function description(d: DescriptionInput | undefined): Description | undefined {
  return d === undefined ? undefined : stratos.register.v1.Description.fromPartial(d);
}

// ---------------------------------------------------------------------------------------------
// MsgCreateResourceNode

/**
 * `MsgCreateResourceNode` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgCreateResourceNodeEncodeObject = msgCreateResourceNode({ ... });
 */
export interface MsgCreateResourceNodeEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgCreateResourceNode";
  readonly value: MsgCreateResourceNode;
}

/**
 * Input of {@link msgCreateResourceNode}.
 *
 * @example
 * const input: CreateResourceNodeInput = { pubkey: key.publicKey, value: 10n ** 18n, ownerAddress: "st1...", description: { moniker: "rn-1" }, nodeType: 4 };
 */
export interface CreateResourceNodeInput {
  /** The node's raw 32-byte ed25519 P2P public key. */
  readonly pubkey: Uint8Array;
  /** Default: derived from `pubkey` (`sdsAddressFromPubkey`). */
  readonly networkAddress?: string;
  /** Initial deposit: wei as a bigint, or a coin. */
  readonly value: Amount;
  readonly ownerAddress: string;
  /** Empty means the owner. */
  readonly beneficiaryAddress?: string;
  /** A non-empty moniker is required by the chain. */
  readonly description: DescriptionInput;
  /** Bit mask: computation = 1, database = 2, storage = 4; 1..7. */
  readonly nodeType: number;
}

/**
 * Registers a resource node (signer: `ownerAddress`).
 *
 * @example
 * const key = randomNodeKey();
 * const msg = msgCreateResourceNode({ pubkey: key.publicKey, value: 10n ** 18n, ownerAddress: "st1...", description: { moniker: "rn-1" }, nodeType: 4 });
 */
export function msgCreateResourceNode(input: CreateResourceNodeInput): MsgCreateResourceNodeEncodeObject {
  return {
    typeUrl: "/stratos.register.v1.MsgCreateResourceNode",
    value: tx.MsgCreateResourceNode.fromPartial({
      networkAddress: input.networkAddress ?? sdsAddressFromPubkey(input.pubkey),
      pubkey: ed25519PubkeyToAny(input.pubkey),
      value: toCoin(input.value),
      ownerAddress: input.ownerAddress,
      beneficiaryAddress: input.beneficiaryAddress ?? "",
      description: description(input.description),
      nodeType: input.nodeType,
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgCreateResourceNode`.
 *
 * @example
 * if (isMsgCreateResourceNodeEncodeObject(o)) console.log(o.value.networkAddress);
 */
export function isMsgCreateResourceNodeEncodeObject(o: EncodeObject): o is MsgCreateResourceNodeEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgCreateResourceNode";
}

// ---------------------------------------------------------------------------------------------
// MsgCreateMetaNode

/**
 * `MsgCreateMetaNode` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgCreateMetaNodeEncodeObject = msgCreateMetaNode({ ... });
 */
export interface MsgCreateMetaNodeEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgCreateMetaNode";
  readonly value: MsgCreateMetaNode;
}

/**
 * Input of {@link msgCreateMetaNode}.
 *
 * @example
 * const input: CreateMetaNodeInput = { pubkey: key.publicKey, value: 10n ** 18n, ownerAddress: "st1...", beneficiaryAddress: "st1...", description: { moniker: "meta-1" } };
 */
export interface CreateMetaNodeInput {
  /** The node's raw 32-byte ed25519 P2P public key. */
  readonly pubkey: Uint8Array;
  /** Default: derived from `pubkey`. */
  readonly networkAddress?: string;
  /** Deposit: wei as a bigint, or a coin. */
  readonly value: Amount;
  readonly ownerAddress: string;
  /** Default: the owner (the chain requires a non-empty beneficiary for meta nodes). */
  readonly beneficiaryAddress?: string;
  readonly description: DescriptionInput;
}

/**
 * Registers a meta-node candidate (signer: `ownerAddress`); bonded meta nodes then vote it in.
 *
 * @example
 * const msg = msgCreateMetaNode({ pubkey: key.publicKey, value: 10n ** 18n, ownerAddress: "st1...", description: { moniker: "meta-1" } });
 */
export function msgCreateMetaNode(input: CreateMetaNodeInput): MsgCreateMetaNodeEncodeObject {
  return {
    typeUrl: "/stratos.register.v1.MsgCreateMetaNode",
    value: tx.MsgCreateMetaNode.fromPartial({
      networkAddress: input.networkAddress ?? sdsAddressFromPubkey(input.pubkey),
      pubkey: ed25519PubkeyToAny(input.pubkey),
      value: toCoin(input.value),
      ownerAddress: input.ownerAddress,
      beneficiaryAddress: input.beneficiaryAddress ?? input.ownerAddress,
      description: description(input.description),
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgCreateMetaNode`.
 *
 * @example
 * if (isMsgCreateMetaNodeEncodeObject(o)) console.log(o.value.networkAddress);
 */
export function isMsgCreateMetaNodeEncodeObject(o: EncodeObject): o is MsgCreateMetaNodeEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgCreateMetaNode";
}

// ---------------------------------------------------------------------------------------------
// MsgRemoveResourceNode / MsgRemoveMetaNode

/**
 * `MsgRemoveResourceNode` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgRemoveResourceNodeEncodeObject = msgRemoveResourceNode({ resourceNodeAddress: "stsds1...", ownerAddress: "st1..." });
 */
export interface MsgRemoveResourceNodeEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgRemoveResourceNode";
  readonly value: MsgRemoveResourceNode;
}

/**
 * Starts unbonding a resource node's deposit (signer: `ownerAddress`).
 *
 * @example
 * const msg = msgRemoveResourceNode({ resourceNodeAddress: "stsds1...", ownerAddress: "st1..." });
 */
export function msgRemoveResourceNode(input: { readonly resourceNodeAddress: string; readonly ownerAddress: string }): MsgRemoveResourceNodeEncodeObject {
  return { typeUrl: "/stratos.register.v1.MsgRemoveResourceNode", value: tx.MsgRemoveResourceNode.fromPartial(input) };
}

/**
 * Whether an `EncodeObject` is a `MsgRemoveResourceNode`.
 *
 * @example
 * if (isMsgRemoveResourceNodeEncodeObject(o)) console.log(o.value.resourceNodeAddress);
 */
export function isMsgRemoveResourceNodeEncodeObject(o: EncodeObject): o is MsgRemoveResourceNodeEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgRemoveResourceNode";
}

/**
 * `MsgRemoveMetaNode` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgRemoveMetaNodeEncodeObject = msgRemoveMetaNode({ metaNodeAddress: "stsds1...", ownerAddress: "st1..." });
 */
export interface MsgRemoveMetaNodeEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgRemoveMetaNode";
  readonly value: MsgRemoveMetaNode;
}

/**
 * Starts unbonding a meta node, or withdraws a candidate (signer: `ownerAddress`).
 *
 * @example
 * const msg = msgRemoveMetaNode({ metaNodeAddress: "stsds1...", ownerAddress: "st1..." });
 */
export function msgRemoveMetaNode(input: { readonly metaNodeAddress: string; readonly ownerAddress: string }): MsgRemoveMetaNodeEncodeObject {
  return { typeUrl: "/stratos.register.v1.MsgRemoveMetaNode", value: tx.MsgRemoveMetaNode.fromPartial(input) };
}

/**
 * Whether an `EncodeObject` is a `MsgRemoveMetaNode`.
 *
 * @example
 * if (isMsgRemoveMetaNodeEncodeObject(o)) console.log(o.value.metaNodeAddress);
 */
export function isMsgRemoveMetaNodeEncodeObject(o: EncodeObject): o is MsgRemoveMetaNodeEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgRemoveMetaNode";
}

// ---------------------------------------------------------------------------------------------
// MsgUpdateResourceNode / MsgUpdateMetaNode

/**
 * `MsgUpdateResourceNode` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdateResourceNodeEncodeObject = msgUpdateResourceNode({ networkAddress: "stsds1...", ownerAddress: "st1...", description: { moniker: "rn-2" } });
 */
export interface MsgUpdateResourceNodeEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgUpdateResourceNode";
  readonly value: MsgUpdateResourceNode;
}

/**
 * Input of {@link msgUpdateResourceNode}.
 *
 * @example
 * const input: UpdateResourceNodeInput = { networkAddress: "stsds1...", ownerAddress: "st1...", nodeType: 7 };
 */
export interface UpdateResourceNodeInput {
  readonly networkAddress: string;
  readonly ownerAddress: string;
  /** Replaces the description. */
  readonly description?: DescriptionInput;
  /** Changed when non-empty. */
  readonly beneficiaryAddress?: string;
  /** Changed when non-zero. */
  readonly nodeType?: number;
}

/**
 * Updates a resource node's description, beneficiary or node type (signer: `ownerAddress`).
 *
 * @example
 * const msg = msgUpdateResourceNode({ networkAddress: "stsds1...", ownerAddress: "st1...", description: { moniker: "rn-2" } });
 */
export function msgUpdateResourceNode(input: UpdateResourceNodeInput): MsgUpdateResourceNodeEncodeObject {
  return {
    typeUrl: "/stratos.register.v1.MsgUpdateResourceNode",
    value: tx.MsgUpdateResourceNode.fromPartial({
      description: description(input.description),
      beneficiaryAddress: input.beneficiaryAddress ?? "",
      networkAddress: input.networkAddress,
      ownerAddress: input.ownerAddress,
      nodeType: input.nodeType ?? 0,
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgUpdateResourceNode`.
 *
 * @example
 * if (isMsgUpdateResourceNodeEncodeObject(o)) console.log(o.value.nodeType);
 */
export function isMsgUpdateResourceNodeEncodeObject(o: EncodeObject): o is MsgUpdateResourceNodeEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgUpdateResourceNode";
}

/**
 * `MsgUpdateMetaNode` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdateMetaNodeEncodeObject = msgUpdateMetaNode({ networkAddress: "stsds1...", ownerAddress: "st1...", description: { moniker: "m" } });
 */
export interface MsgUpdateMetaNodeEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgUpdateMetaNode";
  readonly value: MsgUpdateMetaNode;
}

/**
 * Input of {@link msgUpdateMetaNode}.
 *
 * @example
 * const input: UpdateMetaNodeInput = { networkAddress: "stsds1...", ownerAddress: "st1...", beneficiaryAddress: "st1..." };
 */
export interface UpdateMetaNodeInput {
  readonly networkAddress: string;
  readonly ownerAddress: string;
  readonly description?: DescriptionInput;
  /** Changed when non-empty. */
  readonly beneficiaryAddress?: string;
}

/**
 * Updates a meta node's description or beneficiary (signer: `ownerAddress`).
 *
 * @example
 * const msg = msgUpdateMetaNode({ networkAddress: "stsds1...", ownerAddress: "st1...", description: { moniker: "m" } });
 */
export function msgUpdateMetaNode(input: UpdateMetaNodeInput): MsgUpdateMetaNodeEncodeObject {
  return {
    typeUrl: "/stratos.register.v1.MsgUpdateMetaNode",
    value: tx.MsgUpdateMetaNode.fromPartial({
      description: description(input.description),
      beneficiaryAddress: input.beneficiaryAddress ?? "",
      networkAddress: input.networkAddress,
      ownerAddress: input.ownerAddress,
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgUpdateMetaNode`.
 *
 * @example
 * if (isMsgUpdateMetaNodeEncodeObject(o)) console.log(o.value.networkAddress);
 */
export function isMsgUpdateMetaNodeEncodeObject(o: EncodeObject): o is MsgUpdateMetaNodeEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgUpdateMetaNode";
}

// ---------------------------------------------------------------------------------------------
// Deposits

/**
 * Input of {@link msgUpdateResourceNodeDeposit} and {@link msgUpdateMetaNodeDeposit}.
 *
 * @example
 * const input: UpdateNodeDepositInput = { networkAddress: "stsds1...", ownerAddress: "st1...", depositDelta: 10n ** 18n };
 */
export interface UpdateNodeDepositInput {
  readonly networkAddress: string;
  readonly ownerAddress: string;
  /** Added deposit (positive): wei as a bigint, or a coin. */
  readonly depositDelta: Amount;
}

/**
 * `MsgUpdateResourceNodeDeposit` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdateResourceNodeDepositEncodeObject = msgUpdateResourceNodeDeposit({ networkAddress: "stsds1...", ownerAddress: "st1...", depositDelta: 1n });
 */
export interface MsgUpdateResourceNodeDepositEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgUpdateResourceNodeDeposit";
  readonly value: MsgUpdateResourceNodeDeposit;
}

/**
 * Adds deposit to a resource node (signer: `ownerAddress`).
 *
 * @example
 * const msg = msgUpdateResourceNodeDeposit({ networkAddress: "stsds1...", ownerAddress: "st1...", depositDelta: 10n ** 18n });
 */
export function msgUpdateResourceNodeDeposit(input: UpdateNodeDepositInput): MsgUpdateResourceNodeDepositEncodeObject {
  return {
    typeUrl: "/stratos.register.v1.MsgUpdateResourceNodeDeposit",
    value: tx.MsgUpdateResourceNodeDeposit.fromPartial({ networkAddress: input.networkAddress, ownerAddress: input.ownerAddress, depositDelta: toCoin(input.depositDelta) }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgUpdateResourceNodeDeposit`.
 *
 * @example
 * if (isMsgUpdateResourceNodeDepositEncodeObject(o)) console.log(o.value.depositDelta);
 */
export function isMsgUpdateResourceNodeDepositEncodeObject(o: EncodeObject): o is MsgUpdateResourceNodeDepositEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgUpdateResourceNodeDeposit";
}

/**
 * `MsgUpdateMetaNodeDeposit` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdateMetaNodeDepositEncodeObject = msgUpdateMetaNodeDeposit({ networkAddress: "stsds1...", ownerAddress: "st1...", depositDelta: 1n });
 */
export interface MsgUpdateMetaNodeDepositEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgUpdateMetaNodeDeposit";
  readonly value: MsgUpdateMetaNodeDeposit;
}

/**
 * Adds deposit to a meta node (signer: `ownerAddress`).
 *
 * @example
 * const msg = msgUpdateMetaNodeDeposit({ networkAddress: "stsds1...", ownerAddress: "st1...", depositDelta: 10n ** 18n });
 */
export function msgUpdateMetaNodeDeposit(input: UpdateNodeDepositInput): MsgUpdateMetaNodeDepositEncodeObject {
  return {
    typeUrl: "/stratos.register.v1.MsgUpdateMetaNodeDeposit",
    value: tx.MsgUpdateMetaNodeDeposit.fromPartial({ networkAddress: input.networkAddress, ownerAddress: input.ownerAddress, depositDelta: toCoin(input.depositDelta) }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgUpdateMetaNodeDeposit`.
 *
 * @example
 * if (isMsgUpdateMetaNodeDepositEncodeObject(o)) console.log(o.value.depositDelta);
 */
export function isMsgUpdateMetaNodeDepositEncodeObject(o: EncodeObject): o is MsgUpdateMetaNodeDepositEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgUpdateMetaNodeDeposit";
}

/**
 * `MsgUpdateEffectiveDeposit` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdateEffectiveDepositEncodeObject = msgUpdateEffectiveDeposit({ reporters: ["stsds1m"], reporterOwner: ["st1o"], networkAddress: "stsds1r", effectiveTokens: 1n });
 */
export interface MsgUpdateEffectiveDepositEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgUpdateEffectiveDeposit";
  readonly value: MsgUpdateEffectiveDeposit;
}

/**
 * Input of {@link msgUpdateEffectiveDeposit}.
 *
 * @example
 * const input: UpdateEffectiveDepositInput = { reporters: ["stsds1meta"], reporterOwner: ["st1owner"], networkAddress: "stsds1rn", effectiveTokens: 10n ** 18n };
 */
export interface UpdateEffectiveDepositInput {
  /** Reporting meta nodes (`stsds`). */
  readonly reporters: readonly string[];
  /** Their owners (`st`), same order and count; every one signs. */
  readonly reporterOwner: readonly string[];
  /** The resource node. */
  readonly networkAddress: string;
  /** The new effective deposit in wei. */
  readonly effectiveTokens: IntValue;
}

/**
 * Meta nodes set a resource node's effective deposit, which also unsuspends it (signers: every
 * `reporterOwner`).
 *
 * @example
 * const msg = msgUpdateEffectiveDeposit({ reporters: ["stsds1meta"], reporterOwner: ["st1owner"], networkAddress: "stsds1rn", effectiveTokens: 10n ** 18n });
 */
export function msgUpdateEffectiveDeposit(input: UpdateEffectiveDepositInput): MsgUpdateEffectiveDepositEncodeObject {
  return {
    typeUrl: "/stratos.register.v1.MsgUpdateEffectiveDeposit",
    value: tx.MsgUpdateEffectiveDeposit.fromPartial({
      reporters: [...input.reporters],
      reporterOwner: [...input.reporterOwner],
      networkAddress: input.networkAddress,
      effectiveTokens: toIntString(input.effectiveTokens),
    }),
  };
}

/**
 * Whether an `EncodeObject` is a `MsgUpdateEffectiveDeposit`.
 *
 * @example
 * if (isMsgUpdateEffectiveDepositEncodeObject(o)) console.log(o.value.effectiveTokens);
 */
export function isMsgUpdateEffectiveDepositEncodeObject(o: EncodeObject): o is MsgUpdateEffectiveDepositEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgUpdateEffectiveDeposit";
}

// ---------------------------------------------------------------------------------------------
// Votes

/**
 * `MsgMetaNodeRegistrationVote` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgMetaNodeRegistrationVoteEncodeObject = msgMetaNodeRegistrationVote({ ... });
 */
export interface MsgMetaNodeRegistrationVoteEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgMetaNodeRegistrationVote";
  readonly value: MsgMetaNodeRegistrationVote;
}

/**
 * Input of {@link msgMetaNodeRegistrationVote}.
 *
 * @example
 * const input: MetaNodeRegistrationVoteInput = { candidateNetworkAddress: "stsds1c", candidateOwnerAddress: "st1c", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" };
 */
export interface MetaNodeRegistrationVoteInput {
  readonly candidateNetworkAddress: string;
  readonly candidateOwnerAddress: string;
  /** true = approve. */
  readonly opinion: boolean;
  readonly voterNetworkAddress: string;
  readonly voterOwnerAddress: string;
}

/**
 * A bonded meta node votes on a meta-node candidate (signer: `voterOwnerAddress`).
 *
 * @example
 * const msg = msgMetaNodeRegistrationVote({ candidateNetworkAddress: "stsds1c", candidateOwnerAddress: "st1c", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" });
 */
export function msgMetaNodeRegistrationVote(input: MetaNodeRegistrationVoteInput): MsgMetaNodeRegistrationVoteEncodeObject {
  return { typeUrl: "/stratos.register.v1.MsgMetaNodeRegistrationVote", value: tx.MsgMetaNodeRegistrationVote.fromPartial(input) };
}

/**
 * Whether an `EncodeObject` is a `MsgMetaNodeRegistrationVote`.
 *
 * @example
 * if (isMsgMetaNodeRegistrationVoteEncodeObject(o)) console.log(o.value.opinion);
 */
export function isMsgMetaNodeRegistrationVoteEncodeObject(o: EncodeObject): o is MsgMetaNodeRegistrationVoteEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgMetaNodeRegistrationVote";
}

/**
 * `MsgKickMetaNodeVote` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgKickMetaNodeVoteEncodeObject = msgKickMetaNodeVote({ targetNetworkAddress: "stsds1t", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" });
 */
export interface MsgKickMetaNodeVoteEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgKickMetaNodeVote";
  readonly value: MsgKickMetaNodeVote;
}

/**
 * Input of {@link msgKickMetaNodeVote}.
 *
 * @example
 * const input: KickMetaNodeVoteInput = { targetNetworkAddress: "stsds1t", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" };
 */
export interface KickMetaNodeVoteInput {
  readonly targetNetworkAddress: string;
  /** true = kick. */
  readonly opinion: boolean;
  readonly voterNetworkAddress: string;
  readonly voterOwnerAddress: string;
}

/**
 * A bonded meta node votes on removing another (signer: `voterOwnerAddress`).
 *
 * @example
 * const msg = msgKickMetaNodeVote({ targetNetworkAddress: "stsds1t", opinion: true, voterNetworkAddress: "stsds1v", voterOwnerAddress: "st1v" });
 */
export function msgKickMetaNodeVote(input: KickMetaNodeVoteInput): MsgKickMetaNodeVoteEncodeObject {
  return { typeUrl: "/stratos.register.v1.MsgKickMetaNodeVote", value: tx.MsgKickMetaNodeVote.fromPartial(input) };
}

/**
 * Whether an `EncodeObject` is a `MsgKickMetaNodeVote`.
 *
 * @example
 * if (isMsgKickMetaNodeVoteEncodeObject(o)) console.log(o.value.targetNetworkAddress);
 */
export function isMsgKickMetaNodeVoteEncodeObject(o: EncodeObject): o is MsgKickMetaNodeVoteEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgKickMetaNodeVote";
}

// ---------------------------------------------------------------------------------------------
// MsgUpdateParams

/**
 * `stratos.register.v1.MsgUpdateParams` as an `EncodeObject`.
 *
 * @example
 * const msg: MsgUpdateRegisterParamsEncodeObject = msgUpdateRegisterParams({ authority: govAddress, params });
 */
export interface MsgUpdateRegisterParamsEncodeObject extends EncodeObject {
  readonly typeUrl: "/stratos.register.v1.MsgUpdateParams";
  readonly value: MsgUpdateParams;
}

/**
 * Replaces all register params (signer: `authority`, the x/gov module account; send it inside a
 * governance proposal).
 *
 * @example
 * const params = await client.register.params();
 * const msg = msgUpdateRegisterParams({ authority: govAddress, params: { ...params, maxEntries: 32 } });
 */
export function msgUpdateRegisterParams(input: { readonly authority: string; readonly params: Params }): MsgUpdateRegisterParamsEncodeObject {
  return { typeUrl: "/stratos.register.v1.MsgUpdateParams", value: tx.MsgUpdateParams.fromPartial(input) };
}

/**
 * Whether an `EncodeObject` is a `stratos.register.v1.MsgUpdateParams`.
 *
 * @example
 * if (isMsgUpdateRegisterParamsEncodeObject(o)) console.log(o.value.params);
 */
export function isMsgUpdateRegisterParamsEncodeObject(o: EncodeObject): o is MsgUpdateRegisterParamsEncodeObject {
  return o.typeUrl === "/stratos.register.v1.MsgUpdateParams";
}
