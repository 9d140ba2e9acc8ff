/* `npm run schema`: prints the schema's SDL (with the explicit schema block) to stdout. */
import 'reflect-metadata';
import { printSchemaWithDirectives } from './print-sdl';
import { buildGatewaySchema } from './build-gateway-schema';

buildGatewaySchema().then((schema) => {
  process.stdout.write(printSchemaWithDirectives(schema));
}, (err: Error) => {
  process.stderr.write(`cannot build the schema: ${err.message}\n`);
  process.exit(1);
});
