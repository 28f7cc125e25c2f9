#!/usr/bin/env node
// The maemanee-pay command. Its code is built into ../dist: in a clone of the repository, by `npm run build`.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  console.error('maemanee-pay: not built yet: run npm run build in the repository first');
  process.exit(1);
}
