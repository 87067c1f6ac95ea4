export { type Transport, StreamTransport, DEFAULT_MAX_BYTES, type StreamTransportOptions } from './transport.js';
export { connectTcp, Connector, PROBE_LOOPBACK_SOURCE, probeSource, upgradeToTls, type ConnectorOptions, type TcpTarget, type TlsPeer } from './tcp.js';
export { memoryPair } from './memory.js';
export { startListener, acceptTls, isLoopback, type Listener, type ListenerOptions, type TlsAccepted, type TlsServerOptions } from './server.js';
export { HostPacer, PatienceError, WaitMeter, isPatienceError, sharedHostPacer, type PacerClock, type PacerSlot } from './host-pacer.js';
export { PacingPolicy, DEFAULT_PACING, type PacingConfig, type PacingSummary, type PushBack } from './pacing.js';
