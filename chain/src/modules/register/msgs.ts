import { stratos } from "@stratos/proto";
import { isAccAddress, isSdsAddress } from "../../types/address";
import { parseAmount, isValidDenom, CoinError, type Coin } from "../../types/coin";
import { ErrInvalidAddress } from "../../types/errors";
import * as E from "./errors";
import { isValidNodeType } from "./node-status";
import { ed25519KeyFromAny, sdsAddressOfKey } from "./pubkey";

type R = typeof stratos.register.v1;
type Description = stratos.register.v1.Description;

/** Longest accepted description fields (Stratos defines these limits but never applies them; we do). */
export const DESCRIPTION_LIMITS = { moniker: 70, identity: 3000, website: 140, securityContact: 140, details: 280 } as const;

function requireSds(address: string, empty: typeof E.ErrEmptyNodeNetworkAddress, invalid: typeof E.ErrInvalidNetworkAddr): void {
  if (!address) throw empty.error();
  if (!isSdsAddress(address)) throw invalid.wrap(`not a stsds address: ${JSON.stringify(address)}`);
}

function requireOwner(address: string): void {
  if (!address) throw E.ErrEmptyOwnerAddr.error();
  if (!isAccAddress(address)) throw ErrInvalidAddress.wrap(`invalid owner address ${JSON.stringify(address)}`);
}

/** A positive coin from the wire; throws ErrValueNegative / ErrBadDenom. */
export function positiveCoin(c: { denom: string; amount: string } | undefined): Coin {
  if (!c) throw E.ErrValueNegative.wrap("missing amount");
  if (!isValidDenom(c.denom)) throw E.ErrBadDenom.wrap(`invalid denom ${JSON.stringify(c.denom)}`);
  let amount: bigint;
  try {
    amount = parseAmount(c.amount);
  } catch (e) {
    if (e instanceof CoinError) throw E.ErrValueNegative.wrap(e.message);
    throw e;
  }
  if (amount <= 0n) throw E.ErrValueNegative.error();
  return { denom: c.denom, amount };
}

export function validateDescription(d: Description | undefined, requireMoniker: boolean): void {
  const desc = d ?? stratos.register.v1.Description.fromPartial({});
  if (requireMoniker && !desc.moniker.trim()) throw E.ErrEmptyMoniker.error();
  for (const [field, max] of Object.entries(DESCRIPTION_LIMITS) as [keyof typeof DESCRIPTION_LIMITS, number][]) {
    if (desc[field].length > max) throw E.ErrEmptyDescription.wrap(`${field} is longer than ${max} characters`);
  }
}

/** The network address must be the address of the ed25519 key in `pubkey`. */
function requireKeyMatchesAddress(networkAddress: string, pubkey: Parameters<typeof ed25519KeyFromAny>[0]): void {
  let key: Uint8Array;
  try {
    key = ed25519KeyFromAny(pubkey);
  } catch (e) {
    if (!pubkey) throw E.ErrEmptyPubKey.error();
    throw E.ErrUnknownPubKey.wrap((e as Error).message);
  }
  const expected = sdsAddressOfKey(key);
  if (expected !== networkAddress) throw E.ErrInvalidNetworkAddr.wrap(`network address ${networkAddress} is not the address of its pubkey (${expected})`);
}

export function validateCreateResourceNode(m: ReturnType<R["MsgCreateResourceNode"]["decode"]>): void {
  requireSds(m.networkAddress, E.ErrEmptyNodeNetworkAddress, E.ErrInvalidNetworkAddr);
  requireKeyMatchesAddress(m.networkAddress, m.pubkey);
  requireOwner(m.ownerAddress);
  if (m.beneficiaryAddress && !isAccAddress(m.beneficiaryAddress)) throw E.ErrInvalidBeneficiaryAddr.error();
  positiveCoin(m.value);
  validateDescription(m.description, true);
  if (!isValidNodeType(m.nodeType)) throw E.ErrInvalidNodeType.wrap(`node type ${m.nodeType} is not one of 1-7`);
}

export function validateCreateMetaNode(m: ReturnType<R["MsgCreateMetaNode"]["decode"]>): void {
  requireSds(m.networkAddress, E.ErrEmptyNodeNetworkAddress, E.ErrInvalidNetworkAddr);
  requireKeyMatchesAddress(m.networkAddress, m.pubkey);
  requireOwner(m.ownerAddress);
  if (!m.beneficiaryAddress || !isAccAddress(m.beneficiaryAddress)) throw E.ErrInvalidBeneficiaryAddr.error();
  positiveCoin(m.value);
  validateDescription(m.description, true);
}

export function validateRemoveResourceNode(m: ReturnType<R["MsgRemoveResourceNode"]["decode"]>): void {
  requireSds(m.resourceNodeAddress, E.ErrEmptyResourceNodeAddr, E.ErrInvalidNetworkAddr);
  requireOwner(m.ownerAddress);
}

