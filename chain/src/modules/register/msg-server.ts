import { stratos } from "@stratos/proto";
import type { Context } from "../../app/context";
import type { MsgRoute } from "../../app/module";
import { stratosMsgRoute, type EmptyResponseCodec, type MsgCodec } from "../../app/stratos-msg-route";
import { isAccAddress } from "../../types/address";
import { ChainError, ErrInvalidAddress, ErrUnauthorized } from "../../types/errors";
import * as E from "./errors";
import { emitTyped } from "./events";
import type { RegisterKeeper } from "./keeper";
import * as v from "./msgs";
import { isActiveMetaNode } from "./node-status";
import { registerParamsFromProto, validateRegisterParams } from "./params";

const R = stratos.register.v1;
/** One register route (see stratosMsgRoute). */
function route<M>(name: string, codec: MsgCodec<M>, response: EmptyResponseCodec, validate: (m: M) => void, signers: (m: M) => string[], handle: (ctx: Context, m: M) => void): MsgRoute<unknown> {
  return stratosMsgRoute("register", name, codec, response, validate, signers, handle);
}

/** Wraps keeper failures in the message's umbrella error, as the real handlers do (`ErrRegisterResourceNode: ...`). */
function wrapped(kind: typeof E.ErrRegisterResourceNode, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof ChainError) throw new ChainError(e.kind, `${kind.description}: ${e.message}`);
    throw e;
  }
}

/**
 * The register Msg service. Each reporter of MsgUpdateEffectiveDeposit must be an active meta
 * node owned by the signer at the same index (the real chain counts them but lets anyone send).
 */
