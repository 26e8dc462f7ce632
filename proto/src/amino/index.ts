import type { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";
import * as potTx from "../../gen/ts/stratos/pot/v1/tx";
import * as registerTx from "../../gen/ts/stratos/register/v1/tx";
import * as sdsTx from "../../gen/ts/stratos/sds/v1/tx";
import type { StratosAminoConverter } from "./fields";
import { createPotAminoConverters } from "./pot";
import { createRegisterAminoConverters } from "./register";
import { createSdsAminoConverters } from "./sds";

export {
  decodePubKeyBytes,
  encodePubKeyBytes,
  timestampFromRfc3339,
  timestampToRfc3339,
  type AminoJson,
  type AminoJsonObject,
  type StratosAminoConverter,
} from "./fields";
export { createPotAminoConverters } from "./pot";
export { createRegisterAminoConverters } from "./register";
export { createSdsAminoConverters } from "./sds";

/**
 * Legacy Amino JSON converters (cosmjs `AminoConverter` shape `{aminoType, toAmino, fromAmino}`) for
 * every Msg of the Stratos modules `register`, `sds` and `pot`, keyed by type URL. `aminoType` is the
 * legacy amino codec name Stratos' GetSignBytes uses (`register/CreateResourceNodeTx`, `sds/PrepayTx`,
 * `pot/VolumeReportTx`, ...); MsgUpdateEffectiveDeposit and MsgKickMetaNodeVote, which have none, use
 * their `amino.name` option. Values use snake_case keys, Go `omitempty` (empty strings, false, 0, empty
 * lists and unset messages are left out), 64-bit integers as decimal strings, bytes as base64, coins as
 * `{denom, amount}`, node pubkeys as `{type: "tendermint/PubKeyEd25519", value}`, durations as
 * nanosecond strings. The output is a pure function of the message, so the chain and clients agree.
 *
 * @example
 * import { AminoTypes, createDefaultAminoConverters } from "@cosmjs/stargate";
 * const aminoTypes = new AminoTypes({ ...createDefaultAminoConverters(), ...createStratosAminoConverters() });
 */
export function createStratosAminoConverters(): Record<string, StratosAminoConverter<unknown>> {
  return { ...createRegisterAminoConverters(), ...createSdsAminoConverters(), ...createPotAminoConverters() };
}

/**
 * The codec of one Msg type as the generated code provides it (a cosmjs `GeneratedType`).
 *
 * @example
 * const codec: StratosMsgCodec = stratos.sds.v1.MsgPrepay;
 */
export interface StratosMsgCodec {
  encode(message: unknown, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): unknown;
  fromPartial(object: unknown): unknown;
}

/**
 * `[typeUrl, generated codec]` for every Stratos Msg, for a cosmjs `Registry`.
 *
 * @example
 * import { Registry } from "@cosmjs/proto-signing";
 * import { defaultRegistryTypes } from "@cosmjs/stargate";
 * const registry = new Registry([...defaultRegistryTypes, ...STRATOS_MSG_TYPES]);
 */
export const STRATOS_MSG_TYPES: ReadonlyArray<[string, StratosMsgCodec]> = [
  ["/stratos.register.v1.MsgCreateResourceNode", registerTx.MsgCreateResourceNode],
  ["/stratos.register.v1.MsgRemoveResourceNode", registerTx.MsgRemoveResourceNode],
  ["/stratos.register.v1.MsgUpdateResourceNode", registerTx.MsgUpdateResourceNode],
  ["/stratos.register.v1.MsgUpdateResourceNodeDeposit", registerTx.MsgUpdateResourceNodeDeposit],
  ["/stratos.register.v1.MsgUpdateEffectiveDeposit", registerTx.MsgUpdateEffectiveDeposit],
  ["/stratos.register.v1.MsgCreateMetaNode", registerTx.MsgCreateMetaNode],
  ["/stratos.register.v1.MsgRemoveMetaNode", registerTx.MsgRemoveMetaNode],
  ["/stratos.register.v1.MsgUpdateMetaNode", registerTx.MsgUpdateMetaNode],
  ["/stratos.register.v1.MsgUpdateMetaNodeDeposit", registerTx.MsgUpdateMetaNodeDeposit],
  ["/stratos.register.v1.MsgMetaNodeRegistrationVote", registerTx.MsgMetaNodeRegistrationVote],
  ["/stratos.register.v1.MsgKickMetaNodeVote", registerTx.MsgKickMetaNodeVote],
  ["/stratos.register.v1.MsgUpdateParams", registerTx.MsgUpdateParams],
  ["/stratos.sds.v1.MsgFileUpload", sdsTx.MsgFileUpload],
  ["/stratos.sds.v1.MsgPrepay", sdsTx.MsgPrepay],
  ["/stratos.sds.v1.MsgUpdateParams", sdsTx.MsgUpdateParams],
  ["/stratos.pot.v1.MsgVolumeReport", potTx.MsgVolumeReport],
  ["/stratos.pot.v1.MsgWithdraw", potTx.MsgWithdraw],
  ["/stratos.pot.v1.MsgFoundationDeposit", potTx.MsgFoundationDeposit],
  ["/stratos.pot.v1.MsgSlashingResourceNode", potTx.MsgSlashingResourceNode],
  ["/stratos.pot.v1.MsgUpdateParams", potTx.MsgUpdateParams],
];
