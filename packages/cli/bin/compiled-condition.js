// Adds the `compiled` export condition to every import, so that workspace packages (@sieve/*) resolve to their
// dist/ (see each package.json's exports) as `node --conditions=compiled` would, from inside a running process.
import module from 'node:module';

export function addCompiledCondition() {
  if (typeof module.registerHooks === 'function') {
    // Node >= 22.15: an in-thread hook, no loader thread to start.
    module.registerHooks({
      resolve: (specifier, context, next) =>
        next(specifier, { ...context, conditions: [...context.conditions, 'compiled'] }),
    });
    return;
  }
  module.register('./compiled-condition-hooks.js', import.meta.url);
}
