import { startSandbox } from './start-sandbox.ts';

const sandbox = await startSandbox({});
console.log(`Chatwoot sandbox listening on ${sandbox.url}`);
console.log(`  account id:  ${sandbox.accountId}`);
console.log(`  admin token: ${sandbox.adminToken}`);
console.log(`  demo page:   ${sandbox.url}/`);

const stop = () => {
  sandbox.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
