/** Sockets opened the same way by the CA and PVA servers. */
import type dgram from 'node:dgram';
import type net from 'node:net';

/** Listens on host:port exclusively; rejects with the listen error (EADDRINUSE…) instead of emitting it. */
export const listen = (server: net.Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });

/** Binds a UDP socket; rejects with the bind error. */
export const bindUdp = (socket: dgram.Socket, port: number, address: string, exclusive = true): Promise<void> =>
  new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    socket.once('error', onError);
    socket.bind({ port, address, exclusive }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
