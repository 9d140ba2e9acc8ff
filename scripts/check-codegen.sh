#!/usr/bin/env bash
# Regenerates the typed client operations and type-checks them with a small consumer.
set -euo pipefail
cd "$(dirname "$0")/.."
npx graphql-codegen --config codegen.yml --silent
npx tsc --noEmit --strict --skipLibCheck --target ES2022 --module commonjs examples/generated/graphql.ts examples/typed-client.ts
echo "codegen output type-checks"
