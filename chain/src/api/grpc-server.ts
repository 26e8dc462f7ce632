/**
 * The gRPC server: the app's query services as gRPC methods, without .proto files. Each
 * service gets a generic definition whose method paths are the ABCI query paths and whose
 * serializers are the identity, so clients send and receive the protobuf bytes themselves.
 *
 * Server reflection (grpc.reflection.v1 and v1alpha, @grpc/reflection) describes the served
 * services that have descriptors: the Stratos query services, from the committed descriptor
 * set (descriptors/). The Cosmos SDK services are served but not listed (no descriptors).
 */
import * as grpc from "@grpc/grpc-js";
import { ReflectionService } from "@grpc/reflection";
import { stratosDescriptors, type DescriptorRegistry } from "./proto-descriptors";
import { ApiError, Code, HEIGHT_HEADER, queryStatus, type AppQuerier } from "./query-client";
import { parseHeight } from "./rest-params";
import type { RunningServer } from "./rest-server";

export interface GrpcServerOptions {
  readonly app: AppQuerier;
  /** gRPC method paths, `/package.Service/Method` (the app's ABCI query paths). */
  readonly paths: readonly string[];
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Serve gRPC server reflection (v1 and v1alpha). Default true. */
  readonly reflection?: boolean;
}

const identity = (b: Buffer): Buffer => b;

/** Groups `/pkg.Service/Method` paths by service; throws on a malformed path. */
export function groupByService(paths: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const path of paths) {
    const m = /^\/([\w.]+)\/(\w+)$/.exec(path);
    if (!m) throw new Error(`not a gRPC method path: ${path}`);
    const list = out.get(m[1]!) ?? [];
    if (!list.includes(m[2]!)) list.push(m[2]!);
    out.set(m[1]!, list);
  }
  return out;
}

/** A service definition with identity (de)serializers for the given methods. */
export function bytesServiceDefinition(service: string, methods: readonly string[]): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
  for (const method of methods) {
    def[method] = {
      path: `/${service}/${method}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    };
  }
  return def as grpc.ServiceDefinition;
}

/** The package definition shape @grpc/reflection reads: only each entry's `fileDescriptorProtos`. */
type ReflectionPackage = ConstructorParameters<typeof ReflectionService>[0];

/**
 * The reflection service for the served services among `paths` that `registry` describes
 * (by default the Stratos descriptors). Its file list is the whole descriptor set, so a client
 * can resolve every type the listed services use; it lists only those services.
 */
export function reflectionService(paths: readonly string[], registry: DescriptorRegistry = stratosDescriptors()): { service: ReflectionService; services: string[] } {
  const services = [...groupByService(paths).keys()].filter((s) => registry.services.has(s));
  const pkg = {
    "stratos.descriptors": {
      format: "Protocol Buffer 3 FileDescriptorSet",
      fileDescriptorProtos: registry.files.map((f) => Buffer.from(f.bytes)),
    },
  } as unknown as ReflectionPackage;
  return { service: new ReflectionService(pkg, { services }), services };
}

/** ABCI query result -> gRPC status code (the shared mapping, with grpc-js' numbering). */
function grpcStatus(code: number): grpc.status {
  // grpc.status uses the same numbers as the gRPC spec (and our Code table).
  return code as grpc.status;
}

/** The height metadata value (absent -> latest), or the InvalidArgument error it earns. */
function metadataHeight(md: grpc.Metadata): bigint | undefined | ApiError {
  const v = md.get(HEIGHT_HEADER)[0];
  if (v === undefined) return undefined;
  try {
    return parseHeight(typeof v === "string" ? v : v.toString());
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
}

/** Starts the gRPC server on host:port; resolves once it listens. */
export async function startGrpcServer(opts: GrpcServerOptions): Promise<RunningServer> {
  const server = new grpc.Server();
  for (const [service, methods] of groupByService(opts.paths)) {
    const impl: grpc.UntypedServiceImplementation = {};
    for (const method of methods) {
      const path = `/${service}/${method}`;
      impl[method] = ((call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const height = metadataHeight(call.metadata);
        if (height instanceof ApiError) return callback({ code: grpcStatus(height.code), details: height.message });
        Promise.resolve()
          .then(() => opts.app.query(path, new Uint8Array(call.request), height))
          .then(
            (res) => {
              const md = new grpc.Metadata();
              md.set(HEIGHT_HEADER, res.height.toString());
              call.sendMetadata(md);
              if (res.code === 0) return callback(null, Buffer.from(res.value));
              const st = queryStatus(res);
              const trailer = new grpc.Metadata();
              trailer.set(HEIGHT_HEADER, res.height.toString());
              callback({ code: grpcStatus(st.code), details: st.details, metadata: trailer });
            },
            (e: unknown) => callback({ code: grpcStatus(Code.Internal), details: (e as Error).message ?? String(e) }),
          );
      }) as grpc.handleUnaryCall<Buffer, Buffer>;
    }
    server.addService(bytesServiceDefinition(service, methods), impl);
  }
  if (opts.reflection ?? true) reflectionService(opts.paths).service.addToServer(server);
  const host = opts.host ?? "127.0.0.1";
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${opts.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
