// The resolve hook module.register() loads on Node 20 (in its loader thread): see compiled-condition.js.
export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, 'compiled'] });
}
