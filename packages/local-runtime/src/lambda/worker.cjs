'use strict';
/**
 * The inside of one local Lambda execution environment: a Node.js process of the function's
 * runtime (see sandbox.ts), talking to dev over its IPC channel. Plain JavaScript, so it runs on
 * a bare Node.js whatever loader dev uses.
 *
 * Init (the cold start), on the `init` message: load the handler's module from the asset directory
 * and send `ready` (or `initError`). Then, for each `invoke` message, one at a time: run the
 * handler with the event and a Lambda-like context, `_X_AMZN_TRACE_ID` set to the invocation's
 * trace header, and send `result`: the value as JSON (Lambda serialises it too) or the error as
 * `{ errorType, errorMessage, trace }`. An uncaught exception or
 * unhandled rejection ends the environment as it ends Lambda's: a `crash` message, then exit. When
 * dev goes away (the channel closes), so does the environment.
 *
 * The protocol's types are in protocol.ts.
 */
const { existsSync } = require('node:fs');
const { basename } = require('node:path');
const { pathToFileURL } = require('node:url');

/** @type {{ modulePath: string, exportPath: string, handler: string }} */
let config;

/** Sends a message to dev; `then` runs once it is written (or could not be). */
function send(message, then) {
  if (process.connected) process.send(message, () => then?.());
  else then?.();
}

/** Lambda's error shape: `errorType` is the error's name, `trace` its stack lines. */
function describeError(error) {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
    const stack = typeof error.stack === 'string' ? error.stack.split('\n') : [];
    return {
      errorType: typeof error.name === 'string' && error.name !== '' ? error.name : 'Error',
      errorMessage: String(error.message),
      trace: stack,
    };
  }
  let message;
  try {
    message = typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    message = String(error);
  }
  return { errorType: typeof error, errorMessage: message, trace: [] };
}

function runtimeError(errorType, errorMessage, cause) {
  return {
    errorType,
    errorMessage,
    trace: cause instanceof Error && cause.stack ? cause.stack.split('\n') : [],
  };
}

process.on('uncaughtException', (error) => {
  send({ type: 'crash', error: describeError(error) }, () => process.exit(129));
});
process.on('unhandledRejection', (reason) => {
  const described = describeError(reason);
  send(
    {
      type: 'crash',
      error: {
        errorType: 'Runtime.UnhandledPromiseRejection',
        errorMessage: `${described.errorType}: ${described.errorMessage}`,
        trace: described.trace,
      },
    },
    () => process.exit(128),
  );
});
process.on('disconnect', () => process.exit(0));

/** Node's module lookup for the handler, as Lambda's runtime does it: .js, .mjs, then .cjs. */
async function loadHandler() {
  const file = ['.js', '.mjs', '.cjs'].map((extension) => config.modulePath + extension).find(existsSync);
  if (file === undefined) {
    throw runtimeError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${basename(config.modulePath)}'`,
    );
  }
  let module;
  try {
    if (file.endsWith('.mjs')) module = await import(pathToFileURL(file).href);
    else {
      try {
        module = require(file);
      } catch (error) {
        if (error?.code !== 'ERR_REQUIRE_ESM') throw error;
        module = await import(pathToFileURL(file).href);
      }
    }
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw runtimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`, error);
    }
    if (error?.code === 'MODULE_NOT_FOUND') {
      throw runtimeError('Runtime.ImportModuleError', `Error: ${error.message}`, error);
    }
    throw describeError(error);
  }
  let handler = module;
  for (const key of config.exportPath.split('.')) handler = handler == null ? undefined : handler[key];
  if (typeof handler !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${config.handler} is undefined or not exported`);
  }
  return handler;
}

/** Runs an async handler, or a callback-style one (three parameters, or calling context.done). */
function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, value) => {
      if (settled) return;
      settled = true;
      if (error !== null && error !== undefined) reject(error);
      else resolve(value);
    };
    context.done = callback;
    context.succeed = (value) => callback(null, value);
    context.fail = (error) => callback(error ?? new Error('handled'));
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      callback(error);
      return;
    }
    if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function') {
      returned.then(
        (value) => callback(null, value),
        (error) => callback(error ?? new Error('rejected without a reason')),
      );
    } else if (handler.length < 3) {
      callback(null, returned);
    }
  });
}

function contextFor(message) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: message.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(message.memoryMb),
    awsRequestId: message.requestId,
    logGroupName: message.logGroupName,
    logStreamName: message.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
}

async function init() {
  const started = performance.now();
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    send({ type: 'initError', error: 'errorType' in Object(error) ? error : describeError(error) });
    return;
  }
  send({ type: 'ready', initDurationMs: performance.now() - started });
  return handler;
}

/**
 * Runs one invocation with `_X_AMZN_TRACE_ID` set to its trace header, as Lambda's runtime sets it
 * for each invocation, and puts the variable back as it was once the result is sent.
 */
async function invoke(handler, message) {
  const previous = process.env._X_AMZN_TRACE_ID;
  if (typeof message.traceHeader === 'string') process.env._X_AMZN_TRACE_ID = message.traceHeader;
  try {
    await invokeTraced(handler, message);
  } finally {
    if (previous === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = previous;
  }
}

async function invokeTraced(handler, message) {
  const { requestId } = message;
  let value;
  try {
    value = await runHandler(handler, JSON.parse(message.event), contextFor(message));
  } catch (error) {
    send({ type: 'result', requestId, ok: false, error: describeError(error) });
    return;
  }
  let payload;
  try {
    payload = JSON.stringify(value === undefined ? null : value);
  } catch (error) {
    send({
      type: 'result',
      requestId,
      ok: false,
      error: runtimeError(
        'Runtime.MarshalError',
        `Unable to stringify response body: ${error.message}`,
        error,
      ),
    });
    return;
  }
  send({ type: 'result', requestId, ok: true, payload: payload ?? 'null' });
}

/** The handler once `init` loaded it; invocations that arrive meanwhile wait for it. */
let loaded;
process.on('message', (message) => {
  if (message.type === 'init' && loaded === undefined) {
    config = message.config;
    loaded = init();
  } else if (message.type === 'invoke' && loaded !== undefined) {
    void loaded.then((handler) => handler && invoke(handler, message));
  }
});
