import { fromBase64, fromHex } from "@cosmjs/encoding";
import { z } from "zod";
import { ProofError, asProofError } from "./errors";
import { parseRfc3339 } from "./timestamp";
import type { BlockId, Commit, CommitSig, Header, SignedHeader, Validator } from "./types";
import { sortValidators, validatorAddress } from "./validator-set";

/** An int64 as CometBFT's JSON writes it (a decimal string; numbers accepted too). */
const int64 = z.union([z.string().regex(/^-?\d{1,20}$/), z.number().int()]).transform((v) => BigInt(v));
const int32 = z.union([z.number().int(), z.string().regex(/^-?\d{1,10}$/)]).transform((v) => Number(v));
/** `HexBytes`: upper- (or lower-) case hex, possibly empty. */
const hexBytes = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{2})*$/)
  .transform((s) => fromHex(s));
/** `[]byte`: base64, possibly empty or null. */
const base64Bytes = z
  .union([z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/), z.null()])
  .optional()
  .transform((s) => (s === null || s === undefined ? new Uint8Array(0) : fromBase64(s)));
const time = z.string().transform((s) => parseRfc3339(s));

const blockIdSchema = z
  .looseObject({ hash: hexBytes, parts: z.looseObject({ total: int32, hash: hexBytes }) })
  .transform((b): BlockId => ({ hash: b.hash, partSetHeader: { total: b.parts.total, hash: b.parts.hash } }));

const headerSchema = z
  .looseObject({
    version: z.looseObject({ block: int64, app: int64.optional() }),
    chain_id: z.string(),
    height: int64,
    time,
    last_block_id: blockIdSchema,
    last_commit_hash: hexBytes,
    data_hash: hexBytes,
    validators_hash: hexBytes,
    next_validators_hash: hexBytes,
    consensus_hash: hexBytes,
    app_hash: hexBytes,
    last_results_hash: hexBytes,
    evidence_hash: hexBytes,
    proposer_address: hexBytes,
  })
  .transform(
    (h): Header => ({
      version: { block: h.version.block, app: h.version.app ?? 0n },
      chainId: h.chain_id,
      height: h.height,
      time: h.time,
      lastBlockId: h.last_block_id,
      lastCommitHash: h.last_commit_hash,
      dataHash: h.data_hash,
      validatorsHash: h.validators_hash,
      nextValidatorsHash: h.next_validators_hash,
      consensusHash: h.consensus_hash,
      appHash: h.app_hash,
      lastResultsHash: h.last_results_hash,
      evidenceHash: h.evidence_hash,
      proposerAddress: h.proposer_address,
    }),
  );

const commitSigSchema = z
  .looseObject({ block_id_flag: int32, validator_address: hexBytes, timestamp: time, signature: base64Bytes })
  .transform((s): CommitSig => ({ blockIdFlag: s.block_id_flag, validatorAddress: s.validator_address, timestamp: s.timestamp, signature: s.signature }));

const commitSchema = z
  .looseObject({ height: int64, round: int32, block_id: blockIdSchema, signatures: z.array(commitSigSchema) })
  .transform((c): Commit => ({ height: c.height, round: c.round, blockId: c.block_id, signatures: c.signatures }));

const commitResultSchema = z.looseObject({ signed_header: z.looseObject({ header: headerSchema, commit: commitSchema }) });

const pubKeySchema = z.looseObject({ type: z.string(), value: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/) });

/** An ed25519 key from CometBFT's amino JSON; other key types are refused (kind `validators`). */
function ed25519Key(k: z.output<typeof pubKeySchema>): Uint8Array {
  if (k.type !== "tendermint/PubKeyEd25519") throw new ProofError("validators", `unsupported validator key type ${JSON.stringify(k.type)}`);
  const key = fromBase64(k.value);
  if (key.length !== 32) throw new ProofError("validators", `ed25519 key has ${key.length} bytes`);
  return key;
}

const validatorsResultSchema = z.looseObject({
  block_height: int64,
  validators: z.array(z.looseObject({ address: hexBytes, pub_key: pubKeySchema, voting_power: int64, proposer_priority: int64.optional() })),
  count: int32.optional(),
  total: int32,
});

const proofOpSchema = z.looseObject({ type: z.string(), key: base64Bytes, data: base64Bytes });
const abciQueryResultSchema = z.looseObject({
  response: z.looseObject({
    code: z.number().int().optional(),
    log: z.string().optional(),
    info: z.string().optional(),
    key: base64Bytes,
    value: base64Bytes,
    proofOps: z.union([z.null(), z.looseObject({ ops: z.union([z.array(proofOpSchema), z.null()]).optional() })]).optional(),
    height: int64.optional(),
    codespace: z.string().optional(),
  }),
});

