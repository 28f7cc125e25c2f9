/** Why a server of the command's could not listen, in one line the user can act on, for the faults a user causes. */
import { CliError } from './command.ts';

/**
 * `error` from listening on `hostname:port` (`option` names the port's option) as a CliError when it is a port in
 * use or an address the machine does not have; anything else as it is.
 */
export function listenRefusal(error: unknown, hostname: string, port: number, option = '--port'): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return new CliError(`port ${port} is in use: another program listens on ${hostname}:${port}; stop it, or choose another port with ${option}`);
  if (code === 'EADDRNOTAVAIL') return new CliError(`cannot listen on ${hostname}: this machine has no such address (--host, or HOST)`);
  return error;
}
