// Workflows through the real engine, against the simulator.
jest.setTimeout(120_000);
