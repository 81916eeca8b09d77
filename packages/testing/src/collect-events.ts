/**
 * Collects what a diagnostics channel publishes while a test runs, so tests can assert on a source's events
 * (and that they carry no bytes). `next()` waits for the next matching message.
 */
import diagnosticsChannel from "node:diagnostics_channel";

export function collectEvents<T>(channelName: string): {
  readonly messages: T[];
  stop(): void;
  next(predicate?: (message: T) => boolean): Promise<T>;
} {
  const messages: T[] = [];
  const waiters: { predicate: (message: T) => boolean; resolve: (message: T) => void }[] = [];
  const listener = (message: unknown) => {
    messages.push(message as T);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message as T)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message as T);
      }
    }
  };
  diagnosticsChannel.subscribe(channelName, listener);
  return {
    messages,
    stop: () => diagnosticsChannel.unsubscribe(channelName, listener),
    /** The next message (from now on) that matches. */
    next: (predicate = () => true) => new Promise<T>((resolve) => waiters.push({ predicate, resolve })),
  };
}
