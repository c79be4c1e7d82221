'use strict';
// Stoker node runner: serves the function's handler over HTTP/1.1 on $PORT with node's own http
// module. Handler: STOKER_HANDLER (a file under /app/function, default handler.js) exporting
// `async (req) => ({status, headers, body})` (or the same as `module.exports.handle`). The handler
// may be CommonJS or an ES module (.mjs, or .js under "type": "module"): `export default` or
// `export function handle`. Its packages come from /app/function/node_modules (npm at build time).
const http = require('http');
const path = require('path');
const { pathToFileURL } = require('url');

const FUNCTION_DIR = process.env.STOKER_FUNCTION_DIR || path.join(__dirname, 'function');
const handlerFile = (process.env.STOKER_HANDLER || 'handler.js').trim();
const port = parseInt(process.env.PORT || '8080', 10);

function fail(message) {
  console.error(`stoker node runner: ${message}`);
  process.exit(2);
}

async function loadHandler() {
  const file = path.resolve(FUNCTION_DIR, handlerFile);
  if (!file.startsWith(FUNCTION_DIR + path.sep)) fail(`handler ${handlerFile} is outside the function folder`);
  let mod;
  try {
    mod = require(file);
  } catch (e) {
    // require() refuses ES modules; import() takes both, but only require() works synchronously
    // and keeps CommonJS handlers loading exactly as before.
    if (!e || e.code !== 'ERR_REQUIRE_ESM') fail(`cannot load handler ${handlerFile}: ${e && e.stack || e}`);
    try {
      mod = await import(pathToFileURL(file).href);
    } catch (e2) {
      fail(`cannot load handler ${handlerFile}: ${e2 && e2.stack || e2}`);
    }
  }
  const fn = typeof mod === 'function' ? mod : mod && (mod.handle || mod.default);
  if (typeof fn !== 'function') fail(`${handlerFile} exports no function (module.exports = async (req) => ...)`);
  return fn;
}

function toBody(body, headers) {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function serve(handler) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const q = req.url.indexOf('?');
      const request = {
        method: req.method,
        path: q < 0 ? req.url : req.url.slice(0, q),
        query: q < 0 ? '' : req.url.slice(q + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      let status = 200;
      let headers = {};
      let body;
      try {
        const out = await handler(request);
        if (out && typeof out === 'object' && !Buffer.isBuffer(out) && ('status' in out || 'body' in out || 'headers' in out)) {
          status = out.status || 200;
          headers = { ...(out.headers || {}) };
          body = toBody(out.body, headers);
        } else {
          body = toBody(out, headers);
        }
      } catch (e) {
        console.error('stoker node runner: handler failed:', e);
        status = 500;
        headers = { 'Content-Type': 'text/plain; charset=utf-8' };
        body = Buffer.from(`handler failed: ${e && e.message || e}`, 'utf8');
      }
      for (const h of Object.keys(headers)) {
        const l = h.toLowerCase();
        if (l !== 'content-length' && l !== 'transfer-encoding') res.setHeader(h, headers[h]);
      }
      res.setHeader('Content-Length', body.length);
      res.writeHead(status);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  // The gateway keeps connections open; do not close idle ones before it does.
  server.keepAliveTimeout = 65000;
  server.headersTimeout = 66000;
  server.listen(port, () => console.log(`stoker node runner: serving ${handlerFile} on port ${port}`));
  for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => server.close(() => process.exit(0)));
}

loadHandler().then(serve);
