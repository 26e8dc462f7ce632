/**
 * Stock @cosmjs/stargate + @cosmjs/proto-signing against a real CometBFT running our app:
 * nothing of ours on the client side except the mnemonics of localnet/dev-accounts.json.
 */
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { stringToPath } from "@cosmjs/crypto";
import { fromHex, toHex } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import {
  assertIsDeliverTxSuccess,
  calculateFee,
  GasPrice,
  SigningStargateClient,
  StargateClient,
  type DeliverTxResponse,
} from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { startTestnet, type Testnet } from "../helpers/testnet";
import { randomKey } from "../helpers/keys";

jest.setTimeout(120_000);

const HD = [stringToPath("m/44'/606'/0'/0/0")];
const GAS_PRICE = GasPrice.fromString("1000000000wei");
const GENESIS_BALANCE = (10_000_000n * 10n ** 18n).toString();

let net: Testnet;
let alice: { address: string; mnemonic: string };
let bob: { address: string; mnemonic: string };
let carol: { address: string; mnemonic: string };
let dave: { address: string; mnemonic: string };

async function directClient(mnemonic: string): Promise<{ client: SigningStargateClient; address: string }> {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "st", hdPaths: HD });
  const [acc] = await wallet.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(net.rpcUrl, wallet, { gasPrice: GAS_PRICE, broadcastPollIntervalMs: 200 });
  return { client, address: acc!.address };
}

beforeAll(async () => {
  net = await startTestnet();
  [alice, bob, carol, dave] = net.accounts as unknown as [typeof alice, typeof bob, typeof carol, typeof dave];
});

afterAll(async () => {
  await net?.stop();
});

describe("reads", () => {
  it("reads chain-id, height, balances and accounts", async () => {
    const client = await StargateClient.connect(net.rpcUrl);
    expect(await client.getChainId()).toBe("stratos-test");
    expect(await client.getHeight()).toBeGreaterThan(0);
    const balance = await client.getBalance(carol.address, "wei");
    expect(balance).toEqual({ denom: "wei", amount: GENESIS_BALANCE });
    expect(await client.getAllBalances(carol.address)).toEqual([{ denom: "wei", amount: GENESIS_BALANCE }]);
    const account = await client.getAccount(carol.address);
    expect(account).toMatchObject({ address: carol.address, pubkey: null, sequence: 0 });
    expect(typeof account?.accountNumber).toBe("number");
    // Unknown account: cosmjs maps the SDK's NotFound wording to null.
    expect(await client.getAccount(randomKey().address)).toBeNull();
    expect(await client.getBalance(randomKey().address, "wei")).toEqual({ denom: "wei", amount: "0" });
    // Staking queries cosmjs wires in are answered (empty).
    expect(await client.getBalanceStaked(carol.address)).toBeNull();
    expect(await client.getDelegation(carol.address, "stvaloper1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqczad6t")).toBeNull();
    client.disconnect();
  });
});

