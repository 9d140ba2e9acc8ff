/*
 * A reference for the trivial query only: the gateway's schema in a bare Apollo Server
 * (`startStandaloneServer`, no authentication, limits, metrics or custom HTTP integration).
 * The gap between it and the gateway on `{ __typename }` is what the gateway's HTTP
 * integration and plugins cost per request.
 *
 *   PORT=... node -r ./scripts/ts-register.js bench/bare-apollo-server.ts
 */
import 'reflect-metadata';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GraphQLSchema } from 'graphql';

async function main(): Promise<void> {
  const { buildGatewaySchema } = require(path.join(__dirname, '..', 'dist', 'src', 'schema', 'build-gateway-schema.js')) as { buildGatewaySchema: () => Promise<GraphQLSchema> };
  const server = new ApolloServer({ schema: await buildGatewaySchema(), csrfPrevention: true });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) } });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.once('SIGTERM', () => { server.stop().then(() => process.exit(0), () => process.exit(1)); });
}

main().catch((err: Error) => {
  process.stderr.write(`bare Apollo server failed: ${err.message}\n`);
  process.exit(1);
});
