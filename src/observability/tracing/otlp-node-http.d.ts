// The exporter's Node HTTP transport is published under the subpath export `./node-http`, which
// TypeScript's `moduleResolution: node` does not read; its types are the package's own.
declare module '@opentelemetry/otlp-exporter-base/node-http' {
  export * from '@opentelemetry/otlp-exporter-base/build/src/index-node-http';
}
