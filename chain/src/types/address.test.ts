import { AddressError, decodeAccAddress, encodeAccAddress, isAccAddress, moduleAddress, secp256k1PubkeyToAddress } from "./address";

describe("addresses", () => {
  it("round-trips st1 addresses and rejects other prefixes", () => {
    const bytes = new Uint8Array(20).fill(7);
    const addr = encodeAccAddress(bytes);
    expect(addr.startsWith("st1")).toBe(true);
    expect(decodeAccAddress(addr)).toEqual(bytes);
    expect(() => decodeAccAddress(encodeAccAddress(bytes, "cosmos"))).toThrow(AddressError);
    expect(isAccAddress("st1notanaddress")).toBe(false);
  });

  it("derives the Cosmos address of a secp256k1 key (cosmjs test vector)", () => {
    // cosmjs proto-signing testutils: pubkey A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ -> cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6
    const pubkey = new Uint8Array(Buffer.from("A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ", "base64"));
    expect(encodeAccAddress(secp256k1PubkeyToAddress(pubkey), "cosmos")).toBe("cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6");
  });

  it("module addresses are sha256(name)[:20]", () => {
    // The Cosmos SDK fee collector on the Hub: cosmos17xpfvakm2amg962yls6f84z3kell8c5lserqta
    expect(encodeAccAddress(moduleAddress("fee_collector"), "cosmos")).toBe("cosmos17xpfvakm2amg962yls6f84z3kell8c5lserqta");
  });
});
