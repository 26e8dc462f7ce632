/** Event types and attribute keys, spelled as the Cosmos SDK spells them so indexers and wallets find them. */
export const EVENT_TRANSFER = "transfer";
export const EVENT_COIN_SPENT = "coin_spent";
export const EVENT_COIN_RECEIVED = "coin_received";
export const EVENT_MESSAGE = "message";

export const ATTR_RECIPIENT = "recipient";
export const ATTR_SENDER = "sender";
export const ATTR_SPENDER = "spender";
export const ATTR_RECEIVER = "receiver";
export const ATTR_AMOUNT = "amount";
