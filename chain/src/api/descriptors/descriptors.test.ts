import * as fs from "node:fs";
import { BINPB_FILE, buildStratosDescriptorSet, descriptorModuleSource, TS_FILE } from "./generate";
import { STRATOS_DESCRIPTOR_SET_BASE64 } from "./stratos-descriptor-set";

// The descriptor set the gRPC reflection service and the REST renderer use is committed
// (stratos.binpb, and the same bytes in stratos-descriptor-set.ts). This test builds it again
// from proto/ with buf and fails when the committed files are stale.
test("committed descriptors are what `generate.ts` builds from the .proto files now", () => {
  const fresh = buildStratosDescriptorSet();
  const stale: string[] = [];
  if (!fs.existsSync(BINPB_FILE) || !fs.readFileSync(BINPB_FILE).equals(fresh)) stale.push("stratos.binpb");
  if (!fs.existsSync(TS_FILE) || fs.readFileSync(TS_FILE, "utf8") !== descriptorModuleSource(fresh)) stale.push("stratos-descriptor-set.ts");
  if (stale.length > 0) {
    throw new Error(`chain/src/api/descriptors is stale (${stale.join(", ")}); run \`node --require tsx/cjs chain/src/api/descriptors/generate.ts\` and commit the result`);
  }
  expect(Buffer.from(STRATOS_DESCRIPTOR_SET_BASE64, "base64").equals(fresh)).toBe(true);
}, 60_000);
