// Real n8n servers: start-up, activation and executions take minutes on two cores.
jest.setTimeout(600_000);
