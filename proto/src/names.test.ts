import { stratos } from "../gen/ts";

// The names the fact sheet (shared/reference/stratos-chain.md sections 1-3 and 5) gives for the real
// chain's Msgs, Msg-service RPCs, queries and events, listed here by hand: the generated code must
// hold every one, under the same proto package, so type URLs, ABCI query paths and event types are
// those of Stratos.

interface Codec {
  encode: (m: never) => { finish(): Uint8Array };
  decode: (b: Uint8Array) => unknown;
  fromPartial: (o: never) => unknown;
  fromJSON: (o: unknown) => unknown;
  toJSON: (m: never) => unknown;
}

/** Which members of `ns` are full message codecs. */
function isCodec(ns: Record<string, unknown>, name: string): boolean {
  const c = ns[name] as Partial<Codec> | undefined;
  return (
    typeof c === "object" &&
    c !== null &&
    ["encode", "decode", "fromPartial", "fromJSON", "toJSON"].every((f) => typeof (c as Record<string, unknown>)[f] === "function")
  );
}

const MODULES = {
  register: {
    ns: stratos.register.v1 as unknown as Record<string, unknown>,
    msgs: [
      "MsgCreateResourceNode",
      "MsgCreateMetaNode",
      "MsgRemoveResourceNode",
      "MsgRemoveMetaNode",
      "MsgUpdateResourceNode",
      "MsgUpdateMetaNode",
      "MsgUpdateResourceNodeDeposit",
      "MsgUpdateMetaNodeDeposit",
      "MsgUpdateEffectiveDeposit",
      "MsgMetaNodeRegistrationVote",
      "MsgKickMetaNodeVote",
      "MsgUpdateParams",
    ],
    queries: [
      "ResourceNode",
      "MetaNode",
      "Params",
      "DepositByNode",
      "DepositByOwner",
      "DepositTotal",
      "BondedResourceNodeCount",
      "BondedMetaNodeCount",
      "RemainingOzoneLimit",
    ],
    events: [
      "EventCreateResourceNode",
      "EventCreateMetaNode",
      "EventUnBondingResourceNode",
      "EventUnBondingMetaNode",
      "EventMetaNodeRegistrationVote",
      "EventKickMetaNodeVote",
      "EventUpdateResourceNode",
      "EventUpdateResourceNodeDeposit",
      "EventUpdateEffectiveDeposit",
      "EventUpdateMetaNode",
      "EventUpdateMetaNodeDeposit",
      "EventCompleteUnBondingResourceNode",
      "EventCompleteUnBondingMetaNode",
    ],
    state: [
      "Params",
      "ResourceNode",
      "MetaNode",
      "Description",
      "MetaNodeRegistrationVotePool",
      "KickMetaNodeVotePool",
      "UnbondingNode",
      "UnbondingNodeEntry",
      "Slashing",
      "DepositInfo",
      "GenesisState",
    ],
  },
  pot: {
    ns: stratos.pot.v1 as unknown as Record<string, unknown>,
    msgs: ["MsgVolumeReport", "MsgWithdraw", "MsgFoundationDeposit", "MsgSlashingResourceNode", "MsgUpdateParams"],
    queries: [
      "VolumeReport",
      "RewardsByEpoch",
      "RewardsByWallet",
      "RewardsByWalletAndEpoch",
      "SlashingByOwner",
      "Params",
      "TotalMinedToken",
      "CirculationSupply",
      "TotalRewardByEpoch",
      "Metrics",
    ],
    events: ["EventVolumeReport", "EventWithdraw", "EventFoundationDeposit", "EventSlashing"],
    state: [
      "Params",
      "MiningRewardParam",
      "Reward",
      "SingleWalletVolume",
      "VolumeReportRecord",
      "TotalReward",
      "Metrics",
      "BLSSignatureInfo",
      "ReportInfo",
      "RewardByWallet",
      "GenesisState",
      "ImmatureTotal",
      "MatureTotal",
      "RewardTotal",
    ],
  },
  sds: {
    ns: stratos.sds.v1 as unknown as Record<string, unknown>,
    msgs: ["MsgFileUpload", "MsgPrepay", "MsgUpdateParams"],
    queries: ["Fileupload", "SimPrepay", "NozPrice", "NozSupply", "Params"],
    events: ["EventPrePay", "EventFileUpload"],
    state: ["Params", "FileInfo", "SliceHolders", "GenesisState", "GenesisFileInfo"],
  },
} as const;

/** The Msg-service RPC of a Msg: `HandleMsgXxx`, except `UpdateParams` (as on the real chain). */
const rpcOf = (msg: string): string => (msg === "MsgUpdateParams" ? "UpdateParams" : `Handle${msg}`);

/** A fake cosmjs-style Rpc that records the service and method each client call is sent to. */
function recordingRpc(calls: string[]) {
  return {
    request(service: string, method: string, _data: Uint8Array): Promise<Uint8Array> {
      calls.push(`/${service}/${method}`);
      return Promise.resolve(new Uint8Array());
    },
  };
}

type ClientCtor = new (rpc: ReturnType<typeof recordingRpc>) => Record<string, (req: unknown) => Promise<unknown>>;

describe.each(Object.entries(MODULES))("stratos.%s.v1", (module, spec) => {
  const { ns } = spec;

  test("every Msg of the fact sheet and its response are codecs", () => {
    const missing = spec.msgs.flatMap((m) => [m, `${m}Response`]).filter((name) => !isCodec(ns, name));
    expect(missing).toEqual([]);
  });

  test("every query of the fact sheet has request and response codecs", () => {
    // The sds RPC is spelled "Fileupload" but its messages are QueryFileUpload{Request,Response}.
    const base = (q: string) => (q === "Fileupload" ? "FileUpload" : q);
    const missing = spec.queries
      .flatMap((q) => [`Query${base(q)}Request`, `Query${base(q)}Response`])
      .filter((name) => !isCodec(ns, name));
    expect(missing).toEqual([]);
  });

  test("every typed event and state object of the fact sheet is a codec", () => {
    expect([...spec.events, ...spec.state].filter((name) => !isCodec(ns, name))).toEqual([]);
  });

  test("the Msg service is stratos.<module>.v1.Msg with the Stratos RPC names", async () => {
    expect(ns.MsgServiceName).toBe(`stratos.${module}.v1.Msg`);
    const calls: string[] = [];
    const client = new (ns.MsgClientImpl as ClientCtor)(recordingRpc(calls));
    for (const msg of spec.msgs) {
      const codec = ns[msg] as Codec;
      await client[rpcOf(msg)]!(codec.fromPartial({} as never));
    }
    expect(calls).toEqual(spec.msgs.map((m) => `/stratos.${module}.v1.Msg/${rpcOf(m)}`));
  });

  test("the Query service is stratos.<module>.v1.Query; ABCI paths are /stratos.<module>.v1.Query/<Rpc>", async () => {
    expect(ns.QueryServiceName).toBe(`stratos.${module}.v1.Query`);
    const calls: string[] = [];
    const client = new (ns.QueryClientImpl as ClientCtor)(recordingRpc(calls));
    for (const q of spec.queries) {
      const request = ns[`Query${q === "Fileupload" ? "FileUpload" : q}Request`] as Codec;
      await client[q]!(request.fromPartial({} as never));
    }
    expect(calls).toEqual(spec.queries.map((q) => `/stratos.${module}.v1.Query/${q}`));
  });
});
