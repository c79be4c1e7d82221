// An ES module ("type": "module" in package.json) using a package from the npm registry: `ms`
// turns "1.5h" into milliseconds and back. The build installed it with npm; left-pad is a
// devDependency, so the image does not have it.
import ms from 'ms';
import { createRequire } from 'module';

// Bumped by hand (and by the tests) to see a code-only redeploy reuse the dependency layers.
const REVISION = 1;
const require = createRequire(import.meta.url);
const msVersion = require('ms/package.json').version;

async function has(pkg) {
  try {
    await import(pkg);
    return true;
  } catch {
    return false;
  }
}

export default async function handle(req) {
  const input = req.body.toString('utf8').trim() || '1.5h';
  const millis = ms(input);
  return {
    status: 200,
    body: {
      message: process.env.GREETING || 'hello from node with dependencies',
      input,
      millis,
      long: typeof millis === 'number' ? ms(millis, { long: true }) : null,
      library: `ms@${msVersion}`,
      devDependencyInstalled: await has('left-pad'),
      revision: REVISION,
    },
  };
}
