import * as sdkKeys from "../../../sdk/src/verified/state-keys";
import { accountKey, STORE_PREFIX as AUTH } from "../modules/auth/keys";
import { balanceKey, supplyKey, STORE_PREFIX as BANK } from "../modules/bank/keys";
import { immatureTotalKey, matureTotalKey, volumeReportKey, STORE_PREFIX as POT } from "../modules/pot/keys";
import { META_NODE_PREFIX, nodeKey, RESOURCE_NODE_PREFIX, STORE_PREFIX as REGISTER } from "../modules/register/keys";
import { fileKey, STORE_PREFIX as SDS } from "../modules/sds/keys";
import { concatBytes } from "../store/bytes";
import { decodeAccAddress } from "../types/address";

// The SDK proves raw state keys; these must be the keys the modules write.
const wallet = "st1qypqgzqpqgzqsqgzqsyqzqsypqqsypqgg8sfu5";
const node = "stsds1qypqgzqpqgzqsqgzqsyqzqsypqqsypqg99sqsd";

describe("SDK state keys match the chain's module keys", () => {
  it("auth, bank, sds, pot and register", () => {
    expect(sdkKeys.accountStateKey(wallet)).toEqual(concatBytes(AUTH, accountKey(decodeAccAddress(wallet))));
    expect(sdkKeys.balanceStateKey(wallet, "wei")).toEqual(concatBytes(BANK, balanceKey(decodeAccAddress(wallet), "wei")));
    expect(sdkKeys.supplyStateKey("wei")).toEqual(concatBytes(BANK, supplyKey("wei")));
    const cid = "bafkr4ifake";
    expect(sdkKeys.fileRecordStateKey(cid)).toEqual(concatBytes(SDS, fileKey(cid)));
    expect(sdkKeys.rewardStateKeys(wallet).mature).toEqual(concatBytes(POT, matureTotalKey(wallet)));
    expect(sdkKeys.rewardStateKeys(wallet).immature).toEqual(concatBytes(POT, immatureTotalKey(wallet)));
    expect(sdkKeys.volumeReportStateKey(77n)).toEqual(concatBytes(POT, volumeReportKey(77n)));
    expect(sdkKeys.nodeStateKey("resource", node)).toEqual(concatBytes(REGISTER, nodeKey(RESOURCE_NODE_PREFIX, node)));
    expect(sdkKeys.nodeStateKey("meta", node)).toEqual(concatBytes(REGISTER, nodeKey(META_NODE_PREFIX, node)));
  });

  it("refuses an address with the wrong prefix as the caller's mistake, not as a failed proof", () => {
    expect(() => sdkKeys.balanceStateKey(node, "wei")).toThrow(/prefix/);
    expect(() => sdkKeys.nodeStateKey("meta", wallet)).toThrow(/prefix/);
    expect(() => sdkKeys.accountStateKey("st1nope")).toThrow(expect.objectContaining({ name: "StratosError" }));
  });
});
