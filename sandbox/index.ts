/** `maemanee-pay/sandbox`: the simulator of tmweasy's api_mn.php, to run in tests or as a standalone host. */
export { Simulator, SANDBOX_CREDENTIALS, AMOUNT_LIMITS, type SimulatorSettings, type SimulatorCredentials } from './simulator.ts';
export { createSimulatorHost, type SimulatorHost } from './host.ts';
export { parseFault, type Fault, type FaultKind } from './faults.ts';
