// The host page's origin: a tiny static server on another loopback port than the node (cross-origin, same site).
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

const FILES = {
  '/host.html': [path.join(here, '..', 'host', 'host.html'), 'text/html; charset=utf-8'],
  // the npm package fractalis@1.4.1 (a devDependency of this folder), as a host application would ship it
  '/fractal.js': [path.join(path.dirname(require.resolve('fractalis/package.json')), 'lib', 'fractal.js'),
    'application/javascript; charset=utf-8']
}

/** Starts the server on 127.0.0.1 and a free port; resolves to {origin, close()}. */
export async function startHostServer () {
  const server = createServer(async (req, res) => {
    const file = FILES[new URL(req.url, 'http://x').pathname]
    if (req.method !== 'GET' || !file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    try {
      const body = await readFile(file[0])
      res.writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'no-store' }).end(body)
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(e))
    }
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const origin = `http://127.0.0.1:${server.address().port}`
  return {
    origin,
    close: () => new Promise(resolve => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  }
}
