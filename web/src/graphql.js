// The pages are clients of the public API: every figure comes through /graphql
// (HTTP for queries and mutations, WebSocket with graphql-transport-ws for live changes).

import { csrfToken, loadSession } from './session.js';

/** A response with errors: the first error's extensions.code is the machine-readable reason. */
export class GraphQLRequestError extends Error {
  constructor(errors, data) {
    super(errors.map((e) => e.message).join(' '));
    this.errors = errors;
    this.data = data;
    this.code = errors[0]?.extensions?.code ?? 'ERROR';
    this.extensions = errors[0]?.extensions ?? {};
  }
}

/** Runs a query or a mutation as the signed-in user (the session cookie, and the anti-forgery token every write of a
 *  signed-in page carries). */
export async function gql(query, variables = {}, retried = false) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json;q=0.9',
  };
  const csrf = csrfToken();
  if (csrf) headers['X-CSRF-TOKEN'] = csrf;
  const response = await fetch('/graphql', { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ query, variables }) });
  if (response.status === 403 && !retried) {
    // The session changed (signed in or out in another tab): its anti-forgery token with it.
    await loadSession();
    return gql(query, variables, true);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLRequestError([{ message: `El servidor respondió ${response.status}.` }]);
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors, body.data);
  return body.data;
}

const listeners = new Set();
let status = 'off';

/** Tells `listener` whether the live connection is up ('live'), coming back ('reconnecting') or off. */
export function onLiveStatus(listener) {
  listeners.add(listener);
  listener(status);
  return () => listeners.delete(listener);
}

function setStatus(next) {
  status = next;
  for (const listener of listeners) listener(next);
}

/**
 * Subscribes with graphql-transport-ws and keeps the subscription alive: after a dropped connection it
 * reconnects (1 s, 2 s, ... up to 10 s) and calls onReconnect, because push is best effort and the page
 * must re-read what it may have missed. Returns a function that ends the subscription.
 */
export function subscribe(query, variables, { onNext, onReconnect } = {}) {
  let socket;
  let stopped = false;
  let attempt = 0;
  let everConnected = false;
  let timer;

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    socket = new WebSocket(url, 'graphql-transport-ws');
    // The socket carries the session cookie of this site: no token in the page.
    socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      switch (message.type) {
        case 'connection_ack':
          attempt = 0;
          setStatus('live');
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
          if (everConnected) onReconnect?.();
          everConnected = true;
          break;
        case 'next':
          if (message.payload?.data) onNext?.(message.payload.data);
          break;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong' }));
          break;
        case 'error':
          console.warn('Suscripción rechazada', message.payload);
          break;
        default:
          break;
      }
    };
    socket.onclose = () => {
      if (stopped) return;
      setStatus('reconnecting');
      attempt += 1;
      timer = setTimeout(connect, Math.min(10_000, 1000 * attempt));
    };
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (socket?.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ id: '1', type: 'complete' }));
      socket.close(1000, 'Normal Closure');
    } else {
      socket?.close();
    }
    setStatus('off');
  };
}

export const POA_CHANGED = `subscription PoaChanged($municipality: String!, $year: Int!) {
  poaChanged(municipality: $municipality, year: $year) {
    poaKey departmentKey version
    totals { investment actions activities findings }
  }
}`;