export function registerMsgRoutes(keeper: RegisterKeeper, authority: string): MsgRoute<unknown>[] {
  return [
    route("MsgCreateResourceNode", R.MsgCreateResourceNode, R.MsgCreateResourceNodeResponse, v.validateCreateResourceNode, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrRegisterResourceNode, () =>
        keeper.createResourceNode(ctx, {
          networkAddress: m.networkAddress,
          pubkey: m.pubkey!,
          value: v.positiveCoin(m.value),
          ownerAddress: m.ownerAddress,
          beneficiaryAddress: m.beneficiaryAddress.trim() ? m.beneficiaryAddress : m.ownerAddress,
          description: m.description ?? R.Description.fromPartial({}),
          nodeType: m.nodeType,
        }),
      ),
    ),
    route("MsgCreateMetaNode", R.MsgCreateMetaNode, R.MsgCreateMetaNodeResponse, v.validateCreateMetaNode, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrRegisterMetaNode, () =>
        keeper.createMetaNode(ctx, {
          networkAddress: m.networkAddress,
          pubkey: m.pubkey!,
          value: v.positiveCoin(m.value),
          ownerAddress: m.ownerAddress,
          beneficiaryAddress: m.beneficiaryAddress,
          description: m.description ?? R.Description.fromPartial({}),
        }),
      ),
    ),
    route("MsgRemoveResourceNode", R.MsgRemoveResourceNode, R.MsgRemoveResourceNodeResponse, v.validateRemoveResourceNode, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrUnbondResourceNode, () => keeper.unbondResourceNode(ctx, m.ownerAddress, m.resourceNodeAddress)),
    ),
    route("MsgRemoveMetaNode", R.MsgRemoveMetaNode, R.MsgRemoveMetaNodeResponse, v.validateRemoveMetaNode, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrUnbondMetaNode, () => keeper.unbondMetaNode(ctx, m.ownerAddress, m.metaNodeAddress)),
    ),
    route("MsgUpdateResourceNode", R.MsgUpdateResourceNode, R.MsgUpdateResourceNodeResponse, v.validateUpdateResourceNode, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrUpdateResourceNode, () => {
        keeper.updateResourceNode(ctx, m.ownerAddress, m.networkAddress, m.description ?? R.Description.fromPartial({}), m.beneficiaryAddress, m.nodeType);
        const node = keeper.getResourceNode(ctx.store, m.networkAddress)!;
        emitTyped(ctx, "stratos.register.v1.EventUpdateResourceNode", { sender: m.ownerAddress, network_address: m.networkAddress, beneficiary_address: node.beneficiaryAddress });
      }),
    ),
    route("MsgUpdateMetaNode", R.MsgUpdateMetaNode, R.MsgUpdateMetaNodeResponse, v.validateUpdateMetaNode, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrUpdateMetaNode, () => {
        keeper.updateMetaNode(ctx, m.ownerAddress, m.networkAddress, m.description ?? R.Description.fromPartial({}), m.beneficiaryAddress);
        emitTyped(ctx, "stratos.register.v1.EventUpdateMetaNode", { sender: m.ownerAddress, network_address: m.networkAddress });
      }),
    ),
    route("MsgUpdateResourceNodeDeposit", R.MsgUpdateResourceNodeDeposit, R.MsgUpdateResourceNodeDepositResponse, v.validateUpdateDeposit, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrUpdateResourceNodeDeposit, () => keeper.updateResourceNodeDeposit(ctx, m.ownerAddress, m.networkAddress, v.positiveCoin(m.depositDelta))),
    ),
    route("MsgUpdateMetaNodeDeposit", R.MsgUpdateMetaNodeDeposit, R.MsgUpdateMetaNodeDepositResponse, v.validateUpdateDeposit, (m) => [m.ownerAddress], (ctx, m) =>
      wrapped(E.ErrUpdateMetaNodeDeposit, () => keeper.updateMetaNodeDeposit(ctx, m.ownerAddress, m.networkAddress, v.positiveCoin(m.depositDelta))),
    ),
    route("MsgUpdateEffectiveDeposit", R.MsgUpdateEffectiveDeposit, R.MsgUpdateEffectiveDepositResponse, v.validateUpdateEffectiveDeposit, (m) => [...new Set(m.reporterOwner)], (ctx, m) => {
      m.reporters.forEach((reporter, i) => {
        const node = keeper.getMetaNode(ctx.store, reporter);
        if (!node || node.ownerAddress !== m.reporterOwner[i] || !isActiveMetaNode(node)) {
          throw E.ErrReporterAddressOrOwner.wrap(`${reporter} is not an active meta node owned by ${m.reporterOwner[i]}`);
        }
      });
      const effective = BigInt(m.effectiveTokens);
      if (effective <= 0n) throw E.ErrInvalidEffectiveToken.wrap("effective tokens must be positive");
      keeper.updateEffectiveDeposit(ctx, m.networkAddress, effective);
    }),
    route("MsgMetaNodeRegistrationVote", R.MsgMetaNodeRegistrationVote, R.MsgMetaNodeRegistrationVoteResponse, v.validateRegistrationVote, (m) => [m.voterOwnerAddress], (ctx, m) =>
      wrapped(E.ErrVoteMetaNode, () =>
        keeper.voteMetaNodeRegistration(ctx, { candidate: m.candidateNetworkAddress, candidateOwner: m.candidateOwnerAddress, opinion: m.opinion, voter: m.voterNetworkAddress, voterOwner: m.voterOwnerAddress }),
      ),
    ),
    route("MsgKickMetaNodeVote", R.MsgKickMetaNodeVote, R.MsgKickMetaNodeVoteResponse, v.validateKickVote, (m) => [m.voterOwnerAddress], (ctx, m) =>
      keeper.voteKickMetaNode(ctx, { target: m.targetNetworkAddress, opinion: m.opinion, voter: m.voterNetworkAddress, voterOwner: m.voterOwnerAddress }),
    ),
    route(
      "MsgUpdateParams",
      R.MsgUpdateParams,
      R.MsgUpdateParamsResponse,
      (m) => {
        if (!isAccAddress(m.authority)) throw ErrInvalidAddress.wrap(`invalid authority address ${JSON.stringify(m.authority.slice(0, 100))}`);
        if (!m.params) throw E.ErrInvalid.wrap("params are required");
      },
      (m) => [m.authority],
      (ctx, m) => {
        if (m.authority !== authority) throw ErrUnauthorized.wrap(`invalid authority; expected ${authority}, got ${m.authority}`);
        let params;
        try {
          params = registerParamsFromProto(m.params!);
        } catch (e) {
          throw E.ErrInvalid.wrap((e as Error).message);
        }
        const problem = validateRegisterParams(params);
        if (problem) throw E.ErrInvalid.wrap(problem);
        keeper.setParams(ctx.store, params);
      },
    ),
  ];
}

