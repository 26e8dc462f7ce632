import { z } from "zod";

/** bank parameters. Sending is enabled by default; per-denom overrides are allowed. */
export interface BankParams {
  readonly defaultSendEnabled: boolean;
  readonly sendEnabled: readonly { readonly denom: string; readonly enabled: boolean }[];
}

export const DEFAULT_BANK_PARAMS: BankParams = { defaultSendEnabled: true, sendEnabled: [] };

export const bankParamsJson = z
  .object({
    default_send_enabled: z.boolean(),
    send_enabled: z.array(z.object({ denom: z.string(), enabled: z.boolean() }).strict()).default([]),
  })
  .strict();

export function bankParamsFromJson(raw: z.input<typeof bankParamsJson>): BankParams {
  const j = bankParamsJson.parse(raw);
  return { defaultSendEnabled: j.default_send_enabled, sendEnabled: j.send_enabled };
}

export function bankParamsToJson(p: BankParams): z.input<typeof bankParamsJson> {
  return { default_send_enabled: p.defaultSendEnabled, send_enabled: p.sendEnabled.map((s) => ({ ...s })) };
}

/** Whether `denom` may be sent under `params`. */
export function isSendEnabled(params: BankParams, denom: string): boolean {
  return params.sendEnabled.find((s) => s.denom === denom)?.enabled ?? params.defaultSendEnabled;
}
