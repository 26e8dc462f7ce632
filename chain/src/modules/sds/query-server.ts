import { stratos } from "@stratos/proto";
import type { QueryHandler } from "../../app/module";
import { GrpcCode, QueryError } from "../../app/query-error";
import { CoinError, parseCoin, type Coin } from "../../types/coin";
import { cidProblem } from "./cid";
import { ErrNoFileFound } from "./errors";
import type { SdsKeeper } from "./keeper";
import { sdsParamsToProto } from "./params";

const Q = stratos.sds.v1;

/** The `stratos.sds.v1.Query` service (the RPC is spelled `Fileupload`, as on the real chain). */
export function sdsQueries(keeper: SdsKeeper): Record<string, QueryHandler> {
  return {
    "/stratos.sds.v1.Query/Fileupload": (store, data) => {
      const { fileHash } = Q.QueryFileUploadRequest.decode(data);
      if (!fileHash) throw QueryError.invalidArgument("empty file hash");
      const problem = cidProblem(fileHash);
      if (problem) throw QueryError.invalidArgument(`invalid file hash ${JSON.stringify(fileHash.slice(0, 100))}: ${problem}`);
      const fileInfo = keeper.getFileInfo(store, fileHash);
      if (!fileInfo) throw QueryError.notFound(ErrNoFileFound.wrap(`file hash ${fileHash}`).message);
      return Q.QueryFileUploadResponse.encode({ fileInfo }).finish();
    },
    "/stratos.sds.v1.Query/SimPrepay": (store, data) => {
      const { amount } = Q.QuerySimPrepayRequest.decode(data);
      let coin: Coin;
      try {
        coin = parseCoin(amount);
      } catch (e) {
        if (e instanceof CoinError) throw QueryError.invalidArgument(`invalid amount: ${e.message}`);
        throw e;
      }
      const { bondDenom } = keeper.getParams(store);
      if (coin.denom !== bondDenom) throw QueryError.invalidArgument(`invalid amount ${JSON.stringify(amount)}: prepay takes ${bondDenom}`);
      return Q.QuerySimPrepayResponse.encode({ noz: keeper.simulatePrepay(store, coin.amount).toString() }).finish();
    },
    "/stratos.sds.v1.Query/NozPrice": (store) => {
      const price = keeper.nozPrice(store);
      if (!price) throw new QueryError(GrpcCode.FailedPrecondition, "noz price is undefined: the remaining ozone limit is 0");
      return Q.QueryNozPriceResponse.encode({ price: price.toString() }).finish();
    },
    "/stratos.sds.v1.Query/NozSupply": (store) => {
      const { remaining, total } = keeper.nozSupply(store);
      return Q.QueryNozSupplyResponse.encode({ remaining: remaining.toString(), total: total.toString() }).finish();
    },
    "/stratos.sds.v1.Query/Params": (store) => Q.QueryParamsResponse.encode({ params: sdsParamsToProto(keeper.getParams(store)) }).finish(),
  };
}
