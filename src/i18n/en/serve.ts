/** `onboard sim serve` (SPEC §5.1), and what other commands say about serving. */
export const serve = {
  'cli.simServe': "Serve the simulated cloud over HTTP with Alibaba Cloud's real protocols, until stopped",
  'cli.simServeHost': 'address to listen on',
  'cli.simServePort': 'port to listen on; 0 picks a free one',
  'cli.simServeLog':
    'write the request log: to stderr, or appended to this file (one line per request: method, product, action, status, code, milliseconds)',
  'serve.rule.log': 'a file path, or 1 for stderr',
  'serve.logUnwritable': 'Cannot write the request log to {file} ({where}): {reason}',
  'serve.rule.host': 'an IP address or a host name, e.g. 127.0.0.1',
  'serve.rule.port': 'a whole number from 0 to 65535 (0 picks a free port)',
  'serve.listenFailed': 'Cannot listen on {host} port {port}: {reason}',
  'serve.listenFailedHint': 'Pick another port with --port (0 picks a free one).',
  'serve.listening':
    'Serving the simulated cloud ({file}) on http://{endpoint}: RAM, IMS, STS, ECS, Quota Center, MaxCompute and OSS. Stop with Ctrl-C.',
  'serve.publicHost':
    'Warning: --host {host} is not loopback: the simulator then answers the network. Anyone who can reach this machine can call the simulated cloud (with a captured key, as its owner). Use 127.0.0.1 unless that is what you want.',
  'serve.stopping': 'Stopping: finishing the requests in flight.',
  'serve.stopped': 'Stopped.',
  'serve.backendError': 'A request failed inside the simulated cloud: {message}',
  'keys.cannotSignMark': '! cannot sign requests to onboard sim serve (made before version 2)',
  'keys.cannotSignHint':
    'A key marked ! still works inside onboard; for signed requests create a new one: {command}',
  'providerError.NoSuchBucket': 'No bucket has this name (it may have been deleted).',
} as const;