describe("transfers", () => {
  it("sends with sendTokens (direct mode), creates the recipient and is found by getTx and searchTx", async () => {
    const { client, address } = await directClient(alice.mnemonic);
    const recipient = randomKey().address;
    const before = BigInt((await client.getBalance(address, "wei")).amount);
    const res = await client.sendTokens(address, recipient, [{ denom: "wei", amount: "12345" }], "auto", "first transfer");
    assertIsDeliverTxSuccess(res);
    expect(res.gasUsed).toBeGreaterThan(0n);
    expect(res.gasWanted).toBeGreaterThanOrEqual(res.gasUsed);
    expect(res.msgResponses.map((m) => m.typeUrl)).toEqual(["/cosmos.bank.v1beta1.MsgSendResponse"]);
    expect(await client.getBalance(recipient, "wei")).toEqual({ denom: "wei", amount: "12345" });
    const fee = BigInt(res.events.find((e) => e.type === "tx" && e.attributes.some((a) => a.key === "fee"))!.attributes.find((a) => a.key === "fee")!.value.replace("wei", ""));
    expect(fee).toBeGreaterThanOrEqual(res.gasWanted * 1_000_000_000n);
    expect(BigInt((await client.getBalance(address, "wei")).amount)).toBe(before - 12345n - fee);
    const recipientAccount = await client.getAccount(recipient);
    expect(recipientAccount).toMatchObject({ address: recipient, sequence: 0, pubkey: null });
    const sender = await client.getAccount(address);
    expect(sender?.sequence).toBe(1);
    expect(sender?.pubkey?.type).toBe("tendermint/PubKeySecp256k1");

    // Events as the Cosmos SDK emits them.
    const types = res.events.map((e) => e.type);
    expect(types).toEqual(["coin_spent", "coin_received", "transfer", "message", "tx", "tx", "tx", "message", "coin_spent", "coin_received", "transfer", "message"]);
    const accSeq = res.events.find((e) => e.attributes.some((a) => a.key === "acc_seq"))!;
    expect(accSeq.attributes[0]!.value).toBe(`${address}/0`);
    const action = res.events[7]!;
    expect(action.attributes).toEqual(
      expect.arrayContaining([
        { key: "action", value: "/cosmos.bank.v1beta1.MsgSend" },
        { key: "sender", value: address },
        { key: "module", value: "bank" },
        { key: "msg_index", value: "0" },
      ]),
    );

    const tx = await client.getTx(res.transactionHash);
    expect(tx?.height).toBe(res.height);
    expect(tx?.code).toBe(0);
    const bySender = await client.searchTx(`message.sender='${address}' AND message.action='/cosmos.bank.v1beta1.MsgSend'`);
    expect(bySender.map((t) => t.hash)).toContain(res.transactionHash);
    const byRecipient = await client.searchTx([{ key: "transfer.recipient", value: recipient }]);
    expect(byRecipient.map((t) => t.hash)).toEqual([res.transactionHash]);
    const byHeight = await client.searchTx(`tx.height=${res.height}`);
    expect(byHeight.map((t) => t.hash)).toContain(res.transactionHash);
    client.disconnect();
  });

  it("signAndBroadcast with several messages (MsgSend x2 + MsgMultiSend) in one tx", async () => {
    const { client, address } = await directClient(bob.mnemonic);
    const [r1, r2, r3] = [randomKey().address, randomKey().address, randomKey().address];
    const msgs = [
      { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: r1, amount: [{ denom: "wei", amount: "100" }] } },
      { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: r2, amount: [{ denom: "wei", amount: "200" }] } },
      {
        typeUrl: "/cosmos.bank.v1beta1.MsgMultiSend",
        value: {
          inputs: [{ address, coins: [{ denom: "wei", amount: "700" }] }],
          outputs: [
            { address: r1, coins: [{ denom: "wei", amount: "300" }] },
            { address: r3, coins: [{ denom: "wei", amount: "400" }] },
          ],
        },
      },
    ];
    const res = await client.signAndBroadcast(address, msgs, "auto");
    assertIsDeliverTxSuccess(res);
    expect(res.msgResponses.map((m) => m.typeUrl)).toEqual([
      "/cosmos.bank.v1beta1.MsgSendResponse",
      "/cosmos.bank.v1beta1.MsgSendResponse",
      "/cosmos.bank.v1beta1.MsgMultiSendResponse",
    ]);
    expect((await client.getBalance(r1, "wei")).amount).toBe("400");
    expect((await client.getBalance(r2, "wei")).amount).toBe("200");
    expect((await client.getBalance(r3, "wei")).amount).toBe("400");
    const indexes = new Set(res.events.flatMap((e) => e.attributes.filter((a) => a.key === "msg_index").map((a) => a.value)));
    expect([...indexes].sort()).toEqual(["0", "1", "2"]);
    client.disconnect();
  });

  it("signs with the amino Secp256k1HdWallet (SIGN_MODE_LEGACY_AMINO_JSON)", async () => {
    const wallet = await Secp256k1HdWallet.fromMnemonic(carol.mnemonic, { prefix: "st", hdPaths: HD });
    const [acc] = await wallet.getAccounts();
    const client = await SigningStargateClient.connectWithSigner(net.rpcUrl, wallet, { gasPrice: GAS_PRICE, broadcastPollIntervalMs: 200 });
    const recipient = randomKey().address;
    const res = await client.sendTokens(acc!.address, recipient, [{ denom: "wei", amount: "777" }], "auto", "amino <&> memo");
    assertIsDeliverTxSuccess(res);
    expect((await client.getBalance(recipient, "wei")).amount).toBe("777");
    // A MsgMultiSend through amino too.
    const multi = await client.signAndBroadcast(
      acc!.address,
      [{ typeUrl: "/cosmos.bank.v1beta1.MsgMultiSend", value: { inputs: [{ address: acc!.address, coins: [{ denom: "wei", amount: "5" }] }], outputs: [{ address: recipient, coins: [{ denom: "wei", amount: "5" }] }] } }],
      "auto",
    );
    assertIsDeliverTxSuccess(multi);
    client.disconnect();
  });

  it("simulates gas", async () => {
    const { client, address } = await directClient(dave.mnemonic);
    const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: randomKey().address, amount: [{ denom: "wei", amount: "1" }] } };
    const gas = await client.simulate(address, [msg], "");
    expect(gas).toBeGreaterThan(20_000);
    expect(gas).toBeLessThan(200_000);
    // The simulated figure is enough for the real tx.
    const res = await client.signAndBroadcast(address, [msg], calculateFee(Math.ceil(gas * 1.1), GAS_PRICE));
    assertIsDeliverTxSuccess(res);
    expect(Number(res.gasUsed)).toBeLessThanOrEqual(Math.ceil(gas * 1.1));
    client.disconnect();
  });
});

