// The agent process (dist/agent.js, run by a system Node on the BPF host): JSON-lines requests on stdin,
// events on stdout (common/agentProtocol.ts). A malformed line yields an error event, never a crash;
// `stop`, stdin EOF, SIGTERM and SIGINT tear everything down, say bye and exit; so does a heartbeat
// timeout (`idleTimeoutSeconds` in hello/load: no request, e.g. `ping`, for that long).
import * as readline from 'node:readline';
import { isAgentRequest, parseLine, type AgentEvent } from '../../common/agentProtocol';
import { agentMessages as M, render } from '../../common/messages';
import { AgentSession } from './session';
import { IdleWatchdog } from './watchdog';

function send(e: AgentEvent): void {
  process.stdout.write(JSON.stringify(e) + '\n');
}

let exiting = false;
function exitAfterFlush(code: number): void {
  if (exiting) return;
  exiting = true;
  process.stdout.write('', () => process.exit(code));
}

const session = new AgentSession(send);
const watchdog = new IdleWatchdog((seconds) => {
  send({ type: 'log', level: 'error', message: render(M.idleTimeout, seconds) });
  session.stop();
  // the link is presumed dead: do not wait forever for the bye to drain into it
  setTimeout(() => process.exit(0), 2000).unref();
});
session.onStopped = () => {
  watchdog.dispose();
  exitAfterFlush(0);
};

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  watchdog.touch();
  if (line.trim() === '') return;
  const msg = parseLine(line);
  if (!isAgentRequest(msg)) {
    send({ type: 'error', code: M.malformedRequest.code, message: render(M.malformedRequest, line) });
    return;
  }
  if ((msg.type === 'hello' || msg.type === 'load') && msg.idleTimeoutSeconds !== undefined) watchdog.configure(msg.idleTimeoutSeconds);
  session.handle(msg);
});
rl.on('close', () => session.stop());
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => session.stop());
process.on('uncaughtException', (e) => {
  send({ type: 'error', code: M.internalError.code, message: render(M.internalError, e.message) });
  session.stop();
});