export function validateRemoveMetaNode(m: ReturnType<R["MsgRemoveMetaNode"]["decode"]>): void {
  requireSds(m.metaNodeAddress, E.ErrEmptyMetaNodeAddr, E.ErrInvalidNetworkAddr);
  requireOwner(m.ownerAddress);
}

export function validateUpdateResourceNode(m: ReturnType<R["MsgUpdateResourceNode"]["decode"]>): void {
  requireSds(m.networkAddress, E.ErrEmptyNodeNetworkAddress, E.ErrInvalidNetworkAddr);
  requireOwner(m.ownerAddress);
  if (m.beneficiaryAddress && !isAccAddress(m.beneficiaryAddress)) throw E.ErrInvalidBeneficiaryAddr.error();
  validateDescription(m.description, false);
  if (!isValidNodeType(m.nodeType)) throw E.ErrInvalidNodeType.wrap(`node type ${m.nodeType} is not one of 1-7`);
}

export function validateUpdateMetaNode(m: ReturnType<R["MsgUpdateMetaNode"]["decode"]>): void {
  requireSds(m.networkAddress, E.ErrEmptyNodeNetworkAddress, E.ErrInvalidNetworkAddr);
  requireOwner(m.ownerAddress);
  if (m.beneficiaryAddress && !isAccAddress(m.beneficiaryAddress)) throw E.ErrInvalidBeneficiaryAddr.error();
  validateDescription(m.description, true);
}

export function validateUpdateDeposit(m: { networkAddress: string; ownerAddress: string; depositDelta: { denom: string; amount: string } | undefined }): void {
  requireSds(m.networkAddress, E.ErrEmptyNodeNetworkAddress, E.ErrInvalidNetworkAddr);
  requireOwner(m.ownerAddress);
  positiveCoin(m.depositDelta);
}

export function validateUpdateEffectiveDeposit(m: ReturnType<R["MsgUpdateEffectiveDeposit"]["decode"]>): void {
  requireSds(m.networkAddress, E.ErrEmptyNodeNetworkAddress, E.ErrInvalidNetworkAddr);
  if (m.reporters.length === 0) throw E.ErrReporterAddress.wrap("no reporters");
  if (m.reporterOwner.length !== m.reporters.length) throw E.ErrReporterAddressOrOwner.wrap("reporters and reporter owners differ in number");
  for (const r of m.reporters) if (!isSdsAddress(r)) throw E.ErrReporterAddress.wrap(`not a stsds address: ${JSON.stringify(r)}`);
  for (const o of m.reporterOwner) if (!isAccAddress(o)) throw E.ErrReporterAddressOrOwner.wrap(`invalid owner ${JSON.stringify(o)}`);
  if (!/^[0-9]+$/.test(m.effectiveTokens)) throw E.ErrInvalidEffectiveToken.wrap(`effective tokens must be a non-negative integer, got ${JSON.stringify(m.effectiveTokens)}`);
}

export function validateRegistrationVote(m: ReturnType<R["MsgMetaNodeRegistrationVote"]["decode"]>): void {
  requireSds(m.candidateNetworkAddress, E.ErrEmptyCandidateNetworkAddr, E.ErrInvalidCandidateNetworkAddr);
  if (!m.candidateOwnerAddress) throw E.ErrEmptyCandidateOwnerAddr.error();
  if (!isAccAddress(m.candidateOwnerAddress)) throw E.ErrInvalidCandidateOwnerAddr.error();
  requireSds(m.voterNetworkAddress, E.ErrEmptyVoterNetworkAddr, E.ErrInvalidVoterNetworkAddr);
  if (!m.voterOwnerAddress) throw E.ErrEmptyVoterOwnerAddr.error();
  if (!isAccAddress(m.voterOwnerAddress)) throw E.ErrInvalidVoterOwnerAddr.error();
  if (m.candidateNetworkAddress === m.voterNetworkAddress) throw E.ErrSameAddr.error();
}

export function validateKickVote(m: ReturnType<R["MsgKickMetaNodeVote"]["decode"]>): void {
  requireSds(m.targetNetworkAddress, E.ErrInvalidTargetNetworkAddr, E.ErrInvalidTargetNetworkAddr);
  requireSds(m.voterNetworkAddress, E.ErrEmptyVoterNetworkAddr, E.ErrInvalidVoterNetworkAddr);
  if (!m.voterOwnerAddress) throw E.ErrEmptyVoterOwnerAddr.error();
  if (!isAccAddress(m.voterOwnerAddress)) throw E.ErrInvalidVoterOwnerAddr.error();
  if (m.targetNetworkAddress === m.voterNetworkAddress) throw E.ErrSameAddr.error();
}
