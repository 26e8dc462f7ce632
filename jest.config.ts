import path from "node:path";
import type { Config } from "jest";

// Unit tests sit beside the code (`*.test.ts`); integration tests that start a real
// CometBFT are `*.int.test.ts` and run in `make test` too, one file per worker.
const swc: Config["transform"] = {
  "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  // A few cosmjs dependencies (@scure/base 2) ship ESM only; Jest on Node 20 cannot
  // require() ESM, so they are compiled to CommonJS like our own sources.
  "^.+\\.m?js$": ["@swc/jest", { jsc: { parser: { syntax: "ecmascript" }, target: "es2022" }, module: { type: "commonjs" } }],
};
// `multiformats` exports its ESM files only under `import` / `module-sync`, which Node >= 20.19
// `require`s but Jest's resolver does not; map its subpaths to the files (compiled like other ESM).
const multiformats = path.join(__dirname, "node_modules", "multiformats", "dist", "src");
const moduleNameMapper: Config["moduleNameMapper"] = {
  "^multiformats$": path.join(multiformats, "index.js"),
  "^multiformats/(.*)$": path.join(multiformats, "$1.js"),
};
const esmOnly = ["@scure", "@noble", "multiformats", "cookie", "commander"].join("|");

const config: Config = {
  projects: [
    {
      displayName: "chain",
      rootDir: "<rootDir>/chain",
      testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
      testEnvironment: "node",
      moduleNameMapper,
      transform: swc,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
    },
    {
      displayName: "sdk",
      rootDir: "<rootDir>/sdk",
      testMatch: ["<rootDir>/src/**/*.test.ts"],
      testEnvironment: "node",
      moduleNameMapper,
      transform: swc,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
    },
    {
      displayName: "localnet",
      rootDir: "<rootDir>/localnet",
      testMatch: ["<rootDir>/**/*.test.ts"],
      testEnvironment: "node",
      moduleNameMapper,
      transform: swc,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
    },
    {
      displayName: "nodes",
      rootDir: "<rootDir>/nodes",
      testMatch: ["<rootDir>/src/**/*.test.ts"],
      testEnvironment: "node",
      moduleNameMapper,
      transform: swc,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
    },
    {
      displayName: "proto",
      rootDir: "<rootDir>/proto",
      testMatch: ["<rootDir>/src/**/*.test.ts"],
      testEnvironment: "node",
      moduleNameMapper,
      transform: swc,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
    },
  ],
};

export default config;