const genesisValidatorSchema = z.looseObject({ address: hexBytes.optional(), pub_key: pubKeySchema, power: int64 });
const genesisDocSchema = z.looseObject({ validators: z.array(genesisValidatorSchema).nullish() });
const statusSchema = z.looseObject({ sync_info: z.looseObject({ latest_block_height: int64 }) });

/**
 * `build` applied to `json` decoded by `schema`. What the schema refuses, and anything but a
 * ProofError thrown while decoding or building (a transform, base64), is ProofError `rpc_shape`.
 */
function decode<S extends z.ZodType, T>(schema: S, json: unknown, what: string, build: (r: z.output<S>) => T): T {
  return asProofError("rpc_shape", `not a CometBFT ${what} result`, () => {
    const r = schema.safeParse(json);
    if (r.success) return build(r.data);
    const issues = r.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw new ProofError("rpc_shape", `not a CometBFT ${what} result: ${issues}`);
  });
}

/**
 * Decodes the result of the CometBFT RPC `commit` (`{signed_header: {header, commit}, canonical}`).
 * Throws ProofError `rpc_shape` when it is not that shape. Checks nothing else.
 *
 * @example
 * const sh = parseSignedHeader(await rpc.commit(5n)); // sh.header.appHash, sh.commit.signatures
 */
export function parseSignedHeader(json: unknown): SignedHeader {
  return decode(commitResultSchema, json, "commit", (r) => ({ header: r.signed_header.header, commit: r.signed_header.commit }));
}

/**
 * Decodes one page of the CometBFT RPC `validators` (`{block_height, validators, count, total}`);
 * `total` is the size of the whole set. Only ed25519 keys are accepted (kind `validators`
 * otherwise). Throws ProofError `rpc_shape` when it is not that shape.
 *
 * @example
 * const { validators, total } = parseValidators(await rpc.validators(5n, 1, 100));
 */
export function parseValidators(json: unknown): { blockHeight: bigint; validators: Validator[]; total: number } {
  return decode(validatorsResultSchema, json, "validators", (r) => ({
    blockHeight: r.block_height,
    validators: r.validators.map((v): Validator => ({ address: v.address, pubKey: ed25519Key(v.pub_key), votingPower: v.voting_power, proposerPriority: v.proposer_priority ?? 0n })),
    total: r.total,
  }));
}

/**
 * An `abci_query` answer, decoded.
 *
 * @example
 * const q: AbciQueryResult = parseAbciQuery(json); // q.proofOps[0]?.type === "ics23:smt"
 */
export interface AbciQueryResult {
  code: number;
  log: string;
  key: Uint8Array;
  value: Uint8Array;
  height: bigint;
  proofOps: { type: string; key: Uint8Array; data: Uint8Array }[];
}

/**
 * Decodes the result of the CometBFT RPC `abci_query` (`{response: {code, log, key, value,
 * proofOps, height, ...}}`; empty fields may be left out or null). Throws ProofError `rpc_shape`.
 *
 * @example
 * const q = parseAbciQuery(await rpc.abciQuery("/store/key", key, undefined, true));
 */
export function parseAbciQuery(json: unknown): AbciQueryResult {
  return decode(abciQueryResultSchema, json, "abci_query", ({ response: r }) => ({
    code: r.code ?? 0,
    log: r.log ?? "",
    key: r.key,
    value: r.value,
    height: r.height ?? 0n,
    proofOps: (r.proofOps?.ops ?? []).map((op) => ({ type: op.type, key: op.key, data: op.data })),
  }));
}

/**
 * The validators of a genesis document (the result of the CometBFT RPC `genesis`, or the
 * document itself), in CometBFT's order (power descending, then address), with addresses
 * derived from the keys. Throws ProofError `rpc_shape` or `validators`.
 *
 * @example
 * const genesisValidators = parseGenesisValidators(await fetchJson(`${rpcUrl}/genesis`).result);
 */
export function parseGenesisValidators(json: unknown): Validator[] {
  const doc = typeof json === "object" && json !== null && "genesis" in json ? (json as { genesis: unknown }).genesis : json;
  return decode(genesisDocSchema, doc, "genesis", (r) =>
    sortValidators(
      (r.validators ?? []).map((v): Validator => {
        const pubKey = ed25519Key(v.pub_key);
        return { address: validatorAddress(pubKey), pubKey, votingPower: v.power, proposerPriority: 0n };
      }),
    ),
  );
}

/**
 * Decodes the result of the CometBFT RPC `status`: the node's latest height. Throws ProofError
 * `rpc_shape`. Nothing in it is verified: it only says where to look.
 *
 * @example
 * const { latestHeight } = parseStatus(await rpc.status());
 */
export function parseStatus(json: unknown): { latestHeight: bigint } {
  return decode(statusSchema, json, "status", (r) => ({ latestHeight: r.sync_info.latest_block_height }));
}
