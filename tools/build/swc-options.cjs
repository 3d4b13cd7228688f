// swc settings shared by the build and jest: TypeScript with legacy
// decorators and their metadata (Nest dependency injection and code-first
// GraphQL read it), CommonJS output, and the @platform/* aliases rewritten to
// relative paths at transpile time.
const { resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');

module.exports = function swcOptions() {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: { '@platform/*': ['libs/*/src/index.ts'] },
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  };
};
