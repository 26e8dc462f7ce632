import { createStratosAminoConverters } from "@stratos/proto/src/amino";
import type { AminoConverter } from "@cosmjs/stargate";
import type { Context } from "./context";
import type { MsgRoute } from "./module";

/** The amino converters of every Stratos Msg (shared with the SDK), built once. */
const amino = createStratosAminoConverters();

/** A generated message codec (ts-proto `decode`). */
export interface MsgCodec<M> {
  decode(bytes: Uint8Array): M;
}

/** A generated codec of an empty response message (every Stratos Msg response is empty). */
export interface EmptyResponseCodec {
  encode(m: Record<string, never>): { finish(): Uint8Array };
}

/**
 * The route of one Stratos Msg (`/stratos.<module>.v1.<name>`): its codec, stateless checks,
 * signers and handler, the empty response, and the shared amino converter. Throws at start-up
 * when the converter is missing, so a Msg cannot be routed without LEGACY_AMINO_JSON support.
 */
export function stratosMsgRoute<M>(
  module: "register" | "sds" | "pot",
  name: string,
  codec: MsgCodec<M>,
  response: EmptyResponseCodec,
  validateBasic: (m: M) => void,
  signers: (m: M) => string[],
  handle: (ctx: Context, m: M) => void,
): MsgRoute<unknown> {
  const typeUrl = `/stratos.${module}.v1.${name}`;
  const converter = amino[typeUrl];
  if (!converter) throw new Error(`no amino converter for ${typeUrl}`);
  const route: MsgRoute<M> = {
    typeUrl,
    responseTypeUrl: `${typeUrl}Response`,
    decode: (b) => codec.decode(b),
    validateBasic,
    signers,
    handle: (ctx, m) => {
      handle(ctx, m);
      return response.encode({}).finish();
    },
    amino: converter as AminoConverter,
  };
  return route as MsgRoute<unknown>;
}
