export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@kubernetes/client-node')) process.stderr.write(`import-trace: ${specifier}\n`);
  return next(specifier, context);
}
