import { HttpError, type Transformer } from "grammy";

export interface NetworkRetryOptions {
  /** Further attempts after a call fails without an answer from the Bot API (default 2). */
  attempts?: number;
  /** Wait before the first retry, doubled for each next one (default 1 000 ms). */
  delayMs?: number;
}

/**
 * Retries Bot API calls that fail without an answer (a refused or dropped connection, a timeout: grammY's
 * `HttpError`) a few times with a doubling pause, then lets the error through. A reply lost to one dropped
 * connection is worse than the rare duplicate when the first attempt did reach Telegram. `getUpdates` is left
 * alone (the runner polls again anyway), as is a call whose request was aborted (shutdown).
 *
 * auto-retry's own network retries are not used: they never stop (exponential backoff up to an hour), which
 * would hold a chat's queue — and a graceful shutdown — behind an unreachable API.
 */
export function retryNetworkErrors(options: NetworkRetryOptions = {}): Transformer {
  const attempts = options.attempts ?? 2;
  const delayMs = options.delayMs ?? 1000;
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        if (!(err instanceof HttpError) || method === "getUpdates" || signal?.aborted || attempt >= attempts) throw err;
        await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt));
      }
    }
  };
}
