import { connect } from 'node:net';

/**
 * One command to the simulated RobotDHS's control port and its one-line answer
 * (fixtures/README.md, "Control port"), for the simulator as a process or in a container.
 */
export function controlCommand(port: number, command: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`control port ${port}: no answer to "${command}" within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const newline = reply.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        socket.end();
        resolve(reply.slice(0, newline).trim());
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`control port ${port}: ${error.message}`));
    });
    socket.write(`${command}\nquit\n`);
  });
}