describe("failures carry the Cosmos SDK codes", () => {
  async function signed(mnemonic: string, opts: { sequenceDelta?: number; chainId?: string; amount?: string; gas?: number; feeAmount?: string; to?: string }) {
    const { client, address } = await directClient(mnemonic);
    const account = (await client.getAccount(address))!;
    const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: address, toAddress: opts.to ?? randomKey().address, amount: [{ denom: "wei", amount: opts.amount ?? "1" }] } };
    const gas = opts.gas ?? 120_000;
    const fee = { amount: [{ denom: "wei", amount: opts.feeAmount ?? String(BigInt(gas) * 1_000_000_000n) }], gas: String(gas) };
    const raw = await client.sign(address, [msg], fee, "", {
      accountNumber: account.accountNumber,
      sequence: account.sequence + (opts.sequenceDelta ?? 0),
      chainId: opts.chainId ?? "stratos-test",
    });
    return { client, address, account, bytes: TxRaw.encode(raw).finish() };
  }

  async function broadcastError(client: SigningStargateClient, bytes: Uint8Array): Promise<{ code: number; codespace: string; log: string | undefined }> {
    try {
      await client.broadcastTx(bytes, 60_000, 200);
    } catch (e) {
      const err = e as { code?: number; codespace?: string; log?: string };
      if (typeof err.code === "number") return { code: err.code, codespace: err.codespace ?? "", log: err.log };
      throw e;
    }
    throw new Error("broadcast unexpectedly succeeded");
  }

  it("wrong sequence: code 32 with the SDK wording", async () => {
    const { client, account, bytes } = await signed(dave.mnemonic, { sequenceDelta: 5 });
    const err = await broadcastError(client, bytes);
    expect(err).toMatchObject({ code: 32, codespace: "sdk" });
    expect(err.log).toBe(`account sequence mismatch, expected ${account.sequence}, got ${account.sequence + 5}: incorrect account sequence`);
    client.disconnect();
  });

  it("bad signature: code 4 unauthorized", async () => {
    const { client, bytes } = await signed(dave.mnemonic, {});
    const raw = TxRaw.decode(bytes);
    const sig = raw.signatures[0]!;
    sig[5] = sig[5]! ^ 0xff;
    const err = await broadcastError(client, TxRaw.encode(raw).finish());
    expect(err).toMatchObject({ code: 4, codespace: "sdk" });
    expect(err.log).toMatch(/^signature verification failed; please verify account number \(\d+\), sequence \(\d+\) and chain-id \(stratos-test\): unauthorized$/);
    client.disconnect();
  });

  it("wrong chain-id: code 4, the signature does not verify here", async () => {
    const { client, bytes } = await signed(dave.mnemonic, { chainId: "some-other-chain" });
    const err = await broadcastError(client, bytes);
    expect(err).toMatchObject({ code: 4, codespace: "sdk" });
    client.disconnect();
  });

  it("fee below the minimum gas price: code 13", async () => {
    const { client, bytes } = await signed(dave.mnemonic, { feeAmount: "10" });
    const err = await broadcastError(client, bytes);
    expect(err).toMatchObject({ code: 13, codespace: "sdk" });
    expect(err.log).toMatch(/insufficient fees; got: 10wei required: 120000000000000wei/);
    client.disconnect();
  });

  it("insufficient funds: included with code 5, the fee is still charged and the sequence bumped", async () => {
    // Fund a fresh account with just enough for fees, then try to send more than it has.
    const { client: funder, address: funderAddr } = await directClient(alice.mnemonic);
    const poorWallet = await DirectSecp256k1HdWallet.generate(12, { prefix: "st", hdPaths: HD });
    const [poor] = await poorWallet.getAccounts();
    const feeBudget = 200_000n * 1_000_000_000n;
    assertIsDeliverTxSuccess(await funder.sendTokens(funderAddr, poor!.address, [{ denom: "wei", amount: feeBudget.toString() }], "auto"));
    funder.disconnect();
    const client = await SigningStargateClient.connectWithSigner(net.rpcUrl, poorWallet, { gasPrice: GAS_PRICE, broadcastPollIntervalMs: 200 });
    const fee = calculateFee(100_000, GAS_PRICE);
    const res: DeliverTxResponse = await client.sendTokens(poor!.address, randomKey().address, [{ denom: "wei", amount: feeBudget.toString() }], fee);
    expect(res.code).toBe(5);
    expect(res.rawLog).toMatch(/^failed to execute message; message index: 0: spendable balance \d+wei is smaller than \d+wei: insufficient funds$/);
    expect(BigInt((await client.getBalance(poor!.address, "wei")).amount)).toBe(feeBudget - BigInt(fee.amount[0]!.amount));
    expect((await client.getAccount(poor!.address))?.sequence).toBe(1);
    // The failed tx is indexed and findable like any other.
    const found = await client.getTx(res.transactionHash);
    expect(found?.code).toBe(5);
    client.disconnect();
  });

  it("out of gas in the message: code 11, fee kept and sequence bumped", async () => {
    const { client, address, account, bytes } = await signed(bob.mnemonic, { gas: 35_000 });
    const before = BigInt((await client.getBalance(address, "wei")).amount);
    const res = await client.broadcastTx(bytes, 60_000, 200);
    expect(res.code).toBe(11);
    expect(res.rawLog).toMatch(/out of gas in location: \w+; gasWanted: 35000, gasUsed: \d+: out of gas/);
    expect(BigInt((await client.getBalance(address, "wei")).amount)).toBe(before - 35_000n * 1_000_000_000n);
    expect((await client.getAccount(address))?.sequence).toBe(account.sequence + 1);
    client.disconnect();
  });

  it("the same signed tx twice: the replay is refused", async () => {
    const { client, bytes } = await signed(carol.mnemonic, {});
    const first = await client.broadcastTx(bytes, 60_000, 200);
    expect(first.code).toBe(0);
    // CometBFT's cache or our sequence check refuses it; either way it is not executed twice.
    await expect(client.broadcastTx(bytes, 60_000, 200)).rejects.toThrow(/tx already exists in cache|account sequence mismatch/);
    const hash = toHex(fromHex(first.transactionHash)).toUpperCase();
    expect((await client.searchTx(`tx.hash='${hash}'`)).length).toBe(1);
    client.disconnect();
  });
});
