import type { Context } from "../../app/context";
import { emitTypedEvent } from "../../types/events";

/** Typed event types of the sds module (proto full names; the SDS relayer subscribes to them). */
export const EVENT_PREPAY = "stratos.sds.v1.EventPrePay";
export const EVENT_FILE_UPLOAD = "stratos.sds.v1.EventFileUpload";

/** `EventPrePay{sender, beneficiary, amount, purchased_noz}`, values JSON-encoded. */
export function emitPrepay(ctx: Context, e: { sender: string; beneficiary: string; amount: string; purchasedNoz: bigint }): void {
  emitTypedEvent(ctx.events, EVENT_PREPAY, {
    sender: e.sender,
    beneficiary: e.beneficiary,
    amount: e.amount,
    purchased_noz: e.purchasedNoz.toString(),
  });
}

/** `EventFileUpload{sender, reporter, uploader, file_hash}`, values JSON-encoded. */
export function emitFileUpload(ctx: Context, e: { sender: string; reporter: string; uploader: string; fileHash: string }): void {
  emitTypedEvent(ctx.events, EVENT_FILE_UPLOAD, {
    sender: e.sender,
    reporter: e.reporter,
    uploader: e.uploader,
    file_hash: e.fileHash,
  });
}
