'use strict';
// Says hello and echoes the call. /status/<code> answers with that status; /sleep/<ms> waits first.
const greeting = process.env.GREETING || 'hello from node';

module.exports = async (req) => {
  let status = 200;
  const m = /^\/(status|sleep)\/(\d+)$/.exec(req.path);
  if (m && m[1] === 'status') status = parseInt(m[2], 10);
  if (m && m[1] === 'sleep') await new Promise((r) => setTimeout(r, parseInt(m[2], 10)));
  return {
    status,
    headers: { 'Content-Type': 'application/json' },
    body: { message: greeting, method: req.method, path: req.path, query: req.query, body: req.body.toString('utf8') },
  };
};
