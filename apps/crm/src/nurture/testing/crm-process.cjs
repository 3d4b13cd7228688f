// Runs the crm service (apps/crm/src/main.ts) from source in a process of its
// own, for specs that kill it: TypeScript is transpiled on load with the
// build's swc settings (decorators, @platform/* aliases).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');
const swcOptions = require('../../../../../tools/build/swc-options.cjs');

const options = swcOptions();
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
require(join(__dirname, '..', '..', 'main.ts'));
