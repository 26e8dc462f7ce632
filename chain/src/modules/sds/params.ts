import { stratos } from "@stratos/proto";
import { isValidDenom } from "../../types/coin";

/** sds parameters (x/sds/types/params.go). */
export interface SdsParams {
  /** The denom prepay takes (others in a MsgPrepay are ignored). */
  readonly bondDenom: string;
}

export const DEFAULT_SDS_PARAMS: SdsParams = { bondDenom: "wei" };

/** A reason the params are invalid, or undefined. */
export function validateSdsParams(p: SdsParams): string | undefined {
  if (!p.bondDenom.trim()) return "bond denom cannot be blank";
  if (!isValidDenom(p.bondDenom)) return `invalid bond denom ${JSON.stringify(p.bondDenom)}`;
  return undefined;
}

export function sdsParamsToProto(p: SdsParams): stratos.sds.v1.Params {
  return stratos.sds.v1.Params.fromPartial({ bondDenom: p.bondDenom });
}

export function sdsParamsFromProto(p: stratos.sds.v1.Params): SdsParams {
  return { bondDenom: p.bondDenom };
}
