import type { KVStore, Range } from "../store/kv-store";
import { ErrInvalidGasLimit } from "../types/errors";

/** Thrown by a meter that runs out; the tx runner turns it into code 11 (`sdk`). */
export class OutOfGasError extends Error {
  override readonly name = "OutOfGasError";
  constructor(
    readonly descriptor: string,
    readonly limit: bigint,
    readonly consumed: bigint,
  ) {
    super(`out of gas in location: ${descriptor}; gasWanted: ${limit}, gasUsed: ${consumed}`);
  }
}

/** Deterministic gas accounting. `limit` undefined means infinite (genesis, simulate). */
export class GasMeter {
  private used = 0n;

  constructor(readonly limit: bigint | undefined) {}

  consumed(): bigint {
    return this.used;
  }

  /** Adds `amount`; throws OutOfGasError once the total passes the limit (the total still records the overflow). */
  consume(amount: bigint, descriptor: string): void {
    this.used += amount;
    if (this.limit !== undefined && this.used > this.limit) {
      throw new OutOfGasError(descriptor, this.limit, this.used);
    }
  }
}

/** The Cosmos SDK's KVGasConfig defaults, so gas figures look familiar to wallets. */
export interface GasConfig {
  readonly hasCost: bigint;
  readonly deleteCost: bigint;
  readonly readCostFlat: bigint;
  readonly readCostPerByte: bigint;
  readonly writeCostFlat: bigint;
  readonly writeCostPerByte: bigint;
  readonly iterNextCostFlat: bigint;
}

export const KV_GAS_CONFIG: GasConfig = {
  hasCost: 1000n,
  deleteCost: 1000n,
  readCostFlat: 1000n,
  readCostPerByte: 3n,
  writeCostFlat: 2000n,
  writeCostPerByte: 30n,
  iterNextCostFlat: 30n,
};

/** A store view that charges every access to a gas meter before touching the parent. */
export class GasKVStore implements KVStore {
  constructor(
    private readonly parent: KVStore,
    private readonly meter: GasMeter,
    private readonly config: GasConfig = KV_GAS_CONFIG,
  ) {}

  get(key: Uint8Array): Uint8Array | undefined {
    this.meter.consume(this.config.readCostFlat, "ReadFlat");
    this.meter.consume(this.config.readCostPerByte * BigInt(key.length), "ReadPerByte");
    const value = this.parent.get(key);
    if (value) this.meter.consume(this.config.readCostPerByte * BigInt(value.length), "ReadPerByte");
    return value;
  }

  has(key: Uint8Array): boolean {
    this.meter.consume(this.config.hasCost, "Has");
    return this.parent.has(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.meter.consume(this.config.writeCostFlat, "WriteFlat");
    this.meter.consume(this.config.writeCostPerByte * BigInt(key.length + value.length), "WritePerByte");
    this.parent.set(key, value);
  }

  delete(key: Uint8Array): void {
    this.meter.consume(this.config.deleteCost, "Delete");
    this.parent.delete(key);
  }

  *iterate(range?: Range): IterableIterator<[Uint8Array, Uint8Array]> {
    for (const [k, v] of this.parent.iterate(range)) {
      this.meter.consume(this.config.iterNextCostFlat, "IterNextFlat");
      this.meter.consume(this.config.readCostPerByte * BigInt(k.length + v.length), "ValuePerByte");
      yield [k, v];
    }
  }
}

/** Gas limits above this are refused outright (the SDK's MaxGasWanted = 2^63-1). */
export const MAX_GAS_WANTED = (1n << 63n) - 1n;

/** Checks a tx gas limit; zero is refused outside simulation. */
export function checkGasLimit(gasLimit: bigint, simulate: boolean): void {
  if (gasLimit > MAX_GAS_WANTED) throw ErrInvalidGasLimit.wrap(`invalid gas supplied; ${gasLimit} > ${MAX_GAS_WANTED}`);
  if (!simulate && gasLimit === 0n) throw ErrInvalidGasLimit.wrap("must provide positive gas");
}
